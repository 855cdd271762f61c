/*
 * The endpoint object (2^seL4_EndpointBits bytes): a queue of threads
 * blocked sending, or blocked receiving, never both. The IPC itself is the
 * threads issue's; this file holds the object and what deletion needs.
 */
#pragma once

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

/* Restarts every queued thread and leaves the endpoint idle (cancelAllIPC). */
void endpoint_cancel_all(endpoint_t *ep);

/* Restarts the threads blocked sending with this badge (cancelBadgedSends). */
void endpoint_cancel_badged_sends(endpoint_t *ep, word_t badge);

/* Takes a blocked thread off the endpoint's queue. */
void endpoint_remove_waiter(endpoint_t *ep, tcb_t *tcb);
