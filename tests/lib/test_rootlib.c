/*
 * Host tests of rootlib's bookkeeping (apps/lib): the CSpace slot
 * allocator, the untyped watermarks (placement as the kernel aligns
 * objects, best fit, device padding) and the virtual region allocator.
 * The parts that make system calls are exercised by the tutorials' boots.
 */
#include <test.h>

#include <rootlib/slots.h>
#include <rootlib/untyped_pool.h>
#include <rootlib/vregion.h>

/* ---- slots ---- */

TEST(slots_hand_out_each_slot_of_the_range_once)
{
    static struct rootlib_slots s;
    uintptr_t slot;
    rootlib_slots_init(&s, 100, 103);
    CHECK(rootlib_slots_alloc(&s, &slot));
    CHECK_EQ(slot, 100);
    CHECK(rootlib_slots_alloc(&s, &slot));
    CHECK_EQ(slot, 101);
    CHECK(rootlib_slots_alloc(&s, &slot));
    CHECK_EQ(slot, 102);
    CHECK(!rootlib_slots_alloc(&s, &slot));
    CHECK_EQ(s.available, 0);
}

TEST(slots_freed_slot_is_reused)
{
    static struct rootlib_slots s;
    uintptr_t slot;
    rootlib_slots_init(&s, 10, 12);
    CHECK(rootlib_slots_alloc(&s, &slot));
    CHECK(rootlib_slots_alloc(&s, &slot));
    CHECK(rootlib_slots_free(&s, 10));
    CHECK(!rootlib_slots_is_used(&s, 10));
    CHECK(rootlib_slots_alloc(&s, &slot));
    CHECK_EQ(slot, 10);
}

TEST(slots_free_refuses_unallocated_and_outside_slots)
{
    static struct rootlib_slots s;
    uintptr_t slot;
    rootlib_slots_init(&s, 10, 20);
    CHECK(!rootlib_slots_free(&s, 10)); /* never allocated */
    CHECK(!rootlib_slots_free(&s, 9));
    CHECK(!rootlib_slots_free(&s, 20));
    CHECK(rootlib_slots_alloc(&s, &slot));
    CHECK(rootlib_slots_free(&s, slot));
    CHECK(!rootlib_slots_free(&s, slot)); /* twice */
    CHECK_EQ(s.available, 10);
}

TEST(slots_range_finds_a_run_of_free_slots)
{
    static struct rootlib_slots s;
    uintptr_t first, slot;
    rootlib_slots_init(&s, 0, 8);
    for (int i = 0; i < 8; i++) {
        CHECK(rootlib_slots_alloc(&s, &slot));
    }
    CHECK(rootlib_slots_free(&s, 1));
    CHECK(rootlib_slots_free(&s, 4));
    CHECK(rootlib_slots_free(&s, 5));
    CHECK(rootlib_slots_free(&s, 6));
    CHECK(rootlib_slots_alloc_range(&s, 3, &first));
    CHECK_EQ(first, 4);
    CHECK(!rootlib_slots_alloc_range(&s, 2, &first)); /* only slot 1 is free */
    CHECK(!rootlib_slots_alloc_range(&s, 0, &first));
    CHECK_EQ(s.available, 1);
}

TEST(slots_range_larger_than_the_maximum_is_clipped)
{
    static struct rootlib_slots s;
    rootlib_slots_init(&s, 16, 16 + 2 * ROOTLIB_SLOTS_MAX);
    CHECK_EQ(s.count, ROOTLIB_SLOTS_MAX);
    CHECK(!rootlib_slots_is_used(&s, 16 + ROOTLIB_SLOTS_MAX));
    rootlib_slots_init(&s, 20, 10); /* empty */
    CHECK_EQ(s.count, 0);
}

/* ---- untypeds ---- */

TEST(untyped_objects_land_aligned_to_their_size)
{
    static struct rootlib_untyped_pool pool;
    uint64_t offset;
    rootlib_untyped_pool_init(&pool);
    CHECK(rootlib_untyped_pool_add(&pool, 50, 0x40000000, 16, false));
    rootlib_untyped_pool_commit(&pool, 0, 4); /* a 16-byte endpoint */
    CHECK_EQ(pool.list[0].watermark, 16);
    CHECK(rootlib_untyped_place(&pool.list[0], 10, &offset)); /* a TCB */
    CHECK_EQ(offset, 0x400);
    rootlib_untyped_pool_commit(&pool, 0, 10);
    CHECK_EQ(pool.list[0].watermark, 0x800);
    CHECK(rootlib_untyped_place(&pool.list[0], 12, &offset));
    CHECK_EQ(offset, 0x1000);
}

