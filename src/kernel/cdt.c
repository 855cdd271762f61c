/*
 * The CDT's list operations: inserting, moving, swapping and removing slots,
 * and the parent test with seL4's badge rules (seL4 manual §3.1.4-5: a
 * badged endpoint or notification cap is the parent only of caps with its
 * badge, minted after it).
 */
#include <kernel/cdt.h>
#include <object/objecttype.h>
#include <object/untyped.h>

/* Points the slot's neighbours at `to` instead of the slot. */
static void mdb_relink_neighbours(mdb_node_t node, cte_t *to)
{
    cte_t *prev = cte_ptr(mdb_get_prev(node));
    cte_t *next = cte_ptr(mdb_get_next(node));
    if (prev) {
        prev->mdb = mdb_set_next(prev->mdb, cte_ref(to));
    }
    if (next) {
        next->mdb = mdb_set_prev(next->mdb, cte_ref(to));
    }
}

static mdb_node_t mdb_original(void)
{
    mdb_node_t node = mdb_set_revocable(mdb_null(), true);
    return mdb_set_first_badged(node, true);
}

void mdb_insert_root(cte_t *slot, cap_t cap)
{
    assert(cap_get_type(slot->cap) == CAP_NULL);
    slot->cap = cap;
    slot->mdb = mdb_original();
}

void mdb_insert_new(cte_t *parent, cte_t *slot, cap_t cap)
{
    assert(cap_get_type(slot->cap) == CAP_NULL);
    slot->cap = cap;
    slot->mdb = mdb_original();
    mdb_link_after(parent, slot);
}

/* Deriving an untyped cap of the same region makes the original one full,
 * so only one of the two can be retyped (seL4 setUntypedCapAsFull). */
static void mdb_mark_untyped_full(cte_t *src, cap_t new_cap)
{
    cap_t src_cap = src->cap;
    if (cap_get_type(src_cap) != CAP_UNTYPED || cap_get_type(new_cap) != CAP_UNTYPED) {
        return;
    }
    if (cap_untyped_get_ptr(src_cap) == cap_untyped_get_ptr(new_cap) &&
        cap_untyped_get_block_size(src_cap) == cap_untyped_get_block_size(new_cap)) {
        word_t full = untyped_max_free_index(cap_untyped_get_block_size(src_cap));
        src->cap = cap_untyped_set_free_index(src_cap, full);
    }
}

void mdb_insert_child(cap_t cap, cte_t *src, cte_t *dest)
{
    bool revocable = cap_is_revocable(cap, src->cap);
    assert(cap_get_type(dest->cap) == CAP_NULL);
    assert(mdb_get_prev(dest->mdb) == 0 && mdb_get_next(dest->mdb) == 0);
    mdb_mark_untyped_full(src, cap);
    dest->cap = cap;
    dest->mdb = mdb_set_first_badged(mdb_set_revocable(mdb_null(), revocable), revocable);
    mdb_link_after(src, dest);
}

void mdb_move(cap_t cap, cte_t *src, cte_t *dest)
{
    mdb_node_t node = src->mdb;
    assert(cap_get_type(dest->cap) == CAP_NULL);
    assert(mdb_get_prev(dest->mdb) == 0 && mdb_get_next(dest->mdb) == 0);
    dest->cap = cap;
    dest->mdb = node;
    src->cap = cap_null_new();
    src->mdb = mdb_null();
    mdb_relink_neighbours(node, dest);
}

void mdb_swap(cap_t cap1, cte_t *slot1, cap_t cap2, cte_t *slot2)
{
    mdb_node_t node1 = slot1->mdb;
    assert(slot1 != slot2);
    slot1->cap = cap2;
    slot2->cap = cap1;
    /* Relink around slot1 first: if the slots are neighbours, the second
     * relink then repairs the link the first one pointed at slot2. */
    mdb_relink_neighbours(node1, slot2);
    mdb_node_t node2 = slot2->mdb;
    slot1->mdb = node2;
    slot2->mdb = node1;
    mdb_relink_neighbours(node2, slot1);
}

void mdb_remove(cte_t *slot)
{
    mdb_node_t node = slot->mdb;
    cte_t *prev = cte_ptr(mdb_get_prev(node));
    cte_t *next = cte_ptr(mdb_get_next(node));
    if (prev) {
        prev->mdb = mdb_set_next(prev->mdb, cte_ref(next));
    }
    if (next) {
        next->mdb = mdb_set_prev(next->mdb, cte_ref(prev));
        /* A badge's first cap leaving hands the mark to its successor, so
         * later copies of the badge stay outside the older badge's subtree. */
        bool first = mdb_get_first_badged(next->mdb) || mdb_get_first_badged(node);
        next->mdb = mdb_set_first_badged(next->mdb, first);
    }
    slot->cap = cap_null_new();
    slot->mdb = mdb_null();
}

static word_t cap_badge(cap_t cap)
{
    return cap_get_type(cap) == CAP_ENDPOINT ? cap_endpoint_get_badge(cap)
                                             : cap_notification_get_badge(cap);
}

bool mdb_is_parent_of(const cte_t *a, const cte_t *b)
{
    if (!mdb_get_revocable(a->mdb) || !cap_same_region_as(a->cap, b->cap)) {
        return false;
    }
    if (arch_cap_children_are_its_copies(a->cap)) {
        return !mdb_get_first_badged(b->mdb);
    }
    word_t type = cap_get_type(a->cap);
    if (type != CAP_ENDPOINT && type != CAP_NOTIFICATION) {
        return true;
    }
    word_t badge = cap_badge(a->cap);
    if (badge == 0) {
        return true;
    }
    return badge == cap_badge(b->cap) && !mdb_get_first_badged(b->mdb);
}

bool mdb_has_children(const cte_t *slot)
{
    const cte_t *next = mdb_next_slot(slot);
    return next != NULL && mdb_is_parent_of(slot, next);
}

bool mdb_is_final_cap(const cte_t *slot)
{
    const cte_t *prev = mdb_prev_slot(slot);
    const cte_t *next = mdb_next_slot(slot);
    if (prev && cap_same_object_as(prev->cap, slot->cap)) {
        return false;
    }
    return next == NULL || !cap_same_object_as(slot->cap, next->cap);
}
