/*
 * ARMv7 side of the TCB invocations (<arch/object/tcb.h>): seL4_UserContext
 * mapped onto Keel's saved context in one table, CPSR sanitising, the TLS
 * register, and the VSpace-root and IPC-buffer checks.
 */
#include <api/message_info.h>
#include <arch/object/tcb.h>

/* seL4_UserContext index -> saved-context index (seL4 aarch32
 * frameRegisters followed by gpRegisters). */
static const uint8_t user_context_regs[USER_CONTEXT_COUNT] = {
    REG_FAULT_IP, REG_SP,      REG_CPSR,    REG_R0,       REG_R1,       REG_R0 + 8, REG_R0 + 9,
    REG_R0 + 10,  REG_R0 + 11, REG_R0 + 12, REG_R2,       REG_R2 + 1,   REG_R2 + 2, REG_R2 + 3,
    REG_R2 + 4,   REG_R7,      REG_LR,      REG_TPIDRURW, REG_TPIDRURO,
};

/* The CPSR bits user level may choose: N, Z, C, V and Q (ARM ARM B1.3.3);
 * mode, state, endianness and interrupt masks are the kernel's. */
#define CPSR_USER_FLAGS 0xf8000000u

word_t arch_user_context_get(const tcb_t *tcb, word_t i)
{
    assert(i < USER_CONTEXT_COUNT);
    return tcb->context.regs[user_context_regs[i]];
}

void arch_user_context_set(tcb_t *tcb, word_t i, word_t value)
{
    assert(i < USER_CONTEXT_COUNT);
    word_t reg = user_context_regs[i];
    if (reg == REG_CPSR) {
        value = (value & CPSR_USER_FLAGS) | CPSR_USER;
    }
    tcb->context.regs[reg] = value;
}

void arch_user_context_copy(tcb_t *dest, const tcb_t *src, word_t i)
{
    assert(i < USER_CONTEXT_COUNT);
    word_t reg = user_context_regs[i];
    dest->context.regs[reg] = src->context.regs[reg];
}

void arch_set_tls_base(tcb_t *tcb, word_t tls_base)
{
    tcb->context.regs[REG_TPIDRURO] = tls_base;
}

bool arch_is_valid_vtable_root(cap_t cap)
{
    return cap_get_type(cap) == CAP_PAGE_DIRECTORY && cap_page_directory_get_is_mapped(cap);
}

syscall_error_t arch_check_ipc_buffer(vptr_t vaddr, cap_t frame_cap)
{
    if (!cap_is_frame(frame_cap) || frame_cap_get_is_device(frame_cap)) {
        return syscall_error(ERR_ILLEGAL_OPERATION);
    }
    if (!IS_ALIGNED(vaddr, IPC_BUFFER_BITS)) {
        return syscall_error(ERR_ALIGNMENT);
    }
    return syscall_error(ERR_NONE);
}
