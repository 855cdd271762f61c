/*
 * keeltest: TCB invocations from user level (seL4 manual, "Threads" and the
 * TCB interface): registers, suspend and resume, every invocation's errors;
 * deleting objects that threads are blocked on; and the leak test of issue
 * 5, thousands of threads and endpoints made and revoked in one untyped.
 */
#include <string.h>
#include "keeltest.h"

#define PAGE_SIZE ((seL4_Word)1 << seL4_PageBits)
#define USER_CONTEXT_WORDS (sizeof(seL4_UserContext) / sizeof(seL4_Word))
#define CPSR_FLAGS 0xf8000000u /* N Z C V Q: the bits user level may set */
#define CPSR_MODE_MASK 0x1fu
#define CPSR_MODE_USER 0x10u

/* What a helper thread and the test share. */
struct shared {
    seL4_Word arg[4];
    volatile seL4_Word count;
    volatile seL4_Word out[4];
    volatile seL4_Word stop;
};

/* ---- Registers ---- */

/* Started by hand, with no TLS and no IPC buffer: it may only use
 * register-only system calls. Stores r1 at *r0, then yields for ever. */
static void bare_thread(volatile seL4_Word *where, seL4_Word value)
{
    *where = value;
    for (;;) {
        seL4_Yield();
    }
}

KEEL_TEST(tcb_write_registers_with_resume_starts_a_thread,
          "a configured TCB started only by WriteRegisters (pc, sp, r0, r1, resume) runs "
          "from that pc with those registers")
{
    struct test_thread t;
    volatile seL4_Word seen = 0;
    test_thread_new(env, &t, env->priority, env->fault_ep);
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.pc = (seL4_Word)bare_thread;
    regs.sp = t.stack_top;
    regs.r0 = (seL4_Word)&seen;
    regs.r1 = 0xc0ffee;
    CHECK_OK(seL4_TCB_WriteRegisters(t.tcb, true, 0, 5, &regs));
    seL4_Yield();
    CHECK_EQ(seen, 0xc0ffee);
    CHECK_OK(seL4_TCB_Suspend(t.tcb));
}

KEEL_TEST(tcb_read_registers_returns_what_was_written,
          "ReadRegisters of a stopped thread returns every register WriteRegisters set, "
          "with only the CPSR's flags taken from the caller")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_Word in[USER_CONTEXT_WORDS], out[USER_CONTEXT_WORDS];
    for (seL4_Word i = 0; i < USER_CONTEXT_WORDS; i++) {
        in[i] = 0x1000 * (i + 1) + i;
    }
    in[2] = CPSR_FLAGS | 0x1ff; /* system mode, interrupts masked, Thumb */
    CHECK_OK(seL4_TCB_WriteRegisters(tcb, false, 0, USER_CONTEXT_WORDS, (seL4_UserContext *)in));
    CHECK_OK(seL4_TCB_ReadRegisters(tcb, false, 0, USER_CONTEXT_WORDS, (seL4_UserContext *)out));
    for (seL4_Word i = 0; i < USER_CONTEXT_WORDS; i++) {
        if (i != 2) {
            CHECK_EQ(out[i], in[i]);
        }
    }
    CHECK_EQ(out[2] & CPSR_FLAGS, CPSR_FLAGS);
    CHECK_EQ(out[2] & CPSR_MODE_MASK, CPSR_MODE_USER);
    CHECK_EQ(out[2] & 0xe0, 0); /* interrupts unmasked, ARM state */
    /* fewer registers: the reply has only those */
    seL4_SetMR(0, 0);
    seL4_SetMR(1, 4);
    seL4_MessageInfo_t info = seL4_Call(tcb, seL4_MessageInfo_new(TCBReadRegisters, 0, 0, 2));
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_NoError);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 4);
    CHECK_EQ(seL4_GetMR(3), in[3]);
}

/* Counts and yields until told to stop. */
static void counting_thread(seL4_Word s_word, seL4_Word unused)
{
    (void)unused;
    struct shared *s = (struct shared *)s_word;
    while (!s->stop) {
        s->count++;
        seL4_Yield();
    }
}

static void yield_times(int n)
{
    for (int i = 0; i < n; i++) {
        seL4_Yield();
    }
}

KEEL_TEST(tcb_suspend_stops_a_thread_and_resume_continues_it,
          "a suspended thread does not run; Resume lets it continue where it was")
{
    struct test_thread t;
    struct shared s = { 0 };
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, counting_thread, (seL4_Word)&s, 0);
    yield_times(3);
    CHECK(s.count > 0);
    CHECK_OK(seL4_TCB_Suspend(t.tcb));
    seL4_Word stopped_at = s.count;
    yield_times(3);
    CHECK_EQ(s.count, stopped_at);
    CHECK_OK(seL4_TCB_Suspend(t.tcb)); /* again: nothing changes */
    CHECK_OK(seL4_TCB_Resume(t.tcb));
    yield_times(3);
    CHECK(s.count > stopped_at);
    s.stop = 1;
    seL4_Yield();
}

KEEL_TEST(tcb_read_registers_can_suspend_the_thread,
          "ReadRegisters with the suspend flag stops the thread and returns its registers")
{
    struct test_thread t;
    struct shared s = { 0 };
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, counting_thread, (seL4_Word)&s, 0);
    yield_times(2);
    seL4_UserContext regs;
    CHECK_OK(seL4_TCB_ReadRegisters(t.tcb, true, 0, USER_CONTEXT_WORDS, &regs));
    seL4_Word stopped_at = s.count;
    yield_times(3);
    CHECK_EQ(s.count, stopped_at);
    CHECK(regs.sp < t.stack_top && regs.sp >= t.stack_top - TEST_THREAD_STACK_PAGES * PAGE_SIZE);
    CHECK_EQ(regs.tpidruro, t.tls_base);
    CHECK_OK(seL4_TCB_Resume(t.tcb));
    yield_times(2);
    CHECK(s.count > stopped_at);
    s.stop = 1;
    seL4_Yield();
}

