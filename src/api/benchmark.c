/*
 * seL4's benchmark system calls (include/api/benchmark.h). They reach the
 * kernel as unknown syscall numbers -18 to -26; src/api/syscall.c hands
 * them here when the configuration has them, as seL4's handleUnknownSyscall
 * does, and each follows seL4 16.0.0's handle_SysBenchmark*: its result in
 * r0 where seL4 writes one, utilisation figures in the caller's IPC buffer.
 * The bookkeeping is pure functions of the cycle counter, host-tested;
 * the cycle counter and the caches are the architecture's.
 */
#include <stddef.h>
#include <api/benchmark.h>
#include <api/syscall_numbers.h>
#include <arch/benchmark.h>
#include <kernel/cspace.h>
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <kernel/thread.h>

static benchmark_totals_t totals;
static benchmark_log_t kernel_log;

/* ---- Which calls exist (seL4 handleUnknownSyscall's conditions) ---- */

bool benchmark_syscall_exists(sword_t syscall, word_t features)
{
    if (!(features & BENCHMARK_HAS_CALLS)) {
        return false;
    }
    switch (syscall) {
    case SysBenchmarkFlushCaches:
    case SysBenchmarkResetLog:
    case SysBenchmarkFinalizeLog:
    case SysBenchmarkNullSyscall:
        return true;
    case SysBenchmarkSetLogBuffer:
        return features & BENCHMARK_HAS_LOG_BUFFER;
    case SysBenchmarkGetThreadUtilisation:
    case SysBenchmarkResetThreadUtilisation:
        return features & BENCHMARK_HAS_UTILISATION;
    case SysBenchmarkDumpAllThreadsUtilisation:
    case SysBenchmarkResetAllThreadsUtilisation:
        return (features & BENCHMARK_HAS_UTILISATION) && (features & BENCHMARK_HAS_DEBUG);
    default:
        return false;
    }
}

/* ---- Utilisation bookkeeping (pure) ---- */

void benchmark_util_reset(benchmark_util_t *util)
{
    *util = (benchmark_util_t){ 0 };
}

void benchmark_util_switch(benchmark_totals_t *t, benchmark_util_t *from, benchmark_util_t *to,
                           word_t now)
{
    if (!t->enabled) {
        return;
    }
    if (from != NULL) {
        from->utilisation += (word_t)(now - from->schedule_start_time);
    }
    to->schedule_start_time = now;
    to->number_schedules++;
    t->number_schedules++;
}

/* seL4 handle_SysBenchmarkResetLog: the idle thread's counters and the
 * totals restart; the caller's own counters go on, from now. */
void benchmark_util_start(benchmark_totals_t *t, benchmark_util_t *current, benchmark_util_t *idle,
                          word_t now)
{
    t->enabled = true;
    benchmark_util_reset(idle);
    current->schedule_start_time = now;
    current->number_schedules++;
    t->start_time = now;
    t->kernel_time = 0;
    t->kernel_number_entries = 0;
    t->number_schedules = 1;
}

/* seL4 benchmark_utilisation_finalise: as if the idle thread ran from now. */
void benchmark_util_finalise(benchmark_totals_t *t, benchmark_util_t *current,
                             benchmark_util_t *idle, word_t now)
{
    benchmark_util_switch(t, current, idle, now);
    t->end_time = now;
    t->enabled = false;
}

void benchmark_util_kernel_exit(benchmark_totals_t *t, benchmark_util_t *current, word_t now)
{
    if (!t->enabled) {
        return;
    }
    word_t cycles = now - t->kernel_enter;
    current->number_kernel_entries++;
    current->kernel_utilisation += cycles;
    t->kernel_number_entries++;
    t->kernel_time += cycles;
}

/* seL4 benchmark_track_utilisation_dump, one core: the idle thread of the
 * caller's core is also the idle thread of the target's. */
void benchmark_util_report(const benchmark_totals_t *t, const benchmark_util_t *tcb,
                           const benchmark_util_t *idle, uint64_t values[BENCHMARK_UTIL_VALUES])
{
    values[BENCHMARK_TCB_UTILISATION] = tcb->utilisation;
    values[BENCHMARK_TCB_NUMBER_SCHEDULES] = tcb->number_schedules;
    values[BENCHMARK_TCB_KERNEL_UTILISATION] = tcb->kernel_utilisation;
    values[BENCHMARK_TCB_NUMBER_KERNEL_ENTRIES] = tcb->number_kernel_entries;
    values[BENCHMARK_IDLE_LOCALCPU_UTILISATION] = idle->utilisation;
    values[BENCHMARK_IDLE_TCBCPU_UTILISATION] = idle->utilisation;
    values[BENCHMARK_IDLE_NUMBER_SCHEDULES] = idle->number_schedules;
    values[BENCHMARK_IDLE_KERNEL_UTILISATION] = idle->kernel_utilisation;
    values[BENCHMARK_IDLE_NUMBER_KERNEL_ENTRIES] = idle->number_kernel_entries;
    values[BENCHMARK_TOTAL_UTILISATION] = (word_t)(t->end_time - t->start_time);
    values[BENCHMARK_TOTAL_NUMBER_SCHEDULES] = t->number_schedules;
    values[BENCHMARK_TOTAL_KERNEL_UTILISATION] = t->kernel_time;
    values[BENCHMARK_TOTAL_NUMBER_KERNEL_ENTRIES] = t->kernel_number_entries;
}

