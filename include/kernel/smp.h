/*
 * Multicore (docs/smp.md): what generic kernel code sees of the other
 * cores. With one core (CONFIG_MAX_NUM_NODES == 1) everything here is a
 * constant or an empty inline, so uniprocessor builds compile the lock and
 * per-core indexing away; with more, src/arch/arm/smp.c implements it.
 */
#pragma once

#include <config.h>
#include <types.h>

struct tcb;

#define NUM_NODES ((word_t)CONFIG_MAX_NUM_NODES)

/* Invocation labels that exist in only one of the two kinds of build
 * (seL4 16.0.0's SMP ABI adds TCBSetAffinity and
 * ARMIRQIssueIRQHandlerTriggerCore and drops ARMIRQIssueSGISignal). In the
 * other kind the name stands for a value no message label can have (labels
 * are 20 bits), so a `case` of it is dead code rather than an #ifdef. */
#define LABEL_ABSENT(n) (0xfff00000u + (n))
#ifdef CONFIG_ENABLE_SMP_SUPPORT
#define LABEL_TCB_SET_AFFINITY TCBSetAffinity
#define LABEL_IRQ_ISSUE_HANDLER_TRIGGER_CORE ARMIRQIssueIRQHandlerTriggerCore
#define LABEL_IRQ_ISSUE_SGI_SIGNAL LABEL_ABSENT(0)
#else
#define LABEL_TCB_SET_AFFINITY LABEL_ABSENT(1)
#define LABEL_IRQ_ISSUE_HANDLER_TRIGGER_CORE LABEL_ABSENT(2)
#define LABEL_IRQ_ISSUE_SGI_SIGNAL ARMIRQIssueSGISignal
#endif

#if CONFIG_MAX_NUM_NODES > 1
#include <arch/cpu.h>

/* The core this code runs on, 0 .. NUM_NODES-1 (one register read: the
 * scheduler asks often). */
static inline word_t smp_this_core(void)
{
    return arch_core_index();
}

/* Whether core `core` came up at boot (a core that failed to start runs
 * nothing, and no thread may be given to it). */
bool smp_core_online(word_t core);

/* The thread core `core` runs (its idle thread when it has nothing else);
 * only meaningful for another core than this one. */
struct tcb *smp_core_current(word_t core);

/* seL4's remote stall: if `tcb` runs on another core, or its registers are
 * live in another core's FPU, make that core leave it (save what it holds,
 * switch to its idle thread, choose again once it gets the lock) and wait
 * until it has. Afterwards the thread's saved state is complete and no
 * other core touches it until this core releases the lock. */
void smp_remote_stall(struct tcb *tcb);

/* Ask core `core` to choose its thread anew (an IPI; it does so when it
 * next holds the lock). */
void smp_remote_reschedule(word_t core);

#else

static inline word_t smp_this_core(void)
{
    return 0;
}

static inline bool smp_core_online(word_t core)
{
    return core == 0;
}

static inline struct tcb *smp_core_current(word_t core)
{
    (void)core;
    return NULL;
}

static inline void smp_remote_stall(struct tcb *tcb)
{
    (void)tcb;
}

static inline void smp_remote_reschedule(word_t core)
{
    (void)core;
}

#endif
