/*
 * keeltest: several cores (SMP builds, docs/smp.md). Threads placed with
 * seL4_TCB_SetAffinity run on their own core, in parallel with the test's
 * thread on core 0: IPC and notifications across cores, waking a thread
 * blocked on another core, moving, suspending, deleting, reprioritising
 * and changing the domain of a thread while it runs elsewhere, unmapping a page another core is
 * reading, an interrupt routed to each core, and a stress run. Uniprocessor
 * builds (BootInfo numNodes 1) have one test, which checks just that.
 *
 * "Runs in parallel" is tested by starving: a thread of lower priority than
 * the test's thread, which never blocks while it watches, can only make
 * progress on another core.
 */
#include <stdio.h>
#include <string.h>
#include "keeltest.h"

#ifndef CONFIG_ENABLE_SMP_SUPPORT

KEEL_TEST(smp_uniprocessor_build_has_one_node,
          "a uniprocessor build's BootInfo says one node (the SMP tests need an SMP build)")
{
    CHECK_EQ(env->bootinfo->numNodes, 1);
}

#else

/* How long the test's thread watches for something another core does
 * (loop iterations: several seconds of emulated time, so a failure is a
 * failure and not a slow host). */
#define WATCH_SPINS 20000000u

/* The RTC (PL031, ARM DDI 0224): seconds, match, interrupt mask and clear;
 * QEMU virt's at 0x09010000, SPI 2 = interrupt ID 34. */
#define RTC_PADDR 0x09010000u
#define RTC_IRQ 34u
#define RTCDR 0x000u
#define RTCMR 0x004u
#define RTCIMSC 0x010u
#define RTCICR 0x01cu

static seL4_Word cores(struct test_env *env)
{
    return env->bootinfo->numNodes;
}

/* The i-th core other than 0, round robin. */
static seL4_Word other_core(struct test_env *env, seL4_Word i)
{
    return 1 + i % (cores(env) - 1);
}

/* YIELD: a no-op hint on the Cortex-A15, but QEMU's single-threaded TCG
 * (how ./simulate runs several cores) switches to the next core on it,
 * rather than letting a spinning core run out its 100 ms turn. */
static inline void cpu_yield(void)
{
    __asm__ volatile("yield" ::: "memory");
}

/* Spins until *p >= value; false if that did not happen in WATCH_SPINS. */
static bool watch_reaches(volatile seL4_Word *p, seL4_Word value)
{
    for (seL4_Word i = 0; i < WATCH_SPINS; i++) {
        if (*p >= value) {
            return true;
        }
        cpu_yield();
    }
    return false;
}

/* Spins for n iterations without entering the kernel (no yield: with
 * other cores counting flat out, each yield would hand them a whole turn). */
static void spin(seL4_Word n)
{
    for (volatile seL4_Word i = 0; i < n; i++) {
    }
}

#define SKIP_ON_ONE_CORE(env)                                       \
    do {                                                            \
        if (cores(env) < 2) {                                       \
            printf("    one core: nothing to test across cores\n"); \
            return;                                                 \
        }                                                           \
    } while (0)

/* A thread at `priority` on core `core`, started at fn(arg0, arg1). */
static void thread_on(struct test_env *env, struct test_thread *t, seL4_Word priority,
                      seL4_Word core, test_thread_fn_t *fn, seL4_Word arg0, seL4_Word arg1)
{
    test_thread_new(env, t, priority, env->fault_ep);
    CHECK_OK(seL4_TCB_SetAffinity(t->tcb, core));
    test_thread_start(t, fn, arg0, arg1);
}

struct counter {
    volatile seL4_Word count;
    volatile seL4_Word stop;
};

/* Counts without entering the kernel until told to stop. */
static void counting(seL4_Word c_word, seL4_Word unused)
{
    (void)unused;
    struct counter *c = (struct counter *)c_word;
    while (!c->stop) {
        c->count++;
    }
}

/* ---- Affinity ---- */

