/*
 * keeltest: faults as IPC (seL4 manual, "Faults"): every fault type reaches
 * the thread's fault endpoint in seL4's aarch32 message layout, and the
 * handler's reply restarts the thread or leaves it stopped as seL4 says; a
 * thread without a usable handler stops and nothing else notices. The
 * first tests check the driver's own mechanism (child.c) from inside: a
 * test runs "grandchildren" that fault, fail or hang, and checks what the
 * mechanism reports and that it carries on.
 */
#include <string.h>
#include "keeltest.h"

#define PAGE_SIZE ((seL4_Word)1 << seL4_PageBits)
/* An address in the test's range that no test here maps before it faults. */
#define UNMAPPED_OFFSET 0x400000u
/* A system call number seL4 does not have (its are -1 to -12 and the debug
 * ones just below). */
#define UNUSED_SYSCALL 1234
/* A CPSR's mode field, and user mode (ARM ARM B1.3.1). */
#define CPSR_MODE_MASK 0x1fu
#define CPSR_MODE_USER 0x10u
#define CPSR_THUMB (1u << 5)
/* Short-descriptor fault status: FS[4] is bit 10, FS[3:0] bits 3..0; WnR
 * is bit 11 of the DFSR (ARM ARM B4.1.52). */
#define FSR_STATUS(fsr) (((fsr)&0xfu) | (((fsr) >> 6) & 0x10u))
#define FSR_WRITE (1u << 11)
#define FS_TRANSLATION_SECTION 0x5u
#define FS_TRANSLATION_PAGE 0x7u
#define FS_PERMISSION_PAGE 0xfu

/* ---- Instructions whose addresses the fault messages name ---- */

extern const char fault_load_insn[], fault_store_insn[], fault_udf_insn[], fault_swi_insn[];

static __attribute__((noinline, noclone)) seL4_Word fault_load(seL4_Word addr)
{
    seL4_Word v;
    __asm__ volatile(".global fault_load_insn\n"
                     "fault_load_insn:\n\t"
                     "ldr %0, [%1]"
                     : "=r"(v)
                     : "r"(addr)
                     : "memory");
    return v;
}

static __attribute__((noinline, noclone)) void fault_store(seL4_Word addr, seL4_Word value)
{
    __asm__ volatile(".global fault_store_insn\n"
                     "fault_store_insn:\n\t"
                     "str %1, [%0]"
                     :
                     : "r"(addr), "r"(value)
                     : "memory");
}

/* An undefined instruction (the permanently undefined UDF #0 encoding). */
static __attribute__((noinline, noclone)) void fault_undefined(void)
{
    __asm__ volatile(".global fault_udf_insn\n"
                     "fault_udf_insn:\n\t"
                     ".inst 0xe7f000f0"
                     :
                     :
                     : "memory");
}

/* System call UNUSED_SYSCALL with r0-r6 = 0x10-0x16; returns r0 and r1 as
 * they are afterwards (r1 in the high word). */
static __attribute__((noinline, noclone)) uint64_t fault_unknown_syscall(void)
{
    register seL4_Word r0 __asm__("r0");
    register seL4_Word r1 __asm__("r1");
    __asm__ volatile("mov r0, #0x10\n\t"
                     "mov r1, #0x11\n\t"
                     "mov r2, #0x12\n\t"
                     "mov r3, #0x13\n\t"
                     "mov r4, #0x14\n\t"
                     "mov r5, #0x15\n\t"
                     "mov r6, #0x16\n\t"
                     "movw r7, #1234\n\t"
                     ".global fault_swi_insn\n"
                     "fault_swi_insn:\n\t"
                     "swi #0"
                     : "=r"(r0), "=r"(r1)
                     :
                     : "r2", "r3", "r4", "r5", "r6", "r7", "memory");
    return ((uint64_t)r1 << 32) | r0;
}

/* seL4_SysDebugCapIdentify's number (seL4 16.0.0's syscall list), written
 * out: seL4's libsel4 names the debug calls only in the builds that have
 * them. The test below makes the call with it in every build. */
#define SYS_DEBUG_CAP_IDENTIFY ((seL4_Word)-12)
#ifdef CONFIG_DEBUG_BUILD
_Static_assert((seL4_Word)seL4_SysDebugCapIdentify == SYS_DEBUG_CAP_IDENTIFY,
               "seL4_SysDebugCapIdentify is -12");
#endif

extern const char debug_cap_identify_insn[];

/* The raw system call, whatever libsel4 declares: r0 = cap in, r0 out. */
static __attribute__((noinline, noclone)) seL4_Word raw_debug_cap_identify(seL4_CPtr cap)
{
    register seL4_Word r0 __asm__("r0") = cap;
    register seL4_Word r7 __asm__("r7") = SYS_DEBUG_CAP_IDENTIFY;
    __asm__ volatile(".global debug_cap_identify_insn\n"
                     "debug_cap_identify_insn:\n\t"
                     "swi #0"
                     : "+r"(r0)
                     : "r"(r7)
                     : "r1", "r2", "r3", "r4", "r5", "memory");
    return r0;
}

/* ---- A thread to fault, its handler's endpoint, and what it saw ---- */

struct faulter {
    seL4_Word arg;           /* from the test */
    volatile seL4_Word step; /* how far the thread got */
    volatile seL4_Word result;
    volatile seL4_Word result2;
};

/* A thread at the test's priority whose faults arrive on a new endpoint
 * with `badge`; it runs when the test blocks. */
