/*
 * CNode invocations: decode (check every argument and look up every slot;
 * seL4's argument order, checks and errors) then perform. Deletion lives in
 * cnode_delete.c, the tree operations in src/kernel/cdt.c.
 */
#include <api/invocation.h>
#include <kernel/cdt.h>
#include <kernel/cspace.h>
#include <object/cnode.h>
#include <object/endpoint.h>

static result_t error(word_t type)
{
    return result_error(syscall_error(type));
}

/* Copy and Mint derive a new cap; Move and Mutate take the source's. */
static result_t decode_cnode_copy_or_move(const invocation_args_t *args, cte_t *dest)
{
    const word_t *mr = args->mrs;
    if (args->length < 4 || args->extra_caps[0] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    if (!cte_is_empty(dest)) {
        return error(ERR_DELETE_FIRST);
    }
    slot_result_t src = cspace_lookup_source_slot(args->extra_caps[0]->cap, mr[2], mr[3]);
    if (src.error.type != ERR_NONE) {
        return result_error(src.error);
    }
    if (cte_is_empty(src.slot)) {
        return result_error(
            syscall_error_failed_lookup(true, lookup_fault_missing_capability(mr[3])));
    }

    cap_t new_cap;
    bool is_move = args->label == CNodeMove || args->label == CNodeMutate;
    if (args->label == CNodeCopy || args->label == CNodeMint) {
        word_t needed = args->label == CNodeCopy ? 5 : 6;
        if (args->length < needed) {
            return error(ERR_TRUNCATED_MESSAGE);
        }
        cap_t cap = cap_mask_rights(mr[4], src.slot->cap);
        if (args->label == CNodeMint) {
            cap = cap_update_data(false, mr[5], cap);
        }
        derive_result_t derived = cap_derive(src.slot, cap);
        if (derived.error.type != ERR_NONE) {
            return result_error(derived.error);
        }
        new_cap = derived.cap;
    } else if (args->label == CNodeMutate) {
        if (args->length < 5) {
            return error(ERR_TRUNCATED_MESSAGE);
        }
        new_cap = cap_update_data(true, mr[4], src.slot->cap);
    } else {
        new_cap = src.slot->cap;
    }
    if (cap_get_type(new_cap) == CAP_NULL) {
        return error(ERR_ILLEGAL_OPERATION); /* not derivable, or data refused */
    }

    if (is_move) {
        cnode_move(new_cap, src.slot, dest);
    } else {
        cnode_insert(new_cap, src.slot, dest);
    }
    return result_ok();
}

static result_t decode_cnode_rotate(const invocation_args_t *args, cte_t *dest)
{
    const word_t *mr = args->mrs;
    if (args->length < 8 || args->extra_caps[0] == NULL || args->extra_caps[1] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    word_t pivot_data = mr[2], pivot_index = mr[3], pivot_depth = mr[4];
    word_t src_data = mr[5], src_index = mr[6], src_depth = mr[7];

    slot_result_t src = cspace_lookup_source_slot(args->extra_caps[1]->cap, src_index, src_depth);
    if (src.error.type != ERR_NONE) {
        return result_error(src.error);
    }
    slot_result_t pivot =
        cspace_lookup_pivot_slot(args->extra_caps[0]->cap, pivot_index, pivot_depth);
    if (pivot.error.type != ERR_NONE) {
        return result_error(pivot.error);
    }
    if (pivot.slot == src.slot || pivot.slot == dest) {
        return error(ERR_ILLEGAL_OPERATION);
    }
    if (src.slot != dest && !cte_is_empty(dest)) {
        return error(ERR_DELETE_FIRST);
    }
    if (cte_is_empty(src.slot)) {
        return result_error(
            syscall_error_failed_lookup(true, lookup_fault_missing_capability(src_depth)));
    }
    if (cte_is_empty(pivot.slot)) {
        return result_error(
            syscall_error_failed_lookup(false, lookup_fault_missing_capability(pivot_depth)));
    }
    cap_t new_src = cap_update_data(true, src_data, src.slot->cap);
    cap_t new_pivot = cap_update_data(true, pivot_data, pivot.slot->cap);
    if (cap_get_type(new_src) == CAP_NULL || cap_get_type(new_pivot) == CAP_NULL) {
        return error(ERR_ILLEGAL_OPERATION);
    }
    cnode_rotate(new_src, new_pivot, src.slot, pivot.slot, dest);
    return result_ok();
}

result_t decode_cnode_invocation(const invocation_args_t *args, cap_t cnode_cap)
{
    if (args->label < CNodeRevoke || args->label > CNodeSaveCaller) {
        return error(ERR_ILLEGAL_OPERATION);
    }
    if (args->length < 2) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    slot_result_t dest = cspace_lookup_target_slot(cnode_cap, args->mrs[0], args->mrs[1]);
    if (dest.error.type != ERR_NONE) {
        return result_error(dest.error);
    }

    switch (args->label) {
    case CNodeCopy:
    case CNodeMint:
    case CNodeMove:
    case CNodeMutate:
        return decode_cnode_copy_or_move(args, dest.slot);
    case CNodeRotate:
        return decode_cnode_rotate(args, dest.slot);
    case CNodeRevoke:
        return result_from(cte_revoke(dest.slot));
    case CNodeDelete:
        return result_from(cte_delete(dest.slot));
    case CNodeSaveCaller:
        if (!cte_is_empty(dest.slot)) {
            return error(ERR_DELETE_FIRST);
        }
        cnode_save_caller(args->thread, dest.slot);
        return result_ok();
    default: /* CNodeCancelBadgedSends */
        if (!cap_has_cancel_send_rights(dest.slot->cap)) {
            return error(ERR_ILLEGAL_OPERATION);
        }
        cnode_cancel_badged_sends(dest.slot->cap);
        return result_ok();
    }
}

void cnode_insert(cap_t cap, cte_t *src, cte_t *dest)
{
    mdb_insert_child(cap, src, dest);
}

void cnode_move(cap_t cap, cte_t *src, cte_t *dest)
{
    mdb_move(cap, src, dest);
}

void cnode_rotate(cap_t src_cap, cap_t pivot_cap, cte_t *src, cte_t *pivot, cte_t *dest)
{
    if (src == dest) {
        mdb_swap(src_cap, src, pivot_cap, pivot); /* src gets pivot's cap and back */
    } else {
        mdb_move(pivot_cap, pivot, dest);
        mdb_move(src_cap, src, pivot);
    }
}

void cnode_save_caller(tcb_t *thread, cte_t *dest)
{
    cte_t *caller = tcb_slot(thread, TCB_CALLER);
    cap_t cap = caller->cap;
    if (cap_get_type(cap) == CAP_NULL) {
        return; /* nobody to reply to: seL4 does nothing either */
    }
    assert(cap_get_type(cap) == CAP_REPLY);
    if (!cap_reply_get_master(cap)) {
        mdb_move(cap, caller, dest);
    }
}

void cnode_cancel_badged_sends(cap_t endpoint_cap)
{
    word_t badge = cap_endpoint_get_badge(endpoint_cap);
    if (badge != 0) {
        endpoint_cancel_badged_sends(endpoint_ptr(cap_endpoint_get_ptr(endpoint_cap)), badge);
    }
}
