/*
 * Faults as user level sees them: the kinds seL4 reports (seL4_Fault_*
 * labels), the message a fault handler receives for each, and what the
 * handler's reply may change. A pending fault lives in the faulting TCB
 * (fault_type, fault_words, fault_lookup_failure) until it is replied to.
 */
#pragma once

#include <api/failures.h>
#include <object/tcb.h>

/* seL4_Fault labels (seL4 aarch32 ABI: NullFault 0 ... VMFault 5). */
enum fault_type {
    FAULT_NULL = 0,
    FAULT_CAP = 1,
    FAULT_UNKNOWN_SYSCALL = 2,
    FAULT_USER_EXCEPTION = 3,
    FAULT_VM = 5,
};

/* Message-register indices of a cap fault (seL4_CapFault_IP ...). */
#define CAP_FAULT_IP 0u
#define CAP_FAULT_ADDR 1u
#define CAP_FAULT_IN_RECV_PHASE 2u
#define CAP_FAULT_LOOKUP_FAILURE_TYPE 3u

/*
 * A fault. words[] by type: cap fault {cptr, in receive phase}; unknown
 * syscall {syscall number}; user exception {number, code}; VM fault
 * {address, FSR, instruction fault}.
 */
typedef struct fault {
    word_t type;
    word_t words[4];
    lookup_fault_t lookup; /* cap faults: why the cptr did not resolve */
} fault_t;

static inline fault_t fault_cap_new(cptr_t cptr, bool in_receive_phase, lookup_fault_t lookup)
{
    return (fault_t){ .type = FAULT_CAP, .words = { cptr, in_receive_phase }, .lookup = lookup };
}

static inline fault_t fault_unknown_syscall_new(word_t syscall)
{
    return (fault_t){ .type = FAULT_UNKNOWN_SYSCALL, .words = { syscall } };
}

static inline fault_t fault_user_exception_new(word_t number, word_t code)
{
    return (fault_t){ .type = FAULT_USER_EXCEPTION, .words = { number, code } };
}

static inline fault_t fault_vm_new(vptr_t address, word_t fsr, bool instruction)
{
    return (fault_t){ .type = FAULT_VM, .words = { address, fsr, instruction } };
}

/* The fault pending on a thread (type FAULT_NULL when none). */
fault_t fault_of(const tcb_t *tcb);
void fault_set(tcb_t *tcb, const fault_t *fault);

static inline void fault_clear(tcb_t *tcb)
{
    tcb->fault_type = FAULT_NULL; /* the other fields mean nothing then */
}

static inline bool fault_is_pending(const tcb_t *tcb)
{
    return tcb->fault_type != FAULT_NULL;
}

/*
 * Writes the message for the fault pending on `sender` into the receiver's
 * message registers (buffer: its IPC buffer or NULL) in seL4's layout.
 * Returns the message length (shorter without an IPC buffer).
 */
word_t fault_write_message(const tcb_t *sender, tcb_t *receiver, word_t *buffer);

/*
 * The handler `replier` replied to `faulter`'s pending fault: copies the
 * registers the reply may set for this fault type into the faulter and
 * says whether it restarts (true) or stays stopped (seL4 handleFaultReply).
 */
bool fault_apply_reply(tcb_t *faulter, const tcb_t *replier);

/* Describes the fault on the console (debug output). */
void fault_print(const fault_t *fault);
