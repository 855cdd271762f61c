/*
 * One entry of the kernel log in a tracepoints build (upstream seL4
 * 16.0.0): which trace point, and the cycles from its start to its stop.
 * The log is the frame given to seL4_BenchmarkSetLogBuffer;
 * seL4_BenchmarkFinalizeLog returns how many entries were written.
 */
#pragma once

#include <sel4/config.h>
#include <sel4/simple_types.h>

#ifdef CONFIG_BENCHMARK_TRACEPOINTS
typedef struct benchmark_tracepoint_log_entry {
    seL4_Word id;
    seL4_Word duration;
} benchmark_tracepoint_log_entry_t;
#endif /* CONFIG_BENCHMARK_TRACEPOINTS */
