/*
 * Root-task entry: the kernel starts the initial thread here with nothing
 * but a program counter. Set up a stack, call main(), and park if it
 * returns.
 */
    .arch armv7-a
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    ldr     sp, =__stack_top
    mov     fp, #0
    bl      main
1:  b       1b

    .section .bss
    .balign 16
    .space  16384
__stack_top:
