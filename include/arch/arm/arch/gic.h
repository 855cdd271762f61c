/*
 * The GICv2 interrupt controller (ARM IHI 0048B): distributor and CPU
 * interface, used by the kernel to take interrupts one at a time.
 */
#pragma once

#include <types.h>

#define GIC_SPURIOUS 1023u
#define GIC_MAX_IRQ 1019u /* interrupt IDs 0-1019 are real */

void gic_init(void);
void gic_enable(word_t irq);
void gic_disable(word_t irq);
/* The highest-priority pending interrupt, now active; GIC_SPURIOUS if none. */
word_t gic_acknowledge(void);
void gic_end_of_interrupt(word_t irq);
/* Edge-triggered (true) or level-sensitive; SPIs only (PPIs are fixed). */
void gic_set_trigger(word_t irq, bool edge);
/* Number of interrupt lines the distributor implements. */
word_t gic_line_count(void);
