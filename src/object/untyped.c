/*
 * Untyped_Retype: decode with seL4's checks and errors, in seL4's order
 * (seL4 manual "Untyped_Retype"; upstream decodeUntypedInvocation), then
 * reset (preemptible clearing, top down), bump the watermark and create the
 * objects, whose caps become children of the untyped in the CDT.
 */
#include <api/invocation.h>
#include <kernel/cdt.h>
#include <kernel/cspace.h>
#include <kernel/preemption.h>
#include <object/cnode.h>
#include <object/untyped.h>

static void memzero(pptr_t base, word_t bytes)
{
    __builtin_memset(pptr_to_ptr(base), 0, bytes);
}

static result_t error(syscall_error_t e)
{
    return result_error(e);
}

/* Checks the object type and size arguments. */
static syscall_error_t check_object(word_t type, word_t user_size)
{
    if (type >= OBJ_TYPE_COUNT) {
        return syscall_error_invalid_argument(0);
    }
    /* user_size >= 32 first: object_size_bits could wrap around otherwise */
    if (user_size >= WORD_BITS || object_size_bits(type, user_size) > MAX_UNTYPED_BITS) {
        return syscall_error_range(0, MAX_UNTYPED_BITS);
    }
    if (type == OBJ_CNODE && user_size == 0) {
        return syscall_error_invalid_argument(1);
    }
    if (type == OBJ_UNTYPED && user_size < MIN_UNTYPED_BITS) {
        return syscall_error_invalid_argument(1);
    }
    return syscall_error(ERR_NONE);
}

/* Finds the destination CNode: the root itself at depth 0, else a lookup. */
static syscall_error_t find_dest_cnode(cap_t root, word_t index, word_t depth, cap_t *node)
{
    *node = root;
    if (depth != 0) {
        slot_result_t r = cspace_lookup_target_slot(root, index, depth);
        if (r.error.type != ERR_NONE) {
            return r.error;
        }
        *node = r.slot->cap;
    }
    if (cap_get_type(*node) != CAP_CNODE) {
        return syscall_error_failed_lookup(false, lookup_fault_missing_capability(depth));
    }
    return syscall_error(ERR_NONE);
}

static syscall_error_t check_dest_window(cap_t node, word_t offset, word_t count)
{
    word_t node_size = BIT(cap_cnode_get_radix(node));
    if (offset > node_size - 1) {
        return syscall_error_range(0, node_size - 1);
    }
    if (count < 1 || count > RETYPE_MAX_OBJECTS) {
        return syscall_error_range(1, RETYPE_MAX_OBJECTS);
    }
    if (count > node_size - offset) {
        return syscall_error_range(1, node_size - offset);
    }
    for (word_t i = offset; i < offset + count; i++) {
        if (!cte_is_empty(cnode_slot(node, i))) {
            return syscall_error(ERR_DELETE_FIRST);
        }
    }
    return syscall_error(ERR_NONE);
}

result_t decode_untyped_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap)
{
    const word_t *mr = args->mrs;
    if (args->label != UntypedRetype) {
        return error(syscall_error(ERR_ILLEGAL_OPERATION));
    }
    if (args->length < 6 || args->extra_caps[0] == NULL) {
        return error(syscall_error(ERR_TRUNCATED_MESSAGE));
    }
    word_t type = mr[0], user_size = mr[1], node_index = mr[2], node_depth = mr[3];
    word_t node_offset = mr[4], count = mr[5];

    syscall_error_t e = check_object(type, user_size);
    cap_t node;
    if (e.type == ERR_NONE) {
        e = find_dest_cnode(args->extra_caps[0]->cap, node_index, node_depth, &node);
    }
    if (e.type == ERR_NONE) {
        e = check_dest_window(node, node_offset, count);
    }
    if (e.type != ERR_NONE) {
        return error(e);
    }

    /* Without children the whole untyped is free again. */
    bool reset = !mdb_has_children(slot);
    word_t free_offset = reset ? 0 : untyped_free_index_to_offset(cap_untyped_get_free_index(cap));
    word_t free_bytes = BIT(cap_untyped_get_block_size(cap)) - free_offset;
    word_t object_bits = object_size_bits(type, user_size);
    /* Objects are aligned to their size and the untyped to its own, so
     * free_bytes >> object_bits of them fit after aligning up. */
    if ((free_bytes >> object_bits) < count) {
        return error(syscall_error_not_enough_memory(free_bytes));
    }
    bool is_device = cap_untyped_get_is_device(cap);
    if (is_device && !arch_object_type_is_frame(type) && type != OBJ_UNTYPED) {
        return error(syscall_error_invalid_argument(1)); /* kernel objects need RAM */
    }

    pptr_t free_ref = cap_untyped_get_ptr(cap) + free_offset;
    retype_request_t req = {
        .untyped = slot,
        .reset = reset,
        .base = ROUND_UP(free_ref, object_bits),
        .type = type,
        .user_size = user_size,
        .dest = cnode_slot(node, node_offset),
        .count = count,
        .is_device = is_device,
    };
    return result_from(untyped_retype(&req));
}

/* Clears the used part of the untyped, from the top down one chunk per
 * preemption point, lowering the watermark as it goes, so a restarted
 * retype carries on where this one stopped. */
static exception_t untyped_reset(cte_t *slot)
{
    cap_t cap = slot->cap;
    word_t block_size = cap_untyped_get_block_size(cap);
    pptr_t base = cap_untyped_get_ptr(cap);
    word_t offset = untyped_free_index_to_offset(cap_untyped_get_free_index(cap));
    bool is_device = cap_untyped_get_is_device(cap);

    if (offset == 0) {
        return EXCEPTION_NONE;
    }
    if (is_device || block_size < CONFIG_RESET_CHUNK_BITS) {
        if (!is_device) {
            memzero(base, BIT(block_size));
        }
        slot->cap = cap_untyped_set_free_index(cap, 0);
        return EXCEPTION_NONE;
    }
    for (word_t chunk = ROUND_DOWN(offset - 1, CONFIG_RESET_CHUNK_BITS);;
         chunk -= BIT(CONFIG_RESET_CHUNK_BITS)) {
        memzero(base + chunk, BIT(CONFIG_RESET_CHUNK_BITS));
        slot->cap = cap_untyped_set_free_index(cap, untyped_offset_to_free_index(chunk));
        exception_t status = preemption_point();
        if (status != EXCEPTION_NONE || chunk == 0) {
            return status;
        }
    }
}

exception_t untyped_retype(const retype_request_t *req)
{
    if (req->reset) {
        exception_t status = untyped_reset(req->untyped);
        if (status != EXCEPTION_NONE) {
            return status;
        }
    }
    cap_t cap = req->untyped->cap;
    word_t object_bits = object_size_bits(req->type, req->user_size);
    pptr_t end = req->base + (req->count << object_bits);
    word_t used = end - cap_untyped_get_ptr(cap);
    req->untyped->cap = cap_untyped_set_free_index(cap, untyped_offset_to_free_index(used));

    for (word_t i = 0; i < req->count; i++) {
        pptr_t object = req->base + (i << object_bits);
        cap_t new_cap = object_create(req->type, object, req->user_size, req->is_device);
        cte_t *dest = cte_ptr(cte_ref(req->dest) + i * (word_t)sizeof(cte_t));
        mdb_insert_new(req->untyped, dest, new_cap);
    }
    return EXCEPTION_NONE;
}
