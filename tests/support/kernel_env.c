/*
 * What the kernel code expects from its surroundings, host-test edition:
 * the arena standing for kernel-window RAM, the assertion handler, and the
 * hooks of <kernel/hooks.h>, which here count their calls and let a test
 * make "interrupts" pending to force preemption.
 */
#include <stdio.h>

#include <kernel/assert.h>
#include <kernel/hooks.h>
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

void irq_handler_deleting(word_t irq)
{
    hooks.irq_deleting++;
    hooks.last_irq = irq;
}

void irq_handler_deleted(word_t irq)
{
    hooks.irq_deleted++;
    hooks.last_irq = irq;
}

void vspace_unmap_frame(cap_t *frame_cap)
{
    hooks.unmap_frame++;
    hooks.last_vspace_cap = *frame_cap;
}

void vspace_unmap_page_table(cap_t *page_table_cap)
{
    hooks.unmap_page_table++;
    hooks.last_vspace_cap = *page_table_cap;
}

void vspace_delete_asid(cap_t *page_directory_cap)
{
    hooks.delete_asid++;
    hooks.last_vspace_cap = *page_directory_cap;
}

void vspace_delete_asid_pool(cap_t *asid_pool_cap)
{
    hooks.delete_asid_pool++;
    hooks.last_vspace_cap = *asid_pool_cap;
}

void vspace_init_object(word_t object_type, pptr_t base, bool is_device)
{
    (void)object_type;
    (void)base;
    (void)is_device;
    hooks.init_object++;
}