/* ---- The kernel log (pure) ---- */

#define LOG_ENTRIES (BIT(BENCHMARK_LOG_BUFFER_BITS) / sizeof(benchmark_tracepoint_entry_t))

word_t benchmark_log_buffer_check(cap_t cap)
{
    if (cap_get_type(cap) != CAP_FRAME || cap_frame_get_size(cap) != FRAME_SECTION ||
        cap_frame_get_is_device(cap)) {
        return ERR_ILLEGAL_OPERATION;
    }
    return ERR_NONE;
}

void benchmark_log_trace_start(benchmark_log_t *log, word_t id, word_t now)
{
    log->start[id] = now;
    log->started[id] = true;
}

void benchmark_log_trace_stop(benchmark_log_t *log, word_t id, word_t now)
{
    if (log->buffer == NULL || !log->started[id]) {
        return;
    }
    log->started[id] = false;
    if (log->index < LOG_ENTRIES) {
        log->buffer[log->index] = (benchmark_tracepoint_entry_t){ id, now - log->start[id] };
    }
    log->index++;
}

void benchmark_trace_point_start_now(word_t id)
{
    benchmark_log_trace_start(&kernel_log, id, arch_benchmark_timestamp());
}

void benchmark_trace_point_stop_now(word_t id)
{
    benchmark_log_trace_stop(&kernel_log, id, arch_benchmark_timestamp());
}

/* ---- The hooks ---- */

static benchmark_util_t *idle_util(void)
{
    return benchmark_util_of(ks_idle_thread);
}

void benchmark_utilisation_switch(const user_context_t *from, tcb_t *next)
{
    const tcb_t *prev = NULL;
    if (from != NULL) {
        prev = (const tcb_t *)((const char *)from - offsetof(tcb_t, context));
    }
    benchmark_util_switch(&totals, prev != NULL ? benchmark_util_of(prev) : NULL,
                          benchmark_util_of(next), arch_benchmark_timestamp());
}

void benchmark_utilisation_kernel_entry(void)
{
    totals.kernel_enter = arch_benchmark_timestamp();
}

void benchmark_utilisation_kernel_exit(void)
{
    benchmark_util_kernel_exit(&totals, benchmark_util_of(ks_cur_thread),
                               arch_benchmark_timestamp());
}

/* ---- The system calls ---- */

/* seL4's utilisation calls look the cap up and, if it is not a thread cap,
 * report it and do nothing (no fault, no error). */
static tcb_t *lookup_thread(tcb_t *thread, cptr_t cptr, const char *call)
{
    resolve_result_t r = cspace_lookup_slot(thread, cptr);
    if (!r.ok || cap_get_type(r.slot->cap) != CAP_THREAD) {
        kprintf("Keel: seL4_Benchmark%s: 0x%x is not a thread cap\n", call, cptr);
        return NULL;
    }
    return tcb_ptr(cap_thread_get_tcb(r.slot->cap));
}

/* r0 = 0: every cache; otherwise the L1 caches r1 names (seL4_ARM_CacheType). */
static void flush_caches(const word_t *regs)
{
    if (regs[REG_R0] != 0) {
        arch_benchmark_clean_invalidate_l1_caches(regs[REG_R1]);
    } else {
        arch_benchmark_clean_invalidate_caches();
    }
}

/* Returns the error for r0: with a log, one must have been set. */
static word_t reset_log(tcb_t *thread)
{
    if (config_set(CONFIG_KERNEL_LOG_BUFFER)) {
        if (kernel_log.buffer == NULL) {
            kprintf("Keel: seL4_BenchmarkResetLog: set a log buffer first "
                    "(seL4_BenchmarkSetLogBuffer)\n");
            return ERR_ILLEGAL_OPERATION;
        }
        kernel_log.index = 0;
    }
    if (config_set(CONFIG_BENCHMARK_TRACK_UTILISATION)) {
        benchmark_util_start(&totals, benchmark_util_of(thread), idle_util(),
                             arch_benchmark_timestamp());
    }
    return ERR_NONE;
}

/* With a log, r0 becomes the number of entries; otherwise r0 is left. */
static void finalize_log(tcb_t *thread)
{
    if (config_set(CONFIG_KERNEL_LOG_BUFFER)) {
        kernel_log.index_finalized = kernel_log.index;
        thread->context.regs[REG_R0] = kernel_log.index_finalized;
    }
    if (config_set(CONFIG_BENCHMARK_TRACK_UTILISATION)) {
        benchmark_util_finalise(&totals, benchmark_util_of(thread), idle_util(),
                                arch_benchmark_timestamp());
    }
}

