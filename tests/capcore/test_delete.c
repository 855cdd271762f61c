/*
 * Deletion and finalisation: what deleting the last cap to each kind of
 * object undoes, zombies for CNodes and TCBs, cyclic zombies left by
 * nested CNodes, and preempted deletes and revokes that restart correctly.
 */
#include "fixture.h"

#define ALL_RIGHTS 0xfu
#define UT SLOT_FREE /* a 1 MiB child untyped the test carves from */
#define X (SLOT_FREE + 1)
#define Y (SLOT_FREE + 2)
#define Z (SLOT_FREE + 3)
#define W (SLOT_FREE + 4)

static void make(word_t type, word_t size, word_t index)
{
    CHECK_OK(do_retype(UT, type, size, index, 1));
}

static void setup(void)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_UNTYPED, 20, UT, 1));
}

/* Retypes objects straight into slots of the CNode in root slot `cnode`. */
static void make_in(word_t cnode, word_t type, word_t size, word_t offset, word_t count)
{
    word_t mrs[] = { type, size, cnode, 32, offset, count };
    CHECK_OK(untyped_call(slot(UT), UntypedRetype, 6, mrs, slot(SLOT_CNODE)));
}

/* Copies the cap in root slot `src` into slot `index` of the CNode in root
 * slot `cnode` (whose cap has no guard). */
static void copy_into(word_t cnode, word_t index, word_t src)
{
    word_t radix = cap_cnode_get_radix(slot(cnode)->cap);
    word_t mrs[] = { index, radix, src, 32, ALL_RIGHTS };
    invocation_args_t args = { .label = CNodeCopy, .length = 5, .mrs = mrs, .thread = root_tcb() };
    args.extra_caps[0] = slot(SLOT_CNODE);
    CHECK_OK(decode_invocation(&args, slot(cnode), slot(cnode)->cap));
    check_cdt();
}

static void check_untyped_is_whole_again(void)
{
    CHECK(!mdb_has_children(slot(UT)));
    CHECK_OK(do_retype(UT, OBJ_UNTYPED, 20, W + 1, 1));
    CHECK_OK(do_delete(W + 1));
}

TEST(delete_last_endpoint_cap_restarts_blocked_threads)
{
    setup();
    make(OBJ_ENDPOINT, 0, X);
    CHECK_OK(do_copy(Y, X, ALL_RIGHTS));
    CHECK_OK(do_retype(UT, OBJ_TCB, 0, Z, 2));
    endpoint_t *ep = endpoint_ptr(cap_endpoint_get_ptr(slot(X)->cap));
    block_on_endpoint(tcb_in(Z), ep, THREAD_BLOCKED_ON_RECEIVE, 0);
    block_on_endpoint(tcb_in(Z + 1), ep, THREAD_BLOCKED_ON_RECEIVE, 0);
    CHECK_OK(do_delete(X)); /* not the last cap */
    CHECK_EQ(tcb_in(Z)->state, THREAD_BLOCKED_ON_RECEIVE);
    CHECK_OK(do_delete(Y));
    CHECK_EQ(tcb_in(Z)->state, THREAD_RESTART);
    CHECK_EQ(tcb_in(Z + 1)->state, THREAD_RESTART);
    CHECK_EQ(ep->state, EP_IDLE);
    CHECK_EQ(ep->queue.head, 0);
    CHECK_EQ(hooks.sched_enqueue, 2);
    CHECK(hooks.reschedule >= 1);
}

