/*
 * keeltest: which of a thread's registers a system call writes, seen from
 * user level with system calls made in inline assembly (libsel4's wrappers
 * treat r1-r5 as clobbered): as in seL4, a signal and an empty Poll or
 * NBRecv write only the badge register r0; a message writes r0, the message
 * info r1 and just the message registers it carries; a kernel reply to a
 * Call writes r0 = 0, r1 and its MRs; Send and Yield write nothing. Then
 * TCB ReadRegisters and WriteRegisters with every kind of count.
 */
#include <string.h>
#include "keeltest.h"

#define USER_CONTEXT_WORDS (sizeof(seL4_UserContext) / sizeof(seL4_Word))
#define RAW_REGS 7 /* r0-r6 */

/* A value of its own for register i before the call. */
#define SENTINEL(i) (0x5e000000u + 0x1111u * (seL4_Word)(i))

/* r0-r6 around one system call (r7 holds its number). */
struct raw_regs {
    seL4_Word r[RAW_REGS];
};

static void raw_syscall(seL4_Word number, struct raw_regs *regs)
{
    register seL4_Word r0 __asm__("r0") = regs->r[0];
    register seL4_Word r1 __asm__("r1") = regs->r[1];
    register seL4_Word r2 __asm__("r2") = regs->r[2];
    register seL4_Word r3 __asm__("r3") = regs->r[3];
    register seL4_Word r4 __asm__("r4") = regs->r[4];
    register seL4_Word r5 __asm__("r5") = regs->r[5];
    register seL4_Word r6 __asm__("r6") = regs->r[6];
    register seL4_Word r7 __asm__("r7") = number;
    __asm__ volatile("swi #0"
                     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
                     : "r"(r7)
                     : "memory");
    regs->r[0] = r0;
    regs->r[1] = r1;
    regs->r[2] = r2;
    regs->r[3] = r3;
    regs->r[4] = r4;
    regs->r[5] = r5;
    regs->r[6] = r6;
}

/* r0 = cptr, every other register its sentinel. */
static struct raw_regs raw_regs_for(seL4_CPtr cptr)
{
    struct raw_regs regs;
    for (unsigned i = 0; i < RAW_REGS; i++) {
        regs.r[i] = SENTINEL(i);
    }
    regs.r[0] = cptr;
    return regs;
}

/* Registers from `first` on still hold what went in. */
#define CHECK_KEPT_FROM(regs, in, first)                   \
    do {                                                   \
        for (unsigned i_ = (first); i_ < RAW_REGS; i_++) { \
            CHECK_EQ((regs).r[i_], (in).r[i_]);            \
        }                                                  \
    } while (0)

/* ---- Helpers, below the test: they run only while it is blocked ---- */

/* Signals cap arg0. */
static void signaller(seL4_Word cap, seL4_Word unused)
{
    (void)unused;
    seL4_Signal(cap);
}

/* Sends cap arg0 a message of label 0x12 and one word, arg1. */
static void one_word_sender(seL4_Word cap, seL4_Word word)
{
    seL4_SetMR(0, word);
    seL4_Send(cap, seL4_MessageInfo_new(0x12, 0, 0, 1));
}

/* Receives one Call on arg0 and replies label 0x5 with one word, MR0 + 1. */
static void one_shot_server(seL4_Word ep, seL4_Word unused)
{
    (void)unused;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    seL4_SetMR(0, seL4_GetMR(0) + 1);
    seL4_Reply(seL4_MessageInfo_new(0x5, 0, 0, 1));
}

static void start_helper(struct test_env *env, test_thread_fn_t *fn, seL4_Word arg0, seL4_Word arg1)
{
    struct test_thread t;
    test_thread_new(env, &t, env->priority - 1, env->fault_ep);
    test_thread_start(&t, fn, arg0, arg1);
}

/* ---- Signals, Poll and NBRecv: the badge register alone ---- */

KEEL_TEST(regs_wait_woken_by_a_signal_writes_only_r0,
          "a thread blocked in Wait and woken by a signal finds the badge in r0 and "
          "r1-r6 as it left them (seL4 sendSignal sets only the badge register)")
{
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    start_helper(env, signaller, test_mint(env, ntfn, seL4_AllRights, 0x21), 0);
    struct raw_regs in = raw_regs_for(ntfn), out = in;
    raw_syscall(seL4_SysRecv, &out); /* seL4_Wait */
    CHECK_EQ(out.r[0], 0x21);
    CHECK_KEPT_FROM(out, in, 1);
}

KEEL_TEST(regs_wait_with_a_pending_signal_writes_only_r0,
          "Wait on a notification with a pending word returns it in r0 and nothing else "
          "(seL4 receiveSignal/completeSignal)")
{
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_Signal(test_mint(env, ntfn, seL4_AllRights, 0x6));
    struct raw_regs in = raw_regs_for(ntfn), out = in;
    raw_syscall(seL4_SysRecv, &out);
    CHECK_EQ(out.r[0], 0x6);
    CHECK_KEPT_FROM(out, in, 1);
}

KEEL_TEST(regs_poll_with_nothing_pending_writes_only_r0,
          "Poll with nothing pending returns 0 in r0 and leaves r1-r6 "
          "(seL4 doNBRecvFailedTransfer)")
{
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    struct raw_regs in = raw_regs_for(ntfn), out = in;
    raw_syscall(seL4_SysNBRecv, &out);
    CHECK_EQ(out.r[0], 0);
    CHECK_KEPT_FROM(out, in, 1);
}

KEEL_TEST(regs_nbrecv_on_an_empty_endpoint_writes_only_r0,
          "NBRecv on an endpoint nobody sends on returns 0 in r0 and leaves r1-r6")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    struct raw_regs in = raw_regs_for(ep), out = in;
    raw_syscall(seL4_SysNBRecv, &out);
    CHECK_EQ(out.r[0], 0);
    CHECK_KEPT_FROM(out, in, 1);
}

KEEL_TEST(regs_bound_signal_to_an_endpoint_receiver_writes_only_r0,
          "a thread blocked in Recv on an endpoint, woken through its bound notification, "
          "gets the badge in r0 and keeps r1-r6")
{
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_OK(seL4_TCB_BindNotification(env->tcb, ntfn));
    start_helper(env, signaller, test_mint(env, ntfn, seL4_AllRights, 0x40), 0);
    struct raw_regs in = raw_regs_for(ep), out = in;
    raw_syscall(seL4_SysRecv, &out);
    CHECK_OK(seL4_TCB_UnbindNotification(env->tcb));
    CHECK_EQ(out.r[0], 0x40);
    CHECK_KEPT_FROM(out, in, 1);
}

KEEL_TEST(regs_recv_with_a_pending_bound_signal_writes_only_r0,
          "Recv on an endpoint while the bound notification has a word pending returns it "
          "in r0 and keeps r1-r6")
{
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_OK(seL4_TCB_BindNotification(env->tcb, ntfn));
    seL4_Signal(test_mint(env, ntfn, seL4_AllRights, 0x3));
    struct raw_regs in = raw_regs_for(ep), out = in;
    raw_syscall(seL4_SysRecv, &out);
    CHECK_OK(seL4_TCB_UnbindNotification(env->tcb));
    CHECK_EQ(out.r[0], 0x3);
    CHECK_KEPT_FROM(out, in, 1);
}

/* ---- Messages: badge, info and only the MRs they carry ---- */

KEEL_TEST(regs_recv_of_a_message_writes_only_the_mrs_it_carries,
          "a received one-word message sets r0 (badge), r1 (info) and r2 (MR0); r3-r6 keep "
          "their values (seL4 copyMRs copies the message's length)")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    start_helper(env, one_word_sender, test_mint(env, ep, seL4_AllRights, 0x77), 0xabc);
    struct raw_regs in = raw_regs_for(ep), out = in;
    raw_syscall(seL4_SysRecv, &out);
    CHECK_EQ(out.r[0], 0x77);
    seL4_MessageInfo_t info = { .words = { out.r[1] } };
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x12);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 1);
    CHECK_EQ(out.r[2], 0xabc);
    CHECK_KEPT_FROM(out, in, 3);
}

KEEL_TEST(regs_reply_writes_badge_zero_info_and_the_replied_mrs,
          "a Call answered with one word returns badge 0 in r0, the reply's info in r1, "
          "MR0 in r2, and r3-r6 as they were")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    start_helper(env, one_shot_server, ep, 0);
    struct raw_regs in = raw_regs_for(ep), out;
    in.r[1] = seL4_MessageInfo_new(0, 0, 0, 1).words[0];
    in.r[2] = 0x41;
    out = in;
    raw_syscall(seL4_SysCall, &out);
    CHECK_EQ(out.r[0], 0);
    seL4_MessageInfo_t info = { .words = { out.r[1] } };
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x5);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 1);
    CHECK_EQ(out.r[2], 0x42);
    CHECK_KEPT_FROM(out, in, 3);
}

/* ---- Kernel replies to invocations ---- */

KEEL_TEST(regs_invocation_error_writes_the_label_and_its_details_only,
          "a Call that fails: r0 = 0, r1 = the error label with the details' length, the "
          "details in the MRs (RangeError: min, max), every other register kept")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    struct raw_regs in = raw_regs_for(tcb), out;
    in.r[1] = seL4_MessageInfo_new(TCBReadRegisters, 0, 0, 2).words[0];
    in.r[2] = 0; /* flags */
    in.r[3] = 0; /* count 0 */
    out = in;
    raw_syscall(seL4_SysCall, &out);
    CHECK_EQ(out.r[0], 0);
    seL4_MessageInfo_t info = { .words = { out.r[1] } };
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_RangeError);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 2);
    CHECK_EQ(out.r[2], 1);
    CHECK_EQ(out.r[3], USER_CONTEXT_WORDS);
    CHECK_KEPT_FROM(out, in, 4);

    /* an error without details writes no MR */
    in.r[1] = seL4_MessageInfo_new(CNodeRevoke, 0, 0, 0).words[0];
    out = in;
    raw_syscall(seL4_SysCall, &out);
    CHECK_EQ(out.r[0], 0);
    info.words[0] = out.r[1];
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_IllegalOperation);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 0);
    CHECK_KEPT_FROM(out, in, 2);
}

KEEL_TEST(regs_invocation_success_without_data_writes_r0_and_r1_only,
          "a Call that succeeds with nothing to say (Suspend) returns r0 = 0, r1 = an empty "
          "message, r2-r6 kept (seL4 replyFromKernel_success_empty)")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    struct raw_regs in = raw_regs_for(tcb), out;
    in.r[1] = seL4_MessageInfo_new(TCBSuspend, 0, 0, 0).words[0];
    out = in;
    raw_syscall(seL4_SysCall, &out);
    CHECK_EQ(out.r[0], 0);
    CHECK_EQ(out.r[1], 0);
    CHECK_KEPT_FROM(out, in, 2);
}

KEEL_TEST(regs_send_and_yield_write_no_register,
          "Send on a notification (a signal), NBSend with nobody receiving, a failed Send "
          "and Yield leave every register as it was")
{
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    struct raw_regs in = raw_regs_for(test_mint(env, ntfn, seL4_AllRights, 0x8)), out;
    in.r[1] = 0;
    out = in;
    raw_syscall(seL4_SysSend, &out);
    CHECK_KEPT_FROM(out, in, 0);
    seL4_Word word;
    seL4_Poll(ntfn, &word);
    CHECK_EQ(word, 0x8); /* it did signal */

    in = raw_regs_for(ep);
    in.r[1] = seL4_MessageInfo_new(0, 0, 0, 2).words[0];
    out = in;
    raw_syscall(seL4_SysNBSend, &out);
    CHECK_KEPT_FROM(out, in, 0);

    in = raw_regs_for(tcb);
    in.r[1] = seL4_MessageInfo_new(CNodeRevoke, 0, 0, 0).words[0];
    out = in;
    raw_syscall(seL4_SysSend, &out); /* an error, but no reply to a Send */
    CHECK_KEPT_FROM(out, in, 0);

    in = raw_regs_for(0);
    out = in;
    raw_syscall(seL4_SysYield, &out);
    CHECK_KEPT_FROM(out, in, 0);
}

