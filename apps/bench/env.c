/*
 * bench: the environment the benchmarks run in. Objects come from one RAM
 * untyped into the root CNode's empty slots; threads sit in "seats" (stack,
 * TLS, IPC buffer page) in the root address space or in a second one that
 * maps the same image frames at the same addresses, so code and data are
 * shared while every IPC between the two switches page directory and ASID.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <keel/runtime.h>
#include "bench.h"

#define SEAT_STACK_BYTES 8192
#define SEAT_TLS_BYTES 512
#define SEAT_TLS_ALIGN 64
#define MAX_THREADS 8

struct bench_env env;

struct seat {
    char stack[SEAT_STACK_BYTES] __attribute__((aligned(16)));
    char tls[SEAT_TLS_BYTES] __attribute__((aligned(SEAT_TLS_ALIGN)));
};

static struct seat seats[BENCH_SEATS];
static seL4_CPtr seat_buffer[2][BENCH_SEATS]; /* IPC buffer frame per space */
static seL4_CPtr running[MAX_THREADS];
static unsigned running_count;

extern char __executable_start[]; /* user.lds: the image's first page */

_Noreturn void bench_fail(const char *what, int error)
{
    printf("bench: error: %s (%d)\n", what, error);
    exit(1);
}

void bench_check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        bench_fail(what, err);
    }
}

static seL4_CPtr env_slot(void)
{
    if (env.next_slot >= env.end_slot) {
        bench_fail("out of CNode slots", 0);
    }
    return env.next_slot++;
}

static seL4_CPtr env_new_from(seL4_CPtr untyped, seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = env_slot();
    bench_check(seL4_Untyped_Retype(untyped, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot,
                                    1),
                "Untyped_Retype");
    return slot;
}

seL4_CPtr env_new(seL4_Word type, seL4_Word size_bits)
{
    return env_new_from(env.untyped, type, size_bits);
}

void env_map(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word vaddr)
{
    bench_check(seL4_ARM_Page_Map(frame, vspace, vaddr, seL4_AllRights,
                                  seL4_ARM_Default_VMAttributes),
                "Page_Map");
}

void env_unmap(seL4_CPtr frame)
{
    bench_check(seL4_ARM_Page_Unmap(frame), "Page_Unmap");
}

void env_page_table(seL4_CPtr vspace, seL4_Word vaddr)
{
    seL4_CPtr pt = env_new(seL4_ARM_PageTableObject, 0);
    bench_check(seL4_ARM_PageTable_Map(pt, vspace, vaddr, seL4_ARM_Default_VMAttributes),
                "PageTable_Map");
}

/* The largest RAM untyped. */
static seL4_CPtr env_find_untyped(const seL4_BootInfo *bi)
{
    seL4_CPtr best = seL4_CapNull;
    unsigned best_bits = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (!u->isDevice && u->sizeBits > best_bits) {
            best = bi->untyped.start + i;
            best_bits = u->sizeBits;
        }
    }
    if (best_bits < 20) {
        bench_fail("no RAM untyped of 1 MiB", best_bits);
    }
    return best;
}

void env_map_device(seL4_Word paddr, seL4_Word vaddr)
{
    const seL4_BootInfo *bi = env.bootinfo;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        uint64_t offset = (uint64_t)paddr - u->paddr;
        if (!u->isDevice || paddr < u->paddr || offset >> u->sizeBits != 0) {
            continue;
        }
        /* Retype hands out memory from the untyped's start upwards, each
         * object aligned to its size: untypeds of the sizes of offset's set
         * bits, largest first, bring the next object to paddr. */
        seL4_CPtr ut = bi->untyped.start + i;
        for (int bit = u->sizeBits - 1; bit >= seL4_PageBits; bit--) {
            if (offset & ((uint64_t)1 << bit)) {
                env_new_from(ut, seL4_UntypedObject, (seL4_Word)bit);
            }
        }
        env_map(env_new_from(ut, seL4_ARM_SmallPageObject, 0), seL4_CapInitThreadVSpace, vaddr);
        return;
    }
    bench_fail("no device untyped covers the RTC", (int)paddr);
}

/* A page directory with its own ASID mapping copies of the image's frame
 * caps at the image's addresses, and the seats' IPC buffers. */
