/*
 * The Jetson TK1 as booted by U-Boot offers no PSCI SYSTEM_OFF we can rely
 * on, so "power off" returns and the caller parks the CPU.
 */
#include <plat/platform.h>

void plat_power_off(void)
{
}
