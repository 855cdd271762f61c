/*
 * Tutorial 12 (docs/tutorials/12-floating-point.md): floating point in two
 * threads side by side. Root tasks are built hard-float (VFPv4/NEON); the
 * kernel gives a thread the FPU at its first VFP instruction and keeps
 * each thread's d0-d31 and FPSCR apart. Two rootlib threads integrate a
 * polynomial each, yielding to each other after every step with partial
 * sums in FPU registers, and one of them rounds towards zero (FPSCR) while
 * the other rounds to nearest. Every result is checked exactly.
 */
#include <fenv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>
#include <rootlib/env.h>
#include <rootlib/thread.h>

#define WORKER_PRIORITY 100 /* below the root task: it waits, they run */
#define STEPS 256

static struct rootlib_pool pool; /* BootInfo's slots and untypeds */
static struct rootlib_env env;

/* What one worker does and finds; the other's progress is how it sees
 * that they took turns. */
struct worker {
    const char *name;
    double (*step)(unsigned i); /* the i-th term of its sum */
    double scale, divisor;      /* the integral is sum * scale / divisor */
    int rounding;               /* FE_TONEAREST or FE_TOWARDZERO */
    volatile unsigned progress;
    volatile const unsigned *other_progress;
    unsigned turns; /* steps after which the other had run */
    double integral;
    double tenth; /* 1.0 / 10.0 in its rounding mode */
};

static void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        printf("float: %s failed with error %d\n", what, (int)err);
        exit(1);
    }
}

/* Midpoint rule for x^2 on [0, 1]: (i + 1/2)^2 for the i-th strip, times
 * the strip's width cubed. Every term and partial sum is a multiple of
 * 1/4 below 2^32, so the double sum is exact. */
static double midpoint_square(unsigned i)
{
    double x = i + 0.5;
    return x * x;
}

/* Simpson's rule for x^3 on [0, 2] with STEPS strips of width h = 1/128,
 * in units of h^3: node i weighs 1, 4, 2, 4, ..., 4, 1. Simpson's rule is
 * exact for cubics, and these sums are exact integers. */
static double simpson_cube(unsigned i)
{
    double x = i, weight = (i == 0 || i == STEPS) ? 1 : (i % 2 ? 4 : 2);
    return weight * x * x * x;
}

static seL4_Word work(seL4_Word w_word)
{
    struct worker *w = (struct worker *)w_word;
    volatile double one = 1.0, ten = 10.0; /* not folded at compile time */
    unsigned steps = w->step == simpson_cube ? STEPS + 1 : STEPS;
    double sum = 0;

    fesetround(w->rounding); /* FPSCR.RMode: this thread's own */
    for (unsigned i = 0; i < steps; i++) {
        unsigned other = *w->other_progress;
        sum += w->step(i);
        w->progress++;
        seL4_Yield(); /* the other thread runs; sum stays in a d register */
        w->turns += *w->other_progress != other;
    }
    w->integral = sum * w->scale / w->divisor;
    w->tenth = one / ten;
    return 0;
}

int main(void)
{
    static struct rootlib_thread ta, tb;
    static struct worker a = {
        .name = "A",
        .step = midpoint_square,
        .scale = 1.0 / ((double)STEPS * STEPS * STEPS), /* width^3, a power of two */
        .divisor = 1,
        .rounding = FE_TONEAREST,
    };
    static struct worker b = {
        .name = "B",
        .step = simpson_cube,
        .scale = 1.0 / (128.0 * 128 * 128 * 128), /* h^4 (h^3 per unit, h of h/3) */
        .divisor = 3,                             /* 12 / 3: exact */
        .rounding = FE_TOWARDZERO,
    };
    a.other_progress = &b.progress;
    b.other_progress = &a.progress;

    rootlib_env_init(&env, &pool, seL4_GetBootInfo());
    check(rootlib_thread_create(&env, &ta, WORKER_PRIORITY, seL4_CapNull, 0), "thread A");
    check(rootlib_thread_create(&env, &tb, WORKER_PRIORITY, seL4_CapNull, 0), "thread B");
    printf("float: thread A: midpoint rule for x^2 on [0, 1], %u strips, rounding to nearest\n",
           STEPS);
    printf("float: thread B: Simpson's rule for x^3 on [0, 2], %u strips, rounding towards "
           "zero\n",
           STEPS);
    check(rootlib_thread_start(&ta, work, (seL4_Word)&a), "start A");
    check(rootlib_thread_start(&tb, work, (seL4_Word)&b), "start B");
    rootlib_thread_join(&ta, NULL);
    rootlib_thread_join(&tb, NULL);

    /* The exact answers: midpoint gives 1/3 - 1/(12 * STEPS^2), which is
     * (4 STEPS^2 - 1) STEPS / 12 in units of width^3 (the sum of the odd
     * squares below 2 STEPS, over 4); Simpson gives 4. */
    double a_exact_scaled = (4.0 * STEPS * STEPS - 1) * STEPS / 12; /* an integer */
    bool a_ok = a.integral * ((double)STEPS * STEPS * STEPS) == a_exact_scaled;
    bool b_ok = b.integral == 4.0;
    printf("float: A: %.15f, %s\n", a.integral, a_ok ? "exactly 1/3 - 1/(12 * 256^2)" : "WRONG");
    printf("float: B: %.15f, %s\n", b.integral, b_ok ? "exactly 4" : "WRONG");
    printf("float: they took turns: A saw B run after %u of its %u steps, B saw A after %u "
           "of its %u\n",
           a.turns, STEPS, b.turns, STEPS + 1);

    /* 1/10 is 0x1.999...9|99... in binary: rounding to nearest rounds the
     * last digit up, towards zero cuts it. Each thread kept its own mode. */
    union {
        double d;
        unsigned long long u;
    } ta_bits = { a.tenth }, tb_bits = { b.tenth };
    printf("float: 1/10 in A: 0x%016llx, in B: 0x%016llx\n", ta_bits.u, tb_bits.u);
    bool modes_ok = ta_bits.u == 0x3fb999999999999aull && tb_bits.u == 0x3fb9999999999999ull;
    bool turns_ok = a.turns >= STEPS - 1 && b.turns >= STEPS - 1;
    printf("float: %s\n", a_ok && b_ok && modes_ok && turns_ok
                              ? "both threads computed exactly, side by side"
                              : "FAILED");
    return a_ok && b_ok && modes_ok && turns_ok ? 0 : 1;
}
