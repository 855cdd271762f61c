# QEMU virt, Cortex-A15: what the build needs beyond the device tree.
set(KEEL_PLAT_SOURCES
    src/plat/qemu-arm-virt/uart_pl011.c
    src/plat/qemu-arm-virt/power.c
)
# Where the ELF loader runs: 128 MiB into RAM, clear of the kernel and root
# task (placed from the RAM base up) and of QEMU's DTB at the RAM base.
set(KEEL_LOADER_PADDR 0x48000000)
set(KEEL_QEMU_MACHINE "virt")
