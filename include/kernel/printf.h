/*
 * Formatted output for the kernel and the ELF loader. The formatter is pure
 * (it only calls the sink it is given), so the host tests run it natively.
 */
#pragma once

#include <stdarg.h>
#include <types.h>

typedef void (*format_sink_t)(void *ctx, char c);

/*
 * Supports %c %s %d %i %u %x %X %p %% with the flags '0' and '-', a width,
 * and the length modifiers l (no effect: 32-bit) and ll (64-bit).
 * Returns the number of characters written.
 */
int format_v(format_sink_t sink, void *ctx, const char *fmt, va_list ap);

/* The kernel console: every character goes to the platform UART. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kputs(const char *s);
