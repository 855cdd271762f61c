/*
 * Host tests of IRQControl, IRQHandler, SGI signal caps and interrupt
 * delivery (src/object/interrupt.c) on the capability-core fixture, with a
 * recording stand-in for the interrupt controller.
 */
#include <string.h>

#include <fixture.h>
#include <kernel/cdt_check.h>
#include <kernel/irq.h>
#include <object/interrupt.h>

#define LINES 288u /* as QEMU virt's GIC reports */
#define TIMER_IRQ 27u
#define UART_IRQ 33u

static bool masked[LINES], edge[LINES];

word_t arch_irq_count(void)
{
    return LINES;
}
void arch_irq_mask(word_t irq)
{
    masked[irq] = true;
}
void arch_irq_unmask(word_t irq)
{
    masked[irq] = false;
}
void arch_irq_set_trigger(word_t irq, bool is_edge)
{
    edge[irq] = is_edge;
}

/* GICv2: CPU interfaces 0-7; every SGI sent is counted and the last kept. */
#define SGI_TARGETS 8u
static unsigned sgis_sent;
static word_t sgi_last_irq, sgi_last_target;
bool arch_sgi_target_valid(word_t target)
{
    return target < SGI_TARGETS;
}
void arch_sgi_send(word_t irq, word_t target)
{
    sgis_sent++;
    sgi_last_irq = irq;
    sgi_last_target = target;
}

static unsigned ticks;
void sched_timer_tick(void)
{
    ticks++;
}

enum { CONTROL = SLOT_FREE, HANDLER, NTFN, NTFN_BADGED, NTFN_NO_SEND, SPARE, SGI, SGI_COPY };

/* The IRQ node must be kernel-window memory: take it from the arena, at
 * the top of the untyped the fixture hands out (the tests use little). */
#define NODE_RADIX 10u /* 1024 >= IRQ_SLOTS slots */
#define NODE_PPTR (UNTYPED_PPTR + BIT(UNTYPED_BITS) - (BIT(NODE_RADIX) << SLOT_BITS))

/* The CDT checked from the root CNode and from the IRQ node, whose slots
 * hold derived notification caps. */
static void check_all(void)
{
    cap_t roots[] = { slot(SLOT_CNODE)->cap, cap_cnode_new(NODE_PPTR, NODE_RADIX, 0, 0) };
    cdt_check_result_t r = cdt_check(roots, 2);
    if (r.problem) {
        test_fail(__FILE__, __LINE__, "CDT invariant broken: %s (slot 0x%x)", r.problem,
                  (unsigned)r.slot);
    }
}

static void setup(void)
{
    memset(pptr_to_ptr(NODE_PPTR), 0, BIT(NODE_RADIX) << SLOT_BITS);
    memset(masked, 0, sizeof masked);
    sgis_sent = 0;
    interrupt_init(TIMER_IRQ, pptr_to_ptr(NODE_PPTR));
    test_teardown_hook = check_all; /* the IRQ node holds caps too */
    mdb_insert_root(slot(CONTROL), cap_irq_control_new());
    CHECK_EQ(do_retype(SLOT_UNTYPED, OBJ_NOTIFICATION, 0, NTFN, 1).status, EXCEPTION_NONE);
    CHECK_EQ(do_mint(NTFN_BADGED, NTFN, CAP_RIGHT_WRITE | CAP_RIGHT_READ, 0x40).status,
             EXCEPTION_NONE);
    CHECK_EQ(do_mint(NTFN_NO_SEND, NTFN, CAP_RIGHT_READ, 0).status, EXCEPTION_NONE);
}

static result_t invoke(word_t label, word_t length, const word_t *mrs, cte_t *target, cte_t *extra)
{
    invocation_args_t args = { .label = label, .length = length, .mrs = mrs, .thread = root_tcb() };
    args.extra_caps[0] = extra;
    result_t r = decode_invocation(&args, target, target->cap);
    check_all();
    return r;
}

