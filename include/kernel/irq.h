/*
 * Interrupts as the kernel sees them: the architecture acknowledges one and
 * hands its number to handle_interrupt, which either runs the kernel's own
 * tick or (with the interrupts issue) signals the driver's notification.
 */
#pragma once

#include <types.h>

/* Architecture: set up the controller and the kernel tick. */
void arch_irq_init(void);

/* Architecture: a trap for an interrupt: acknowledge, handle, complete. */
void arch_handle_interrupt_entry(void);

/* Architecture: mask or unmask a line; end an interrupt's handling. */
void arch_irq_mask(word_t irq);
void arch_irq_unmask(word_t irq);
void arch_irq_end(word_t irq);

/* Architecture: how many lines the controller has; edge or level. */
word_t arch_irq_count(void);
void arch_irq_set_trigger(word_t irq, bool edge);
/* Architecture: deliver shared interrupt `irq` to core `core` alone. */
void arch_irq_set_target(word_t irq, word_t core);

/* Architecture: software-generated interrupts (ARM SGIs, IDs 0 to
 * SGI_COUNT - 1): whether `target` names a CPU interface the controller can
 * address, and raising SGI `irq` on that one CPU interface. */
#define SGI_COUNT 16u /* ARM IHI 0048B 2.2.1: interrupt IDs 0-15 are SGIs */
bool arch_sgi_target_valid(word_t target);
void arch_sgi_send(word_t irq, word_t target);

/* Generic: what to do about interrupt `irq`. */
void handle_interrupt(word_t irq);
