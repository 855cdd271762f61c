/*
 * Untyped_Retype: every object type, every error with its details, the
 * watermark (alignment, reset once the children are gone, clearing of
 * memory, preemptible reset) and the fan-out limit.
 */
#include <string.h>

#include <kernel/sched.h>

#include "fixture.h"

#define DEST SLOT_FREE

static word_t retype_mrs[6];

/* A Retype message with the root CNode as destination (depth 0). */
static result_t retype_raw(word_t untyped, word_t length, word_t type, word_t size, word_t index,
                           word_t depth, word_t offset, word_t count)
{
    word_t mrs[] = { type, size, index, depth, offset, count };
    for (word_t i = 0; i < 6; i++) {
        retype_mrs[i] = mrs[i];
    }
    return untyped_call(slot(untyped), UntypedRetype, length, retype_mrs, slot(SLOT_CNODE));
}

/* A new object's memory is zero, but for what tcb_init gives a TCB as
 * seL4 makes one: a user-mode CPSR and a full time slice. */
static bool object_is_fresh(cap_t cap, word_t bits)
{
    pptr_t base = cap_get_ptr(cap);
    if (cap_get_type(cap) != CAP_THREAD) {
        return memory_is(base, BIT(bits), 0);
    }
    tcb_t tcb;
    memcpy(&tcb, tcb_ptr(base), sizeof(tcb));
    bool initialised = tcb.context.regs[REG_CPSR] == CPSR_USER &&
                       tcb.time_slice == TIME_SLICE_TICKS && tcb.state == THREAD_INACTIVE;
    tcb.context.regs[REG_CPSR] = 0;
    tcb.time_slice = 0;
    tcb.debug_prev = tcb.debug_next = 0; /* links of the kernel's list of all TCBs */
    const unsigned char *rest = (const unsigned char *)&tcb;
    for (word_t i = 0; i < sizeof(tcb); i++) {
        initialised = initialised && rest[i] == 0;
    }
    word_t end = TCB_OFFSET + (word_t)sizeof(tcb);
    return initialised && memory_is(base, TCB_OFFSET, 0) &&
           memory_is(base + end, BIT(bits) - end, 0);
}

static word_t free_index(word_t untyped)
{
    return cap_untyped_get_free_index(slot(untyped)->cap);
}

TEST(retype_makes_every_object_type)
{
    static const struct {
        word_t type, size, cap_type, size_bits;
    } kinds[] = {
        { OBJ_UNTYPED, 12, CAP_UNTYPED, 12 },
        { OBJ_TCB, 0, CAP_THREAD, 10 },
        { OBJ_ENDPOINT, 0, CAP_ENDPOINT, 4 },
        { OBJ_NOTIFICATION, 0, CAP_NOTIFICATION, 4 },
        { OBJ_CNODE, 5, CAP_CNODE, 9 },
        { OBJ_ARM_PAGE_DIRECTORY, 0, CAP_PAGE_DIRECTORY, 14 },
        { OBJ_ARM_SMALL_PAGE, 0, CAP_SMALL_FRAME, 12 },
        { OBJ_ARM_LARGE_PAGE, 0, CAP_FRAME, 16 },
        { OBJ_ARM_SECTION, 0, CAP_FRAME, 20 },
        { OBJ_ARM_PAGE_TABLE, 0, CAP_PAGE_TABLE, 10 },
    };
    CHECK_EQ(ARRAY_SIZE(kinds), OBJ_TYPE_COUNT - 1); /* supersections: below */
    for (word_t i = 0; i < ARRAY_SIZE(kinds); i++) {
        word_t index = DEST + 2 * i;
        CHECK_OK(do_retype(SLOT_UNTYPED, kinds[i].type, kinds[i].size, index, 2));
        for (word_t j = 0; j < 2; j++) {
            cte_t *s = slot(index + j);
            word_t bits = cap_get_size_bits(s->cap);
            CHECK_EQ(cap_get_type(s->cap), kinds[i].cap_type);
            CHECK_EQ(bits, kinds[i].size_bits);
            CHECK(IS_ALIGNED(cap_get_ptr(s->cap), bits));
            CHECK(object_is_fresh(s->cap, bits));
            CHECK(mdb_get_revocable(s->mdb));
            CHECK(mdb_get_first_badged(s->mdb));
            CHECK(mdb_is_parent_of(slot(SLOT_UNTYPED), s));
        }
        /* the second object follows the first */
        CHECK_EQ(cap_get_ptr(slot(index + 1)->cap),
                 cap_get_ptr(slot(index)->cap) + BIT(kinds[i].size_bits));
    }
}

TEST(retype_a_supersection_takes_the_whole_16_mib_untyped)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_SUPER_SECTION, 0, DEST, 1));
    cap_t frame = slot(DEST)->cap;
    CHECK_EQ(cap_get_type(frame), CAP_FRAME);
    CHECK_EQ(frame_cap_get_size(frame), FRAME_SUPER_SECTION);
    CHECK_EQ(frame_cap_get_base(frame), UNTYPED_PPTR);
    CHECK_EQ(free_index(SLOT_UNTYPED), untyped_max_free_index(UNTYPED_BITS));
    result_t r = do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, DEST + 1, 1);
    CHECK_ERROR(r, ERR_NOT_ENOUGH_MEMORY);
    CHECK_EQ(r.error.memory_left, 0);
}

TEST(retype_new_objects_have_their_initial_state)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, DEST, 1));
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_TCB, 0, DEST + 1, 1));
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_CNODE, 3, DEST + 2, 1));
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_SMALL_PAGE, 0, DEST + 3, 1));
    cap_t ep = slot(DEST)->cap;
    CHECK_EQ(cap_endpoint_get_badge(ep), 0);
    CHECK(cap_endpoint_get_can_send(ep) && cap_endpoint_get_can_receive(ep));
    CHECK(cap_endpoint_get_can_grant(ep) && cap_endpoint_get_can_grant_reply(ep));
    CHECK_EQ(endpoint_ptr(cap_endpoint_get_ptr(ep))->state, EP_IDLE);
    tcb_t *tcb = tcb_in(DEST + 1);
    CHECK_EQ(tcb->state, THREAD_INACTIVE);
    for (word_t i = 0; i < TCB_CNODE_ENTRIES; i++) {
        CHECK(cte_is_empty(tcb_slot(tcb, i)));
    }
    cap_t cn = slot(DEST + 2)->cap;
    CHECK_EQ(cap_cnode_get_radix(cn), 3);
    CHECK_EQ(cap_cnode_get_guard_size(cn), 0);
    cap_t frame = slot(DEST + 3)->cap;
    CHECK_EQ(frame_cap_get_rights(frame), VM_READ_WRITE);
    CHECK_EQ(frame_cap_get_mapped_asid(frame), ASID_INVALID);
    CHECK(!frame_cap_get_is_device(frame));
    CHECK_EQ(hooks.init_object, 1);
}

TEST(retype_first_use_clears_the_untyped_from_boot)
{
    /* boot hands the untyped out full of garbage and marked full */
    CHECK_EQ(free_index(SLOT_UNTYPED), untyped_max_free_index(UNTYPED_BITS));
    CHECK(memory_is(UNTYPED_PPTR, 4096, GARBAGE));
    unsigned restarts = 0;
    test_preempt_every(1);
    result_t r = UNTIL_DONE(do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, DEST, 1), restarts);
    CHECK_OK(r);
    CHECK(restarts > 100); /* 16 MiB in 256-byte chunks, preempted often */
    CHECK(memory_is(UNTYPED_PPTR, BIT(UNTYPED_BITS), 0));
    CHECK_EQ(free_index(SLOT_UNTYPED), 1);
}

