/*
 * The ARMv7-A cache, TLB and translation-register operations behind
 * <arch/machine_cache.h>: CP15 operations by MVA and by ASID (ARM ARM
 * B4.2.1 cache maintenance, B4.2.2 TLB maintenance) with the barriers each
 * needs. The only file of the VSpace code with instructions in it; host
 * tests link recording fakes instead.
 */
#include <config.h>
#include <arch/cpu.h>
#include <arch/machine_cache.h>

#define read_ctr() CP15_READ(0, c0, c0, 1)
#define write_contextidr(v) CP15_WRITE(0, c13, c0, 1, v)

/* One CP15 operation per line over [start, end). */
#define FOR_EACH_LINE(start, end, OP)                                       \
    do {                                                                    \
        word_t line_ = BIT(cache_line_bits());                              \
        for (word_t a_ = (start) & ~(line_ - 1); a_ < (end); a_ += line_) { \
            OP(a_);                                                         \
        }                                                                   \
    } while (0)

#define DCCMVAC(a) CP15_WRITE(0, c7, c10, 1, a)
#define DCIMVAC(a) CP15_WRITE(0, c7, c6, 1, a)
#define DCCIMVAC(a) CP15_WRITE(0, c7, c14, 1, a)
#define DCCMVAU(a) CP15_WRITE(0, c7, c11, 1, a)
#define ICIMVAU(a) CP15_WRITE(0, c7, c5, 1, a)

word_t cache_line_bits(void)
{
    /* CTR.DminLine (19:16) and IminLine (3:0) count words, log2 (B4.1.42). */
    word_t ctr = read_ctr();
    word_t dmin = (ctr >> 16) & 0xfu, imin = ctr & 0xfu;
    return (dmin < imin ? dmin : imin) + WORD_SIZE_BITS;
}

void cache_clean_range_poc(word_t start, word_t end)
{
    FOR_EACH_LINE(start, end, DCCMVAC);
    dsb();
}

void cache_invalidate_range_poc(word_t start, word_t end)
{
    FOR_EACH_LINE(start, end, DCIMVAC);
    dsb();
}

void cache_clean_invalidate_range_poc(word_t start, word_t end)
{
    FOR_EACH_LINE(start, end, DCCIMVAC);
    dsb();
}

void cache_clean_range_pou(word_t start, word_t end)
{
    FOR_EACH_LINE(start, end, DCCMVAU);
    dsb();
}

void icache_invalidate_range_pou(word_t start, word_t end)
{
    FOR_EACH_LINE(start, end, ICIMVAU);
    dsb();
}

void branch_predictor_invalidate(void)
{
    branch_predictor_invalidate_all();
    dsb();
    isb();
}

/* With several cores, TLB and branch-predictor maintenance uses the
 * inner-shareable forms, which every core of the Cortex-A15 cluster
 * performs (ARM ARM B4.2.2, "TLB maintenance operations, multiprocessor
 * extensions": TLBIALLIS, TLBIMVAIS, TLBIASIDIS, BPIALLIS); the DSB after
 * one waits for all of them. */
#define SMP_BROADCAST (CONFIG_MAX_NUM_NODES > 1)

/* Changed translations also need the branch predictor invalidated (ARM ARM
 * B2.2.7), so every TLB operation ends with BPIALL. */
static void tlbi_complete(void)
{
    if (SMP_BROADCAST) {
        CP15_WRITE(0, c7, c1, 6, 0); /* BPIALLIS */
    } else {
        branch_predictor_invalidate_all();
    }
    dsb();
    isb();
}

void tlbi_all(void)
{
    dsb(); /* the table writes first */
    if (SMP_BROADCAST) {
        CP15_WRITE(0, c8, c3, 0, 0); /* TLBIALLIS */
    } else {
        tlb_invalidate_all();
    }
    tlbi_complete();
}

void tlbi_asid(word_t hw_asid)
{
    dsb();
    if (SMP_BROADCAST) {
        CP15_WRITE(0, c8, c3, 2, hw_asid & 0xffu); /* TLBIASIDIS */
    } else {
        CP15_WRITE(0, c8, c7, 2, hw_asid & 0xffu);
    }
    tlbi_complete();
}

void tlbi_page(vptr_t vaddr, word_t hw_asid)
{
    dsb();
    if (SMP_BROADCAST) {
        CP15_WRITE(0, c8, c3, 1, (vaddr & ~MASK(12)) | (hw_asid & 0xffu)); /* TLBIMVAIS */
    } else {
        CP15_WRITE(0, c8, c7, 1, (vaddr & ~MASK(12)) | (hw_asid & 0xffu));
    }
    tlbi_complete();
}

void mmu_switch_address_space(word_t kernel_ttbr0, word_t ttbr0, word_t hw_asid)
{
    dsb();
    write_ttbr0(kernel_ttbr0);
    isb();
    write_contextidr(hw_asid);
    isb();
    write_ttbr0(ttbr0);
    isb();
}
