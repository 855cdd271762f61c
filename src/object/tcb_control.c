/*
 * TCB Configure, SetSpace, SetIPCBuffer, SetPriority, SetMCPriority and
 * SetSchedParams (seL4 non-MCS "thread control"): new CSpace and VSpace
 * roots, IPC buffer and fault endpoint cptr, and priorities bounded by the
 * MCP of an authority thread.
 */
#include <arch/object/tcb.h>
#include <kernel/cdt.h>
#include <kernel/sched.h>
#include <object/cnode.h>
#include <object/tcb_invocation.h>

/* A cap decoded for one of the thread's slots, and the slot it is derived
 * from (NULL: the thread's slot is left empty). */
typedef struct tcb_new_cap {
    cap_t cap;
    cte_t *src;
} tcb_new_cap_t;

static result_t error(word_t type)
{
    return result_error(syscall_error(type));
}

/* Whether deleting the slot's cap would be a long, preemptible job (the
 * last cap to a CNode or TCB, or a zombie): the thread's roots can't be
 * replaced then (seL4 slotCapLongRunningDelete). */
static bool slot_delete_is_long_running(const cte_t *slot)
{
    switch (cap_get_type(slot->cap)) {
    case CAP_THREAD:
    case CAP_CNODE:
    case CAP_ZOMBIE:
        return mdb_is_final_cap(slot);
    default:
        return false;
    }
}

/* seL4 deriveCap, after Mint-style data (a CNode guard) if data != 0. */
static derive_result_t derive_with_data(cte_t *src, word_t data)
{
    cap_t cap = src->cap;
    if (data != 0) {
        cap = cap_update_data(false, data, cap);
    }
    return cap_derive(src, cap);
}

/* SetSpace's and Configure's roots: extra caps 0 (CSpace, with guard
 * data) and 1 (VSpace); either bad is seL4_IllegalOperation. */
static syscall_error_t decode_roots(const invocation_args_t *args, tcb_t *tcb, word_t cspace_data,
                                    word_t vspace_data, tcb_new_cap_t *croot, tcb_new_cap_t *vroot)
{
    if (slot_delete_is_long_running(tcb_slot(tcb, TCB_CTABLE)) ||
        slot_delete_is_long_running(tcb_slot(tcb, TCB_VTABLE))) {
        return syscall_error(ERR_ILLEGAL_OPERATION);
    }
    croot->src = args->extra_caps[0];
    derive_result_t c = derive_with_data(croot->src, cspace_data);
    if (c.error.type != ERR_NONE) {
        return c.error;
    }
    if (cap_get_type(c.cap) != CAP_CNODE) {
        return syscall_error(ERR_ILLEGAL_OPERATION);
    }
    vroot->src = args->extra_caps[1];
    derive_result_t v = derive_with_data(vroot->src, vspace_data);
    if (v.error.type != ERR_NONE) {
        return v.error;
    }
    if (!arch_is_valid_vtable_root(v.cap)) {
        return syscall_error(ERR_ILLEGAL_OPERATION);
    }
    croot->cap = c.cap;
    vroot->cap = v.cap;
    return syscall_error(ERR_NONE);
}

/* The IPC buffer frame (extra cap `index`) for address vaddr; address 0
 * means no buffer, and the frame cap is then not looked at. */
static syscall_error_t decode_ipc_buffer(const invocation_args_t *args, word_t index, vptr_t vaddr,
                                         tcb_new_cap_t *frame)
{
    frame->src = NULL;
    frame->cap = cap_null_new();
    if (vaddr == 0) {
        return syscall_error(ERR_NONE);
    }
    cte_t *src = args->extra_caps[index];
    derive_result_t d = cap_derive(src, src->cap);
    if (d.error.type != ERR_NONE) {
        return d.error;
    }
    syscall_error_t e = arch_check_ipc_buffer(vaddr, d.cap);
    if (e.type == ERR_NONE) {
        frame->src = src;
        frame->cap = d.cap;
    }
    return e;
}

/* Empties one of the thread's slots and puts the new cap there, unless the
 * deletion took away its source or the invoked thread cap (as seL4 does).
 * Deleting is preemptible; the call is then restarted from decode. */
static exception_t tcb_install_cap(tcb_t *tcb, cte_t *tcb_cap_slot, word_t index,
                                   tcb_new_cap_t new_cap)
{
    cte_t *dest = tcb_slot(tcb, index);
    exception_t status = cte_delete(dest);
    if (status != EXCEPTION_NONE) {
        return status;
    }
    if (new_cap.src != NULL && cap_same_object_as(new_cap.cap, new_cap.src->cap) &&
        cap_same_object_as(cap_thread_new(tcb_ref(tcb)), tcb_cap_slot->cap)) {
        cnode_insert(new_cap.cap, new_cap.src, dest);
    }
    return EXCEPTION_NONE;
}

static exception_t tcb_set_space(tcb_t *tcb, cte_t *tcb_cap_slot, cptr_t fault_ep,
                                 tcb_new_cap_t croot, tcb_new_cap_t vroot)
{
    tcb->fault_handler = fault_ep;
    exception_t status = tcb_install_cap(tcb, tcb_cap_slot, TCB_CTABLE, croot);
    if (status != EXCEPTION_NONE) {
        return status;
    }
    return tcb_install_cap(tcb, tcb_cap_slot, TCB_VTABLE, vroot);
}