/* ---- ReadRegisters and WriteRegisters: the count ---- */

/* A fresh TCB with every register set: values[i] = base + i (the CPSR's
 * flags only), read back into `now`. */
static seL4_CPtr registers_target(struct test_env *env, seL4_Word base, seL4_UserContext *now)
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_Word values[USER_CONTEXT_WORDS];
    for (seL4_Word i = 0; i < USER_CONTEXT_WORDS; i++) {
        values[i] = base + i;
    }
    values[2] = 0x80000000u;
    CHECK_OK(
        seL4_TCB_WriteRegisters(tcb, false, 0, USER_CONTEXT_WORDS, (seL4_UserContext *)values));
    CHECK_OK(seL4_TCB_ReadRegisters(tcb, false, 0, USER_CONTEXT_WORDS, now));
    return tcb;
}

/* ReadRegisters of `count` by a raw Call: checks that exactly `count`
 * registers come back, in MR0-MR3 (r2-r5) and the IPC buffer, and that no
 * other MR was written. */
static void check_read_count(seL4_CPtr tcb, const seL4_UserContext *now, seL4_Word count)
{
    const seL4_Word *want = (const seL4_Word *)now;
    seL4_IPCBuffer *buffer = seL4_GetIPCBuffer();
    for (seL4_Word i = seL4_FastMessageRegisters; i < USER_CONTEXT_WORDS + 2; i++) {
        buffer->msg[i] = SENTINEL(0x40 + i);
    }
    struct raw_regs in = raw_regs_for(tcb), out;
    in.r[1] = seL4_MessageInfo_new(TCBReadRegisters, 0, 0, 2).words[0];
    in.r[2] = 0;
    in.r[3] = count;
    out = in;
    raw_syscall(seL4_SysCall, &out);
    seL4_MessageInfo_t info = { .words = { out.r[1] } };
    CHECK_EQ(out.r[0], 0);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_NoError);
    CHECK_EQ(seL4_MessageInfo_get_length(info), count);
    for (seL4_Word i = 0; i < seL4_FastMessageRegisters; i++) {
        CHECK_EQ(out.r[2 + i], i < count ? want[i] : in.r[2 + i]);
    }
    CHECK_EQ(out.r[6], in.r[6]);
    for (seL4_Word i = seL4_FastMessageRegisters; i < USER_CONTEXT_WORDS + 2; i++) {
        CHECK_EQ(buffer->msg[i], i < count ? want[i] : SENTINEL(0x40 + i));
    }
}

KEEL_TEST(regs_read_registers_returns_exactly_count_registers,
          "ReadRegisters of 1, 3, 4, 6 and 19 registers replies with that many MRs and "
          "writes no MR beyond them")
{
    seL4_UserContext now;
    seL4_CPtr tcb = registers_target(env, 0x3000, &now);
    static const seL4_Word counts[] = { 1, 3, 4, 6, USER_CONTEXT_WORDS };
    for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
        check_read_count(tcb, &now, counts[i]);
    }
}

KEEL_TEST(regs_read_registers_count_outside_the_context_is_a_range_error,
          "ReadRegisters of 0 or of 20 registers is seL4_RangeError with MR0 = 1, MR1 = 19 "
          "(seL4 decodeReadRegisters)")
{
    seL4_UserContext now;
    seL4_CPtr tcb = registers_target(env, 0x3000, &now);
    seL4_UserContext regs;
    CHECK_ERR(seL4_TCB_ReadRegisters(tcb, false, 0, 0, &regs), seL4_RangeError);
    CHECK_RANGE(1, USER_CONTEXT_WORDS);
    CHECK_ERR(seL4_TCB_ReadRegisters(tcb, false, 0, USER_CONTEXT_WORDS + 1, &regs),
              seL4_RangeError);
    CHECK_RANGE(1, USER_CONTEXT_WORDS);
    CHECK_ERR(seL4_TCB_ReadRegisters(tcb, false, 0, (seL4_Word)-1, &regs), seL4_RangeError);
    CHECK_RANGE(1, USER_CONTEXT_WORDS);
}

