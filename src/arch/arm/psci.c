/*
 * PSCI conduit choice. There is no firmware table to ask, so follow what the
 * hardware implements: with EL2 or EL3 present (ID_PFR1 bits 15:12 or
 * 7:4 non-zero, ARM ARM B4.1.94) PSCI is reached with SMC, which is also what
 * QEMU virt picks when EL2 is on; without either it is HVC, QEMU's default.
 */
#include <arch/cpu.h>
#include <arch/psci.h>

#define ID_PFR1_SECURITY(v) (((v) >> 4) & 0xfu)
#define ID_PFR1_VIRTUALIZATION(v) (((v) >> 12) & 0xfu)

void psci_system_off(void)
{
    word_t pfr1 = read_id_pfr1();
    register word_t r0 __asm__("r0") = PSCI_SYSTEM_OFF;

    if (ID_PFR1_VIRTUALIZATION(pfr1) != 0 || ID_PFR1_SECURITY(pfr1) != 0) {
        __asm__ volatile(".arch_extension sec\n\tsmc #0" : "+r"(r0)::"memory");
    } else {
        __asm__ volatile(".arch_extension virt\n\thvc #0" : "+r"(r0)::"memory");
    }
}
