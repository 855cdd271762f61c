/*
 * System calls, as seL4's non-MCS handleSyscall dispatches them. Call, Send
 * and NBSend look up the invoked cap and the extra caps in the caller's
 * CSpace, collect the message and hand everything to the object's decoder
 * (endpoint and notification caps do IPC there); an error becomes the reply.
 * Recv, NBRecv, Reply and ReplyRecv are endpoint and notification IPC. A cap
 * that does not resolve is a cap fault for the thread's fault handler, as
 * are unknown system calls, undefined instructions and VM faults. The debug
 * calls of a debug build and SetTLSBase are handled here too.
 */
#include <api/benchmark.h>
#include <api/faults.h>
#include <api/syscall.h>
#include <api/syscall_numbers.h>
#include <kernel/boot.h>
#include <kernel/cspace.h>
#include <kernel/faulthandler.h>
#include <kernel/invariants.h>
#include <kernel/ipc.h>
#include <kernel/preemption.h>
#include <kernel/irq.h>
#include <kernel/printf.h>
#include <kernel/reply.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/thread.h>
#include <object/endpoint.h>
#include <object/notification.h>
#include <object/objecttype.h>
#include <plat/platform.h>

/* The outcome of a decoded invocation: the reply of a Call, unless the
 * invocation blocked or stopped the thread (seL4 handleInvocation). */
static void syscall_invoke_done(tcb_t *thread, bool is_call, result_t r, word_t *reply,
                                word_t reply_length)
{
    switch (r.status) {
    case EXCEPTION_PREEMPTED:
        thread_set_state(thread, THREAD_RESTART);
        arch_handle_interrupt_entry(); /* the interrupt that preempted it */
        return;
    case EXCEPTION_SYSCALL_ERROR:
        if (is_call) {
            reply_length = syscall_error_write_mrs(&r.error, reply);
            thread_reply(thread, r.error.type, reply_length, reply);
        }
        return;
    case EXCEPTION_NONE:
        if (!thread_is_runnable(thread)) {
            return; /* blocked in IPC, or stopped */
        }
        if (thread->state == THREAD_RESTART) {
            thread_set_state(thread, THREAD_RUNNING);
        }
        if (is_call) {
            thread_reply(thread, 0, reply_length, reply);
        }
        return;
    }
}

/* Lookup failures are cap faults for Send and Call; NBSend gives up quietly. */
static void syscall_invoke_fault(tcb_t *thread, bool is_blocking, fault_t fault)
{
    if (is_blocking) {
        handle_fault(thread, &fault);
    }
}

static void syscall_invoke(tcb_t *thread, bool is_call, bool is_blocking)
{
    cptr_t cptr = thread->context.regs[REG_R0];
    message_info_t info = ipc_message_info_of(thread);
    resolve_result_t target = cspace_lookup_slot(thread, cptr);
    if (!target.ok) {
        syscall_invoke_fault(thread, is_blocking, fault_cap_new(cptr, false, target.fault));
        return;
    }
    invocation_args_t args = {
        .label = message_info_get_label(info),
        .length = message_info_get_length(info),
        .thread = thread,
        .is_blocking = is_blocking,
        .is_call = is_call,
    };
    /* The IPC buffer holds the extra caps and the words past MR3; most
     * invocations need neither (without a buffer, there are no extra caps). */
    bool uses_buffer = message_info_get_extra_caps(info) != 0 || args.length > MSG_REGISTER_COUNT;
    word_t *buffer = uses_buffer ? thread_ipc_buffer(thread, false) : NULL;
    fault_t fault;
    if (message_info_get_extra_caps(info) != 0 &&
        !ipc_lookup_extra_caps(thread, buffer, info, args.extra_caps, &fault)) {
        syscall_invoke_fault(thread, is_blocking, fault);
        return;
    }
    if (buffer == NULL && args.length > MSG_REGISTER_COUNT) {
        ipc_warn_truncated(thread, NULL, args.length, MSG_REGISTER_COUNT);
        args.length = MSG_REGISTER_COUNT;
    }
    word_t mrs[MSG_MAX_LENGTH];
    for (word_t i = 0; i < args.length; i++) {
        mrs[i] =
            i < MSG_REGISTER_COUNT ? thread->context.regs[REG_R2 + i] : buffer[IPC_BUFFER_MSG + i];
    }
    word_t reply[MSG_MAX_LENGTH];
    word_t reply_length = 0;
    args.mrs = mrs;
    args.reply_mrs = reply;
    args.reply_length = &reply_length;
    result_t r = decode_invocation(&args, target.slot, target.slot->cap);
    syscall_invoke_done(thread, is_call, r, reply, reply_length);
}