KEEL_TEST(smp_set_affinity_places_a_thread_and_checks_the_core,
          "a new thread belongs to core 0; SetAffinity moves it to any core below numNodes "
          "(DebugGetThreadAffinity tells), a core beyond is IllegalOperation and an empty "
          "message TruncatedMessage")
{
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    CHECK_EQ(seL4_DebugGetThreadAffinity(tcb), 0);
    for (seL4_Word core = 0; core < cores(env); core++) {
        CHECK_OK(seL4_TCB_SetAffinity(tcb, core));
        CHECK_EQ(seL4_DebugGetThreadAffinity(tcb), core);
    }
    CHECK_ERR(seL4_TCB_SetAffinity(tcb, cores(env)), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_SetAffinity(tcb, ~(seL4_Word)0), seL4_IllegalOperation);
    CHECK_ERR(raw_invoke(tcb, TCBSetAffinity, 0, NULL, 0, NULL), seL4_TruncatedMessage);
    CHECK_EQ(seL4_DebugGetThreadAffinity(tcb), cores(env) - 1);
}

KEEL_TEST(smp_a_thread_runs_on_its_own_core_in_parallel,
          "a thread of lower priority than the test's, which never blocks, still runs "
          "when it belongs to another core: on each core in turn")
{
    SKIP_ON_ONE_CORE(env);
    for (seL4_Word core = 1; core < cores(env); core++) {
        static struct counter c;
        struct test_thread t;
        memset(&c, 0, sizeof c);
        thread_on(env, &t, env->priority - 1, core, counting, (seL4_Word)&c, 0);
        CHECK(watch_reaches(&c.count, 100000));
        CHECK_EQ(seL4_DebugGetThreadAffinity(t.tcb), core);
        c.stop = 1;
        CHECK_OK(seL4_TCB_Suspend(t.tcb));
    }
}

/* ---- IPC across cores ---- */

/* Answers each Call with its word plus one, forever. */
static void adding_server(seL4_Word ep, seL4_Word unused)
{
    (void)unused;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    for (;;) {
        seL4_SetMR(0, seL4_GetMR(0) + 1 + badge);
        seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    }
}

struct calls {
    seL4_CPtr ep;
    seL4_Word expect_add; /* what the server adds: 1 + its badge */
    volatile seL4_Word done;
};

/* Calls the server `n` times with different words; checks each answer. */
static void calling_n(seL4_Word c_word, seL4_Word n)
{
    struct calls *c = (struct calls *)c_word;
    for (seL4_Word i = 0; i < n; i++) {
        seL4_SetMR(0, i * 7);
        seL4_MessageInfo_t info = seL4_Call(c->ep, seL4_MessageInfo_new(0, 0, 0, 1));
        CHECK_EQ(seL4_MessageInfo_get_length(info), 1);
        CHECK_EQ(seL4_GetMR(0), i * 7 + c->expect_add);
        c->done++;
    }
}

/*
 * The test's thread only watches (it never blocks: the driver's watchdog,
 * which runs whenever core 0 has nothing else, would count every cross-core
 * wait as idleness). Threads that must run on core 0 get a higher priority.
 */
KEEL_TEST(smp_call_and_reply_recv_between_cores,
          "Call from each other core to a server on core 0, and (three cores or more) "
          "between two other cores, answered by ReplyRecv: 1000 calls each, every reply "
          "right")
{
    SKIP_ON_ONE_CORE(env);
    for (seL4_Word core = 1; core < cores(env); core++) {
        for (int remote_server = 0; remote_server < 2; remote_server++) {
            seL4_Word server_core = remote_server ? other_core(env, core) : 0;
            if (server_core == core) {
                continue; /* two cores: no second other core */
            }
            static struct calls c;
            memset(&c, 0, sizeof c);
            seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
            c.ep = test_mint(env, ep, seL4_AllRights, core);
            c.expect_add = 1 + core;
            struct test_thread server, client;
            thread_on(env, &server, env->priority + 1, server_core, adding_server, ep, 0);
            thread_on(env, &client, env->priority, core, calling_n, (seL4_Word)&c, 1000);
            if (!watch_reaches(&c.done, 1000)) {
                TEST_FAIL("client on core %u, server on core %u: %u calls of 1000 done",
                          (unsigned)core, (unsigned)server_core, (unsigned)c.done);
            }
            CHECK(!client.block->failed);
            CHECK_OK(seL4_TCB_Suspend(server.tcb));
        }
    }
}

