/*
 * The checked kernel (CONFIG_KEEL_CHECKED, docs/reliability.md): before
 * every return to user level, the kernel checks its own invariants (the
 * CDT, the scheduler's ready queues, IPC queues, thread states, the ASID
 * table) and halts with a report on the console if one fails.
 */
#pragma once

#include <types.h>

/* The system call number handle_syscall last saw (for the report);
 * defined in checked builds only, so written under config_set. */
extern sword_t invariants_last_syscall;

#ifdef CONFIG_KEEL_CHECKED

/* Called by arm_return_to_user on the kernel stack, with every user
 * register saved in its TCB; returns only if every invariant holds. */
void kernel_check_invariants(void);
#endif
