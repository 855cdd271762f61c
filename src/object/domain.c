/*
 * Invocations of the domain cap: DomainSet_Set (a thread's domain) and the
 * runtime domain schedule of seL4 15.0, ScheduleConfigure (one entry) and
 * ScheduleSetStart (where the schedule starts, switched to at once). Each
 * decoder checks the whole message, in seL4's order and with seL4's errors,
 * before anything changes.
 */
#include <api/invocation.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <object/domain.h>

static result_t error(word_t type)
{
    return result_error(syscall_error(type));
}

/* Moves a thread to another domain's ready queues (seL4 setDomain). A
 * thread running on another core is not queued (a running thread never is:
 * the SMP fuzzer's checked run halted on that, seed 1); that core chooses
 * again, which queues it in its new domain, as for a priority change. */
static void domain_set_thread(tcb_t *tcb, word_t domain, const tcb_t *caller)
{
    sched_dequeue(tcb);
    tcb->domain = domain;
    if (tcb == caller) {
        sched_reschedule_required(); /* schedule() requeues it, in its new domain */
    } else if (smp_core_current(tcb_core(tcb)) == tcb) {
        smp_remote_reschedule(tcb_core(tcb));
    } else if (thread_is_runnable(tcb)) {
        sched_enqueue(tcb);
    }
}

/* Message: the domain; extra cap: the thread. */
static result_t decode_domain_set(const invocation_args_t *args)
{
    if (args->length < 1) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    word_t domain = args->mrs[0];
    if (domain >= NUM_DOMAINS) {
        return result_error(syscall_error_invalid_argument(0));
    }
    if (args->extra_caps[0] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    cap_t cap = args->extra_caps[0]->cap;
    if (cap_get_type(cap) != CAP_THREAD) {
        return result_error(syscall_error_invalid_argument(1));
    }
    domain_set_thread(tcb_ptr(cap_thread_get_tcb(cap)), domain, args->thread);
    return result_ok();
}

/* Message: index, domain, duration (a 64-bit tick count, low word first,
 * seL4's time argument on a 32-bit kernel). Errors and their order are
 * seL4 16.0.0's (decodeDomainConfigure in its executable specification). */
static result_t decode_domain_schedule_configure(const invocation_args_t *args)
{
    if (args->length < 4) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    word_t index = args->mrs[0];
    word_t domain = args->mrs[1];
    uint64_t duration = (uint64_t)args->mrs[2] | ((uint64_t)args->mrs[3] << 32);
    if (index >= CONFIG_NUM_DOMAIN_SCHEDULES) {
        return result_error(syscall_error_range(0, CONFIG_NUM_DOMAIN_SCHEDULES - 1));
    }
    if (domain >= NUM_DOMAINS) {
        return result_error(syscall_error_range(0, NUM_DOMAINS - 1));
    }
    if (duration > DOMAIN_MAX_DURATION) {
        return result_error(syscall_error_invalid_argument(2));
    }
    /* Duration 0 is the end marker, which is always (domain 0, 0). */
    if (duration == 0 && domain != 0) {
        return result_error(syscall_error_invalid_argument(1));
    }
    /* The start entry may not become an end marker: the schedule would be
     * empty. */
    if (duration == 0 && index == sched_domain_start()) {
        return result_error(syscall_error_invalid_argument(2));
    }
    sched_domain_configure(index, domain, duration);
    return result_ok();
}

/* Message: the index of the new start entry, which must not be an end
 * marker. */
static result_t decode_domain_schedule_set_start(const invocation_args_t *args)
{
    if (args->length < 1) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    word_t index = args->mrs[0];
    if (index >= CONFIG_NUM_DOMAIN_SCHEDULES) {
        return result_error(syscall_error_range(0, CONFIG_NUM_DOMAIN_SCHEDULES - 1));
    }
    if (sched_domain_is_end_marker(index)) {
        return result_error(syscall_error_invalid_argument(0));
    }
    sched_domain_set_start(index);
    return result_ok();
}

result_t decode_domain_invocation(const invocation_args_t *args)
{
    switch (args->label) {
    case DomainSetSet:
        return decode_domain_set(args);
    case DomainScheduleConfigure:
        return decode_domain_schedule_configure(args);
    case DomainScheduleSetStart:
        return decode_domain_schedule_set_start(args);
    default:
        return error(ERR_ILLEGAL_OPERATION);
    }
}