KEEL_TEST(tcb_copy_registers_copies_frame_and_integer_sets_separately,
          "CopyRegisters copies the frame registers (pc sp cpsr r0 r1 r8-r12) and the "
          "integer ones (r2-r7 lr tpidrurw tpidruro) only when asked")
{
    seL4_CPtr source = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr target = test_retype(env, seL4_TCBObject, 0);
    seL4_Word in[USER_CONTEXT_WORDS], out[USER_CONTEXT_WORDS];
    for (seL4_Word i = 0; i < USER_CONTEXT_WORDS; i++) {
        in[i] = 0xabc00 + i;
    }
    in[2] = CPSR_FLAGS;
    CHECK_OK(seL4_TCB_WriteRegisters(source, false, 0, USER_CONTEXT_WORDS, (seL4_UserContext *)in));
    CHECK_OK(seL4_TCB_CopyRegisters(target, source, false, false, true, false, 0));
    CHECK_OK(seL4_TCB_ReadRegisters(target, false, 0, USER_CONTEXT_WORDS, (seL4_UserContext *)out));
    for (seL4_Word i = 0; i < 10; i++) { /* seL4's aarch32 frame registers */
        if (i != 2) {
            CHECK_EQ(out[i], in[i]);
        }
    }
    for (seL4_Word i = 10; i < USER_CONTEXT_WORDS; i++) {
        CHECK_EQ(out[i], 0);
    }
    CHECK_OK(seL4_TCB_CopyRegisters(target, source, false, false, false, true, 0));
    CHECK_OK(seL4_TCB_ReadRegisters(target, false, 0, USER_CONTEXT_WORDS, (seL4_UserContext *)out));
    for (seL4_Word i = 10; i < USER_CONTEXT_WORDS; i++) {
        CHECK_EQ(out[i], in[i]);
    }
    CHECK_EQ(out[2] & CPSR_FLAGS, CPSR_FLAGS);
}

/* Records its arguments, then waits for ever on notification arg 1 of s. */
static void recording_thread(seL4_Word s_word, seL4_Word value)
{
    struct shared *s = (struct shared *)s_word;
    seL4_Word word;
    s->out[0] = value;
    s->count++;
    seL4_Wait(s->arg[1], &word);
}

KEEL_TEST(tcb_copy_registers_can_start_the_target,
          "CopyRegisters with suspend-source and resume-target makes the target run on from "
          "the source's registers while the source stays stopped")
{
    struct test_thread source, target;
    struct shared s = { 0 };
    s.arg[1] = test_retype(env, seL4_NotificationObject, 0);
    test_thread_new(env, &source, env->priority, env->fault_ep);
    test_thread_new(env, &target, env->priority, env->fault_ep);
    seL4_UserContext regs;
    test_thread_entry_context(&source, recording_thread, (seL4_Word)&s, 0x600d, &regs);
    CHECK_OK(seL4_TCB_WriteRegisters(source.tcb, false, 0, USER_CONTEXT_WORDS, &regs));
    CHECK_OK(seL4_TCB_CopyRegisters(target.tcb, source.tcb, true, true, true, true, 0));
    seL4_Yield();
    CHECK_EQ(s.count, 1);
    CHECK_EQ(s.out[0], 0x600d);
}

/* Receives on arg 0 for ever, counting messages and keeping the last MR0. */
static void receiving_thread(seL4_Word s_word, seL4_Word unused)
{
    (void)unused;
    struct shared *s = (struct shared *)s_word;
    seL4_Word badge;
    for (;;) {
        seL4_Recv(s->arg[0], &badge);
        s->out[0] = seL4_GetMR(0);
        s->count++;
    }
}

KEEL_TEST(tcb_suspend_cancels_a_blocked_receive_and_resume_restarts_it,
          "suspending a thread blocked in Recv takes it off the endpoint (a send finds no "
          "receiver); Resume makes it receive again")
{
    struct test_thread t;
    struct shared s = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    s.arg[0] = ep;
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, receiving_thread, (seL4_Word)&s, 0);
    seL4_Yield(); /* it waits on ep */
    CHECK_OK(seL4_TCB_Suspend(t.tcb));
    seL4_SetMR(0, 1);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 1)); /* nobody receives: dropped */
    yield_times(2);
    CHECK_EQ(s.count, 0);
    CHECK_OK(seL4_TCB_Resume(t.tcb));
    seL4_Yield(); /* it retries its Recv */
    seL4_SetMR(0, 2);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_Yield();
    CHECK_EQ(s.count, 1);
    CHECK_EQ(s.out[0], 2);
}

/* ---- Resume of a thread blocked in IPC (seL4 restart(): such a thread is
 * stopped; its IPC is cancelled and it redoes the system call) ---- */

/* Counts its start, waits on notification arg 1 of s, then records the
 * word it got in out[0] and counts again. */
static void waiting_once_thread(seL4_Word s_word, seL4_Word unused)
{
    (void)unused;
    struct shared *s = (struct shared *)s_word;
    seL4_Word word;
    s->count++;
    seL4_Wait(s->arg[1], &word);
    s->out[0] = word;
    s->count++;
}

KEEL_TEST(tcb_resume_restarts_a_thread_blocked_in_wait,
          "Resume of a thread blocked in Wait takes it off the notification (a signal then "
          "stays pending) and it waits again from its restarted system call")
{
    struct test_thread t;
    struct shared s = { 0 };
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    s.arg[1] = ntfn;
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, waiting_once_thread, (seL4_Word)&s, 0);
    seL4_Yield(); /* it waits */
    CHECK_EQ(s.count, 1);
    CHECK_OK(seL4_TCB_Resume(t.tcb));
    /* not queued on the notification any more: the signal stays pending */
    seL4_Signal(test_mint(env, ntfn, seL4_AllRights, 0x5));
    seL4_Word word;
    seL4_Poll(ntfn, &word);
    CHECK_EQ(word, 0x5);
    CHECK_EQ(s.count, 1);
    seL4_Yield(); /* it redoes its Wait */
    CHECK_EQ(s.count, 1);
    seL4_Signal(test_mint(env, ntfn, seL4_AllRights, 0x9));
    seL4_Yield();
    CHECK_EQ(s.count, 2);
    CHECK_EQ(s.out[0], 0x9);
}

/* Counts its start, receives on arg 0 of s, then records MR0 in out[0]
 * and counts again. */
static void receiving_once_thread(seL4_Word s_word, seL4_Word unused)
{
    (void)unused;
    struct shared *s = (struct shared *)s_word;
    seL4_Word badge;
    s->count++;
    seL4_Recv(s->arg[0], &badge);
    s->out[0] = seL4_GetMR(0);
    s->count++;
}

KEEL_TEST(tcb_resume_restarts_a_thread_blocked_in_recv,
          "Resume of a thread blocked in Recv takes it off the endpoint (an NBSend then "
          "finds no receiver) and it receives again from its restarted system call")
{
    struct test_thread t;
    struct shared s = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    s.arg[0] = ep;
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, receiving_once_thread, (seL4_Word)&s, 0);
    seL4_Yield(); /* it waits to receive */
    CHECK_EQ(s.count, 1);
    CHECK_OK(seL4_TCB_Resume(t.tcb));
    seL4_SetMR(0, 1);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 1)); /* nobody receives: dropped */
    seL4_Yield();                                      /* it redoes its Recv */
    CHECK_EQ(s.count, 1);
    seL4_SetMR(0, 2);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_Yield();
    CHECK_EQ(s.count, 2);
    CHECK_EQ(s.out[0], 2);
}

