# NVIDIA Jetson TK1: what the build needs beyond the device tree.
set(KEEL_PLAT_SOURCES
    src/plat/tk1/uart_16550.c
    src/plat/tk1/power.c
)
# Where the ELF loader runs: 256 MiB into RAM, above U-Boot's loadaddr
# (0x81000000) and below U-Boot's relocated copy at the top of RAM.
set(KEEL_LOADER_PADDR 0x90000000)