struct sink {
    seL4_CPtr ep;
    volatile seL4_Word received, sum;
};

/* Receives words until it has `n`, adding them up. */
static void summing_receiver(seL4_Word s_word, seL4_Word n)
{
    struct sink *s = (struct sink *)s_word;
    while (s->received < n) {
        seL4_Word badge;
        seL4_Recv(s->ep, &badge);
        s->sum += seL4_GetMR(0);
        s->received++;
    }
}

KEEL_TEST(smp_send_and_recv_between_cores,
          "Send to a receiver blocked on another core delivers every message, in any "
          "interleaving, and the receiver sees each once")
{
    SKIP_ON_ONE_CORE(env);
    static struct sink s;
    memset(&s, 0, sizeof s);
    s.ep = test_retype(env, seL4_EndpointObject, 0);
    struct test_thread receiver;
    thread_on(env, &receiver, env->priority, other_core(env, 1), summing_receiver, (seL4_Word)&s,
              500);
    seL4_Word expected = 0;
    for (seL4_Word i = 1; i <= 500; i++) {
        seL4_SetMR(0, i);
        seL4_Send(s.ep, seL4_MessageInfo_new(0, 0, 0, 1));
        expected += i;
    }
    CHECK(watch_reaches(&s.received, 500));
    CHECK_EQ(s.sum, expected);
}

struct pingpong {
    seL4_CPtr ping, pong, ping_send; /* ping_send: ping badged 1 */
    volatile seL4_Word rounds;
};

/* Waits for ping, signals pong, `n` times. */
static void ponging(seL4_Word p_word, seL4_Word n)
{
    struct pingpong *p = (struct pingpong *)p_word;
    for (seL4_Word i = 0; i < n; i++) {
        seL4_Word word;
        seL4_Wait(p->ping, &word);
        CHECK_EQ(word, 1);
        p->rounds++;
        seL4_Signal(p->pong);
    }
}

/* Signals ping and waits for pong, `n` times. */
static void pinging(seL4_Word p_word, seL4_Word n)
{
    struct pingpong *p = (struct pingpong *)p_word;
    for (seL4_Word i = 0; i < n; i++) {
        seL4_Signal(p->ping_send);
        seL4_Word word;
        seL4_Wait(p->pong, &word);
        CHECK_EQ(p->rounds, i + 1);
    }
}

KEEL_TEST(smp_notification_wakes_a_thread_blocked_on_another_core,
          "a thread blocked in Wait on another core wakes at each Signal from core 0 and "
          "signals back: 300 round trips with each other core")
{
    SKIP_ON_ONE_CORE(env);
    for (seL4_Word core = 1; core < cores(env); core++) {
        static struct pingpong p;
        memset(&p, 0, sizeof p);
        p.ping = test_retype(env, seL4_NotificationObject, 0);
        p.pong = test_retype(env, seL4_NotificationObject, 0);
        p.ping_send = test_mint(env, p.ping, seL4_AllRights, 1);
        struct test_thread ponger, pinger;
        thread_on(env, &ponger, env->priority, core, ponging, (seL4_Word)&p, 300);
        thread_on(env, &pinger, env->priority + 1, 0, pinging, (seL4_Word)&p, 300);
        if (!watch_reaches(&p.rounds, 300)) {
            TEST_FAIL("with core %u: %u rounds of 300", (unsigned)core, (unsigned)p.rounds);
        }
        CHECK(!ponger.block->failed && !pinger.block->failed);
    }
}

