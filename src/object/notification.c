/*
 * Notifications with seL4's non-MCS semantics: Signal ORs the badge into
 * the word, or wakes the first waiter, or a bound thread blocked receiving
 * on an endpoint; Wait takes the word (blocking while it is 0), Poll takes
 * it without blocking. Deletion restarts the waiters and unbinds the TCB.
 */
#include <kernel/hooks.h>
#include <kernel/sched.h>
#include <object/notification.h>

tcb_queue_t notification_get_queue(notification_t ntfn)
{
    return (tcb_queue_t){ ntfn_get_queue_head(ntfn), ntfn_get_queue_tail(ntfn) };
}

notification_t notification_set_queue(notification_t ntfn, tcb_queue_t queue)
{
    ntfn = ntfn_set_queue_head(ntfn, queue.head);
    return ntfn_set_queue_tail(ntfn, queue.tail);
}

void notification_cancel_all(notification_t *ntfn)
{
    if (ntfn_get_state(*ntfn) != NTFN_WAITING) {
        return;
    }
    pptr_t ref = ntfn_get_queue_head(*ntfn);
    *ntfn = notification_set_queue(*ntfn, (tcb_queue_t){ 0, 0 });
    *ntfn = ntfn_set_state(*ntfn, NTFN_IDLE);
    while (ref) {
        tcb_t *tcb = tcb_ptr(ref);
        ref = tcb->queue_next;
        tcb->queue_prev = 0;
        tcb->queue_next = 0;
        thread_set_state(tcb, THREAD_RESTART);
        tcb->blocking_object = 0;
        sched_enqueue(tcb);
    }
    sched_reschedule_required();
}

void notification_unbind(notification_t *ntfn)
{
    pptr_t bound = ntfn_get_bound_tcb(*ntfn);
    if (bound) {
        tcb_ptr(bound)->bound_notification = 0;
        *ntfn = ntfn_set_bound_tcb(*ntfn, 0);
    }
}

void notification_remove_waiter(notification_t *ntfn, tcb_t *tcb)
{
    tcb_queue_t queue = tcb_queue_remove(notification_get_queue(*ntfn), tcb);
    *ntfn = notification_set_queue(*ntfn, queue);
    if (queue.head == 0) {
        *ntfn = ntfn_set_state(*ntfn, NTFN_IDLE);
    }
}

/* A signal reaches a thread: the word (or badge) in its badge register (r0)
 * and nothing else. seL4's sendSignal, receiveSignal and completeSignal set
 * only badgeRegister, so the message info (r1) and the message registers
 * keep whatever the thread had in them. */
static void notification_deliver(tcb_t *tcb, word_t word)
{
    tcb->context.regs[REG_R0] = word;
}

static void notification_set_active(notification_t *ntfn, word_t word)
{
    *ntfn = ntfn_set_state(*ntfn, NTFN_ACTIVE);
    *ntfn = ntfn_set_msg_identifier(*ntfn, word);
}

/* No waiter: wake the bound thread if it is blocked receiving on an
 * endpoint, else keep the badge pending. A bound thread blocked on a reply
 * is not woken (seL4 does the same). */
static void notification_signal_idle(notification_t *ntfn, word_t badge)
{
    tcb_t *bound = tcb_ptr(ntfn_get_bound_tcb(*ntfn));
    if (bound == NULL || bound->state != THREAD_BLOCKED_ON_RECEIVE) {
        notification_set_active(ntfn, badge);
        return;
    }
    tcb_cancel_ipc(bound);
    thread_set_state(bound, THREAD_RUNNING);
    notification_deliver(bound, badge);
    sched_possible_switch_to(bound);
}

void notification_signal(notification_t *ntfn, word_t badge)
{
    switch (ntfn_get_state(*ntfn)) {
    case NTFN_IDLE:
        notification_signal_idle(ntfn, badge);
        return;
    case NTFN_WAITING: {
        tcb_t *waiter = tcb_ptr(ntfn_get_queue_head(*ntfn));
        assert(waiter != NULL);
        notification_remove_waiter(ntfn, waiter);
        thread_set_state(waiter, THREAD_RUNNING);
        notification_deliver(waiter, badge);
        sched_possible_switch_to(waiter);
        return;
    }
    default: /* NTFN_ACTIVE */
        *ntfn = ntfn_set_msg_identifier(*ntfn, ntfn_get_msg_identifier(*ntfn) | badge);
        return;
    }
}

void notification_receive(notification_t *ntfn, tcb_t *thread, bool blocking)
{
    if (ntfn_get_state(*ntfn) == NTFN_ACTIVE) {
        notification_complete_signal(ntfn, thread);
        return;
    }
    if (!blocking) {
        /* Poll with nothing pending: badge 0, nothing else (seL4
         * doNBRecvFailedTransfer) */
        thread->context.regs[REG_R0] = 0;
        return;
    }
    thread->blocking_object = ptr_to_pptr(ntfn);
    thread_set_state(thread, THREAD_BLOCKED_ON_NOTIFICATION);
    tcb_queue_t queue = tcb_queue_append(notification_get_queue(*ntfn), thread);
    *ntfn = notification_set_queue(*ntfn, queue);
    *ntfn = ntfn_set_state(*ntfn, NTFN_WAITING);
}

void notification_complete_signal(notification_t *ntfn, tcb_t *tcb)
{
    assert(ntfn_get_state(*ntfn) == NTFN_ACTIVE);
    notification_deliver(tcb, ntfn_get_msg_identifier(*ntfn));
    *ntfn = ntfn_set_state(*ntfn, NTFN_IDLE);
}

result_t decode_notification_invocation(const invocation_args_t *args, cap_t cap)
{
    (void)args;
    if (!cap_notification_get_can_send(cap)) {
        return result_error(syscall_error_invalid_capability(0));
    }
    notification_signal(notification_ptr(cap_notification_get_ptr(cap)),
                        cap_notification_get_badge(cap));
    return result_ok();
}
