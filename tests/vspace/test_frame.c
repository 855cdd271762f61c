/*
 * Page_Map, Page_Unmap and Page_GetAddress for all four frame sizes: the
 * entries written for each rights mask and attribute, seL4's errors, and
 * unmapping by deleting frame caps.
 */
#include "vspace_fixture.h"

#define PT_VADDR 0x00400000u

/* The entries Page_Map should write (non-global user mappings). */
static pte_t expected_pte(word_t index, vm_access_t access, vm_memory_t mem, bool xn)
{
    vm_mapping_t m = { .mem = mem, .access = access, .global = false, .execute_never = xn };
    return pte_small_map(paddr_in(index), m);
}

static pde_t expected_section(word_t index, vm_access_t access)
{
    vm_mapping_t m = { .mem = VM_NORMAL_WBWA, .access = access, .global = false };
    return pde_section_map(paddr_in(index), m);
}

/* A frame of `type` in SLOT_FRAME and the standard vspace with a page
 * table at PT_VADDR. */
static pte_t *setup(word_t type)
{
    vs_standard_vspace();
    pte_t *pt = vs_standard_page_table(PT_VADDR);
    vs_retype(type, SLOT_FRAME);
    return pt;
}

TEST(page_map_small_page_writes_one_entry)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    machine_fake_reset();
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x3000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_EQ(pt[3], expected_pte(SLOT_FRAME, VM_USER_RW, VM_NORMAL_WBWA, false));
    CHECK_EQ(pt[2], 0);
    CHECK_EQ(pt[4], 0);
    cap_t cap = slot(SLOT_FRAME)->cap;
    CHECK_EQ(frame_cap_get_mapped_asid(cap), 1);
    CHECK_EQ(frame_cap_get_vaddr(cap), PT_VADDR + 0x3000u);
    CHECK(machine_did_range(OP_CLEAN_POU, ptr_to_pptr(&pt[3]), ptr_to_pptr(&pt[4])));
    CHECK_EQ(machine.count[OP_TLBI_PAGE] + machine.count[OP_TLBI_ASID], 0); /* was empty */
}

TEST(page_map_large_page_writes_sixteen_entries)
{
    pte_t *pt = setup(OBJ_ARM_LARGE_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x10000u, RIGHTS_RW, ATTR_DEFAULT));
    vm_mapping_t m = { .mem = VM_NORMAL_WBWA, .access = VM_USER_RW };
    for (word_t i = 16; i < 32; i++) {
        CHECK_EQ(pt[i], pte_large_map(paddr_in(SLOT_FRAME), m));
    }
    CHECK_EQ(pt[15], 0);
    CHECK_EQ(pt[32], 0);
}

TEST(page_map_section_writes_one_directory_entry)
{
    pde_t *pd = vs_standard_vspace();
    vs_retype(OBJ_ARM_SECTION, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x00700000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_EQ(pd[7], expected_section(SLOT_FRAME, VM_USER_RW));
    CHECK_EQ(pd[6], 0);
    CHECK_EQ(pd[8], 0);
}

TEST(page_map_super_section_writes_sixteen_directory_entries)
{
    pde_t *pd = vs_standard_vspace();
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_SUPER_SECTION, 0, SLOT_FRAME, 1));
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x01000000u, RIGHTS_RW, ATTR_DEFAULT | ATTR_XN));
    vm_mapping_t m = { .mem = VM_NORMAL_WBWA, .access = VM_USER_RW, .execute_never = true };
    for (word_t i = 16; i < 32; i++) {
        CHECK_EQ(pd[i], pde_super_section_map(paddr_in(SLOT_FRAME), m));
    }
    CHECK_EQ(pd[15], 0);
    CHECK_EQ(pd[32], 0);
}

TEST(page_map_read_only_rights_give_user_read_only_entry)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, CAP_RIGHT_READ, ATTR_DEFAULT));
    CHECK_EQ(pt[0], expected_pte(SLOT_FRAME, VM_USER_RO, VM_NORMAL_WBWA, false));
}

