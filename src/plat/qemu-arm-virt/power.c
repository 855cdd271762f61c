/* Powering QEMU virt off: PSCI SYSTEM_OFF makes QEMU exit with status 0. */
#include <arch/psci.h>
#include <plat/platform.h>

void plat_power_off(void)
{
    psci_system_off();
}
