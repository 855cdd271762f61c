/*
 * Tests of the CNode invocations (seL4 manual, "CNode" methods and
 * "Capability Derivation Tree"): Copy, Mint, Move, Mutate, Rotate, Delete,
 * Revoke, SaveCaller and CancelBadgedSends, their errors, and the CSpace
 * addressing (guards, depths, lookup failures) their arguments go through.
 */
#include "keeltest.h"

/* seL4_CNode_* with both slots in the root CNode. */
static seL4_Error copy(struct test_env *env, seL4_CPtr dest, seL4_CPtr src, seL4_CapRights_t r)
{
    return seL4_CNode_Copy(env->cnode, dest, ROOT_DEPTH, env->cnode, src, ROOT_DEPTH, r);
}

static seL4_Error mint(struct test_env *env, seL4_CPtr dest, seL4_CPtr src, seL4_CapRights_t r,
                       seL4_Word badge)
{
    return seL4_CNode_Mint(env->cnode, dest, ROOT_DEPTH, env->cnode, src, ROOT_DEPTH, r, badge);
}

static seL4_Error move(struct test_env *env, seL4_CPtr dest, seL4_CPtr src)
{
    return seL4_CNode_Move(env->cnode, dest, ROOT_DEPTH, env->cnode, src, ROOT_DEPTH);
}

static seL4_Error mutate(struct test_env *env, seL4_CPtr dest, seL4_CPtr src, seL4_Word badge)
{
    return seL4_CNode_Mutate(env->cnode, dest, ROOT_DEPTH, env->cnode, src, ROOT_DEPTH, badge);
}

static seL4_Error rotate(struct test_env *env, seL4_CPtr dest, seL4_CPtr pivot, seL4_CPtr src)
{
    return seL4_CNode_Rotate(env->cnode, dest, ROOT_DEPTH, 0, env->cnode, pivot, ROOT_DEPTH, 0,
                             env->cnode, src, ROOT_DEPTH);
}

static seL4_Error delete (struct test_env *env, seL4_CPtr slot)
{
    return seL4_CNode_Delete(env->cnode, slot, ROOT_DEPTH);
}

static seL4_Error revoke(struct test_env *env, seL4_CPtr slot)
{
    return seL4_CNode_Revoke(env->cnode, slot, ROOT_DEPTH);
}

static seL4_Error cancel_badged_sends(struct test_env *env, seL4_CPtr slot)
{
    return seL4_CNode_CancelBadgedSends(env->cnode, slot, ROOT_DEPTH);
}

/* Whether the untyped at ut has children: a copy of an untyped is only
 * allowed while it has none (seL4 deriveCap: RevokeFirst otherwise). */
static bool untyped_has_children(struct test_env *env, seL4_CPtr ut)
{
    seL4_CPtr probe = test_slot(env);
    seL4_Error err = copy(env, probe, ut, seL4_AllRights);
    if (err == seL4_NoError) {
        CHECK_OK(delete (env, probe));
        return false;
    }
    if (err != seL4_RevokeFirst) {
        TEST_FAIL("copying untyped slot %u: %s", (unsigned)ut, error_name(err));
    }
    return true;
}

/* A root CNode cap without a guard, so that a CPtr can go on into a CNode
 * stored in one of its slots: index (slot << radix) | child_slot at depth
 * 13 + radix (the root task's own CNode cap has a 19-bit guard and
 * resolves all 32 bits in one level). */
static seL4_CPtr unguarded_root(struct test_env *env)
{
    seL4_CPtr r = test_slot(env);
    CHECK_OK(seL4_CNode_Mint(env->cnode, r, ROOT_DEPTH, env->cnode, seL4_CapInitThreadCNode,
                             ROOT_DEPTH, seL4_AllRights, seL4_CNode_CapData_new(0, 0).words[0]));
    return r;
}

/* ---- Copy ---- */

