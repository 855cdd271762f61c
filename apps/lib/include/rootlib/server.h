/*
 * rootlib's IPC server loop: receive on an endpoint, hand each message and
 * the sender's badge to a handler, reply and wait for the next message in
 * one ReplyRecv. For seL4's non-MCS kernel (the reply cap sits in the
 * server's TCB), which is Keel's and seL4's default configuration.
 */
#pragma once

#include <sel4/sel4.h>

enum rootlib_server_action {
    ROOTLIB_SERVER_REPLY,    /* reply with *msg (and the MRs set), then receive */
    ROOTLIB_SERVER_NO_REPLY, /* no reply (a Send, or a reply saved for later) */
    ROOTLIB_SERVER_STOP,     /* reply with *msg, then return from the loop */
};

/* A request's handler: the badge of the cap it came through, its message
 * info in *msg (MRs through seL4_GetMR); it writes the reply's MRs and
 * info into *msg. */
typedef enum rootlib_server_action rootlib_server_fn_t(void *ctx, seL4_Word badge,
                                                       seL4_MessageInfo_t *msg);

/* Serve requests on endpoint `ep` until a handler says STOP. */
void rootlib_serve(seL4_CPtr ep, rootlib_server_fn_t *handler, void *ctx);
