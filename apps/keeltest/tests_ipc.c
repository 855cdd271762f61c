/*
 * keeltest: endpoint IPC, notifications and faults between the test's
 * thread and helper threads in its address space and CSpace. Helpers run at
 * the test thread's priority, so they run when it blocks or yields; each
 * test's helpers go away with its untyped.
 */
#include <string.h>
#include <keel/runtime.h>
#include "keeltest.h"

#define IPC_HELPERS 3
#define IPC_STACK_BYTES 4096
#define IPC_TLS_BYTES 512

struct ipc_helper {
    seL4_CPtr tcb;
    void (*fn)(struct ipc_helper *self);
    seL4_Word arg[4];          /* from the test */
    volatile seL4_Word out[4]; /* to the test */
};

static struct ipc_helper ipc_helpers[IPC_HELPERS];
static char ipc_stacks[IPC_HELPERS][IPC_STACK_BYTES] __attribute__((aligned(16)));
static char ipc_tls[IPC_HELPERS][IPC_TLS_BYTES] __attribute__((aligned(64)));

static void ipc_trampoline(struct ipc_helper *self, seL4_IPCBuffer *buffer)
{
    seL4_SetIPCBuffer(buffer);
    self->fn(self);
    seL4_TCB_Suspend(self->tcb);
}

/* Helper i, to run fn with the arguments the test then puts in arg[]. */
static struct ipc_helper *ipc_helper(unsigned i, void (*fn)(struct ipc_helper *))
{
    struct ipc_helper *h = &ipc_helpers[i];
    h->fn = fn;
    memset(h->arg, 0, sizeof h->arg);
    memset((void *)h->out, 0, sizeof h->out);
    return h;
}

/* Starts the helper (helper i uses the i-th page of the test's virtual
 * range as its IPC buffer), with fault endpoint fault_ep (0: none). */
static void ipc_run(struct test_env *env, struct ipc_helper *h, seL4_CPtr fault_ep)
{
    unsigned i = (unsigned)(h - ipc_helpers);
    h->tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word buffer = test_vaddr(env, i * 4096);
    test_map_frame(env, frame, buffer);
    CHECK_OK(seL4_TCB_Configure(h->tcb, fault_ep, env->cnode, 0, seL4_CapInitThreadVSpace, 0,
                                buffer, frame));
    CHECK_OK(seL4_TCB_SetPriority(h->tcb, env->tcb, env->priority));
    seL4_UserContext regs;
    memset(&regs, 0, sizeof regs);
    regs.pc = (seL4_Word)ipc_trampoline;
    regs.sp = (seL4_Word)&ipc_stacks[i][IPC_STACK_BYTES];
    regs.r0 = (seL4_Word)h;
    regs.r1 = buffer;
    regs.tpidruro = keel_tls_init(ipc_tls[i]);
    CHECK_OK(seL4_TCB_WriteRegisters(h->tcb, true, 0, sizeof regs / sizeof(seL4_Word), &regs));
}

/* Stops the helpers a test started, so none runs on while the driver
 * deletes the objects it uses (a thread waiting on a deleted endpoint
 * would retry and fault). */
static void ipc_stop_helpers(void)
{
    for (unsigned i = 0; i < IPC_HELPERS; i++) {
        if (ipc_helpers[i].tcb != seL4_CapNull) {
            seL4_TCB_Suspend(ipc_helpers[i].tcb);
            ipc_helpers[i].tcb = seL4_CapNull;
        }
    }
}

/* ---- Endpoints ---- */

/* Serves Calls on arg[0]: replies label + 1, each word + 1, then the badge. */
static void ipc_echo_server(struct ipc_helper *self)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(self->arg[0], &badge);
    for (;;) {
        seL4_Word n = seL4_MessageInfo_get_length(info);
        for (seL4_Word i = 0; i < n && i + 1 < seL4_MsgMaxLength; i++) {
            seL4_SetMR(i, seL4_GetMR(i) + 1);
        }
        seL4_SetMR(n < seL4_MsgMaxLength ? n : n - 1, badge);
        seL4_Word length = n < seL4_MsgMaxLength ? n + 1 : n;
        info = seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) + 1, 0, 0, length);
        info = seL4_ReplyRecv(self->arg[0], info, &badge);
    }
}