KEEL_TEST(cnode_copy_makes_a_second_cap,
          "CNode_Copy puts a cap to the same object in the destination and keeps the source")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr dest = test_slot(env);
    CHECK_OK(copy(env, dest, ep, seL4_AllRights));
    CHECK_CAP(dest, CAP_TAG_ENDPOINT);
    CHECK_CAP(ep, CAP_TAG_ENDPOINT);
}

KEEL_TEST(cnode_copy_into_occupied_slot_is_delete_first,
          "CNode_Copy refuses a destination slot that holds a cap")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    CHECK_ERR(copy(env, ntfn, ep, seL4_AllRights), seL4_DeleteFirst);
    CHECK_CAP(ntfn, CAP_TAG_NOTIFICATION);
}

KEEL_TEST(cnode_copy_from_empty_slot_is_failed_lookup,
          "CNode_Copy from an empty slot is FailedLookup on the source, missing capability")
{
    seL4_CPtr empty = test_slot(env);
    CHECK_ERR(copy(env, test_slot(env), empty, seL4_AllRights), seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(1, seL4_MissingCapability);
    CHECK_MR(2, ROOT_DEPTH); /* bits left: the source depth */
}

KEEL_TEST(cnode_copy_bad_depth_is_range_error,
          "a source or destination depth of 0 or above 32 is RangeError [1, 32]")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr dest = test_slot(env);
    CHECK_ERR(seL4_CNode_Copy(env->cnode, dest, 0, env->cnode, ep, ROOT_DEPTH, seL4_AllRights),
              seL4_RangeError);
    CHECK_RANGE(1, seL4_WordBits);
    CHECK_ERR(seL4_CNode_Copy(env->cnode, dest, ROOT_DEPTH + 1, env->cnode, ep, ROOT_DEPTH,
                              seL4_AllRights),
              seL4_RangeError);
    CHECK_RANGE(1, seL4_WordBits);
    CHECK_ERR(seL4_CNode_Copy(env->cnode, dest, ROOT_DEPTH, env->cnode, ep, 0, seL4_AllRights),
              seL4_RangeError);
    CHECK_RANGE(1, seL4_WordBits);
    CHECK_CAP(dest, CAP_TAG_NULL);
}

KEEL_TEST(cnode_copy_source_root_not_a_cnode_is_failed_lookup,
          "a source root that is not a CNode cap is FailedLookup, invalid root")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(seL4_CNode_Copy(env->cnode, test_slot(env), ROOT_DEPTH, ep, ep, ROOT_DEPTH,
                              seL4_AllRights),
              seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(1, seL4_InvalidRoot);
}