/* A receive on a cap that cannot receive: a cap fault in the receive phase. */
static void syscall_recv_fault(tcb_t *thread, cptr_t cptr, lookup_fault_t lookup)
{
    fault_t fault = fault_cap_new(cptr, true, lookup);
    handle_fault(thread, &fault);
}

/* Recv (blocking) and NBRecv on an endpoint or notification (seL4 handleRecv). */
static void syscall_recv(tcb_t *thread, bool blocking)
{
    cptr_t cptr = thread->context.regs[REG_R0];
    resolve_result_t r = cspace_lookup_slot(thread, cptr);
    if (!r.ok) {
        syscall_recv_fault(thread, cptr, r.fault);
        return;
    }
    cap_t cap = r.slot->cap;
    if (cap_get_type(cap) == CAP_ENDPOINT && cap_endpoint_get_can_receive(cap)) {
        reply_delete_caller_cap(thread);
        endpoint_receive(thread, cap, blocking);
        return;
    }
    if (cap_get_type(cap) == CAP_NOTIFICATION && cap_notification_get_can_receive(cap)) {
        notification_t *ntfn = notification_ptr(cap_notification_get_ptr(cap));
        pptr_t bound = ntfn_get_bound_tcb(*ntfn);
        if (bound == 0 || bound == tcb_ref(thread)) {
            notification_receive(ntfn, thread, blocking);
            return;
        }
    }
    /* no receive right, bound to another thread, or not a cap to receive on */
    syscall_recv_fault(thread, cptr, lookup_fault_missing_capability(0));
}

/* seL4_DebugCapIdentify: the cap type at cptr, 0 if there is none. */
static word_t syscall_cap_identify(tcb_t *thread, cptr_t cptr)
{
    resolve_result_t r = cspace_lookup_slot(thread, cptr);
    return r.ok ? cap_get_type(r.slot->cap) : 0;
}

/* seL4_DebugNameThread: the name is a string at the start of the caller's
 * IPC buffer message words (as libsel4 puts it there). */
static void syscall_name_thread(tcb_t *thread, cptr_t cptr)
{
    resolve_result_t r = cspace_lookup_slot(thread, cptr);
    const word_t *buffer = thread_ipc_buffer(thread, false);
    if (!r.ok || cap_get_type(r.slot->cap) != CAP_THREAD || buffer == NULL) {
        kprintf("Keel: seL4_DebugNameThread: 0x%x is not a thread cap\n", cptr);
        return;
    }
    tcb_t *target = tcb_ptr(cap_thread_get_tcb(r.slot->cap));
    const char *name = (const char *)&buffer[IPC_BUFFER_MSG];
    word_t i = 0;
    for (; i < TCB_NAME_LENGTH - 1 && name[i] != '\0'; i++) {
        target->name[i] = name[i];
    }
    target->name[i] = '\0';
}

/* seL4_DebugGetThreadAffinity (multicore debug builds): the core of the
 * thread at cptr; for a cptr that names no thread it reports and says 0. */
static word_t syscall_thread_affinity(tcb_t *thread, cptr_t cptr)
{
    resolve_result_t r = cspace_lookup_slot(thread, cptr);
    if (!r.ok || cap_get_type(r.slot->cap) != CAP_THREAD) {
        kprintf("Keel: seL4_DebugGetThreadAffinity: 0x%x is not a thread cap\n", cptr);
        return 0;
    }
    return tcb_core(tcb_ptr(cap_thread_get_tcb(r.slot->cap)));
}

/* seL4_DebugSendIPI (multicore debug builds): raise SGI `irq` on core
 * `target`, as seL4 does for testing; out of range is reported. */
