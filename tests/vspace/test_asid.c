/*
 * ASIDControl_MakePool, ASIDPool_Assign and their errors; deleting page
 * directories and pools; address-space switches and the hardware ASIDs
 * they lend.
 */
#include <string.h>

#include <kernel/hooks.h>

#include "vspace_fixture.h"

/* Stand-in page directories for tests that only need ASID entries: 16 KiB
 * aligned arena addresses nobody else uses. */
static pde_t *fake_pd(word_t i)
{
    return pptr_to_ptr(HOST_ARENA_PPTR + 0x100000u + (i << PAGE_DIR_BITS));
}

/* Pools installed by the boot API in 4 KiB pages nobody else uses. */
static pptr_t boot_pool(word_t index)
{
    pptr_t pool = HOST_ARENA_PPTR + 0x900000u + (index << ASID_POOL_BITS);
    asid_boot_install_pool(index, pool);
    return pool;
}

static void retype_pool_untyped(word_t dest)
{
    CHECK_OK(do_retype(SLOT_VS_UNTYPED, OBJ_UNTYPED, ASID_POOL_BITS, dest, 1));
}

TEST(asid_make_pool_creates_pool_zero_from_4k_untyped)
{
    retype_pool_untyped(SLOT_POOL_UNTYPED);
    pptr_t mem = pptr_in(SLOT_POOL_UNTYPED);
    memset(pptr_to_ptr(mem), GARBAGE, BIT(ASID_POOL_BITS));
    CHECK_OK(do_make_pool(SLOT_POOL_UNTYPED, SLOT_POOL));
    cap_t pool = slot(SLOT_POOL)->cap;
    CHECK_EQ(cap_get_type(pool), CAP_ASID_POOL);
    CHECK_EQ(cap_asid_pool_get_ptr(pool), mem);
    CHECK_EQ(cap_asid_pool_get_asid_base(pool), 0);
    CHECK(memory_is(mem, BIT(ASID_POOL_BITS), 0));
    /* the untyped is used up, and the pool is its child */
    cap_t ut = slot(SLOT_POOL_UNTYPED)->cap;
    CHECK_EQ(cap_untyped_get_free_index(ut), untyped_max_free_index(ASID_POOL_BITS));
    CHECK(mdb_is_parent_of(slot(SLOT_POOL_UNTYPED), slot(SLOT_POOL)));
}

TEST(asid_make_pool_takes_the_next_free_pool)
{
    retype_pool_untyped(SLOT_FREE);
    retype_pool_untyped(SLOT_FREE + 1);
    CHECK_OK(do_make_pool(SLOT_FREE, SLOT_FREE + 10));
    CHECK_OK(do_make_pool(SLOT_FREE + 1, SLOT_FREE + 11));
    CHECK_EQ(cap_asid_pool_get_asid_base(slot(SLOT_FREE + 11)->cap), BIT(ASID_LOW_BITS));
}

TEST(asid_make_pool_fails_with_delete_first_when_all_pools_exist)
{
    for (word_t i = 0; i < ASID_POOL_COUNT - 1; i++) {
        boot_pool(i);
    }
    retype_pool_untyped(SLOT_FREE);
    retype_pool_untyped(SLOT_FREE + 1);
    CHECK_OK(do_make_pool(SLOT_FREE, SLOT_FREE + 10));
    CHECK_EQ(cap_asid_pool_get_asid_base(slot(SLOT_FREE + 10)->cap), (ASID_POOL_COUNT - 1)
                                                                         << ASID_LOW_BITS);
    CHECK_ERROR(do_make_pool(SLOT_FREE + 1, SLOT_FREE + 11), ERR_DELETE_FIRST);
    CHECK(cte_is_empty(slot(SLOT_FREE + 11)));
}

TEST(asid_make_pool_rejects_untyped_of_other_size)
{
    CHECK_OK(do_retype(SLOT_VS_UNTYPED, OBJ_UNTYPED, ASID_POOL_BITS + 1, SLOT_FREE, 1));
    CHECK_INVALID_CAPABILITY(do_make_pool(SLOT_FREE, SLOT_POOL), 1);
    CHECK(cte_is_empty(slot(SLOT_POOL)));
}

TEST(asid_make_pool_rejects_device_untyped)
{
    CHECK_OK(do_retype(SLOT_DEVICE_UNTYPED, OBJ_UNTYPED, ASID_POOL_BITS, SLOT_FREE, 1));
    CHECK_INVALID_CAPABILITY(do_make_pool(SLOT_FREE, SLOT_POOL), 1);
}

