/*
 * The system calls. The architecture file implements the real ones; the
 * notification helpers below are plain wrappers, as in non-MCS seL4.
 */
#pragma once

#include <sel4/types.h>
#include <sel4/functions.h>
#include <sel4/arch/syscalls.h>

/* Block on a notification (or endpoint); the word or badge goes to *sender. */
LIBSEL4_INLINE_FUNC void seL4_Wait(seL4_CPtr src, seL4_Word *sender)
{
    seL4_Recv(src, sender);
}

/* Collect a notification's word without blocking (0 if none is pending). */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_NBRecv(src, sender);
}

/* MCS kernels have a separate NBWait call; on this kernel it is NBRecv. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBWait(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_NBRecv(src, sender);
}
