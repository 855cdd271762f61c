/* The kernel console: formatted output to the platform UART. */
#include <kernel/printf.h>
#include <plat/platform.h>

static void console_sink(void *ctx UNUSED, char c)
{
    plat_console_putc(c);
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = format_v(console_sink, NULL, fmt, ap);
    va_end(ap);
    return n;
}

void kputs(const char *s)
{
    while (*s) {
        plat_console_putc(*s++);
    }
}
