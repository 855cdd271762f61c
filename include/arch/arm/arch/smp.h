/*
 * ARMv7 multicore: per-core state, kernel entry and exit under the big
 * kernel lock, the kernel's IPI and secondary-core boot (src/arch/arm/smp.c,
 * docs/smp.md). Entry kinds are plain numbers: vectors.S passes them.
 */
#pragma once

#define SMP_ENTRY_SYSCALL 0 /* a swi: dropped, the thread restarts it */
#define SMP_ENTRY_FAULT 1   /* undefined instruction, aborts: re-taken */
#define SMP_ENTRY_IRQ 2     /* an interrupt: always handled */

/* The SGI the kernel sends other cores (seL4's ARM SMP kernel uses SGIs 0
 * and 1; Keel needs one): reschedule, or serve a stall request. */
#define SMP_IPI_SGI 0u

/* Bytes of each core's kernel stack (core 0's is in head.S). */
#define SMP_KERNEL_STACK_SIZE 8192

#ifndef __ASSEMBLER__
#include <arch/machine/registerset.h>
#include <arch/vmsa.h>
#include <config.h>
#include <object/tcb.h>

/* What the kernel keeps for each core. The first seven are the core's
 * scheduler, FPU and address-space state: while a core holds the lock they are loaded
 * into the kernel's ordinary globals (ks_cur_thread, ks_idle_thread,
 * ks_sched_action, ks_fpu_owner, arm_current_context, vspace_active_pd and
 * vspace_active_asid), so generic code
 * reads no per-core index; they are stored back when it leaves. */
typedef struct node_state {
    tcb_t *cur_thread;
    tcb_t *idle_thread;
    tcb_t *sched_action;
    tcb_t *fpu_owner;
    user_context_t *current_context;
    pde_t *active_pd; /* vspace_active_pd, vspace_active_asid */
    word_t active_asid;
    /* Entry and stall protocol (smp.c): set without the lock. */
    word_t entry_kind;     /* SMP_ENTRY_* of the entry in progress */
    bool entry_dropped;    /* a stall took the entry's thread away */
    tcb_t *volatile stall; /* a thread the lock holder wants us to leave */
    volatile bool online;
} node_state_t;

extern node_state_t ks_node[CONFIG_MAX_NUM_NODES];

/* vectors.S, SMP builds: take the lock for an entry of `kind`; false if a
 * remote stall took the thread away meanwhile (skip the handler). */
bool smp_kernel_enter(word_t kind);
/* vectors.S, SMP builds: store this core's state, release the lock, and
 * return the context to resume. */
user_context_t *smp_kernel_exit(void);

/* Whether seL4 ASID `asid` is the address space another core has loaded
 * (its hardware ASID must not be lent elsewhere meanwhile). */
bool smp_asid_active_elsewhere(word_t asid);

/* seL4 ASID `asid` is gone: every other core that has it loaded is
 * stalled off the thread it runs there (it reloads its address space, now
 * the kernel's alone, when it next runs). */
void smp_asid_deleted(word_t asid);

/* Boot: the boot core takes the lock and starts the others. */
void smp_boot_lock(void);
void smp_start_secondaries(paddr_t dtb_p);
#endif
