/*
 * Boot-time free-region list (see include/kernel/boot_mem.h). Small and
 * simple on purpose: it runs once, on a handful of regions.
 */
#include <kernel/boot_mem.h>

void boot_mem_init(boot_mem_t *mem, uint64_t start, uint64_t end)
{
    mem->count = 0;
    if (end > start) {
        mem->regions[0] = (boot_region_t){ start, end };
        mem->count = 1;
    }
}

static void boot_mem_remove_at(boot_mem_t *mem, word_t i)
{
    for (word_t j = i; j + 1 < mem->count; j++) {
        mem->regions[j] = mem->regions[j + 1];
    }
    mem->count--;
}

static void boot_mem_insert_at(boot_mem_t *mem, word_t i, boot_region_t r)
{
    for (word_t j = mem->count; j > i; j--) {
        mem->regions[j] = mem->regions[j - 1];
    }
    mem->regions[i] = r;
    mem->count++;
}

bool boot_mem_reserve(boot_mem_t *mem, uint64_t start, uint64_t end)
{
    for (word_t i = 0; i < mem->count && start < end; i++) {
        boot_region_t r = mem->regions[i];
        if (end <= r.start || start >= r.end) {
            continue;
        }
        bool keep_low = r.start < start, keep_high = end < r.end;
        if (keep_low && keep_high) {
            if (mem->count == BOOT_MEM_MAX_REGIONS) {
                return false;
            }
            mem->regions[i].end = start;
            boot_mem_insert_at(mem, i + 1, (boot_region_t){ end, r.end });
            return true;
        }
        if (keep_low) {
            mem->regions[i].end = start;
        } else if (keep_high) {
            mem->regions[i].start = end;
        } else {
            boot_mem_remove_at(mem, i);
            i--;
        }
    }
    return true;
}

uint64_t boot_mem_alloc(boot_mem_t *mem, word_t size_bits)
{
    uint64_t size = 1ull << size_bits;
    for (word_t i = 0; i < mem->count; i++) {
        uint64_t base = (mem->regions[i].start + size - 1) & ~(size - 1);
        if (base + size <= mem->regions[i].end && boot_mem_reserve(mem, base, base + size)) {
            return base;
        }
    }
    return 0;
}

static word_t lowest_set_bit(uint64_t x)
{
    return x == 0 ? 64 : (word_t)__builtin_ctzll(x);
}

static word_t floor_log2(uint64_t x)
{
    return 63u - (word_t)__builtin_clzll(x);
}

bool boot_mem_blocks(uint64_t start, uint64_t end, word_t min_bits, word_t max_bits,
                     bool (*emit)(void *ctx, uint64_t base, word_t bits), void *ctx)
{
    while (start < end) {
        word_t bits = lowest_set_bit(start);
        word_t fit = floor_log2(end - start);
        bits = bits < fit ? bits : fit;
        bits = bits < max_bits ? bits : max_bits;
        if (bits >= min_bits && !emit(ctx, start, bits)) {
            return false;
        }
        /* bits <= fit <= 63, as end - start > 0 (the analyser cannot see
         * through __builtin_clzll). */
        start += 1ull << bits; /* NOLINT(clang-analyzer-core.UndefinedBinaryOperatorResult) */
    }
    return true;
}

bool boot_mem_device_space(boot_mem_t *dev, uint64_t ram_start, uint64_t ram_window_end,
                           const boot_region_t *kernel_regions, word_t n)
{
    boot_mem_init(dev, 0, 1ull << 32);
    bool ok = boot_mem_reserve(dev, ram_start, ram_window_end);
    for (word_t i = 0; ok && i < n; i++) {
        ok = boot_mem_reserve(dev, kernel_regions[i].start, kernel_regions[i].end);
    }
    return ok;
}
