/*
 * Test shim: enter the ELF loader the way U-Boot's bootelf/go can, with the
 * MMU, data cache and instruction cache on. Builds a flat identity map of
 * 1 MiB sections (RAM normal write-back, everything else device), dirties a
 * cache line in RAM, turns everything on and jumps to the loader's entry.
 * QEMU boots this with -kernel and loads the real image beside it with
 * -device loader (see manifest.xml). Not part of any image a user boots.
 */
#include <arch/cpu.h>
#include <plat/machine_map.h>

    .arch armv7ve
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    cpsid   aif
    ldr     r0, =shim_pd
    mov     r1, #0                      /* section index */
1:  mov     r2, r1, lsl #20             /* the section's address */
    ldr     r3, =PLAT_RAM_PADDR
    subs    r3, r2, r3
    ldr     r4, =PLAT_RAM_SIZE
    cmphs   r4, r3                      /* RAM_PADDR <= addr < RAM end? */
    orrhi   r2, r2, #0x1000             /* RAM: TEX=001 */
    orrhi   r2, r2, #0x0c               /*      C=1, B=1: write-back */
    orrls   r2, r2, #0x14               /* else: B=1, XN: device */
    orr     r2, r2, #0x400              /* AP=01: PL1 read/write */
    orr     r2, r2, #0x2                /* a section */
    str     r2, [r0, r1, lsl #2]
    add     r1, r1, #1
    cmp     r1, #4096
    blt     1b

    mov     r1, #1
    mcr     p15, 0, r1, c3, c0, 0       /* DACR: domain 0 client */
    mov     r1, #0
    mcr     p15, 0, r1, c2, c0, 2       /* TTBCR */
    mcr     p15, 0, r0, c2, c0, 0       /* TTBR0 */
    mcr     p15, 0, r1, c8, c7, 0       /* TLBIALL */
    dsb
    isb
    mrc     p15, 0, r1, c1, c0, 0
    orr     r1, r1, #(SCTLR_M | SCTLR_C)
    orr     r1, r1, #SCTLR_I
    mcr     p15, 0, r1, c1, c0, 0
    isb

    ldr     r0, =shim_scratch           /* a store through the cache */
    ldr     r1, =0x4b45454c
    str     r1, [r0]
    mov     r0, #0
    mov     r1, #0
    mov     r2, #0
    ldr     r3, =LOADER_PADDR
    bx      r3

    .section .bss
    .balign 16384
shim_pd:
    .space  16384
shim_scratch:
    .space  64
