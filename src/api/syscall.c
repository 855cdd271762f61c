/*
 * System calls. Invocations (Call, Send, NBSend) look up the invoked cap and
 * any extra caps in the caller's CSpace, collect the message, and hand
 * everything to the object's decoder; its error, if any, becomes the reply.
 * The debug calls of a debug build (PutChar, Halt, CapIdentify, NameThread)
 * and SetTLSBase are handled here too. Endpoint IPC (Recv, Reply, ...) is
 * not written yet: those calls stop the thread with a message.
 */
#include <api/syscall.h>
#include <api/syscall_numbers.h>
#include <kernel/boot.h>
#include <kernel/cspace.h>
#include <kernel/preemption.h>
#include <kernel/irq.h>
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <kernel/thread.h>
#include <object/objecttype.h>
#include <plat/platform.h>

/* A cap fault from looking up cptr: no fault handlers yet, so stop. */
static void syscall_cap_fault(tcb_t *thread, cptr_t cptr, const lookup_fault_t *fault)
{
    kprintf("Keel: cap fault on cptr 0x%x (lookup failure %u)\n", cptr, fault->type);
    thread_fault_stop(thread, "capability fault");
}

/* Collects up to `count` extra caps named in the IPC buffer. */
static bool syscall_lookup_extra_caps(tcb_t *thread, const word_t *buffer, word_t count,
                                      cte_t *caps[MAX_EXTRA_CAPS])
{
    for (word_t i = 0; i < MAX_EXTRA_CAPS; i++) {
        caps[i] = NULL;
    }
    for (word_t i = 0; buffer != NULL && i < count; i++) {
        cptr_t cptr = buffer[IPC_BUFFER_CAPS + i];
        resolve_result_t r = cspace_lookup_slot(thread, cptr);
        if (!r.ok) {
            syscall_cap_fault(thread, cptr, &r.fault);
            return false;
        }
        caps[i] = r.slot;
    }
    return true;
}

static void syscall_invoke(tcb_t *thread, bool is_call)
{
    cptr_t cptr = thread->context.regs[REG_R0];
    message_info_t info = message_info_from_word(thread->context.regs[REG_R1]);
    word_t *buffer = thread_ipc_buffer(thread, false);

    resolve_result_t target = cspace_lookup_slot(thread, cptr);
    if (!target.ok) {
        syscall_cap_fault(thread, cptr, &target.fault);
        return;
    }
    invocation_args_t args = {
        .label = message_info_get_label(info),
        .length = message_info_get_length(info),
        .thread = thread,
    };
    if (!syscall_lookup_extra_caps(thread, buffer, message_info_get_extra_caps(info),
                                   args.extra_caps)) {
        return;
    }
    word_t max = buffer != NULL ? MSG_MAX_LENGTH : MSG_REGISTER_COUNT;
    if (args.length > max) {
        args.length = max;
    }
    word_t mrs[MSG_MAX_LENGTH];
    for (word_t i = 0; i < args.length; i++) {
        mrs[i] = thread_get_mr(thread, buffer, i);
    }
    word_t reply[MSG_MAX_LENGTH];
    word_t reply_length = 0;
    args.mrs = mrs;
    args.reply_mrs = reply;
    args.reply_length = &reply_length;

    result_t r = decode_invocation(&args, target.slot, target.slot->cap);
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
        if (is_call) {
            thread_reply(thread, 0, reply_length, reply);
        }
        return;
    }
}

/* seL4_DebugCapIdentify: the cap type at cptr, 0 if there is none. */
static word_t syscall_cap_identify(tcb_t *thread, cptr_t cptr)
{
    resolve_result_t r = cspace_lookup_slot(thread, cptr);
    return r.ok ? cap_get_type(r.slot->cap) : 0;
}

static void syscall_debug(tcb_t *thread, sword_t syscall)
{
    word_t *regs = thread->context.regs;
    switch (syscall) {
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
        return; /* names are not kept yet; accepted so seL4 code runs */
    case SysSetTLSBase:
        regs[REG_TPIDRURO] = regs[REG_R0];
        return;
    default:
        kprintf("Keel: unknown system call %d\n", syscall);
        thread_fault_stop(thread, "unknown system call");
        return;
    }
}

void handle_syscall(sword_t syscall)
{
    tcb_t *thread = ks_cur_thread;
    preemption_reset();
    switch (syscall) {
    case SysCall:
        syscall_invoke(thread, true);
        break;
    case SysSend:
    case SysNBSend:
        syscall_invoke(thread, false);
        break;
    case SysYield:
        sched_yield();
        break;
    case SysRecv:
    case SysNBRecv:
    case SysReply:
    case SysReplyRecv:
        kprintf("Keel: IPC system call %d is not implemented yet\n", syscall);
        thread_fault_stop(thread, "unimplemented system call");
        break;
    default:
        syscall_debug(thread, syscall);
        break;
    }
    thread_activate_current();
}

void handle_user_exception(word_t number, word_t code)
{
    kprintf("Keel: user exception %u (code 0x%x)\n", number, code);
    thread_fault_stop(ks_cur_thread, "undefined instruction");
    thread_activate_current();
}

void handle_vm_fault(vptr_t address, word_t fsr, bool instruction)
{
    kprintf("Keel: %s fault at address 0x%08x (FSR 0x%x)\n", instruction ? "instruction" : "data",
            address, fsr);
    thread_fault_stop(ks_cur_thread, "VM fault");
    thread_activate_current();
}
