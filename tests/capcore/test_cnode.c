/*
 * CNode invocations: each operation's effect on slots and the CDT, and
 * every error path, with seL4's error codes and details. (Delete and
 * revoke of objects with contents, and preemption, are in test_delete.c.)
 */
#include "fixture.h"

#define ALL_RIGHTS (CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_GRANT | CAP_RIGHT_GRANT_REPLY)
#define EP SLOT_FREE /* an endpoint's original cap */
#define A (SLOT_FREE + 1)
#define B (SLOT_FREE + 2)
#define C (SLOT_FREE + 3)

static void make(word_t type, word_t size, word_t index)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, type, size, index, 1));
}

static word_t capdata_guard(word_t guard, word_t guard_size)
{
    return (guard << 8) | (guard_size << 3);
}

/* ---- Copy ---- */

TEST(cnode_copy_makes_a_child_of_the_source)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_copy(A, EP, ALL_RIGHTS));
    CHECK_EQ(cap_get_type(slot(A)->cap), CAP_ENDPOINT);
    CHECK_EQ(cap_endpoint_get_ptr(slot(A)->cap), cap_endpoint_get_ptr(slot(EP)->cap));
    CHECK(mdb_prev_slot(slot(A)) == slot(EP));
    CHECK(mdb_is_parent_of(slot(EP), slot(A)));
    CHECK(!mdb_get_revocable(slot(A)->mdb));
    CHECK(!mdb_is_final_cap(slot(EP)));
}

TEST(cnode_copy_masks_rights)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_copy(A, EP, CAP_RIGHT_READ));
    cap_t c = slot(A)->cap;
    CHECK(cap_endpoint_get_can_receive(c));
    CHECK(!cap_endpoint_get_can_send(c));
    CHECK(!cap_endpoint_get_can_grant(c));
    CHECK(!cap_endpoint_get_can_grant_reply(c));
    make(OBJ_NOTIFICATION, 0, B);
    CHECK_OK(do_copy(C, B, CAP_RIGHT_WRITE));
    CHECK(cap_notification_get_can_send(slot(C)->cap));
    CHECK(!cap_notification_get_can_receive(slot(C)->cap));
}

TEST(cnode_copy_truncated_message)
{
    make(OBJ_ENDPOINT, 0, EP);
    word_t mrs[] = { A, 32, EP, 32, ALL_RIGHTS };
    CHECK_ERROR(cnode_call(CNodeCopy, 3, mrs, slot(SLOT_CNODE), NULL), ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(cnode_call(CNodeCopy, 4, mrs, slot(SLOT_CNODE), NULL), ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(cnode_call(CNodeCopy, 5, mrs, NULL, NULL), ERR_TRUNCATED_MESSAGE);
    CHECK(cte_is_empty(slot(A)));
}

TEST(cnode_copy_into_occupied_slot_is_delete_first)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_ERROR(do_copy(SLOT_UNTYPED, EP, ALL_RIGHTS), ERR_DELETE_FIRST);
    CHECK_ERROR(do_copy(EP, EP, ALL_RIGHTS), ERR_DELETE_FIRST);
}

TEST(cnode_copy_from_empty_slot_is_failed_lookup_of_source)
{
    result_t r = do_copy(A, B, ALL_RIGHTS);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(r.error.failed_lookup_was_source);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_MISSING_CAPABILITY);
    CHECK_EQ(r.error.lookup_fault.bits_left, 32);
}

TEST(cnode_copy_source_root_not_a_cnode_is_invalid_root)
{
    word_t mrs[] = { A, 32, SLOT_TCB, 32, ALL_RIGHTS };
    result_t r = cnode_call(CNodeCopy, 5, mrs, slot(SLOT_UNTYPED), NULL);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(r.error.failed_lookup_was_source);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_INVALID_ROOT);
}

TEST(cnode_copy_bad_destination_is_failed_lookup_not_source)
{
    word_t mrs[] = { 0xffff0000u, 32, SLOT_TCB, 32, ALL_RIGHTS };
    result_t r = cnode_call(CNodeCopy, 5, mrs, slot(SLOT_CNODE), NULL);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(!r.error.failed_lookup_was_source);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_GUARD_MISMATCH);
}

