/*
 * bench: Keel's benchmark root task. It times IPC, notifications, Yield and
 * fault round trips between threads it starts itself, and prints one
 * `bench: NAME ...` line per figure (docs/performance.md explains them).
 * This header is what the parts share: the environment (env.c), the clocks
 * (clock.c), the figures' output (report.c) and the benchmarks (ipc.c).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sel4/sel4.h>

/* ---- Environment: objects, slots, threads, address spaces (env.c) ---- */

/* Benchmark threads run below the root thread (255), which waits while
 * they run; "higher-priority" partners run at BENCH_PRIO + 1. */
#define BENCH_PRIO 100

/* Virtual addresses the bench uses besides its image, one 1 MiB section
 * with its own page table: the threads' IPC buffers (one page per seat),
 * the RTC's registers, and two pages the VM-fault benchmark leaves
 * unmapped for its handler to map. */
#define BENCH_VADDR 0x20000000u
#define BENCH_BUFFER_VADDR(seat) (BENCH_VADDR + (seat)*0x1000u)
#define BENCH_RTC_VADDR (BENCH_VADDR + 0x10000u)
#define BENCH_FAULT_VADDR (BENCH_VADDR + 0x20000u)

/* Threads a benchmark runs at once (a seat is a stack, a TLS area and an
 * IPC buffer page in each address space). */
#define BENCH_SEATS 3

enum bench_space { BENCH_SPACE_ROOT, BENCH_SPACE_OTHER };

struct bench_env {
    seL4_BootInfo *bootinfo;
    seL4_CPtr next_slot, end_slot; /* empty root-CNode slots still free */
    seL4_CPtr untyped;             /* RAM untyped everything comes from */
    seL4_CPtr other_vspace;        /* a second page directory (see env.c) */
    seL4_CPtr done;                /* notification: a benchmark has finished */
    seL4_CPtr idle;                /* notification nobody signals */
};

extern struct bench_env env;

void env_init(seL4_BootInfo *bootinfo);

/* Prints what failed and ends the root task with status 1. */
_Noreturn void bench_fail(const char *what, int error);
void bench_check(seL4_Error err, const char *what);

seL4_CPtr env_new(seL4_Word type, seL4_Word size_bits);
void env_map(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word vaddr);
void env_unmap(seL4_CPtr frame);
/* Maps a new page table covering vaddr into vspace. */
void env_page_table(seL4_CPtr vspace, seL4_Word vaddr);

/* A device frame at physical address paddr, mapped at vaddr (root VSpace). */
void env_map_device(seL4_Word paddr, seL4_Word vaddr);

/*
 * Starts fn(arg) on a new thread in seat `seat`, in the root or the other
 * address space (both share the root CSpace), at priority prio, with fault
 * endpoint fault_ep (seL4_CapNull: none), and returns its TCB cap. When fn
 * returns, the thread waits on env.idle. bench_stop() suspends every
 * thread started so far.
 */
seL4_CPtr bench_thread(unsigned seat, enum bench_space space, void (*fn)(seL4_Word), seL4_Word arg,
                       seL4_Word prio, seL4_CPtr fault_ep);
void bench_stop(void);
/* SMP builds: the thread runs on `core` (0: stays where it is). */
void bench_thread_set_core(seL4_CPtr tcb, seL4_Word core);

/* Waits (in the root thread) until a benchmark thread calls bench_done(). */
void bench_wait(void);
void bench_done(void);

/* ---- Clocks (clock.c) ---- */

/*
 * What the bench reads time with. A counter (PMCCNTR or CNTVCT, when the
 * kernel lets user level read one) timestamps every operation; otherwise
 * the PL031 RTC's seconds bound windows in which operations are counted.
 */
enum bench_clock_kind { BENCH_CLOCK_RTC, BENCH_CLOCK_CNTVCT, BENCH_CLOCK_PMCCNTR };

struct bench_clock {
    enum bench_clock_kind kind;
    uint32_t freq_hz; /* counter frequency (PMCCNTR: QEMU's 1 GHz) */
};

extern struct bench_clock bench_clock;

void clock_init(void);
const char *clock_name(void);

static inline bool clock_has_counter(void)
{
    return bench_clock.kind != BENCH_CLOCK_RTC;
}

/* Runs a known number of instructions: 2 an iteration (subs, bne). */
static inline void bench_spin(uint32_t iterations)
{
    __asm__ volatile("1: subs %0, %0, #1\n"
                     "   bne 1b\n"
                     : "+r"(iterations)
                     :
                     : "cc");
}

