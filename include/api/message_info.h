/*
 * The kernel's view of seL4_MessageInfo (seL4 ABI: label in bits 31..12,
 * capsUnwrapped 11..9, extraCaps 8..7, length 6..0) and of the IPC buffer
 * (seL4_IPCBuffer: tag, 120 message words, user data, three cap pointers or
 * badges, the receive path).
 */
#pragma once

#include <kernel/bitfield.h>
#include <types.h>

typedef struct message_info {
    word_t words[1];
} message_info_t;

#define MSG_INFO_ACCESSORS(FIELD, LSB, WIDTH) \
    BITFIELD_ACCESSORS(message_info_t, message_info, FIELD, true, 0, LSB, WIDTH, 0)
MSG_INFO_ACCESSORS(label, 12, 20)
MSG_INFO_ACCESSORS(caps_unwrapped, 9, 3)
MSG_INFO_ACCESSORS(extra_caps, 7, 2)
MSG_INFO_ACCESSORS(length, 0, 7)

static inline message_info_t message_info_new(word_t label, word_t unwrapped, word_t extra,
                                              word_t length)
{
    message_info_t m = { { 0 } };
    m = message_info_set_label(m, label);
    m = message_info_set_caps_unwrapped(m, unwrapped);
    m = message_info_set_extra_caps(m, extra);
    return message_info_set_length(m, length);
}

static inline message_info_t message_info_from_word(word_t w)
{
    return (message_info_t){ { w } };
}

#define MSG_MAX_LENGTH 120u   /* seL4_MsgMaxLength */
#define MSG_REGISTER_COUNT 4u /* seL4_FastMessageRegisters: MR0-MR3 in r2-r5 */

/* Word indices in the IPC buffer (seL4_IPCBuffer). */
#define IPC_BUFFER_TAG 0u
#define IPC_BUFFER_MSG 1u
#define IPC_BUFFER_USER_DATA (IPC_BUFFER_MSG + MSG_MAX_LENGTH)
#define IPC_BUFFER_CAPS (IPC_BUFFER_USER_DATA + 1u)
#define IPC_BUFFER_RECEIVE_CNODE (IPC_BUFFER_CAPS + 3u)
#define IPC_BUFFER_RECEIVE_INDEX (IPC_BUFFER_RECEIVE_CNODE + 1u)
#define IPC_BUFFER_RECEIVE_DEPTH (IPC_BUFFER_RECEIVE_INDEX + 1u)
#define IPC_BUFFER_BITS 9u /* seL4_IPCBufferSizeBits */
