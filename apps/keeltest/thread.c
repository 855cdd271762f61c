/*
 * Threads for tests (see keeltest.h, "Threads"): a thread in the root
 * task's CSpace and VSpace made wholly from a test's resources, with its
 * own TCB, IPC buffer, TLS block and stack, started at a C function.
 * child.c makes each test's own thread this way.
 */
#include <string.h>
#include <keel/runtime.h>
#include "keeltest.h"

#define PAGE_SIZE ((seL4_Word)1 << seL4_PageBits)

/*
 * One thread's virtual range, THREAD_SPAN bytes:
 *   +0                    IPC buffer page
 *   +PAGE_SIZE            start-up page: struct thread_block, then the TLS area
 *   +2 pages ...          unmapped: a guard that turns a stack overflow into
 *                         a VM fault
 *   +SPAN - stack pages   the stack, growing down towards the guard
 */
#define THREAD_SPAN 0x20000u
#define THREAD_MAX_STACK_PAGES 16u
#define THREAD_TLS_OFFSET 256u
_Static_assert(sizeof(struct thread_block) <= THREAD_TLS_OFFSET,
               "struct thread_block overlaps the TLS area");

/* Threads of a test sit in the top quarter of its virtual range, clear of
 * the addresses tests pick with test_vaddr() for their own mappings. */
#define THREAD_AREA_OFFSET(env) ((env)->vaddr_size - (env)->vaddr_size / 4)

/* Where every thread starts (r0 = its start-up page): it sets its IPC
 * buffer pointer, gives itself an abort point for failed checks, runs fn,
 * reports if asked to, and suspends itself. */
static _Noreturn void thread_entry(struct thread_block *b)
{
    jmp_buf abort;

    seL4_SetIPCBuffer(b->ipc_buffer);
    test_set_abort(&abort);
    if (setjmp(abort) == 0) {
        b->fn(b->arg0, b->arg1);
    } else {
        b->failed = 1;
    }
    b->done = 1;
    test_set_abort(NULL);
    if (b->report != seL4_CapNull) {
        seL4_SetMR(0, b->failed ? CHILD_FAILED : CHILD_PASSED);
        seL4_Send(b->report, seL4_MessageInfo_new(0, 0, 0, 1));
    }
    seL4_TCB_Suspend(b->tcb);
    __builtin_trap(); /* not reached: a user exception if it ever is */
}

/* The next free thread range of the test, page tables aside. */
static seL4_Word thread_take_range(struct test_env *env)
{
    if (env->thread_vaddr_next == 0) {
        env->thread_vaddr_next = env->vaddr + THREAD_AREA_OFFSET(env);
    }
    seL4_Word base = env->thread_vaddr_next;
    if (base + THREAD_SPAN > env->vaddr + env->vaddr_size) {
        TEST_FAIL("no virtual range is left for another thread");
    }
    env->thread_vaddr_next = base + THREAD_SPAN;
    return base;
}

static seL4_CPtr thread_map_new_page(struct test_env *env, seL4_Word vaddr)
{
    seL4_CPtr frame = test_retype(env, seL4_ARM_SmallPageObject, 0);
    test_map_frame(env, frame, vaddr);
    return frame;
}

void test_thread_new_with_stack(struct test_env *env, struct test_thread *t,
                                seL4_Word priority, seL4_CPtr fault_ep, unsigned stack_pages)
{
    if (stack_pages < 1 || stack_pages > THREAD_MAX_STACK_PAGES) {
        TEST_FAIL("a thread's stack is 1 to %u pages, not %u", THREAD_MAX_STACK_PAGES,
                  stack_pages);
    }
    if (THREAD_TLS_OFFSET + keel_tls_area_size() > PAGE_SIZE) {
        TEST_FAIL("the TLS area does not fit a thread's start-up page");
    }
    seL4_Word base = thread_take_range(env);
    memset(t, 0, sizeof(*t));
    t->tcb = test_retype(env, seL4_TCBObject, 0);
    t->ipc_frame = thread_map_new_page(env, base);
    t->ipc_buffer = (seL4_IPCBuffer *)base;
    thread_map_new_page(env, base + PAGE_SIZE);
    t->block = (struct thread_block *)(base + PAGE_SIZE);
    t->tls_base = keel_tls_init((char *)t->block + THREAD_TLS_OFFSET);
    t->stack_top = base + THREAD_SPAN;
    for (unsigned i = 1; i <= stack_pages; i++) {
        thread_map_new_page(env, t->stack_top - i * PAGE_SIZE);
    }
    CHECK_OK(seL4_TCB_Configure(t->tcb, fault_ep, env->cnode, 0, seL4_CapInitThreadVSpace, 0,
                                (seL4_Word)t->ipc_buffer, t->ipc_frame));
    CHECK_OK(seL4_TCB_SetPriority(t->tcb, env->tcb, priority));
}

void test_thread_new(struct test_env *env, struct test_thread *t, seL4_Word priority,
                     seL4_CPtr fault_ep)
{
    test_thread_new_with_stack(env, t, priority, fault_ep, TEST_THREAD_STACK_PAGES);
}

void test_thread_entry_context(struct test_thread *t, test_thread_fn_t *fn, seL4_Word arg0,
                               seL4_Word arg1, seL4_UserContext *regs)
{
    struct thread_block *b = t->block;
    b->fn = fn;
    b->arg0 = arg0;
    b->arg1 = arg1;
    b->tcb = t->tcb;
    b->ipc_buffer = t->ipc_buffer;
    b->done = 0;
    b->failed = 0;
    memset(regs, 0, sizeof(*regs));
    regs->pc = (seL4_Word)thread_entry;
    regs->sp = t->stack_top;
    regs->r0 = (seL4_Word)b;
    regs->tpidruro = t->tls_base;
}

void test_thread_start(struct test_thread *t, test_thread_fn_t *fn, seL4_Word arg0,
                       seL4_Word arg1)
{
    seL4_UserContext regs;
    test_thread_entry_context(t, fn, arg0, arg1, &regs);
    CHECK_OK(seL4_TCB_WriteRegisters(t->tcb, true, 0, sizeof(regs) / sizeof(seL4_Word), &regs));
}