TEST(delete_last_notification_cap_unbinds_and_restarts_waiters)
{
    setup();
    make(OBJ_NOTIFICATION, 0, X);
    CHECK_OK(do_retype(UT, OBJ_TCB, 0, Z, 2));
    notification_t *ntfn = notification_ptr(cap_notification_get_ptr(slot(X)->cap));
    tcb_t *bound = tcb_in(Z), *waiter = tcb_in(Z + 1);
    *ntfn = ntfn_set_bound_tcb(*ntfn, tcb_ref(bound));
    bound->bound_notification = ptr_to_pptr(ntfn);
    *ntfn = notification_set_queue(*ntfn, tcb_queue_append(notification_get_queue(*ntfn), waiter));
    *ntfn = ntfn_set_state(*ntfn, NTFN_WAITING);
    waiter->state = THREAD_BLOCKED_ON_NOTIFICATION;
    waiter->blocking_object = ptr_to_pptr(ntfn);
    CHECK_OK(do_delete(X));
    CHECK_EQ(bound->bound_notification, 0);
    CHECK_EQ(waiter->state, THREAD_RESTART);
    CHECK_EQ(ntfn_get_state(*ntfn), NTFN_IDLE);
    CHECK_OK(do_delete(Z));
    CHECK_OK(do_delete(Z + 1));
    check_untyped_is_whole_again();
}

TEST(delete_cnode_deletes_its_contents)
{
    setup();
    make(OBJ_CNODE, 4, X);
    make_in(X, OBJ_ENDPOINT, 0, 0, 10);
    copy_into(X, 12, SLOT_TCB); /* a cap to an object that lives on */
    CHECK_OK(do_delete(X));
    CHECK(cte_is_empty(slot(X)));
    CHECK(mdb_is_final_cap(slot(SLOT_TCB)));
    check_untyped_is_whole_again();
}

TEST(delete_cnode_parks_the_tcbs_it_held_until_revoke)
{
    /* A TCB whose last cap is deleted from inside a CNode being deleted is
     * stopped at once, and its zombie parked in its own first slot (seL4's
     * cyclic zombie); revoking the untyped reclaims it. */
    setup();
    make(OBJ_CNODE, 4, X);
    make_in(X, OBJ_TCB, 0, 10, 2);
    pptr_t tcb = cap_thread_get_tcb(cnode_slot(slot(X)->cap, 10)->cap);
    tcb_ptr(tcb)->state = THREAD_RUNNING;
    CHECK_OK(do_delete(X));
    CHECK_EQ(tcb_ptr(tcb)->state, THREAD_INACTIVE);
    cte_t *first = cte_ptr(tcb);
    CHECK_EQ(cap_get_type(first->cap), CAP_ZOMBIE);
    CHECK_EQ(cap_zombie_get_type(first->cap), ZOMBIE_TYPE_TCB);
    CHECK(mdb_has_children(slot(UT)));
    CHECK_OK(do_revoke(UT));
    check_untyped_is_whole_again();
}

TEST(delete_of_a_cnode_copy_keeps_the_contents)
{
    setup();
    make(OBJ_CNODE, 4, X);
    make_in(X, OBJ_ENDPOINT, 0, 0, 3);
    CHECK_OK(do_copy(Y, X, ALL_RIGHTS));
    CHECK_OK(do_delete(X));
    CHECK_EQ(cap_get_type(cnode_slot(slot(Y)->cap, 2)->cap), CAP_ENDPOINT);
}

TEST(delete_tcb_stops_the_thread_and_empties_its_slots)
{
    setup();
    make(OBJ_TCB, 0, X);
    make(OBJ_ENDPOINT, 0, Y);
    make(OBJ_NOTIFICATION, 0, Z);
    tcb_t *tcb = tcb_in(X);
    cte_t *ctable = tcb_slot(tcb, TCB_CTABLE);
    mdb_insert_child(root_cap(), slot(SLOT_CNODE), ctable);
    tcb_setup_reply_master(tcb);
    endpoint_t *ep = endpoint_ptr(cap_endpoint_get_ptr(slot(Y)->cap));
    block_on_endpoint(tcb, ep, THREAD_BLOCKED_ON_SEND, 5);
    notification_t *ntfn = notification_ptr(cap_notification_get_ptr(slot(Z)->cap));
    *ntfn = ntfn_set_bound_tcb(*ntfn, tcb_ref(tcb));
    tcb->bound_notification = ptr_to_pptr(ntfn);
    check_cdt();

    CHECK_OK(do_delete(X));
    CHECK(cte_is_empty(slot(X)));
    CHECK_EQ(ep->state, EP_IDLE);
    CHECK_EQ(ep->queue.head, 0);
    CHECK_EQ(ntfn_get_bound_tcb(*ntfn), 0);
    CHECK_EQ(hooks.prepare_thread_delete, 1);
    CHECK(hooks.sched_dequeue >= 1);
    CHECK(cte_is_empty(ctable));
    CHECK(!mdb_is_final_cap(slot(SLOT_CNODE))); /* the root TCB's copy remains */
    CHECK_OK(do_delete(Y));
    CHECK_OK(do_delete(Z));
    check_untyped_is_whole_again();
}

