/*
 * seL4's benchmark configuration (KernelBenchmarks in
 * tools/cmake/config.cmake; seL4 16.0.0 src/benchmark and the benchmark
 * cases of handleUnknownSyscall): the benchmark system calls, each thread's
 * utilisation (track_utilisation) and the kernel log that trace points
 * write (tracepoints). src/api/benchmark.c holds them. Without benchmarks
 * the hooks below compile to nothing and the numbers stay unknown syscalls.
 */
#pragma once

#include <config.h>
#include <types.h>
#include <object/tcb.h>

/* ---- Which benchmark system calls a configuration has ---- */

/* seL4's conditions, as bits: any benchmark configuration; the kernel log
 * buffer (tracepoints, track_kernel_entries); utilisation tracking; a debug
 * build (the two all-threads calls need seL4's list of every TCB). */
#define BENCHMARK_HAS_CALLS BIT(0)
#define BENCHMARK_HAS_LOG_BUFFER BIT(1)
#define BENCHMARK_HAS_UTILISATION BIT(2)
#define BENCHMARK_HAS_DEBUG BIT(3)

#define BENCHMARK_CONFIGURED                                                             \
    ((config_set(CONFIG_ENABLE_BENCHMARKS) ? BENCHMARK_HAS_CALLS : 0u) |                 \
     (config_set(CONFIG_KERNEL_LOG_BUFFER) ? BENCHMARK_HAS_LOG_BUFFER : 0u) |            \
     (config_set(CONFIG_BENCHMARK_TRACK_UTILISATION) ? BENCHMARK_HAS_UTILISATION : 0u) | \
     (config_set(CONFIG_DEBUG_BUILD) ? BENCHMARK_HAS_DEBUG : 0u))

/* Whether a configuration with `features` has system call `syscall`. */
bool benchmark_syscall_exists(sword_t syscall, word_t features);

/* Runs benchmark system call `syscall` for `thread`, which must exist in
 * this configuration; results go to its registers and IPC buffer. */
void benchmark_syscall_perform(tcb_t *thread, sword_t syscall);

/* The hook in the unknown-syscall path: true if `syscall` was a benchmark
 * call of this configuration and has been handled. */
static inline bool benchmark_syscall(tcb_t *thread, sword_t syscall)
{
    if (!config_set(CONFIG_ENABLE_BENCHMARKS) ||
        !benchmark_syscall_exists(syscall, BENCHMARK_CONFIGURED)) {
        return false;
    }
    benchmark_syscall_perform(thread, syscall);
    return true;
}

/* ---- Utilisation (track_utilisation) ---- */

/*
 * One thread's counters (seL4's benchmark_util_t): the cycles it has run,
 * how often it was switched to, its cycles and entries in the kernel, all
 * since ResetLog (or a reset of the thread's counters), and the cycle
 * counter when it was last switched to. Cycle counts are differences of
 * the 32-bit PMCCNTR taken modulo 2^32, so a stretch of more than 2^32
 * cycles without a switch is undercounted.
 */
typedef struct benchmark_util {
    uint64_t utilisation;
    uint64_t number_schedules;
    uint64_t kernel_utilisation;
    uint64_t number_kernel_entries;
    word_t schedule_start_time;
} benchmark_util_t;

/* The core's counters between ResetLog and FinalizeLog. */
typedef struct benchmark_totals {
    bool enabled;      /* counting (seL4 benchmark_log_utilisation_enabled) */
    word_t start_time; /* cycle counter at ResetLog */
    word_t end_time;   /* ... and at FinalizeLog */
    uint64_t number_schedules;
    uint64_t kernel_time;
    uint64_t kernel_number_entries;
    word_t kernel_enter; /* cycle counter at the current kernel entry */
} benchmark_totals_t;

/* What GetThreadUtilisation writes, as 64-bit values from the first
 * message word of the caller's IPC buffer on, in this order (seL4's enum
 * benchmark_track_util_ipc_index, <sel4/benchmark_utilisation_types.h>). */
enum benchmark_util_value {
    BENCHMARK_TCB_UTILISATION,
    BENCHMARK_TCB_NUMBER_SCHEDULES,
    BENCHMARK_TCB_KERNEL_UTILISATION,
    BENCHMARK_TCB_NUMBER_KERNEL_ENTRIES,
    BENCHMARK_IDLE_LOCALCPU_UTILISATION,
    BENCHMARK_IDLE_TCBCPU_UTILISATION,
    BENCHMARK_IDLE_NUMBER_SCHEDULES,
    BENCHMARK_IDLE_KERNEL_UTILISATION,
    BENCHMARK_IDLE_NUMBER_KERNEL_ENTRIES,
    BENCHMARK_TOTAL_UTILISATION,
    BENCHMARK_TOTAL_NUMBER_SCHEDULES,
    BENCHMARK_TOTAL_KERNEL_UTILISATION,
    BENCHMARK_TOTAL_NUMBER_KERNEL_ENTRIES,
    BENCHMARK_UTIL_VALUES
};

/* The pure bookkeeping, given the cycle counter `now` (host-tested). */
void benchmark_util_reset(benchmark_util_t *util);
/* Charges `from` the cycles since it was switched to, starts `to`. */
void benchmark_util_switch(benchmark_totals_t *totals, benchmark_util_t *from, benchmark_util_t *to,
                           word_t now);
