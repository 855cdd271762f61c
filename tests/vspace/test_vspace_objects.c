/*
 * Creating VSpace objects (the kernel's global entries in new page
 * directories, caches cleaned), the boot-time mapping API the root task's
 * address space is built with, and looking frames up by address.
 */
#include "vspace_fixture.h"

TEST(new_page_directory_gets_kernel_entries_and_an_empty_user_half)
{
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_PD);
    pde_t *pd = pd_in(SLOT_PD);
    CHECK(memory_is(ptr_to_pptr(pd), (KERNEL_WINDOW_VBASE >> SECTION_BITS) * sizeof(pde_t), 0));
    for (word_t i = KERNEL_WINDOW_VBASE >> SECTION_BITS; i < PD_ENTRIES; i++) {
        CHECK_EQ(pd[i], host_kernel_global_pde(i));
    }
    CHECK(pd[KERNEL_WINDOW_VBASE >> SECTION_BITS] != 0);
    pptr_t base = ptr_to_pptr(pd);
    CHECK(machine_did_range(OP_CLEAN_POU, base, base + BIT(PAGE_DIR_BITS)));
}

TEST(new_page_table_is_cleaned_for_the_walker)
{
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    pptr_t base = pptr_in(SLOT_PT);
    CHECK(memory_is(base, BIT(PAGE_TABLE_BITS), 0));
    CHECK(machine_did_range(OP_CLEAN_POU, base, base + BIT(PAGE_TABLE_BITS)));
}

TEST(new_ram_frame_is_cleaned_to_the_point_of_coherency)
{
    vs_retype(OBJ_ARM_LARGE_PAGE, SLOT_FRAME);
    pptr_t base = pptr_in(SLOT_FRAME);
    CHECK(machine_did_range(OP_CLEAN_POC, base, base + BIT(LARGE_PAGE_BITS)));
}

TEST(new_device_frame_needs_no_cleaning)
{
    vs_retype_device(OBJ_ARM_SECTION, SLOT_FRAME);
    CHECK_EQ(machine.calls, 0);
}

/* The root task's address space the way boot builds it. */
static pde_t *boot_vspace(void)
{
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_PD);
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    pde_t *pd = pd_in(SLOT_PD);
    vspace_boot_map_page_table(pd, 0x00010000u, pt_in(SLOT_PT));
    return pd;
}

TEST(boot_map_page_table_installs_it_for_its_mib)
{
    pde_t *pd = boot_vspace();
    CHECK_EQ(pd[0], paddr_in(SLOT_PT) | 0x1u);
}

TEST(boot_map_frame_maps_executable_writable_pages)
{
    pde_t *pd = boot_vspace();
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    vspace_boot_map_frame(pd, 0x00010000u, paddr_in(SLOT_FRAME), PAGE_BITS, true, true);
    vm_mapping_t m = { .mem = VM_NORMAL_WBWA, .access = VM_USER_RW };
    CHECK_EQ(pt_in(SLOT_PT)[0x10], pte_small_map(paddr_in(SLOT_FRAME), m));
}

TEST(boot_map_frame_maps_read_only_execute_never_pages)
{
    pde_t *pd = boot_vspace();
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    vspace_boot_map_frame(pd, 0x00011000u, paddr_in(SLOT_FRAME), PAGE_BITS, false, false);
    vm_mapping_t m = { .mem = VM_NORMAL_WBWA, .access = VM_USER_RO, .execute_never = true };
    CHECK_EQ(pt_in(SLOT_PT)[0x11], pte_small_map(paddr_in(SLOT_FRAME), m));
}

TEST(boot_map_frame_maps_sections_in_the_page_directory)
{
    pde_t *pd = boot_vspace();
    vs_retype(OBJ_ARM_SECTION, SLOT_FRAME);
    vspace_boot_map_frame(pd, 0x00300000u, paddr_in(SLOT_FRAME), SECTION_BITS, true, false);
    CHECK_EQ(pde_get_type(pd[3]), PDE_SECTION);
    CHECK_EQ(pde_section_address(pd[3]), paddr_in(SLOT_FRAME));
}

TEST(boot_mappings_are_usable_by_invocations)
{
    pde_t *pd = boot_vspace();
    pptr_t pool = HOST_ARENA_PPTR + 0x900000u;
    asid_boot_install_pool(0, pool);
    asid_boot_assign(pool, 1, pd);
    cap_t pd_cap = cap_page_directory_set_asid(slot(SLOT_PD)->cap, 1);
    slot(SLOT_PD)->cap = cap_page_directory_set_is_mapped(pd_cap, true);
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FRAME);
    CHECK_OK(do_page_map(SLOT_FRAME, SLOT_PD, 0x00012000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_EQ(pte_small_address(pt_in(SLOT_PT)[0x12]), paddr_in(SLOT_FRAME));
}

TEST(lookup_frame_finds_base_and_size_of_each_frame_size)
{
    vs_standard_vspace();
    pde_t *pd = pd_in(SLOT_PD);
    vs_standard_page_table(0x00400000u);
    vs_retype(OBJ_ARM_SMALL_PAGE, SLOT_FREE);
    vs_retype(OBJ_ARM_LARGE_PAGE, SLOT_FREE + 1);
    vs_retype(OBJ_ARM_SECTION, SLOT_FREE + 2);
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_SUPER_SECTION, 0, SLOT_FREE + 3, 1));
    CHECK_OK(do_page_map(SLOT_FREE, SLOT_PD, 0x00401000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_map(SLOT_FREE + 1, SLOT_PD, 0x00410000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_map(SLOT_FREE + 2, SLOT_PD, 0x00500000u, RIGHTS_RW, ATTR_DEFAULT));
    CHECK_OK(do_page_map(SLOT_FREE + 3, SLOT_PD, 0x01000000u, RIGHTS_RW, ATTR_DEFAULT));

    word_t bits = 0;
    CHECK_EQ(vspace_lookup_frame(pd, 0x00401abcu, &bits), paddr_in(SLOT_FREE));
    CHECK_EQ(bits, PAGE_BITS);
    CHECK_EQ(vspace_lookup_frame(pd, 0x0041f000u, &bits), paddr_in(SLOT_FREE + 1));
    CHECK_EQ(bits, LARGE_PAGE_BITS);
    CHECK_EQ(vspace_lookup_frame(pd, 0x005fffffu, &bits), paddr_in(SLOT_FREE + 2));
    CHECK_EQ(bits, SECTION_BITS);
    CHECK_EQ(vspace_lookup_frame(pd, 0x01abcdefu, &bits), paddr_in(SLOT_FREE + 3));
    CHECK_EQ(bits, SUPER_SECTION_BITS);
}

TEST(lookup_frame_of_unmapped_address_is_zero)
{
    pde_t *pd = vs_standard_vspace();
    vs_standard_page_table(0x00400000u);
    word_t bits = 99;
    CHECK_EQ(vspace_lookup_frame(pd, 0x00400000u, &bits), 0);
    CHECK_EQ(vspace_lookup_frame(pd, 0x00100000u, &bits), 0);
    CHECK_EQ(bits, 99);
}
