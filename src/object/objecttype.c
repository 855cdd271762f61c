/*
 * The meaning of the generic cap types (<object/objecttype.h>), following
 * seL4's objecttype.c semantics; ARM caps go to src/arch/arm/object/objecttype.c.
 */
#include <kernel/cdt.h>
#include <kernel/hooks.h>
#include <kernel/reply.h>
#include <object/cnode.h>
#include <object/interrupt.h>
#include <object/endpoint.h>
#include <object/notification.h>
#include <object/objecttype.h>
#include <object/tcb.h>
#include <object/domain.h>
#include <object/tcb_invocation.h>
#include <object/untyped.h>

word_t object_size_bits(word_t type, word_t user_size)
{
    switch (type) {
    case OBJ_UNTYPED:
        return user_size;
    case OBJ_TCB:
        return TCB_BITS;
    case OBJ_ENDPOINT:
        return ENDPOINT_BITS;
    case OBJ_NOTIFICATION:
        return NOTIFICATION_BITS;
    case OBJ_CNODE:
        return SLOT_BITS + user_size; /* callers bound user_size first */
    default:
        return arch_object_size_bits(type);
    }
}

cap_t object_create(word_t type, pptr_t base, word_t user_size, bool is_device)
{
    switch (type) {
    case OBJ_UNTYPED:
        /* Carved from free (zero) memory, so nothing to reset yet. */
        return cap_untyped_new(base, user_size, is_device, 0);
    case OBJ_TCB:
        tcb_init(tcb_ptr(base));
        return cap_thread_new(base);
    case OBJ_ENDPOINT:
        return cap_endpoint_new(base, 0, true, true, true, true);
    case OBJ_NOTIFICATION:
        return cap_notification_new(base, 0, true, true);
    case OBJ_CNODE:
        return cap_cnode_new(base, user_size, 0, 0);
    default:
        return arch_object_create(type, base, is_device);
    }
}

bool cap_is_physical(cap_t cap)
{
    switch (cap_get_type(cap)) {
    case CAP_UNTYPED:
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
    case CAP_CNODE:
    case CAP_THREAD:
    case CAP_ZOMBIE:
        return true;
    default:
        return cap_is_arch(cap) && arch_cap_is_physical(cap);
    }
}

pptr_t cap_get_ptr(cap_t cap)
{
    switch (cap_get_type(cap)) {
    case CAP_UNTYPED:
        return cap_untyped_get_ptr(cap);
    case CAP_ENDPOINT:
        return cap_endpoint_get_ptr(cap);
    case CAP_NOTIFICATION:
        return cap_notification_get_ptr(cap);
    case CAP_CNODE:
        return cap_cnode_get_ptr(cap);
    case CAP_THREAD:
        return cap_thread_get_tcb(cap);
    case CAP_ZOMBIE:
        return cap_zombie_get_slots(cap);
    default:
        return cap_is_arch(cap) ? arch_cap_get_ptr(cap) : 0;
    }
}

word_t cap_get_size_bits(cap_t cap)
{
    switch (cap_get_type(cap)) {
    case CAP_UNTYPED:
        return cap_untyped_get_block_size(cap);
    case CAP_ENDPOINT:
        return ENDPOINT_BITS;
    case CAP_NOTIFICATION:
        return NOTIFICATION_BITS;
    case CAP_CNODE:
        return cap_cnode_get_radix(cap) + SLOT_BITS;
    case CAP_THREAD:
        return TCB_BITS;
    case CAP_ZOMBIE: {
        word_t type = cap_zombie_get_type(cap);
        return type == ZOMBIE_TYPE_TCB ? TCB_BITS : type + SLOT_BITS;
    }
    default:
        return cap_is_arch(cap) ? arch_cap_get_size_bits(cap) : 0;
    }
}

static bool untyped_contains(cap_t untyped, cap_t cap)
{
    if (!cap_is_physical(cap)) {
        return false;
    }
    pptr_t base = cap_untyped_get_ptr(untyped), cap_base = cap_get_ptr(cap);
    pptr_t top = base + bitfield_mask(cap_untyped_get_block_size(untyped));
    pptr_t cap_top = cap_base + bitfield_mask(cap_get_size_bits(cap));
    return base <= cap_base && cap_top <= top && cap_base <= cap_top;
}