/* Counts its start, sends one word (0x5e) on arg 0 of s, counts again. */
static void sending_once_thread(seL4_Word s_word, seL4_Word unused)
{
    (void)unused;
    struct shared *s = (struct shared *)s_word;
    s->count++;
    seL4_SetMR(0, 0x5e);
    seL4_Send(s->arg[0], seL4_MessageInfo_new(0, 0, 0, 1));
    s->count++;
}

KEEL_TEST(tcb_resume_restarts_a_thread_blocked_in_send,
          "Resume of a thread blocked in Send takes it off the endpoint (an NBRecv then "
          "finds no sender) and it sends again, once, from its restarted system call")
{
    struct test_thread t;
    struct shared s = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    s.arg[0] = test_mint(env, ep, seL4_AllRights, 0x31);
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, sending_once_thread, (seL4_Word)&s, 0);
    seL4_Yield(); /* it waits to send */
    CHECK_EQ(s.count, 1);
    CHECK_OK(seL4_TCB_Resume(t.tcb));
    seL4_Word badge = 1;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0); /* no sender queued */
    CHECK_EQ(s.count, 1);
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge); /* it sends again */
    CHECK_EQ(badge, 0x31);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 1);
    CHECK_EQ(seL4_GetMR(0), 0x5e);
    seL4_Yield();
    CHECK_EQ(s.count, 2);
    badge = 1;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0); /* and only once */
}

KEEL_TEST(tcb_write_registers_resume_restarts_a_worker_blocked_in_wait,
          "WriteRegisters with resume sends a thread blocked in Wait to a new pc, where it "
          "runs; it no longer waits on the notification")
{
    struct test_thread t;
    struct shared s = { 0 }, s2 = { 0 };
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    s.arg[1] = ntfn;
    s2.arg[1] = test_retype(env, seL4_NotificationObject, 0);
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, waiting_once_thread, (seL4_Word)&s, 0);
    seL4_Yield(); /* it waits on ntfn */
    CHECK_EQ(s.count, 1);
    seL4_UserContext regs;
    test_thread_entry_context(&t, recording_thread, (seL4_Word)&s2, 0x600d, &regs);
    CHECK_OK(seL4_TCB_WriteRegisters(t.tcb, true, 0, USER_CONTEXT_WORDS, &regs));
    seL4_Yield(); /* it runs recording_thread, then waits on s2's notification */
    CHECK_EQ(s2.count, 1);
    CHECK_EQ(s2.out[0], 0x600d);
    CHECK_EQ(s.count, 1);
    seL4_Signal(test_mint(env, ntfn, seL4_AllRights, 0x7));
    seL4_Word word;
    seL4_Poll(ntfn, &word);
    CHECK_EQ(word, 0x7); /* nobody took it */
}

KEEL_TEST(tcb_copy_registers_resume_restarts_a_thread_blocked_in_recv,
          "CopyRegisters with resume-target restarts a target blocked in Recv and sends it "
          "to the source's pc; the endpoint no longer holds it")
{
    struct test_thread source, target;
    struct shared s = { 0 }, s2 = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    s.arg[0] = ep;
    s2.arg[1] = test_retype(env, seL4_NotificationObject, 0);
    test_thread_new(env, &source, env->priority, env->fault_ep);
    test_thread_new(env, &target, env->priority, env->fault_ep);
    test_thread_start(&target, receiving_once_thread, (seL4_Word)&s, 0);
    seL4_Yield(); /* the target waits to receive */
    CHECK_EQ(s.count, 1);
    seL4_UserContext regs;
    test_thread_entry_context(&source, recording_thread, (seL4_Word)&s2, 0xc0b1, &regs);
    CHECK_OK(seL4_TCB_WriteRegisters(source.tcb, false, 0, USER_CONTEXT_WORDS, &regs));
    CHECK_OK(seL4_TCB_CopyRegisters(target.tcb, source.tcb, false, true, true, true, 0));
    seL4_SetMR(0, 1);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 1)); /* nobody receives: dropped */
    seL4_Yield();
    CHECK_EQ(s2.count, 1);
    CHECK_EQ(s2.out[0], 0xc0b1);
    CHECK_EQ(s.count, 1);
}

KEEL_TEST(tcb_set_tls_base_sets_another_threads_tpidruro,
          "SetTLSBase on another thread changes the tpidruro ReadRegisters returns")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_UserContext regs;
    CHECK_OK(seL4_TCB_SetTLSBase(tcb, 0x7150));
    CHECK_OK(seL4_TCB_ReadRegisters(tcb, false, 0, USER_CONTEXT_WORDS, &regs));
    CHECK_EQ(regs.tpidruro, 0x7150);
}

KEEL_TEST(tcb_set_flags_returns_the_new_flags,
          "SetFlags clears then sets flags, ignores unknown ones, and returns the result")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_TCB_SetFlags_t r = seL4_TCB_SetFlags(tcb, 0, seL4_TCBFlag_fpuDisabled);
    CHECK_OK(r.error);
    CHECK_EQ(r.flags, seL4_TCBFlag_fpuDisabled);
    r = seL4_TCB_SetFlags(tcb, 0, 0x80);
    CHECK_OK(r.error);
    CHECK_EQ(r.flags, seL4_TCBFlag_fpuDisabled);
    r = seL4_TCB_SetFlags(tcb, seL4_TCBFlag_fpuDisabled, 0);
    CHECK_OK(r.error);
    CHECK_EQ(r.flags, 0);
}

/* Sends words of arg 1 (a count) with value arg 2 on arg 0, then reports. */
static void long_sender(seL4_Word s_word, seL4_Word unused)
{
    (void)unused;
    struct shared *s = (struct shared *)s_word;
    for (seL4_Word i = 0; i < s->arg[1]; i++) {
        seL4_SetMR(i, s->arg[2] + i);
    }
    seL4_Send(s->arg[0], seL4_MessageInfo_new(0, 0, 0, s->arg[1]));
}