TEST(page_map_without_read_right_is_kernel_only)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, CAP_RIGHT_WRITE, ATTR_DEFAULT));
    CHECK_EQ(pt[0], expected_pte(SLOT_FRAME, VM_KERNEL_RW, VM_NORMAL_WBWA, false));
}

TEST(page_map_read_only_cap_cannot_map_writable)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_copy(SLOT_FREE, SLOT_FRAME, CAP_RIGHT_READ));
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR, RIGHTS_ALL, ATTR_DEFAULT));
    CHECK_EQ(pt[0], expected_pte(SLOT_FREE, VM_USER_RO, VM_NORMAL_WBWA, false));
}

TEST(page_map_uncached_frame_is_strongly_ordered)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_PARITY));
    CHECK_EQ(pt[0], expected_pte(SLOT_FRAME, VM_USER_RW, VM_STRONGLY_ORDERED, false));
}

TEST(page_map_execute_never_sets_xn)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_CACHEABLE | ATTR_XN));
    CHECK_EQ(pt[0], expected_pte(SLOT_FRAME, VM_USER_RW, VM_NORMAL_WBWA, true));
}

TEST(page_map_device_frame_is_device_memory_whatever_the_attributes)
{
    vs_standard_vspace();
    pte_t *pt = vs_standard_page_table(PT_VADDR);
    vs_retype_device(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_EQ(pt[0], expected_pte(SLOT_FRAME, VM_USER_RW, VM_DEVICE, true));
}

TEST(page_map_misaligned_address_is_an_alignment_error)
{
    setup(OBJ_ARM_LARGE_PAGE);
    CHECK_ERROR(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x1000u, RIGHTS_RW, ATTR_DEFAULT),
                ERR_ALIGNMENT);
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FREE);
    CHECK_ERROR(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR + 0x800u, RIGHTS_RW, ATTR_DEFAULT),
                ERR_ALIGNMENT);
    vs_retype(OBJ_ARM_SECTION, SLOT_FREE + 1);
    CHECK_ERROR(do_page_map(SLOT_FREE + 1, SLOT_PD, 0x00710000u, RIGHTS_RW, ATTR_DEFAULT),
                ERR_ALIGNMENT);
    CHECK_EQ(frame_cap_get_mapped_asid(slot(SLOT_FRAME)->cap), ASID_INVALID);
}

TEST(page_map_without_page_table_fails_lookup_with_bits_left)
{
    vs_standard_vspace();
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    result_t r = do_page_map(SLOT_FRAME, SLOT_PD, 0x00800000u, RIGHTS_RW, ATTR_DEFAULT);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(!r.error.failed_lookup_was_source);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_MISSING_CAPABILITY);
    CHECK_EQ(r.error.lookup_fault.bits_left, 20);
    CHECK_EQ(frame_cap_get_mapped_asid(slot(SLOT_FRAME)->cap), ASID_INVALID);
}

TEST(page_map_into_kernel_window_is_an_invalid_argument)
{
    vs_standard_vspace();
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_INVALID_ARGUMENT(do_page_map(SLOT_FRAME, SLOT_PD, 0xa0000000u, RIGHTS_RW, ATTR_DEFAULT),
                           0);
    vs_retype(OBJ_ARM_SECTION, SLOT_FREE);
    CHECK_INVALID_ARGUMENT(do_page_map(SLOT_FREE, SLOT_PD, 0xf0000000u, RIGHTS_RW, ATTR_DEFAULT),
                           0);
    /* the last MiB below seL4_UserTop is the user's */
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, 0x9ff00000u, RIGHTS_RW, ATTR_DEFAULT));
}

