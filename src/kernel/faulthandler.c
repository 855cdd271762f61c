/*
 * Fault delivery (see <kernel/faulthandler.h>). The handler cap must be an
 * endpoint cap with Write and Grant or GrantReply (seL4 sendFaultIPC); a
 * missing or unsuitable one is a second fault, which stops the thread and,
 * in debug builds, is reported on the console (seL4 handleDoubleFault).
 */
#include <kernel/cspace.h>
#include <kernel/faulthandler.h>
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <object/endpoint.h>

static bool fault_handler_cap_is_usable(cap_t cap)
{
    return cap_get_type(cap) == CAP_ENDPOINT && cap_endpoint_get_can_send(cap) &&
           (cap_endpoint_get_can_grant(cap) || cap_endpoint_get_can_grant_reply(cap));
}

/* Sends the fault to the thread's handler; on failure returns false with
 * the fault the attempt raised in *second. */
static bool fault_send_ipc(tcb_t *thread, const fault_t *fault, fault_t *second)
{
    cptr_t cptr = thread->fault_handler;
    resolve_result_t r = cspace_lookup_slot(thread, cptr);
    if (!r.ok) {
        *second = fault_cap_new(cptr, false, r.fault);
        return false;
    }
    cap_t cap = r.slot->cap;
    if (!fault_handler_cap_is_usable(cap)) {
        *second = fault_cap_new(cptr, false, lookup_fault_missing_capability(0));
        return false;
    }
    fault_set(thread, fault);
    endpoint_send_t send = {
        .badge = cap_endpoint_get_badge(cap),
        .can_grant = cap_endpoint_get_can_grant(cap),
        .can_grant_reply = true, /* the handler can always reply */
        .blocking = true,
        .is_call = true,
    };
    endpoint_send(endpoint_ptr(cap_endpoint_get_ptr(cap)), thread, &send);
    return true;
}

static void fault_double(tcb_t *thread, const fault_t *first, const fault_t *second)
{
#ifdef CONFIG_DEBUG_BUILD
    kprintf("Keel: caught ");
    fault_print(second);
    kprintf("\n  while trying to handle ");
    fault_print(first);
    kprintf("\n  in thread %p at address 0x%08x: thread stopped\n", (void *)thread,
            thread->context.regs[REG_FAULT_IP]);
#else
    (void)first;
    (void)second;
#endif
    thread_set_state(thread, THREAD_INACTIVE);
}

void handle_fault(tcb_t *thread, const fault_t *fault)
{
    fault_t second;
    if (!fault_send_ipc(thread, fault, &second)) {
        fault_double(thread, fault, &second);
    }
}
