/*
 * Generic kernel boot: report what the loader handed over (the banner) and
 * build the root task; the architecture then enters it. Also the two ways
 * the kernel ends: a clean halt and a stop after a fatal error.
 */
#include <arch/cpu.h>
#include <arch/kernel_vspace.h>
#include <kernel/boot.h>
#include <kernel/boot_root.h>
#include <kernel/printf.h>
#include <kernel/thread.h>
#include <plat/machine_map.h>
#include <plat/platform.h>

#define KEEL_VERSION "0.1.0"

static void boot_print_banner(const boot_args_t *args)
{
    kprintf("\nKeel %s microkernel on %s\n", KEEL_VERSION, PLAT_NAME);
    kprintf("  RAM        0x%08x-0x%08llx (%u MiB), %u MiB in the kernel window\n", PLAT_RAM_PADDR,
            (unsigned long long)PLAT_RAM_PADDR + PLAT_RAM_SIZE, PLAT_RAM_SIZE >> 20,
            kernel_window_size() >> 20);
    kprintf("  kernel     0x%08x-0x%08x\n", pptr_to_paddr((pptr_t)(uintptr_t)ki_start),
            pptr_to_paddr((pptr_t)(uintptr_t)ki_end));
    kprintf("  user image 0x%08x-0x%08x, entry 0x%08x, pv offset 0x%08x\n", args->ui_p_start,
            args->ui_p_end, args->ui_v_entry, args->ui_pv_offset);
    kprintf("  DTB        0x%08x, %u bytes\n", args->dtb_p, args->dtb_size);
}

#ifdef KEEL_BOOT_FAULT_TEST
/* Test builds only: fault on purpose to exercise the unexpected-exception
 * report (address 0x1000 is never mapped in the kernel's page directory). */
static void boot_fault_test(void)
{
    kprintf("boot: fault test: reading unmapped address 0x00001000\n");
    (void)*(volatile word_t *)0x1000;
}
#else
static void boot_fault_test(void)
{
}
#endif

void kernel_boot(const boot_args_t *args)
{
    boot_print_banner(args);
    boot_fault_test();
    thread_init_idle();
    boot_create_root_task(args);
}

NORETURN void kernel_halt(void)
{
    kprintf("Keel: system halted\n");
    plat_power_off();
    kernel_stop();
}

NORETURN void kernel_stop(void)
{
    kprintf("Keel: CPU stopped\n");
    for (;;) {
        wfi();
    }
}
