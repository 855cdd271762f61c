/*
 * Message transfer between threads (see <kernel/ipc.h>), as seL4's
 * doIPCTransfer and its helpers do it: registers first, the IPC buffer for
 * the rest, then the caps, which need Grant and a receive slot.
 */
#include <kernel/cdt.h>
#include <kernel/cspace.h>
#include <kernel/ipc.h>
#include <kernel/printf.h>
#include <kernel/thread.h>
#include <object/objecttype.h>

message_info_t ipc_message_info_of(const tcb_t *thread)
{
    message_info_t info = message_info_from_word(thread->context.regs[REG_R1]);
    if (message_info_get_length(info) > MSG_MAX_LENGTH) {
        info = message_info_set_length(info, MSG_MAX_LENGTH);
    }
    return info;
}

word_t ipc_set_mr(tcb_t *receiver, word_t *buffer, word_t i, word_t value)
{
    return thread_set_mr(receiver, buffer, i, value) ? i + 1 : MSG_REGISTER_COUNT;
}

bool ipc_lookup_extra_caps(const tcb_t *thread, const word_t *buffer, message_info_t info,
                           cte_t *caps[MAX_EXTRA_CAPS], fault_t *fault)
{
    for (word_t i = 0; i < MAX_EXTRA_CAPS; i++) {
        caps[i] = NULL;
    }
    word_t count = buffer != NULL ? message_info_get_extra_caps(info) : 0;
    for (word_t i = 0; i < count; i++) {
        cptr_t cptr = buffer[IPC_BUFFER_CAPS + i];
        resolve_result_t r = cspace_lookup_slot(thread, cptr);
        if (!r.ok) {
            *fault = fault_cap_new(cptr, false, r.fault);
            caps[0] = NULL;
            return false;
        }
        caps[i] = r.slot;
    }
    return true;
}

void ipc_warn_truncated(const tcb_t *sender, const tcb_t *receiver, word_t length, word_t kept)
{
    /* seL4 (since 15.0) reports this in debug builds too: the kernel cuts
     * the message rather than fail, so without a word the receiver just
     * sees fewer words than were sent. */
    if (config_set(CONFIG_DEBUG_BUILD)) {
        kprintf("Keel: warning: %s -> %s: %u-word message truncated to %u words: %s has no "
                "IPC buffer\n",
                sender->name[0] ? sender->name : "(unnamed)",
                receiver == NULL    ? "kernel"
                : receiver->name[0] ? receiver->name
                                    : "(unnamed)",
                length, kept,
                thread_ipc_buffer(sender, false) == NULL ? "the sender" : "the receiver");
    }
}

word_t ipc_copy_mrs(const tcb_t *sender, const word_t *send_buffer, tcb_t *receiver,
                    word_t *receive_buffer, word_t n)
{
    word_t i = 0;
    for (; i < n && i < MSG_REGISTER_COUNT; i++) {
        receiver->context.regs[REG_R2 + i] = sender->context.regs[REG_R2 + i];
    }
    if (send_buffer == NULL || receive_buffer == NULL) {
        if (n > i) {
            ipc_warn_truncated(sender, receiver, n, i);
        }
        return i;
    }
    for (; i < n; i++) {
        receive_buffer[IPC_BUFFER_MSG + i] = send_buffer[IPC_BUFFER_MSG + i];
    }
    return i;
}

cte_t *ipc_receive_slot(const tcb_t *receiver, const word_t *receive_buffer)
{
    if (receive_buffer == NULL) {
        return NULL;
    }
    resolve_result_t root = cspace_lookup_slot(receiver, receive_buffer[IPC_BUFFER_RECEIVE_CNODE]);
    if (!root.ok) {
        return NULL;
    }
    slot_result_t r =
        cspace_lookup_target_slot(root.slot->cap, receive_buffer[IPC_BUFFER_RECEIVE_INDEX],
                                  receive_buffer[IPC_BUFFER_RECEIVE_DEPTH]);
    if (r.error.type != ERR_NONE || !cte_is_empty(r.slot)) {
        return NULL;
    }
    return r.slot;
}

