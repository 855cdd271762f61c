/*
 * Threads for tests (see keeltest.h, "Threads"): rootlib threads
 * (apps/lib/thread.c) made from a test's resources through test_lib, with
 * keeltest's wrapper around the function: an abort point for failed
 * checks and, for the test's own thread, a verdict sent to the driver.
 * child.c makes each test's own thread this way.
 */
#include "keeltest.h"

#define THREAD_MAX_STACK_PAGES 16u
_Static_assert(sizeof(struct thread_block) <= ROOTLIB_THREAD_USER_BYTES,
               "struct thread_block does not fit rootlib's bytes for the program");

/* The rootlib thread function of every test thread (arg = its block): it
 * gives itself an abort point for failed checks, runs fn and reports if
 * asked to; rootlib's entry code then suspends the thread. */
static seL4_Word thread_body(seL4_Word block)
{
    struct thread_block *b = (struct thread_block *)block;
    jmp_buf abort;

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
    return b->failed;
}

void test_thread_new_with_stack(struct test_env *env, struct test_thread *t, seL4_Word priority,
                                seL4_CPtr fault_ep, unsigned stack_pages)
{
    if (stack_pages < 1 || stack_pages > THREAD_MAX_STACK_PAGES) {
        TEST_FAIL("a thread's stack is 1 to %u pages, not %u", THREAD_MAX_STACK_PAGES, stack_pages);
    }
    seL4_Error err = rootlib_thread_create(test_lib(env), &t->lib, priority, fault_ep, stack_pages);
    if (err != seL4_NoError) {
        TEST_FAIL("cannot make a thread: %s", error_name(err));
    }
    t->tcb = t->lib.tcb;
    t->ipc_frame = t->lib.ipc_frame;
    t->ipc_buffer = t->lib.ipc_buffer;
    t->stack_top = t->lib.stack_top;
    t->tls_base = t->lib.tls_base;
    t->block = t->lib.user;
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
    b->done = 0;
    b->failed = 0;
    rootlib_thread_entry_context(&t->lib, thread_body, (seL4_Word)b, regs);
}

void test_thread_start(struct test_thread *t, test_thread_fn_t *fn, seL4_Word arg0, seL4_Word arg1)
{
    seL4_UserContext regs;
    test_thread_entry_context(t, fn, arg0, arg1, &regs);
    CHECK_OK(seL4_TCB_WriteRegisters(t->tcb, true, 0, sizeof(regs) / sizeof(seL4_Word), &regs));
}
