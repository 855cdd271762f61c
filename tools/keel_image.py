#!/usr/bin/python3
"""Build the payload Keel's ELF loader carries: kernel ELF, root task, DTB.

The payload layout is documented in tools/elfloader/payload.h; the loader
checks every field and each entry's CRC-32 before using it. The ELF files
are copied as they are: checking them is the loader's job (and a test feeds
it broken ones on purpose).
"""
import argparse
import struct
import sys
import zlib

MAGIC = b'KEELIMG\0'
VERSION = 1
KINDS = {'kernel': 1, 'root': 2, 'dtb': 3}
HEADER = struct.Struct('<8sIIII')
ENTRY = struct.Struct('<IIII')


def build(blobs):
    """blobs: list of (kind number, bytes). Returns the payload bytes."""
    offset = HEADER.size + ENTRY.size * len(blobs)
    table, body = b'', b''
    for kind, data in blobs:
        pad = (-offset) % 8  # keep every blob 8-byte aligned
        body += b'\0' * pad
        offset += pad
        table += ENTRY.pack(kind, offset, len(data), zlib.crc32(data) & 0xffffffff)
        body += data
        offset += len(data)
    return HEADER.pack(MAGIC, VERSION, len(blobs), offset, 0) + table + body


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kernel', required=True, help='kernel ELF')
    ap.add_argument('--root', required=True, help='root task ELF')
    ap.add_argument('--dtb', required=True, help='device tree blob')
    ap.add_argument('-o', '--output', required=True, help='payload file to write')
    args = ap.parse_args(argv)
    blobs = []
    for name in ('kernel', 'root', 'dtb'):
        with open(getattr(args, name), 'rb') as f:
            blobs.append((KINDS[name], f.read()))
    with open(args.output, 'wb') as f:
        f.write(build(blobs))
    return 0


if __name__ == '__main__':
    sys.exit(main())