static seL4_CPtr faulter_new(struct test_env *env, struct test_thread *t, seL4_Word badge)
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    test_thread_new(env, t, env->priority, test_mint(env, ep, seL4_AllRights, badge));
    return ep;
}

/* Waits for a fault on ep: its message info, with the badge checked. */
static seL4_MessageInfo_t fault_receive(seL4_CPtr ep, seL4_Word badge, seL4_Word label,
                                        seL4_Word length)
{
    seL4_Word got;
    seL4_MessageInfo_t info = seL4_Recv(ep, &got);
    CHECK_EQ(got, badge);
    CHECK_EQ(seL4_MessageInfo_get_label(info), label);
    CHECK_EQ(seL4_MessageInfo_get_length(info), length);
    return info;
}

static void check_user_cpsr(seL4_Word cpsr)
{
    CHECK_EQ(cpsr & CPSR_MODE_MASK, CPSR_MODE_USER);
    CHECK_EQ(cpsr & CPSR_THUMB, 0);
}

static void check_on_stack(const struct test_thread *t, seL4_Word sp)
{
    CHECK(sp < t->stack_top);
    CHECK(sp >= t->stack_top - TEST_THREAD_STACK_PAGES * PAGE_SIZE);
}

/* ---- The driver's mechanism, from inside ---- */

/* The test's resources cut in two: `sub` gets slots and a virtual range of
 * its own for what a grandchild makes, so child_run (allocating from env)
 * and the grandchild never hand out the same slot or address. */
static void split_env(struct test_env *env, struct test_env *sub)
{
    *sub = *env;
    sub->slot_first = sub->slot_next = test_slots(env, 64);
    sub->slot_end = sub->slot_first + 64;
    test_env_use_range(sub, env->vaddr + env->vaddr_size / 2, env->vaddr_size / 4);
}

static struct child_spec grandchild(test_fn_t *body, struct test_env *sub)
{
    return (struct child_spec){
        .body = body,
        .env = sub,
        .priority = sub->priority,
        .mcp = sub->priority, /* so that it can start a helper at its own */
        .stack_pages = 2,
    };
}

static void grandchild_passes(struct test_env *env)
{
    CHECK(seL4_GetIPCBuffer() == env->ipc_buffer);
}

static void grandchild_fails_a_check(struct test_env *env)
{
    (void)env;
    TEST_FAIL("a deliberate failure (expected: the test checks it is reported)");
}

static void grandchild_stores_to_an_unmapped_address(struct test_env *env)
{
    fault_store(test_vaddr(env, UNMAPPED_OFFSET) + 8, 1);
}

static void grandchild_invokes_a_cptr_outside_the_guard(struct test_env *env)
{
    (void)env;
    seL4_Call(0x80000000u, seL4_MessageInfo_new(0, 0, 0, 0));
}

static void grandchild_makes_an_unknown_syscall(struct test_env *env)
{
    (void)env;
    fault_unknown_syscall();
}

static void grandchild_runs_an_undefined_instruction(struct test_env *env)
{
    (void)env;
    fault_undefined();
}

static void helper_faults(seL4_Word addr, seL4_Word unused)
{
    (void)unused;
    fault_load(addr);
}

/* Starts a helper with the grandchild's fault_ep that faults, then waits. */
static void grandchild_starts_a_faulting_helper(struct test_env *env)
{
    struct test_thread helper;
    test_thread_new(env, &helper, env->priority, env->fault_ep);
    test_thread_start(&helper, helper_faults, test_vaddr(env, UNMAPPED_OFFSET), 0);
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_Word word;
    seL4_Wait(ntfn, &word); /* never signalled: the helper's fault ends the run */
}

static void grandchild_blocks_forever(struct test_env *env)
{
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_Word word;
    seL4_Wait(ntfn, &word);
}

/* Every slot child_run used is empty again and handed back. */
static void check_child_left_nothing(struct test_env *env, seL4_CPtr first)
{
    CHECK_EQ(env->slot_next, first);
    for (seL4_CPtr slot = first; slot < first + 32; slot++) {
        CHECK_CAP(slot, CAP_TAG_NULL);
    }
}

KEEL_TEST(child_fault_is_reported_and_the_next_child_runs,
          "a child thread that faults is reported with the fault's type, address and pc, "
          "its objects are deleted, and the next child passes or fails normally")
{
    struct test_env sub;
    struct child_outcome out;
    split_env(env, &sub);
    seL4_CPtr first = env->slot_next;

    struct child_spec spec = grandchild(grandchild_stores_to_an_unmapped_address, &sub);
    child_run(env, &spec, &out);
    CHECK_EQ(out.verdict, CHILD_FAULTED);
    CHECK(!out.by_helper);
    CHECK_EQ(out.fault_label, seL4_Fault_VMFault);
    CHECK_EQ(out.fault_length, seL4_VMFault_Length);
    CHECK_EQ(out.fault[seL4_VMFault_Addr], test_vaddr(&sub, UNMAPPED_OFFSET) + 8);
    CHECK_EQ(out.fault[seL4_VMFault_IP], (seL4_Word)fault_store_insn);
    CHECK_EQ(out.fault[seL4_VMFault_PrefetchFault], 0);
    CHECK(strstr(out.description, "the test's thread caught a VM fault: data access") != NULL);
    check_child_left_nothing(env, first);

    spec = grandchild(grandchild_passes, &sub);
    child_run(env, &spec, &out);
    CHECK_EQ(out.verdict, CHILD_PASSED);
    spec = grandchild(grandchild_fails_a_check, &sub);
    child_run(env, &spec, &out);
    CHECK_EQ(out.verdict, CHILD_FAILED);
    check_child_left_nothing(env, first);
}

