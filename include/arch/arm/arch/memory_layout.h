/*
 * The kernel's virtual address space on ARMv7. User addresses stop at
 * seL4_UserTop (0xa0000000, seL4 aarch32 ABI); from there the kernel window
 * maps RAM from its physical base, and the top MiB holds the kernel's
 * device mappings. Plain numbers: the linker script includes this too.
 */
#pragma once

#define KERNEL_WINDOW_VBASE 0xa0000000 /* = seL4_UserTop */
#define KERNEL_WINDOW_VEND 0xf0000000  /* at most 1.25 GiB of RAM is mapped */
#define KERNEL_DEVICE_VBASE 0xfff00000 /* one page table of device pages */

/* Pages in the device window, in this order. */
#define KDEV_UART 0
#define KDEV_GIC_DIST 1
#define KDEV_GIC_CPU 2 /* two pages: the GICv2 CPU interface is 8 KiB */
#define KDEV_COUNT 4
