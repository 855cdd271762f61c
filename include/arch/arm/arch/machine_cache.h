/*
 * Cache, TLB and address-space-switch operations of ARMv7-A, as small
 * functions so that the VSpace code above them stays plain C: the target
 * implements them in src/arch/arm/machine_cache.c, the host tests with
 * recording fakes. Ranges are kernel virtual addresses [start, end), end
 * exclusive; data and unified caches are maintained by MVA, which the
 * hardware translates, so the kernel window alias of a frame reaches the
 * same lines as the user's mapping (Cortex-A15 caches are PIPT).
 */
#pragma once

#include <types.h>

/* log2 of the smallest data and instruction cache lines (CTR). */
word_t cache_line_bits(void);

/* DCCMVAC: write dirty lines back to the point of coherency. */
void cache_clean_range_poc(word_t start, word_t end);
/* DCIMVAC: discard lines; only whole lines inside the range are given. */
void cache_invalidate_range_poc(word_t start, word_t end);
/* DCCIMVAC: write back, then discard. */
void cache_clean_invalidate_range_poc(word_t start, word_t end);
/* DCCMVAU: write dirty lines back to the point of unification, which is
 * where cacheable translation table walks look (page table updates). */
void cache_clean_range_pou(word_t start, word_t end);
/* ICIMVAU: discard instruction cache lines to the point of unification. */
void icache_invalidate_range_pou(word_t start, word_t end);
/* BPIALL, then the barriers that make new instructions visible. */
void branch_predictor_invalidate(void);

/* TLBIALL, TLBIASID and TLBIMVA (the entry holding vaddr for one
 * hardware ASID, whatever the size of the page it maps). */
void tlbi_all(void);
void tlbi_asid(word_t hw_asid);
void tlbi_page(vptr_t vaddr, word_t hw_asid);

/* Loads TTBR0 and CONTEXTIDR.ASID together without letting a speculative
 * walk tag the new tables with the old ASID (ARM ARM B3.10.4): through
 * kernel_ttbr0, whose tables hold only global entries. */
void mmu_switch_address_space(word_t kernel_ttbr0, word_t ttbr0, word_t hw_asid);
