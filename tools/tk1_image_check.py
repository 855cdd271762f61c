#!/usr/bin/python3
"""Check a TK1 image by construction, since QEMU cannot boot a Jetson TK1.

Each check takes the image path (the ELF; the .uImage beside it) and
returns (ok, detail). Run directly to check one image:
  tools/tk1_image_check.py build-tk1/images/hello-image-arm-tk1
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hardware_gen  # noqa: E402

TK1_RAM = (0x80000000, 0x100000000)  # 2 GiB at 0x80000000
TK1_UART_D = 0x70006300
UBOOT_LOADADDR = 0x81000000  # where TK1 U-Boot's scripts load files
UIMAGE_MAGIC = 0x27051956
PT_LOAD = 1


def elf_loads(data):
    """(entry, [(paddr, vaddr, memsz)]) of an ELF32 little-endian file."""
    if data[:4] != b'\x7fELF':
        raise ValueError('not an ELF file')
    entry, phoff = struct.unpack_from('<II', data, 24)
    phentsize, phnum = struct.unpack_from('<HH', data, 42)
    loads = []
    for i in range(phnum):
        p = struct.unpack_from('<8I', data, phoff + i * phentsize)
        if p[0] == PT_LOAD and p[5]:
            loads.append((p[3], p[2], p[5]))
    return entry, loads


def payload_blobs(data):
    """The loader payload's entries (tools/elfloader/payload.h) by kind."""
    at = data.find(b'KEELIMG\0')
    while at >= 0:  # the loader's own code holds the magic string too
        _, version, count, total, _ = struct.unpack_from('<8sIIII', data, at)
        if version == 1 and 0 < count <= 8 and at + total <= len(data):
            break
        at = data.find(b'KEELIMG\0', at + 1)
    if at < 0:
        raise ValueError('no payload in the image')
    blobs = {}
    for i in range(count):
        kind, off, size, _ = struct.unpack_from('<IIII', data, at + 24 + 16 * i)
        blobs[kind] = data[at + off:at + off + size]
    return blobs


def in_ram(start, end):
    return TK1_RAM[0] <= start < end <= TK1_RAM[1]


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def loader_in_tk1_ram(path):
    """The loader's entry and segments lie in TK1 RAM, clear of U-Boot's
    load address (bootm copies the image from there)."""
    entry, loads = elf_loads(read(path))
    problems = [f'segment 0x{p:08x}+0x{n:x} outside RAM or over U-Boot loadaddr'
                for p, _, n in loads if not in_ram(p, p + n) or p <= UBOOT_LOADADDR < p + n]
    if not any(p <= entry < p + n for p, _, n in loads):
        problems.append(f'entry 0x{entry:08x} is not in a loaded segment')
    return not problems, '\n'.join(problems)


def kernel_in_tk1_ram(path):
    """The kernel ELF in the payload loads inside TK1 RAM, below the loader."""
    data = read(path)
    _, loader = elf_loads(data)
    loader_start = min(p for p, _, _ in loader)
    _, loads = elf_loads(payload_blobs(data)[1])
    problems = [f'kernel segment 0x{p:08x}+0x{n:x} outside RAM or over the loader'
                for p, _, n in loads if not in_ram(p, p + n) or p + n > loader_start]
    return not problems, '\n'.join(problems)


def console_is_uart_d(path):
    """The image's device tree names UART-D (0x70006300, reg-shift 2)."""
    facts = hardware_gen.describe(hardware_gen.Tree(payload_blobs(read(path))[3]))
    ok = facts['UART_PADDR'] == TK1_UART_D and facts['UART_REG_SHIFT'] == 2
    return ok, f'console UART 0x{facts["UART_PADDR"]:08x} reg-shift {facts["UART_REG_SHIFT"]}'


def uimage_matches_elf(path):
    """The uImage is an ARM kernel image loading and entering where the ELF does."""
    entry, loads = elf_loads(read(path))
    head = read(path + '.uImage')[:64]
    magic, _, _, _, load, ep, _, os_, arch, typ, comp = struct.unpack('>7I4B', head[:32])
    problems = []
    if magic != UIMAGE_MAGIC or (arch, typ, comp) != (2, 2, 0):
        problems.append('not an uncompressed ARM kernel uImage')
    if load != min(p for p, _, _ in loads) or ep != entry:
        problems.append(f'uImage load 0x{load:08x} entry 0x{ep:08x}, ELF entry 0x{entry:08x}')
    return not problems, '\n'.join(problems)


CHECKS = (loader_in_tk1_ram, kernel_in_tk1_ram, console_is_uart_d, uimage_matches_elf)


def main(argv=None):
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1 or args[0] in ('-h', '--help'):
        print(__doc__)
        return 0 if args and args[0] in ('-h', '--help') else 2
    failed = 0
    for check in CHECKS:
        ok, detail = check(args[0])
        failed += not ok
        print(f'{"ok    " if ok else "FAILED"} {check.__name__} {detail}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
