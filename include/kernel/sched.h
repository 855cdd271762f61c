/*
 * The scheduler (seL4, non-MCS): 256 priorities in each domain, a ready
 * queue per (domain, priority) found in O(1) through a two-level bitmap,
 * round-robin within a priority by time slices, a domain schedule that user
 * level configures through the domain cap,
 * and an idle thread when nothing is ready. The kernel decides what runs
 * next only when it leaves: schedule() then acts on the pending decision.
 */
#pragma once

#include <object/tcb.h>

#define NUM_PRIORITIES ((word_t)CONFIG_NUM_PRIORITIES) /* seL4_MaxPrio + 1 */
#define MAX_PRIORITY (NUM_PRIORITIES - 1u)
#define NUM_DOMAINS ((word_t)CONFIG_NUM_DOMAINS)
#define TIME_SLICE_TICKS ((word_t)CONFIG_TIME_SLICE)
#define TIMER_TICK_MS ((word_t)CONFIG_TIMER_TICK_MS)
/* The longest domain schedule entry, in ticks: 56 bits, as seL4 16.0.0
 * (which keeps an entry's domain and duration in one 64-bit word). */
#define DOMAIN_MAX_DURATION ((UINT64_C(1) << 56) - 1u)

extern tcb_t *ks_cur_thread;
extern tcb_t *ks_idle_thread;
extern word_t ks_cur_domain;
extern tcb_t *ks_sched_action;

/* ks_sched_action's two fixed values; any other is a TCB to switch to. */
#define SCHED_RESUME_CURRENT ((tcb_t *)0)
#define SCHED_CHOOSE_NEW ((tcb_t *)1)

/* The core a thread runs on: its affinity, a constant 0 on one core. */
static inline word_t tcb_core(const tcb_t *tcb)
{
    return CONFIG_MAX_NUM_NODES > 1 ? tcb->affinity : 0;
}

void sched_init(tcb_t *idle);

/* Ready queues: enqueue at the head, append at the tail, dequeue. Only
 * runnable threads are queued; the calls are no-ops when already in (or
 * out of) the queue. */
void sched_enqueue(tcb_t *tcb);
void sched_append(tcb_t *tcb);
void sched_dequeue(tcb_t *tcb);

/* Whether the thread may run: Running or Restart. */
bool thread_is_runnable(const tcb_t *tcb);

/* Sets the state; if the current thread stops being runnable, the
 * scheduler will choose another when the kernel exits (seL4 setThreadState). */
void thread_set_state(tcb_t *tcb, word_t state);

/* Ask for a new choice on kernel exit (seL4 rescheduleRequired). */
void sched_reschedule_required(void);

/* `tcb` has become runnable: run it on exit if it should preempt the
 * current thread, else queue it (seL4 possibleSwitchTo). */
void sched_possible_switch_to(tcb_t *tcb);

/* Changes a thread's priority, keeping queues and the decision right. */
void sched_set_priority(tcb_t *tcb, word_t priority);

/* Moves a thread to core `core` (online; seL4_TCB_SetAffinity): another
 * core running it leaves it first; it runs on the new core when runnable. */
void sched_set_affinity(tcb_t *tcb, word_t core);

/* Architecture: a thread leaves this core for another, e.g. its FPU
 * registers, if live here, go back into its TCB. */
void arch_thread_leave_core(tcb_t *tcb);

/* The current thread gives up the rest of its time slice. */
void sched_yield(void);

/* The domain schedule. Entry `index` (< CONFIG_NUM_DOMAIN_SCHEDULES) is an
 * end marker if its duration is 0. Configure changes one entry (the caller
 * has checked the arguments); SetStart makes `index` the start entry and
 * switches to it now. */
bool sched_domain_is_end_marker(word_t index);
word_t sched_domain_start(void);
void sched_domain_configure(word_t index, word_t domain, uint64_t duration);
void sched_domain_set_start(word_t index);

/* A timer tick: charge the current thread and domain. */
void sched_timer_tick(void);

/* On kernel exit: act on the pending decision; ks_cur_thread is then the
 * thread to resume. */
void schedule(void);

/* The highest ready priority in the current domain, or -1 if none. */
sword_t sched_highest_priority(void);
