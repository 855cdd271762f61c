/*
 * Host tests of IRQControl, IRQHandler and interrupt delivery
 * (src/object/interrupt.c) on the capability-core fixture, with a recording
 * stand-in for the interrupt controller.
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

word_t arch_irq_count(void) { return LINES; }
void arch_irq_mask(word_t irq) { masked[irq] = true; }
void arch_irq_unmask(word_t irq) { masked[irq] = false; }
void arch_irq_set_trigger(word_t irq, bool is_edge) { edge[irq] = is_edge; }

static unsigned ticks;
void sched_timer_tick(void) { ticks++; }

enum { CONTROL = SLOT_FREE, HANDLER, NTFN, NTFN_BADGED, NTFN_NO_SEND, SPARE };

/* The IRQ node must be kernel-window memory: take it from the arena, at
 * the top of the untyped the fixture hands out (the tests use little). */
#define NODE_RADIX 10u /* 1024 >= IRQ_SLOTS slots */
#define NODE_PPTR (UNTYPED_PPTR + BIT(UNTYPED_BITS) - (BIT(NODE_RADIX) << SLOT_BITS))

/* The CDT checked from the root CNode and from the IRQ node, whose slots
 * hold derived notification caps. */
static void check_all(void)
{
    cap_t roots[] = {slot(SLOT_CNODE)->cap, cap_cnode_new(NODE_PPTR, NODE_RADIX, 0, 0)};
    cdt_check_result_t r = cdt_check(roots, 2);
    if (r.problem) {
        test_fail(__FILE__, __LINE__, "CDT invariant broken: %s (slot 0x%x)", r.problem,
                  (unsigned)r.slot);
    }
}

static void setup(void)
{
    memset(pptr_to_ptr(NODE_PPTR), 0, BIT(NODE_RADIX) << SLOT_BITS);
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
    invocation_args_t args = {.label = label, .length = length, .mrs = mrs, .thread = root_tcb()};
    args.extra_caps[0] = extra;
    result_t r = decode_invocation(&args, target, target->cap);
    check_all();
    return r;
}

/* IRQControl_Get(irq) into root slot `dest` at depth 32. */
static result_t get(word_t irq, word_t dest)
{
    word_t mrs[] = {irq, dest, 32};
    return invoke(IRQIssueIRQHandler, 3, mrs, slot(CONTROL), slot(SLOT_CNODE));
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
    word_t mrs[] = {UART_IRQ, HANDLER, 32};
    CHECK_EQ(invoke(IRQIssueIRQHandler, 2, mrs, slot(CONTROL), slot(SLOT_CNODE)).error.type,
             ERR_TRUNCATED_MESSAGE);
    CHECK_EQ(invoke(IRQIssueIRQHandler, 3, mrs, slot(CONTROL), NULL).error.type,
             ERR_TRUNCATED_MESSAGE);
}

TEST(irq_control_get_trigger_sets_edge_triggering)
{
    setup();
    word_t mrs[] = {UART_IRQ, 1, HANDLER, 32};
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
