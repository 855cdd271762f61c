/*
 * Host tests of the thread helpers in src/kernel/thread.c that the IPC
 * tests do not reach through endpoints: replies to invocations (registers,
 * then the IPC buffer), the IPC buffer's rights, restarting a thread on the
 * way out of the kernel, and the list of every TCB behind
 * seL4_DebugDumpScheduler.
 */
#include <string.h>

#include "ipc_fixture.h"

static const word_t reply_words[] = { 11, 12, 13, 14, 15, 16, 17 };

/* The thread's IPC buffer frame cap replaced by a derived one with `rights`. */
static void set_buffer_rights(tcb_t *t, word_t frame_slot, word_t rights)
{
    cte_delete_one(tcb_slot(t, TCB_BUFFER));
    cap_t frame = frame_cap_set_rights(slot(frame_slot)->cap, rights);
    mdb_insert_child(frame, slot(frame_slot), tcb_slot(t, TCB_BUFFER));
}

/* ---- Replies to invocations (thread_reply) ---- */

TEST(thread_reply_of_four_words_fills_the_message_registers)
{
    tcb_t *a = thread_a();
    word_t *buffer = ipc_buffer_of(a);
    buffer[IPC_BUFFER_MSG + 4] = 0xdead;
    a->context.regs[REG_R0] = 0x55; /* a badge left from an earlier receive */
    thread_reply(a, 0, 4, reply_words);
    CHECK_EQ(badge_of(a), 0); /* the kernel's replies carry no badge */
    CHECK_EQ(message_info_get_label(info_of(a)), 0);
    CHECK_EQ(message_info_get_length(info_of(a)), 4);
    for (word_t i = 0; i < 4; i++) {
        CHECK_EQ(a->context.regs[REG_R2 + i], reply_words[i]);
    }
    CHECK_EQ(buffer[IPC_BUFFER_MSG + 4], 0xdead); /* the buffer is not touched */
}

TEST(thread_reply_longer_than_the_registers_continues_in_the_ipc_buffer)
{
    tcb_t *a = thread_a();
    thread_reply(a, 0, 7, reply_words);
    CHECK_EQ(message_info_get_length(info_of(a)), 7);
    for (word_t i = 0; i < 7; i++) {
        CHECK_EQ(mr(a, i), reply_words[i]);
    }
    CHECK_EQ(ipc_buffer_of(a)[IPC_BUFFER_MSG + 6], reply_words[6]);
}

TEST(thread_reply_without_an_ipc_buffer_is_cut_to_the_registers)
{
    tcb_t *a = thread_a();
    drop_ipc_buffer(a);
    thread_reply(a, 0, 7, reply_words);
    CHECK_EQ(message_info_get_length(info_of(a)), MSG_REGISTER_COUNT);
    CHECK_EQ(a->context.regs[REG_R2 + 3], reply_words[3]);
}

TEST(thread_reply_of_an_error_carries_the_error_as_label)
{
    tcb_t *a = thread_a();
    thread_reply(a, ERR_INVALID_ARGUMENT, 1, reply_words);
    CHECK_EQ(message_info_get_label(info_of(a)), ERR_INVALID_ARGUMENT);
    CHECK_EQ(message_info_get_length(info_of(a)), 1);
    CHECK_EQ(mr(a, 0), reply_words[0]);
}

TEST(thread_reply_into_a_read_only_ipc_buffer_is_cut_to_the_registers)
{
    tcb_t *a = thread_a();
    set_buffer_rights(a, SLOT_FRAME_A, VM_READ_ONLY);
    thread_reply(a, 0, 6, reply_words);
    CHECK_EQ(message_info_get_length(info_of(a)), MSG_REGISTER_COUNT);
}

/* ---- The IPC buffer as sender and receiver see it ---- */

TEST(thread_ipc_buffer_read_only_serves_a_sender_but_not_a_receiver)
{
    tcb_t *a = thread_a();
    set_buffer_rights(a, SLOT_FRAME_A, VM_READ_ONLY);
    CHECK(thread_ipc_buffer(a, false) != NULL);
    CHECK(thread_ipc_buffer(a, true) == NULL);
}

TEST(thread_ipc_buffer_kernel_only_frame_serves_nobody)
{
    tcb_t *a = thread_a();
    set_buffer_rights(a, SLOT_FRAME_A, VM_KERNEL_ONLY);
    CHECK(thread_ipc_buffer(a, false) == NULL);
    CHECK(thread_ipc_buffer(a, true) == NULL);
}