KEEL_TEST(child_faults_of_every_kind_are_described,
          "cap faults, unknown syscalls, undefined instructions and a helper thread's fault "
          "end a child run with seL4's fault message and a description")
{
    struct test_env sub;
    struct child_outcome out;
    split_env(env, &sub);

    struct child_spec spec = grandchild(grandchild_invokes_a_cptr_outside_the_guard, &sub);
    child_run(env, &spec, &out);
    CHECK_EQ(out.verdict, CHILD_FAULTED);
    CHECK_EQ(out.fault_label, seL4_Fault_CapFault);
    CHECK_EQ(out.fault[seL4_CapFault_Addr], 0x80000000u);
    CHECK_EQ(out.fault[seL4_CapFault_LookupFailureType], seL4_GuardMismatch);
    CHECK(strstr(out.description, "cap fault: cptr 0x80000000 in the send phase") != NULL);

    spec = grandchild(grandchild_makes_an_unknown_syscall, &sub);
    child_run(env, &spec, &out);
    CHECK_EQ(out.fault_label, seL4_Fault_UnknownSyscall);
    CHECK_EQ(out.fault[seL4_UnknownSyscall_Syscall], UNUSED_SYSCALL);
    CHECK_EQ(out.fault[seL4_UnknownSyscall_FaultIP], (seL4_Word)fault_swi_insn);
    CHECK(strstr(out.description, "unknown syscall 1234 at pc") != NULL);

    spec = grandchild(grandchild_runs_an_undefined_instruction, &sub);
    child_run(env, &spec, &out);
    CHECK_EQ(out.fault_label, seL4_Fault_UserException);
    CHECK_EQ(out.fault[seL4_UserException_FaultIP], (seL4_Word)fault_udf_insn);
    CHECK(strstr(out.description, "user exception 0 (code 0) at pc") != NULL);

    spec = grandchild(grandchild_starts_a_faulting_helper, &sub);
    child_run(env, &spec, &out);
    CHECK_EQ(out.verdict, CHILD_FAULTED);
    CHECK(out.by_helper);
    CHECK_EQ(out.fault_label, seL4_Fault_VMFault);
    CHECK_EQ(out.fault[seL4_VMFault_IP], (seL4_Word)fault_load_insn);
    CHECK(strstr(out.description, "a helper thread caught a VM fault") != NULL);
}

KEEL_TEST(child_that_blocks_forever_is_reported_stuck,
          "the watchdog ends a child run whose threads all stay blocked")
{
    struct test_env sub;
    struct child_outcome out;
    split_env(env, &sub);
    struct child_spec spec = grandchild(grandchild_blocks_forever, &sub);
    spec.watchdog_spins = 0x10000; /* the driver's own watchdog counts far longer */
    child_run(env, &spec, &out);
    CHECK_EQ(out.verdict, CHILD_STUCK);
}

/* ---- VM faults ---- */

static void faulter_loads(seL4_Word f_word, seL4_Word unused)
{
    (void)unused;
    struct faulter *f = (struct faulter *)f_word;
    f->step = 1;
    f->result = fault_load(f->arg);
    f->step = 2;
}

KEEL_TEST(fault_vm_data_read_message_and_restart,
          "a load from an unmapped address is a VM fault (pc, address, data, translation "
          "FSR with WnR clear); mapping the page and replying, with any label, restarts it")
{
    struct test_thread t;
    struct faulter f = { .arg = test_vaddr(env, UNMAPPED_OFFSET) + 0x24 };
    seL4_CPtr ep = faulter_new(env, &t, 0x61);
    test_thread_start(&t, faulter_loads, (seL4_Word)&f, 0);

    fault_receive(ep, 0x61, seL4_Fault_VMFault, seL4_VMFault_Length);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), (seL4_Word)fault_load_insn);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), f.arg);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_PrefetchFault), 0);
    seL4_Word fsr = seL4_GetMR(seL4_VMFault_FSR);
    CHECK(FSR_STATUS(fsr) == FS_TRANSLATION_SECTION || FSR_STATUS(fsr) == FS_TRANSLATION_PAGE);
    CHECK_EQ(fsr & FSR_WRITE, 0);
    CHECK_EQ(f.step, 1);

    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    test_map_frame(env, frame, f.arg & ~(PAGE_SIZE - 1));
    *(volatile seL4_Word *)f.arg = 0xfeed;
    /* whatever the reply says, a VM fault's thread restarts (seL4
     * handleFaultReply): even a non-zero label */
    seL4_Reply(seL4_MessageInfo_new(7, 0, 0, 0));
    seL4_Yield(); /* the load is retried and now succeeds */
    CHECK_EQ(f.step, 2);
    CHECK_EQ(f.result, 0xfeed);
}

static void faulter_stores(seL4_Word f_word, seL4_Word unused)
{
    (void)unused;
    struct faulter *f = (struct faulter *)f_word;
    f->step = 1;
    fault_store(f->arg, 0x5107e);
    f->step = 2;
}

