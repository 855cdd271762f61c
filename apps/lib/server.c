/*
 * The IPC server loop (include/rootlib/server.h). ReplyRecv answers the
 * last caller and waits for the next in one system call, which seL4's fast
 * path serves when the message fits in registers.
 */
#include <rootlib/server.h>

#ifdef CONFIG_KERNEL_MCS
#error "rootlib_serve is written for the non-MCS kernel (no reply object)"
#endif

void rootlib_serve(seL4_CPtr ep, rootlib_server_fn_t *handler, void *ctx)
{
    seL4_Word badge;
    seL4_MessageInfo_t msg = seL4_Recv(ep, &badge);

    for (;;) {
        enum rootlib_server_action action = handler(ctx, badge, &msg);
        if (action == ROOTLIB_SERVER_STOP) {
            seL4_Reply(msg);
            return;
        }
        if (action == ROOTLIB_SERVER_REPLY) {
            msg = seL4_ReplyRecv(ep, msg, &badge);
        } else {
            msg = seL4_Recv(ep, &badge);
        }
    }
}