TEST(page_map_needs_page_directory_with_asid)
{
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_PD);
    vs_retype(OBJ_ARM_SECTION, SLOT_FRAME);
    CHECK_INVALID_CAPABILITY(do_page_map(SLOT_FRAME, SLOT_PD, 0x00700000u, RIGHTS_RW, ATTR_DEFAULT),
                             1);
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    CHECK_INVALID_CAPABILITY(do_page_map(SLOT_FRAME, SLOT_PT, 0x00700000u, RIGHTS_RW, ATTR_DEFAULT),
                             1);
}

TEST(page_map_with_pd_whose_asid_was_deleted_fails_lookup)
{
    setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_delete(SLOT_POOL));
    result_t r = do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_INVALID_ROOT);
}

/* ---- Mapping over a mapping (seL4 16.0.0 aarch32 createSafeMappingEntries_PTE/_PDE:
 * one of the same kind and size is replaced, another kind is DeleteFirst) ---- */

TEST(page_map_small_page_over_other_small_page_replaces_it)
{
    pde_t *pd = vs_standard_vspace();
    pte_t *pt = vs_standard_page_table(PT_VADDR);
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FREE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x6000u, RIGHTS_RW, ATTR_DEFAULT));
    vspace_activate(pd, 1);
    machine_fake_reset();
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR + 0x6000u, CAP_RIGHT_READ, ATTR_DEFAULT));
    CHECK_EQ(pt[6], expected_pte(SLOT_FREE, VM_USER_RO, VM_NORMAL_WBWA, false));
    CHECK_EQ(frame_cap_get_mapped_asid(slot(SLOT_FREE)->cap), 1);
    CHECK_EQ(frame_cap_get_vaddr(slot(SLOT_FREE)->cap), PT_VADDR + 0x6000u);
    /* the replaced frame's cap still records its mapping, as seL4's does */
    CHECK_EQ(frame_cap_get_mapped_asid(slot(SLOT_FRAME)->cap), 1);
    CHECK_EQ(frame_cap_get_vaddr(slot(SLOT_FRAME)->cap), PT_VADDR + 0x6000u);
    const machine_call_t *tlbi = machine_last(OP_TLBI_PAGE);
    CHECK(tlbi != NULL);
    CHECK_EQ(tlbi->a, PT_VADDR + 0x6000u);
    CHECK_EQ(tlbi->b, asid_hw_asid(1));
}

TEST(page_map_over_same_frame_through_unmapped_copy_replaces_the_entry)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_copy(SLOT_FREE, SLOT_FRAME, RIGHTS_ALL));
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT | ATTR_XN));
    CHECK_EQ(pt[0], expected_pte(SLOT_FRAME, VM_USER_RW, VM_NORMAL_WBWA, true));
}

TEST(page_map_small_page_over_part_of_large_page_fails_with_delete_first)
{
    pte_t *pt = setup(OBJ_ARM_LARGE_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x10000u, RIGHTS_RW, ATTR_DEFAULT));
    pte_t large = pt[16];
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FREE);
    CHECK_ERROR(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR + 0x13000u, RIGHTS_RW, ATTR_DEFAULT),
                ERR_DELETE_FIRST);
    CHECK_ERROR(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR + 0x10000u, RIGHTS_RW, ATTR_DEFAULT),
                ERR_DELETE_FIRST);
    for (word_t i = 16; i < 32; i++) {
        CHECK_EQ(pt[i], large);
    }
    CHECK_EQ(frame_cap_get_mapped_asid(slot(SLOT_FREE)->cap), ASID_INVALID);
}

TEST(page_map_large_page_over_other_large_page_replaces_it)
{
    pde_t *pd = vs_standard_vspace();
    pte_t *pt = vs_standard_page_table(PT_VADDR);
    vs_retype(OBJ_ARM_LARGE_PAGE, SLOT_FRAME);
    vs_retype(OBJ_ARM_LARGE_PAGE, SLOT_FREE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x30000u, RIGHTS_RW, ATTR_DEFAULT));
    vspace_activate(pd, 1);
    machine_fake_reset();
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR + 0x30000u, RIGHTS_RW, ATTR_DEFAULT));
    vm_mapping_t m = { .mem = VM_NORMAL_WBWA, .access = VM_USER_RW };
    for (word_t i = 48; i < 64; i++) {
        CHECK_EQ(pt[i], pte_large_map(paddr_in(SLOT_FREE), m));
    }
    CHECK_EQ(machine.count[OP_TLBI_ASID], 1);
    CHECK_EQ(machine_last(OP_TLBI_ASID)->a, asid_hw_asid(1));
    CHECK_EQ(frame_cap_get_vaddr(slot(SLOT_FRAME)->cap), PT_VADDR + 0x30000u);
}