/* ---- Changing a thread that runs on another core ---- */

KEEL_TEST(smp_set_affinity_moves_a_running_and_a_blocked_thread,
          "a thread counting on one core keeps counting when moved to each other core "
          "while it runs; a blocked thread moved to another core runs there once woken")
{
    SKIP_ON_ONE_CORE(env);
    static struct counter c;
    memset(&c, 0, sizeof c);
    struct test_thread t;
    thread_on(env, &t, env->priority - 1, 1, counting, (seL4_Word)&c, 0);
    CHECK(watch_reaches(&c.count, 10000));
    for (seL4_Word i = 0; i < 3 * cores(env); i++) {
        seL4_Word core = other_core(env, i + 1);
        CHECK_OK(seL4_TCB_SetAffinity(t.tcb, core));
        CHECK_EQ(seL4_DebugGetThreadAffinity(t.tcb), core);
        seL4_Word now = c.count;
        CHECK(watch_reaches(&c.count, now + 10000)); /* lower priority: not on core 0 */
    }
    c.stop = 1;
    CHECK_OK(seL4_TCB_Suspend(t.tcb));

    /* Blocked: waits for ping, then counts (below our priority). */
    static struct pingpong p;
    memset(&p, 0, sizeof p);
    p.ping = test_retype(env, seL4_NotificationObject, 0);
    p.pong = test_retype(env, seL4_NotificationObject, 0);
    p.ping_send = test_mint(env, p.ping, seL4_AllRights, 1);
    struct test_thread waiter;
    thread_on(env, &waiter, env->priority - 1, 1, ponging, (seL4_Word)&p, 1);
    spin(100000);                                   /* let it block */
    seL4_Word target = other_core(env, cores(env)); /* the last core */
    CHECK_OK(seL4_TCB_SetAffinity(waiter.tcb, target));
    seL4_Signal(p.ping_send);
    CHECK(watch_reaches(&p.rounds, 1)); /* it ran, and not on this core */
    CHECK_EQ(seL4_DebugGetThreadAffinity(waiter.tcb), target);
}

KEEL_TEST(smp_suspend_resume_and_delete_a_thread_running_on_another_core,
          "a thread counting on another core stops at once when suspended, goes on after "
          "Resume, has registers to read while it runs, and stops for good when its TCB "
          "is deleted")
{
    SKIP_ON_ONE_CORE(env);
    static struct counter c;
    memset(&c, 0, sizeof c);
    struct test_thread t;
    thread_on(env, &t, env->priority - 1, other_core(env, 0), counting, (seL4_Word)&c, 0);
    CHECK(watch_reaches(&c.count, 10000));
    for (int round = 0; round < 20; round++) {
        seL4_UserContext regs;
        CHECK_OK(seL4_TCB_ReadRegisters(t.tcb, false, 0, 2, &regs)); /* pc, sp */
        CHECK(regs.sp <= t.stack_top && regs.sp > t.stack_top - 0x10000);
        CHECK_OK(seL4_TCB_Suspend(t.tcb));
        seL4_Word stopped = c.count;
        spin(20000);
        CHECK_EQ(c.count, stopped);
        CHECK_OK(seL4_TCB_Resume(t.tcb));
        CHECK(watch_reaches(&c.count, stopped + 1000));
    }
    CHECK_OK(seL4_CNode_Delete(env->cnode, t.tcb, ROOT_DEPTH));
    seL4_Word stopped = c.count;
    spin(100000);
    CHECK_EQ(c.count, stopped);
}

/* Counts system calls: each round a Yield (the kernel entries a remote
 * stall may catch half-way, which must restart them). */
static void yielding(seL4_Word c_word, seL4_Word unused)
{
    (void)unused;
    struct counter *c = (struct counter *)c_word;
    while (!c->stop) {
        seL4_Yield();
        c->count++;
    }
}

