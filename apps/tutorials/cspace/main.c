/*
 * Tutorial 2 (docs/tutorials/2-cspace.md): capabilities and CSpace
 * addressing. A cptr and a depth name a slot: the kernel resolves the
 * cptr's lowest `depth` bits from the most significant down, each CNode
 * taking its guard bits, then its radix bits. The root task copies caps
 * through the root CNode, then builds two small CNodes (A, guarded, and B
 * below it) and reaches a slot of B by a 12-bit path through A.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>
#include <rootlib/env.h>

static struct rootlib_pool pool; /* BootInfo's slots and untypeds */
static struct rootlib_env env;

static void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        printf("cspace: %s failed with error %d\n", what, (int)err);
        exit(1);
    }
}

static seL4_CPtr new_slot(void)
{
    seL4_CPtr slot;
    check(rootlib_slot_alloc(&env, &slot), "slot allocation");
    return slot;
}

static seL4_CPtr new_object(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr cap;
    check(rootlib_alloc_object(&env, type, size_bits, &cap), "object allocation");
    return cap;
}

/* Copy a cap of the root CNode to (dest_root, dest_index, dest_depth). */
static seL4_Error copy_to(seL4_CPtr dest_root, seL4_Word dest_index, seL4_Word dest_depth,
                          seL4_CPtr src)
{
    return seL4_CNode_Copy(dest_root, dest_index, dest_depth, seL4_CapInitThreadCNode, src,
                           seL4_WordBits, seL4_AllRights);
}

/* Part 1: the root CNode. Its guard takes the bits its radix leaves of a
 * word, so depth 32 (seL4_WordBits) names one of its slots. */
static void root_cnode(seL4_BootInfo *bi)
{
    seL4_Word radix = bi->initThreadCNodeSizeBits;
    printf("cspace: root CNode: guard %lu bits of 0, radix %lu bits: depth %lu names a slot\n",
           (unsigned long)(seL4_WordBits - radix), (unsigned long)radix,
           (unsigned long)seL4_WordBits);

    seL4_CPtr slot = new_slot();
    check(copy_to(seL4_CapInitThreadCNode, slot, seL4_WordBits, seL4_CapInitThreadTCB), "Copy");
    printf("cspace: copied the TCB cap from slot %u to slot %lu, depth 32: ok\n",
           (unsigned)seL4_CapInitThreadTCB, (unsigned long)slot);
    seL4_Error err = copy_to(seL4_CapInitThreadCNode, new_slot(), radix, seL4_CapInitThreadTCB);
    printf("cspace: the same copy with depth %lu: error %d (seL4_FailedLookup)\n",
           (unsigned long)radix, (int)err);
    err = copy_to(seL4_CapInitThreadCNode, slot, seL4_WordBits, seL4_CapInitThreadTCB);
    printf("cspace: a copy into the full slot %lu: error %d (seL4_DeleteFirst)\n",
           (unsigned long)slot, (int)err);
}

/* Part 2: A (16 slots, guard 0xa of 4 bits) in the root CNode, B (16
 * slots, no guard) in A's slot 2, a notification in B's slot 7. */
#define A_GUARD 0xau
#define PATH_TO_B_SLOT(g, i) (((seL4_Word)(g) << 8) | (2u << 4) | (i))

static seL4_CPtr build_two_levels(seL4_CPtr *a_out)
{
    seL4_CPtr a_plain = new_object(seL4_CapTableObject, 4);
    seL4_CPtr b = new_object(seL4_CapTableObject, 4);
    seL4_CPtr a = new_slot();
    check(seL4_CNode_Mint(seL4_CapInitThreadCNode, a, seL4_WordBits, seL4_CapInitThreadCNode,
                          a_plain, seL4_WordBits, seL4_AllRights,
                          seL4_CNode_CapData_new(A_GUARD, 4).words[0]),
          "Mint of A with a guard");
    printf("cspace: CNode A in slot %lu: 16 slots, guard 0x%x (4 bits)\n", (unsigned long)a,
           A_GUARD);
    /* A as the root of the lookup: guard 4 bits + radix 4 bits = depth 8. */
    check(copy_to(a, (A_GUARD << 4) | 2u, 8, b), "Copy of B into A");
    printf("cspace: CNode B in A's slot 2: cptr 0x%x, depth 8 from A\n", (A_GUARD << 4) | 2u);
    *a_out = a;
    return new_object(seL4_NotificationObject, 0);
}

static void two_levels(void)
{
    seL4_CPtr a;
    seL4_CPtr ntfn = build_two_levels(&a);

    check(copy_to(a, PATH_TO_B_SLOT(A_GUARD, 7), 12, ntfn), "Copy into B");
    printf("cspace: notification copied to B's slot 7: cptr 0x%lx, depth 12 from A\n",
           (unsigned long)PATH_TO_B_SLOT(A_GUARD, 7));

    /* Back into the root CNode, where the thread can invoke it: minted with
     * a badge, which a Signal through it ORs into the notification's word. */
    seL4_CPtr back = new_slot();
    check(seL4_CNode_Mint(seL4_CapInitThreadCNode, back, seL4_WordBits, a,
                          PATH_TO_B_SLOT(A_GUARD, 7), 12, seL4_AllRights, 5),
          "Mint out of B");
    seL4_Signal(back);
    seL4_Word word;
    seL4_Poll(ntfn, &word);
    printf("cspace: minted back to slot %lu with badge 5, signalled: the word is %lu\n",
           (unsigned long)back, (unsigned long)word);

    seL4_Error err = copy_to(a, PATH_TO_B_SLOT(0xb, 8), 12, ntfn);
    printf("cspace: the path with guard 0xb instead of 0xa: error %d (seL4_FailedLookup)\n",
           (int)err);
    check(seL4_CNode_Delete(a, PATH_TO_B_SLOT(A_GUARD, 7), 12), "Delete in B");
    err = seL4_CNode_Copy(seL4_CapInitThreadCNode, new_slot(), seL4_WordBits, a,
                          PATH_TO_B_SLOT(A_GUARD, 7), 12, seL4_AllRights);
    printf("cspace: deleted B's slot 7; copying from it: error %d (seL4_FailedLookup)\n", (int)err);
}

int main(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    rootlib_env_init(&env, &pool, bi);
    root_cnode(bi);
    two_levels();
    return 0;
}
