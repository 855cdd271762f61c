/*
 * ARMv7 boot: from the loader's hand-over to a kernel with its own page
 * directory, exception vectors and console, then on to the generic boot.
 */
#include <arch/benchmark.h>
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/kernel_vspace.h>
#include <arch/smp.h>
#include <kernel/boot.h>
#include <kernel/irq.h>
#include <plat/machine_map.h>
#include <plat/platform.h>

extern char arm_vector_table[];
void arch_init_mode_stacks(word_t core);
NORETURN void arm_return_to_user(void);
NORETURN void arch_boot(paddr_t ui_p_start, paddr_t ui_p_end, word_t pv_offset, vptr_t v_entry,
                        paddr_t dtb_p, word_t dtb_size);

NORETURN void arch_boot(paddr_t ui_p_start, paddr_t ui_p_end, word_t pv_offset, vptr_t v_entry,
                        paddr_t dtb_p, word_t dtb_size)
{
    boot_args_t args = { ui_p_start, ui_p_end, pv_offset, v_entry, dtb_p, dtb_size };

    arch_init_mode_stacks(0);
    if (CONFIG_MAX_NUM_NODES > 1) {
        smp_boot_lock(); /* held until the first return to user level */
    }
    write_vbar((word_t)(uintptr_t)arm_vector_table);
    write_sctlr(read_sctlr() & ~SCTLR_V);
    kernel_vspace_init();
    plat_console_init(kernel_device_vaddr(KDEV_UART, PLAT_UART_PADDR));
    fpu_init();
    if (config_set(CONFIG_ENABLE_BENCHMARKS) || config_set(CONFIG_EXPORT_PMU_USER)) {
        arch_benchmark_init();
    }
    arch_irq_init();
    kernel_boot(&args);
    if (CONFIG_MAX_NUM_NODES > 1) {
        smp_start_secondaries(dtb_p);
    }
    arm_return_to_user();
}
