/*
 * picolibc's standard streams on the kernel's debug console: every
 * character written goes out through seL4_DebugPutChar, which exists only
 * with CONFIG_PRINTING (debug builds, or release builds configured with
 * -DKernelPrinting=ON), as on seL4; without it output is dropped. There is
 * no console input yet, so stdin reads end-of-file. picolibc's tinystdio leaves stdin, stdout and
 * stderr for the platform to define, each a FILE with put/get functions.
 */
#include <stdio.h>
#include <sel4/sel4.h>

static int debug_console_put(char c, FILE *stream)
{
    (void)stream;
#ifdef CONFIG_PRINTING
    seL4_DebugPutChar(c);
#endif
    return (unsigned char)c;
}

static int debug_console_get(FILE *stream)
{
    (void)stream;
    return _FDEV_EOF;
}

static FILE debug_console =
    FDEV_SETUP_STREAM(debug_console_put, debug_console_get, NULL, _FDEV_SETUP_RW);

FILE *const stdin = &debug_console;
FILE *const stdout = &debug_console;
FILE *const stderr = &debug_console;