TEST(delete_nested_cnode_parks_a_cyclic_zombie_until_revoke)
{
    setup();
    make(OBJ_CNODE, 2, X); /* outer */
    make(OBJ_CNODE, 2, Y); /* inner, to be moved into the outer */
    make(OBJ_ENDPOINT, 0, Z);
    copy_into(Y, 2, Z);
    word_t mrs[] = { 1, 2, Y, 32 };
    invocation_args_t args = { .label = CNodeMove, .length = 4, .mrs = mrs, .thread = root_tcb() };
    args.extra_caps[0] = slot(SLOT_CNODE);
    CHECK_OK(decode_invocation(&args, slot(X), slot(X)->cap));
    check_cdt();
    pptr_t inner = cap_cnode_get_ptr(cnode_slot(slot(X)->cap, 1)->cap);

    CHECK_OK(do_delete(X));
    /* the inner CNode is now a zombie in its own first slot, its contents
     * intact, out of reach but still in the untyped's subtree */
    cte_t *first = cte_ptr(inner);
    CHECK_EQ(cap_get_type(first->cap), CAP_ZOMBIE);
    CHECK_EQ(cap_zombie_get_slots(first->cap), inner);
    CHECK(!mdb_is_final_cap(slot(Z)));
    CHECK(mdb_has_children(slot(UT)));
    CHECK_ERROR(do_retype(UT, OBJ_UNTYPED, 20, W, 1), ERR_NOT_ENOUGH_MEMORY);
    /* revoking the untyped finishes the job */
    CHECK_OK(do_revoke(UT));
    CHECK(cte_is_empty(slot(Z)));
    check_untyped_is_whole_again();
}

TEST(delete_cnode_holding_its_only_cap_is_cleaned_by_revoke)
{
    setup();
    make(OBJ_CNODE, 2, X);
    copy_into(X, 2, X);     /* the CNode holds a cap to itself */
    CHECK_OK(do_delete(X)); /* not final: the CNode lives on, unreachable */
    CHECK(mdb_has_children(slot(UT)));
    CHECK_OK(do_revoke(UT));
    check_untyped_is_whole_again();
}

TEST(delete_cnode_holding_a_cap_to_itself_in_slot_0)
{
    setup();
    make(OBJ_CNODE, 3, X);
    make_in(X, OBJ_ENDPOINT, 0, 3, 2);
    copy_into(X, 0, X);
    CHECK_OK(do_revoke(UT));
    CHECK(cte_is_empty(slot(X)));
    check_untyped_is_whole_again();
}

/* Builds a CNode (2^5 slots) holding endpoints, a TCB with caps in its
 * slots, and a nested CNode with more caps, all from UT. */