TEST(page_map_small_or_large_page_where_a_section_is_fails_lookup)
{
    pde_t *pd = vs_standard_vspace();
    vs_retype(OBJ_ARM_SECTION, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x00700000u, RIGHTS_RW, ATTR_DEFAULT));
    pde_t section = pd[7];
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FREE);
    vs_retype(OBJ_ARM_LARGE_PAGE, SLOT_FREE + 1);
    for (word_t s = SLOT_FREE; s <= SLOT_FREE + 1; s++) {
        result_t r = do_page_map(s, SLOT_PD, 0x00710000u, RIGHTS_RW, ATTR_DEFAULT);
        CHECK_ERROR(r, ERR_FAILED_LOOKUP);
        CHECK(!r.error.failed_lookup_was_source);
        CHECK_EQ(r.error.lookup_fault.type, LOOKUP_MISSING_CAPABILITY);
        CHECK_EQ(r.error.lookup_fault.bits_left, 20);
    }
    CHECK_EQ(pd[7], section);
}

TEST(page_map_section_over_other_section_replaces_it)
{
    pde_t *pd = vs_standard_vspace();
    vs_retype(OBJ_ARM_SECTION, SLOT_FRAME);
    vs_retype(OBJ_ARM_SECTION, SLOT_FREE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x00700000u, RIGHTS_RW, ATTR_DEFAULT));
    vspace_activate(pd, 1);
    machine_fake_reset();
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, 0x00700000u, CAP_RIGHT_READ, ATTR_DEFAULT));
    CHECK_EQ(pd[7], expected_section(SLOT_FREE, VM_USER_RO));
    CHECK_EQ(machine.count[OP_TLBI_ASID], 1);
    CHECK_EQ(frame_cap_get_vaddr(slot(SLOT_FRAME)->cap), 0x00700000u);
}

TEST(page_map_section_over_part_of_super_section_fails_with_delete_first)
{
    pde_t *pd = vs_standard_vspace();
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_SUPER_SECTION, 0, SLOT_FRAME, 1));
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x01000000u, RIGHTS_RW, ATTR_DEFAULT));
    pde_t super = pd[0x13];
    vs_retype(OBJ_ARM_SECTION, SLOT_FREE);
    CHECK_ERROR(do_page_map(SLOT_FREE, SLOT_PD, 0x01300000u, RIGHTS_RW, ATTR_DEFAULT),
                ERR_DELETE_FIRST);
    CHECK_EQ(pd[0x13], super);
}

TEST(page_map_super_section_over_super_section_replaces_it)
{
    pde_t *pd = vs_standard_vspace();
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_SUPER_SECTION, 0, SLOT_FRAME, 1));
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x01000000u, RIGHTS_RW, ATTR_DEFAULT));
    /* the test untyped holds one supersection: a copy of its cap stands in
     * for a second frame */
    CHECK_OK(do_copy(SLOT_FREE, SLOT_FRAME, RIGHTS_ALL));
    vspace_activate(pd, 1);
    machine_fake_reset();
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, 0x01000000u, CAP_RIGHT_READ, ATTR_DEFAULT));
    vm_mapping_t m = { .mem = VM_NORMAL_WBWA, .access = VM_USER_RO };
    for (word_t i = 16; i < 32; i++) {
        CHECK_EQ(pd[i], pde_super_section_map(paddr_in(SLOT_FRAME), m));
    }
    CHECK_EQ(machine.count[OP_TLBI_ASID], 1);
}