/* Receives one message on arg 0 into out[] (MR0, MR10) and the length. */
static void long_receiver(seL4_Word s_word, seL4_Word unused)
{
    (void)unused;
    struct shared *s = (struct shared *)s_word;
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(s->arg[0], &badge);
    s->out[0] = seL4_GetMR(0);
    s->out[1] = seL4_GetMR(10);
    s->out[2] = seL4_MessageInfo_get_length(info);
    s->count++;
}

KEEL_TEST(tcb_set_ipc_buffer_moves_where_long_messages_land,
          "after SetIPCBuffer a thread's long messages go to the new buffer (512-byte "
          "alignment is enough), and an address of 0 leaves it with registers only")
{
    struct test_thread t;
    struct shared s = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word page = test_vaddr(env, 0);
    test_map_frame(env, frame, page);
    seL4_IPCBuffer *buffer = (seL4_IPCBuffer *)(page + 512);
    s.arg[0] = ep;
    test_thread_new(env, &t, env->priority, env->fault_ep);
    CHECK_OK(seL4_TCB_SetIPCBuffer(t.tcb, (seL4_Word)buffer, frame));
    /* the thread's own pointer still names its old buffer: give it the new one */
    t.lib.ipc_buffer = buffer;
    test_thread_start(&t, long_receiver, (seL4_Word)&s, 0);
    seL4_Yield();
    for (seL4_Word i = 0; i < 12; i++) {
        seL4_SetMR(i, 0x300 + i);
    }
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 12));
    seL4_Yield();
    CHECK_EQ(s.count, 1);
    CHECK_EQ(s.out[2], 12);
    CHECK_EQ(s.out[1], 0x30a);
    CHECK_EQ(buffer->msg[10], 0x30a);

    /* no buffer (the frame cap is then not looked at): a long message from
     * the thread is cut to the four message registers */
    struct test_thread v;
    struct shared s2 = { .arg = { ep, 12, 0x400 } };
    test_thread_new(env, &v, env->priority, env->fault_ep);
    CHECK_OK(seL4_TCB_SetIPCBuffer(v.tcb, 0, seL4_CapNull));
    test_thread_start(&v, long_sender, (seL4_Word)&s2, 0);
    seL4_Yield(); /* it waits to send */
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 4); /* seL4_FastMessageRegisters */
    CHECK_EQ(seL4_GetMR(3), 0x403);
}

/* ---- Error paths ---- */

static seL4_Error tcb_raw(seL4_CPtr tcb, seL4_Word label, seL4_Word length, const seL4_Word *mrs,
                          seL4_Word n_caps, const seL4_CPtr *caps)
{
    return raw_invoke(tcb, label, length, mrs, n_caps, caps);
}

KEEL_TEST(tcb_read_registers_errors,
          "ReadRegisters: truncated message, count outside 1..19 (RangeError), and the "
          "caller's own TCB (IllegalOperation)")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_UserContext regs;
    const seL4_Word one[] = { 0 };
    CHECK_ERR(tcb_raw(tcb, TCBReadRegisters, 1, one, 0, NULL), seL4_TruncatedMessage);
    CHECK_ERR(seL4_TCB_ReadRegisters(tcb, false, 0, 0, &regs), seL4_RangeError);
    CHECK_RANGE(1, USER_CONTEXT_WORDS);
    CHECK_ERR(seL4_TCB_ReadRegisters(tcb, false, 0, USER_CONTEXT_WORDS + 1, &regs),
              seL4_RangeError);
    CHECK_RANGE(1, USER_CONTEXT_WORDS);
    CHECK_ERR(seL4_TCB_ReadRegisters(env->tcb, false, 0, 1, &regs), seL4_IllegalOperation);
}

KEEL_TEST(tcb_write_registers_errors,
          "WriteRegisters: truncated header, fewer words than the count, the caller's own "
          "TCB; words beyond the register set are ignored")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_Word mrs[2 + USER_CONTEXT_WORDS + 2] = { 0 };
    CHECK_ERR(tcb_raw(tcb, TCBWriteRegisters, 1, mrs, 0, NULL), seL4_TruncatedMessage);
    mrs[1] = 5;
    CHECK_ERR(tcb_raw(tcb, TCBWriteRegisters, 2 + 4, mrs, 0, NULL), seL4_TruncatedMessage);
    mrs[1] = USER_CONTEXT_WORDS + 2;
    mrs[2] = 0x1234; /* pc */
    CHECK_OK(tcb_raw(tcb, TCBWriteRegisters, 2 + USER_CONTEXT_WORDS + 2, mrs, 0, NULL));
    seL4_UserContext regs;
    CHECK_OK(seL4_TCB_ReadRegisters(tcb, false, 0, 1, &regs));
    CHECK_EQ(regs.pc, 0x1234);
    CHECK_ERR(seL4_TCB_WriteRegisters(env->tcb, false, 0, 1, &regs), seL4_IllegalOperation);
}

KEEL_TEST(tcb_copy_registers_errors,
          "CopyRegisters: no message or no source cap is TruncatedMessage; a source that is "
          "not a TCB is InvalidCapability 1")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    const seL4_Word flags[] = { 0 };
    CHECK_ERR(tcb_raw(tcb, TCBCopyRegisters, 0, NULL, 1, &tcb), seL4_TruncatedMessage);
    CHECK_ERR(tcb_raw(tcb, TCBCopyRegisters, 1, flags, 0, NULL), seL4_TruncatedMessage);
    CHECK_ERR(seL4_TCB_CopyRegisters(tcb, ep, false, false, true, true, 0), seL4_InvalidCapability);
    CHECK_MR(0, 1);
}

KEEL_TEST(tcb_configure_errors,
          "Configure: too few words or caps, a CSpace root that is not a CNode, a VSpace "
          "root that is not an assigned page directory, a misaligned or non-frame buffer")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr pd = test_retype(env, seL4_ARM_PageDirectoryObject, 0);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr cnode = env->cnode, vspace = seL4_CapInitThreadVSpace;
    seL4_Word buffer = test_vaddr(env, 0);
    const seL4_Word mrs[] = { 0, 0, 0, buffer };
    const seL4_CPtr caps[] = { cnode, vspace, frame };

    CHECK_ERR(tcb_raw(tcb, TCBConfigure, 3, mrs, 3, caps), seL4_TruncatedMessage);
    CHECK_ERR(tcb_raw(tcb, TCBConfigure, 4, mrs, 2, caps), seL4_TruncatedMessage);
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, ep, 0, vspace, 0, buffer, frame), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, cnode, 0, ep, 0, buffer, frame), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, cnode, 0, pd, 0, buffer, frame),
              seL4_IllegalOperation); /* no ASID yet */
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, cnode, 0, vspace, 0, buffer + 4, frame),
              seL4_AlignmentError);
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, cnode, 0, vspace, 0, buffer, ep), seL4_IllegalOperation);
    /* good: with a buffer 512-byte aligned, and with none (the cap is not looked at) */
    CHECK_OK(seL4_TCB_Configure(tcb, 0, cnode, 0, vspace, 0, buffer + 512, frame));
    CHECK_OK(seL4_TCB_Configure(tcb, 0, cnode, 0, vspace, 0, 0, ep));
}

