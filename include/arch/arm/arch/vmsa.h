/*
 * ARMv7-A short-descriptor translation table formats (ARM ARM B3.5.1).
 * The one place their bit layout is written down: the kernel's page tables,
 * the ELF loader's boot page directory and user address spaces
 * (src/arch/arm/vspace.c) are all built and read through these.
 */
#pragma once

#include <config.h>
#include <types.h>

#define PD_ENTRIES 4096u /* first level: one entry per MiB */
#define PT_ENTRIES 256u  /* second level: one entry per 4 KiB page */
#define PT_INDEX_BITS 8u
#define SECTION_BITS 20u
#define PAGE_BITS 12u
#define LARGE_PAGE_BITS 16u
#define SUPER_SECTION_BITS 24u
/* A large page is 16 identical second-level entries, a supersection 16
 * identical first-level entries (ARM ARM B3.5.1, "Large pages" and
 * "Supersections"). */
#define PTES_PER_LARGE_PAGE BIT(LARGE_PAGE_BITS - PAGE_BITS)
#define PDES_PER_SUPER_SECTION BIT(SUPER_SECTION_BITS - SECTION_BITS)

typedef word_t pde_t;
typedef word_t pte_t;

/* Memory types (TEX/C/B with TEX remap off, ARM ARM B3.8.2 table B3-10). */
typedef enum {
    VM_NORMAL_WBWA,      /* normal, outer and inner write-back write-allocate */
    VM_DEVICE,           /* shareable device */
    VM_STRONGLY_ORDERED, /* what seL4 maps "uncached" frames as */
} vm_memory_t;

/* Access permissions (AP[2], AP[1:0] with SCTLR.AFE = 0; ARM ARM B3.7.1). */
typedef enum {
    VM_KERNEL_RW,   /* PL1 read/write, user no access */
    VM_USER_RW,     /* PL1 and user read/write */
    VM_USER_RO,     /* PL1 read/write, user read-only */
    VM_ACCESS_NONE, /* no access at all (AP = 000) */
} vm_access_t;

/* Everything a leaf descriptor says about a mapping besides its address. */
typedef struct vm_mapping {
    vm_memory_t mem;
    vm_access_t access;
    bool global;        /* false: tagged with the ASID (nG) */
    bool execute_never; /* XN */
} vm_mapping_t;

/* What a descriptor is, by its type bits. */
typedef enum { PDE_INVALID, PDE_PAGE_TABLE, PDE_SECTION, PDE_SUPER_SECTION } pde_type_t;
typedef enum { PTE_INVALID, PTE_LARGE, PTE_SMALL } pte_type_t;

/* AP[2:0] as one number: AP[2] is the 4 bit, AP[1:0] the low bits. */
static inline word_t vmsa_ap_bits(vm_access_t access)
{
    switch (access) {
    case VM_USER_RW:
        return 3u;
    case VM_USER_RO:
        return 2u;
    case VM_ACCESS_NONE:
        return 0u;
    default:
        return 1u;
    }
}

/* TEX[2:0], C and B for a memory type. */
typedef struct vmsa_mem_bits {
    word_t tex, c, b;
} vmsa_mem_bits_t;

static inline vmsa_mem_bits_t vmsa_mem_bits(vm_memory_t mem)
{
    switch (mem) {
    case VM_NORMAL_WBWA:
        return (vmsa_mem_bits_t){ .tex = 1, .c = 1, .b = 1 };
    case VM_DEVICE:
        return (vmsa_mem_bits_t){ .tex = 0, .c = 0, .b = 1 };
    default:
        return (vmsa_mem_bits_t){ .tex = 0, .c = 0, .b = 0 };
    }
}

/* The S bit: with several cores, normal memory is inner shareable, so
 * that the cores' caches keep it coherent and exclusives work across them
 * (ARM ARM A3.5.6, B3.8.2; Cortex-A15 keeps Inner Shareable lines
 * coherent). One core: non-shareable, as before. */
static inline word_t vmsa_shared_bit(vm_memory_t mem)
{
    return CONFIG_MAX_NUM_NODES > 1 && mem == VM_NORMAL_WBWA ? 1u : 0u;
}

/* ---- First level (page directory) ---- */

/* Section and supersection share their attribute bits: B 2, C 3, XN 4,
 * domain 8:5, AP[1:0] 11:10, TEX 14:12, AP[2] 15, S 16, nG 17, and bit 18
 * tells a supersection; domain 0 throughout. */
static inline pde_t pde_section_bits(vm_mapping_t m)
{
    vmsa_mem_bits_t mb = vmsa_mem_bits(m.mem);
    word_t ap = vmsa_ap_bits(m.access);
    pde_t pde = 0x2u | (mb.b << 2) | (mb.c << 3) | (mb.tex << 12);
    pde |= ((ap & 3u) << 10) | ((ap >> 2) << 15);
    pde |= (m.execute_never ? 1u : 0u) << 4;
    pde |= (m.global ? 0u : 1u) << 17;
    pde |= vmsa_shared_bit(m.mem) << 16;
    return pde;
}

/* A 1 MiB section mapping. */
static inline pde_t pde_section_map(paddr_t base, vm_mapping_t m)
{
    return (base & ~MASK(SECTION_BITS)) | pde_section_bits(m);
}