bool cap_same_region_as(cap_t a, cap_t b)
{
    word_t type_b = cap_get_type(b);
    switch (cap_get_type(a)) {
    case CAP_UNTYPED:
        return untyped_contains(a, b);
    case CAP_ENDPOINT:
        return type_b == CAP_ENDPOINT && cap_endpoint_get_ptr(a) == cap_endpoint_get_ptr(b);
    case CAP_NOTIFICATION:
        return type_b == CAP_NOTIFICATION &&
               cap_notification_get_ptr(a) == cap_notification_get_ptr(b);
    case CAP_CNODE:
        return type_b == CAP_CNODE && cap_cnode_get_ptr(a) == cap_cnode_get_ptr(b) &&
               cap_cnode_get_radix(a) == cap_cnode_get_radix(b);
    case CAP_THREAD:
        return type_b == CAP_THREAD && cap_thread_get_tcb(a) == cap_thread_get_tcb(b);
    case CAP_REPLY:
        return type_b == CAP_REPLY && cap_reply_get_tcb(a) == cap_reply_get_tcb(b);
    case CAP_DOMAIN:
        return type_b == CAP_DOMAIN;
    case CAP_IRQ_CONTROL:
        return type_b == CAP_IRQ_CONTROL || type_b == CAP_IRQ_HANDLER ||
               arch_cap_is_irq_control_descendant(b);
    case CAP_IRQ_HANDLER:
        return type_b == CAP_IRQ_HANDLER &&
               cap_irq_handler_get_irq(a) == cap_irq_handler_get_irq(b);
    default:
        return cap_is_arch(a) && cap_is_arch(b) && arch_cap_same_region_as(a, b);
    }
}

bool cap_same_object_as(cap_t a, cap_t b)
{
    /* An untyped cap is never "the same object" as another cap, so deleting
     * one never finalises anything (seL4 sameObjectAs). */
    if (cap_get_type(a) == CAP_UNTYPED) {
        return false;
    }
    if (cap_get_type(a) == CAP_IRQ_CONTROL &&
        (cap_get_type(b) == CAP_IRQ_HANDLER || arch_cap_is_irq_control_descendant(b))) {
        return false;
    }
    if (cap_is_arch(a) && cap_is_arch(b)) {
        return arch_cap_same_object_as(a, b);
    }
    return cap_same_region_as(a, b);
}

bool cap_is_revocable(cap_t derived, cap_t src)
{
    switch (cap_get_type(derived)) {
    case CAP_ENDPOINT:
        /* a newly badged cap heads the subtree of its badge */
        return cap_endpoint_get_badge(derived) != cap_endpoint_get_badge(src);
    case CAP_NOTIFICATION:
        return cap_notification_get_badge(derived) != cap_notification_get_badge(src);
    case CAP_IRQ_HANDLER:
        return cap_get_type(src) == CAP_IRQ_CONTROL;
    case CAP_UNTYPED:
        return true;
    default:
        return arch_cap_is_revocable(derived, src);
    }
}

derive_result_t cap_derive(const cte_t *slot, cap_t cap)
{
    if (cap_is_arch(cap)) {
        return arch_cap_derive(cap);
    }
    switch (cap_get_type(cap)) {
    case CAP_ZOMBIE:
    case CAP_IRQ_CONTROL:
    case CAP_REPLY:
        return (derive_result_t){ .cap = cap_null_new() };
    case CAP_UNTYPED:
        /* A copy of an untyped may retype, so none of its memory may be in use. */
        if (mdb_has_children(slot)) {
            return (derive_result_t){ .cap = cap_null_new(),
                                      .error = syscall_error(ERR_REVOKE_FIRST) };
        }
        return (derive_result_t){ .cap = cap };
    default:
        return (derive_result_t){ .cap = cap };
    }
}

static bool has_right(word_t rights, word_t right)
{
    return (rights & right) != 0;
}

cap_t cap_mask_rights(word_t rights, cap_t cap)
{
    if (cap_is_arch(cap)) {
        return arch_cap_mask_rights(rights, cap);
    }
    switch (cap_get_type(cap)) {
    case CAP_ENDPOINT:
        cap = cap_endpoint_set_can_send(cap, cap_endpoint_get_can_send(cap) &&
                                                 has_right(rights, CAP_RIGHT_WRITE));
        cap = cap_endpoint_set_can_receive(cap, cap_endpoint_get_can_receive(cap) &&
                                                    has_right(rights, CAP_RIGHT_READ));
        cap = cap_endpoint_set_can_grant(cap, cap_endpoint_get_can_grant(cap) &&
                                                  has_right(rights, CAP_RIGHT_GRANT));
        return cap_endpoint_set_can_grant_reply(cap, cap_endpoint_get_can_grant_reply(cap) &&
                                                         has_right(rights, CAP_RIGHT_GRANT_REPLY));
    case CAP_NOTIFICATION:
        cap = cap_notification_set_can_send(cap, cap_notification_get_can_send(cap) &&
                                                     has_right(rights, CAP_RIGHT_WRITE));
        return cap_notification_set_can_receive(cap, cap_notification_get_can_receive(cap) &&
                                                         has_right(rights, CAP_RIGHT_READ));
    case CAP_REPLY:
        return cap_reply_set_can_grant(cap, cap_reply_get_can_grant(cap) &&
                                                has_right(rights, CAP_RIGHT_GRANT));
    default:
        return cap;
    }
}

static cap_t cnode_cap_set_guard_from(cap_t cap, word_t data)
{
    cnode_capdata_t w = { { data } };
    word_t guard_size = cnode_capdata_get_guard_size(w);
    if (guard_size + cap_cnode_get_radix(cap) > WORD_BITS) {
        return cap_null_new();
    }
    word_t guard = cnode_capdata_get_guard(w) & bitfield_mask(guard_size);
    cap = cap_cnode_set_guard_size(cap, guard_size);
    return cap_cnode_set_guard(cap, guard);
}

