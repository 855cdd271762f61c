/*
 * Tutorial 8 (docs/tutorials/8-faults.md): fault handlers. Three threads
 * fault on purpose, each in its own way; the root task receives each fault
 * as a message on their fault endpoint, repairs the cause and replies, and
 * the thread carries on as if nothing had happened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>
#include <rootlib/env.h>
#include <rootlib/thread.h>
#include <rootlib/vspace.h>

#define THREAD_PRIORITY 100
#define MISSING_PAGE 0x38000000u /* outside rootlib's region: nothing is mapped there */
#define BAD_CPTR 0x80000000u     /* its top bit fails the root CNode's 19-bit zero guard */
#define SIGNAL_BADGE 0x20u

static struct rootlib_pool pool; /* BootInfo's slots and untypeds */
static struct rootlib_env env;
static seL4_CPtr fault_ep;

static void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        printf("faults: %s failed with error %d\n", what, (int)err);
        exit(1);
    }
}

/* ---- The three faulting threads ---- */

static seL4_Word read_missing_page(seL4_Word address)
{
    return *(volatile seL4_Word *)address;
}

static seL4_Word run_undefined_instruction(seL4_Word arg)
{
    __asm__ volatile(".word 0xe7f000f0" ::: "memory"); /* UDF #0 (ARM ARM A8.8.247) */
    return arg;
}

static seL4_Word signal_bad_cptr(seL4_Word cptr)
{
    seL4_Signal(cptr);
    return 0;
}

/* ---- The handler's side ---- */

/* The name of a fault message's label (seL4_FaultType). */
static const char *fault_name(seL4_Word label)
{
    switch (label) {
    case seL4_Fault_VMFault:
        return "seL4_Fault_VMFault";
    case seL4_Fault_UserException:
        return "seL4_Fault_UserException";
    case seL4_Fault_CapFault:
        return "seL4_Fault_CapFault";
    default:
        return "unexpected";
    }
}

/* Start fn(arg) in a new thread whose faults come with `badge`, and
 * receive its fault message. */
static seL4_MessageInfo_t start_and_receive(struct rootlib_thread *t, seL4_Word badge,
                                            rootlib_thread_fn_t *fn, seL4_Word arg)
{
    seL4_CPtr badged;
    seL4_Word sender;
    check(rootlib_mint(&env, fault_ep, seL4_AllRights, badge, &badged), "Mint");
    check(rootlib_thread_create(&env, t, THREAD_PRIORITY, badged, 0), "thread");
    check(rootlib_thread_start(t, fn, arg), "start");
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, &sender);
    seL4_Word label = seL4_MessageInfo_get_label(info);
    printf("faults: thread %lu: fault label %lu (%s)\n", (unsigned long)sender,
           (unsigned long)label, fault_name(label));
    return info;
}

/* A VM fault: map a page where the thread looked, and reply. The kernel
 * restarts the faulting instruction, whatever the reply says. */
static void vm_fault(void)
{
    static struct rootlib_thread t;
    seL4_Word result;
    start_and_receive(&t, 1, read_missing_page, MISSING_PAGE);
    seL4_Word address = seL4_GetMR(seL4_VMFault_Addr);
    printf("faults: thread 1: %s at 0x%08lx; mapping a page there\n",
           seL4_GetMR(seL4_VMFault_PrefetchFault) ? "instruction fetch" : "data access",
           (unsigned long)address);
    check(rootlib_map_new_page(&env, address & ~(ROOTLIB_PAGE_SIZE - 1), NULL), "map");
    *(seL4_Word *)address = 42;
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    rootlib_thread_join(&t, &result);
    printf("faults: thread 1 resumed and read %lu\n", (unsigned long)result);
}

/* A user exception: reply with the pc past the instruction (and the sp
 * and cpsr as they were) to resume the thread there. */
static void user_exception(void)
{
    static struct rootlib_thread t;
    seL4_Word result;
    start_and_receive(&t, 2, run_undefined_instruction, 7);
    seL4_Word pc = seL4_GetMR(seL4_UserException_FaultIP);
    printf("faults: thread 2: undefined instruction; replying with pc + 4\n");
    seL4_SetMR(seL4_UserException_FaultIP, pc + 4);
    /* MRs 0-2 are the new pc, sp and cpsr; sp and cpsr are still there
     * from the fault message. */
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UserException_Number));
    rootlib_thread_join(&t, &result);
    printf("faults: thread 2 resumed after it and returned %lu\n", (unsigned long)result);
}

/* A cap fault: the thread's Signal named no cap. Point its r0 (the cptr)
 * at a notification and reply: the kernel restarts the system call. */
static void cap_fault(void)
{
    static struct rootlib_thread t;
    seL4_CPtr ntfn, badged;
    seL4_Word word;
    seL4_UserContext regs;

    start_and_receive(&t, 3, signal_bad_cptr, BAD_CPTR);
    printf("faults: thread 3: cptr 0x%08lx, lookup failure %lu (seL4_GuardMismatch)\n",
           (unsigned long)seL4_GetMR(seL4_CapFault_Addr),
           (unsigned long)seL4_GetMR(seL4_CapFault_LookupFailureType));
    check(rootlib_alloc_object(&env, seL4_NotificationObject, 0, &ntfn), "notification");
    check(rootlib_mint(&env, ntfn, seL4_AllRights, SIGNAL_BADGE, &badged), "Mint");
    check(seL4_TCB_ReadRegisters(t.tcb, false, 0, 4, &regs), "ReadRegisters");
    regs.r0 = badged;
    check(seL4_TCB_WriteRegisters(t.tcb, false, 0, 4, &regs), "WriteRegisters");
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    rootlib_thread_join(&t, NULL);
    seL4_Poll(ntfn, &word);
    printf("faults: thread 3 retried its Signal through slot %lu: the word is 0x%lx\n",
           (unsigned long)badged, (unsigned long)word);
}

int main(void)
{
    rootlib_env_init(&env, &pool, seL4_GetBootInfo());
    check(rootlib_alloc_object(&env, seL4_EndpointObject, 0, &fault_ep), "endpoint");
    vm_fault();
    user_exception();
    cap_fault();
    return 0;
}
