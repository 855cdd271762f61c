/*
 * keeltest: VFP/Advanced SIMD state per thread. The tests reach d0-d31 and
 * FPSCR with inline assembly; the kernel turns the FPU on for a thread at
 * its first VFP instruction (an undefined-instruction trap it handles
 * itself) and switches the registers lazily. Each thread must find its own
 * values, whoever ran in between.
 *
 * Root tasks are hard-float by default, and compiled code may use any of
 * d0-d7 and d16-d31 between two calls (AAPCS-VFP: caller-saved). This file
 * is built with -mgeneral-regs-only (keeltest/CMakeLists.txt), and between
 * loading a pattern and checking it a test calls nothing outside this file
 * but system calls: other files' code may use the FPU, picolibc's Thumb
 * code among it.
 */
#include <stdint.h>
#include "keeltest.h"

#define FPU_DREGS 32
/* FPSCR bits a thread can set and read back: N Z C V, DN, FZ, RMode. */
#define FPSCR_A 0x20c00000u
#define FPSCR_B 0x83400000u
#define FPSCR_T 0x41800000u

struct fpu_regs {
    uint64_t d[FPU_DREGS];
    seL4_Word fpscr;
};

static void fpu_load(const struct fpu_regs *r)
{
    const uint64_t *p = r->d;
    __asm__ volatile(".fpu neon-vfpv4\n\t"
                     "vldmia %0!, {d0-d15}\n\t"
                     "vldmia %0!, {d16-d31}\n\t"
                     "vmsr fpscr, %1"
                     : "+r"(p)
                     : "r"(r->fpscr)
                     : "memory");
}

static void fpu_store(struct fpu_regs *r)
{
    uint64_t *p = r->d;
    seL4_Word fpscr;
    __asm__ volatile(".fpu neon-vfpv4\n\t"
                     "vstmia %0!, {d0-d15}\n\t"
                     "vstmia %0!, {d16-d31}\n\t"
                     "vmrs %1, fpscr"
                     : "+r"(p), "=r"(fpscr)
                     :
                     : "memory");
    r->fpscr = fpscr;
}

/* A pattern of its own for each seed, in every byte of every register. */
static void fpu_pattern(struct fpu_regs *r, seL4_Word seed, seL4_Word fpscr)
{
    for (unsigned i = 0; i < FPU_DREGS; i++) {
        r->d[i] = ((uint64_t)seed << 48) ^ ((uint64_t)(i + 1) * 0x0101010101010101ull) ^
                  ((uint64_t)seed * 0x9e3779b97f4a7c15ull);
    }
    r->fpscr = fpscr;
}

/* How many of the registers differ from the pattern (FPSCR counts as one). */
static unsigned fpu_mismatches(const struct fpu_regs *now, const struct fpu_regs *want)
{
    unsigned bad = now->fpscr != want->fpscr;
    for (unsigned i = 0; i < FPU_DREGS; i++) {
        bad += now->d[i] != want->d[i];
    }
    return bad;
}

/* The calling thread's registers against the pattern. */
static unsigned fpu_check(const struct fpu_regs *want)
{
    struct fpu_regs now;
    fpu_store(&now);
    return fpu_mismatches(&now, want);
}

/* One FPU thread's part, shared with the test. */
struct fpu_worker {
    struct fpu_regs want;
    volatile seL4_Word *other_progress; /* the other worker's progress */
    volatile seL4_Word *other_done;
    volatile seL4_Word progress;
    volatile seL4_Word switches; /* times the other ran between two looks */
    volatile seL4_Word mismatches;
    volatile seL4_Word done;
};

/* Loads its pattern, then yields arg 1 times, checking it after each. */
static void fpu_yielder(seL4_Word w_word, seL4_Word rounds)
{
    struct fpu_worker *w = (struct fpu_worker *)w_word;
    fpu_load(&w->want);
    for (seL4_Word i = 0; i < rounds; i++) {
        seL4_Word before = *w->other_progress;
        w->progress++;
        seL4_Yield();
        w->switches += *w->other_progress != before;
        w->mismatches += fpu_check(&w->want);
    }
    w->progress++;
    w->done = 1;
}

