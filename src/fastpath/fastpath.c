/*
 * The IPC fast path (see include/fastpath/fastpath.h): seL4's conditions
 * for fastpath_call and fastpath_reply_recv, checked before anything
 * changes, then the state the general path plus schedule() would leave
 * behind, written directly. Whatever a check rules out (caps to transfer, a
 * long message, a pending fault, a thread the scheduler would not switch to
 * at once, a bound notification with a signal waiting, ...) goes to the
 * general path, which is the reference for every result here.
 */
#include <api/faults.h>
#include <api/message_info.h>
#include <api/syscall.h>
#include <api/syscall_numbers.h>
#include <fastpath/fastpath.h>
#include <kernel/cdt.h>
#include <kernel/cspace.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/thread.h>
#include <object/endpoint.h>
#include <object/notification.h>

/* No caps and no more words than travel in registers. */
static bool fastpath_message_fits(message_info_t info)
{
    return message_info_get_extra_caps(info) == 0 &&
           message_info_get_length(info) <= MSG_REGISTER_COUNT;
}

/* Whether schedule() would switch straight to `to` once the current thread
 * has blocked: the same domain, and a priority not below both the current
 * thread's and the best ready thread's (sched.c's candidate rule). */
static bool fastpath_switches_to(const tcb_t *cur, const tcb_t *to)
{
    if (NUM_DOMAINS > 1 && to->domain != ks_cur_domain) {
        return false;
    }
    if (tcb_core(to) != smp_this_core()) {
        return false; /* another core's thread: the general path wakes it there */
    }
    return to->priority >= cur->priority || (sword_t)to->priority >= sched_highest_priority();
}

/* The cap at cptr in the current thread's CSpace, if it is an endpoint cap;
 * a null cap otherwise (a failed lookup included: the general path reports
 * it). */
static cap_t fastpath_endpoint_cap(const tcb_t *cur, cptr_t cptr)
{
    cap_t root = tcb_slot(cur, TCB_CTABLE)->cap;
    cte_t *slot = cspace_lookup_whole_word(root, cptr);
    if (slot == NULL) {
        resolve_result_t r = cspace_resolve_address_bits(root, cptr, WORD_BITS);
        slot = r.ok ? r.slot : NULL;
    }
    if (slot == NULL || cap_get_type(slot->cap) != CAP_ENDPOINT) {
        return cap_null_new();
    }
    return slot->cap;
}

/* Copies the message words (all in registers) and writes the receiver's
 * badge and message-info registers as the general path's ipc_transfer
 * does: no caps transferred, none unwrapped. */
static void fastpath_copy_message(const tcb_t *sender, tcb_t *receiver, message_info_t info,
                                  word_t badge)
{
    word_t length = message_info_get_length(info);
    for (word_t i = 0; i < length; i++) {
        receiver->context.regs[REG_R2 + i] = sender->context.regs[REG_R2 + i];
    }
    info = message_info_set_caps_unwrapped(info, 0);
    receiver->context.regs[REG_R1] = message_info_set_extra_caps(info, 0).words[0];
    receiver->context.regs[REG_R0] = badge;
}

/* Takes the receiver at the head of ep's queue off it, as
 * endpoint_remove_waiter would, in the few stores the head case needs. */
static inline void fastpath_dequeue_head(endpoint_t *ep, tcb_t *head)
{
    pptr_t next = head->queue_next;
    ep->queue.head = next;
    if (next != 0) {
        tcb_ptr(next)->queue_prev = 0;
    } else {
        ep->queue.tail = 0;
        ep->state = EP_IDLE;
    }
    head->queue_next = 0;
}

/* The general path does the system call. */
static NORETURN void fastpath_fall_back(sword_t syscall)
{
    handle_syscall(syscall);
    arch_restore_user_context();
}

/* What both calls check first: the message fits, the caller has no fault
 * pending, and cptr names an endpoint cap, which is returned. */