KEEL_TEST(cnode_lookup_depth_mismatch_is_reported,
          "a depth ending inside a CNode level is FailedLookup, depth mismatch (bits left, found)")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    /* The root CNode cap resolves 19 guard bits plus 13 radix bits at once:
     * 20 bits pass the guard but cannot resolve the level. */
    CHECK_ERR(seL4_CNode_Copy(env->cnode, test_slot(env), ROOT_DEPTH, env->cnode, 1, 20,
                              seL4_AllRights),
              seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(1, seL4_DepthMismatch);
    CHECK_MR(2, 20);
    CHECK_MR(3, ROOT_DEPTH);
    /* Through an unguarded root: 17 bits, but the first 13 end at an
     * endpoint, leaving 4 unresolved. */
    seL4_CPtr r = unguarded_root(env);
    CHECK_ERR(seL4_CNode_Copy(env->cnode, test_slot(env), ROOT_DEPTH, r, (ep << 4) | 3, 17,
                              seL4_AllRights),
              seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(1, seL4_DepthMismatch);
    CHECK_MR(2, 4);
    CHECK_MR(3, 0);
}

KEEL_TEST(cnode_lookup_guard_mismatch_is_reported,
          "a CPtr not matching a guard is FailedLookup, guard mismatch (bits left, guard, size)")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(seL4_CNode_Copy(env->cnode, test_slot(env), ROOT_DEPTH, env->cnode, 0x80000000u | ep,
                              ROOT_DEPTH, seL4_AllRights),
              seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(1, seL4_GuardMismatch);
    CHECK_MR(2, ROOT_DEPTH);
    CHECK_MR(3, 0);
    CHECK_MR(4, ROOT_DEPTH - CONFIG_ROOT_CNODE_SIZE_BITS);
    /* fewer bits than the guard itself */
    CHECK_ERR(seL4_CNode_Copy(env->cnode, test_slot(env), ROOT_DEPTH, env->cnode, 0, 10,
                              seL4_AllRights),
              seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(1, seL4_GuardMismatch);
    CHECK_MR(2, 10);
}

KEEL_TEST(cnode_copy_untyped_with_children_is_revoke_first,
          "an untyped that has objects cannot be copied: RevokeFirst")
{
    seL4_CPtr ut = test_untyped(env, 12);
    seL4_CPtr dest = test_slot(env);
    CHECK_OK(copy(env, dest, ut, seL4_AllRights));
    CHECK_OK(delete (env, dest));
    test_retype_from(env, ut, seL4_EndpointObject, 0);
    CHECK_ERR(copy(env, dest, ut, seL4_AllRights), seL4_RevokeFirst);
    CHECK_CAP(dest, CAP_TAG_NULL);
}

KEEL_TEST(cnode_copy_irq_control_is_illegal_operation,
          "IRQControl cannot be copied: IllegalOperation")
{
    seL4_CPtr dest = test_slot(env);
    CHECK_ERR(copy(env, dest, seL4_CapIRQControl, seL4_AllRights), seL4_IllegalOperation);
    CHECK_CAP(dest, CAP_TAG_NULL);
}

KEEL_TEST(cnode_copy_unmapped_page_table_is_illegal_operation,
          "page tables and page directories can be copied only once mapped (seL4 aarch32)")
{
    seL4_CPtr pt = test_retype(env, seL4_ARM_PageTableObject, 0);
    seL4_CPtr pd = test_retype(env, seL4_ARM_PageDirectoryObject, 0);
    seL4_CPtr dest = test_slot(env);
    CHECK_ERR(copy(env, dest, pt, seL4_AllRights), seL4_IllegalOperation);
    CHECK_ERR(copy(env, dest, pd, seL4_AllRights), seL4_IllegalOperation);
    CHECK_OK(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pd));
    CHECK_OK(copy(env, dest, pd, seL4_AllRights));
    CHECK_CAP(dest, CAP_TAG_PAGE_DIRECTORY);
}

KEEL_TEST(cnode_copy_of_initial_caps,
          "the root task's TCB, CNode, VSpace and ASID control caps can be copied")
{
    static const struct {
        seL4_CPtr slot;
        seL4_Word tag;
    } initial[] = {
        { seL4_CapInitThreadTCB, CAP_TAG_THREAD },
        { seL4_CapInitThreadCNode, CAP_TAG_CNODE },
        { seL4_CapInitThreadVSpace, CAP_TAG_PAGE_DIRECTORY },
        { seL4_CapASIDControl, CAP_TAG_ASID_CONTROL },
        { seL4_CapInitThreadASIDPool, CAP_TAG_ASID_POOL },
        { seL4_CapDomain, CAP_TAG_DOMAIN },
    };
    for (unsigned i = 0; i < sizeof(initial) / sizeof(initial[0]); i++) {
        seL4_CPtr dest = test_copy(env, initial[i].slot, seL4_AllRights);
        CHECK_CAP(initial[i].slot, initial[i].tag);
        CHECK_CAP(dest, initial[i].tag);
    }
}

/* ---- Mint ---- */

KEEL_TEST(cnode_mint_badges_an_endpoint_once,
          "CNode_Mint sets an endpoint's badge; minting a badged cap again is IllegalOperation")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr badged = test_mint(env, ep, seL4_AllRights, 42);
    CHECK_CAP(badged, CAP_TAG_ENDPOINT);
    seL4_CPtr dest = test_slot(env);
    CHECK_ERR(mint(env, dest, badged, seL4_AllRights, 43), seL4_IllegalOperation);
    CHECK_CAP(dest, CAP_TAG_NULL);
    /* an unbadged cap can still be minted with another badge */
    CHECK_OK(mint(env, dest, ep, seL4_AllRights, 43));
    /* and a badged one copied */
    CHECK_OK(copy(env, test_slot(env), badged, seL4_AllRights));
}