KEEL_TEST(smp_stalling_a_thread_in_the_middle_of_system_calls,
          "a thread doing system calls nonstop on another core, suspended, resumed, read and "
          "moved from core 0 again and again, goes on counting and never faults")
{
    SKIP_ON_ONE_CORE(env);
    static struct counter c;
    memset(&c, 0, sizeof c);
    struct test_thread t;
    thread_on(env, &t, env->priority - 1, other_core(env, 0), yielding, (seL4_Word)&c, 0);
    CHECK(watch_reaches(&c.count, 100));
    for (seL4_Word round = 0; round < 200; round++) {
        seL4_UserContext regs;
        CHECK_OK(seL4_TCB_ReadRegisters(t.tcb, false, 0, 1, &regs));
        CHECK_OK(seL4_TCB_Suspend(t.tcb));
        CHECK_OK(seL4_TCB_Resume(t.tcb));
        if (round % 10 == 9) {
            CHECK_OK(seL4_TCB_SetAffinity(t.tcb, other_core(env, round / 10)));
        }
        seL4_Word now = c.count;
        CHECK(watch_reaches(&c.count, now + 3));
    }
    c.stop = 1;
    CHECK(watch_reaches(&t.block->done, 1)); /* it returned: no fault stopped it */
    CHECK(!t.block->failed);
}

KEEL_TEST(smp_priority_changes_reach_a_thread_on_another_core,
          "of two threads on another core the higher-priority one runs; raising the other "
          "above it from core 0 swaps which one runs")
{
    SKIP_ON_ONE_CORE(env);
    static struct counter a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    seL4_Word core = other_core(env, 0);
    struct test_thread ta, tb;
    thread_on(env, &ta, env->priority - 2, core, counting, (seL4_Word)&a, 0);
    thread_on(env, &tb, env->priority - 3, core, counting, (seL4_Word)&b, 0);
    CHECK(watch_reaches(&a.count, 10000));
    CHECK_EQ(b.count, 0);
    CHECK_OK(seL4_TCB_SetPriority(tb.tcb, env->tcb, env->priority - 1));
    CHECK(watch_reaches(&b.count, 10000));
    seL4_Word a_then = a.count;
    spin(100000);
    CHECK_EQ(a.count, a_then);
    CHECK_OK(seL4_TCB_SetPriority(tb.tcb, env->tcb, env->priority - 3));
    CHECK(watch_reaches(&a.count, a_then + 10000));
    a.stop = b.stop = 1;
    CHECK_OK(seL4_TCB_Suspend(ta.tcb));
    CHECK_OK(seL4_TCB_Suspend(tb.tcb));
}

struct blocker {
    volatile seL4_Word count, go, woken;
    seL4_CPtr ep;
};

/* Counts until told to go, then blocks in a Recv; notes when it returns. */
static void counting_then_receiving(seL4_Word b_word, seL4_Word unused)
{
    (void)unused;
    struct blocker *b = (struct blocker *)b_word;
    while (!b->go) {
        b->count++;
    }
    seL4_Recv(b->ep, NULL);
    b->woken = 1;
}