TEST(untyped_object_that_does_not_fit_is_refused)
{
    static struct rootlib_untyped_pool pool;
    uint64_t offset;
    unsigned index;
    rootlib_untyped_pool_init(&pool);
    CHECK(rootlib_untyped_pool_add(&pool, 50, 0, 12, false));
    CHECK(!rootlib_untyped_place(&pool.list[0], 13, &offset));
    rootlib_untyped_pool_commit(&pool, 0, 4);
    CHECK(!rootlib_untyped_place(&pool.list[0], 12, &offset)); /* aligned past the end */
    CHECK(!rootlib_untyped_pool_pick(&pool, 12, &index));
    CHECK(rootlib_untyped_pool_pick(&pool, 11, &index));
}

TEST(untyped_pick_prefers_the_smallest_ram_untyped_that_fits)
{
    static struct rootlib_untyped_pool pool;
    unsigned index;
    rootlib_untyped_pool_init(&pool);
    CHECK(rootlib_untyped_pool_add(&pool, 50, 0x40000000, 20, false));
    CHECK(rootlib_untyped_pool_add(&pool, 51, 0x09000000, 12, true)); /* device: never */
    CHECK(rootlib_untyped_pool_add(&pool, 52, 0x40100000, 14, false));
    CHECK(rootlib_untyped_pool_add(&pool, 53, 0x40200000, 12, false));
    CHECK(rootlib_untyped_pool_pick(&pool, 12, &index));
    CHECK_EQ(index, 3);
    rootlib_untyped_pool_commit(&pool, 3, 12); /* now full */
    CHECK(rootlib_untyped_pool_pick(&pool, 12, &index));
    CHECK_EQ(index, 2);
    CHECK(rootlib_untyped_pool_pick(&pool, 16, &index));
    CHECK_EQ(index, 0);
    CHECK(!rootlib_untyped_pool_pick(&pool, 21, &index));
}

TEST(untyped_pool_refuses_bad_sizes_and_overflow)
{
    static struct rootlib_untyped_pool pool;
    rootlib_untyped_pool_init(&pool);
    CHECK(!rootlib_untyped_pool_add(&pool, 1, 0, 3, false));
    CHECK(!rootlib_untyped_pool_add(&pool, 1, 0, 64, false));
    for (unsigned i = 0; i < ROOTLIB_UNTYPEDS_MAX; i++) {
        CHECK(rootlib_untyped_pool_add(&pool, i, 0, 12, false));
    }
    CHECK(!rootlib_untyped_pool_add(&pool, 999, 0, 12, false));
    CHECK_EQ(pool.count, ROOTLIB_UNTYPEDS_MAX);
}

TEST(untyped_find_device_covers_its_range_only)
{
    static struct rootlib_untyped_pool pool;
    unsigned index;
    rootlib_untyped_pool_init(&pool);
    CHECK(rootlib_untyped_pool_add(&pool, 50, 0x08000000, 24, false));
    CHECK(rootlib_untyped_pool_add(&pool, 51, 0x08000000, 24, true));
    CHECK(rootlib_untyped_pool_find_device(&pool, 0x08fff000, &index));
    CHECK_EQ(index, 1);
    CHECK(!rootlib_untyped_pool_find_device(&pool, 0x07fff000, &index));
    CHECK(!rootlib_untyped_pool_find_device(&pool, 0x09000000, &index)); /* just past it */
    CHECK(rootlib_untyped_pool_add(&pool, 52, 0xf0000000, 28, true));    /* up to 4 GiB */
    CHECK(rootlib_untyped_pool_find_device(&pool, 0xfffff000, &index));
    CHECK_EQ(index, 2);
}

/* Replays what rootlib_alloc_device_frame does: padding, then the frame. */
static uint64_t pad_to(struct rootlib_untyped_pool *pool, unsigned index, uint64_t offset,
                       unsigned *paddings)
{
    int bits;
    *paddings = 0;
    while ((bits = rootlib_untyped_padding_bits(&pool->list[index], offset, 12)) > 0) {
        rootlib_untyped_pool_commit(pool, index, (unsigned)bits);
        (*paddings)++;
    }
    CHECK_EQ(bits, 0);
    uint64_t placed;
    CHECK(rootlib_untyped_place(&pool->list[index], 12, &placed));
    rootlib_untyped_pool_commit(pool, index, 12);
    return placed;
}

