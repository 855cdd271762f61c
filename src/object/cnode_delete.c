/*
 * Deleting and revoking caps, with seL4's zombie scheme: the last cap to a
 * CNode or TCB turns into a zombie covering the object's slots, which are
 * then emptied one at a time from the last, with a preemption point after
 * each. Deleting a cap inside a zombie's slots ("deferred" delete, seL4's
 * cteDelete(slot, false)) never descends further: a CNode or TCB found there has
 * its zombie parked in its own first slot (a "cyclic" zombie), reached
 * again when the untyped it came from is revoked. So the call graph is
 * cte_delete -> zombie_reduce -> cte_delete_deferred, with no recursion.
 */
#include <kernel/cdt.h>
#include <kernel/preemption.h>
#include <object/cnode.h>

/* Whether finalisation left nothing that still needs the slot. */
static bool cap_removable(cap_t remainder, const cte_t *slot)
{
    if (cap_get_type(remainder) == CAP_NULL) {
        return true;
    }
    assert(cap_get_type(remainder) == CAP_ZOMBIE);
    word_t number = cap_zombie_get_number(remainder);
    return number == 0 || (number == 1 && cap_zombie_get_slots(remainder) == cte_ref(slot));
}

static bool cap_cyclic_zombie(cap_t cap, const cte_t *slot)
{
    return cap_get_type(cap) == CAP_ZOMBIE && cap_zombie_get_slots(cap) == cte_ref(slot);
}

static void cte_empty(cte_t *slot, cap_t cleanup)
{
    if (!cte_is_empty(slot)) {
        mdb_remove(slot);
        cap_post_deletion(cleanup);
    }
}

/* Finalises the slot's cap once. True when the slot can now be emptied;
 * otherwise the slot holds the zombie still to be reduced. */
static bool finalise_step(cte_t *slot, cap_t *cleanup)
{
    finalise_result_t r = cap_finalise(slot->cap, mdb_is_final_cap(slot));
    *cleanup = r.cleanup;
    if (cap_removable(r.remainder, slot)) {
        return true;
    }
    slot->cap = r.remainder;
    return false;
}

/* Deferred delete (inside a zombie's slots): a zombie found here is moved
 * into its own first slot, and the cap that was there is deleted here. */
static exception_t cte_delete_deferred(cte_t *slot)
{
    while (!cte_is_empty(slot)) {
        cap_t cleanup;
        if (finalise_step(slot, &cleanup)) {
            cte_empty(slot, cleanup);
            return EXCEPTION_NONE;
        }
        if (cap_cyclic_zombie(slot->cap, slot)) {
            return EXCEPTION_NONE; /* already parked in its own slots */
        }
        cte_t *first = cte_ptr(cap_zombie_get_slots(slot->cap));
        assert(!cap_cyclic_zombie(first->cap, first));
        mdb_swap(first->cap, first, slot->cap, slot);
        exception_t status = preemption_point();
        if (status != EXCEPTION_NONE) {
            return status;
        }
    }
    return EXCEPTION_NONE;
}

/* Empties the last slot the zombie in `slot` covers, then shrinks it. */
static exception_t zombie_reduce(cte_t *slot)
{
    cap_t zombie = slot->cap;
    pptr_t slots = cap_zombie_get_slots(zombie);
    word_t number = cap_zombie_get_number(zombie);
    assert(number > 0);
    cte_t *last = cte_ptr(slots + (number - 1) * (word_t)sizeof(cte_t));

    exception_t status = cte_delete_deferred(last);
    if (status != EXCEPTION_NONE) {
        return status;
    }
    cap_t now = slot->cap;
    if (cap_get_type(now) == CAP_ZOMBIE && cap_zombie_get_slots(now) == slots &&
        cap_zombie_get_number(now) == number &&
        cap_zombie_get_type(now) == cap_zombie_get_type(zombie)) {
        assert(cte_is_empty(last));
        slot->cap = cap_zombie_set_number(now, number - 1);
    } else {
        /* The slot was itself among the deleted ones: it is now empty, or
         * holds another object's parked zombie. */
        assert(cap_get_type(now) == CAP_NULL || cap_cyclic_zombie(now, slot));
    }
    return EXCEPTION_NONE;
}

exception_t cte_delete(cte_t *slot)
{
    cap_t cleanup = cap_null_new();
    while (!cte_is_empty(slot)) {
        if (finalise_step(slot, &cleanup)) {
            break;
        }
        exception_t status = zombie_reduce(slot);
        if (status == EXCEPTION_NONE) {
            status = preemption_point();
        }
        if (status != EXCEPTION_NONE) {
            return status;
        }
        cleanup = cap_null_new();
    }
    cte_empty(slot, cleanup);
    return EXCEPTION_NONE;
}

exception_t cte_revoke(cte_t *slot)
{
    cte_t *next;
    while ((next = mdb_next_slot(slot)) != NULL && mdb_is_parent_of(slot, next)) {
        exception_t status = cte_delete(next);
        if (status == EXCEPTION_NONE) {
            status = preemption_point();
        }
        if (status != EXCEPTION_NONE) {
            return status;
        }
    }
    return EXCEPTION_NONE;
}

void cte_delete_one(cte_t *slot)
{
    if (cte_is_empty(slot)) {
        return;
    }
    finalise_result_t r = cap_finalise_immediate(slot->cap, mdb_is_final_cap(slot));
    assert(cap_get_type(r.remainder) == CAP_NULL && cap_get_type(r.cleanup) == CAP_NULL);
    cte_empty(slot, cap_null_new());
}
