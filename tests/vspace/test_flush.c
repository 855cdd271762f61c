/*
 * The cache maintenance invocations of frames (offsets in the frame) and
 * page directories (user addresses): their range checks and errors, and
 * the operations they do on the frame's kernel-window alias.
 */
#include "vspace_fixture.h"

#define PT_VADDR 0x00400000u
#define LINE BIT(HOST_CACHE_LINE_BITS)

/* A small frame mapped at PT_VADDR; returns its kernel-window address. */
static pptr_t mapped_small_frame(void)
{
    vs_standard_vspace();
    vs_standard_page_table(PT_VADDR);
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    machine_fake_reset();
    return pptr_in(SLOT_FRAME);
}

TEST(page_clean_data_cleans_the_range_to_the_point_of_coherency)
{
    pptr_t base = mapped_small_frame();
    CHECK_OK(do_page_flush(SLOT_FRAME, ARMPageClean_Data, 0x100u, 0x300u));
    CHECK_EQ(machine.calls, 1);
    CHECK_EQ(machine.log[0].op, OP_CLEAN_POC);
    CHECK_EQ(machine.log[0].a, base + 0x100u);
    CHECK_EQ(machine.log[0].b, base + 0x300u);
}

TEST(page_clean_invalidate_data_covers_the_range)
{
    pptr_t base = mapped_small_frame();
    CHECK_OK(do_page_flush(SLOT_FRAME, ARMPageCleanInvalidate_Data, 0, 0x1000u));
    CHECK_EQ(machine.calls, 1);
    CHECK(machine_did_range(OP_CLEAN_INVALIDATE_POC, base, base + 0x1000u));
}

TEST(page_invalidate_data_of_whole_lines_only_invalidates)
{
    pptr_t base = mapped_small_frame();
    CHECK_OK(do_page_flush(SLOT_FRAME, ARMPageInvalidate_Data, LINE, 4 * LINE));
    CHECK_EQ(machine.calls, 1);
    CHECK(machine_did_range(OP_INVALIDATE_POC, base + LINE, base + 4 * LINE));
}

TEST(page_invalidate_data_cleans_lines_it_covers_only_in_part)
{
    pptr_t base = mapped_small_frame();
    CHECK_OK(do_page_flush(SLOT_FRAME, ARMPageInvalidate_Data, LINE + 8, 4 * LINE + 8));
    CHECK_EQ(machine.count[OP_CLEAN_INVALIDATE_POC], 2);
    CHECK(machine_did_range(OP_CLEAN_INVALIDATE_POC, base + LINE + 8, base + 2 * LINE));
    CHECK(machine_did_range(OP_INVALIDATE_POC, base + 2 * LINE, base + 4 * LINE));
    CHECK(machine_did_range(OP_CLEAN_INVALIDATE_POC, base + 4 * LINE, base + 4 * LINE + 8));
    CHECK(!machine_did_range(OP_INVALIDATE_POC, base + LINE, base + 2 * LINE));
}

TEST(page_invalidate_data_within_one_line_cleans_it)
{
    pptr_t base = mapped_small_frame();
    CHECK_OK(do_page_flush(SLOT_FRAME, ARMPageInvalidate_Data, 4, 12));
    CHECK_EQ(machine.count[OP_INVALIDATE_POC], 0);
    CHECK(machine_did_range(OP_CLEAN_INVALIDATE_POC, base + 4, base + 12));
}

TEST(page_unify_instruction_cleans_data_and_invalidates_instructions)
{
    pptr_t base = mapped_small_frame();
    CHECK_OK(do_page_flush(SLOT_FRAME, ARMPageUnify_Instruction, 0x40u, 0x80u));
    CHECK_EQ(machine.calls, 3);
    CHECK_EQ(machine.log[0].op, OP_CLEAN_POU);
    CHECK_EQ(machine.log[1].op, OP_ICACHE_INVALIDATE_POU);
    CHECK_EQ(machine.log[2].op, OP_BRANCH_PREDICTOR);
    CHECK(machine_did_range(OP_CLEAN_POU, base + 0x40u, base + 0x80u));
    CHECK(machine_did_range(OP_ICACHE_INVALIDATE_POU, base + 0x40u, base + 0x80u));
}

