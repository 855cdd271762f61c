/*
 * Host tests of the scheduler (src/kernel/sched.c): priority selection
 * through the bitmap, round-robin by time slice, yield, and seL4's rules
 * for when a thread that becomes runnable preempts the current one; the
 * domain schedule (entries in turn, end markers, the start entry).
 */
#include <stdlib.h>
#include <string.h>
#include <test.h>

#include <kernel/sched.h>
#include <kernel/thread.h>

/* TCB objects live in the arena that stands for the kernel window. */
_Alignas(4096) unsigned char host_arena[BIT(HOST_ARENA_BITS)];

void host_arena_bad_address(uintptr_t address)
{
    test_fail(__FILE__, __LINE__, "address %#lx outside the arena", (unsigned long)address);
}

/* The scheduler's one call out, thread_switch_to, sets ks_cur_thread and
 * asks the architecture to switch: nothing to do here. */
tcb_t *ks_cur_thread;
void arch_switch_to_thread(tcb_t *thread)
{
    (void)thread;
}

int kprintf(const char *fmt, ...)
{
    (void)fmt;
    return 0;
}

static tcb_t *make_tcb(word_t index, word_t priority, word_t state)
{
    pptr_t ref = HOST_ARENA_PPTR + index * BIT(TCB_BITS);
    memset(pptr_to_ptr(ref), 0, BIT(TCB_BITS));
    tcb_t *t = tcb_ptr(ref);
    t->priority = priority;
    t->state = state;
    t->time_slice = TIME_SLICE_TICKS;
    return t;
}

static tcb_t *idle;

/* A fresh scheduler with the idle thread current and the boot-time domain
 * schedule (one entry: domain 0 for the longest duration). */
static void reset(void)
{
    memset(host_arena, 0, 64 * BIT(TCB_BITS));
    for (word_t i = 1; i < CONFIG_NUM_DOMAIN_SCHEDULES; i++) {
        sched_domain_configure(i, 0, 0);
    }
    sched_domain_configure(0, 0, DOMAIN_MAX_DURATION);
    idle = make_tcb(0, 0, THREAD_IDLE);
    sched_init(idle);
    ks_cur_thread = idle;
}

static tcb_t *runnable(word_t index, word_t priority)
{
    tcb_t *t = make_tcb(index, priority, THREAD_RUNNING);
    sched_enqueue(t);
    return t;
}

TEST(sched_picks_the_highest_priority_ready_thread)
{
    reset();
    runnable(1, 10);
    tcb_t *high = runnable(2, 200);
    runnable(3, 37);
    sched_reschedule_required();
    schedule();
    CHECK(ks_cur_thread == high);
    CHECK(!high->in_ready_queue);
    CHECK_EQ(sched_highest_priority(), 37);
}

TEST(sched_runs_idle_when_nothing_is_ready)
{
    reset();
    sched_reschedule_required();
    schedule();
    CHECK(ks_cur_thread == idle);
    CHECK_EQ(sched_highest_priority(), -1);
}

TEST(sched_time_slice_expiry_rotates_equal_priorities)
{
    reset();
    tcb_t *a = runnable(1, 50), *b = runnable(2, 50);
    sched_dequeue(a);
    sched_append(a); /* queue: b, a */
    sched_reschedule_required();
    schedule();
    CHECK(ks_cur_thread == b);
    for (word_t i = 0; i < TIME_SLICE_TICKS - 1; i++) {
        sched_timer_tick();
        schedule();
        CHECK(ks_cur_thread == b);
    }
    sched_timer_tick(); /* b's slice is used up */
    schedule();
    CHECK(ks_cur_thread == a);
    CHECK_EQ(b->time_slice, TIME_SLICE_TICKS);
}

TEST(sched_yield_lets_an_equal_priority_thread_run)
{
    reset();
    tcb_t *a = runnable(1, 9), *b = runnable(2, 9);
    sched_dequeue(a);
    ks_cur_thread = a;
    sched_yield();
    schedule();
    CHECK(ks_cur_thread == b);
    CHECK(a->in_ready_queue);
}

TEST(sched_yield_alone_keeps_running)
{
    reset();
    tcb_t *a = make_tcb(1, 9, THREAD_RUNNING);
    ks_cur_thread = a;
    sched_yield();
    schedule();
    CHECK(ks_cur_thread == a);
}

TEST(sched_higher_priority_wakeup_preempts)
{
    reset();
    tcb_t *cur = make_tcb(1, 10, THREAD_RUNNING), *woken = make_tcb(2, 20, THREAD_RUNNING);
    ks_cur_thread = cur;
    sched_possible_switch_to(woken);
    schedule();
    CHECK(ks_cur_thread == woken);
    CHECK(cur->in_ready_queue); /* preempted: back at the head of its queue */
}

