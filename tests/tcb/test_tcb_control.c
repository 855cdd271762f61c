/*
 * TCB Configure, SetSpace and SetIPCBuffer: new CSpace/VSpace roots, IPC
 * buffer and fault endpoint, with seL4's checks (CNode root, page
 * directory with an ASID, aligned RAM frame) made before anything changes.
 */
#include "tcb_fixture.h"

#define BUFFER_VADDR 0x00010200u /* 512-byte aligned */
#define FAULT_EP 0x77u

static word_t cnode_data(word_t guard, word_t guard_size)
{
    return (guard << 8) | (guard_size << 3);
}

static result_t configure(word_t cspace_data, word_t buffer, word_t cspace, word_t vspace,
                          word_t frame)
{
    word_t mrs[] = { FAULT_EP, cspace_data, 0, buffer };
    return invoke(SLOT_T, TCBConfigure, 4, mrs, cspace, vspace, frame);
}

static result_t set_space(word_t cspace_data, word_t cspace, word_t vspace)
{
    word_t mrs[] = { FAULT_EP, cspace_data, 0 };
    return invoke(SLOT_T, TCBSetSpace, 3, mrs, cspace, vspace, 0);
}

static result_t set_ipc_buffer(word_t buffer, word_t frame)
{
    word_t mrs[] = { buffer };
    return invoke(SLOT_T, TCBSetIPCBuffer, 1, mrs, frame, 0, 0);
}

static cap_t target_cap(word_t index)
{
    return tcb_slot(target(), index)->cap;
}

/* Nothing of the target's space or buffer changed. */
static void check_untouched(void)
{
    CHECK_EQ(target()->fault_handler, 0);
    CHECK_EQ(target()->ipc_buffer, 0);
    CHECK(cte_is_empty(tcb_slot(target(), TCB_CTABLE)));
    CHECK(cte_is_empty(tcb_slot(target(), TCB_VTABLE)));
    CHECK(cte_is_empty(tcb_slot(target(), TCB_BUFFER)));
}

TEST(configure_installs_roots_buffer_and_fault_endpoint)
{
    /* The frame is mapped somewhere: the thread's copy must not be. */
    slot(SLOT_FRAME)->cap = frame_cap_set_mapping(slot(SLOT_FRAME)->cap, 1, 0x00400000u);
    CHECK_OK(configure(cnode_data(5, 28), BUFFER_VADDR, SLOT_CN, SLOT_PD, SLOT_FRAME));
    CHECK_EQ(target()->fault_handler, FAULT_EP);
    CHECK_EQ(target()->ipc_buffer, BUFFER_VADDR);

    cap_t cn = target_cap(TCB_CTABLE);
    CHECK_EQ(cap_get_type(cn), CAP_CNODE);
    CHECK_EQ(cap_cnode_get_ptr(cn), cap_cnode_get_ptr(slot(SLOT_CN)->cap));
    CHECK_EQ(cap_cnode_get_guard_size(cn), 28);
    CHECK_EQ(cap_cnode_get_guard(cn), 5);
    CHECK(mdb_next_slot(slot(SLOT_CN)) == tcb_slot(target(), TCB_CTABLE));

    CHECK(cap_same_object_as(target_cap(TCB_VTABLE), slot(SLOT_PD)->cap));
    CHECK(mdb_next_slot(slot(SLOT_PD)) == tcb_slot(target(), TCB_VTABLE));

    cap_t frame = target_cap(TCB_BUFFER);
    CHECK(cap_same_object_as(frame, slot(SLOT_FRAME)->cap));
    CHECK_EQ(frame_cap_get_mapped_asid(frame), ASID_INVALID);
    CHECK(mdb_next_slot(slot(SLOT_FRAME)) == tcb_slot(target(), TCB_BUFFER));
}

TEST(configure_replaces_the_previous_caps)
{
    CHECK_OK(configure(0, BUFFER_VADDR, SLOT_CN, SLOT_PD, SLOT_FRAME));
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_CNODE, 2, SLOT_SPARE, 1));
    CHECK_OK(configure(0, 0, SLOT_SPARE, SLOT_PD, SLOT_FRAME));
    CHECK(cap_same_object_as(target_cap(TCB_CTABLE), slot(SLOT_SPARE)->cap));
    CHECK(!mdb_has_children(slot(SLOT_CN)));
    CHECK(cte_is_empty(tcb_slot(target(), TCB_BUFFER)));
    CHECK_EQ(target()->ipc_buffer, 0);
}

TEST(configure_with_buffer_address_zero_ignores_the_frame_cap)
{
    CHECK_OK(configure(0, 0, SLOT_CN, SLOT_PD, SLOT_EP));
    CHECK(cte_is_empty(tcb_slot(target(), TCB_BUFFER)));
    CHECK_EQ(target()->ipc_buffer, 0);
}

