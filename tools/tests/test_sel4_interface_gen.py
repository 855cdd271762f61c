#!/usr/bin/python3
"""Tests of tools/sel4_interface_gen.py and of the libsel4 it generates.

Run: /usr/bin/python3 -m unittest discover -s tools/tests -v
Pure-Python checks always run; compile, qemu-arm and check-abi checks are
skipped when their tools (or ../shared/abi) are missing.
"""
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
TOOL = os.path.join(ROOT, 'tools', 'sel4_interface_gen.py')
LIBSEL4 = os.path.join(ROOT, 'libsel4')
ABI_DIR = os.path.join(ROOT, '..', 'shared', 'abi')

spec = importlib.util.spec_from_file_location('sel4_interface_gen', TOOL)
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)


def static_includes(gen_dir):
    dirs = ['include', 'arch_include/arm', 'sel4_arch_include/aarch32']
    return [f'-I{os.path.join(LIBSEL4, d)}' for d in dirs] + [f'-I{gen_dir}']


class GeneratedDir:
    """The generator's libsel4 output in a temporary directory."""

    def __enter__(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = self.tmp.name
        if gen.main(['--out-dir', self.path]) != 0:
            raise RuntimeError('generator failed')
        # <autoconf.h> of the default configuration, as a build writes it.
        subprocess.run(['cmake', f'-DOUT={self.path}', '-P',
                        os.path.join(ROOT, 'tools', 'cmake', 'write-config.cmake')],
                       check=True, capture_output=True)
        return self

    def __exit__(self, *exc):
        self.tmp.cleanup()


class DefinitionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.defs = gen.load(gen.DEFAULT_DEFS)
        cls.labels = {n: v for g in cls.defs.labels.values() for n, v in g}

    def method(self, cname):
        return next(m for m in self.defs.methods if m.cname == cname)

    def test_label_groups_follow_upstream_numbering(self):
        self.assertEqual(self.labels['InvalidInvocation'], 0)
        self.assertEqual(self.labels['TCBSetFlags'], 16)
        self.assertEqual(self.labels['nInvocationLabels'], 33)
        self.assertEqual(self.labels['ARMPDClean_Data'], 33)
        self.assertEqual(self.labels['nSeL4ArchInvocationLabels'], 37)
        self.assertEqual(self.labels['ARMPageTableMap'], 37)
        self.assertEqual(self.labels['ARMIRQIssueSGISignal'], 49)
        self.assertEqual(self.labels['nArchInvocationLabels'], 50)

    @unittest.skipUnless(os.path.exists(os.path.join(ABI_DIR, 'reference-16.txt')), 'no ../shared/abi')
    def test_labels_and_syscalls_equal_reference_values(self):
        ref = {}
        with open(os.path.join(ABI_DIR, 'reference-16.txt')) as f:
            for line in f:
                parts = line.split()
                if parts and parts[0] == 'const':
                    ref[parts[1]] = int(parts[2])
        for name, value in self.labels.items():
            if name in ref:
                self.assertEqual(value, ref[name], name)
        for s in self.defs.syscalls:
            if f'seL4_Sys{s.name}' in ref:
                self.assertEqual(s.number, ref[f'seL4_Sys{s.name}'], s.name)

    def test_syscall_numbers(self):
        numbers = {s.name: s.number for s in self.defs.syscalls}
        self.assertEqual(numbers['Call'], -1)
        self.assertEqual(numbers['NBRecv'], -8)
        self.assertEqual(numbers['DebugPutChar'], -9)
        self.assertEqual(numbers['SetTLSBase'], -30)

    def test_small_arguments_share_a_word_at_their_own_alignment(self):
        m = self.method('seL4_TCB_CopyRegisters')
        placed, length = gen.pack(self.defs, [p for p in m.params if p.type != 'seL4_TCB'])
        self.assertEqual([pos for _, pos, _ in placed], [0, 1, 2, 3, 8])
        self.assertEqual(length, 1)

    def test_words_and_structs_start_on_word_boundaries(self):
        m = self.method('seL4_TCB_WriteRegisters')
        placed, length = gen.pack(self.defs, m.params)
        self.assertEqual([pos for _, pos, _ in placed], [0, 8, 32, 64])
        self.assertEqual(length, 2 + 19)

    def test_caps_go_to_extra_caps_in_order(self):
        caps, ins, _, _ = gen.split_params(self.defs, self.method('seL4_TCB_Configure'))
        self.assertEqual([c.name for c in caps], ['cspace_root', 'vspace_root', 'bufferFrame'])
        self.assertEqual([p.name for p in ins],
                         ['fault_ep', 'cspace_root_data', 'vspace_root_data', 'buffer'])

    def test_scalar_outputs_make_a_result_struct(self):
        rtype, sig = gen.signature(self.defs, self.method('seL4_TCB_SetFlags'))
        self.assertEqual(rtype, 'seL4_TCB_SetFlags_t')
        self.assertEqual(sig, 'seL4_TCB_SetFlags(seL4_TCB _service, seL4_Word clear, seL4_Word set)')
        rtype, sig = gen.signature(self.defs, self.method('seL4_TCB_ReadRegisters'))
        self.assertEqual(rtype, 'seL4_Error')
        self.assertTrue(sig.endswith('seL4_UserContext *regs)'))

    def test_arch_faults_are_marked_for_seL4_getArchFault(self):
        fault = next(b for b in self.defs.blocks if b.name == 'seL4_Fault')
        self.assertEqual(fault.arch_variants, {'UnknownSyscall', 'UserException', 'VMFault'})

    def test_absent_methods_contribute_only_result_types(self):
        names = {r.cname for r in self.defs.results}
        self.assertEqual(names, {'seL4_TCB_GetBreakpoint', 'seL4_TCB_ConfigureSingleStepping',
                                 'seL4_SchedContext_Consumed', 'seL4_SchedContext_YieldTo',
                                 'seL4_ARM_VCPU_ReadRegs', 'seL4_ARM_SIDControl_GetFault',
                                 'seL4_ARM_CB_CBGetFault'})
        self.assertFalse(names & {m.cname for m in self.defs.methods})

    def test_cmake_lists_every_generated_header(self):
        with open(os.path.join(LIBSEL4, 'CMakeLists.txt')) as f:
            text = f.read()
        block = re.search(r'set\(sel4_gen_headers(.*?)\)', text, re.S).group(1)
        self.assertEqual(sorted(block.split()), sorted(gen.gen_libsel4(self.defs)))


class BadDefinitionsTest(unittest.TestCase):
    def load(self, text):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, 'x.def'), 'w') as f:
                f.write(textwrap.dedent(text))
            return gen.load(d)

    def test_unknown_keyword(self):
        with self.assertRaisesRegex(gen.DefError, 'unknown keyword'):
            self.load('frobnicate x\n')

    def test_gap_in_syscall_numbers(self):
        with self.assertRaisesRegex(gen.DefError, 'without gaps'):
            self.load('syscall A -1 api\nsyscall B -3 api\n')

    def test_conditional_syscall_is_named_only_in_its_builds(self):
        d = self.load('syscall A -1 api\nsyscall B -2 debug if CONFIG_X CONFIG_Y -- b\n')
        text = gen.gen_syscall_header(d)
        self.assertIn('    seL4_SysA = -1,\n', text)
        self.assertIn('#if defined(CONFIG_X) && defined(CONFIG_Y)\n    seL4_SysB = -2,\n#endif\n',
                      text)
        self.assertIn('    SysB = -2,\n', gen.gen_kernel_syscalls(d))  # the kernel knows all

    def test_syscall_condition_must_name_config_options(self):
        with self.assertRaisesRegex(gen.DefError, 'CONFIG_X'):
            self.load('syscall A -1 debug if X\n')

    def test_duplicate_label(self):
        with self.assertRaisesRegex(gen.DefError, 'twice'):
            self.load('''\
                syscall A -1 api
                cap seL4_CPtr
                group generic
                interface seL4_X
                  method A L -- a
                  method B L -- b
                ''')

    def test_too_many_extra_caps(self):
        with self.assertRaisesRegex(gen.DefError, 'extra caps'):
            self.load('''\
                syscall A -1 api
                cap seL4_CPtr
                group generic
                interface seL4_X
                  method A L -- a
                    in seL4_CPtr a
                    in seL4_CPtr b
                    in seL4_CPtr c
                    in seL4_CPtr d
                ''')

    def test_result_cannot_repeat_a_method(self):
        with self.assertRaisesRegex(gen.DefError, 'already a method'):
            self.load('''\
                type seL4_Word 32
                group generic
                interface seL4_X
                  method A L -- a
                    out seL4_Word x
                result seL4_X A -- the same again
                  out seL4_Word x
                ''')

    def test_result_has_only_value_outputs(self):
        with self.assertRaisesRegex(gen.DefError, 'only value outputs'):
            self.load('type seL4_Word 32\nresult seL4_X B -- b\n  in seL4_Word x\n')

    def test_unknown_parameter_type(self):
        with self.assertRaisesRegex(gen.DefError, 'unknown type'):
            self.load('syscall A -1 api\ngroup generic\ninterface seL4_X\n method A L -- a\n  in nope x\n')


class GeneratedTextTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.files = gen.gen_libsel4(gen.load(gen.DEFAULT_DEFS))

    def test_every_bitfield_and_variant_has_a_ptr_constructor(self):
        shared = self.files['sel4/shared_types_gen.h']
        self.assertIn('LIBSEL4_INLINE_FUNC void seL4_MessageInfo_ptr_new(seL4_MessageInfo_t *p, '
                      'seL4_Word label, seL4_Word capsUnwrapped, seL4_Word extraCaps, seL4_Word length)\n'
                      '{\n    *p = seL4_MessageInfo_new(label, capsUnwrapped, extraCaps, length);\n}\n',
                      shared)
        for name in ('seL4_CapRights', 'seL4_CNode_CapData'):
            self.assertIn(f'void {name}_ptr_new({name}_t *p, ', shared)
        arch = self.files['sel4/sel4_arch/types_gen.h']
        self.assertIn('void seL4_Fault_NullFault_ptr_new(seL4_Fault_t *p)\n'
                      '{\n    *p = seL4_Fault_NullFault_new();\n}\n', arch)
        for name in ('CapFault', 'UnknownSyscall', 'UserException', 'VMFault'):
            self.assertIn(f'void seL4_Fault_{name}_ptr_new(seL4_Fault_t *p, seL4_Word ', arch)

    def test_union_tag_has_an_equals_test(self):
        self.assertIn('LIBSEL4_INLINE_FUNC int seL4_Fault_seL4_FaultType_equals(seL4_Fault_t v, '
                      'seL4_Word type_tag)\n{\n    return seL4_Fault_get_seL4_FaultType(v) == type_tag;\n}\n',
                      self.files['sel4/sel4_arch/types_gen.h'])

    def test_getFault_leaves_arch_faults_to_getArchFault(self):
        arch, generic = self.files['sel4/faults_gen.h'].split('seL4_getFault(seL4_MessageInfo_t tag)')
        self.assertIn('seL4_getArchFault(seL4_MessageInfo_t tag)', arch)
        for name in ('UnknownSyscall', 'UserException', 'VMFault'):
            self.assertIn(f'case seL4_Fault_{name}:', arch)
            self.assertNotIn(f'case seL4_Fault_{name}:', generic)
        self.assertNotIn('case seL4_Fault_CapFault:', arch)
        self.assertIn('case seL4_Fault_CapFault:', generic)
        self.assertIn('return seL4_Fault_NullFault_new();', arch)
        self.assertIn('return seL4_getArchFault(tag);', generic)

    def test_absent_methods_get_result_structs_but_no_stubs(self):
        client = self.files['interfaces/sel4_client.h']
        self.assertIn('typedef struct seL4_TCB_GetBreakpoint {\n    int error;\n    seL4_Word vaddr;\n'
                      '    seL4_Word type;\n    seL4_Word size;\n    seL4_Word rw;\n'
                      '    seL4_Bool is_enabled;\n} seL4_TCB_GetBreakpoint_t;\n', client)
        self.assertIn('typedef struct seL4_SchedContext_YieldTo {\n    int error;\n'
                      '    seL4_Time consumed;\n} seL4_SchedContext_YieldTo_t;\n', client)
        self.assertNotIn('seL4_TCB_GetBreakpoint(', client)


