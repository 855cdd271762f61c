#!/usr/bin/python3
"""Static analysis of the kernel (src/, include/) and the ELF loader
(tools/elfloader/) with cppcheck and clang-tidy, on the compile commands of
real cross builds.

Each --build-dir is a configured Keel build directory (init-build.sh) whose
generated headers exist (built by ninja); its compile commands come from
`ninja -t compdb`, so no CMake option is needed. A source file is analysed
in the first build that compiles it; a file with `#if...CONFIG_` code is
analysed in every build, so the checked kernel's code is seen in a
-DKEEL_CHECKED=TRUE build. Without --build-dir the tool configures and
builds its own under build-static/ (qemu-arm-virt, tk1, checked).

Configuration: .clang-tidy (checks, and why each one off is off),
tools/cppcheck-suppressions.txt (a reason per suppression) and CPPCHECK_ARGS
in this file. Prints one line per finding and a summary; exits 1 if there are
findings or an analyser could not run.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What is analysed, and where findings count (headers included).
SCOPE = ('src/', 'include/', 'tools/elfloader/')
SUPPRESSIONS = os.path.join(TOP, 'tools', 'cppcheck-suppressions.txt')
# cppcheck: the warning, style, performance and portability checks (not
# `information`, which reports cppcheck's own configuration, nor
# unusedFunction, which needs the whole program at once and cannot see the
# assembly and linker-script users of kernel entry points). arm32 sizes.
CPPCHECK_ARGS = ['--enable=warning,style,performance,portability', '--std=c11',
                 '--platform=arm32-wchar_t4', '--inline-suppr', '--library=gnu',
                 f'--suppressions-list={SUPPRESSIONS}', '-q']
# The builds analysed by default: (directory under build-static/, platform,
# init-build.sh options).
DEFAULT_BUILDS = (
    ('qemu-arm-virt', 'qemu-arm-virt', []),
    ('tk1', 'tk1', []),
    ('qemu-arm-virt-checked', 'qemu-arm-virt', ['-DKEEL_CHECKED=TRUE']),
)
CONFIG_DEPENDENT = re.compile(r'^\s*#\s*(if|ifdef|ifndef|elif)\b.*\bCONFIG_', re.M)


def in_scope(path):
    rel = os.path.relpath(path, TOP)
    return rel.startswith(SCOPE)


def compile_commands(build_dir):
    """The C compile commands of a build: [(file, directory, argv)]."""
    out = subprocess.run(['ninja', '-C', build_dir, '-t', 'compdb'], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    entries = []
    for e in json.loads(out):
        path = os.path.normpath(os.path.join(e['directory'], e['file']))
        if path.endswith('.c') and 'command' in e:
            entries.append((path, e['directory'], shlex.split(e['command'])))
    return entries


def select(build_dirs):
    """[(build_dir, file, directory, argv)]: the files of SCOPE, each in the
    first build that compiles it, config-dependent ones in every build."""
    chosen, seen = [], set()
    for bdir in build_dirs:
        in_this = set()
        for path, directory, argv in compile_commands(bdir):
            if not in_scope(path) or path in in_this:
                continue  # e.g. boot.c again in kernel-faulttest.elf
            with open(path) as f:
                dependent = CONFIG_DEPENDENT.search(f.read())
            if path in seen and not dependent:
                continue
            in_this.add(path)
            seen.add(path)
            chosen.append((bdir, path, directory, argv))
    return chosen


def compiler_flags(argv, path):
    """The flags that matter for analysis: drops the compiler, the file,
    outputs, dependency files and -Werror (a finding is reported, not
    fatal to the parse)."""
    flags, skip = [], False
    for a in argv[1:]:
        if skip:
            skip = False
        elif a in ('-o', '-MT', '-MF', '-MQ'):
            skip = True
        elif a in ('-c', '-MD', '-MMD', '-Werror') or os.path.normpath(a) == path:
            continue
        else:
            flags.append(a)
    return flags


def gcc_system_includes(compiler, flags):
    """The cross compiler's own include directories (stddef.h and the
    like), as it reports them with -v."""
    r = subprocess.run([compiler] + [f for f in flags if f.startswith(('-m', '-f'))] +
                       ['-E', '-v', '-x', 'c', '-'], input='', stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    m = re.search(r'#include <\.\.\.> search starts here:\n(.*?)End of search list', r.stdout,
                  re.S)
    return [line.strip() for line in m.group(1).splitlines()] if m else []


FINDING = re.compile(r'^(/[^:\n]+):(\d+):(\d+): (warning|error): (.*?) \[([\w.,-]+)\]$', re.M)


def run_clang_tidy(units, jobs):
    """Returns (findings, problems): findings are 'file:line:col: message
    [check]' lines in SCOPE; problems are analyser failures."""
    header_filter = '^' + re.escape(TOP + '/') + '(include|src|tools/elfloader)/'
    includes = {}

    def one(unit):
        bdir, path, directory, argv = unit
        flags = compiler_flags(argv, path)
        if argv[0] not in includes:
            includes[argv[0]] = gcc_system_includes(argv[0], flags)
        # clang's own stdint.h and stddef.h first (gcc's stdint.h relies on
        # gcc-only macros); the cross compiler's directories after them.
        extra = ['--target=armv7a-none-eabi']
        for d in includes[argv[0]]:
            extra += ['-idirafter', d]
        cmd = ['clang-tidy-14', '--quiet', f'--config-file={os.path.join(TOP, ".clang-tidy")}',
               f'--header-filter={header_filter}', path, '--'] + extra + flags
        r = subprocess.run(cmd, cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        return unit, r

    findings, problems = set(), []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for (bdir, path, _, _), r in pool.map(one, units):
            found = [m for m in FINDING.finditer(r.stdout) if in_scope(m.group(1))]
            for m in found:
                file, line, col, _, message, check = m.groups()
                findings.add(f'{os.path.relpath(file, TOP)}:{line}:{col}: {message} '
                             f'[{check.replace(",-warnings-as-errors", "")}]')
            if r.returncode != 0 and not found:
                problems.append(f'clang-tidy failed on {path} ({bdir}):\n{r.stdout}{r.stderr}')
    return sorted(findings), problems


def run_cppcheck(units, jobs):
    """As run_clang_tidy, for cppcheck: one cppcheck per build, on a
    compile database of that build's selected files."""
    findings, problems = set(), []
    template = '{file}:{line}:{column}: {severity}: {message} [{id}]'
    for bdir in dict.fromkeys(u[0] for u in units):
        db = [{'directory': directory, 'file': path,
               'arguments': [argv[0]] + compiler_flags(argv, path) + ['-c', path]}
              for b, path, directory, argv in units if b == bdir]
        with tempfile.TemporaryDirectory(prefix='keel-cppcheck-') as tmp:
            dbpath = os.path.join(tmp, 'compile_commands.json')
            with open(dbpath, 'w') as f:
                json.dump(db, f)
            cmd = ['cppcheck', f'--project={dbpath}', f'-j{jobs}',
                   f'--template={template}'] + CPPCHECK_ARGS
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for line in r.stderr.splitlines():
            m = re.match(r'^(/[^:]+):(\d+):(\d+): (\w+): (.*) \[(\w+)\]$', line)
            if m and in_scope(m.group(1)):
                file, lno, col, severity, message, check = m.groups()
                findings.add(f'{os.path.relpath(file, TOP)}:{lno}:{col}: {severity}: {message} '
                             f'[{check}]')
            elif m is None and line.strip() and not line.startswith(('^', ' ')):
                # cppcheck's progress and context lines are filtered by -q
                # and the template; anything else is worth seeing.
                problems.append(line)
        if r.returncode != 0:
            problems.append(f'cppcheck exited with {r.returncode} ({bdir})')
    return sorted(findings), problems


def ensure_builds(root):
    """Configure and build DEFAULT_BUILDS under root; returns their dirs."""
    dirs = []
    for name, platform, options in DEFAULT_BUILDS:
        bdir = os.path.join(root, name)
        os.makedirs(bdir, exist_ok=True)
        if not os.path.exists(os.path.join(bdir, 'build.ninja')):
            subprocess.run([os.path.join(TOP, 'init-build.sh'), f'-DPLATFORM={platform}'] +
                           options, cwd=bdir, check=True, stdout=subprocess.DEVNULL)
        # A build that fails still has its generated headers, and a file
        # that does not compile is reported by clang-tidy: go on.
        if subprocess.run(['ninja'], cwd=bdir, stdout=subprocess.DEVNULL).returncode != 0:
            print(f'static_check: ninja failed in {bdir}; analysing anyway', file=sys.stderr)
        dirs.append(bdir)
    return dirs


ANALYSERS = {'cppcheck': run_cppcheck, 'clang-tidy': run_clang_tidy}


def check(tool, build_dirs, jobs):
    """Runs one analyser; returns (ok, report text)."""
    units = select(build_dirs)
    if not units:
        return False, f'no kernel or loader sources in the compile commands of {build_dirs}'
    findings, problems = ANALYSERS[tool](units, jobs)
    lines = findings + problems
    files = len({u[1] for u in units})
    lines.append(f'{tool}: {len(findings)} findings, {len(problems)} analyser problems '
                 f'({files} files, {len(units)} analyses, builds: '
                 f'{", ".join(os.path.basename(b) for b in dict.fromkeys(u[0] for u in units))})')
    return not findings and not problems, '\n'.join(lines)


def main(argv=None):
    first, rest = __doc__.split('\n\n', 1)
    ap = argparse.ArgumentParser(description=first, epilog=rest,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build-dir', action='append', default=[],
                    help='a built Keel build directory (repeatable; default: build your own '
                         'under --work-dir)')
    ap.add_argument('--work-dir', default=os.path.join(TOP, 'build-static'),
                    help='where to build when no --build-dir is given (default: build-static/)')
    ap.add_argument('--tool', choices=['all'] + sorted(ANALYSERS), default='all',
                    help='which analyser to run (default: both)')
    ap.add_argument('-j', '--jobs', type=int, default=os.cpu_count() or 1,
                    help='analyser processes at a time (default: one per CPU)')
    args = ap.parse_args(argv)
    build_dirs = [os.path.abspath(b) for b in args.build_dir] or ensure_builds(args.work_dir)
    failed = False
    for tool in sorted(ANALYSERS) if args.tool == 'all' else [args.tool]:
        ok, report = check(tool, build_dirs, args.jobs)
        print(report, flush=True)
        failed = failed or not ok
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