static void env_other_vspace(void)
{
    const seL4_BootInfo *bi = env.bootinfo;
    seL4_CPtr pd = env_new(seL4_ARM_PageDirectoryObject, 0);
    bench_check(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pd), "ASIDPool_Assign");
    seL4_Word section = 1; /* none yet: sections are 1 MiB aligned */
    for (seL4_CPtr frame = bi->userImageFrames.start; frame < bi->userImageFrames.end; frame++) {
        seL4_Word vaddr = (seL4_Word)__executable_start +
                          (frame - bi->userImageFrames.start) * (1u << seL4_PageBits);
        if ((vaddr & ~0xfffffu) != section) {
            section = vaddr & ~0xfffffu;
            env_page_table(pd, section);
        }
        seL4_CPtr copy = env_slot();
        bench_check(seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits,
                                    seL4_CapInitThreadCNode, frame, seL4_WordBits, seL4_AllRights),
                    "CNode_Copy of an image frame");
        env_map(copy, pd, vaddr);
    }
    env_page_table(pd, BENCH_VADDR);
    env.other_vspace = pd;
}

void env_init(seL4_BootInfo *bootinfo)
{
    if (keel_tls_area_size() > SEAT_TLS_BYTES || keel_tls_area_align() > SEAT_TLS_ALIGN) {
        bench_fail("thread-local data larger than a seat's TLS area", (int)keel_tls_area_size());
    }
    env.bootinfo = bootinfo;
    env.next_slot = bootinfo->empty.start;
    env.end_slot = bootinfo->empty.end;
    env.untyped = env_find_untyped(bootinfo);
    env.done = env_new(seL4_NotificationObject, 0);
    env.idle = env_new(seL4_NotificationObject, 0);
    env_page_table(seL4_CapInitThreadVSpace, BENCH_VADDR);
    env_other_vspace();
    for (unsigned s = 0; s < BENCH_SEATS; s++) {
        seat_buffer[BENCH_SPACE_ROOT][s] = env_new(seL4_ARM_SmallPageObject, 0);
        env_map(seat_buffer[BENCH_SPACE_ROOT][s], seL4_CapInitThreadVSpace, BENCH_BUFFER_VADDR(s));
        seat_buffer[BENCH_SPACE_OTHER][s] = env_new(seL4_ARM_SmallPageObject, 0);
        env_map(seat_buffer[BENCH_SPACE_OTHER][s], env.other_vspace, BENCH_BUFFER_VADDR(s));
    }
}

/* Where every benchmark thread starts: r0-r2 as bench_thread set them. */
static void thread_entry(void (*fn)(seL4_Word), seL4_Word arg, seL4_IPCBuffer *buffer)
{
    seL4_SetIPCBuffer(buffer);
    fn(arg);
    for (;;) {
        seL4_Wait(env.idle, NULL);
    }
}

seL4_CPtr bench_thread(unsigned seat, enum bench_space space, void (*fn)(seL4_Word), seL4_Word arg,
                       seL4_Word prio, seL4_CPtr fault_ep)
{
    if (seat >= BENCH_SEATS || running_count == MAX_THREADS) {
        bench_fail("too many benchmark threads", (int)seat);
    }
    seL4_CPtr tcb = env_new(seL4_TCBObject, 0);
    seL4_CPtr vspace = space == BENCH_SPACE_ROOT ? seL4_CapInitThreadVSpace : env.other_vspace;
    bench_check(seL4_TCB_Configure(tcb, fault_ep, seL4_CapInitThreadCNode, 0, vspace, 0,
                                   BENCH_BUFFER_VADDR(seat), seat_buffer[space][seat]),
                "TCB_Configure");
    bench_check(seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio), "TCB_SetPriority");
    seL4_UserContext regs;
    memset(&regs, 0, sizeof regs);
    regs.pc = (seL4_Word)thread_entry;
    regs.sp = (seL4_Word)(seats[seat].stack + SEAT_STACK_BYTES);
    regs.r0 = (seL4_Word)fn;
    regs.r1 = arg;
    regs.r2 = BENCH_BUFFER_VADDR(seat);
    regs.tpidruro = keel_tls_init(seats[seat].tls);
    running[running_count++] = tcb;
    bench_check(seL4_TCB_WriteRegisters(tcb, true, 0, sizeof regs / sizeof(seL4_Word), &regs),
                "TCB_WriteRegisters");
    return tcb;
}

/* Moves a thread (not yet run: the root thread is above it) to `core`;
 * core 0 is where it already is, and all a uniprocessor build has. */
void bench_thread_set_core(seL4_CPtr tcb, seL4_Word core)
{
    if (core == 0) {
        return;
    }
#ifdef CONFIG_ENABLE_SMP_SUPPORT
    bench_check(seL4_TCB_SetAffinity(tcb, core), "TCB_SetAffinity");
#else
    (void)tcb;
    bench_fail("no cores but core 0 in a uniprocessor build", (int)core);
#endif
}

void bench_stop(void)
{
    for (unsigned i = 0; i < running_count; i++) {
        bench_check(seL4_TCB_Suspend(running[i]), "TCB_Suspend");
    }
    running_count = 0;
}

void bench_wait(void)
{
    seL4_Wait(env.done, NULL);
}

void bench_done(void)
{
    seL4_Signal(env.done);
}
