/*
 * Delivering a fault (seL4 non-MCS handleFault): the faulting thread's fault
 * handler is a cptr in its own CSpace, looked up when the fault happens; the
 * fault goes to that endpoint as if the thread had made a Call, or, with no
 * usable handler, the thread stops.
 */
#pragma once

#include <api/faults.h>

/* `thread` (the current thread) raised `fault`. */
void handle_fault(tcb_t *thread, const fault_t *fault);
