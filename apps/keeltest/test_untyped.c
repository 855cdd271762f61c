/*
 * Tests of Untyped_Retype (seL4 manual, "Untyped_Retype" and "Kernel
 * Objects"): every object type, where objects are placed, when an untyped
 * is reset, device memory, and every error the decoder reports, with the
 * error details in the message registers.
 */
#include "keeltest.h"

#define PAGE_SIZE ((seL4_Word)1 << seL4_PageBits)

static seL4_Error retype_at(struct test_env *env, seL4_CPtr untyped, seL4_Word type,
                            seL4_Word size_bits, seL4_CPtr slot, seL4_Word count)
{
    return seL4_Untyped_Retype(untyped, type, size_bits, env->cnode, 0, 0, slot, count);
}

/* Retypes one object of `type` into a fresh slot and checks its cap. */
static void check_retype_one(struct test_env *env, seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = test_slot(env);
    CHECK_OK(retype_at(env, env->untyped, type, size_bits, slot, 1));
    CHECK_CAP(slot, cap_tag_of_object(type));
}

#define RETYPE_ONE_TEST(name, bits, type, size_bits, what)                       \
    KEEL_TEST_SIZED(name, bits, "Untyped_Retype makes " what " and a cap to it") \
    {                                                                            \
        check_retype_one(env, type, size_bits);                                  \
    }

RETYPE_ONE_TEST(untyped_retype_untyped, 20, seL4_UntypedObject, 12, "an untyped of 4 KiB")
RETYPE_ONE_TEST(untyped_retype_tcb, 20, seL4_TCBObject, 0, "a TCB")
RETYPE_ONE_TEST(untyped_retype_endpoint, 20, seL4_EndpointObject, 0, "an endpoint")
RETYPE_ONE_TEST(untyped_retype_notification, 20, seL4_NotificationObject, 0, "a notification")
RETYPE_ONE_TEST(untyped_retype_cnode, 20, seL4_CapTableObject, 4, "a CNode of 16 slots")
RETYPE_ONE_TEST(untyped_retype_page_directory, 20, seL4_ARM_PageDirectoryObject, 0,
                "a page directory")
RETYPE_ONE_TEST(untyped_retype_page_table, 20, seL4_ARM_PageTableObject, 0, "a page table")
RETYPE_ONE_TEST(untyped_retype_small_page, 20, seL4_ARM_SmallPageObject, 0, "a 4 KiB frame")
RETYPE_ONE_TEST(untyped_retype_large_page, 20, seL4_ARM_LargePageObject, 0, "a 64 KiB frame")
RETYPE_ONE_TEST(untyped_retype_section, 20, seL4_ARM_SectionObject, 0, "a 1 MiB frame")
RETYPE_ONE_TEST(untyped_retype_super_section, 24, seL4_ARM_SuperSectionObject, 0, "a 16 MiB frame")

KEEL_TEST(untyped_retype_fills_a_window_of_slots,
          "one Untyped_Retype makes 256 objects into 256 consecutive slots and no more")
{
    seL4_CPtr first = test_slots(env, 257);
    CHECK_OK(retype_at(env, env->untyped, seL4_NotificationObject, 0, first, 256));
    for (seL4_CPtr slot = first; slot < first + 256; slot++) {
        CHECK_CAP(slot, CAP_TAG_NOTIFICATION);
    }
    CHECK_CAP(first + 256, CAP_TAG_NULL);
}

KEEL_TEST(untyped_retype_cnode_sizes, "CNodes of 2 and 4096 slots can be made (user size 1 and 12)")
{
    check_retype_one(env, seL4_CapTableObject, 1);
    check_retype_one(env, seL4_CapTableObject, 12);
}

KEEL_TEST(untyped_first_object_is_at_the_untyped_base,
          "the first object made from a fresh untyped starts at the untyped's address")
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    CHECK_EQ(frame_paddr(frame), env->untyped_paddr);
}

