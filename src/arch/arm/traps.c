/*
 * Traps: those from user mode go to the system-call and fault handlers;
 * those the kernel did not expect (taken in a kernel mode) print the
 * registers and the fault status, then stop (the CPU parks; QEMU stays
 * up). Fault-status registers per ARM ARM B4.1.52 (DFSR), B4.1.96 (IFSR),
 * B4.1.51/B4.1.95 (DFAR/IFAR).
 */
#include <api/syscall.h>
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/machine/registerset.h>
#include <kernel/boot.h>
#include <kernel/irq.h>
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <kernel/thread.h>

typedef struct {
    word_t r[13];
    word_t pc;
} exception_frame_t;

NORETURN void arch_unexpected_exception(word_t kind, const exception_frame_t *frame, word_t spsr);

static const char *const exception_names[] = {
    "reset",
    "undefined instruction",
    "supervisor call",
    "prefetch abort",
    "data abort",
    "hypervisor trap",
    "IRQ",
    "FIQ",
};

/* The stack pointer and link register of the interrupted mode: vectors.S
 * switches to that mode to read them (banked-register MRS needs EL2, which
 * QEMU leaves out unless virtualization=on). */
void arch_read_banked_sp_lr(word_t mode, word_t out[2]);

NORETURN void arch_unexpected_exception(word_t kind, const exception_frame_t *frame, word_t spsr)
{
    word_t banked[2];
    arch_read_banked_sp_lr(spsr & CPSR_MODE_MASK, banked);
    word_t sp = banked[0], lr = banked[1];

    kprintf("\nKERNEL: unexpected %s at pc 0x%08x (cpsr 0x%08x)\n",
            kind < ARRAY_SIZE(exception_names) ? exception_names[kind] : "exception", frame->pc,
            spsr);
    for (word_t i = 0; i < 13; i++) {
        kprintf("  r%-2u 0x%08x%s", i, frame->r[i], i % 4 == 3 ? "\n" : "");
    }
    kprintf("  sp  0x%08x\n  lr  0x%08x  pc  0x%08x\n", sp, lr, frame->pc);
    kprintf("  DFSR 0x%08x DFAR 0x%08x IFSR 0x%08x IFAR 0x%08x\n", read_dfsr(), read_dfar(),
            read_ifsr(), read_ifar());
    kernel_stop();
}

/* ---- Traps from user mode (vectors.S saved the context already). ---- */

void arm_handle_undefined(void);
void arm_handle_prefetch_abort(void);
void arm_handle_data_abort(void);
void arm_handle_irq(void);

/* A faulting instruction is where the thread restarts. */
static void arm_fault_ip_is_pc(void)
{
    arm_current_context->regs[REG_FAULT_IP] = arm_current_context->regs[REG_PC];
}

/* The T bit of a saved CPSR: the thread was running Thumb code (ARM ARM B1.3.3). */
#define CPSR_THUMB BIT(5)

void arm_handle_undefined(void)
{
    /* vectors.S took 4 off lr, which is right for ARM code; for a Thumb
     * instruction lr is only 2 past it (ARM ARM B1.8.3, "Undefined
     * Instruction exception"). picolibc's hard-float code is Thumb, and its
     * VFP instructions must be retried exactly when they turn the FPU on. */
    if (arm_current_context->regs[REG_CPSR] & CPSR_THUMB) {
        arm_current_context->regs[REG_PC] += 2;
    }
    arm_fault_ip_is_pc();
    if (fpu_handle_undefined(ks_cur_thread)) {
        thread_activate_current(); /* retry it with the FPU on */
        return;
    }
    handle_user_exception(0, 0);
}

void arm_handle_prefetch_abort(void)
{
    arm_fault_ip_is_pc();
    handle_vm_fault(read_ifar(), read_ifsr(), true);
}

void arm_handle_data_abort(void)
{
    arm_fault_ip_is_pc();
    handle_vm_fault(read_dfar(), read_dfsr(), false);
}

void arm_handle_irq(void)
{
    if (ks_cur_thread != ks_idle_thread) {
        arm_fault_ip_is_pc(); /* an interrupted thread restarts where it was */
    }
    arch_handle_interrupt_entry();
    thread_activate_current();
}
