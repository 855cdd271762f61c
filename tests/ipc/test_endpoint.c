/*
 * Host tests of endpoint IPC (src/object/endpoint.c): the idle/send/recv
 * queue states, blocking and non-blocking sends and receives, badges,
 * first-come order, the rights Send and Call need, and what deleting an
 * endpoint or CancelBadgedSends does to queued threads.
 */
#include "ipc_fixture.h"

static const word_t words[] = { 11, 22, 33, 44, 55, 66 };

TEST(send_on_idle_endpoint_queues_the_sender)
{
    mint(SLOT_SPARE, SLOT_EP, ALL_RIGHTS, 0x42);
    set_message(thread_a(), 1, 0, 2, words);
    CHECK_OK(send_through(SLOT_SPARE, thread_a(), true, false));
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_SEND);
    CHECK_EQ(thread_a()->blocking_badge, 0x42);
    CHECK_EQ(thread_a()->blocking_object, ptr_to_pptr(ep()));
    CHECK_EQ(ep()->state, EP_SEND);
    CHECK_EQ(ep()->queue.head, tcb_ref(thread_a()));
}

TEST(nbsend_without_receiver_drops_the_message)
{
    set_message(thread_a(), 1, 0, 2, words);
    CHECK_OK(send_through(SLOT_EP, thread_a(), false, false));
    CHECK_EQ(thread_a()->state, THREAD_RUNNING);
    CHECK_EQ(ep()->state, EP_IDLE);
    CHECK_EQ(ep()->queue.head, 0);
}

TEST(recv_on_idle_endpoint_queues_the_receiver)
{
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_EQ(thread_b()->state, THREAD_BLOCKED_ON_RECEIVE);
    CHECK_EQ(ep()->state, EP_RECV);
    CHECK_EQ(ep()->queue.head, tcb_ref(thread_b()));
}

TEST(nbrecv_without_sender_returns_badge_zero)
{
    thread_b()->context.regs[REG_R0] = 0x1234;
    receive_through(SLOT_EP, thread_b(), false);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(badge_of(thread_b()), 0);
    CHECK_EQ(ep()->state, EP_IDLE);
}

TEST(send_to_waiting_receiver_delivers_badge_and_message)
{
    receive_through(SLOT_EP, thread_b(), true);
    mint(SLOT_SPARE, SLOT_EP, ALL_RIGHTS, 0x42);
    set_message(thread_a(), 7, 0, 6, words);
    CHECK_OK(send_through(SLOT_SPARE, thread_a(), true, false));
    CHECK_EQ(thread_a()->state, THREAD_RUNNING);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(ep()->state, EP_IDLE);
    CHECK_EQ(badge_of(thread_b()), 0x42);
    CHECK_EQ(message_info_get_label(info_of(thread_b())), 7);
    CHECK_EQ(message_info_get_length(info_of(thread_b())), 6);
    for (word_t i = 0; i < 6; i++) {
        CHECK_EQ(mr(thread_b(), i), words[i]);
    }
    CHECK(hooks.last_switch_to == thread_b());
}

TEST(nbsend_to_waiting_receiver_is_delivered)
{
    receive_through(SLOT_EP, thread_b(), true);
    set_message(thread_a(), 3, 0, 1, words);
    CHECK_OK(send_through(SLOT_EP, thread_a(), false, false));
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(mr(thread_b(), 0), words[0]);
}

TEST(recv_takes_a_queued_sender_and_resumes_it)
{
    mint(SLOT_SPARE, SLOT_EP, ALL_RIGHTS, 9);
    set_message(thread_a(), 5, 0, 3, words);
    CHECK_OK(send_through(SLOT_SPARE, thread_a(), true, false));
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(thread_a()->state, THREAD_RUNNING);
    CHECK(hooks.last_switch_to == thread_a());
    CHECK_EQ(badge_of(thread_b()), 9);
    CHECK_EQ(message_info_get_label(info_of(thread_b())), 5);
    CHECK_EQ(mr(thread_b(), 2), words[2]);
    CHECK_EQ(ep()->state, EP_IDLE);
}

TEST(nbrecv_takes_a_queued_sender)
{
    set_message(thread_a(), 5, 0, 1, words);
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, false));
    receive_through(SLOT_EP, thread_b(), false);
    CHECK_EQ(thread_a()->state, THREAD_RUNNING);
    CHECK_EQ(mr(thread_b(), 0), words[0]);
}

