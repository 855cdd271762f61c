/*
 * TCB ReadRegisters, WriteRegisters and CopyRegisters: seL4_UserContext's
 * aarch32 order on the saved context, the count and message checks, the
 * caller's own registers refused, CPSR sanitising, suspend/resume flags.
 */
#include "tcb_fixture.h"

/* seL4_UserContext index -> Keel context index. */
static const word_t context_order[USER_CONTEXT_COUNT] = {
    REG_FAULT_IP, REG_SP,       REG_CPSR,     0, 1, 8, 9, 10, 11, 12, 2, 3, 4, 5, 6, 7,
    REG_LR,       REG_TPIDRURW, REG_TPIDRURO,
};

static void fill_context(tcb_t *tcb, word_t base)
{
    for (word_t r = 0; r < REG_COUNT; r++) {
        tcb->context.regs[r] = base + r;
    }
    tcb->context.regs[REG_CPSR] = 0x80000010u;
}

static result_t read_registers(word_t flags, word_t count)
{
    word_t mrs[] = { flags, count };
    return invoke(SLOT_T, TCBReadRegisters, 2, mrs, 0, 0, 0);
}

/* WriteRegisters with values[0 .. count-1]. */
static result_t write_registers(word_t flags, word_t count, const word_t *values)
{
    word_t mrs[MSG_MAX_LENGTH] = { flags, count };
    for (word_t i = 0; i < count && i + 2 < MSG_MAX_LENGTH; i++) {
        mrs[i + 2] = values[i];
    }
    return invoke(SLOT_T, TCBWriteRegisters, count + 2, mrs, 0, 0, 0);
}

TEST(read_registers_replies_with_the_user_context_in_sel4_order)
{
    fill_context(target(), 0x100);
    CHECK_OK(read_registers(0, USER_CONTEXT_COUNT));
    CHECK_EQ(reply_length, USER_CONTEXT_COUNT);
    for (word_t i = 0; i < USER_CONTEXT_COUNT; i++) {
        CHECK_EQ(reply[i], target()->context.regs[context_order[i]]);
    }
    CHECK_EQ(reply[0], 0x100 + REG_FAULT_IP); /* pc is the restart point */
    CHECK_EQ(reply[2], 0x80000010u);
}

TEST(read_registers_replies_with_only_count_registers)
{
    fill_context(target(), 0x100);
    CHECK_OK(read_registers(0, 3));
    CHECK_EQ(reply_length, 3);
    CHECK_EQ(reply[1], 0x100 + REG_SP);
}

TEST(read_registers_of_one_register_replies_with_the_pc_alone)
{
    fill_context(target(), 0x100);
    CHECK_OK(read_registers(0, 1));
    CHECK_EQ(reply_length, 1);
    CHECK_EQ(reply[0], 0x100 + REG_FAULT_IP);
}

TEST(read_registers_count_zero_is_a_range_error)
{
    result_t r = read_registers(0, 0);
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_min, 1);
    CHECK_EQ(r.error.range_max, USER_CONTEXT_COUNT);
}

TEST(read_registers_count_beyond_the_frame_is_a_range_error)
{
    result_t r = read_registers(0, USER_CONTEXT_COUNT + 1);
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_max, USER_CONTEXT_COUNT);
    CHECK_EQ(reply_length, 0);
}

TEST(read_registers_without_count_is_truncated)
{
    word_t mrs[] = { 0 };
    CHECK_ERROR(invoke(SLOT_T, TCBReadRegisters, 1, mrs, 0, 0, 0), ERR_TRUNCATED_MESSAGE);
}

TEST(read_registers_of_the_caller_is_an_illegal_operation)
{
    word_t mrs[] = { 0, 4 };
    CHECK_ERROR(invoke(SLOT_TCB, TCBReadRegisters, 2, mrs, 0, 0, 0), ERR_ILLEGAL_OPERATION);
}

