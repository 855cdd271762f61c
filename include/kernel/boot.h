/*
 * What the loader hands the kernel (DESIGN.md §2 "Boot protocol") and the
 * kernel's boot entry points.
 */
#pragma once

#include <types.h>

typedef struct {
    paddr_t ui_p_start; /* root task image, physical [start, end) */
    paddr_t ui_p_end;
    word_t ui_pv_offset; /* root task physical minus virtual address */
    vptr_t ui_v_entry;   /* root task entry point (virtual) */
    paddr_t dtb_p;       /* device tree blob, physical */
    word_t dtb_size;
} boot_args_t;

/* The kernel image's physical extent, from the linker script. */
extern char ki_start[], ki_end[];

/* Generic boot, after the architecture has the kernel's own address space,
 * vectors and console up: ends with the root task as the current thread,
 * for the architecture to enter. */
void kernel_boot(const boot_args_t *args);

/* The end of a clean run: power off where the platform can, else park. */
NORETURN void kernel_halt(void);

/* After a fatal error: say so and park the CPU, leaving the machine up for
 * a debugger (QEMU does not exit). */
NORETURN void kernel_stop(void);
