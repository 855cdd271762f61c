/*
 * The root task's address space on ARMv7: a page directory with ASID 1 in
 * ASID pool 0 (seL4's IT_ASID), page tables for the user image and the
 * pages after it, and small-page frame caps for every page mapped.
 */
#include <arch/kernel_vspace.h>
#include <arch/vspace.h>
#include <kernel/boot_root.h>
#include <kernel/cdt.h>
#include <object/objecttype.h>

#define ROOT_ASID 1u

/* Maps the 4 KiB frame at `frame` (kernel-window address) at `vaddr` and
 * returns a cap that records the mapping. */
static cap_t root_map_frame(pde_t *pd, vptr_t vaddr, pptr_t frame, bool executable)
{
    vspace_boot_map_frame(pd, vaddr, pptr_to_paddr(frame), PAGE_BITS, true, executable);
    cap_t cap = cap_frame_new(FRAME_SMALL, frame, VM_READ_WRITE, false);
    return frame_cap_set_mapping(cap, ROOT_ASID, vaddr);
}

static pde_t *root_page_directory(root_boot_t *rb)
{
    void *mem = root_boot_alloc(rb, PAGE_DIR_BITS);
    cap_t cap = object_create(OBJ_ARM_PAGE_DIRECTORY, ptr_to_pptr(mem), 0, false);
    void *pool = root_boot_alloc(rb, ASID_POOL_BITS);
    asid_boot_install_pool(0, ptr_to_pptr(pool));
    asid_boot_assign(ptr_to_pptr(pool), ROOT_ASID, mem);
    cap = cap_page_directory_set_is_mapped(cap, 1);
    cap = cap_page_directory_set_asid(cap, ROOT_ASID);
    mdb_insert_root(&rb->cnode[seL4_CapInitThreadVSpace], cap);
    mdb_insert_root(&rb->cnode[seL4_CapInitThreadASIDPool],
                    cap_asid_pool_new(ptr_to_pptr(pool), 0));
    mdb_insert_root(&rb->cnode[seL4_CapASIDControl], cap_asid_control_new());
    return mem;
}

static void root_page_tables(root_boot_t *rb, pde_t *pd, vptr_t start, vptr_t end)
{
    rb->bi->userImagePaging.start = rb->next_slot;
    for (vptr_t v = ROUND_DOWN(start, SECTION_BITS); v < end; v += BIT(SECTION_BITS)) {
        pte_t *pt = root_boot_alloc(rb, PAGE_TABLE_BITS);
        vspace_boot_map_page_table(pd, v, pt);
        cap_t cap = cap_page_table_new(ptr_to_pptr(pt));
        cap = cap_page_table_set_is_mapped(cap, 1);
        cap = cap_page_table_set_vaddr(cap, v);
        root_boot_provide_cap(rb, cap_page_table_set_asid(cap, ROOT_ASID));
    }
    rb->bi->userImagePaging.end = rb->next_slot;
}

void arch_root_vspace_create(root_boot_t *rb, seL4_BootInfo *bi_frame, void *extra_bi)
{
    seL4_BootInfo *bi = rb->bi;
    pde_t *pd = root_page_directory(rb);
    root_page_tables(rb, pd, rb->ui_v_start, rb->extra_bi_v + rb->extra_bi_size);

    bi->userImageFrames.start = rb->next_slot;
    for (vptr_t v = rb->ui_v_start; v < rb->ui_v_end; v += BIT(PAGE_BITS)) {
        pptr_t frame = paddr_to_pptr(v + rb->args->ui_pv_offset);
        root_boot_provide_cap(rb, root_map_frame(pd, v, frame, true));
    }
    bi->userImageFrames.end = rb->next_slot;

    void *ipc_buffer = root_boot_alloc(rb, PAGE_BITS);
    rb->ipc_buffer_slot = &rb->cnode[seL4_CapInitThreadIPCBuffer];
    mdb_insert_root(rb->ipc_buffer_slot,
                    root_map_frame(pd, rb->ipc_buffer_v, ptr_to_pptr(ipc_buffer), false));
    mdb_insert_root(&rb->cnode[seL4_CapBootInfoFrame],
                    root_map_frame(pd, rb->bi_frame_v, ptr_to_pptr(bi_frame), false));

    bi->extraBIPages.start = rb->next_slot;
    for (word_t off = 0; off < rb->extra_bi_size; off += BIT(PAGE_BITS)) {
        pptr_t frame = ptr_to_pptr(extra_bi) + off;
        root_boot_provide_cap(rb, root_map_frame(pd, rb->extra_bi_v + off, frame, false));
    }
    bi->extraBIPages.end = rb->next_slot;
}
