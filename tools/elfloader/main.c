/*
 * Keel's ELF loader: checks the payload linked into it, copies the kernel
 * and the root task to physical memory, builds the boot page directory and
 * enters the kernel as DESIGN.md §2 "Boot protocol" says. Every problem with
 * the image is reported on the UART before the loader halts.
 */
#include <arch/cpu.h>
#include <arch/vmsa.h>
#include <kernel/printf.h>
#include <plat/machine_map.h>
#include <plat/platform.h>

#include "layout.h"
#include "payload.h"

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memset(void *dst, int c, size_t n);

extern const uint8_t payload_start[], payload_end[];
extern uint8_t loader_image_start[], loader_image_end[];

typedef void (*kernel_entry_t)(paddr_t ui_p_start, paddr_t ui_p_end, word_t pv_offset,
                               vptr_t ui_v_entry, paddr_t dtb_p, word_t dtb_size);

static pde_t boot_pd[PD_ENTRIES] ALIGN(16384) __attribute__((section(".bss.boot_pd")));

static void console_sink(void *ctx UNUSED, char c)
{
    plat_console_putc(c);
}

static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    format_v(console_sink, NULL, fmt, ap);
    va_end(ap);
}

static NORETURN void loader_fail(const char *what, const char *why)
{
    say("loader: error: %s: %s\n", what, why);
    say("loader: halted\n");
    for (;;) {
        wfi();
    }
}

/* Copies every loadable segment; `offset` is added to the address used. */
static void load_segments(const elf_t *elf, bool physical, word_t offset)
{
    for (word_t i = 0; i < elf_segment_count(elf); i++) {
        elf32_phdr_t p = elf_segment(elf, i);
        if (p.p_type != PT_LOAD) {
            continue;
        }
        uint8_t *dst = (uint8_t *)(uintptr_t)((physical ? p.p_paddr : p.p_vaddr) + offset);
        memcpy(dst, elf->data + p.p_offset, p.p_filesz);
        memset(dst + p.p_filesz, 0, p.p_memsz - p.p_filesz);
    }
}

static void map_sections(word_t vaddr, paddr_t paddr, uint64_t size, vm_memory_t mem)
{
    for (uint64_t off = 0; off < size; off += BIT(SECTION_BITS)) {
        word_t v = (word_t)(vaddr + off);
        boot_pd[v >> SECTION_BITS] =
            pde_section_new((paddr_t)(paddr + off), mem, VM_KERNEL_RW, true);
    }
}

/* Identity map for the loader itself and its UART, kernel image at its
 * linked address; all in 1 MiB sections. */
static void boot_pd_build(const layout_t *layout, word_t kernel_pv)
{
    word_t lo = ROUND_DOWN((word_t)(uintptr_t)loader_image_start, SECTION_BITS);
    word_t hi = ROUND_UP((word_t)(uintptr_t)loader_image_end, SECTION_BITS);
    map_sections(lo, lo, hi - lo, VM_NORMAL_WBWA);
    map_sections(ROUND_DOWN(PLAT_UART_PADDR, SECTION_BITS),
                 ROUND_DOWN(PLAT_UART_PADDR, SECTION_BITS), BIT(SECTION_BITS), VM_DEVICE);
    paddr_t kstart = (paddr_t)ROUND_DOWN((word_t)layout->kernel.start, SECTION_BITS);
    uint64_t ksize = layout->kernel.end - kstart;
    map_sections(kstart - kernel_pv, kstart, ksize, VM_NORMAL_WBWA);
}

static void mmu_enable(void)
{
    write_dacr(1);  /* domain 0: client, permissions checked */
    write_ttbcr(0); /* TTBR0 translates the whole address space */
    write_ttbr0((word_t)(uintptr_t)boot_pd);
    tlb_invalidate_all();
    icache_invalidate_all();
    dsb();
    isb();
    write_sctlr(read_sctlr() | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_Z);
    isb();
}

/* The kernel's segments must all share one virtual-to-physical offset, a
 * whole number of sections, for the boot page directory to map them. */
static const char *kernel_offset(const elf_t *kernel, word_t *pv)
{
    bool first = true;
    for (word_t i = 0; i < elf_segment_count(kernel); i++) {
        elf32_phdr_t p = elf_segment(kernel, i);
        if (p.p_type != PT_LOAD) {
            continue;
        }
        if (first) {
            *pv = p.p_paddr - p.p_vaddr;
            first = false;
        } else if (p.p_paddr - p.p_vaddr != *pv) {
            return "segments have different virtual-to-physical offsets";
        }
    }
    return IS_ALIGNED(*pv, SECTION_BITS) ? NULL : "virtual-to-physical offset is not 1 MiB aligned";
}

void loader_main(word_t r0 UNUSED, word_t r1 UNUSED, word_t r2)
{
    plat_console_init(PLAT_UART_PADDR);
    say("\nKeel ELF loader on %s\n", PLAT_NAME);
    if (r2 != 0) {
        say("loader: firmware passed a DTB at 0x%08x; using the image's own\n", r2);
    }

    payload_t payload;
    const char *why =
        payload_parse(payload_start, (word_t)payload_end - (word_t)payload_start, &payload);
    if (why != NULL) {
        loader_fail("image", why);
    }
    if ((why = elf_check(payload.kernel.data, payload.kernel.size)) != NULL) {
        loader_fail("kernel ELF", why);
    }
    if ((why = elf_check(payload.root.data, payload.root.size)) != NULL) {
        loader_fail("root task ELF", why);
    }
    elf_t kernel = { payload.kernel.data, payload.kernel.size };
    elf_t root = { payload.root.data, payload.root.size };
    word_t kernel_pv = 0;
    if ((why = kernel_offset(&kernel, &kernel_pv)) != NULL) {
        loader_fail("kernel ELF", why);
    }

    memory_t mem = {
        .ram = { PLAT_RAM_PADDR, (uint64_t)PLAT_RAM_PADDR + PLAT_RAM_SIZE },
        .loader = { (uintptr_t)loader_image_start, (uintptr_t)loader_image_end },
    };
    layout_t layout;
    if ((why = layout_plan(&mem, &kernel, &root, payload.dtb.size, &layout)) != NULL) {
        loader_fail("layout", why);
    }

    load_segments(&kernel, true, 0);
    load_segments(&root, false, layout.user_pv_offset);
    memcpy((void *)(uintptr_t)layout.dtb.start, payload.dtb.data, payload.dtb.size);
    say("loader: kernel    0x%08llx-0x%08llx entry 0x%08x\n", layout.kernel.start,
        layout.kernel.end, layout.kernel_v_entry);
    say("loader: root task 0x%08llx-0x%08llx entry 0x%08x (virtual, pv offset 0x%08x)\n",
        layout.user.start, layout.user.end, layout.user_v_entry, layout.user_pv_offset);
    say("loader: DTB       0x%08llx-0x%08llx\n", layout.dtb.start, layout.dtb.end);

    boot_pd_build(&layout, kernel_pv);
    mmu_enable();
    say("loader: MMU on, entering the kernel\n");

    kernel_entry_t enter = (kernel_entry_t)(uintptr_t)layout.kernel_v_entry;
    enter((paddr_t)layout.user.start, (paddr_t)layout.user.end, layout.user_pv_offset,
          layout.user_v_entry, (paddr_t)layout.dtb.start, payload.dtb.size);
    loader_fail("kernel", "returned to the loader");
}