KEEL_TEST(cnode_mint_badges_a_notification_once,
          "CNode_Mint sets a notification's badge; a badged one cannot be re-badged")
{
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr badged = test_mint(env, ntfn, seL4_AllRights, 0x5);
    CHECK_CAP(badged, CAP_TAG_NOTIFICATION);
    CHECK_ERR(mint(env, test_slot(env), badged, seL4_AllRights, 0x6), seL4_IllegalOperation);
}

KEEL_TEST(cnode_mint_cannot_add_rights,
          "rights only shrink: a cap minted without Write stays without it when copied with all")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    /* CancelBadgedSends needs every right on the endpoint cap, which makes
     * a cap's rights visible from user level. */
    seL4_CPtr full = test_mint(env, ep, seL4_AllRights, 7);
    CHECK_OK(cancel_badged_sends(env, full));
    seL4_CPtr weak = test_mint(env, ep, seL4_NoWrite, 7);
    CHECK_ERR(cancel_badged_sends(env, weak), seL4_IllegalOperation);
    seL4_CPtr again = test_copy(env, weak, seL4_AllRights);
    CHECK_ERR(cancel_badged_sends(env, again), seL4_IllegalOperation);
}

KEEL_TEST(cnode_mint_sets_a_cnode_guard,
          "minting a CNode cap sets its guard; a guard that overflows 32 bits is IllegalOperation")
{
    seL4_CPtr dest = test_slot(env);
    seL4_Word too_wide = ROOT_DEPTH - CONFIG_ROOT_CNODE_SIZE_BITS + 1;
    CHECK_ERR(mint(env, dest, seL4_CapInitThreadCNode, seL4_AllRights,
                   seL4_CNode_CapData_new(0, too_wide).words[0]),
              seL4_IllegalOperation);
    CHECK_CAP(dest, CAP_TAG_NULL);
    /* a guard of 0b101 in 3 bits: CPtrs through it must start with it */
    CHECK_OK(mint(env, dest, seL4_CapInitThreadCNode, seL4_AllRights,
                  seL4_CNode_CapData_new(5, 3).words[0]));
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr target = test_slot(env);
    CHECK_OK(
        seL4_CNode_Copy(dest, (5u << 13) | target, 16, env->cnode, ep, ROOT_DEPTH, seL4_AllRights));
    CHECK_CAP(target, CAP_TAG_ENDPOINT);
    CHECK_ERR(seL4_CNode_Copy(dest, (4u << 13) | target, 16, env->cnode, ep, ROOT_DEPTH,
                              seL4_AllRights),
              seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(0, seL4_GuardMismatch);
    CHECK_MR(3, 5);
    CHECK_MR(4, 3);
}

KEEL_TEST(cnode_two_level_addressing,
          "through an unguarded root, a CPtr goes on into a CNode held in a slot")
{
    seL4_CPtr r = unguarded_root(env);
    seL4_CPtr child = test_retype(env, seL4_CapTableObject, 4);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_Word inner = (child << 4) | 9;
    CHECK_OK(seL4_CNode_Copy(r, inner, CONFIG_ROOT_CNODE_SIZE_BITS + 4, env->cnode, ep, ROOT_DEPTH,
                             seL4_AllRights));
    seL4_CPtr back = test_slot(env);
    CHECK_OK(
        seL4_CNode_Move(env->cnode, back, ROOT_DEPTH, r, inner, CONFIG_ROOT_CNODE_SIZE_BITS + 4));
    CHECK_CAP(back, CAP_TAG_ENDPOINT);
    /* the child's slot is empty again */
    CHECK_ERR(seL4_CNode_Move(env->cnode, test_slot(env), ROOT_DEPTH, child, 9, 4),
              seL4_FailedLookup);
}

/* ---- Move and Mutate ---- */

KEEL_TEST(cnode_move_moves_the_cap,
          "CNode_Move leaves the source empty and the cap in the destination")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr dest = test_slot(env);
    CHECK_OK(move(env, dest, ep));
    CHECK_CAP(ep, CAP_TAG_NULL);
    CHECK_CAP(dest, CAP_TAG_ENDPOINT);
}