static inline cap_t fastpath_endpoint_for(const tcb_t *cur, cptr_t cptr, message_info_t info,
                                          sword_t syscall)
{
    if (!fastpath_message_fits(info) || fault_is_pending(cur)) {
        fastpath_fall_back(syscall);
    }
    cap_t cap = fastpath_endpoint_cap(cur, cptr);
    if (cap_get_type(cap) != CAP_ENDPOINT) {
        fastpath_fall_back(syscall);
    }
    return cap;
}

void fastpath_call(cptr_t cptr, word_t info_word)
{
    tcb_t *cur = ks_cur_thread;
    message_info_t info = message_info_from_word(info_word);
    cap_t cap = fastpath_endpoint_for(cur, cptr, info, SysCall);
    /* Sending needs the send right; a reply cap needs Grant or GrantReply
     * (without either, the caller is left inactive: the general path). */
    if (!cap_endpoint_get_can_send(cap) ||
        !(cap_endpoint_get_can_grant(cap) || cap_endpoint_get_can_grant_reply(cap))) {
        fastpath_fall_back(SysCall);
    }
    endpoint_t *ep = endpoint_ptr(cap_endpoint_get_ptr(cap));
    if (ep->state != EP_RECV) {
        fastpath_fall_back(SysCall);
    }
    tcb_t *dest = tcb_ptr(ep->queue.head);
    cte_t *master = tcb_slot(cur, TCB_REPLY);
    cte_t *dest_caller = tcb_slot(dest, TCB_CALLER);
    if (!fastpath_switches_to(cur, dest) || cap_get_type(master->cap) != CAP_REPLY ||
        !cte_is_empty(dest_caller)) {
        fastpath_fall_back(SysCall);
    }

    fastpath_dequeue_head(ep, dest);
    fastpath_copy_message(cur, dest, info, cap_endpoint_get_badge(cap));
    dest->state = THREAD_RUNNING;
    cur->state = THREAD_BLOCKED_ON_REPLY;
    mdb_insert_reply(cap_reply_new(tcb_ref(cur), false, dest->blocking_can_grant), master,
                     dest_caller);
    thread_switch_to(dest);
    arch_restore_user_context();
}

void fastpath_reply_recv(cptr_t cptr, word_t info_word)
{
    tcb_t *cur = ks_cur_thread;
    message_info_t info = message_info_from_word(info_word);
    cap_t cap = fastpath_endpoint_for(cur, cptr, info, SysReplyRecv);
    if (!cap_endpoint_get_can_receive(cap)) {
        fastpath_fall_back(SysReplyRecv);
    }
    /* A signal waiting on the bound notification, or a sender waiting on the
     * endpoint, would complete the receive at once. */
    notification_t *bound = notification_ptr(cur->bound_notification);
    endpoint_t *ep = endpoint_ptr(cap_endpoint_get_ptr(cap));
    if ((bound != NULL && ntfn_get_state(*bound) == NTFN_ACTIVE) || ep->state == EP_SEND) {
        fastpath_fall_back(SysReplyRecv);
    }
    cte_t *caller_slot = tcb_slot(cur, TCB_CALLER);
    if (cap_get_type(caller_slot->cap) != CAP_REPLY) {
        fastpath_fall_back(SysReplyRecv);
    }
    tcb_t *caller = tcb_ptr(cap_reply_get_tcb(caller_slot->cap));
    /* A caller with a fault pending gets a fault reply: the general path. */
    if (fault_is_pending(caller) || !fastpath_switches_to(cur, caller)) {
        fastpath_fall_back(SysReplyRecv);
    }

    fastpath_copy_message(cur, caller, info, 0);
    mdb_remove(caller_slot); /* deleting a reply cap finalises nothing */
    caller->state = THREAD_RUNNING;
    cur->blocking_can_grant = cap_endpoint_get_can_grant(cap);
    cur->blocking_object = ptr_to_pptr(ep);
    cur->state = THREAD_BLOCKED_ON_RECEIVE;
    ep->queue = tcb_queue_append(ep->queue, cur);
    ep->state = EP_RECV;
    thread_switch_to(caller);
    arch_restore_user_context();
}
