/*
 * keeltest: the runtime domain schedule of seL4 15.0 (DomainSet_
 * ScheduleConfigure, DomainSet_ScheduleSetStart) as user level sees it. The
 * checks of arguments run in every configuration; the tests that watch
 * domains take turns need at least two domains (tools/run_tests.py builds a
 * configuration with -DKernelNumDomains=4 for them). Every test puts the
 * boot schedule back: entry 0 is domain 0 for the longest duration, the
 * other entries are end markers.
 */
#include "keeltest.h"

/* seL4 16.0.0: a duration is at most 56 bits of ticks. */
#define MAX_DURATION ((1ull << 56) - 1)
/* Entries the tests below touch: 0 .. RESTORE_ENTRIES - 1. */
#define RESTORE_ENTRIES 4

static void restore_boot_schedule(void)
{
    CHECK_OK(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 0, 0, MAX_DURATION));
    CHECK_OK(seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 0));
    for (seL4_Word i = 1; i < RESTORE_ENTRIES && i < CONFIG_NUM_DOMAIN_SCHEDULES; i++) {
        CHECK_OK(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, i, 0, 0));
    }
}

KEEL_TEST(domain_schedule_configure_checks_its_arguments,
          "ScheduleConfigure: a short message is TruncatedMessage; an index past the table "
          "or a domain past the last is RangeError; a duration over 56 bits or an end "
          "marker at the start entry is InvalidArgument 2; an end marker must name "
          "domain 0 (InvalidArgument 1)")
{
    const seL4_Word mrs[] = { 1, 0, 5, 0 };
    CHECK_ERR(raw_invoke(seL4_CapDomain, DomainScheduleConfigure, 3, mrs, 0, NULL),
              seL4_TruncatedMessage);
    CHECK_ERR(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, CONFIG_NUM_DOMAIN_SCHEDULES, 0, 5),
              seL4_RangeError);
    CHECK_RANGE(0, CONFIG_NUM_DOMAIN_SCHEDULES - 1);
    if (CONFIG_NUM_DOMAINS < 256) { /* the stub passes the domain as 8 bits */
        CHECK_ERR(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 1, CONFIG_NUM_DOMAINS, 5),
                  seL4_RangeError);
        CHECK_RANGE(0, CONFIG_NUM_DOMAINS - 1);
    }
    CHECK_ERR(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 1, 0, MAX_DURATION + 1),
              seL4_InvalidArgument);
    CHECK_MR(0, 2);
    CHECK_ERR(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 0, 0, 0), seL4_InvalidArgument);
    CHECK_MR(0, 2);
    if (CONFIG_NUM_DOMAINS > 1) {
        CHECK_ERR(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 1, 1, 0), seL4_InvalidArgument);
        CHECK_MR(0, 1);
    }
    /* Only the domain cap has these invocations. */
    CHECK_ERR(seL4_DomainSet_ScheduleConfigure(env->tcb, 1, 0, 5), seL4_IllegalOperation);
    /* Nothing above changed the schedule: entry 1 is still an end marker. */
    CHECK_ERR(seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 1), seL4_InvalidArgument);
}

KEEL_TEST(domain_schedule_set_start_checks_its_arguments,
          "ScheduleSetStart: no index is TruncatedMessage, an index past the table "
          "RangeError, an end marker InvalidArgument 0; a configured entry can become the "
          "start, after which the old start may become an end marker")
{
    CHECK_ERR(raw_invoke(seL4_CapDomain, DomainScheduleSetStart, 0, NULL, 0, NULL),
              seL4_TruncatedMessage);
    CHECK_ERR(seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, CONFIG_NUM_DOMAIN_SCHEDULES),
              seL4_RangeError);
    CHECK_RANGE(0, CONFIG_NUM_DOMAIN_SCHEDULES - 1);
    CHECK_ERR(seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 1), seL4_InvalidArgument);
    CHECK_MR(0, 0);

    /* A schedule of domain 0 only, two short entries: the test keeps running
     * across several ticks of entry changes. */
    CHECK_OK(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 1, 0, 1));
    CHECK_OK(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 2, 0, 2));
    CHECK_OK(seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 1));
    CHECK_OK(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 0, 0, 0));
    for (volatile seL4_Word spin = 0; spin < 2000000; spin++) {
    }
    restore_boot_schedule();
}

#if CONFIG_NUM_DOMAINS > 1

