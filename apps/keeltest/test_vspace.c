/*
 * Tests of the ARMv7 VSpace invocations (seL4 manual, "ARM" object
 * methods; seL4's aarch32 decode order and errors): mapping frames of every
 * size and page tables into the root task's VSpace, touching the memory
 * through one or two mappings, unmapping, Page_GetAddress, the cache
 * maintenance calls, and their errors. Touching an unmapped address is not
 * tested: without fault handlers it would stop the suite.
 */
#include "fdt.h"
#include "keeltest.h"

#define PAGE_SIZE ((seL4_Word)1 << seL4_PageBits)
#define LARGE_PAGE_SIZE ((seL4_Word)1 << seL4_LargePageBits)
#define SECTION_SIZE ((seL4_Word)1 << seL4_SectionBits)
#define SUPER_SECTION_SIZE ((seL4_Word)1 << seL4_SuperSectionBits)

static volatile seL4_Word *word_at(seL4_Word vaddr)
{
    return (volatile seL4_Word *)vaddr;
}

static seL4_Error map(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word vaddr, seL4_CapRights_t rights)
{
    return seL4_ARM_Page_Map(frame, vspace, vaddr, rights, seL4_ARM_Default_VMAttributes);
}

static seL4_Error map_pt(seL4_CPtr pt, seL4_CPtr vspace, seL4_Word vaddr)
{
    return seL4_ARM_PageTable_Map(pt, vspace, vaddr, seL4_ARM_Default_VMAttributes);
}

/* Maps frame at vaddr, writes a pattern at its first and last word, and
 * reads it back; fresh frames must read as zero first. */
static void touch_frame(seL4_Word vaddr, seL4_Word size)
{
    volatile seL4_Word *first = word_at(vaddr);
    volatile seL4_Word *last = word_at(vaddr + size - sizeof(seL4_Word));
    CHECK_EQ(*first, 0);
    CHECK_EQ(*last, 0);
    *first = 0x600df00d;
    *last = ~(seL4_Word)vaddr;
    CHECK_EQ(*first, 0x600df00d);
    CHECK_EQ(*last, ~(seL4_Word)vaddr);
}

/* ---- Mapping and touching memory ---- */

KEEL_TEST(page_map_small_page_and_touch_it,
          "a 4 KiB frame mapped read-write reads as zero and keeps what is written")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, frame, v);
    touch_frame(v, PAGE_SIZE);
}

KEEL_TEST(page_two_mappings_share_memory,
          "a copy of a frame cap maps the same frame again: writes show through both")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr alias = test_copy(env, frame, seL4_AllRights);
    seL4_Word v1 = test_vaddr(env, 0), v2 = test_vaddr(env, 5 * PAGE_SIZE);
    test_map_frame(env, frame, v1);
    test_map_frame(env, alias, v2);
    *word_at(v1 + 40) = 0x12345678;
    CHECK_EQ(*word_at(v2 + 40), 0x12345678);
    *word_at(v2 + 4092) = 0xcafe;
    CHECK_EQ(*word_at(v1 + 4092), 0xcafe);
    CHECK_EQ(frame_paddr(frame), frame_paddr(alias));
}

KEEL_TEST(page_read_only_mapping_reads_the_frame,
          "a second, read-only mapping of a frame reads what the writable one wrote")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr alias = test_copy(env, frame, seL4_CanRead);
    seL4_Word v1 = test_vaddr(env, 0), v2 = test_vaddr(env, PAGE_SIZE);
    test_map_frame(env, frame, v1);
    CHECK_OK(map(alias, seL4_CapInitThreadVSpace, v2, seL4_CanRead));
    *word_at(v1 + 8) = 0xabad1dea;
    CHECK_EQ(*word_at(v2 + 8), 0xabad1dea);
}

KEEL_TEST(page_map_large_page_and_touch_it,
          "a 64 KiB frame maps at a 64 KiB boundary and all of it is memory")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_LargePageObject, 0);
    seL4_CPtr alias = test_copy(env, frame, seL4_AllRights);
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, frame, v);
    touch_frame(v, LARGE_PAGE_SIZE);
    test_map_frame(env, alias, v + LARGE_PAGE_SIZE);
    CHECK_EQ(*word_at(v + 2 * LARGE_PAGE_SIZE - sizeof(seL4_Word)), ~(seL4_Word)v);
}

KEEL_TEST(page_map_section_and_touch_it,
          "a 1 MiB frame maps at a 1 MiB boundary without a page table")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SectionObject, 0);
    seL4_Word v = test_vaddr(env, 2 * SECTION_SIZE);
    CHECK_OK(map(frame, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    touch_frame(v, SECTION_SIZE);
}

KEEL_TEST_SIZED(page_map_super_section_and_touch_it, seL4_SuperSectionBits,
                "a 16 MiB frame maps at a 16 MiB boundary without a page table")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SuperSectionObject, 0);
    seL4_Word v = test_vaddr(env, SUPER_SECTION_SIZE);
    CHECK_OK(map(frame, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    touch_frame(v, SUPER_SECTION_SIZE);
    CHECK_EQ(*word_at(v + SECTION_SIZE * 7), 0);
}

KEEL_TEST(page_memory_survives_unmap_and_remap,
          "unmapping keeps the frame's contents: mapped again elsewhere it reads the same")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word v1 = test_vaddr(env, 0), v2 = test_vaddr(env, 3 * PAGE_SIZE);
    test_map_frame(env, frame, v1);
    *word_at(v1 + 100) = 0x7777;
    CHECK_OK(seL4_ARM_Page_Unmap(frame));
    CHECK_OK(map(frame, seL4_CapInitThreadVSpace, v2, seL4_ReadWrite));
    CHECK_EQ(*word_at(v2 + 100), 0x7777);
}

