/*
 * The generic timer's virtual timer drives the kernel tick. CNTV_TVAL
 * counts down from the reload value; writing it again re-arms the timer
 * and clears the interrupt condition (ARM ARM B8.1.5). The frequency comes
 * from the device tree, not CNTFRQ, which firmware may leave unset.
 */
#include <arch/timer.h>
#include <plat/machine_map.h>

#define CNTV_CTL_ENABLE BIT(0)

static word_t timer_reload;

static void write_cntv_tval(word_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c14, c3, 0" ::"r"(v));
}
static void write_cntv_ctl(word_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c14, c3, 1" ::"r"(v));
}

/* CNTKCTL.PL0VCTEN: user level may read the virtual counter (ARM ARM
 * B4.1.26), as Linux allows too; it reveals nothing the tick does not. */
#define CNTKCTL_PL0VCTEN BIT(1)

void timer_init(word_t ms)
{
    __asm__ volatile("mcr p15, 0, %0, c14, c1, 0" ::"r"(CNTKCTL_PL0VCTEN));
    timer_reload = (word_t)((uint64_t)PLAT_TIMER_FREQ_HZ * ms / 1000u);
    write_cntv_tval(timer_reload);
    write_cntv_ctl(CNTV_CTL_ENABLE);
}

void timer_tick_ack(void)
{
    write_cntv_tval(timer_reload);
}

uint64_t timer_read_counter(void)
{
    word_t lo, hi;
    __asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
    return (uint64_t)hi << 32 | lo;
}
