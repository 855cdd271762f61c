/*
 * Host stand-ins for the ARM machine operations of the VSpace code
 * (<arch/machine_cache.h>) and for the kernel window of
 * <arch/kernel_vspace.h>: the operations are recorded, not executed, so
 * tests can check which cache lines, TLB entries and registers the kernel
 * would have touched. The kernel window is the test arena (pptr 0xa0000000
 * is physical 0x40000000).
 */
#pragma once

#include <arch/machine_cache.h>
#include <arch/vmsa.h>

typedef enum {
    OP_CLEAN_POC,
    OP_INVALIDATE_POC,
    OP_CLEAN_INVALIDATE_POC,
    OP_CLEAN_POU,
    OP_ICACHE_INVALIDATE_POU,
    OP_BRANCH_PREDICTOR,
    OP_TLBI_ALL,
    OP_TLBI_ASID,
    OP_TLBI_PAGE,
    OP_SWITCH,
    OP_COUNT,
} machine_op_t;

/* One recorded operation: a range [a, b), or (vaddr, hw ASID), or
 * (ttbr0, hw ASID) for a switch. */
typedef struct machine_call {
    machine_op_t op;
    word_t a, b;
} machine_call_t;

#define MACHINE_LOG_SIZE 64u

typedef struct machine_log {
    unsigned count[OP_COUNT];
    unsigned calls; /* all calls, also those past the log */
    machine_call_t log[MACHINE_LOG_SIZE];
} machine_log_t;

extern machine_log_t machine;

#define HOST_CACHE_LINE_BITS 6u
#define HOST_KERNEL_PD_PADDR 0x7fffc000u /* stands for the kernel's PD */

void machine_fake_reset(void);

/* The last recorded call of op, or NULL. */
const machine_call_t *machine_last(machine_op_t op);

/* Whether some recorded call of op covers [start, end). */
bool machine_did_range(machine_op_t op, word_t start, word_t end);

/* The kernel's global PD entries as the fake copies them: sections for
 * the arena from 0xa0000000, nothing else. */
pde_t host_kernel_global_pde(word_t index);