TEST(thread_ipc_buffer_is_at_the_buffer_address_offset_in_its_frame)
{
    tcb_t *a = thread_a();
    a->ipc_buffer = 0x10200; /* 0x200 into a 4 KiB frame */
    word_t *buffer = thread_ipc_buffer(a, true);
    CHECK(buffer == pptr_to_ptr(frame_cap_get_base(slot(SLOT_FRAME_A)->cap) + 0x200));
}

/* ---- Leaving the kernel (thread_activate_current) ---- */

TEST(thread_activate_restarts_a_restart_thread_at_its_faulting_instruction)
{
    tcb_t *a = thread_a();
    a->context.regs[REG_PC] = 0x8004;
    a->context.regs[REG_FAULT_IP] = 0x8000;
    a->state = THREAD_RESTART;
    ks_cur_thread = a;
    thread_activate_current();
    CHECK(ks_cur_thread == a);
    CHECK_EQ(a->state, THREAD_RUNNING);
    CHECK_EQ(a->context.regs[REG_PC], 0x8000);
}

TEST(thread_activate_resumes_a_running_thread_where_it_was)
{
    tcb_t *a = thread_a();
    a->context.regs[REG_PC] = 0x8004;
    a->context.regs[REG_FAULT_IP] = 0x8000;
    ks_cur_thread = a;
    thread_activate_current();
    CHECK_EQ(a->state, THREAD_RUNNING);
    CHECK_EQ(a->context.regs[REG_PC], 0x8004);
}

/* ---- The list of every TCB (seL4_DebugDumpScheduler) ---- */

static const char *line_of(const char *console, const char *name)
{
    const char *at = strstr(console, name);
    CHECK(at != NULL);
    return at;
}

/* The text from `at` to the end of its line, for strstr within one line. */
static void one_line(const char *at, char *out, size_t size)
{
    size_t n = strcspn(at, "\n");
    n = n < size - 1 ? n : size - 1;
    memcpy(out, at, n);
    out[n] = '\0';
}

TEST(thread_debug_dump_lists_every_thread_with_state_and_priority)
{
    memcpy(thread_a()->name, "alpha", sizeof("alpha"));
    memcpy(thread_b()->name, "bravo", sizeof("bravo"));
    thread_b()->priority = 77;
    thread_b()->state = THREAD_BLOCKED_ON_NOTIFICATION;
    ks_cur_thread = thread_a();
    host_console_clear();
    thread_debug_dump();
    char line[160];
    one_line(line_of(host_console, "alpha"), line, sizeof(line));
    CHECK(strstr(line, "running") != NULL);
    CHECK(strstr(line, "(current)") != NULL);
    one_line(line_of(host_console, "bravo"), line, sizeof(line));
    CHECK(strstr(line, "blocked on notification") != NULL);
    CHECK(strstr(line, "  77 ") != NULL);
    CHECK(strstr(line, "(current)") == NULL);
    /* a header and one line per TCB: root, A, B and C (unnamed: "-") */
    word_t lines = 0;
    for (const char *p = host_console; *p; p++) {
        lines += *p == '\n';
    }
    CHECK_EQ(lines, 5);
}

TEST(thread_debug_list_forgets_a_deleted_thread)
{
    memcpy(thread_b()->name, "bravo", sizeof("bravo"));
    CHECK_OK(do_delete(SLOT_B)); /* the last cap: the TCB is finalised */
    host_console_clear();
    thread_debug_dump();
    CHECK(strstr(host_console, "bravo") == NULL);
    CHECK_EQ(thread_c()->debug_next, tcb_ref(thread_a())); /* C, A, root */
    CHECK_EQ(thread_a()->debug_prev, tcb_ref(thread_c()));
}

TEST(thread_debug_list_survives_deleting_its_head)
{
    /* TCBs join at the head: the list is C, B, A, root. */
    CHECK_OK(do_delete(SLOT_C));
    CHECK_OK(do_delete(SLOT_A));
    host_console_clear();
    thread_debug_dump();
    word_t lines = 0;
    for (const char *p = host_console; *p; p++) {
        lines += *p == '\n';
    }
    CHECK_EQ(lines, 3); /* header, B, root */
    CHECK_EQ(thread_b()->debug_prev, 0);
}