TEST(untyped_device_padding_puts_the_frame_at_the_address)
{
    static struct rootlib_untyped_pool pool;
    unsigned paddings;
    rootlib_untyped_pool_init(&pool);
    CHECK(rootlib_untyped_pool_add(&pool, 51, 0x08000000, 24, true));
    /* 0x08ab3000 is offset 0xab3000 in the 16 MiB untyped at 0x08000000:
     * padding for its bits 23, 21, 19, 17, 16, 13 and 12. */
    CHECK_EQ(pad_to(&pool, 0, 0xab3000, &paddings), 0xab3000);
    CHECK_EQ(paddings, 7);
    /* The next page needs no padding; one further on needs one page. */
    CHECK_EQ(pad_to(&pool, 0, 0xab4000, &paddings), 0xab4000);
    CHECK_EQ(paddings, 0);
    CHECK_EQ(pad_to(&pool, 0, 0xab6000, &paddings), 0xab6000);
    CHECK_EQ(paddings, 1);
}

/* keeltest's allocator pads a lone, unused device untyped (watermark 0)
 * with rootlib_untyped_commit: the paddings are the offset's set bits,
 * largest first, as the kernel needs them. */
TEST(untyped_commit_pads_a_lone_device_untyped_by_the_offsets_bits)
{
    struct rootlib_untyped u = {
        .cptr = 51, .paddr = 0x09000000, .size_bits = 24, .is_device = true
    };
    static const int expected[] = { 23, 21, 19, 17, 16, 13, 12 };
    unsigned n = 0;
    int bits;
    while ((bits = rootlib_untyped_padding_bits(&u, 0xab3000, 12)) > 0) {
        CHECK(n < sizeof(expected) / sizeof(expected[0]));
        CHECK_EQ(bits, expected[n]);
        rootlib_untyped_commit(&u, (unsigned)bits);
        n++;
    }
    CHECK_EQ(bits, 0);
    CHECK_EQ(n, 7);
    CHECK_EQ(u.watermark, 0xab3000);
    rootlib_untyped_commit(&u, 12);                               /* the frame */
    CHECK_EQ(rootlib_untyped_padding_bits(&u, 0xab3000, 12), -1); /* handed out */
}

TEST(untyped_device_padding_respects_the_watermark_alignment)
{
    static struct rootlib_untyped_pool pool;
    unsigned paddings;
    rootlib_untyped_pool_init(&pool);
    CHECK(rootlib_untyped_pool_add(&pool, 51, 0, 20, true));
    pool.list[0].watermark = 0x1000; /* one page used: padding may not start larger */
    CHECK_EQ(rootlib_untyped_padding_bits(&pool.list[0], 0x80000, 12), 12);
    CHECK_EQ(pad_to(&pool, 0, 0x80000, &paddings), 0x80000);
    CHECK_EQ(paddings, 7); /* 0x1000, 0x2000, 0x4000, ... 0x40000 */
}

TEST(untyped_device_padding_refuses_memory_already_handed_out)
{
    static struct rootlib_untyped_pool pool;
    rootlib_untyped_pool_init(&pool);
    CHECK(rootlib_untyped_pool_add(&pool, 51, 0, 20, true));
    pool.list[0].watermark = 0x3000;
    CHECK_EQ(rootlib_untyped_padding_bits(&pool.list[0], 0x2000, 12), -1);
    CHECK_EQ(rootlib_untyped_padding_bits(&pool.list[0], 0x3800, 12), -1); /* unaligned */
    CHECK_EQ(rootlib_untyped_padding_bits(&pool.list[0], 0x3000, 12), 0);
}

/* ---- virtual regions ---- */

TEST(vregion_reserves_aligned_ranges_in_order)
{
    struct rootlib_vregion r;
    uintptr_t v;
    rootlib_vregion_init(&r, 0x40000000, 0x40100000);
    CHECK(rootlib_vregion_reserve(&r, 0x1800, 12, &v));
    CHECK_EQ(v, 0x40000000);
    CHECK(rootlib_vregion_reserve(&r, 0x1000, 16, &v));
    CHECK_EQ(v, 0x40010000);
    CHECK(rootlib_vregion_reserve(&r, 1, 12, &v));
    CHECK_EQ(v, 0x40011000);
    CHECK_EQ(r.next, 0x40011001);
}

TEST(vregion_refuses_what_does_not_fit_and_changes_nothing)
{
    struct rootlib_vregion r;
    uintptr_t v = 0;
    rootlib_vregion_init(&r, 0x40001000, 0x40005000);
    CHECK(!rootlib_vregion_reserve(&r, 0x5000, 12, &v));
    CHECK(!rootlib_vregion_reserve(&r, 0x1000, 20, &v)); /* aligned past the end */
    CHECK(!rootlib_vregion_reserve(&r, 0, 12, &v));
    CHECK(!rootlib_vregion_reserve(&r, UINTPTR_MAX, 12, &v)); /* would wrap */
    CHECK(!rootlib_vregion_reserve(&r, 0x1000, sizeof(uintptr_t) * 8, &v));
    CHECK_EQ(r.next, 0x40001000);
    CHECK(rootlib_vregion_reserve(&r, 0x4000, 12, &v));
    CHECK(!rootlib_vregion_reserve(&r, 1, 0, &v));
}

