/*
 * Host tests of the boot-time free-region list (src/kernel/boot_mem.c): how
 * reservations split regions, aligned allocation, and the cutting of free
 * memory into the power-of-two blocks that become untyped caps.
 */
#include <test.h>

#include <kernel/boot_mem.h>

TEST(boot_mem_reserve_splits_trims_and_removes)
{
    boot_mem_t m;
    boot_mem_init(&m, 0x1000, 0x9000);
    CHECK(boot_mem_reserve(&m, 0x3000, 0x4000)); /* split */
    CHECK_EQ(m.count, 2);
    CHECK_EQ(m.regions[0].end, 0x3000);
    CHECK_EQ(m.regions[1].start, 0x4000);
    CHECK(boot_mem_reserve(&m, 0x0, 0x2000)); /* trim the front */
    CHECK_EQ(m.regions[0].start, 0x2000);
    CHECK(boot_mem_reserve(&m, 0x8000, 0xa000)); /* trim the back */
    CHECK_EQ(m.regions[1].end, 0x8000);
    CHECK(boot_mem_reserve(&m, 0x1000, 0x5000)); /* remove one, trim another */
    CHECK_EQ(m.count, 1);
    CHECK_EQ(m.regions[0].start, 0x5000);
    CHECK_EQ(m.regions[0].end, 0x8000);
}

TEST(boot_mem_reserve_refuses_to_overflow_the_list)
{
    boot_mem_t m;
    boot_mem_init(&m, 0, 1ull << 32);
    for (word_t i = 1; i < BOOT_MEM_MAX_REGIONS; i++) {
        CHECK(boot_mem_reserve(&m, (uint64_t)i << 20, ((uint64_t)i << 20) + 0x1000));
    }
    CHECK_EQ(m.count, BOOT_MEM_MAX_REGIONS);
    CHECK(!boot_mem_reserve(&m, 0x7f000000, 0x7f001000));
    CHECK_EQ(m.count, BOOT_MEM_MAX_REGIONS);
    CHECK(boot_mem_reserve(&m, 0, 0x1000)); /* trimming still works */
}

TEST(boot_mem_alloc_returns_aligned_blocks_and_reserves_them)
{
    boot_mem_t m;
    boot_mem_init(&m, 0x40001000, 0x40100000);
    uint64_t a = boot_mem_alloc(&m, 14);
    CHECK_EQ(a, 0x40004000); /* first 16 KiB-aligned address */
    uint64_t b = boot_mem_alloc(&m, 12);
    CHECK_EQ(b, 0x40001000);             /* the gap before it is still free */
    CHECK_EQ(boot_mem_alloc(&m, 21), 0); /* 2 MiB does not fit */
    for (word_t i = 0; i < m.count; i++) {
        CHECK(m.regions[i].end <= a || m.regions[i].start >= a + 0x4000);
    }
}

typedef struct {
    uint64_t base[64];
    word_t bits[64];
    word_t n, limit;
} blocks_t;

static bool record(void *ctx, uint64_t base, word_t bits)
{
    blocks_t *b = ctx;
    if (b->n == b->limit) {
        return false;
    }
    b->base[b->n] = base;
    b->bits[b->n++] = bits;
    return true;
}

TEST(boot_mem_blocks_cuts_the_largest_aligned_pieces)
{
    blocks_t b = { .limit = 64 };
    CHECK(boot_mem_blocks(0x40003000, 0x40010000, 4, 29, record, &b));
    CHECK_EQ(b.n, 3);
    CHECK_EQ(b.base[0], 0x40003000);
    CHECK_EQ(b.bits[0], 12);
    CHECK_EQ(b.base[1], 0x40004000);
    CHECK_EQ(b.bits[1], 14);
    CHECK_EQ(b.base[2], 0x40008000);
    CHECK_EQ(b.bits[2], 15);
}

TEST(boot_mem_blocks_caps_the_size_and_reaches_4_gib)
{
    blocks_t b = { .limit = 64 };
    CHECK(boot_mem_blocks(0x80000000ull, 1ull << 32, 12, 29, record, &b));
    CHECK_EQ(b.n, 4);
    for (word_t i = 0; i < 4; i++) {
        CHECK_EQ(b.bits[i], 29);
        CHECK_EQ(b.base[i], 0x80000000ull + ((uint64_t)i << 29));
    }
}

TEST(boot_mem_blocks_skips_pieces_below_the_minimum_and_stops_when_told)
{
    blocks_t b = { .limit = 64 };
    CHECK(boot_mem_blocks(0x1008, 0x2000, 12, 29, record, &b));
    CHECK_EQ(b.n, 0); /* nothing page-aligned fits */
    b = (blocks_t){ .limit = 1 };
    CHECK(!boot_mem_blocks(0x0, 0x3000, 12, 29, record, &b));
    CHECK_EQ(b.n, 1);
}

/* boot_mem_blocks callback: records each block's size. */
typedef struct {
    word_t count, smallest_bits;
    uint64_t end;
} block_log_t;

static bool log_block(void *ctx, uint64_t base, word_t bits)
{
    block_log_t *log = ctx;
    CHECK_EQ(base % (1ull << bits), 0);
    CHECK(base == log->end || log->count == 0);
    log->count++;
    log->smallest_bits = log->count == 1 || bits < log->smallest_bits ? bits : log->smallest_bits;
    log->end = base + (1ull << bits);
    return true;
}

TEST(boot_mem_device_space_gives_ram_beyond_the_window_as_device_memory)
{
    /* The TK1: 2 GiB of RAM at 0x80000000, 1.25 GiB of it in the window. */
    boot_region_t gic[] = { { 0x50041000, 0x50042000 }, { 0x50042000, 0x50044000 } };
    boot_mem_t dev;
    CHECK(boot_mem_device_space(&dev, 0x80000000, 0xd0000000, gic, 2));
    CHECK_EQ(dev.count, 3);
    CHECK_EQ(dev.regions[0].start, 0);
    CHECK_EQ(dev.regions[0].end, 0x50041000);
    CHECK_EQ(dev.regions[1].start, 0x50044000);
    CHECK_EQ(dev.regions[1].end, 0x80000000);
    CHECK_EQ(dev.regions[2].start, 0xd0000000); /* RAM the kernel cannot reach */
    CHECK(dev.regions[2].end == 1ull << 32);
    /* 256 MiB, then 512 MiB up to 4 GiB: nothing smaller at the top. */
    block_log_t log = { 0 };
    CHECK(boot_mem_blocks(dev.regions[2].start, dev.regions[2].end, 12, 29, log_block, &log));
    CHECK_EQ(log.count, 2);
    CHECK_EQ(log.smallest_bits, 28);
    CHECK(log.end == 1ull << 32);
}

TEST(boot_mem_device_space_ends_at_4_gib_without_a_cascade)
{
    /* QEMU virt with 1 GiB: everything above RAM is device memory, four
     * blocks of the largest untyped size up to 2^32 itself. */
    boot_mem_t dev;
    CHECK(boot_mem_device_space(&dev, 0x40000000, 0x80000000, NULL, 0));
    CHECK_EQ(dev.count, 2);
    block_log_t log = { 0 };
    CHECK(boot_mem_blocks(dev.regions[1].start, dev.regions[1].end, 12, 29, log_block, &log));
    CHECK_EQ(log.count, 4);
    CHECK_EQ(log.smallest_bits, 29);
    CHECK(log.end == 1ull << 32);
}
