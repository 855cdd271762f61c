/*
 * Preemption points: long operations (revoke, delete, clearing untyped
 * memory) call preemption_point() after each bounded unit of work; every
 * CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION units it asks the interrupt code
 * (irq_is_pending, <kernel/hooks.h>) whether to stop. A preempted operation
 * leaves consistent state and the system call restarts from the top later.
 */
#pragma once

#include <api/failures.h>

/* EXCEPTION_PREEMPTED when an interrupt is pending, else EXCEPTION_NONE. */
exception_t preemption_point(void);

/* Starts a fresh budget of work units (at kernel entry). */
void preemption_reset(void);
