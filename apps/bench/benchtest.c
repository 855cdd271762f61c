/*
 * benchtest: checks a benchmark build of the kernel (KernelBenchmarks other
 * than none) from user level, the way a program written for seL4's
 * benchmark configuration uses it: the PMU cycle counter read directly at
 * PL0, every benchmark system call of the configuration with seL4 16.0.0's
 * results, and the ones seL4 leaves out of this configuration faulting as
 * unknown syscalls. It shares the bench's environment (env.c) and prints
 * `benchtest: NAME passed|failed`, then `benchtest: N passed, N failed`;
 * tools/run_tests.py boots it in its qemu-arm-virt-bench configuration.
 */
#include <stdio.h>
#include <string.h>
#include <sel4/benchmark_utilisation_types.h>
#include "bench.h"

#ifndef CONFIG_ENABLE_BENCHMARKS
#error "benchtest is built in benchmark configurations only (apps/CMakeLists.txt)"
#endif

static unsigned passed, failed;
static bool test_ok;
static const char *test_name;

#define EXPECT(cond, ...)                           \
    do {                                            \
        if (!(cond)) {                              \
            printf("benchtest:   %s: ", test_name); \
            printf(__VA_ARGS__);                    \
            printf(" (line %d)\n", __LINE__);       \
            test_ok = false;                        \
        }                                           \
    } while (0)

static void run(const char *name, void (*fn)(void))
{
    test_name = name;
    test_ok = true;
    fn();
    printf("benchtest: %s %s\n", name, test_ok ? "passed" : "failed");
    if (test_ok) {
        passed++;
    } else {
        failed++;
    }
}

/* ---- The cycle counter at PL0 ---- */

static uint32_t read_pmccntr(void)
{
    uint32_t v;
    __asm__ volatile("isb; mrc p15, 0, %0, c9, c13, 0" : "=r"(v) : : "memory");
    return v;
}

static void pmccntr_counts_at_pl0(void)
{
    uint32_t pmuserenr, pmcr, pmcntenset;
    /* These reads trap unless the kernel set PMUSERENR.EN. */
    __asm__ volatile("mrc p15, 0, %0, c9, c14, 0" : "=r"(pmuserenr));
    __asm__ volatile("mrc p15, 0, %0, c9, c12, 0" : "=r"(pmcr));
    __asm__ volatile("mrc p15, 0, %0, c9, c12, 1" : "=r"(pmcntenset));
    EXPECT(pmuserenr & 1, "PMUSERENR.EN clear: 0x%lx", (unsigned long)pmuserenr);
    EXPECT(pmcr & 1, "PMCR.E clear: the kernel did not enable the counters: 0x%lx",
           (unsigned long)pmcr);
    EXPECT(pmcntenset & (1ul << 31), "PMCNTENSET.C clear: 0x%lx", (unsigned long)pmcntenset);
    uint32_t before = read_pmccntr();
    bench_spin(100000);
    uint32_t after = read_pmccntr();
    EXPECT(after - before >= 100000 && after - before < 1000000000u,
           "PMCCNTR went from %lu to %lu across 200000 instructions", (unsigned long)before,
           (unsigned long)after);
}

/* ---- Calls present in every benchmark configuration ---- */

/* NullSyscall with r0-r6 set: all of them come back as they were. */
static void null_syscall_returns_and_keeps_registers(void)
{
    seL4_BenchmarkNullSyscall();
    register seL4_Word r0 __asm__("r0") = 0x70;
    register seL4_Word r1 __asm__("r1") = 0x71;
    register seL4_Word r2 __asm__("r2") = 0x72;
    register seL4_Word r3 __asm__("r3") = 0x73;
    register seL4_Word r4 __asm__("r4") = 0x74;
    register seL4_Word r5 __asm__("r5") = 0x75;
    register seL4_Word r6 __asm__("r6") = 0x76;
    register seL4_Word r7 __asm__("r7") = (seL4_Word)seL4_SysBenchmarkNullSyscall;
    __asm__ volatile("swi #0"
                     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
                     : "r"(r7)
                     : "memory");
    seL4_Word got[] = { r0, r1, r2, r3, r4, r5, r6 };
    for (unsigned i = 0; i < 7; i++) {
        EXPECT(got[i] == 0x70 + i, "r%u is 0x%lx after NullSyscall", i, (unsigned long)got[i]);
    }
}

