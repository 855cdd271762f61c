/*
 * rootlib's environment (include/rootlib/env.h): BootInfo's resources
 * handed to the bookkeeping in slots.c, untyped_pool.c and vregion.c, and
 * the system calls that turn a slot and an untyped into an object.
 */
#include <rootlib/env.h>
#include <rootlib/thread.h>

void rootlib_env_init(struct rootlib_env *env, seL4_BootInfo *bi)
{
    env->bi = bi;
    env->cnode = seL4_CapInitThreadCNode;
    env->vspace = seL4_CapInitThreadVSpace;
    env->tcb = seL4_CapInitThreadTCB;
    env->tls = &rootlib_tls_default;
    rootlib_slots_init(&env->slots, bi->empty.start, bi->empty.end);
    rootlib_untyped_pool_init(&env->untypeds);
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        rootlib_untyped_pool_add(&env->untypeds, bi->untyped.start + i, d->paddr, d->sizeBits,
                                 d->isDevice);
    }
    rootlib_vregion_init(&env->vregion, ROOTLIB_VREGION_BASE, ROOTLIB_VREGION_END);
}

seL4_Error rootlib_slot_alloc(struct rootlib_env *env, seL4_CPtr *slot)
{
    uintptr_t s;
    if (!rootlib_slots_alloc(&env->slots, &s)) {
        return seL4_NotEnoughMemory;
    }
    *slot = s;
    return seL4_NoError;
}

seL4_Error rootlib_slot_free(struct rootlib_env *env, seL4_CPtr slot)
{
    if (!rootlib_slots_is_used(&env->slots, slot)) {
        return seL4_RangeError;
    }
    seL4_Error err = seL4_CNode_Delete(env->cnode, slot, seL4_WordBits);
    if (err == seL4_NoError) {
        rootlib_slots_free(&env->slots, slot);
    }
    return err;
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

/* Retype one object from untyped `index` of the pool into a fresh slot;
 * the watermark moves only if the kernel agreed. */
static seL4_Error retype_from(struct rootlib_env *env, unsigned index, seL4_Word type,
                              seL4_Word size_bits, seL4_Word object_bits, seL4_CPtr *cap)
{
    seL4_CPtr slot;
    seL4_Error err = rootlib_slot_alloc(env, &slot);
    if (err != seL4_NoError) {
        return err;
    }
    err = seL4_Untyped_Retype(env->untypeds.list[index].cptr, type, size_bits, env->cnode, 0, 0,
                              slot, 1);
    if (err != seL4_NoError) {
        rootlib_slots_free(&env->slots, slot);
        return err;
    }
    rootlib_untyped_pool_commit(&env->untypeds, index, object_bits);
    *cap = slot;
    return seL4_NoError;
}

seL4_Error rootlib_alloc_object(struct rootlib_env *env, seL4_Word type, seL4_Word size_bits,
                                seL4_CPtr *cap)
{
    seL4_Word bits = rootlib_object_size_bits(type, size_bits);
    unsigned index;

    if (bits == 0 || bits >= 32) {
        return seL4_InvalidArgument;
    }
    if (!rootlib_untyped_pool_pick(&env->untypeds, bits, &index)) {
        return seL4_NotEnoughMemory;
    }
    return retype_from(env, index, type, size_bits, bits, cap);
}

seL4_Error rootlib_alloc_device_frame(struct rootlib_env *env, seL4_Word paddr,
                                      seL4_CPtr *frame)
{
    uint64_t page = (uint64_t)paddr & ~(uint64_t)((1u << seL4_PageBits) - 1);
    unsigned index;

    if (!rootlib_untyped_pool_find_device(&env->untypeds, page, &index)) {
        return seL4_RangeError;
    }
    const struct rootlib_untyped *u = &env->untypeds.list[index];
    uint64_t offset = page - u->paddr;
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
        seL4_Error err = retype_from(env, index, seL4_UntypedObject, bits, bits, &padding);
        if (err != seL4_NoError) {
            return err;
        }
    }
    return retype_from(env, index, seL4_ARM_SmallPageObject, 0, seL4_PageBits, frame);
}