TEST(read_registers_suspend_source_stops_the_thread_at_its_next_instruction)
{
    make_running(target());
    target()->context.regs[REG_PC] = 0x8000;
    target()->context.regs[REG_FAULT_IP] = 0x1234; /* stale */
    CHECK_OK(read_registers(1, 1));
    CHECK_EQ(target()->state, THREAD_INACTIVE);
    CHECK_EQ(reply[0], 0x8000);
    CHECK_EQ(hooks.sched_dequeue, 1);
}

TEST(read_registers_error_does_not_suspend)
{
    make_running(target());
    CHECK_ERROR(read_registers(1, 0), ERR_RANGE);
    CHECK_EQ(target()->state, THREAD_RUNNING);
}

TEST(read_registers_ignores_arch_flags)
{
    make_running(target());
    CHECK_OK(read_registers(0xff00, 2));
    CHECK_EQ(target()->state, THREAD_RUNNING);
    CHECK_EQ(reply_length, 2);
}

TEST(write_registers_sets_the_user_context_in_sel4_order)
{
    word_t values[USER_CONTEXT_COUNT];
    for (word_t i = 0; i < USER_CONTEXT_COUNT; i++) {
        values[i] = 0x2000 + i;
    }
    values[2] = 0x10;
    CHECK_OK(write_registers(0, USER_CONTEXT_COUNT, values));
    for (word_t i = 0; i < USER_CONTEXT_COUNT; i++) {
        CHECK_EQ(target()->context.regs[context_order[i]], values[i]);
    }
    CHECK_EQ(target()->context.regs[REG_PC], 0x2000); /* resumes where pc says */
    CHECK_EQ(target()->state, THREAD_INACTIVE);
    CHECK_EQ(hooks.possible_switch_to, 0);
}

TEST(write_registers_keeps_the_cpsr_in_user_mode)
{
    word_t values[3] = { 0x1000, 0x2000, 0xffffffffu };
    CHECK_OK(write_registers(0, 3, values));
    CHECK_EQ(target()->context.regs[REG_CPSR], 0xf8000000u | CPSR_USER);
    values[2] = 0x000001dfu; /* system mode, IRQ and FIQ masked, Thumb */
    CHECK_OK(write_registers(0, 3, values));
    CHECK_EQ(target()->context.regs[REG_CPSR], CPSR_USER);
}

TEST(write_registers_of_fewer_registers_leaves_the_rest)
{
    fill_context(target(), 0x100);
    word_t values[2] = { 0x4000, 0x5000 };
    CHECK_OK(write_registers(0, 2, values));
    CHECK_EQ(target()->context.regs[REG_FAULT_IP], 0x4000);
    CHECK_EQ(target()->context.regs[REG_PC], 0x4000);
    CHECK_EQ(target()->context.regs[REG_SP], 0x5000);
    CHECK_EQ(target()->context.regs[REG_R0], 0x100);
    CHECK_EQ(target()->context.regs[REG_CPSR], 0x80000010u);
}

TEST(write_registers_of_no_registers_only_moves_the_resume_point)
{
    fill_context(target(), 0x100);
    CHECK_OK(write_registers(0, 0, NULL));
    for (word_t r = 0; r < REG_COUNT; r++) {
        if (r != REG_PC && r != REG_CPSR) {
            CHECK_EQ(target()->context.regs[r], 0x100 + r);
        }
    }
    CHECK_EQ(target()->context.regs[REG_CPSR], 0x80000010u);
    /* seL4 invokeTCB_WriteRegisters: setNextPC(getRestartPC) whatever the count */
    CHECK_EQ(target()->context.regs[REG_PC], 0x100 + REG_FAULT_IP);
}

TEST(write_registers_partial_count_stops_inside_the_integer_registers)
{
    fill_context(target(), 0x100);
    word_t values[12];
    for (word_t i = 0; i < ARRAY_SIZE(values); i++) {
        values[i] = 0x7000 + i;
    }
    values[2] = 0x10;
    CHECK_OK(write_registers(0, ARRAY_SIZE(values), values));
    for (word_t i = 0; i < USER_CONTEXT_COUNT; i++) {
        word_t r = context_order[i];
        if (i < ARRAY_SIZE(values)) {
            CHECK_EQ(target()->context.regs[r], i == 2 ? CPSR_USER : values[i]);
        } else {
            CHECK_EQ(target()->context.regs[r], r == REG_CPSR ? 0x80000010u : 0x100 + r);
        }
    }
}

