/*
 * Untyped memory and Untyped_Retype. An untyped cap hands out its region
 * from a watermark (the free index, in 2^seL4_MinUntypedBits units) upward;
 * once it has no children, the next retype resets the watermark to 0 and
 * clears the used memory. Memory above the watermark is always zero.
 */
#pragma once

#include <api/failures.h>
#include <object/objecttype.h>

static inline word_t untyped_free_index_to_offset(word_t free_index)
{
    return free_index << MIN_UNTYPED_BITS;
}

static inline word_t untyped_offset_to_free_index(word_t offset)
{
    return offset >> MIN_UNTYPED_BITS;
}

static inline word_t untyped_max_free_index(word_t block_size)
{
    return untyped_offset_to_free_index(BIT(block_size));
}

/* The untyped cap boot hands out: marked full, so its first retype (it has
 * no children) resets it, which clears its memory (seL4 does the same). */
static inline cap_t untyped_cap_for_boot(pptr_t base, word_t size_bits, bool is_device)
{
    return cap_untyped_new(base, size_bits, is_device, untyped_max_free_index(size_bits));
}

/* Decodes and performs an invocation of the untyped cap in slot. */
result_t decode_untyped_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap);

/* A checked Untyped_Retype, ready to perform. */
typedef struct retype_request {
    cte_t *untyped;   /* slot of the untyped cap */
    bool reset;       /* it has no children: reset the watermark first */
    pptr_t base;      /* where the first object goes (aligned) */
    word_t type;      /* enum object_type */
    word_t user_size; /* size argument of variable-sized objects */
    cte_t *dest;      /* first destination slot; count empty slots follow */
    word_t count;
    bool is_device;
} retype_request_t;

/* Performs a retype: cannot fail, but clearing memory may be preempted. */
exception_t untyped_retype(const retype_request_t *req);