/* One of the 16 entries of a 16 MiB supersection (32-bit physical
 * addresses only: the extended base bits stay 0). */
static inline pde_t pde_super_section_map(paddr_t base, vm_mapping_t m)
{
    return (base & ~MASK(SUPER_SECTION_BITS)) | pde_section_bits(m) | BIT(18);
}

/* Section descriptor as the kernel window and the loader use it: device
 * memory is never executable. */
static inline pde_t pde_section_new(paddr_t base, vm_memory_t mem, vm_access_t access, bool global)
{
    vm_mapping_t m = {
        .mem = mem, .access = access, .global = global, .execute_never = mem == VM_DEVICE
    };
    return pde_section_map(base, m);
}

/* Page-table descriptor: points at a 1 KiB second-level table (domain 0). */
static inline pde_t pde_page_table_new(paddr_t table)
{
    return (table & ~MASK(10)) | 0x1u;
}

static inline pde_type_t pde_get_type(pde_t pde)
{
    if ((pde & 0x3u) == 0x1u) {
        return PDE_PAGE_TABLE;
    }
    if ((pde & 0x2u) != 0) {
        return (pde & BIT(18)) != 0 ? PDE_SUPER_SECTION : PDE_SECTION;
    }
    return PDE_INVALID; /* 00, and nothing here uses the reserved 11 form */
}

static inline paddr_t pde_page_table_address(pde_t pde)
{
    return pde & ~MASK(10);
}

static inline paddr_t pde_section_address(pde_t pde)
{
    return pde & ~MASK(SECTION_BITS);
}

static inline paddr_t pde_super_section_address(pde_t pde)
{
    return pde & ~MASK(SUPER_SECTION_BITS);
}

/* ---- Second level (page table) ---- */

/* A 4 KiB small-page mapping: XN 0, B 2, C 3, AP[1:0] 5:4, TEX 8:6,
 * AP[2] 9, S 10, nG 11. */
static inline pte_t pte_small_map(paddr_t base, vm_mapping_t m)
{
    vmsa_mem_bits_t mb = vmsa_mem_bits(m.mem);
    word_t ap = vmsa_ap_bits(m.access);
    pte_t pte = (base & ~MASK(PAGE_BITS)) | 0x2u | (mb.b << 2) | (mb.c << 3) | (mb.tex << 6);
    pte |= ((ap & 3u) << 4) | ((ap >> 2) << 9);
    pte |= m.execute_never ? 1u : 0u;
    pte |= (m.global ? 0u : 1u) << 11;
    pte |= vmsa_shared_bit(m.mem) << 10;
    return pte;
}

/* One of the 16 entries of a 64 KiB large page: B 2, C 3, AP[1:0] 5:4,
 * AP[2] 9, S 10, nG 11, TEX 14:12, XN 15. */
static inline pte_t pte_large_map(paddr_t base, vm_mapping_t m)
{
    vmsa_mem_bits_t mb = vmsa_mem_bits(m.mem);
    word_t ap = vmsa_ap_bits(m.access);
    pte_t pte = (base & ~MASK(LARGE_PAGE_BITS)) | 0x1u | (mb.b << 2) | (mb.c << 3) | (mb.tex << 12);
    pte |= ((ap & 3u) << 4) | ((ap >> 2) << 9);
    pte |= (m.execute_never ? 1u : 0u) << 15;
    pte |= (m.global ? 0u : 1u) << 11;
    pte |= vmsa_shared_bit(m.mem) << 10;
    return pte;
}

/* Small-page descriptor as the kernel's device pages use it. */
static inline pte_t pte_small_new(paddr_t base, vm_memory_t mem, vm_access_t access, bool global)
{
    vm_mapping_t m = {
        .mem = mem, .access = access, .global = global, .execute_never = mem == VM_DEVICE
    };
    return pte_small_map(base, m);
}

static inline pte_type_t pte_get_type(pte_t pte)
{
    if ((pte & 0x2u) != 0) {
        return PTE_SMALL;
    }
    return (pte & 0x1u) != 0 ? PTE_LARGE : PTE_INVALID;
}

static inline paddr_t pte_small_address(pte_t pte)
{
    return pte & ~MASK(PAGE_BITS);
}

static inline paddr_t pte_large_address(pte_t pte)
{
    return pte & ~MASK(LARGE_PAGE_BITS);
}

/* ---- Translation table base ---- */

/* TTBR0 for a page directory whose walks are inner and outer write-back
 * write-allocate cacheable, non-shareable: IRGN = 01 (bit 6 is IRGN[0],
 * bit 0 IRGN[1] with the Multiprocessing Extensions), RGN = 01 in bits 4:3
 * (ARM ARM B4.1.154); with several cores inner shareable (S, bit 1, and
 * NOS, bit 5), as the tables themselves are. */
static inline word_t ttbr0_new(paddr_t pd)
{
    word_t ttbr0 = (pd & ~MASK(14)) | BIT(6) | BIT(3);
    if (CONFIG_MAX_NUM_NODES > 1) {
        ttbr0 |= BIT(1) | BIT(5);
    }
    return ttbr0;
}
