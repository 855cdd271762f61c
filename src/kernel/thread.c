/*
 * Threads as the kernel runs them: switching to one, the idle thread,
 * leaving the kernel (schedule, then restart or resume the chosen thread),
 * message registers and IPC buffers, and replies to invocations.
 */
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/thread.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);

tcb_t *ks_cur_thread;

/* Each core's idle thread's TCB object: its slots stay empty, so it runs in
 * the kernel's address space. */
static uint8_t idle_tcb_object[NUM_NODES][BIT(TCB_BITS)] ALIGN(BIT(TCB_BITS));

void thread_init_idle(void)
{
    word_t core = smp_this_core();
    tcb_t *idle = tcb_ptr(ptr_to_pptr(idle_tcb_object[core]));
    tcb_init(idle);
    idle->affinity = core;
    arch_idle_context_init(&idle->context);
    idle->state = THREAD_IDLE;
    memcpy(idle->name, "idle", sizeof("idle"));
    sched_init(idle);
    thread_switch_to(idle);
}

void thread_activate_current(void)
{
    schedule();
    tcb_t *thread = ks_cur_thread;
    if (thread->state == THREAD_RESTART) {
        thread->context.regs[REG_PC] = thread->context.regs[REG_FAULT_IP];
        thread_set_state(thread, THREAD_RUNNING);
    }
}

word_t *thread_ipc_buffer(const tcb_t *thread, bool is_receiver)
{
    cap_t frame = tcb_slot(thread, TCB_BUFFER)->cap;
    if (!cap_is_frame(frame) || frame_cap_get_is_device(frame)) {
        return NULL;
    }
    word_t rights = frame_cap_get_rights(frame);
    if (rights != VM_READ_WRITE && (is_receiver || rights != VM_READ_ONLY)) {
        return NULL;
    }
    word_t offset = thread->ipc_buffer & MASK(frame_size_bits(frame_cap_get_size(frame)));
    return pptr_to_ptr(frame_cap_get_base(frame) + offset);
}

word_t thread_get_mr(const tcb_t *thread, const word_t *buffer, word_t i)
{
    if (i < MSG_REGISTER_COUNT) {
        return thread->context.regs[REG_R2 + i];
    }
    return buffer != NULL ? buffer[IPC_BUFFER_MSG + i] : 0;
}

bool thread_set_mr(tcb_t *thread, word_t *buffer, word_t i, word_t v)
{
    if (i < MSG_REGISTER_COUNT) {
        thread->context.regs[REG_R2 + i] = v;
        return true;
    }
    if (buffer == NULL) {
        return false;
    }
    buffer[IPC_BUFFER_MSG + i] = v;
    return true;
}

void thread_reply(tcb_t *thread, word_t label, word_t length, const word_t *mrs)
{
    /* most replies fit in MR0-MR3: the IPC buffer only for longer ones */
    word_t *buffer = length > MSG_REGISTER_COUNT ? thread_ipc_buffer(thread, true) : NULL;
    word_t sent = 0;
    while (sent < length && sent < MSG_MAX_LENGTH &&
           thread_set_mr(thread, buffer, sent, mrs[sent])) {
        sent++;
    }
    thread->context.regs[REG_R0] = 0; /* the badge register: no badge from the kernel */
    thread->context.regs[REG_R1] = message_info_new(label, 0, 0, sent).words[0];
}

static pptr_t debug_head;

void thread_debug_add(tcb_t *tcb)
{
    tcb->debug_prev = 0;
    tcb->debug_next = debug_head;
    if (debug_head) {
        tcb_ptr(debug_head)->debug_prev = tcb_ref(tcb);
    }
    debug_head = tcb_ref(tcb);
}

void thread_debug_remove(tcb_t *tcb)
{
    if (tcb->debug_prev) {
        tcb_ptr(tcb->debug_prev)->debug_next = tcb->debug_next;
    } else if (debug_head == tcb_ref(tcb)) {
        debug_head = tcb->debug_next;
    }
    if (tcb->debug_next) {
        tcb_ptr(tcb->debug_next)->debug_prev = tcb->debug_prev;
    }
    tcb->debug_prev = tcb->debug_next = 0;
}

static const char *const thread_state_names[] = {
    "inactive",
    "running",
    "restart",
    "blocked on receive",
    "blocked on send",
    "blocked on reply",
    "blocked on notification",
    "idle",
};

void thread_debug_dump(void)
{
    kprintf("%-10s %-32s %-24s %4s %-10s\n", "address", "name", "state", "prio", "pc");
    for (pptr_t ref = debug_head; ref; ref = tcb_ptr(ref)->debug_next) {
        const tcb_t *t = tcb_ptr(ref);
        const char *state =
            t->state < ARRAY_SIZE(thread_state_names) ? thread_state_names[t->state] : "?";
        kprintf("0x%08x %-32s %-24s %4u 0x%08x%s\n", ref, t->name[0] ? t->name : "-", state,
                t->priority, t->context.regs[REG_PC], t == ks_cur_thread ? " (current)" : "");
    }
}