TEST(sched_lower_or_equal_priority_wakeup_does_not_preempt)
{
    reset();
    tcb_t *cur = make_tcb(1, 10, THREAD_RUNNING);
    tcb_t *low = make_tcb(2, 5, THREAD_RUNNING), *equal = make_tcb(3, 10, THREAD_RUNNING);
    ks_cur_thread = cur;
    sched_possible_switch_to(low);
    schedule();
    CHECK(ks_cur_thread == cur);
    CHECK(low->in_ready_queue);
    sched_possible_switch_to(equal);
    schedule();
    CHECK(ks_cur_thread == cur);
    CHECK(equal->in_ready_queue);
}

TEST(sched_current_thread_blocking_chooses_another)
{
    reset();
    tcb_t *cur = make_tcb(1, 10, THREAD_RUNNING), *other = runnable(2, 3);
    ks_cur_thread = cur;
    thread_set_state(cur, THREAD_BLOCKED_ON_RECEIVE);
    schedule();
    CHECK(ks_cur_thread == other);
    CHECK(!cur->in_ready_queue);
}

TEST(sched_preempted_thread_resumes_before_its_peers)
{
    reset();
    tcb_t *peer = runnable(1, 10);
    tcb_t *cur = make_tcb(2, 10, THREAD_RUNNING), *high = make_tcb(3, 90, THREAD_RUNNING);
    ks_cur_thread = cur;
    sched_possible_switch_to(high);
    schedule();
    CHECK(ks_cur_thread == high);
    thread_set_state(high, THREAD_INACTIVE);
    schedule();
    CHECK(ks_cur_thread == cur); /* head of its queue, ahead of peer */
    CHECK(peer->in_ready_queue);
}

TEST(sched_set_priority_requeues_and_reschedules)
{
    reset();
    tcb_t *cur = make_tcb(1, 100, THREAD_RUNNING), *other = runnable(2, 50);
    ks_cur_thread = cur;
    sched_set_priority(other, 150);
    CHECK_EQ(other->priority, 150);
    schedule();
    CHECK(ks_cur_thread == other);
    sched_set_priority(other, 1); /* the current thread lowers itself */
    schedule();
    CHECK(ks_cur_thread == cur);
}

TEST(sched_bitmap_covers_every_priority)
{
    reset();
    for (word_t p = 0; p < NUM_PRIORITIES; p++) {
        tcb_t *t = runnable(1, p);
        CHECK_EQ(sched_highest_priority(), (sword_t)p);
        sched_dequeue(t);
        CHECK_EQ(sched_highest_priority(), -1);
    }
}

TEST(sched_dequeue_from_the_middle_keeps_the_queue_linked)
{
    reset();
    tcb_t *a = runnable(1, 7), *b = runnable(2, 7), *c = runnable(3, 7); /* c, b, a */
    sched_dequeue(b);
    sched_reschedule_required();
    schedule();
    CHECK(ks_cur_thread == c);
    thread_set_state(c, THREAD_INACTIVE);
    schedule();
    CHECK(ks_cur_thread == a);
    CHECK_EQ(sched_highest_priority(), -1);
}

/* ---- Decisions within one kernel entry ---- */

TEST(sched_second_wakeup_in_one_entry_queues_the_first_candidate)
{
    reset();
    tcb_t *cur = make_tcb(1, 10, THREAD_RUNNING);
    tcb_t *first = make_tcb(2, 20, THREAD_RUNNING), *second = make_tcb(3, 30, THREAD_RUNNING);
    ks_cur_thread = cur;
    sched_possible_switch_to(first); /* would preempt: becomes the candidate */
    CHECK(!first->in_ready_queue);
    sched_possible_switch_to(second); /* a second one: both queued, choose anew */
    CHECK(first->in_ready_queue);
    schedule();
    CHECK(ks_cur_thread == second);
    CHECK(first->in_ready_queue);
    CHECK(cur->in_ready_queue);
    CHECK_EQ(sched_highest_priority(), 20);
}

TEST(sched_candidate_below_a_queued_thread_waits_its_turn)
{
    reset();
    tcb_t *queued = runnable(1, 50);
    tcb_t *candidate = make_tcb(2, 10, THREAD_RUNNING);
    ks_cur_thread = idle; /* anything preempts idle, but not past a better thread */
    sched_possible_switch_to(candidate);
    schedule();
    CHECK(ks_cur_thread == queued);
    CHECK(candidate->in_ready_queue);
    CHECK_EQ(sched_highest_priority(), 10);
}

