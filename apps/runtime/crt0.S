/*
 * Root-task entry. The kernel starts the initial thread here in user mode
 * with r0 = the seL4_BootInfo pointer (as seL4 does) and no stack. Set up
 * the stack from the linker script and hand over to keel_runtime_start (in
 * start.c), which never returns.
 */
    .syntax unified
    .arch armv7-a
    .arm
    .section .text.start, "ax"
    .global _start
    .type _start, %function
_start:
    ldr     sp, =__stack_top
    mov     fp, #0
    mov     lr, #0              /* the outermost frame: no caller */
    bl      keel_runtime_start  /* r0: seL4_BootInfo *, untouched */
1:  b       1b
    .size _start, . - _start