TEST(asid_make_pool_rejects_cap_that_is_not_untyped)
{
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_INVALID_CAPABILITY(do_make_pool(SLOT_FRAME, SLOT_POOL), 1);
}

TEST(asid_make_pool_needs_untyped_without_children)
{
    retype_pool_untyped(SLOT_POOL_UNTYPED);
    CHECK_OK(do_retype(SLOT_POOL_UNTYPED, OBJ_ENDPOINT, 0, SLOT_FREE, 1));
    CHECK_ERROR(do_make_pool(SLOT_POOL_UNTYPED, SLOT_POOL), ERR_REVOKE_FIRST);
}

TEST(asid_make_pool_needs_empty_destination)
{
    retype_pool_untyped(SLOT_POOL_UNTYPED);
    CHECK_ERROR(do_make_pool(SLOT_POOL_UNTYPED, SLOT_VS_UNTYPED), ERR_DELETE_FIRST);
    /* nothing changed: the pool number is still free */
    CHECK_EQ(asid_find_pd(1), NULL);
    retype_pool_untyped(SLOT_FREE);
    CHECK_OK(do_make_pool(SLOT_FREE, SLOT_POOL));
    CHECK_EQ(cap_asid_pool_get_asid_base(slot(SLOT_POOL)->cap), 0);
}

TEST(asid_make_pool_reports_bad_destination_depth)
{
    retype_pool_untyped(SLOT_POOL_UNTYPED);
    word_t mrs[] = { SLOT_POOL, 0 };
    result_t r = vs_call(SLOT_ASID_CONTROL, ARMASIDControlMakePool, 2, mrs, slot(SLOT_POOL_UNTYPED),
                         slot(SLOT_CNODE));
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_min, 1);
    CHECK_EQ(r.error.range_max, 32);
}

TEST(asid_make_pool_needs_two_words_and_two_caps)
{
    retype_pool_untyped(SLOT_POOL_UNTYPED);
    word_t mrs[] = { SLOT_POOL, 32 };
    CHECK_ERROR(vs_call(SLOT_ASID_CONTROL, ARMASIDControlMakePool, 1, mrs, slot(SLOT_POOL_UNTYPED),
                        slot(SLOT_CNODE)),
                ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(vs_call(SLOT_ASID_CONTROL, ARMASIDControlMakePool, 2, mrs, slot(SLOT_POOL_UNTYPED),
                        NULL),
                ERR_TRUNCATED_MESSAGE);
}

TEST(asid_control_rejects_other_invocations)
{
    CHECK_ERROR(vs_call(SLOT_ASID_CONTROL, ARMASIDPoolAssign, 0, NULL, NULL, NULL),
                ERR_ILLEGAL_OPERATION);
}

TEST(asid_pool_assign_hands_out_asids_from_1_in_pool_zero)
{
    pde_t *pd = vs_standard_vspace();
    cap_t cap = slot(SLOT_PD)->cap;
    CHECK(cap_page_directory_get_is_mapped(cap));
    CHECK_EQ(cap_page_directory_get_asid(cap), 1);
    CHECK_EQ(asid_find_pd(1), pd);

    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_FREE);
    CHECK_OK(do_assign(SLOT_POOL, SLOT_FREE));
    CHECK_EQ(cap_page_directory_get_asid(slot(SLOT_FREE)->cap), 2);
    CHECK_EQ(asid_find_pd(2), pd_in(SLOT_FREE));
}

TEST(asid_pool_assign_in_later_pool_starts_at_its_base)
{
    boot_pool(0);
    retype_pool_untyped(SLOT_POOL_UNTYPED);
    CHECK_OK(do_make_pool(SLOT_POOL_UNTYPED, SLOT_POOL));
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_PD);
    CHECK_OK(do_assign(SLOT_POOL, SLOT_PD));
    CHECK_EQ(cap_page_directory_get_asid(slot(SLOT_PD)->cap), BIT(ASID_LOW_BITS));
}

TEST(asid_pool_assign_rejects_assigned_page_directory)
{
    vs_standard_vspace();
    CHECK_INVALID_CAPABILITY(do_assign(SLOT_POOL, SLOT_PD), 1);
}

TEST(asid_pool_assign_rejects_cap_that_is_not_a_page_directory)
{
    vs_standard_vspace();
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    CHECK_INVALID_CAPABILITY(do_assign(SLOT_POOL, SLOT_PT), 1);
}