TEST(retype_watermark_aligns_each_object_to_its_size)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, DEST, 1));
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_TCB, 0, DEST + 1, 1));
    CHECK_EQ(cap_thread_get_tcb(slot(DEST + 1)->cap), UNTYPED_PPTR + 1024);
    CHECK_EQ(free_index(SLOT_UNTYPED), untyped_offset_to_free_index(2048));
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_NOTIFICATION, 0, DEST + 2, 1));
    CHECK_EQ(cap_notification_get_ptr(slot(DEST + 2)->cap), UNTYPED_PPTR + 2048);
}

TEST(retype_256_objects_at_once)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_CNODE, 8, DEST, 1));
    word_t mrs[] = { OBJ_ENDPOINT, 0, DEST, 32, 0, 256 };
    CHECK_OK(untyped_call(slot(SLOT_UNTYPED), UntypedRetype, 6, mrs, slot(SLOT_CNODE)));
    cap_t cn = slot(DEST)->cap;
    for (word_t i = 0; i < 256; i++) {
        CHECK_EQ(cap_get_type(cnode_slot(cn, i)->cap), CAP_ENDPOINT);
    }
}

TEST(retype_wrong_label_is_illegal_operation)
{
    word_t mrs[] = { OBJ_ENDPOINT, 0, 0, 0, DEST, 1 };
    CHECK_ERROR(untyped_call(slot(SLOT_UNTYPED), CNodeCopy, 6, mrs, slot(SLOT_CNODE)),
                ERR_ILLEGAL_OPERATION);
}

TEST(retype_truncated_message)
{
    CHECK_ERROR(retype_raw(SLOT_UNTYPED, 5, OBJ_ENDPOINT, 0, 0, 0, DEST, 1), ERR_TRUNCATED_MESSAGE);
    word_t mrs[] = { OBJ_ENDPOINT, 0, 0, 0, DEST, 1 };
    CHECK_ERROR(untyped_call(slot(SLOT_UNTYPED), UntypedRetype, 6, mrs, NULL),
                ERR_TRUNCATED_MESSAGE);
}

TEST(retype_unknown_type_is_invalid_argument_0)
{
    const word_t types[] = { OBJ_TYPE_COUNT, 0xffffffffu, 65534 /* seL4_ARM_VCPUObject */ };
    for (word_t i = 0; i < ARRAY_SIZE(types); i++) {
        result_t r = do_retype(SLOT_UNTYPED, types[i], 0, DEST, 1);
        CHECK_ERROR(r, ERR_INVALID_ARGUMENT);
        CHECK_EQ(r.error.invalid_argument_number, 0);
    }
}

TEST(retype_huge_sizes_are_range_errors)
{
    const word_t sizes[] = { 0x80000000u, 32, 31, 30, 0xffffffffu };
    const word_t types[] = { OBJ_UNTYPED, OBJ_CNODE };
    for (word_t t = 0; t < ARRAY_SIZE(types); t++) {
        for (word_t i = 0; i < ARRAY_SIZE(sizes); i++) {
            result_t r = do_retype(SLOT_UNTYPED, types[t], sizes[i], DEST, 1);
            CHECK_ERROR(r, ERR_RANGE);
            CHECK_EQ(r.error.range_min, 0);
            CHECK_EQ(r.error.range_max, 29);
        }
    }
    /* a CNode of 2^26 slots is 2^30 bytes */
    CHECK_ERROR(do_retype(SLOT_UNTYPED, OBJ_CNODE, 26, DEST, 1), ERR_RANGE);
    /* 2^29 is allowed by size but does not fit */
    CHECK_ERROR(do_retype(SLOT_UNTYPED, OBJ_UNTYPED, 29, DEST, 1), ERR_NOT_ENOUGH_MEMORY);
    CHECK(cte_is_empty(slot(DEST)));
}

TEST(retype_cnode_of_one_slot_is_invalid_argument_1)
{
    result_t r = do_retype(SLOT_UNTYPED, OBJ_CNODE, 0, DEST, 1);
    CHECK_ERROR(r, ERR_INVALID_ARGUMENT);
    CHECK_EQ(r.error.invalid_argument_number, 1);
}

