/*
 * The running thread and its messages: which thread the kernel returns to,
 * reading and writing its message registers (MR0-MR3 in registers, the rest
 * in its IPC buffer).
 */
#pragma once

#include <api/message_info.h>
#include <object/tcb.h>

extern tcb_t *ks_cur_thread;

/* Architecture: make the thread's address space and FPU state current. */
void arch_switch_to_thread(tcb_t *thread);

/* Makes `thread` the one the kernel returns to, address space included. */
static inline void thread_switch_to(tcb_t *thread)
{
    ks_cur_thread = thread;
    arch_switch_to_thread(thread);
}

/* Sets up the idle thread (and the scheduler) and makes it current. */
void thread_init_idle(void);

/* Architecture: the idle thread's context (a kernel-mode loop waiting for
 * interrupts, with interrupts enabled). */
void arch_idle_context_init(user_context_t *context);

/* On the way out of the kernel: schedule, then restart or resume the
 * thread chosen (ks_cur_thread). */
void thread_activate_current(void);

/* The thread's IPC buffer as the kernel sees it, or NULL if it has none
 * (no frame cap in its buffer slot, or a read-only one for a receiver). */
word_t *thread_ipc_buffer(const tcb_t *thread, bool is_receiver);

/* Message register i (i < MSG_MAX_LENGTH) of the thread; 0 if it is beyond
 * the registers and the thread has no IPC buffer. */
word_t thread_get_mr(const tcb_t *thread, const word_t *buffer, word_t i);
/* Returns false if register i is in the buffer and there is none. */
bool thread_set_mr(tcb_t *thread, word_t *buffer, word_t i, word_t v);

/* Sends the thread its reply: r1 = message info, MRs from `mrs`. Words past
 * what its registers and buffer can hold are dropped (length shrinks). */
void thread_reply(tcb_t *thread, word_t label, word_t length, const word_t *mrs);

/* Every TCB in existence, for seL4_DebugDumpScheduler: TCBs join the list
 * when created and leave it when finalised. */
void thread_debug_add(tcb_t *tcb);
void thread_debug_remove(tcb_t *tcb);
/* Prints one line per thread: name, state, priority, pc. */
void thread_debug_dump(void);