KEEL_TEST(cnode_move_errors,
          "CNode_Move into an occupied slot is DeleteFirst; from an empty one, FailedLookup")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    CHECK_ERR(move(env, ntfn, ep), seL4_DeleteFirst);
    CHECK_CAP(ep, CAP_TAG_ENDPOINT);
    CHECK_ERR(move(env, test_slot(env), test_slot(env)), seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(1, seL4_MissingCapability);
}

KEEL_TEST(cnode_move_keeps_the_derivation,
          "a moved cap is still a child of its untyped: revoking the untyped deletes it")
{
    seL4_CPtr ut = test_untyped(env, 12);
    seL4_CPtr ep = test_retype_from(env, ut, seL4_EndpointObject, 0);
    seL4_CPtr dest = test_slot(env);
    CHECK_OK(move(env, dest, ep));
    CHECK_OK(revoke(env, ut));
    CHECK_CAP(dest, CAP_TAG_NULL);
    CHECK(!untyped_has_children(env, ut));
}

KEEL_TEST(cnode_move_of_an_untyped_with_children_is_allowed,
          "unlike Copy, Move takes an untyped with children along")
{
    seL4_CPtr ut = test_untyped(env, 12);
    test_retype_from(env, ut, seL4_EndpointObject, 0);
    seL4_CPtr dest = test_slot(env);
    CHECK_OK(move(env, dest, ut));
    CHECK(untyped_has_children(env, dest));
}

KEEL_TEST(cnode_mutate_sets_a_cnode_guard_while_moving,
          "CNode_Mutate moves a CNode cap and gives it a new guard")
{
    seL4_CPtr src = test_copy(env, seL4_CapInitThreadCNode, seL4_AllRights);
    seL4_CPtr dest = test_slot(env);
    CHECK_OK(mutate(env, dest, src, seL4_CNode_CapData_new(0, 0).words[0]));
    CHECK_CAP(src, CAP_TAG_NULL);
    CHECK_CAP(dest, CAP_TAG_CNODE);
    /* unguarded now: a 13-bit index names a slot */
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr target = test_slot(env);
    CHECK_OK(seL4_CNode_Copy(dest, target, CONFIG_ROOT_CNODE_SIZE_BITS, env->cnode, ep, ROOT_DEPTH,
                             seL4_AllRights));
    CHECK_CAP(target, CAP_TAG_ENDPOINT);
}

KEEL_TEST(cnode_mutate_endpoint_is_illegal_operation,
          "an endpoint's badge cannot be set by Mutate: IllegalOperation, nothing moves")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr dest = test_slot(env);
    CHECK_ERR(mutate(env, dest, ep, 5), seL4_IllegalOperation);
    CHECK_CAP(ep, CAP_TAG_ENDPOINT);
    CHECK_CAP(dest, CAP_TAG_NULL);
}

KEEL_TEST(cnode_mutate_moves_caps_without_data,
          "Mutate of a cap that takes no data (a frame, an untyped) is a move")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr dest = test_slot(env);
    CHECK_OK(mutate(env, dest, frame, 0x1234));
    CHECK_CAP(frame, CAP_TAG_NULL);
    CHECK_CAP(dest, CAP_TAG_SMALL_FRAME);
}

KEEL_TEST(cnode_mutate_errors,
          "CNode_Mutate into an occupied slot is DeleteFirst; from an empty slot FailedLookup")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr busy = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(mutate(env, busy, frame, 0), seL4_DeleteFirst);
    CHECK_ERR(mutate(env, test_slot(env), test_slot(env), 0), seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(1, seL4_MissingCapability);
}

