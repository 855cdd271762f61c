/*
 * Tutorial 3 (docs/tutorials/3-untyped.md): untyped memory and retyping.
 * The root task takes a 64 KiB untyped from rootlib, retypes objects from
 * it by hand (mirroring where each lands with rootlib's bookkeeping), runs
 * out of room, then revokes it and retypes the whole of it again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>
#include <rootlib/env.h>

#define CHILD_BITS 16 /* the untyped this tutorial retypes: 64 KiB */

static struct rootlib_pool pool; /* BootInfo's slots and untypeds */
static struct rootlib_env env;
static struct rootlib_untyped_pool mirror; /* one untyped: ours, as the kernel sees it */

static void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        printf("untyped: %s failed with error %d\n", what, (int)err);
        exit(1);
    }
}

/* Retype n objects of a type from `ut` into n fresh consecutive slots of
 * the root CNode; on success, *first is the first slot and *offset where
 * the first object starts in the untyped. */
static seL4_Error retype(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_Word n,
                         seL4_CPtr *first, uint64_t *offset)
{
    uintptr_t slot;
    seL4_Word bits = rootlib_object_size_bits(type, size_bits);
    if (!rootlib_slots_alloc_range(&pool.slots, n, &slot)) {
        return seL4_NotEnoughMemory;
    }
    seL4_Error err =
        seL4_Untyped_Retype(ut, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, n);
    if (err != seL4_NoError) {
        for (seL4_Word i = 0; i < n; i++) {
            rootlib_slots_free(&pool.slots, slot + i);
        }
        return err;
    }
    rootlib_untyped_place(&mirror.list[0], bits, offset);
    for (seL4_Word i = 0; i < n; i++) {
        rootlib_untyped_pool_commit(&mirror, 0, bits);
    }
    *first = slot;
    return seL4_NoError;
}

int main(void)
{
    seL4_CPtr ut, first, slot;
    uint64_t offset;

    rootlib_env_init(&env, &pool, seL4_GetBootInfo());
    check(rootlib_alloc_object(&env, seL4_UntypedObject, CHILD_BITS, &ut), "the untyped");
    rootlib_untyped_pool_init(&mirror);
    rootlib_untyped_pool_add(&mirror, ut, 0, CHILD_BITS, false);
    printf("untyped: rootlib retyped a 2^%d-byte untyped into slot %lu\n", CHILD_BITS,
           (unsigned long)ut);

    check(retype(ut, seL4_EndpointObject, 0, 4, &first, &offset), "4 endpoints");
    printf("untyped: 4 endpoints (2^4 bytes each) into slots [%lu, %lu) at offset 0x%llx\n",
           (unsigned long)first, (unsigned long)first + 4, (unsigned long long)offset);
    check(retype(ut, seL4_TCBObject, 0, 1, &slot, &offset), "a TCB");
    printf("untyped: a TCB (2^10 bytes) at offset 0x%llx: aligned to its size\n",
           (unsigned long long)offset);
    check(retype(ut, seL4_UntypedObject, 15, 1, &slot, &offset), "a 2^15 untyped");
    printf("untyped: a 2^15-byte untyped at offset 0x%llx; used up to 0x%llx of 0x%x\n",
           (unsigned long long)offset, (unsigned long long)mirror.list[0].watermark,
           1u << CHILD_BITS);

    seL4_Error err = retype(ut, seL4_TCBObject, 0, 1, &slot, &offset);
    printf("untyped: one more TCB: error %d (seL4_NotEnoughMemory)\n", (int)err);
    err = retype(ut, seL4_UntypedObject, 3, 1, &slot, &offset);
    printf("untyped: an untyped of 2^3 bytes: error %d (seL4_InvalidArgument: too small)\n",
           (int)err);

    check(seL4_CNode_Revoke(seL4_CapInitThreadCNode, ut, seL4_WordBits), "Revoke");
    err = seL4_CNode_Copy(seL4_CapInitThreadCNode, slot, seL4_WordBits, seL4_CapInitThreadCNode,
                          first, seL4_WordBits, seL4_AllRights);
    printf("untyped: Revoke deleted the children: copying from slot %lu: error %d "
           "(seL4_FailedLookup)\n",
           (unsigned long)first, (int)err);
    mirror.list[0].watermark = 0; /* the kernel starts over once no child is left */
    check(retype(ut, seL4_UntypedObject, CHILD_BITS, 1, &slot, &offset), "the whole untyped");
    printf("untyped: the whole 2^%d bytes retyped again, as one untyped in slot %lu\n", CHILD_BITS,
           (unsigned long)slot);
    return 0;
}
