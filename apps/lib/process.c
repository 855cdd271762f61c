/*
 * rootlib's processes (include/rootlib/process.h): a new CSpace and
 * VSpace, an ELF loaded page by page through a scratch mapping in the root
 * task, caps handed over by Mint, and the thread started.
 */
#include <stddef.h>
#include <string.h>
#include <rootlib/elf.h>
#include <rootlib/process.h>
#include <rootlib/vspace.h>

/* The process's CNode cap, guarded so that depth 32 resolves a slot. */
static seL4_Error make_cnode(struct rootlib_env *env, struct rootlib_process *p)
{
    seL4_CPtr plain;
    seL4_Error err = rootlib_alloc_object(env, seL4_CapTableObject, p->cnode_size_bits, &plain);
    if (err == seL4_NoError) {
        err = rootlib_slot_alloc(env, &p->cnode);
    }
    if (err == seL4_NoError) {
        seL4_Word guard = seL4_CNode_CapData_new(0, seL4_WordBits - p->cnode_size_bits).words[0];
        err = seL4_CNode_Mint(env->cnode, p->cnode, seL4_WordBits, env->cnode, plain, seL4_WordBits,
                              seL4_AllRights, guard);
    }
    return err;
}

seL4_Error rootlib_process_create(struct rootlib_env *env, struct rootlib_process *p,
                                  seL4_Word cnode_size_bits)
{
    if (cnode_size_bits < 3 || cnode_size_bits > 16) {
        return seL4_RangeError;
    }
    memset(p, 0, sizeof(*p));
    p->cnode_size_bits = cnode_size_bits;
    seL4_Error err = make_cnode(env, p);
    if (err == seL4_NoError) {
        err = rootlib_alloc_vspace(env, &p->vspace);
    }
    if (err == seL4_NoError) {
        err = rootlib_alloc_object(env, seL4_TCBObject, 0, &p->tcb);
    }
    if (err == seL4_NoError) {
        err = rootlib_process_give(p, ROOTLIB_PROCESS_TCB_SLOT, p->tcb, seL4_AllRights, 0);
    }
    if (err == seL4_NoError) {
        err = rootlib_process_give(p, ROOTLIB_PROCESS_CNODE_SLOT, p->cnode, seL4_AllRights, 0);
    }
    if (err == seL4_NoError) {
        err = rootlib_process_give(p, ROOTLIB_PROCESS_VSPACE_SLOT, p->vspace, seL4_AllRights, 0);
    }
    return err;
}

seL4_Error rootlib_process_give(struct rootlib_process *p, seL4_Word slot, seL4_CPtr cap,
                                seL4_CapRights_t rights, seL4_Word badge)
{
    if (slot == 0 || slot >= ((seL4_Word)1 << p->cnode_size_bits)) {
        return seL4_RangeError;
    }
    return seL4_CNode_Mint(p->cnode, slot, seL4_WordBits, seL4_CapInitThreadCNode, cap,
                           seL4_WordBits, rights, badge);
}

/* One page of the root task's own range, kept for copying into frames. */
static seL4_Error scratch_page(struct rootlib_env *env, seL4_Word *vaddr)
{
    static seL4_Word scratch;
    uintptr_t v;
    if (scratch == 0) {
        if (!rootlib_vregion_reserve(&env->vregion, ROOTLIB_PAGE_SIZE, seL4_PageBits, &v)) {
            return seL4_NotEnoughMemory;
        }
        scratch = v;
    }
    *vaddr = scratch;
    return seL4_NoError;
}

seL4_Error rootlib_process_write(struct rootlib_env *env, seL4_CPtr frame, seL4_Word at,
                                 const void *bytes, seL4_Word size)
{
    seL4_Word vaddr;
    if (at > ROOTLIB_PAGE_SIZE || size > ROOTLIB_PAGE_SIZE - at) {
        return seL4_RangeError;
    }
    /* A frame cap maps once: a copy of it maps in the root task. */
    seL4_CPtr copy;
    seL4_Error err = scratch_page(env, &vaddr);
    if (err == seL4_NoError) {
        err = rootlib_slot_alloc(env, &copy);
    }
    if (err != seL4_NoError) {
        return err;
    }
    err = seL4_CNode_Copy(env->cnode, copy, seL4_WordBits, env->cnode, frame, seL4_WordBits,
                          seL4_AllRights);
    if (err == seL4_NoError) {
        err = rootlib_map_frame(env, copy, vaddr, seL4_ReadWrite, ROOTLIB_ATTRS_MEMORY);
    }
    if (err == seL4_NoError) {
        memcpy((char *)vaddr + at, bytes, size);
        /* Code written through the data cache must reach the point where
         * instruction fetches see it (ARM ARM B2.2.9). */
        err = seL4_ARM_Page_Unify_Instruction(copy, 0, ROOTLIB_PAGE_SIZE);
        seL4_ARM_Page_Unmap(copy);
    }
    rootlib_slot_free(env, copy);
    return err;
}