TEST(asid_pool_assign_needs_a_cap)
{
    vs_standard_vspace();
    CHECK_ERROR(vs_call(SLOT_POOL, ARMASIDPoolAssign, 0, NULL, NULL, NULL), ERR_TRUNCATED_MESSAGE);
}

TEST(asid_pool_assign_fails_with_delete_first_when_pool_is_full)
{
    vs_standard_vspace();
    pptr_t pool = pptr_in(SLOT_POOL);
    for (word_t asid = 2; asid < BIT(ASID_LOW_BITS); asid++) {
        asid_boot_assign(pool, asid, fake_pd(asid % 8));
    }
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_FREE);
    CHECK_ERROR(do_assign(SLOT_POOL, SLOT_FREE), ERR_DELETE_FIRST);
    CHECK(!cap_page_directory_get_is_mapped(slot(SLOT_FREE)->cap));
}

TEST(asid_pool_assign_with_pool_not_in_table_fails_lookup)
{
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_PD);
    mdb_insert_root(slot(SLOT_POOL), cap_asid_pool_new(HOST_ARENA_PPTR + 0x900000u, 0));
    result_t r = do_assign(SLOT_POOL, SLOT_PD);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(!r.error.failed_lookup_was_source);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_INVALID_ROOT);
}

TEST(asid_pool_assign_with_pool_cap_of_replaced_pool_is_invalid)
{
    boot_pool(0);
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_PD);
    mdb_insert_root(slot(SLOT_POOL), cap_asid_pool_new(HOST_ARENA_PPTR + 0x980000u, 0));
    CHECK_INVALID_CAPABILITY(do_assign(SLOT_POOL, SLOT_PD), 0);
}

TEST(asid_pool_rejects_other_invocations)
{
    vs_standard_vspace();
    word_t mrs[] = { SLOT_FREE, 32 };
    CHECK_ERROR(vs_call(SLOT_POOL, ARMASIDControlMakePool, 2, mrs, slot(SLOT_VS_UNTYPED),
                        slot(SLOT_CNODE)),
                ERR_ILLEGAL_OPERATION);
}

TEST(asid_deleting_page_directory_frees_its_asid_and_flushes_tlb)
{
    vs_standard_vspace();
    CHECK_OK(do_delete(SLOT_PD));
    CHECK_EQ(asid_find_pd(1), NULL);
    CHECK(machine.count[OP_TLBI_ALL] >= 1);
    /* the ASID is handed out again */
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_FREE);
    CHECK_OK(do_assign(SLOT_POOL, SLOT_FREE));
    CHECK_EQ(cap_page_directory_get_asid(slot(SLOT_FREE)->cap), 1);
}

TEST(asid_deleting_copy_of_page_directory_cap_keeps_asid)
{
    vs_standard_vspace();
    CHECK_OK(do_copy(SLOT_FREE, SLOT_PD, RIGHTS_ALL));
    CHECK_OK(do_delete(SLOT_FREE));
    CHECK_EQ(asid_find_pd(1), pd_in(SLOT_PD));
}

TEST(asid_deleting_pool_frees_pool_number_and_its_asids)
{
    vs_standard_vspace();
    CHECK_OK(do_delete(SLOT_POOL));
    CHECK_EQ(asid_find_pd(1), NULL);
    CHECK(machine.count[OP_TLBI_ALL] >= 1);
    retype_pool_untyped(SLOT_FREE);
    CHECK_OK(do_make_pool(SLOT_FREE, SLOT_FREE + 1));
    CHECK_EQ(cap_asid_pool_get_asid_base(slot(SLOT_FREE + 1)->cap), 0);
    /* the page directory cap still says ASID 1, which now names nothing */
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    result_t r = do_pt_map(SLOT_PT, SLOT_PD, 0x100000u, ATTR_DEFAULT);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_INVALID_ROOT);
}

TEST(asid_revoking_pool_untyped_deletes_the_pool)
{
    vs_standard_vspace();
    CHECK_OK(do_revoke(SLOT_POOL_UNTYPED));
    CHECK(cte_is_empty(slot(SLOT_POOL)));
    CHECK_EQ(asid_find_pd(1), NULL);
}