TEST(page_flush_of_unmapped_frame_is_an_illegal_operation)
{
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_ERROR(do_page_flush(SLOT_FRAME, ARMPageClean_Data, 0, 0x100u), ERR_ILLEGAL_OPERATION);
}

TEST(page_flush_with_empty_or_reversed_range_is_an_invalid_argument)
{
    mapped_small_frame();
    CHECK_INVALID_ARGUMENT(do_page_flush(SLOT_FRAME, ARMPageClean_Data, 0x100u, 0x100u), 1);
    CHECK_INVALID_ARGUMENT(do_page_flush(SLOT_FRAME, ARMPageClean_Data, 0x200u, 0x100u), 1);
    CHECK_EQ(machine.calls, 0);
}

TEST(page_flush_beyond_the_frame_is_an_invalid_argument)
{
    mapped_small_frame();
    CHECK_INVALID_ARGUMENT(do_page_flush(SLOT_FRAME, ARMPageClean_Data, 0, 0x1001u), 0);
    CHECK_INVALID_ARGUMENT(do_page_flush(SLOT_FRAME, ARMPageClean_Data, 0x1000u, 0x1004u), 0);
    CHECK_OK(do_page_flush(SLOT_FRAME, ARMPageClean_Data, 0xffcu, 0x1000u));
}

TEST(page_flush_needs_two_words)
{
    mapped_small_frame();
    word_t mrs[] = { 0, 0x100u };
    CHECK_ERROR(vs_call(SLOT_FRAME, ARMPageClean_Data, 1, mrs, NULL, NULL), ERR_TRUNCATED_MESSAGE);
}

TEST(page_flush_of_frame_whose_asid_was_deleted_fails_lookup)
{
    mapped_small_frame();
    CHECK_OK(do_delete(SLOT_POOL));
    result_t r = do_page_flush(SLOT_FRAME, ARMPageClean_Data, 0, 0x100u);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(!r.error.failed_lookup_was_source);
}

/* ---- Stale mappings (seL4 16.0.0, PR #1633: InvalidCapability 0) ---- */

static const word_t page_flush_labels[] = { ARMPageClean_Data, ARMPageInvalidate_Data,
                                            ARMPageCleanInvalidate_Data, ARMPageUnify_Instruction };

/* Every flush label on SLOT_FRAME is InvalidCapability 0 and touches no
 * cache or TLB. */
static void check_flushes_are_stale(void)
{
    machine_fake_reset();
    for (word_t i = 0; i < ARRAY_SIZE(page_flush_labels); i++) {
        CHECK_INVALID_CAPABILITY(do_page_flush(SLOT_FRAME, page_flush_labels[i], 0, 0x100u), 0);
    }
    CHECK_EQ(machine.calls, 0);
}

TEST(page_flush_after_its_page_table_was_unmapped_is_an_invalid_capability)
{
    mapped_small_frame();
    CHECK_OK(do_pt_unmap(SLOT_PT));
    CHECK(frame_cap_get_mapped_asid(slot(SLOT_FRAME)->cap) != ASID_INVALID);
    check_flushes_are_stale();
}

TEST(page_flush_after_its_page_table_was_deleted_is_an_invalid_capability)
{
    mapped_small_frame();
    CHECK_OK(do_delete(SLOT_PT));
    check_flushes_are_stale();
}

TEST(page_flush_after_a_new_page_table_took_the_old_ones_place_is_stale)
{
    mapped_small_frame();
    CHECK_OK(do_pt_unmap(SLOT_PT));
    CHECK_OK(do_pt_map(SLOT_PT, SLOT_PD, PT_VADDR, ATTR_DEFAULT));
    check_flushes_are_stale();
}

