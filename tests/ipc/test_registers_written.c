/*
 * Host tests of which registers (and IPC buffer words) a receive writes, as
 * seL4 writes them: a signal, Poll and NBRecv with nothing pending write the
 * badge register alone; a message writes the badge, the message info and
 * the message registers it carries, and nothing else.
 */
#include "ipc_fixture.h"

/* IPC buffer message words watched beyond the register MRs. */
#define WATCHED_BUFFER_MRS 8u

/* Everything a receive could write: the saved registers and the first
 * message words of the IPC buffer. */
typedef struct snapshot {
    word_t regs[REG_COUNT];
    word_t buffer[WATCHED_BUFFER_MRS];
} snapshot_t;

/* Gives every register and watched buffer word of t a value of its own. */
static snapshot_t fill(tcb_t *t, word_t base)
{
    snapshot_t s;
    word_t *buffer = ipc_buffer_of(t);
    for (word_t r = 0; r < REG_COUNT; r++) {
        t->context.regs[r] = s.regs[r] = base + r;
    }
    for (word_t i = 0; i < WATCHED_BUFFER_MRS; i++) {
        buffer[IPC_BUFFER_MSG + MSG_REGISTER_COUNT + i] = s.buffer[i] = base + 0x100 + i;
    }
    return s;
}

/* Checks that t's registers outside `written` (a mask of register
 * numbers) and its buffer words from MR `first_buffer_mr` on are as
 * snapshot `s` has them. */
static void check_unchanged(tcb_t *t, const snapshot_t *s, word_t written, word_t first_buffer_mr)
{
    word_t *buffer = ipc_buffer_of(t);
    for (word_t r = 0; r < REG_COUNT; r++) {
        if (!(written & BIT(r))) {
            CHECK_EQ(t->context.regs[r], s->regs[r]);
        }
    }
    for (word_t i = 0; i < WATCHED_BUFFER_MRS; i++) {
        if (MSG_REGISTER_COUNT + i >= first_buffer_mr) {
            CHECK_EQ(buffer[IPC_BUFFER_MSG + MSG_REGISTER_COUNT + i], s->buffer[i]);
        }
    }
}

#define ONLY_R0 BIT(REG_R0)
#define NO_BUFFER_MR (MSG_REGISTER_COUNT + WATCHED_BUFFER_MRS)

/* Signals through a cap minted from the notification with `badge`. */
static void signal_with(word_t badge)
{
    do_delete(SLOT_SPARE);
    mint(SLOT_SPARE, SLOT_NTFN, ALL_RIGHTS, badge);
    CHECK_OK(send_through(SLOT_SPARE, thread_a(), false, false));
}

TEST(signal_to_a_waiter_writes_only_its_badge_register)
{
    receive_through(SLOT_NTFN, thread_b(), true);
    snapshot_t s = fill(thread_b(), 0x1000);
    signal_with(0x30);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(badge_of(thread_b()), 0x30);
    check_unchanged(thread_b(), &s, ONLY_R0, MSG_REGISTER_COUNT);
}

TEST(wait_with_a_pending_signal_writes_only_the_badge_register)
{
    signal_with(0x6);
    snapshot_t s = fill(thread_b(), 0x2000);
    receive_through(SLOT_NTFN, thread_b(), true);
    CHECK_EQ(badge_of(thread_b()), 0x6);
    check_unchanged(thread_b(), &s, ONLY_R0, MSG_REGISTER_COUNT);
}

TEST(poll_with_nothing_pending_writes_only_the_badge_register)
{
    snapshot_t s = fill(thread_b(), 0x3000);
    receive_through(SLOT_NTFN, thread_b(), false);
    CHECK_EQ(badge_of(thread_b()), 0);
    check_unchanged(thread_b(), &s, ONLY_R0, MSG_REGISTER_COUNT);
}

TEST(signal_to_a_bound_receiver_writes_only_its_badge_register)
{
    tcb_bind_notification(thread_b(), ntfn());
    receive_through(SLOT_EP, thread_b(), true);
    snapshot_t s = fill(thread_b(), 0x4000);
    signal_with(0x8);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(badge_of(thread_b()), 0x8);
    check_unchanged(thread_b(), &s, ONLY_R0, MSG_REGISTER_COUNT);
}