/* ---- ELF ---- */

#include <string.h>
#include <rootlib/elf.h>

/* A minimal ELF32 ARM executable: the header, one PT_LOAD program header
 * for 0x20 file bytes at offset 0x60 going to 0x10000 (0x100 in memory),
 * then those bytes. */
static unsigned char test_elf[0x80];

static void put16(unsigned at, uint16_t v)
{
    memcpy(test_elf + at, &v, 2);
}

static void put32(unsigned at, uint32_t v)
{
    memcpy(test_elf + at, &v, 4);
}

static void make_test_elf(void)
{
    memset(test_elf, 0, sizeof(test_elf));
    memcpy(test_elf,
           "\x7f"
           "ELF",
           4);
    test_elf[4] = 1; /* ELFCLASS32 */
    test_elf[5] = 1; /* little-endian */
    put16(16, 2);    /* ET_EXEC */
    put16(18, 40);   /* EM_ARM */
    put32(24, 0x10004);
    put32(28, 52); /* program headers right after the header */
    put16(42, 32);
    put16(44, 1);
    put32(52 + 0, 1); /* PT_LOAD */
    put32(52 + 4, 0x60);
    put32(52 + 8, 0x10000);
    put32(52 + 16, 0x20);
    put32(52 + 20, 0x100);
    put32(52 + 24, 5); /* R + X */
}

TEST(elf_reads_the_entry_and_a_load_segment)
{
    uint32_t entry;
    struct rootlib_elf_segment seg;
    make_test_elf();
    CHECK(rootlib_elf_check(test_elf, sizeof(test_elf), &entry));
    CHECK_EQ(entry, 0x10004);
    CHECK_EQ(rootlib_elf_segment_count(test_elf), 1);
    CHECK(rootlib_elf_load_segment(test_elf, sizeof(test_elf), 0, &seg));
    CHECK_EQ(seg.vaddr, 0x10000);
    CHECK_EQ(seg.offset, 0x60);
    CHECK_EQ(seg.file_size, 0x20);
    CHECK_EQ(seg.mem_size, 0x100);
    CHECK(seg.executable);
    CHECK(!seg.writable);
    CHECK(!rootlib_elf_load_segment(test_elf, sizeof(test_elf), 1, &seg));
}

TEST(elf_check_refuses_what_is_not_an_arm_executable)
{
    uint32_t entry;
    make_test_elf();
    CHECK(!rootlib_elf_check(test_elf, 40, &entry)); /* shorter than a header */
    test_elf[0] = 0;
    CHECK(!rootlib_elf_check(test_elf, sizeof(test_elf), &entry));
    make_test_elf();
    put16(18, 62); /* x86-64 */
    CHECK(!rootlib_elf_check(test_elf, sizeof(test_elf), &entry));
    make_test_elf();
    test_elf[4] = 2; /* 64-bit */
    CHECK(!rootlib_elf_check(test_elf, sizeof(test_elf), &entry));
    make_test_elf();
    put16(44, 3); /* program headers past the end */
    CHECK(!rootlib_elf_check(test_elf, sizeof(test_elf), &entry));
    make_test_elf();
    put32(28, 0xfffffff0); /* an offset that would wrap */
    CHECK(!rootlib_elf_check(test_elf, sizeof(test_elf), &entry));
}

TEST(elf_segment_whose_bytes_lie_outside_the_file_is_refused)
{
    uint32_t entry;
    struct rootlib_elf_segment seg;
    make_test_elf();
    put32(52 + 4, 0x70); /* 0x70 + 0x20 > 0x80 */
    CHECK(rootlib_elf_check(test_elf, sizeof(test_elf), &entry));
    CHECK(!rootlib_elf_load_segment(test_elf, sizeof(test_elf), 0, &seg));
    make_test_elf();
    put32(52 + 16, 0x200); /* more file bytes than memory bytes */
    CHECK(!rootlib_elf_load_segment(test_elf, sizeof(test_elf), 0, &seg));
    make_test_elf();
    put32(52 + 8, 0xffffff00); /* the memory range wraps */
    CHECK(!rootlib_elf_load_segment(test_elf, sizeof(test_elf), 0, &seg));
}