TEST(page_map_super_section_over_page_table_fails_with_delete_first)
{
    pde_t *pd = vs_standard_vspace();
    vs_standard_page_table(0x01400000u);
    pde_t table = pd[0x14];
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_SUPER_SECTION, 0, SLOT_FRAME, 1));
    CHECK_ERROR(do_page_map(SLOT_FRAME, SLOT_PD, 0x01000000u, RIGHTS_RW, ATTR_DEFAULT),
                ERR_DELETE_FIRST);
    CHECK_EQ(pd[0x14], table);
    CHECK_EQ(pd[0x10], 0);
}

/* ---- The cap of a replaced frame ---- */

TEST(page_unmap_of_replaced_small_page_leaves_the_new_mapping)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FREE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    pte_t newer = pt[0];
    machine_fake_reset();
    CHECK_OK(do_page_unmap(SLOT_FRAME));
    CHECK_EQ(pt[0], newer);
    CHECK_EQ(machine.calls, 0);
    CHECK_EQ(frame_cap_get_mapped_asid(slot(SLOT_FRAME)->cap), ASID_INVALID);
    /* the new frame's cap still unmaps its own mapping */
    CHECK_OK(do_page_unmap(SLOT_FREE));
    CHECK_EQ(pt[0], 0);
}

TEST(page_unmap_of_replaced_large_page_leaves_the_new_mapping)
{
    pte_t *pt = setup(OBJ_ARM_LARGE_PAGE);
    vs_retype(OBJ_ARM_LARGE_PAGE, SLOT_FREE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    pte_t newer = pt[0];
    CHECK_OK(do_page_unmap(SLOT_FRAME));
    for (word_t i = 0; i < 16; i++) {
        CHECK_EQ(pt[i], newer);
    }
}

TEST(page_unmap_of_replaced_section_leaves_the_new_mapping)
{
    pde_t *pd = vs_standard_vspace();
    vs_retype(OBJ_ARM_SECTION, SLOT_FRAME);
    vs_retype(OBJ_ARM_SECTION, SLOT_FREE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x00700000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, 0x00700000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_unmap(SLOT_FRAME));
    CHECK_EQ(pd[7], expected_section(SLOT_FREE, VM_USER_RW));
}

TEST(frame_deleting_replaced_cap_leaves_the_new_mapping)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FREE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x1000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR + 0x1000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_delete(SLOT_FRAME));
    CHECK_EQ(pt[1], expected_pte(SLOT_FREE, VM_USER_RW, VM_NORMAL_WBWA, false));
}

TEST(page_map_of_replaced_cap_at_its_address_takes_the_address_back)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FREE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    /* still mapped as far as its cap says: elsewhere is refused ... */
    CHECK_INVALID_ARGUMENT(
        do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x1000u, RIGHTS_RW, ATTR_DEFAULT), 0);
    /* ... its own address is a remap, which replaces the newer frame */
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_EQ(pt[0], expected_pte(SLOT_FRAME, VM_USER_RW, VM_NORMAL_WBWA, false));
}

TEST(page_remap_after_its_page_table_went_fails_lookup)
{
    setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_pt_unmap(SLOT_PT));
    result_t r = do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_MISSING_CAPABILITY);
}

TEST(page_map_large_page_over_small_page_fails_with_delete_first)
{
    setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0xf000u, RIGHTS_RW, ATTR_DEFAULT));
    vs_retype(OBJ_ARM_LARGE_PAGE, SLOT_FREE);
    CHECK_ERROR(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT),
                ERR_DELETE_FIRST);
}

TEST(page_map_section_over_page_table_fails_with_delete_first)
{
    setup(OBJ_ARM_SECTION);
    CHECK_ERROR(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT),
                ERR_DELETE_FIRST);
}

