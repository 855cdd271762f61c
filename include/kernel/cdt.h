/*
 * The capability derivation tree, kept as seL4 keeps its MDB: one doubly
 * linked list through the slots in which every cap follows its parent and
 * the parent's descendants come straight after it. Parenthood is computed
 * (mdb_is_parent_of) from the caps, the `revocable` bit (the cap may have
 * children) and the `first_badged` bit (the first cap of a new badge).
 */
#pragma once

#include <object/structures.h>

static inline cte_t *mdb_next_slot(const cte_t *slot)
{
    return cte_ptr(mdb_get_next(slot->mdb));
}

static inline cte_t *mdb_prev_slot(const cte_t *slot)
{
    return cte_ptr(mdb_get_prev(slot->mdb));
}

/* Boot: puts an original cap without a parent into an empty slot. */
void mdb_insert_root(cte_t *slot, cap_t cap);

/* Retype: puts a new object's original cap in an empty slot, as a child of
 * the untyped in `parent` (seL4 insertNewCap). */
void mdb_insert_new(cte_t *parent, cte_t *slot, cap_t cap);

/* Copy/Mint: puts cap, derived from src's cap, in the empty slot dest right
 * after src (seL4 cteInsert). */
void mdb_insert_child(cap_t cap, cte_t *src, cte_t *dest);

/* Links `slot` into the tree right after `prev`. */
static inline void mdb_link_after(cte_t *prev, cte_t *slot)
{
    cte_t *next = mdb_next_slot(prev);
    slot->mdb = mdb_set_prev(slot->mdb, cte_ref(prev));
    slot->mdb = mdb_set_next(slot->mdb, cte_ref(next));
    prev->mdb = mdb_set_next(prev->mdb, cte_ref(slot));
    if (next) {
        next->mdb = mdb_set_prev(next->mdb, cte_ref(slot));
    }
}

/* mdb_insert_child for a reply cap under its thread's master reply cap
 * (never revocable, no untyped to mark): the IPC fast path's. */
static inline void mdb_insert_reply(cap_t cap, cte_t *master, cte_t *dest)
{
    assert(cap_get_type(dest->cap) == CAP_NULL);
    dest->cap = cap;
    dest->mdb = mdb_null();
    mdb_link_after(master, dest);
}

/* Puts cap in the empty slot dest, taking over src's place in the tree. */
void mdb_move(cap_t cap, cte_t *src, cte_t *dest);

/* Exchanges two slots' places in the tree, storing cap1 in slot2 and cap2
 * in slot1. */
void mdb_swap(cap_t cap1, cte_t *slot1, cap_t cap2, cte_t *slot2);

/* Unlinks a slot and empties it (the list part of seL4's emptySlot). */
void mdb_remove(cte_t *slot);

bool mdb_is_parent_of(const cte_t *a, const cte_t *b);

/* Whether the slot's cap has children (seL4: not ensureNoChildren). */
bool mdb_has_children(const cte_t *slot);

/* Whether no other cap refers to the same object (seL4 isFinalCapability). */
bool mdb_is_final_cap(const cte_t *slot);
