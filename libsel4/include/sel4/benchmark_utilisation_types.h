/*
 * Where seL4_BenchmarkGetThreadUtilisation puts its figures: 64-bit values
 * from the first message word of the caller's IPC buffer on, indexed by
 * these names (upstream seL4 16.0.0's enum benchmark_track_util_ipc_index;
 * track_utilisation builds only). Read them as
 * ((uint64_t *)&seL4_GetIPCBuffer()->msg[0])[BENCHMARK_TCB_UTILISATION].
 */
#pragma once

#include <sel4/config.h>

#ifdef CONFIG_BENCHMARK_TRACK_UTILISATION
enum benchmark_track_util_ipc_index {
    /* the thread the call names: cycles it ran, times it was switched to,
     * cycles and entries in the kernel */
    BENCHMARK_TCB_UTILISATION,
    BENCHMARK_TCB_NUMBER_SCHEDULES,
    BENCHMARK_TCB_KERNEL_UTILISATION,
    BENCHMARK_TCB_NUMBER_KERNEL_ENTRIES,
    /* the idle thread of the caller's core, and of the thread's (one core:
     * the same) */
    BENCHMARK_IDLE_LOCALCPU_UTILISATION,
    BENCHMARK_IDLE_TCBCPU_UTILISATION,
    BENCHMARK_IDLE_NUMBER_SCHEDULES,
    BENCHMARK_IDLE_KERNEL_UTILISATION,
    BENCHMARK_IDLE_NUMBER_KERNEL_ENTRIES,
    /* the core, from seL4_BenchmarkResetLog to seL4_BenchmarkFinalizeLog */
    BENCHMARK_TOTAL_UTILISATION,
    BENCHMARK_TOTAL_NUMBER_SCHEDULES,
    BENCHMARK_TOTAL_KERNEL_UTILISATION,
    BENCHMARK_TOTAL_NUMBER_KERNEL_ENTRIES,
};
#endif /* CONFIG_BENCHMARK_TRACK_UTILISATION */