KEEL_TEST(ipc_call_reaches_a_server_and_gets_its_reply,
          "seL4_Call delivers label, words and badge; seL4_ReplyRecv's reply comes back")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    struct ipc_helper *h = ipc_helper(0, ipc_echo_server);
    h->arg[0] = ep;
    ipc_run(env, h, 0);
    seL4_CPtr badged = test_mint(env, ep, seL4_AllRights, 0x5a);
    for (seL4_Word i = 0; i < 10; i++) {
        seL4_SetMR(i, 3 * i);
    }
    seL4_MessageInfo_t info = seL4_Call(badged, seL4_MessageInfo_new(0x77, 0, 0, 10));
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x78);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 11);
    for (seL4_Word i = 0; i < 10; i++) {
        CHECK_EQ(seL4_GetMR(i), 3 * i + 1);
    }
    CHECK_EQ(seL4_GetMR(10), 0x5a);
    seL4_SetMR(0, 41);
    info = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    CHECK_EQ(seL4_GetMR(0), 42);
    CHECK_EQ(seL4_GetMR(1), 0); /* unbadged */
    ipc_stop_helpers();
}

KEEL_TEST(ipc_longest_message_arrives_whole,
          "a message of seL4_MsgMaxLength words goes both ways through the IPC buffers")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    struct ipc_helper *h = ipc_helper(0, ipc_echo_server);
    h->arg[0] = ep;
    ipc_run(env, h, 0);
    for (seL4_Word i = 0; i < seL4_MsgMaxLength; i++) {
        seL4_SetMR(i, 1000 + i);
    }
    seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, seL4_MsgMaxLength));
    CHECK_EQ(seL4_MessageInfo_get_length(info), seL4_MsgMaxLength);
    CHECK_EQ(seL4_GetMR(seL4_MsgMaxLength - 2), 1000 + seL4_MsgMaxLength - 2 + 1);
    ipc_stop_helpers();
}

/* Sends arg[1] words of value arg[2] on arg[0], then reports. */
static void ipc_sender(struct ipc_helper *self)
{
    for (seL4_Word i = 0; i < self->arg[1]; i++) {
        seL4_SetMR(i, self->arg[2]);
    }
    seL4_Send(self->arg[0], seL4_MessageInfo_new(9, 0, 0, self->arg[1]));
    self->out[0] = 1;
}

KEEL_TEST(ipc_recv_takes_a_queued_sender, "a Send waits for a receiver, which gets its badge")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    struct ipc_helper *h = ipc_helper(0, ipc_sender);
    h->arg[0] = test_mint(env, ep, seL4_AllRights, 0x33);
    h->arg[1] = 2;
    h->arg[2] = 0xcafe;
    ipc_run(env, h, 0);
    seL4_Yield(); /* the helper sends and blocks */
    CHECK_EQ(h->out[0], 0);
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    CHECK_EQ(badge, 0x33);
    CHECK_EQ(seL4_MessageInfo_get_label(info), 9);
    CHECK_EQ(seL4_GetMR(1), 0xcafe);
    seL4_Yield();
    CHECK_EQ(h->out[0], 1);
    ipc_stop_helpers();
}

KEEL_TEST(ipc_nonblocking_calls_do_not_wait,
          "NBSend with no receiver drops the message; NBRecv with no sender returns badge 0")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Word badge = 77;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0)); /* no caller: ignored */
}

KEEL_TEST(ipc_endpoint_caps_need_write_to_send,
          "Call on an endpoint cap without Write fails with InvalidCapability")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr read_only = test_mint(env, ep, seL4_CanRead, 0);
    seL4_NBSend(read_only, seL4_MessageInfo_new(0, 0, 0, 0)); /* ignored */
    CHECK_ERR(raw_invoke(read_only, 0, 0, NULL, 0, NULL), seL4_InvalidCapability);
    CHECK_MR(0, 0);
}

