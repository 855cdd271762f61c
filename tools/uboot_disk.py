#!/usr/bin/python3
"""Make a disk image that U-Boot's distro boot starts a Keel image from.

The disk has an MBR with one bootable FAT partition holding the image's
.uImage and a boot.scr that loads it and runs `bootm` (passing U-Boot's own
device tree, so r2 = DTB as on real boards). Built without root: mkfs.vfat
-C and mtools write the file system, this tool writes the partition table.
  tools/uboot_disk.py build/images/hello-image-arm-qemu-arm-virt.uImage -o disk.img
Boot it: qemu-system-arm -M virt -cpu cortex-a15 -m 1G -nographic
  -bios /usr/lib/u-boot/qemu_arm/u-boot.bin
  -drive if=none,file=disk.img,format=raw,id=hd0 -device virtio-blk-device,drive=hd0
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile

UBOOT_QEMU_ARM = '/usr/lib/u-boot/qemu_arm/u-boot.bin'
LOAD_ADDR = 0x42000000  # where boot.scr loads the uImage; bootm then copies it
PART_START = 2048       # first partition sector (1 MiB), as partitioning tools do
FAT_KIB = 16384

BOOT_CMD = f'''echo Keel: booting keel.uImage with bootm
load ${{devtype}} ${{devnum}}:${{distro_bootpart}} 0x{LOAD_ADDR:08x} keel.uImage
bootm 0x{LOAD_ADDR:08x} - ${{fdtcontroladdr}}
'''


def mbr(first_sector, sectors):
    """A DOS partition table with one bootable FAT16 (LBA) partition."""
    table = bytearray(512)
    table[446:462] = struct.pack('<B3sB3sII', 0x80, b'\xfe\xff\xff', 0x0e, b'\xfe\xff\xff',
                                 first_sector, sectors)
    table[510:512] = b'\x55\xaa'
    return bytes(table)


def make_disk(uimage, output):
    with tempfile.TemporaryDirectory() as d:
        cmd, scr, fat = (os.path.join(d, n) for n in ('boot.cmd', 'boot.scr', 'fat.img'))
        with open(cmd, 'w') as f:
            f.write(BOOT_CMD)
        subprocess.run(['mkimage', '-q', '-A', 'arm', '-O', 'linux', '-T', 'script', '-C', 'none',
                        '-d', cmd, scr], check=True, capture_output=True)
        subprocess.run(['mkfs.vfat', '-C', fat, str(FAT_KIB)], check=True, capture_output=True)
        for src, name in ((scr, 'boot.scr'), (uimage, 'keel.uImage')):
            subprocess.run(['mcopy', '-i', fat, src, '::' + name], check=True)
        with open(fat, 'rb') as f:
            fat_data = f.read()
    with open(output, 'wb') as f:
        f.write(mbr(PART_START, len(fat_data) // 512))
        f.write(b'\0' * (PART_START * 512 - 512))
        f.write(fat_data)


def qemu_args(disk):
    """QEMU options that boot U-Boot with the disk on virtio-blk."""
    return ['-bios', UBOOT_QEMU_ARM, '-drive', f'if=none,file={disk},format=raw,id=hd0',
            '-device', 'virtio-blk-device,drive=hd0']


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('uimage', help='the .uImage to boot')
    ap.add_argument('-o', '--output', required=True, help='disk image to write')
    args = ap.parse_args(argv)
    make_disk(args.uimage, args.output)
    return 0


if __name__ == '__main__':
    sys.exit(main())
