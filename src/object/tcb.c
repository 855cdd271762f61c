/*
 * The parts of TCB management the capability core needs: initialising a
 * new TCB, its master reply cap, thread queues, and stopping a thread whose
 * TCB is deleted (cancel its IPC, unbind its notification). Scheduling is
 * the threads issue's, reached through <kernel/hooks.h>.
 */
#include <kernel/cdt.h>
#include <kernel/hooks.h>
#include <object/cnode.h>
#include <object/endpoint.h>
#include <object/notification.h>
#include <object/tcb.h>

void tcb_init(tcb_t *tcb)
{
    /* The memory is zero; the threads issue adds registers, priority, ... */
    tcb->state = THREAD_INACTIVE;
}

void tcb_setup_reply_master(tcb_t *tcb)
{
    cte_t *slot = tcb_slot(tcb, TCB_REPLY);
    if (cte_is_empty(slot)) {
        mdb_insert_root(slot, cap_reply_new(tcb_ref(tcb), true, true));
    }
}

tcb_queue_t tcb_queue_append(tcb_queue_t queue, tcb_t *tcb)
{
    pptr_t ref = tcb_ref(tcb);
    if (queue.head == 0) {
        queue.head = ref;
    } else {
        tcb_ptr(queue.tail)->queue_next = ref;
    }
    tcb->queue_prev = queue.tail;
    tcb->queue_next = 0;
    queue.tail = ref;
    return queue;
}

tcb_queue_t tcb_queue_remove(tcb_queue_t queue, tcb_t *tcb)
{
    if (tcb->queue_prev) {
        tcb_ptr(tcb->queue_prev)->queue_next = tcb->queue_next;
    } else {
        queue.head = tcb->queue_next;
    }
    if (tcb->queue_next) {
        tcb_ptr(tcb->queue_next)->queue_prev = tcb->queue_prev;
    } else {
        queue.tail = tcb->queue_prev;
    }
    tcb->queue_prev = 0;
    tcb->queue_next = 0;
    return queue;
}

void tcb_cancel_ipc(tcb_t *tcb)
{
    switch (tcb->state) {
    case THREAD_BLOCKED_ON_SEND:
    case THREAD_BLOCKED_ON_RECEIVE:
        endpoint_remove_waiter(endpoint_ptr(tcb->blocking_object), tcb);
        tcb->state = THREAD_INACTIVE;
        break;
    case THREAD_BLOCKED_ON_NOTIFICATION:
        notification_remove_waiter(notification_ptr(tcb->blocking_object), tcb);
        tcb->state = THREAD_INACTIVE;
        break;
    case THREAD_BLOCKED_ON_REPLY: {
        /* The one reply cap to this thread follows its master in the CDT. */
        cte_t *caller = mdb_next_slot(tcb_slot(tcb, TCB_REPLY));
        if (caller) {
            cte_delete_one(caller);
        }
        break;
    }
    default:
        break;
    }
}

void tcb_suspend(tcb_t *tcb)
{
    tcb_cancel_ipc(tcb);
    tcb->state = THREAD_INACTIVE;
    sched_dequeue(tcb);
}

void tcb_unbind_notification(tcb_t *tcb)
{
    if (tcb->bound_notification) {
        notification_unbind(notification_ptr(tcb->bound_notification));
    }
}

void tcb_finalise(tcb_t *tcb)
{
    tcb_unbind_notification(tcb);
    tcb_suspend(tcb);
    arch_prepare_thread_delete(tcb);
}
