/* The kernel's tick: the ARM generic timer (ARM ARM B8), virtual timer. */
#pragma once

#include <types.h>

/* Starts a periodic tick every `ms` milliseconds (PLAT_KERNEL_TIMER_IRQ). */
void timer_init(word_t ms);
/* Acknowledges a tick and arms the next one. */
void timer_tick_ack(void);
/* The counter (CNTVCT), for measurements. */
uint64_t timer_read_counter(void);