TEST(page_map_super_section_over_section_fails_with_delete_first)
{
    vs_standard_vspace();
    vs_retype(OBJ_ARM_SECTION, SLOT_FREE);
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, 0x01f00000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_SUPER_SECTION, 0, SLOT_FRAME, 1));
    CHECK_ERROR(do_page_map(SLOT_FRAME, SLOT_PD, 0x01000000u, RIGHTS_RW, ATTR_DEFAULT),
                ERR_DELETE_FIRST);
}

TEST(page_map_again_at_same_address_changes_rights_and_flushes_tlb)
{
    pde_t *pd = vs_standard_vspace();
    pte_t *pt = vs_standard_page_table(PT_VADDR);
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x2000u, RIGHTS_RW, ATTR_DEFAULT));
    vspace_activate(pd, 1);
    machine_fake_reset();
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x2000u, CAP_RIGHT_READ, ATTR_DEFAULT));
    CHECK_EQ(pt[2], expected_pte(SLOT_FRAME, VM_USER_RO, VM_NORMAL_WBWA, false));
    const machine_call_t *tlbi = machine_last(OP_TLBI_PAGE);
    CHECK(tlbi != NULL);
    CHECK_EQ(tlbi->a, PT_VADDR + 0x2000u);
    CHECK_EQ(tlbi->b, asid_hw_asid(1));
}

TEST(page_map_again_of_section_flushes_its_hardware_asid)
{
    pde_t *pd = vs_standard_vspace();
    vs_retype(OBJ_ARM_SECTION, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x00700000u, RIGHTS_RW, ATTR_DEFAULT));
    vspace_activate(pd, 1);
    machine_fake_reset();
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x00700000u, RIGHTS_RW, ATTR_DEFAULT | ATTR_XN));
    CHECK_EQ(machine.count[OP_TLBI_ASID], 1);
    CHECK_EQ(machine_last(OP_TLBI_ASID)->a, asid_hw_asid(1));
}

TEST(page_map_mapped_cap_at_other_address_is_an_invalid_argument)
{
    setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_INVALID_ARGUMENT(
        do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x1000u, RIGHTS_RW, ATTR_DEFAULT), 0);
}

TEST(page_map_mapped_cap_into_other_address_space_is_an_invalid_capability)
{
    setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_FREE);
    CHECK_OK(do_assign(SLOT_POOL, SLOT_FREE));
    CHECK_INVALID_CAPABILITY(do_page_map(SLOT_FRAME, SLOT_FREE, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT),
                             1);
}

TEST(page_map_needs_three_words_and_a_cap)
{
    setup(OBJ_ARM_SMALL_PAGE);
    word_t mrs[] = { PT_VADDR, RIGHTS_RW, ATTR_DEFAULT };
    CHECK_ERROR(vs_call(SLOT_FRAME, ARMPageMap, 2, mrs, slot(SLOT_PD), NULL),
                ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(vs_call(SLOT_FRAME, ARMPageMap, 3, mrs, NULL, NULL), ERR_TRUNCATED_MESSAGE);
}

TEST(page_unmap_clears_entry_cap_and_tlb_entry)
{
    pde_t *pd = vs_standard_vspace();
    pte_t *pt = vs_standard_page_table(PT_VADDR);
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x4000u, RIGHTS_RW, ATTR_DEFAULT));
    vspace_activate(pd, 1);
    machine_fake_reset();
    CHECK_OK(do_page_unmap(SLOT_FRAME));
    CHECK_EQ(pt[4], 0);
    CHECK_EQ(frame_cap_get_mapped_asid(slot(SLOT_FRAME)->cap), ASID_INVALID);
    CHECK_EQ(frame_cap_get_vaddr(slot(SLOT_FRAME)->cap), 0);
    CHECK_EQ(machine_last(OP_TLBI_PAGE)->a, PT_VADDR + 0x4000u);
    CHECK(machine_did_range(OP_CLEAN_POU, ptr_to_pptr(&pt[4]), ptr_to_pptr(&pt[5])));
    /* it can go elsewhere now */
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x5000u, RIGHTS_RW, ATTR_DEFAULT));
}

