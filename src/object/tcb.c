/*
 * TCB objects: initialising a new TCB, its master reply cap, thread queues,
 * stopping a thread (cancel its IPC, suspend it) and running it again,
 * binding notifications, and what deleting a TCB needs. The TCB
 * invocations built on these are in tcb_invocation.c and its siblings.
 */
#include <api/faults.h>
#include <kernel/cdt.h>
#include <kernel/hooks.h>
#include <kernel/sched.h>
#include <kernel/thread.h>
#include <object/cnode.h>
#include <object/endpoint.h>
#include <object/notification.h>
#include <object/tcb.h>

void tcb_init(tcb_t *tcb)
{
    /* The memory is zero (priority and MCP 0). As seL4 makes a TCB: user
     * mode once it runs, the current domain, a full time slice. */
    tcb->context.regs[REG_CPSR] = CPSR_USER;
    tcb->domain = ks_cur_domain;
    tcb->time_slice = TIME_SLICE_TICKS;
    thread_set_state(tcb, THREAD_INACTIVE);
    thread_debug_add(tcb);
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
        /* A fault being sent is dropped: restarting re-raises it. */
        fault_clear(tcb);
        endpoint_remove_waiter(endpoint_ptr(tcb->blocking_object), tcb);
        thread_set_state(tcb, THREAD_INACTIVE);
        break;
    case THREAD_BLOCKED_ON_NOTIFICATION:
        notification_remove_waiter(notification_ptr(tcb->blocking_object), tcb);
        thread_set_state(tcb, THREAD_INACTIVE);
        break;
    case THREAD_BLOCKED_ON_REPLY: {
        fault_clear(tcb); /* nobody can reply to it any more */
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
    if (tcb->state == THREAD_RUNNING) {
        /* A running thread's restart point may be stale; Resume restarts
         * it, so make that where it would have gone on (seL4
         * updateRestartPC). */
        tcb->context.regs[REG_FAULT_IP] = tcb->context.regs[REG_PC];
    }
    thread_set_state(tcb, THREAD_INACTIVE);
    sched_dequeue(tcb);
}

void tcb_unbind_notification(tcb_t *tcb)
{
    if (tcb->bound_notification) {
        notification_unbind(notification_ptr(tcb->bound_notification));
    }
}

/* seL4 isStopped(): inactive, or blocked in any IPC (send, receive, reply,
 * notification). Running and Restart threads are not; nor is the idle
 * thread. */
static bool tcb_is_stopped(const tcb_t *tcb)
{
    switch (tcb->state) {
    case THREAD_INACTIVE:
    case THREAD_BLOCKED_ON_SEND:
    case THREAD_BLOCKED_ON_RECEIVE:
    case THREAD_BLOCKED_ON_REPLY:
    case THREAD_BLOCKED_ON_NOTIFICATION:
        return true;
    default:
        return false;
    }
}

void tcb_restart(tcb_t *tcb)
{
    if (!tcb_is_stopped(tcb)) {
        return;
    }
    /* seL4 restart(): cancel the IPC (leaving the endpoint or notification
     * queue, or dropping the reply cap), then Restart: the thread redoes
     * the system call it was blocked in. */
    tcb_cancel_ipc(tcb);
    tcb_setup_reply_master(tcb);
    thread_set_state(tcb, THREAD_RESTART);
    sched_possible_switch_to(tcb);
}

void tcb_bind_notification(tcb_t *tcb, notification_t *ntfn)
{
    assert(tcb->bound_notification == 0 && ntfn_get_bound_tcb(*ntfn) == 0);
    *ntfn = ntfn_set_bound_tcb(*ntfn, tcb_ref(tcb));
    tcb->bound_notification = ptr_to_pptr(ntfn);
}

void tcb_finalise(tcb_t *tcb)
{
    tcb_unbind_notification(tcb);
    tcb_suspend(tcb);
    arch_prepare_thread_delete(tcb);
    thread_debug_remove(tcb);
}
