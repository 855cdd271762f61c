/*
 * bench: turning timestamps and window counts into the printed figures,
 * in nanoseconds of QEMU virtual time, which under `-icount shift=0` are
 * instructions (docs/performance.md). Figures are kept in tenths (counter
 * clocks) or hundredths (RTC) as integers: no floating point.
 */
#include <stdio.h>
#include <stdlib.h>
#include "bench.h"

uint32_t stamps[BENCH_STAMPS][BENCH_RUNS];
static uint32_t samples[BENCH_SAMPLES];

/* Counter clocks: what one stamp costs, in tenths of a nanosecond. */
static uint32_t stamp_cost_x10;
/* RTC clock: user instructions in one window, as the calibration counted
 * them (a second, less what the kernel's timer ticks take). */
static uint64_t window_instructions;

/* Counter ticks in tenths of a nanosecond. */
static uint64_t ticks_x10(uint32_t ticks)
{
    return (uint64_t)ticks * 10000000000ull / bench_clock.freq_hz;
}

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

#define CALIBRATION_ITERATIONS 100000u
#define CALIBRATION_TRIES 5

static void calibrate_counter(void)
{
    uint64_t sum = 0;
    uint32_t seed = 1;
    for (unsigned i = 0; i < BENCH_RUNS; i++) {
        bench_dither(&seed);
        stamps[0][i] = bench_now();
        stamps[1][i] = bench_now();
        if (i >= BENCH_WARMUP) {
            sum += ticks_x10(stamps[1][i] - stamps[0][i]);
        }
    }
    stamp_cost_x10 = (uint32_t)(sum / BENCH_SAMPLES);
    /* The fewest of a few tries: a kernel tick may land in one. */
    uint64_t best = UINT64_MAX;
    for (unsigned t = 0; t < CALIBRATION_TRIES; t++) {
        uint32_t start = bench_now();
        bench_spin(CALIBRATION_ITERATIONS);
        uint32_t end = bench_now();
        uint64_t x10 = ticks_x10(end - start);
        best = x10 < best ? x10 : best;
    }
    best = best > stamp_cost_x10 ? best - stamp_cost_x10 : 0;
    printf("bench: calibration clock=%s freq_hz=%u stamp_ns=%u.%u loop_instructions=%u "
           "loop_ns=%u.%u\n",
           clock_name(), (unsigned)bench_clock.freq_hz, (unsigned)(stamp_cost_x10 / 10),
           (unsigned)(stamp_cost_x10 % 10), 2 * CALIBRATION_ITERATIONS, (unsigned)(best / 10),
           (unsigned)(best % 10));
}

/* A window in assembly, so that its length is known: each iteration
 * spins RTC_POLL_SPIN times (mov, then subs and bne each time), then
 * polls (ldr, add, cmp, beq). */
#define CALIBRATION_LOOP_INSTRUCTIONS (1u + 2u * RTC_POLL_SPIN + 4u)

static uint32_t calibration_window(void)
{
    uint32_t second = rtc_window_start(), n = 0, value, spin;
    __asm__ volatile("1: mov %[spin], %[spins]\n"
                     "2: subs %[spin], %[spin], #1\n"
                     "   bne 2b\n"
                     "   ldr %[value], [%[rtc]]\n"
                     "   add %[n], %[n], #1\n"
                     "   cmp %[value], %[second]\n"
                     "   beq 1b\n"
                     : [n] "+r"(n), [value] "=&r"(value), [spin] "=&r"(spin)
                     : [rtc] "r"(BENCH_RTC_VADDR), [second] "r"(second), [spins] "i"(RTC_POLL_SPIN)
                     : "cc", "memory");
    rtc_second = second + 1;
    return n;
}

/* Under -icount shift=0 with the RTC on virtual time, a second holds 10^9
 * instructions, so the loop should measure CALIBRATION_LOOP_INSTRUCTIONS
 * ns, plus the kernel's timer ticks (about 0.01 %). The instructions it
 * counted are the length of every window: that leaves the ticks out. */
static void calibrate_rtc(void)
{
    uint32_t n = calibration_window();
    window_instructions = (uint64_t)n * CALIBRATION_LOOP_INSTRUCTIONS;
    uint32_t loop_x100 = (uint32_t)(100000000000ull / n);
    uint32_t expected_x100 = 100u * CALIBRATION_LOOP_INSTRUCTIONS;
    printf("bench: calibration clock=rtc iterations=%u loop_instructions=%u loop_ns=%u.%02u\n",
           (unsigned)n, CALIBRATION_LOOP_INSTRUCTIONS, (unsigned)(loop_x100 / 100),
           (unsigned)(loop_x100 % 100));
    if (loop_x100 < expected_x100 - expected_x100 / 100 ||
        loop_x100 > expected_x100 + expected_x100 / 100) {
        printf("bench: warning: the RTC does not count instructions; the figures below are "
               "not instruction counts (run QEMU with -icount shift=0 -rtc clock=vm)\n");
    }
}

void report_calibrate(void)
{
    if (clock_has_counter()) {
        calibrate_counter();
    } else {
        calibrate_rtc();
    }
}

/* A sample this far (tenths of an instruction) above the median had the
 * kernel's timer tick land in it: a tick costs some 200 instructions,
 * while CNTVCT's rounding moves samples by less than 32. */
#define OUTLIER_X10 640u

void report_samples(const char *name, unsigned from, unsigned to)
{
    for (unsigned i = 0; i < BENCH_SAMPLES; i++) {
        unsigned run = BENCH_WARMUP + i;
        uint64_t x10 = ticks_x10(stamps[to][run] - stamps[from][run]);
        x10 = x10 > stamp_cost_x10 ? x10 - stamp_cost_x10 : 0;
        samples[i] = x10 > UINT32_MAX ? UINT32_MAX : (uint32_t)x10;
    }
    qsort(samples, BENCH_SAMPLES, sizeof samples[0], compare_u32);
    uint32_t median = samples[BENCH_SAMPLES / 2];
    uint64_t sum = 0;
    unsigned kept = 0;
    while (kept < BENCH_SAMPLES && samples[kept] <= median + OUTLIER_X10) {
        sum += samples[kept++];
    }
    uint32_t mean = (uint32_t)(sum / kept);
    printf("bench: %s iterations=%u instructions_per_op=%u.%u min=%u median=%u outliers=%u "
           "clock=%s\n",
           name, BENCH_SAMPLES, (unsigned)(mean / 10), (unsigned)(mean % 10),
           (unsigned)((samples[0] + 5) / 10), (unsigned)((median + 5) / 10), BENCH_SAMPLES - kept,
           clock_name());
}

void report_window(const char *name, uint32_t count, unsigned ops_per_iteration)
{
    uint64_t x100 = count ? window_instructions * 100u / count : 0;
    uint64_t loop_x100 = 100u * BENCH_WINDOW_LOOP_INSTRUCTIONS;
    x100 = x100 > loop_x100 ? x100 - loop_x100 : 0;
    uint32_t x10 = (uint32_t)((x100 / ops_per_iteration + 5) / 10);
    printf("bench: %s iterations=%u instructions_per_op=%u.%u clock=rtc\n", name, (unsigned)count,
           (unsigned)(x10 / 10), (unsigned)(x10 % 10));
}