KEEL_TEST(tcb_configure_refuses_a_device_frame_as_ipc_buffer,
          "an IPC buffer must be RAM: a device frame is IllegalOperation")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_Word index;
    seL4_CPtr device = test_find_device_untyped(env, seL4_PageBits, &index);
    seL4_CPtr frame = test_retype_from(env, device, seL4_ARM_SmallPageObject, 0);
    CHECK_ERR(seL4_TCB_SetIPCBuffer(tcb, test_vaddr(env, 0), frame), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, env->cnode, 0, seL4_CapInitThreadVSpace, 0,
                                 test_vaddr(env, 0), frame),
              seL4_IllegalOperation);
}

KEEL_TEST(tcb_set_space_errors,
          "SetSpace: too few words or caps, a bad CSpace or VSpace root; good roots succeed")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr cnode = env->cnode, vspace = seL4_CapInitThreadVSpace;
    const seL4_Word mrs[] = { 0, 0, 0 };
    const seL4_CPtr caps[] = { cnode, vspace };
    CHECK_ERR(tcb_raw(tcb, TCBSetSpace, 2, mrs, 2, caps), seL4_TruncatedMessage);
    CHECK_ERR(tcb_raw(tcb, TCBSetSpace, 3, mrs, 1, caps), seL4_TruncatedMessage);
    CHECK_ERR(seL4_TCB_SetSpace(tcb, 0, ep, 0, vspace, 0), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_SetSpace(tcb, 0, cnode, 0, ep, 0), seL4_IllegalOperation);
    CHECK_OK(seL4_TCB_SetSpace(tcb, ep, cnode, 0, vspace, 0));
}

KEEL_TEST(tcb_set_ipc_buffer_errors,
          "SetIPCBuffer: no word or no cap is TruncatedMessage, a misaligned address "
          "AlignmentError, a cap that is not a frame IllegalOperation")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_Word buffer = test_vaddr(env, 0);
    const seL4_Word mrs[] = { buffer };
    CHECK_ERR(tcb_raw(tcb, TCBSetIPCBuffer, 0, NULL, 1, &frame), seL4_TruncatedMessage);
    CHECK_ERR(tcb_raw(tcb, TCBSetIPCBuffer, 1, mrs, 0, NULL), seL4_TruncatedMessage);
    CHECK_ERR(seL4_TCB_SetIPCBuffer(tcb, buffer + 8, frame), seL4_AlignmentError);
    CHECK_ERR(seL4_TCB_SetIPCBuffer(tcb, buffer + 256, frame), seL4_AlignmentError);
    CHECK_ERR(seL4_TCB_SetIPCBuffer(tcb, buffer, ep), seL4_IllegalOperation);
    CHECK_OK(seL4_TCB_SetIPCBuffer(tcb, buffer, frame));
    CHECK_OK(seL4_TCB_SetIPCBuffer(tcb, 0, ep));
}

KEEL_TEST(tcb_priority_invocations_check_their_authority,
          "SetPriority, SetMCPriority and SetSchedParams: too few words or no authority cap "
          "is TruncatedMessage; an authority that is not a TCB is InvalidCapability 1")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    const seL4_Word mrs[] = { 1, 1 };
    const seL4_CPtr auth[] = { env->tcb };
    CHECK_ERR(tcb_raw(tcb, TCBSetPriority, 0, mrs, 1, auth), seL4_TruncatedMessage);
    CHECK_ERR(tcb_raw(tcb, TCBSetPriority, 1, mrs, 0, NULL), seL4_TruncatedMessage);
    CHECK_ERR(tcb_raw(tcb, TCBSetMCPriority, 0, mrs, 1, auth), seL4_TruncatedMessage);
    CHECK_ERR(tcb_raw(tcb, TCBSetMCPriority, 1, mrs, 0, NULL), seL4_TruncatedMessage);
    CHECK_ERR(tcb_raw(tcb, TCBSetSchedParams, 1, mrs, 1, auth), seL4_TruncatedMessage);
    CHECK_ERR(tcb_raw(tcb, TCBSetSchedParams, 2, mrs, 0, NULL), seL4_TruncatedMessage);
    CHECK_ERR(seL4_TCB_SetPriority(tcb, ep, 1), seL4_InvalidCapability);
    CHECK_MR(0, 1);
    CHECK_ERR(seL4_TCB_SetMCPriority(tcb, ep, 1), seL4_InvalidCapability);
    CHECK_MR(0, 1);
    CHECK_ERR(seL4_TCB_SetSchedParams(tcb, ep, 1, 1), seL4_InvalidCapability);
    CHECK_MR(0, 1);
    CHECK_OK(seL4_TCB_SetSchedParams(tcb, env->tcb, env->mcp, env->priority));
}

KEEL_TEST(tcb_bind_notification_errors,
          "BindNotification: no cap is TruncatedMessage; a cap that is not a notification, "
          "one without the receive right, a bound thread, a notification bound elsewhere or "
          "one with a waiter is IllegalOperation")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr other = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr ntfn2 = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(tcb_raw(tcb, TCBBindNotification, 0, NULL, 0, NULL), seL4_TruncatedMessage);
    CHECK_ERR(seL4_TCB_BindNotification(tcb, ep), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_BindNotification(tcb, test_mint(env, ntfn, seL4_CanWrite, 0)),
              seL4_IllegalOperation);
    CHECK_OK(seL4_TCB_BindNotification(tcb, ntfn));
    CHECK_ERR(seL4_TCB_BindNotification(tcb, ntfn2), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_BindNotification(other, ntfn), seL4_IllegalOperation);
    CHECK_OK(seL4_TCB_UnbindNotification(tcb));
    CHECK_OK(seL4_TCB_BindNotification(other, ntfn));

    /* a notification somebody waits on */
    struct test_thread waiter;
    struct shared s = { .arg = { 0, ntfn2 } };
    test_thread_new(env, &waiter, env->priority, env->fault_ep);
    test_thread_start(&waiter, recording_thread, (seL4_Word)&s, 0);
    seL4_Yield(); /* it waits on ntfn2 */
    CHECK_EQ(s.count, 1);
    CHECK_ERR(seL4_TCB_BindNotification(tcb, ntfn2), seL4_IllegalOperation);
}

