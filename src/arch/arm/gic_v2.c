/*
 * GICv2 driver. Register offsets from the GICv2 architecture specification
 * (ARM IHI 0048B) §4.1.2 (distributor) and §4.1.3 (CPU interface). All
 * lines start disabled, level-triggered, equal priority, routed to CPU 0;
 * the kernel enables the ones it uses, and sends SGIs for SGI signal caps.
 */
#include <arch/gic.h>
#include <arch/kernel_vspace.h>
#include <kernel/assert.h>
#include <plat/machine_map.h>

#define GICD_CTLR 0x000u
#define GICD_TYPER 0x004u
#define GICD_ISENABLER 0x100u
#define GICD_ICENABLER 0x180u
#define GICD_ICPENDR 0x280u
#define GICD_IPRIORITYR 0x400u
#define GICD_ITARGETSR 0x800u
#define GICD_ICFGR 0xc00u
#define GICD_SGIR 0xf00u

#define GICC_CTLR 0x00u
#define GICC_PMR 0x04u
#define GICC_BPR 0x08u
#define GICC_IAR 0x0cu
#define GICC_EOIR 0x10u

#define GIC_PRIORITY_DEFAULT 0xa0u
#define GIC_SPI_BASE 32u

/* IHI 0048B 4.4.4, GICC_IAR: the interrupt ID in bits 9:0; for an SGI,
 * bits 12:10 name the CPU that sent it, and 4.4.5 wants GICC_EOIR written
 * with the whole value as read. */
#define GICC_IAR_ID_MASK 0x3ffu

/* IHI 0048B 4.3.15, GICD_SGIR: TargetListFilter (bits 25:24) 0 sends to
 * the CPU interfaces in CPUTargetList (bits 23:16, one bit each); the SGI's
 * ID is SGIINTID (bits 3:0). */
#define GICD_SGIR_TARGET_LIST_SHIFT 16u
#define GICD_SGIR_SGIINTID_MASK 0xfu

static volatile uint32_t *gicd, *gicc;

static uint32_t *reg(volatile uint32_t *base, word_t offset)
{
    return (uint32_t *)&base[offset / 4];
}

static void gicd_write(word_t offset, uint32_t v)
{
    *reg(gicd, offset) = v;
}
static uint32_t gicd_read(word_t offset)
{
    return *reg(gicd, offset);
}

word_t gic_line_count(void)
{
    return ((gicd_read(GICD_TYPER) & 0x1fu) + 1u) * 32u;
}

void gic_init(void)
{
    gicd = (volatile uint32_t *)kernel_device_vaddr(KDEV_GIC_DIST, PLAT_GIC_DIST_PADDR);
    gicc = (volatile uint32_t *)kernel_device_vaddr(KDEV_GIC_CPU, PLAT_GIC_CPU_PADDR);
    word_t lines = gic_line_count();

    gicd_write(GICD_CTLR, 0);
    for (word_t i = 0; i < lines; i += 32) {
        gicd_write(GICD_ICENABLER + i / 8, 0xffffffffu);
        gicd_write(GICD_ICPENDR + i / 8, 0xffffffffu);
    }
    for (word_t i = 0; i < lines; i += 4) {
        word_t prio = GIC_PRIORITY_DEFAULT;
        gicd_write(GICD_IPRIORITYR + i, prio | prio << 8 | prio << 16 | prio << 24);
        if (i >= GIC_SPI_BASE) {
            gicd_write(GICD_ITARGETSR + i, 0x01010101u); /* CPU 0 */
        }
    }
    for (word_t i = GIC_SPI_BASE; i < lines; i += 16) {
        gicd_write(GICD_ICFGR + i / 4, 0); /* level-sensitive */
    }
    gicd_write(GICD_CTLR, 1);
    gic_cpu_init();
}

/* This core's CPU interface (banked per core at the same address); the
 * SGI and PPI priorities are banked too. */
void gic_cpu_init(void)
{
    for (word_t i = 0; i < GIC_SPI_BASE; i += 4) {
        word_t prio = GIC_PRIORITY_DEFAULT;
        gicd_write(GICD_IPRIORITYR + i, prio | prio << 8 | prio << 16 | prio << 24);
    }
    *reg(gicc, GICC_PMR) = 0xf0u; /* let every priority above 0xf0 through */
    *reg(gicc, GICC_BPR) = 0;
    *reg(gicc, GICC_CTLR) = 1;
}

/* IHI 0048B 4.3.12, GICD_ITARGETSR: one byte per interrupt, a bit per CPU
 * interface; SPIs only (SGIs and PPIs go to their own core). */
void gic_set_target(word_t irq, word_t cpu)
{
    if (irq < GIC_SPI_BASE || cpu >= GIC_SGI_TARGETS) {
        return;
    }
    volatile uint8_t *targets = (volatile uint8_t *)reg(gicd, GICD_ITARGETSR);
    targets[irq] = (uint8_t)BIT(cpu);
}

void gic_enable(word_t irq)
{
    gicd_write(GICD_ISENABLER + (irq / 32) * 4, BIT(irq % 32));
}

void gic_disable(word_t irq)
{
    gicd_write(GICD_ICENABLER + (irq / 32) * 4, BIT(irq % 32));
}

word_t gic_acknowledge(void)
{
    return *reg(gicc, GICC_IAR);
}

word_t gic_interrupt_id(word_t iar)
{
    word_t id = iar & GICC_IAR_ID_MASK;
    return id > GIC_MAX_IRQ ? GIC_SPURIOUS : id;
}

void gic_end_of_interrupt(word_t iar)
{
    *reg(gicc, GICC_EOIR) = iar;
}

void gic_send_sgi(word_t sgi, word_t cpu)
{
    assert(cpu < GIC_SGI_TARGETS && sgi <= GICD_SGIR_SGIINTID_MASK);
    gicd_write(GICD_SGIR, (BIT(cpu) << GICD_SGIR_TARGET_LIST_SHIFT) | sgi);
}

void gic_set_trigger(word_t irq, bool edge)
{
    if (irq < GIC_SPI_BASE) {
        return;
    }
    /* Two bits per line; bit 1 of each pair set means edge (IHI 0048B 4.3.13). */
    word_t offset = GICD_ICFGR + (irq / 16) * 4, bit = BIT((irq % 16) * 2 + 1);
    uint32_t v = gicd_read(offset);
    gicd_write(offset, edge ? (v | bit) : (v & ~bit));
}