TEST(page_unmap_of_large_page_clears_sixteen_entries)
{
    pte_t *pt = setup(OBJ_ARM_LARGE_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x20000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_unmap(SLOT_FRAME));
    CHECK(memory_is(ptr_to_pptr(pt), BIT(PAGE_TABLE_BITS), 0));
}

TEST(page_unmap_of_super_section_clears_sixteen_entries)
{
    pde_t *pd = vs_standard_vspace();
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_SUPER_SECTION, 0, SLOT_FRAME, 1));
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x02000000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_unmap(SLOT_FRAME));
    CHECK(memory_is(ptr_to_pptr(pd), 0xa00u * sizeof(pde_t), 0));
}

TEST(page_unmap_of_unmapped_frame_succeeds)
{
    setup(OBJ_ARM_SMALL_PAGE);
    machine_fake_reset();
    CHECK_OK(do_page_unmap(SLOT_FRAME));
    CHECK_EQ(machine.calls, 0);
}

TEST(page_unmap_leaves_a_newer_mapping_at_that_address_alone)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    /* the table goes, with the entry; a new table and frame take its place */
    CHECK_OK(do_pt_unmap(SLOT_PT));
    CHECK_OK(do_pt_map(SLOT_PT, SLOT_PD, PT_VADDR, ATTR_DEFAULT));
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FREE);
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    pte_t newer = pt[0];
    CHECK_OK(do_page_unmap(SLOT_FRAME));
    CHECK_EQ(pt[0], newer);
}

TEST(frame_deleting_mapped_cap_unmaps_it)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR + 0x1000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_delete(SLOT_FRAME));
    CHECK_EQ(pt[1], 0);
}

TEST(frame_copy_starts_unmapped_and_maps_elsewhere)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_copy(SLOT_FREE, SLOT_FRAME, RIGHTS_ALL));
    CHECK_EQ(frame_cap_get_mapped_asid(slot(SLOT_FREE)->cap), ASID_INVALID);
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, PT_VADDR + 0x1000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_EQ(pte_small_address(pt[1]), pte_small_address(pt[0]));
    /* deleting the copy removes only its own mapping */
    CHECK_OK(do_delete(SLOT_FREE));
    CHECK_EQ(pt[1], 0);
    CHECK(pt[0] != 0);
}

TEST(frame_deleting_page_directory_makes_later_unmap_harmless)
{
    pte_t *pt = setup(OBJ_ARM_SMALL_PAGE);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, PT_VADDR, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_delete(SLOT_PD));
    pte_t left = pt[0];
    CHECK_OK(do_page_unmap(SLOT_FRAME));
    CHECK_EQ(pt[0], left); /* the ASID names nothing: nothing is touched */
}

TEST(page_get_address_replies_with_physical_address)
{
    vs_retype(OBJ_ARM_LARGE_PAGE, SLOT_FRAME);
    CHECK_OK(do_page_get_address(SLOT_FRAME));
    CHECK_EQ(vs_reply_length, 1);
    CHECK_EQ(vs_reply[0], pptr_in(SLOT_FRAME) - HOST_ARENA_PPTR + HOST_ARENA_PADDR);
}

TEST(page_get_address_of_device_frame_is_its_device_address)
{
    vs_retype_device(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_OK(do_page_get_address(SLOT_FRAME));
    CHECK_EQ(vs_reply[0], DEVICE_UNTYPED_PPTR - HOST_ARENA_PPTR + HOST_ARENA_PADDR);
}

TEST(page_rejects_other_invocations)
{
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_ERROR(vs_call(SLOT_FRAME, ARMPageTableMap, 0, NULL, NULL, NULL), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(vs_call(SLOT_FRAME, ARMPDClean_Data, 0, NULL, NULL, NULL), ERR_ILLEGAL_OPERATION);
}