KEEL_TEST(untyped_objects_are_placed_in_order_and_aligned,
          "objects follow each other in an untyped, each aligned to its own size")
{
    seL4_CPtr ut = test_untyped(env, 16);
    test_retype_from(env, ut, seL4_EndpointObject, 0); /* 16 bytes at 0 */
    seL4_CPtr a = test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr b = test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
    CHECK_EQ(frame_paddr(a), env->untyped_paddr + PAGE_SIZE);
    CHECK_EQ(frame_paddr(b), env->untyped_paddr + 2 * PAGE_SIZE);
}

KEEL_TEST(untyped_resets_when_all_children_are_gone,
          "once every object of an untyped is deleted, retyping starts at its base again")
{
    seL4_CPtr ut = test_untyped(env, 14);
    seL4_CPtr a = test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
    seL4_Word first = frame_paddr(a);
    CHECK_OK(seL4_CNode_Delete(env->cnode, a, ROOT_DEPTH));
    seL4_CPtr b = test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
    CHECK_EQ(frame_paddr(b), first);
}

KEEL_TEST(untyped_keeps_its_watermark_while_children_remain,
          "deleting one object does not free its memory while the untyped has others")
{
    seL4_CPtr ut = test_untyped(env, 14);
    seL4_CPtr a = test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
    seL4_Word first = frame_paddr(a);
    test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
    CHECK_OK(seL4_CNode_Delete(env->cnode, a, ROOT_DEPTH));
    seL4_CPtr c = test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
    CHECK_EQ(frame_paddr(c), first + 2 * PAGE_SIZE);
}

KEEL_TEST(untyped_revoke_deletes_every_object,
          "CNode_Revoke on an untyped deletes the caps to all objects made from it")
{
    seL4_CPtr ut = test_untyped(env, 12);
    seL4_CPtr first = test_slots(env, 4);
    CHECK_OK(retype_at(env, ut, seL4_EndpointObject, 0, first, 4));
    CHECK_OK(seL4_CNode_Revoke(env->cnode, ut, ROOT_DEPTH));
    for (seL4_CPtr slot = first; slot < first + 4; slot++) {
        CHECK_CAP(slot, CAP_TAG_NULL);
    }
    CHECK_CAP(ut, CAP_TAG_UNTYPED);
}

KEEL_TEST(untyped_memory_is_reusable_after_revoke,
          "a full untyped can be retyped again once its objects are revoked")
{
    seL4_CPtr ut = test_untyped(env, 12);
    test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
    CHECK_ERR(retype_at(env, ut, seL4_ARM_SmallPageObject, 0, test_slot(env), 1),
              seL4_NotEnoughMemory);
    CHECK_OK(seL4_CNode_Revoke(env->cnode, ut, ROOT_DEPTH));
    test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
}

KEEL_TEST(untyped_exactly_full_reports_no_bytes_left,
          "256 endpoints fill a 4 KiB untyped exactly; one more is NotEnoughMemory with 0 left")
{
    seL4_CPtr ut = test_untyped(env, 12);
    CHECK_OK(retype_at(env, ut, seL4_EndpointObject, 0, test_slots(env, 256), 256));
    CHECK_ERR(retype_at(env, ut, seL4_EndpointObject, 0, test_slot(env), 1), seL4_NotEnoughMemory);
    CHECK_MR(0, 0);
}

KEEL_TEST(untyped_retype_device_untyped_into_a_frame,
          "a device untyped gives frames of device memory at its own address")
{
    seL4_Word index;
    seL4_CPtr dev = test_find_device_untyped(env, seL4_PageBits, &index);
    seL4_CPtr frame = test_retype_from(env, dev, seL4_ARM_SmallPageObject, 0);
    CHECK_CAP(frame, CAP_TAG_SMALL_FRAME);
    CHECK_EQ(frame_paddr(frame), env->bootinfo->untypedList[index].paddr);
}