/* Calls arg[0]; out[0] = 1 once the call returns. */
static void ipc_caller(struct ipc_helper *self)
{
    seL4_Call(self->arg[0], seL4_MessageInfo_new(0, 0, 0, 0));
    self->out[0] = 1;
}

KEEL_TEST(ipc_call_without_grant_rights_never_returns,
          "a Call through a cap with neither Grant nor GrantReply leaves the caller stopped")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    struct ipc_helper *h = ipc_helper(0, ipc_caller);
    h->arg[0] = test_mint(env, ep, seL4_CanWrite, 0);
    ipc_run(env, h, 0);
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0)); /* no reply cap: dropped */
    seL4_Yield();
    CHECK_EQ(h->out[0], 0);
    ipc_stop_helpers();
}

KEEL_TEST(ipc_saved_reply_cap_replies_once,
          "SaveCaller moves the reply cap; a Send on it resumes the caller and uses it up")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    struct ipc_helper *h = ipc_helper(0, ipc_caller);
    h->arg[0] = ep;
    ipc_run(env, h, 0);
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    seL4_CPtr reply = test_slot(env);
    CHECK_OK(seL4_CNode_SaveCaller(env->cnode, reply, ROOT_DEPTH));
    CHECK_CAP(reply, CAP_TAG_REPLY);
    seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK_CAP(reply, CAP_TAG_NULL);
    seL4_Yield();
    CHECK_EQ(h->out[0], 1);
    ipc_stop_helpers();
}

/* Sends caps arg[1] (and arg[2] if set) through arg[0]. */
static void ipc_cap_sender(struct ipc_helper *self)
{
    seL4_SetCap(0, self->arg[1]);
    seL4_SetCap(1, self->arg[2]);
    seL4_Send(self->arg[0], seL4_MessageInfo_new(0, 0, self->arg[2] ? 2 : 1, 0));
}

KEEL_TEST(ipc_caps_are_transferred_with_grant_only,
          "a cap goes to the receive slot through an endpoint cap with Grant, not without")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr slot = test_slot(env);
    seL4_SetCapReceivePath(env->cnode, slot, ROOT_DEPTH);
    struct ipc_helper *h = ipc_helper(0, ipc_cap_sender);
    h->arg[0] = test_mint(env, ep, seL4_CanWrite, 0);
    h->arg[1] = ntfn;
    ipc_run(env, h, 0);
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 0);
    CHECK_CAP(slot, CAP_TAG_NULL);
    h = ipc_helper(1, ipc_cap_sender);
    h->arg[0] = ep;
    h->arg[1] = ntfn;
    ipc_run(env, h, 0);
    info = seL4_Recv(ep, &badge);
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 1);
    CHECK_CAP(slot, CAP_TAG_NOTIFICATION);
    ipc_stop_helpers();
}

KEEL_TEST(ipc_caps_to_the_endpoint_are_unwrapped,
          "a cap to the endpoint itself arrives as its badge, with its capsUnwrapped bit")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr slot = test_slot(env);
    seL4_SetCapReceivePath(env->cnode, slot, ROOT_DEPTH);
    struct ipc_helper *h = ipc_helper(0, ipc_cap_sender);
    h->arg[0] = ep;
    h->arg[1] = test_mint(env, ep, seL4_AllRights, 0x99);
    h->arg[2] = ntfn;
    ipc_run(env, h, 0);
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 2);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(info), 1);
    CHECK_EQ(seL4_GetBadge(0), 0x99);
    CHECK_CAP(slot, CAP_TAG_NOTIFICATION);
    ipc_stop_helpers();
}

/* ---- Notifications ---- */

/* Waits on arg[0], then sends the word to arg[1]. */
static void ipc_waiter(struct ipc_helper *self)
{
    seL4_Word word;
    seL4_Wait(self->arg[0], &word);
    seL4_SetMR(0, word);
    seL4_Send(self->arg[1], seL4_MessageInfo_new(0, 0, 0, 1));
}

