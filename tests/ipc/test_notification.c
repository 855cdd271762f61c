/*
 * Host tests of notifications (src/object/notification.c): Signal ORs
 * badges into the word or wakes the first waiter, Wait blocks while the word
 * is 0, Poll never blocks, a bound thread receiving on an endpoint also gets
 * signals, and deleting a notification restarts its waiters.
 */
#include "ipc_fixture.h"

/* Signals through a cap minted from the notification with `badge`. */
static void signal_with(word_t badge)
{
    do_delete(SLOT_SPARE);
    mint(SLOT_SPARE, SLOT_NTFN, ALL_RIGHTS, badge);
    CHECK_OK(send_through(SLOT_SPARE, thread_a(), false, false));
}

TEST(signal_with_nobody_waiting_makes_the_word_pending)
{
    signal_with(0x4);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_ACTIVE);
    CHECK_EQ(ntfn_get_msg_identifier(*ntfn()), 0x4);
}

TEST(signals_are_ored_into_the_word)
{
    signal_with(0x4);
    signal_with(0x1);
    signal_with(0x5);
    CHECK_EQ(ntfn_get_msg_identifier(*ntfn()), 0x5);
}

TEST(wait_takes_the_pending_word_and_clears_it)
{
    signal_with(0x6);
    receive_through(SLOT_NTFN, thread_b(), true);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(badge_of(thread_b()), 0x6);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_IDLE);
}

TEST(wait_blocks_until_a_signal_and_gets_its_badge)
{
    receive_through(SLOT_NTFN, thread_b(), true);
    CHECK_EQ(thread_b()->state, THREAD_BLOCKED_ON_NOTIFICATION);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_WAITING);
    thread_b()->context.regs[REG_R1] = 0xdead;
    signal_with(0x30);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK(hooks.last_switch_to == thread_b());
    CHECK_EQ(badge_of(thread_b()), 0x30);
    CHECK_EQ(thread_b()->context.regs[REG_R1], 0xdead); /* seL4: the badge alone */
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_IDLE);
}

TEST(signal_wakes_waiters_one_at_a_time_in_order)
{
    receive_through(SLOT_NTFN, thread_b(), true);
    receive_through(SLOT_NTFN, thread_c(), true);
    signal_with(1);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(thread_c()->state, THREAD_BLOCKED_ON_NOTIFICATION);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_WAITING);
    signal_with(2);
    CHECK_EQ(badge_of(thread_c()), 2);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_IDLE);
}

TEST(unbadged_signal_still_counts)
{
    CHECK_OK(send_through(SLOT_NTFN, thread_a(), false, false));
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_ACTIVE);
    receive_through(SLOT_NTFN, thread_b(), true);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(badge_of(thread_b()), 0);
}

TEST(poll_without_signal_returns_zero_and_does_not_block)
{
    thread_b()->context.regs[REG_R0] = 77;
    receive_through(SLOT_NTFN, thread_b(), false);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(badge_of(thread_b()), 0);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_IDLE);
}

TEST(poll_takes_the_pending_word)
{
    signal_with(0x9);
    receive_through(SLOT_NTFN, thread_b(), false);
    CHECK_EQ(badge_of(thread_b()), 0x9);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_IDLE);
}

TEST(call_on_a_notification_signals)
{
    mint(SLOT_SPARE, SLOT_NTFN, ALL_RIGHTS, 0x2);
    CHECK_OK(send_through(SLOT_SPARE, thread_a(), true, true));
    CHECK_EQ(thread_a()->state, THREAD_RUNNING);
    CHECK_EQ(ntfn_get_msg_identifier(*ntfn()), 0x2);
}

TEST(signal_needs_write)
{
    mint(SLOT_SPARE, SLOT_NTFN, CAP_RIGHT_READ, 0x2);
    result_t r = send_through(SLOT_SPARE, thread_a(), true, true);
    CHECK_ERROR(r, ERR_INVALID_CAPABILITY);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_IDLE);
}

TEST(bound_thread_receiving_on_an_endpoint_gets_the_signal)
{
    tcb_bind_notification(thread_b(), ntfn());
    receive_through(SLOT_EP, thread_b(), true);
    thread_b()->context.regs[REG_R1] = 0xbeef;
    signal_with(0x8);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK(hooks.last_switch_to == thread_b());
    CHECK_EQ(badge_of(thread_b()), 0x8);
    CHECK_EQ(thread_b()->context.regs[REG_R1], 0xbeef); /* seL4: the badge alone */
    CHECK_EQ(ep()->state, EP_IDLE);                     /* it left the endpoint's queue */
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_IDLE);
}

TEST(bound_thread_gets_a_pending_signal_before_any_message)
{
    tcb_bind_notification(thread_b(), ntfn());
    set_message(thread_a(), 0, 0, 0, NULL);
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, false)); /* A queues */
    signal_with(0x3);
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(badge_of(thread_b()), 0x3);
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_SEND); /* still queued */
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_IDLE);
}

TEST(bound_thread_waiting_for_a_reply_is_not_woken)
{
    tcb_bind_notification(thread_a(), ntfn());
    receive_through(SLOT_EP, thread_b(), true);
    set_message(thread_a(), 0, 0, 0, NULL);
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, true));
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_REPLY);
    signal_with(0x1);
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_REPLY);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_ACTIVE);
}

TEST(bound_thread_can_wait_on_its_notification)
{
    tcb_bind_notification(thread_b(), ntfn());
    receive_through(SLOT_NTFN, thread_b(), true);
    CHECK_EQ(thread_b()->state, THREAD_BLOCKED_ON_NOTIFICATION);
    signal_with(0x10);
    CHECK_EQ(badge_of(thread_b()), 0x10);
}

TEST(deleting_the_notification_restarts_waiters_and_unbinds)
{
    tcb_bind_notification(thread_c(), ntfn());
    receive_through(SLOT_NTFN, thread_b(), true);
    CHECK_OK(do_delete(SLOT_NTFN));
    CHECK_EQ(thread_b()->state, THREAD_RESTART);
    CHECK_EQ(thread_b()->queue_next, 0);
    CHECK_EQ(thread_c()->bound_notification, 0);
}

TEST(suspending_a_waiter_takes_it_off_the_queue)
{
    receive_through(SLOT_NTFN, thread_b(), true);
    tcb_suspend(thread_b());
    CHECK_EQ(thread_b()->state, THREAD_INACTIVE);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_IDLE);
    signal_with(0x1);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_ACTIVE);
}