/* IRQControl_Get(irq) into root slot `dest` at depth 32. */
static result_t get(word_t irq, word_t dest)
{
    word_t mrs[] = { irq, dest, 32 };
    return invoke(IRQIssueIRQHandler, 3, mrs, slot(CONTROL), slot(SLOT_CNODE));
}

/* IRQControl_IssueSGISignal(irq, target) into root slot `dest` at depth 32. */
static result_t issue_sgi(word_t irq, word_t target, word_t dest)
{
    word_t mrs[] = { irq, target, dest, 32 };
    return invoke(ARMIRQIssueSGISignal, 4, mrs, slot(CONTROL), slot(SLOT_CNODE));
}

static word_t signal_word(void)
{
    return ntfn_get_msg_identifier(*notification_ptr(cap_notification_get_ptr(slot(NTFN)->cap)));
}

TEST(irq_control_get_issues_a_handler_cap)
{
    setup();
    masked[UART_IRQ] = true; /* as every line starts */
    CHECK_EQ(get(UART_IRQ, HANDLER).status, EXCEPTION_NONE);
    CHECK(!masked[UART_IRQ]); /* issuing enables it */
    CHECK_EQ(cap_get_type(slot(HANDLER)->cap), CAP_IRQ_HANDLER);
    CHECK_EQ(cap_irq_handler_get_irq(slot(HANDLER)->cap), UART_IRQ);
    CHECK_EQ(interrupt_state(UART_IRQ), IRQ_SIGNAL);
}

TEST(irq_control_get_beyond_the_controller_is_range_error)
{
    setup();
    result_t r = get(LINES, HANDLER);
    CHECK_EQ(r.error.type, ERR_RANGE);
    CHECK_EQ(r.error.range_min, 0);
    CHECK_EQ(r.error.range_max, LINES - 1);
    CHECK(cte_is_empty(slot(HANDLER)));
}

TEST(irq_control_get_of_a_line_in_use_is_revoke_first)
{
    setup();
    CHECK_EQ(get(TIMER_IRQ, HANDLER).error.type, ERR_REVOKE_FIRST); /* the kernel's tick */
    CHECK_EQ(get(UART_IRQ, HANDLER).status, EXCEPTION_NONE);
    CHECK_EQ(get(UART_IRQ, SPARE).error.type, ERR_REVOKE_FIRST);
}

TEST(irq_control_get_into_an_occupied_slot_is_delete_first)
{
    setup();
    CHECK_EQ(get(UART_IRQ, NTFN).error.type, ERR_DELETE_FIRST);
    CHECK_EQ(interrupt_state(UART_IRQ), IRQ_INACTIVE);
}

TEST(irq_control_get_without_enough_arguments_is_truncated_message)
{
    setup();
    word_t mrs[] = { UART_IRQ, HANDLER, 32 };
    CHECK_EQ(invoke(IRQIssueIRQHandler, 2, mrs, slot(CONTROL), slot(SLOT_CNODE)).error.type,
             ERR_TRUNCATED_MESSAGE);
    CHECK_EQ(invoke(IRQIssueIRQHandler, 3, mrs, slot(CONTROL), NULL).error.type,
             ERR_TRUNCATED_MESSAGE);
}

TEST(irq_control_get_trigger_sets_edge_triggering)
{
    setup();
    word_t mrs[] = { UART_IRQ, 1, HANDLER, 32 };
    CHECK_EQ(invoke(ARMIRQIssueIRQHandlerTrigger, 4, mrs, slot(CONTROL), slot(SLOT_CNODE)).status,
             EXCEPTION_NONE);
    CHECK(edge[UART_IRQ]);
    CHECK_EQ(cap_irq_handler_get_irq(slot(HANDLER)->cap), UART_IRQ);
}

TEST(irq_handler_set_notification_needs_the_send_right)
{
    setup();
    CHECK_EQ(get(UART_IRQ, HANDLER).status, EXCEPTION_NONE);
    result_t r = invoke(IRQSetIRQHandler, 0, NULL, slot(HANDLER), slot(NTFN_NO_SEND));
    CHECK_EQ(r.error.type, ERR_INVALID_CAPABILITY);
    CHECK_EQ(invoke(IRQSetIRQHandler, 0, NULL, slot(HANDLER), slot(SLOT_UNTYPED)).error.type,
             ERR_INVALID_CAPABILITY);
    CHECK_EQ(invoke(IRQSetIRQHandler, 0, NULL, slot(HANDLER), NULL).error.type,
             ERR_TRUNCATED_MESSAGE);
}

TEST(irq_delivery_signals_the_badge_and_masks_until_ack)
{
    setup();
    CHECK_EQ(get(UART_IRQ, HANDLER).status, EXCEPTION_NONE);
    CHECK_EQ(invoke(IRQSetIRQHandler, 0, NULL, slot(HANDLER), slot(NTFN_BADGED)).status,
             EXCEPTION_NONE);
    handle_interrupt(UART_IRQ);
    CHECK_EQ(signal_word(), 0x40);
    CHECK(masked[UART_IRQ]);
    CHECK_EQ(invoke(IRQAckIRQ, 0, NULL, slot(HANDLER), NULL).status, EXCEPTION_NONE);
    CHECK(!masked[UART_IRQ]);
}

TEST(irq_handler_clear_stops_signalling)
{
    setup();
    CHECK_EQ(get(UART_IRQ, HANDLER).status, EXCEPTION_NONE);
    CHECK_EQ(invoke(IRQSetIRQHandler, 0, NULL, slot(HANDLER), slot(NTFN_BADGED)).status,
             EXCEPTION_NONE);
    CHECK_EQ(invoke(IRQClearIRQHandler, 0, NULL, slot(HANDLER), NULL).status, EXCEPTION_NONE);
    handle_interrupt(UART_IRQ);
    CHECK_EQ(signal_word(), 0);
    CHECK(masked[UART_IRQ]);
}

TEST(deleting_the_handler_cap_frees_and_masks_the_line)
{
    setup();
    CHECK_EQ(get(UART_IRQ, HANDLER).status, EXCEPTION_NONE);
    CHECK_EQ(invoke(IRQSetIRQHandler, 0, NULL, slot(HANDLER), slot(NTFN_BADGED)).status,
             EXCEPTION_NONE);
    CHECK_EQ(invoke(IRQAckIRQ, 0, NULL, slot(HANDLER), NULL).status, EXCEPTION_NONE);
    CHECK_EQ(do_delete(HANDLER).status, EXCEPTION_NONE);
    CHECK(masked[UART_IRQ]);
    CHECK_EQ(interrupt_state(UART_IRQ), IRQ_INACTIVE);
    CHECK_EQ(get(UART_IRQ, SPARE).status, EXCEPTION_NONE); /* free to issue again */
}

TEST(an_unhandled_interrupt_is_masked)
{
    setup();
    handle_interrupt(UART_IRQ + 1);
    CHECK(masked[UART_IRQ + 1]);
}

TEST(the_timer_line_is_the_kernel_tick)
{
    setup();
    handle_interrupt(TIMER_IRQ);
    CHECK_EQ(ticks, 1);
    CHECK(!masked[TIMER_IRQ]);
    CHECK_EQ(interrupt_state(TIMER_IRQ), IRQ_TIMER);
}

/* ---- IRQControl_IssueSGISignal and SGI signal caps ---- */

TEST(issue_sgi_signal_issues_a_cap_as_a_child_of_irq_control)
{
    setup();
    CHECK_OK(issue_sgi(15, 7, SGI));
    cap_t cap = slot(SGI)->cap;
    CHECK_EQ(cap_get_type(cap), CAP_SGI_SIGNAL);
    CHECK_EQ(cap_get_type(cap), 0x3f); /* seL4 16.0.0 aarch32 cap_sgi_signal_cap */
    CHECK_EQ(cap_sgi_signal_get_irq(cap), 15);
    CHECK_EQ(cap_sgi_signal_get_target(cap), 7);
    CHECK(mdb_get_revocable(slot(SGI)->mdb));
    CHECK(mdb_is_parent_of(slot(CONTROL), slot(SGI)));
    CHECK(!cap_is_physical(cap));
    CHECK_EQ(sgis_sent, 0);                      /* issuing sends nothing */
    CHECK_EQ(interrupt_state(15), IRQ_INACTIVE); /* nor claims the SGI's line */
}

TEST(issue_sgi_signal_with_too_few_words_or_no_root_is_truncated_message)
{
    setup();
    word_t mrs[] = { 1, 0, SGI, 32 };
    CHECK_ERROR(invoke(ARMIRQIssueSGISignal, 3, mrs, slot(CONTROL), slot(SLOT_CNODE)),
                ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(invoke(ARMIRQIssueSGISignal, 4, mrs, slot(CONTROL), NULL), ERR_TRUNCATED_MESSAGE);
    /* Truncation is found before the arguments are looked at. */
    word_t bad[] = { 16, 8, SGI, 0 };
    CHECK_ERROR(invoke(ARMIRQIssueSGISignal, 3, bad, slot(CONTROL), slot(SLOT_CNODE)),
                ERR_TRUNCATED_MESSAGE);
    CHECK(cte_is_empty(slot(SGI)));
}

TEST(issue_sgi_signal_of_an_id_beyond_15_is_range_error)
{
    setup();
    result_t r = issue_sgi(16, 0, SGI);
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_min, 0);
    CHECK_EQ(r.error.range_max, 15);
    CHECK_ERROR(issue_sgi(UART_IRQ, 0, SGI), ERR_RANGE);
    /* The SGI is checked before the target. */
    CHECK_ERROR(issue_sgi(16, SGI_TARGETS, SGI), ERR_RANGE);
    CHECK(cte_is_empty(slot(SGI)));
}

TEST(issue_sgi_signal_to_a_cpu_the_gic_cannot_address_is_invalid_argument_1)
{
    setup();
    result_t r = issue_sgi(0, SGI_TARGETS, SGI);
    CHECK_ERROR(r, ERR_INVALID_ARGUMENT);
    CHECK_EQ(r.error.invalid_argument_number, 1);
    CHECK_ERROR(issue_sgi(0, 0xff, SGI), ERR_INVALID_ARGUMENT); /* a list is not a target */
    CHECK_ERROR(issue_sgi(0, ~(word_t)0, SGI), ERR_INVALID_ARGUMENT);
    /* The target is checked before the slot. */
    CHECK_ERROR(issue_sgi(0, SGI_TARGETS, NTFN), ERR_INVALID_ARGUMENT);
    CHECK(cte_is_empty(slot(SGI)));
    CHECK_OK(issue_sgi(0, SGI_TARGETS - 1, SGI));
}

TEST(issue_sgi_signal_into_an_occupied_slot_is_delete_first)
{
    setup();
    CHECK_ERROR(issue_sgi(1, 0, NTFN), ERR_DELETE_FIRST);
    CHECK_EQ(cap_get_type(slot(NTFN)->cap), CAP_NOTIFICATION);
    CHECK_OK(issue_sgi(1, 0, SGI));
    CHECK_ERROR(issue_sgi(1, 0, SGI), ERR_DELETE_FIRST);
}

