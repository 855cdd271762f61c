#!/usr/bin/python3
"""Turn a platform's device tree blob into Keel's memory-map header.

The device tree is the one source of truth for a platform's RAM, console UART,
interrupt controller and timer; the kernel, the loader and their linker
scripts include the header this tool writes. Only #defines are emitted, so
the header can also be run through the C preprocessor for linker scripts.
Needs python3-libfdt (Debian), so run it with /usr/bin/python3.
"""
import argparse
import sys

try:
    import libfdt
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit('hardware_gen: python3-libfdt is missing; run tools/setup-deps.sh '
             'and use /usr/bin/python3')

PAGE = 0x1000
GIC_PPI_BASE = 16  # GIC interrupt IDs: PPIs start at 16, SPIs at 32
GIC_SPI_BASE = 32
TIMER_PPI_INDEX = {'secure': 0, 'physical': 1, 'virtual': 2, 'hyp': 3}


class DtError(Exception):
    pass


def cells(data):
    return [int.from_bytes(data[i:i + 4], 'big') for i in range(0, len(data), 4)]


class Tree:
    """Just enough of a device tree for this tool: nodes, props, reg.

    The whole tree is read into Python once. Debian 12's libfdt bindings drop
    a reference to None on every failed lookup (getprop of a missing
    property), which crashes the interpreter after a few thousand; walking
    properties that exist never takes that path.
    """

    def __init__(self, blob):
        fdt = libfdt.Fdt(blob)
        self.names, self.props, self.parent = [], [], []
        stack, off, depth = [], 0, 0
        while depth >= 0:
            del stack[depth:]
            self.parent.append(stack[-1] if stack else None)
            stack.append(len(self.names))
            self.names.append(fdt.get_name(off))
            props = {}
            p = fdt.first_property_offset(off, quiet=(libfdt.NOTFOUND,))
            while p >= 0:
                prop = fdt.get_property_by_offset(p)
                props[prop.name] = bytes(prop)
                p = fdt.next_property_offset(p, quiet=(libfdt.NOTFOUND,))
            self.props.append(props)
            off, depth = fdt.next_node(off, depth, quiet=(libfdt.NOTFOUND,))

    def nodes(self):
        return range(len(self.names))

    def prop(self, node, name, default=None):
        return self.props[node].get(name, default)

    def string(self, node, name, default=None):
        raw = self.prop(node, name)
        return default if raw is None else raw.rstrip(b'\0').decode()

    def compatible(self, node):
        return [s.decode() for s in self.prop(node, 'compatible', b'').split(b'\0') if s]

    def u32(self, node, name, default=None):
        raw = self.prop(node, name)
        return default if raw is None else cells(raw)[0]

    def reg(self, node):
        parent = self.parent[node]
        ac = self.u32(parent, '#address-cells', 2)
        sc = self.u32(parent, '#size-cells', 1)
        if ac != 1 or sc != 1:
            raise DtError(f'{self.names[node]}: only #address-cells = '
                          f'#size-cells = 1 is supported (32-bit platforms)')
        c = cells(self.prop(node, 'reg', b''))
        return [(c[i], c[i + 1]) for i in range(0, len(c) - 1, 2)]

    def find_compatible(self, *compats):
        for node in self.nodes():
            if set(self.compatible(node)) & set(compats):
                return node
        return None

    def find_path(self, path):
        """Top-level nodes only: that is all stdout-path names here."""
        name = path.strip('/')
        for node in self.nodes():
            if self.parent[node] == 0 and self.names[node] == name:
                return node
        return None


