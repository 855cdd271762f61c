/*
 * Polled output on the Tegra K1's UART-D, a 16550-compatible UART whose
 * registers are 4 bytes apart (reg-shift 2 in the device tree). Register
 * numbers from the 16550 datasheet: THR 0 (write), LSR 5 (bit 5 THRE).
 * U-Boot has already set the line to 115200 8n1, so only output is done.
 */
#include <plat/machine_map.h>
#include <plat/platform.h>

#define UART_THR 0u
#define UART_LSR 5u
#define UART_LSR_THRE BIT(5)

static volatile uint8_t *uart_base;

static uint8_t uart_read(word_t reg)
{
    return uart_base[reg << PLAT_UART_REG_SHIFT];
}
static void uart_write(word_t reg, uint8_t v)
{
    uart_base[reg << PLAT_UART_REG_SHIFT] = v;
}

void plat_console_init(uintptr_t base)
{
    uart_base = (volatile uint8_t *)base;
}

static void uart_send(char c)
{
    while (!(uart_read(UART_LSR) & UART_LSR_THRE)) {
    }
    uart_write(UART_THR, (uint8_t)c);
}

void plat_console_putc(char c)
{
    if (uart_base == NULL) {
        return;
    }
    if (c == '\n') {
        uart_send('\r');
    }
    uart_send(c);
}
