/*
 * Host tests of message transfer (src/kernel/ipc.c): how many message
 * registers arrive with and without IPC buffers, the message info the
 * receiver gets, and cap transfer: Grant, the single receive slot,
 * unwrapping caps to the endpoint into badges, and where a transfer stops.
 */
#include "ipc_fixture.h"

static word_t words[MSG_MAX_LENGTH];

static void fill_words(void)
{
    for (word_t i = 0; i < MSG_MAX_LENGTH; i++) {
        words[i] = 0x1000 + i;
    }
}

/* B waits on the endpoint, A sends `length` words through the cap in
 * cap_slot; returns the length B's message info reports. */
static word_t transfer(word_t cap_slot, word_t length)
{
    fill_words();
    receive_through(SLOT_EP, thread_b(), true);
    set_message(thread_a(), 0, 0, length, words);
    CHECK_OK(send_through(cap_slot, thread_a(), true, false));
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    return message_info_get_length(info_of(thread_b()));
}

TEST(message_is_copied_up_to_the_senders_length)
{
    CHECK_EQ(transfer(SLOT_EP, 6), 6);
    for (word_t i = 0; i < 6; i++) {
        CHECK_EQ(mr(thread_b(), i), words[i]);
    }
    CHECK_EQ(mr(thread_b(), 6), 0); /* nothing beyond the length */
}

TEST(longest_message_is_copied_whole)
{
    CHECK_EQ(transfer(SLOT_EP, MSG_MAX_LENGTH), MSG_MAX_LENGTH);
    CHECK_EQ(mr(thread_b(), MSG_MAX_LENGTH - 1), words[MSG_MAX_LENGTH - 1]);
}

TEST(length_beyond_the_maximum_counts_as_the_maximum)
{
    fill_words();
    receive_through(SLOT_EP, thread_b(), true);
    set_message(thread_a(), 0, 0, MSG_MAX_LENGTH, words);
    thread_a()->context.regs[REG_R1] = message_info_new(0, 0, 0, 127).words[0];
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, false));
    CHECK_EQ(message_info_get_length(info_of(thread_b())), MSG_MAX_LENGTH);
}

TEST(receiver_without_ipc_buffer_gets_the_register_mrs)
{
    drop_ipc_buffer(thread_b());
    CHECK_EQ(transfer(SLOT_EP, 6), MSG_REGISTER_COUNT);
    for (word_t i = 0; i < MSG_REGISTER_COUNT; i++) {
        CHECK_EQ(thread_b()->context.regs[REG_R2 + i], words[i]);
    }
    CHECK_EQ(hooks.kprintf, 1); /* the debug build's truncation warning */
}

TEST(message_that_fits_in_registers_is_not_reported_truncated)
{
    drop_ipc_buffer(thread_b());
    CHECK_EQ(transfer(SLOT_EP, MSG_REGISTER_COUNT), MSG_REGISTER_COUNT);
    CHECK_EQ(hooks.kprintf, 0);
}

TEST(sender_without_ipc_buffer_sends_the_register_mrs)
{
    fill_words();
    set_message(thread_a(), 0, 0, 6, words); /* MR4, MR5 into its buffer ... */
    drop_ipc_buffer(thread_a());             /* ... which then goes away */
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, false));
    CHECK_EQ(message_info_get_length(info_of(thread_b())), MSG_REGISTER_COUNT);
    CHECK_EQ(mr(thread_b(), 3), words[3]);
    CHECK_EQ(hooks.kprintf, 1); /* the debug build's truncation warning */
}

TEST(short_message_needs_no_buffers)
{
    drop_ipc_buffer(thread_a());
    drop_ipc_buffer(thread_b());
    CHECK_EQ(transfer(SLOT_EP, 2), 2);
    CHECK_EQ(thread_b()->context.regs[REG_R2 + 1], words[1]);
}

TEST(label_is_passed_and_cap_fields_are_the_kernels)
{
    receive_through(SLOT_EP, thread_b(), true);
    /* the sender claims unwrapped caps and extra caps it never names */
    thread_a()->context.regs[REG_R1] = message_info_new(0xabcde, 7, 0, 0).words[0];
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, false));
    message_info_t info = info_of(thread_b());
    CHECK_EQ(message_info_get_label(info), 0xabcde);
    CHECK_EQ(message_info_get_caps_unwrapped(info), 0);
    CHECK_EQ(message_info_get_extra_caps(info), 0);
}

/* A sends the caps in root slots caps[0..n) through the cap in cap_slot to
 * B, which waits on the endpoint with receive slot SLOT_SPARE + 10. */
