/*
 * Invocations of TCB caps (seL4_TCB_*), with seL4's (non-MCS) checks and
 * errors: each
 * decoder checks the whole message and every extra cap before its perform
 * step changes anything. tcb_invocation.c dispatches and holds the small
 * ones; tcb_registers.c and tcb_control.c hold the rest.
 */
#pragma once

#include <object/objecttype.h>
#include <object/tcb.h>

/* cap is a thread cap in slot. */
result_t decode_tcb_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap);

/* Suspends tcb for an invocation (Suspend, and the suspend flags of
 * ReadRegisters and CopyRegisters). A caller suspending itself is first
 * put in the Restart state, as seL4 has every caller during its perform
 * step: it gets no reply, and Resume makes it redo the call. */
void tcb_invocation_suspend(const invocation_args_t *args, tcb_t *tcb);

/* ---- tcb_registers.c ---- */
result_t decode_tcb_read_registers(const invocation_args_t *args, tcb_t *tcb);
result_t decode_tcb_write_registers(const invocation_args_t *args, tcb_t *tcb);
result_t decode_tcb_copy_registers(const invocation_args_t *args, tcb_t *tcb);

/* ---- tcb_control.c (slot: where the invoked thread cap is) ---- */
result_t decode_tcb_configure(const invocation_args_t *args, cte_t *slot, tcb_t *tcb);
result_t decode_tcb_set_space(const invocation_args_t *args, cte_t *slot, tcb_t *tcb);
result_t decode_tcb_set_ipc_buffer(const invocation_args_t *args, cte_t *slot, tcb_t *tcb);
result_t decode_tcb_set_priority(const invocation_args_t *args, tcb_t *tcb);
result_t decode_tcb_set_mc_priority(const invocation_args_t *args, tcb_t *tcb);
result_t decode_tcb_set_sched_params(const invocation_args_t *args, tcb_t *tcb);