TEST(asid_activate_lends_hardware_asid_and_loads_ttbr0)
{
    pde_t *pd = vs_standard_vspace();
    vspace_activate(pd, 1);
    const machine_call_t *sw = machine_last(OP_SWITCH);
    CHECK(sw != NULL);
    CHECK_EQ(sw->a, ttbr0_new(pptr_to_paddr(ptr_to_pptr(pd))));
    CHECK_EQ(sw->b, 1);
    CHECK_EQ(asid_hw_asid(1), 1);
}

TEST(asid_activate_of_active_space_does_nothing)
{
    pde_t *pd = vs_standard_vspace();
    vspace_activate(pd, 1);
    vspace_activate(pd, 1);
    CHECK_EQ(machine.count[OP_SWITCH], 1);
}

TEST(asid_activate_without_assigned_pd_uses_kernel_pd)
{
    pde_t *pd = vs_standard_vspace();
    vspace_activate(pd, 1);
    vspace_activate(pd, 2); /* ASID 2 does not name pd */
    const machine_call_t *sw = machine_last(OP_SWITCH);
    CHECK_EQ(sw->a, ttbr0_new(HOST_KERNEL_PD_PADDR));
    CHECK_EQ(sw->b, 0);
    vspace_activate(NULL, ASID_INVALID);
    CHECK_EQ(machine.count[OP_SWITCH], 2); /* already there */
}

TEST(asid_deleting_active_space_switches_to_kernel_pd)
{
    pde_t *pd = vs_standard_vspace();
    vspace_activate(pd, 1);
    CHECK_OK(do_delete(SLOT_PD));
    const machine_call_t *sw = machine_last(OP_SWITCH);
    CHECK_EQ(sw->a, ttbr0_new(HOST_KERNEL_PD_PADDR));
    CHECK_EQ(sw->b, 0);
}

/* Pool 0 with ASIDs 1..count naming stand-in page directories. */
static void many_spaces(word_t count)
{
    pptr_t pool = boot_pool(0);
    for (word_t asid = 1; asid <= count; asid++) {
        asid_boot_assign(pool, asid, fake_pd(asid));
    }
}

TEST(asid_hardware_asids_are_taken_back_in_turn_when_all_are_lent)
{
    many_spaces(HW_ASID_COUNT);
    for (word_t asid = 1; asid < HW_ASID_COUNT; asid++) {
        vspace_activate(fake_pd(asid), asid);
        CHECK_EQ(asid_hw_asid(asid), asid);
    }
    CHECK_EQ(machine.count[OP_TLBI_ASID], 0);
    machine_fake_reset();
    vspace_activate(fake_pd(HW_ASID_COUNT), HW_ASID_COUNT);
    CHECK_EQ(asid_hw_asid(HW_ASID_COUNT), 1);
    CHECK_EQ(asid_hw_asid(1), 0);
    CHECK_EQ(machine.count[OP_TLBI_ASID], 1);
    CHECK_EQ(machine_last(OP_TLBI_ASID)->a, 1);
    /* the space that lost its hardware ASID gets the next one back */
    vspace_activate(fake_pd(1), 1);
    CHECK_EQ(asid_hw_asid(1), 2);
    CHECK_EQ(asid_hw_asid(2), 0);
}

TEST(asid_hardware_asid_of_deleted_space_is_lent_before_taking_one_back)
{
    many_spaces(HW_ASID_COUNT);
    for (word_t asid = 1; asid < HW_ASID_COUNT; asid++) {
        vspace_activate(fake_pd(asid), asid);
    }
    cap_t pd_cap = cap_page_directory_set_asid(cap_page_directory_new(ptr_to_pptr(fake_pd(7))), 7);
    pd_cap = cap_page_directory_set_is_mapped(pd_cap, true);
    vspace_delete_asid(&pd_cap);
    CHECK_EQ(asid_find_pd(7), NULL);
    vspace_activate(fake_pd(HW_ASID_COUNT), HW_ASID_COUNT);
    CHECK_EQ(asid_hw_asid(HW_ASID_COUNT), 7);
    CHECK_EQ(machine.count[OP_TLBI_ASID], 0);
}

TEST(asid_boot_pool_and_assignment_are_found)
{
    pptr_t pool = boot_pool(3);
    asid_boot_assign(pool, (3u << ASID_LOW_BITS) + 5, fake_pd(1));
    CHECK_EQ(asid_find_pd((3u << ASID_LOW_BITS) + 5), fake_pd(1));
    CHECK_EQ(asid_find_pd((3u << ASID_LOW_BITS) + 6), NULL);
    CHECK_EQ(asid_find_pd(5), NULL);
}