KEEL_TEST(ipc_signals_accumulate_until_taken,
          "Signal ORs badges into the word; Poll takes it, then finds nothing")
{
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_Signal(test_mint(env, ntfn, seL4_AllRights, 0x1));
    seL4_Signal(test_mint(env, ntfn, seL4_AllRights, 0x4));
    seL4_Word word;
    seL4_Poll(ntfn, &word);
    CHECK_EQ(word, 0x5);
    seL4_Poll(ntfn, &word);
    CHECK_EQ(word, 0);
}

KEEL_TEST(ipc_signal_wakes_a_waiting_thread, "a thread blocked in Wait gets the signal's badge")
{
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    struct ipc_helper *h = ipc_helper(0, ipc_waiter);
    h->arg[0] = ntfn;
    h->arg[1] = ep;
    ipc_run(env, h, 0);
    seL4_Yield(); /* it waits */
    seL4_Signal(test_mint(env, ntfn, seL4_AllRights, 0x20));
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    CHECK_EQ(seL4_GetMR(0), 0x20);
    ipc_stop_helpers();
}

/* Signals arg[0]. */
static void ipc_signaller(struct ipc_helper *self)
{
    seL4_Signal(self->arg[0]);
}

KEEL_TEST(ipc_bound_notification_wakes_an_endpoint_receiver,
          "a thread receiving on an endpoint gets a signal to its bound notification")
{
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_OK(seL4_TCB_BindNotification(env->tcb, ntfn));
    struct ipc_helper *h = ipc_helper(0, ipc_signaller);
    h->arg[0] = test_mint(env, ntfn, seL4_AllRights, 0x40);
    ipc_run(env, h, 0);
    seL4_Word badge;
    /* only the badge comes back: seL4 leaves the message info register as
     * it was, so the returned info means nothing here (test_registers.c) */
    seL4_Recv(ep, &badge);
    CHECK_OK(seL4_TCB_UnbindNotification(env->tcb));
    CHECK_EQ(badge, 0x40);
    ipc_stop_helpers();
}

/* ---- Faults ---- */

static seL4_Word ipc_unknown_syscall(seL4_Word r0_in)
{
    register seL4_Word r0 __asm__("r0") = r0_in;
    register seL4_Word r7 __asm__("r7") = (seL4_Word)-100;
    __asm__ volatile("swi #0" : "+r"(r0) : "r"(r7) : "memory", "r1", "r2", "r3", "r4", "r5");
    return r0;
}

/* Faults four ways, recording how far it got in out[0]. */
static void ipc_faulter(struct ipc_helper *self)
{
    self->out[1] = ipc_unknown_syscall(0x11);
    self->out[0] = 1;
    __asm__ volatile(".word 0xe7f000f0" ::: "memory"); /* undefined instruction */
    self->out[0] = 2;
    self->out[2] = *(volatile seL4_Word *)self->arg[0]; /* unmapped */
    self->out[0] = 3;
    seL4_Call(0x80000000u, seL4_MessageInfo_new(0, 0, 0, 0)); /* cptr off the root guard */
    self->out[0] = 4;
}

KEEL_TEST(ipc_faults_go_to_the_fault_endpoint,
          "unknown syscall, user exception, VM fault and cap fault reach the handler in "
          "seL4's layouts; its replies set registers and restart the thread")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_Word unmapped = test_vaddr(env, 0x100000);
    struct ipc_helper *h = ipc_helper(0, ipc_faulter);
    h->arg[0] = unmapped + 0x10;
    ipc_run(env, h, test_mint(env, ep, seL4_AllRights, 7));
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    CHECK_EQ(badge, 7);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UnknownSyscall);
    CHECK_EQ(seL4_MessageInfo_get_length(info), seL4_UnknownSyscall_Length);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), (seL4_Word)-100);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_R0), 0x11);
    seL4_SetMR(seL4_UnknownSyscall_R0, 0x22);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, seL4_GetMR(seL4_UnknownSyscall_FaultIP) + 4);
    info = seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Syscall), &badge);
    CHECK_EQ(h->out[1], 0x22);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UserException);
    CHECK_EQ(seL4_MessageInfo_get_length(info), seL4_UserException_Length);
    seL4_SetMR(seL4_UserException_FaultIP, seL4_GetMR(seL4_UserException_FaultIP) + 4);
    info = seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, seL4_UserException_Number), &badge);
    CHECK_EQ(h->out[0], 2);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_VMFault);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), unmapped + 0x10);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_PrefetchFault), 0);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    test_map_frame(env, frame, unmapped);
    *(volatile seL4_Word *)(unmapped + 0x10) = 0xbeef;
    info = seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 0), &badge);
    CHECK_EQ(h->out[2], 0xbeef);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), 0x80000000u);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 0);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_GuardMismatch);
    CHECK_OK(seL4_TCB_Suspend(h->tcb));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0)); /* the caller stopped: dropped */
    CHECK_EQ(h->out[0], 3);
    ipc_stop_helpers();
}

