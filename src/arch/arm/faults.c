/*
 * aarch32 fault messages (see <arch/faults.h>): register orders from seL4's
 * aarch32 ABI (seL4_UnknownSyscall_*, seL4_UserException_*,
 * seL4_VMFault_* in ../shared/abi/reference.txt).
 */
#include <arch/faults.h>
#include <kernel/ipc.h>

const word_t arch_syscall_message[ARCH_SYSCALL_MESSAGE_LENGTH] = {
    REG_R0,     REG_R0 + 1, REG_R0 + 2,   REG_R0 + 3, REG_R0 + 4, REG_R0 + 5,
    REG_R0 + 6, REG_R7,     REG_FAULT_IP, REG_SP,     REG_LR,     REG_CPSR,
};

const word_t arch_exception_message[ARCH_EXCEPTION_MESSAGE_LENGTH] = {
    REG_FAULT_IP,
    REG_SP,
    REG_CPSR,
};

/* N, Z, C, V and Q: what user level may set in its CPSR. */
#define CPSR_USER_FLAGS 0xf8000000u

word_t arch_sanitise_register(word_t reg, word_t value)
{
    return reg == REG_CPSR ? (value & CPSR_USER_FLAGS) | CPSR_USER : value;
}

/* seL4_VMFault_IP, _Addr, _PrefetchFault, _FSR. */
word_t arch_fault_write_message(const tcb_t *sender, tcb_t *receiver, word_t *buffer)
{
    assert(sender->fault_type == FAULT_VM);
    ipc_set_mr(receiver, buffer, 0, sender->context.regs[REG_FAULT_IP]);
    ipc_set_mr(receiver, buffer, 1, sender->fault_words[0]);
    ipc_set_mr(receiver, buffer, 2, sender->fault_words[2]);
    return ipc_set_mr(receiver, buffer, 3, sender->fault_words[1]);
}

/* A replied VM fault always restarts the faulting instruction. */
bool arch_fault_apply_reply(tcb_t *faulter, const tcb_t *replier)
{
    (void)faulter;
    (void)replier;
    return true;
}
