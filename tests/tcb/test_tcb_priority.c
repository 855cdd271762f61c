/*
 * TCB SetPriority, SetMCPriority and SetSchedParams: an authority thread's
 * MCP bounds both (seL4_RangeError 0..MCP), the authority must be a thread
 * cap (seL4_InvalidCapability 1), and priorities go through the scheduler.
 */
#include "tcb_fixture.h"

static result_t set_priority(word_t priority, word_t authority)
{
    word_t mrs[] = { priority };
    return invoke(SLOT_T, TCBSetPriority, 1, mrs, authority, 0, 0);
}

static result_t set_mc_priority(word_t mcp, word_t authority)
{
    word_t mrs[] = { mcp };
    return invoke(SLOT_T, TCBSetMCPriority, 1, mrs, authority, 0, 0);
}

static result_t set_sched_params(word_t mcp, word_t priority, word_t authority)
{
    word_t mrs[] = { mcp, priority };
    return invoke(SLOT_T, TCBSetSchedParams, 2, mrs, authority, 0, 0);
}

static void check_range_error(result_t r, word_t max)
{
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_min, 0);
    CHECK_EQ(r.error.range_max, max);
}

TEST(set_priority_up_to_the_authority_mcp)
{
    other()->mcp = 100;
    CHECK_OK(set_priority(100, SLOT_T2));
    CHECK_EQ(target()->priority, 100);
    CHECK_EQ(hooks.set_priority, 1);
    CHECK_OK(set_priority(0, SLOT_T2));
    CHECK_EQ(target()->priority, 0);
}

TEST(set_priority_above_the_authority_mcp_is_a_range_error)
{
    other()->mcp = 100;
    target()->priority = 7;
    check_range_error(set_priority(101, SLOT_T2), 100);
    other()->mcp = MAX_PRIORITY;
    check_range_error(set_priority(MAX_PRIORITY + 1, SLOT_T2), MAX_PRIORITY);
    check_range_error(set_priority(~0u, SLOT_T2), MAX_PRIORITY);
    CHECK_EQ(target()->priority, 7);
    CHECK_EQ(hooks.set_priority, 0);
}

TEST(set_priority_authority_is_the_given_thread_not_the_target)
{
    target()->mcp = MAX_PRIORITY;
    other()->mcp = 10;
    check_range_error(set_priority(11, SLOT_T2), 10);
    CHECK_OK(set_priority(200, SLOT_T)); /* its own MCP */
    CHECK_EQ(target()->priority, 200);
}

TEST(set_priority_authority_must_be_a_thread_cap)
{
    result_t r = set_priority(0, SLOT_EP);
    CHECK_ERROR(r, ERR_INVALID_CAPABILITY);
    CHECK_EQ(r.error.invalid_cap_number, 1);
}

TEST(set_priority_is_truncated_without_priority_and_authority)
{
    word_t mrs[] = { 0 };
    CHECK_ERROR(invoke(SLOT_T, TCBSetPriority, 0, mrs, SLOT_T2, 0, 0), ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(invoke(SLOT_T, TCBSetPriority, 1, mrs, 0, 0, 0), ERR_TRUNCATED_MESSAGE);
}

TEST(set_mc_priority_up_to_the_authority_mcp)
{
    other()->mcp = 50;
    CHECK_OK(set_mc_priority(50, SLOT_T2));
    CHECK_EQ(target()->mcp, 50);
    CHECK_EQ(hooks.set_priority, 0);
}

TEST(set_mc_priority_above_the_authority_mcp_is_a_range_error)
{
    other()->mcp = 50;
    target()->mcp = 3;
    check_range_error(set_mc_priority(51, SLOT_T2), 50);
    CHECK_EQ(target()->mcp, 3);
}

TEST(set_mc_priority_authority_must_be_a_thread_cap)
{
    result_t r = set_mc_priority(0, SLOT_NTFN);
    CHECK_ERROR(r, ERR_INVALID_CAPABILITY);
    CHECK_EQ(r.error.invalid_cap_number, 1);
}

TEST(set_mc_priority_is_truncated_without_mcp_and_authority)
{
    word_t mrs[] = { 0 };
    CHECK_ERROR(invoke(SLOT_T, TCBSetMCPriority, 0, mrs, SLOT_T2, 0, 0), ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(invoke(SLOT_T, TCBSetMCPriority, 1, mrs, 0, 0, 0), ERR_TRUNCATED_MESSAGE);
}

TEST(set_sched_params_sets_mcp_and_priority)
{
    other()->mcp = 200;
    CHECK_OK(set_sched_params(150, 120, SLOT_T2));
    CHECK_EQ(target()->mcp, 150);
    CHECK_EQ(target()->priority, 120);
    CHECK_EQ(hooks.set_priority, 1);
}

TEST(set_sched_params_checks_both_before_changing_either)
{
    other()->mcp = 100;
    target()->mcp = 1;
    target()->priority = 1;
    check_range_error(set_sched_params(101, 50, SLOT_T2), 100);
    check_range_error(set_sched_params(50, 101, SLOT_T2), 100);
    CHECK_EQ(target()->mcp, 1);
    CHECK_EQ(target()->priority, 1);
}

TEST(set_sched_params_authority_must_be_a_thread_cap)
{
    result_t r = set_sched_params(0, 0, SLOT_CN);
    CHECK_ERROR(r, ERR_INVALID_CAPABILITY);
    CHECK_EQ(r.error.invalid_cap_number, 1);
}

TEST(set_sched_params_is_truncated_without_two_words_and_authority)
{
    word_t mrs[] = { 0, 0 };
    CHECK_ERROR(invoke(SLOT_T, TCBSetSchedParams, 1, mrs, SLOT_T2, 0, 0), ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(invoke(SLOT_T, TCBSetSchedParams, 2, mrs, 0, 0, 0), ERR_TRUNCATED_MESSAGE);
}
