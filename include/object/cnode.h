/*
 * CNode invocations (Copy, Mint, Move, Mutate, Rotate, Delete, Revoke,
 * SaveCaller, CancelBadgedSends) and slot deletion: deleting a cap
 * finalises its object when it was the last cap to it, through zombie caps
 * so that deleting a large CNode or a TCB is preemptible.
 */
#pragma once

#include <api/failures.h>
#include <object/objecttype.h>
#include <object/tcb.h>

static inline cte_t *cnode_slot(cap_t cnode_cap, word_t index)
{
    return cte_ptr(cap_cnode_get_ptr(cnode_cap) + index * (word_t)sizeof(cte_t));
}

/* Decodes and performs a CNode invocation on cnode_cap. */
result_t decode_cnode_invocation(const invocation_args_t *args, cap_t cnode_cap);

/* ---- Perform steps (cannot fail; decode checked everything). ---- */
void cnode_insert(cap_t cap, cte_t *src, cte_t *dest); /* Copy, Mint */
void cnode_move(cap_t cap, cte_t *src, cte_t *dest);   /* Move, Mutate */
void cnode_rotate(cap_t src_cap, cap_t pivot_cap, cte_t *src, cte_t *pivot, cte_t *dest);
void cnode_save_caller(tcb_t *thread, cte_t *dest);
void cnode_cancel_badged_sends(cap_t endpoint_cap);

/* ---- Deletion (src/object/cnode_delete.c). ---- */

/* Deletes the slot's cap, finalising its object if it was the last cap to
 * it. EXCEPTION_PREEMPTED leaves a consistent state: call again to go on. */
exception_t cte_delete(cte_t *slot);

/* Deletes every descendant of the slot's cap (the cap itself stays).
 * Preemptible like cte_delete. */
exception_t cte_revoke(cte_t *slot);

/* Deletes a cap whose finalisation never needs a zombie (reply caps,
 * endpoint and notification caps): not preemptible, never recursive. */
void cte_delete_one(cte_t *slot);