static word_t set_log_buffer(tcb_t *thread, cptr_t cptr)
{
    resolve_result_t r = cspace_lookup_slot(thread, cptr);
    if (!r.ok || benchmark_log_buffer_check(r.slot->cap) != ERR_NONE) {
        kprintf("Keel: seL4_BenchmarkSetLogBuffer: 0x%x is not a 1 MiB RAM frame cap\n", cptr);
        return ERR_ILLEGAL_OPERATION;
    }
    kernel_log.buffer = pptr_to_ptr(cap_frame_get_base(r.slot->cap));
    return ERR_NONE;
}

static void get_thread_utilisation(tcb_t *thread, cptr_t cptr)
{
    tcb_t *target = lookup_thread(thread, cptr, "GetThreadUtilisation");
    word_t *buffer = thread_ipc_buffer(thread, true);
    if (target == NULL || buffer == NULL) {
        return;
    }
    uint64_t values[BENCHMARK_UTIL_VALUES];
    benchmark_util_report(&totals, benchmark_util_of(target), idle_util(), values);
    /* 64-bit values, little-endian, from the first message word on */
    for (word_t i = 0; i < BENCHMARK_UTIL_VALUES; i++) {
        buffer[IPC_BUFFER_MSG + 2 * i] = (word_t)values[i];
        buffer[IPC_BUFFER_MSG + 2 * i + 1] = (word_t)(values[i] >> 32);
    }
}

static void reset_thread_utilisation(tcb_t *thread, cptr_t cptr)
{
    tcb_t *target = lookup_thread(thread, cptr, "ResetThreadUtilisation");
    if (target != NULL) {
        benchmark_util_reset(benchmark_util_of(target));
    }
}

/* The list of every TCB (thread_debug_add) from its head. The idle thread
 * is on it and never leaves, so the head is found from there. */
static tcb_t *first_thread(void)
{
    tcb_t *t = ks_idle_thread;
    while (t->debug_prev != 0) {
        t = tcb_ptr(t->debug_prev);
    }
    return t;
}

/* seL4 handle_SysBenchmarkDumpAllThreadsUtilisation prints this JSON
 * object; its keys are what tools read. */
static void dump_all_threads_utilisation(void)
{
    kprintf("{\n");
    kprintf("  \"BENCHMARK_TOTAL_UTILISATION\":%llu,\n",
            (unsigned long long)(word_t)(totals.end_time - totals.start_time));
    kprintf("  \"BENCHMARK_TOTAL_KERNEL_UTILISATION\":%llu,\n",
            (unsigned long long)totals.kernel_time);
    kprintf("  \"BENCHMARK_TOTAL_NUMBER_KERNEL_ENTRIES\":%llu,\n",
            (unsigned long long)totals.kernel_number_entries);
    kprintf("  \"BENCHMARK_TOTAL_NUMBER_SCHEDULES\":%llu,\n",
            (unsigned long long)totals.number_schedules);
    kprintf("  \"BENCHMARK_TCB_\": [\n");
    for (tcb_t *t = first_thread(); t != NULL; t = tcb_ptr(t->debug_next)) {
        const benchmark_util_t *u = benchmark_util_of(t);
        kprintf("    {\n");
        kprintf("      \"NAME\":\"%s\",\n", t->name);
        kprintf("      \"UTILISATION\":%llu,\n", (unsigned long long)u->utilisation);
        kprintf("      \"NUMBER_SCHEDULES\":%llu,\n", (unsigned long long)u->number_schedules);
        kprintf("      \"KERNEL_UTILISATION\":%llu,\n", (unsigned long long)u->kernel_utilisation);
        kprintf("      \"NUMBER_KERNEL_ENTRIES\":%llu\n",
                (unsigned long long)u->number_kernel_entries);
        kprintf("    }%s\n", t->debug_next != 0 ? "," : "");
    }
    kprintf("  ]\n}\n");
}

static void reset_all_threads_utilisation(void)
{
    for (tcb_t *t = first_thread(); t != NULL; t = tcb_ptr(t->debug_next)) {
        benchmark_util_reset(benchmark_util_of(t));
    }
}

void benchmark_syscall_perform(tcb_t *thread, sword_t syscall)
{
    word_t *regs = thread->context.regs;
    switch (syscall) {
    case SysBenchmarkFlushCaches:
        flush_caches(regs);
        return;
    case SysBenchmarkResetLog:
        regs[REG_R0] = reset_log(thread);
        return;
    case SysBenchmarkFinalizeLog:
        finalize_log(thread);
        return;
    case SysBenchmarkSetLogBuffer:
        regs[REG_R0] = set_log_buffer(thread, regs[REG_R0]);
        return;
    case SysBenchmarkNullSyscall:
        return;
    case SysBenchmarkGetThreadUtilisation:
        get_thread_utilisation(thread, regs[REG_R0]);
        return;
    case SysBenchmarkResetThreadUtilisation:
        reset_thread_utilisation(thread, regs[REG_R0]);
        return;
    case SysBenchmarkDumpAllThreadsUtilisation:
        dump_all_threads_utilisation();
        return;
    case SysBenchmarkResetAllThreadsUtilisation:
        reset_all_threads_utilisation();
        return;
    default:
        return;
    }
}
