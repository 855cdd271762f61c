/*
 * ARMv7 interrupt plumbing: the GIC, the generic timer as the kernel tick,
 * the trap for an IRQ, and the pending-interrupt test behind preemption
 * points (ISR.I, ARM ARM B4.1.86: an IRQ is being signalled to the CPU).
 */
#include <arch/cpu.h>
#include <arch/gic.h>
#include <arch/smp.h>
#include <arch/timer.h>
#include <kernel/hooks.h>
#include <kernel/irq.h>
#include <kernel/sched.h>
#include <object/interrupt.h>
#include <plat/machine_map.h>

#define ISR_I BIT(7)

/* The slots holding each line's notification cap (seL4's IRQ node). */
/* Slots are named by 16-byte-aligned addresses in the CDT (SLOT_BITS). */
static cte_t irq_node[IRQ_SLOTS] ALIGN(BIT(SLOT_BITS));

void arch_irq_init(void)
{
    gic_init();
    interrupt_init(PLAT_KERNEL_TIMER_IRQ, irq_node);
    gic_enable(PLAT_KERNEL_TIMER_IRQ);
    if (CONFIG_MAX_NUM_NODES > 1) {
        interrupt_reserve(SMP_IPI_SGI); /* the kernel's IPI: no handler caps */
        gic_enable(SMP_IPI_SGI);
    }
    timer_init(TIMER_TICK_MS);
}

void arch_irq_set_target(word_t irq, word_t core)
{
    gic_set_target(irq, core);
}

word_t arch_irq_count(void)
{
    return gic_line_count();
}

void arch_irq_set_trigger(word_t irq, bool edge)
{
    gic_set_trigger(irq, edge);
}

void arch_irq_mask(word_t irq)
{
    gic_disable(irq);
}

void arch_irq_unmask(word_t irq)
{
    gic_enable(irq);
}

/* Ends interrupt `irq` by its ID, which is all GICC_EOIR needs for a PPI
 * or SPI; an SGI also needs its source CPU, so arch_handle_interrupt_entry
 * ends interrupts with the acknowledged value instead. */
void arch_irq_end(word_t irq)
{
    gic_end_of_interrupt(irq);
}

bool arch_sgi_target_valid(word_t target)
{
    return target < GIC_SGI_TARGETS;
}

void arch_sgi_send(word_t irq, word_t target)
{
    gic_send_sgi(irq, target);
}

void arch_handle_interrupt_entry(void)
{
    word_t iar = gic_acknowledge();
    word_t irq = gic_interrupt_id(iar);
    if (irq == GIC_SPURIOUS) {
        return;
    }
    if (irq == PLAT_KERNEL_TIMER_IRQ) {
        timer_tick_ack();
    }
    if (CONFIG_MAX_NUM_NODES > 1 && irq == SMP_IPI_SGI) {
        /* another core queued a thread here, or changed the one running:
         * choose again (a stall it asked for was served before the lock) */
        sched_reschedule_required();
        gic_end_of_interrupt(iar);
        return;
    }
    handle_interrupt(irq);
    gic_end_of_interrupt(iar); /* an SGI's source CPU bits included */
}

bool irq_is_pending(void)
{
    return (CP15_READ(0, c12, c1, 0) & ISR_I) != 0;
}
