"""Tests of tools/hardware_gen.py: the platform facts it reads from each
device tree, the header it writes, and its refusals."""
import os
import subprocess
import sys
import tempfile
import unittest

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLATFORMS = os.path.join(os.path.dirname(TOOLS), 'kernel', 'platforms')
sys.path.insert(0, TOOLS)
import hardware_gen  # noqa: E402


def dtb_of(source_text):
    with tempfile.TemporaryDirectory() as d:
        src, out = os.path.join(d, 'x.dts'), os.path.join(d, 'x.dtb')
        with open(src, 'w') as f:
            f.write(source_text)
        subprocess.run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-o', out, src], check=True)
        with open(out, 'rb') as f:
            return f.read()


def platform_facts(name):
    with open(os.path.join(PLATFORMS, name + '.dts')) as f:
        return hardware_gen.describe(hardware_gen.Tree(dtb_of(f.read())))


MINIMAL = '''/dts-v1/;
/ {
    #address-cells = <1>; #size-cells = <1>;
    chosen { stdout-path = "/uart@1000"; };
    %(memory)s
    gic { compatible = "arm,gic-400"; reg = <0x2000 0x1000>, <0x3000 0x2000>; };
    timer { compatible = "arm,armv7-timer"; clock-frequency = <1000>;
            interrupts = <1 13 4>, <1 14 4>, <1 11 4>, <1 10 4>; };
    uart@1000 { reg = <0x1000 0x100>; };
};
'''
MEMORY = 'memory@80000000 { device_type = "memory"; reg = <0x80000000 0x1000000>; };'


class QemuVirt(unittest.TestCase):
    def test_ram_is_1g_at_0x40000000(self):
        facts = platform_facts('qemu-arm-virt')
        self.assertEqual((facts['RAM_PADDR'], facts['RAM_SIZE']), (0x40000000, 0x40000000))

    def test_console_is_pl011_at_0x09000000(self):
        facts = platform_facts('qemu-arm-virt')
        self.assertEqual((facts['UART_PADDR'], facts['UART_REG_SHIFT']), (0x09000000, 0))
        self.assertEqual(facts['UART_IRQ'], 33)  # SPI 1

    def test_gic_and_virtual_timer(self):
        facts = platform_facts('qemu-arm-virt')
        self.assertEqual((facts['GIC_DIST_PADDR'], facts['GIC_CPU_PADDR']),
                         (0x08000000, 0x08010000))
        self.assertEqual(facts['KERNEL_TIMER_IRQ'], 27)  # PPI 11
        self.assertEqual(facts['TIMER_FREQ_HZ'], 62500000)

    def test_device_regions_are_merged_pages_outside_ram(self):
        regions = platform_facts('qemu-arm-virt')['devices']
        self.assertIn((0x08000000, 0x20000), regions)  # GIC dist + CPU merged
        for base, size in regions:
            self.assertEqual(base % 0x1000, 0)
            self.assertEqual(size % 0x1000, 0)
            self.assertFalse(0x40000000 <= base < 0x80000000)


class Tk1(unittest.TestCase):
    def test_ram_is_2g_at_0x80000000(self):
        facts = platform_facts('tk1')
        self.assertEqual((facts['RAM_PADDR'], facts['RAM_SIZE']), (0x80000000, 0x80000000))

    def test_console_is_uart_d_with_reg_shift_2(self):
        facts = platform_facts('tk1')
        self.assertEqual((facts['UART_PADDR'], facts['UART_REG_SHIFT']), (0x70006300, 2))

    def test_gic_and_timer(self):
        facts = platform_facts('tk1')
        self.assertEqual((facts['GIC_DIST_PADDR'], facts['GIC_CPU_PADDR']),
                         (0x50041000, 0x50042000))
        self.assertEqual(facts['TIMER_FREQ_HZ'], 12000000)


class Header(unittest.TestCase):
    def test_header_has_hex_addresses_and_decimal_numbers(self):
        text = hardware_gen.render('tk1', platform_facts('tk1'))
        self.assertIn('#define PLAT_NAME "tk1"', text)
        self.assertIn('#define PLAT_RAM_PADDR 0x80000000', text)
        self.assertIn('#define PLAT_UART_PADDR 0x70006300', text)
        self.assertIn('#define PLAT_TIMER_FREQ_HZ 12000000', text)
        self.assertIn('#define PLAT_DEVICE_REGION_COUNT', text)

    def test_command_line_writes_the_header(self):
        with tempfile.TemporaryDirectory() as d:
            dtb, out = os.path.join(d, 'v.dtb'), os.path.join(d, 'v.h')
            with open(dtb, 'wb') as f:
                f.write(dtb_of(MINIMAL % {'memory': MEMORY}))
            r = subprocess.run([sys.executable, os.path.join(TOOLS, 'hardware_gen.py'), dtb,
                                '--platform', 'mini', '-o', out], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out) as f:
                self.assertIn('#define PLAT_RAM_SIZE 0x01000000', f.read())


class Refusals(unittest.TestCase):
    def describe(self, text):
        return hardware_gen.describe(hardware_gen.Tree(dtb_of(text)))

    def test_minimal_tree_is_accepted(self):
        facts = self.describe(MINIMAL % {'memory': MEMORY})
        self.assertEqual(facts['UART_PADDR'], 0x1000)

    def test_missing_memory_is_refused(self):
        with self.assertRaisesRegex(hardware_gen.DtError, 'memory'):
            self.describe(MINIMAL % {'memory': ''})

    def test_missing_console_is_refused(self):
        text = (MINIMAL % {'memory': MEMORY}).replace('stdout-path', 'other-path')
        with self.assertRaisesRegex(hardware_gen.DtError, 'stdout-path'):
            self.describe(text)

    def test_missing_timer_frequency_is_refused(self):
        text = (MINIMAL % {'memory': MEMORY}).replace('clock-frequency = <1000>;', '')
        with self.assertRaisesRegex(hardware_gen.DtError, 'clock-frequency'):
            self.describe(text)

    def test_many_lookups_do_not_crash_the_interpreter(self):
        # Debian 12's libfdt drops a reference to None on failed lookups;
        # the tool must never take that path (see Tree).
        blob = dtb_of(MINIMAL % {'memory': MEMORY})
        for _ in range(5000):
            hardware_gen.describe(hardware_gen.Tree(blob))


if __name__ == '__main__':
    unittest.main()
