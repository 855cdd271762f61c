/*
 * CSpace addressing: a cptr names a slot by a path of bits through guarded
 * CNodes (each level: guard bits that must match, then radix bits of index).
 * Failures come back as seL4 lookup faults (seL4 manual §3.3).
 */
#pragma once

#include <api/failures.h>
#include <object/structures.h>

struct tcb;

typedef struct resolve_result {
    bool ok;
    cte_t *slot;           /* ok: the slot the bits led to */
    word_t bits_remaining; /* ok: bits left when a non-CNode cap ended the walk */
    lookup_fault_t fault;  /* !ok: why */
} resolve_result_t;

/* Resolves the low n_bits (at most 32) of cptr, starting at node_cap. */
resolve_result_t cspace_resolve_address_bits(cap_t node_cap, cptr_t cptr, word_t n_bits);

/* The common lookup in one step: node is a CNode whose guard and radix
 * take all 32 bits (a root task's) and cptr's top bits match the guard.
 * Returns the slot, or NULL when that is not the case (then
 * cspace_resolve_address_bits walks, and reports any fault). A CNode fits
 * in the largest untyped, so radix is at most 25 and the shift is defined. */
static inline cte_t *cspace_lookup_whole_word(cap_t node, cptr_t cptr)
{
    if (cap_get_type(node) != CAP_CNODE) {
        return NULL;
    }
    word_t radix = cap_cnode_get_radix(node);
    if (radix + cap_cnode_get_guard_size(node) != WORD_BITS ||
        (cptr >> radix) != cap_cnode_get_guard(node)) {
        return NULL;
    }
    return cte_ptr(cap_cnode_get_ptr(node) + (cptr & MASK(radix)) * (word_t)sizeof(cte_t));
}

/* Resolves a full 32-bit cptr in the thread's CSpace (its TCB_CTABLE cap). */
resolve_result_t cspace_lookup_slot(const struct tcb *thread, cptr_t cptr);

typedef struct slot_result {
    cte_t *slot; /* when error.type == ERR_NONE */
    syscall_error_t error;
} slot_result_t;

/*
 * Slot lookups for CNode-style invocations: exactly `depth` bits (1..32) of
 * cptr from root must resolve to a slot. Errors are seL4_RangeError for a
 * bad depth and seL4_FailedLookup otherwise, flagged as source (source
 * slot) or destination (target and pivot slots).
 */
slot_result_t cspace_lookup_source_slot(cap_t root, cptr_t cptr, word_t depth);
slot_result_t cspace_lookup_target_slot(cap_t root, cptr_t cptr, word_t depth);
slot_result_t cspace_lookup_pivot_slot(cap_t root, cptr_t cptr, word_t depth);