TEST(cnode_copy_source_depth_out_of_range)
{
    word_t mrs[] = { A, 32, SLOT_TCB, 0, ALL_RIGHTS };
    result_t r = cnode_call(CNodeCopy, 5, mrs, slot(SLOT_CNODE), NULL);
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_min, 1);
    CHECK_EQ(r.error.range_max, 32);
}

TEST(cnode_copy_untyped_with_children_is_revoke_first)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_ERROR(do_copy(A, SLOT_UNTYPED, ALL_RIGHTS), ERR_REVOKE_FIRST);
    CHECK(cte_is_empty(slot(A)));
}

TEST(cnode_copy_untyped_without_children_leaves_the_original_full)
{
    CHECK_OK(do_copy(A, SLOT_UNTYPED, ALL_RIGHTS));
    CHECK(mdb_get_revocable(slot(A)->mdb)); /* untyped caps are always revocable */
    word_t full = untyped_max_free_index(UNTYPED_BITS);
    CHECK_EQ(cap_untyped_get_free_index(slot(SLOT_UNTYPED)->cap), full);
    /* only the copy can be retyped now */
    result_t r = do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, B, 1);
    CHECK_ERROR(r, ERR_NOT_ENOUGH_MEMORY);
    CHECK_EQ(r.error.memory_left, 0);
    CHECK_OK(do_retype(A, OBJ_ENDPOINT, 0, B, 1));
}

TEST(cnode_copy_of_irq_control_is_illegal_operation)
{
    mdb_insert_root(slot(A), cap_irq_control_new());
    CHECK_ERROR(do_copy(B, A, ALL_RIGHTS), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(do_mint(B, A, ALL_RIGHTS, 0), ERR_ILLEGAL_OPERATION);
    CHECK(cte_is_empty(slot(B)));
}

TEST(cnode_copy_unmapped_page_table_is_illegal_mapped_is_fine)
{
    make(OBJ_ARM_PAGE_TABLE, 0, A);
    CHECK_ERROR(do_copy(B, A, ALL_RIGHTS), ERR_ILLEGAL_OPERATION);
    make(OBJ_ARM_PAGE_DIRECTORY, 0, C);
    CHECK_ERROR(do_copy(B, C, ALL_RIGHTS), ERR_ILLEGAL_OPERATION);
    slot(A)->cap = cap_page_table_set_is_mapped(slot(A)->cap, true);
    CHECK_OK(do_copy(B, A, ALL_RIGHTS));
    CHECK(cap_page_table_get_is_mapped(slot(B)->cap));
}

TEST(cnode_copy_of_a_frame_starts_unmapped)
{
    make(OBJ_ARM_SMALL_PAGE, 0, A);
    slot(A)->cap = frame_cap_set_mapping(slot(A)->cap, 7, 0x10000000u);
    CHECK_OK(do_copy(B, A, ALL_RIGHTS));
    CHECK_EQ(frame_cap_get_mapped_asid(slot(B)->cap), ASID_INVALID);
    CHECK_EQ(frame_cap_get_vaddr(slot(B)->cap), 0);
    CHECK_EQ(frame_cap_get_mapped_asid(slot(A)->cap), 7);
}

TEST(cnode_copy_masks_frame_rights_like_sel4)
{
    make(OBJ_ARM_SMALL_PAGE, 0, A);
    CHECK_OK(do_copy(B, A, CAP_RIGHT_READ));
    CHECK_EQ(frame_cap_get_rights(slot(B)->cap), VM_READ_ONLY);
    CHECK_OK(do_copy(C, A, CAP_RIGHT_WRITE)); /* write-only cannot be mapped */
    CHECK_EQ(frame_cap_get_rights(slot(C)->cap), VM_KERNEL_ONLY);
    CHECK_OK(do_copy(C + 1, B, ALL_RIGHTS)); /* cannot regain write */
    CHECK_EQ(frame_cap_get_rights(slot(C + 1)->cap), VM_READ_ONLY);
}

/* ---- Mint ---- */

TEST(cnode_mint_badges_an_endpoint_as_a_new_revocable_subtree)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 42));
    CHECK_EQ(cap_endpoint_get_badge(slot(A)->cap), 42);
    CHECK(mdb_get_revocable(slot(A)->mdb));
    CHECK(mdb_get_first_badged(slot(A)->mdb));
    CHECK(mdb_is_parent_of(slot(EP), slot(A)));
    CHECK_OK(do_copy(B, A, ALL_RIGHTS));
    CHECK_EQ(cap_endpoint_get_badge(slot(B)->cap), 42);
    CHECK(mdb_is_parent_of(slot(A), slot(B)));
    CHECK(!mdb_get_revocable(slot(B)->mdb));
}

