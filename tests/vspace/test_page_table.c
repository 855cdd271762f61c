/*
 * PageTable_Map and PageTable_Unmap with their errors, and unmapping a
 * page table by deleting its last cap.
 */
#include "vspace_fixture.h"

#define VADDR 0x00300000u

TEST(page_table_map_writes_page_table_entry_and_records_mapping)
{
    pde_t *pd = vs_standard_vspace();
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    machine_fake_reset();
    CHECK_OK(do_pt_map(SLOT_PT, SLOT_PD, VADDR + 0x1234u, ATTR_DEFAULT));
    CHECK_EQ(pd[VADDR >> 20], paddr_in(SLOT_PT) | 0x1u);
    cap_t cap = slot(SLOT_PT)->cap;
    CHECK(cap_page_table_get_is_mapped(cap));
    CHECK_EQ(cap_page_table_get_asid(cap), 1);
    CHECK_EQ(cap_page_table_get_vaddr(cap), VADDR);
    /* the walker must see the entry */
    pptr_t entry = ptr_to_pptr(&pd[VADDR >> 20]);
    CHECK(machine_did_range(OP_CLEAN_POU, entry, entry + 4));
}

TEST(page_table_map_rejects_mapped_page_table)
{
    vs_standard_vspace();
    vs_standard_page_table(VADDR);
    CHECK_INVALID_CAPABILITY(do_pt_map(SLOT_PT, SLOT_PD, VADDR + 0x100000u, ATTR_DEFAULT), 0);
}

TEST(page_table_map_needs_page_directory_with_asid)
{
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_PD);
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    CHECK_INVALID_CAPABILITY(do_pt_map(SLOT_PT, SLOT_PD, VADDR, ATTR_DEFAULT), 1);
    CHECK(!cap_page_table_get_is_mapped(slot(SLOT_PT)->cap));
}

TEST(page_table_map_rejects_cap_that_is_not_a_page_directory)
{
    vs_standard_vspace();
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_FREE);
    CHECK_INVALID_CAPABILITY(do_pt_map(SLOT_PT, SLOT_FREE, VADDR, ATTR_DEFAULT), 1);
}

TEST(page_table_map_rejects_kernel_addresses)
{
    vs_standard_vspace();
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    CHECK_INVALID_ARGUMENT(do_pt_map(SLOT_PT, SLOT_PD, 0xa0000000u, ATTR_DEFAULT), 0);
    CHECK_INVALID_ARGUMENT(do_pt_map(SLOT_PT, SLOT_PD, 0xfff00000u, ATTR_DEFAULT), 0);
    CHECK_OK(do_pt_map(SLOT_PT, SLOT_PD, 0x9ff00000u, ATTR_DEFAULT));
}

TEST(page_table_map_with_pd_cap_naming_other_asid_is_invalid)
{
    vs_standard_vspace();
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_FREE);
    CHECK_OK(do_assign(SLOT_POOL, SLOT_FREE));
    /* a forged cap: the first PD's memory, the second PD's ASID */
    cap_t forged = slot(SLOT_PD)->cap;
    forged = cap_page_directory_set_asid(forged, 2);
    mdb_insert_child(forged, slot(SLOT_PD), slot(SLOT_FREE + 1));
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    CHECK_INVALID_CAPABILITY(do_pt_map(SLOT_PT, SLOT_FREE + 1, VADDR, ATTR_DEFAULT), 1);
}

TEST(page_table_map_with_pd_whose_asid_was_deleted_fails_lookup)
{
    vs_standard_vspace();
    CHECK_OK(do_delete(SLOT_POOL));
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    result_t r = do_pt_map(SLOT_PT, SLOT_PD, VADDR, ATTR_DEFAULT);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(!r.error.failed_lookup_was_source);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_INVALID_ROOT);
}

TEST(page_table_map_over_existing_entry_fails_with_delete_first)
{
    vs_standard_vspace();
    vs_standard_page_table(VADDR);
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_FREE);
    CHECK_ERROR(do_pt_map(SLOT_FREE, SLOT_PD, VADDR + 0x800u, ATTR_DEFAULT), ERR_DELETE_FIRST);
    vs_retype(OBJ_ARM_SECTION, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x00500000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_ERROR(do_pt_map(SLOT_FREE, SLOT_PD, 0x00500000u, ATTR_DEFAULT), ERR_DELETE_FIRST);
    CHECK(!cap_page_table_get_is_mapped(slot(SLOT_FREE)->cap));
}

