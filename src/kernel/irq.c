/*
 * Interrupt dispatch: the kernel's own tick charges the current thread's
 * time slice; a line with a handler cap signals its notification (and stays
 * masked until acknowledged); anything else is reported and masked.
 */
#include <kernel/irq.h>
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <object/interrupt.h>

void handle_interrupt(word_t irq)
{
    switch (interrupt_state(irq)) {
    case IRQ_TIMER:
        sched_timer_tick();
        return;
    case IRQ_SIGNAL:
        interrupt_deliver(irq);
        return;
    default:
        kprintf("Keel: interrupt %u has no handler; masking it\n", irq);
        arch_irq_mask(irq);
        return;
    }
}