TEST(recv_with_a_pending_bound_signal_writes_only_the_badge_register)
{
    tcb_bind_notification(thread_b(), ntfn());
    signal_with(0x3);
    snapshot_t s = fill(thread_b(), 0x5000);
    receive_through(SLOT_EP, thread_b(), false);
    CHECK_EQ(badge_of(thread_b()), 0x3);
    check_unchanged(thread_b(), &s, ONLY_R0, MSG_REGISTER_COUNT);
}

TEST(nbrecv_without_a_sender_writes_only_the_badge_register)
{
    snapshot_t s = fill(thread_b(), 0x6000);
    receive_through(SLOT_EP, thread_b(), false);
    CHECK_EQ(badge_of(thread_b()), 0);
    check_unchanged(thread_b(), &s, ONLY_R0, MSG_REGISTER_COUNT);
}

TEST(message_writes_badge_info_and_only_the_mrs_it_carries)
{
    static const word_t words[] = { 11, 22 };
    receive_through(SLOT_EP, thread_b(), true);
    snapshot_t s = fill(thread_b(), 0x7000);
    mint(SLOT_SPARE, SLOT_EP, ALL_RIGHTS, 0x42);
    set_message(thread_a(), 5, 0, 2, words);
    CHECK_OK(send_through(SLOT_SPARE, thread_a(), true, false));
    CHECK_EQ(badge_of(thread_b()), 0x42);
    CHECK_EQ(message_info_get_length(info_of(thread_b())), 2);
    CHECK_EQ(mr(thread_b(), 0), 11);
    CHECK_EQ(mr(thread_b(), 1), 22);
    check_unchanged(thread_b(), &s, BIT(REG_R0) | BIT(REG_R1) | BIT(REG_R2) | BIT(REG_R2 + 1),
                    MSG_REGISTER_COUNT);
}

TEST(long_message_writes_its_buffer_mrs_and_no_more)
{
    word_t words[MSG_REGISTER_COUNT + 2];
    for (word_t i = 0; i < ARRAY_SIZE(words); i++) {
        words[i] = 0x500 + i;
    }
    receive_through(SLOT_EP, thread_b(), true);
    snapshot_t s = fill(thread_b(), 0x8000);
    set_message(thread_a(), 0, 0, ARRAY_SIZE(words), words);
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, false));
    CHECK_EQ(mr(thread_b(), MSG_REGISTER_COUNT + 1), 0x500 + MSG_REGISTER_COUNT + 1);
    word_t mr_regs = 0;
    for (word_t i = 0; i < MSG_REGISTER_COUNT; i++) {
        mr_regs |= BIT(REG_R2 + i);
    }
    check_unchanged(thread_b(), &s, BIT(REG_R0) | BIT(REG_R1) | mr_regs, ARRAY_SIZE(words));
}

TEST(reply_writes_the_callers_badge_info_and_sent_mrs_but_not_the_repliers)
{
    static const word_t question[] = { 1 };
    receive_through(SLOT_EP, thread_b(), true);
    set_message(thread_a(), 0, 0, 1, question);
    CHECK_OK(send_through(SLOT_EP, thread_a(), true, true));
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_REPLY);
    snapshot_t caller = fill(thread_a(), 0x9000);
    snapshot_t replier = fill(thread_b(), 0xa000);
    thread_b()->context.regs[REG_R1] = replier.regs[REG_R1] = message_info_new(3, 0, 0, 1).words[0];
    thread_b()->context.regs[REG_R2] = replier.regs[REG_R2] = 0x77;
    reply_to_caller(thread_b());
    CHECK_EQ(thread_a()->state, THREAD_RUNNING);
    CHECK_EQ(badge_of(thread_a()), 0);
    CHECK_EQ(message_info_get_label(info_of(thread_a())), 3);
    CHECK_EQ(message_info_get_length(info_of(thread_a())), 1);
    CHECK_EQ(mr(thread_a(), 0), 0x77);
    check_unchanged(thread_a(), &caller, BIT(REG_R0) | BIT(REG_R1) | BIT(REG_R2),
                    MSG_REGISTER_COUNT);
    check_unchanged(thread_b(), &replier, 0, MSG_REGISTER_COUNT);
}
