/*
 * IRQControl and IRQHandler invocations and interrupt delivery, with seL4's
 * checks: a line beyond the controller's is a RangeError, a line already in
 * use (or the kernel's) needs RevokeFirst, the destination slot must be
 * empty, and only a notification cap with the send right can be bound. The
 * notification each line signals is kept in a slot of its own (seL4's IRQ
 * node), so the binding is an ordinary derived cap in the CDT. ARM's SGI
 * signal caps (IRQControl_IssueSGISignal) are issued and invoked here too.
 */
#include <api/invocation.h>
#include <kernel/cdt.h>
#include <kernel/cspace.h>
#include <kernel/hooks.h>
#include <kernel/irq.h>
#include <kernel/printf.h>
#include <kernel/smp.h>
#include <object/cnode.h>
#include <object/interrupt.h>
#include <object/notification.h>

#define IRQ_TRIGGER_LEVEL 0u /* seL4_ARM_IRQTrigger... as libsel4 documents */

static word_t irq_states[IRQ_SLOTS];
static cte_t *irq_node; /* IRQ_SLOTS slots in the kernel window */

void interrupt_init(word_t timer_irq, cte_t *node)
{
    assert(IS_ALIGNED(ptr_to_pptr(node), SLOT_BITS)); /* the CDT links slots by address */
    irq_node = node;
    for (word_t i = 0; i < IRQ_SLOTS; i++) {
        irq_states[i] = i < arch_irq_count() ? IRQ_INACTIVE : IRQ_RESERVED;
    }
    irq_states[timer_irq] = IRQ_TIMER;
}

void interrupt_reserve(word_t irq)
{
    irq_states[irq] = IRQ_RESERVED;
}

word_t interrupt_state(word_t irq)
{
    return irq < IRQ_SLOTS ? irq_states[irq] : IRQ_RESERVED;
}

static word_t irq_max(void)
{
    word_t lines = arch_irq_count();
    return (lines < IRQ_SLOTS ? lines : IRQ_SLOTS) - 1u;
}

/* The destination of every cap IRQControl issues: an empty slot named by
 * the root cap (extra cap 0), index and depth. */
static result_t irq_control_dest_slot(const invocation_args_t *args, word_t index, word_t depth,
                                      cte_t **dest)
{
    slot_result_t r = cspace_lookup_target_slot(args->extra_caps[0]->cap, index, depth);
    if (r.error.type != ERR_NONE) {
        return result_error(r.error);
    }
    if (!cte_is_empty(r.slot)) {
        return result_error(syscall_error(ERR_DELETE_FIRST));
    }
    *dest = r.slot;
    return result_ok();
}

/* The checks IRQControl_Get and _GetTrigger share: the line, then the
 * destination slot. */
static result_t irq_control_check(const invocation_args_t *args, word_t irq, word_t index,
                                  word_t depth, cte_t **dest)
{
    if (irq > irq_max()) {
        return result_error(syscall_error_range(0, irq_max()));
    }
    if (irq_states[irq] != IRQ_INACTIVE) {
        return result_error(syscall_error(ERR_REVOKE_FIRST));
    }
    return irq_control_dest_slot(args, index, depth, dest);
}

/* Issuing a handler enables the line, as seL4's setIRQState does: a driver
 * need not Ack before its first interrupt. */
static void irq_control_issue(word_t irq, cte_t *control, cte_t *dest)
{
    irq_states[irq] = IRQ_SIGNAL;
    arch_irq_unmask(irq);
    mdb_insert_child(cap_irq_handler_new(irq), control, dest);
}

/*
 * ARM's IRQControl_IssueSGISignal (irq, target, index, depth; root), as
 * seL4 16.0.0 decodes it in non-SMP builds: all four words are needed; the
 * SGI must be 0-15 (RangeError); target is one CPU interface number that
 * the controller can address (else InvalidArgument 1), not a target list;
 * the SGI may also have an IRQHandler, which is what receives it.
 */
static result_t decode_issue_sgi_signal(const invocation_args_t *args, cte_t *control)
{
    if (args->length < 4 || args->extra_caps[0] == NULL) {
        return result_error(syscall_error(ERR_TRUNCATED_MESSAGE));
    }
    word_t irq = args->mrs[0], target = args->mrs[1];
    if (irq >= SGI_COUNT) {
        return result_error(syscall_error_range(0, SGI_COUNT - 1));
    }
    if (!arch_sgi_target_valid(target)) {
        return result_error(syscall_error_invalid_argument(1));
    }
    cte_t *dest;
    result_t r = irq_control_dest_slot(args, args->mrs[2], args->mrs[3], &dest);
    if (r.status != EXCEPTION_NONE) {
        return r;
    }
    mdb_insert_child(cap_sgi_signal_new(irq, target), control, dest);
    return result_ok();
}

