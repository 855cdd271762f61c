/*
 * The host tests' starting world and invocation helpers (see fixture.h).
 * Every invocation helper runs the CDT checker afterwards, and so does the
 * end of every test.
 */
#include <string.h>

#include <kernel/cdt_check.h>
#include <kernel/preemption.h>
#include <kernel/sched.h>

#include "fixture.h"

static cap_t saved_root_cap;
void (*fixture_extra_setup)(void);

cap_t root_cap(void)
{
    return saved_root_cap;
}

cte_t *slot(word_t index)
{
    return cnode_slot(saved_root_cap, index);
}

tcb_t *root_tcb(void)
{
    return tcb_ptr(ROOT_TCB_PPTR);
}

void check_cdt(void)
{
    cdt_check_result_t r = cdt_check(&saved_root_cap, 1);
    if (r.problem) {
        word_t index = (r.slot - ROOT_CNODE_PPTR) / sizeof(cte_t);
        test_fail(__FILE__, __LINE__, "CDT invariant broken: %s (slot 0x%x, root index %u)",
                  r.problem, (unsigned)r.slot, (unsigned)index);
    }
}

static void fixture_boot(void)
{
    memset(host_arena, 0, BIT(HOST_ARENA_BITS));
    memset(pptr_to_ptr(UNTYPED_PPTR), GARBAGE, BIT(UNTYPED_BITS));
    memset(pptr_to_ptr(DEVICE_UNTYPED_PPTR), GARBAGE, BIT(DEVICE_UNTYPED_BITS));
    /* The boot-time domain schedule: one entry, domain 0 for the longest
     * time (through the scheduler's calls: the stand-ins or the real one). */
    for (word_t i = 0; i < CONFIG_NUM_DOMAIN_SCHEDULES; i++) {
        sched_domain_configure(i, 0, i == 0 ? DOMAIN_MAX_DURATION : 0);
    }
    sched_domain_set_start(0);
    memset(&hooks, 0, sizeof(hooks));
    host_console_clear();
    test_preempt_every(0);
    preemption_reset();

    /* Like boot: the root CNode with a guard making cptrs 32-bit indices. */
    saved_root_cap = cap_cnode_new(ROOT_CNODE_PPTR, ROOT_RADIX, WORD_BITS - ROOT_RADIX, 0);
    mdb_insert_root(slot(SLOT_CNODE), saved_root_cap);
    tcb_init(root_tcb());
    mdb_insert_root(slot(SLOT_TCB), cap_thread_new(ROOT_TCB_PPTR));
    mdb_insert_child(saved_root_cap, slot(SLOT_CNODE), tcb_slot(root_tcb(), TCB_CTABLE));
    tcb_setup_reply_master(root_tcb());
    root_tcb()->state = THREAD_RUNNING;
    mdb_insert_root(slot(SLOT_UNTYPED), untyped_cap_for_boot(UNTYPED_PPTR, UNTYPED_BITS, false));
    mdb_insert_root(slot(SLOT_DEVICE_UNTYPED),
                    untyped_cap_for_boot(DEVICE_UNTYPED_PPTR, DEVICE_UNTYPED_BITS, true));
    if (fixture_extra_setup != NULL) {
        fixture_extra_setup();
    }
    check_cdt();
}

__attribute__((constructor)) static void fixture_install(void)
{
    test_setup_hook = fixture_boot;
    test_teardown_hook = check_cdt;
}

static invocation_args_t make_args(word_t label, word_t length, const word_t *mrs, cte_t *extra0,
                                   cte_t *extra1)
{
    invocation_args_t args = { .label = label, .length = length, .mrs = mrs, .thread = root_tcb() };
    args.extra_caps[0] = extra0;
    args.extra_caps[1] = extra0 ? extra1 : NULL;
    return args;
}

result_t cnode_call(word_t label, word_t length, const word_t *mrs, cte_t *extra0, cte_t *extra1)
{
    invocation_args_t args = make_args(label, length, mrs, extra0, extra1);
    result_t r = decode_invocation(&args, slot(SLOT_CNODE), root_cap());
    check_cdt();
    return r;
}

result_t untyped_call(cte_t *untyped, word_t label, word_t length, const word_t *mrs, cte_t *extra0)
{
    invocation_args_t args = make_args(label, length, mrs, extra0, NULL);
    result_t r = decode_invocation(&args, untyped, untyped->cap);
    check_cdt();
    return r;
}

result_t do_copy(word_t dest, word_t src, word_t rights)
{
    word_t mrs[] = { dest, 32, src, 32, rights };
    return cnode_call(CNodeCopy, 5, mrs, slot(SLOT_CNODE), NULL);
}

result_t do_mint(word_t dest, word_t src, word_t rights, word_t data)
{
    word_t mrs[] = { dest, 32, src, 32, rights, data };
    return cnode_call(CNodeMint, 6, mrs, slot(SLOT_CNODE), NULL);
}

result_t do_move(word_t dest, word_t src)
{
    word_t mrs[] = { dest, 32, src, 32 };
    return cnode_call(CNodeMove, 4, mrs, slot(SLOT_CNODE), NULL);
}

result_t do_mutate(word_t dest, word_t src, word_t data)
{
    word_t mrs[] = { dest, 32, src, 32, data };
    return cnode_call(CNodeMutate, 5, mrs, slot(SLOT_CNODE), NULL);
}

result_t do_rotate(word_t dest, word_t pivot, word_t pivot_data, word_t src, word_t src_data)
{
    word_t mrs[] = { dest, 32, pivot_data, pivot, 32, src_data, src, 32 };
    return cnode_call(CNodeRotate, 8, mrs, slot(SLOT_CNODE), slot(SLOT_CNODE));
}

static result_t one_slot_call(word_t label, word_t index)
{
    word_t mrs[] = { index, 32 };
    return cnode_call(label, 2, mrs, NULL, NULL);
}

result_t do_delete(word_t index)
{
    return one_slot_call(CNodeDelete, index);
}

result_t do_revoke(word_t index)
{
    return one_slot_call(CNodeRevoke, index);
}

result_t do_save_caller(word_t index)
{
    return one_slot_call(CNodeSaveCaller, index);
}

result_t do_cancel_badged_sends(word_t index)
{
    return one_slot_call(CNodeCancelBadgedSends, index);
}

result_t do_retype(word_t untyped, word_t type, word_t size_bits, word_t dest, word_t count)
{
    /* destination: the root CNode itself (node depth 0) */
    word_t mrs[] = { type, size_bits, 0, 0, dest, count };
    return untyped_call(slot(untyped), UntypedRetype, 6, mrs, slot(SLOT_CNODE));
}

void block_on_endpoint(tcb_t *tcb, endpoint_t *ep, word_t state, word_t badge)
{
    ep->queue = tcb_queue_append(ep->queue, tcb);
    ep->state = state == THREAD_BLOCKED_ON_SEND ? EP_SEND : EP_RECV;
    tcb->state = state;
    tcb->blocking_object = ptr_to_pptr(ep);
    tcb->blocking_badge = badge;
}
