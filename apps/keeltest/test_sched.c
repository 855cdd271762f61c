/*
 * keeltest: the scheduler as user level sees it (seL4 manual, "Scheduling"):
 * the highest-priority runnable thread runs, a thread made runnable at a
 * higher priority preempts at once, equal priorities share the CPU round
 * robin (by Yield or when the time slice ends), and no thread can give a
 * priority or MCP above the MCP of the authority it names. No test here
 * measures time: they count, and see who ran first.
 */
#include "keeltest.h"

/* What helper threads and the test share. */
struct sched_shared {
    seL4_CPtr ntfn;         /* helpers that wait, wait here */
    volatile seL4_Word ran; /* set by a helper when it runs */
    volatile seL4_Word stop;
    volatile seL4_Word count[2]; /* iterations of two busy threads */
    volatile seL4_Word log[16];  /* who ran, in order */
    volatile seL4_Word log_length;
    volatile seL4_Word error;
};

static void sched_log(struct sched_shared *s, seL4_Word who)
{
    if (s->log_length < sizeof(s->log) / sizeof(s->log[0])) {
        s->log[s->log_length++] = who;
    }
}

/* Sets `ran` and logs arg 1. */
static void marks_that_it_ran(seL4_Word s_word, seL4_Word who)
{
    struct sched_shared *s = (struct sched_shared *)s_word;
    s->ran = 1;
    sched_log(s, who);
}

/* Waits on the notification, then logs arg 1. */
static void waits_then_marks(seL4_Word s_word, seL4_Word who)
{
    struct sched_shared *s = (struct sched_shared *)s_word;
    seL4_Word word;
    seL4_Wait(s->ntfn, &word);
    s->ran = 1;
    sched_log(s, who);
}

/* Signals the notification arg 0. */
static void signals(seL4_Word ntfn, seL4_Word unused)
{
    (void)unused;
    seL4_Signal(ntfn);
}

static void start_helper(struct test_env *env, struct test_thread *t, seL4_Word priority,
                         test_thread_fn_t *fn, struct sched_shared *s, seL4_Word arg)
{
    test_thread_new(env, t, priority, env->fault_ep);
    test_thread_start(t, fn, (seL4_Word)s, arg);
}

KEEL_TEST(sched_higher_priority_thread_runs_before_resume_returns,
          "a thread started at a higher priority than its creator has run by the time the "
          "WriteRegisters that resumed it returns")
{
    struct test_thread t;
    struct sched_shared s = { 0 };
    start_helper(env, &t, env->priority + 10, marks_that_it_ran, &s, 1);
    CHECK_EQ(s.ran, 1);
}

KEEL_TEST(sched_lower_priority_thread_waits_until_the_creator_blocks,
          "a thread at a lower priority does not run while its creator can: not on Resume, "
          "not on Yield; it runs once the creator blocks")
{
    struct test_thread t;
    struct sched_shared s = { 0 };
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    start_helper(env, &t, env->priority - 10, marks_that_it_ran, &s, 1);
    CHECK_EQ(s.ran, 0);
    seL4_Yield();
    CHECK_EQ(s.ran, 0);
    CHECK_OK(seL4_TCB_Resume(t.tcb)); /* already runnable: no change */
    CHECK_EQ(s.ran, 0);
    /* block until the helper is done: it suspends itself, then a second
     * helper below it signals */
    struct test_thread signaller;
    test_thread_new(env, &signaller, env->priority - 20, env->fault_ep);
    test_thread_start(&signaller, signals, ntfn, 0);
    seL4_Word word;
    seL4_Wait(ntfn, &word);
    CHECK_EQ(s.ran, 1);
}

KEEL_TEST(sched_equal_priority_thread_runs_when_the_creator_yields,
          "a thread at the creator's priority waits behind it until it yields")
{
    struct test_thread t;
    struct sched_shared s = { 0 };
    start_helper(env, &t, env->priority, marks_that_it_ran, &s, 1);
    CHECK_EQ(s.ran, 0);
    seL4_Yield();
    CHECK_EQ(s.ran, 1);
}

KEEL_TEST(sched_yield_with_nothing_else_to_run_returns,
          "Yield with no other thread at the caller's priority returns at once")
{
    for (int i = 0; i < 100; i++) {
        seL4_Yield();
    }
}

/* Yields three times, checking each time that the other thread (count[1]
 * or count[0]) moved on meanwhile; a last step tells the other it ran. */
static void counts_and_yields(seL4_Word s_word, seL4_Word who)
{
    struct sched_shared *s = (struct sched_shared *)s_word;
    volatile seL4_Word *mine = &s->count[who], *other = &s->count[1 - who];
    for (int i = 0; i < 3; i++) {
        (*mine)++;
        seL4_Word before = *other;
        seL4_Yield();
        if (*other == before) {
            s->error = who + 1;
        }
    }
    (*mine)++;
}