#define RECEIVE_SLOT (SLOT_SPARE + 10)
static message_info_t send_caps(word_t cap_slot, const word_t *caps, word_t n)
{
    set_receive_slot(thread_b(), RECEIVE_SLOT);
    receive_through(SLOT_EP, thread_b(), true);
    word_t *buffer = ipc_buffer_of(thread_a());
    for (word_t i = 0; i < n; i++) {
        buffer[IPC_BUFFER_CAPS + i] = caps[i];
    }
    set_message(thread_a(), 0, n, 0, NULL);
    CHECK_OK(send_through(cap_slot, thread_a(), true, false));
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    return info_of(thread_b());
}

TEST(caps_need_grant_to_be_transferred)
{
    mint(SLOT_SPARE, SLOT_EP, CAP_RIGHT_WRITE | CAP_RIGHT_GRANT_REPLY, 0);
    word_t caps[] = { SLOT_NTFN };
    message_info_t info = send_caps(SLOT_SPARE, caps, 1);
    CHECK_EQ(message_info_get_extra_caps(info), 0);
    CHECK(cte_is_empty(slot(RECEIVE_SLOT)));
}

TEST(cap_is_transferred_into_the_receive_slot)
{
    word_t caps[] = { SLOT_NTFN };
    message_info_t info = send_caps(SLOT_EP, caps, 1);
    CHECK_EQ(message_info_get_extra_caps(info), 1);
    CHECK_EQ(message_info_get_caps_unwrapped(info), 0);
    CHECK_EQ(cap_get_type(slot(RECEIVE_SLOT)->cap), CAP_NOTIFICATION);
    CHECK(mdb_is_parent_of(slot(SLOT_NTFN), slot(RECEIVE_SLOT)));
}

TEST(only_one_cap_is_transferred)
{
    word_t caps[] = { SLOT_NTFN, SLOT_EP2 };
    message_info_t info = send_caps(SLOT_EP, caps, 2);
    CHECK_EQ(message_info_get_extra_caps(info), 1);
    CHECK_EQ(cap_get_type(slot(RECEIVE_SLOT)->cap), CAP_NOTIFICATION);
}

TEST(caps_to_the_endpoint_are_unwrapped_into_badges)
{
    mint(SLOT_SPARE, SLOT_EP, ALL_RIGHTS, 0x55);
    word_t caps[] = { SLOT_SPARE, SLOT_NTFN, SLOT_EP };
    message_info_t info = send_caps(SLOT_EP, caps, 3);
    CHECK_EQ(message_info_get_extra_caps(info), 3);
    CHECK_EQ(message_info_get_caps_unwrapped(info), BIT(0) | BIT(2));
    word_t *buffer = ipc_buffer_of(thread_b());
    CHECK_EQ(buffer[IPC_BUFFER_CAPS + 0], 0x55);
    CHECK_EQ(buffer[IPC_BUFFER_CAPS + 2], 0);
    CHECK_EQ(cap_get_type(slot(RECEIVE_SLOT)->cap), CAP_NOTIFICATION);
}

TEST(transfer_stops_at_a_cap_that_cannot_go)
{
    /* the receive slot is taken, so the notification cap cannot go, and
     * the endpoint cap after it is not looked at */
    mint(RECEIVE_SLOT, SLOT_EP2, ALL_RIGHTS, 0);
    word_t caps[] = { SLOT_EP, SLOT_NTFN, SLOT_EP };
    message_info_t info = send_caps(SLOT_EP, caps, 3);
    CHECK_EQ(message_info_get_extra_caps(info), 1);
    CHECK_EQ(message_info_get_caps_unwrapped(info), BIT(0));
}

TEST(cap_that_cannot_be_derived_ends_the_transfer)
{
    /* an untyped with children cannot be copied (seL4_RevokeFirst) */
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, SLOT_SPARE, 1));
    word_t caps[] = { SLOT_UNTYPED, SLOT_NTFN };
    message_info_t info = send_caps(SLOT_EP, caps, 2);
    CHECK_EQ(message_info_get_extra_caps(info), 0);
    CHECK(cte_is_empty(slot(RECEIVE_SLOT)));
}

TEST(receiver_without_buffer_gets_no_caps)
{
    set_receive_slot(thread_b(), RECEIVE_SLOT);
    drop_ipc_buffer(thread_b());
    receive_through(SLOT_EP, thread_b(), true);
    ipc_buffer_of(thread_a())[IPC_BUFFER_CAPS] = SLOT_NTFN;
    set_message(thread_a(), 0, 1, 0, NULL);
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, false));
    CHECK_EQ(message_info_get_extra_caps(info_of(thread_b())), 0);
    CHECK(cte_is_empty(slot(RECEIVE_SLOT)));
}