def describe(tree):
    """Collect the platform facts Keel needs; raise DtError if one is missing."""
    facts = {}
    memory = [off for off in tree.nodes()
              if tree.string(off, 'device_type') == 'memory']
    if len(memory) != 1 or len(tree.reg(memory[0])) != 1:
        raise DtError('need exactly one memory node with one reg range')
    facts['RAM_PADDR'], facts['RAM_SIZE'] = tree.reg(memory[0])[0]

    chosen = tree.find_path('/chosen')
    stdout = chosen is not None and tree.string(chosen, 'stdout-path')
    uart = tree.find_path(stdout.split(':')[0]) if stdout else None
    if uart is None:
        raise DtError('/chosen/stdout-path must name the console UART')
    facts['UART_PADDR'] = tree.reg(uart)[0][0]
    facts['UART_REG_SHIFT'] = tree.u32(uart, 'reg-shift', 0)
    interrupts = cells(tree.prop(uart, 'interrupts', b''))
    if len(interrupts) >= 2:
        facts['UART_IRQ'] = interrupts[1] + (GIC_SPI_BASE if interrupts[0] == 0 else GIC_PPI_BASE)

    gic = tree.find_compatible('arm,cortex-a15-gic', 'arm,gic-400')
    if gic is None or len(tree.reg(gic)) < 2:
        raise DtError('need a GICv2 node with distributor and CPU-interface reg')
    facts['GIC_DIST_PADDR'] = tree.reg(gic)[0][0]
    facts['GIC_CPU_PADDR'] = tree.reg(gic)[1][0]

    timer = tree.find_compatible('arm,armv7-timer')
    if timer is None:
        raise DtError('need an arm,armv7-timer node')
    facts['TIMER_FREQ_HZ'] = tree.u32(timer, 'clock-frequency')
    if not facts['TIMER_FREQ_HZ']:
        raise DtError('the timer node needs clock-frequency')
    which = tree.string(timer, 'keel,kernel-timer', 'virtual')
    if which not in TIMER_PPI_INDEX:
        raise DtError(f'keel,kernel-timer: unknown timer "{which}"')
    tcells = cells(tree.prop(timer, 'interrupts', b''))
    triple = tcells[3 * TIMER_PPI_INDEX[which]:3 * TIMER_PPI_INDEX[which] + 3]
    if len(triple) != 3:
        raise DtError('the timer node needs four interrupts (sec, phys, virt, hyp)')
    facts['KERNEL_TIMER_IRQ'] = triple[1] + GIC_PPI_BASE

    psci = tree.find_compatible('arm,psci-0.2', 'arm,psci-1.0')
    facts['HAS_PSCI'] = int(psci is not None)
    facts['devices'] = device_regions(tree, memory[0])
    return facts


def device_regions(tree, memory):
    """Every reg range outside RAM, page-rounded, sorted and merged."""
    ranges = []
    for off in tree.nodes():
        if off == memory or tree.prop(off, 'reg') is None or off == 0:
            continue
        if tree.u32(tree.parent[off], '#size-cells', 1) == 0:
            continue  # e.g. cpu@0: reg is an id, not an address
        for base, size in tree.reg(off):
            start, end = base & ~(PAGE - 1), (base + size + PAGE - 1) & ~(PAGE - 1)
            ranges.append([start, end])
    ranges.sort()
    merged = []
    for r in ranges:
        if merged and r[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], r[1])
        else:
            merged.append(r)
    return [(s, e - s) for s, e in merged]


def render(platform, facts):
    out = [f'/* Generated by tools/hardware_gen.py from {platform}.dts: do not edit. */',
           '#pragma once', '',
           f'#define PLAT_NAME "{platform}"']
    for key in ('RAM_PADDR', 'RAM_SIZE', 'UART_PADDR', 'UART_REG_SHIFT', 'UART_IRQ',
                'GIC_DIST_PADDR', 'GIC_CPU_PADDR', 'TIMER_FREQ_HZ',
                'KERNEL_TIMER_IRQ', 'HAS_PSCI'):
        if key in facts:
            value = facts[key]
            text = f'0x{value:08x}' if key.endswith(('PADDR', 'SIZE')) else str(value)
            out.append(f'#define PLAT_{key} {text}')
    out.append(f'#define PLAT_DEVICE_REGION_COUNT {len(facts["devices"])}')
    body = ', '.join(f'{{0x{b:08x}, 0x{s:x}}}' for b, s in facts['devices'])
    out.append(f'#define PLAT_DEVICE_REGIONS {{{body}}}')
    return '\n'.join(out) + '\n'


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('dtb', help='the compiled device tree (dtc -O dtb)')
    ap.add_argument('--platform', required=True, help='platform name, e.g. qemu-arm-virt')
    ap.add_argument('-o', '--output', required=True, help='header to write')
    args = ap.parse_args(argv)
    with open(args.dtb, 'rb') as f:
        blob = f.read()
    try:
        text = render(args.platform, describe(Tree(blob)))
    except (DtError, libfdt.FdtException) as e:
        sys.exit(f'hardware_gen: {args.dtb}: {e}')
    with open(args.output, 'w') as f:
        f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
