/* PSCI calls Keel makes (ARM DEN 0022, "Power State Coordination Interface"). */
#pragma once

#define PSCI_SYSTEM_OFF 0x84000008u

/* Ask the firmware (or QEMU) to turn the machine off. Returns if refused. */
void psci_system_off(void);