/* The counter's low 32 bits; differences are taken modulo 2^32. The ISB
 * keeps the read in program order (ARM ARM, the Generic Timer chapter:
 * counter reads may otherwise be performed out of order). */
static inline uint32_t bench_now(void)
{
    uint32_t lo, hi;

    if (bench_clock.kind == BENCH_CLOCK_PMCCNTR) {
        __asm__ volatile("isb; mrc p15, 0, %0, c9, c13, 0" : "=r"(lo) : : "memory");
    } else {
        __asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi) : : "memory");
        (void)hi;
    }
    return lo;
}

/*
 * Waits 1 to 16 instructions, as a linear congruential generator (the
 * constants of Numerical Recipes) picks, before a driving thread's first
 * stamp of an iteration. Under -icount a coarse counter (CNTVCT ticks
 * every 16 instructions) would otherwise sample the same phases of its
 * tick in every iteration, and the rounding would not average out; with
 * the phase spread evenly the mean of the samples is exact. The delay
 * lies outside every measured interval. `add pc` skips `skip` of the 15
 * nops (the pc reads 8 bytes ahead, past the word that follows it).
 */
static inline void bench_dither(uint32_t *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    uint32_t skip = *seed >> 28;
    __asm__ volatile("add pc, pc, %0, lsl #2\n"
                     "nop\n"
                     ".rept 15\n"
                     "nop\n"
                     ".endr\n"
                     :
                     : "r"(skip));
}

/* The PL031's data register: seconds (ARM PL031 TRM, RTCDR at offset 0). */
static inline uint32_t rtc_read(void)
{
    return *(volatile uint32_t *)BENCH_RTC_VADDR;
}

/*
 * Counting window (RTC clock): runs body until the RTC's second changes and
 * stores how many times it ran. The window starts at the edge the previous
 * window ended on (the setup in between is a few ten thousand
 * instructions), or at the next edge if that second is over.
 */
extern uint32_t rtc_second; /* the second the last window's end edge began */
uint32_t rtc_window_start(void);

/* Iterations bench_spin() runs between two reads of the RTC. */
#define RTC_POLL_SPIN 1000u

/* What BENCH_WINDOW's own loop adds to every iteration: ldr (RTCDR), add,
 * cmp, bne, as GCC compiles it here (checked with objdump). */
#define BENCH_WINDOW_LOOP_INSTRUCTIONS 4u
#define BENCH_WINDOW(count, body)                     \
    do {                                              \
        uint32_t window_second_ = rtc_window_start(); \
        uint32_t window_n_ = 0;                       \
        do {                                          \
            body;                                     \
            window_n_++;                              \
        } while (rtc_read() == window_second_);       \
        rtc_second = window_second_ + 1;              \
        (count) = window_n_;                          \
    } while (0)

/* ---- Figures (report.c) ---- */

/* Timestamps of one benchmark (counter clocks): BENCH_WARMUP iterations
 * that are not reported, then BENCH_SAMPLES that are. */
#define BENCH_WARMUP 16
#define BENCH_SAMPLES 1000
#define BENCH_RUNS (BENCH_WARMUP + BENCH_SAMPLES)
#define BENCH_STAMPS 4
extern uint32_t stamps[BENCH_STAMPS][BENCH_RUNS];

/* Measures the cost of reading the counter and storing the stamp, which
 * report_samples subtracts. */
void report_calibrate(void);

/* Prints NAME's samples stamps[to][i] - stamps[from][i] (counter clocks):
 * their mean without the outliers a timer tick caused, min and median. */
void report_samples(const char *name, unsigned from, unsigned to);

/* Prints NAME from a window count (RTC clock): (the window's instructions
 * / count, less the window loop's own) / ops_per_iteration. */
void report_window(const char *name, uint32_t count, unsigned ops_per_iteration);

/* ---- Benchmarks (ipc.c) ---- */

void bench_ipc(unsigned words, enum bench_space server_space);
/* Call and ReplyRecv with the server on core 1 (multicore machines). */
void bench_ipc_cross_core(unsigned words);
void bench_send(void);
void bench_signal(void);
void bench_yield(void);
void bench_fault_unknown_syscall(void);
void bench_fault_vm(void);

/* ---- Benchmarks (map.c) ---- */

void bench_map(void);
