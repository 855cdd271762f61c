/*
 * The scheduler (see include/kernel/sched.h). Decisions follow seL4's
 * non-MCS kernel: a thread that becomes runnable preempts the current one
 * only if it has a higher priority (or the current one stops); a preempted
 * thread goes back to the head of its queue, one whose time slice ran out
 * or that yielded to the tail.
 */
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/thread.h>

#define L2_BITS 5u /* 32 priorities per second-level bitmap word */
#define L1_WORDS (NUM_PRIORITIES >> L2_BITS)

tcb_t *ks_idle_thread;
word_t ks_cur_domain;
/* What the kernel does on exit: SCHED_RESUME_CURRENT, SCHED_CHOOSE_NEW, or
 * switch to a specific candidate (a TCB). With several cores this and
 * ks_idle_thread are the lock holder's (src/arch/arm/smp.c). */
tcb_t *ks_sched_action = SCHED_RESUME_CURRENT;

/* Ready queues and their bitmaps, one set per core (index 0 only, and
 * folded to a constant, on one core); a thread is queued on its own core's. */
static tcb_queue_t ready_queues[NUM_NODES][NUM_DOMAINS][NUM_PRIORITIES];
static word_t ready_l1[NUM_NODES][NUM_DOMAINS];
static word_t ready_l2[NUM_NODES][NUM_DOMAINS][L1_WORDS];

/* The domain schedule (seL4 15.0's runtime schedule): entries of (domain,
 * duration in ticks) run in turn from the start entry until an end marker
 * (duration 0) or the end of the table, then from the start again. At boot
 * it is one entry: domain 0 for as long as a duration can be. */
static struct {
    word_t domain;
    uint64_t duration;
} domain_schedule[CONFIG_NUM_DOMAIN_SCHEDULES] = { { 0, DOMAIN_MAX_DURATION } };
static word_t domain_start;
static word_t domain_index;
static uint64_t domain_time; /* ticks left in the current entry */

static void domain_enter(word_t index)
{
    domain_index = index;
    ks_cur_domain = domain_schedule[index].domain;
    domain_time = domain_schedule[index].duration;
}

void sched_init(tcb_t *idle)
{
    ks_idle_thread = idle;
    if (smp_this_core() == 0) {
        domain_start = 0;
        domain_enter(0);
    }
    ks_sched_action = SCHED_RESUME_CURRENT;
}

bool thread_is_runnable(const tcb_t *tcb)
{
    return tcb->state == THREAD_RUNNING || tcb->state == THREAD_RESTART;
}

static void bitmap_set(word_t core, word_t dom, word_t prio)
{
    if (core >= NUM_NODES || prio >= NUM_PRIORITIES) {
        __builtin_unreachable(); /* (says so to the analysers; no code) */
    }
    ready_l1[core][dom] |= BIT(prio >> L2_BITS);
    ready_l2[core][dom][prio >> L2_BITS] |= BIT(prio & MASK(L2_BITS));
}

static void bitmap_clear(word_t core, word_t dom, word_t prio)
{
    word_t *l2 = &ready_l2[core][dom][prio >> L2_BITS];
    *l2 &= ~BIT(prio & MASK(L2_BITS));
    if (*l2 == 0) {
        ready_l1[core][dom] &= ~BIT(prio >> L2_BITS);
    }
}

sword_t sched_highest_priority(void)
{
    word_t core = smp_this_core();
    word_t l1 = ready_l1[core][ks_cur_domain];
    if (l1 == 0) {
        return -1;
    }
    word_t group = 31u - (word_t)__builtin_clz(l1);
    word_t l2 = ready_l2[core][ks_cur_domain][group];
    return (sword_t)((group << L2_BITS) + 31u - (word_t)__builtin_clz(l2));
}

