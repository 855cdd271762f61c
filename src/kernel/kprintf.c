/* The kernel console: formatted output to the platform UART. A build
 * without CONFIG_PRINTING (a release build, unless asked) prints nothing,
 * as seL4's does. */
#include <kernel/printf.h>
#include <plat/platform.h>

static void console_sink(void *ctx UNUSED, char c)
{
    plat_console_putc(c);
}

int kprintf(const char *fmt, ...)
{
    if (!config_set(CONFIG_PRINTING)) {
        return 0;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = format_v(console_sink, NULL, fmt, ap);
    va_end(ap);
    return n;
}

void kputs(const char *s)
{
    if (!config_set(CONFIG_PRINTING)) {
        return;
    }
    while (*s) {
        plat_console_putc(*s++);
    }
}
