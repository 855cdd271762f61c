/*
 * rootlib's environment (include/rootlib/env.h): the calls that go through
 * an environment's allocator, and rootlib's own allocator, the pool of
 * BootInfo's slots and untypeds kept by slots.c and untyped_pool.c.
 */
#include <stddef.h>
#include <rootlib/env.h>
#include <rootlib/thread.h>

void rootlib_env_init_with(struct rootlib_env *env, seL4_BootInfo *bi,
                           const struct rootlib_allocator *allocator, void *ctx)
{
    env->bi = bi;
    env->cnode = seL4_CapInitThreadCNode;
    env->vspace = seL4_CapInitThreadVSpace;
    env->tcb = seL4_CapInitThreadTCB;
    env->tls = &rootlib_tls_default;
    rootlib_vregion_init(&env->vregion, ROOTLIB_VREGION_BASE, ROOTLIB_VREGION_END);
    env->allocator = allocator;
    env->allocator_ctx = ctx;
}

void rootlib_env_init(struct rootlib_env *env, struct rootlib_pool *pool, seL4_BootInfo *bi)
{
    rootlib_slots_init(&pool->slots, bi->empty.start, bi->empty.end);
    rootlib_untyped_pool_init(&pool->untypeds);
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        rootlib_untyped_pool_add(&pool->untypeds, bi->untyped.start + i, d->paddr, d->sizeBits,
                                 d->isDevice);
    }
    rootlib_env_init_with(env, bi, &rootlib_pool_allocator, pool);
}

seL4_Error rootlib_slot_alloc(struct rootlib_env *env, seL4_CPtr *slot)
{
    return env->allocator->slot_alloc(env, slot);
}

seL4_Error rootlib_slot_free(struct rootlib_env *env, seL4_CPtr slot)
{
    if (env->allocator->slot_free == NULL) {
        return seL4_CNode_Delete(env->cnode, slot, seL4_WordBits);
    }
    return env->allocator->slot_free(env, slot);
}

seL4_Error rootlib_mint(struct rootlib_env *env, seL4_CPtr src, seL4_CapRights_t rights,
                        seL4_Word badge, seL4_CPtr *slot)
{
    seL4_CPtr dest;
    seL4_Error err = rootlib_slot_alloc(env, &dest);
    if (err != seL4_NoError) {
        return err;
    }
    err = seL4_CNode_Mint(env->cnode, dest, seL4_WordBits, env->cnode, src, seL4_WordBits, rights,
                          badge);
    if (err != seL4_NoError) {
        rootlib_slot_free(env, dest);
        return err;
    }
    *slot = dest;
    return seL4_NoError;
}

seL4_Word rootlib_object_size_bits(seL4_Word type, seL4_Word size_bits)
{
    switch (type) {
    case seL4_UntypedObject:
        return size_bits;
    case seL4_TCBObject:
        return seL4_TCBBits;
    case seL4_EndpointObject:
        return seL4_EndpointBits;
    case seL4_NotificationObject:
        return seL4_NotificationBits;
    case seL4_CapTableObject:
        return size_bits + seL4_SlotBits;
    case seL4_ARM_SmallPageObject:
        return seL4_PageBits;
    case seL4_ARM_LargePageObject:
        return seL4_LargePageBits;
    case seL4_ARM_SectionObject:
        return seL4_SectionBits;
    case seL4_ARM_SuperSectionObject:
        return seL4_SuperSectionBits;
    case seL4_ARM_PageTableObject:
        return seL4_PageTableBits;
    case seL4_ARM_PageDirectoryObject:
        return seL4_PageDirBits;
    default:
        return 0;
    }
}

seL4_Error rootlib_alloc_object(struct rootlib_env *env, seL4_Word type, seL4_Word size_bits,
                                seL4_CPtr *cap)
{
    seL4_Word bits = rootlib_object_size_bits(type, size_bits);
    if (bits == 0 || bits >= 32) {
        return seL4_InvalidArgument;
    }
    return env->allocator->object_alloc(env, type, size_bits, cap);
}

seL4_Error rootlib_alloc_device_frame(struct rootlib_env *env, seL4_Word paddr, seL4_CPtr *frame)
{
    return env->allocator->device_frame_alloc(env, paddr & ~(((seL4_Word)1 << seL4_PageBits) - 1),
                                              frame);
}

