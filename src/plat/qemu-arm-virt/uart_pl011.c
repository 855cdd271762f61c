/*
 * Polled output on the ARM PL011 UART that QEMU virt uses as its console.
 * Register offsets from the PL011 Technical Reference Manual (ARM DDI 0183),
 * section 3.2: UARTDR at 0x00, UARTFR at 0x18 (bit 5 TXFF: transmit FIFO full).
 */
#include <plat/platform.h>

#define PL011_DR 0x00u
#define PL011_FR 0x18u
#define PL011_FR_TXFF BIT(5)

static volatile uint32_t *pl011_regs;

static uint32_t pl011_read(word_t offset)
{
    return pl011_regs[offset / 4];
}
static void pl011_write(word_t offset, uint32_t v)
{
    pl011_regs[offset / 4] = v;
}

void plat_console_init(uintptr_t base)
{
    /* QEMU's PL011 is usable at reset; firmware has set the line up on
     * hardware that has one. */
    pl011_regs = (volatile uint32_t *)base;
}

static void pl011_send(char c)
{
    while (pl011_read(PL011_FR) & PL011_FR_TXFF) {
    }
    pl011_write(PL011_DR, (uint8_t)c);
}

void plat_console_putc(char c)
{
    if (pl011_regs == NULL) {
        return;
    }
    if (c == '\n') {
        pl011_send('\r');
    }
    pl011_send(c);
}
