/*
 * The TCB tests' world: the common fixture (root CNode, root TCB, untypeds)
 * plus a target thread, a second thread, an endpoint, a notification, a
 * CNode, a page directory with an ASID, RAM and device frames and the
 * domain cap, each in its root slot; and a helper that invokes a cap as
 * user level would, collecting the reply.
 */
#pragma once

#include <api/message_info.h>
#include <arch/object/tcb.h>
#include <kernel/sched.h>
#include <object/tcb_invocation.h>

#include "fixture.h"

enum {
    SLOT_T = SLOT_FREE, /* the thread the tests invoke */
    SLOT_T2,            /* another thread: source, authority, ... */
    SLOT_EP,
    SLOT_NTFN,
    SLOT_CN,        /* a CNode of 2^4 slots */
    SLOT_PD,        /* a page directory with ASID 1 */
    SLOT_FRAME,     /* a 4 KiB RAM frame */
    SLOT_DEV_FRAME, /* a 4 KiB device frame */
    SLOT_DOMAIN,
    SLOT_SPARE, /* free from here on */
};

#define CN_RADIX 4u

/* The reply data of the last invoke(). */
extern word_t reply[MSG_MAX_LENGTH];
extern word_t reply_length;

/* Invokes the cap in root slot `index` with the label and message; the
 * extra caps are root slot numbers, 0 for none (and none after it). */
result_t invoke(word_t index, word_t label, word_t length, const word_t *mrs, word_t extra0,
                word_t extra1, word_t extra2);

static inline tcb_t *target(void)
{
    return tcb_in(SLOT_T);
}

static inline tcb_t *other(void)
{
    return tcb_in(SLOT_T2);
}

static inline notification_t *ntfn(void)
{
    return notification_ptr(cap_notification_get_ptr(slot(SLOT_NTFN)->cap));
}

/* A thread that ran and was preempted: Running, not current. */
void make_running(tcb_t *tcb);
