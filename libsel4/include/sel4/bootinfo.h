/*
 * Access to the boot-info frame. The root task's start-up code records the
 * pointer the kernel passed it (in r0) with seL4_InitBootInfo; the two
 * functions live in libsel4/src/sel4_globals.c.
 */
#pragma once

#include <sel4/bootinfo_types.h>

void seL4_InitBootInfo(seL4_BootInfo *bi);
seL4_BootInfo *seL4_GetBootInfo(void);