static void worker_init(struct fpu_worker *w, seL4_Word seed, seL4_Word fpscr,
                        struct fpu_worker *other)
{
    fpu_pattern(&w->want, seed, fpscr);
    w->other_progress = &other->progress;
    w->other_done = &other->done;
    w->progress = w->switches = w->mismatches = w->done = 0;
}

/* Runs the threads started below the test's priority to their end. */
static void let_lower_threads_run(struct test_env *env, seL4_Word below)
{
    CHECK_OK(seL4_TCB_SetPriority(env->tcb, env->tcb, env->priority - below));
    CHECK_OK(seL4_TCB_SetPriority(env->tcb, env->tcb, env->priority));
}

KEEL_TEST(fpu_registers_survive_yields_between_threads,
          "two threads load different values into d0-d31 and FPSCR and yield to each other "
          "ten times; each finds its own values every time, and so does the test thread")
{
    static struct fpu_worker a, b;
    struct fpu_regs mine;
    struct test_thread ta, tb;
    worker_init(&a, 0xa, FPSCR_A, &b);
    worker_init(&b, 0xb, FPSCR_B, &a);
    test_thread_new(env, &ta, env->priority - 1, env->fault_ep);
    test_thread_new(env, &tb, env->priority - 1, env->fault_ep);
    test_thread_start(&ta, fpu_yielder, (seL4_Word)&a, 10);
    test_thread_start(&tb, fpu_yielder, (seL4_Word)&b, 10);
    fpu_pattern(&mine, 0x7, FPSCR_T);
    fpu_load(&mine);
    let_lower_threads_run(env, 2);
    unsigned mine_bad = fpu_check(&mine);
    CHECK_EQ(a.done, 1);
    CHECK_EQ(b.done, 1);
    CHECK_EQ(a.mismatches, 0);
    CHECK_EQ(b.mismatches, 0);
    CHECK(a.switches >= 9); /* they really alternated */
    CHECK(b.switches >= 9);
    CHECK_EQ(mine_bad, 0);
}

/* Loads its pattern, then checks it in a loop without ever yielding, until
 * it has seen the other worker run in between 3 times or the other is done
 * (or it gives up). */
static void fpu_spinner(seL4_Word w_word, seL4_Word limit)
{
    struct fpu_worker *w = (struct fpu_worker *)w_word;
    fpu_load(&w->want);
    seL4_Word seen = *w->other_progress;
    for (seL4_Word i = 0; i < limit && w->switches < 3 && !*w->other_done; i++) {
        w->progress++;
        w->mismatches += fpu_check(&w->want);
        if (*w->other_progress != seen) {
            seen = *w->other_progress;
            w->switches++;
        }
    }
    w->done = 1;
}

KEEL_TEST(fpu_registers_survive_preemption,
          "two busy threads at one priority, preempted by the time slice and never "
          "yielding, keep their own d0-d31 and FPSCR across several switches")
{
    static struct fpu_worker a, b;
    struct test_thread ta, tb;
    worker_init(&a, 0x1a, FPSCR_A, &b);
    worker_init(&b, 0x1b, FPSCR_B, &a);
    test_thread_new(env, &ta, env->priority - 1, env->fault_ep);
    test_thread_new(env, &tb, env->priority - 1, env->fault_ep);
    /* the bound is far beyond a few time slices: no preemption is a failure,
     * not a hang */
    test_thread_start(&ta, fpu_spinner, (seL4_Word)&a, 1u << 22);
    test_thread_start(&tb, fpu_spinner, (seL4_Word)&b, 1u << 22);
    let_lower_threads_run(env, 2);
    CHECK_EQ(a.mismatches, 0);
    CHECK_EQ(b.mismatches, 0);
    /* the one that finishes second may have seen the other run only twice */
    CHECK(a.switches >= 2);
    CHECK(b.switches >= 2);
    CHECK(a.switches == 3 || b.switches == 3);
}

/* Waits on notification `go` (unless 0), then stores its registers as it
 * first finds them into out. */
static void fpu_reader(seL4_Word out_word, seL4_Word go)
{
    if (go != 0) {
        seL4_Wait(go, NULL);
    }
    fpu_store((struct fpu_regs *)out_word);
}

