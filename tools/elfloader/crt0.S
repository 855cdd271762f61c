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
    /* bootelf/go may enter with the MMU and caches on (U-Boot runs with an
     * identity map). Write back and drop every data cache line first, so
     * nothing U-Boot left dirty (our own image included) is lost, then turn
     * the MMU and caches off: the loader runs on physical addresses. */
    mrc     p15, 0, r0, c1, c0, 0
    tst     r0, #SCTLR_C
    blne    dcache_clean_invalidate_all
    mrc     p15, 0, r0, c1, c0, 0
    bic     r0, r0, #(SCTLR_M | SCTLR_C)
    bic     r0, r0, #SCTLR_I
    mcr     p15, 0, r0, c1, c0, 0
    mcr     p15, 0, r0, c7, c5, 0       /* ICIALLU */
    mcr     p15, 0, r0, c8, c7, 0       /* TLBIALL */
    dsb
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

/*
 * Clean and invalidate all data and unified caches by set/way, level by
 * level up to the Level of Coherence (ARM ARM B4.2.1: CLIDR gives each
 * level's cache type and LoC; CSSELR selects a level, CCSIDR then gives its
 * line length, ways and sets; DCCISW takes way, set and level packed into
 * one word). Uses r0-r3 and r7-r12 only: r4-r6 hold the entry arguments.
 */
dcache_clean_invalidate_all:
    mrc     p15, 1, r0, c0, c0, 1       /* CLIDR */
    ubfx    r3, r0, #24, #3             /* LoC */
    mov     r3, r3, lsl #1              /* compared with level * 2 */
    mov     r10, #0                     /* level * 2, as CSSELR wants it */
1:  cmp     r10, r3
    bge     5f
    add     r2, r10, r10, lsr #1        /* level * 3: this level's Ctype */
    mov     r1, r0, lsr r2
    and     r1, r1, #7
    cmp     r1, #2                      /* 2 and up: a data or unified cache */
    blt     4f
    mcr     p15, 2, r10, c0, c0, 0      /* CSSELR */
    isb
    mrc     p15, 1, r1, c0, c0, 0       /* CCSIDR */
    and     r2, r1, #7
    add     r2, r2, #4                  /* log2(line length in bytes) */
    ubfx    r7, r1, #3, #10             /* ways - 1 */
    clz     r8, r7                      /* the way field's shift */
    ubfx    r9, r1, #13, #15            /* sets - 1 */
2:  mov     r11, r7                     /* for each set, each way: */
3:  orr     r12, r10, r11, lsl r8
    orr     r12, r12, r9, lsl r2
    mcr     p15, 0, r12, c7, c14, 2     /* DCCISW */
    subs    r11, r11, #1
    bge     3b
    subs    r9, r9, #1
    bge     2b
4:  add     r10, r10, #2
    b       1b
5:  mov     r10, #0
    mcr     p15, 2, r10, c0, c0, 0      /* back to level 1 */
    dsb
    isb
    bx      lr

    .section .bss
    .balign 16
loader_stack:
    .space  16384
    .global loader_stack_top
loader_stack_top:
