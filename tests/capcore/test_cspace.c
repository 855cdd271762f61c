/*
 * CSpace addressing: resolving cptrs through guarded CNodes, and every
 * lookup failure with the details seL4 reports.
 */
#include "fixture.h"

/* A CNode of 2^radix slots retyped into root slot `index`. */
static cap_t make_cnode(word_t index, word_t radix)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_CNODE, radix, index, 1));
    return slot(index)->cap;
}

static syscall_error_t target_error(cap_t root, cptr_t cptr, word_t depth)
{
    slot_result_t r = cspace_lookup_target_slot(root, cptr, depth);
    CHECK(r.error.type != ERR_NONE);
    CHECK(r.slot == NULL);
    return r.error;
}

TEST(cspace_resolves_root_slot_by_index_at_depth_32)
{
    resolve_result_t r = cspace_resolve_address_bits(root_cap(), 5, 32);
    CHECK(r.ok);
    CHECK(r.slot == slot(5));
    CHECK_EQ(r.bits_remaining, 0);
}

TEST(cspace_lookup_slot_uses_the_threads_cspace_root)
{
    resolve_result_t r = cspace_lookup_slot(root_tcb(), SLOT_UNTYPED);
    CHECK(r.ok);
    CHECK(r.slot == slot(SLOT_UNTYPED));
}

TEST(cspace_invalid_root_when_root_is_not_a_cnode)
{
    resolve_result_t r = cspace_resolve_address_bits(slot(SLOT_UNTYPED)->cap, 1, 32);
    CHECK(!r.ok);
    CHECK_EQ(r.fault.type, LOOKUP_INVALID_ROOT);
    syscall_error_t e = target_error(slot(SLOT_TCB)->cap, 1, 32);
    CHECK_EQ(e.type, ERR_FAILED_LOOKUP);
    CHECK_EQ(e.lookup_fault.type, LOOKUP_INVALID_ROOT);
    CHECK(!e.failed_lookup_was_source);
}

TEST(cspace_guard_mismatch_reports_the_cnodes_guard)
{
    /* root: 24 guard bits of 0; set a bit in them */
    resolve_result_t r = cspace_resolve_address_bits(root_cap(), 0x100 | 5, 32);
    CHECK(!r.ok);
    CHECK_EQ(r.fault.type, LOOKUP_GUARD_MISMATCH);
    CHECK_EQ(r.fault.bits_left, 32);
    CHECK_EQ(r.fault.guard_found, 0);
    CHECK_EQ(r.fault.bits_found, 24);
}

TEST(cspace_guard_longer_than_depth_is_guard_mismatch)
{
    resolve_result_t r = cspace_resolve_address_bits(root_cap(), 5, 8);
    CHECK(!r.ok);
    CHECK_EQ(r.fault.type, LOOKUP_GUARD_MISMATCH);
    CHECK_EQ(r.fault.bits_left, 8);
    CHECK_EQ(r.fault.bits_found, 24);
}

TEST(cspace_too_few_bits_for_the_radix_is_depth_mismatch)
{
    /* depth 28: the guard takes 24, leaving 4 for a radix of 8 */
    resolve_result_t r = cspace_resolve_address_bits(root_cap(), 0, 28);
    CHECK(!r.ok);
    CHECK_EQ(r.fault.type, LOOKUP_DEPTH_MISMATCH);
    CHECK_EQ(r.fault.bits_found, 32);
    CHECK_EQ(r.fault.bits_left, 28);
}

TEST(cspace_resolves_through_two_guarded_levels)
{
    /* root slot 16 holds a 2^4 CNode guarded by 0b101 (3 bits):
     * cptr = guard(24 bits 0) | index 16 (8) | guard 101 (3) | index 9 (4)
     * is 39 bits; use a root without guard for a 32-bit path instead. */
    make_cnode(SLOT_FREE, 4);
    CHECK_OK(do_mutate(SLOT_FREE + 1, SLOT_FREE, (0x5u << 8) | (3u << 3)));
    cte_t *leaf = cnode_slot(slot(SLOT_FREE + 1)->cap, 9);
    /* a root cap with no guard: radix 8, then 3 + 4 bits below it */
    cap_t root = cap_cnode_set_guard_size(root_cap(), 0);
    cptr_t cptr = ((SLOT_FREE + 1) << 7) | (0x5u << 4) | 9u;
    resolve_result_t r = cspace_resolve_address_bits(root, cptr, 15);
    CHECK(r.ok);
    CHECK(r.slot == leaf);
    CHECK_EQ(r.bits_remaining, 0);
    /* a wrong second-level guard is reported with the bits left there */
    r = cspace_resolve_address_bits(root, cptr ^ (0x2u << 4), 15);
    CHECK(!r.ok);
    CHECK_EQ(r.fault.type, LOOKUP_GUARD_MISMATCH);
    CHECK_EQ(r.fault.bits_left, 7);
    CHECK_EQ(r.fault.guard_found, 0x5);
    CHECK_EQ(r.fault.bits_found, 3);
}

