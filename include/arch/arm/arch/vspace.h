/*
 * User address spaces on ARMv7 (src/arch/arm/vspace.c, asid.c): what the
 * rest of the kernel uses to build the root task's address space, switch
 * address spaces and reach user memory, and the decoders of the page
 * directory, page table and frame invocations. Deleting VSpace objects
 * goes through the vspace_* hooks of <kernel/hooks.h>.
 */
#pragma once

#include <arch/vmsa.h>
#include <object/objecttype.h>

/* ---- Boot: the root task's address space, no cap checks. ----
 * The page directory comes from object_create(OBJ_ARM_PAGE_DIRECTORY, ...)
 * (which copies the kernel's global entries into it), page tables and
 * frames from zeroed memory. */

/* Installs page table pt for the MiB holding vaddr; the PD slot is empty. */
void vspace_boot_map_page_table(pde_t *pd, vptr_t vaddr, pte_t *pt);

/* Maps the frame at physical address `frame` of 2^size_bits bytes (any
 * frame size; 4 KiB and 64 KiB need the page table mapped first) at
 * vaddr, cacheable, user read-write or read-only, executable or not. */
void vspace_boot_map_frame(pde_t *pd, vptr_t vaddr, paddr_t frame, word_t size_bits, bool writable,
                           bool executable);

/* Puts the ASID pool at `pool` (kernel-window address, zeroed) in the ASID
 * table as pool pool_index (ASIDs pool_index * 1024 ...). */
void asid_boot_install_pool(word_t pool_index, pptr_t pool);

/* Assigns asid (in that pool) to page directory pd. */
void asid_boot_assign(pptr_t pool, word_t asid, pde_t *pd);

/* ---- Running ---- */

/* Makes pd, assigned asid, the current user address space: TTBR0 and the
 * hardware ASID it borrows. NULL, or a pd that asid no longer names (its
 * ASID or pool was deleted), switches to the kernel's page directory, where
 * every user address faults. */
extern pde_t *vspace_active_pd; /* what vspace_activate last loaded (asid.c) */
extern word_t vspace_active_asid;
void vspace_activate_other(pde_t *pd, word_t asid);

static inline void vspace_activate(pde_t *pd, word_t asid)
{
    /* Already active: deleting the ASID or taking its hardware ASID away
     * switches to the kernel's or another address space, so an active pair
     * is still valid (every IPC within one address space lands here). */
    if (pd != NULL && pd == vspace_active_pd && asid == vspace_active_asid) {
        return;
    }
    vspace_activate_other(pd, asid);
}

/* The physical base of the frame mapped at vaddr in pd and its size
 * (*size_bits), or 0 when nothing is mapped there. */
paddr_t vspace_lookup_frame(pde_t *pd, vptr_t vaddr, word_t *size_bits);

/* ---- Invocations ---- */

/* The vm_rights a frame mapping gets from the cap's vm_rights and an
 * seL4_CapRights_t mask (seL4 maskVMRights; src/arch/arm/object/). */
word_t vm_rights_mask(word_t vm_rights, word_t cap_rights);

result_t decode_page_directory_invocation(const invocation_args_t *args, cap_t cap);
result_t decode_page_table_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap);
result_t decode_frame_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap);
