"""Tests of the style checks: tools/format.sh (--check fails on a file laid
out differently, passes once formatted) and tools/static_check.py (flag
handling, scope, and that each analyser reports a planted finding with the
repository's own configuration)."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOP = os.path.dirname(TOOLS)
sys.path.insert(0, TOOLS)
import static_check  # noqa: E402

# Recursion (misc-no-recursion, STYLE.md), a shadowed local (cppcheck
# shadowVariable) and an index past the end of an array (cppcheck
# arrayIndexOutOfBounds).
PLANTED = '''/* A file with findings. */
int count_down(int n)
{
    if (n == 0) {
        return 0;
    }
    return count_down(n - 1);
}

int last(void)
{
    int table[4] = { 1, 2, 3, 4 };
    int x = 0;
    for (int i = 0; i < 4; i++) {
        int x = table[i];
        (void)x;
    }
    return table[4] + x;
}
'''


class FormatCheck(unittest.TestCase):
    @unittest.skipUnless(shutil.which('clang-format-14'), 'clang-format-14 not installed')
    def test_check_fails_on_a_difference_and_passes_once_formatted(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'x.c')
            with open(path, 'w') as f:
                f.write('int f(int a){\n  if(a) return 1;\n  return 0;}\n')
            script = os.path.join(TOOLS, 'format.sh')
            r = subprocess.run([script, '--check', path], stdout=subprocess.PIPE, text=True)
            self.assertEqual(r.returncode, 1)
            self.assertIn(path, r.stdout)
            subprocess.run([script, path], check=True, stdout=subprocess.DEVNULL)
            with open(path) as f:
                self.assertEqual(f.read(), 'int f(int a)\n{\n    if (a)\n        return 1;\n'
                                           '    return 0;\n}\n')
            r = subprocess.run([script, '--check', path], stdout=subprocess.PIPE, text=True)
            self.assertEqual(r.returncode, 0, r.stdout)


class StaticCheck(unittest.TestCase):
    def test_compiler_flags_keep_only_what_the_parse_needs(self):
        argv = ['arm-none-eabi-gcc', '-DX=1', '-Iinc', '-std=gnu11', '-Wall', '-Werror', '-MD',
                '-MT', 'a.obj', '-MF', 'a.obj.d', '-o', 'a.obj', '-c', '/s/a.c']
        self.assertEqual(static_check.compiler_flags(argv, '/s/a.c'),
                         ['-DX=1', '-Iinc', '-std=gnu11', '-Wall'])

    def test_scope_is_kernel_and_loader(self):
        for rel in ('src/kernel/boot.c', 'include/config.h', 'tools/elfloader/main.c'):
            self.assertTrue(static_check.in_scope(os.path.join(TOP, rel)), rel)
        for rel in ('libsel4/src/sel4_globals.c', 'apps/hello/main.c', 'tests/lib/x.c'):
            self.assertFalse(static_check.in_scope(os.path.join(TOP, rel)), rel)

    def planted_unit(self, d):
        """A unit as select() makes it, for a file under <d>/src/."""
        os.makedirs(os.path.join(d, 'src'))
        path = os.path.join(d, 'src', 'planted.c')
        with open(path, 'w') as f:
            f.write(PLANTED)
        shutil.copy(os.path.join(TOP, '.clang-tidy'), d)
        shutil.copy(os.path.join(TOP, 'tools', 'cppcheck-suppressions.txt'), d)
        return (d, path, d, ['arm-none-eabi-gcc', '-mcpu=cortex-a15', '-marm', '-std=gnu11',
                             '-ffreestanding', '-c', path])

    def with_top(self, d):
        saved = static_check.TOP, static_check.SUPPRESSIONS, list(static_check.CPPCHECK_ARGS)
        static_check.TOP = d
        static_check.SUPPRESSIONS = os.path.join(d, 'cppcheck-suppressions.txt')
        static_check.CPPCHECK_ARGS[:] = [a for a in saved[2]
                                         if not a.startswith('--suppressions-list=')]
        static_check.CPPCHECK_ARGS.append(f'--suppressions-list={static_check.SUPPRESSIONS}')

        def restore():
            static_check.TOP, static_check.SUPPRESSIONS = saved[0], saved[1]
            static_check.CPPCHECK_ARGS[:] = saved[2]
        self.addCleanup(restore)

    @unittest.skipUnless(shutil.which('clang-tidy-14') and shutil.which('arm-none-eabi-gcc'),
                         'clang-tidy-14 or arm-none-eabi-gcc not installed')
    def test_clang_tidy_reports_recursion(self):
        with tempfile.TemporaryDirectory() as d:
            self.with_top(d)
            findings, problems = static_check.run_clang_tidy([self.planted_unit(d)], 1)
        self.assertEqual(problems, [])
        self.assertTrue(any(f.startswith('src/planted.c:2:') and '[misc-no-recursion]' in f
                            for f in findings), findings)

    @unittest.skipUnless(shutil.which('cppcheck'), 'cppcheck not installed')
    def test_cppcheck_reports_shadowing_and_out_of_bounds(self):
        with tempfile.TemporaryDirectory() as d:
            self.with_top(d)
            findings, problems = static_check.run_cppcheck([self.planted_unit(d)], 1)
        self.assertEqual(problems, [])
        text = '\n'.join(findings)
        self.assertIn('[shadowVariable]', text)
        self.assertIn('[arrayIndexOutOfBounds]', text)


if __name__ == '__main__':
    unittest.main()
