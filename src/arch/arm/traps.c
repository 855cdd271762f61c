/*
 * Exceptions the kernel did not expect (so far: all of them): print the
 * registers and the fault status, then stop (the CPU parks; QEMU stays up). Fault-status registers per
 * ARM ARM B4.1.52 (DFSR), B4.1.96 (IFSR), B4.1.51/B4.1.95 (DFAR/IFAR).
 */
#include <arch/cpu.h>
#include <kernel/boot.h>
#include <kernel/printf.h>

typedef struct {
    word_t r[13];
    word_t pc;
} exception_frame_t;

NORETURN void arch_unexpected_exception(word_t kind, const exception_frame_t *frame, word_t spsr);

static const char *const exception_names[] = {
    "reset", "undefined instruction", "supervisor call", "prefetch abort",
    "data abort", "hypervisor trap", "IRQ", "FIQ",
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
            kind < ARRAY_SIZE(exception_names) ? exception_names[kind] : "exception", frame->pc, spsr);
    for (word_t i = 0; i < 13; i++) {
        kprintf("  r%-2u 0x%08x%s", i, frame->r[i], i % 4 == 3 ? "\n" : "");
    }
    kprintf("  sp  0x%08x\n  lr  0x%08x  pc  0x%08x\n", sp, lr, frame->pc);
    kprintf("  DFSR 0x%08x DFAR 0x%08x IFSR 0x%08x IFAR 0x%08x\n", read_dfsr(), read_dfar(),
            read_ifsr(), read_ifar());
    kernel_stop();
}