KEEL_TEST(tcb_unbind_notification_of_an_unbound_thread_is_illegal,
          "UnbindNotification of a thread with no bound notification is IllegalOperation")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    CHECK_ERR(seL4_TCB_UnbindNotification(tcb), seL4_IllegalOperation);
}

KEEL_TEST(tcb_small_invocations_with_missing_words,
          "SetTLSBase and SetFlags with too few words are TruncatedMessage; an unknown "
          "label on a TCB is IllegalOperation")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    const seL4_Word mrs[] = { 0, 0 };
    CHECK_ERR(tcb_raw(tcb, TCBSetTLSBase, 0, NULL, 0, NULL), seL4_TruncatedMessage);
    CHECK_ERR(tcb_raw(tcb, TCBSetFlags, 1, mrs, 0, NULL), seL4_TruncatedMessage);
    CHECK_ERR(tcb_raw(tcb, CNodeRevoke, 2, mrs, 0, NULL), seL4_IllegalOperation);
    CHECK_ERR(tcb_raw(tcb, UntypedRetype, 2, mrs, 0, NULL), seL4_IllegalOperation);
}

KEEL_TEST(tcb_invocations_on_other_caps_are_illegal,
          "Suspend, Resume and ReadRegisters sent to a CNode, an untyped or a frame cap are "
          "IllegalOperation for that object")
{
    seL4_CPtr cnode = test_retype(env, seL4_CapTableObject, 2);
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_UserContext regs;
    const seL4_CPtr targets[] = { cnode, env->untyped, frame };
    for (unsigned i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        CHECK_ERR(seL4_TCB_Suspend(targets[i]), seL4_IllegalOperation);
        CHECK_ERR(seL4_TCB_Resume(targets[i]), seL4_IllegalOperation);
        CHECK_ERR(seL4_TCB_ReadRegisters(targets[i], false, 0, 1, &regs), seL4_IllegalOperation);
    }
}

KEEL_TEST(domain_set_checks_domain_and_thread,
          "DomainSet_Set: the last domain works; one past it is InvalidArgument 0, a cap that is "
          "not a TCB InvalidArgument 1, too few words or caps TruncatedMessage")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    const seL4_Word mrs[] = { 0 };
    CHECK_OK(seL4_DomainSet_Set(seL4_CapDomain, CONFIG_NUM_DOMAINS - 1, tcb));
    CHECK_ERR(seL4_DomainSet_Set(seL4_CapDomain, CONFIG_NUM_DOMAINS, tcb), seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_ERR(seL4_DomainSet_Set(seL4_CapDomain, 0, ep), seL4_InvalidArgument);
    CHECK_MR(0, 1);
    CHECK_ERR(raw_invoke(seL4_CapDomain, DomainSetSet, 0, NULL, 1, &tcb), seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(seL4_CapDomain, DomainSetSet, 1, mrs, 0, NULL), seL4_TruncatedMessage);
    CHECK_OK(seL4_DomainSet_Set(seL4_CapDomain, 0, env->tcb));
}

/* ---- Deleting what threads are blocked on ---- */

/* Sends (arg 2 = 0) or Calls (arg 2 = 1) cptr arg 0 once, then records how
 * it came back: count = 1, out[0] = the reply's label. */
static void sending_thread(seL4_Word s_word, seL4_Word unused)
{
    (void)unused;
    struct shared *s = (struct shared *)s_word;
    seL4_SetMR(0, 0x5e);
    if (s->arg[2]) {
        seL4_MessageInfo_t info = seL4_Call(s->arg[0], seL4_MessageInfo_new(0, 0, 0, 1));
        s->out[0] = seL4_MessageInfo_get_label(info);
    } else {
        seL4_Send(s->arg[0], seL4_MessageInfo_new(0, 0, 0, 1));
    }
    s->count++;
}

KEEL_TEST(delete_endpoint_restarts_a_blocked_sender_which_then_fails_quietly,
          "a thread blocked in Send on a deleted endpoint retries its Send, which on the "
          "now empty slot is an error that a Send does not report")
{
    struct test_thread t;
    struct shared s = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    s.arg[0] = ep;
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, sending_thread, (seL4_Word)&s, 0);
    seL4_Yield();
    CHECK_EQ(s.count, 0);
    CHECK_OK(seL4_CNode_Delete(env->cnode, ep, ROOT_DEPTH));
    seL4_Yield();
    CHECK_EQ(s.count, 1);
}

KEEL_TEST(delete_endpoint_restarts_a_blocked_caller_which_gets_invalid_capability,
          "a thread blocked in Call on a deleted endpoint retries its Call and gets "
          "seL4_InvalidCapability back")
{
    struct test_thread t;
    struct shared s = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    s.arg[0] = ep;
    s.arg[2] = 1;
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, sending_thread, (seL4_Word)&s, 0);
    seL4_Yield();
    CHECK_EQ(s.count, 0);
    CHECK_OK(seL4_CNode_Delete(env->cnode, ep, ROOT_DEPTH));
    seL4_Yield();
    CHECK_EQ(s.count, 1);
    CHECK_EQ(s.out[0], seL4_InvalidCapability);
}

KEEL_TEST(delete_notification_restarts_its_waiter_into_a_cap_fault,
          "a thread waiting on a deleted notification retries its Wait and raises a cap "
          "fault in the receive phase")
{
    struct test_thread t;
    struct shared s = { 0 };
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr handler = test_retype(env, seL4_EndpointObject, 0);
    s.arg[1] = ntfn;
    test_thread_new(env, &t, env->priority, test_mint(env, handler, seL4_AllRights, 0x77));
    test_thread_start(&t, recording_thread, (seL4_Word)&s, 0);
    seL4_Yield(); /* it waits */
    CHECK_EQ(s.count, 1);
    CHECK_OK(seL4_CNode_Delete(env->cnode, ntfn, ROOT_DEPTH));
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(handler, &badge);
    CHECK_EQ(badge, 0x77);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), ntfn);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    CHECK_OK(seL4_TCB_Suspend(t.tcb));
}

KEEL_TEST(delete_bound_notification_unbinds_the_thread,
          "deleting a thread's bound notification unbinds it: another can then be bound")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr ntfn2 = test_retype(env, seL4_NotificationObject, 0);
    CHECK_OK(seL4_TCB_BindNotification(tcb, ntfn));
    CHECK_OK(seL4_CNode_Delete(env->cnode, ntfn, ROOT_DEPTH));
    CHECK_ERR(seL4_TCB_UnbindNotification(tcb), seL4_IllegalOperation);
    CHECK_OK(seL4_TCB_BindNotification(tcb, ntfn2));
}