TEST(cnode_mint_cannot_add_rights)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_mint(A, EP, CAP_RIGHT_WRITE, 0));
    CHECK_OK(do_mint(B, A, ALL_RIGHTS, 0));
    cap_t c = slot(B)->cap;
    CHECK(cap_endpoint_get_can_send(c));
    CHECK(!cap_endpoint_get_can_receive(c));
    CHECK(!cap_endpoint_get_can_grant(c));
    CHECK(!cap_endpoint_get_can_grant_reply(c));
}

TEST(cnode_mint_cannot_rebadge_a_badged_cap)
{
    make(OBJ_NOTIFICATION, 0, EP);
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 1));
    CHECK_ERROR(do_mint(B, A, ALL_RIGHTS, 2), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(do_mint(B, A, ALL_RIGHTS, 0), ERR_ILLEGAL_OPERATION);
    CHECK(cte_is_empty(slot(B)));
}

TEST(cnode_mint_badge_keeps_only_seL4_BadgeBits)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 0xfedcba98u));
    CHECK_EQ(cap_endpoint_get_badge(slot(A)->cap), 0x0edcba98u);
}

TEST(cnode_mint_sets_a_cnode_guard)
{
    make(OBJ_CNODE, 4, A);
    CHECK_OK(do_mint(B, A, ALL_RIGHTS, capdata_guard(0x3ffff, 5)));
    CHECK_EQ(cap_cnode_get_guard_size(slot(B)->cap), 5);
    CHECK_EQ(cap_cnode_get_guard(slot(B)->cap), 0x1f); /* masked to the guard size */
    CHECK_EQ(cap_cnode_get_radix(slot(B)->cap), 4);
}

TEST(cnode_mint_guard_too_long_for_the_radix_is_illegal)
{
    make(OBJ_CNODE, 4, A);
    CHECK_ERROR(do_mint(B, A, ALL_RIGHTS, capdata_guard(0, 29)), ERR_ILLEGAL_OPERATION);
    CHECK_OK(do_mint(B, A, ALL_RIGHTS, capdata_guard(0, 28)));
}

TEST(cnode_mint_truncated_without_data)
{
    make(OBJ_ENDPOINT, 0, EP);
    word_t mrs[] = { A, 32, EP, 32, ALL_RIGHTS, 5 };
    CHECK_ERROR(cnode_call(CNodeMint, 5, mrs, slot(SLOT_CNODE), NULL), ERR_TRUNCATED_MESSAGE);
}

TEST(cnode_mint_same_badge_twice_makes_sibling_subtrees)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 7));
    CHECK_OK(do_mint(B, EP, ALL_RIGHTS, 7));
    CHECK(!mdb_is_parent_of(slot(A), slot(B)));
    CHECK(!mdb_is_parent_of(slot(B), slot(A)));
    CHECK_OK(do_revoke(B));
    CHECK(!cte_is_empty(slot(A)));
}

/* ---- Move and Mutate ---- */

TEST(cnode_move_keeps_the_cdt_position)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_copy(A, EP, ALL_RIGHTS));
    cte_t *before = mdb_prev_slot(slot(EP));
    CHECK_OK(do_move(B, EP));
    CHECK(cte_is_empty(slot(EP)));
    CHECK(mdb_prev_slot(slot(B)) == before);
    CHECK(mdb_next_slot(slot(B)) == slot(A));
    CHECK(mdb_get_revocable(slot(B)->mdb));
    CHECK(mdb_is_parent_of(slot(B), slot(A)));
}