static volatile seL4_Word flush_data[64];

static void flush_caches_keeps_memory(void)
{
    for (unsigned i = 0; i < 64; i++) {
        flush_data[i] = 0x1000 + i;
    }
    seL4_BenchmarkFlushCaches();
    seL4_BenchmarkFlushL1Caches(seL4_ARM_CacheI);
    seL4_BenchmarkFlushL1Caches(seL4_ARM_CacheD);
    seL4_BenchmarkFlushL1Caches(seL4_ARM_CacheID);
    for (unsigned i = 0; i < 64; i++) {
        EXPECT(flush_data[i] == 0x1000 + i, "word %u lost in the flush", i);
    }
}

/* ---- The calls this configuration lacks: unknown syscalls, as in seL4 ---- */

/* Numbers written out (seL4 16.0.0's syscall list), as seL4's libsel4
 * names a call only in the configurations that have it. */
static const seL4_Int32 unknown_numbers[] = {
#ifndef CONFIG_KERNEL_LOG_BUFFER
    -21, /* BenchmarkSetLogBuffer */
#endif
#if !defined(CONFIG_BENCHMARK_TRACK_UTILISATION)
    -23, /* BenchmarkGetThreadUtilisation */
    -24, /* BenchmarkResetThreadUtilisation */
#endif
#if !defined(CONFIG_BENCHMARK_TRACK_UTILISATION) || !defined(CONFIG_DEBUG_BUILD)
    -25, /* BenchmarkDumpAllThreadsUtilisation */
    -26, /* BenchmarkResetAllThreadsUtilisation */
#endif
    0 /* end */
};

/* Makes each system call of the list in turn; the handler steps over each. */
static void unknown_caller(seL4_Word unused)
{
    (void)unused;
    for (const seL4_Int32 *n = unknown_numbers; *n != 0; n++) {
        register seL4_Word r7 __asm__("r7") = (seL4_Word)*n;
        __asm__ volatile("swi #0" : : "r"(r7) : "r0", "r1", "r2", "r3", "r4", "r5", "memory");
    }
    bench_done();
}

static void missing_calls_are_unknown_syscalls(void)
{
    seL4_CPtr ep = env_new(seL4_EndpointObject, 0);
    bench_thread(1, BENCH_SPACE_ROOT, unknown_caller, 0, BENCH_PRIO, ep);
    for (const seL4_Int32 *n = unknown_numbers; *n != 0; n++) {
        seL4_MessageInfo_t info = seL4_Recv(ep, NULL);
        EXPECT(seL4_MessageInfo_get_label(info) == seL4_Fault_UnknownSyscall,
               "syscall %d: fault label %lu", (int)*n,
               (unsigned long)seL4_MessageInfo_get_label(info));
        EXPECT((seL4_Int32)seL4_GetMR(seL4_UnknownSyscall_Syscall) == *n,
               "fault for syscall %d names %ld", (int)*n,
               (long)seL4_GetMR(seL4_UnknownSyscall_Syscall));
        seL4_SetMR(seL4_UnknownSyscall_FaultIP, seL4_GetMR(seL4_UnknownSyscall_FaultIP) + 4);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Length));
    }
    bench_wait();
    bench_stop();
}

/* ---- The kernel log (tracepoints) ---- */

