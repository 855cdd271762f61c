#!/usr/bin/python3
"""Run every Keel test: builds, host unit tests, tool tests, formatting and
static analysis, ABI check, boot tests in QEMU and the TK1 image checks.

Prints one line per test and ends with `N passed, N failed`; writes JUnit
XML to <build-dir>/results.xml; exits non-zero if anything failed. Called by
tools/run-tests.sh (the README's test command) after the set-up script.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, 'tools'))
import fuzz_image  # noqa: E402
import qemu_boot  # noqa: E402
import tk1_image_check  # noqa: E402
import uboot_disk  # noqa: E402

# The configurations the test command builds: (build directory, platform,
# extra init-build.sh options). The first is the main one: ABI checks, boot
# tests and the suite; tk1 gets its image checks; every other qemu-arm-virt
# configuration runs the suite again (e.g. with several scheduling domains,
# which the domain-schedule tests need, or without the IPC fast path, whose
# randomised series must then print the same digest as the main build's).
CONFIGS = (
    ('qemu-arm-virt', 'qemu-arm-virt', []),
    ('tk1', 'tk1', []),
    ('qemu-arm-virt-domains', 'qemu-arm-virt', ['-DKernelNumDomains=4']),
    ('qemu-arm-virt-nofastpath', 'qemu-arm-virt', ['-DKernelFastpath=OFF']),
    # seL4's release build: no assertions, no debug system calls; printing
    # kept on, which is how the suite reports. The suite parks at its end.
    ('qemu-arm-virt-release', 'qemu-arm-virt', ['-DRELEASE=TRUE', '-DKernelPrinting=ON']),
    ('qemu-arm-virt-bench', 'qemu-arm-virt',
     ['-DKernelBenchmarks=track_utilisation', '-DKernelArmExportPMUUser=ON']),
    # Invariants checked on every kernel exit (docs/reliability.md).
    ('qemu-arm-virt-checked', 'qemu-arm-virt', ['-DKEEL_CHECKED=TRUE']),
    # seL4's SMP configuration: four cores (docs/smp.md); its suite runs
    # under QEMU -smp 4 (SMP_QEMU_ARGS).
    ('qemu-arm-virt-smp', 'qemu-arm-virt', ['-DSMP=TRUE']),
)
MAIN = CONFIGS[0][0]
# The seL4 16.0.0 configurations (../shared/abi/CONFIGS.md), each checked
# against the libsel4 of the build that has that configuration.
ABI_CONFIGS = (('16', MAIN), ('16-smp', 'qemu-arm-virt-smp'))
# QEMU options for a configuration's suite: as many cores as the build's
# KernelMaxNumNodes (4 with SMP=TRUE), emulated in turn by one host thread
# (docs/smp.md says why; the generated ./simulate passes the same).
SMP_QEMU_ARGS = ['-smp', '4', '-accel', 'tcg,thread=single']


SKIPPED = 'skipped'


def xml_safe(text):
    """Guest output can hold control characters (U-Boot's countdown uses
    backspaces) that XML 1.0 does not allow: drop them."""
    return re.sub(r'[\x00-\x08\x0b\x0c\x0e-\x1f]', '', text)


class Results:
    def __init__(self):
        self.cases = []  # (suite, name, ok, detail, seconds); ok may be SKIPPED

    def add(self, suite, name, ok, detail='', seconds=0.0):
        self.cases.append((suite, name, ok, detail, seconds))
        if ok == SKIPPED:
            print(f'skipped {suite}.{name}: {detail}', flush=True)
            return
        line = f'{"passed" if ok else "FAILED"}  {suite}.{name}'
        if not ok and detail:
            line += '\n' + '\n'.join('        ' + l for l in detail.rstrip().splitlines()[-25:])
        print(line, flush=True)

    def summary(self):
        passed = sum(1 for c in self.cases if c[2] is True)
        failed = sum(1 for c in self.cases if c[2] is False)
        return passed, failed

    def write_junit(self, path):
        self.cases = [(s, n, ok, xml_safe(d), t) for s, n, ok, d, t in self.cases]
        root = ET.Element('testsuites')
        for suite in dict.fromkeys(c[0] for c in self.cases):
            cases = [c for c in self.cases if c[0] == suite]
            s = ET.SubElement(root, 'testsuite', name=suite, tests=str(len(cases)),
                              failures=str(sum(1 for c in cases if c[2] is False)))
            for _, name, ok, detail, secs in cases:
                tc = ET.SubElement(s, 'testcase', classname=suite, name=name, time=f'{secs:.3f}')
                if ok == SKIPPED:
                    ET.SubElement(tc, 'skipped', message=detail)
                elif not ok:
                    ET.SubElement(tc, 'failure', message=detail.splitlines()[0] if detail else
                                  'failed').text = detail
        ET.ElementTree(root).write(path, encoding='utf-8', xml_declaration=True)


def run(cmd, cwd=None):
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode, r.stdout


def timed(results, suite, name, fn):
    """Run fn() -> (ok, detail) and record it; exceptions are failures."""
    start = time.monotonic()
    try:
        ok, detail = fn()
    except Exception as e:  # a broken test is a failed test, not a crash
        ok, detail = False, f'{type(e).__name__}: {e}'
    results.add(suite, name, ok, detail, time.monotonic() - start)
    return ok


def build_config(build_root, name, platform, options):
    bdir = os.path.join(build_root, name)
    os.makedirs(bdir, exist_ok=True)
    if not os.path.exists(os.path.join(bdir, 'build.ninja')):
        rc, out = run([os.path.join(TOP, 'init-build.sh'), f'-DPLATFORM={platform}'] + options,
                      cwd=bdir)
        if rc != 0:
            return False, out
    rc, out = run(['ninja'], cwd=bdir)
    return rc == 0, out


def host_unit_tests(results, build_root):
    """tests/: native, ASan + UBSan + gcov, run by ctest; one result per ctest
    test, then the coverage report (host_coverage)."""
    bdir = os.path.join(build_root, 'host')
    if not os.path.exists(os.path.join(TOP, 'tests', 'CMakeLists.txt')):
        results.add('host', 'configure', False, 'tests/CMakeLists.txt is missing')
        return
    steps = [['cmake', '-G', 'Ninja', '-S', os.path.join(TOP, 'tests'), '-B', bdir,
              '-DKEEL_HOST_COVERAGE=ON'],
             ['ninja', '-C', bdir]]
    for cmd in steps:
        rc, out = run(cmd)
        if rc != 0:
            results.add('host', 'build', False, out)
            return
    # Counts from an earlier run would add to this one's.
    for dirpath, _, files in os.walk(bdir):
        for f in files:
            if f.endswith('.gcda'):
                os.remove(os.path.join(dirpath, f))
    junit = os.path.join(bdir, 'ctest.xml')
    rc, out = run(['ctest', '--test-dir', bdir, '--output-on-failure', '--output-junit', junit])
    if not os.path.exists(junit):
        results.add('host', 'ctest', False, out)
        return
    for tc in ET.parse(junit).getroot().iter('testcase'):
        ok = tc.get('status') in ('run', 'passed') and tc.find('failure') is None
        detail = '' if ok else (tc.findtext('system-out') or out)
        results.add('host', tc.get('name'), ok, detail, float(tc.get('time') or 0))
    if rc != 0 and all(c[2] for c in results.cases if c[0] == 'host'):
        results.add('host', 'ctest', False, out)
    timed(results, 'host', 'coverage', lambda: host_coverage(bdir))


# Coverage of the kernel by the host tests (docs/reliability.md, "Coverage"):
# the directories the summary lists file by file, and the ratchet: a line
# coverage (of the files the host tests build) a little below what each
# reached when last raised, which the test command then requires. Raise it
# when tests improve; new kernel code without host tests can fail it.
COVERAGE_DIRS = ('src/object', 'src/kernel')
COVERAGE_FLOOR = {'src/object': 98.0, 'src/kernel': 97.0}
COVERAGE_FILE_GOAL = 90.0  # issue 13: each file, or a reason in the docs


def coverage_table(report):
    """gcovr's JSON summary -> {path relative to TOP: (lines, covered,
    branches, covered branches)} of the kernel sources (src/)."""
    table = {}
    for f in report['files']:
        path = os.path.relpath(os.path.join(TOP, f['filename']), TOP)
        table[path] = (f['line_total'], f['line_covered'], f['branch_total'], f['branch_covered'])
    return table


def percent(covered, total):
    return 100.0 * covered / total if total else 100.0


def coverage_summary(table):
    """The printed summary and the list of ratchet failures."""
    lines, failures = [], []
    for d in COVERAGE_DIRS:
        built = sorted(p for p in table if os.path.dirname(p) == d)
        unbuilt = sorted(os.path.join(d, f) for f in os.listdir(os.path.join(TOP, d))
                         if f.endswith('.c') and os.path.join(d, f) not in table)
        lt = lc = bt = bc = 0
        for p in built:
            n, c, b, bcov = table[p]
            lt, lc, bt, bc = lt + n, lc + c, bt + b, bc + bcov
            mark = '' if percent(c, n) >= COVERAGE_FILE_GOAL else '   < 90 %'
            lines.append(f'  {p:34} lines {percent(c, n):5.1f} % ({c}/{n})  '
                         f'branches {percent(bcov, b):5.1f} %{mark}')
        for p in unbuilt:
            lines.append(f'  {p:34} not built for the host')
        total = percent(lc, lt)
        lines.append(f'  {d + " (built files)":34} lines {total:5.1f} % ({lc}/{lt})  '
                     f'branches {percent(bc, bt):5.1f} %  (ratchet {COVERAGE_FLOOR[d]} %)')
        if total < COVERAGE_FLOOR[d]:
            failures.append(f'{d}: line coverage {total:.1f} % is below the ratchet '
                            f'{COVERAGE_FLOOR[d]} % (tools/run_tests.py COVERAGE_FLOOR)')
    lt = sum(v[0] for v in table.values())
    lc = sum(v[1] for v in table.values())
    bt = sum(v[2] for v in table.values())
    bc = sum(v[3] for v in table.values())
    lines.append(f'  {"src/ (every file built)":34} lines {percent(lc, lt):5.1f} % '
                 f'({lc}/{lt})  branches {percent(bc, bt):5.1f} % ({bc}/{bt})')
    return lines, failures


def host_coverage(bdir):
    """gcovr over the .gcda files ctest left: HTML under <bdir>/coverage,
    the summary printed; fails without data or below the ratchet."""
    out_dir = os.path.join(bdir, 'coverage')
    os.makedirs(out_dir, exist_ok=True)
    summary_json = os.path.join(out_dir, 'summary.json')
    if os.path.exists(summary_json):
        os.remove(summary_json)
    rc, out = run(['gcovr', '--root', TOP, '--object-directory', bdir,
                   '--filter', os.path.join(TOP, 'src') + '/',
                   '--html-details', os.path.join(out_dir, 'index.html'),
                   '--html-title', 'Keel kernel: coverage by the host unit tests',
                   '--json-summary', summary_json])
    if rc != 0 or not os.path.exists(summary_json):
        return False, 'gcovr failed:\n' + out
    with open(summary_json) as f:
        table = coverage_table(json.load(f))
    if not any(os.path.dirname(p) in COVERAGE_DIRS for p in table):
        return False, 'no coverage data for src/object or src/kernel (was the build instrumented?)'
    lines, failures = coverage_summary(table)
    print('host coverage (gcov), HTML in ' + os.path.join(out_dir, 'index.html'), flush=True)
    print('\n'.join(lines), flush=True)
    return not failures, '\n'.join(failures)


def tool_tests(results):
    """Python unit tests of the build tools (tools/tests/test_*.py)."""
    rc, out = run([sys.executable, '-m', 'unittest', 'discover', '-v', '-s',
                   os.path.join(TOP, 'tools', 'tests')])
    pattern = re.compile(r'^(test\w+) \(([\w.]+)\)(?:\n.*?)? \.\.\. (ok|FAIL|ERROR|skipped.*)$', re.M)
    found = False
    for m in pattern.finditer(out):
        found = True
        verdict = m.group(3)
        if verdict.startswith('skipped'):
            results.add('tools', m.group(2), SKIPPED, verdict[len('skipped'):].strip(" '"))
        else:
            results.add('tools', m.group(2), verdict == 'ok', '' if verdict == 'ok' else out)
    if not found or (rc != 0 and all(c[2] is not False for c in results.cases
                                     if c[0] == 'tools')):
        results.add('tools', 'unittest', rc == 0, out)


def shared_abi_check(results, build_root, tool_name, config, build=MAIN):
    """../shared/abi/<tool_name> (check-abi: values and layouts; check-api:
    every name seL4's <sel4/sel4.h> offers) --config <config> against the
    libsel4 of build configuration `build` (its -I flags are written by the
    top CMakeLists)."""
    name = f'{tool_name.replace("-", "_")}_{config.replace("-", "_")}'
    tool = os.path.join(os.environ.get('KEEL_SHARED_ABI', os.path.join(os.path.dirname(TOP),
                                                                       'shared', 'abi')), tool_name)
    if not os.path.exists(tool):
        results.add('abi', name, SKIPPED, f'{tool} not found (set KEEL_SHARED_ABI)')
        return
    flags_file = os.path.join(build_root, build, 'libsel4', 'abi_flags.txt')
    if not os.path.exists(flags_file):
        results.add('abi', name, False, f'{flags_file} missing: libsel4 not built')
        return
    with open(flags_file) as f:
        flags = f.read().split()
    rc, out = run([sys.executable, tool, '--config', config, '--'] + flags)
    results.add('abi', name, rc == 0 and ' 0 failed' in out, out)


def api_reference(build_root):
    """`ninja docs` in the main build: the libsel4 API reference (fails if an
    invocation lacks doc text); every page the index links must be there,
    as Markdown and HTML."""
    bdir = os.path.join(build_root, MAIN)
    rc, out = run(['ninja', 'docs'], cwd=bdir)
    if rc != 0:
        return False, out
    api = os.path.join(bdir, 'docs', 'api')
    with open(os.path.join(api, 'index.md'), encoding='utf-8') as f:
        pages = set(re.findall(r'\]\(([\w.-]+)\.md[#)]', f.read()))
    missing = [f'{p}.{ext}' for p in sorted(pages | {'index'}) for ext in ('md', 'html')
               if not os.path.exists(os.path.join(api, f'{p}.{ext}'))]
    if not pages or missing:
        return False, f'{api}: missing {", ".join(missing) or "page links in index.md"}\n{out}'
    return True, f'{len(pages)} pages linked from {api}/index.md'


def manifest_images():
    root = ET.parse(os.path.join(TOP, 'manifest.xml')).getroot()
    for image in root.iter('image'):
        yield image


BOOT_WAYS = (('direct', False), ('direct', True), ('uboot', False), ('uboot', True))


def boot_image(build_root, image, way, hyp):
    """Boot a manifest image directly (-kernel) or through U-Boot's bootm
    from a virtio disk, in SVC or (hyp) HYP mode."""
    boot = image.find('boot')
    images = os.path.join(build_root, MAIN, 'images')
    path = os.path.join(images, f'{image.get("image", image.get("name"))}-image-arm-qemu-arm-virt')
    expects = [e.text for e in boot.iter('expect')]
    parks = boot.get('exit') == 'stop'
    timeout = float(boot.get('timeout', 60))
    if image.get('shim'):
        shim = os.path.join(images, f'{image.get("shim")}-arm-qemu-arm-virt')
        args = ['-kernel', shim, '-device', f'loader,file={path}']
    elif way == 'direct':
        args = ['-kernel', path]
    else:
        disk = os.path.join(build_root, 'uboot', f'{image.get("name")}.img')
        os.makedirs(os.path.dirname(disk), exist_ok=True)
        uboot_disk.make_disk(path + '.uImage', disk)
        args = uboot_disk.qemu_args(disk)
        timeout += 60  # U-Boot's autoboot delay and disk scan
    feed = boot.find('input')  # text for the serial port, once a line appears
    keys = {} if feed is None else {'input': qemu_boot.unescape(feed.text or ''),
                                    'input_after': feed.get('after')}
    r = qemu_boot.boot(args, timeout, stop=expects[-1] if parks else None, hyp=hyp, **keys)
    return r, expects


def check_boot(r, expects, parks):
    problems = []
    if r.timed_out:
        problems.append('QEMU timed out')
    elif parks and not r.stopped:
        problems.append(f'expected the machine to park, but QEMU exited ({r.exit_status})')
    elif not parks and r.exit_status != 0:
        problems.append(f'QEMU exit status {r.exit_status}, expected 0')
    lines, at = r.lines, 0
    for pattern in expects:
        while at < len(lines) and not re.search(pattern, lines[at]):
            at += 1
        if at == len(lines):
            problems.append(f'no output line (in order) matches {pattern!r}')
            break
        at += 1
    return not problems, '\n'.join(problems + ['--- output ---', r.output])


def banner_facts(r, build_root):
    """The banner must agree with the device tree and with the loader."""
    header = open(os.path.join(build_root, MAIN, 'gen', 'include', 'plat',
                               'machine_map.h')).read()
    ram = int(re.search(r'PLAT_RAM_PADDR (0x[0-9a-f]+)', header).group(1), 16)
    size = int(re.search(r'PLAT_RAM_SIZE (0x[0-9a-f]+)', header).group(1), 16)
    out = r.output
    problems = []
    want = f'RAM        0x{ram:08x}-0x{ram + size:08x} ({size >> 20} MiB)'
    if want not in out:
        problems.append(f'banner lacks {want!r}')
    loader = re.search(r'loader: root task (0x[0-9a-f]+)-(0x[0-9a-f]+) entry (0x[0-9a-f]+) '
                       r'\(virtual, pv offset (0x[0-9a-f]+)\)', out)
    kernel = re.search(r'user image (0x[0-9a-f]+)-(0x[0-9a-f]+), entry (0x[0-9a-f]+), '
                       r'pv offset (0x[0-9a-f]+)', out)
    if not loader or not kernel:
        problems.append('loader or kernel did not report the user image')
    elif loader.groups() != kernel.groups():
        problems.append(f'kernel reports user image {kernel.groups()}, loader placed '
                        f'{loader.groups()}')
    elif not ram <= int(kernel.group(1), 16) < int(kernel.group(2), 16) <= ram + size:
        problems.append('user image region is not inside RAM')
    if 'microkernel on qemu-arm-virt' not in out:
        problems.append('banner lacks the platform name')
    if r.exit_status != 0:
        problems.append(f'QEMU did not exit by itself with status 0 ({r.exit_status})')
    return not problems, '\n'.join(problems + ['--- output ---', out])


def boot_tests(results, build_root):
    for image in manifest_images():
        if 'qemu-arm-virt' not in image.get('platforms').split():
            continue
        name = image.get('name')
        parks = image.find('boot').get('exit') == 'stop'
        ways = BOOT_WAYS[:1] if image.get('shim') else BOOT_WAYS
        if image.get('ways') == 'direct':  # manifest.xml: no U-Boot boots
            ways = [w for w in ways if w[0] == 'direct']
        for way, hyp in ways:
            state = {}

            def one(way=way, hyp=hyp, state=state):
                r, expects = boot_image(build_root, image, way, hyp)
                state['r'] = r
                return check_boot(r, expects, parks)

            timed(results, 'boot', f'{name}_{way}_{"hyp" if hyp else "svc"}', one)
            if image.get('main') == 'true' and way == 'direct' and not hyp and 'r' in state:
                timed(results, 'boot', 'banner_reports_platform_ram_and_user_region',
                      lambda: banner_facts(state['r'], build_root))


# The in-QEMU suite's output (apps/keeltest/driver.c), line by line.
SUITE_RUNNING = re.compile(r'^Running (\d+) tests$')
SUITE_START = re.compile(r'^Starting test \d+/\d+: (\S+)')
SUITE_RESULT = re.compile(r'^Test (\S+) (passed|failed)$')
SUITE_SUMMARY = re.compile(r'^(\d+) passed, (\d+) failed$')


def parse_suite_output(lines):
    """Reads a suite run's output. Returns (tests, announced, summary):
    tests is a list of (name, ok, detail) in order, where detail is a failed
    test's reason lines (the lines between its start and its result) or, for
    a test that started but never reported, everything printed after its
    start; announced is the `Running N tests` count and summary the
    (passed, failed) of the last line, each None if missing."""
    tests, announced, summary = [], None, None
    current, detail = None, []
    for line in lines:
        m = SUITE_RUNNING.match(line)
        if m:
            announced = int(m.group(1))
            continue
        m = SUITE_START.match(line)
        if m:
            if current is not None:
                tests.append((current, False, '\n'.join(detail + ['(no result line)'])))
            current, detail = m.group(1), []
            continue
        m = SUITE_RESULT.match(line)
        if m:
            ok = m.group(2) == 'passed'
            tests.append((m.group(1), ok, '' if ok else '\n'.join(detail)))
            current, detail = None, []
            continue
        m = SUITE_SUMMARY.match(line)
        if m:
            summary = (int(m.group(1)), int(m.group(2)))
            continue
        if current is not None:
            detail.append(line[4:] if line.startswith('    ') else line)
    if current is not None:
        tests.append((current, False, '\n'.join(
            ['the test never reported a result; output after it started:'] + detail)))
    return tests, announced, summary


def suite_problems(r, tests, announced, summary, timeout):
    """What went wrong with a suite run as a whole (empty if nothing)."""
    problems = []
    if r.timed_out:
        problems.append(f'QEMU timed out after {timeout:g} s')
    elif not r.stopped and r.exit_status != 0:
        problems.append(f'QEMU exit status {r.exit_status}, expected 0')
    if summary is None:
        problems.append('the suite printed no "N passed, N failed" summary line')
    else:
        counted = (sum(1 for t in tests if t[1]), sum(1 for t in tests if not t[1]))
        if summary != counted:
            problems.append(f'the summary says {summary[0]} passed, {summary[1]} failed, '
                            f'but the result lines say {counted[0]} and {counted[1]}')
    if announced is None:
        problems.append('the suite did not announce its number of tests')
    elif announced != len(tests):
        problems.append(f'the suite announced {announced} tests but reported {len(tests)}')
    names = [t[0] for t in tests]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        problems.append(f'test names used more than once: {", ".join(duplicates)}')
    return problems


def suite_label(config):
    """Results of the main configuration's suite are 'qemu', those of
    another configuration 'qemu-<what it adds>' (e.g. qemu-domains)."""
    return 'qemu' if config == MAIN else 'qemu-' + config[len(MAIN) + 1:]


def suite_parks(build_root, config):
    """Whether a configuration's suite image parks the machine after its
    summary line instead of powering it off: a release build has no
    seL4_DebugHalt (apps/runtime/start.c), which its <autoconf.h> tells."""
    try:
        with open(os.path.join(build_root, config, 'gen_config', 'autoconf.h')) as f:
            return not re.search(r'^#define CONFIG_DEBUG_BUILD\b', f.read(), re.M)
    except OSError:
        return False


def run_suite_image(build_root, config, image):
    """Boots one suite image of one configuration; returns (result or the
    exception that stopped it, timeout, seconds). An image that parks is
    stopped once its summary line is out."""
    name = image.get('name')
    path = os.path.join(build_root, config, 'images', f'{name}-image-arm-qemu-arm-virt')
    timeout = float(image.find('boot').get('timeout', 300))
    stop = r'^\d+ passed, \d+ failed\n' if suite_parks(build_root, config) else None
    start = time.monotonic()
    try:
        r = qemu_boot.boot(suite_qemu_args(config) + ['-kernel', path], timeout, stop=stop)
    except Exception as e:  # QEMU missing, image missing, ...
        r = e
    return r, timeout, time.monotonic() - start


def suite_qemu_args(config):
    """Extra QEMU options for a configuration's suite: -smp for SMP builds."""
    options = dict((name, opts) for name, _, opts in CONFIGS).get(config, [])
    return list(SMP_QEMU_ARGS) if '-DSMP=TRUE' in options else []


SUITE_DIGEST = re.compile(r'^fastpath series digest (0x[0-9a-f]+)')


def record_suite(results, label, name, r, timeout, seconds):
    """Records one suite run; returns the fast-path series digest it printed
    (apps/keeltest/test_fastpath.c), or None."""
    if isinstance(r, Exception):
        results.add(label, f'{name}_run_completed', False, f'{type(r).__name__}: {r}')
        return None
    tests, announced, summary = parse_suite_output(r.lines)
    for test, ok, detail in tests:
        results.add(label, test, ok, detail)
    problems = suite_problems(r, tests, announced, summary, timeout)
    results.add(label, f'{name}_run_completed', not problems,
                '\n'.join(problems + ['--- output ---', r.output]) if problems else '', seconds)
    digests = [m.group(1) for m in map(SUITE_DIGEST.match, r.lines) if m]
    return digests[0] if digests else None


def qemu_suites(results, build_root, configs):
    """Boots each suite image of the manifest (suite="true") once in each
    of `configs`, the QEMUs side by side, and records every in-QEMU test as
    its own result (suite_label), plus <image>_run_completed, which fails if
    QEMU crashed, hung or exited non-zero, or the suite's summary is missing
    or disagrees."""
    runs = [(config, image) for config in configs for image in manifest_images()
            if image.get('suite') == 'true' and 'qemu-arm-virt' in image.get('platforms').split()]
    digests = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        futures = [pool.submit(run_suite_image, build_root, c, i) for c, i in runs]
        for (config, image), future in zip(runs, futures):
            digests[config] = record_suite(results, suite_label(config), image.get('name'),
                                           *future.result())
    return digests


# The system-call fuzzer (apps/fuzz) in the checked configuration: a
# bounded run per fixed seed, beside the suites (docs/reliability.md,
# "Fuzzing"; tools/fuzz.sh runs it for longer).
FUZZ_CONFIG = 'qemu-arm-virt-checked'
FUZZ_SEEDS = (1, 2, 3, 0x5eed)
FUZZ_INVOCATIONS = 20000
FUZZ_TIMEOUT = 150
FUZZ_DONE = re.compile(r'^fuzz: done: (\d+) invocations, \d+ oracle checks, 0 failures$')


def fuzz_one(build_root, seed):
    """Boots the checked build's fuzz image with `seed`; (ok, detail)."""
    path = os.path.join(build_root, FUZZ_CONFIG, 'images', 'fuzz-image-arm-qemu-arm-virt')
    with open(path, 'rb') as f:
        image = fuzz_image.patch(f.read(), {'seed_lo': seed & 0xffffffff, 'seed_hi': seed >> 32,
                                            'invocations': FUZZ_INVOCATIONS,
                                            'progress_every': 5000})
    patched = os.path.join(build_root, FUZZ_CONFIG, f'fuzz-seed-{seed:#x}.img')
    with open(patched, 'wb') as f:
        f.write(image)
    r = qemu_boot.boot(['-kernel', patched], FUZZ_TIMEOUT)
    done = [m for m in map(FUZZ_DONE.match, r.lines) if m]
    ok = (not r.timed_out and r.exit_status == 0 and len(done) == 1 and
          int(done[0].group(1)) == FUZZ_INVOCATIONS)
    why = 'hung (timeout)' if r.timed_out else f'QEMU exit status {r.exit_status}'
    replay = (f'replay: tools/fuzz.sh --seconds 0 --seeds {seed:#x} --invocations '
              f'{FUZZ_INVOCATIONS} --checked --verbose --jobs 1')
    tail = '\n'.join(r.lines[-60:])
    # the seed last: the summary prints a failure's last lines only
    return ok, '' if ok else f'--- last lines ---\n{tail}\nseed {seed:#x}: {why}\n{replay}'


def fuzz_runs(results, build_root):
    """One result per seed, fuzz-checked.seed_<seed>, one QEMU at a time
    (the suites' QEMUs already take both CPUs)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        futures = {seed: pool.submit(lambda s=seed: timed_value(lambda: fuzz_one(build_root, s)))
                   for seed in FUZZ_SEEDS}
        for seed, future in futures.items():
            ok, detail, seconds = future.result()
            results.add('fuzz-checked', f'seed_{seed:#x}', ok, detail, seconds)


def timed_value(fn):
    """fn() -> (ok, detail), timed; an exception is a failure."""
    start = time.monotonic()
    try:
        ok, detail = fn()
    except Exception as e:
        ok, detail = False, f'{type(e).__name__}: {e}'
    return ok, detail, time.monotonic() - start


def fastpath_digests_agree(results, digests, without='qemu-arm-virt-nofastpath'):
    """The fast-path series must observe the same with the fast path (the
    main build) as without it."""
    if without not in digests:
        return
    ok = digests.get(MAIN) is not None and digests[MAIN] == digests[without]
    results.add(suite_label(without), 'fastpath_series_digest_equals_the_main_builds', ok,
                f'digest with the fast path {digests.get(MAIN)}, without {digests[without]}')


BENCHTEST_RESULT = re.compile(r'^benchtest: (\S+) (passed|failed)$')
BENCHTEST_SUMMARY = re.compile(r'^benchtest: (\d+) passed, (\d+) failed$')


def benchtest(results, build_root, config='qemu-arm-virt-bench', timeout=60):
    """The benchmark configuration's own check (apps/bench/benchtest.c): one
    boot of its benchtest image; each `benchtest: NAME passed|failed` line
    becomes a result, and benchtest_run_completed fails if QEMU did not exit
    with status 0 or the summary line is missing or disagrees."""
    path = os.path.join(build_root, config, 'images', 'benchtest-image-arm-qemu-arm-virt')
    label = suite_label(config)
    start = time.monotonic()
    try:
        # Under -icount shift=0 the cycle counter counts instructions, so
        # pmccntr_counts_at_pl0's bound holds however fast the host is
        # (without it QEMU's PMCCNTR follows host time).
        r = qemu_boot.boot(['-icount', 'shift=0', '-kernel', path], timeout)
    except Exception as e:  # QEMU missing, image missing, ...
        results.add(label, 'benchtest_run_completed', False, f'{type(e).__name__}: {e}')
        return
    tests = [m.groups() for m in map(BENCHTEST_RESULT.match, r.lines) if m]
    for name, verdict in tests:
        why = [line for line in r.lines if line.startswith(f'benchtest:   {name}: ')]
        results.add(label, name, verdict == 'passed', '\n'.join(why))
    summary = [m.groups() for m in map(BENCHTEST_SUMMARY.match, r.lines) if m]
    counted = (str(sum(v == 'passed' for _, v in tests)), str(sum(v == 'failed' for _, v in tests)))
    problems = []
    if r.timed_out or r.exit_status != 0:
        problems.append(f'QEMU timed out or exited with {r.exit_status}, expected 0')
    if summary != [counted] or not tests:
        problems.append(f'summary {summary} does not match the result lines {counted}')
    results.add(label, 'benchtest_run_completed', not problems,
                '\n'.join(problems + ['--- output ---', r.output]) if problems else '',
                time.monotonic() - start)


# The builds the static analysers read (their compile commands and
# generated headers): the main one, tk1 for its platform code, and the
# checked kernel for the code only it compiles (tools/static_check.py).
STYLE_BUILDS = ('qemu-arm-virt', 'tk1', 'qemu-arm-virt-checked')


def style_checks(results, build_root):
    """The 'style' group: format (tools/format.sh --check), cppcheck and
    clang-tidy (tools/static_check.py, on the test builds). Meant to run in
    a thread beside the QEMU runs: the analysers run niced, one job each."""
    def format_check():
        rc, out = run([os.path.join(TOP, 'tools', 'format.sh'), '--check'])
        return rc == 0, out

    timed(results, 'style', 'format', format_check)
    dirs = [os.path.join(build_root, b) for b in STYLE_BUILDS
            if os.path.exists(os.path.join(build_root, b, 'build.ninja'))]
    for tool in ('cppcheck', 'clang-tidy'):
        def analyse(tool=tool):
            if not dirs:
                return False, 'no configured build to take compile commands from'
            rc, out = run(['nice', '-n', '10', sys.executable,
                           os.path.join(TOP, 'tools', 'static_check.py'), '--tool', tool,
                           '-j', '1'] + [f'--build-dir={d}' for d in dirs])
            return rc == 0, out
        timed(results, 'style', tool, analyse)


def tk1_checks(results, build_root):
    bdir = os.path.join(build_root, 'tk1')
    for image in manifest_images():
        if 'tk1' not in image.get('platforms').split():
            continue
        name = image.get('name')
        path = os.path.join(bdir, 'images', f'{name}-image-arm-tk1')
        for check in tk1_image_check.CHECKS:
            timed(results, 'tk1', f'{name}_{check.__name__}', lambda: check(path))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--build-dir', default=os.path.join(TOP, 'build-test'),
                    help='where to build (default: build-test/ in the source tree)')
    ap.add_argument('--junit', help='JUnit XML output (default: <build-dir>/results.xml)')
    args = ap.parse_args(argv)
    os.makedirs(args.build_dir, exist_ok=True)
    results = Results()

    built = {name: timed(results, 'build', name,
                         lambda c=(name, plat, opts): build_config(args.build_dir, *c))
             for name, plat, opts in CONFIGS}
    host_unit_tests(results, args.build_dir)
    tool_tests(results)
    # Formatting and static analysis run beside the QEMU work below and are
    # joined before the benchmark run, whose timings they would disturb.
    style = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    style_done = style.submit(style_checks, results, args.build_dir)
    for config, build in ABI_CONFIGS:
        if built[build]:
            shared_abi_check(results, args.build_dir, 'check-abi', config, build)
            shared_abi_check(results, args.build_dir, 'check-api', config, build)
    if built[MAIN]:
        boot_tests(results, args.build_dir)
        timed(results, 'docs', 'ninja_docs_writes_the_api_reference',
              lambda: api_reference(args.build_dir))
    # The fuzzer's seeds run beside the suites, joined after them.
    fuzzing = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    fuzz_done = (fuzzing.submit(fuzz_runs, results, args.build_dir) if built[FUZZ_CONFIG]
                 else None)
    digests = qemu_suites(results, args.build_dir, [name for name, plat, _ in CONFIGS
                                                    if plat == 'qemu-arm-virt' and built[name]])
    if fuzz_done is not None:
        fuzz_done.result()
    fuzzing.shutdown()
    fastpath_digests_agree(results, digests)
    style_done.result()
    style.shutdown()
    if built['tk1']:
        tk1_checks(results, args.build_dir)
    if built['qemu-arm-virt-bench']:
        benchtest(results, args.build_dir)

    passed, failed = results.summary()
    results.write_junit(args.junit or os.path.join(args.build_dir, 'results.xml'))
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
