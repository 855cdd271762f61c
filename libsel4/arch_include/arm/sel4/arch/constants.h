/*
 * ARM constants that depend on the core: debug-register counts of the
 * Cortex-A15 (6 breakpoints, 4 watchpoints).
 */
#pragma once

#include <sel4/sel4_arch/constants.h>

#define seL4_NumExclusiveBreakpoints 6
#define seL4_NumExclusiveWatchpoints 4
#define seL4_NumHWBreakpoints (seL4_NumExclusiveBreakpoints + seL4_NumExclusiveWatchpoints)
