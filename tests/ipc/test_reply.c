/*
 * Host tests of Call and Reply (src/object/endpoint.c, src/kernel/reply.c):
 * the reply cap a Call leaves in the receiver's caller slot and its Grant
 * right, callers without Grant or GrantReply, one-shot replies, replies to
 * callers that stopped waiting, and saved reply caps.
 */
#include "ipc_fixture.h"

static const word_t words[] = { 5, 6, 7, 8, 9 };

static cte_t *caller_slot(tcb_t *t)
{
    return tcb_slot(t, TCB_CALLER);
}

/* Moves the reply cap in t's caller slot to root slot index (SaveCaller). */
static void save_caller(tcb_t *t, word_t index)
{
    word_t mrs[] = { index, 32 };
    invocation_args_t args = { .label = CNodeSaveCaller, .length = 2, .mrs = mrs, .thread = t };
    CHECK_OK(decode_invocation(&args, slot(SLOT_CNODE), root_cap()));
}

/* B waits through the cap in recv_slot; A calls through the cap in
 * call_slot. */
static void call(word_t call_slot, word_t recv_slot)
{
    receive_through(recv_slot, thread_b(), true);
    set_message(thread_a(), 3, 0, 2, words);
    CHECK_OK(send_through(call_slot, thread_a(), true, true));
}

TEST(call_blocks_the_caller_on_reply_and_gives_a_reply_cap)
{
    call(SLOT_EP, SLOT_EP);
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_REPLY);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    cap_t reply = caller_slot(thread_b())->cap;
    CHECK_EQ(cap_get_type(reply), CAP_REPLY);
    CHECK(!cap_reply_get_master(reply));
    CHECK_EQ(cap_reply_get_tcb(reply), tcb_ref(thread_a()));
    CHECK(cap_reply_get_can_grant(reply));
    CHECK(mdb_is_parent_of(tcb_slot(thread_a(), TCB_REPLY), caller_slot(thread_b())));
}

TEST(call_to_a_queued_receiver_later_also_gives_a_reply_cap)
{
    set_message(thread_a(), 3, 0, 2, words);
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, true));
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_SEND);
    CHECK(thread_a()->blocking_is_call);
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_REPLY);
    CHECK_EQ(cap_get_type(caller_slot(thread_b())->cap), CAP_REPLY);
    CHECK_EQ(mr(thread_b(), 1), words[1]);
}

TEST(reply_cap_can_grant_only_if_the_receivers_cap_can)
{
    mint(SLOT_SPARE, SLOT_EP, CAP_RIGHT_READ, 0); /* receiver: no Grant */
    call(SLOT_EP, SLOT_SPARE);
    CHECK(!cap_reply_get_can_grant(caller_slot(thread_b())->cap));
}

TEST(reply_cap_can_grant_when_queued_receiver_had_grant)
{
    mint(SLOT_SPARE, SLOT_EP, CAP_RIGHT_WRITE | CAP_RIGHT_GRANT_REPLY, 0); /* caller */
    call(SLOT_SPARE, SLOT_EP);
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_REPLY);
    CHECK(cap_reply_get_can_grant(caller_slot(thread_b())->cap));
}

TEST(call_without_grant_or_grant_reply_leaves_the_caller_inactive)
{
    mint(SLOT_SPARE, SLOT_EP, CAP_RIGHT_WRITE, 0);
    call(SLOT_SPARE, SLOT_EP);
    CHECK_EQ(thread_a()->state, THREAD_INACTIVE);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(mr(thread_b(), 0), words[0]); /* the message still went */
    CHECK(cte_is_empty(caller_slot(thread_b())));
}

TEST(queued_call_without_grant_or_grant_reply_leaves_the_caller_inactive)
{
    mint(SLOT_SPARE, SLOT_EP, CAP_RIGHT_WRITE, 0);
    set_message(thread_a(), 0, 0, 0, NULL);
    CHECK_OK(send_through(SLOT_SPARE, thread_a(), true, true));
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_EQ(thread_a()->state, THREAD_INACTIVE);
    CHECK(cte_is_empty(caller_slot(thread_b())));
}

TEST(reply_resumes_the_caller_with_the_message)
{
    call(SLOT_EP, SLOT_EP);
    set_message(thread_b(), 0x77, 0, 5, words);
    reply_to_caller(thread_b());
    CHECK_EQ(thread_a()->state, THREAD_RUNNING);
    CHECK(hooks.last_switch_to == thread_a());
    CHECK_EQ(badge_of(thread_a()), 0);
    CHECK_EQ(message_info_get_label(info_of(thread_a())), 0x77);
    CHECK_EQ(message_info_get_length(info_of(thread_a())), 5);
    CHECK_EQ(mr(thread_a(), 4), words[4]);
    CHECK(cte_is_empty(caller_slot(thread_b())));
    CHECK_EQ(mdb_get_next(tcb_slot(thread_a(), TCB_REPLY)->mdb), 0);
}

