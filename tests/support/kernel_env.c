/*
 * What the kernel code expects from its surroundings, host-test edition:
 * the arena standing for kernel-window RAM, the assertion handler, and the
 * hooks of <kernel/hooks.h>, which here count their calls and let a test
 * make "interrupts" pending to force preemption. The VSpace hooks are in
 * vspace_hooks_fake.c (capability-core tests) or real (VSpace tests).
 */
#include <stdarg.h>
#include <stdio.h>

#include <kernel/assert.h>
#include <kernel/hooks.h>
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <kernel/thread.h>
#include <object/tcb.h>
#include <machine/pptr_impl.h>

#include "kernel_env.h"
#include "test.h"

_Alignas(4096) unsigned char host_arena[BIT(HOST_ARENA_BITS)];

hook_log_t hooks;
static unsigned preempt_period;

void host_arena_bad_address(uintptr_t address)
{
    test_fail(__FILE__, __LINE__, "address 0x%llx outside the arena", (unsigned long long)address);
}

void kernel_assert_failed(const char *expr, const char *file, int line)
{
    test_fail(file, line, "kernel assertion failed: %s", expr);
}

void test_preempt_every(unsigned polls)
{
    preempt_period = polls;
}

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
host_domain_entry_t host_domain_schedule[CONFIG_NUM_DOMAIN_SCHEDULES] = {{0, DOMAIN_MAX_DURATION}};
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

/* What src/kernel/thread.c calls besides the message registers, which the
 * IPC code uses: switching threads and leaving the kernel never happen in
 * host tests. */
void sched_init(tcb_t *idle)
{
    (void)idle;
}

void schedule(void)
{
}

void arch_switch_to_thread(tcb_t *thread)
{
    (void)thread;
}

void arch_idle_context_init(user_context_t *context)
{
    (void)context;
}

/* The kernel console: counted, kept in host_console for tests to read
 * (the oldest text is dropped when full), and printed to stderr so a
 * failing test's log shows what the kernel said. */
char host_console[HOST_CONSOLE_SIZE];
static size_t host_console_used;

void host_console_clear(void)
{
    host_console_used = 0;
    host_console[0] = '\0';
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (n >= 0 && host_console_used + (size_t)n >= HOST_CONSOLE_SIZE) {
        host_console_clear();
    }
    va_start(ap, fmt);
    int kept = vsnprintf(host_console + host_console_used, HOST_CONSOLE_SIZE - host_console_used,
                         fmt, ap);
    va_end(ap);
    if (kept > 0) {
        host_console_used += (size_t)kept < HOST_CONSOLE_SIZE - host_console_used
                                 ? (size_t)kept
                                 : HOST_CONSOLE_SIZE - host_console_used - 1;
    }
    hooks.kprintf++;
    return n;
}

void arch_prepare_thread_delete(struct tcb *tcb)
{
    (void)tcb;
    hooks.prepare_thread_delete++;
}

bool irq_is_pending(void)
{
    hooks.irq_polls++;
    return preempt_period != 0 && hooks.irq_polls % preempt_period == 0;
}

