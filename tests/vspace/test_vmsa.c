/*
 * Short-descriptor arithmetic (<arch/vmsa.h>): every frame size with each
 * memory type, access permission, XN and nG, checked against the bit
 * positions of ARM ARM B3.5.1, and read back by type and address.
 */
#include <arch/vmsa.h>

#include "test.h"

static vm_mapping_t mapping(vm_memory_t mem, vm_access_t access, bool global, bool xn)
{
    return (vm_mapping_t){ .mem = mem, .access = access, .global = global, .execute_never = xn };
}

TEST(vmsa_kernel_window_section_keeps_its_encoding)
{
    /* base | AP=01 | TEX=001 C B | section */
    CHECK_EQ(pde_section_new(0x40000000u, VM_NORMAL_WBWA, VM_KERNEL_RW, true), 0x4000140eu);
    /* base | AP=01 | XN | B | section */
    CHECK_EQ(pde_section_new(0x09000000u, VM_DEVICE, VM_KERNEL_RW, true), 0x09000416u);
    CHECK_EQ(pde_section_new(0x40000000u, VM_NORMAL_WBWA, VM_KERNEL_RW, false), 0x4002140eu);
}

TEST(vmsa_kernel_device_page_keeps_its_encoding)
{
    /* base | AP=01 | B | small | XN */
    CHECK_EQ(pte_small_new(0x08010000u, VM_DEVICE, VM_KERNEL_RW, true), 0x08010017u);
    CHECK_EQ(pte_small_new(0x40001000u, VM_NORMAL_WBWA, VM_USER_RW, false), 0x4000187eu);
}

TEST(vmsa_small_page_bits_for_each_attribute)
{
    paddr_t base = 0x40123000u;
    /* nG 11 | TEX=001 (8:6) | AP=11 (5:4) | C 3 | B 2 | small 1 */
    CHECK_EQ(pte_small_map(base, mapping(VM_NORMAL_WBWA, VM_USER_RW, false, false)), base | 0x87eu);
    CHECK_EQ(pte_small_map(base, mapping(VM_NORMAL_WBWA, VM_USER_RO, false, false)), base | 0x86eu);
    CHECK_EQ(pte_small_map(base, mapping(VM_NORMAL_WBWA, VM_KERNEL_RW, false, false)),
             base | 0x85eu);
    CHECK_EQ(pte_small_map(base, mapping(VM_NORMAL_WBWA, VM_ACCESS_NONE, false, false)),
             base | 0x84eu);
    CHECK_EQ(pte_small_map(base, mapping(VM_STRONGLY_ORDERED, VM_USER_RW, false, false)),
             base | 0x832u);
    CHECK_EQ(pte_small_map(base, mapping(VM_DEVICE, VM_USER_RW, false, true)), base | 0x837u);
    CHECK_EQ(pte_small_map(base, mapping(VM_NORMAL_WBWA, VM_USER_RW, true, true)), base | 0x07fu);
}

TEST(vmsa_large_page_bits_for_each_attribute)
{
    paddr_t base = 0x40130000u;
    /* TEX=001 (14:12) | nG 11 | AP=11 (5:4) | C | B | large 01; XN is bit 15 */
    CHECK_EQ(pte_large_map(base, mapping(VM_NORMAL_WBWA, VM_USER_RW, false, false)),
             base | 0x183du);
    CHECK_EQ(pte_large_map(base, mapping(VM_NORMAL_WBWA, VM_USER_RO, false, true)), base | 0x982du);
    CHECK_EQ(pte_large_map(base, mapping(VM_STRONGLY_ORDERED, VM_USER_RW, false, false)),
             base | 0x0831u);
    CHECK_EQ(pte_large_map(base, mapping(VM_DEVICE, VM_KERNEL_RW, true, true)), base | 0x8015u);
}

TEST(vmsa_section_bits_for_each_attribute)
{
    paddr_t base = 0x40300000u;
    /* nG 17 | TEX=001 (14:12) | AP=11 (11:10) | C | B | section 10; XN 4 */
    CHECK_EQ(pde_section_map(base, mapping(VM_NORMAL_WBWA, VM_USER_RW, false, false)),
             base | 0x21c0eu);
    CHECK_EQ(pde_section_map(base, mapping(VM_NORMAL_WBWA, VM_USER_RO, false, true)),
             base | 0x2181eu);
    CHECK_EQ(pde_section_map(base, mapping(VM_STRONGLY_ORDERED, VM_ACCESS_NONE, false, false)),
             base | 0x20002u);
}

TEST(vmsa_super_section_sets_bit_18_and_keeps_16_mib_base)
{
    paddr_t base = 0x41000000u;
    pde_t pde = pde_super_section_map(base | 0x00f00000u,
                                      mapping(VM_NORMAL_WBWA, VM_USER_RW, false, false));
    CHECK_EQ(pde, base | 0x61c0eu);
    CHECK_EQ(pde_get_type(pde), PDE_SUPER_SECTION);
    CHECK_EQ(pde_super_section_address(pde), base);
}

TEST(vmsa_descriptor_types_and_addresses_read_back)
{
    vm_mapping_t m = mapping(VM_NORMAL_WBWA, VM_USER_RW, false, true);
    CHECK_EQ(pde_get_type(0), PDE_INVALID);
    CHECK_EQ(pde_get_type(pde_page_table_new(0x40000400u)), PDE_PAGE_TABLE);
    CHECK_EQ(pde_page_table_address(pde_page_table_new(0x40000400u)), 0x40000400u);
    CHECK_EQ(pde_get_type(pde_section_map(0x40100000u, m)), PDE_SECTION);
    CHECK_EQ(pde_section_address(pde_section_map(0x40100000u, m)), 0x40100000u);
    CHECK_EQ(pte_get_type(0), PTE_INVALID);
    CHECK_EQ(pte_get_type(pte_small_map(0x40001000u, m)), PTE_SMALL); /* XN in bit 0 too */
    CHECK_EQ(pte_small_address(pte_small_map(0x40001000u, m)), 0x40001000u);
    CHECK_EQ(pte_get_type(pte_large_map(0x40010000u, m)), PTE_LARGE);
    CHECK_EQ(pte_large_address(pte_large_map(0x40010000u, m)), 0x40010000u);
}

TEST(vmsa_ttbr0_has_cacheable_walk_attributes)
{
    CHECK_EQ(ttbr0_new(0x40004000u), 0x40004048u);
}
