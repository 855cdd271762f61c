/*
 * The IPC fast path (DESIGN.md section 4): Call and ReplyRecv that carry no
 * more than the register message words and no caps, between threads that
 * can switch directly, skip the general path. Each function either does the
 * whole system call or changes nothing and hands it to the general path,
 * with results identical in every way user level can observe.
 */
#pragma once

#include <types.h>

/* Entered from the system-call vector with the user's r0 (cptr) and r1
 * (message info). They never return: they leave the kernel to the thread
 * chosen, after doing the call themselves or, when they cannot, through
 * the general path (handle_syscall). */
NORETURN void fastpath_call(cptr_t cptr, word_t info);
NORETURN void fastpath_reply_recv(cptr_t cptr, word_t info);

/* Leaves the kernel to ks_cur_thread (the architecture's exit path). */
NORETURN void arch_restore_user_context(void);
