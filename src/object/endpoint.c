/*
 * Endpoint IPC with seL4's non-MCS semantics: a sender meets the first
 * queued receiver (or queues, or with NBSend gives up), a receiver the first
 * queued sender; a Call leaves the receiver a reply cap. Deletion and
 * CancelBadgedSends restart queued threads, which then retry their call.
 */
#include <kernel/hooks.h>
#include <kernel/ipc.h>
#include <kernel/reply.h>
#include <kernel/sched.h>
#include <object/endpoint.h>
#include <object/notification.h>

/* Takes the first thread off the queue, which must not be empty. */
static tcb_t *endpoint_dequeue_head(endpoint_t *ep)
{
    tcb_t *head = tcb_ptr(ep->queue.head);
    assert(head != NULL);
    endpoint_remove_waiter(ep, head);
    return head;
}

static void endpoint_enqueue(endpoint_t *ep, tcb_t *tcb, word_t state)
{
    tcb->blocking_object = ptr_to_pptr(ep);
    thread_set_state(tcb, state);
    ep->queue = tcb_queue_append(ep->queue, tcb);
    ep->state = state == THREAD_BLOCKED_ON_SEND ? EP_SEND : EP_RECV;
}

void endpoint_send(endpoint_t *ep, tcb_t *thread, const endpoint_send_t *send)
{
    if (ep->state != EP_RECV) {
        if (send->blocking) {
            thread->blocking_badge = send->badge;
            thread->blocking_can_grant = send->can_grant;
            thread->blocking_can_grant_reply = send->can_grant_reply;
            thread->blocking_is_call = send->is_call;
            endpoint_enqueue(ep, thread, THREAD_BLOCKED_ON_SEND);
        }
        return; /* NBSend with nobody waiting: the message is dropped */
    }
    tcb_t *receiver = endpoint_dequeue_head(ep);
    ipc_transfer(thread, ep, send->badge, send->can_grant, receiver);
    bool reply_can_grant = receiver->blocking_can_grant;
    thread_set_state(receiver, THREAD_RUNNING);
    sched_possible_switch_to(receiver);
    if (!send->is_call) {
        return;
    }
    if (send->can_grant || send->can_grant_reply) {
        reply_setup_caller_cap(thread, receiver, reply_can_grant);
    } else {
        thread_set_state(thread, THREAD_INACTIVE); /* nothing can ever reply */
    }
}

/* A receiver meets the first queued sender. */
static void endpoint_receive_from_sender(endpoint_t *ep, tcb_t *thread, cap_t cap)
{
    tcb_t *sender = endpoint_dequeue_head(ep);
    bool can_grant = sender->blocking_can_grant;
    bool can_grant_reply = sender->blocking_can_grant_reply;
    ipc_transfer(sender, ep, sender->blocking_badge, can_grant, thread);
    if (!sender->blocking_is_call) {
        thread_set_state(sender, THREAD_RUNNING);
        sched_possible_switch_to(sender);
    } else if (can_grant || can_grant_reply) {
        reply_setup_caller_cap(sender, thread, cap_endpoint_get_can_grant(cap));
    } else {
        thread_set_state(sender, THREAD_INACTIVE);
    }
}

void endpoint_receive(tcb_t *thread, cap_t cap, bool blocking)
{
    endpoint_t *ep = endpoint_ptr(cap_endpoint_get_ptr(cap));
    notification_t *bound = notification_ptr(thread->bound_notification);
    if (bound != NULL && ntfn_get_state(*bound) == NTFN_ACTIVE) {
        notification_complete_signal(bound, thread);
        return;
    }
    if (ep->state == EP_SEND) {
        endpoint_receive_from_sender(ep, thread, cap);
    } else if (blocking) {
        thread->blocking_can_grant = cap_endpoint_get_can_grant(cap);
        endpoint_enqueue(ep, thread, THREAD_BLOCKED_ON_RECEIVE);
    } else {
        /* NBRecv with no sender: badge 0 and no other register (seL4
         * doNBRecvFailedTransfer) */
        thread->context.regs[REG_R0] = 0;
    }
}

result_t decode_endpoint_invocation(const invocation_args_t *args, cap_t cap)
{
    if (!cap_endpoint_get_can_send(cap)) {
        return result_error(syscall_error_invalid_capability(0));
    }
    endpoint_send_t send = {
        .badge = cap_endpoint_get_badge(cap),
        .can_grant = cap_endpoint_get_can_grant(cap),
        .can_grant_reply = cap_endpoint_get_can_grant_reply(cap),
        .blocking = args->is_blocking,
        .is_call = args->is_call,
    };
    endpoint_send(endpoint_ptr(cap_endpoint_get_ptr(cap)), args->thread, &send);
    return result_ok();
}

/* The thread retries its system call (or faulting instruction, which raises
 * its fault again: the one it was sending is dropped). */
static void restart_thread(tcb_t *tcb)
{
    fault_clear(tcb);
    thread_set_state(tcb, THREAD_RESTART);
    tcb->blocking_object = 0;
    sched_enqueue(tcb);
}

void endpoint_cancel_all(endpoint_t *ep)
{
    if (ep->state == EP_IDLE) {
        return;
    }
    pptr_t ref = ep->queue.head;
    ep->queue = (tcb_queue_t){ 0, 0 };
    ep->state = EP_IDLE;
    while (ref) {
        tcb_t *tcb = tcb_ptr(ref);
        ref = tcb->queue_next;
        tcb->queue_prev = 0;
        tcb->queue_next = 0;
        restart_thread(tcb);
    }
    sched_reschedule_required();
}

void endpoint_cancel_badged_sends(endpoint_t *ep, word_t badge)
{
    if (ep->state != EP_SEND) {
        return; /* only senders carry badges */
    }
    tcb_queue_t queue = ep->queue;
    pptr_t ref = queue.head;
    while (ref) {
        tcb_t *tcb = tcb_ptr(ref);
        ref = tcb->queue_next;
        if (tcb->blocking_badge == badge) {
            queue = tcb_queue_remove(queue, tcb);
            restart_thread(tcb);
        }
    }
    ep->queue = queue;
    ep->state = queue.head ? EP_SEND : EP_IDLE;
    sched_reschedule_required();
}

void endpoint_remove_waiter(endpoint_t *ep, tcb_t *tcb)
{
    ep->queue = tcb_queue_remove(ep->queue, tcb);
    if (ep->queue.head == 0) {
        ep->state = EP_IDLE;
    }
}
