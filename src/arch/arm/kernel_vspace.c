/*
 * The kernel's address space on ARMv7: the kernel window (RAM mapped with
 * 1 MiB global sections from KERNEL_WINDOW_VBASE) and one page table of
 * device pages at KERNEL_DEVICE_VBASE. Later every user page directory
 * shares these entries.
 */
#include <arch/cpu.h>
#include <arch/kernel_vspace.h>
#include <arch/machine_cache.h>
#include <arch/vmsa.h>
#include <plat/machine_map.h>

static pde_t kernel_pd[PD_ENTRIES] ALIGN(16384);
static pte_t kernel_device_pt[PT_ENTRIES] ALIGN(1024);

static const paddr_t kernel_devices[KDEV_COUNT] = {
    [KDEV_UART] = PLAT_UART_PADDR,
    [KDEV_GIC_DIST] = PLAT_GIC_DIST_PADDR,
    [KDEV_GIC_CPU] = PLAT_GIC_CPU_PADDR,
    [KDEV_GIC_CPU + 1] = PLAT_GIC_CPU_PADDR + BIT(PAGE_BITS),
};

word_t kernel_window_size(void)
{
    word_t max = KERNEL_WINDOW_VEND - KERNEL_WINDOW_VBASE;
    return PLAT_RAM_SIZE < max ? PLAT_RAM_SIZE : max;
}

pptr_t paddr_to_pptr(paddr_t p)
{
    return p - PLAT_RAM_PADDR + KERNEL_WINDOW_VBASE;
}

paddr_t pptr_to_paddr(pptr_t v)
{
    return v - KERNEL_WINDOW_VBASE + PLAT_RAM_PADDR;
}

void kernel_vspace_copy_globals(pde_t *pd)
{
    for (word_t i = KERNEL_WINDOW_VBASE >> SECTION_BITS; i < PD_ENTRIES; i++) {
        pd[i] = kernel_pd[i];
    }
}

paddr_t kernel_vspace_pd_paddr(void)
{
    return pptr_to_paddr((pptr_t)(uintptr_t)kernel_pd);
}

uintptr_t kernel_device_vaddr(word_t kdev, paddr_t paddr)
{
    return KERNEL_DEVICE_VBASE + (kdev << PAGE_BITS) + (paddr & MASK(PAGE_BITS));
}

void kernel_vspace_init(void)
{
    for (word_t off = 0; off < kernel_window_size(); off += BIT(SECTION_BITS)) {
        kernel_pd[(KERNEL_WINDOW_VBASE + off) >> SECTION_BITS] =
            pde_section_new(PLAT_RAM_PADDR + off, VM_NORMAL_WBWA, VM_KERNEL_RW, true);
    }
    for (word_t i = 0; i < KDEV_COUNT; i++) {
        kernel_device_pt[i] =
            pte_small_new(ROUND_DOWN(kernel_devices[i], PAGE_BITS), VM_DEVICE, VM_KERNEL_RW, true);
    }
    kernel_pd[KERNEL_DEVICE_VBASE >> SECTION_BITS] =
        pde_page_table_new(pptr_to_paddr((pptr_t)(uintptr_t)kernel_device_pt));

    /* Table walks are cacheable (ttbr0_new); make the new tables visible to
     * them before switching (machine_cache.c cleans by MVA). */
    word_t pd = (word_t)(uintptr_t)kernel_pd, pt = (word_t)(uintptr_t)kernel_device_pt;
    cache_clean_range_pou(pd, pd + sizeof(kernel_pd));
    cache_clean_range_pou(pt, pt + sizeof(kernel_device_pt));
    dsb();
    write_ttbr0(ttbr0_new(pptr_to_paddr((pptr_t)(uintptr_t)kernel_pd)));
    tlb_invalidate_all();
    branch_predictor_invalidate_all();
    dsb();
    isb();
}