KEEL_TEST(fpu_new_thread_starts_with_zeroed_registers,
          "a new thread's first look at d0-d31 and FPSCR finds zeros, not the values the "
          "last user of the FPU left")
{
    struct fpu_regs mine, seen, zero = { { 0 }, 0 };
    struct test_thread t;
    test_thread_new(env, &t, env->priority - 1, env->fault_ep);
    test_thread_start(&t, fpu_reader, (seL4_Word)&seen, 0);
    fpu_pattern(&mine, 0x3, FPSCR_T);
    fpu_pattern(&seen, 0x5, FPSCR_A); /* not zeros, until the reader has run */
    fpu_load(&mine);
    let_lower_threads_run(env, 2);
    unsigned mine_bad = fpu_check(&mine);
    CHECK_EQ(fpu_mismatches(&seen, &zero), 0);
    CHECK_EQ(mine_bad, 0);
}

/* Loads its pattern and waits on notification arg 1 for ever. */
static void fpu_loader_then_waits(seL4_Word w_word, seL4_Word ntfn)
{
    struct fpu_worker *w = (struct fpu_worker *)w_word;
    seL4_Word word;
    fpu_load(&w->want);
    w->done = 1;
    seL4_Wait(ntfn, &word);
}

KEEL_TEST(fpu_deleting_the_owner_keeps_other_threads_state,
          "deleting the thread whose values are in the FPU: the test's own values come back "
          "and a new thread still starts from zeros")
{
    static struct fpu_worker w;
    struct fpu_regs mine, seen, zero = { { 0 }, 0 };
    struct test_thread owner, fresh;
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr go = test_retype(env, seL4_NotificationObject, 0);
    worker_init(&w, 0x2a, FPSCR_A, &w);
    /* both below the test: they run when it lets them; `fresh` first
     * waits until the owner is gone */
    test_thread_new(env, &owner, env->priority - 1, env->fault_ep);
    test_thread_new(env, &fresh, env->priority - 1, env->fault_ep);
    test_thread_start(&owner, fpu_loader_then_waits, (seL4_Word)&w, ntfn);
    test_thread_start(&fresh, fpu_reader, (seL4_Word)&seen, go);
    fpu_pattern(&mine, 0x2b, FPSCR_B);
    fpu_load(&mine);
    let_lower_threads_run(env, 2);
    seL4_Word owner_loaded = w.done;
    seL4_Error deleted = seL4_CNode_Delete(env->cnode, owner.tcb, ROOT_DEPTH);
    seL4_Signal(go);
    let_lower_threads_run(env, 2);
    unsigned mine_bad = fpu_check(&mine);
    CHECK_EQ(owner_loaded, 1);
    CHECK_OK(deleted);
    CHECK_EQ(fpu_mismatches(&seen, &zero), 0);
    CHECK_EQ(mine_bad, 0);
}

extern const char fpu_udf_insn[];

/* Loads its pattern, raises a user exception, then checks the pattern. */
static void fpu_faulter(seL4_Word w_word, seL4_Word unused)
{
    (void)unused;
    struct fpu_worker *w = (struct fpu_worker *)w_word;
    fpu_load(&w->want);
    __asm__ volatile(".global fpu_udf_insn\n"
                     "fpu_udf_insn:\n\t"
                     ".inst 0xe7f000f0"
                     :
                     :
                     : "memory");
    w->mismatches = fpu_check(&w->want);
    w->done = 1;
}

KEEL_TEST(fpu_registers_survive_a_fault_round_trip,
          "a thread's FPU values survive its fault while the handler uses the FPU with "
          "values of its own")
{
    static struct fpu_worker w;
    struct fpu_regs mine;
    struct test_thread t;
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    worker_init(&w, 0x4a, FPSCR_A, &w);
    w.mismatches = 99;
    test_thread_new(env, &t, env->priority, test_mint(env, ep, seL4_AllRights, 1));
    test_thread_start(&t, fpu_faulter, (seL4_Word)&w, 0);
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UserException);
    CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)fpu_udf_insn);
    fpu_pattern(&mine, 0x4b, FPSCR_B);
    fpu_load(&mine);
    seL4_SetMR(seL4_UserException_FaultIP, (seL4_Word)fpu_udf_insn + 4);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_Yield();
    CHECK_EQ(w.done, 1);
    CHECK_EQ(w.mismatches, 0);
    CHECK_EQ(fpu_check(&mine), 0);
}

