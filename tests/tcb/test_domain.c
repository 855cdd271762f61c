/*
 * The domain cap's runtime schedule (seL4 15.0): DomainSet_ScheduleConfigure
 * and DomainSet_ScheduleSetStart decode, with seL4 16.0.0's errors in its
 * order. The host build has four domains (tests/CMakeLists.txt).
 */
#include "tcb_fixture.h"

static result_t configure(word_t length, word_t index, word_t domain, uint64_t duration)
{
    word_t mrs[] = { index, domain, (word_t)duration, (word_t)(duration >> 32) };
    return invoke(SLOT_DOMAIN, DomainScheduleConfigure, length, mrs, 0, 0, 0);
}

static result_t set_start(word_t length, word_t index)
{
    word_t mrs[] = { index };
    return invoke(SLOT_DOMAIN, DomainScheduleSetStart, length, mrs, 0, 0, 0);
}

TEST(domain_schedule_configure_sets_one_entry)
{
    CHECK_OK(configure(4, 1, NUM_DOMAINS - 1, 0x100000007ull));
    CHECK_EQ(host_domain_schedule[1].domain, NUM_DOMAINS - 1);
    CHECK(host_domain_schedule[1].duration == 0x100000007ull); /* both words used */
    CHECK(host_domain_schedule[0].duration == DOMAIN_MAX_DURATION);
}

TEST(domain_schedule_configure_needs_four_words)
{
    CHECK_ERROR(configure(3, 1, 0, 5), ERR_TRUNCATED_MESSAGE);
    CHECK(host_domain_schedule[1].duration == 0);
}

TEST(domain_schedule_configure_index_beyond_table_is_range_error)
{
    result_t r = configure(4, CONFIG_NUM_DOMAIN_SCHEDULES, 0, 5);
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_min, 0);
    CHECK_EQ(r.error.range_max, CONFIG_NUM_DOMAIN_SCHEDULES - 1);
}

TEST(domain_schedule_configure_domain_beyond_domains_is_range_error)
{
    result_t r = configure(4, 1, NUM_DOMAINS, 5);
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_min, 0);
    CHECK_EQ(r.error.range_max, NUM_DOMAINS - 1);
    /* The index is checked first. */
    r = configure(4, CONFIG_NUM_DOMAIN_SCHEDULES, NUM_DOMAINS, 5);
    CHECK_EQ(r.error.range_max, CONFIG_NUM_DOMAIN_SCHEDULES - 1);
}

TEST(domain_schedule_configure_too_long_is_invalid_argument_2)
{
    result_t r = configure(4, 1, 0, DOMAIN_MAX_DURATION + 1);
    CHECK_ERROR(r, ERR_INVALID_ARGUMENT);
    CHECK_EQ(r.error.invalid_argument_number, 2);
    CHECK_OK(configure(4, 1, 0, DOMAIN_MAX_DURATION));
}

TEST(domain_schedule_end_marker_must_name_domain_0)
{
    result_t r = configure(4, 1, 1, 0);
    CHECK_ERROR(r, ERR_INVALID_ARGUMENT);
    CHECK_EQ(r.error.invalid_argument_number, 1);
    CHECK_OK(configure(4, 1, 0, 0));
}

TEST(domain_schedule_start_entry_cannot_become_end_marker)
{
    result_t r = configure(4, 0, 0, 0);
    CHECK_ERROR(r, ERR_INVALID_ARGUMENT);
    CHECK_EQ(r.error.invalid_argument_number, 2);
    CHECK(host_domain_schedule[0].duration == DOMAIN_MAX_DURATION);
}

TEST(domain_schedule_set_start_switches_and_reschedules)
{
    CHECK_OK(configure(4, 2, 1, 10));
    CHECK_OK(set_start(1, 2));
    CHECK_EQ(host_domain_start, 2);
    CHECK_EQ(hooks.reschedule, 1);
    /* Entry 0 is no longer the start: it may now be an end marker. */
    CHECK_OK(configure(4, 0, 0, 0));
}

TEST(domain_schedule_set_start_errors)
{
    CHECK_ERROR(set_start(0, 0), ERR_TRUNCATED_MESSAGE);
    result_t r = set_start(1, CONFIG_NUM_DOMAIN_SCHEDULES);
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_max, CONFIG_NUM_DOMAIN_SCHEDULES - 1);
    r = set_start(1, 3); /* an end marker */
    CHECK_ERROR(r, ERR_INVALID_ARGUMENT);
    CHECK_EQ(r.error.invalid_argument_number, 0);
    CHECK_EQ(host_domain_start, 0);
    CHECK_EQ(hooks.reschedule, 0);
}

TEST(domain_cap_unknown_label_is_illegal_operation)
{
    word_t mrs[] = { 0 };
    CHECK_ERROR(invoke(SLOT_DOMAIN, TCBSuspend, 1, mrs, 0, 0, 0), ERR_ILLEGAL_OPERATION);
}
