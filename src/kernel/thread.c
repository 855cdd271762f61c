/*
 * Threads as the kernel runs them: switching to one, the idle thread,
 * leaving the kernel (schedule, then restart or resume the chosen thread),
 * message registers and IPC buffers, and replies to invocations.
 */
#include <kernel/sched.h>
#include <kernel/thread.h>

tcb_t *ks_cur_thread;

void thread_switch_to(tcb_t *thread)
{
    ks_cur_thread = thread;
    arch_switch_to_thread(thread);
}

/* The idle thread's TCB object: its slots stay empty, so it runs in the
 * kernel's address space. */
static uint8_t idle_tcb_object[BIT(TCB_BITS)] ALIGN(BIT(TCB_BITS));

void thread_init_idle(void)
{
    tcb_t *idle = tcb_ptr(ptr_to_pptr(idle_tcb_object));
    tcb_init(idle);
    arch_idle_context_init(&idle->context);
    idle->state = THREAD_IDLE;
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
    word_t *buffer = thread_ipc_buffer(thread, true);
    word_t sent = 0;
    while (sent < length && sent < MSG_MAX_LENGTH && thread_set_mr(thread, buffer, sent, mrs[sent])) {
        sent++;
    }
    thread->context.regs[REG_R0] = 0; /* the badge register: no badge from the kernel */
    thread->context.regs[REG_R1] = message_info_new(label, 0, 0, sent).words[0];
}
