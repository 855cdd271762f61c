/*
 * ARMv7 PMU and whole-cache maintenance for seL4's benchmark configuration
 * (include/arch/benchmark.h). Registers per the ARM ARM (DDI 0406C):
 * PMCR, PMCNTENSET, PMCCNTR, PMUSERENR (chapter C12 and section B4.1),
 * CLIDR, CSSELR, CCSIDR and the set/way operations DCCISW (B4.2.1).
 */
#include <arch/benchmark.h>
#include <arch/cpu.h>

/* PMCR: E enables the counters, P resets the event counters, C the cycle
 * counter; D (bit 3) stays clear, so PMCCNTR counts every cycle. */
#define PMCR_E BIT(0)
#define PMCR_P BIT(1)
#define PMCR_C BIT(2)
/* PMCNTENSET.C (bit 31) enables the cycle counter; PMUSERENR.EN lets PL0
 * read and program the PMU. */
#define PMCNTENSET_C BIT(31)
#define PMUSERENR_EN BIT(0)

#define read_pmuserenr() CP15_READ(0, c9, c14, 0)
#define write_pmuserenr(v) CP15_WRITE(0, c9, c14, 0, v)
#define write_pmcr(v) CP15_WRITE(0, c9, c12, 0, v)
#define write_pmcntenset(v) CP15_WRITE(0, c9, c12, 1, v)
#define read_pmccntr() CP15_READ(0, c9, c13, 0)

#define read_clidr() CP15_READ(1, c0, c0, 1)
#define read_ccsidr() CP15_READ(1, c0, c0, 0)
#define write_csselr(v) CP15_WRITE(2, c0, c0, 0, v)
#define dccisw(v) CP15_WRITE(0, c7, c14, 2, v)

void arch_benchmark_init(void)
{
    write_pmuserenr(read_pmuserenr() | PMUSERENR_EN);
    write_pmcr(PMCR_E | PMCR_P | PMCR_C);
    write_pmcntenset(PMCNTENSET_C);
    isb();
}

word_t arch_benchmark_timestamp(void)
{
    return read_pmccntr();
}

/* CLIDR: Ctype<n> in bits 3n+2..3n (2 and up: a data or unified cache at
 * level n+1), LoC in bits 26..24. CCSIDR of the level CSSELR selects:
 * log2(words per line) - 2 in bits 2..0, associativity - 1 in bits 12..3,
 * sets - 1 in bits 27..13. */
#define CLIDR_CTYPE(clidr, level) (((clidr) >> (3 * (level))) & 7u)
#define CLIDR_LOC(clidr) (((clidr) >> 24) & 7u)
#define CTYPE_HAS_DATA 2u
#define CCSIDR_LINE_BITS(ccsidr) (((ccsidr)&7u) + 4u)
#define CCSIDR_WAYS(ccsidr) ((((ccsidr) >> 3) & 0x3ffu) + 1u)
#define CCSIDR_SETS(ccsidr) ((((ccsidr) >> 13) & 0x7fffu) + 1u)

/* DCCISW over every set and way of data cache level `level` (0 = L1). The
 * way number sits in the top bits, the set above the line offset, the
 * level in bits 3..1. */
static void clean_invalidate_level(word_t level)
{
    write_csselr(level << 1);
    isb();
    word_t ccsidr = read_ccsidr();
    word_t line_bits = CCSIDR_LINE_BITS(ccsidr);
    word_t ways = CCSIDR_WAYS(ccsidr);
    word_t sets = CCSIDR_SETS(ccsidr);
    word_t way_shift = ways > 1 ? (word_t)__builtin_clz(ways - 1) : 0;
    for (word_t way = 0; way < ways; way++) {
        for (word_t set = 0; set < sets; set++) {
            dccisw((way << way_shift) | (set << line_bits) | (level << 1));
        }
    }
}

static void invalidate_instruction_caches(void)
{
    icache_invalidate_all();
    branch_predictor_invalidate_all();
    dsb();
    isb();
}

void arch_benchmark_clean_invalidate_caches(void)
{
    word_t clidr = read_clidr();
    dsb();
    for (word_t level = 0; level < CLIDR_LOC(clidr); level++) {
        if (CLIDR_CTYPE(clidr, level) >= CTYPE_HAS_DATA) {
            clean_invalidate_level(level);
        }
    }
    dsb();
    invalidate_instruction_caches();
}

void arch_benchmark_clean_invalidate_l1_caches(word_t type)
{
    dsb();
    if (type & ARCH_BENCHMARK_CACHE_D) {
        clean_invalidate_level(0);
        dsb();
    }
    if (type & ARCH_BENCHMARK_CACHE_I) {
        invalidate_instruction_caches();
    }
}
