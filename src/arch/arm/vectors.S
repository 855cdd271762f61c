/*
 * Exception vectors. The kernel does not yet run user code, so every
 * exception is unexpected: save the registers on the mode's own stack and
 * report them (arch_unexpected_exception never returns).
 */
#include <arch/cpu.h>

    .arch armv7ve
    .arm
    .section .text.vectors, "ax"
    .balign 32
    .global arm_vector_table
arm_vector_table:
    b       vector_reset
    b       vector_undefined
    b       vector_svc
    b       vector_prefetch_abort
    b       vector_data_abort
    b       vector_reserved
    b       vector_irq
    b       vector_fiq

/* lr_adjust: how far lr is past the interrupted instruction (ARM ARM B1.8.3). */
.macro unexpected kind, lr_adjust
    sub     lr, lr, #\lr_adjust
    push    {lr}
    push    {r0-r12}
    mov     r0, #\kind
    mov     r1, sp
    mrs     r2, spsr
    bl      arch_unexpected_exception
.endm

vector_reset:           unexpected 0, 0
vector_undefined:       unexpected 1, 4
vector_svc:             unexpected 2, 4
vector_prefetch_abort:  unexpected 3, 4
vector_data_abort:      unexpected 4, 8
vector_reserved:        unexpected 5, 0
vector_irq:             unexpected 6, 4
vector_fiq:             unexpected 7, 4

/* arch_init_mode_stacks(): a stack for each exception mode, back in SVC. */
    .text
    .global arch_init_mode_stacks
arch_init_mode_stacks:
    cps     #CPSR_MODE_ABT
    ldr     sp, =abt_stack_top
    cps     #CPSR_MODE_UND
    ldr     sp, =und_stack_top
    cps     #CPSR_MODE_IRQ
    ldr     sp, =irq_stack_top
    cps     #CPSR_MODE_FIQ
    ldr     sp, =fiq_stack_top
    cps     #CPSR_MODE_SVC
    bx      lr

/* arch_read_banked_sp_lr(mode, out[2]): sp and lr of `mode` (user mode's
 * through system mode, which shares them), interrupts kept masked. */
    .global arch_read_banked_sp_lr
arch_read_banked_sp_lr:
    mrs     r2, cpsr
    cmp     r0, #CPSR_MODE_USR
    moveq   r0, #CPSR_MODE_SYS
    orr     r0, r0, #(CPSR_I | CPSR_F | CPSR_A)
    msr     cpsr_c, r0
    str     sp, [r1]
    str     lr, [r1, #4]
    msr     cpsr_c, r2
    bx      lr

    .section .bss
    .balign 8
    .space  2048
abt_stack_top:
    .space  2048
und_stack_top:
    .space  2048
irq_stack_top:
    .space  2048
fiq_stack_top:
