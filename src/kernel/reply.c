/*
 * Reply caps and replies (see <kernel/reply.h>), with seL4's non-MCS
 * semantics: the reply cap is the only way to resume a caller blocked on
 * reply, and it disappears when used or when the caller stops waiting.
 */
#include <api/faults.h>
#include <kernel/cdt.h>
#include <kernel/ipc.h>
#include <kernel/reply.h>
#include <kernel/sched.h>
#include <object/cnode.h>

void reply_setup_caller_cap(tcb_t *caller, tcb_t *receiver, bool can_grant)
{
    thread_set_state(caller, THREAD_BLOCKED_ON_REPLY);
    tcb_setup_reply_master(caller);
    cte_t *master = tcb_slot(caller, TCB_REPLY);
    cte_t *dest = tcb_slot(receiver, TCB_CALLER);
    assert(cap_reply_get_master(master->cap) && cap_reply_get_tcb(master->cap) == tcb_ref(caller));
    assert(cte_is_empty(dest)); /* receiving deleted any earlier one */
    mdb_insert_child(cap_reply_new(tcb_ref(caller), false, can_grant), master, dest);
}

void reply_delete_caller_cap(tcb_t *thread)
{
    cte_delete_one(tcb_slot(thread, TCB_CALLER));
}

void reply_transfer(tcb_t *replier, tcb_t *caller, cte_t *slot, bool grant)
{
    assert(caller->state == THREAD_BLOCKED_ON_REPLY);
    if (!fault_is_pending(caller)) {
        ipc_transfer(replier, NULL, 0, grant, caller);
        cte_delete_one(slot);
        thread_set_state(caller, THREAD_RUNNING);
        sched_possible_switch_to(caller);
        return;
    }
    cte_delete_one(slot);
    bool restart = fault_apply_reply(caller, replier);
    fault_clear(caller);
    if (restart) {
        thread_set_state(caller, THREAD_RESTART);
        sched_possible_switch_to(caller);
    } else {
        thread_set_state(caller, THREAD_INACTIVE);
    }
}

void reply_to_caller(tcb_t *thread)
{
    cte_t *slot = tcb_slot(thread, TCB_CALLER);
    cap_t cap = slot->cap;
    if (cap_get_type(cap) == CAP_NULL) {
        return; /* no caller waits: seL4 drops the reply */
    }
    assert(cap_get_type(cap) == CAP_REPLY && !cap_reply_get_master(cap));
    tcb_t *caller = tcb_ptr(cap_reply_get_tcb(cap));
    assert(caller != thread);
    reply_transfer(thread, caller, slot, cap_reply_get_can_grant(cap));
}

result_t decode_reply_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap)
{
    if (cap_reply_get_master(cap)) {
        return result_error(syscall_error_invalid_capability(0));
    }
    reply_transfer(args->thread, tcb_ptr(cap_reply_get_tcb(cap)), slot,
                   cap_reply_get_can_grant(cap));
    return result_ok();
}
