/*
 * Physical memory bookkeeping at boot: a short sorted list of free regions
 * from which the root task's objects are carved, and which is then cut into
 * the aligned power-of-two blocks that become untyped caps. Pure logic, so
 * the host tests run it; 64-bit ends so a region may reach 4 GiB.
 */
#pragma once

#include <types.h>

#define BOOT_MEM_MAX_REGIONS 32u

typedef struct {
    uint64_t start, end; /* [start, end) */
} boot_region_t;

typedef struct {
    boot_region_t regions[BOOT_MEM_MAX_REGIONS];
    word_t count;
} boot_mem_t;

/* Starts with one free region (empty if end <= start). */
void boot_mem_init(boot_mem_t *mem, uint64_t start, uint64_t end);

/* Takes [start, end) out of the free regions. False if the list would
 * overflow (the region is then left as it was). */
bool boot_mem_reserve(boot_mem_t *mem, uint64_t start, uint64_t end);

/* The lowest free, 2^size_bits-aligned block of that size, now reserved;
 * 0 if there is none. */
uint64_t boot_mem_alloc(boot_mem_t *mem, word_t size_bits);

/* Cuts [start, end) into the largest aligned blocks of 2^min_bits to
 * 2^max_bits bytes, in address order; calls emit(ctx, base, bits) for
 * each and stops early (returning false) if emit does. Pieces smaller than
 * 2^min_bits are skipped. */
bool boot_mem_blocks(uint64_t start, uint64_t end, word_t min_bits, word_t max_bits,
                     bool (*emit)(void *ctx, uint64_t base, word_t bits), void *ctx);

/* The physical address space user level gets as device memory, into `dev`:
 * all of [0, 2^32) but the RAM the kernel window covers, [ram_start,
 * ram_window_end), which is handed out as RAM, and the n regions the kernel
 * keeps for itself (its interrupt controller). RAM beyond the kernel window is
 * device memory to the kernel, which cannot reach it (seL4 on 32-bit ARM
 * does the same); the last region ends at 2^32 itself, so cutting it into
 * blocks gives no cascade of ever smaller untypeds at the top (seL4 16.0.0).
 * False if the list would overflow. */
bool boot_mem_device_space(boot_mem_t *dev, uint64_t ram_start, uint64_t ram_window_end,
                           const boot_region_t *kernel_regions, word_t n);