KEEL_TEST(fault_vm_data_write_has_wnr_and_restarts,
          "a store to an unmapped address is a VM fault with WnR set in the FSR; after "
          "the handler maps the page and replies, the store lands")
{
    struct test_thread t;
    struct faulter f = { .arg = test_vaddr(env, UNMAPPED_OFFSET) + 0x40 };
    seL4_CPtr ep = faulter_new(env, &t, 0x62);
    test_thread_start(&t, faulter_stores, (seL4_Word)&f, 0);

    fault_receive(ep, 0x62, seL4_Fault_VMFault, seL4_VMFault_Length);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), (seL4_Word)fault_store_insn);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), f.arg);
    seL4_Word fsr = seL4_GetMR(seL4_VMFault_FSR);
    CHECK(FSR_STATUS(fsr) == FS_TRANSLATION_SECTION || FSR_STATUS(fsr) == FS_TRANSLATION_PAGE);
    CHECK(fsr & FSR_WRITE);

    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    test_map_frame(env, frame, f.arg & ~(PAGE_SIZE - 1));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Yield();
    CHECK_EQ(f.step, 2);
    CHECK_EQ(*(volatile seL4_Word *)f.arg, 0x5107e);
}

KEEL_TEST(fault_vm_write_to_a_read_only_page_is_a_permission_fault,
          "a store to a page mapped read-only is a VM fault with a permission FSR and WnR")
{
    struct test_thread t;
    seL4_Word page = test_vaddr(env, UNMAPPED_OFFSET);
    struct faulter f = { .arg = page + 0x10 };
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    test_map_page_table(env, page);
    CHECK_OK(seL4_ARM_Page_Map(frame, seL4_CapInitThreadVSpace, page, seL4_CanRead,
                               seL4_ARM_Default_VMAttributes));
    seL4_CPtr ep = faulter_new(env, &t, 0x63);
    test_thread_start(&t, faulter_stores, (seL4_Word)&f, 0);

    fault_receive(ep, 0x63, seL4_Fault_VMFault, seL4_VMFault_Length);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), f.arg);
    CHECK_EQ(FSR_STATUS(seL4_GetMR(seL4_VMFault_FSR)), FS_PERMISSION_PAGE);
    CHECK(seL4_GetMR(seL4_VMFault_FSR) & FSR_WRITE);
    CHECK_OK(seL4_TCB_Suspend(t.tcb));
    CHECK_EQ(f.step, 1);
    CHECK_EQ(*(volatile seL4_Word *)f.arg, 0);
}

static void faulter_jumps(seL4_Word f_word, seL4_Word unused)
{
    (void)unused;
    struct faulter *f = (struct faulter *)f_word;
    f->step = 1;
    ((void (*)(void))f->arg)();
    f->step = 99; /* never: the handler sends it elsewhere */
}

static void faulter_recovered(seL4_Word f_word, seL4_Word value)
{
    struct faulter *f = (struct faulter *)f_word;
    f->result = value;
    f->step = 2;
}

KEEL_TEST(fault_vm_instruction_fetch_message_and_redirect,
          "a jump to an unmapped address is a VM fault with PrefetchFault set and the "
          "address as pc; the handler's WriteRegisters then reply sends it elsewhere")
{
    struct test_thread t;
    struct faulter f = { .arg = test_vaddr(env, UNMAPPED_OFFSET) + 0x100 };
    seL4_CPtr ep = faulter_new(env, &t, 0x64);
    test_thread_start(&t, faulter_jumps, (seL4_Word)&f, 0);

    fault_receive(ep, 0x64, seL4_Fault_VMFault, seL4_VMFault_Length);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), f.arg);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), f.arg);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_PrefetchFault), 1);
    seL4_Word fsr = seL4_GetMR(seL4_VMFault_FSR);
    CHECK(FSR_STATUS(fsr) == FS_TRANSLATION_SECTION || FSR_STATUS(fsr) == FS_TRANSLATION_PAGE);

    /* the thread waits for the reply; its registers can be rewritten now */
    seL4_UserContext regs;
    test_thread_entry_context(&t, faulter_recovered, (seL4_Word)&f, 0x7e57, &regs);
    CHECK_OK(seL4_TCB_WriteRegisters(t.tcb, false, 0, sizeof(regs) / sizeof(seL4_Word), &regs));
    CHECK_EQ(f.step, 1);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Yield();
    CHECK_EQ(f.step, 2);
    CHECK_EQ(f.result, 0x7e57);
}

/* ---- Cap faults ---- */

/* Calls cptr arg with MR0 = 0x5a; result = the reply's MR0. */
static void faulter_calls(seL4_Word f_word, seL4_Word unused)
{
    (void)unused;
    struct faulter *f = (struct faulter *)f_word;
    f->step = 1;
    seL4_SetMR(0, 0x5a);
    seL4_MessageInfo_t info = seL4_Call(f->arg, seL4_MessageInfo_new(0, 0, 0, 1));
    f->result = seL4_GetMR(0);
    f->result2 = seL4_MessageInfo_get_label(info);
    f->step = 2;
}