static void build_deep_cnode(void)
{
    make(OBJ_CNODE, 5, X);
    make_in(X, OBJ_ENDPOINT, 0, 0, 20);
    make_in(X, OBJ_TCB, 0, 20, 2);
    make_in(X, OBJ_CNODE, 3, 22, 1);
    make(OBJ_NOTIFICATION, 0, Y);
    CHECK_OK(do_mint(Z, Y, ALL_RIGHTS, 6));
    copy_into(X, 23, Z);
    copy_into(X, 24, SLOT_CNODE);
    tcb_t *tcb = tcb_ptr(cap_thread_get_tcb(cnode_slot(slot(X)->cap, 20)->cap));
    mdb_insert_child(root_cap(), slot(SLOT_CNODE), tcb_slot(tcb, TCB_CTABLE));
    tcb_setup_reply_master(tcb);
    check_cdt();
}

TEST(delete_preempted_at_every_point_restarts_to_the_same_end)
{
    for (unsigned period = 1; period <= 6; period++) {
        setup();
        build_deep_cnode();
        unsigned restarts = 0;
        test_preempt_every(period);
        CHECK_OK(UNTIL_DONE(do_delete(X), restarts));
        test_preempt_every(0);
        CHECK(restarts > 0);
        CHECK(cte_is_empty(slot(X)));
        CHECK_OK(do_delete(Z));
        CHECK_OK(do_delete(Y));
        CHECK_OK(do_revoke(UT)); /* the nested CNode's parked zombie */
        check_untyped_is_whole_again();
        CHECK_OK(do_delete(UT));
    }
}

TEST(revoke_preempted_at_every_point_restarts_to_the_same_end)
{
    for (unsigned period = 1; period <= 6; period++) {
        setup();
        build_deep_cnode();
        unsigned restarts = 0;
        test_preempt_every(period);
        CHECK_OK(UNTIL_DONE(do_revoke(UT), restarts));
        test_preempt_every(0);
        CHECK(restarts > 0);
        CHECK(cte_is_empty(slot(X)));
        CHECK(cte_is_empty(slot(Y)));
        CHECK(cte_is_empty(slot(Z)));
        check_untyped_is_whole_again();
        CHECK_OK(do_delete(UT));
    }
}

TEST(slots_of_a_cnode_being_deleted_are_out_of_reach)
{
    setup();
    build_deep_cnode();
    test_preempt_every(1);
    result_t r = do_delete(X);
    test_preempt_every(0);
    CHECK_EQ(r.status, EXCEPTION_PREEMPTED);
    CHECK_EQ(cap_get_type(slot(X)->cap), CAP_ZOMBIE);
    /* no lookup goes through a zombie, nothing can be retyped into it */
    word_t mrs[] = { OBJ_ENDPOINT, 0, X, 32, 30, 1 };
    r = untyped_call(slot(UT), UntypedRetype, 6, mrs, slot(SLOT_CNODE));
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_MISSING_CAPABILITY);
    cap_t root = cap_cnode_set_guard_size(root_cap(), 0);
    resolve_result_t res = cspace_resolve_address_bits(root, (X << 5) | 30, 13);
    CHECK(res.ok);
    CHECK(res.slot == slot(X));
    CHECK_EQ(res.bits_remaining, 5);
    /* the zombie can be neither copied nor invoked, only moved or deleted */
    CHECK_ERROR(do_copy(W, X, ALL_RIGHTS), ERR_ILLEGAL_OPERATION);
    invocation_args_t args = { .label = CNodeCopy, .thread = root_tcb() };
    CHECK_ERROR(decode_invocation(&args, slot(X), slot(X)->cap), ERR_INVALID_CAPABILITY);
    CHECK_OK(do_move(W, X));
    unsigned restarts = 0;
    CHECK_OK(UNTIL_DONE(do_delete(W), restarts));
    CHECK(cte_is_empty(slot(W)));
}

TEST(revoke_finishes_a_preempted_delete)
{
    setup();
    build_deep_cnode();
    test_preempt_every(2);
    CHECK_EQ(do_delete(X).status, EXCEPTION_PREEMPTED);
    unsigned restarts = 0;
    CHECK_OK(UNTIL_DONE(do_revoke(UT), restarts));
    test_preempt_every(0);
    CHECK(cte_is_empty(slot(X)));
    check_untyped_is_whole_again();
}

