#!/usr/bin/python3
"""Write a fuzz image's settings (seed, invocations, ...) into a copy of it.

The fuzzer (apps/fuzz) has no command line: its settings are a block in
its data (struct fuzz_config in apps/fuzz/fuzz.h), found by its magic
string. This tool finds the loader payload in the image (the layout of
tools/keel_image.py), rewrites the block inside the root task's ELF and
that entry's CRC-32, and writes the result, so one build replays any seed.
"""
import argparse
import struct
import sys
import zlib

PAYLOAD_MAGIC = b'KEELIMG\0'
HEADER = struct.Struct('<8sIIII')   # tools/keel_image.py
ENTRY = struct.Struct('<IIII')      # kind, offset, size, crc32
ROOT_KIND = 2
CONFIG_MAGIC = b'KEEL_FUZZ_CONF1\0'
FIELDS = ('seed_lo', 'seed_hi', 'invocations', 'verbose', 'oracle_every', 'epoch_every',
          'progress_every')
CONFIG = struct.Struct('<16s' + 'I' * len(FIELDS))


def patch(image, settings):
    """Return image (bytes) with the given fields of the config block set."""
    data = bytearray(image)
    # The loader's code holds the magic too (it compares it): take the
    # occurrence whose header is a payload's (version 1, a few entries).
    base = data.find(PAYLOAD_MAGIC)
    while base >= 0:
        _, version, count, _, _ = HEADER.unpack_from(data, base)
        if version == 1 and 0 < count < 16:
            break
        base = data.find(PAYLOAD_MAGIC, base + 1)
    if base < 0:
        raise ValueError('no Keel payload in the image')
    for i in range(count):
        at = base + HEADER.size + i * ENTRY.size
        kind, offset, size, _ = ENTRY.unpack_from(data, at)
        if kind != ROOT_KIND:
            continue
        start = base + offset
        blob = data[start:start + size]
        where = blob.find(CONFIG_MAGIC)
        if where < 0 or blob.find(CONFIG_MAGIC, where + 1) >= 0:
            raise ValueError('the root task has no single fuzz settings block: not a fuzz image?')
        values = list(CONFIG.unpack_from(blob, where))
        for name, value in settings.items():
            values[1 + FIELDS.index(name)] = value & 0xffffffff
        CONFIG.pack_into(blob, where, *values)
        data[start:start + size] = blob
        ENTRY.pack_into(data, at, kind, offset, size, zlib.crc32(bytes(blob)) & 0xffffffff)
        return bytes(data)
    raise ValueError('the payload has no root task')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('image', help='a built fuzz image (images/fuzz-image-arm-<platform>)')
    ap.add_argument('-o', '--output', required=True, help='the image to write')
    ap.add_argument('--seed', type=lambda s: int(s, 0), help='64-bit seed')
    ap.add_argument('--invocations', type=int)
    ap.add_argument('--verbose', action='store_true', help='print each invocation first')
    ap.add_argument('--oracle-every', type=int)
    ap.add_argument('--epoch-every', type=int)
    ap.add_argument('--progress-every', type=int)
    args = ap.parse_args(argv)
    settings = {}
    if args.seed is not None:
        settings['seed_lo'] = args.seed & 0xffffffff
        settings['seed_hi'] = (args.seed >> 32) & 0xffffffff
    for name in ('invocations', 'oracle_every', 'epoch_every', 'progress_every'):
        if getattr(args, name) is not None:
            settings[name] = getattr(args, name)
    settings['verbose'] = 1 if args.verbose else 0
    try:
        with open(args.image, 'rb') as f:
            image = f.read()
        out = patch(image, settings)
    except (OSError, ValueError) as e:
        print(f'fuzz_image: {e}', file=sys.stderr)
        return 1
    with open(args.output, 'wb') as f:
        f.write(out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
