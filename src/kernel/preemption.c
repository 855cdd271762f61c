/*
 * The work-unit budget behind preemption points: interrupts are only polled
 * every CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION units, as in seL4.
 */
#include <kernel/hooks.h>
#include <kernel/preemption.h>

static word_t work_units_done;

exception_t preemption_point(void)
{
    work_units_done++;
    if (work_units_done < CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION) {
        return EXCEPTION_NONE;
    }
    work_units_done = 0;
    return irq_is_pending() ? EXCEPTION_PREEMPTED : EXCEPTION_NONE;
}

void preemption_reset(void)
{
    work_units_done = 0;
}