seL4_Error rootlib_process_map_new_page(struct rootlib_env *env, struct rootlib_process *p,
                                        seL4_Word vaddr, seL4_CPtr *frame)
{
    seL4_CPtr page;
    seL4_Error err = rootlib_alloc_object(env, seL4_ARM_SmallPageObject, 0, &page);
    if (err == seL4_NoError) {
        err =
            rootlib_map_frame_in(env, p->vspace, page, vaddr, seL4_ReadWrite, ROOTLIB_ATTRS_MEMORY);
    }
    if (err == seL4_NoError && frame != NULL) {
        *frame = page;
    }
    return err;
}

/* The file bytes of a segment that fall in the page at `page`. */
static seL4_Error load_page(struct rootlib_env *env, struct rootlib_process *p, const char *elf,
                            const struct rootlib_elf_segment *seg, seL4_Word page)
{
    seL4_CPtr frame;
    seL4_Error err = rootlib_process_map_new_page(env, p, page, &frame);
    seL4_Word file_end = seg->vaddr + seg->file_size;
    seL4_Word from = page > seg->vaddr ? page : seg->vaddr;
    seL4_Word to = page + ROOTLIB_PAGE_SIZE < file_end ? page + ROOTLIB_PAGE_SIZE : file_end;
    if (err == seL4_NoError && from < to) {
        const char *bytes = elf + seg->offset + (from - seg->vaddr);
        err = rootlib_process_write(env, frame, from - page, bytes, to - from);
    }
    return err;
}

seL4_Error rootlib_process_load_elf(struct rootlib_env *env, struct rootlib_process *p,
                                    const void *elf, seL4_Word size)
{
    uint32_t entry;
    struct rootlib_elf_segment seg;
    if (!rootlib_elf_check(elf, size, &entry)) {
        return seL4_InvalidArgument;
    }
    for (unsigned i = 0; i < rootlib_elf_segment_count(elf); i++) {
        if (!rootlib_elf_load_segment(elf, size, i, &seg) || seg.mem_size == 0) {
            continue;
        }
        seL4_Word first = seg.vaddr & ~(ROOTLIB_PAGE_SIZE - 1);
        for (seL4_Word page = first; page < seg.vaddr + seg.mem_size; page += ROOTLIB_PAGE_SIZE) {
            seL4_Error err = load_page(env, p, elf, &seg, page);
            if (err != seL4_NoError) {
                return err;
            }
        }
    }
    p->entry = entry;
    return seL4_NoError;
}

seL4_Error rootlib_process_start(struct rootlib_env *env, struct rootlib_process *p,
                                 seL4_Word ipc_buffer, seL4_Word arg, seL4_Word priority,
                                 seL4_CPtr fault_ep, seL4_Word fault_badge)
{
    seL4_CPtr fault_slot = seL4_CapNull;
    seL4_Error err = rootlib_process_map_new_page(env, p, ipc_buffer, &p->ipc_frame);
    if (err == seL4_NoError && fault_ep != seL4_CapNull) {
        fault_slot = ROOTLIB_PROCESS_FAULT_SLOT;
        err = rootlib_process_give(p, fault_slot, fault_ep, seL4_AllRights, fault_badge);
    }
    if (err == seL4_NoError) {
        p->ipc_buffer = ipc_buffer;
        err = seL4_TCB_Configure(p->tcb, fault_slot, p->cnode, 0, p->vspace, 0, ipc_buffer,
                                 p->ipc_frame);
    }
    if (err == seL4_NoError) {
        err = seL4_TCB_SetPriority(p->tcb, env->tcb, priority);
    }
    if (err != seL4_NoError) {
        return err;
    }
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.pc = p->entry;
    regs.r0 = arg;
    return seL4_TCB_WriteRegisters(p->tcb, true, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
}
