/*
 * rootlib's threads: a thread in the root task's CSpace and VSpace with
 * its own stack (under an unmapped guard page), IPC buffer and TLS block,
 * a priority and a fault endpoint, started on fn(arg). When fn returns,
 * the thread signals its own notification with its result kept, and
 * suspends itself; rootlib_thread_join waits for that.
 */
#pragma once

#include <stddef.h>
#include <rootlib/env.h>

/* How to make a thread's TLS block: the runtime knows the program's TLS
 * template. rootlib_tls_default (tls_keel.c) uses Keel's runtime
 * (keel_tls_init); a program on another runtime provides its own. */
struct rootlib_tls {
    size_t (*area_size)(void);
    size_t (*area_align)(void);
    seL4_Word (*init)(void *area); /* fills the area, returns the TLS base */
};
extern const struct rootlib_tls rootlib_tls_default;

typedef seL4_Word rootlib_thread_fn_t(seL4_Word arg);

#define ROOTLIB_THREAD_STACK_PAGES 4u

/* Bytes of the thread's own start-up page kept for the program (t->user):
 * room for what a wrapper around fn needs, such as a test harness's
 * verdict, in memory that lives exactly as long as the thread's pages. */
#define ROOTLIB_THREAD_USER_BYTES 64u

/* What a thread's entry code reads; it lives in the thread's own pages. */
struct rootlib_thread_block {
    rootlib_thread_fn_t *fn;
    seL4_Word arg;
    seL4_Word result;
    seL4_CPtr tcb;
    seL4_CPtr done;
    seL4_IPCBuffer *ipc_buffer;
};

struct rootlib_thread {
    seL4_CPtr tcb;
    seL4_CPtr done; /* notification the thread signals when fn returns */
    seL4_CPtr ipc_frame;
    seL4_IPCBuffer *ipc_buffer;
    seL4_Word stack_top;
    seL4_Word tls_base;
    struct rootlib_thread_block *block;
    void *user; /* ROOTLIB_THREAD_USER_BYTES for the program, zeroed */
};

/* A new thread, not yet running, at `priority` (at most env->tcb's MCP),
 * whose faults go to fault_ep (a cap in the root CNode, or seL4_CapNull),
 * with a stack of stack_pages pages (0: ROOTLIB_THREAD_STACK_PAGES). */
seL4_Error rootlib_thread_create(struct rootlib_env *env, struct rootlib_thread *t,
                                 seL4_Word priority, seL4_CPtr fault_ep, seL4_Word stack_pages);

/* Start the thread on fn(arg). */
seL4_Error rootlib_thread_start(struct rootlib_thread *t, rootlib_thread_fn_t *fn, seL4_Word arg);

/* What rootlib_thread_start writes (pc, sp, r0, tpidruro; the rest zero),
 * for a program that starts or restarts the thread with WriteRegisters
 * itself. It also prepares the thread's block for fn(arg). */
void rootlib_thread_entry_context(struct rootlib_thread *t, rootlib_thread_fn_t *fn, seL4_Word arg,
                                  seL4_UserContext *regs);

/* Wait until fn has returned; its result in *result (may be NULL). */
void rootlib_thread_join(struct rootlib_thread *t, seL4_Word *result);