static exception_t tcb_set_ipc_buffer(tcb_t *tcb, cte_t *tcb_cap_slot, vptr_t vaddr,
                                      tcb_new_cap_t frame, const tcb_t *caller)
{
    exception_t status = tcb_install_cap(tcb, tcb_cap_slot, TCB_BUFFER, frame);
    if (status != EXCEPTION_NONE) {
        return status;
    }
    tcb->ipc_buffer = vaddr;
    if (tcb == caller) {
        sched_reschedule_required(); /* as seL4 does for the current thread */
    }
    return EXCEPTION_NONE;
}

/* Message: fault_ep, cspace_data, vspace_data, buffer address; extra
 * caps: CSpace root, VSpace root, buffer frame. */
result_t decode_tcb_configure(const invocation_args_t *args, cte_t *slot, tcb_t *tcb)
{
    if (args->length < 4 || args->extra_caps[0] == NULL || args->extra_caps[1] == NULL ||
        args->extra_caps[2] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    cptr_t fault_ep = args->mrs[0];
    vptr_t buffer = args->mrs[3];
    tcb_new_cap_t croot, vroot, frame;
    syscall_error_t e = decode_ipc_buffer(args, 2, buffer, &frame);
    if (e.type == ERR_NONE) {
        e = decode_roots(args, tcb, args->mrs[1], args->mrs[2], &croot, &vroot);
    }
    if (e.type != ERR_NONE) {
        return result_error(e);
    }

    exception_t status = tcb_set_space(tcb, slot, fault_ep, croot, vroot);
    if (status == EXCEPTION_NONE) {
        status = tcb_set_ipc_buffer(tcb, slot, buffer, frame, args->thread);
    }
    return result_from(status);
}

/* Message: fault_ep, cspace_data, vspace_data; extra caps: CSpace root,
 * VSpace root. */
result_t decode_tcb_set_space(const invocation_args_t *args, cte_t *slot, tcb_t *tcb)
{
    if (args->length < 3 || args->extra_caps[0] == NULL || args->extra_caps[1] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    tcb_new_cap_t croot, vroot;
    syscall_error_t e = decode_roots(args, tcb, args->mrs[1], args->mrs[2], &croot, &vroot);
    if (e.type != ERR_NONE) {
        return result_error(e);
    }
    return result_from(tcb_set_space(tcb, slot, args->mrs[0], croot, vroot));
}

/* Message: buffer address; extra cap: the frame. */
result_t decode_tcb_set_ipc_buffer(const invocation_args_t *args, cte_t *slot, tcb_t *tcb)
{
    if (args->length < 1 || args->extra_caps[0] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    tcb_new_cap_t frame;
    syscall_error_t e = decode_ipc_buffer(args, 0, args->mrs[0], &frame);
    if (e.type != ERR_NONE) {
        return result_error(e);
    }
    return result_from(tcb_set_ipc_buffer(tcb, slot, args->mrs[0], frame, args->thread));
}

/* The authority (extra cap 0) must be a thread cap (else
 * seL4_InvalidCapability 1); NULL if it is not. */
static tcb_t *authority_tcb(const invocation_args_t *args)
{
    cap_t cap = args->extra_caps[0]->cap;
    return cap_get_type(cap) == CAP_THREAD ? tcb_ptr(cap_thread_get_tcb(cap)) : NULL;
}

/* A priority or MCP may not exceed the authority's MCP (seL4 checkPrio). */
static syscall_error_t check_priority(word_t priority, const tcb_t *authority)
{
    if (priority > authority->mcp) {
        return syscall_error_range(0, authority->mcp);
    }
    return syscall_error(ERR_NONE);
}

/* The message SetPriority and SetMCPriority share: one value, checked
 * against the MCP of the authority thread in the first extra cap. */
static result_t decode_one_priority(const invocation_args_t *args)
{
    if (args->length < 1 || args->extra_caps[0] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    tcb_t *authority = authority_tcb(args);
    if (authority == NULL) {
        return result_error(syscall_error_invalid_capability(1));
    }
    syscall_error_t e = check_priority(args->mrs[0], authority);
    return e.type == ERR_NONE ? result_ok() : result_error(e);
}

/* Message: priority; extra cap: authority thread. */
result_t decode_tcb_set_priority(const invocation_args_t *args, tcb_t *tcb)
{
    result_t r = decode_one_priority(args);
    if (r.status == EXCEPTION_NONE) {
        sched_set_priority(tcb, args->mrs[0]);
    }
    return r;
}

/* Message: MCP; extra cap: authority thread. */
result_t decode_tcb_set_mc_priority(const invocation_args_t *args, tcb_t *tcb)
{
    result_t r = decode_one_priority(args);
    if (r.status == EXCEPTION_NONE) {
        tcb->mcp = args->mrs[0];
    }
    return r;
}

/* Message: MCP, priority; extra cap: authority thread. */
result_t decode_tcb_set_sched_params(const invocation_args_t *args, tcb_t *tcb)
{
    if (args->length < 2 || args->extra_caps[0] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    tcb_t *authority = authority_tcb(args);
    if (authority == NULL) {
        return result_error(syscall_error_invalid_capability(1));
    }
    word_t mcp = args->mrs[0], priority = args->mrs[1];
    syscall_error_t e = check_priority(mcp, authority);
    if (e.type == ERR_NONE) {
        e = check_priority(priority, authority);
    }
    if (e.type != ERR_NONE) {
        return result_error(e);
    }
    tcb->mcp = mcp;
    sched_set_priority(tcb, priority);
    return result_ok();
}
