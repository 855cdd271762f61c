/*
 * Child threads (see keeltest.h, "Child threads"): run a function in a
 * thread of its own with the caller as its fault handler, and learn whether
 * it passed, failed a check, faulted (and how) or got stuck. The driver runs
 * every test like this, so a test that faults is reported and the suite
 * goes on; tests in test_faults.c use it to check the mechanism.
 *
 * Everything arrives on one endpoint, told apart by the badge of the cap it
 * came through: the child's verdict, the child's faults, the faults of
 * threads it made with env->fault_ep, and the watchdog's report.
 */
#include <stdio.h>
#include <string.h>
#include "keeltest.h"

enum child_badge {
    CHILD_BADGE_REPORT = 1,
    CHILD_BADGE_FAULT = 2,
    CHILD_BADGE_HELPER_FAULT = 3,
    CHILD_BADGE_WATCHDOG = 4,
};

/* A fault endpoint cap needs Write and Grant or GrantReply (seL4 manual,
 * "Fault delivery"); GrantReply is the least that works. */
static seL4_CapRights_t fault_rights(void)
{
    return seL4_CapRights_new(1, 0, 0, 1);
}

/* The body as a thread function: arg0 = the test function, arg1 = its env. */
static void child_body(seL4_Word fn, seL4_Word env)
{
    ((test_fn_t *)fn)((struct test_env *)env);
}

/* Runs only when nothing else can: counts, then reports on arg1. */
static void child_watchdog(seL4_Word spins, seL4_Word report)
{
    for (volatile seL4_Word i = 0; i < spins; i++) {
    }
    seL4_Send(report, seL4_MessageInfo_new(0, 0, 0, 0));
}

void child_describe_fault(seL4_Word label, const seL4_Word *mrs, char *buf, size_t size)
{
    switch (label) {
    case seL4_Fault_VMFault:
        snprintf(buf, size, "VM fault: %s at address 0x%08lx, pc 0x%08lx, FSR 0x%lx",
                 mrs[seL4_VMFault_PrefetchFault] ? "instruction fetch" : "data access",
                 (unsigned long)mrs[seL4_VMFault_Addr], (unsigned long)mrs[seL4_VMFault_IP],
                 (unsigned long)mrs[seL4_VMFault_FSR]);
        return;
    case seL4_Fault_CapFault:
        snprintf(buf, size,
                 "cap fault: cptr 0x%lx in the %s phase, lookup failure %lu, "
                 "pc 0x%08lx",
                 (unsigned long)mrs[seL4_CapFault_Addr],
                 mrs[seL4_CapFault_InRecvPhase] ? "receive" : "send",
                 (unsigned long)mrs[seL4_CapFault_LookupFailureType],
                 (unsigned long)mrs[seL4_CapFault_IP]);
        return;
    case seL4_Fault_UnknownSyscall:
        snprintf(buf, size, "unknown syscall %ld at pc 0x%08lx",
                 (long)mrs[seL4_UnknownSyscall_Syscall],
                 (unsigned long)mrs[seL4_UnknownSyscall_FaultIP]);
        return;
    case seL4_Fault_UserException:
        snprintf(buf, size, "user exception %lu (code %lu) at pc 0x%08lx",
                 (unsigned long)mrs[seL4_UserException_Number],
                 (unsigned long)mrs[seL4_UserException_Code],
                 (unsigned long)mrs[seL4_UserException_FaultIP]);
        return;
    default:
        snprintf(buf, size, "fault of unknown type %lu", (unsigned long)label);
        return;
    }
}

