/*
 * TCB ReadRegisters, WriteRegisters and CopyRegisters: a thread's registers
 * as seL4_UserContext (<arch/object/tcb.h> maps it onto the saved context),
 * with seL4's checks: no reading or writing the caller's own registers,
 * counts within the frame, user-supplied values sanitised.
 */
#include <arch/object/tcb.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <object/tcb_invocation.h>

/* Flag bits in MR0 (seL4's ReadRegisters/WriteRegisters/CopyRegisters
 * flags; bits 8-15 are arch flags, which ARM ignores). */
#define READ_REGISTERS_SUSPEND BIT(0)
#define WRITE_REGISTERS_RESUME BIT(0)
#define COPY_REGISTERS_SUSPEND_SOURCE BIT(0)
#define COPY_REGISTERS_RESUME_TARGET BIT(1)
#define COPY_REGISTERS_TRANSFER_FRAME BIT(2)
#define COPY_REGISTERS_TRANSFER_INTEGER BIT(3)

/* The first two words of ReadRegisters/WriteRegisters: flags and count. */
#define REGISTERS_HEADER_WORDS 2u

static result_t error(word_t type)
{
    return result_error(syscall_error(type));
}

/* After the restart point changed: the thread goes on from there (seL4
 * setNextPC(getRestartPC)). */
static void tcb_continue_at_restart_point(tcb_t *tcb)
{
    tcb->context.regs[REG_PC] = tcb->context.regs[REG_FAULT_IP];
}

result_t decode_tcb_read_registers(const invocation_args_t *args, tcb_t *tcb)
{
    if (args->length < REGISTERS_HEADER_WORDS) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    word_t flags = args->mrs[0], count = args->mrs[1];
    if (count < 1 || count > USER_CONTEXT_COUNT) {
        return result_error(syscall_error_range(1, USER_CONTEXT_COUNT));
    }
    if (tcb == args->thread) {
        return error(ERR_ILLEGAL_OPERATION);
    }

    smp_remote_stall(tcb); /* running on another core: its registers saved first */
    if (flags & READ_REGISTERS_SUSPEND) {
        tcb_invocation_suspend(args, tcb);
    }
    if (args->reply_mrs != NULL) {
        for (word_t i = 0; i < count; i++) {
            args->reply_mrs[i] = arch_user_context_get(tcb, i);
        }
        *args->reply_length = count;
    }
    return result_ok();
}

result_t decode_tcb_write_registers(const invocation_args_t *args, tcb_t *tcb)
{
    if (args->length < REGISTERS_HEADER_WORDS) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    word_t flags = args->mrs[0], count = args->mrs[1];
    if (args->length - REGISTERS_HEADER_WORDS < count) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    if (tcb == args->thread) {
        return error(ERR_ILLEGAL_OPERATION);
    }

    if (count > USER_CONTEXT_COUNT) {
        count = USER_CONTEXT_COUNT; /* words past the frame are ignored, as in seL4 */
    }
    smp_remote_stall(tcb);
    for (word_t i = 0; i < count; i++) {
        arch_user_context_set(tcb, i, args->mrs[REGISTERS_HEADER_WORDS + i]);
    }
    tcb_continue_at_restart_point(tcb);
    if (flags & WRITE_REGISTERS_RESUME) {
        tcb_restart(tcb);
    }
    return result_ok();
}

result_t decode_tcb_copy_registers(const invocation_args_t *args, tcb_t *tcb)
{
    if (args->length < 1 || args->extra_caps[0] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    word_t flags = args->mrs[0];
    cap_t source_cap = args->extra_caps[0]->cap;
    if (cap_get_type(source_cap) != CAP_THREAD) {
        return result_error(syscall_error_invalid_capability(1));
    }

    tcb_t *source = tcb_ptr(cap_thread_get_tcb(source_cap));
    smp_remote_stall(source);
    smp_remote_stall(tcb);
    if (flags & COPY_REGISTERS_SUSPEND_SOURCE) {
        tcb_invocation_suspend(args, source);
    }
    if (flags & COPY_REGISTERS_RESUME_TARGET) {
        tcb_restart(tcb);
    }
    if (flags & COPY_REGISTERS_TRANSFER_FRAME) {
        for (word_t i = 0; i < USER_CONTEXT_FRAME_COUNT; i++) {
            arch_user_context_copy(tcb, source, i);
        }
        tcb_continue_at_restart_point(tcb);
    }
    if (flags & COPY_REGISTERS_TRANSFER_INTEGER) {
        for (word_t i = USER_CONTEXT_FRAME_COUNT; i < USER_CONTEXT_COUNT; i++) {
            arch_user_context_copy(tcb, source, i);
        }
    }
    if (tcb == args->thread) {
        sched_reschedule_required(); /* as seL4: its registers changed under it */
    }
    return result_ok();
}