TEST(cnode_move_errors)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_ERROR(do_move(EP, EP), ERR_DELETE_FIRST);
    result_t r = do_move(B, A);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(r.error.failed_lookup_was_source);
    word_t mrs[] = { B, 32, EP, 32 };
    CHECK_ERROR(cnode_call(CNodeMove, 4, mrs, NULL, NULL), ERR_TRUNCATED_MESSAGE);
}

TEST(cnode_move_zombie_is_allowed_but_copy_is_not)
{
    mdb_insert_root(slot(A), cap_zombie_new(HOST_ARENA_PPTR + 0x4000, 2, 0));
    CHECK_ERROR(do_copy(B, A, ALL_RIGHTS), ERR_ILLEGAL_OPERATION);
    CHECK_OK(do_move(B, A));
    CHECK_EQ(cap_get_type(slot(B)->cap), CAP_ZOMBIE);
    CHECK_OK(do_delete(B));
}

TEST(cnode_mutate_sets_a_cnode_guard_in_place)
{
    make(OBJ_CNODE, 3, A);
    CHECK_OK(do_mutate(B, A, capdata_guard(6, 3)));
    CHECK(cte_is_empty(slot(A)));
    CHECK_EQ(cap_cnode_get_guard(slot(B)->cap), 6);
    CHECK_EQ(cap_cnode_get_guard_size(slot(B)->cap), 3);
    CHECK(mdb_get_revocable(slot(B)->mdb));
}

TEST(cnode_mutate_cannot_badge_endpoints)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_ERROR(do_mutate(A, EP, 5), ERR_ILLEGAL_OPERATION);
    CHECK(!cte_is_empty(slot(EP)));
    word_t mrs[] = { A, 32, EP, 32, 5 };
    CHECK_ERROR(cnode_call(CNodeMutate, 4, mrs, slot(SLOT_CNODE), NULL), ERR_TRUNCATED_MESSAGE);
}

TEST(cnode_mutate_other_caps_ignores_data)
{
    CHECK_OK(do_mutate(A, SLOT_TCB, 0x1234));
    CHECK_EQ(cap_get_type(slot(A)->cap), CAP_THREAD);
    CHECK_OK(do_move(SLOT_TCB, A));
}

/* ---- Rotate ---- */

TEST(cnode_rotate_moves_pivot_to_dest_and_source_to_pivot)
{
    make(OBJ_TCB, 0, A);
    make(OBJ_CNODE, 2, B);
    pptr_t tcb = cap_thread_get_tcb(slot(A)->cap), cn = cap_cnode_get_ptr(slot(B)->cap);
    CHECK_OK(do_rotate(C, B, capdata_guard(1, 1), A, 0));
    CHECK(cte_is_empty(slot(A)));
    CHECK_EQ(cap_cnode_get_ptr(slot(C)->cap), cn);
    CHECK_EQ(cap_cnode_get_guard_size(slot(C)->cap), 1);
    CHECK_EQ(cap_thread_get_tcb(slot(B)->cap), tcb);
}

TEST(cnode_rotate_with_dest_equal_source_swaps)
{
    make(OBJ_TCB, 0, A);
    make(OBJ_CNODE, 2, B);
    cap_t a = slot(A)->cap, b = slot(B)->cap;
    CHECK_OK(do_rotate(A, B, 0, A, 0));
    CHECK_EQ(cap_cnode_get_ptr(slot(A)->cap), cap_cnode_get_ptr(b));
    CHECK_EQ(cap_thread_get_tcb(slot(B)->cap), cap_thread_get_tcb(a));
    CHECK(mdb_is_parent_of(slot(SLOT_UNTYPED), slot(A)));
}

