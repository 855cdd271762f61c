/*
 * seL4's benchmark system calls on 32-bit ARM, in the configurations that
 * have them (upstream seL4 16.0.0 libsel4: CONFIG_ENABLE_BENCHMARKS, the
 * utilisation calls with CONFIG_BENCHMARK_TRACK_UTILISATION, the
 * all-threads ones in debug builds only). Registers as upstream's: the
 * argument in r0 (and r1), the result, where there is one, in r0. The
 * kernel side is src/api/benchmark.c. Included by <sel4/arch/syscalls.h>.
 */
#pragma once

#include <sel4/config.h>
#include <sel4/types.h>

#ifdef CONFIG_ENABLE_BENCHMARKS

/* A benchmark call with r0 and r1 as arguments; returns r0 as the kernel
 * left it. The other registers are the caller's throughout. */
LIBSEL4_INLINE_FUNC seL4_Word keel_sel4_benchmark_swi(seL4_Syscall_ID sys, seL4_Word arg0,
                                                      seL4_Word arg1)
{
    register seL4_Word r0 __asm__("r0") = arg0;
    register seL4_Word r1 __asm__("r1") = arg1;
    register seL4_Word r7 __asm__("r7") = (seL4_Word)sys;

    __asm__ volatile("swi #0" : "+r"(r0), "+r"(r1) : "r"(r7) : "memory");
    return r0;
}

/* Starts a measurement: the kernel log's index back to 0 (a log buffer
 * must have been set in a tracepoints build, else seL4_IllegalOperation)
 * and, with track_utilisation, utilisation counting from now. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_BenchmarkResetLog(void)
{
    return (seL4_Error)keel_sel4_benchmark_swi(seL4_SysBenchmarkResetLog, 0, 0);
}

/* Ends it; returns the number of log entries (0 without a kernel log). */
LIBSEL4_INLINE_FUNC seL4_Word seL4_BenchmarkFinalizeLog(void)
{
    return keel_sel4_benchmark_swi(seL4_SysBenchmarkFinalizeLog, 0, 0);
}

/* Gives the kernel a 1 MiB (seL4_SectionBits) RAM frame for its log;
 * seL4_IllegalOperation if frame_cptr is not one. The kernel has this
 * call only with a log (tracepoints); elsewhere it is an unknown syscall. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_BenchmarkSetLogBuffer(seL4_Word frame_cptr)
{
    return (seL4_Error)keel_sel4_benchmark_swi(seL4_SysBenchmarkSetLogBuffer, frame_cptr, 0);
}

/* Enters and leaves the kernel, doing nothing: the cost of a trap. Only r7
 * is set, as upstream's wrapper does. */
LIBSEL4_INLINE_FUNC void seL4_BenchmarkNullSyscall(void)
{
    register seL4_Word r7 __asm__("r7") = (seL4_Word)seL4_SysBenchmarkNullSyscall;

    __asm__ volatile("swi #0" : : "r"(r7) : "memory");
}

/* Cleans and invalidates every cache (r0 = 0) ... */
LIBSEL4_INLINE_FUNC void seL4_BenchmarkFlushCaches(void)
{
    keel_sel4_benchmark_swi(seL4_SysBenchmarkFlushCaches, 0, 0);
}

/* ... or the L1 caches cache_type names (r0 = 1): seL4_ARM_CacheI,
 * seL4_ARM_CacheD or seL4_ARM_CacheID. */
LIBSEL4_INLINE_FUNC void seL4_BenchmarkFlushL1Caches(seL4_Word cache_type)
{
    keel_sel4_benchmark_swi(seL4_SysBenchmarkFlushCaches, 1, cache_type);
}

#ifdef CONFIG_BENCHMARK_TRACK_UTILISATION
/* Writes the utilisation of the thread tcb_cptr names, of the idle thread
 * and of the core to the caller's IPC buffer, as 64-bit values indexed by
 * <sel4/benchmark_utilisation_types.h>. A cap that is not a TCB cap leaves
 * the buffer as it was. */
LIBSEL4_INLINE_FUNC void seL4_BenchmarkGetThreadUtilisation(seL4_Word tcb_cptr)
{
    keel_sel4_benchmark_swi(seL4_SysBenchmarkGetThreadUtilisation, tcb_cptr, 0);
}

/* Zeroes that thread's counters. */
LIBSEL4_INLINE_FUNC void seL4_BenchmarkResetThreadUtilisation(seL4_Word tcb_cptr)
{
    keel_sel4_benchmark_swi(seL4_SysBenchmarkResetThreadUtilisation, tcb_cptr, 0);
}

#ifdef CONFIG_DEBUG_BUILD
/* Prints every thread's counters on the kernel console, as JSON. */
LIBSEL4_INLINE_FUNC void seL4_BenchmarkDumpAllThreadsUtilisation(void)
{
    keel_sel4_benchmark_swi(seL4_SysBenchmarkDumpAllThreadsUtilisation, 0, 0);
}

/* Zeroes every thread's counters. */
LIBSEL4_INLINE_FUNC void seL4_BenchmarkResetAllThreadsUtilisation(void)
{
    keel_sel4_benchmark_swi(seL4_SysBenchmarkResetAllThreadsUtilisation, 0, 0);
}
#endif /* CONFIG_DEBUG_BUILD */
#endif /* CONFIG_BENCHMARK_TRACK_UTILISATION */

#endif /* CONFIG_ENABLE_BENCHMARKS */
