/*
 * CSpace lookup: walks guarded CNodes level by level, without recursion
 * (each level consumes at least one bit, so at most 32 levels), with seL4's
 * resolveAddressBits semantics and lookup-fault details.
 */
#include <kernel/cspace.h>
#include <object/tcb.h>

/* Bits [n_bits - width, n_bits) of cptr. */
static word_t cptr_bits(cptr_t cptr, word_t n_bits, word_t width)
{
    if (width == 0) {
        return 0;
    }
    return bitfield_get(cptr, n_bits - width, width, 0);
}

static resolve_result_t resolve_fault(lookup_fault_t fault)
{
    return (resolve_result_t){ .ok = false, .fault = fault };
}

resolve_result_t cspace_resolve_address_bits(cap_t node_cap, cptr_t cptr, word_t n_bits)
{
    assert(n_bits <= WORD_BITS);
    if (cap_get_type(node_cap) != CAP_CNODE) {
        return resolve_fault(lookup_fault_invalid_root());
    }
    cte_t *slot = n_bits == WORD_BITS ? cspace_lookup_whole_word(node_cap, cptr) : NULL;
    if (slot != NULL) {
        return (resolve_result_t){ .ok = true, .slot = slot, .bits_remaining = 0 };
    }
    for (;;) {
        word_t radix = cap_cnode_get_radix(node_cap);
        word_t guard_size = cap_cnode_get_guard_size(node_cap);
        word_t guard = cap_cnode_get_guard(node_cap);
        word_t level_bits = radix + guard_size;
        assert(radix > 0); /* Retype never makes a CNode of one slot */

        if (guard_size > n_bits || cptr_bits(cptr, n_bits, guard_size) != guard) {
            /* seL4 reports the CNode's guard as the guard found */
            return resolve_fault(lookup_fault_guard_mismatch(guard, n_bits, guard_size));
        }
        if (level_bits > n_bits) {
            return resolve_fault(lookup_fault_depth_mismatch(level_bits, n_bits));
        }
        word_t index = cptr_bits(cptr, n_bits - guard_size, radix);
        slot = cte_ptr(cap_cnode_get_ptr(node_cap) + index * (word_t)sizeof(cte_t));
        n_bits -= level_bits;
        if (n_bits == 0 || cap_get_type(slot->cap) != CAP_CNODE) {
            return (resolve_result_t){ .ok = true, .slot = slot, .bits_remaining = n_bits };
        }
        node_cap = slot->cap;
    }
}

resolve_result_t cspace_lookup_slot(const struct tcb *thread, cptr_t cptr)
{
    return cspace_resolve_address_bits(tcb_slot(thread, TCB_CTABLE)->cap, cptr, WORD_BITS);
}

static slot_result_t lookup_slot_for_cnode_op(bool is_source, cap_t root, cptr_t cptr, word_t depth)
{
    slot_result_t r = { .slot = NULL };
    if (cap_get_type(root) != CAP_CNODE) {
        r.error = syscall_error_failed_lookup(is_source, lookup_fault_invalid_root());
        return r;
    }
    if (depth < 1 || depth > WORD_BITS) {
        r.error = syscall_error_range(1, WORD_BITS);
        return r;
    }
    resolve_result_t res = cspace_resolve_address_bits(root, cptr, depth);
    if (!res.ok) {
        r.error = syscall_error_failed_lookup(is_source, res.fault);
    } else if (res.bits_remaining != 0) {
        /* the walk ended at a non-CNode cap before using all the bits */
        r.error = syscall_error_failed_lookup(is_source,
                                              lookup_fault_depth_mismatch(0, res.bits_remaining));
    } else {
        r.slot = res.slot;
    }
    return r;
}

slot_result_t cspace_lookup_source_slot(cap_t root, cptr_t cptr, word_t depth)
{
    return lookup_slot_for_cnode_op(true, root, cptr, depth);
}

slot_result_t cspace_lookup_target_slot(cap_t root, cptr_t cptr, word_t depth)
{
    return lookup_slot_for_cnode_op(false, root, cptr, depth);
}

slot_result_t cspace_lookup_pivot_slot(cap_t root, cptr_t cptr, word_t depth)
{
    return lookup_slot_for_cnode_op(false, root, cptr, depth);
}