/* ResetLog: counting starts now, with the current thread running. */
void benchmark_util_start(benchmark_totals_t *totals, benchmark_util_t *current,
                          benchmark_util_t *idle, word_t now);
/* FinalizeLog: the current thread is charged up to now; counting stops. */
void benchmark_util_finalise(benchmark_totals_t *totals, benchmark_util_t *current,
                             benchmark_util_t *idle, word_t now);
/* A kernel exit: the current thread is charged its time in the kernel. */
void benchmark_util_kernel_exit(benchmark_totals_t *totals, benchmark_util_t *current, word_t now);
void benchmark_util_report(const benchmark_totals_t *totals, const benchmark_util_t *tcb,
                           const benchmark_util_t *idle, uint64_t values[BENCHMARK_UTIL_VALUES]);

/*
 * A thread's counters live in its TCB object, in the bytes between the
 * 2^TCB_CNODE_RADIX slots a zombie may cover and tcb_t (TCB_OFFSET); they
 * are zero when the TCB is made, as the whole object is.
 */
#define BENCHMARK_UTIL_OFFSET (BIT(TCB_CNODE_RADIX) * sizeof(cte_t))
_Static_assert(BENCHMARK_UTIL_OFFSET + sizeof(benchmark_util_t) <= TCB_OFFSET,
               "the utilisation counters fit between a TCB's slots and its tcb_t");

static inline benchmark_util_t *benchmark_util_of(const tcb_t *tcb)
{
    return pptr_to_ptr(tcb_ref(tcb) + BENCHMARK_UTIL_OFFSET);
}

/* The switch hook (seL4 switchToThread): the kernel will return to `next`
 * rather than to the thread whose registers `from` holds (the context the
 * architecture last made current; NULL before the first switch). That
 * thread is charged the cycles since it was switched to. */
void benchmark_utilisation_switch(const user_context_t *from, tcb_t *next);

static inline void benchmark_thread_switch(const user_context_t *from, tcb_t *next)
{
    if (config_set(CONFIG_BENCHMARK_TRACK_UTILISATION)) {
        benchmark_utilisation_switch(from, next);
    }
}

/* Kernel entry and exit hooks (seL4's c_entry_hook and c_exit_hook): the
 * trap vectors call them in track_utilisation builds only
 * (src/arch/arm/vectors.S), so the kernel-time counters
 * (BENCHMARK_*_KERNEL_*) count every entry, the fast path's included. */
void benchmark_utilisation_kernel_entry(void);
void benchmark_utilisation_kernel_exit(void);

/* ---- The kernel log (tracepoints) ---- */

/* seL4_LogBufferSize: the log is one 1 MiB section frame (seL4 aarch32
 * benchmark_arch_map_logBuffer wants an ARMSection). */
#define BENCHMARK_LOG_BUFFER_BITS 20u

/* One entry of the tracepoints' log (seL4 benchmark_tracepoint_log_entry_t):
 * the trace point id and the cycles from its start to its stop. */
typedef struct benchmark_tracepoint_entry {
    word_t id;
    word_t duration;
} benchmark_tracepoint_entry_t;

/* At least one slot, so that the arrays below exist in every build. */
#define BENCHMARK_TRACE_POINT_IDS \
    (CONFIG_MAX_NUM_TRACE_POINTS > 0 ? CONFIG_MAX_NUM_TRACE_POINTS : 1)

typedef struct benchmark_log {
    benchmark_tracepoint_entry_t *buffer; /* the frame SetLogBuffer gave; NULL: none */
    word_t index;                         /* entries written, and attempted past the end */
    word_t index_finalized;               /* index at FinalizeLog */
    word_t start[BENCHMARK_TRACE_POINT_IDS];
    bool started[BENCHMARK_TRACE_POINT_IDS];
} benchmark_log_t;

/* Whether `cap` may be the log buffer (seL4: a frame cap of the large size
 * the log needs, here a section; Keel also refuses device memory, which
 * the kernel window does not reach). ERR_NONE or ERR_ILLEGAL_OPERATION. */
word_t benchmark_log_buffer_check(cap_t cap);

/* Trace points (seL4's TRACE_POINT_START and TRACE_POINT_STOP): a stop
 * logs the cycles since the start of the same id, if a log buffer is set;
 * the index counts on past the end, so a reader sees how many were lost. */
void benchmark_log_trace_start(benchmark_log_t *log, word_t id, word_t now);
void benchmark_log_trace_stop(benchmark_log_t *log, word_t id, word_t now);

void benchmark_trace_point_start_now(word_t id);
void benchmark_trace_point_stop_now(word_t id);

static inline void benchmark_trace_point_start(word_t id)
{
    if (config_set(CONFIG_BENCHMARK_TRACEPOINTS) && id < BENCHMARK_TRACE_POINT_IDS) {
        benchmark_trace_point_start_now(id);
    }
}

static inline void benchmark_trace_point_stop(word_t id)
{
    if (config_set(CONFIG_BENCHMARK_TRACEPOINTS) && id < BENCHMARK_TRACE_POINT_IDS) {
        benchmark_trace_point_stop_now(id);
    }
}
