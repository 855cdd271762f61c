/* Lazy FPU switching on ARMv7 (src/arch/arm/fpu.c). */
#pragma once

#include <object/tcb.h>

/* This core's FPU owner (per-core state: src/arch/arm/smp.c). */
extern tcb_t *ks_fpu_owner;

void fpu_init(void);

/* An undefined-instruction trap from `thread`: if the FPU was off, give it
 * to the thread and return true (retry the instruction). */
bool fpu_handle_undefined(tcb_t *thread);

/* Leave the FPU on only if `next` owns it. */
void fpu_thread_switch(const tcb_t *next);

/* If *owner (this core's FPU owner) is tcb, save the FPU registers into it
 * and leave the FPU without an owner. */
void fpu_release(tcb_t **owner, tcb_t *tcb);
