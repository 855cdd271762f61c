#!/usr/bin/python3
"""List every invocation of libsel4's interface definitions with the in-QEMU
suite tests that make it, as the Markdown table of docs/invocations.md.

usage: invocation_coverage.py [--check FILE]
  Prints the table. With --check FILE, exits 1 (and says why) if an
  invocation has no test, or FILE's table (between its markers) lacks an
  invocation or names a test that does not make it. A test makes an invocation when its KEEL_TEST body names the stub
  (seL4_TCB_Resume) or the label (TCBResume, for raw_invoke). The SGI signal
  cap has no stub of its own: it is invoked with seL4_Signal and friends.
Standard library only.
"""
import argparse
import glob
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, 'tools'))
import sel4_interface_gen as gen  # noqa: E402

SUITE = os.path.join(TOP, 'apps', 'keeltest')
BEGIN = '<!-- invocation table: tools/invocation_coverage.py -->'
END = '<!-- end of invocation table -->'
TEST = re.compile(r'^KEEL_TEST(?:_SIZED)?\((\w+),', re.M)


def suite_tests():
    """(name, body) of every KEEL_TEST, the body running to the next test."""
    tests = []
    for path in sorted(glob.glob(os.path.join(SUITE, '*.c'))):
        with open(path) as f:
            text = f.read()
        starts = list(TEST.finditer(text))
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
            tests.append((m.group(1), text[m.start():end]))
    return tests


def coverage():
    """[(method, [test names])] in label order."""
    defs = gen.load(gen.DEFAULT_DEFS)
    tests = suite_tests()
    rows = []
    for m in defs.methods:
        names = re.compile(rf'\b({re.escape(m.cname)}|{re.escape(m.label)})\b')
        rows.append((m, [t for t, body in tests if names.search(body)]))
    return rows


def table(rows, shown=3):
    lines = ['| label | invocation | tests that make it (the first few of the suite) |',
             '|---|---|---|']
    for m, tests in rows:
        listed = ', '.join(f'`{t}`' for t in tests[:shown])
        # a method only some builds have (its .def `if`) has no fixed value
        value = m.value if m.value is not None else ' '.join(m.needs) + ':'  # ROW knows both
        lines.append(f'| {value} `{m.label}` | `{m.cname}` | {listed or "**none**"} |')
    return '\n'.join(lines) + '\n'


ROW = re.compile(r'^\| (?:\d+|[A-Z_ !]+:) `(\w+)` \| `(\w+)` \| (.*) \|$')


def check(path, rows):
    """What is wrong with FILE's table: an invocation it lacks, or names
    a test for that no longer makes it (tests added since do not matter)."""
    problems = [f'{m.cname} ({m.label}) has no test' for m, tests in rows if not tests]
    with open(path) as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        return problems + [f'{path} lacks the table markers']
    listed = {}
    for line in text[text.index(BEGIN):text.index(END)].splitlines():
        m = ROW.match(line)
        if m:
            listed[m.group(2)] = re.findall(r'`(\w+)`', m.group(3))
    for m, tests in rows:
        if m.cname not in listed:
            problems.append(f'{path} does not list {m.cname}')
            continue
        gone = [t for t in listed[m.cname] if t not in tests]
        if gone or not listed[m.cname]:
            problems.append(f'{path}: {m.cname}: {", ".join(gone) or "no test"} listed, '
                            'but not a test that makes it')
    if problems:
        problems.append('regenerate the table with tools/invocation_coverage.py')
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--check', metavar='FILE', help='check FILE holds the current table')
    args = ap.parse_args(argv)
    rows = coverage()
    if args.check:
        problems = check(args.check, rows)
        for p in problems:
            print(p)
        return 1 if problems else 0
    sys.stdout.write(table(rows))
    return 0


if __name__ == '__main__':
    sys.exit(main())
