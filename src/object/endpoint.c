/*
 * Endpoint queues as deletion and CancelBadgedSends need them: restarting
 * the threads blocked on an endpoint (they retry their system call and find
 * the endpoint gone or the badge revoked), and taking one thread off.
 */
#include <kernel/hooks.h>
#include <object/endpoint.h>

static void restart_thread(tcb_t *tcb)
{
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