KEEL_TEST(page_remap_at_the_same_address_changes_rights,
          "Page_Map of a mapped cap at its own address remaps it (here read-only)")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, frame, v);
    *word_at(v) = 0x5151;
    CHECK_OK(map(frame, seL4_CapInitThreadVSpace, v, seL4_CanRead));
    CHECK_EQ(*word_at(v), 0x5151);
}

KEEL_TEST(page_unmap_of_an_unmapped_frame_succeeds,
          "Page_Unmap of a frame that is not mapped does nothing and succeeds")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    CHECK_OK(seL4_ARM_Page_Unmap(frame));
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, frame, v);
    CHECK_OK(seL4_ARM_Page_Unmap(frame));
    CHECK_OK(seL4_ARM_Page_Unmap(frame));
}

KEEL_TEST(page_delete_unmaps_the_frame,
          "deleting a mapped frame cap unmaps it: a large page can then cover its address")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr large = test_retype(env, seL4_ARM_LargePageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, frame, v + 2 * PAGE_SIZE);
    CHECK_ERR(map(large, seL4_CapInitThreadVSpace, v, seL4_ReadWrite), seL4_DeleteFirst);
    CHECK_OK(seL4_CNode_Delete(env->cnode, frame, ROOT_DEPTH));
    CHECK_OK(map(large, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    CHECK_EQ(*word_at(v + 2 * PAGE_SIZE), 0);
}

KEEL_TEST(page_frame_memory_is_zeroed_when_its_untyped_is_reused,
          "after a frame is deleted, its untyped's memory comes back cleared")
{
    seL4_CPtr ut = test_untyped(env, 12);
    seL4_CPtr frame = test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, frame, v);
    for (seL4_Word off = 0; off < PAGE_SIZE; off += 512) {
        *word_at(v + off) = 0xdeadbeef;
    }
    CHECK_OK(seL4_CNode_Delete(env->cnode, frame, ROOT_DEPTH));
    seL4_CPtr again = test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
    CHECK_OK(map(again, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    for (seL4_Word off = 0; off < PAGE_SIZE; off += 512) {
        CHECK_EQ(*word_at(v + off), 0);
    }
}

KEEL_TEST(page_get_address_of_each_frame_size,
          "Page_GetAddress returns each frame's physical address, aligned to its size")
{
    static const seL4_Word types[][2] = {
        { seL4_ARM_SmallPageObject, seL4_PageBits },
        { seL4_ARM_LargePageObject, seL4_LargePageBits },
        { seL4_ARM_SectionObject, seL4_SectionBits },
    };
    seL4_Word base = env->untyped_paddr, size = (seL4_Word)1 << env->untyped_bits;
    for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        seL4_CPtr frame = test_retype(env, types[i][0], 0);
        seL4_Word paddr = frame_paddr(frame);
        CHECK_EQ(paddr & (((seL4_Word)1 << types[i][1]) - 1), 0);
        CHECK(paddr >= base && paddr - base < size);
        CHECK_OK(seL4_CNode_Revoke(env->cnode, env->untyped, ROOT_DEPTH));
    }
}

KEEL_TEST(device_frame_reads_the_device,
          "a device frame maps uncached and reads the PL031 RTC's PrimeCell ID registers")
{
    seL4_Word len;
    const seL4_BootInfoHeader *h =
        (const void *)((const char *)env->bootinfo + seL4_BootInfoFrameSize);
    struct fdt_reg rtc;
    const char *why;

    /* The device tree record is the first (and only) extra record. */
    CHECK(env->bootinfo->extraLen >= sizeof(*h) && h->id == SEL4_BOOTINFO_HEADER_FDT);
    len = h->len - sizeof(*h);
    if (!fdt_check(h + 1, len, &why)) {
        TEST_FAIL("device tree: %s", why);
    }
    if (!fdt_find_reg(h + 1, "compatible", "arm,pl031", &rtc)) {
        TEST_FAIL("the device tree has no arm,pl031 RTC");
    }
    seL4_CPtr frame = test_device_frame_at(env, (seL4_Word)rtc.base);
    CHECK_EQ(frame_paddr(frame), (seL4_Word)rtc.base);
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, frame, v);
    /* PrimeCell identification (ARM PL031 TRM, "PrimeCell identification
     * registers"): 0x0d, 0xf0, 0x05, 0xb1 at 0xff0..0xffc; peripheral ID0
     * 0x31 at 0xfe0. */
    CHECK_EQ(*word_at(v + 0xff0) & 0xff, 0x0d);
    CHECK_EQ(*word_at(v + 0xff4) & 0xff, 0xf0);
    CHECK_EQ(*word_at(v + 0xff8) & 0xff, 0x05);
    CHECK_EQ(*word_at(v + 0xffc) & 0xff, 0xb1);
    CHECK_EQ(*word_at(v + 0xfe0) & 0xff, 0x31);
}

/* ---- Page_Map errors ---- */

