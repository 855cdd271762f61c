/*
 * What generic code (the kernel and the ELF loader) asks of a platform.
 * Each src/plat/<plat>/ folder implements this; the memory map itself comes
 * from the generated <plat/machine_map.h>.
 */
#pragma once

#include <types.h>

/*
 * The console UART. `base` is where its registers are reachable now: the
 * physical address while the MMU is off (loader), the kernel's device
 * mapping afterwards. Output is polled; it never needs an interrupt.
 */
void plat_console_init(uintptr_t base);
void plat_console_putc(char c);

/* Turn the machine off if the platform can; returns if it cannot. */
void plat_power_off(void);
