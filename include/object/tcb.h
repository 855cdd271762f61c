/*
 * The TCB object (2^seL4_TCBBits bytes): its slots (CSpace root, VSpace root,
 * reply master, caller, IPC buffer frame) come first, then tcb_t at
 * TCB_OFFSET, as in seL4. tcb_t holds what the capability core needs
 * (thread state, IPC queue links, bound notification); the threads issue
 * adds registers and scheduling fields.
 */
#pragma once

#include <api/failures.h>
#include <arch/machine/fpu.h>
#include <arch/machine/registerset.h>
#include <object/structures.h>

/* Slots of a TCB (seL4's tcbCTable ... tcbBuffer, non-MCS). */
enum tcb_slot {
    TCB_CTABLE = 0,
    TCB_VTABLE = 1,
    TCB_REPLY = 2,
    TCB_CALLER = 3,
    TCB_BUFFER = 4,
    TCB_CNODE_ENTRIES = 5,
};

#define TCB_OFFSET BIT(TCB_BITS - 1)

/* seL4's ThreadState values. */
enum thread_state {
    THREAD_INACTIVE = 0,
    THREAD_RUNNING = 1,
    THREAD_RESTART = 2,
    THREAD_BLOCKED_ON_RECEIVE = 3,
    THREAD_BLOCKED_ON_SEND = 4,
    THREAD_BLOCKED_ON_REPLY = 5,
    THREAD_BLOCKED_ON_NOTIFICATION = 6,
    THREAD_IDLE = 7,
};

/* seL4_TCBFlag bits (seL4 ABI): the FPU is off for the thread. */
#define TCB_FLAG_FPU_DISABLED BIT(0)
#define TCB_FLAGS_MASK TCB_FLAG_FPU_DISABLED

/* A queue of threads waiting on an endpoint or notification (TCB refs). */
typedef struct tcb_queue {
    pptr_t head;
    pptr_t tail;
} tcb_queue_t;

#define TCB_NAME_LENGTH 32u

typedef struct tcb {
    user_context_t context; /* saved user registers */
    vptr_t ipc_buffer;      /* user address of the IPC buffer (seL4 tcbIPCBuffer) */
    word_t state;           /* enum thread_state */
    pptr_t blocking_object; /* endpoint or notification waited on */
    word_t blocking_badge;  /* a blocked sender's badge */
    bool blocking_can_grant;
    bool blocking_can_grant_reply;
    bool blocking_is_call;
    pptr_t queue_prev; /* links in blocking_object's queue */
    pptr_t queue_next;
    pptr_t bound_notification; /* 0 when none */

    /* Scheduling (seL4 non-MCS): priority, maximum controlled priority,
     * domain, ticks left in the time slice, and the ready-queue links. */
    word_t priority;
    word_t mcp;
    word_t domain;
    word_t time_slice;
    pptr_t sched_prev;
    pptr_t sched_next;
    bool in_ready_queue;
    word_t affinity; /* the core it runs on (seL4 tcbAffinity); 0 on one core */

    /* Faults: where they go (a cptr in the thread's CSpace, seL4
     * tcbFaultHandler) and the fault being delivered (seL4_Fault type and
     * its words, in seL4's message layout). */
    cptr_t fault_handler;
    word_t fault_type;
    word_t fault_words[4];
    lookup_fault_t fault_lookup_failure; /* a cap fault's lookup failure
                                            (seL4 tcbLookupFailure) */

    word_t flags;    /* seL4_TCBFlag bits */
    fpu_state_t fpu; /* VFP registers, saved lazily */

    /* Debugging (seL4_DebugNameThread, seL4_DebugDumpScheduler): a name
     * and the links of the list of every TCB in existence. */
    char name[TCB_NAME_LENGTH];
    pptr_t debug_prev;
    pptr_t debug_next;
} tcb_t;

_Static_assert(BIT(TCB_CNODE_RADIX) * sizeof(cte_t) <= TCB_OFFSET, "TCB slots fit");
_Static_assert(TCB_CNODE_ENTRIES <= BIT(TCB_CNODE_RADIX), "TCB slots fit the zombie radix");
_Static_assert(TCB_OFFSET + sizeof(tcb_t) <= BIT(TCB_BITS), "tcb_t fits the TCB object");

/* A TCB is named by its object's base address ("TCB ref"). */
static inline tcb_t *tcb_ptr(pptr_t tcb_ref)
{
    return tcb_ref ? pptr_to_ptr(tcb_ref + TCB_OFFSET) : NULL;
}

static inline pptr_t tcb_ref(const tcb_t *tcb)
{
    return tcb ? ptr_to_pptr(tcb) - TCB_OFFSET : 0;
}

static inline cte_t *tcb_slot(const tcb_t *tcb, word_t index)
{
    assert(index < TCB_CNODE_ENTRIES);
    return cte_ptr(tcb_ref(tcb) + index * (word_t)sizeof(cte_t));
}

/* Sets up a TCB just carved from zeroed memory (Untyped_Retype). */
void tcb_init(tcb_t *tcb);

/* Gives the thread its master reply cap if it has none (seL4 setupReplyMaster). */
void tcb_setup_reply_master(tcb_t *tcb);

/* Removes the thread from whatever it is blocked on (seL4 cancelIPC). */
void tcb_cancel_ipc(tcb_t *tcb);

/* Stops the thread: cancels its IPC and makes it inactive. */
void tcb_suspend(tcb_t *tcb);

void tcb_unbind_notification(tcb_t *tcb);

/* Runs a stopped thread (inactive, or blocked on send, receive, reply or a
 * notification: its IPC is cancelled first) again from its restart point;
 * a Running or Restart thread is left alone (seL4 restart). */
void tcb_restart(tcb_t *tcb);

/* Binds a notification to the thread; neither may be bound already (seL4
 * bindNotification). */
struct notification;
void tcb_bind_notification(tcb_t *tcb, struct notification *ntfn);

/* Everything that must happen before a TCB's memory can be reused, except
 * deleting its slots, which the zombie that follows does. */
void tcb_finalise(tcb_t *tcb);

tcb_queue_t tcb_queue_append(tcb_queue_t queue, tcb_t *tcb);
tcb_queue_t tcb_queue_remove(tcb_queue_t queue, tcb_t *tcb);
