/*
 * Host tests of the checked kernel's invariant checks (src/kernel/
 * invariants.c, CONFIG_KEEL_CHECKED): a consistent kernel passes every
 * check, and each kind of broken state it exists to catch halts it with a
 * report naming the invariant. Built with the real scheduler and ASID code
 * on the capability core; kernel_halt returns here through longjmp. The
 * scheduler's queues are static, so each test needs a process of its own,
 * which is how ctest runs them.
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <kernel/invariants.h>
#include <kernel/reply.h>
#include <kernel/sched.h>
#include <kernel/thread.h>

#include "vspace_fixture.h"

/* ---- kernel_halt, as the checker's report ends ---- */

static jmp_buf halt_return;
static bool halt_expected;

NORETURN void kernel_halt(void)
{
    if (!halt_expected) {
        test_fail(__FILE__, __LINE__, "kernel halted:\n%s", host_console);
    }
    halt_expected = false;
    longjmp(halt_return, 1);
}

/* Runs the checks of up to `exits` kernel exits; returns what the checker
 * printed if it halted, NULL if every check passed. */
static const char *halt_report_within(word_t exits)
{
    host_console_clear();
    if (setjmp(halt_return) != 0) {
        return host_console;
    }
    halt_expected = true;
    for (word_t i = 0; i < exits; i++) {
        kernel_check_invariants();
    }
    halt_expected = false;
    return NULL;
}

/* Every exit runs the thread, ready-queue and IPC-queue checks; the CDT
 * and the checks over every cap run on every 128th (CDT_CHECK_PERIOD). */
#define EVERY_CHECK 128u

static const char *halt_report(void)
{
    return halt_report_within(1);
}

#define CHECK_HALTS_WITH(report, invariant)                                    \
    do {                                                                       \
        const char *report_ = (report);                                        \
        CHECK(report_ != NULL);                                                \
        CHECK(strstr(report_, "invariant violated: " invariant "\n") != NULL); \
    } while (0)

/* ---- A small running system ---- */

enum {
    T_IDLE = SLOT_FREE,
    T_A, /* runnable, in the ready queue at priority 10 */
    T_B, /* blocked receiving on the endpoint */
    T_C, /* bound to the notification */
    T_D, /* inactive */
    S_EP,
    S_EP2,
    S_NTFN,
};

static tcb_t *idle, *a, *b, *c, *d;

static endpoint_t *ep_in(word_t index)
{
    return endpoint_ptr(cap_endpoint_get_ptr(slot(index)->cap));
}

static notification_t *ntfn_in(word_t index)
{
    return notification_ptr(cap_notification_get_ptr(slot(index)->cap));
}

/* The root thread is current; the idle thread, A, B, C and D as above. */
static void running_system(void)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_TCB, 0, T_IDLE, 5));
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, S_EP, 2));
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_NOTIFICATION, 0, S_NTFN, 1));
    idle = tcb_in(T_IDLE), a = tcb_in(T_A), b = tcb_in(T_B), c = tcb_in(T_C), d = tcb_in(T_D);
    idle->state = THREAD_IDLE;
    sched_init(idle);
    ks_cur_thread = root_tcb();
    a->priority = 10;
    thread_set_state(a, THREAD_RUNNING);
    sched_enqueue(a);
    block_on_endpoint(b, ep_in(S_EP), THREAD_BLOCKED_ON_RECEIVE, 0);
    tcb_bind_notification(c, ntfn_in(S_NTFN));
    const char *report = halt_report_within(EVERY_CHECK);
    if (report != NULL) {
        test_fail(__FILE__, __LINE__, "the running system breaks an invariant:\n%s", report);
    }
}

/* ---- What must pass ---- */

TEST(invariants_hold_in_a_consistent_running_system)
{
    running_system();
    /* and with a Call waiting for its reply, a thread waiting on a
     * notification, and an address space with an ASID */
    reply_setup_caller_cap(d, a, true);
    notification_receive(ntfn_in(S_NTFN), c, true);
    CHECK_EQ(c->state, THREAD_BLOCKED_ON_NOTIFICATION);
    vs_standard_vspace();
    CHECK(halt_report_within(EVERY_CHECK) == NULL);
}

/* ---- Threads and the TCB list ---- */

TEST(invariants_catch_asymmetric_tcb_list_links)
{
    running_system();
    pptr_t saved = a->debug_prev;
    a->debug_prev = tcb_ref(d);
    const char *report = halt_report();
    a->debug_prev = saved;
    CHECK_HALTS_WITH(report, "TCB list: links not symmetric");
}

