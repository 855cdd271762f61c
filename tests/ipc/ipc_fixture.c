/*
 * The IPC tests' starting world and message helpers (ipc_fixture.h). Thread
 * A is the current thread unless a test says otherwise.
 */
#include "ipc_fixture.h"

static void make(word_t type, word_t index, word_t count)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, type, 0, index, count));
}

/* A thread that runs in the root CSpace with its own IPC buffer. */
static void make_thread(tcb_t *t, word_t frame_slot)
{
    mdb_insert_child(root_cap(), slot(SLOT_CNODE), tcb_slot(t, TCB_CTABLE));
    mdb_insert_child(slot(frame_slot)->cap, slot(frame_slot), tcb_slot(t, TCB_BUFFER));
    t->ipc_buffer = 0x10000;
    tcb_setup_reply_master(t);
    t->state = THREAD_RUNNING;
    t->fault_handler = 0; /* slot 0 of the root CNode: always empty */
}

static void ipc_fixture_setup(void)
{
    make(OBJ_TCB, SLOT_A, 3);
    make(OBJ_ENDPOINT, SLOT_EP, 2);
    make(OBJ_NOTIFICATION, SLOT_NTFN, 1);
    make(OBJ_ARM_SMALL_PAGE, SLOT_FRAME_A, 3);
    make_thread(thread_a(), SLOT_FRAME_A);
    make_thread(thread_b(), SLOT_FRAME_B);
    make_thread(thread_c(), SLOT_FRAME_C);
    ks_cur_thread = thread_a();
}

__attribute__((constructor)) static void ipc_fixture_install(void)
{
    fixture_extra_setup = ipc_fixture_setup;
}

void drop_ipc_buffer(tcb_t *t)
{
    cte_delete_one(tcb_slot(t, TCB_BUFFER));
    CHECK(thread_ipc_buffer(t, false) == NULL);
}

void set_message(tcb_t *t, word_t label, word_t extra_caps, word_t length, const word_t *words)
{
    word_t *buffer = thread_ipc_buffer(t, false);
    t->context.regs[REG_R1] = message_info_new(label, 0, extra_caps, length).words[0];
    for (word_t i = 0; i < length && i < MSG_MAX_LENGTH; i++) {
        thread_set_mr(t, buffer, i, words[i]);
    }
}

word_t mr(tcb_t *t, word_t i)
{
    return thread_get_mr(t, thread_ipc_buffer(t, true), i);
}

void mint(word_t dest, word_t src, word_t rights, word_t badge)
{
    CHECK_OK(do_mint(dest, src, rights, badge));
}

result_t send_through(word_t cap_slot, tcb_t *sender, bool blocking, bool is_call)
{
    word_t *buffer = thread_ipc_buffer(sender, false);
    message_info_t info = ipc_message_info_of(sender);
    word_t reply[MSG_MAX_LENGTH];
    word_t reply_length = 0;
    invocation_args_t args = { .label = message_info_get_label(info),
                               .length = message_info_get_length(info),
                               .thread = sender,
                               .is_blocking = blocking,
                               .is_call = is_call,
                               .reply_mrs = reply,
                               .reply_length = &reply_length };
    word_t mrs[MSG_MAX_LENGTH];
    for (word_t i = 0; i < args.length; i++) {
        mrs[i] = thread_get_mr(sender, buffer, i);
    }
    args.mrs = mrs;
    fault_t fault;
    CHECK(ipc_lookup_extra_caps(sender, buffer, info, args.extra_caps, &fault));
    result_t r = decode_invocation(&args, slot(cap_slot), slot(cap_slot)->cap);
    check_cdt();
    return r;
}

void receive_through(word_t cap_slot, tcb_t *receiver, bool blocking)
{
    cap_t cap = slot(cap_slot)->cap;
    if (cap_get_type(cap) == CAP_ENDPOINT) {
        CHECK(cap_endpoint_get_can_receive(cap));
        reply_delete_caller_cap(receiver);
        endpoint_receive(receiver, cap, blocking);
    } else {
        CHECK(cap_get_type(cap) == CAP_NOTIFICATION && cap_notification_get_can_receive(cap));
        notification_receive(notification_ptr(cap_notification_get_ptr(cap)), receiver, blocking);
    }
    check_cdt();
}

void set_receive_slot(tcb_t *receiver, word_t index)
{
    word_t *buffer = thread_ipc_buffer(receiver, true);
    buffer[IPC_BUFFER_RECEIVE_CNODE] = SLOT_CNODE;
    buffer[IPC_BUFFER_RECEIVE_INDEX] = index;
    buffer[IPC_BUFFER_RECEIVE_DEPTH] = WORD_BITS;
}
