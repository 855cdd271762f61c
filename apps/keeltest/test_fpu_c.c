/*
 * keeltest: floating point from compiled C, as root tasks use it (hard-float
 * by default: doubles live in d registers across calls and system calls).
 * Two threads keep partial sums in FPU registers while yielding to each
 * other after every term, with different rounding modes; every result is
 * checked exactly. test_fpu.c checks the registers themselves.
 */
#include <fenv.h>
#include "keeltest.h"

#define TERMS 64

/* Soft-float builds have no FPSCR, and picolibc no rounding modes for them. */
#ifndef __ARM_PCS_VFP
#define FE_TONEAREST 0
#define FE_TOWARDZERO 0
#define fesetround(mode) ((void)(mode))
#endif

struct fpu_c_worker {
    double first; /* the sum is first + (first + 1) + ... over TERMS terms */
    int rounding; /* FE_TONEAREST or FE_TOWARDZERO */
    volatile seL4_Word progress;
    volatile seL4_Word *other_progress;
    seL4_Word turns; /* terms after which the other had run */
    double sum;
    double tenth; /* 1/10 in its rounding mode */
};

static void fpu_c_worker(seL4_Word w_word, seL4_Word unused)
{
    (void)unused;
    struct fpu_c_worker *w = (struct fpu_c_worker *)w_word;
    volatile double one = 1.0, ten = 10.0;
    double sum = 0;

    fesetround(w->rounding);
    for (unsigned i = 0; i < TERMS; i++) {
        seL4_Word other = *w->other_progress;
        sum += w->first + i;
        w->progress++;
        seL4_Yield();
        w->turns += *w->other_progress != other;
    }
    w->sum = sum;
    w->tenth = one / ten;
}

static uint64_t double_bits(double d)
{
    union {
        double d;
        uint64_t u;
    } v = { d };
    return v.u;
}

KEEL_TEST(fpu_c_doubles_and_rounding_modes_stay_per_thread,
          "two threads summing doubles in C, yielding after every term, get exact sums, and "
          "each keeps its own rounding mode (1/10 rounded to nearest, or towards zero)")
{
    static struct fpu_c_worker a, b;
    struct test_thread ta, tb;
    a = (struct fpu_c_worker){ .first = 0.5,
                               .rounding = FE_TONEAREST,
                               .other_progress = &b.progress };
    b = (struct fpu_c_worker){ .first = 1000.25,
                               .rounding = FE_TOWARDZERO,
                               .other_progress = &a.progress };
    test_thread_new(env, &ta, env->priority - 1, env->fault_ep);
    test_thread_new(env, &tb, env->priority - 1, env->fault_ep);
    test_thread_start(&ta, fpu_c_worker, (seL4_Word)&a, 0);
    test_thread_start(&tb, fpu_c_worker, (seL4_Word)&b, 0);
    CHECK_OK(seL4_TCB_SetPriority(env->tcb, env->tcb, env->priority - 2));
    CHECK_OK(seL4_TCB_SetPriority(env->tcb, env->tcb, env->priority));
    CHECK(ta.block->done && tb.block->done);
    /* TERMS * first + TERMS (TERMS - 1) / 2: exact in binary */
    CHECK(a.sum == TERMS * 0.5 + TERMS * (TERMS - 1) / 2);
    CHECK(b.sum == TERMS * 1000.25 + TERMS * (TERMS - 1) / 2);
    CHECK(a.turns >= TERMS - 1 && b.turns >= TERMS - 1);
#if defined(__ARM_PCS_VFP)
    /* 1/10 = 0x1.999...p-4: the last digit rounds up to nearest, is cut
     * towards zero. (Soft-float builds have no FPSCR rounding modes.) */
    CHECK_EQ(double_bits(a.tenth) >> 32, 0x3fb99999u);
    CHECK_EQ(double_bits(a.tenth) & 0xffffffffu, 0x9999999au);
    CHECK_EQ(double_bits(b.tenth) & 0xffffffffu, 0x99999999u);
#else
    (void)double_bits;
#endif
}