TEST(invariants_catch_the_idle_state_in_another_thread)
{
    running_system();
    d->state = THREAD_IDLE;
    CHECK_HALTS_WITH(halt_report(), "thread state: idle state iff the idle thread");
}

TEST(invariants_catch_an_unknown_thread_state)
{
    running_system();
    d->state = THREAD_IDLE + 1;
    CHECK_HALTS_WITH(halt_report(), "thread state: unknown value");
}

/* ---- The ready queues and the thread resumed ---- */

TEST(invariants_catch_a_queued_thread_that_cannot_run)
{
    running_system();
    a->state = THREAD_INACTIVE; /* without the dequeue thread_set_state's callers do */
    CHECK_HALTS_WITH(halt_report(), "ready queue: thread not runnable");
}

TEST(invariants_catch_the_resumed_thread_in_a_ready_queue)
{
    running_system();
    ks_cur_thread = a;
    CHECK_HALTS_WITH(halt_report(), "ready queue: the current thread is queued");
}

TEST(invariants_catch_a_ready_queue_link_into_another_queue)
{
    running_system();
    thread_set_state(d, THREAD_RUNNING);
    d->priority = 20;
    sched_enqueue(d);
    a->sched_next = tcb_ref(d);
    const char *report = halt_report();
    a->sched_next = 0;
    CHECK_HALTS_WITH(report, "ready queue: next link not symmetric or into another queue");
}

TEST(invariants_catch_a_queued_flag_the_ready_bitmap_does_not_know)
{
    running_system();
    thread_set_state(d, THREAD_RUNNING);
    d->priority = 20;
    d->in_ready_queue = true; /* queued without sched_enqueue */
    CHECK_HALTS_WITH(halt_report(),
                     "ready queue: bitmap's best priority is not the best queued thread's");
}

TEST(invariants_catch_a_queue_link_in_a_thread_not_queued)
{
    running_system();
    d->sched_next = tcb_ref(a);
    CHECK_HALTS_WITH(halt_report(), "ready queue: links in a thread not queued");
}

TEST(invariants_catch_a_resumed_thread_that_cannot_run)
{
    running_system();
    ks_cur_thread = b; /* blocked on the endpoint */
    CHECK_HALTS_WITH(halt_report(), "scheduler: the thread resumed is not runnable");
}

TEST(invariants_catch_a_resumed_thread_outside_the_current_domain)
{
    running_system();
    root_tcb()->domain = NUM_DOMAINS - 1; /* the host tests have four domains */
    CHECK_HALTS_WITH(halt_report(), "scheduler: the thread resumed is not in the current domain");
}

/* ---- Endpoint and notification queues ---- */

TEST(invariants_catch_a_blocked_thread_missing_from_its_endpoint_queue)
{
    running_system();
    b->blocking_object = cap_endpoint_get_ptr(slot(S_EP2)->cap);
    const char *report = halt_report();
    b->blocking_object = cap_endpoint_get_ptr(slot(S_EP)->cap);
    CHECK_HALTS_WITH(report, "endpoint: blocked thread not in its queue");
}

TEST(invariants_catch_an_endpoint_queue_in_the_wrong_thread_state)
{
    running_system();
    b->state = THREAD_BLOCKED_ON_SEND; /* the endpoint holds receivers */
    const char *report = halt_report();
    b->state = THREAD_BLOCKED_ON_RECEIVE;
    CHECK_HALTS_WITH(report, "IPC queue: queued thread in the wrong state");
}

TEST(invariants_catch_an_endpoint_queue_whose_tail_is_not_its_last_thread)
{
    running_system();
    endpoint_t *ep = ep_in(S_EP);
    ep->queue.tail = tcb_ref(d);
    const char *report = halt_report();
    ep->queue.tail = tcb_ref(b);
    CHECK_HALTS_WITH(report, "IPC queue: tail is not the last thread");
}

TEST(invariants_catch_ipc_queue_links_in_a_thread_not_blocked)
{
    running_system();
    d->queue_prev = tcb_ref(b);
    CHECK_HALTS_WITH(halt_report(),
                     "thread state: IPC queue links in a thread not blocked on an IPC object");
}

TEST(invariants_catch_a_waiting_notification_with_an_empty_queue)
{
    running_system();
    notification_t *n = ntfn_in(S_NTFN);
    notification_receive(n, c, true);
    *n = ntfn_set_state(*n, NTFN_ACTIVE);
    CHECK_HALTS_WITH(halt_report(), "notification: waiting iff its queue is not empty");
}