KEEL_TEST(delete_tcb_unbinds_its_notification,
          "deleting a TCB with a bound notification frees the notification for another")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr other = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    CHECK_OK(seL4_TCB_BindNotification(tcb, ntfn));
    CHECK_OK(seL4_CNode_Delete(env->cnode, tcb, ROOT_DEPTH));
    CHECK_OK(seL4_TCB_BindNotification(other, ntfn));
}

KEEL_TEST(delete_tcb_blocked_in_call_removes_the_reply_cap,
          "deleting a thread that waits for the reply to its Call deletes the reply cap "
          "the server saved; a reply then goes nowhere")
{
    struct test_thread t;
    struct shared s = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    s.arg[0] = ep;
    s.arg[2] = 1;
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, sending_thread, (seL4_Word)&s, 0);
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    CHECK_EQ(seL4_GetMR(0), 0x5e);
    seL4_CPtr reply = test_slot(env);
    CHECK_OK(seL4_CNode_SaveCaller(env->cnode, reply, ROOT_DEPTH));
    CHECK_CAP(reply, CAP_TAG_REPLY);
    CHECK_OK(seL4_CNode_Delete(env->cnode, t.tcb, ROOT_DEPTH));
    CHECK_CAP(reply, CAP_TAG_NULL);
    seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 0)); /* an empty slot: nothing */
    CHECK_EQ(s.count, 0);
}

KEEL_TEST(delete_tcb_blocked_in_call_empties_the_servers_reply_slot,
          "deleting a caller whose reply cap the server still holds in its TCB: the "
          "server's Reply does nothing and its next Call is answered normally")
{
    struct test_thread t;
    struct shared s = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    s.arg[0] = ep;
    s.arg[2] = 1;
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, sending_thread, (seL4_Word)&s, 0);
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    CHECK_OK(seL4_CNode_Delete(env->cnode, t.tcb, ROOT_DEPTH));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK_EQ(s.count, 0);

    /* a second caller is served as usual */
    struct test_thread u;
    struct shared s2 = { .arg = { ep, 0, 1 } };
    test_thread_new(env, &u, env->priority, env->fault_ep);
    test_thread_start(&u, sending_thread, (seL4_Word)&s2, 0);
    seL4_Recv(ep, &badge);
    seL4_Reply(seL4_MessageInfo_new(0x42, 0, 0, 0));
    seL4_Yield();
    CHECK_EQ(s2.count, 1);
    CHECK_EQ(s2.out[0], 0x42);
}

KEEL_TEST(delete_tcb_queued_on_an_endpoint_leaves_the_queue,
          "deleting a thread blocked sending takes it off the endpoint's queue: a receiver "
          "then finds only the senders that are left")
{
    struct test_thread a, b;
    struct shared sa = { 0 }, sb = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    sa.arg[0] = test_mint(env, ep, seL4_AllRights, 0xa);
    sa.arg[2] = 1;
    sb.arg[0] = test_mint(env, ep, seL4_AllRights, 0xb);
    test_thread_new(env, &a, env->priority, env->fault_ep);
    test_thread_new(env, &b, env->priority, env->fault_ep);
    test_thread_start(&a, sending_thread, (seL4_Word)&sa, 0);
    test_thread_start(&b, sending_thread, (seL4_Word)&sb, 0);
    seL4_Yield(); /* a, then b, wait to send */
    CHECK_OK(seL4_CNode_Delete(env->cnode, a.tcb, ROOT_DEPTH));
    seL4_Word badge = 0;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0xb);
    badge = 1;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);
}

KEEL_TEST(delete_tcb_waiting_on_a_notification_leaves_it_idle,
          "deleting the thread waiting on a notification: a signal then stays pending")
{
    struct test_thread t;
    struct shared s = { 0 };
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    s.arg[1] = ntfn;
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, recording_thread, (seL4_Word)&s, 0);
    seL4_Yield();
    CHECK_EQ(s.count, 1);
    CHECK_OK(seL4_CNode_Delete(env->cnode, t.tcb, ROOT_DEPTH));
    seL4_Signal(test_mint(env, ntfn, seL4_AllRights, 0x9));
    seL4_Word word;
    seL4_Poll(ntfn, &word);
    CHECK_EQ(word, 0x9);
}

KEEL_TEST(delete_reply_cap_leaves_the_caller_waiting_until_resumed,
          "deleting a saved reply cap leaves its caller blocked; Resume restarts its Call")
{
    struct test_thread t;
    struct shared s = { 0 };
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    s.arg[0] = ep;
    s.arg[2] = 1;
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, sending_thread, (seL4_Word)&s, 0);
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    seL4_CPtr reply = test_slot(env);
    CHECK_OK(seL4_CNode_SaveCaller(env->cnode, reply, ROOT_DEPTH));
    CHECK_OK(seL4_CNode_Delete(env->cnode, reply, ROOT_DEPTH));
    yield_times(2);
    CHECK_EQ(s.count, 0);
    CHECK_OK(seL4_TCB_Resume(t.tcb));
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge); /* it calls again */
    CHECK_EQ(seL4_MessageInfo_get_length(info), 1);
    CHECK_EQ(seL4_GetMR(0), 0x5e);
    seL4_Reply(seL4_MessageInfo_new(0x43, 0, 0, 0));
    seL4_Yield();
    CHECK_EQ(s.count, 1);
    CHECK_EQ(s.out[0], 0x43);
}

/* An undefined instruction, and nothing else. */
static void traps(seL4_Word unused0, seL4_Word unused1)
{
    (void)unused0;
    (void)unused1;
    __builtin_trap();
}

KEEL_TEST(delete_fault_endpoint_with_a_queued_fault_stops_the_thread,
          "deleting the endpoint a fault waits on restarts the faulting thread, whose fault "
          "then finds no handler: it stops, and the test goes on")
{
    struct test_thread t;
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr fault_cap = test_mint(env, ep, seL4_AllRights, 0x78);
    test_thread_new(env, &t, env->priority, fault_cap);
    test_thread_start(&t, traps, 0, 0);
    seL4_Yield(); /* it faults and waits on ep */
    CHECK_OK(seL4_CNode_Delete(env->cnode, fault_cap, ROOT_DEPTH));
    CHECK_OK(seL4_CNode_Delete(env->cnode, ep, ROOT_DEPTH));
    yield_times(2);
    seL4_UserContext regs;
    CHECK_OK(seL4_TCB_ReadRegisters(t.tcb, false, 0, 1, &regs));
}