KEEL_TEST(sched_yield_passes_the_cpu_between_equal_threads,
          "two threads of one priority that yield run in turns: each Yield lets the other "
          "one run before it goes on")
{
    struct test_thread a, b;
    struct sched_shared s = { 0 };
    start_helper(env, &a, env->priority - 1, counts_and_yields, &s, 0);
    start_helper(env, &b, env->priority - 1, counts_and_yields, &s, 1);
    /* below them both, this thread runs again once both are done */
    CHECK_OK(seL4_TCB_SetPriority(env->tcb, env->tcb, env->priority - 2));
    CHECK_OK(seL4_TCB_SetPriority(env->tcb, env->tcb, env->priority));
    CHECK_EQ(s.count[0], 4);
    CHECK_EQ(s.count[1], 4);
    CHECK_EQ(s.error, 0);
}

/* Counts in count[arg 1] without ever yielding, until told to stop. */
static void busy_counter(seL4_Word s_word, seL4_Word index)
{
    struct sched_shared *s = (struct sched_shared *)s_word;
    while (!s->stop) {
        s->count[index]++;
    }
}

KEEL_TEST(sched_round_robin_shares_the_cpu_without_yields,
          "two busy threads at the test's priority, none of the three ever yielding: the "
          "time slice ends each one's turn, so both make progress")
{
    struct test_thread a, b;
    struct sched_shared s = { 0 };
    start_helper(env, &a, env->priority, busy_counter, &s, 0);
    start_helper(env, &b, env->priority, busy_counter, &s, 1);
    /* spin, never blocking or yielding; a bound far beyond a few time slices
     * turns a kernel that never preempts into a failure, not a hang */
    seL4_Word turns = 0, last_a = 0;
    for (seL4_Word spins = 0; s.count[0] == 0 || s.count[1] == 0; spins++) {
        if (s.count[0] != last_a) {
            last_a = s.count[0];
            turns++; /* this thread was preempted and resumed */
        }
        if (spins > 0x40000000u || turns > 50) {
            s.stop = 1;
            TEST_FAIL("after %lu turns, counts %lu and %lu", (unsigned long)turns,
                      (unsigned long)s.count[0], (unsigned long)s.count[1]);
        }
    }
    s.stop = 1;
    CHECK(s.count[0] > 0);
    CHECK(s.count[1] > 0);
    CHECK_OK(seL4_TCB_Suspend(a.tcb));
    CHECK_OK(seL4_TCB_Suspend(b.tcb));
}

/* Counts to arg 1 without yielding (many time slices' worth), then stops. */
static void counts_to(seL4_Word s_word, seL4_Word limit)
{
    struct sched_shared *s = (struct sched_shared *)s_word;
    while (s->count[0] < limit) {
        s->count[0]++;
    }
}

KEEL_TEST(sched_higher_priority_busy_thread_runs_until_it_stops,
          "a busy thread above the test keeps the CPU through its time slices (no round "
          "robin across priorities): the test sees only its final count")
{
    struct test_thread t;
    struct sched_shared s = { 0 };
    start_helper(env, &t, env->priority + 1, counts_to, &s, 1u << 24);
    CHECK_EQ(s.count[0], 1u << 24);
}

KEEL_TEST(sched_signal_to_a_higher_priority_waiter_switches_at_once,
          "Signal to a notification a higher-priority thread waits on runs that thread "
          "before Signal returns; a lower-priority waiter runs only later")
{
    struct test_thread high, low;
    struct sched_shared s = { 0 };
    s.ntfn = test_retype(env, seL4_NotificationObject, 0);
    start_helper(env, &high, env->priority + 5, waits_then_marks, &s, 1);
    seL4_Signal(s.ntfn);
    CHECK_EQ(s.ran, 1);
    CHECK_EQ(s.log_length, 1);
    s.ran = 0;
    start_helper(env, &low, env->priority - 5, waits_then_marks, &s, 2);
    seL4_Yield();
    CHECK_EQ(s.ran, 0);  /* it has not even started waiting */
    seL4_Signal(s.ntfn); /* the word stays pending for it */
    CHECK_EQ(s.ran, 0);
    CHECK_OK(seL4_TCB_SetPriority(env->tcb, env->tcb, env->priority - 10));
    CHECK_OK(seL4_TCB_SetPriority(env->tcb, env->tcb, env->priority));
    CHECK_EQ(s.ran, 1);
    CHECK_EQ(s.log[1], 2);
}

KEEL_TEST(sched_raising_a_ready_threads_priority_preempts,
          "SetPriority that lifts a waiting runnable thread above the caller runs it before "
          "SetPriority returns")
{
    struct test_thread t;
    struct sched_shared s = { 0 };
    start_helper(env, &t, env->priority - 10, marks_that_it_ran, &s, 1);
    CHECK_EQ(s.ran, 0);
    CHECK_OK(seL4_TCB_SetPriority(t.tcb, env->tcb, env->priority + 10));
    CHECK_EQ(s.ran, 1);
}

KEEL_TEST(sched_lowering_own_priority_lets_a_higher_thread_run,
          "a thread that lowers its own priority below a runnable one is preempted by it "
          "at once, and runs again when that one stops")
{
    struct test_thread t;
    struct sched_shared s = { 0 };
    start_helper(env, &t, env->priority - 10, marks_that_it_ran, &s, 1);
    CHECK_OK(seL4_TCB_SetPriority(env->tcb, env->tcb, env->priority - 20));
    CHECK_EQ(s.ran, 1);
    CHECK_OK(seL4_TCB_SetPriority(env->tcb, env->tcb, env->priority));
}

