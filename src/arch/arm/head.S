/*
 * Kernel entry from the ELF loader (DESIGN.md §2): SVC mode, MMU on, the
 * kernel at its linked address; r0-r3 = user image start, end, pv offset,
 * entry; the loader's stack holds the DTB address and size (AAPCS: the 5th
 * and 6th arguments). Move onto the kernel's stack and call arch_boot.
 */
#include <arch/cpu.h>

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

    .section .bss
    .balign 8
kernel_stack:
    .space  8192
    .global kernel_stack_top
kernel_stack_top:
