/*
 * The GICv2 interrupt controller (ARM IHI 0048B): distributor and CPU
 * interface, used by the kernel to take interrupts one at a time.
 */
#pragma once

#include <types.h>

#define GIC_SPURIOUS 1023u
#define GIC_MAX_IRQ 1019u  /* interrupt IDs 0-1019 are real */
#define GIC_SGI_TARGETS 8u /* IHI 0048B 4.3.15: an 8-bit CPU target list */

void gic_init(void);
/* The calling core's CPU interface alone (other cores at their boot). */
void gic_cpu_init(void);
/* Routes SPI `irq` to CPU interface `cpu` alone. */
void gic_set_target(word_t irq, word_t cpu);
void gic_enable(word_t irq);
void gic_disable(word_t irq);
/* Takes the highest-priority pending interrupt, now active, and returns
 * the GICC_IAR value: its ID (gic_interrupt_id; GIC_SPURIOUS if there was
 * none) and, for an SGI, the CPU that sent it. */
word_t gic_acknowledge(void);
word_t gic_interrupt_id(word_t iar);
/* Ends the active interrupt: `iar` is what gic_acknowledge returned. */
void gic_end_of_interrupt(word_t iar);
/* Raises SGI `sgi` (0-15) on CPU interface `cpu` (0-7). */
void gic_send_sgi(word_t sgi, word_t cpu);
/* Edge-triggered (true) or level-sensitive; SPIs only (PPIs are fixed). */
void gic_set_trigger(word_t irq, bool edge);
/* Number of interrupt lines the distributor implements. */
word_t gic_line_count(void);