TEST(reply_is_one_shot)
{
    call(SLOT_EP, SLOT_EP);
    set_message(thread_b(), 1, 0, 0, NULL);
    reply_to_caller(thread_b());
    unsigned woken = hooks.possible_switch_to;
    thread_a()->context.regs[REG_R1] = 0;
    set_message(thread_b(), 2, 0, 0, NULL);
    reply_to_caller(thread_b()); /* nothing to reply to now */
    CHECK_EQ(message_info_get_label(info_of(thread_a())), 0);
    CHECK_EQ(hooks.possible_switch_to, woken);
}

TEST(reply_without_caller_is_dropped)
{
    set_message(thread_b(), 1, 0, 0, NULL);
    reply_to_caller(thread_b());
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(hooks.possible_switch_to, 0);
}

TEST(reply_to_a_caller_that_was_suspended_is_dropped)
{
    call(SLOT_EP, SLOT_EP);
    tcb_suspend(thread_a()); /* deletes the reply cap */
    CHECK(cte_is_empty(caller_slot(thread_b())));
    set_message(thread_b(), 1, 0, 0, NULL);
    reply_to_caller(thread_b());
    CHECK_EQ(thread_a()->state, THREAD_INACTIVE);
}

TEST(receiving_again_drops_an_unused_reply_cap)
{
    call(SLOT_EP, SLOT_EP);
    receive_through(SLOT_EP2, thread_b(), false);
    CHECK(cte_is_empty(caller_slot(thread_b())));
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_REPLY); /* waits for good */
}

TEST(reply_carries_caps_only_through_a_reply_cap_that_can_grant)
{
    mint(SLOT_SPARE, SLOT_EP, CAP_RIGHT_READ, 0); /* receiver: no Grant */
    call(SLOT_EP, SLOT_SPARE);
    set_receive_slot(thread_a(), SLOT_SPARE + 1);
    ipc_buffer_of(thread_b())[IPC_BUFFER_CAPS] = SLOT_NTFN;
    set_message(thread_b(), 0, 1, 0, NULL);
    reply_to_caller(thread_b());
    CHECK_EQ(message_info_get_extra_caps(info_of(thread_a())), 0);
    CHECK(cte_is_empty(slot(SLOT_SPARE + 1)));
}

TEST(reply_with_grant_transfers_a_cap_and_never_unwraps)
{
    call(SLOT_EP, SLOT_EP);
    set_receive_slot(thread_a(), SLOT_SPARE + 1);
    ipc_buffer_of(thread_b())[IPC_BUFFER_CAPS] = SLOT_EP;
    set_message(thread_b(), 0, 1, 0, NULL);
    reply_to_caller(thread_b());
    CHECK_EQ(message_info_get_extra_caps(info_of(thread_a())), 1);
    CHECK_EQ(message_info_get_caps_unwrapped(info_of(thread_a())), 0);
    CHECK_EQ(cap_get_type(slot(SLOT_SPARE + 1)->cap), CAP_ENDPOINT);
}

TEST(saved_reply_cap_replies_when_invoked)
{
    call(SLOT_EP, SLOT_EP);
    save_caller(thread_b(), SLOT_SPARE);
    CHECK_EQ(cap_get_type(slot(SLOT_SPARE)->cap), CAP_REPLY);
    set_message(thread_b(), 0x33, 0, 1, words);
    CHECK_OK(send_through(SLOT_SPARE, thread_b(), true, false));
    CHECK_EQ(thread_a()->state, THREAD_RUNNING);
    CHECK_EQ(message_info_get_label(info_of(thread_a())), 0x33);
    CHECK(cte_is_empty(slot(SLOT_SPARE)));
}

TEST(call_on_a_saved_reply_cap_replies_and_returns)
{
    call(SLOT_EP, SLOT_EP);
    save_caller(thread_b(), SLOT_SPARE);
    set_message(thread_b(), 0, 0, 0, NULL);
    CHECK_OK(send_through(SLOT_SPARE, thread_b(), true, true));
    CHECK_EQ(thread_a()->state, THREAD_RUNNING);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING); /* a Call on a reply cap never blocks */
}

TEST(master_reply_cap_cannot_be_invoked)
{
    invocation_args_t args = { .thread = thread_b(), .is_blocking = true };
    cte_t *master = tcb_slot(thread_a(), TCB_REPLY);
    result_t r = decode_invocation(&args, master, master->cap);
    CHECK_ERROR(r, ERR_INVALID_CAPABILITY);
}

TEST(deleting_the_callers_tcb_deletes_the_reply_cap)
{
    call(SLOT_EP, SLOT_EP);
    CHECK_OK(do_delete(SLOT_A));
    CHECK(cte_is_empty(caller_slot(thread_b())));
}