TEST(retype_untyped_smaller_than_16_bytes_is_invalid_argument_1)
{
    result_t r = do_retype(SLOT_UNTYPED, OBJ_UNTYPED, 3, DEST, 1);
    CHECK_ERROR(r, ERR_INVALID_ARGUMENT);
    CHECK_EQ(r.error.invalid_argument_number, 1);
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_UNTYPED, 4, DEST, 1));
}

TEST(retype_destination_that_is_not_a_cnode_is_failed_lookup)
{
    /* resolve node index SLOT_TCB at depth 32: a thread cap */
    result_t r = retype_raw(SLOT_UNTYPED, 6, OBJ_ENDPOINT, 0, SLOT_TCB, 32, 0, 1);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(!r.error.failed_lookup_was_source);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_MISSING_CAPABILITY);
    CHECK_EQ(r.error.lookup_fault.bits_left, 32);
    /* an empty slot likewise */
    r = retype_raw(SLOT_UNTYPED, 6, OBJ_ENDPOINT, 0, DEST, 32, 0, 1);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    /* a root that is not a CNode at depth 0 */
    word_t mrs[] = { OBJ_ENDPOINT, 0, 0, 0, 0, 1 };
    r = untyped_call(slot(SLOT_UNTYPED), UntypedRetype, 6, mrs, slot(SLOT_TCB));
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_MISSING_CAPABILITY);
    CHECK_EQ(r.error.lookup_fault.bits_left, 0);
}

TEST(retype_destination_lookup_errors_pass_through)
{
    result_t r = retype_raw(SLOT_UNTYPED, 6, OBJ_ENDPOINT, 0, SLOT_CNODE, 33, 0, 1);
    CHECK_ERROR(r, ERR_RANGE);
    r = retype_raw(SLOT_UNTYPED, 6, OBJ_ENDPOINT, 0, 0xffffffffu, 32, 0, 1);
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK_EQ(r.error.lookup_fault.type, LOOKUP_GUARD_MISMATCH);
    /* through a nested CNode: depth 32 reaches the root cap's own slot */
    CHECK_OK(retype_raw(SLOT_UNTYPED, 6, OBJ_ENDPOINT, 0, SLOT_CNODE, 32, DEST, 1));
}

TEST(retype_node_offset_beyond_the_cnode_is_range_error)
{
    result_t r = do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, BIT(ROOT_RADIX), 1);
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_min, 0);
    CHECK_EQ(r.error.range_max, BIT(ROOT_RADIX) - 1);
    CHECK_ERROR(do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, 0xffffffffu, 1), ERR_RANGE);
}

TEST(retype_count_outside_1_to_256_is_range_error)
{
    const word_t counts[] = { 0, 257, 0xffffffffu };
    for (word_t i = 0; i < ARRAY_SIZE(counts); i++) {
        result_t r = do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, 0, counts[i]);
        CHECK_ERROR(r, ERR_RANGE);
        CHECK_EQ(r.error.range_min, 1);
        CHECK_EQ(r.error.range_max, 256);
    }
}

TEST(retype_window_past_the_cnode_end_is_range_error)
{
    result_t r = do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, 250, 7);
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_min, 1);
    CHECK_EQ(r.error.range_max, 6);
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, 250, 6));
}

TEST(retype_into_occupied_slots_is_delete_first)
{
    /* including the untyped's own slot */
    CHECK_ERROR(do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, SLOT_UNTYPED, 1), ERR_DELETE_FIRST);
    CHECK_ERROR(do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, 0, 16), ERR_DELETE_FIRST);
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, DEST + 3, 1));
    CHECK_ERROR(do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, DEST, 4), ERR_DELETE_FIRST);
    CHECK(cte_is_empty(slot(DEST)));
}

