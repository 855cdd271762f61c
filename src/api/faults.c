/*
 * Fault messages and fault replies (see <api/faults.h>), with the layouts of
 * seL4's setMRs_fault and handleFaultReply; the register lists and the VM
 * fault are the architecture's (<arch/faults.h>).
 */
#include <api/faults.h>
#include <arch/faults.h>
#include <kernel/ipc.h>
#include <kernel/printf.h>
#include <kernel/thread.h>

fault_t fault_of(const tcb_t *tcb)
{
    fault_t f = { .type = tcb->fault_type, .lookup = tcb->fault_lookup_failure };
    for (word_t i = 0; i < ARRAY_SIZE(f.words); i++) {
        f.words[i] = tcb->fault_words[i];
    }
    return f;
}

void fault_set(tcb_t *tcb, const fault_t *fault)
{
    tcb->fault_type = fault->type;
    for (word_t i = 0; i < ARRAY_SIZE(fault->words); i++) {
        tcb->fault_words[i] = fault->words[i];
    }
    tcb->fault_lookup_failure = fault->lookup;
}

/* IP, cptr, phase, then the lookup failure as seL4_CapFault_* lays it out. */
static word_t fault_write_cap(const tcb_t *sender, tcb_t *receiver, word_t *buffer)
{
    word_t mrs[CAP_FAULT_LOOKUP_FAILURE_TYPE + 4];
    mrs[CAP_FAULT_IP] = sender->context.regs[REG_FAULT_IP];
    mrs[CAP_FAULT_ADDR] = sender->fault_words[0];
    mrs[CAP_FAULT_IN_RECV_PHASE] = sender->fault_words[1];
    word_t n =
        lookup_fault_write_mrs(&sender->fault_lookup_failure, mrs, CAP_FAULT_LOOKUP_FAILURE_TYPE);
    word_t length = 0;
    for (word_t i = 0; i < n; i++) {
        length = ipc_set_mr(receiver, buffer, i, mrs[i]);
    }
    return length;
}

/* The sender's registers `regs` as message registers 0 .. n-1. */
static void fault_write_registers(const tcb_t *sender, tcb_t *receiver, word_t *buffer,
                                  const word_t *regs, word_t n)
{
    for (word_t i = 0; i < n; i++) {
        ipc_set_mr(receiver, buffer, i, sender->context.regs[regs[i]]);
    }
}

word_t fault_write_message(const tcb_t *sender, tcb_t *receiver, word_t *buffer)
{
    switch (sender->fault_type) {
    case FAULT_CAP:
        return fault_write_cap(sender, receiver, buffer);
    case FAULT_UNKNOWN_SYSCALL:
        fault_write_registers(sender, receiver, buffer, arch_syscall_message,
                              ARCH_SYSCALL_MESSAGE_LENGTH);
        return ipc_set_mr(receiver, buffer, ARCH_SYSCALL_MESSAGE_LENGTH, sender->fault_words[0]);
    case FAULT_USER_EXCEPTION:
        fault_write_registers(sender, receiver, buffer, arch_exception_message,
                              ARCH_EXCEPTION_MESSAGE_LENGTH);
        ipc_set_mr(receiver, buffer, ARCH_EXCEPTION_MESSAGE_LENGTH, sender->fault_words[0]);
        return ipc_set_mr(receiver, buffer, ARCH_EXCEPTION_MESSAGE_LENGTH + 1,
                          sender->fault_words[1]);
    default:
        return arch_fault_write_message(sender, receiver, buffer);
    }
}

/* Sets the faulter's registers `regs` from the first n words of the reply
 * (seL4 copyMRsFaultReply); words beyond the registers need the replier's
 * IPC buffer. */
static void fault_read_registers(tcb_t *faulter, const tcb_t *replier, const word_t *regs, word_t n)
{
    const word_t *buffer = thread_ipc_buffer(replier, false);
    for (word_t i = 0; i < n; i++) {
        if (i >= MSG_REGISTER_COUNT && buffer == NULL) {
            return;
        }
        word_t v = thread_get_mr(replier, buffer, i);
        faulter->context.regs[regs[i]] = arch_sanitise_register(regs[i], v);
    }
}

static word_t min_word(word_t a, word_t b)
{
    return a < b ? a : b;
}

bool fault_apply_reply(tcb_t *faulter, const tcb_t *replier)
{
    message_info_t info = ipc_message_info_of(replier);
    word_t length = message_info_get_length(info);
    bool label_is_zero = message_info_get_label(info) == 0;
    switch (faulter->fault_type) {
    case FAULT_CAP:
        return true;
    case FAULT_UNKNOWN_SYSCALL:
        fault_read_registers(faulter, replier, arch_syscall_message,
                             min_word(length, ARCH_SYSCALL_MESSAGE_LENGTH));
        return label_is_zero;
    case FAULT_USER_EXCEPTION:
        fault_read_registers(faulter, replier, arch_exception_message,
                             min_word(length, ARCH_EXCEPTION_MESSAGE_LENGTH));
        return label_is_zero;
    default:
        return arch_fault_apply_reply(faulter, replier);
    }
}

void fault_print(const fault_t *fault)
{
    switch (fault->type) {
    case FAULT_CAP:
        kprintf("cap fault in %s phase at cptr 0x%x (lookup failure %u)",
                fault->words[1] ? "receive" : "send", fault->words[0], fault->lookup.type);
        return;
    case FAULT_UNKNOWN_SYSCALL:
        kprintf("unknown syscall %d", (sword_t)fault->words[0]);
        return;
    case FAULT_USER_EXCEPTION:
        kprintf("user exception %u code %u", fault->words[0], fault->words[1]);
        return;
    case FAULT_VM:
        kprintf("vm fault on %s at address 0x%x with status 0x%x",
                fault->words[2] ? "code" : "data", fault->words[0], fault->words[1]);
        return;
    default:
        kprintf("fault %u", fault->type);
        return;
    }
}