KEEL_TEST(fault_cap_send_phase_message_and_retry,
          "a Call on a cptr that fails its guard is a cap fault (send phase, guard mismatch "
          "with bits left and the guard); after the handler fixes r0, the reply retries it")
{
    struct test_thread t;
    struct faulter f = { .arg = 0x80000000u };
    seL4_CPtr server = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr ep = faulter_new(env, &t, 0x65);
    test_thread_start(&t, faulter_calls, (seL4_Word)&f, 0);

    fault_receive(ep, 0x65, seL4_Fault_CapFault, seL4_CapFault_GuardMismatch_BitsFound + 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), 0x80000000u);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 0);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_GuardMismatch);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), seL4_WordBits);
    /* the root CNode: 2^13 slots, a guard of 0 in the other 19 bits */
    CHECK_EQ(seL4_GetMR(seL4_CapFault_GuardMismatch_GuardFound), 0);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_GuardMismatch_BitsFound),
             seL4_WordBits - env->bootinfo->initThreadCNodeSizeBits);
    seL4_Word ip = seL4_GetMR(seL4_CapFault_IP);

    /* r0 is the cptr: point it at the server endpoint, then reply */
    seL4_UserContext regs;
    CHECK_OK(seL4_TCB_ReadRegisters(t.tcb, false, 0, 4, &regs));
    CHECK_EQ(regs.pc, ip);
    CHECK_EQ(regs.r0, 0x80000000u);
    regs.r0 = server;
    CHECK_OK(seL4_TCB_WriteRegisters(t.tcb, false, 0, 4, &regs));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));

    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(server, &badge);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 1);
    CHECK_EQ(seL4_GetMR(0), 0x5a);
    seL4_SetMR(0, 0xa5);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_Yield();
    CHECK_EQ(f.step, 2);
    CHECK_EQ(f.result, 0xa5);
}

KEEL_TEST(fault_call_on_an_empty_slot_is_an_error_not_a_fault,
          "a Call on a cptr that resolves to an empty slot returns seL4_InvalidCapability "
          "(seL4 decodeInvocation of a null cap); no fault is sent")
{
    struct test_thread t;
    struct faulter f = { .arg = test_slot(env) };
    seL4_CPtr ep = faulter_new(env, &t, 0x66);
    test_thread_start(&t, faulter_calls, (seL4_Word)&f, 0);
    seL4_Yield();
    CHECK_EQ(f.step, 2);
    CHECK_EQ(f.result2, seL4_InvalidCapability);
    seL4_Word badge = 1;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0); /* nothing arrived */
}

/* Receives on cptr arg; result = the message's MR0. */
static void faulter_receives(seL4_Word f_word, seL4_Word unused)
{
    (void)unused;
    struct faulter *f = (struct faulter *)f_word;
    seL4_Word badge;
    f->step = 1;
    seL4_Recv(f->arg, &badge);
    f->result = seL4_GetMR(0);
    f->step = 2;
}

KEEL_TEST(fault_cap_receive_phase_message_and_retry,
          "Recv on an empty slot is a cap fault in the receive phase (missing capability, "
          "no bits left); after the handler fills the slot, the reply retries the Recv")
{
    struct test_thread t;
    struct faulter f = { .arg = test_slot(env) };
    seL4_CPtr server = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr ep = faulter_new(env, &t, 0x67);
    test_thread_start(&t, faulter_receives, (seL4_Word)&f, 0);

    fault_receive(ep, 0x67, seL4_Fault_CapFault, seL4_CapFault_BitsLeft + 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), f.arg);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 0);

    CHECK_OK(seL4_CNode_Copy(env->cnode, f.arg, ROOT_DEPTH, env->cnode, server, ROOT_DEPTH,
                             seL4_AllRights));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Yield(); /* it retries the Recv, and now waits on the server endpoint */
    CHECK_EQ(f.step, 1);
    seL4_SetMR(0, 0x2bad);
    seL4_Send(server, seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_Yield();
    CHECK_EQ(f.step, 2);
    CHECK_EQ(f.result, 0x2bad);
}

/* ---- Unknown system calls ---- */

static void faulter_syscalls(seL4_Word f_word, seL4_Word unused)
{
    (void)unused;
    struct faulter *f = (struct faulter *)f_word;
    f->step = 1;
    uint64_t r = fault_unknown_syscall();
    f->result = (seL4_Word)r;
    f->result2 = (seL4_Word)(r >> 32);
    f->step = 2;
}

KEEL_TEST(fault_unknown_syscall_message_and_resume,
          "an unknown syscall sends r0-r7, pc, sp, lr, cpsr and the number; a reply with "
          "label 0 sets the registers it carries and resumes the thread")
{
    struct test_thread t;
    struct faulter f = { 0 };
    seL4_CPtr ep = faulter_new(env, &t, 0x68);
    test_thread_start(&t, faulter_syscalls, (seL4_Word)&f, 0);

    fault_receive(ep, 0x68, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length);
    for (seL4_Word i = 0; i < 7; i++) {
        CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_R0 + i), 0x10 + i);
    }
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_R7), UNUSED_SYSCALL);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)fault_swi_insn);
    check_on_stack(&t, seL4_GetMR(seL4_UnknownSyscall_SP));
    check_user_cpsr(seL4_GetMR(seL4_UnknownSyscall_CPSR));
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), UNUSED_SYSCALL);

    /* the words as they came, with r0, r1 and pc changed */
    seL4_SetMR(seL4_UnknownSyscall_R0, 0xa0);
    seL4_SetMR(seL4_UnknownSyscall_R1, 0xa1);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, (seL4_Word)fault_swi_insn + 4);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Syscall));
    seL4_Yield();
    CHECK_EQ(f.step, 2);
    CHECK_EQ(f.result, 0xa0);
    CHECK_EQ(f.result2, 0xa1);
}

static void faulter_identifies(seL4_Word f_word, seL4_Word unused)
{
    (void)unused;
    struct faulter *f = (struct faulter *)f_word;
    f->step = 1;
    f->result = raw_debug_cap_identify(seL4_CapInitThreadCNode);
    f->step = 2;
}

