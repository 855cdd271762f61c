/*
 * ARMv7 side of switching threads: the address space (the thread's page
 * directory and ASID, or the kernel's alone) and the FPU; the idle thread's
 * context.
 */
#include <api/benchmark.h>
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/vspace.h>
#include <kernel/thread.h>

void arm_idle_loop(void);

user_context_t *arm_current_context;

void arch_switch_to_thread(tcb_t *thread)
{
    cap_t vroot = tcb_slot(thread, TCB_VTABLE)->cap;
    benchmark_thread_switch(arm_current_context, thread);
    arm_current_context = &thread->context;
    if (cap_get_type(vroot) == CAP_PAGE_DIRECTORY && cap_page_directory_get_is_mapped(vroot)) {
        vspace_activate(pptr_to_ptr(cap_page_directory_get_base(vroot)),
                        cap_page_directory_get_asid(vroot));
    } else {
        vspace_activate(NULL, ASID_INVALID);
    }
    fpu_thread_switch(thread);
}

void arch_idle_context_init(user_context_t *context)
{
    context->regs[REG_PC] = (word_t)(uintptr_t)arm_idle_loop;
    context->regs[REG_CPSR] = CPSR_MODE_SVC | CPSR_F | CPSR_A; /* IRQs on */
}