TEST(retype_more_than_fits_is_not_enough_memory)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_UNTYPED, 12, DEST, 1));
    CHECK_OK(do_retype(DEST, OBJ_TCB, 0, DEST + 1, 1));
    result_t r = do_retype(DEST, OBJ_TCB, 0, DEST + 2, 4);
    CHECK_ERROR(r, ERR_NOT_ENOUGH_MEMORY);
    CHECK_EQ(r.error.memory_left, 3072);
    CHECK(cte_is_empty(slot(DEST + 2)));
    CHECK_OK(do_retype(DEST, OBJ_TCB, 0, DEST + 2, 3));
    r = do_retype(DEST, OBJ_ENDPOINT, 0, DEST + 5, 1);
    CHECK_ERROR(r, ERR_NOT_ENOUGH_MEMORY);
    CHECK_EQ(r.error.memory_left, 0);
}

TEST(retype_device_untyped_makes_only_frames_and_untypeds)
{
    const word_t kernel_types[] = { OBJ_TCB,   OBJ_ENDPOINT,       OBJ_NOTIFICATION,
                                    OBJ_CNODE, OBJ_ARM_PAGE_TABLE, OBJ_ARM_PAGE_DIRECTORY };
    for (word_t i = 0; i < ARRAY_SIZE(kernel_types); i++) {
        result_t r = do_retype(SLOT_DEVICE_UNTYPED, kernel_types[i], 4, DEST, 1);
        CHECK_ERROR(r, ERR_INVALID_ARGUMENT);
        CHECK_EQ(r.error.invalid_argument_number, 1);
    }
    CHECK_OK(do_retype(SLOT_DEVICE_UNTYPED, OBJ_ARM_SMALL_PAGE, 0, DEST, 1));
    CHECK(frame_cap_get_is_device(slot(DEST)->cap));
    CHECK_OK(do_retype(SLOT_DEVICE_UNTYPED, OBJ_UNTYPED, 16, DEST + 1, 1));
    CHECK(cap_untyped_get_is_device(slot(DEST + 1)->cap));
    CHECK_OK(do_retype(DEST + 1, OBJ_ARM_LARGE_PAGE, 0, DEST + 2, 1));
    /* device memory is never cleared */
    CHECK(memory_is(DEVICE_UNTYPED_PPTR, BIT(DEVICE_UNTYPED_BITS), GARBAGE));
}

TEST(retype_reuses_memory_once_every_child_is_gone)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ENDPOINT, 0, DEST, 3));
    pptr_t first = cap_endpoint_get_ptr(slot(DEST)->cap);
    CHECK_OK(do_delete(DEST));
    CHECK_OK(do_delete(DEST + 1));
    memset(pptr_to_ptr(first), GARBAGE, 32); /* dirty the freed memory */
    /* a child remains: allocation continues above the watermark */
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_NOTIFICATION, 0, DEST, 1));
    CHECK_EQ(cap_notification_get_ptr(slot(DEST)->cap), first + 48);
    CHECK_OK(do_delete(DEST));
    CHECK_OK(do_delete(DEST + 2));
    /* no children: the whole untyped is free again, and cleared */
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_NOTIFICATION, 0, DEST, 1));
    CHECK_EQ(cap_notification_get_ptr(slot(DEST)->cap), UNTYPED_PPTR);
    CHECK(memory_is(first, 32, 0));
}

