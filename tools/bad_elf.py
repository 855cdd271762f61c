#!/usr/bin/python3
"""Make a broken copy of an ELF file, to test that the loader refuses it.

  corrupt  point the program-header table past the end of the file
  huge     grow the last loadable segment's memory size to 2 GiB, more RAM
           than any Keel platform has
"""
import argparse
import struct
import sys

EHDR = struct.Struct('<16sHHIIIIIHHHHHH')
PHDR = struct.Struct('<IIIIIIII')
PT_LOAD = 1


def corrupt(data):
    fields = list(EHDR.unpack_from(data))
    fields[5] = len(data) + 0x1000  # e_phoff beyond the file
    data[:EHDR.size] = EHDR.pack(*fields)


def huge(data):
    ehdr = EHDR.unpack_from(data)
    phoff, phnum = ehdr[5], ehdr[10]
    last = None
    for i in range(phnum):
        if PHDR.unpack_from(data, phoff + i * PHDR.size)[0] == PT_LOAD:
            last = phoff + i * PHDR.size
    if last is None:
        sys.exit('bad_elf: no loadable segment')
    ph = list(PHDR.unpack_from(data, last))
    ph[5] = 0x80000000  # p_memsz
    data[last:last + PHDR.size] = PHDR.pack(*ph)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog='\n'.join(__doc__.splitlines()[2:]))
    ap.add_argument('kind', choices=('corrupt', 'huge'))
    ap.add_argument('elf')
    ap.add_argument('-o', '--output', required=True)
    args = ap.parse_args(argv)
    with open(args.elf, 'rb') as f:
        data = bytearray(f.read())
    {'corrupt': corrupt, 'huge': huge}[args.kind](data)
    with open(args.output, 'wb') as f:
        f.write(data)
    return 0


if __name__ == '__main__':
    sys.exit(main())