extern const char fpu_first_vfp_insn[];

/* Its first VFP instruction is at fpu_first_vfp_insn. */
static void fpu_first_use(seL4_Word w_word, seL4_Word unused)
{
    (void)unused;
    struct fpu_worker *w = (struct fpu_worker *)w_word;
    seL4_Word fpscr;
    __asm__ volatile(".fpu neon-vfpv4\n"
                     ".global fpu_first_vfp_insn\n"
                     "fpu_first_vfp_insn:\n\t"
                     "vmrs %0, fpscr"
                     : "=r"(fpscr)
                     :
                     : "memory");
    w->want.fpscr = fpscr;
    w->done = 1;
}

KEEL_TEST(fpu_disabled_flag_makes_vfp_instructions_undefined,
          "with seL4_TCBFlag_fpuDisabled a VFP instruction is a user exception for the "
          "handler; clearing the flag and replying lets the instruction run")
{
    static struct fpu_worker w;
    struct test_thread t;
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    worker_init(&w, 0, 0x1234, &w);
    test_thread_new(env, &t, env->priority, test_mint(env, ep, seL4_AllRights, 1));
    CHECK_OK(seL4_TCB_SetFlags(t.tcb, 0, seL4_TCBFlag_fpuDisabled).error);
    test_thread_start(&t, fpu_first_use, (seL4_Word)&w, 0);
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UserException);
    CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)fpu_first_vfp_insn);
    CHECK_EQ(w.done, 0);
    seL4_TCB_SetFlags_t r = seL4_TCB_SetFlags(t.tcb, seL4_TCBFlag_fpuDisabled, 0);
    CHECK_OK(r.error);
    CHECK_EQ(r.flags, 0);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0)); /* restart the instruction */
    seL4_Yield();
    CHECK_EQ(w.done, 1);
    CHECK_EQ(w.want.fpscr, 0);
}

/* A Thumb function, as picolibc's and libgcc's code is: its first
 * instruction adds 1 to r0, its second is the thread's first VFP
 * instruction. It gives back r0 + 1 only if the kernel, having turned the
 * FPU on, retries exactly that instruction: from Thumb state the
 * undefined-instruction exception's lr is 2 bytes past it, not 4 (ARM ARM
 * B1.8.3). */
__asm__(".pushsection .text.fpu_thumb_add_one, \"ax\", %progbits\n"
        ".syntax unified\n"
        ".thumb\n"
        ".fpu neon-vfpv4\n"
        ".global fpu_thumb_add_one\n"
        ".type fpu_thumb_add_one, %function\n"
        ".thumb_func\n"
        "fpu_thumb_add_one:\n\t"
        "adds r0, #1\n\t"
        "vmov s0, r0\n\t"
        "vmov r0, s0\n\t"
        "bx lr\n"
        ".size fpu_thumb_add_one, . - fpu_thumb_add_one\n"
        ".arm\n"
        ".popsection");
seL4_Word fpu_thumb_add_one(seL4_Word x);

static void fpu_thumb_user(seL4_Word w_word, seL4_Word x)
{
    struct fpu_worker *w = (struct fpu_worker *)w_word;
    w->progress = fpu_thumb_add_one(x);
    w->done = 1;
}

KEEL_TEST(fpu_first_use_in_thumb_code_is_retried_exactly,
          "a thread whose first VFP instruction is Thumb code gets the FPU and that "
          "instruction runs once, neither skipped nor with the one before it repeated")
{
    static struct fpu_worker w;
    struct test_thread t;
    worker_init(&w, 0, 0, &w);
    test_thread_new(env, &t, env->priority + 1, env->fault_ep);
    test_thread_start(&t, fpu_thumb_user, (seL4_Word)&w, 41);
    CHECK_EQ(w.done, 1);
    CHECK_EQ(w.progress, 42);
}
