/*
 * Interrupts as capabilities (seL4): IRQControl issues one IRQHandler cap
 * per line; the handler cap names the notification the line signals, and
 * acknowledges it. A line that fired stays masked until its handler is
 * acknowledged, so a driver can never be flooded by its own device. On ARM,
 * IRQControl also issues SGI signal caps, which raise a software-generated
 * interrupt on one CPU when invoked.
 */
#pragma once

#include <object/objecttype.h>

/* What a line is used for (seL4's irq_state). */
enum irq_state {
    IRQ_INACTIVE = 0, /* no handler cap issued */
    IRQ_SIGNAL = 1,   /* a handler cap exists; firing signals its notification */
    IRQ_TIMER = 2,    /* the kernel's own tick */
    IRQ_RESERVED = 3, /* used by the kernel otherwise */
};

#define IRQ_SLOTS 1020u /* GICv2 interrupt IDs 0-1019 */

/* Marks the kernel's own lines (the rest start inactive and masked) and
 * takes `node`, IRQ_SLOTS empty slots in kernel memory, as the IRQ node. */
void interrupt_init(word_t timer_irq, cte_t *node);
/* Keeps a line for the kernel (multicore builds: the IPI SGI). */
void interrupt_reserve(word_t irq);

result_t decode_irq_control_invocation(const invocation_args_t *args, cte_t *control);
result_t decode_irq_handler_invocation(const invocation_args_t *args, word_t irq);
/* An SGI signal cap's invocation (ARM): sends its SGI, whatever the label. */
result_t decode_sgi_signal_invocation(const invocation_args_t *args, cap_t cap);

/* Interrupt `irq` fired: signal its notification, keep it masked until Ack. */
void interrupt_deliver(word_t irq);

word_t interrupt_state(word_t irq);
