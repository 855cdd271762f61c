/*
 * Notification queues and binding as deletion needs them: restarting the
 * waiting threads, unbinding the TCB, taking one waiter off. Signal and
 * Wait are the threads issue's.
 */
#include <kernel/hooks.h>
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