/* ---- Rotate ---- */

KEEL_TEST(cnode_rotate_moves_two_caps,
          "Rotate moves pivot to destination and source to pivot, leaving the source empty")
{
    seL4_CPtr src = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr pivot = test_retype(env, seL4_CapTableObject, 2);
    seL4_CPtr dest = test_slot(env);
    CHECK_OK(rotate(env, dest, pivot, src));
    CHECK_CAP(dest, CAP_TAG_CNODE);
    CHECK_CAP(pivot, CAP_TAG_SMALL_FRAME);
    CHECK_CAP(src, CAP_TAG_NULL);
}

KEEL_TEST(cnode_rotate_with_destination_equal_to_source_swaps,
          "Rotate with destination = source swaps the two caps")
{
    seL4_CPtr a = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr b = test_untyped(env, 12);
    CHECK_OK(rotate(env, a, b, a));
    CHECK_CAP(a, CAP_TAG_UNTYPED);
    CHECK_CAP(b, CAP_TAG_SMALL_FRAME);
}

KEEL_TEST(cnode_rotate_pivot_equal_to_source_or_destination_is_illegal_operation,
          "Rotate refuses a pivot that is the source or the destination")
{
    seL4_CPtr a = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr dest = test_slot(env);
    CHECK_ERR(rotate(env, dest, a, a), seL4_IllegalOperation);
    seL4_CPtr b = test_retype(env, seL4_ARM_SmallPageObject, 0);
    CHECK_ERR(rotate(env, b, b, a), seL4_IllegalOperation);
    CHECK_CAP(a, CAP_TAG_SMALL_FRAME);
    CHECK_CAP(b, CAP_TAG_SMALL_FRAME);
    CHECK_CAP(dest, CAP_TAG_NULL);
}

KEEL_TEST(cnode_rotate_into_occupied_destination_is_delete_first,
          "Rotate into an occupied destination (not the source) is DeleteFirst")
{
    seL4_CPtr src = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr pivot = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr dest = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(rotate(env, dest, pivot, src), seL4_DeleteFirst);
    CHECK_CAP(dest, CAP_TAG_ENDPOINT);
}

KEEL_TEST(cnode_rotate_empty_source_or_pivot_is_failed_lookup,
          "Rotate with an empty source (source side) or pivot (not source) is FailedLookup")
{
    seL4_CPtr full = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr empty = test_slot(env);
    CHECK_ERR(rotate(env, test_slot(env), full, empty), seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(1, seL4_MissingCapability);
    CHECK_ERR(rotate(env, test_slot(env), empty, full), seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(0, seL4_MissingCapability);
    CHECK_CAP(full, CAP_TAG_SMALL_FRAME);
}

KEEL_TEST(cnode_rotate_endpoints_is_illegal_operation,
          "Rotate may not (re)badge endpoints: IllegalOperation, nothing moves")
{
    seL4_CPtr src = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr pivot = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr dest = test_slot(env);
    CHECK_ERR(rotate(env, dest, pivot, src), seL4_IllegalOperation);
    CHECK_CAP(src, CAP_TAG_ENDPOINT);
    CHECK_CAP(pivot, CAP_TAG_SMALL_FRAME);
    CHECK_CAP(dest, CAP_TAG_NULL);
}

KEEL_TEST(cnode_rotate_truncated_message,
          "Rotate with fewer than 8 words or 2 extra caps is TruncatedMessage")
{
    seL4_Word mrs[8] = { test_slot(env), ROOT_DEPTH, 0, test_slot(env), ROOT_DEPTH, 0,
                         test_slot(env), ROOT_DEPTH };
    seL4_CPtr caps[2] = { env->cnode, env->cnode };
    CHECK_ERR(raw_invoke(env->cnode, CNodeRotate, 7, mrs, 2, caps), seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(env->cnode, CNodeRotate, 8, mrs, 1, caps), seL4_TruncatedMessage);
}

/* ---- Delete and Revoke ---- */

KEEL_TEST(cnode_delete_empties_the_slot,
          "CNode_Delete removes the cap; deleting an empty slot succeeds")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_OK(delete (env, ep));
    CHECK_CAP(ep, CAP_TAG_NULL);
    CHECK_OK(delete (env, ep));
}

KEEL_TEST(cnode_delete_bad_depth_is_range_error,
          "CNode_Delete with depth 0 or over 32 is RangeError [1, 32]")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(seL4_CNode_Delete(env->cnode, ep, 0), seL4_RangeError);
    CHECK_RANGE(1, seL4_WordBits);
    CHECK_ERR(seL4_CNode_Delete(env->cnode, ep, ROOT_DEPTH + 1), seL4_RangeError);
    CHECK_CAP(ep, CAP_TAG_ENDPOINT);
}

