/*
 * The calling thread's IPC buffer: message registers beyond MR3, extra caps
 * and badges, user data and the cap receive path. The buffer's address is
 * kept in the thread-local __sel4_ipc_buffer (tpidruro-relative TLS, as
 * upstream); the thread's start-up code sets it with seL4_SetIPCBuffer.
 */
#pragma once

#include <sel4/types.h>

extern LIBSEL4_THREAD_LOCAL seL4_IPCBuffer *__sel4_ipc_buffer;

LIBSEL4_INLINE_FUNC void seL4_SetIPCBuffer(seL4_IPCBuffer *ipc_buffer)
{
    __sel4_ipc_buffer = ipc_buffer;
}

LIBSEL4_INLINE_FUNC seL4_IPCBuffer *seL4_GetIPCBuffer(void)
{
    return __sel4_ipc_buffer;
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_GetMR(int i)
{
    return seL4_GetIPCBuffer()->msg[i];
}

LIBSEL4_INLINE_FUNC void seL4_SetMR(int i, seL4_Word mr)
{
    seL4_GetIPCBuffer()->msg[i] = mr;
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_GetUserData(void)
{
    return seL4_GetIPCBuffer()->userData;
}

LIBSEL4_INLINE_FUNC void seL4_SetUserData(seL4_Word data)
{
    seL4_GetIPCBuffer()->userData = data;
}

/* Badge of the i-th received cap that was unwrapped (see capsUnwrapped). */
LIBSEL4_INLINE_FUNC seL4_Word seL4_GetBadge(int i)
{
    return seL4_GetIPCBuffer()->caps_or_badges[i];
}

LIBSEL4_INLINE_FUNC seL4_CPtr seL4_GetCap(int i)
{
    return (seL4_CPtr)seL4_GetIPCBuffer()->caps_or_badges[i];
}

/* Name the i-th extra cap of the next message sent. */
LIBSEL4_INLINE_FUNC void seL4_SetCap(int i, seL4_CPtr cptr)
{
    seL4_GetIPCBuffer()->caps_or_badges[i] = (seL4_Word)cptr;
}

/* Where a received cap is stored; a NULL pointer skips that part. */
LIBSEL4_INLINE_FUNC void seL4_GetCapReceivePath(seL4_CPtr *receiveCNode, seL4_CPtr *receiveIndex,
                                                seL4_Word *receiveDepth)
{
    seL4_IPCBuffer *buffer = seL4_GetIPCBuffer();

    if (receiveCNode != seL4_Null) {
        *receiveCNode = buffer->receiveCNode;
    }
    if (receiveIndex != seL4_Null) {
        *receiveIndex = buffer->receiveIndex;
    }
    if (receiveDepth != seL4_Null) {
        *receiveDepth = buffer->receiveDepth;
    }
}

LIBSEL4_INLINE_FUNC void seL4_SetCapReceivePath(seL4_CPtr receiveCNode, seL4_CPtr receiveIndex,
                                                seL4_Word receiveDepth)
{
    seL4_IPCBuffer *buffer = seL4_GetIPCBuffer();

    buffer->receiveCNode = receiveCNode;
    buffer->receiveIndex = receiveIndex;
    buffer->receiveDepth = receiveDepth;
}