TEST(caps_are_looked_up_again_when_a_queued_sender_is_received)
{
    CHECK_OK(do_copy(SLOT_SPARE, SLOT_NTFN, ALL_RIGHTS));
    ipc_buffer_of(thread_a())[IPC_BUFFER_CAPS] = SLOT_SPARE;
    set_message(thread_a(), 0, 1, 1, (const word_t[]){ 99 });
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, false));
    CHECK_OK(do_delete(SLOT_SPARE)); /* gone before anyone receives */
    set_receive_slot(thread_b(), RECEIVE_SLOT);
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_EQ(message_info_get_extra_caps(info_of(thread_b())), 0);
    CHECK_EQ(mr(thread_b(), 0), 99);
    CHECK(cte_is_empty(slot(RECEIVE_SLOT)));
}

TEST(receive_slot_must_resolve_to_an_empty_slot)
{
    word_t *buffer = ipc_buffer_of(thread_b());
    set_receive_slot(thread_b(), SLOT_SPARE);
    CHECK(ipc_receive_slot(thread_b(), buffer) == slot(SLOT_SPARE));
    set_receive_slot(thread_b(), SLOT_NTFN); /* occupied */
    CHECK(ipc_receive_slot(thread_b(), buffer) == NULL);
    set_receive_slot(thread_b(), SLOT_SPARE);
    buffer[IPC_BUFFER_RECEIVE_DEPTH] = 8; /* the root needs 32 bits */
    CHECK(ipc_receive_slot(thread_b(), buffer) == NULL);
    set_receive_slot(thread_b(), SLOT_SPARE);
    buffer[IPC_BUFFER_RECEIVE_CNODE] = SLOT_NTFN; /* not a CNode */
    CHECK(ipc_receive_slot(thread_b(), buffer) == NULL);
    CHECK(ipc_receive_slot(thread_b(), NULL) == NULL);
}

TEST(only_caps_to_the_same_endpoint_are_unwrapped)
{
    CHECK(ipc_cap_is_unwrapped(slot(SLOT_EP)->cap, ep()));
    CHECK(!ipc_cap_is_unwrapped(slot(SLOT_EP2)->cap, ep()));
    CHECK(!ipc_cap_is_unwrapped(slot(SLOT_NTFN)->cap, ep()));
    CHECK(!ipc_cap_is_unwrapped(slot(SLOT_EP)->cap, NULL)); /* replies */
}

TEST(extra_cap_lookup_reports_the_failing_cptr)
{
    word_t *buffer = ipc_buffer_of(thread_a());
    buffer[IPC_BUFFER_CAPS] = SLOT_NTFN;
    buffer[IPC_BUFFER_CAPS + 1] = SLOT_SPARE;  /* empty: resolves, to a null cap */
    buffer[IPC_BUFFER_CAPS + 2] = 0x80000000u; /* beyond the root CNode's guard */
    cte_t *caps[MAX_EXTRA_CAPS];
    fault_t fault;
    CHECK(ipc_lookup_extra_caps(thread_a(), buffer, message_info_new(0, 0, 2, 0), caps, &fault));
    CHECK(caps[0] == slot(SLOT_NTFN) && caps[1] == slot(SLOT_SPARE) && caps[2] == NULL);
    CHECK(!ipc_lookup_extra_caps(thread_a(), buffer, message_info_new(0, 0, 3, 0), caps, &fault));
    CHECK_EQ(fault.type, FAULT_CAP);
    CHECK_EQ(fault.words[0], 0x80000000u);
    CHECK_EQ(fault.words[1], 0); /* send phase */
    CHECK_EQ(fault.lookup.type, LOOKUP_GUARD_MISMATCH);
    CHECK(ipc_lookup_extra_caps(thread_a(), NULL, message_info_new(0, 0, 3, 0), caps, &fault));
    CHECK(caps[0] == NULL);
}

TEST(caps_of_a_queued_sender_whose_cspace_is_gone_are_dropped)
{
    ipc_buffer_of(thread_a())[IPC_BUFFER_CAPS] = SLOT_NTFN;
    set_message(thread_a(), 0, 1, 1, (const word_t[]){ 77 });
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, false));
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_SEND);
    mdb_remove(tcb_slot(thread_a(), TCB_CTABLE)); /* its CSpace root gone: no cptr resolves */
    set_receive_slot(thread_b(), RECEIVE_SLOT);
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_EQ(thread_a()->state, THREAD_RUNNING); /* the send completes, without a fault */
    CHECK(!fault_is_pending(thread_a()));
    CHECK_EQ(message_info_get_extra_caps(info_of(thread_b())), 0);
    CHECK_EQ(mr(thread_b(), 0), 77);
    CHECK(cte_is_empty(slot(RECEIVE_SLOT)));
}