TEST(issue_sgi_signal_with_a_bad_destination_is_a_lookup_error)
{
    setup();
    word_t depth0[] = { 1, 0, SGI, 0 }, depth33[] = { 1, 0, SGI, 33 },
           short_depth[] = { 1, 0, SGI, 8 };
    result_t r = invoke(ARMIRQIssueSGISignal, 4, depth0, slot(CONTROL), slot(SLOT_CNODE));
    CHECK_ERROR(r, ERR_RANGE);
    CHECK_EQ(r.error.range_min, 1);
    CHECK_EQ(r.error.range_max, 32);
    CHECK_ERROR(invoke(ARMIRQIssueSGISignal, 4, depth33, slot(CONTROL), slot(SLOT_CNODE)),
                ERR_RANGE);
    CHECK_ERROR(invoke(ARMIRQIssueSGISignal, 4, short_depth, slot(CONTROL), slot(SLOT_CNODE)),
                ERR_FAILED_LOOKUP);
    /* A root that is no CNode. */
    word_t mrs[] = { 1, 0, SGI, 32 };
    r = invoke(ARMIRQIssueSGISignal, 4, mrs, slot(CONTROL), slot(NTFN));
    CHECK_ERROR(r, ERR_FAILED_LOOKUP);
    CHECK(!r.error.failed_lookup_was_source);
    CHECK(cte_is_empty(slot(SGI)));
}

TEST(invoking_an_sgi_signal_cap_sends_its_sgi_whatever_the_label)
{
    setup();
    CHECK_OK(issue_sgi(9, 3, SGI));
    word_t labels[] = { 0, IRQAckIRQ, ARMIRQIssueSGISignal, 0xfffff };
    for (unsigned i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        word_t mrs[] = { 1, 2 };
        CHECK_OK(invoke(labels[i], i % 3, mrs, slot(SGI), i == 1 ? slot(NTFN) : NULL));
        CHECK_EQ(sgis_sent, i + 1);
        CHECK_EQ(sgi_last_irq, 9);
        CHECK_EQ(sgi_last_target, 3);
    }
}

TEST(an_sgi_signal_cap_copies_as_it_is_under_the_original)
{
    setup();
    CHECK_OK(issue_sgi(4, 1, SGI));
    CHECK_OK(do_copy(SGI_COPY, SGI, CAP_RIGHT_READ)); /* rights mean nothing to it */
    CHECK_EQ(slot(SGI_COPY)->cap.words[0], slot(SGI)->cap.words[0]);
    CHECK_EQ(slot(SGI_COPY)->cap.words[1], slot(SGI)->cap.words[1]);
    CHECK(!mdb_get_revocable(slot(SGI_COPY)->mdb));
    CHECK(mdb_is_parent_of(slot(SGI), slot(SGI_COPY)));
    CHECK_OK(do_mint(SPARE, SGI_COPY, CAP_RIGHT_WRITE, 0x77)); /* nor does a badge */
    CHECK_EQ(slot(SPARE)->cap.words[1], slot(SGI)->cap.words[1]);
    /* Revoking the original deletes the copies. */
    CHECK_OK(do_revoke(SGI));
    CHECK(cte_is_empty(slot(SGI_COPY)));
    CHECK(cte_is_empty(slot(SPARE)));
    CHECK_EQ(cap_get_type(slot(SGI)->cap), CAP_SGI_SIGNAL);
}

TEST(two_issued_sgi_signal_caps_for_one_sgi_are_siblings)
{
    setup();
    CHECK_OK(issue_sgi(4, 1, SGI_COPY)); /* issued second but placed after CONTROL first */
    CHECK_OK(issue_sgi(4, 1, SGI));
    CHECK_OK(do_copy(SPARE, SGI, CAP_RIGHT_WRITE));
    /* The CDT holds CONTROL, SGI, SPARE, SGI_COPY: SGI's copy is its child,
     * the other issued cap is not (seL4 isMDBParentOf, first_badged). */
    CHECK(mdb_is_parent_of(slot(SGI), slot(SPARE)));
    CHECK(!mdb_is_parent_of(slot(SGI), slot(SGI_COPY)));
    CHECK_OK(do_revoke(SGI));
    CHECK(cte_is_empty(slot(SPARE)));
    CHECK_EQ(cap_get_type(slot(SGI_COPY)->cap), CAP_SGI_SIGNAL);
}

