/*
 * Interrupt dispatch. The kernel's own tick charges the current thread's
 * time slice; no other line is enabled yet (IRQ handler caps arrive with the
 * interrupts issue), so any other interrupt is reported and masked.
 */
#include <kernel/irq.h>
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <plat/machine_map.h>

void handle_interrupt(word_t irq)
{
    if (irq == PLAT_KERNEL_TIMER_IRQ) {
        sched_timer_tick();
        return;
    }
    kprintf("Keel: unexpected interrupt %u; masking it\n", irq);
    arch_irq_mask(irq);
}
