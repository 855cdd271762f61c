/*
 * A user thread's saved registers on ARMv7. The order is the kernel's own,
 * chosen for the entry code: r0-r14 as `stmdb sp, {r0-lr}^` stores them,
 * then the pc and cpsr as `srsia` stores them, so vectors.S can save a user
 * context with the SVC stack pointer parked at &regs[REG_PC].
 */
#pragma once

#define REG_R0 0
#define REG_R1 1
#define REG_R2 2
#define REG_R7 7
#define REG_SP 13
#define REG_LR 14
#define REG_PC 15 /* where the thread resumes (seL4 NextIP) */
#define REG_CPSR 16
#define REG_FAULT_IP 17 /* the instruction that trapped: a restart goes here */
#define REG_TPIDRURO 18 /* the user-read-only thread ID register (TLS) */
#define REG_TPIDRURW 19 /* the user-read/write thread ID register */
#define REG_COUNT 20

/* Byte offsets for vectors.S. */
#define CONTEXT_PC_OFFSET (REG_PC * 4)
#define CONTEXT_TPIDRURO_OFFSET (REG_TPIDRURO * 4)
#define CONTEXT_TPIDRURW_OFFSET (REG_TPIDRURW * 4)
/* From &regs[REG_PC], where SP_svc points during entry. */
#define CONTEXT_TPIDRURW_FROM_PC ((REG_TPIDRURW - REG_PC) * 4)

#ifndef __ASSEMBLER__
#include <types.h>

typedef struct user_context {
    word_t regs[REG_COUNT];
} user_context_t;

/* The context of the thread the kernel returns to; vectors.S saves into
 * and restores from it. */
extern user_context_t *arm_current_context;

/* CPSR for a user thread: user mode, ARM state, interrupts enabled. */
#define CPSR_USER 0x10u
#endif