TEST(page_flush_of_a_replaced_frame_is_an_invalid_capability)
{
    mapped_small_frame();
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FREE);
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    check_flushes_are_stale();
    CHECK_OK(do_page_flush(SLOT_FREE, ARMPageClean_Data, 0, 0x100u));
}

TEST(page_flush_of_a_frame_whose_page_directory_was_deleted_fails_lookup)
{
    mapped_small_frame();
    CHECK_OK(do_delete(SLOT_PD));
    result_t r = do_page_flush(SLOT_FRAME, ARMPageCleanInvalidate_Data, 0, 0x100u);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_INVALID_ROOT);
    CHECK_EQ(machine.count[OP_CLEAN_INVALIDATE_POC], 0);
}

TEST(page_flush_after_its_asid_went_to_another_page_directory_is_stale)
{
    mapped_small_frame();
    CHECK_OK(do_delete(SLOT_PD));
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_FREE);
    CHECK_OK(do_assign(SLOT_POOL, SLOT_FREE));
    CHECK_EQ(cap_page_directory_get_asid(slot(SLOT_FREE)->cap), 1); /* the freed ASID */
    check_flushes_are_stale();
}

TEST(page_flush_checks_an_empty_range_before_a_stale_mapping)
{
    mapped_small_frame();
    CHECK_OK(do_pt_unmap(SLOT_PT));
    CHECK_INVALID_ARGUMENT(do_page_flush(SLOT_FRAME, ARMPageClean_Data, 0x100u, 0x100u), 1);
    /* and a stale mapping before a range beyond the frame */
    CHECK_INVALID_CAPABILITY(do_page_flush(SLOT_FRAME, ARMPageClean_Data, 0, 0x2000u), 0);
}

TEST(page_flush_of_stale_device_frame_is_an_invalid_capability)
{
    vs_standard_vspace();
    vs_standard_page_table(PT_VADDR);
    vs_retype_device(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, 0));
    CHECK_OK(do_pt_unmap(SLOT_PT));
    check_flushes_are_stale();
}

TEST(page_flush_of_each_frame_size_checks_its_own_mapping)
{
    vs_standard_vspace();
    vs_standard_page_table(PT_VADDR);
    vs_retype(OBJ_ARM_LARGE_PAGE, SLOT_FRAME);
    vs_retype(OBJ_ARM_SECTION, SLOT_FREE);
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_SUPER_SECTION, 0, SLOT_FREE + 1, 1));
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x10000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, 0x00700000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_map(SLOT_FREE + 1, SLOT_PD, 0x01000000u, RIGHTS_RW, ATTR_DEFAULT));
    machine_fake_reset();
    CHECK_OK(do_page_flush(SLOT_FRAME, ARMPageClean_Data, 0xf000u, 0x10000u));
    CHECK_OK(do_page_flush(SLOT_FREE, ARMPageClean_Data, 0x80000u, 0x100000u));
    CHECK_OK(do_page_flush(SLOT_FREE + 1, ARMPageClean_Data, 0xfff000u, 0x1000000u));
    CHECK_EQ(machine.count[OP_CLEAN_POC], 3);
}

TEST(page_flush_of_device_frame_needs_no_cache_operations)
{
    vs_standard_vspace();
    vs_standard_page_table(PT_VADDR);
    vs_retype_device(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, 0));
    machine_fake_reset();
    CHECK_OK(do_page_flush(SLOT_FRAME, ARMPageCleanInvalidate_Data, 0, 0x100u));
    CHECK_EQ(machine.calls, 0);
}

TEST(pd_clean_data_cleans_the_frame_through_the_kernel_window)
{
    pptr_t base = mapped_small_frame();
    CHECK_OK(do_pd_flush(SLOT_PD, ARMPDClean_Data, PT_VADDR + 0x10u, PT_VADDR + 0x200u));
    CHECK_EQ(machine.calls, 1);
    CHECK(machine_did_range(OP_CLEAN_POC, base + 0x10u, base + 0x200u));
}

