/*
 * Tests of ASID control and ASID pools (seL4 manual, "ASIDControl_MakePool"
 * and "ASIDPool_Assign"; seL4's aarch32 errors): a page directory becomes a
 * usable VSpace once a pool gives it an ASID, and pools are made from 4 KiB
 * untypeds, at most 2^7 of them.
 */
#include "keeltest.h"

#define POOLS (1u << seL4_NumASIDPoolsBits)

static seL4_Error make_pool(struct test_env *env, seL4_CPtr untyped, seL4_CPtr dest)
{
    return seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, untyped, env->cnode, dest,
                                         ROOT_DEPTH);
}

/* A page directory from `pool`, with a page table and a frame mapped. */
static void check_usable_vspace(struct test_env *env, seL4_CPtr pool)
{
    seL4_CPtr pd = test_retype(env, seL4_ARM_PageDirectoryObject, 0);
    seL4_CPtr pt = test_retype(env, seL4_ARM_PageTableObject, 0);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word v = test_vaddr(env, 0);

    CHECK_ERR(seL4_ARM_PageTable_Map(pt, pd, v, seL4_ARM_Default_VMAttributes),
              seL4_InvalidCapability);
    CHECK_OK(seL4_ARM_ASIDPool_Assign(pool, pd));
    CHECK_OK(seL4_ARM_PageTable_Map(pt, pd, v, seL4_ARM_Default_VMAttributes));
    CHECK_OK(seL4_ARM_Page_Map(frame, pd, v, seL4_ReadWrite, seL4_ARM_Default_VMAttributes));
}

KEEL_TEST(asid_pool_assign_gives_a_usable_vspace,
          "ASIDPool_Assign lets a new page directory take page tables and frames")
{
    check_usable_vspace(env, seL4_CapInitThreadASIDPool);
}

KEEL_TEST(asid_pool_assign_twice_is_invalid_capability,
          "a page directory that already has an ASID cannot be assigned again: cap 1")
{
    seL4_CPtr pd = test_assigned_page_directory(env);
    CHECK_ERR(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pd), seL4_InvalidCapability);
    CHECK_MR(0, 1);
    CHECK_ERR(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, seL4_CapInitThreadVSpace),
              seL4_InvalidCapability);
}

KEEL_TEST(asid_pool_assign_non_page_directory_is_invalid_capability,
          "Assign of a page table, an endpoint or an empty slot is InvalidCapability, cap 1")
{
    seL4_CPtr pt = test_retype(env, seL4_ARM_PageTableObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pt), seL4_InvalidCapability);
    CHECK_MR(0, 1);
    CHECK_ERR(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, ep), seL4_InvalidCapability);
    CHECK_ERR(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, test_slot(env)),
              seL4_InvalidCapability);
}

KEEL_TEST(asid_pool_malformed_invocations,
          "ASIDPool without the PD cap is TruncatedMessage; another label is IllegalOperation")
{
    seL4_CPtr pd = test_retype(env, seL4_ARM_PageDirectoryObject, 0);
    seL4_CPtr caps[1] = { pd };
    CHECK_ERR(raw_invoke(seL4_CapInitThreadASIDPool, ARMASIDPoolAssign, 0, NULL, 0, caps),
              seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(seL4_CapInitThreadASIDPool, ARMASIDControlMakePool, 0, NULL, 1, caps),
              seL4_IllegalOperation);
    CHECK_OK(raw_invoke(seL4_CapInitThreadASIDPool, ARMASIDPoolAssign, 0, NULL, 1, caps));
}

KEEL_TEST(asid_control_make_pool_then_assign,
          "ASIDControl_MakePool turns a 4 KiB untyped into a pool that assigns ASIDs")
{
    seL4_CPtr ut = test_untyped(env, seL4_ASIDPoolBits);
    seL4_CPtr pool = test_slot(env);
    CHECK_OK(make_pool(env, ut, pool));
    CHECK_CAP(pool, CAP_TAG_ASID_POOL);
    check_usable_vspace(env, pool);
}