/* What the domain-1 worker and the test (in domain 0) share. */
struct domain_shared {
    volatile seL4_Word stop;
    volatile seL4_Word worker_count; /* iterations of the worker */
    volatile seL4_Word test_count;   /* iterations of the test's loop */
    volatile seL4_Word alternations; /* times the worker saw the test had run */
    volatile seL4_Word set_start_pending;
    volatile seL4_Word ran_during_set_start;
};

/* Busy until stopped (or, if limit is not 0, until it has counted to
 * limit), noting each time the test ran in between. */
static void domain_worker(seL4_Word s_word, seL4_Word limit)
{
    struct domain_shared *s = (struct domain_shared *)s_word;
    seL4_Word seen = s->test_count;
    while (!s->stop && (limit == 0 || s->worker_count < limit)) {
        s->worker_count++;
        if (s->set_start_pending) {
            s->ran_during_set_start = 1;
        }
        if (s->test_count != seen) {
            seen = s->test_count;
            s->alternations++;
        }
    }
}

/* A thread in domain 1 at `priority`, running domain_worker. */
static void start_worker(struct test_env *env, struct test_thread *t, seL4_Word priority,
                         struct domain_shared *s)
{
    test_thread_new(env, t, priority, env->fault_ep);
    CHECK_OK(seL4_DomainSet_Set(seL4_CapDomain, 1, t->tcb));
    test_thread_start(t, domain_worker, (seL4_Word)s, 0);
}

KEEL_TEST(domain_schedule_alternates_between_domains,
          "with entries (domain 0, 3 ticks) and (domain 1, 3 ticks), a busy thread in "
          "domain 1 above the test's priority does not starve the test: the two take turns")
{
    struct test_thread t;
    struct domain_shared s = { 0 };
    CHECK_OK(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 1, 1, 3));
    CHECK_OK(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 2, 0, 0));
    CHECK_OK(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 0, 0, 3));
    CHECK_OK(seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 0));
    start_worker(env, &t, env->priority + 1, &s);
    /* Without domains this thread would never run again. Each turn of the
     * worker that follows one of ours counts once; a bound far beyond a few
     * turns makes a broken schedule a failure, not a hang. */
    for (seL4_Word spins = 0; s.alternations < 4; spins++) {
        s.test_count++;
        if (spins > 0x20000000u) {
            break;
        }
    }
    s.stop = 1;
    CHECK_OK(seL4_TCB_Suspend(t.tcb));
    restore_boot_schedule();
    CHECK(s.alternations >= 4);
    CHECK(s.worker_count > 0);
}

KEEL_TEST(domain_schedule_set_start_switches_before_returning,
          "ScheduleSetStart to an entry of domain 1, called from domain 0, lets domain 1's "
          "thread run before the call returns to the caller")
{
    struct test_thread t;
    struct domain_shared s = { 0 };
    CHECK_OK(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 1, 1, 3));
    CHECK_OK(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 2, 0, 3));
    start_worker(env, &t, env->priority - 1, &s);
    CHECK_EQ(s.worker_count, 0); /* domain 1 has had no turn yet */
    s.set_start_pending = 1;
    CHECK_OK(seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 1));
    s.set_start_pending = 0;
    s.stop = 1;
    CHECK_OK(seL4_TCB_Suspend(t.tcb));
    restore_boot_schedule();
    CHECK_EQ(s.ran_during_set_start, 1);
}

KEEL_TEST(domain_set_thread_runs_only_in_its_domain,
          "a busy thread above the test's priority, started in domain 1 (which the boot "
          "schedule never runs), does not run; moved back to domain 0 it runs when the "
          "test yields")
{
    struct test_thread t;
    struct domain_shared s = { 0 };
    test_thread_new(env, &t, env->priority + 1, env->fault_ep);
    CHECK_OK(seL4_DomainSet_Set(seL4_CapDomain, 1, t.tcb));
    test_thread_start(&t, domain_worker, (seL4_Word)&s, 1000);
    for (volatile seL4_Word spin = 0; spin < 1000000; spin++) {
    }
    CHECK_EQ(s.worker_count, 0);
    /* Back in domain 0 it is queued (seL4 setDomain does not switch to it);
     * when the test yields, the higher priority runs it to its limit. */
    CHECK_OK(seL4_DomainSet_Set(seL4_CapDomain, 0, t.tcb));
    seL4_Yield();
    CHECK_EQ(s.worker_count, 1000);
}

#endif /* CONFIG_NUM_DOMAINS > 1 */