static void queue_insert(tcb_t *tcb, bool at_head)
{
    if (tcb->in_ready_queue) {
        return;
    }
    word_t core = tcb_core(tcb);
    tcb_queue_t *q = &ready_queues[core][tcb->domain][tcb->priority];
    pptr_t ref = tcb_ref(tcb);
    if (q->head == 0) {
        tcb->sched_prev = tcb->sched_next = 0;
        q->head = q->tail = ref;
        bitmap_set(core, tcb->domain, tcb->priority);
    } else if (at_head) {
        tcb->sched_prev = 0;
        tcb->sched_next = q->head;
        tcb_ptr(q->head)->sched_prev = ref;
        q->head = ref;
    } else {
        tcb->sched_next = 0;
        tcb->sched_prev = q->tail;
        tcb_ptr(q->tail)->sched_next = ref;
        q->tail = ref;
    }
    tcb->in_ready_queue = true;
}

static void sched_kick_remote(const tcb_t *tcb);

/* Queueing a thread of another core tells that core (an IPI) if the thread
 * should preempt what it runs; on one core the test folds away. */
void sched_enqueue(tcb_t *tcb)
{
    queue_insert(tcb, true);
    if (tcb_core(tcb) != smp_this_core()) {
        sched_kick_remote(tcb);
    }
}

void sched_append(tcb_t *tcb)
{
    queue_insert(tcb, false);
    if (tcb_core(tcb) != smp_this_core()) {
        sched_kick_remote(tcb);
    }
}

void sched_dequeue(tcb_t *tcb)
{
    if (!tcb->in_ready_queue) {
        return;
    }
    word_t core = tcb_core(tcb);
    tcb_queue_t *q = &ready_queues[core][tcb->domain][tcb->priority];
    if (tcb->sched_prev) {
        tcb_ptr(tcb->sched_prev)->sched_next = tcb->sched_next;
    } else {
        q->head = tcb->sched_next;
    }
    if (tcb->sched_next) {
        tcb_ptr(tcb->sched_next)->sched_prev = tcb->sched_prev;
    } else {
        q->tail = tcb->sched_prev;
    }
    if (q->head == 0) {
        bitmap_clear(core, tcb->domain, tcb->priority);
    }
    tcb->sched_prev = tcb->sched_next = 0;
    tcb->in_ready_queue = false;
}

void sched_reschedule_required(void)
{
    if (ks_sched_action != SCHED_RESUME_CURRENT && ks_sched_action != SCHED_CHOOSE_NEW) {
        sched_enqueue(ks_sched_action);
    }
    ks_sched_action = SCHED_CHOOSE_NEW;
}

void thread_set_state(tcb_t *tcb, word_t state)
{
    tcb->state = state;
    if (thread_is_runnable(tcb)) {
        return;
    }
    if (tcb == ks_cur_thread) {
        if (ks_sched_action == SCHED_RESUME_CURRENT) {
            sched_reschedule_required();
        }
    } else {
        smp_remote_stall(tcb); /* it may be running on another core */
    }
}

/* A thread was queued on another core: have that core choose again if the
 * thread should preempt what it runs. */
static void sched_kick_remote(const tcb_t *tcb)
{
    word_t core = tcb_core(tcb);
    const tcb_t *running = smp_core_current(core);
    if (tcb->domain == ks_cur_domain &&
        (running == NULL || running->state == THREAD_IDLE || tcb->priority > running->priority)) {
        smp_remote_reschedule(core);
    }
}

void sched_possible_switch_to(tcb_t *tcb)
{
    if (tcb_core(tcb) != smp_this_core()) {
        sched_enqueue(tcb); /* and the core is told */
    } else if (tcb->domain != ks_cur_domain) {
        sched_enqueue(tcb);
    } else if (ks_sched_action != SCHED_RESUME_CURRENT) {
        sched_reschedule_required();
        sched_enqueue(tcb);
    } else {
        ks_sched_action = tcb;
    }
}

