/*
 * ARMv7 side of seL4's benchmark configuration: the PMU cycle counter that
 * the kernel reads and user level may read (KernelArmExportPMUUser, any
 * KernelBenchmarks but none), and the whole-cache flushes behind
 * seL4_BenchmarkFlushCaches. src/arch/arm/benchmark.c implements them.
 */
#pragma once

#include <types.h>

/* At boot: PL0 access to the PMU (PMUSERENR.EN) and the cycle counter
 * reset and running (PMCR.E, PMCR.C, PMCNTENSET.C), as seL4's
 * check_export_pmu and arm_init_ccnt leave them. */
void arch_benchmark_init(void);

/* The cycle counter, PMCCNTR (32 bits; differences are taken modulo 2^32). */
word_t arch_benchmark_timestamp(void);

/* Clean and invalidate every data and unified cache level to the point of
 * coherency by set/way, then invalidate the instruction caches. */
void arch_benchmark_clean_invalidate_caches(void);

/* L1 only, as seL4_BenchmarkFlushL1Caches's cache type asks: bit 1
 * (seL4_ARM_CacheD) cleans and invalidates the L1 data cache, bit 0
 * (seL4_ARM_CacheI) invalidates the instruction cache. */
#define ARCH_BENCHMARK_CACHE_I BIT(0)
#define ARCH_BENCHMARK_CACHE_D BIT(1)
void arch_benchmark_clean_invalidate_l1_caches(word_t type);