TEST(pd_flush_in_a_section_may_cross_small_page_boundaries)
{
    vs_standard_vspace();
    vs_retype(OBJ_ARM_SECTION, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x00700000u, RIGHTS_RW, ATTR_DEFAULT));
    machine_fake_reset();
    CHECK_OK(do_pd_flush(SLOT_PD, ARMPDCleanInvalidate_Data, 0x00700800u, 0x00703000u));
    pptr_t base = pptr_in(SLOT_FRAME);
    CHECK(machine_did_range(OP_CLEAN_INVALIDATE_POC, base + 0x800u, base + 0x3000u));
}

TEST(pd_unify_instruction_works_on_the_frame)
{
    pptr_t base = mapped_small_frame();
    CHECK_OK(do_pd_flush(SLOT_PD, ARMPDUnify_Instruction, PT_VADDR, PT_VADDR + 0x1000u));
    CHECK(machine_did_range(OP_ICACHE_INVALIDATE_POU, base, base + 0x1000u));
    CHECK_EQ(machine.count[OP_BRANCH_PREDICTOR], 1);
}

TEST(pd_flush_of_unmapped_range_succeeds_without_doing_anything)
{
    mapped_small_frame();
    CHECK_OK(do_pd_flush(SLOT_PD, ARMPDInvalidate_Data, 0x00100000u, 0x00100100u));
    CHECK_OK(do_pd_flush(SLOT_PD, ARMPDInvalidate_Data, PT_VADDR + 0x1000u, PT_VADDR + 0x1100u));
    CHECK_EQ(machine.calls, 0);
}

TEST(pd_flush_across_a_page_boundary_is_a_range_error)
{
    mapped_small_frame();
    result_t r = do_pd_flush(SLOT_PD, ARMPDClean_Data, PT_VADDR + 0x800u, PT_VADDR + 0x1800u);
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_min, PT_VADDR + 0x800u);
    CHECK_EQ(r.error.range_max, PT_VADDR + 0xfffu);
    CHECK_EQ(machine.calls, 0);
}

TEST(pd_flush_of_kernel_addresses_is_an_illegal_operation)
{
    mapped_small_frame();
    CHECK_ERROR(do_pd_flush(SLOT_PD, ARMPDClean_Data, 0xa0000000u, 0xa0001000u),
                ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(do_pd_flush(SLOT_PD, ARMPDClean_Data, 0x9ffff000u, 0xa0000001u),
                ERR_ILLEGAL_OPERATION);
}

TEST(pd_flush_with_empty_range_is_an_invalid_argument)
{
    mapped_small_frame();
    CHECK_INVALID_ARGUMENT(do_pd_flush(SLOT_PD, ARMPDClean_Data, PT_VADDR, PT_VADDR), 1);
}

TEST(pd_flush_of_unassigned_page_directory_is_an_invalid_capability)
{
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_PD);
    CHECK_INVALID_CAPABILITY(do_pd_flush(SLOT_PD, ARMPDClean_Data, PT_VADDR, PT_VADDR + 4), 0);
}

TEST(pd_flush_of_page_directory_whose_asid_was_deleted_fails_lookup)
{
    mapped_small_frame();
    CHECK_OK(do_delete(SLOT_POOL));
    CHECK_ERROR(do_pd_flush(SLOT_PD, ARMPDClean_Data, PT_VADDR, PT_VADDR + 4), ERR_FAILED_LOOKUP);
}

TEST(pd_flush_needs_two_words)
{
    mapped_small_frame();
    word_t mrs[] = { PT_VADDR, PT_VADDR + 4 };
    CHECK_ERROR(vs_call(SLOT_PD, ARMPDClean_Data, 1, mrs, NULL, NULL), ERR_TRUNCATED_MESSAGE);
}

TEST(page_directory_rejects_other_invocations)
{
    vs_standard_vspace();
    CHECK_ERROR(vs_call(SLOT_PD, ARMPageClean_Data, 0, NULL, NULL, NULL), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(vs_call(SLOT_PD, ARMPageTableMap, 0, NULL, NULL, NULL), ERR_ILLEGAL_OPERATION);
}
