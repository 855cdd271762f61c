/*
 * Cap and slot layout: every field of every cap type keeps its value and
 * leaves the others (and the tag) alone; tags are seL4's; zombies, frames
 * and notification objects pack their values as declared; errors reach
 * the message registers in seL4's layout.
 */
#include "fixture.h"

/* Sets one field to all ones on a zeroed cap of its type; checks it reads
 * back, that the tag is intact and every other field of the type is 0. */
#define CHECK_FIELD_ALONE(TAG, KIND, FIELD, WORD, LSB, WIDTH, SHIFT) \
    do {                                                             \
        word_t max = bitfield_mask(WIDTH) << (SHIFT);                \
        cap_t c = cap_##KIND##_set_##FIELD(cap_with_type(TAG), max); \
        CHECK_EQ(cap_get_type(c), (TAG));                            \
        CHECK_EQ(cap_##KIND##_get_##FIELD(c), max);                  \
        CHECK_EQ(bits_set(c), (WIDTH));                              \
        c = cap_##KIND##_set_##FIELD(c, 0);                          \
        CHECK_EQ(c.words[0], cap_with_type(TAG).words[0]);           \
        CHECK_EQ(c.words[1], 0);                                     \
    } while (0);

static word_t bits_set(cap_t c)
{
    cap_t tag_only = cap_with_type(cap_get_type(c));
    return (word_t)__builtin_popcount(c.words[0] ^ tag_only.words[0]) +
           (word_t)__builtin_popcount(c.words[1]);
}

TEST(cap_every_field_is_independent){ CAP_FIELDS(CHECK_FIELD_ALONE)
                                          ARCH_CAP_FIELDS(CHECK_FIELD_ALONE) }

/* The fields of one cap type do not overlap: all set at once, each reads
 * back and the bit count adds up. */
#define SET_MAX(TAG, KIND, FIELD, WORD, LSB, WIDTH, SHIFT)                \
    if (cap_get_type(c) == (TAG)) {                                       \
        c = cap_##KIND##_set_##FIELD(c, bitfield_mask(WIDTH) << (SHIFT)); \
        width += (WIDTH);                                                 \
    }
#define CHECK_MAX(TAG, KIND, FIELD, WORD, LSB, WIDTH, SHIFT)                    \
    if (cap_get_type(c) == (TAG)) {                                             \
        CHECK_EQ(cap_##KIND##_get_##FIELD(c), bitfield_mask(WIDTH) << (SHIFT)); \
    }

TEST(cap_fields_of_a_type_do_not_overlap)
{
    static const word_t types[] = { CAP_UNTYPED,     CAP_ENDPOINT,   CAP_NOTIFICATION,
                                    CAP_REPLY,       CAP_CNODE,      CAP_THREAD,
                                    CAP_IRQ_HANDLER, CAP_ZOMBIE,     CAP_SMALL_FRAME,
                                    CAP_FRAME,       CAP_PAGE_TABLE, CAP_PAGE_DIRECTORY,
                                    CAP_ASID_POOL };
    for (word_t i = 0; i < ARRAY_SIZE(types); i++) {
        cap_t c = cap_with_type(types[i]);
        word_t width = 0;
        CAP_FIELDS(SET_MAX)
        ARCH_CAP_FIELDS(SET_MAX)
        CHECK_EQ(cap_get_type(c), types[i]);
        CHECK_EQ(bits_set(c), width);
        CAP_FIELDS(CHECK_MAX)
        ARCH_CAP_FIELDS(CHECK_MAX)
    }
}

TEST(cap_types_use_sel4_aarch32_tags)
{
    CHECK_EQ(CAP_NULL, 0);
    CHECK_EQ(CAP_UNTYPED, 2);
    CHECK_EQ(CAP_ENDPOINT, 4);
    CHECK_EQ(CAP_NOTIFICATION, 6);
    CHECK_EQ(CAP_REPLY, 8);
    CHECK_EQ(CAP_CNODE, 10);
    CHECK_EQ(CAP_THREAD, 12);
    CHECK_EQ(CAP_IRQ_CONTROL, 14);
    CHECK_EQ(CAP_IRQ_HANDLER, 30);
    CHECK_EQ(CAP_ZOMBIE, 46);
    CHECK_EQ(CAP_DOMAIN, 62);
    CHECK_EQ(CAP_SMALL_FRAME, 1);
    CHECK_EQ(CAP_FRAME, 3);
    CHECK_EQ(CAP_ASID_POOL, 5);
    CHECK_EQ(CAP_PAGE_TABLE, 7);
    CHECK_EQ(CAP_PAGE_DIRECTORY, 9);
    CHECK_EQ(CAP_ASID_CONTROL, 11);
    const word_t all[] = { 0, 2, 4, 6, 8, 10, 12, 14, 30, 46, 62, 1, 3, 5, 7, 9, 11 };
    for (word_t i = 0; i < ARRAY_SIZE(all); i++) {
        CHECK_EQ(cap_get_type(cap_with_type(all[i])), all[i]);
        CHECK_EQ(cap_is_arch(cap_with_type(all[i])), (all[i] & 1) != 0);
    }
}

TEST(slot_is_sixteen_bytes_and_object_sizes_match_abi)
{
    CHECK_EQ(sizeof(cte_t), 16);
    CHECK_EQ(sizeof(endpoint_t), 16);
    CHECK_EQ(sizeof(notification_t), 16);
    CHECK_EQ(object_size_bits(OBJ_TCB, 0), 10);
    CHECK_EQ(object_size_bits(OBJ_ENDPOINT, 0), 4);
    CHECK_EQ(object_size_bits(OBJ_NOTIFICATION, 0), 4);
    CHECK_EQ(object_size_bits(OBJ_CNODE, 3), 7);
    CHECK_EQ(object_size_bits(OBJ_UNTYPED, 12), 12);
    CHECK_EQ(object_size_bits(OBJ_ARM_SMALL_PAGE, 0), 12);
    CHECK_EQ(object_size_bits(OBJ_ARM_LARGE_PAGE, 0), 16);
    CHECK_EQ(object_size_bits(OBJ_ARM_SECTION, 0), 20);
    CHECK_EQ(object_size_bits(OBJ_ARM_SUPER_SECTION, 0), 24);
    CHECK_EQ(object_size_bits(OBJ_ARM_PAGE_TABLE, 0), 10);
    CHECK_EQ(object_size_bits(OBJ_ARM_PAGE_DIRECTORY, 0), 14);
}

TEST(zombie_packs_slot_pointer_and_count)
{
    cap_t z = cap_zombie_new(0xa0100000u, 8, 256);
    CHECK_EQ(cap_zombie_get_slots(z), 0xa0100000u);
    CHECK_EQ(cap_zombie_get_number(z), 256);
    CHECK_EQ(cap_get_size_bits(z), 12);
    z = cap_zombie_set_number(z, 255);
    CHECK_EQ(cap_zombie_get_slots(z), 0xa0100000u);
    CHECK_EQ(cap_zombie_get_number(z), 255);
    cap_t t = cap_zombie_new(0xa0000400u, ZOMBIE_TYPE_TCB, TCB_CNODE_ENTRIES);
    CHECK_EQ(cap_zombie_get_slots(t), 0xa0000400u);
    CHECK_EQ(cap_zombie_get_number(t), TCB_CNODE_ENTRIES);
    CHECK_EQ(cap_get_size_bits(t), TCB_BITS);
}

TEST(frame_cap_keeps_a_17_bit_asid_and_mapping)
{
    cap_t small = cap_frame_new(FRAME_SMALL, 0xa0345000u, VM_READ_WRITE, true);
    cap_t large = cap_frame_new(FRAME_LARGE, 0xa0350000u, VM_READ_ONLY, false);
    small = frame_cap_set_mapping(small, 0x1ffff, 0x9ffff000u);
    large = frame_cap_set_mapping(large, 0x10401, 0x10010000u);
    CHECK_EQ(frame_cap_get_mapped_asid(small), 0x1ffff);
    CHECK_EQ(frame_cap_get_vaddr(small), 0x9ffff000u);
    CHECK_EQ(frame_cap_get_base(small), 0xa0345000u);
    CHECK(frame_cap_get_is_device(small));
    CHECK_EQ(frame_cap_get_rights(small), VM_READ_WRITE);
    CHECK_EQ(frame_cap_get_mapped_asid(large), 0x10401);
    CHECK_EQ(frame_cap_get_vaddr(large), 0x10010000u);
    CHECK_EQ(frame_cap_get_size(large), FRAME_LARGE);
    CHECK_EQ(cap_get_size_bits(large), 16);
    CHECK_EQ(frame_cap_get_rights(large), VM_READ_ONLY);
}

TEST(notification_object_packs_state_with_queue_tail)
{
    notification_t n = { { 0, 0, 0, 0 } };
    n = notification_set_queue(n, (tcb_queue_t){ 0xa0000400u, 0xa0000c00u });
    n = ntfn_set_state(n, NTFN_WAITING);
    n = ntfn_set_msg_identifier(n, 0xffffffffu);
    n = ntfn_set_bound_tcb(n, 0xa0001000u);
    CHECK_EQ(notification_get_queue(n).head, 0xa0000400u);
    CHECK_EQ(notification_get_queue(n).tail, 0xa0000c00u);
    CHECK_EQ(ntfn_get_state(n), NTFN_WAITING);
    CHECK_EQ(ntfn_get_msg_identifier(n), 0xffffffffu);
    CHECK_EQ(ntfn_get_bound_tcb(n), 0xa0001000u);
}

TEST(errors_write_sel4_message_registers)
{
    word_t mrs[8];
    syscall_error_t e = syscall_error_invalid_argument(3);
    CHECK_EQ(syscall_error_write_mrs(&e, mrs), 1);
    CHECK_EQ(mrs[0], 3);
    e = syscall_error_invalid_capability(1);
    CHECK_EQ(syscall_error_write_mrs(&e, mrs), 1);
    CHECK_EQ(mrs[0], 1);
    e = syscall_error_range(1, 32);
    CHECK_EQ(syscall_error_write_mrs(&e, mrs), 2);
    CHECK_EQ(mrs[0], 1);
    CHECK_EQ(mrs[1], 32);
    e = syscall_error_not_enough_memory(4096);
    CHECK_EQ(syscall_error_write_mrs(&e, mrs), 1);
    CHECK_EQ(mrs[0], 4096);
    const word_t plain[] = { ERR_ILLEGAL_OPERATION, ERR_ALIGNMENT, ERR_TRUNCATED_MESSAGE,
                             ERR_DELETE_FIRST, ERR_REVOKE_FIRST };
    for (word_t i = 0; i < ARRAY_SIZE(plain); i++) {
        e = syscall_error(plain[i]);
        CHECK_EQ(syscall_error_write_mrs(&e, mrs), 0);
    }
}

TEST(failed_lookup_writes_source_flag_then_lookup_fault)
{
    word_t mrs[8];
    syscall_error_t e = syscall_error_failed_lookup(true, lookup_fault_invalid_root());
    CHECK_EQ(syscall_error_write_mrs(&e, mrs), 2);
    CHECK_EQ(mrs[0], 1);
    CHECK_EQ(mrs[1], 1); /* seL4_InvalidRoot */
    e = syscall_error_failed_lookup(false, lookup_fault_missing_capability(7));
    CHECK_EQ(syscall_error_write_mrs(&e, mrs), 3);
    CHECK_EQ(mrs[0], 0);
    CHECK_EQ(mrs[1], 2); /* seL4_MissingCapability */
    CHECK_EQ(mrs[2], 7);
    e = syscall_error_failed_lookup(false, lookup_fault_depth_mismatch(8, 4));
    CHECK_EQ(syscall_error_write_mrs(&e, mrs), 4);
    CHECK_EQ(mrs[1], 3); /* seL4_DepthMismatch */
    CHECK_EQ(mrs[2], 4); /* bits left */
    CHECK_EQ(mrs[3], 8); /* bits found */
    e = syscall_error_failed_lookup(true, lookup_fault_guard_mismatch(0x5, 20, 3));
    CHECK_EQ(syscall_error_write_mrs(&e, mrs), 5);
    CHECK_EQ(mrs[1], 4);   /* seL4_GuardMismatch */
    CHECK_EQ(mrs[2], 20);  /* bits left */
    CHECK_EQ(mrs[3], 0x5); /* guard found */
    CHECK_EQ(mrs[4], 3);   /* guard size */
}

TEST(cap_fault_lookup_failure_uses_cap_fault_indices)
{
    /* seL4_CapFault_LookupFailureType = 3, _BitsLeft = 4,
     * _DepthMismatch_BitsFound = 5, _GuardMismatch_GuardFound = 5,
     * _GuardMismatch_BitsFound = 6 */
    word_t mrs[8] = { 0 };
    lookup_fault_t f = lookup_fault_guard_mismatch(9, 12, 2);
    CHECK_EQ(lookup_fault_write_mrs(&f, mrs, 3), 7);
    CHECK_EQ(mrs[3], 4);
    CHECK_EQ(mrs[4], 12);
    CHECK_EQ(mrs[5], 9);
    CHECK_EQ(mrs[6], 2);
    f = lookup_fault_depth_mismatch(5, 1);
    CHECK_EQ(lookup_fault_write_mrs(&f, mrs, 3), 6);
    CHECK_EQ(mrs[4], 1);
    CHECK_EQ(mrs[5], 5);
}
