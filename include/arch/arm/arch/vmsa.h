/*
 * ARMv7-A short-descriptor translation table formats (ARM ARM B3.5.1).
 * The one place their bit layout is written down: the kernel's page tables
 * and the ELF loader's boot page directory are both built from these.
 */
#pragma once

#include <types.h>

#define PD_ENTRIES 4096u  /* first level: one entry per MiB */
#define PT_ENTRIES 256u   /* second level: one entry per 4 KiB page */
#define SECTION_BITS 20u
#define PAGE_BITS 12u

typedef word_t pde_t;
typedef word_t pte_t;

/* Memory types (TEX/C/B with TEX remap off, ARM ARM B3.8.2). */
typedef enum {
    VM_NORMAL_WBWA,  /* normal, outer and inner write-back write-allocate */
    VM_DEVICE,       /* shareable device */
} vm_memory_t;

/* Access permissions (AP[2], AP[1:0]; ARM ARM B3.7.1). */
typedef enum {
    VM_KERNEL_RW, /* PL1 read/write, user no access */
    VM_USER_RW,   /* PL1 and user read/write */
    VM_USER_RO,   /* PL1 read/write, user read-only */
} vm_access_t;

static inline word_t vmsa_ap_bits(vm_access_t access)
{
    switch (access) {
    case VM_USER_RW:
        return 3u;
    case VM_USER_RO:
        return 2u;
    default:
        return 1u;
    }
}

/* Section descriptor: a 1 MiB mapping in the first level. */
static inline pde_t pde_section_new(paddr_t base, vm_memory_t mem, vm_access_t access, bool global)
{
    pde_t pde = (base & ~MASK(SECTION_BITS)) | 0x2u;
    pde |= vmsa_ap_bits(access) << 10;
    if (mem == VM_NORMAL_WBWA) {
        pde |= (1u << 12) | (1u << 3) | (1u << 2); /* TEX=001, C=1, B=1 */
    } else {
        pde |= (1u << 2) | (1u << 4); /* B=1 (shareable device), XN */
    }
    if (!global) {
        pde |= 1u << 17; /* nG */
    }
    return pde;
}

/* Page-table descriptor: points at a 1 KiB second-level table (domain 0). */
static inline pde_t pde_page_table_new(paddr_t table)
{
    return (table & ~MASK(10)) | 0x1u;
}

/* Small-page descriptor: a 4 KiB mapping in a second-level table. */
static inline pte_t pte_small_new(paddr_t base, vm_memory_t mem, vm_access_t access, bool global)
{
    word_t ap = vmsa_ap_bits(access);
    pte_t pte = (base & ~MASK(PAGE_BITS)) | 0x2u | ((ap & 3u) << 4);
    if (mem == VM_NORMAL_WBWA) {
        pte |= (1u << 6) | (1u << 3) | (1u << 2); /* TEX=001, C=1, B=1 */
    } else {
        pte |= (1u << 2) | 0x1u; /* B=1 (shareable device), XN */
    }
    if (!global) {
        pte |= 1u << 11; /* nG */
    }
    return pte;
}
