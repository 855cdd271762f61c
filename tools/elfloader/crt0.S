/*
 * Loader entry. Reached from QEMU's -kernel (SVC or, with EL2 on, HYP) or
 * from U-Boot's bootm (r2 = DTB, MMU and caches off). Leaves HYP for SVC,
 * makes sure the MMU and caches are off, sets up a stack, clears .bss and
 * calls loader_main(r0, r1, r2).
 */
#include <arch/cpu.h>

    .arch armv7ve
    .arch_extension virt
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    mov     r4, r0
    mov     r5, r1
    mov     r6, r2

    mrs     r0, cpsr
    and     r1, r0, #CPSR_MODE_MASK
    cmp     r1, #CPSR_MODE_HYP
    bne     in_pl1

    /* HYP: let PL1 use the physical counter and timer, zero the virtual
     * offset (ARM ARM B4.1.26 CNTHCTL, B4.1.33 CNTVOFF), then drop to SVC
     * with interrupts masked via ERET (B9.3.1). */
    mov     r0, #3
    mcr     p15, 4, r0, c14, c1, 0      /* CNTHCTL: PL1PCTEN | PL1PCEN */
    mov     r0, #0
    mov     r1, #0
    mcrr    p15, 4, r0, r1, c14         /* CNTVOFF = 0 */
    mcr     p15, 4, r0, c1, c1, 0       /* HCR = 0: trap nothing */
    mov     r0, #(CPSR_MODE_SVC | CPSR_I | CPSR_F | CPSR_A)
    msr     spsr_cxsf, r0           /* SPSR_hyp: plain SPSR from HYP mode */
    adr     r0, in_pl1
    msr     elr_hyp, r0
    eret

in_pl1:
    cpsid   aif
    /* bootelf/go may enter with the MMU and caches on: turn them off. The
     * loader runs from physical addresses and writes the images with data
     * caching off, so nothing dirty is left behind in the cache by us. */
    mrc     p15, 0, r0, c1, c0, 0
    bic     r0, r0, #(SCTLR_M | SCTLR_C)
    bic     r0, r0, #SCTLR_I
    mcr     p15, 0, r0, c1, c0, 0
    isb

    ldr     sp, =loader_stack_top
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b

    mov     r0, r4
    mov     r1, r5
    mov     r2, r6
    bl      loader_main
2:  wfi
    b       2b

    .section .bss
    .balign 16
loader_stack:
    .space  16384
    .global loader_stack_top
loader_stack_top:
