/*
 * rootlib's address-space helpers for the root task's own VSpace (ARMv7
 * short descriptors: a page table covers 1 MiB). Frames are 4 KiB pages.
 */
#pragma once

#include <rootlib/env.h>

/* Bytes one page table maps (seL4_PageTableIndexBits + seL4_PageBits). */
#define ROOTLIB_PAGE_TABLE_SPAN ((seL4_Word)1 << (seL4_PageTableIndexBits + seL4_PageBits))
#define ROOTLIB_PAGE_SIZE ((seL4_Word)1 << seL4_PageBits)

/* Attributes for normal memory and for device registers: device memory
 * must not be cached, so seL4_ARM_PageCacheable stays out. */
#define ROOTLIB_ATTRS_MEMORY seL4_ARM_Default_VMAttributes
#define ROOTLIB_ATTRS_DEVICE seL4_ARM_ExecuteNever

/* A new page table mapped in `vspace` for the 1 MiB around vaddr; its cap
 * in *pt (may be NULL). Errors: what PageTable_Map said (seL4_DeleteFirst:
 * one is there already), or the allocator's. */
seL4_Error rootlib_map_page_table(struct rootlib_env *env, seL4_CPtr vspace, seL4_Word vaddr,
                                  seL4_CPtr *pt);

/*
 * Map a frame at vaddr in env->vspace. If no page table covers vaddr yet,
 * one is retyped from the untypeds and mapped first. Errors: what
 * Page_Map or PageTable_Map said (seL4_DeleteFirst: vaddr is taken), or
 * seL4_NotEnoughMemory for the page table.
 */
seL4_Error rootlib_map_frame(struct rootlib_env *env, seL4_CPtr frame, seL4_Word vaddr,
                             seL4_CapRights_t rights, seL4_ARM_VMAttributes attrs);

/* The same in another address space (`vspace`: its page directory); the
 * page table comes from env's untypeds. */
seL4_Error rootlib_map_frame_in(struct rootlib_env *env, seL4_CPtr vspace, seL4_CPtr frame,
                                seL4_Word vaddr, seL4_CapRights_t rights,
                                seL4_ARM_VMAttributes attrs);

/* A fresh RAM page mapped read-write at vaddr; its frame cap in *frame
 * (may be NULL). */
seL4_Error rootlib_map_new_page(struct rootlib_env *env, seL4_Word vaddr, seL4_CPtr *frame);

/* `count` fresh RAM pages, mapped read-write at a new range of the region
 * allocator; its address in *vaddr. */
seL4_Error rootlib_map_new_pages(struct rootlib_env *env, seL4_Word count, void **vaddr);

/* The device registers at [paddr, paddr + bytes) mapped uncached at a new
 * range; *vaddr is where paddr itself lands. */
seL4_Error rootlib_map_device(struct rootlib_env *env, seL4_Word paddr, seL4_Word bytes,
                              void **vaddr);