KEEL_TEST(smp_domain_set_on_a_thread_running_on_another_core,
          "DomainSet_Set on a thread running on another core leaves it running and not "
          "queued: it goes on counting, then blocks in Recv until a message comes (the SMP "
          "fuzzer's find: queued while running, it ran again from the queue as it blocked, "
          "and the checked kernel halted)")
{
    SKIP_ON_ONE_CORE(env);
    static struct blocker b;
    memset(&b, 0, sizeof b);
    b.ep = test_retype(env, seL4_EndpointObject, 0);
    struct test_thread t;
    thread_on(env, &t, env->priority - 1, other_core(env, 0), counting_then_receiving,
              (seL4_Word)&b, 0);
    CHECK(watch_reaches(&b.count, 10000));
    for (int round = 0; round < 10; round++) {
        CHECK_OK(seL4_DomainSet_Set(seL4_CapDomain, 0, t.tcb));
        seL4_Word now = b.count;
        CHECK(watch_reaches(&b.count, now + 10000));
    }
    CHECK_OK(seL4_DomainSet_Set(seL4_CapDomain, 0, t.tcb));
    b.go = 1; /* at once: it blocks within the same time slice */
    spin(200000);
    CHECK_EQ(b.woken, 0); /* blocked, not run again */
    seL4_Send(b.ep, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(watch_reaches(&b.woken, 1));
    CHECK(watch_reaches(&t.block->done, 1));
    CHECK(!t.block->failed);
}

/* ---- TLB shootdown ---- */

#define READER_MAGIC 0x5eed1e55u
#define NEW_CONTENTS 0xbadf00du

struct reader {
    volatile seL4_Word *page;
    volatile seL4_Word reads, wrong;
};

/* Reads the page forever; counts reads and values that are not MAGIC. */
static void page_reader(seL4_Word r_word, seL4_Word unused)
{
    (void)unused;
    struct reader *r = (struct reader *)r_word;
    for (;;) {
        if (*r->page != READER_MAGIC) {
            r->wrong++;
        }
        r->reads++;
    }
}

KEEL_TEST(smp_unmap_on_one_core_faults_a_reader_on_another,
          "a thread on another core reading a page faults on it once core 0's Unmap "
          "returns, and never reads what is written to the frame after the unmap")
{
    SKIP_ON_ONE_CORE(env);
    for (seL4_Word core = 1; core < cores(env); core++) {
        static struct reader r;
        seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
        seL4_CPtr alias = test_copy(env, frame, seL4_AllRights);
        seL4_Word vaddr = test_vaddr(env, 0x20000 + core * 0x2000);
        test_map_frame(env, frame, vaddr);
        test_map_frame(env, alias, vaddr + 0x1000);
        memset(&r, 0, sizeof r);
        r.page = (volatile seL4_Word *)vaddr;
        *r.page = READER_MAGIC;

        seL4_CPtr fault_ep = test_retype(env, seL4_EndpointObject, 0);
        struct test_thread t;
        test_thread_new(env, &t, env->priority - 1, fault_ep);
        CHECK_OK(seL4_TCB_SetAffinity(t.tcb, core));
        test_thread_start(&t, page_reader, (seL4_Word)&r, 0);
        CHECK(watch_reaches(&r.reads, 10000));

        CHECK_OK(seL4_ARM_Page_Unmap(frame));
        /* the frame's new contents, through the alias: a stale translation
         * on the reader's core would let it read them */
        *(volatile seL4_Word *)(vaddr + 0x1000) = NEW_CONTENTS;
        seL4_Word badge;
        seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, 0);
        bool faulted = false;
        for (seL4_Word i = 0; i < WATCH_SPINS / 100 && !faulted; i++) {
            info = seL4_NBRecv(fault_ep, &badge);
            faulted = seL4_MessageInfo_get_label(info) == seL4_Fault_VMFault;
        }
        CHECK(faulted);
        CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), vaddr);
        CHECK_EQ(r.wrong, 0);
        seL4_Word reads = r.reads;
        spin(100000);
        CHECK_EQ(r.reads, reads); /* blocked on its fault */
        CHECK_OK(seL4_TCB_Suspend(t.tcb));
    }
}

/* ---- Interrupts ---- */

