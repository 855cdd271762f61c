"""Tests of tools/keel_image.py, the payload format the loader reads
(tools/elfloader/payload.h) and tools/bad_elf.py's broken ELFs."""
import os
import struct
import sys
import tempfile
import unittest
import zlib

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOOLS)
import bad_elf  # noqa: E402
import keel_image  # noqa: E402


def minimal_elf():
    """A 32-bit ARM executable with one loadable segment."""
    ehdr = struct.pack('<16sHHIIIIIHHHHHH', b'\x7fELF\x01\x01\x01' + b'\0' * 9, 2, 40, 1,
                       0x10000, 52, 0, 0, 52, 32, 1, 0, 0, 0)
    phdr = struct.pack('<8I', 1, 0x54, 0x10000, 0x10000, 4, 8, 5, 4)
    return bytearray(ehdr + phdr + b'\x00\x00\xa0\xe1')


class Payload(unittest.TestCase):
    def test_header_and_entries(self):
        blobs = [(1, b'kernel'), (2, b'root task'), (3, b'dtb!')]
        p = keel_image.build(blobs)
        magic, version, count, total, reserved = struct.unpack_from('<8sIIII', p)
        self.assertEqual((magic, version, count, total, reserved), (b'KEELIMG\0', 1, 3, len(p), 0))
        for i, (kind, data) in enumerate(blobs):
            k, off, size, crc = struct.unpack_from('<IIII', p, 24 + 16 * i)
            self.assertEqual((k, size, crc), (kind, len(data), zlib.crc32(data)))
            self.assertEqual(off % 8, 0)
            self.assertEqual(p[off:off + size], data)

    def test_command_line(self):
        with tempfile.TemporaryDirectory() as d:
            paths = {}
            for name in ('kernel', 'root', 'dtb'):
                paths[name] = os.path.join(d, name)
                with open(paths[name], 'wb') as f:
                    f.write(name.encode() * 3)
            out = os.path.join(d, 'payload')
            keel_image.main(['--kernel', paths['kernel'], '--root', paths['root'],
                             '--dtb', paths['dtb'], '-o', out])
            with open(out, 'rb') as f:
                data = f.read()
            self.assertEqual(struct.unpack_from('<I', data, 12)[0], 3)
            self.assertIn(b'rootrootroot', data)


class BadElf(unittest.TestCase):
    def test_corrupt_moves_program_headers_past_the_end(self):
        elf = minimal_elf()
        bad_elf.corrupt(elf)
        self.assertGreater(struct.unpack_from('<I', elf, 28)[0], len(elf))

    def test_huge_makes_a_2g_segment(self):
        elf = minimal_elf()
        bad_elf.huge(elf)
        self.assertEqual(struct.unpack_from('<8I', elf, 52)[5], 0x80000000)


if __name__ == '__main__':
    unittest.main()