TEST(queued_senders_are_received_in_order)
{
    mint(SLOT_SPARE, SLOT_EP, ALL_RIGHTS, 1);
    mint(SLOT_SPARE + 1, SLOT_EP, ALL_RIGHTS, 2);
    set_message(thread_a(), 0, 0, 0, NULL);
    set_message(thread_c(), 0, 0, 0, NULL);
    CHECK_OK(send_through(SLOT_SPARE, thread_a(), true, false));
    CHECK_OK(send_through(SLOT_SPARE + 1, thread_c(), true, false));
    CHECK_EQ(ep()->state, EP_SEND);
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_EQ(badge_of(thread_b()), 1);
    CHECK_EQ(ep()->state, EP_SEND);
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_EQ(badge_of(thread_b()), 2);
    CHECK_EQ(ep()->state, EP_IDLE);
}

TEST(queued_receivers_are_served_in_order)
{
    receive_through(SLOT_EP, thread_b(), true);
    receive_through(SLOT_EP, thread_c(), true);
    set_message(thread_a(), 0, 0, 0, NULL);
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, false));
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(thread_c()->state, THREAD_BLOCKED_ON_RECEIVE);
    CHECK_EQ(ep()->state, EP_RECV);
    CHECK_EQ(ep()->queue.head, tcb_ref(thread_c()));
}

TEST(send_on_cap_without_write_is_invalid_capability)
{
    mint(SLOT_SPARE, SLOT_EP, CAP_RIGHT_READ | CAP_RIGHT_GRANT, 0);
    set_message(thread_a(), 0, 0, 0, NULL);
    result_t r = send_through(SLOT_SPARE, thread_a(), true, true);
    CHECK_ERROR(r, ERR_INVALID_CAPABILITY);
    CHECK_EQ(r.error.invalid_cap_number, 0);
    CHECK_EQ(thread_a()->state, THREAD_RUNNING);
    CHECK_EQ(ep()->state, EP_IDLE);
}

TEST(deleting_the_endpoint_restarts_queued_senders)
{
    set_message(thread_a(), 0, 0, 0, NULL);
    set_message(thread_c(), 0, 0, 0, NULL);
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, false));
    CHECK_OK(send_through(SLOT_EP, thread_c(), true, true));
    CHECK_OK(do_delete(SLOT_EP));
    CHECK_EQ(thread_a()->state, THREAD_RESTART);
    CHECK_EQ(thread_c()->state, THREAD_RESTART);
    CHECK_EQ(thread_a()->queue_next, 0);
    CHECK_EQ(hooks.sched_enqueue, 2);
}

TEST(deleting_the_endpoint_restarts_queued_receivers)
{
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_OK(do_delete(SLOT_EP));
    CHECK_EQ(thread_b()->state, THREAD_RESTART);
}

TEST(deleting_a_queued_thread_takes_it_off_the_queue)
{
    receive_through(SLOT_EP, thread_b(), true);
    receive_through(SLOT_EP, thread_c(), true);
    tcb_suspend(thread_b());
    CHECK_EQ(thread_b()->state, THREAD_INACTIVE);
    CHECK_EQ(ep()->queue.head, tcb_ref(thread_c()));
    tcb_suspend(thread_c());
    CHECK_EQ(ep()->state, EP_IDLE);
}

TEST(cancel_badged_sends_restarts_only_that_badge)
{
    mint(SLOT_SPARE, SLOT_EP, ALL_RIGHTS, 1);
    mint(SLOT_SPARE + 1, SLOT_EP, ALL_RIGHTS, 2);
    set_message(thread_a(), 0, 0, 0, NULL);
    set_message(thread_b(), 0, 0, 0, NULL);
    set_message(thread_c(), 0, 0, 0, NULL);
    CHECK_OK(send_through(SLOT_SPARE, thread_a(), true, false));
    CHECK_OK(send_through(SLOT_SPARE + 1, thread_b(), true, false));
    CHECK_OK(send_through(SLOT_SPARE, thread_c(), true, true));
    CHECK_OK(do_cancel_badged_sends(SLOT_SPARE));
    CHECK_EQ(thread_a()->state, THREAD_RESTART);
    CHECK_EQ(thread_c()->state, THREAD_RESTART);
    CHECK_EQ(thread_b()->state, THREAD_BLOCKED_ON_SEND);
    CHECK_EQ(ep()->state, EP_SEND);
    CHECK_EQ(ep()->queue.head, tcb_ref(thread_b()));
    CHECK_EQ(ep()->queue.tail, tcb_ref(thread_b()));
    CHECK_OK(do_cancel_badged_sends(SLOT_SPARE + 1));
    CHECK_EQ(thread_b()->state, THREAD_RESTART);
    CHECK_EQ(ep()->state, EP_IDLE);
}

TEST(cancel_badged_sends_leaves_receivers_alone)
{
    mint(SLOT_SPARE, SLOT_EP, ALL_RIGHTS, 1);
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_OK(do_cancel_badged_sends(SLOT_SPARE));
    CHECK_EQ(thread_b()->state, THREAD_BLOCKED_ON_RECEIVE);
    CHECK_EQ(ep()->state, EP_RECV);
}