static void syscall_send_ipi(word_t target, word_t irq)
{
    if (!smp_core_online(target) || irq >= SGI_COUNT) {
        kprintf("Keel: seL4_DebugSendIPI: core %u or SGI %u out of range\n", target, irq);
        return;
    }
    arch_sgi_send(irq, target);
}

/* Whether this build has a debug system call: seL4 keeps PutChar and
 * DumpScheduler with CONFIG_PRINTING, the other debug calls with
 * CONFIG_DEBUG_BUILD; without them the number is an unknown syscall. */
static bool syscall_debug_configured(sword_t syscall)
{
    switch (syscall) {
    case SysDebugPutChar:
    case SysDebugDumpScheduler:
        return config_set(CONFIG_PRINTING);
    case SysDebugHalt:
    case SysDebugCapIdentify:
    case SysDebugNameThread:
        return config_set(CONFIG_DEBUG_BUILD);
    case SysDebugSendIPI:
    case SysDebugGetThreadAffinity:
        return config_set(CONFIG_DEBUG_BUILD) && CONFIG_MAX_NUM_NODES > 1;
    default:
        return true;
    }
}

static void syscall_debug(tcb_t *thread, sword_t syscall)
{
    word_t *regs = thread->context.regs;
    switch (syscall_debug_configured(syscall) ? syscall : 0) {
    case SysDebugPutChar:
        plat_console_putc((char)regs[REG_R0]);
        return;
    case SysDebugHalt:
        kprintf("Keel: halted by seL4_DebugHalt\n");
        kernel_halt();
    case SysDebugCapIdentify:
        regs[REG_R0] = syscall_cap_identify(thread, regs[REG_R0]);
        return;
    case SysDebugNameThread:
        syscall_name_thread(thread, regs[REG_R0]);
        return;
    case SysDebugDumpScheduler:
        thread_debug_dump();
        return;
    case SysDebugSendIPI:
        syscall_send_ipi(regs[REG_R0], regs[REG_R1]);
        return;
    case SysDebugGetThreadAffinity:
        regs[REG_R0] = syscall_thread_affinity(thread, regs[REG_R0]);
        return;
    case SysSetTLSBase:
        regs[REG_TPIDRURO] = regs[REG_R0];
        return;
    default: {
        if (benchmark_syscall(thread, syscall)) {
            return; /* a benchmark call of this configuration (src/api/benchmark.c) */
        }
        fault_t fault = fault_unknown_syscall_new((word_t)syscall);
        handle_fault(thread, &fault);
        return;
    }
    }
}

void handle_syscall(sword_t syscall)
{
    tcb_t *thread = ks_cur_thread;
    if (config_set(CONFIG_KEEL_CHECKED)) {
        invariants_last_syscall = syscall;
    }
    preemption_reset();
    switch (syscall) {
    case SysCall:
        syscall_invoke(thread, true, true);
        break;
    case SysSend:
        syscall_invoke(thread, false, true);
        break;
    case SysNBSend:
        syscall_invoke(thread, false, false);
        break;
    case SysRecv:
        syscall_recv(thread, true);
        break;
    case SysNBRecv:
        syscall_recv(thread, false);
        break;
    case SysReply:
        reply_to_caller(thread);
        break;
    case SysReplyRecv:
        reply_to_caller(thread);
        syscall_recv(thread, true);
        break;
    case SysYield:
        sched_yield();
        break;
    default:
        syscall_debug(thread, syscall);
        break;
    }
    thread_activate_current();
}

void handle_user_exception(word_t number, word_t code)
{
    fault_t fault = fault_user_exception_new(number, code);
    handle_fault(ks_cur_thread, &fault);
    thread_activate_current();
}

void handle_vm_fault(vptr_t address, word_t fsr, bool instruction)
{
    tcb_t *thread = ks_cur_thread;
    /* seL4 (aarch32 handleVMFault) reports a prefetch abort at the
     * faulting instruction's address, the thread's restart PC. */
    if (instruction) {
        address = thread->context.regs[REG_FAULT_IP];
    }
    fault_t fault = fault_vm_new(address, fsr, instruction);
    handle_fault(thread, &fault);
    thread_activate_current();
}
