/*
 * Kernel entry from the ELF loader (DESIGN.md §2): SVC mode, MMU on, the
 * kernel at its linked address; r0-r3 = user image start, end, pv offset,
 * entry; the loader's stack holds the DTB address and size (AAPCS: the 5th
 * and 6th arguments). Move onto the kernel's stack and call arch_boot.
 */
#include <config.h>
#include <arch/cpu.h>
#include <arch/smp.h>

    .arch armv7ve
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    cpsid   aif
    ldr     r4, [sp]            /* dtb_p */
    ldr     r5, [sp, #4]        /* dtb_size */
    ldr     sp, =kernel_stack_top
    push    {r4, r5}
    bl      arch_boot
1:  wfi
    b       1b

#if CONFIG_MAX_NUM_NODES > 1
/*
 * Where PSCI CPU_ON starts the other cores (src/arch/arm/smp.c): SVC mode,
 * MMU and caches off, r0 = the core's index (the context ID the boot core
 * passed). Load the boot core's translation settings from smp_boot_params
 * (found PC-relative: this runs at its physical address), turn the MMU on
 * through a page directory that maps this code at its physical address
 * too, and jump to the kernel's virtual address of arm_secondary_virtual.
 */
    .balign 32
    .global arm_secondary_entry
arm_secondary_entry:
    cpsid   aif
    adr     r4, smp_boot_params
    mrc     p15, 0, r1, c1, c0, 1       /* ACTLR.SMP (Cortex-A15 TRM 4.3.31): */
    orr     r1, r1, #(1 << 6)           /* join coherency; ignored if the */
    mcr     p15, 0, r1, c1, c0, 1       /* firmware keeps it (NSACR.NS_SMP) */
    ldr     r1, [r4, #0]
    mcr     p15, 0, r1, c2, c0, 2       /* TTBCR */
    ldr     r1, [r4, #4]
    mcr     p15, 0, r1, c3, c0, 0       /* DACR */
    ldr     r1, [r4, #8]
    mcr     p15, 0, r1, c10, c2, 0      /* PRRR */
    ldr     r1, [r4, #12]
    mcr     p15, 0, r1, c10, c2, 1      /* NMRR */
    ldr     r1, [r4, #16]
    mcr     p15, 0, r1, c2, c0, 0       /* TTBR0: smp_boot_pd */
    mov     r1, #0
    mcr     p15, 0, r1, c13, c0, 1      /* CONTEXTIDR: ASID 0 */
    mcr     p15, 0, r1, c8, c7, 0       /* TLBIALL */
    mcr     p15, 0, r1, c7, c5, 0       /* ICIALLU */
    dsb
    isb
    ldr     r1, [r4, #20]
    mcr     p15, 0, r1, c1, c0, 0       /* SCTLR: MMU and caches on */
    isb
    ldr     r1, [r4, #24]
    bx      r1
    .global smp_boot_params
smp_boot_params:                        /* smp.c: BP_TTBCR .. BP_ENTRY */
    .space  28

    .text
    .global arm_secondary_virtual
arm_secondary_virtual:
    ldr     sp, =smp_kernel_stacks      /* core r0's stack: smp_kernel_stacks[r0 - 1] */
    mov     r1, #SMP_KERNEL_STACK_SIZE
    mla     sp, r0, r1, sp
    bl      arch_secondary_boot
1:  wfi
    b       1b
#endif

    .section .bss
    .balign 8
kernel_stack:
    .space  8192
    .global kernel_stack_top
kernel_stack_top:
