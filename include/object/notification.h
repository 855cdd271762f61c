/*
 * The notification object (2^seL4_NotificationBits bytes): a word of pending
 * signal bits, a queue of waiting threads and an optionally bound TCB; and
 * Signal, Wait and Poll on it. Its four words are packed (the state shares
 * the queue tail's word), so the fields are declared once in the table below.
 */
#pragma once

#include <object/objecttype.h>
#include <object/tcb.h>

enum notification_state { NTFN_IDLE = 0, NTFN_WAITING = 1, NTFN_ACTIVE = 2 };

typedef struct notification {
    word_t words[4];
} notification_t;

_Static_assert(sizeof(notification_t) == BIT(NOTIFICATION_BITS), "notification object size");

#define NTFN_ACCESSORS(FIELD, WORD, LSB, WIDTH, SHIFT) \
    BITFIELD_ACCESSORS(notification_t, ntfn, FIELD, true, WORD, LSB, WIDTH, SHIFT)
NTFN_ACCESSORS(bound_tcb, 0, 4, 28, 4)
NTFN_ACCESSORS(msg_identifier, 1, 0, 32, 0)
NTFN_ACCESSORS(queue_head, 2, 4, 28, 4)
NTFN_ACCESSORS(queue_tail, 3, 4, 28, 4)
NTFN_ACCESSORS(state, 3, 0, 2, 0)

static inline notification_t *notification_ptr(pptr_t p)
{
    return pptr_to_ptr(p);
}

/* Signal with `badge` (seL4 sendSignal): wakes the first waiter with it, or
 * the bound TCB if it is blocked receiving on an endpoint, else ORs it into
 * the word. */
void notification_signal(notification_t *ntfn, word_t badge);

/* Wait (blocking) or Poll: takes the word if signals are pending, else
 * blocks, or for Poll returns 0 in the badge register (seL4 receiveSignal). */
void notification_receive(notification_t *ntfn, tcb_t *thread, bool blocking);

/* Hands the pending word of an active notification to `tcb` and clears it
 * (seL4 completeSignal). */
void notification_complete_signal(notification_t *ntfn, tcb_t *tcb);

/* Send or Call on a notification cap: Signal, if the cap may send. */
result_t decode_notification_invocation(const invocation_args_t *args, cap_t cap);

/* Restarts every waiting thread and leaves the notification idle
 * (cancelAllSignals). */
void notification_cancel_all(notification_t *ntfn);

/* Unbinds the notification from its TCB, if bound (unbindMaybeNotification). */
void notification_unbind(notification_t *ntfn);

/* Takes a waiting thread off the queue (cancelSignal). */
void notification_remove_waiter(notification_t *ntfn, tcb_t *tcb);

tcb_queue_t notification_get_queue(notification_t ntfn);
notification_t notification_set_queue(notification_t ntfn, tcb_queue_t queue);