KEEL_TEST(sched_priority_above_the_authoritys_mcp_is_range_error,
          "SetPriority, SetMCPriority and SetSchedParams above the authority's MCP are "
          "RangeError 0..MCP, for the test's own thread as authority and for one with MCP 50")
{
    seL4_CPtr target = test_retype(env, seL4_TCBObject, 0);
    seL4_CPtr weak = test_retype(env, seL4_TCBObject, 0);

    CHECK_ERR(seL4_TCB_SetPriority(target, env->tcb, env->mcp + 1), seL4_RangeError);
    CHECK_RANGE(0, env->mcp);
    CHECK_OK(seL4_TCB_SetPriority(target, env->tcb, env->mcp));
    CHECK_ERR(seL4_TCB_SetMCPriority(target, env->tcb, env->mcp + 1), seL4_RangeError);
    CHECK_RANGE(0, env->mcp);
    /* nor can a thread raise its own MCP */
    CHECK_ERR(seL4_TCB_SetMCPriority(env->tcb, env->tcb, env->mcp + 1), seL4_RangeError);

    CHECK_OK(seL4_TCB_SetMCPriority(weak, env->tcb, 50));
    CHECK_ERR(seL4_TCB_SetPriority(target, weak, 51), seL4_RangeError);
    CHECK_RANGE(0, 50);
    CHECK_OK(seL4_TCB_SetPriority(target, weak, 50));
    CHECK_ERR(seL4_TCB_SetMCPriority(target, weak, 51), seL4_RangeError);
    CHECK_RANGE(0, 50);
    CHECK_ERR(seL4_TCB_SetSchedParams(target, weak, 50, 51), seL4_RangeError);
    CHECK_RANGE(0, 50);
    CHECK_ERR(seL4_TCB_SetSchedParams(target, weak, 51, 50), seL4_RangeError);
    CHECK_RANGE(0, 50);
    CHECK_OK(seL4_TCB_SetSchedParams(target, weak, 50, 50));
    /* and no authority goes past the highest priority */
    CHECK_ERR(seL4_TCB_SetPriority(target, seL4_CapInitThreadTCB, seL4_MaxPrio + 1),
              seL4_RangeError);
    CHECK_RANGE(0, seL4_MaxPrio);
}

/* A thread with MCP 50 naming itself as authority: results in log[]. */
static void tries_priorities_with_itself_as_authority(seL4_Word s_word, seL4_Word target)
{
    struct sched_shared *s = (struct sched_shared *)s_word;
    seL4_CPtr self = s->ntfn; /* here: its own TCB cap */
    sched_log(s, seL4_TCB_SetPriority(target, self, 60));
    sched_log(s, seL4_GetMR(1));
    sched_log(s, seL4_TCB_SetPriority(target, self, 40));
    sched_log(s, seL4_TCB_SetPriority(self, self, 51));
    sched_log(s, seL4_TCB_SetPriority(self, self, 50)); /* below the test: it waits */
}

KEEL_TEST(sched_mcp_is_enforced_for_a_thread_acting_on_its_own,
          "a thread with MCP 50 that names itself as the authority can give priorities up "
          "to 50 (its own included), not above")
{
    struct test_thread t;
    struct sched_shared s = { 0 };
    seL4_CPtr target = test_retype(env, seL4_TCBObject, 0);
    test_thread_new(env, &t, env->priority + 1, env->fault_ep);
    CHECK_OK(seL4_TCB_SetMCPriority(t.tcb, env->tcb, 50));
    s.ntfn = t.tcb;
    test_thread_start(&t, tries_priorities_with_itself_as_authority, (seL4_Word)&s, target);
    CHECK_EQ(s.log_length, 4);
    CHECK_EQ(s.log[0], seL4_RangeError);
    CHECK_EQ(s.log[1], 50);
    CHECK_EQ(s.log[2], seL4_NoError);
    CHECK_EQ(s.log[3], seL4_RangeError);
    CHECK_OK(seL4_TCB_SetPriority(env->tcb, env->tcb, 40));
    CHECK_OK(seL4_TCB_SetPriority(env->tcb, env->tcb, env->priority));
    CHECK_EQ(s.log_length, 5);
    CHECK_EQ(s.log[4], seL4_NoError);
}

KEEL_TEST(sched_suspended_thread_is_not_scheduled,
          "a thread suspended while runnable is not run at its priority until resumed")
{
    struct test_thread t;
    struct sched_shared s = { 0 };
    start_helper(env, &t, env->priority - 10, marks_that_it_ran, &s, 1);
    CHECK_OK(seL4_TCB_Suspend(t.tcb));
    CHECK_OK(seL4_TCB_SetPriority(t.tcb, env->tcb, env->priority + 10));
    CHECK_EQ(s.ran, 0);
    CHECK_OK(seL4_TCB_Resume(t.tcb));
    CHECK_EQ(s.ran, 1);
}