TEST(cnode_rotate_pivot_equal_to_source_or_dest_is_illegal)
{
    make(OBJ_TCB, 0, A);
    make(OBJ_TCB, 0, B);
    CHECK_ERROR(do_rotate(C, A, 0, A, 0), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(do_rotate(B, B, 0, A, 0), ERR_ILLEGAL_OPERATION);
}

TEST(cnode_rotate_occupied_dest_is_delete_first)
{
    make(OBJ_TCB, 0, A);
    make(OBJ_TCB, 0, B);
    make(OBJ_TCB, 0, C);
    CHECK_ERROR(do_rotate(C, B, 0, A, 0), ERR_DELETE_FIRST);
}

TEST(cnode_rotate_empty_source_or_pivot_is_failed_lookup)
{
    make(OBJ_TCB, 0, A);
    result_t r = do_rotate(C, A, 0, B, 0);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(r.error.failed_lookup_was_source);
    r = do_rotate(C, B, 0, A, 0);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(!r.error.failed_lookup_was_source);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_MISSING_CAPABILITY);
}

TEST(cnode_rotate_refuses_endpoint_data)
{
    make(OBJ_ENDPOINT, 0, A);
    make(OBJ_TCB, 0, B);
    CHECK_ERROR(do_rotate(C, B, 0, A, 0), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(do_rotate(C, A, 0, B, 0), ERR_ILLEGAL_OPERATION);
}

TEST(cnode_rotate_truncated_message)
{
    make(OBJ_TCB, 0, A);
    make(OBJ_TCB, 0, B);
    word_t mrs[] = { C, 32, 0, B, 32, 0, A, 32 };
    CHECK_ERROR(cnode_call(CNodeRotate, 7, mrs, slot(SLOT_CNODE), slot(SLOT_CNODE)),
                ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(cnode_call(CNodeRotate, 8, mrs, slot(SLOT_CNODE), NULL), ERR_TRUNCATED_MESSAGE);
}

/* ---- Delete and Revoke (simple cases) ---- */

TEST(cnode_delete_empties_the_slot_and_keeps_siblings)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_copy(A, EP, ALL_RIGHTS));
    CHECK_OK(do_delete(EP));
    CHECK(cte_is_empty(slot(EP)));
    CHECK(!cte_is_empty(slot(A)));
    CHECK(mdb_is_final_cap(slot(A)));
    CHECK_OK(do_delete(EP)); /* deleting an empty slot is fine */
}

TEST(cnode_delete_and_revoke_truncated_message)
{
    word_t mrs[] = { A };
    CHECK_ERROR(cnode_call(CNodeDelete, 1, mrs, NULL, NULL), ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(cnode_call(CNodeRevoke, 0, mrs, NULL, NULL), ERR_TRUNCATED_MESSAGE);
}

TEST(cnode_revoke_deletes_descendants_only)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_copy(A, EP, ALL_RIGHTS));
    CHECK_OK(do_mint(B, EP, ALL_RIGHTS, 3));
    CHECK_OK(do_copy(C, B, ALL_RIGHTS));
    CHECK_OK(do_revoke(EP));
    CHECK(!cte_is_empty(slot(EP)));
    CHECK(cte_is_empty(slot(A)));
    CHECK(cte_is_empty(slot(B)));
    CHECK(cte_is_empty(slot(C)));
    CHECK_OK(do_revoke(A)); /* empty slot: nothing to do */
}

TEST(cnode_revoke_of_a_badge_keeps_other_badges)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 1));
    CHECK_OK(do_mint(B, EP, ALL_RIGHTS, 2));
    CHECK_OK(do_copy(C, A, ALL_RIGHTS));
    CHECK_OK(do_copy(C + 1, B, ALL_RIGHTS));
    CHECK_OK(do_revoke(A));
    CHECK(cte_is_empty(slot(C)));
    CHECK(!cte_is_empty(slot(B)));
    CHECK(!cte_is_empty(slot(C + 1)));
}

TEST(cnode_revoke_of_a_copy_deletes_nothing)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_copy(A, EP, ALL_RIGHTS));
    CHECK_OK(do_copy(B, EP, ALL_RIGHTS));
    CHECK_OK(do_revoke(A));
    CHECK(!cte_is_empty(slot(B)));
}