/* IRQControl_Get (irq, index, depth; root) and the ARM variants
 * IRQControl_GetTrigger (irq, trigger, index, depth; root),
 * IRQControl_GetTriggerCore (irq, trigger, index, depth, target; root: SMP
 * builds; target must be a core that is up, else InvalidArgument 4, which
 * is where its word is) and IRQControl_IssueSGISignal (non-SMP builds). */
result_t decode_irq_control_invocation(const invocation_args_t *args, cte_t *control)
{
    if (args->label == LABEL_IRQ_ISSUE_SGI_SIGNAL) {
        return decode_issue_sgi_signal(args, control);
    }
    bool core = args->label == LABEL_IRQ_ISSUE_HANDLER_TRIGGER_CORE;
    bool trigger = core || args->label == ARMIRQIssueIRQHandlerTrigger;
    if (args->label != IRQIssueIRQHandler && !trigger) {
        return result_error(syscall_error(ERR_ILLEGAL_OPERATION));
    }
    word_t words = core ? 5 : trigger ? 4 : 3;
    if (args->length < words || args->extra_caps[0] == NULL) {
        return result_error(syscall_error(ERR_TRUNCATED_MESSAGE));
    }
    word_t irq = args->mrs[0];
    word_t edge = trigger ? args->mrs[1] : IRQ_TRIGGER_LEVEL;
    word_t depth_word = core ? 3 : words - 1;
    cte_t *dest;
    result_t r =
        irq_control_check(args, irq, args->mrs[depth_word - 1], args->mrs[depth_word], &dest);
    if (r.status != EXCEPTION_NONE) {
        return r;
    }
    if (core && !smp_core_online(args->mrs[4])) {
        return result_error(syscall_error_invalid_argument(4));
    }
    if (trigger) {
        arch_irq_set_trigger(irq, edge != IRQ_TRIGGER_LEVEL);
    }
    if (CONFIG_MAX_NUM_NODES > 1 && core) {
        arch_irq_set_target(irq, args->mrs[4]);
    }
    irq_control_issue(irq, control, dest);
    return result_ok();
}

static void irq_handler_set_notification(word_t irq, cte_t *ntfn_slot)
{
    cte_delete_one(&irq_node[irq]);
    mdb_insert_child(ntfn_slot->cap, ntfn_slot, &irq_node[irq]);
}

result_t decode_irq_handler_invocation(const invocation_args_t *args, word_t irq)
{
    switch (args->label) {
    case IRQAckIRQ:
        arch_irq_unmask(irq);
        return result_ok();
    case IRQSetIRQHandler: {
        cte_t *slot = args->extra_caps[0];
        if (slot == NULL) {
            return result_error(syscall_error(ERR_TRUNCATED_MESSAGE));
        }
        if (cap_get_type(slot->cap) != CAP_NOTIFICATION ||
            !cap_notification_get_can_send(slot->cap)) {
            return result_error(syscall_error_invalid_capability(0));
        }
        irq_handler_set_notification(irq, slot);
        return result_ok();
    }
    case IRQClearIRQHandler:
        cte_delete_one(&irq_node[irq]);
        return result_ok();
    default:
        return result_error(syscall_error(ERR_ILLEGAL_OPERATION));
    }
}

/* seL4 ignores the label and message of an SGI signal cap's invocation:
 * seL4_Signal, Send and Call all send the SGI (a Call's reply is empty). */
result_t decode_sgi_signal_invocation(const invocation_args_t *args, cap_t cap)
{
    (void)args;
    arch_sgi_send(cap_sgi_signal_get_irq(cap), cap_sgi_signal_get_target(cap));
    return result_ok();
}

void interrupt_deliver(word_t irq)
{
    cap_t ntfn = irq_node[irq].cap;
    if (cap_get_type(ntfn) == CAP_NOTIFICATION && cap_notification_get_can_send(ntfn)) {
        notification_signal(notification_ptr(cap_notification_get_ptr(ntfn)),
                            cap_notification_get_badge(ntfn));
    } else {
        kprintf("Keel: interrupt %u has no notification to signal\n", irq);
    }
    arch_irq_mask(irq); /* until the driver acknowledges it */
}

/* The last handler cap is going: drop its notification binding ... */
void irq_handler_deleting(word_t irq)
{
    cte_delete_one(&irq_node[irq]);
}

/* ... and once it is gone, the line is free and masked again. */
void irq_handler_deleted(word_t irq)
{
    arch_irq_mask(irq);
    irq_states[irq] = IRQ_INACTIVE;
}
