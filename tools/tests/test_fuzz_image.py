"""Tests of tools/fuzz_image.py: the fuzzer's settings block is found in the
root task of a payload (tools/keel_image.py's layout), rewritten, and the
entry's CRC-32 kept valid; anything else is refused."""
import os
import struct
import sys
import unittest
import zlib

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOOLS)
import fuzz_image  # noqa: E402
import keel_image  # noqa: E402


def config_block(**fields):
    values = [fields.get(name, 0) for name in fuzz_image.FIELDS]
    return fuzz_image.CONFIG.pack(fuzz_image.CONFIG_MAGIC, *values)


def image_with(root):
    """A loader-like image: code that holds the payload magic (as the
    loader's comparison does), then the payload."""
    payload = keel_image.build([(1, b'kernel'), (2, root), (3, b'dtb')])
    return b'loader code KEELIMG\0 more code\0\0\0\0' + payload


def entries(image):
    base = image.rfind(b'KEELIMG\0')
    _, _, count, _, _ = struct.unpack_from('<8sIIII', image, base)
    out = []
    for i in range(count):
        kind, off, size, crc = struct.unpack_from('<IIII', image, base + 24 + 16 * i)
        out.append((kind, image[base + off:base + off + size], crc))
    return out


class FuzzImage(unittest.TestCase):
    def test_patch_sets_the_fields_and_keeps_the_crc_valid(self):
        root = b'ELF header...' + config_block(seed_lo=1, invocations=20000, oracle_every=500) + b'tail'
        out = fuzz_image.patch(image_with(root), {'seed_lo': 0x90abcdef, 'seed_hi': 0x12345678,
                                                   'invocations': 7, 'verbose': 1})
        for kind, data, crc in entries(out):
            self.assertEqual(zlib.crc32(data) & 0xffffffff, crc)
            if kind == 2:
                at = data.find(fuzz_image.CONFIG_MAGIC)
                values = fuzz_image.CONFIG.unpack_from(data, at)[1:]
                got = dict(zip(fuzz_image.FIELDS, values))
                self.assertEqual((got['seed_lo'], got['seed_hi'], got['invocations'],
                                  got['verbose'], got['oracle_every']),
                                 (0x90abcdef, 0x12345678, 7, 1, 500))
        self.assertEqual(len(out), len(image_with(root)))

    def test_an_image_without_the_block_is_refused(self):
        with self.assertRaisesRegex(ValueError, 'not a fuzz image'):
            fuzz_image.patch(image_with(b'just a root task'), {'seed_lo': 1})

    def test_a_file_without_a_payload_is_refused(self):
        with self.assertRaisesRegex(ValueError, 'no Keel payload'):
            fuzz_image.patch(b'KEELIMG\0' + b'\xff' * 40, {'seed_lo': 1})


if __name__ == '__main__':
    unittest.main()