KEEL_TEST(smp_get_trigger_core_routes_an_interrupt_to_each_core,
          "IRQControl_GetTriggerCore issues a handler whose interrupt (the RTC's alarm) "
          "is delivered when routed to any core; a core beyond numNodes is InvalidArgument")
{
    seL4_CPtr rtc_frame = test_device_frame_at(env, RTC_PADDR);
    seL4_Word rtc = test_vaddr(env, 0x30000);
    test_map_frame(env, rtc_frame, rtc);
    volatile uint32_t *regs = (volatile uint32_t *)rtc;
    seL4_CPtr slot = test_slot(env);
    CHECK_ERR(seL4_IRQControl_GetTriggerCore(seL4_CapIRQControl, RTC_IRQ, 0, env->cnode, slot,
                                             ROOT_DEPTH, cores(env)),
              seL4_InvalidArgument);
    CHECK_MR(0, 4);
    for (seL4_Word core = 0; core < cores(env); core++) {
        CHECK_OK(seL4_IRQControl_GetTriggerCore(seL4_CapIRQControl, RTC_IRQ, 0, env->cnode, slot,
                                                ROOT_DEPTH, core));
        seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
        seL4_CPtr badged = test_mint(env, ntfn, seL4_AllRights, 1 + core);
        CHECK_OK(seL4_IRQHandler_SetNotification(slot, badged));
        regs[RTCICR / 4] = 1;
        regs[RTCMR / 4] = regs[RTCDR / 4]; /* matches now: QEMU raises it at once */
        regs[RTCIMSC / 4] = 1;
        seL4_Word word;
        seL4_Wait(ntfn, &word);
        CHECK_EQ(word, 1 + core);
        regs[RTCIMSC / 4] = 0;
        regs[RTCICR / 4] = 1;
        CHECK_OK(seL4_IRQHandler_Ack(slot));
        CHECK_OK(seL4_CNode_Delete(env->cnode, slot, ROOT_DEPTH));
    }
}

KEEL_TEST(smp_debug_send_ipi_raises_an_sgi,
          "seL4_DebugSendIPI raises an SGI on a core: on this core, where an IRQHandler for "
          "SGI 1 is enabled, it signals the handler's notification; out of range it does "
          "nothing")
{
    seL4_CPtr handler = test_slot(env);
    CHECK_OK(seL4_IRQControl_Get(seL4_CapIRQControl, 1, env->cnode, handler, ROOT_DEPTH));
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    CHECK_OK(seL4_IRQHandler_SetNotification(handler, test_mint(env, ntfn, seL4_AllRights, 5)));
    seL4_DebugSendIPI(0, 1);
    seL4_Word word;
    seL4_Wait(ntfn, &word);
    CHECK_EQ(word, 5);
    CHECK_OK(seL4_IRQHandler_Ack(handler));
    seL4_DebugSendIPI((seL4_Uint8)cores(env), 1); /* no such core: reported, ignored */
    seL4_DebugSendIPI(0, 16);                     /* not an SGI */
    spin(100000);
    seL4_Poll(ntfn, &word);
    CHECK_EQ(word, 0);
    /* the kernel's own IPI (SGI 0) has no handler caps */
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 0, env->cnode, test_slot(env), ROOT_DEPTH),
              seL4_RevokeFirst);
}

/* ---- Stress ---- */

#define STRESS_CALLS 400
#define STRESS_CHURN 60

struct churn {
    seL4_CPtr untyped; /* 2^14 bytes of its own */
    seL4_CPtr slot;    /* one slot to retype into */
    volatile seL4_Word rounds;
};

/* Retypes an object of each kind from its untyped and deletes it, over
 * and over, resetting the untyped by Revoke now and then. */
static void churning(seL4_Word c_word, seL4_Word unused)
{
    (void)unused;
    struct churn *c = (struct churn *)c_word;
    static const seL4_Word types[] = { seL4_EndpointObject, seL4_NotificationObject, seL4_TCBObject,
                                       seL4_ARM_SmallPageObject, seL4_CapTableObject };
    for (seL4_Word i = 0; i < STRESS_CHURN; i++) {
        seL4_Word type = types[i % 5];
        CHECK_OK(seL4_Untyped_Retype(c->untyped, type, type == seL4_CapTableObject ? 4 : 0,
                                     seL4_CapInitThreadCNode, 0, 0, c->slot, 1));
        CHECK_OK(seL4_CNode_Delete(seL4_CapInitThreadCNode, c->slot, ROOT_DEPTH));
        if (i % 8 == 7) {
            CHECK_OK(seL4_CNode_Revoke(seL4_CapInitThreadCNode, c->untyped, ROOT_DEPTH));
        }
        c->rounds++;
    }
}