/* Deletes its own TCB cap (arg 0), the only one; count says how far it got. */
static void deletes_itself(seL4_Word s_word, seL4_Word unused)
{
    (void)unused;
    struct shared *s = (struct shared *)s_word;
    s->count = 1;
    seL4_CNode_Delete(seL4_CapInitThreadCNode, s->arg[0], ROOT_DEPTH);
    s->count = 2;
}

KEEL_TEST(delete_own_tcb_ends_the_calling_thread,
          "a thread that deletes the only cap to its own TCB never returns from the Delete; "
          "the slot is empty and everything else goes on")
{
    struct test_thread t;
    struct shared s = { 0 };
    test_thread_new(env, &t, env->priority + 1, env->fault_ep);
    s.arg[0] = t.tcb;
    test_thread_start(&t, deletes_itself, (seL4_Word)&s, 0);
    yield_times(2);
    CHECK_EQ(s.count, 1);
    CHECK_CAP(t.tcb, CAP_TAG_NULL);
}

KEEL_TEST(resume_of_an_unconfigured_tcb_stops_it_harmlessly,
          "a TCB with no CSpace, VSpace or IPC buffer that is given a pc and resumed "
          "faults without a handler and stops; the system goes on")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.pc = (seL4_Word)bare_thread;
    CHECK_OK(seL4_TCB_WriteRegisters(tcb, false, 0, 1, &regs));
    CHECK_OK(seL4_TCB_SetPriority(tcb, env->tcb, env->priority));
    CHECK_OK(seL4_TCB_Resume(tcb));
    yield_times(3);
    CHECK_OK(seL4_TCB_ReadRegisters(tcb, true, 0, 1, &regs));
    CHECK_OK(seL4_CNode_Delete(env->cnode, tcb, ROOT_DEPTH));
}

/* ---- Leaks: thousands of threads and endpoints from one untyped ---- */

#define LEAK_ROUNDS 128
#define LEAK_THREADS 24 /* per round: 3072 threads and endpoints in all */

/* One round's objects, as its threads see them. */
struct leak_round {
    seL4_CPtr done;             /* threads report here */
    seL4_CPtr ntfn;             /* some wait here for good */
    seL4_CPtr ep[LEAK_THREADS]; /* thread i's endpoint, badged i + 1 */
};

/* Thread i: Calls its endpoint with i, reports the reply's word on `done`,
 * then ends one of four ways: blocked sending, blocked receiving, waiting
 * on the notification, or suspended. */
static void leak_thread(seL4_Word r_word, seL4_Word i)
{
    const struct leak_round *r = (const struct leak_round *)r_word;
    seL4_Word badge;
    seL4_SetMR(0, i);
    seL4_Call(r->ep[i], seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_SetMR(0, seL4_GetMR(0));
    seL4_Send(r->done, seL4_MessageInfo_new(0, 0, 0, 1));
    switch (i % 4) {
    case 0:
        seL4_Call(r->ep[i], seL4_MessageInfo_new(0, 0, 0, 0)); /* nobody receives */
        break;
    case 1:
        seL4_Recv(r->ep[i], &badge); /* nobody sends */
        break;
    case 2:
        seL4_Wait(r->ntfn, &badge); /* nobody signals */
        break;
    default:
        break; /* returns: it suspends itself */
    }
}

/* Makes, runs and talks to one round of threads; returns the physical
 * address of the first thread's IPC buffer. */
static seL4_Word leak_round(struct test_env *env, struct leak_round *r)
{
    seL4_Word first_paddr = 0;
    r->done = test_retype(env, seL4_EndpointObject, 0);
    r->ntfn = test_retype(env, seL4_NotificationObject, 0);
    for (seL4_Word i = 0; i < LEAK_THREADS; i++) {
        seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
        struct test_thread t;
        r->ep[i] = test_mint(env, ep, seL4_AllRights, i + 1);
        /* below the test: it runs only while the test waits for it */
        test_thread_new(env, &t, env->priority - 1, env->fault_ep);
        if (i == 0) {
            first_paddr = frame_paddr(t.ipc_frame);
        }
        test_thread_start(&t, leak_thread, (seL4_Word)r, i);

        seL4_Word badge;
        seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
        CHECK_EQ(badge, i + 1);
        CHECK_EQ(seL4_MessageInfo_get_length(info), 1);
        CHECK_EQ(seL4_GetMR(0), i);
        seL4_SetMR(0, i ^ 0x5a5a);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
        seL4_Recv(r->done, &badge);
        CHECK_EQ(seL4_GetMR(0), i ^ 0x5a5a);
    }
    return first_paddr;
}

KEEL_TEST(threads_and_endpoints_do_not_leak,
          "3072 threads (configured, resumed, left blocked four ways or suspended) and as "
          "many endpoints, each used once, revoked in rounds: the untyped is whole again")
{
    static struct leak_round r;
    seL4_CPtr first_slot = env->slot_next;
    seL4_Word first_vaddr = env->lib.vregion.next;
    seL4_Word paddr0 = 0;

    for (unsigned round = 0; round < LEAK_ROUNDS; round++) {
        seL4_Word paddr = leak_round(env, &r);
        if (round == 0) {
            paddr0 = paddr;
        }
        /* the untyped was reset: every round reuses the same memory */
        CHECK_EQ(paddr, paddr0);
        CHECK_OK(seL4_CNode_Revoke(env->cnode, env->untyped, ROOT_DEPTH));
        for (seL4_CPtr slot = first_slot; slot < env->slot_next; slot++) {
            const char *why = cap_mismatch(slot, CAP_TAG_NULL);
            if (why != NULL) {
                TEST_FAIL("round %u: slot %lu is not empty after the revoke: %s", round,
                          (unsigned long)slot, why);
            }
        }
        env->slot_next = first_slot;
        env->lib.vregion.next = first_vaddr;
    }
    /* all of it is free: one untyped of the full size fits */
    seL4_CPtr whole = test_slot(env);
    CHECK_OK(seL4_Untyped_Retype(env->untyped, seL4_UntypedObject, env->untyped_bits, env->cnode, 0,
                                 0, whole, 1));
    CHECK_CAP(whole, CAP_TAG_UNTYPED);
    /* and the memory in it is usable: a frame from its start */
    seL4_CPtr frame = test_retype_from(env, whole, seL4_ARM_SmallPageObject, 0);
    CHECK_EQ(frame_paddr(frame), env->untyped_paddr);
}