KEEL_TEST(page_map_without_a_page_table_is_failed_lookup,
          "mapping a 4 KiB or 64 KiB frame where there is no page table is FailedLookup")
{
    seL4_CPtr small = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr large = test_retype(env, seL4_ARM_LargePageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    CHECK_ERR(map(small, seL4_CapInitThreadVSpace, v, seL4_ReadWrite), seL4_FailedLookup);
    CHECK_MR(0, 0);
    CHECK_ERR(map(large, seL4_CapInitThreadVSpace, v, seL4_ReadWrite), seL4_FailedLookup);
    CHECK_MR(0, 0);
}

KEEL_TEST_SIZED(page_map_misaligned_is_alignment_error, seL4_SectionBits + 1,
                "a virtual address not aligned to the frame's size is AlignmentError")
{
    seL4_Word v = test_vaddr(env, 0);
    test_map_page_table(env, v);
    seL4_CPtr large = test_retype(env, seL4_ARM_LargePageObject, 0);
    seL4_CPtr section = test_retype(env, seL4_ARM_SectionObject, 0);
    CHECK_ERR(map(large, seL4_CapInitThreadVSpace, v + PAGE_SIZE, seL4_ReadWrite),
              seL4_AlignmentError);
    seL4_Word vs = test_vaddr(env, SECTION_SIZE + LARGE_PAGE_SIZE);
    CHECK_ERR(map(section, seL4_CapInitThreadVSpace, vs, seL4_ReadWrite), seL4_AlignmentError);
}

KEEL_TEST_SIZED(page_map_in_the_kernel_window_is_invalid_argument, seL4_SectionBits + 1,
                "a frame reaching seL4_UserTop or beyond is InvalidArgument, argument 0")
{
    seL4_CPtr small = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr section = test_retype(env, seL4_ARM_SectionObject, 0);
    CHECK_ERR(map(small, seL4_CapInitThreadVSpace, seL4_UserTop, seL4_ReadWrite),
              seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_ERR(map(section, seL4_CapInitThreadVSpace, 0xfff00000u, seL4_ReadWrite),
              seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_ERR(map(small, seL4_CapInitThreadVSpace, 0xfffff000u, seL4_ReadWrite),
              seL4_InvalidArgument);
}

KEEL_TEST(page_map_over_a_page_of_the_other_size_is_delete_first,
          "a large page over a small one, or a small page inside a large one, is DeleteFirst")
{
    seL4_CPtr small = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr large = test_retype(env, seL4_ARM_LargePageObject, 0);
    seL4_CPtr large2 = test_retype(env, seL4_ARM_LargePageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, small, v + 3 * PAGE_SIZE);
    CHECK_ERR(map(large, seL4_CapInitThreadVSpace, v, seL4_ReadWrite), seL4_DeleteFirst);
    test_map_frame(env, large2, v + LARGE_PAGE_SIZE);
    CHECK_ERR(map(test_retype(env, seL4_ARM_SmallPageObject, 0), seL4_CapInitThreadVSpace,
                  v + LARGE_PAGE_SIZE + 5 * PAGE_SIZE, seL4_ReadWrite),
              seL4_DeleteFirst);
    /* the failed calls mapped nothing: the large page can go elsewhere */
    CHECK_OK(map(large, seL4_CapInitThreadVSpace, v + 2 * LARGE_PAGE_SIZE, seL4_ReadWrite));
    *word_at(v + LARGE_PAGE_SIZE + 5 * PAGE_SIZE) = 0x5a5a;
    CHECK_EQ(*word_at(v + LARGE_PAGE_SIZE + 5 * PAGE_SIZE), 0x5a5a);
}

/* ---- Page_Map over a mapping (seL4 16.0.0 aarch32 createSafeMappingEntries_PTE
 * and _PDE): one of the same kind and size is replaced, and the replaced frame's
 * cap keeps its mapping information; another kind in the way is DeleteFirst ---- */

KEEL_TEST(page_map_small_page_over_another_replaces_it,
          "a 4 KiB frame mapped where another is replaces it; Unmap of the old cap leaves it")
{
    seL4_CPtr a = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr b = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, a, v);
    *word_at(v + 12) = 0x1111;
    CHECK_OK(map(b, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    CHECK_EQ(*word_at(v + 12), 0); /* b's memory, not a stale TLB entry for a */
    *word_at(v + 12) = 0x2222;
    CHECK_OK(seL4_ARM_Page_Unmap(a));
    CHECK_EQ(*word_at(v + 12), 0x2222);
    /* a kept its contents, and its cap is free to map again */
    CHECK_OK(map(a, seL4_CapInitThreadVSpace, v + PAGE_SIZE, seL4_ReadWrite));
    CHECK_EQ(*word_at(v + PAGE_SIZE + 12), 0x1111);
}

KEEL_TEST(page_map_replaced_cap_remaps_only_at_its_recorded_address,
          "a replaced frame's cap still counts as mapped: elsewhere is InvalidArgument 0, "
          "its own address takes the mapping back")
{
    seL4_CPtr a = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr b = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, a, v);
    *word_at(v) = 0xaaaa;
    CHECK_OK(map(b, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    *word_at(v) = 0xbbbb;
    CHECK_ERR(map(a, seL4_CapInitThreadVSpace, v + PAGE_SIZE, seL4_ReadWrite),
              seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_OK(map(a, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    CHECK_EQ(*word_at(v), 0xaaaa);
    /* now b's cap is the stale one, and unmapping it changes nothing */
    CHECK_OK(seL4_ARM_Page_Unmap(b));
    CHECK_EQ(*word_at(v), 0xaaaa);
}

KEEL_TEST(page_map_large_page_over_another_replaces_it,
          "a 64 KiB frame mapped where another is replaces all 16 entries")
{
    seL4_CPtr a = test_retype(env, seL4_ARM_LargePageObject, 0);
    seL4_CPtr b = test_retype(env, seL4_ARM_LargePageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    seL4_Word last = v + LARGE_PAGE_SIZE - sizeof(seL4_Word);
    test_map_frame(env, a, v);
    *word_at(v) = 1;
    *word_at(last) = 2;
    CHECK_OK(map(b, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    CHECK_EQ(*word_at(v), 0);
    CHECK_EQ(*word_at(last), 0);
    *word_at(last) = 3;
    CHECK_OK(seL4_ARM_Page_Unmap(a));
    CHECK_EQ(*word_at(last), 3);
}

KEEL_TEST_SIZED(page_map_section_over_another_replaces_it, seL4_SectionBits + 1,
                "a 1 MiB frame mapped where another section is replaces it")
{
    seL4_CPtr s1 = test_retype(env, seL4_ARM_SectionObject, 0);
    seL4_CPtr s2 = test_retype(env, seL4_ARM_SectionObject, 0);
    seL4_Word v = test_vaddr(env, 4 * SECTION_SIZE);
    CHECK_OK(map(s1, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    *word_at(v + SECTION_SIZE - 4) = 0x51;
    CHECK_OK(map(s2, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    CHECK_EQ(*word_at(v + SECTION_SIZE - 4), 0);
    *word_at(v) = 0x52;
    CHECK_OK(seL4_ARM_Page_Unmap(s1));
    CHECK_EQ(*word_at(v), 0x52);
    CHECK_OK(map(s1, seL4_CapInitThreadVSpace, v + SECTION_SIZE, seL4_ReadWrite));
    CHECK_EQ(*word_at(v + 2 * SECTION_SIZE - 4), 0x51);
}

KEEL_TEST_SIZED(page_map_super_section_over_another_replaces_it, seL4_SuperSectionBits + 1,
                "a 16 MiB frame mapped where another supersection is replaces it")
{
    seL4_CPtr s1 = test_retype(env, seL4_ARM_SuperSectionObject, 0);
    seL4_CPtr s2 = test_retype(env, seL4_ARM_SuperSectionObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    CHECK_OK(map(s1, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    *word_at(v + 9 * SECTION_SIZE) = 0x61;
    CHECK_OK(map(s2, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    CHECK_EQ(*word_at(v + 9 * SECTION_SIZE), 0);
    *word_at(v + SUPER_SECTION_SIZE - 4) = 0x62;
    CHECK_OK(seL4_ARM_Page_Unmap(s1));
    CHECK_EQ(*word_at(v + SUPER_SECTION_SIZE - 4), 0x62);
    CHECK_OK(seL4_ARM_Page_Unmap(s2));
    CHECK_OK(map(s1, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    CHECK_EQ(*word_at(v + 9 * SECTION_SIZE), 0x61);
}

KEEL_TEST_SIZED(page_map_section_and_super_section_in_each_others_way_is_delete_first,
                seL4_SuperSectionBits + 1,
                "a section inside a supersection, a supersection over a section or a page "
                "table: DeleteFirst")
{
    seL4_CPtr super = test_retype(env, seL4_ARM_SuperSectionObject, 0);
    seL4_CPtr section = test_retype(env, seL4_ARM_SectionObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    CHECK_OK(map(super, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    *word_at(v + 3 * SECTION_SIZE) = 0x71;
    CHECK_ERR(map(section, seL4_CapInitThreadVSpace, v + 3 * SECTION_SIZE, seL4_ReadWrite),
              seL4_DeleteFirst);
    CHECK_EQ(*word_at(v + 3 * SECTION_SIZE), 0x71);
    CHECK_OK(seL4_ARM_Page_Unmap(super));
    CHECK_OK(map(section, seL4_CapInitThreadVSpace, v + 3 * SECTION_SIZE, seL4_ReadWrite));
    CHECK_ERR(map(super, seL4_CapInitThreadVSpace, v, seL4_ReadWrite), seL4_DeleteFirst);
    CHECK_OK(seL4_ARM_Page_Unmap(section));
    test_map_page_table(env, v + 15 * SECTION_SIZE);
    CHECK_ERR(map(super, seL4_CapInitThreadVSpace, v, seL4_ReadWrite), seL4_DeleteFirst);
}

KEEL_TEST_SIZED(page_map_small_page_where_a_section_is_is_failed_lookup, seL4_SectionBits + 1,
                "a 4 KiB or 64 KiB frame inside a mapped section: FailedLookup, no page table")
{
    seL4_CPtr section = test_retype(env, seL4_ARM_SectionObject, 0);
    seL4_CPtr small = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr large = test_retype(env, seL4_ARM_LargePageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    CHECK_OK(map(section, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    CHECK_ERR(map(small, seL4_CapInitThreadVSpace, v + PAGE_SIZE, seL4_ReadWrite),
              seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(0, seL4_MissingCapability);
    CHECK_MR(2, seL4_PageTableIndexBits + seL4_PageBits);
    CHECK_ERR(map(large, seL4_CapInitThreadVSpace, v, seL4_ReadWrite), seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(0, seL4_MissingCapability);
}

KEEL_TEST(page_map_mapped_cap_elsewhere_is_invalid_argument,
          "a frame cap maps once: Page_Map of a mapped cap at another address is InvalidArgument")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, frame, v);
    CHECK_ERR(map(frame, seL4_CapInitThreadVSpace, v + PAGE_SIZE, seL4_ReadWrite),
              seL4_InvalidArgument);
    CHECK_MR(0, 0);
}

KEEL_TEST(page_map_into_a_non_vspace_is_invalid_capability,
          "a vspace argument that is not a page directory is InvalidCapability, cap 1")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    CHECK_ERR(map(frame, ep, v, seL4_ReadWrite), seL4_InvalidCapability);
    CHECK_MR(0, 1);
    seL4_CPtr pt = test_map_page_table(env, v);
    CHECK_ERR(map(frame, pt, v, seL4_ReadWrite), seL4_InvalidCapability);
    CHECK_MR(0, 1);
}

KEEL_TEST(page_map_into_an_unassigned_page_directory_is_invalid_capability,
          "a page directory without an ASID cannot take mappings: InvalidCapability, cap 1")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr pd = test_retype(env, seL4_ARM_PageDirectoryObject, 0);
    CHECK_ERR(map(frame, pd, test_vaddr(env, 0), seL4_ReadWrite), seL4_InvalidCapability);
    CHECK_MR(0, 1);
}

KEEL_TEST_SIZED(page_map_mapped_in_another_vspace_is_invalid_capability, seL4_SectionBits + 1,
                "a frame cap mapped in one VSpace cannot be mapped into another: InvalidCapability")
{
    seL4_CPtr pd = test_assigned_page_directory(env);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SectionObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    CHECK_OK(map(frame, pd, v, seL4_ReadWrite));
    CHECK_ERR(map(frame, seL4_CapInitThreadVSpace, v, seL4_ReadWrite), seL4_InvalidCapability);
    CHECK_MR(0, 1);
}

KEEL_TEST(page_unknown_invocation_is_illegal_operation,
          "a frame cap invoked with a non-frame label is IllegalOperation")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word mrs[3] = { test_vaddr(env, 0), 0, 0 };
    seL4_CPtr caps[1] = { seL4_CapInitThreadVSpace };
    CHECK_ERR(raw_invoke(frame, ARMPageTableMap, 2, mrs, 1, caps), seL4_IllegalOperation);
    CHECK_ERR(raw_invoke(frame, CNodeDelete, 2, mrs, 0, NULL), seL4_IllegalOperation);
}

KEEL_TEST(page_map_truncated_message,
          "Page_Map without 3 words or the vspace cap is TruncatedMessage")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SectionObject, 0);
    seL4_Word mrs[3] = { test_vaddr(env, 0), seL4_ReadWrite.words[0],
                         seL4_ARM_Default_VMAttributes };
    seL4_CPtr caps[1] = { seL4_CapInitThreadVSpace };
    CHECK_ERR(raw_invoke(frame, ARMPageMap, 2, mrs, 1, caps), seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(frame, ARMPageMap, 3, mrs, 0, caps), seL4_TruncatedMessage);
    CHECK_OK(raw_invoke(frame, ARMPageMap, 3, mrs, 1, caps));
}

/* ---- Page tables ---- */

KEEL_TEST(page_table_map_twice_is_invalid_capability,
          "a mapped page table cannot be mapped again: InvalidCapability, cap 0")
{
    seL4_Word v = test_vaddr(env, 0);
    seL4_CPtr pt = test_map_page_table(env, v);
    CHECK_ERR(map_pt(pt, seL4_CapInitThreadVSpace, v + SECTION_SIZE), seL4_InvalidCapability);
    CHECK_MR(0, 0);
}

KEEL_TEST_SIZED(page_table_map_over_an_existing_entry_is_delete_first, seL4_SectionBits + 1,
                "a page table where a page table or a section is mapped is DeleteFirst")
{
    seL4_Word v = test_vaddr(env, 0);
    test_map_page_table(env, v);
    seL4_CPtr pt2 = test_retype(env, seL4_ARM_PageTableObject, 0);
    CHECK_ERR(map_pt(pt2, seL4_CapInitThreadVSpace, v + PAGE_SIZE), seL4_DeleteFirst);
    seL4_CPtr section = test_retype(env, seL4_ARM_SectionObject, 0);
    CHECK_OK(map(section, seL4_CapInitThreadVSpace, v + SECTION_SIZE, seL4_ReadWrite));
    CHECK_ERR(map_pt(pt2, seL4_CapInitThreadVSpace, v + SECTION_SIZE), seL4_DeleteFirst);
}

KEEL_TEST_SIZED(page_section_over_a_page_table_is_delete_first, seL4_SectionBits + 1,
                "a section where a page table is mapped is DeleteFirst")
{
    seL4_Word v = test_vaddr(env, 0);
    test_map_page_table(env, v);
    seL4_CPtr section = test_retype(env, seL4_ARM_SectionObject, 0);
    CHECK_ERR(map(section, seL4_CapInitThreadVSpace, v, seL4_ReadWrite), seL4_DeleteFirst);
}

KEEL_TEST(page_table_map_in_the_kernel_window_is_invalid_argument,
          "a page table at seL4_UserTop or above is InvalidArgument, argument 0")
{
    seL4_CPtr pt = test_retype(env, seL4_ARM_PageTableObject, 0);
    CHECK_ERR(map_pt(pt, seL4_CapInitThreadVSpace, seL4_UserTop), seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_ERR(map_pt(pt, seL4_CapInitThreadVSpace, 0xfff00000u), seL4_InvalidArgument);
}

KEEL_TEST(page_table_map_into_a_bad_vspace_is_invalid_capability,
          "a page table into a non-PD or an unassigned PD is InvalidCapability, cap 1")
{
    seL4_CPtr pt = test_retype(env, seL4_ARM_PageTableObject, 0);
    seL4_CPtr pd = test_retype(env, seL4_ARM_PageDirectoryObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(map_pt(pt, pd, test_vaddr(env, 0)), seL4_InvalidCapability);
    CHECK_MR(0, 1);
    CHECK_ERR(map_pt(pt, ep, test_vaddr(env, 0)), seL4_InvalidCapability);
    CHECK_MR(0, 1);
}

KEEL_TEST(page_table_unmap_needs_the_last_cap,
          "PageTable_Unmap while a copy exists is RevokeFirst; with the last cap it unmaps")
{
    seL4_Word v = test_vaddr(env, 0);
    seL4_CPtr pt = test_map_page_table(env, v);
    seL4_CPtr copy = test_copy(env, pt, seL4_AllRights);
    CHECK_CAP(copy, CAP_TAG_PAGE_TABLE);
    CHECK_ERR(seL4_ARM_PageTable_Unmap(pt), seL4_RevokeFirst);
    CHECK_OK(seL4_CNode_Delete(env->cnode, copy, ROOT_DEPTH));
    CHECK_OK(seL4_ARM_PageTable_Unmap(pt));
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    CHECK_ERR(map(frame, seL4_CapInitThreadVSpace, v, seL4_ReadWrite), seL4_FailedLookup);
    /* unmapped, the table can go in again */
    CHECK_OK(map_pt(pt, seL4_CapInitThreadVSpace, v));
    CHECK_OK(map(frame, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
}

KEEL_TEST(page_table_unmap_of_an_unmapped_table_succeeds,
          "PageTable_Unmap of a page table that is not mapped succeeds")
{
    seL4_CPtr pt = test_retype(env, seL4_ARM_PageTableObject, 0);
    CHECK_OK(seL4_ARM_PageTable_Unmap(pt));
}

KEEL_TEST(page_table_delete_unmaps_it,
          "deleting a mapped page table's cap removes it from the page directory")
{
    seL4_Word v = test_vaddr(env, 0);
    seL4_CPtr pt = test_map_page_table(env, v);
    CHECK_OK(seL4_CNode_Delete(env->cnode, pt, ROOT_DEPTH));
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    CHECK_ERR(map(frame, seL4_CapInitThreadVSpace, v, seL4_ReadWrite), seL4_FailedLookup);
    test_map_page_table(env, v);
    CHECK_OK(map(frame, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
}

KEEL_TEST(page_table_unmap_takes_its_pages_away,
          "after PageTable_Unmap, a page that was mapped through it can be mapped again elsewhere")
{
    seL4_Word v = test_vaddr(env, 0);
    seL4_CPtr pt = test_map_page_table(env, v);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    CHECK_OK(map(frame, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    *word_at(v) = 0x4242;
    CHECK_OK(seL4_ARM_PageTable_Unmap(pt));
    /* A new table at the same place starts empty. */
    CHECK_OK(map_pt(pt, seL4_CapInitThreadVSpace, v));
    seL4_CPtr other = test_retype(env, seL4_ARM_SmallPageObject, 0);
    CHECK_OK(map(other, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    CHECK_EQ(*word_at(v), 0);
}

KEEL_TEST(page_table_truncated_and_unknown_invocations,
          "PageTable_Map short of words or caps is TruncatedMessage; other labels IllegalOperation")
{
    seL4_CPtr pt = test_retype(env, seL4_ARM_PageTableObject, 0);
    seL4_Word mrs[2] = { test_vaddr(env, 0), seL4_ARM_Default_VMAttributes };
    seL4_CPtr caps[1] = { seL4_CapInitThreadVSpace };
    CHECK_ERR(raw_invoke(pt, ARMPageTableMap, 1, mrs, 1, caps), seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(pt, ARMPageTableMap, 2, mrs, 0, caps), seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(pt, ARMPageMap, 2, mrs, 1, caps), seL4_IllegalOperation);
}

/* ---- Cache maintenance ---- */

KEEL_TEST(page_cache_maintenance_checks_its_range,
          "Page cache maintenance takes an offset range inside the frame, else InvalidArgument")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    test_map_frame(env, frame, test_vaddr(env, 0));
    CHECK_OK(seL4_ARM_Page_Clean_Data(frame, 0, PAGE_SIZE));
    CHECK_OK(seL4_ARM_Page_Invalidate_Data(frame, 64, 128));
    CHECK_OK(seL4_ARM_Page_CleanInvalidate_Data(frame, 0, PAGE_SIZE));
    CHECK_OK(seL4_ARM_Page_Unify_Instruction(frame, 0, 256));
    CHECK_ERR(seL4_ARM_Page_Clean_Data(frame, 8, 8), seL4_InvalidArgument);
    CHECK_MR(0, 1);
    CHECK_ERR(seL4_ARM_Page_Clean_Data(frame, 0, PAGE_SIZE + 1), seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_ERR(seL4_ARM_Page_Clean_Data(frame, PAGE_SIZE, PAGE_SIZE + 4), seL4_InvalidArgument);
    CHECK_MR(0, 0);
}

KEEL_TEST(page_cache_maintenance_needs_a_mapped_frame,
          "Page cache maintenance on an unmapped frame is IllegalOperation")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    CHECK_ERR(seL4_ARM_Page_Clean_Data(frame, 0, PAGE_SIZE), seL4_IllegalOperation);
    CHECK_ERR(seL4_ARM_Page_Unify_Instruction(frame, 0, PAGE_SIZE), seL4_IllegalOperation);
}

KEEL_TEST(page_directory_cache_maintenance,
          "PD cache maintenance works within one page; bad ranges get seL4's errors")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr next = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    seL4_CPtr pd = seL4_CapInitThreadVSpace;
    test_map_frame(env, frame, v);
    CHECK_OK(map(next, pd, v + PAGE_SIZE, seL4_ReadWrite));
    CHECK_OK(seL4_ARM_PageDirectory_Clean_Data(pd, v, v + 64));
    CHECK_OK(seL4_ARM_PageDirectory_Invalidate_Data(pd, v + 64, v + 128));
    CHECK_OK(seL4_ARM_PageDirectory_CleanInvalidate_Data(pd, v, v + PAGE_SIZE));
    CHECK_OK(seL4_ARM_PageDirectory_Unify_Instruction(pd, v, v + 32));
    /* nothing mapped there: nothing to do, no error */
    CHECK_OK(seL4_ARM_PageDirectory_Clean_Data(pd, v + 8 * PAGE_SIZE, v + 9 * PAGE_SIZE));
    CHECK_ERR(seL4_ARM_PageDirectory_Clean_Data(pd, v + 64, v + 64), seL4_InvalidArgument);
    CHECK_MR(0, 1);
    CHECK_ERR(seL4_ARM_PageDirectory_Clean_Data(pd, v, seL4_UserTop + PAGE_SIZE),
              seL4_IllegalOperation);
    CHECK_ERR(seL4_ARM_PageDirectory_Clean_Data(pd, v + PAGE_SIZE - 64, v + PAGE_SIZE + 64),
              seL4_RangeError);
    CHECK_RANGE(v + PAGE_SIZE - 64, v + PAGE_SIZE - 1);
}

KEEL_TEST(page_directory_cache_maintenance_needs_an_assigned_pd,
          "PD cache maintenance on a page directory without an ASID is InvalidCapability, cap 0")
{
    seL4_CPtr pd = test_retype(env, seL4_ARM_PageDirectoryObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    CHECK_ERR(seL4_ARM_PageDirectory_Clean_Data(pd, v, v + 64), seL4_InvalidCapability);
    CHECK_MR(0, 0);
}

/* ---- Cache maintenance with stale mapping information (seL4 16.0.0: a frame
 * cap whose recorded mapping the page directory no longer holds is
 * InvalidCapability 0, checked after the empty-range check and before the
 * range-inside-the-frame check; seL4 PR #1633) ---- */

/* Every Page cache maintenance call on frame is InvalidCapability 0. */
static void check_flushes_are_stale(seL4_CPtr frame)
{
    CHECK_ERR(seL4_ARM_Page_Clean_Data(frame, 0, PAGE_SIZE), seL4_InvalidCapability);
    CHECK_MR(0, 0);
    CHECK_ERR(seL4_ARM_Page_Invalidate_Data(frame, 0, 64), seL4_InvalidCapability);
    CHECK_MR(0, 0);
    CHECK_ERR(seL4_ARM_Page_CleanInvalidate_Data(frame, 64, 128), seL4_InvalidCapability);
    CHECK_MR(0, 0);
    CHECK_ERR(seL4_ARM_Page_Unify_Instruction(frame, 0, PAGE_SIZE), seL4_InvalidCapability);
    CHECK_MR(0, 0);
}

KEEL_TEST(page_cache_maintenance_after_page_table_unmap_is_invalid_capability,
          "cache maintenance on a frame whose page table was unmapped is InvalidCapability 0")
{
    seL4_Word v = test_vaddr(env, 0);
    seL4_CPtr pt = test_map_page_table(env, v);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    CHECK_OK(map(frame, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    *word_at(v) = 0x3131;
    CHECK_OK(seL4_ARM_PageTable_Unmap(pt));
    check_flushes_are_stale(frame);
    /* the order of the checks: an empty range first, the frame's bounds last */
    CHECK_ERR(seL4_ARM_Page_Clean_Data(frame, 8, 8), seL4_InvalidArgument);
    CHECK_MR(0, 1);
    CHECK_ERR(seL4_ARM_Page_Clean_Data(frame, 0, PAGE_SIZE + 1), seL4_InvalidCapability);
    CHECK_MR(0, 0);
    /* with the table back, the cap's own address maps it again */
    CHECK_OK(map_pt(pt, seL4_CapInitThreadVSpace, v));
    CHECK_OK(map(frame, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    CHECK_OK(seL4_ARM_Page_CleanInvalidate_Data(frame, 0, PAGE_SIZE));
    CHECK_EQ(*word_at(v), 0x3131);
}

KEEL_TEST(page_cache_maintenance_after_page_table_delete_is_invalid_capability,
          "cache maintenance on a frame whose page table was deleted is InvalidCapability 0")
{
    seL4_Word v = test_vaddr(env, 0);
    seL4_CPtr pt = test_map_page_table(env, v);
    seL4_CPtr large = test_retype(env, seL4_ARM_LargePageObject, 0);
    CHECK_OK(map(large, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    CHECK_OK(seL4_ARM_Page_Clean_Data(large, 0, LARGE_PAGE_SIZE));
    CHECK_OK(seL4_CNode_Delete(env->cnode, pt, ROOT_DEPTH));
    check_flushes_are_stale(large);
}

KEEL_TEST(page_cache_maintenance_of_a_replaced_frame_is_invalid_capability,
          "cache maintenance through the cap of a frame another one replaced is "
          "InvalidCapability 0")
{
    seL4_CPtr a = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr b = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, a, v);
    CHECK_OK(map(b, seL4_CapInitThreadVSpace, v, seL4_ReadWrite));
    check_flushes_are_stale(a);
    CHECK_OK(seL4_ARM_Page_Clean_Data(b, 0, PAGE_SIZE));
}

KEEL_TEST_SIZED(page_cache_maintenance_after_its_page_directory_is_deleted, seL4_SectionBits + 2,
                "a deleted page directory: FailedLookup; its ASID given to a new one: "
                "InvalidCapability 0")
{
    seL4_CPtr pd = test_assigned_page_directory(env);
    seL4_CPtr section = test_retype(env, seL4_ARM_SectionObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    CHECK_OK(map(section, pd, v, seL4_ReadWrite));
    CHECK_OK(seL4_ARM_Page_Clean_Data(section, 0, SECTION_SIZE));
    CHECK_OK(seL4_CNode_Delete(env->cnode, pd, ROOT_DEPTH));
    CHECK_ERR(seL4_ARM_Page_Clean_Data(section, 0, PAGE_SIZE), seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(0, seL4_InvalidRoot);
    CHECK_ERR(seL4_ARM_Page_Unify_Instruction(section, 0, PAGE_SIZE), seL4_FailedLookup);
    /* the freed ASID is the lowest free one, so the next Assign reuses it */
    seL4_CPtr pd2 = test_assigned_page_directory(env);
    CHECK_ERR(seL4_ARM_Page_Clean_Data(section, 0, PAGE_SIZE), seL4_InvalidCapability);
    CHECK_MR(0, 0);
    /* the cap's ASID and address name pd2 now: mapping it there is a remap */
    CHECK_OK(map(section, pd2, v, seL4_ReadWrite));
    CHECK_OK(seL4_ARM_Page_CleanInvalidate_Data(section, 0, SECTION_SIZE));
}

KEEL_TEST(page_cache_maintenance_after_its_asid_pool_is_deleted_fails_lookup,
          "cache maintenance on a frame mapped through a deleted ASID pool is FailedLookup")
{
    seL4_CPtr ut = test_untyped(env, seL4_ASIDPoolBits);
    seL4_CPtr pool = test_slot(env);
    CHECK_OK(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, ut, env->cnode, pool, ROOT_DEPTH));
    seL4_CPtr pd = test_retype(env, seL4_ARM_PageDirectoryObject, 0);
    CHECK_OK(seL4_ARM_ASIDPool_Assign(pool, pd));
    seL4_CPtr pt = test_retype(env, seL4_ARM_PageTableObject, 0);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    CHECK_OK(map_pt(pt, pd, v));
    CHECK_OK(map(frame, pd, v, seL4_ReadWrite));
    CHECK_OK(seL4_ARM_Page_Invalidate_Data(frame, 0, 64));
    CHECK_OK(seL4_CNode_Delete(env->cnode, pool, ROOT_DEPTH));
    CHECK_ERR(seL4_ARM_Page_Invalidate_Data(frame, 0, 64), seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(0, seL4_InvalidRoot);
    CHECK_OK(seL4_ARM_Page_Unmap(frame));
    CHECK_ERR(seL4_ARM_Page_Invalidate_Data(frame, 0, 64), seL4_IllegalOperation);
}

KEEL_TEST_SIZED(page_cache_maintenance_range_is_the_frames_size, seL4_SectionBits + 2,
                "Page cache maintenance ranges are offsets in the frame, whatever its size")
{
    seL4_CPtr large = test_retype(env, seL4_ARM_LargePageObject, 0);
    seL4_CPtr section = test_retype(env, seL4_ARM_SectionObject, 0);
    seL4_Word v = test_vaddr(env, 0);
    test_map_frame(env, large, v);
    CHECK_OK(map(section, seL4_CapInitThreadVSpace, v + SECTION_SIZE, seL4_ReadWrite));
    CHECK_OK(seL4_ARM_Page_Clean_Data(large, LARGE_PAGE_SIZE - 64, LARGE_PAGE_SIZE));
    CHECK_ERR(seL4_ARM_Page_Clean_Data(large, 0, LARGE_PAGE_SIZE + 1), seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_OK(seL4_ARM_Page_CleanInvalidate_Data(section, 0, SECTION_SIZE));
    CHECK_OK(seL4_ARM_Page_Unify_Instruction(section, SECTION_SIZE - PAGE_SIZE, SECTION_SIZE));
    CHECK_ERR(seL4_ARM_Page_Clean_Data(section, SECTION_SIZE, SECTION_SIZE + 4),
              seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_ERR(seL4_ARM_Page_Clean_Data(section, 0x2000, 0x1000), seL4_InvalidArgument);
    CHECK_MR(0, 1);
}

/* ---- The top of the user address space: seL4_UserVSpaceTop is the last user
 * address, seL4_UserTop the first the user cannot map (seL4 16.0.0 libsel4;
 * aarch32 decodeARMFrameInvocation refuses a frame whose last byte is at or past
 * seL4_UserTop with InvalidArgument 0, before it checks alignment) ---- */

KEEL_TEST(page_map_the_last_page_below_user_top,
          "the 4 KiB page at seL4_UserVSpaceTop & ~0xfff maps, and its last word is memory")
{
    seL4_Word last = seL4_UserVSpaceTop & ~(PAGE_SIZE - 1);
    CHECK_EQ(seL4_UserVSpaceTop, seL4_UserTop - 1);
    CHECK_EQ(last + PAGE_SIZE, seL4_UserTop);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    test_map_frame(env, frame, last);
    touch_frame(last, PAGE_SIZE);
    *word_at(seL4_UserVSpaceTop - 3) = 0x70f;
    CHECK_EQ(*word_at(seL4_UserVSpaceTop - 3), 0x70f);
    CHECK_OK(seL4_ARM_Page_Clean_Data(frame, 0, PAGE_SIZE));
    CHECK_OK(seL4_ARM_PageDirectory_Clean_Data(seL4_CapInitThreadVSpace, last, seL4_UserTop));
}

KEEL_TEST_SIZED(page_map_at_or_across_user_top_is_invalid_argument, seL4_SectionBits + 2,
                "Page_Map at seL4_UserTop, or of a frame that would cross it, is "
                "InvalidArgument 0")
{
    seL4_CPtr small = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr large = test_retype(env, seL4_ARM_LargePageObject, 0);
    seL4_CPtr section = test_retype(env, seL4_ARM_SectionObject, 0);
    seL4_CPtr vspace = seL4_CapInitThreadVSpace;
    CHECK_ERR(map(small, vspace, seL4_UserTop, seL4_ReadWrite), seL4_InvalidArgument);
    CHECK_MR(0, 0);
    /* crossing beats misalignment: the top is checked first */
    CHECK_ERR(map(small, vspace, seL4_UserVSpaceTop, seL4_ReadWrite), seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_ERR(map(large, vspace, seL4_UserTop - LARGE_PAGE_SIZE / 2, seL4_ReadWrite),
              seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_ERR(map(section, vspace, seL4_UserTop - SECTION_SIZE / 2, seL4_ReadWrite),
              seL4_InvalidArgument);
    CHECK_MR(0, 0);
    /* aligned and ending at seL4_UserVSpaceTop, each fits */
    seL4_CPtr pt = test_map_page_table(env, seL4_UserTop - SECTION_SIZE);
    CHECK_OK(map(large, vspace, seL4_UserTop - LARGE_PAGE_SIZE, seL4_ReadWrite));
    touch_frame(seL4_UserTop - LARGE_PAGE_SIZE, LARGE_PAGE_SIZE);
    CHECK_OK(seL4_ARM_Page_Unmap(large));
    CHECK_OK(seL4_ARM_PageTable_Unmap(pt));
    CHECK_OK(map(section, vspace, seL4_UserTop - SECTION_SIZE, seL4_ReadWrite));
    touch_frame(seL4_UserTop - SECTION_SIZE, SECTION_SIZE);
}

KEEL_TEST_SIZED(page_map_super_section_at_or_across_user_top, seL4_SuperSectionBits,
                "a 16 MiB frame ending at seL4_UserVSpaceTop maps; one crossing seL4_UserTop "
                "is InvalidArgument 0")
{
    seL4_CPtr super = test_retype(env, seL4_ARM_SuperSectionObject, 0);
    seL4_CPtr vspace = seL4_CapInitThreadVSpace;
    CHECK_ERR(map(super, vspace, seL4_UserTop - SUPER_SECTION_SIZE / 2, seL4_ReadWrite),
              seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_ERR(map(super, vspace, seL4_UserTop, seL4_ReadWrite), seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_OK(map(super, vspace, seL4_UserTop - SUPER_SECTION_SIZE, seL4_ReadWrite));
    touch_frame(seL4_UserTop - SUPER_SECTION_SIZE, SUPER_SECTION_SIZE);
}