KEEL_TEST(untyped_retype_device_untyped_into_untyped,
          "a device untyped can be split into smaller device untypeds, which give frames only")
{
    seL4_Word index;
    seL4_CPtr dev = test_find_device_untyped(env, 16, &index);
    seL4_CPtr child = test_retype_from(env, dev, seL4_UntypedObject, 16);
    CHECK_CAP(child, CAP_TAG_UNTYPED);
    test_retype_from(env, child, seL4_ARM_LargePageObject, 0);
    CHECK_ERR(retype_at(env, child, seL4_EndpointObject, 0, test_slot(env), 1),
              seL4_NotEnoughMemory);
    CHECK_OK(seL4_CNode_Revoke(env->cnode, child, ROOT_DEPTH));
    CHECK_ERR(retype_at(env, child, seL4_EndpointObject, 0, test_slot(env), 1),
              seL4_InvalidArgument);
    CHECK_MR(0, 1);
}

/* ---- Errors ---- */

KEEL_TEST(untyped_retype_unknown_type_is_invalid_argument,
          "an object type past seL4_ObjectTypeCount is InvalidArgument, argument 0")
{
    seL4_CPtr slot = test_slot(env);
    CHECK_ERR(retype_at(env, env->untyped, seL4_ObjectTypeCount, 0, slot, 1), seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_ERR(retype_at(env, env->untyped, seL4_ARM_VCPUObject, 0, slot, 1), seL4_InvalidArgument);
    CHECK_MR(0, 0);
    CHECK_CAP(slot, CAP_TAG_NULL);
}

KEEL_TEST(untyped_retype_oversized_untyped_is_range_error,
          "an untyped above seL4_MaxUntypedBits is RangeError [0, seL4_MaxUntypedBits]")
{
    CHECK_ERR(retype_at(env, env->untyped, seL4_UntypedObject, seL4_MaxUntypedBits + 1,
                        test_slot(env), 1),
              seL4_RangeError);
    CHECK_RANGE(0, seL4_MaxUntypedBits);
}

KEEL_TEST(untyped_retype_oversized_cnode_is_range_error,
          "a CNode whose size exceeds 2^seL4_MaxUntypedBits bytes is RangeError")
{
    seL4_Word radix = seL4_MaxUntypedBits - seL4_SlotBits + 1;
    CHECK_ERR(retype_at(env, env->untyped, seL4_CapTableObject, radix, test_slot(env), 1),
              seL4_RangeError);
    CHECK_RANGE(0, seL4_MaxUntypedBits);
}

KEEL_TEST(untyped_retype_word_sized_size_bits_is_range_error,
          "size bits of 32 or more are RangeError, whatever the object type")
{
    CHECK_ERR(retype_at(env, env->untyped, seL4_EndpointObject, seL4_WordBits, test_slot(env), 1),
              seL4_RangeError);
    CHECK_RANGE(0, seL4_MaxUntypedBits);
    CHECK_ERR(retype_at(env, env->untyped, seL4_CapTableObject, 0xffffffffu, test_slot(env), 1),
              seL4_RangeError);
    CHECK_RANGE(0, seL4_MaxUntypedBits);
}

KEEL_TEST(untyped_retype_tiny_untyped_is_invalid_argument,
          "an untyped below seL4_MinUntypedBits is InvalidArgument, argument 1")
{
    CHECK_ERR(retype_at(env, env->untyped, seL4_UntypedObject, seL4_MinUntypedBits - 1,
                        test_slot(env), 1),
              seL4_InvalidArgument);
    CHECK_MR(0, 1);
}

KEEL_TEST(untyped_retype_single_slot_cnode_is_invalid_argument,
          "a CNode of size bits 0 (one slot) is InvalidArgument, argument 1")
{
    CHECK_ERR(retype_at(env, env->untyped, seL4_CapTableObject, 0, test_slot(env), 1),
              seL4_InvalidArgument);
    CHECK_MR(0, 1);
}

KEEL_TEST(untyped_retype_into_occupied_slot_is_delete_first,
          "a destination window with an occupied slot is DeleteFirst and nothing is made")
{
    seL4_CPtr first = test_slots(env, 3);
    CHECK_OK(retype_at(env, env->untyped, seL4_EndpointObject, 0, first + 2, 1));
    CHECK_ERR(retype_at(env, env->untyped, seL4_NotificationObject, 0, first + 2, 1),
              seL4_DeleteFirst);
    CHECK_ERR(retype_at(env, env->untyped, seL4_NotificationObject, 0, first, 3), seL4_DeleteFirst);
    CHECK_CAP(first, CAP_TAG_NULL);
    CHECK_CAP(first + 1, CAP_TAG_NULL);
    CHECK_CAP(first + 2, CAP_TAG_ENDPOINT);
}

KEEL_TEST(untyped_failed_retype_uses_no_memory,
          "a refused Untyped_Retype leaves the untyped's free memory as it was")
{
    seL4_CPtr ut = test_untyped(env, 13);
    seL4_CPtr first = test_slots(env, 2);
    CHECK_OK(retype_at(env, env->untyped, seL4_EndpointObject, 0, first + 1, 1));
    CHECK_ERR(retype_at(env, ut, seL4_ARM_SmallPageObject, 0, first, 2), seL4_DeleteFirst);
    CHECK_ERR(retype_at(env, ut, seL4_ARM_SmallPageObject, 0, first, 0), seL4_RangeError);
    seL4_CPtr frame = test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
    CHECK_EQ(frame_paddr(frame), env->untyped_paddr);
}

KEEL_TEST(untyped_retype_offset_past_the_cnode_is_range_error,
          "a node offset past the last slot is RangeError [0, slots - 1]")
{
    seL4_Word slots = (seL4_Word)1 << env->bootinfo->initThreadCNodeSizeBits;
    CHECK_ERR(retype_at(env, env->untyped, seL4_EndpointObject, 0, slots, 1), seL4_RangeError);
    CHECK_RANGE(0, slots - 1);
}

KEEL_TEST(untyped_retype_zero_objects_is_range_error,
          "asking for no objects is RangeError [1, 256]")
{
    CHECK_ERR(retype_at(env, env->untyped, seL4_EndpointObject, 0, test_slot(env), 0),
              seL4_RangeError);
    CHECK_RANGE(1, CONFIG_RETYPE_FAN_OUT_LIMIT);
}

KEEL_TEST(untyped_retype_too_many_objects_is_range_error,
          "asking for more than 256 objects at once is RangeError [1, 256]")
{
    CHECK_ERR(retype_at(env, env->untyped, seL4_EndpointObject, 0,
                        test_slots(env, CONFIG_RETYPE_FAN_OUT_LIMIT + 1),
                        CONFIG_RETYPE_FAN_OUT_LIMIT + 1),
              seL4_RangeError);
    CHECK_RANGE(1, CONFIG_RETYPE_FAN_OUT_LIMIT);
}

KEEL_TEST(untyped_retype_window_past_the_cnode_end_is_range_error,
          "a window running past the CNode's end is RangeError [1, slots left]")
{
    seL4_Word slots = (seL4_Word)1 << env->bootinfo->initThreadCNodeSizeBits;
    CHECK_ERR(retype_at(env, env->untyped, seL4_EndpointObject, 0, slots - 2, 3), seL4_RangeError);
    CHECK_RANGE(1, 2);
}

KEEL_TEST(untyped_retype_without_memory_is_not_enough_memory,
          "more than the untyped holds is NotEnoughMemory with its free bytes in MR0")
{
    seL4_CPtr ut = test_untyped(env, 12);
    CHECK_ERR(retype_at(env, ut, seL4_ARM_SmallPageObject, 0, test_slots(env, 2), 2),
              seL4_NotEnoughMemory);
    CHECK_MR(0, 1u << 12);
    CHECK_ERR(retype_at(env, ut, seL4_ARM_LargePageObject, 0, test_slot(env), 1),
              seL4_NotEnoughMemory);
    CHECK_MR(0, 1u << 12);
}

KEEL_TEST(untyped_retype_device_memory_into_kernel_objects_is_invalid_argument,
          "device untypeds make only frames and untypeds: others are InvalidArgument, argument 1")
{
    static const seL4_Word kernel_types[][2] = {
        { seL4_TCBObject, 0 },
        { seL4_EndpointObject, 0 },
        { seL4_NotificationObject, 0 },
        { seL4_CapTableObject, 4 },
        { seL4_ARM_PageDirectoryObject, 0 },
        { seL4_ARM_PageTableObject, 0 },
    };
    seL4_Word index;
    seL4_CPtr dev = test_find_device_untyped(env, seL4_PageDirBits, &index);
    seL4_CPtr slot = test_slot(env);
    for (unsigned i = 0; i < sizeof(kernel_types) / sizeof(kernel_types[0]); i++) {
        CHECK_ERR(retype_at(env, dev, kernel_types[i][0], kernel_types[i][1], slot, 1),
                  seL4_InvalidArgument);
        CHECK_MR(0, 1);
        CHECK_CAP(slot, CAP_TAG_NULL);
    }
}

KEEL_TEST(untyped_retype_root_not_a_cnode_is_failed_lookup,
          "a root that is not a CNode (depth 0) is FailedLookup, missing capability")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr empty = test_slot(env);
    CHECK_ERR(seL4_Untyped_Retype(env->untyped, seL4_EndpointObject, 0, ep, 0, 0, 0, 1),
              seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(0, seL4_MissingCapability);
    CHECK_MR(2, 0);
    CHECK_ERR(seL4_Untyped_Retype(env->untyped, seL4_EndpointObject, 0, empty, 0, 0, 0, 1),
              seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(0, seL4_MissingCapability);
}

KEEL_TEST(untyped_retype_node_depth_too_large_is_range_error,
          "a destination node depth over 32 bits is RangeError [1, 32]")
{
    CHECK_ERR(seL4_Untyped_Retype(env->untyped, seL4_EndpointObject, 0, env->cnode,
                                  seL4_CapInitThreadCNode, seL4_WordBits + 1, 0, 1),
              seL4_RangeError);
    CHECK_RANGE(1, seL4_WordBits);
}

KEEL_TEST(untyped_retype_node_index_not_a_cnode_is_failed_lookup,
          "a destination node index naming a non-CNode cap is FailedLookup, missing capability")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    CHECK_ERR(seL4_Untyped_Retype(env->untyped, seL4_EndpointObject, 0, env->cnode, ep, ROOT_DEPTH,
                                  0, 1),
              seL4_FailedLookup);
    CHECK_LOOKUP_FAILURE(0, seL4_MissingCapability);
    CHECK_MR(2, ROOT_DEPTH);
}

KEEL_TEST(untyped_retype_into_a_child_cnode,
          "node index and depth select another CNode, and the objects go into its slots")
{
    seL4_CPtr child = test_retype(env, seL4_CapTableObject, 4);
    CHECK_OK(seL4_Untyped_Retype(env->untyped, seL4_EndpointObject, 0, env->cnode, child,
                                 ROOT_DEPTH, 5, 3));
    /* Bring them back to the root CNode, naming them in the child. */
    for (seL4_Word i = 5; i < 8; i++) {
        seL4_CPtr slot = test_slot(env);
        CHECK_OK(seL4_CNode_Move(env->cnode, slot, ROOT_DEPTH, child, i, 4));
        CHECK_CAP(slot, CAP_TAG_ENDPOINT);
    }
    CHECK_ERR(seL4_CNode_Move(env->cnode, test_slot(env), ROOT_DEPTH, child, 4, 4),
              seL4_FailedLookup);
}

KEEL_TEST(untyped_retype_offset_past_a_child_cnode_is_range_error,
          "the node offset is checked against the destination CNode's own size")
{
    seL4_CPtr child = test_retype(env, seL4_CapTableObject, 4);
    CHECK_ERR(seL4_Untyped_Retype(env->untyped, seL4_EndpointObject, 0, env->cnode, child,
                                  ROOT_DEPTH, 16, 1),
              seL4_RangeError);
    CHECK_RANGE(0, 15);
    CHECK_ERR(seL4_Untyped_Retype(env->untyped, seL4_EndpointObject, 0, env->cnode, child,
                                  ROOT_DEPTH, 10, 7),
              seL4_RangeError);
    CHECK_RANGE(1, 6);
}

KEEL_TEST(untyped_unknown_invocation_is_illegal_operation,
          "an untyped cap invoked with a non-untyped label is IllegalOperation")
{
    seL4_Word mrs[6] = { 0 };
    seL4_CPtr caps[1] = { env->cnode };
    CHECK_ERR(raw_invoke(env->untyped, CNodeCopy, 6, mrs, 1, caps), seL4_IllegalOperation);
    CHECK_ERR(raw_invoke(env->untyped, InvalidInvocation, 0, mrs, 0, caps), seL4_IllegalOperation);
}

KEEL_TEST(untyped_retype_truncated_message,
          "Untyped_Retype with fewer than 6 words or without the root cap is TruncatedMessage")
{
    seL4_Word mrs[6] = { seL4_EndpointObject, 0, 0, 0, test_slot(env), 1 };
    seL4_CPtr caps[1] = { env->cnode };
    CHECK_ERR(raw_invoke(env->untyped, UntypedRetype, 5, mrs, 1, caps), seL4_TruncatedMessage);
    CHECK_ERR(raw_invoke(env->untyped, UntypedRetype, 6, mrs, 0, caps), seL4_TruncatedMessage);
    CHECK_CAP(mrs[4], CAP_TAG_NULL);
    CHECK_OK(raw_invoke(env->untyped, UntypedRetype, 6, mrs, 1, caps));
    CHECK_CAP(mrs[4], CAP_TAG_ENDPOINT);
}

KEEL_TEST(invoking_an_empty_slot_is_invalid_capability,
          "invoking a cptr whose slot is empty is InvalidCapability, cap 0")
{
    seL4_CPtr empty = test_slot(env);
    CHECK_ERR(seL4_Untyped_Retype(empty, seL4_EndpointObject, 0, env->cnode, 0, 0, test_slot(env),
                                  1),
              seL4_InvalidCapability);
    CHECK_MR(0, 0);
    CHECK_ERR(seL4_CNode_Delete(empty, 1, ROOT_DEPTH), seL4_InvalidCapability);
}

KEEL_TEST(page_get_address_is_where_retype_put_the_frame,
          "ARM_Page_GetAddress of frames retyped one after another from a fresh untyped "
          "gives the untyped's address, then the next page; on a device frame, the device's "
          "address; on a cap that is not a frame, IllegalOperation")
{
    seL4_CPtr first = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr second = test_retype(env, seL4_ARM_SmallPageObject, 0);
    seL4_ARM_Page_GetAddress_t r = seL4_ARM_Page_GetAddress(first);
    CHECK_EQ(r.error, seL4_NoError);
    CHECK_EQ(r.paddr, env->untyped_paddr);
    r = seL4_ARM_Page_GetAddress(second);
    CHECK_EQ(r.error, seL4_NoError);
    CHECK_EQ(r.paddr, env->untyped_paddr + (1u << seL4_PageBits));
    /* A device frame, retyped first from a device untyped of the BootInfo,
     * reports that untyped's (the device's) address. */
    seL4_Word index;
    seL4_CPtr device = test_find_device_untyped(env, seL4_PageBits, &index);
    seL4_CPtr frame = test_retype_from(env, device, seL4_ARM_SmallPageObject, 0);
    r = seL4_ARM_Page_GetAddress(frame);
    CHECK_EQ(r.error, seL4_NoError);
    CHECK_EQ(r.paddr, env->bootinfo->untypedList[index].paddr);
    CHECK_EQ(seL4_ARM_Page_GetAddress(env->untyped).error, seL4_IllegalOperation);
}