/* Receives on the empty slot arg[0]. */
static void ipc_bad_receiver(struct ipc_helper *self)
{
    seL4_Word badge;
    seL4_Recv(self->arg[0], &badge);
    self->out[0] = 1;
}

KEEL_TEST(ipc_receive_on_a_missing_cap_is_a_cap_fault,
          "Recv on an empty slot sends a cap fault in the receive phase to the handler")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    struct ipc_helper *h = ipc_helper(0, ipc_bad_receiver);
    h->arg[0] = test_slot(env);
    ipc_run(env, h, ep);
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), h->arg[0]);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    CHECK_OK(seL4_TCB_Suspend(h->tcb));
    ipc_stop_helpers();
}

KEEL_TEST(ipc_fault_without_handler_stops_the_thread,
          "a thread whose fault endpoint is missing stops at its fault")
{
    struct ipc_helper *h = ipc_helper(0, ipc_bad_receiver);
    h->arg[0] = test_slot(env);
    ipc_run(env, h, 0);
    seL4_Yield();
    seL4_Yield();
    CHECK_EQ(h->out[0], 0);
    ipc_stop_helpers();
}

/* Waits on endpoint arg[0]; out[0] = 1 if that ever returns. */
static void ipc_receiver(struct ipc_helper *self)
{
    seL4_Word badge;
    seL4_Recv(self->arg[0], &badge);
    self->out[0] = 1;
}

KEEL_TEST(ipc_deleting_an_endpoint_restarts_its_waiters,
          "a receiver on a deleted endpoint retries its Recv and faults on the missing cap")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr handler = test_retype(env, seL4_EndpointObject, 0);
    struct ipc_helper *h = ipc_helper(0, ipc_receiver);
    h->arg[0] = ep;
    ipc_run(env, h, handler);
    seL4_Yield(); /* it waits on ep */
    CHECK_OK(seL4_CNode_Delete(env->cnode, ep, ROOT_DEPTH));
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(handler, &badge);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), ep);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    CHECK_OK(seL4_TCB_Suspend(h->tcb));
    CHECK_EQ(h->out[0], 0);
    ipc_stop_helpers();
}

KEEL_TEST(ipc_cancel_badged_sends_restarts_those_senders,
          "CancelBadgedSends restarts the senders with that badge; others stay queued")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr one = test_mint(env, ep, seL4_AllRights, 1);
    struct ipc_helper *a = ipc_helper(0, ipc_sender);
    a->arg[0] = one;
    ipc_run(env, a, 0);
    struct ipc_helper *b = ipc_helper(1, ipc_sender);
    b->arg[0] = test_mint(env, ep, seL4_AllRights, 2);
    ipc_run(env, b, 0);
    seL4_Yield(); /* a, then b, send and wait */
    CHECK_OK(seL4_CNode_CancelBadgedSends(env->cnode, one, ROOT_DEPTH));
    seL4_Yield(); /* a retries its Send: now it waits behind b */
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    CHECK_EQ(badge, 2);
    seL4_Recv(ep, &badge);
    CHECK_EQ(badge, 1);
    ipc_stop_helpers();
}