class OutputsTest(unittest.TestCase):
    def test_help_exits_cleanly(self):
        r = subprocess.run(['/usr/bin/python3', TOOL, '--help'], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        self.assertIn('--kernel-header', r.stdout)

    def test_kernel_headers(self):
        with tempfile.TemporaryDirectory() as d:
            k, s = (os.path.join(d, n) for n in ('inv.h', 'sys.h'))
            self.assertEqual(gen.main(['--kernel-header', k, '--kernel-syscall-header', s]), 0)
            with open(k) as f:
                self.assertIn('#if !defined(CONFIG_ENABLE_SMP_SUPPORT)\n    ARMIRQIssueSGISignal,\n',
                              f.read())
            if shutil.which('gcc'):
                self.assert_labels_per_configuration(d, k)
            with open(s) as f:
                text = f.read()
            self.assertIn('    SysSetTLSBase = -30,\n', text)
            self.assertIn('#define SYSCALL_MIN (-8)', text)

    def assert_labels_per_configuration(self, d, header):
        """The conditional labels get upstream's values in each build
        (../shared/abi/reference-16.txt, reference-16-smp.txt)."""
        with open(os.path.join(d, 'autoconf.h'), 'w') as f:
            f.write('')
        probe = os.path.join(d, 'probe.c')
        expect = {
            '': {'TCBSetTLSBase': 15, 'ARMIRQIssueSGISignal': 49, 'nArchInvocationLabels': 50},
            'CONFIG_ENABLE_SMP_SUPPORT': {'TCBSetAffinity': 15, 'TCBSetTLSBase': 16,
                                          'ARMPDClean_Data': 34, 'ARMIRQIssueIRQHandlerTrigger': 49,
                                          'ARMIRQIssueIRQHandlerTriggerCore': 50,
                                          'nArchInvocationLabels': 51},
        }
        for define, labels in expect.items():
            with open(probe, 'w') as f:
                f.write(f'#include "{header}"\n#include <stdio.h>\nint main(void) {{\n')
                f.writelines(f'    printf("{n} %d\\n", (int){n});\n' for n in labels)
                f.write('    return 0;\n}\n')
            exe = os.path.join(d, 'probe')
            flags = [f'-D{define}=1'] if define else []
            subprocess.run(['gcc', '-I', d, *flags, '-o', exe, probe], check=True)
            out = subprocess.run([exe], capture_output=True, text=True, check=True).stdout
            self.assertEqual(dict((n, int(v)) for n, v in (line.split() for line in out.splitlines())),
                             labels, define or 'default')

    @unittest.skipUnless(shutil.which('arm-none-eabi-gcc'), 'no arm-none-eabi-gcc')
    def test_headers_compile_freestanding_with_werror(self):
        src = textwrap.dedent('''\
            #include <sel4/sel4.h>
            seL4_Word f(seL4_UserContext *c)
            {
                seL4_Word b = 0;
                seL4_MessageInfo_t t = seL4_Recv(1, &b);
                b += seL4_TCB_ReadRegisters(1, 0, 0, 19, c) + seL4_ARM_Page_GetAddress(2).paddr;
                b += seL4_CNode_Mint(2, 3, 32, 2, 4, 32, seL4_AllRights, 7);
                t = seL4_ReplyRecv(1, t, &b);
                seL4_DebugPutString("x");
                seL4_Fault_t f = seL4_getArchFault(t);
                seL4_Fault_UserException_ptr_new(&f, 1, 2, 3, 4, 5);
                b += seL4_Fault_seL4_FaultType_equals(f, seL4_Fault_UserException);
                return b + seL4_Fault_get_seL4_FaultType(seL4_getFault(t));
            }
            ''')
        with GeneratedDir() as g:
            path = os.path.join(g.path, 't.c')
            with open(path, 'w') as f:
                f.write(src)
            for opt in ('-O0', '-O2'):
                r = subprocess.run(['arm-none-eabi-gcc', '-std=gnu11', '-Wall', '-Wextra', '-Werror',
                                    '-ffreestanding', '-mcpu=cortex-a15', '-marm', '-mfloat-abi=soft',
                                    opt, '-c', path, '-o', os.devnull] + static_includes(g.path),
                                   capture_output=True, text=True)
                self.assertEqual(r.returncode, 0, r.stderr)

    @unittest.skipUnless(shutil.which('arm-linux-gnueabi-gcc') and shutil.which('qemu-arm'),
                         'no arm-linux-gnueabi-gcc or qemu-arm')
    def test_stubs_marshal_like_upstream_under_qemu(self):
        with GeneratedDir() as g:
            exe = os.path.join(g.path, 'marshal_test')
            for opt in ('-O0', '-O2'):
                r = subprocess.run(['arm-linux-gnueabi-gcc', '-static', '-march=armv7ve', '-marm',
                                    '-mfloat-abi=softfp', '-std=gnu11', '-Wall', '-Wextra', '-Werror', opt,
                                    os.path.join(LIBSEL4, 'tests', 'marshal_test.c'), '-o', exe]
                                   + static_includes(g.path), capture_output=True, text=True)
                self.assertEqual(r.returncode, 0, r.stderr)
                r = subprocess.run(['qemu-arm', exe], capture_output=True, text=True, timeout=60)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                self.assertRegex(r.stdout, r'marshal: \d+ passed, 0 failed')

    @unittest.skipUnless(os.path.exists(os.path.join(ABI_DIR, 'check-abi')) and
                         shutil.which('arm-linux-gnueabi-gcc') and shutil.which('qemu-arm'),
                         'no ../shared/abi/check-abi or its tools')
    def test_check_abi_finds_no_difference(self):
        with GeneratedDir() as g:
            r = subprocess.run([os.path.join(ABI_DIR, 'check-abi'), '--config', '16', '--'] + static_includes(g.path),
                               capture_output=True, text=True, timeout=300)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertRegex(r.stdout, r'abi: \d+ passed, 0 failed')


if __name__ == '__main__':
    unittest.main()