/* Retype one object from untyped *u into a fresh slot; its watermark moves
 * only if the kernel agreed. */
static seL4_Error retype_from(struct rootlib_env *env, struct rootlib_untyped *u, seL4_Word type,
                              seL4_Word size_bits, seL4_CPtr *cap)
{
    seL4_CPtr slot;
    seL4_Error err = rootlib_slot_alloc(env, &slot);
    if (err != seL4_NoError) {
        return err;
    }
    err = seL4_Untyped_Retype(u->cptr, type, size_bits, env->cnode, 0, 0, slot, 1);
    if (err != seL4_NoError) {
        rootlib_slot_free(env, slot); /* empty: only the bookkeeping changes */
        return err;
    }
    rootlib_untyped_commit(u, rootlib_object_size_bits(type, size_bits));
    *cap = slot;
    return seL4_NoError;
}

seL4_Error rootlib_device_frame_from(struct rootlib_env *env, struct rootlib_untyped *u,
                                     seL4_Word paddr, seL4_CPtr *frame)
{
    uint64_t offset = (uint64_t)paddr - u->paddr;
    for (;;) {
        int bits = rootlib_untyped_padding_bits(u, offset, seL4_PageBits);
        if (bits < 0) {
            return seL4_RevokeFirst;
        }
        if (bits == 0) {
            break;
        }
        /* The padding caps stay in their slots: they keep that memory. */
        seL4_CPtr padding;
        seL4_Error err = retype_from(env, u, seL4_UntypedObject, bits, &padding);
        if (err != seL4_NoError) {
            return err;
        }
    }
    return retype_from(env, u, seL4_ARM_SmallPageObject, 0, frame);
}

seL4_Error rootlib_alloc_vspace(struct rootlib_env *env, seL4_CPtr *pd)
{
    seL4_CPtr new_pd;
    seL4_Error err = rootlib_alloc_object(env, seL4_ARM_PageDirectoryObject, 0, &new_pd);
    if (err == seL4_NoError) {
        err = seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, new_pd);
    }
    if (err == seL4_NoError) {
        *pd = new_pd;
    }
    return err;
}

/* ---- The pool: BootInfo's slots and untypeds ---- */

static seL4_Error pool_slot_alloc(struct rootlib_env *env, seL4_CPtr *slot)
{
    struct rootlib_pool *pool = env->allocator_ctx;
    uintptr_t s;
    if (!rootlib_slots_alloc(&pool->slots, &s)) {
        return seL4_NotEnoughMemory;
    }
    *slot = s;
    return seL4_NoError;
}

static seL4_Error pool_slot_free(struct rootlib_env *env, seL4_CPtr slot)
{
    struct rootlib_pool *pool = env->allocator_ctx;
    if (!rootlib_slots_is_used(&pool->slots, slot)) {
        return seL4_RangeError;
    }
    seL4_Error err = seL4_CNode_Delete(env->cnode, slot, seL4_WordBits);
    if (err == seL4_NoError) {
        rootlib_slots_free(&pool->slots, slot);
    }
    return err;
}

static seL4_Error pool_object_alloc(struct rootlib_env *env, seL4_Word type, seL4_Word size_bits,
                                    seL4_CPtr *cap)
{
    struct rootlib_pool *pool = env->allocator_ctx;
    unsigned index;
    if (!rootlib_untyped_pool_pick(&pool->untypeds, rootlib_object_size_bits(type, size_bits),
                                   &index)) {
        return seL4_NotEnoughMemory;
    }
    return retype_from(env, &pool->untypeds.list[index], type, size_bits, cap);
}

static seL4_Error pool_device_frame_alloc(struct rootlib_env *env, seL4_Word paddr,
                                          seL4_CPtr *frame)
{
    struct rootlib_pool *pool = env->allocator_ctx;
    unsigned index;
    if (!rootlib_untyped_pool_find_device(&pool->untypeds, paddr, &index)) {
        return seL4_RangeError;
    }
    return rootlib_device_frame_from(env, &pool->untypeds.list[index], paddr, frame);
}

const struct rootlib_allocator rootlib_pool_allocator = {
    .slot_alloc = pool_slot_alloc,
    .slot_free = pool_slot_free,
    .object_alloc = pool_object_alloc,
    .device_frame_alloc = pool_device_frame_alloc,
};