TEST(retype_many_objects_revoke_and_retype_the_full_size_again)
{
    /* a 1 MiB untyped carved into TCBs, CNodes, endpoints, frames, and a
     * child untyped with its own objects */
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_UNTYPED, 20, DEST, 1));
    word_t ut = DEST;
    CHECK_OK(do_retype(ut, OBJ_CNODE, 8, DEST + 1, 1)); /* holds more caps */
    word_t mrs[] = { OBJ_ENDPOINT, 0, DEST + 1, 32, 0, 256 };
    CHECK_OK(untyped_call(slot(ut), UntypedRetype, 6, mrs, slot(SLOT_CNODE)));
    CHECK_OK(do_retype(ut, OBJ_TCB, 0, DEST + 2, 100));
    CHECK_OK(do_retype(ut, OBJ_ARM_SMALL_PAGE, 0, DEST + 102, 50));
    CHECK_OK(do_retype(ut, OBJ_UNTYPED, 16, DEST + 152, 1));
    CHECK_OK(do_retype(DEST + 152, OBJ_NOTIFICATION, 0, DEST + 153, 64));
    CHECK_OK(do_mint(DEST + 217, DEST + 153, 0xf, 77));
    CHECK_OK(do_copy(DEST + 218, DEST + 1, 0xf));
    CHECK_ERROR(do_retype(ut, OBJ_UNTYPED, 20, DEST + 219, 1), ERR_NOT_ENOUGH_MEMORY);

    unsigned restarts = 0;
    test_preempt_every(3);
    CHECK_OK(UNTIL_DONE(do_revoke(ut), restarts));
    test_preempt_every(0);
    CHECK(restarts > 10);
    for (word_t i = DEST + 1; i < DEST + 219; i++) {
        CHECK(cte_is_empty(slot(i)));
    }
    CHECK(!mdb_has_children(slot(ut)));
    CHECK_OK(do_retype(ut, OBJ_UNTYPED, 20, DEST + 1, 1));
    CHECK_EQ(cap_untyped_get_ptr(slot(DEST + 1)->cap), cap_untyped_get_ptr(slot(ut)->cap));
    CHECK(memory_is(cap_untyped_get_ptr(slot(ut)->cap), BIT(20), 0));
}

TEST(retype_from_a_child_untyped_nests_in_the_cdt)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_UNTYPED, 14, DEST, 1));
    CHECK_OK(do_retype(DEST, OBJ_ENDPOINT, 0, DEST + 1, 2));
    CHECK(mdb_is_parent_of(slot(DEST), slot(DEST + 1)));
    CHECK(mdb_is_parent_of(slot(SLOT_UNTYPED), slot(DEST + 1)));
    CHECK_ERROR(do_copy(DEST + 3, DEST, 0xf), ERR_REVOKE_FIRST);
    CHECK_OK(do_revoke(SLOT_UNTYPED));
    CHECK(cte_is_empty(slot(DEST)));
    CHECK(cte_is_empty(slot(DEST + 1)));
}

TEST(retype_preempted_reset_resumes_where_it_stopped)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_UNTYPED, 16, DEST, 1));
    CHECK_OK(do_retype(DEST, OBJ_ARM_LARGE_PAGE, 0, DEST + 1, 1));
    memset(pptr_to_ptr(cap_get_ptr(slot(DEST + 1)->cap)), GARBAGE, BIT(16));
    CHECK_OK(do_delete(DEST + 1));
    test_preempt_every(1);
    /* first attempt: preempted part way, with the top of the memory cleared */
    result_t r = do_retype(DEST, OBJ_ENDPOINT, 0, DEST + 1, 1);
    CHECK_EQ(r.status, EXCEPTION_PREEMPTED);
    word_t left = untyped_free_index_to_offset(free_index(DEST));
    CHECK(left > 0 && left < BIT(16));
    pptr_t base = cap_untyped_get_ptr(slot(DEST)->cap);
    CHECK(memory_is(base + left, BIT(16) - left, 0));
    CHECK(cte_is_empty(slot(DEST + 1)));
    unsigned restarts = 0;
    CHECK_OK(UNTIL_DONE(do_retype(DEST, OBJ_ENDPOINT, 0, DEST + 1, 1), restarts));
    CHECK(memory_is(base + 16, BIT(16) - 16, 0));
    CHECK_EQ(cap_endpoint_get_ptr(slot(DEST + 1)->cap), base);
}

TEST(retype_small_untyped_resets_in_one_step)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_UNTYPED, 6, DEST, 1));
    CHECK_OK(do_retype(DEST, OBJ_ENDPOINT, 0, DEST + 1, 4));
    CHECK_OK(do_revoke(DEST));
    memset(pptr_to_ptr(cap_get_ptr(slot(DEST)->cap)), GARBAGE, 64);
    CHECK_OK(do_retype(DEST, OBJ_NOTIFICATION, 0, DEST + 1, 4));
    CHECK(memory_is(cap_get_ptr(slot(DEST)->cap), 64, 0));
}
