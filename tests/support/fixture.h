/*
 * The world every host test starts from, built the way boot builds the
 * root task's: a root CNode of 2^8 slots (guard 24 bits of 0, so a slot's
 * index is its cptr at depth 32) holding the root TCB, itself, a 16 MiB
 * untyped and a 1 MiB device untyped, both "full" as boot hands them out
 * and filled with garbage; plus helpers that make invocations as user
 * level would and check the CDT after each one.
 */
#pragma once

#include <api/failures.h>
#include <api/invocation.h>
#include <kernel/cdt.h>
#include <kernel/cspace.h>
#include <object/cnode.h>
#include <object/endpoint.h>
#include <object/notification.h>
#include <object/objecttype.h>
#include <object/tcb.h>
#include <object/untyped.h>

#include "kernel_env.h"
#include "test.h"

#define ROOT_RADIX 8u
#define ROOT_CNODE_PPTR HOST_ARENA_PPTR
#define ROOT_TCB_PPTR (HOST_ARENA_PPTR + 0x1000u)
#define DEVICE_UNTYPED_BITS 20u
#define DEVICE_UNTYPED_PPTR (HOST_ARENA_PPTR + 0x800000u)
#define UNTYPED_BITS 24u
#define UNTYPED_PPTR (HOST_ARENA_PPTR + 0x1000000u)
#define GARBAGE 0xa5u

/* Root CNode slots (the first three as seL4_CapInitThreadTCB/CNode). */
enum {
    SLOT_TCB = 1,
    SLOT_CNODE = 2,
    SLOT_UNTYPED = 3,
    SLOT_DEVICE_UNTYPED = 4,
    SLOT_FREE = 16, /* tests use slots from here on */
};

/* Set by a test program's own support to extend the starting world; run
 * at the end of every test's setup. */
extern void (*fixture_extra_setup)(void);

cap_t root_cap(void);
cte_t *slot(word_t index);
tcb_t *root_tcb(void);

/* Fails the test when a CDT invariant is broken. */
void check_cdt(void);

/* An invocation of the root CNode cap, as seL4_CNode_* would make it. */
result_t cnode_call(word_t label, word_t length, const word_t *mrs, cte_t *extra0, cte_t *extra1);

/* The CNode invocations with root-relative indices at depth 32. */
result_t do_copy(word_t dest, word_t src, word_t rights);
result_t do_mint(word_t dest, word_t src, word_t rights, word_t data);
result_t do_move(word_t dest, word_t src);
result_t do_mutate(word_t dest, word_t src, word_t data);
result_t do_rotate(word_t dest, word_t pivot, word_t pivot_data, word_t src, word_t src_data);
result_t do_delete(word_t index);
result_t do_revoke(word_t index);
result_t do_save_caller(word_t index);
result_t do_cancel_badged_sends(word_t index);

/* Untyped_Retype of the untyped in root slot `untyped` into root slots
 * [dest, dest + count). */
result_t do_retype(word_t untyped, word_t type, word_t size_bits, word_t dest, word_t count);
result_t untyped_call(cte_t *untyped, word_t label, word_t length, const word_t *mrs,
                      cte_t *extra0);

/* Repeats a preemptible call until it is not preempted, counting the
 * restarts in the unsigned lvalue `restarts`. The helpers check the CDT
 * after every attempt, so every intermediate state is checked too. */
#define UNTIL_DONE(call, restarts)                                       \
    ({                                                                   \
        result_t until_done_r_;                                          \
        while ((until_done_r_ = (call)).status == EXCEPTION_PREEMPTED) { \
            (restarts)++;                                                \
        }                                                                \
        until_done_r_;                                                   \
    })

#define CHECK_OK(r)                                                                            \
    do {                                                                                       \
        result_t check_r_ = (r);                                                               \
        if (check_r_.status != EXCEPTION_NONE) {                                               \
            test_fail(__FILE__, __LINE__, "%s: status %d, error %u", #r, (int)check_r_.status, \
                      (unsigned)check_r_.error.type);                                          \
        }                                                                                      \
    } while (0)

#define CHECK_ERROR(r, err)                                 \
    do {                                                    \
        result_t check_r_ = (r);                            \
        CHECK_EQ(check_r_.status, EXCEPTION_SYSCALL_ERROR); \
        CHECK_EQ(check_r_.error.type, (err));               \
    } while (0)

/* Puts a thread (a TCB object in root slot index) in an endpoint's send or
 * receive queue, as the IPC code will. */
void block_on_endpoint(tcb_t *tcb, endpoint_t *ep, word_t state, word_t badge);

static inline tcb_t *tcb_in(word_t index)
{
    return tcb_ptr(cap_thread_get_tcb(slot(index)->cap));
}

static inline bool memory_is(pptr_t base, word_t bytes, unsigned char value)
{
    const unsigned char *p = pptr_to_ptr(base);
    for (word_t i = 0; i < bytes; i++) {
        if (p[i] != value) {
            return false;
        }
    }
    return true;
}