KEEL_TEST(debug_cap_identify_exists_in_debug_builds_only,
          "seL4_SysDebugCapIdentify's number returns a cap's type in a debug build; a "
          "release build has no such call, so it is an UnknownSyscall fault, as on seL4")
{
    struct test_thread t;
    struct faulter f = { 0 };
    seL4_CPtr ep = faulter_new(env, &t, 0x7a);
    test_thread_start(&t, faulter_identifies, (seL4_Word)&f, 0);
#ifdef CONFIG_DEBUG_BUILD
    (void)ep;
    for (unsigned i = 0; i < 100 && f.step != 2; i++) {
        seL4_Yield();
    }
    CHECK_EQ(f.step, 2);
    CHECK_EQ(f.result, CAP_TAG_CNODE);
#else
    fault_receive(ep, 0x7a, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), SYS_DEBUG_CAP_IDENTIFY);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_R7), SYS_DEBUG_CAP_IDENTIFY);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_R0), seL4_CapInitThreadCNode);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)debug_cap_identify_insn);
    /* the handler may answer in the kernel's place: r0, and go on after the call */
    seL4_SetMR(seL4_UnknownSyscall_R0, 0x5a);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, (seL4_Word)debug_cap_identify_insn + 4);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Syscall));
    seL4_Yield();
    CHECK_EQ(f.step, 2);
    CHECK_EQ(f.result, 0x5a);
#endif
}

KEEL_TEST(fault_unknown_syscall_reply_with_a_label_stops_the_thread,
          "a reply with a non-zero label sets the registers but leaves the thread stopped")
{
    struct test_thread t;
    struct faulter f = { 0 };
    seL4_CPtr ep = faulter_new(env, &t, 0x69);
    test_thread_start(&t, faulter_syscalls, (seL4_Word)&f, 0);

    fault_receive(ep, 0x69, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length);
    seL4_SetMR(seL4_UnknownSyscall_R0, 0xb0);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, (seL4_Word)fault_swi_insn + 4);
    seL4_Reply(seL4_MessageInfo_new(1, 0, 0, seL4_UnknownSyscall_Syscall));
    seL4_Yield();
    CHECK_EQ(f.step, 1);
    seL4_UserContext regs;
    CHECK_OK(seL4_TCB_ReadRegisters(t.tcb, false, 0, 4, &regs));
    CHECK_EQ(regs.pc, (seL4_Word)fault_swi_insn + 4);
    CHECK_EQ(regs.r0, 0xb0);
    /* it is inactive: Resume runs it on from there */
    CHECK_OK(seL4_TCB_Resume(t.tcb));
    seL4_Yield();
    CHECK_EQ(f.step, 2);
    CHECK_EQ(f.result, 0xb0);
}

/* seL4's benchmark system calls that this configuration lacks (seL4
 * 16.0.0 handleUnknownSyscall): every one without KernelBenchmarks,
 * SetLogBuffer without the kernel log (tracepoints), the utilisation calls
 * without track_utilisation, the all-threads ones outside debug builds.
 * Numbers written out (seL4 16.0.0's syscall list: FlushCaches -18 ...
 * ResetAllThreadsUtilisation -26): libsel4 names them only where they exist. */
static const seL4_Word missing_benchmark_calls[] = {
#ifndef CONFIG_ENABLE_BENCHMARKS
    (seL4_Word)-18, (seL4_Word)-19, (seL4_Word)-20, (seL4_Word)-22, /* NullSyscall */
#endif
#ifndef CONFIG_KERNEL_LOG_BUFFER
    (seL4_Word)-21, /* SetLogBuffer */
#endif
#ifndef CONFIG_BENCHMARK_TRACK_UTILISATION
    (seL4_Word)-23, (seL4_Word)-24, /* Get/ResetThreadUtilisation */
#endif
#if !defined(CONFIG_BENCHMARK_TRACK_UTILISATION) || !defined(CONFIG_DEBUG_BUILD)
    (seL4_Word)-25, (seL4_Word)-26, /* Dump/ResetAllThreadsUtilisation */
#endif
};
#define MISSING_BENCHMARK_CALLS \
    (sizeof(missing_benchmark_calls) / sizeof(missing_benchmark_calls[0]))

extern const char benchmark_swi_insn[];

static __attribute__((noinline, noclone)) void benchmark_syscall_raw(seL4_Word number)
{
    register seL4_Word r7 __asm__("r7") = number;
    __asm__ volatile(".global benchmark_swi_insn\n"
                     "benchmark_swi_insn:\n\t"
                     "swi #0"
                     :
                     : "r"(r7)
                     : "r0", "r1", "r2", "r3", "r4", "r5", "memory");
}

static void faulter_makes_benchmark_calls(seL4_Word f_word, seL4_Word unused)
{
    (void)unused;
    struct faulter *f = (struct faulter *)f_word;
    f->step = 1;
    for (seL4_Word i = 0; i < MISSING_BENCHMARK_CALLS; i++) {
        benchmark_syscall_raw(missing_benchmark_calls[i]);
        f->result++;
    }
    f->step = 2;
}

