/*
 * Recording stand-ins for the interrupt code (src/object/interrupt.c) for
 * tests that do not link it. A test program that links the real file gets
 * its definitions instead: the linker then never pulls this member out of
 * the keel_capcore archive.
 */
#include <object/interrupt.h>

#include "kernel_env.h"

void irq_handler_deleting(word_t irq)
{
    hooks.irq_deleting++;
    hooks.last_irq = irq;
}

void irq_handler_deleted(word_t irq)
{
    hooks.irq_deleted++;
    hooks.last_irq = irq;
}

result_t decode_irq_control_invocation(const invocation_args_t *args, cte_t *control)
{
    (void)args;
    (void)control;
    return result_error(syscall_error(ERR_ILLEGAL_OPERATION));
}

result_t decode_irq_handler_invocation(const invocation_args_t *args, word_t irq)
{
    (void)args;
    (void)irq;
    return result_error(syscall_error(ERR_ILLEGAL_OPERATION));
}

result_t decode_sgi_signal_invocation(const invocation_args_t *args, cap_t cap)
{
    (void)args;
    (void)cap;
    return result_error(syscall_error(ERR_ILLEGAL_OPERATION));
}