TEST(configure_misaligned_buffer_is_an_alignment_error)
{
    CHECK_ERROR(configure(0, BUFFER_VADDR + 4, SLOT_CN, SLOT_PD, SLOT_FRAME), ERR_ALIGNMENT);
    CHECK_ERROR(configure(0, BUFFER_VADDR + 0x100, SLOT_CN, SLOT_PD, SLOT_FRAME), ERR_ALIGNMENT);
    check_untouched();
}

TEST(configure_buffer_must_be_a_ram_frame)
{
    CHECK_ERROR(configure(0, BUFFER_VADDR, SLOT_CN, SLOT_PD, SLOT_EP), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(configure(0, BUFFER_VADDR, SLOT_CN, SLOT_PD, SLOT_DEV_FRAME),
                ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(configure(0, BUFFER_VADDR, SLOT_CN, SLOT_PD, SLOT_PD), ERR_ILLEGAL_OPERATION);
    check_untouched();
}

TEST(configure_returns_the_buffer_cap_derive_error)
{
    /* An untyped with children cannot be copied: seL4_RevokeFirst. */
    CHECK_ERROR(configure(0, BUFFER_VADDR, SLOT_CN, SLOT_PD, SLOT_UNTYPED), ERR_REVOKE_FIRST);
    check_untouched();
}

TEST(configure_checks_the_buffer_before_the_roots)
{
    CHECK_ERROR(configure(0, BUFFER_VADDR + 4, SLOT_EP, SLOT_EP, SLOT_FRAME), ERR_ALIGNMENT);
}

TEST(configure_cspace_root_must_be_a_cnode)
{
    CHECK_ERROR(configure(0, BUFFER_VADDR, SLOT_EP, SLOT_PD, SLOT_FRAME), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(configure(0, BUFFER_VADDR, SLOT_PD, SLOT_PD, SLOT_FRAME), ERR_ILLEGAL_OPERATION);
    check_untouched();
}

TEST(configure_cspace_guard_too_big_is_an_illegal_operation)
{
    /* 29 guard bits + 4 radix bits exceed a word. */
    CHECK_ERROR(configure(cnode_data(0, 29), BUFFER_VADDR, SLOT_CN, SLOT_PD, SLOT_FRAME),
                ERR_ILLEGAL_OPERATION);
    check_untouched();
}

TEST(configure_vspace_root_must_be_a_page_directory_with_an_asid)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_PAGE_DIRECTORY, 0, SLOT_SPARE, 1));
    CHECK_ERROR(configure(0, BUFFER_VADDR, SLOT_CN, SLOT_SPARE, SLOT_FRAME), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(configure(0, BUFFER_VADDR, SLOT_CN, SLOT_CN, SLOT_FRAME), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(configure(0, BUFFER_VADDR, SLOT_CN, SLOT_FRAME, SLOT_FRAME), ERR_ILLEGAL_OPERATION);
    check_untouched();
}

TEST(configure_is_truncated_without_four_words_and_three_caps)
{
    word_t mrs[] = { FAULT_EP, 0, 0, BUFFER_VADDR };
    CHECK_ERROR(invoke(SLOT_T, TCBConfigure, 3, mrs, SLOT_CN, SLOT_PD, SLOT_FRAME),
                ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(invoke(SLOT_T, TCBConfigure, 4, mrs, SLOT_CN, SLOT_PD, 0), ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(invoke(SLOT_T, TCBConfigure, 4, mrs, 0, 0, 0), ERR_TRUNCATED_MESSAGE);
    check_untouched();
}

TEST(configure_refuses_while_the_old_cspace_would_take_long_to_delete)
{
    /* The thread holds the only cap to a CNode: deleting it is long work. */
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_CNODE, 2, SLOT_SPARE, 1));
    cnode_move(slot(SLOT_SPARE)->cap, slot(SLOT_SPARE), tcb_slot(target(), TCB_CTABLE));
    CHECK_ERROR(configure(0, BUFFER_VADDR, SLOT_CN, SLOT_PD, SLOT_FRAME), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(set_space(0, SLOT_CN, SLOT_PD), ERR_ILLEGAL_OPERATION);
    CHECK_EQ(target()->fault_handler, 0);
}

TEST(configure_of_the_caller_reschedules)
{
    word_t mrs[] = { FAULT_EP, 0, 0, BUFFER_VADDR };
    root_tcb()->ipc_buffer = 0x1000;
    /* The root thread's CSpace root has a copy in the root CNode: not final. */
    CHECK_OK(invoke(SLOT_TCB, TCBConfigure, 4, mrs, SLOT_CNODE, SLOT_PD, SLOT_FRAME));
    CHECK_EQ(root_tcb()->ipc_buffer, BUFFER_VADDR);
    CHECK_EQ(root_tcb()->fault_handler, FAULT_EP);
    CHECK_EQ(hooks.reschedule, 1);
}

TEST(set_space_installs_roots_and_fault_endpoint_only)
{
    CHECK_OK(set_ipc_buffer(BUFFER_VADDR, SLOT_FRAME));
    CHECK_OK(set_space(cnode_data(0, 28), SLOT_CN, SLOT_PD));
    CHECK_EQ(target()->fault_handler, FAULT_EP);
    CHECK_EQ(cap_cnode_get_guard_size(target_cap(TCB_CTABLE)), 28);
    CHECK(cap_same_object_as(target_cap(TCB_VTABLE), slot(SLOT_PD)->cap));
    CHECK_EQ(target()->ipc_buffer, BUFFER_VADDR);
    CHECK(cap_same_object_as(target_cap(TCB_BUFFER), slot(SLOT_FRAME)->cap));
}

TEST(set_space_again_with_the_same_roots_keeps_them)
{
    CHECK_OK(set_space(0, SLOT_CN, SLOT_PD));
    CHECK_OK(set_space(0, SLOT_CN, SLOT_PD));
    CHECK(mdb_next_slot(slot(SLOT_CN)) == tcb_slot(target(), TCB_CTABLE));
    CHECK(cap_same_object_as(target_cap(TCB_VTABLE), slot(SLOT_PD)->cap));
}

TEST(set_space_checks_its_roots)
{
    CHECK_ERROR(set_space(0, SLOT_EP, SLOT_PD), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(set_space(0, SLOT_CN, SLOT_EP), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(set_space(cnode_data(0, 29), SLOT_CN, SLOT_PD), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(set_space(0, SLOT_UNTYPED, SLOT_PD), ERR_REVOKE_FIRST);
    check_untouched();
}

TEST(set_space_is_truncated_without_three_words_and_two_caps)
{
    word_t mrs[] = { FAULT_EP, 0, 0 };
    CHECK_ERROR(invoke(SLOT_T, TCBSetSpace, 2, mrs, SLOT_CN, SLOT_PD, 0), ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(invoke(SLOT_T, TCBSetSpace, 3, mrs, SLOT_CN, 0, 0), ERR_TRUNCATED_MESSAGE);
    check_untouched();
}

TEST(set_ipc_buffer_installs_the_frame_and_address)
{
    CHECK_OK(set_ipc_buffer(BUFFER_VADDR, SLOT_FRAME));
    CHECK_EQ(target()->ipc_buffer, BUFFER_VADDR);
    CHECK(mdb_next_slot(slot(SLOT_FRAME)) == tcb_slot(target(), TCB_BUFFER));
    CHECK_EQ(hooks.reschedule, 0);
}

TEST(set_ipc_buffer_address_zero_empties_the_buffer_slot)
{
    CHECK_OK(set_ipc_buffer(BUFFER_VADDR, SLOT_FRAME));
    CHECK_OK(set_ipc_buffer(0, SLOT_EP));
    CHECK_EQ(target()->ipc_buffer, 0);
    CHECK(cte_is_empty(tcb_slot(target(), TCB_BUFFER)));
    CHECK(!mdb_has_children(slot(SLOT_FRAME)));
}

TEST(set_ipc_buffer_checks_alignment_and_frame)
{
    CHECK_ERROR(set_ipc_buffer(BUFFER_VADDR + 8, SLOT_FRAME), ERR_ALIGNMENT);
    CHECK_ERROR(set_ipc_buffer(BUFFER_VADDR, SLOT_EP), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(set_ipc_buffer(BUFFER_VADDR, SLOT_DEV_FRAME), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(set_ipc_buffer(BUFFER_VADDR, SLOT_UNTYPED), ERR_REVOKE_FIRST);
    check_untouched();
}

TEST(set_ipc_buffer_is_truncated_without_address_and_frame)
{
    word_t mrs[] = { BUFFER_VADDR };
    CHECK_ERROR(invoke(SLOT_T, TCBSetIPCBuffer, 0, mrs, SLOT_FRAME, 0, 0), ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(invoke(SLOT_T, TCBSetIPCBuffer, 1, mrs, 0, 0, 0), ERR_TRUNCATED_MESSAGE);
    check_untouched();
}

TEST(set_ipc_buffer_of_the_caller_reschedules)
{
    word_t mrs[] = { BUFFER_VADDR };
    CHECK_OK(invoke(SLOT_TCB, TCBSetIPCBuffer, 1, mrs, SLOT_FRAME, 0, 0));
    CHECK_EQ(root_tcb()->ipc_buffer, BUFFER_VADDR);
    CHECK_EQ(hooks.reschedule, 1);
}