TEST(delete_untyped_with_children_leaves_the_children)
{
    setup();
    make(OBJ_ENDPOINT, 0, X);
    CHECK_OK(do_delete(UT));
    CHECK_EQ(cap_get_type(slot(X)->cap), CAP_ENDPOINT);
    CHECK(mdb_is_parent_of(slot(SLOT_UNTYPED), slot(X)));
}

TEST(delete_irq_handler_tells_the_interrupt_code)
{
    mdb_insert_root(slot(X), cap_irq_control_new());
    mdb_insert_child(cap_irq_handler_new(27), slot(X), slot(Y));
    CHECK(mdb_get_revocable(slot(Y)->mdb));
    CHECK_OK(do_copy(Z, Y, ALL_RIGHTS));
    CHECK_OK(do_delete(Z)); /* not the last handler cap */
    CHECK_EQ(hooks.irq_deleting, 0);
    CHECK_OK(do_revoke(X));
    CHECK(cte_is_empty(slot(Y)));
    CHECK_EQ(hooks.irq_deleting, 1);
    CHECK_EQ(hooks.irq_deleted, 1);
    CHECK_EQ(hooks.last_irq, 27);
}

TEST(delete_mapped_frame_caps_unmaps_each)
{
    setup();
    make(OBJ_ARM_SECTION, 0, X);
    CHECK_OK(do_copy(Y, X, ALL_RIGHTS));
    slot(Y)->cap = frame_cap_set_mapping(slot(Y)->cap, 3, 0x100000u);
    CHECK_OK(do_delete(Y)); /* not final, still unmapped */
    CHECK_EQ(hooks.unmap_frame, 1);
    CHECK_EQ(frame_cap_get_mapped_asid(hooks.last_vspace_cap), 3);
    CHECK_EQ(frame_cap_get_vaddr(hooks.last_vspace_cap), 0x100000u);
    CHECK_OK(do_delete(X)); /* final but never mapped */
    CHECK_EQ(hooks.unmap_frame, 1);
}

TEST(delete_last_mapped_page_table_directory_and_pool_call_the_vspace)
{
    setup();
    make(OBJ_ARM_PAGE_TABLE, 0, X);
    make(OBJ_ARM_PAGE_DIRECTORY, 0, Y);
    slot(X)->cap = cap_page_table_set_is_mapped(slot(X)->cap, true);
    slot(Y)->cap = cap_page_directory_set_is_mapped(slot(Y)->cap, true);
    CHECK_OK(do_copy(Z, X, ALL_RIGHTS));
    CHECK_OK(do_delete(X)); /* not final */
    CHECK_EQ(hooks.unmap_page_table, 0);
    CHECK_OK(do_delete(Z));
    CHECK_EQ(hooks.unmap_page_table, 1);
    CHECK_OK(do_delete(Y));
    CHECK_EQ(hooks.delete_asid, 1);
    make(OBJ_UNTYPED, 12, W);
    CHECK_OK(do_delete(W));
    mdb_insert_root(slot(W), cap_asid_pool_new(UNTYPED_PPTR + 0x800000u, 1024));
    CHECK_OK(do_delete(W));
    CHECK_EQ(hooks.delete_asid_pool, 1);
}

TEST(delete_blocked_caller_deletes_the_reply_cap_held_for_it)
{
    setup();
    make(OBJ_TCB, 0, X);
    tcb_t *caller = tcb_in(X);
    tcb_setup_reply_master(caller);
    caller->state = THREAD_BLOCKED_ON_REPLY;
    mdb_insert_child(cap_reply_new(tcb_ref(caller), false, true), tcb_slot(caller, TCB_REPLY),
                     tcb_slot(root_tcb(), TCB_CALLER));
    check_cdt();
    CHECK_OK(do_delete(X));
    CHECK(cte_is_empty(tcb_slot(root_tcb(), TCB_CALLER)));
}
