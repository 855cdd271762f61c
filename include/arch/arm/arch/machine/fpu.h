/*
 * A thread's VFP/Advanced SIMD state on ARMv7 (Cortex-A15: VFPv4-D32):
 * d0-d31 and FPSCR, saved and restored lazily (src/arch/arm/fpu.c).
 */
#pragma once

#include <types.h>

typedef struct fpu_state {
    uint64_t d[32];
    word_t fpscr;
    word_t fpexc;
} fpu_state_t;