TEST(invariants_catch_a_binding_known_to_one_side_only)
{
    running_system();
    d->bound_notification = cap_notification_get_ptr(slot(S_NTFN)->cap); /* C is bound */
    const char *report = halt_report();
    d->bound_notification = 0;
    CHECK_HALTS_WITH(report, "thread: bound notification not bound to it");
}

/* ---- What needs every cap: checked every 128th exit ---- */

TEST(invariants_catch_a_broken_cdt_within_one_check_period)
{
    running_system();
    cte_t *ut = slot(SLOT_UNTYPED);
    mdb_node_t saved = ut->mdb;
    ut->mdb = mdb_set_revocable(ut->mdb, false);
    const char *report = halt_report_within(EVERY_CHECK);
    ut->mdb = saved;
    CHECK_HALTS_WITH(report, "untyped cap not revocable");
}

TEST(invariants_catch_a_reply_cap_for_a_thread_not_waiting_for_it)
{
    running_system();
    reply_setup_caller_cap(d, a, true);
    d->state = THREAD_INACTIVE; /* as if stopped without deleting the reply cap */
    const char *report = halt_report_within(EVERY_CHECK);
    d->state = THREAD_BLOCKED_ON_REPLY;
    CHECK_HALTS_WITH(report, "reply cap: its thread is not blocked on reply");
}

TEST(invariants_catch_two_reply_caps_for_one_caller)
{
    running_system();
    reply_setup_caller_cap(d, a, true);
    mdb_insert_child(tcb_slot(a, TCB_CALLER)->cap, tcb_slot(a, TCB_CALLER), slot(T_D + 10));
    const char *report = halt_report_within(EVERY_CHECK);
    mdb_remove(slot(T_D + 10));
    CHECK_HALTS_WITH(report, "reply cap: two for one thread");
}

TEST(invariants_catch_a_master_reply_cap_outside_its_reply_slot)
{
    running_system();
    cte_t *master = tcb_slot(root_tcb(), TCB_REPLY);
    mdb_insert_child(master->cap, master, slot(T_D + 10));
    slot(T_D + 10)->mdb = mdb_set_revocable(slot(T_D + 10)->mdb, true);
    const char *report = halt_report_within(EVERY_CHECK);
    mdb_remove(slot(T_D + 10));
    CHECK_HALTS_WITH(report, "reply cap: master not in its thread's reply slot");
}

TEST(invariants_catch_a_thread_cap_to_a_tcb_off_the_list)
{
    running_system();
    thread_debug_remove(d);
    const char *report = halt_report_within(EVERY_CHECK);
    thread_debug_add(d);
    CHECK_HALTS_WITH(report, "thread cap: TCB not on the TCB list");
}

TEST(invariants_catch_an_asid_no_page_directory_cap_has)
{
    running_system();
    vs_standard_vspace(); /* ASID 1 */
    cte_t *pd = slot(SLOT_PD);
    cap_t saved = pd->cap;
    pd->cap = cap_page_directory_set_asid(pd->cap, 2);
    const char *report = halt_report_within(EVERY_CHECK);
    pd->cap = saved;
    CHECK_HALTS_WITH(report,
                     "ASID table: entry names a page directory no cap of which has that ASID");
}

/* ---- The report ---- */

TEST(invariants_report_names_the_object_last_system_call_and_thread)
{
    running_system();
    memcpy(root_tcb()->name, "rootserver", sizeof("rootserver"));
    root_tcb()->context.regs[REG_R7] = (word_t)-5;
    invariants_last_syscall = -5;
    CHECK(halt_report() == NULL); /* the kernel returned to the root thread */
    a->state = THREAD_INACTIVE;
    const char *report = halt_report();
    CHECK_HALTS_WITH(report, "ready queue: thread not runnable");
    char object[32];
    snprintf(object, sizeof(object), "object 0x%08x;", (unsigned)tcb_ref(a));
    CHECK(strstr(report, object) != NULL);
    CHECK(strstr(report, "last system call -5") != NULL);
    CHECK(strstr(report, "entered from thread") != NULL);
    CHECK(strstr(report, "(rootserver): r7 -5") != NULL);
    /* then the list of every thread, as seL4_DebugDumpScheduler prints it */
    CHECK(strstr(report, "address    name") != NULL);
}