bool ipc_cap_is_unwrapped(cap_t cap, const endpoint_t *ep)
{
    return ep != NULL && cap_get_type(cap) == CAP_ENDPOINT &&
           endpoint_ptr(cap_endpoint_get_ptr(cap)) == ep;
}

message_info_t ipc_transfer_caps(message_info_t info, const endpoint_t *ep, cte_t *const caps[],
                                 tcb_t *receiver, word_t *receive_buffer)
{
    info = message_info_set_extra_caps(info, 0);
    info = message_info_set_caps_unwrapped(info, 0);
    if (caps[0] == NULL || receive_buffer == NULL) {
        return info;
    }
    cte_t *dest = ipc_receive_slot(receiver, receive_buffer);
    word_t unwrapped = 0;
    word_t i = 0;
    for (; i < MAX_EXTRA_CAPS && caps[i] != NULL; i++) {
        cap_t cap = caps[i]->cap;
        if (ipc_cap_is_unwrapped(cap, ep)) {
            receive_buffer[IPC_BUFFER_CAPS + i] = cap_endpoint_get_badge(cap);
            unwrapped |= BIT(i);
            continue;
        }
        if (dest == NULL) {
            break; /* one receive slot: only the first such cap can go */
        }
        derive_result_t d = cap_derive(caps[i], cap);
        if (d.error.type != ERR_NONE || cap_get_type(d.cap) == CAP_NULL) {
            break;
        }
        mdb_insert_child(d.cap, caps[i], dest);
        dest = NULL;
    }
    info = message_info_set_caps_unwrapped(info, unwrapped);
    return message_info_set_extra_caps(info, i);
}

/* A message from a thread without a pending fault (seL4 doNormalTransfer).
 * The IPC buffers matter only for words past MR3 and for caps. */
static void ipc_transfer_normal(tcb_t *sender, const endpoint_t *ep, bool grant, tcb_t *receiver)
{
    message_info_t info = ipc_message_info_of(sender);
    bool uses_buffers = message_info_get_length(info) > MSG_REGISTER_COUNT ||
                        (grant && message_info_get_extra_caps(info) != 0);
    const word_t *send_buffer = uses_buffers ? thread_ipc_buffer(sender, false) : NULL;
    word_t *receive_buffer = uses_buffers ? thread_ipc_buffer(receiver, true) : NULL;
    cte_t *caps[MAX_EXTRA_CAPS] = { NULL };
    fault_t ignored;
    if (grant && !ipc_lookup_extra_caps(sender, send_buffer, info, caps, &ignored)) {
        caps[0] = NULL; /* caps that no longer resolve are simply not sent */
    }
    word_t length =
        ipc_copy_mrs(sender, send_buffer, receiver, receive_buffer, message_info_get_length(info));
    info = ipc_transfer_caps(info, ep, caps, receiver, receive_buffer);
    receiver->context.regs[REG_R1] = message_info_set_length(info, length).words[0];
}

/* The message of a pending fault, labelled with its type (seL4
 * doFaultTransfer). */
static void ipc_transfer_fault(tcb_t *sender, tcb_t *receiver, word_t *receive_buffer)
{
    word_t length = fault_write_message(sender, receiver, receive_buffer);
    receiver->context.regs[REG_R1] = message_info_new(sender->fault_type, 0, 0, length).words[0];
}

void ipc_transfer(tcb_t *sender, const endpoint_t *ep, word_t badge, bool grant, tcb_t *receiver)
{
    if (fault_is_pending(sender)) {
        ipc_transfer_fault(sender, receiver, thread_ipc_buffer(receiver, true));
    } else {
        ipc_transfer_normal(sender, ep, grant, receiver);
    }
    receiver->context.regs[REG_R0] = badge;
}
