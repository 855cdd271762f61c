/* The kernel's own page directory: kernel window and device pages. */
#pragma once

#include <arch/memory_layout.h>
#include <types.h>

/* Builds the kernel page directory and switches to it. */
void kernel_vspace_init(void);

/* Kernel-window address of a physical RAM address, and back. */
pptr_t paddr_to_pptr(paddr_t p);
paddr_t pptr_to_paddr(pptr_t v);

/* Bytes of RAM reachable through the kernel window. */
word_t kernel_window_size(void);

/* Kernel virtual address of device page KDEV_* (plus the offset of the
 * device within its page). */
uintptr_t kernel_device_vaddr(word_t kdev, paddr_t paddr);
