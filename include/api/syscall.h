/*
 * System-call entry: what the architecture's trap code calls once the user
 * context is saved, and the faults user level can cause.
 */
#pragma once

#include <types.h>

/* A system call by the current thread (syscall number as in r7). */
void handle_syscall(sword_t syscall);

/* The current thread executed an undefined instruction (seL4 user exception). */
void handle_user_exception(word_t number, word_t code);

/* The current thread touched memory it may not (seL4 VM fault). */
void handle_vm_fault(vptr_t address, word_t fsr, bool instruction);