KEEL_TEST(cnode_delete_last_cnode_cap_deletes_its_contents,
          "deleting the last cap to a CNode deletes the caps inside it")
{
    seL4_CPtr ut = test_untyped(env, 12);
    seL4_CPtr child = test_retype(env, seL4_CapTableObject, 2);
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, env->cnode, child, ROOT_DEPTH, 1, 2));
    CHECK(untyped_has_children(env, ut));
    CHECK_OK(delete (env, child));
    CHECK_CAP(child, CAP_TAG_NULL);
    CHECK(!untyped_has_children(env, ut));
}

KEEL_TEST(cnode_delete_of_a_copy_leaves_the_object,
          "deleting one of two caps to a CNode keeps the CNode and its contents")
{
    seL4_CPtr ut = test_untyped(env, 12);
    seL4_CPtr child = test_retype(env, seL4_CapTableObject, 2);
    seL4_CPtr other = test_copy(env, child, seL4_AllRights);
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, env->cnode, child, ROOT_DEPTH, 0, 1));
    CHECK_OK(delete (env, child));
    CHECK(untyped_has_children(env, ut));
    seL4_CPtr back = test_slot(env);
    CHECK_OK(seL4_CNode_Move(env->cnode, back, ROOT_DEPTH, other, 0, 2));
    CHECK_CAP(back, CAP_TAG_ENDPOINT);
}

KEEL_TEST(cnode_revoke_deletes_copies,
          "CNode_Revoke deletes every cap derived from the cap, but not the cap itself")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr c1 = test_copy(env, ep, seL4_AllRights);
    seL4_CPtr c2 = test_copy(env, c1, seL4_AllRights);
    seL4_CPtr m = test_mint(env, ep, seL4_AllRights, 9);
    CHECK_OK(revoke(env, ep));
    CHECK_CAP(c1, CAP_TAG_NULL);
    CHECK_CAP(c2, CAP_TAG_NULL);
    CHECK_CAP(m, CAP_TAG_NULL);
    CHECK_CAP(ep, CAP_TAG_ENDPOINT);
}

KEEL_TEST(cnode_revoke_of_a_badged_cap_deletes_that_badge_only,
          "revoking a badged endpoint cap deletes its copies, not other badges or the original")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr one = test_mint(env, ep, seL4_AllRights, 1);
    seL4_CPtr one_copy = test_copy(env, one, seL4_AllRights);
    seL4_CPtr two = test_mint(env, ep, seL4_AllRights, 2);
    CHECK_OK(revoke(env, one));
    CHECK_CAP(one, CAP_TAG_ENDPOINT);
    CHECK_CAP(one_copy, CAP_TAG_NULL);
    CHECK_CAP(two, CAP_TAG_ENDPOINT);
    CHECK_CAP(ep, CAP_TAG_ENDPOINT);
}

KEEL_TEST(cnode_revoke_of_a_leaf_changes_nothing,
          "revoking a cap without children, or an empty slot, succeeds and deletes nothing")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr c1 = test_copy(env, ep, seL4_AllRights);
    CHECK_OK(revoke(env, c1));
    CHECK_CAP(c1, CAP_TAG_ENDPOINT);
    CHECK_CAP(ep, CAP_TAG_ENDPOINT);
    CHECK_OK(revoke(env, test_slot(env)));
}

