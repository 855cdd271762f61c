/* The kernel's own page directory: kernel window and device pages. */
#pragma once

#include <arch/memory_layout.h>
#include <arch/vmsa.h>
#include <types.h>

/* Builds the kernel page directory and switches to it. */
void kernel_vspace_init(void);

/* Copies the kernel's global entries (PD indices from seL4_UserTop up)
 * into a new user page directory. */
void kernel_vspace_copy_globals(pde_t *pd);

/* Physical address of the kernel's page directory, which holds only global
 * entries: the address space of a thread without one of its own. */
paddr_t kernel_vspace_pd_paddr(void);

/* Kernel-window address of a physical RAM address, and back. */
pptr_t paddr_to_pptr(paddr_t p);
paddr_t pptr_to_paddr(pptr_t v);

/* Bytes of RAM reachable through the kernel window. */
word_t kernel_window_size(void);

/* Kernel virtual address of device page KDEV_* (plus the offset of the
 * device within its page). */
uintptr_t kernel_device_vaddr(word_t kdev, paddr_t paddr);