/* WriteRegisters of the first `count` of new values, then checks that
 * those and only those changed. */
static void check_write_count(seL4_CPtr tcb, const seL4_UserContext *before, seL4_Word count)
{
    const seL4_Word *old = (const seL4_Word *)before;
    seL4_Word values[USER_CONTEXT_WORDS];
    for (seL4_Word i = 0; i < USER_CONTEXT_WORDS; i++) {
        values[i] = 0x9000 + i;
    }
    values[2] = 0x40000000u; /* the Z flag: a CPSR that shows it was written */
    CHECK_OK(seL4_TCB_WriteRegisters(tcb, false, 0, count, (seL4_UserContext *)values));
    seL4_UserContext after;
    CHECK_OK(seL4_TCB_ReadRegisters(tcb, false, 0, USER_CONTEXT_WORDS, &after));
    const seL4_Word *now = (const seL4_Word *)&after;
    for (seL4_Word i = 0; i < USER_CONTEXT_WORDS; i++) {
        if (i == 2) {
            CHECK_EQ(now[i] & 0xf8000000u, count > 2 ? 0x40000000u : old[i] & 0xf8000000u);
        } else {
            CHECK_EQ(now[i], i < count ? values[i] : old[i]);
        }
    }
    /* put the old values back for the next count */
    CHECK_OK(
        seL4_TCB_WriteRegisters(tcb, false, 0, USER_CONTEXT_WORDS, (seL4_UserContext *)before));
}

KEEL_TEST(regs_write_registers_writes_exactly_count_registers,
          "WriteRegisters of 0, 1, 3, 10, 12 and 19 registers changes those and leaves "
          "every other register of the thread as it was")
{
    seL4_UserContext before;
    seL4_CPtr tcb = registers_target(env, 0x5000, &before);
    static const seL4_Word counts[] = { 0, 1, 3, 10, 12, USER_CONTEXT_WORDS };
    for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
        check_write_count(tcb, &before, counts[i]);
    }
}

KEEL_TEST(regs_write_registers_count_beyond_the_context_or_the_message,
          "WriteRegisters: a count past the 19 registers with the words there writes the 19 "
          "(seL4 clamps it); a count past the message's words, or no count, is "
          "seL4_TruncatedMessage and writes nothing")
{
    seL4_UserContext before;
    seL4_CPtr tcb = registers_target(env, 0x6000, &before);
    seL4_Word mrs[2 + USER_CONTEXT_WORDS + 6];
    mrs[0] = 0;
    mrs[1] = USER_CONTEXT_WORDS + 6;
    for (seL4_Word i = 0; i < USER_CONTEXT_WORDS + 6; i++) {
        mrs[2 + i] = 0x7000 + i;
    }
    mrs[2 + 2] = 0;
    /* too few words for the count: nothing written */
    CHECK_ERR(raw_invoke(tcb, TCBWriteRegisters, 2 + USER_CONTEXT_WORDS, mrs, 0, NULL),
              seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(tcb, TCBWriteRegisters, 1, mrs, 0, NULL), seL4_TruncatedMessage);
    seL4_UserContext after;
    CHECK_OK(seL4_TCB_ReadRegisters(tcb, false, 0, USER_CONTEXT_WORDS, &after));
    CHECK(memcmp(&after, &before, sizeof(after)) == 0);
    /* enough words: the 19 registers, the rest ignored */
    CHECK_OK(raw_invoke(tcb, TCBWriteRegisters, sizeof(mrs) / sizeof(mrs[0]), mrs, 0, NULL));
    CHECK_OK(seL4_TCB_ReadRegisters(tcb, false, 0, USER_CONTEXT_WORDS, &after));
    const seL4_Word *now = (const seL4_Word *)&after;
    for (seL4_Word i = 0; i < USER_CONTEXT_WORDS; i++) {
        if (i != 2) {
            CHECK_EQ(now[i], 0x7000 + i);
        }
    }
}
