/*
 * Dispatch of TCB invocations, and the small ones: Suspend, Resume,
 * BindNotification, UnbindNotification, SetTLSBase, SetFlags. Registers
 * are in tcb_registers.c, spaces and priorities in tcb_control.c; the domain
 * cap's invocations in domain.c.
 */
#include <api/invocation.h>
#include <arch/object/tcb.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <object/notification.h>
#include <object/tcb_invocation.h>

static result_t error(word_t type)
{
    return result_error(syscall_error(type));
}

void tcb_invocation_suspend(const invocation_args_t *args, tcb_t *tcb)
{
    if (tcb == args->thread) {
        thread_set_state(tcb, THREAD_RESTART);
    }
    tcb_suspend(tcb);
}

/* Extra cap 0 must be a notification cap with the right to receive, and
 * neither the thread nor the notification bound, nor anyone waiting on it. */
static result_t decode_bind_notification(const invocation_args_t *args, tcb_t *tcb)
{
    if (args->extra_caps[0] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    if (tcb->bound_notification != 0) {
        return error(ERR_ILLEGAL_OPERATION);
    }
    cap_t cap = args->extra_caps[0]->cap;
    if (cap_get_type(cap) != CAP_NOTIFICATION || !cap_notification_get_can_receive(cap)) {
        return error(ERR_ILLEGAL_OPERATION);
    }
    notification_t *ntfn = notification_ptr(cap_notification_get_ptr(cap));
    if (ntfn_get_queue_head(*ntfn) != 0 || ntfn_get_bound_tcb(*ntfn) != 0) {
        return error(ERR_ILLEGAL_OPERATION);
    }
    tcb_bind_notification(tcb, ntfn);
    return result_ok();
}

static result_t decode_unbind_notification(tcb_t *tcb)
{
    if (tcb->bound_notification == 0) {
        return error(ERR_ILLEGAL_OPERATION);
    }
    tcb_unbind_notification(tcb);
    return result_ok();
}

static result_t decode_set_tls_base(const invocation_args_t *args, tcb_t *tcb)
{
    if (args->length < 1) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    arch_set_tls_base(tcb, args->mrs[0]);
    if (tcb == args->thread) {
        sched_reschedule_required(); /* as seL4: the register changed under it */
    }
    return result_ok();
}

/* seL4_TCB_SetAffinity (SMP builds): the core's index; one that is not
 * up is an IllegalOperation, as seL4 rejects a core it does not run. */
static result_t decode_set_affinity(const invocation_args_t *args, tcb_t *tcb)
{
    if (args->length < 1) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    if (CONFIG_MAX_NUM_NODES == 1 || !smp_core_online(args->mrs[0])) {
        return error(ERR_ILLEGAL_OPERATION); /* (one core: the code folds away) */
    }
    sched_set_affinity(tcb, args->mrs[0]);
    return result_ok();
}

/* Message: flags to clear, flags to set (unknown ones are ignored); the
 * reply is the new flags. */
static result_t decode_set_flags(const invocation_args_t *args, tcb_t *tcb)
{
    if (args->length < 2) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    tcb->flags = (tcb->flags & ~args->mrs[0]) | (args->mrs[1] & TCB_FLAGS_MASK);
    if (args->reply_mrs != NULL) {
        args->reply_mrs[0] = tcb->flags;
        *args->reply_length = 1;
    }
    return result_ok();
}

result_t decode_tcb_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap)
{
    tcb_t *tcb = tcb_ptr(cap_thread_get_tcb(cap));
    switch (args->label) {
    case TCBReadRegisters:
        return decode_tcb_read_registers(args, tcb);
    case TCBWriteRegisters:
        return decode_tcb_write_registers(args, tcb);
    case TCBCopyRegisters:
        return decode_tcb_copy_registers(args, tcb);
    case TCBConfigure:
        return decode_tcb_configure(args, slot, tcb);
    case TCBSetPriority:
        return decode_tcb_set_priority(args, tcb);
    case TCBSetMCPriority:
        return decode_tcb_set_mc_priority(args, tcb);
    case TCBSetSchedParams:
        return decode_tcb_set_sched_params(args, tcb);
    case TCBSetIPCBuffer:
        return decode_tcb_set_ipc_buffer(args, slot, tcb);
    case TCBSetSpace:
        return decode_tcb_set_space(args, slot, tcb);
    case TCBSuspend:
        tcb_invocation_suspend(args, tcb);
        return result_ok();
    case TCBResume:
        tcb_restart(tcb);
        return result_ok();
    case TCBBindNotification:
        return decode_bind_notification(args, tcb);
    case TCBUnbindNotification:
        return decode_unbind_notification(tcb);
    case TCBSetTLSBase:
        return decode_set_tls_base(args, tcb);
    case TCBSetFlags:
        return decode_set_flags(args, tcb);
    case LABEL_TCB_SET_AFFINITY:
        return decode_set_affinity(args, tcb);
    default:
        return error(ERR_ILLEGAL_OPERATION);
    }
}