KEEL_TEST(fault_unknown_syscall_for_benchmark_calls_the_build_lacks,
          "seL4's benchmark system calls this configuration does not have (in the default "
          "one all of -18 to -26, NullSyscall -22 among them) are unknown-syscall faults")
{
    struct test_thread t;
    struct faulter f = { 0 };
    seL4_CPtr ep = faulter_new(env, &t, 0x72);
    test_thread_start(&t, faulter_makes_benchmark_calls, (seL4_Word)&f, 0);

    for (seL4_Word i = 0; i < MISSING_BENCHMARK_CALLS; i++) {
        fault_receive(ep, 0x72, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length);
        CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), missing_benchmark_calls[i]);
        CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_R7), missing_benchmark_calls[i]);
        CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)benchmark_swi_insn);
        CHECK_EQ(f.result, i);
        seL4_SetMR(seL4_UnknownSyscall_FaultIP, (seL4_Word)benchmark_swi_insn + 4);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Length));
    }
    seL4_Yield();
    CHECK_EQ(f.step, 2);
}

/* ---- User exceptions ---- */

static void faulter_undefined(seL4_Word f_word, seL4_Word unused)
{
    (void)unused;
    struct faulter *f = (struct faulter *)f_word;
    f->step = 1;
    fault_undefined();
    f->step = 2;
}

KEEL_TEST(fault_user_exception_message_and_resume,
          "an undefined instruction sends pc, sp, cpsr, number and code; a reply with the "
          "pc past it resumes the thread there")
{
    struct test_thread t;
    struct faulter f = { 0 };
    seL4_CPtr ep = faulter_new(env, &t, 0x6a);
    test_thread_start(&t, faulter_undefined, (seL4_Word)&f, 0);

    fault_receive(ep, 0x6a, seL4_Fault_UserException, seL4_UserException_Length);
    CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)fault_udf_insn);
    check_on_stack(&t, seL4_GetMR(seL4_UserException_SP));
    check_user_cpsr(seL4_GetMR(seL4_UserException_CPSR));
    CHECK_EQ(seL4_GetMR(seL4_UserException_Number), 0);
    CHECK_EQ(seL4_GetMR(seL4_UserException_Code), 0);

    seL4_SetMR(seL4_UserException_FaultIP, (seL4_Word)fault_udf_insn + 4);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UserException_Number));
    seL4_Yield();
    CHECK_EQ(f.step, 2);
}

KEEL_TEST(fault_user_exception_empty_reply_retries_the_instruction,
          "a reply with no words restarts the undefined instruction, which faults again")
{
    struct test_thread t;
    struct faulter f = { 0 };
    seL4_CPtr ep = faulter_new(env, &t, 0x6b);
    test_thread_start(&t, faulter_undefined, (seL4_Word)&f, 0);

    fault_receive(ep, 0x6b, seL4_Fault_UserException, seL4_UserException_Length);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    fault_receive(ep, 0x6b, seL4_Fault_UserException, seL4_UserException_Length);
    CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)fault_udf_insn);
    CHECK_EQ(f.step, 1);
    CHECK_OK(seL4_TCB_Suspend(t.tcb));
}

/* ---- Handlers that are missing or cannot be used ---- */

/* Counts until told to stop; the "others" a stopped thread must not hurt. */
static void counter_runs(seL4_Word f_word, seL4_Word unused)
{
    (void)unused;
    struct faulter *f = (struct faulter *)f_word;
    while (f->arg == 0) {
        f->result++;
        seL4_Yield();
    }
}

KEEL_TEST(fault_without_a_handler_stops_only_that_thread,
          "a thread with no fault endpoint stops at its fault; another thread runs on, and "
          "Resume makes the stopped one fault again")
{
    struct test_thread faulty, counter;
    struct faulter f = { 0 }, c = { 0 };
    test_thread_new(env, &faulty, env->priority, seL4_CapNull);
    test_thread_new(env, &counter, env->priority, env->fault_ep);
    test_thread_start(&faulty, faulter_undefined, (seL4_Word)&f, 0);
    test_thread_start(&counter, counter_runs, (seL4_Word)&c, 0);
    for (int i = 0; i < 4; i++) {
        seL4_Yield();
    }
    CHECK_EQ(f.step, 1);
    seL4_Word before = c.result;
    CHECK(before > 0);
    seL4_UserContext regs;
    CHECK_OK(seL4_TCB_ReadRegisters(faulty.tcb, false, 0, 1, &regs));
    CHECK_EQ(regs.pc, (seL4_Word)fault_udf_insn);

    CHECK_OK(seL4_TCB_Resume(faulty.tcb));
    for (int i = 0; i < 4; i++) {
        seL4_Yield();
    }
    CHECK_EQ(f.step, 1);
    CHECK(c.result > before);
    c.arg = 1;
    seL4_Yield();
}

KEEL_TEST(fault_handler_cap_without_grant_is_not_used,
          "a fault endpoint cap with Write but neither Grant nor GrantReply cannot take a "
          "fault: the thread stops and the endpoint gets nothing")
{
    struct test_thread t;
    struct faulter f = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    test_thread_new(env, &t, env->priority, test_mint(env, ep, seL4_CanWrite, 0x6c));
    test_thread_start(&t, faulter_undefined, (seL4_Word)&f, 0);
    seL4_Yield();
    CHECK_EQ(f.step, 1);
    seL4_Word badge = 1;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);
}

KEEL_TEST(fault_handler_cap_with_grant_reply_only_is_enough,
          "a fault endpoint cap with Write and GrantReply takes faults and the handler "
          "can reply")
{
    struct test_thread t;
    struct faulter f = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr cap = test_mint(env, ep, seL4_CapRights_new(1, 0, 0, 1), 0x6d);
    test_thread_new(env, &t, env->priority, cap);
    test_thread_start(&t, faulter_undefined, (seL4_Word)&f, 0);
    fault_receive(ep, 0x6d, seL4_Fault_UserException, seL4_UserException_Length);
    seL4_SetMR(seL4_UserException_FaultIP, (seL4_Word)fault_udf_insn + 4);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_Yield();
    CHECK_EQ(f.step, 2);
}

