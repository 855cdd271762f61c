/*
 * rootlib's threads (include/rootlib/thread.h). A thread's pages, from a
 * fresh range of the region allocator:
 *   guard page (never mapped: a stack overflow is a VM fault)
 *   stack pages, growing down towards the guard
 *   IPC buffer page
 *   start-up pages: struct rootlib_thread_block, the program's bytes
 *                   (ROOTLIB_THREAD_USER_BYTES), then the TLS area
 */
#include <string.h>
#include <rootlib/thread.h>
#include <rootlib/vspace.h>

#define BLOCK_BYTES 64u
_Static_assert(sizeof(struct rootlib_thread_block) <= BLOCK_BYTES, "thread block too large");

/* Where every thread starts, r0 = its block. */
static _Noreturn void thread_entry(struct rootlib_thread_block *b)
{
    seL4_SetIPCBuffer(b->ipc_buffer);
    b->result = b->fn(b->arg);
    seL4_Signal(b->done);
    seL4_TCB_Suspend(b->tcb);
    __builtin_trap(); /* not reached */
}

static seL4_Word pages_for(seL4_Word bytes)
{
    return (bytes + ROOTLIB_PAGE_SIZE - 1) / ROOTLIB_PAGE_SIZE;
}

/* Map fresh pages at [first, first + count pages). */
static seL4_Error map_pages_at(struct rootlib_env *env, seL4_Word first, seL4_Word count)
{
    seL4_Error err = seL4_NoError;
    for (seL4_Word i = 0; err == seL4_NoError && i < count; i++) {
        err = rootlib_map_new_page(env, first + i * ROOTLIB_PAGE_SIZE, NULL);
    }
    return err;
}

/* The thread's pages (see the top of this file); the IPC buffer's frame
 * cap is kept, because TCB_Configure needs it. */
static seL4_Error map_thread_pages(struct rootlib_env *env, seL4_Word stack_pages,
                                   seL4_Word startup_pages, struct rootlib_thread *t)
{
    uintptr_t guard;
    seL4_Word total = 1 + stack_pages + 1 + startup_pages;
    if (!rootlib_vregion_reserve(&env->vregion, total * ROOTLIB_PAGE_SIZE, seL4_PageBits, &guard)) {
        return seL4_NotEnoughMemory;
    }
    t->stack_top = guard + (1 + stack_pages) * ROOTLIB_PAGE_SIZE;
    t->ipc_buffer = (seL4_IPCBuffer *)t->stack_top;
    t->block = (struct rootlib_thread_block *)(t->stack_top + ROOTLIB_PAGE_SIZE);
    seL4_Error err = map_pages_at(env, guard + ROOTLIB_PAGE_SIZE, stack_pages);
    if (err == seL4_NoError) {
        err = rootlib_map_new_page(env, t->stack_top, &t->ipc_frame);
    }
    if (err == seL4_NoError) {
        err = map_pages_at(env, (seL4_Word)t->block, startup_pages);
    }
    return err;
}

static seL4_Error configure_tcb(struct rootlib_env *env, struct rootlib_thread *t,
                                seL4_Word priority, seL4_CPtr fault_ep)
{
    seL4_Error err = seL4_TCB_Configure(t->tcb, fault_ep, env->cnode, 0, env->vspace, 0,
                                        (seL4_Word)t->ipc_buffer, t->ipc_frame);
    if (err == seL4_NoError) {
        err = seL4_TCB_SetPriority(t->tcb, env->tcb, priority);
    }
    if (err == seL4_NoError) {
        err = seL4_TCB_SetTLSBase(t->tcb, t->tls_base);
    }
    return err;
}

seL4_Error rootlib_thread_create(struct rootlib_env *env, struct rootlib_thread *t,
                                 seL4_Word priority, seL4_CPtr fault_ep, seL4_Word stack_pages)
{
    const struct rootlib_tls *tls = env->tls;
    size_t align = tls->area_align();
    size_t tls_offset = (BLOCK_BYTES + ROOTLIB_THREAD_USER_BYTES + align - 1) & ~(align - 1);

    if (stack_pages == 0) {
        stack_pages = ROOTLIB_THREAD_STACK_PAGES;
    }
    if (stack_pages > 256 || align > ROOTLIB_PAGE_SIZE || (align & (align - 1)) != 0) {
        return seL4_RangeError;
    }
    memset(t, 0, sizeof(*t));
    seL4_Error err =
        map_thread_pages(env, stack_pages, pages_for(tls_offset + tls->area_size()), t);
    if (err == seL4_NoError) {
        err = rootlib_alloc_object(env, seL4_TCBObject, 0, &t->tcb);
    }
    if (err == seL4_NoError) {
        err = rootlib_alloc_object(env, seL4_NotificationObject, 0, &t->done);
    }
    if (err != seL4_NoError) {
        return err;
    }
    t->user = (char *)t->block + BLOCK_BYTES;
    memset(t->user, 0, ROOTLIB_THREAD_USER_BYTES);
    t->tls_base = tls->init((char *)t->block + tls_offset);
    return configure_tcb(env, t, priority, fault_ep);
}

void rootlib_thread_entry_context(struct rootlib_thread *t, rootlib_thread_fn_t *fn, seL4_Word arg,
                                  seL4_UserContext *regs)
{
    *t->block = (struct rootlib_thread_block){
        .fn = fn,
        .arg = arg,
        .tcb = t->tcb,
        .done = t->done,
        .ipc_buffer = t->ipc_buffer,
    };
    memset(regs, 0, sizeof(*regs));
    regs->pc = (seL4_Word)thread_entry;
    regs->sp = t->stack_top;
    regs->r0 = (seL4_Word)t->block;
    regs->tpidruro = t->tls_base;
}

seL4_Error rootlib_thread_start(struct rootlib_thread *t, rootlib_thread_fn_t *fn, seL4_Word arg)
{
    seL4_UserContext regs;
    rootlib_thread_entry_context(t, fn, arg, &regs);
    return seL4_TCB_WriteRegisters(t->tcb, true, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
}

void rootlib_thread_join(struct rootlib_thread *t, seL4_Word *result)
{
    seL4_Wait(t->done, NULL);
    if (result != NULL) {
        *result = t->block->result;
    }
}