TEST(cspace_stops_at_a_non_cnode_cap_with_bits_remaining)
{
    cap_t root = cap_cnode_set_guard_size(root_cap(), 0);
    resolve_result_t r = cspace_resolve_address_bits(root, (SLOT_UNTYPED << 8) | 0x42, 16);
    CHECK(r.ok);
    CHECK(r.slot == slot(SLOT_UNTYPED));
    CHECK_EQ(r.bits_remaining, 8);
    /* a CNode operation wants all the bits used: depth mismatch (0, 8) */
    syscall_error_t e = target_error(root, (SLOT_UNTYPED << 8) | 0x42, 16);
    CHECK_EQ(e.type, ERR_FAILED_LOOKUP);
    CHECK_EQ(e.lookup_fault.type, LOOKUP_DEPTH_MISMATCH);
    CHECK_EQ(e.lookup_fault.bits_found, 0);
    CHECK_EQ(e.lookup_fault.bits_left, 8);
}

TEST(cspace_full_32_bit_walk_without_guard_is_well_defined)
{
    /* radix 8 guard 0 at every level: 4 levels of the same CNode */
    cap_t root = cap_cnode_set_guard_size(root_cap(), 0);
    CHECK_OK(do_mint(SLOT_FREE, SLOT_CNODE, 0, 0)); /* slot 16: root, guard size 0 */
    cptr_t cptr = (SLOT_FREE << 24) | (SLOT_FREE << 16) | (SLOT_FREE << 8) | SLOT_UNTYPED;
    resolve_result_t r = cspace_resolve_address_bits(root, cptr, 32);
    CHECK(r.ok);
    CHECK(r.slot == slot(SLOT_UNTYPED));
}

TEST(cspace_cnode_op_depth_out_of_range_is_range_error)
{
    const word_t depths[] = { 0, 33, 0xffffffffu };
    for (word_t i = 0; i < ARRAY_SIZE(depths); i++) {
        syscall_error_t e = target_error(root_cap(), 1, depths[i]);
        CHECK_EQ(e.type, ERR_RANGE);
        CHECK_EQ(e.range_min, 1);
        CHECK_EQ(e.range_max, 32);
    }
    word_t mrs[] = { 1, 33 };
    result_t r = cnode_call(CNodeDelete, 2, mrs, NULL, NULL);
    CHECK_ERROR(r, ERR_RANGE);
}

TEST(cspace_huge_cptrs_resolve_to_nothing)
{
    const cptr_t cptrs[] = { 0xffffffffu, 0x80000000u, 0x100u };
    for (word_t i = 0; i < ARRAY_SIZE(cptrs); i++) {
        word_t mrs[] = { SLOT_FREE, 32, cptrs[i], 32, CAP_RIGHT_READ };
        result_t r = cnode_call(CNodeCopy, 5, mrs, slot(SLOT_CNODE), NULL);
        CHECK_ERROR(r, ERR_FAILED_LOOKUP);
        CHECK(r.error.failed_lookup_was_source);
        CHECK_EQ(r.error.lookup_fault.type, LOOKUP_GUARD_MISMATCH);
    }
}

TEST(cspace_source_and_destination_failures_are_flagged)
{
    slot_result_t s = cspace_lookup_source_slot(slot(SLOT_UNTYPED)->cap, 1, 32);
    CHECK(s.error.failed_lookup_was_source);
    slot_result_t p = cspace_lookup_pivot_slot(slot(SLOT_UNTYPED)->cap, 1, 32);
    CHECK_EQ(p.error.type, ERR_FAILED_LOOKUP);
    CHECK(!p.error.failed_lookup_was_source);
}