KEEL_TEST(asid_control_make_pool_needs_a_4k_ram_untyped,
          "MakePool from a wrong-sized, device or non-untyped cap is InvalidCapability, cap 1")
{
    seL4_CPtr big = test_untyped(env, seL4_ASIDPoolBits + 1);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word index;
    seL4_CPtr dev = test_find_device_untyped(env, seL4_ASIDPoolBits, &index);
    seL4_CPtr dev_4k = test_retype_from(env, dev, seL4_UntypedObject, seL4_ASIDPoolBits);
    seL4_CPtr dest = test_slot(env);

    CHECK_ERR(make_pool(env, big, dest), seL4_InvalidCapability);
    CHECK_MR(0, 1);
    CHECK_ERR(make_pool(env, frame, dest), seL4_InvalidCapability);
    CHECK_MR(0, 1);
    CHECK_ERR(make_pool(env, dev_4k, dest), seL4_InvalidCapability);
    CHECK_MR(0, 1);
    CHECK_CAP(dest, CAP_TAG_NULL);
}

KEEL_TEST(asid_control_make_pool_from_used_untyped_is_revoke_first,
          "MakePool from an untyped that has objects is RevokeFirst")
{
    seL4_CPtr ut = test_untyped(env, seL4_ASIDPoolBits);
    test_retype_from(env, ut, seL4_EndpointObject, 0);
    CHECK_ERR(make_pool(env, ut, test_slot(env)), seL4_RevokeFirst);
}

KEEL_TEST(asid_control_make_pool_destination_errors,
          "MakePool into an occupied slot is DeleteFirst; with depth 0 RangeError [1, 32]")
{
    seL4_CPtr ut = test_untyped(env, seL4_ASIDPoolBits);
    seL4_CPtr busy = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(make_pool(env, ut, busy), seL4_DeleteFirst);
    CHECK_ERR(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, ut, env->cnode, test_slot(env), 0),
              seL4_RangeError);
    CHECK_RANGE(1, seL4_WordBits);
    /* the untyped was not used */
    CHECK_OK(make_pool(env, ut, test_slot(env)));
}

KEEL_TEST(asid_control_malformed_invocations,
          "MakePool short of words or caps is TruncatedMessage; other labels IllegalOperation")
{
    seL4_CPtr ut = test_untyped(env, seL4_ASIDPoolBits);
    seL4_Word mrs[2] = { test_slot(env), ROOT_DEPTH };
    seL4_CPtr caps[2] = { ut, env->cnode };
    CHECK_ERR(raw_invoke(seL4_CapASIDControl, ARMASIDControlMakePool, 1, mrs, 2, caps),
              seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(seL4_CapASIDControl, ARMASIDControlMakePool, 2, mrs, 1, caps),
              seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(seL4_CapASIDControl, ARMASIDPoolAssign, 2, mrs, 2, caps),
              seL4_IllegalOperation);
    CHECK_CAP(mrs[0], CAP_TAG_NULL);
}

KEEL_TEST(asid_control_runs_out_of_pools,
          "at most 2^7 ASID pools exist: MakePool then fails with DeleteFirst until one is deleted")
{
    seL4_CPtr last = 0;
    unsigned made = 0;
    seL4_Error err = seL4_NoError;

    while (made < POOLS) {
        seL4_CPtr ut = test_untyped(env, seL4_ASIDPoolBits);
        seL4_CPtr dest = test_slot(env);
        err = make_pool(env, ut, dest);
        if (err != seL4_NoError) {
            break;
        }
        last = dest;
        made++;
    }
    CHECK_ERR(err, seL4_DeleteFirst);
    /* the root task's pool is one of them */
    CHECK(made >= 1 && made <= POOLS - 1);
    CHECK_OK(seL4_CNode_Delete(env->cnode, last, ROOT_DEPTH));
    CHECK_OK(make_pool(env, test_untyped(env, seL4_ASIDPoolBits), test_slot(env)));
}

KEEL_TEST(asid_pool_delete_invalidates_its_vspaces,
          "deleting a pool removes its ASIDs: its page directories cannot take mappings")
{
    seL4_CPtr ut = test_untyped(env, seL4_ASIDPoolBits);
    seL4_CPtr pool = test_slot(env);
    CHECK_OK(make_pool(env, ut, pool));
    seL4_CPtr pd = test_retype(env, seL4_ARM_PageDirectoryObject, 0);
    seL4_CPtr pt = test_retype(env, seL4_ARM_PageTableObject, 0);
    CHECK_OK(seL4_ARM_ASIDPool_Assign(pool, pd));
    CHECK_OK(seL4_CNode_Delete(env->cnode, pool, ROOT_DEPTH));
    CHECK_ERR(seL4_ARM_PageTable_Map(pt, pd, test_vaddr(env, 0), seL4_ARM_Default_VMAttributes),
              seL4_FailedLookup);
    CHECK_MR(0, 0);
}