TEST(page_table_map_needs_two_words_and_a_cap)
{
    vs_standard_vspace();
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    word_t mrs[] = { VADDR, ATTR_DEFAULT };
    CHECK_ERROR(vs_call(SLOT_PT, ARMPageTableMap, 1, mrs, slot(SLOT_PD), NULL),
                ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(vs_call(SLOT_PT, ARMPageTableMap, 2, mrs, NULL, NULL), ERR_TRUNCATED_MESSAGE);
}

TEST(page_table_rejects_other_invocations)
{
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    CHECK_ERROR(vs_call(SLOT_PT, ARMPageMap, 0, NULL, NULL, NULL), ERR_ILLEGAL_OPERATION);
}

TEST(page_table_unmap_clears_entry_and_table_and_flushes_tlb)
{
    pde_t *pd = vs_standard_vspace();
    pte_t *pt = vs_standard_page_table(VADDR);
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, VADDR + 0x5000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK(pt[5] != 0);
    machine_fake_reset();
    CHECK_OK(do_pt_unmap(SLOT_PT));
    CHECK_EQ(pd[VADDR >> 20], 0);
    CHECK(memory_is(ptr_to_pptr(pt), BIT(PAGE_TABLE_BITS), 0));
    CHECK(!cap_page_table_get_is_mapped(slot(SLOT_PT)->cap));
    CHECK_EQ(machine.count[OP_TLBI_ALL], 1);
    CHECK(machine_did_range(OP_CLEAN_POU, ptr_to_pptr(pt), ptr_to_pptr(pt) + BIT(PAGE_TABLE_BITS)));
    /* and it can be mapped again */
    CHECK_OK(do_pt_map(SLOT_PT, SLOT_PD, VADDR, ATTR_DEFAULT));
}

TEST(page_table_unmap_needs_the_final_cap)
{
    pde_t *pd = vs_standard_vspace();
    vs_standard_page_table(VADDR);
    CHECK_OK(do_copy(SLOT_FREE, SLOT_PT, RIGHTS_ALL));
    CHECK_ERROR(do_pt_unmap(SLOT_PT), ERR_REVOKE_FIRST);
    CHECK(pd[VADDR >> 20] != 0);
    CHECK_OK(do_delete(SLOT_FREE));
    CHECK_OK(do_pt_unmap(SLOT_PT));
    CHECK_EQ(pd[VADDR >> 20], 0);
}

TEST(page_table_unmap_of_unmapped_table_succeeds)
{
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    CHECK_OK(do_pt_unmap(SLOT_PT));
    CHECK_EQ(machine.count[OP_TLBI_ALL], 0);
}

TEST(page_table_deleting_last_cap_unmaps_it)
{
    pde_t *pd = vs_standard_vspace();
    vs_standard_page_table(VADDR);
    CHECK_OK(do_delete(SLOT_PT));
    CHECK_EQ(pd[VADDR >> 20], 0);
    CHECK(machine.count[OP_TLBI_ALL] >= 1);
}

TEST(page_table_deleting_cap_of_other_table_leaves_entry_alone)
{
    pde_t *pd = vs_standard_vspace();
    vs_standard_page_table(VADDR);
    pde_t now = pd[VADDR >> 20];
    /* a cap that claims the mapping for a table that is not there */
    cap_t claim = cap_page_table_new(HOST_ARENA_PPTR + 0x200000u);
    claim = cap_page_table_set_is_mapped(claim, true);
    claim = cap_page_table_set_asid(claim, 1);
    mdb_insert_root(slot(SLOT_FREE), cap_page_table_set_vaddr(claim, VADDR));
    CHECK_OK(do_delete(SLOT_FREE));
    CHECK_EQ(pd[VADDR >> 20], now);
}

TEST(page_table_copy_is_allowed_only_when_mapped)
{
    vs_standard_vspace();
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    CHECK_ERROR(do_copy(SLOT_FREE, SLOT_PT, RIGHTS_ALL), ERR_ILLEGAL_OPERATION);
    CHECK_OK(do_pt_map(SLOT_PT, SLOT_PD, VADDR, ATTR_DEFAULT));
    CHECK_OK(do_copy(SLOT_FREE, SLOT_PT, RIGHTS_ALL));
}