/* ---- SaveCaller ---- */

/* Gives the root thread a reply cap to a caller thread in TCB_CALLER, as
 * a Call to it would. */
static tcb_t *make_caller(void)
{
    make(OBJ_TCB, 0, C);
    tcb_t *caller = tcb_in(C);
    tcb_setup_reply_master(caller);
    caller->state = THREAD_BLOCKED_ON_REPLY;
    mdb_insert_child(cap_reply_new(tcb_ref(caller), false, true), tcb_slot(caller, TCB_REPLY),
                     tcb_slot(root_tcb(), TCB_CALLER));
    return caller;
}

TEST(cnode_save_caller_moves_the_reply_cap)
{
    tcb_t *caller = make_caller();
    CHECK_OK(do_save_caller(A));
    CHECK(cte_is_empty(tcb_slot(root_tcb(), TCB_CALLER)));
    CHECK_EQ(cap_get_type(slot(A)->cap), CAP_REPLY);
    CHECK_EQ(cap_reply_get_tcb(slot(A)->cap), tcb_ref(caller));
    CHECK(mdb_prev_slot(slot(A)) == tcb_slot(caller, TCB_REPLY));
}

TEST(cnode_save_caller_without_caller_does_nothing)
{
    CHECK_OK(do_save_caller(A));
    CHECK(cte_is_empty(slot(A)));
}

TEST(cnode_save_caller_into_occupied_slot_is_delete_first)
{
    make_caller();
    CHECK_ERROR(do_save_caller(SLOT_UNTYPED), ERR_DELETE_FIRST);
    CHECK(!cte_is_empty(tcb_slot(root_tcb(), TCB_CALLER)));
}

TEST(cnode_copy_of_reply_caps_is_illegal_operation)
{
    make_caller();
    CHECK_OK(do_save_caller(A));
    CHECK_ERROR(do_copy(B, A, ALL_RIGHTS), ERR_ILLEGAL_OPERATION);
    cte_t *master = tcb_slot(root_tcb(), TCB_REPLY);
    derive_result_t d = cap_derive(master, master->cap);
    CHECK_EQ(d.error.type, ERR_NONE);
    CHECK_EQ(cap_get_type(d.cap), CAP_NULL);
}

TEST(cnode_saved_reply_cap_dies_with_its_caller)
{
    make_caller();
    CHECK_OK(do_save_caller(A));
    CHECK_OK(do_delete(C)); /* the caller's TCB */
    CHECK(cte_is_empty(slot(A)));
}

/* ---- CancelBadgedSends ---- */

TEST(cnode_cancel_badged_sends_restarts_matching_senders)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 9));
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_TCB, 0, B, 3));
    endpoint_t *ep = endpoint_ptr(cap_endpoint_get_ptr(slot(EP)->cap));
    block_on_endpoint(tcb_in(B), ep, THREAD_BLOCKED_ON_SEND, 9);
    block_on_endpoint(tcb_in(B + 1), ep, THREAD_BLOCKED_ON_SEND, 4);
    block_on_endpoint(tcb_in(B + 2), ep, THREAD_BLOCKED_ON_SEND, 9);
    CHECK_OK(do_cancel_badged_sends(A));
    CHECK_EQ(tcb_in(B)->state, THREAD_RESTART);
    CHECK_EQ(tcb_in(B + 1)->state, THREAD_BLOCKED_ON_SEND);
    CHECK_EQ(tcb_in(B + 2)->state, THREAD_RESTART);
    CHECK_EQ(ep->state, EP_SEND);
    CHECK_EQ(ep->queue.head, tcb_ref(tcb_in(B + 1)));
    CHECK_EQ(ep->queue.tail, tcb_ref(tcb_in(B + 1)));
    CHECK_EQ(hooks.sched_enqueue, 2);
}