void sched_set_priority(tcb_t *tcb, word_t priority)
{
    sched_dequeue(tcb);
    tcb->priority = priority;
    if (!thread_is_runnable(tcb)) {
        return;
    }
    if (tcb == ks_cur_thread) {
        sched_reschedule_required();
    } else if (smp_core_current(tcb_core(tcb)) == tcb) {
        smp_remote_reschedule(tcb_core(tcb)); /* running there: it chooses again */
    } else {
        sched_possible_switch_to(tcb);
    }
}

void sched_set_affinity(tcb_t *tcb, word_t core)
{
    smp_remote_stall(tcb); /* now no other core runs it or holds its FPU state */
    if (CONFIG_MAX_NUM_NODES > 1) {
        arch_thread_leave_core(tcb);
    }
    sched_dequeue(tcb);
    tcb->affinity = core;
    if (tcb == ks_cur_thread) {
        sched_reschedule_required(); /* schedule() sends it on */
    } else if (thread_is_runnable(tcb)) {
        sched_possible_switch_to(tcb);
    }
}

void sched_yield(void)
{
    sched_dequeue(ks_cur_thread);
    sched_append(ks_cur_thread);
    sched_reschedule_required();
}

bool sched_domain_is_end_marker(word_t index)
{
    return domain_schedule[index].duration == 0;
}

word_t sched_domain_start(void)
{
    return domain_start;
}

void sched_domain_configure(word_t index, word_t domain, uint64_t duration)
{
    domain_schedule[index].domain = domain;
    domain_schedule[index].duration = duration;
}

void sched_domain_set_start(word_t index)
{
    domain_start = index;
    domain_enter(index);
    sched_reschedule_required();
}

static void sched_next_domain(void)
{
    word_t next = domain_index + 1;
    if (next == CONFIG_NUM_DOMAIN_SCHEDULES || sched_domain_is_end_marker(next)) {
        next = domain_start;
    }
    domain_enter(next);
}

void sched_timer_tick(void)
{
    tcb_t *cur = ks_cur_thread;
    if (thread_is_runnable(cur) && cur != ks_idle_thread) {
        if (cur->time_slice > 1) {
            cur->time_slice--;
        } else {
            cur->time_slice = TIME_SLICE_TICKS;
            sched_append(cur);
            sched_reschedule_required();
        }
    }
    /* One domain clock for the machine: core 0 keeps it. */
    if (NUM_DOMAINS > 1 && smp_this_core() == 0 && --domain_time == 0) {
        sched_next_domain();
        sched_reschedule_required();
    }
}

static void sched_choose_thread(void)
{
    sword_t prio = sched_highest_priority();
    if (prio < 0) {
        thread_switch_to(ks_idle_thread);
        return;
    }
    tcb_t *next = tcb_ptr(ready_queues[smp_this_core()][ks_cur_domain][prio].head);
    sched_dequeue(next);
    thread_switch_to(next);
}

void schedule(void)
{
    if (ks_sched_action != SCHED_RESUME_CURRENT) {
        tcb_t *cur = ks_cur_thread;
        bool was_runnable = cur != ks_idle_thread && thread_is_runnable(cur);
        if (was_runnable) {
            sched_enqueue(cur); /* on its own core's queue, if SetAffinity moved it */
            was_runnable = tcb_core(cur) == smp_this_core();
        }
        if (ks_sched_action == SCHED_CHOOSE_NEW) {
            sched_choose_thread();
        } else {
            tcb_t *candidate = ks_sched_action;
            bool fastfail = cur == ks_idle_thread || candidate->priority < cur->priority;
            if (fastfail && (sword_t)candidate->priority < sched_highest_priority()) {
                sched_enqueue(candidate);
                sched_choose_thread();
            } else if (was_runnable && candidate->priority == cur->priority) {
                sched_append(candidate);
                sched_choose_thread();
            } else {
                thread_switch_to(candidate);
            }
        }
    }
    ks_sched_action = SCHED_RESUME_CURRENT;
}
