/*
 * Stand-ins for the hooks of <kernel/hooks.h> until the subsystems behind
 * them exist: delete each one when its real implementation lands. Not part
 * of the host tests, which bring their own recording versions.
 */
#include <kernel/hooks.h>

/* No IRQ handler caps yet: nothing to do when one is deleted. */
void irq_handler_deleting(word_t irq)
{
    (void)irq;
}

void irq_handler_deleted(word_t irq)
{
    (void)irq;
}