#ifdef CONFIG_KERNEL_LOG_BUFFER
static void log_buffer_takes_a_section_frame(void)
{
    seL4_CPtr empty = env.next_slot; /* not handed out yet: empty */
    EXPECT(seL4_BenchmarkResetLog() == seL4_IllegalOperation,
           "ResetLog without a log buffer did not fail");
    EXPECT(seL4_BenchmarkSetLogBuffer(empty) == seL4_IllegalOperation, "an empty slot was taken");
    EXPECT(seL4_BenchmarkSetLogBuffer(seL4_CapInitThreadTCB) == seL4_IllegalOperation,
           "a TCB cap was taken");
    seL4_CPtr page = env_new(seL4_ARM_SmallPageObject, 0);
    EXPECT(seL4_BenchmarkSetLogBuffer(page) == seL4_IllegalOperation, "a 4 KiB frame was taken");
    seL4_CPtr section = env_new(seL4_ARM_SectionObject, 0);
    EXPECT(seL4_BenchmarkSetLogBuffer(section) == seL4_NoError, "a 1 MiB frame was refused");
    EXPECT(seL4_BenchmarkResetLog() == seL4_NoError, "ResetLog with a log buffer failed");
    EXPECT(seL4_BenchmarkFinalizeLog() == 0, "the log has entries, with no trace points");
    EXPECT(seL4_LogBufferSize == 1u << seL4_SectionBits, "seL4_LogBufferSize");
}
#endif

/* ---- Utilisation (track_utilisation) ---- */

#ifdef CONFIG_BENCHMARK_TRACK_UTILISATION
static seL4_CPtr busy_go;
static volatile uint32_t busy_cycles; /* PMCCNTR across the last spin */

/* Spins `spins` iterations each time it is told to, timing itself. */
static void busy_thread(seL4_Word spins)
{
    for (;;) {
        seL4_Wait(busy_go, NULL);
        uint32_t start = read_pmccntr();
        bench_spin(spins);
        busy_cycles = read_pmccntr() - start;
        bench_done();
    }
}

/* One round of the busy thread, while this (higher-priority) one waits. */
static void busy_round(void)
{
    seL4_Signal(busy_go);
    bench_wait();
}

static uint64_t util_value(unsigned index)
{
    seL4_IPCBuffer *b = seL4_GetIPCBuffer();
    return (uint64_t)b->msg[2 * index] | (uint64_t)b->msg[2 * index + 1] << 32;
}

static uint64_t util_of(seL4_CPtr tcb, unsigned index)
{
    seL4_BenchmarkGetThreadUtilisation(tcb);
    return util_value(index);
}