cap_t cap_update_data(bool preserve, word_t data, cap_t cap)
{
    /* Badges are seL4_BadgeBits wide; higher bits of the data are dropped. */
    word_t badge = data & bitfield_mask(BADGE_BITS);
    switch (cap_get_type(cap)) {
    case CAP_ENDPOINT:
        if (preserve || cap_endpoint_get_badge(cap) != 0) {
            return cap_null_new(); /* a badge, once set, is for good */
        }
        return cap_endpoint_set_badge(cap, badge);
    case CAP_NOTIFICATION:
        if (preserve || cap_notification_get_badge(cap) != 0) {
            return cap_null_new();
        }
        return cap_notification_set_badge(cap, badge);
    case CAP_CNODE:
        return cnode_cap_set_guard_from(cap, data);
    default:
        return cap; /* including ARM caps, which take no data */
    }
}

bool cap_has_cancel_send_rights(cap_t cap)
{
    return cap_get_type(cap) == CAP_ENDPOINT && cap_endpoint_get_can_send(cap) &&
           cap_endpoint_get_can_receive(cap) && cap_endpoint_get_can_grant(cap) &&
           cap_endpoint_get_can_grant_reply(cap);
}

bool cap_finalises_immediately(cap_t cap)
{
    switch (cap_get_type(cap)) {
    case CAP_NULL:
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
    case CAP_REPLY:
    case CAP_DOMAIN:
        return true;
    default:
        return cap_is_arch(cap);
    }
}

finalise_result_t cap_finalise_immediate(cap_t cap, bool final)
{
    finalise_result_t none = { .remainder = cap_null_new(), .cleanup = cap_null_new() };
    assert(cap_finalises_immediately(cap));
    if (cap_is_arch(cap)) {
        return arch_cap_finalise(cap, final);
    }
    if (!final) {
        return none;
    }
    if (cap_get_type(cap) == CAP_ENDPOINT) {
        endpoint_cancel_all(endpoint_ptr(cap_endpoint_get_ptr(cap)));
    } else if (cap_get_type(cap) == CAP_NOTIFICATION) {
        notification_t *ntfn = notification_ptr(cap_notification_get_ptr(cap));
        notification_unbind(ntfn);
        notification_cancel_all(ntfn);
    }
    return none;
}

finalise_result_t cap_finalise(cap_t cap, bool final)
{
    finalise_result_t none = { .remainder = cap_null_new(), .cleanup = cap_null_new() };
    if (cap_finalises_immediately(cap)) {
        return cap_finalise_immediate(cap, final);
    }
    switch (cap_get_type(cap)) {
    case CAP_CNODE:
        if (final) {
            word_t radix = cap_cnode_get_radix(cap);
            none.remainder = cap_zombie_new(cap_cnode_get_ptr(cap), radix, BIT(radix));
        }
        return none;
    case CAP_THREAD:
        if (final) {
            pptr_t tcb = cap_thread_get_tcb(cap);
            tcb_finalise(tcb_ptr(tcb));
            none.remainder = cap_zombie_new(tcb, ZOMBIE_TYPE_TCB, TCB_CNODE_ENTRIES);
        }
        return none;
    case CAP_ZOMBIE:
        none.remainder = cap;
        return none;
    case CAP_IRQ_HANDLER:
        if (final) {
            irq_handler_deleting(cap_irq_handler_get_irq(cap));
            none.cleanup = cap;
        }
        return none;
    default:
        /* untyped, IRQ control: nothing to undo */
        return none;
    }
}

void cap_post_deletion(cap_t cleanup)
{
    if (cap_get_type(cleanup) == CAP_IRQ_HANDLER) {
        irq_handler_deleted(cap_irq_handler_get_irq(cleanup));
    }
}

result_t decode_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap)
{
    switch (cap_get_type(cap)) {
    case CAP_NULL:
    case CAP_ZOMBIE:
        return result_error(syscall_error_invalid_capability(0));
    case CAP_CNODE:
        return decode_cnode_invocation(args, cap);
    case CAP_UNTYPED:
        return decode_untyped_invocation(args, slot, cap);
    case CAP_THREAD:
        return decode_tcb_invocation(args, slot, cap);
    case CAP_DOMAIN:
        return decode_domain_invocation(args);
    case CAP_ENDPOINT:
        return decode_endpoint_invocation(args, cap);
    case CAP_NOTIFICATION:
        return decode_notification_invocation(args, cap);
    case CAP_REPLY:
        return decode_reply_invocation(args, slot, cap);
    case CAP_IRQ_CONTROL:
        return decode_irq_control_invocation(args, slot);
    case CAP_IRQ_HANDLER:
        return decode_irq_handler_invocation(args, cap_irq_handler_get_irq(cap));
    case CAP_SGI_SIGNAL: /* an ARM cap, but IRQControl's: decoded with it */
        return decode_sgi_signal_invocation(args, cap);
    default:
        if (cap_is_arch(cap)) {
            return arch_decode_invocation(args, slot, cap);
        }
        return result_error(syscall_error(ERR_ILLEGAL_OPERATION));
    }
}