TEST(write_registers_count_beyond_the_message_is_truncated)
{
    fill_context(target(), 0x100);
    word_t mrs[] = { 0, 4, 1, 2, 3 };
    CHECK_ERROR(invoke(SLOT_T, TCBWriteRegisters, 5, mrs, 0, 0, 0), ERR_TRUNCATED_MESSAGE);
    CHECK_EQ(target()->context.regs[REG_FAULT_IP], 0x100 + REG_FAULT_IP);
}

TEST(write_registers_without_count_is_truncated)
{
    word_t mrs[] = { 0 };
    CHECK_ERROR(invoke(SLOT_T, TCBWriteRegisters, 1, mrs, 0, 0, 0), ERR_TRUNCATED_MESSAGE);
}

TEST(write_registers_count_beyond_the_frame_writes_the_frame)
{
    word_t values[USER_CONTEXT_COUNT + 5];
    for (word_t i = 0; i < ARRAY_SIZE(values); i++) {
        values[i] = 0x10 * i;
    }
    CHECK_OK(write_registers(0, ARRAY_SIZE(values), values));
    CHECK_EQ(target()->context.regs[REG_TPIDRURO], values[USER_CONTEXT_COUNT - 1]);
}

TEST(write_registers_of_the_caller_is_an_illegal_operation)
{
    word_t mrs[] = { 0, 1, 0x4000 };
    root_tcb()->context.regs[REG_FAULT_IP] = 0x99;
    CHECK_ERROR(invoke(SLOT_TCB, TCBWriteRegisters, 3, mrs, 0, 0, 0), ERR_ILLEGAL_OPERATION);
    CHECK_EQ(root_tcb()->context.regs[REG_FAULT_IP], 0x99);
}

TEST(write_registers_resume_target_restarts_a_stopped_thread)
{
    word_t values[1] = { 0x4000 };
    CHECK_OK(write_registers(1, 1, values));
    CHECK_EQ(target()->state, THREAD_RESTART);
    CHECK_EQ(hooks.possible_switch_to, 1);
    CHECK(hooks.last_switch_to == target());
    CHECK(cap_get_type(tcb_slot(target(), TCB_REPLY)->cap) == CAP_REPLY);
}

TEST(write_registers_resume_target_leaves_a_running_thread_alone)
{
    make_running(target());
    word_t values[1] = { 0x4000 };
    CHECK_OK(write_registers(1, 1, values));
    CHECK_EQ(target()->state, THREAD_RUNNING);
    CHECK_EQ(hooks.possible_switch_to, 0);
    CHECK_EQ(target()->context.regs[REG_PC], 0x4000);
}

TEST(write_registers_resume_target_restarts_a_thread_blocked_on_a_notification)
{
    notification_receive(ntfn(), target(), true);
    word_t values[1] = { 0x4000 };
    CHECK_OK(write_registers(1, 1, values));
    CHECK_EQ(target()->state, THREAD_RESTART);
    CHECK_EQ(ntfn_get_queue_head(*ntfn()), 0);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_IDLE);
    CHECK_EQ(target()->context.regs[REG_FAULT_IP], 0x4000); /* it restarts there */
    CHECK(hooks.last_switch_to == target());
}

static result_t copy_registers(word_t flags, word_t source_slot)
{
    word_t mrs[] = { flags };
    return invoke(SLOT_T, TCBCopyRegisters, 1, mrs, source_slot, 0, 0);
}

#define COPY_SUSPEND 1u
#define COPY_RESUME 2u
#define COPY_FRAME 4u
#define COPY_INTEGER 8u

