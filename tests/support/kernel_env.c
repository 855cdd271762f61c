/*
 * What the kernel code expects from its surroundings, host-test edition:
 * the arena standing for kernel-window RAM, the assertion handler, and the
 * hooks of <kernel/hooks.h>, which here count their calls and let a test
 * make "interrupts" pending to force preemption. The VSpace hooks are in
 * vspace_hooks_fake.c (capability-core tests) or real (VSpace tests); the
 * scheduler's in sched_fake.c, or the real src/kernel/sched.c.
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

/* The architecture's part of switching threads: nothing to switch on the
 * host (no address spaces, no FPU state). */
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
    int kept =
        vsnprintf(host_console + host_console_used, HOST_CONSOLE_SIZE - host_console_used, fmt, ap);
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
