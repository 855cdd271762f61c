/*
 * The ARMv7 (aarch32) side of fault messages: which saved registers an
 * unknown-syscall or user-exception message carries, in seL4's order, how a
 * register value from user level is made safe, and the VM fault message.
 */
#pragma once

#include <api/faults.h>

/* seL4_UnknownSyscall_R0 ... _CPSR: 12 registers, then the syscall number. */
#define ARCH_SYSCALL_MESSAGE_LENGTH 12u
/* seL4_UserException_FaultIP, _SP, _CPSR: 3 registers, then number, code. */
#define ARCH_EXCEPTION_MESSAGE_LENGTH 3u

/* REG_* indices of the registers in those messages, message order. */
extern const word_t arch_syscall_message[ARCH_SYSCALL_MESSAGE_LENGTH];
extern const word_t arch_exception_message[ARCH_EXCEPTION_MESSAGE_LENGTH];

/* A value user level supplies for register `reg`: the CPSR keeps only its
 * condition flags and stays in user mode (seL4 sanitiseRegister). */
word_t arch_sanitise_register(word_t reg, word_t value);

/* Fault types only the architecture knows (the VM fault on ARM): the
 * message, and whether a reply restarts the thread. */
word_t arch_fault_write_message(const tcb_t *sender, tcb_t *receiver, word_t *buffer);
bool arch_fault_apply_reply(tcb_t *faulter, const tcb_t *replier);