KEEL_TEST(fault_badges_tell_faulting_threads_apart,
          "two threads with differently badged fault caps on one endpoint: each fault "
          "arrives with its thread's badge, in the order they faulted")
{
    struct test_thread a, b;
    struct faulter fa = { 0 }, fb = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    test_thread_new(env, &a, env->priority, test_mint(env, ep, seL4_AllRights, 0xa));
    test_thread_new(env, &b, env->priority, test_mint(env, ep, seL4_AllRights, 0xb));
    test_thread_start(&a, faulter_undefined, (seL4_Word)&fa, 0);
    test_thread_start(&b, faulter_syscalls, (seL4_Word)&fb, 0);
    seL4_Yield(); /* both fault and queue on the endpoint */
    fault_receive(ep, 0xa, seL4_Fault_UserException, seL4_UserException_Length);
    fault_receive(ep, 0xb, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length);
    CHECK_OK(seL4_TCB_Suspend(a.tcb));
    CHECK_OK(seL4_TCB_Suspend(b.tcb));
}

KEEL_TEST(fault_queued_then_suspended_is_raised_again_on_resume,
          "suspending a thread whose fault waits on the endpoint drops that fault; Resume "
          "re-runs the instruction and the fault arrives again")
{
    struct test_thread t;
    struct faulter f = { 0 };
    seL4_CPtr ep = faulter_new(env, &t, 0x6e);
    test_thread_start(&t, faulter_undefined, (seL4_Word)&f, 0);
    seL4_Yield(); /* it faults; nobody receives yet */
    CHECK_OK(seL4_TCB_Suspend(t.tcb));
    seL4_Word badge = 1;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);
    CHECK_OK(seL4_TCB_Resume(t.tcb));
    fault_receive(ep, 0x6e, seL4_Fault_UserException, seL4_UserException_Length);
    CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)fault_udf_insn);
    CHECK_OK(seL4_TCB_Suspend(t.tcb));
}

KEEL_TEST(fault_handler_can_read_the_faulted_thread,
          "while a thread waits for its fault reply, ReadRegisters shows it at the fault")
{
    struct test_thread t;
    struct faulter f = { .arg = test_vaddr(env, UNMAPPED_OFFSET) };
    seL4_CPtr ep = faulter_new(env, &t, 0x6f);
    test_thread_start(&t, faulter_loads, (seL4_Word)&f, 0);
    fault_receive(ep, 0x6f, seL4_Fault_VMFault, seL4_VMFault_Length);
    seL4_UserContext regs;
    CHECK_OK(seL4_TCB_ReadRegisters(t.tcb, false, 0, sizeof(regs) / sizeof(seL4_Word), &regs));
    CHECK_EQ(regs.pc, (seL4_Word)fault_load_insn);
    check_on_stack(&t, regs.sp);
    check_user_cpsr(regs.cpsr);
    CHECK_EQ(regs.tpidruro, t.tls_base);
    CHECK_OK(seL4_TCB_Suspend(t.tcb));
}

KEEL_TEST(fault_reply_through_a_saved_reply_cap_resumes_the_thread,
          "a handler may save the fault's reply cap and answer later with a Send on it, "
          "which sets the registers and resumes the thread as a Reply would")
{
    struct test_thread t;
    struct faulter f = { 0 };
    seL4_CPtr ep = faulter_new(env, &t, 0x70);
    test_thread_start(&t, faulter_undefined, (seL4_Word)&f, 0);
    fault_receive(ep, 0x70, seL4_Fault_UserException, seL4_UserException_Length);
    seL4_CPtr reply = test_slot(env);
    CHECK_OK(seL4_CNode_SaveCaller(env->cnode, reply, ROOT_DEPTH));
    CHECK_CAP(reply, CAP_TAG_REPLY);
    seL4_Yield();
    CHECK_EQ(f.step, 1); /* still waiting for the answer */
    seL4_SetMR(seL4_UserException_FaultIP, (seL4_Word)fault_udf_insn + 4);
    seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 1));
    CHECK_CAP(reply, CAP_TAG_NULL);
    seL4_Yield();
    CHECK_EQ(f.step, 2);
}

KEEL_TEST(fault_wait_on_a_notification_bound_to_another_thread,
          "Wait on a notification bound to another thread is a cap fault in the receive "
          "phase (missing capability); the bound thread itself may wait on it")
{
    struct test_thread t;
    struct faulter f = { .arg = test_retype(env, seL4_NotificationObject, 0) };
    seL4_CPtr other = test_retype(env, seL4_TCBObject, 0);
    CHECK_OK(seL4_TCB_BindNotification(other, f.arg));
    seL4_CPtr ep = faulter_new(env, &t, 0x71);
    test_thread_start(&t, faulter_receives, (seL4_Word)&f, 0);
    fault_receive(ep, 0x71, seL4_Fault_CapFault, seL4_CapFault_BitsLeft + 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), f.arg);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    /* bound to the faulting thread instead, the retried Wait takes the signal */
    CHECK_OK(seL4_TCB_UnbindNotification(other));
    CHECK_OK(seL4_TCB_BindNotification(t.tcb, f.arg));
    seL4_Signal(f.arg);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Yield();
    CHECK_EQ(f.step, 2);
}