KEEL_TEST(cnode_revoke_bad_depth_is_range_error, "CNode_Revoke with depth 0 is RangeError [1, 32]")
{
    CHECK_ERR(seL4_CNode_Revoke(env->cnode, test_slot(env), 0), seL4_RangeError);
    CHECK_RANGE(1, seL4_WordBits);
}

/* ---- SaveCaller and CancelBadgedSends ---- */

KEEL_TEST(cnode_save_caller_without_a_caller_does_nothing,
          "SaveCaller when no one called us succeeds and leaves the slot empty")
{
    seL4_CPtr slot = test_slot(env);
    CHECK_OK(seL4_CNode_SaveCaller(env->cnode, slot, ROOT_DEPTH));
    CHECK_CAP(slot, CAP_TAG_NULL);
}

KEEL_TEST(cnode_save_caller_into_occupied_slot_is_delete_first,
          "SaveCaller into a slot that holds a cap is DeleteFirst")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(seL4_CNode_SaveCaller(env->cnode, ep, ROOT_DEPTH), seL4_DeleteFirst);
    CHECK_CAP(ep, CAP_TAG_ENDPOINT);
}

KEEL_TEST(cnode_cancel_badged_sends_on_endpoints,
          "CancelBadgedSends succeeds on badged and unbadged endpoint caps with all rights")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_OK(cancel_badged_sends(env, ep));
    CHECK_OK(cancel_badged_sends(env, test_mint(env, ep, seL4_AllRights, 0x77)));
}

KEEL_TEST(cnode_cancel_badged_sends_needs_an_endpoint_with_all_rights,
          "CancelBadgedSends on a non-endpoint or a cap lacking a right is IllegalOperation")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    CHECK_ERR(cancel_badged_sends(env, ntfn), seL4_IllegalOperation);
    CHECK_ERR(cancel_badged_sends(env, test_mint(env, ep, seL4_NoRead, 3)), seL4_IllegalOperation);
    CHECK_ERR(cancel_badged_sends(env, test_mint(env, ep, seL4_CanRead, 3)), seL4_IllegalOperation);
    CHECK_ERR(cancel_badged_sends(env, test_slot(env)), seL4_IllegalOperation);
}

/* ---- Malformed invocations ---- */

KEEL_TEST(cnode_unknown_invocation_is_illegal_operation,
          "a CNode cap invoked with a non-CNode label is IllegalOperation")
{
    seL4_Word mrs[2] = { test_slot(env), ROOT_DEPTH };
    CHECK_ERR(raw_invoke(env->cnode, UntypedRetype, 2, mrs, 0, NULL), seL4_IllegalOperation);
    CHECK_ERR(raw_invoke(env->cnode, ARMPageMap, 2, mrs, 0, NULL), seL4_IllegalOperation);
}

KEEL_TEST(cnode_truncated_messages,
          "CNode calls without their words or extra caps are TruncatedMessage")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr dest = test_slot(env);
    seL4_Word mrs[6] = { dest, ROOT_DEPTH, ep, ROOT_DEPTH, seL4_AllRights.words[0], 1 };
    seL4_CPtr caps[1] = { env->cnode };
    CHECK_ERR(raw_invoke(env->cnode, CNodeDelete, 1, mrs, 0, NULL), seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(env->cnode, CNodeCopy, 4, mrs, 1, caps), seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(env->cnode, CNodeCopy, 5, mrs, 0, caps), seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(env->cnode, CNodeMint, 5, mrs, 1, caps), seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(env->cnode, CNodeMove, 3, mrs, 1, caps), seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(env->cnode, CNodeMutate, 4, mrs, 1, caps), seL4_TruncatedMessage);
    CHECK_CAP(dest, CAP_TAG_NULL);
    CHECK_OK(raw_invoke(env->cnode, CNodeCopy, 5, mrs, 1, caps));
    CHECK_CAP(dest, CAP_TAG_ENDPOINT);
}