/* What the message that ended the run says. */
static void child_read_outcome(seL4_Word badge, seL4_MessageInfo_t info, struct child_outcome *out)
{
    memset(out, 0, sizeof(*out));
    switch (badge) {
    case CHILD_BADGE_REPORT:
        /* a failed check has said why already: no description */
        out->verdict = seL4_GetMR(0) == CHILD_PASSED ? CHILD_PASSED : CHILD_FAILED;
        return;
    case CHILD_BADGE_FAULT:
    case CHILD_BADGE_HELPER_FAULT: {
        char what[120];
        out->verdict = CHILD_FAULTED;
        out->by_helper = badge == CHILD_BADGE_HELPER_FAULT;
        out->fault_label = seL4_MessageInfo_get_label(info);
        out->fault_length = seL4_MessageInfo_get_length(info);
        for (seL4_Word i = 0; i < out->fault_length && i < seL4_UnknownSyscall_Length; i++) {
            out->fault[i] = seL4_GetMR(i);
        }
        child_describe_fault(out->fault_label, out->fault, what, sizeof(what));
        snprintf(out->description, sizeof(out->description), "%s thread caught a %s",
                 out->by_helper ? "a helper" : "the test's", what);
        return;
    }
    case CHILD_BADGE_WATCHDOG:
        out->verdict = CHILD_STUCK;
        snprintf(out->description, sizeof(out->description),
                 "stuck: every thread stayed blocked until the watchdog ran out");
        return;
    default:
        out->verdict = CHILD_FAILED;
        snprintf(out->description, sizeof(out->description), "a message with unexpected badge %lu",
                 (unsigned long)badge);
        return;
    }
}

/* Stops the threads, then deletes every cap made since `first`, newest
 * first (so frames go before the page tables they are mapped in). */
static void child_destroy(struct test_env *res, seL4_CPtr first, seL4_Word first_vaddr,
                          const seL4_CPtr *threads, unsigned n_threads)
{
    for (unsigned i = 0; i < n_threads; i++) {
        if (threads[i] != seL4_CapNull) {
            CHECK_OK(seL4_TCB_Suspend(threads[i]));
        }
    }
    for (seL4_CPtr slot = res->slot_next; slot > first; slot--) {
        CHECK_OK(seL4_CNode_Delete(res->cnode, slot - 1, ROOT_DEPTH));
    }
    res->slot_next = first;
    res->lib.vregion.next = first_vaddr;
}

void child_run(struct test_env *res, const struct child_spec *spec, struct child_outcome *out)
{
    seL4_CPtr first = res->slot_next;
    seL4_Word first_vaddr = res->lib.vregion.next;
    seL4_CPtr threads[2] = { seL4_CapNull, seL4_CapNull };

    seL4_CPtr ep = test_retype(res, seL4_EndpointObject, 0);
    seL4_CPtr report = test_mint(res, ep, seL4_CanWrite, CHILD_BADGE_REPORT);
    seL4_CPtr fault = test_mint(res, ep, fault_rights(), CHILD_BADGE_FAULT);
    seL4_CPtr helper_fault = test_mint(res, ep, fault_rights(), CHILD_BADGE_HELPER_FAULT);

    struct test_thread child;
    test_thread_new_with_stack(res, &child, spec->priority, fault, spec->stack_pages);
    threads[0] = child.tcb;
    CHECK_OK(seL4_TCB_SetMCPriority(child.tcb, res->tcb, spec->mcp));
    struct test_env *env = spec->env;
    env->tcb = child.tcb;
    env->priority = spec->priority;
    env->mcp = spec->mcp;
    env->ipc_buffer = child.ipc_buffer;
    env->ipc_frame = child.ipc_frame;
    env->fault_ep = helper_fault;
    child.block->report = report;

    if (spec->watchdog_spins != 0) {
        struct test_thread watchdog;
        seL4_CPtr watchdog_report = test_mint(res, ep, seL4_CanWrite, CHILD_BADGE_WATCHDOG);
        test_thread_new(res, &watchdog, seL4_MinPrio, helper_fault);
        threads[1] = watchdog.tcb;
        test_thread_start(&watchdog, child_watchdog, spec->watchdog_spins, watchdog_report);
    }
    test_thread_start(&child, child_body, (seL4_Word)spec->body, (seL4_Word)env);

    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    child_read_outcome(badge, info, out);
    child_destroy(res, first, first_vaddr, threads, 2);
}