static void utilisation_of_a_busy_thread(void)
{
    busy_go = env_new(seL4_NotificationObject, 0);
    seL4_CPtr busy =
        bench_thread(0, BENCH_SPACE_ROOT, busy_thread, 2000000, BENCH_PRIO, seL4_CapNull);

    EXPECT(seL4_BenchmarkResetLog() == seL4_NoError, "ResetLog");
    busy_round();
    uint64_t first = util_of(busy, BENCHMARK_TCB_UTILISATION);
    uint64_t schedules = util_value(BENCHMARK_TCB_NUMBER_SCHEDULES);
    EXPECT(first >= busy_cycles,
           "the busy thread ran %lu cycles by its own count, the kernel "
           "says %llu",
           (unsigned long)busy_cycles, (unsigned long long)first);
    EXPECT(schedules >= 1, "the busy thread was never switched to (%llu)",
           (unsigned long long)schedules);
    EXPECT(util_value(BENCHMARK_IDLE_LOCALCPU_UTILISATION) ==
               util_value(BENCHMARK_IDLE_TCBCPU_UTILISATION),
           "one core, but two idle figures");
    /* Its Wait and the Signal that ended the round entered the kernel. */
    EXPECT(util_value(BENCHMARK_TCB_NUMBER_KERNEL_ENTRIES) >= 1, "no kernel entries counted");
    EXPECT(util_value(BENCHMARK_TCB_KERNEL_UTILISATION) > 0, "no kernel time counted");
    EXPECT(util_value(BENCHMARK_TOTAL_NUMBER_KERNEL_ENTRIES) >=
               util_value(BENCHMARK_TCB_NUMBER_KERNEL_ENTRIES),
           "fewer kernel entries in all than in one thread");

    busy_round();
    uint64_t second = util_of(busy, BENCHMARK_TCB_UTILISATION);
    EXPECT(second >= first + busy_cycles,
           "utilisation %llu after a second round of %lu cycles, "
           "%llu after the first",
           (unsigned long long)second, (unsigned long)busy_cycles, (unsigned long long)first);
    EXPECT(util_value(BENCHMARK_TCB_NUMBER_SCHEDULES) > schedules, "schedules did not grow");

    /* A cap that is not a TCB's leaves the buffer alone. */
    seL4_GetIPCBuffer()->msg[0] = 0xfeed;
    seL4_BenchmarkGetThreadUtilisation(busy_go);
    EXPECT(seL4_GetIPCBuffer()->msg[0] == 0xfeed, "a notification cap gave figures");

    seL4_BenchmarkResetThreadUtilisation(busy);
    EXPECT(util_of(busy, BENCHMARK_TCB_UTILISATION) == 0, "ResetThreadUtilisation left %llu",
           (unsigned long long)util_value(BENCHMARK_TCB_UTILISATION));
    EXPECT(util_value(BENCHMARK_TCB_NUMBER_SCHEDULES) == 0, "ResetThreadUtilisation left "
                                                            "the schedules");
    busy_round();
    EXPECT(util_of(busy, BENCHMARK_TCB_UTILISATION) >= busy_cycles, "no count after the reset");

    /* seL4_BenchmarkFinalizeLog without a kernel log returns 0 and stops
     * the count: the total spans ResetLog to FinalizeLog. */
    EXPECT(seL4_BenchmarkFinalizeLog() == 0, "FinalizeLog without a log");
    uint64_t total = util_of(busy, BENCHMARK_TOTAL_UTILISATION);
    EXPECT(total >= second && total < (uint64_t)1 << 32, "total %llu", (unsigned long long)total);
    EXPECT(util_value(BENCHMARK_TOTAL_NUMBER_SCHEDULES) >= 3, "total schedules %llu",
           (unsigned long long)util_value(BENCHMARK_TOTAL_NUMBER_SCHEDULES));
    uint64_t stopped = util_value(BENCHMARK_TCB_UTILISATION);
    busy_round();
    EXPECT(util_of(busy, BENCHMARK_TCB_UTILISATION) == stopped,
           "counting went on after FinalizeLog");

#ifdef CONFIG_DEBUG_BUILD
    seL4_BenchmarkDumpAllThreadsUtilisation();
    seL4_BenchmarkResetAllThreadsUtilisation();
    EXPECT(util_of(busy, BENCHMARK_TCB_UTILISATION) == 0, "ResetAllThreadsUtilisation left %llu",
           (unsigned long long)util_value(BENCHMARK_TCB_UTILISATION));
#endif
    bench_stop();
}
#endif

#define STRING(x) #x
#define VALUE_STRING(x) STRING(x)

int main(void)
{
    env_init(seL4_GetBootInfo());
    printf("benchtest: KernelBenchmarks=%s\n", VALUE_STRING(CONFIG_KERNEL_BENCHMARK));
    run("pmccntr_counts_at_pl0", pmccntr_counts_at_pl0);
    run("null_syscall_returns_and_keeps_registers", null_syscall_returns_and_keeps_registers);
    run("flush_caches_keeps_memory", flush_caches_keeps_memory);
    run("missing_calls_are_unknown_syscalls", missing_calls_are_unknown_syscalls);
#ifdef CONFIG_KERNEL_LOG_BUFFER
    run("log_buffer_takes_a_section_frame", log_buffer_takes_a_section_frame);
#endif
#ifdef CONFIG_BENCHMARK_TRACK_UTILISATION
    run("utilisation_of_a_busy_thread", utilisation_of_a_busy_thread);
#endif
    printf("benchtest: %u passed, %u failed\n", passed, failed);
    return failed != 0;
}
