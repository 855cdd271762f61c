/*
 * Reply caps (seL4 non-MCS): a Call leaves a one-shot reply cap to the
 * caller in the receiver's TCB_CALLER slot, a child of the caller's master
 * reply cap; replying through it (seL4_Reply, seL4_ReplyRecv, or a Send on
 * a saved copy) resumes the caller and uses the cap up.
 */
#pragma once

#include <object/objecttype.h>
#include <object/tcb.h>

/* The caller blocks on the reply; the receiver gets the reply cap (seL4
 * setupCallerCap). can_grant: the reply may carry caps. */
void reply_setup_caller_cap(tcb_t *caller, tcb_t *receiver, bool can_grant);

/* Drops a reply cap left in the thread's caller slot (seL4 deleteCallerCap). */
void reply_delete_caller_cap(tcb_t *thread);

/*
 * `replier` replies to `caller` (blocked on reply) through the reply cap in
 * `slot`, which is used up: a normal reply is transferred as a message; a
 * reply to a fault restarts or stops the faulter (seL4 doReplyTransfer).
 */
void reply_transfer(tcb_t *replier, tcb_t *caller, cte_t *slot, bool grant);

/* seL4_Reply: replies through the thread's caller slot; a no-op when it is
 * empty (nobody waits for a reply). */
void reply_to_caller(tcb_t *thread);

/* Send or Call on a reply cap: a reply through that cap. */
result_t decode_reply_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap);