TEST(cnode_cancel_badged_sends_needs_an_endpoint_with_all_rights)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_mint(A, EP, CAP_RIGHT_WRITE | CAP_RIGHT_READ | CAP_RIGHT_GRANT, 9));
    CHECK_ERROR(do_cancel_badged_sends(A), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(do_cancel_badged_sends(SLOT_TCB), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(do_cancel_badged_sends(B), ERR_ILLEGAL_OPERATION); /* empty */
}

TEST(cnode_cancel_badged_sends_with_unbadged_cap_does_nothing)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_TCB, 0, B, 1));
    endpoint_t *ep = endpoint_ptr(cap_endpoint_get_ptr(slot(EP)->cap));
    block_on_endpoint(tcb_in(B), ep, THREAD_BLOCKED_ON_SEND, 0);
    CHECK_OK(do_cancel_badged_sends(EP));
    CHECK_EQ(tcb_in(B)->state, THREAD_BLOCKED_ON_SEND);
    ep->queue = tcb_queue_remove(ep->queue, tcb_in(B));
    ep->state = EP_IDLE;
}

/* ---- Decoding in general ---- */

TEST(cnode_non_cnode_label_is_illegal_operation)
{
    word_t mrs[] = { A, 32, 0, 0, 0, 0, 0, 0 };
    CHECK_ERROR(cnode_call(UntypedRetype, 8, mrs, slot(SLOT_CNODE), NULL), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(cnode_call(TCBSetFlags, 8, mrs, slot(SLOT_CNODE), NULL), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(cnode_call(CNodeSaveCaller + 1, 8, mrs, slot(SLOT_CNODE), NULL),
                ERR_ILLEGAL_OPERATION);
}

TEST(cnode_message_shorter_than_two_words_is_truncated)
{
    word_t mrs[] = { A, 32 };
    const word_t labels[] = { CNodeRevoke, CNodeDelete, CNodeCancelBadgedSends,
                              CNodeCopy,   CNodeMint,   CNodeMove,
                              CNodeMutate, CNodeRotate, CNodeSaveCaller };
    for (word_t i = 0; i < ARRAY_SIZE(labels); i++) {
        CHECK_ERROR(cnode_call(labels[i], 1, mrs, slot(SLOT_CNODE), slot(SLOT_CNODE)),
                    ERR_TRUNCATED_MESSAGE);
    }
}

TEST(invoking_null_or_zombie_caps_is_invalid_capability)
{
    invocation_args_t args = { .label = CNodeCopy, .length = 0, .mrs = NULL, .thread = root_tcb() };
    result_t r = decode_invocation(&args, slot(A), slot(A)->cap);
    CHECK_ERROR(r, ERR_INVALID_CAPABILITY);
    CHECK_EQ(r.error.invalid_cap_number, 0);
    r = decode_invocation(&args, slot(A), cap_zombie_new(HOST_ARENA_PPTR + 0x4000, 2, 1));
    CHECK_ERROR(r, ERR_INVALID_CAPABILITY);
}

TEST(cnode_rotate_source_depth_out_of_range_is_a_range_error)
{
    make(OBJ_TCB, 0, A);
    make(OBJ_TCB, 0, B);
    word_t mrs[] = { C, 32, 0, B, 32, 0, A, 33 }; /* dest C, pivot B, source A at depth 33 */
    result_t r = cnode_call(CNodeRotate, 8, mrs, slot(SLOT_CNODE), slot(SLOT_CNODE));
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_min, 1);
    CHECK_EQ(r.error.range_max, WORD_BITS);
    CHECK(cte_is_empty(slot(C)));
}

TEST(cnode_rotate_pivot_that_does_not_resolve_is_failed_lookup_of_the_pivot)
{
    make(OBJ_TCB, 0, A);
    make(OBJ_TCB, 0, B);
    word_t mrs[] = { C, 32, 0, 0x80000000u, 32, 0, A, 32 }; /* pivot beyond the guard */
    result_t r = cnode_call(CNodeRotate, 8, mrs, slot(SLOT_CNODE), slot(SLOT_CNODE));
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(!r.error.failed_lookup_was_source);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_GUARD_MISMATCH);
    CHECK_EQ(cap_get_type(slot(A)->cap), CAP_THREAD); /* nothing moved */
    CHECK(cte_is_empty(slot(C)));
}
