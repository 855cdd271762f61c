/*
 * The IPC tests' world: the common fixture (root CNode, root TCB, untypeds)
 * plus three threads A, B and C, each running in the root CSpace with a
 * master reply cap and its own 4 KiB IPC buffer, two endpoints and a
 * notification; and helpers that set up and read messages as user level
 * sees them (r0 badge, r1 message info, MR0-3 in r2-r5, the rest in the
 * IPC buffer).
 */
#pragma once

#include <api/faults.h>
#include <api/message_info.h>
#include <kernel/faulthandler.h>
#include <kernel/ipc.h>
#include <kernel/reply.h>
#include <kernel/sched.h>
#include <kernel/thread.h>

#include "fixture.h"

enum {
    SLOT_A = SLOT_FREE,
    SLOT_B,
    SLOT_C,
    SLOT_EP,  /* the endpoint the tests send through */
    SLOT_EP2, /* another endpoint */
    SLOT_NTFN,
    SLOT_FRAME_A, /* the threads' IPC buffer frames */
    SLOT_FRAME_B,
    SLOT_FRAME_C,
    SLOT_SPARE, /* free from here on */
};

static inline tcb_t *thread_a(void)
{
    return tcb_in(SLOT_A);
}

static inline tcb_t *thread_b(void)
{
    return tcb_in(SLOT_B);
}

static inline tcb_t *thread_c(void)
{
    return tcb_in(SLOT_C);
}

static inline endpoint_t *ep(void)
{
    return endpoint_ptr(cap_endpoint_get_ptr(slot(SLOT_EP)->cap));
}

static inline notification_t *ntfn(void)
{
    return notification_ptr(cap_notification_get_ptr(slot(SLOT_NTFN)->cap));
}

/* The thread's IPC buffer as the kernel sees it. */
static inline word_t *ipc_buffer_of(tcb_t *t)
{
    return thread_ipc_buffer(t, true);
}

/* Takes the thread's IPC buffer away (empties its buffer slot). */
void drop_ipc_buffer(tcb_t *t);

/* Sets the thread's outgoing message: r1 = info, MR0.. = words[0..n). */
void set_message(tcb_t *t, word_t label, word_t extra_caps, word_t length, const word_t *words);

/* Message register i as the thread would read it after receiving. */
word_t mr(tcb_t *t, word_t i);

static inline message_info_t info_of(const tcb_t *t)
{
    return message_info_from_word(t->context.regs[REG_R1]);
}

static inline word_t badge_of(const tcb_t *t)
{
    return t->context.regs[REG_R0];
}

/* A cap in a root slot, minted from another with rights and badge. */
void mint(word_t dest, word_t src, word_t rights, word_t badge);

#define ALL_RIGHTS (CAP_RIGHT_WRITE | CAP_RIGHT_READ | CAP_RIGHT_GRANT | CAP_RIGHT_GRANT_REPLY)

/* Send, NBSend or Call (blocking, is_call) on the cap in a root slot, as
 * the system-call layer invokes it; returns the decoder's result. */
result_t send_through(word_t cap_slot, tcb_t *sender, bool blocking, bool is_call);

/* Recv or NBRecv on the cap in a root slot, as the system-call layer does
 * it for endpoint and notification caps that may receive. */
void receive_through(word_t cap_slot, tcb_t *receiver, bool blocking);

/* The receiver names root slot `index` (at depth 32) as its receive slot. */
void set_receive_slot(tcb_t *receiver, word_t index);
