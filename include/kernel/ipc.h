/*
 * Moving a message from one thread to another (seL4 doIPCTransfer): the
 * message registers up to what both sides can hold, the extra caps when the
 * sender may grant (one cap into the receiver's receive slot, caps to the
 * endpoint itself unwrapped into badges), or, for a thread with a pending
 * fault, the fault message. Endpoints and replies use it; so do faults.
 */
#pragma once

#include <api/faults.h>
#include <api/message_info.h>
#include <object/endpoint.h>

/*
 * Looks up the extra caps a message names (message info's extraCaps, the
 * cptrs in the sender's IPC buffer) in the sender's CSpace. caps[] gets the
 * slots, NULL after the last; without an IPC buffer there are none. On a
 * failed lookup, returns false with the cap fault in *fault (seL4
 * lookupExtraCaps).
 */
bool ipc_lookup_extra_caps(const tcb_t *thread, const word_t *buffer, message_info_t info,
                           cte_t *caps[MAX_EXTRA_CAPS], fault_t *fault);

/*
 * Transfers `sender`'s message to `receiver` and sets the receiver's badge
 * register and message info. ep: the endpoint the message came through
 * (caps to it are unwrapped), NULL for replies. grant: extra caps may be
 * transferred.
 */
void ipc_transfer(tcb_t *sender, const endpoint_t *ep, word_t badge, bool grant, tcb_t *receiver);

/* Copies the first n message registers (register ones always, buffer ones
 * only if both threads have an IPC buffer); returns how many it copied. */
/* Debug builds: says on the console that a message of `length` words was
 * cut to `kept` because the sender or the receiver (NULL: the kernel, for
 * an invocation) has no IPC buffer. */
void ipc_warn_truncated(const tcb_t *sender, const tcb_t *receiver, word_t length, word_t kept);

word_t ipc_copy_mrs(const tcb_t *sender, const word_t *send_buffer, tcb_t *receiver,
                    word_t *receive_buffer, word_t n);

/*
 * Transfers the extra caps (caps[], NULL after the last) into the receiver
 * and returns `info` with extraCaps and capsUnwrapped describing what
 * arrived (seL4 transferCaps): caps to ep become badges in the receiver's
 * buffer; the first other cap goes to the receive slot if there is one and
 * it can be derived; the transfer stops at the first cap that cannot go.
 */
message_info_t ipc_transfer_caps(message_info_t info, const endpoint_t *ep, cte_t *const caps[],
                                 tcb_t *receiver, word_t *receive_buffer);

/* The empty slot the receiver's IPC buffer names for a cap (receiveCNode,
 * receiveIndex, receiveDepth), or NULL (seL4 getReceiveSlots). */
cte_t *ipc_receive_slot(const tcb_t *receiver, const word_t *receive_buffer);

/* Whether a cap sent through ep is unwrapped into its badge. */
bool ipc_cap_is_unwrapped(cap_t cap, const endpoint_t *ep);

/* Sets message register i of the receiver; returns the message length that
 * results (i + 1), or MSG_REGISTER_COUNT when i needs a buffer it lacks
 * (seL4 setMR). */
word_t ipc_set_mr(tcb_t *receiver, word_t *buffer, word_t i, word_t value);

/* Message info as a sender supplied it, its length bounded by
 * seL4_MsgMaxLength (seL4 messageInfoFromWord). */
message_info_t ipc_message_info_of(const tcb_t *thread);
