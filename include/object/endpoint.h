/*
 * The endpoint object (2^seL4_EndpointBits bytes): a queue of threads
 * blocked sending, or blocked receiving, never both; and endpoint IPC on it
 * (send, receive, the Send/Call invocation of an endpoint cap).
 */
#pragma once

#include <object/objecttype.h>
#include <object/tcb.h>

enum endpoint_state { EP_IDLE = 0, EP_SEND = 1, EP_RECV = 2 };

typedef struct endpoint {
    tcb_queue_t queue;
    word_t state; /* enum endpoint_state */
    word_t reserved;
} endpoint_t;

_Static_assert(sizeof(endpoint_t) == BIT(ENDPOINT_BITS), "endpoint object size");

static inline endpoint_t *endpoint_ptr(pptr_t p)
{
    return pptr_to_ptr(p);
}

/* What a sender brings (seL4 sendIPC's arguments): the badge and rights of
 * the cap it used, and how it sends. */
typedef struct endpoint_send {
    word_t badge;
    bool can_grant;       /* caps may be transferred */
    bool can_grant_reply; /* a Call may leave a reply cap */
    bool blocking;        /* Send/Call wait for a receiver; NBSend does not */
    bool is_call;         /* the sender then waits for a reply */
} endpoint_send_t;

/* `thread` sends on ep: to the first queued receiver, else it queues (if
 * blocking) or the message is dropped. */
void endpoint_send(endpoint_t *ep, tcb_t *thread, const endpoint_send_t *send);

/* `thread` receives through `cap` (an endpoint cap it may receive on): a
 * pending signal of its bound notification first, else the first queued
 * sender, else it queues (if blocking) or gets badge 0 (NBRecv). */
void endpoint_receive(tcb_t *thread, cap_t cap, bool blocking);

/* Send, NBSend or Call on an endpoint cap: IPC, if the cap may send. */
result_t decode_endpoint_invocation(const invocation_args_t *args, cap_t cap);

/* Restarts every queued thread and leaves the endpoint idle (cancelAllIPC). */
void endpoint_cancel_all(endpoint_t *ep);

/* Restarts the threads blocked sending with this badge (cancelBadgedSends). */
void endpoint_cancel_badged_sends(endpoint_t *ep, word_t badge);

/* Takes a blocked thread off the endpoint's queue. */
void endpoint_remove_waiter(endpoint_t *ep, tcb_t *tcb);