TEST(sched_set_priority_of_a_blocked_thread_only_changes_it)
{
    reset();
    tcb_t *cur = make_tcb(1, 10, THREAD_RUNNING);
    tcb_t *blocked = make_tcb(2, 5, THREAD_BLOCKED_ON_RECEIVE);
    ks_cur_thread = cur;
    sched_set_priority(blocked, 200);
    CHECK_EQ(blocked->priority, 200);
    CHECK(!blocked->in_ready_queue);
    schedule();
    CHECK(ks_cur_thread == cur);
}

/* ---- The domain schedule (seL4 15.0's runtime domain schedule) ---- */

static void ticks(word_t n)
{
    for (word_t i = 0; i < n; i++) {
        sched_timer_tick();
    }
}

TEST(sched_domain_entries_run_in_turn_until_the_end_marker)
{
    reset();
    sched_domain_configure(0, 1, 2);
    sched_domain_configure(1, 3, 4);
    sched_domain_configure(2, 2, 0); /* end marker */
    CHECK(sched_domain_is_end_marker(2));
    CHECK(!sched_domain_is_end_marker(1));
    sched_domain_set_start(0);
    CHECK_EQ(ks_cur_domain, 1);
    ticks(1);
    CHECK_EQ(ks_cur_domain, 1);
    ticks(1); /* entry 0's two ticks are over */
    CHECK_EQ(ks_cur_domain, 3);
    ticks(3);
    CHECK_EQ(ks_cur_domain, 3);
    ticks(1); /* entry 1 over; entry 2 ends the schedule: back to the start */
    CHECK_EQ(ks_cur_domain, 1);
}

TEST(sched_domain_schedule_wraps_to_the_start_entry_not_entry_zero)
{
    reset();
    sched_domain_configure(0, 0, 1);
    sched_domain_configure(1, 2, 1);
    sched_domain_configure(2, 3, 1);
    sched_domain_set_start(1);
    CHECK_EQ(sched_domain_start(), 1);
    CHECK_EQ(ks_cur_domain, 2);
    ticks(1);
    CHECK_EQ(ks_cur_domain, 3);
    ticks(1); /* entry 3 has duration 0 (never configured): wrap to entry 1 */
    CHECK_EQ(ks_cur_domain, 2);
}

TEST(sched_domain_schedule_without_end_marker_wraps_at_the_table_end)
{
    reset();
    for (word_t i = 0; i < CONFIG_NUM_DOMAIN_SCHEDULES; i++) {
        sched_domain_configure(i, i % NUM_DOMAINS, 1);
    }
    sched_domain_set_start(0);
    ticks(CONFIG_NUM_DOMAIN_SCHEDULES - 1);
    CHECK_EQ(ks_cur_domain, (CONFIG_NUM_DOMAIN_SCHEDULES - 1) % NUM_DOMAINS);
    ticks(1);
    CHECK_EQ(ks_cur_domain, 0);
    ticks(1);
    CHECK_EQ(ks_cur_domain, 1);
}

TEST(sched_thread_of_another_domain_runs_only_in_its_domain)
{
    reset();
    sched_domain_configure(0, 0, 3);
    sched_domain_configure(1, 1, 3);
    sched_domain_set_start(0);
    schedule();
    tcb_t *other = make_tcb(1, 200, THREAD_RUNNING);
    other->domain = 1;
    sched_possible_switch_to(other); /* higher priority, but not its domain's turn */
    CHECK(other->in_ready_queue);
    schedule();
    CHECK(ks_cur_thread == idle);
    CHECK_EQ(sched_highest_priority(), -1); /* nothing ready in domain 0 */
    ticks(3);
    CHECK_EQ(ks_cur_domain, 1);
    schedule();
    CHECK(ks_cur_thread == other);
    ticks(3); /* back to domain 0: the domain's thread is queued, idle runs */
    schedule();
    CHECK(ks_cur_thread == idle);
    CHECK(other->in_ready_queue);
}

TEST(sched_domain_set_start_switches_domain_at_once)
{
    reset();
    tcb_t *cur = make_tcb(1, 10, THREAD_RUNNING);
    ks_cur_thread = cur;
    sched_domain_configure(5, 2, 100);
    sched_domain_set_start(5);
    CHECK_EQ(ks_cur_domain, 2);
    schedule(); /* the current thread is of domain 0: it waits */
    CHECK(ks_cur_thread == idle);
    CHECK(cur->in_ready_queue);
}

TEST(sched_idle_thread_is_not_charged_time_slices)
{
    reset();
    idle->time_slice = 1;
    ticks(3);
    schedule();
    CHECK(ks_cur_thread == idle);
    CHECK_EQ(idle->time_slice, 1);
    CHECK(!idle->in_ready_queue);
}
