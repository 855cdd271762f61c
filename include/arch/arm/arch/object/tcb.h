/*
 * ARMv7 side of the TCB invocations (src/arch/arm/object/tcb.c): seL4's
 * aarch32 register frame (seL4_UserContext) on the saved context, making
 * user-supplied register values safe, the TLS register, and which caps may
 * be a thread's VSpace root or IPC buffer frame.
 */
#pragma once

#include <api/failures.h>
#include <object/tcb.h>

/* seL4_UserContext, in message-register order: first seL4's "frame"
 * registers (pc sp cpsr r0 r1 r8-r12), then its "gp" registers (r2-r7 r14
 * tpidrurw tpidruro); libsel4 object-api-aarch32.def. */
#define USER_CONTEXT_FRAME_COUNT 10u
#define USER_CONTEXT_GP_COUNT 9u
#define USER_CONTEXT_COUNT (USER_CONTEXT_FRAME_COUNT + USER_CONTEXT_GP_COUNT)

/* Register i (i < USER_CONTEXT_COUNT) of the thread. "pc" is the restart
 * point (seL4 FaultIP). */
word_t arch_user_context_get(const tcb_t *tcb, word_t i);

/* Sets register i from a value user level supplied, made safe first: the
 * CPSR keeps only its condition flags (seL4 sanitiseRegister), so the
 * thread stays in user mode, ARM state, interrupts unmasked. */
void arch_user_context_set(tcb_t *tcb, word_t i, word_t value);

/* Copies register i between threads as it is (CopyRegisters): a saved
 * context only ever holds safe values. */
void arch_user_context_copy(tcb_t *dest, const tcb_t *src, word_t i);

/* The thread's TLS base register (tpidruro; seL4 TLS_BASE). */
void arch_set_tls_base(tcb_t *tcb, word_t tls_base);

/* A page directory with an ASID (seL4 isValidVTableRoot). */
bool arch_is_valid_vtable_root(cap_t cap);

/* Whether frame_cap can hold an IPC buffer at vaddr: a RAM frame cap
 * (else seL4_IllegalOperation) and vaddr aligned to seL4_IPCBufferSizeBits
 * (else seL4_AlignmentError); type ERR_NONE when it can (seL4
 * checkValidIPCBuffer). */
syscall_error_t arch_check_ipc_buffer(vptr_t vaddr, cap_t frame_cap);