struct caller {
    seL4_CPtr ep;
    volatile seL4_Word done;
};

static void calling(seL4_Word c_word, seL4_Word seed)
{
    struct caller *c = (struct caller *)c_word;
    for (seL4_Word i = 0; i < STRESS_CALLS; i++) {
        seL4_SetMR(0, seed + i);
        seL4_Call(c->ep, seL4_MessageInfo_new(0, 0, 0, 1));
        CHECK_EQ(seL4_GetMR(0), seed + i + 1);
        c->done++;
    }
}

KEEL_TEST(smp_stress_ipc_and_object_churn_on_every_core,
          "on every core at once: callers and servers on different cores, and threads "
          "retyping and deleting objects; every call answered, every thread done, and "
          "afterwards each churned untyped retypes whole into one object")
{
    SKIP_ON_ONE_CORE(env);
    enum { MAX_CORES = 8 };
    static struct churn churn[MAX_CORES];
    static struct caller callers[MAX_CORES];
    struct test_thread churner[MAX_CORES], caller_t[MAX_CORES], server[MAX_CORES];
    seL4_Word n = cores(env) < MAX_CORES ? cores(env) : MAX_CORES;

    for (seL4_Word k = 0; k < n; k++) {
        memset(&churn[k], 0, sizeof churn[k]);
        memset(&callers[k], 0, sizeof callers[k]);
        churn[k].untyped = test_untyped(env, 14);
        churn[k].slot = test_slot(env);
        seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
        callers[k].ep = test_mint(env, ep, seL4_AllRights, 0);
        /* server on core k + 1, caller on core k: every call crosses */
        thread_on(env, &server[k], env->priority, (k + 1) % n, adding_server, ep, 0);
        thread_on(env, &caller_t[k], env->priority, k, calling, (seL4_Word)&callers[k], k * 100000);
        thread_on(env, &churner[k], env->priority, (k + 2) % n, churning, (seL4_Word)&churn[k], 0);
    }
    /* Core 0's threads share it with us, at our priority: yield to them.
     * Wait as long as the threads make progress, and give up only after
     * 100000 yields without any: how fast the other cores get on depends
     * on the host, a lost wake-up does not. */
    bool all_done = false;
    seL4_Word progress = 0;
    for (seL4_Word tries = 0; tries < 100000 && !all_done; tries++) {
        all_done = true;
        seL4_Word now = 0;
        for (seL4_Word k = 0; k < n; k++) {
            all_done =
                all_done && callers[k].done == STRESS_CALLS && churn[k].rounds == STRESS_CHURN;
            now += callers[k].done + churn[k].rounds;
        }
        if (now != progress) {
            progress = now;
            tries = 0;
        }
        if (!all_done) {
            seL4_Yield();
        }
    }
    for (seL4_Word k = 0; k < n; k++) {
        CHECK_EQ(callers[k].done, STRESS_CALLS);
        CHECK_EQ(churn[k].rounds, STRESS_CHURN);
        CHECK(!caller_t[k].block->failed && !churner[k].block->failed);
        CHECK_OK(seL4_TCB_Suspend(server[k].tcb));
    }
    for (seL4_Word k = 0; k < n; k++) {
        CHECK_OK(seL4_CNode_Revoke(env->cnode, churn[k].untyped, ROOT_DEPTH));
        CHECK(slot_is_empty(churn[k].slot));
        CHECK_OK(seL4_Untyped_Retype(churn[k].untyped, seL4_UntypedObject, 14, env->cnode, 0, 0,
                                     churn[k].slot, 1));
        CHECK_OK(seL4_CNode_Delete(env->cnode, churn[k].slot, ROOT_DEPTH));
    }
}

#endif /* CONFIG_ENABLE_SMP_SUPPORT */