TEST(sgi_signal_caps_are_always_final_and_delete_without_cleanup)
{
    setup();
    CHECK_OK(issue_sgi(4, 1, SGI));
    CHECK_OK(do_copy(SGI_COPY, SGI, CAP_RIGHT_WRITE));
    CHECK(!cap_same_object_as(slot(SGI)->cap, slot(SGI_COPY)->cap));
    CHECK(!cap_same_object_as(slot(CONTROL)->cap, slot(SGI)->cap));
    CHECK(mdb_is_final_cap(slot(SGI)));
    bool masked_before[LINES];
    memcpy(masked_before, masked, sizeof masked);
    CHECK_OK(do_delete(SGI));
    CHECK_OK(do_delete(SGI_COPY));
    CHECK(memcmp(masked_before, masked, sizeof masked) == 0); /* no line touched */
    CHECK_EQ(interrupt_state(4), IRQ_INACTIVE);
    CHECK_EQ(sgis_sent, 0);
    CHECK_OK(issue_sgi(4, 1, SGI)); /* nothing was used up */
}

TEST(revoking_irq_control_deletes_sgi_signal_caps_and_handlers)
{
    setup();
    CHECK_OK(issue_sgi(2, 0, SGI));
    CHECK_OK(do_copy(SGI_COPY, SGI, CAP_RIGHT_WRITE));
    CHECK_OK(get(UART_IRQ, HANDLER));
    CHECK_OK(do_revoke(CONTROL));
    CHECK(cte_is_empty(slot(SGI)));
    CHECK(cte_is_empty(slot(SGI_COPY)));
    CHECK(cte_is_empty(slot(HANDLER)));
    CHECK_EQ(cap_get_type(slot(CONTROL)->cap), CAP_IRQ_CONTROL);
}

/* seL4 (aarch32, non-SMP) issues IRQHandler caps for SGI IDs like any line:
 * that is how an SGI sent to this core is received. */
TEST(an_sgi_with_a_handler_signals_its_notification)
{
    setup();
    CHECK_OK(get(5, HANDLER));
    CHECK_EQ(interrupt_state(5), IRQ_SIGNAL);
    CHECK_OK(invoke(IRQSetIRQHandler, 0, NULL, slot(HANDLER), slot(NTFN_BADGED)));
    CHECK_OK(issue_sgi(5, 0, SGI));
    CHECK_OK(invoke(0, 0, NULL, slot(SGI), NULL));
    CHECK_EQ(sgis_sent, 1);
    handle_interrupt(sgi_last_irq); /* the GIC delivers it back to this core */
    CHECK_EQ(signal_word(), 0x40);
}

TEST(irq_control_get_of_a_line_the_kernel_reserved_is_revoke_first)
{
    setup();
    interrupt_reserve(UART_IRQ); /* as SMP boot reserves its IPI's SGI */
    CHECK_EQ(interrupt_state(UART_IRQ), IRQ_RESERVED);
    CHECK_EQ(get(UART_IRQ, HANDLER).error.type, ERR_REVOKE_FIRST);
    CHECK(cte_is_empty(slot(HANDLER)));
}

TEST(irq_control_other_labels_are_illegal_operation)
{
    setup();
    word_t mrs[] = { UART_IRQ, HANDLER, 32 };
    CHECK_EQ(invoke(IRQAckIRQ, 3, mrs, slot(CONTROL), slot(SLOT_CNODE)).error.type,
             ERR_ILLEGAL_OPERATION);
    CHECK(cte_is_empty(slot(HANDLER)));
    CHECK_EQ(interrupt_state(UART_IRQ), IRQ_INACTIVE);
}

TEST(irq_handler_other_labels_are_illegal_operation)
{
    setup();
    CHECK_EQ(get(UART_IRQ, HANDLER).status, EXCEPTION_NONE);
    word_t mrs[] = { UART_IRQ, SPARE, 32 };
    CHECK_EQ(invoke(IRQIssueIRQHandler, 3, mrs, slot(HANDLER), slot(SLOT_CNODE)).error.type,
             ERR_ILLEGAL_OPERATION);
    CHECK(cte_is_empty(slot(SPARE)));
    CHECK_EQ(interrupt_state(UART_IRQ), IRQ_SIGNAL);
}
