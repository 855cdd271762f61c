/*
 * rootlib's address-space helpers (include/rootlib/vspace.h): mapping with
 * page tables made on demand, fresh pages and device registers.
 */
#include <stddef.h>
#include <rootlib/vspace.h>

seL4_Error rootlib_map_page_table(struct rootlib_env *env, seL4_CPtr vspace, seL4_Word vaddr,
                                  seL4_CPtr *pt)
{
    seL4_CPtr table;
    seL4_Error err = rootlib_alloc_object(env, seL4_ARM_PageTableObject, 0, &table);
    if (err != seL4_NoError) {
        return err;
    }
    err = seL4_ARM_PageTable_Map(table, vspace, vaddr & ~(ROOTLIB_PAGE_TABLE_SPAN - 1),
                                 seL4_ARM_Default_VMAttributes);
    if (err != seL4_NoError) {
        rootlib_slot_free(env, table); /* the memory stays used: the watermark does not go back */
        return err;
    }
    if (pt != NULL) {
        *pt = table;
    }
    return seL4_NoError;
}

seL4_Error rootlib_map_frame_in(struct rootlib_env *env, seL4_CPtr vspace, seL4_CPtr frame,
                                seL4_Word vaddr, seL4_CapRights_t rights,
                                seL4_ARM_VMAttributes attrs)
{
    seL4_Error err = seL4_ARM_Page_Map(frame, vspace, vaddr, rights, attrs);
    if (err != seL4_FailedLookup) {
        return err;
    }
    /* seL4 answers FailedLookup when no page table covers vaddr. */
    err = rootlib_map_page_table(env, vspace, vaddr, NULL);
    if (err != seL4_NoError) {
        return err;
    }
    return seL4_ARM_Page_Map(frame, vspace, vaddr, rights, attrs);
}

seL4_Error rootlib_map_frame(struct rootlib_env *env, seL4_CPtr frame, seL4_Word vaddr,
                             seL4_CapRights_t rights, seL4_ARM_VMAttributes attrs)
{
    return rootlib_map_frame_in(env, env->vspace, frame, vaddr, rights, attrs);
}

/* Reserve a page-aligned range for `count` pages. */
static seL4_Error reserve_pages(struct rootlib_env *env, seL4_Word count, seL4_Word *vaddr)
{
    uintptr_t start;
    if (count == 0 || count > ROOTLIB_VREGION_END / ROOTLIB_PAGE_SIZE ||
        !rootlib_vregion_reserve(&env->vregion, count * ROOTLIB_PAGE_SIZE, seL4_PageBits, &start)) {
        return seL4_NotEnoughMemory;
    }
    *vaddr = start;
    return seL4_NoError;
}

seL4_Error rootlib_map_new_page(struct rootlib_env *env, seL4_Word vaddr, seL4_CPtr *frame)
{
    seL4_CPtr page;
    seL4_Error err = rootlib_alloc_object(env, seL4_ARM_SmallPageObject, 0, &page);
    if (err == seL4_NoError) {
        err = rootlib_map_frame(env, page, vaddr, seL4_ReadWrite, ROOTLIB_ATTRS_MEMORY);
    }
    if (err == seL4_NoError && frame != NULL) {
        *frame = page;
    }
    return err;
}

seL4_Error rootlib_map_new_pages(struct rootlib_env *env, seL4_Word count, void **vaddr)
{
    seL4_Word base;
    seL4_Error err = reserve_pages(env, count, &base);

    for (seL4_Word i = 0; err == seL4_NoError && i < count; i++) {
        err = rootlib_map_new_page(env, base + i * ROOTLIB_PAGE_SIZE, NULL);
    }
    if (err == seL4_NoError) {
        *vaddr = (void *)base;
    }
    return err;
}

seL4_Error rootlib_map_device(struct rootlib_env *env, seL4_Word paddr, seL4_Word bytes,
                              void **vaddr)
{
    seL4_Word offset = paddr & (ROOTLIB_PAGE_SIZE - 1);
    seL4_Word first = paddr - offset;
    seL4_Word count, base;

    if (bytes == 0 || bytes > ~(seL4_Word)0 - offset - ROOTLIB_PAGE_SIZE) {
        return seL4_RangeError;
    }
    count = (offset + bytes + ROOTLIB_PAGE_SIZE - 1) / ROOTLIB_PAGE_SIZE;
    seL4_Error err = reserve_pages(env, count, &base);
    for (seL4_Word i = 0; err == seL4_NoError && i < count; i++) {
        seL4_CPtr frame;
        err = rootlib_alloc_device_frame(env, first + i * ROOTLIB_PAGE_SIZE, &frame);
        if (err == seL4_NoError) {
            err = rootlib_map_frame(env, frame, base + i * ROOTLIB_PAGE_SIZE, seL4_ReadWrite,
                                    ROOTLIB_ATTRS_DEVICE);
        }
    }
    if (err == seL4_NoError) {
        *vaddr = (void *)(base + offset);
    }
    return err;
}