TEST(copy_registers_transfers_the_frame_registers)
{
    fill_context(other(), 0x100);
    fill_context(target(), 0x900);
    CHECK_OK(copy_registers(COPY_FRAME, SLOT_T2));
    for (word_t i = 0; i < USER_CONTEXT_COUNT; i++) {
        word_t r = context_order[i];
        word_t from = i < USER_CONTEXT_FRAME_COUNT ? 0x100 : 0x900;
        CHECK_EQ(target()->context.regs[r], r == REG_CPSR ? 0x80000010u : from + r);
    }
    CHECK_EQ(target()->context.regs[REG_PC], 0x100 + REG_FAULT_IP);
    CHECK_EQ(other()->state, THREAD_INACTIVE);
}

TEST(copy_registers_transfers_the_integer_registers)
{
    fill_context(other(), 0x100);
    fill_context(target(), 0x900);
    CHECK_OK(copy_registers(COPY_INTEGER, SLOT_T2));
    for (word_t i = 0; i < USER_CONTEXT_COUNT; i++) {
        word_t r = context_order[i];
        if (r != REG_CPSR) {
            word_t from = i < USER_CONTEXT_FRAME_COUNT ? 0x900 : 0x100;
            CHECK_EQ(target()->context.regs[r], from + r);
        }
    }
    CHECK_EQ(target()->context.regs[REG_PC], 0x900 + REG_PC);
}

TEST(copy_registers_suspends_the_source_and_resumes_the_target)
{
    make_running(other());
    CHECK_OK(copy_registers(COPY_SUSPEND | COPY_RESUME, SLOT_T2));
    CHECK_EQ(other()->state, THREAD_INACTIVE);
    CHECK_EQ(target()->state, THREAD_RESTART);
    CHECK(hooks.last_switch_to == target());
}

TEST(copy_registers_resume_target_restarts_a_blocked_receiver)
{
    endpoint_t *ep = endpoint_ptr(cap_endpoint_get_ptr(slot(SLOT_EP)->cap));
    block_on_endpoint(target(), ep, THREAD_BLOCKED_ON_RECEIVE, 0);
    CHECK_OK(copy_registers(COPY_RESUME, SLOT_T2));
    CHECK_EQ(target()->state, THREAD_RESTART);
    CHECK_EQ(ep->state, EP_IDLE);
    CHECK_EQ(ep->queue.head, 0);
}

TEST(copy_registers_without_flags_changes_nothing)
{
    fill_context(other(), 0x100);
    fill_context(target(), 0x900);
    make_running(other());
    CHECK_OK(copy_registers(0, SLOT_T2));
    CHECK_EQ(target()->context.regs[REG_R0], 0x900);
    CHECK_EQ(other()->state, THREAD_RUNNING);
    CHECK_EQ(target()->state, THREAD_INACTIVE);
}

TEST(copy_registers_without_source_is_truncated)
{
    word_t mrs[] = { COPY_FRAME };
    CHECK_ERROR(invoke(SLOT_T, TCBCopyRegisters, 1, mrs, 0, 0, 0), ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(invoke(SLOT_T, TCBCopyRegisters, 0, mrs, SLOT_T2, 0, 0), ERR_TRUNCATED_MESSAGE);
}

TEST(copy_registers_from_a_non_thread_cap_is_invalid_capability_1)
{
    make_running(target());
    result_t r = copy_registers(COPY_SUSPEND | COPY_FRAME, SLOT_EP);
    CHECK_ERROR(r, ERR_INVALID_CAPABILITY);
    CHECK_EQ(r.error.invalid_cap_number, 1);
    CHECK_EQ(target()->state, THREAD_RUNNING);
}

TEST(copy_registers_into_the_caller_reschedules)
{
    fill_context(other(), 0x100);
    word_t mrs[] = { COPY_INTEGER };
    CHECK_OK(invoke(SLOT_TCB, TCBCopyRegisters, 1, mrs, SLOT_T2, 0, 0));
    CHECK_EQ(root_tcb()->context.regs[REG_R2], 0x100 + REG_R2);
    CHECK_EQ(hooks.reschedule, 1);
}
