/*
 * The scheduler as the capability-core tests see it (src/kernel/sched.c in
 * the kernel): calls counted in `hooks`, the domain schedule a plain table.
 * A test program that links the real sched.c gets none of this: the linker
 * leaves this file out of keel_capcore when nothing else needs it.
 */
#include <kernel/sched.h>
#include <kernel/thread.h>

#include "kernel_env.h"

void sched_enqueue(struct tcb *tcb)
{
    (void)tcb;
    hooks.sched_enqueue++;
}

void sched_dequeue(struct tcb *tcb)
{
    (void)tcb;
    hooks.sched_dequeue++;
}

void sched_reschedule_required(void)
{
    hooks.reschedule++;
}

void thread_set_state(struct tcb *tcb, word_t state)
{
    tcb->state = state;
}

/* The scheduler state and calls the TCB code uses (src/kernel/sched.c in
 * the kernel): the current thread (ks_cur_thread, defined with the real
 * src/kernel/thread.c) is whatever a test sets. */
word_t ks_cur_domain;

bool thread_is_runnable(const tcb_t *tcb)
{
    return tcb->state == THREAD_RUNNING || tcb->state == THREAD_RESTART;
}

void sched_possible_switch_to(tcb_t *tcb)
{
    hooks.possible_switch_to++;
    hooks.last_switch_to = tcb;
}

void sched_set_priority(tcb_t *tcb, word_t priority)
{
    hooks.set_priority++;
    tcb->priority = priority;
}

/* The domain schedule (src/kernel/sched.c in the kernel) as a plain table
 * the tests read back; at boot one entry, domain 0 for the longest time. */
host_domain_entry_t host_domain_schedule[CONFIG_NUM_DOMAIN_SCHEDULES] = {
    { 0, DOMAIN_MAX_DURATION },
};
word_t host_domain_start;

bool sched_domain_is_end_marker(word_t index)
{
    return host_domain_schedule[index].duration == 0;
}

word_t sched_domain_start(void)
{
    return host_domain_start;
}

void sched_domain_configure(word_t index, word_t domain, uint64_t duration)
{
    host_domain_schedule[index].domain = domain;
    host_domain_schedule[index].duration = duration;
}

void sched_domain_set_start(word_t index)
{
    host_domain_start = index;
    hooks.reschedule++;
}

/* What src/kernel/thread.c calls when booting and leaving the kernel: the
 * tests that use these stand-ins never switch threads. */
void sched_init(tcb_t *idle)
{
    (void)idle;
}

void schedule(void)
{
}
