#!/usr/bin/python3
"""Tests of tools/sel4_api_doc.py, the API reference generator, and of the
doc lines of libsel4/interfaces/*.def that it reads.

Run: /usr/bin/python3 -m unittest discover -s tools/tests -v
"""
import contextlib
import html.parser
import importlib.util
import io
import os
import re
import tempfile
import textwrap
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
TOOL = os.path.join(ROOT, 'tools', 'sel4_api_doc.py')
DEFS = os.path.join(ROOT, 'libsel4', 'interfaces')

spec = importlib.util.spec_from_file_location('sel4_api_doc', TOOL)
doc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(doc)
gen = doc.gen

# A small interface: one method with two arguments and two errors.
SMALL = '''
type seL4_Word 32
cap seL4_CNode
group generic
interface seL4_Thing -- A thing to test with.
  method Poke ThingPoke -- Poke the thing.
    in seL4_Word  how   {how}
    in seL4_CNode where -- where to poke
    doc -- Pokes are preemptible.
    error seL4_TruncatedMessage -- Fewer than 1 message word.
    error seL4_RangeError -- `how` is above 7 (MR0 = 0, MR1 = 7).
syscall Call -1 api -- Call.
  in seL4_CPtr dest -- the cap
'''

BOOTINFO_H = '''
typedef struct seL4_Pair {
    seL4_Word first;   /* a comment */
    seL4_Uint8 second[4];
} seL4_Pair;
typedef struct seL4_BootInfo {
    seL4_Word extraLen;
} seL4_BootInfo;
LIBSEL4_INLINE_FUNC void seL4_Call(seL4_CPtr dest)
{
}
'''

BOOTINFO_DEF = '''
record seL4_BootInfo include/bi.h -- The boot info.
  member extraLen -- extra bytes
record seL4_Pair include/bi.h -- Two values.
{members}
'''


class SmallTree:
    """A libsel4-like directory with SMALL's definitions and a header."""

    def __init__(self, how='-- how hard', members='  member first -- one\n  member second -- two'):
        self.tmp = tempfile.TemporaryDirectory()
        self.libsel4 = self.tmp.name
        self.defs = os.path.join(self.libsel4, 'interfaces')
        os.makedirs(os.path.join(self.libsel4, 'include'))
        os.makedirs(self.defs)
        self.write('interfaces/small.def', SMALL.replace('{how}', how))
        self.write('interfaces/bootinfo.def', BOOTINFO_DEF.format(members=members))
        self.write('include/bi.h', BOOTINFO_H)

    def write(self, rel, text):
        with open(os.path.join(self.libsel4, rel), 'w', encoding='utf-8') as f:
            f.write(textwrap.dedent(text))

    def run(self, *extra):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            rc = doc.main(['--interfaces', self.defs, '--libsel4', self.libsel4] + list(extra))
        return rc, err.getvalue()

    def edit(self, change):
        """Rewrites small.def as change(text) returns it."""
        path = os.path.join(self.defs, 'small.def')
        with open(path) as f:
            text = f.read()
        with open(path, 'w') as f:
            f.write(change(text))

    def close(self):
        self.tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class TagBalance(html.parser.HTMLParser):
    """Checks that every element opened is closed, in order."""
    VOID = {'meta', 'br', 'hr', 'img', 'link', 'input'}

    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


class MissingDocTextTest(unittest.TestCase):
    def test_complete_definitions_pass(self):
        with SmallTree() as t:
            self.assertEqual(t.run('--check'), (0, ''))

    def test_argument_without_doc_text_fails_naming_it(self):
        with SmallTree(how='') as t:
            with open(os.path.join(t.defs, 'small.def')) as f:
                self.assertRegex(f.read(), r'in seL4_Word  how\s*\n')
            rc, err = t.run('--out-dir', os.path.join(t.libsel4, 'out'))
            self.assertEqual(rc, 1)
            self.assertIn('seL4_Thing_Poke: argument how has no doc text', err)
            self.assertNotIn('where', err)
            self.assertFalse(os.path.exists(os.path.join(t.libsel4, 'out')))

    def test_method_without_error_lines_fails_naming_it(self):
        with SmallTree() as t:
            t.edit(lambda text: re.sub(r'\s*error .*', '', text) +
                   '  method Prod ThingProd -- Prod it.\n')
            rc, err = t.run('--check')
            self.assertEqual(rc, 1)
            self.assertIn('seL4_Thing_Poke: no error lines', err)
            self.assertIn('seL4_Thing_Prod: no error lines', err)

    def test_interface_and_syscall_argument_without_text_are_named(self):
        with SmallTree() as t:
            t.edit(lambda text: text.replace(' -- A thing to test with.', '')
                   .replace(' -- the cap', ''))
            rc, err = t.run('--check')
            self.assertEqual(rc, 1)
            self.assertIn('seL4_Thing: the interface has no doc text', err)
            self.assertIn('syscall Call: argument dest has no doc text', err)

    def test_syscall_arguments_must_be_the_wrappers(self):
        with SmallTree() as t:
            t.edit(lambda text: text.replace('in seL4_CPtr dest', 'in seL4_Word dest'))
            rc, err = t.run('--check')
            self.assertEqual(rc, 1)
            self.assertIn("syscall Call: arguments [('seL4_Word', 'dest')] are not seL4_Call's "
                          "[('seL4_CPtr', 'dest')]", err)

    def test_record_must_list_the_headers_members_in_order(self):
        with SmallTree(members='  member second -- two\n  member first -- one') as t:
            rc, err = t.run('--check')
            self.assertEqual(rc, 1)
            self.assertIn('record seL4_Pair lists second, first; include/bi.h has first, second', err)

    def test_record_member_without_text_is_named(self):
        with SmallTree(members='  member first -- one\n  member second') as t:
            rc, err = t.run('--check')
            self.assertEqual(rc, 1)
            self.assertIn('seL4_Pair.second has no doc text', err)

    def test_doc_lines_are_checked_where_they_are_read(self):
        in_method = {'error seL4_NoSuchError -- x': 'malformed',
                     'error seL4_RangeError': 'malformed',
                     'member first -- x': 'member line outside a record'}
        after_bitfield = {'error seL4_RangeError -- x': 'error line outside a method',
                          'doc -- x': 'doc line outside a method'}
        for line, message in list(in_method.items()) + list(after_bitfield.items()):
            with SmallTree() as t:
                if line in in_method:
                    t.edit(lambda text: text.replace('    doc -- Pokes',
                                                     f'    {line}\n    doc -- Pokes'))
                else:
                    t.edit(lambda text: text + f'bitfield B 1\n  field x 0 0:0\n{line}\n')
                with self.assertRaisesRegex(gen.DefError, message, msg=line):
                    gen.load(t.defs)


class PageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tree = SmallTree()
        cls.out = os.path.join(cls.tree.libsel4, 'out')
        rc, err = cls.tree.run('--out-dir', cls.out)
        assert rc == 0, err

    @classmethod
    def tearDownClass(cls):
        cls.tree.close()

    def read(self, name):
        with open(os.path.join(self.out, name), encoding='utf-8') as f:
            return f.read()

    def test_every_page_is_written_as_markdown_and_html(self):
        self.assertEqual(sorted(os.listdir(self.out)),
                         sorted(f'{p}.{e}' for p in ('index', 'seL4_Thing', 'syscalls',
                                                      'bootinfo', 'types')
                                for e in ('md', 'html')))

    def test_page_lists_arguments_returns_and_errors(self):
        md = self.read('seL4_Thing.md')
        self.assertIn('## seL4_Thing_Poke\n', md)
        self.assertIn('seL4_Error seL4_Thing_Poke(seL4_Thing _service, seL4_Word how, '
                      'seL4_CNode where);', md)
        self.assertIn('| `how` | `seL4_Word` | MR0 | how hard |', md)
        self.assertIn('| `where` | `seL4_CNode` | extra cap 0 | where to poke |', md)
        self.assertIn('Pokes are preemptible.', md)
        self.assertIn('`seL4_NoError` (0) on success', md)
        self.assertIn('| `seL4_TruncatedMessage` | Fewer than 1 message word. |', md)
        self.assertIn('| `seL4_RangeError` | `how` is above 7 (MR0 = 0, MR1 = 7). |', md)
        self.assertLess(md.index('seL4_TruncatedMessage'), md.index('seL4_RangeError'))

    def test_html_page_has_the_same_content_and_balanced_tags(self):
        page = self.read('seL4_Thing.html')
        self.assertIn('<h2 id="sel4_thing_poke">seL4_Thing_Poke</h2>', page)
        self.assertIn('<td><code>seL4_RangeError</code></td><td><code>how</code> is above 7 '
                      '(MR0 = 0, MR1 = 7).</td>', page)
        self.assertEqual(page.count('<style>'), 1)
        checker = TagBalance()
        checker.feed(page)
        self.assertEqual((checker.errors, checker.stack), ([], []))

    def test_index_links_every_page_and_html_links_html(self):
        md = self.read('index.md')
        for page in ('seL4_Thing', 'syscalls', 'bootinfo', 'types'):
            self.assertIn(f']({page}.md)', md)
            self.assertIn(f'href="{page}.html"', self.read('index.html'))

    def test_bootinfo_page_takes_types_from_the_header(self):
        md = self.read('bootinfo.md')
        self.assertIn('| `first` | `seL4_Word` | one |', md)
        self.assertIn('| `second` | `seL4_Uint8[4]` | two |', md)


class RealDefinitionsTest(unittest.TestCase):
    def test_every_invocation_syscall_and_bootinfo_member_has_doc_text(self):
        d = gen.load(DEFS)
        self.assertEqual(doc.problems(d), [])
        self.assertGreater(len(d.methods), 40)
        for m in d.methods:
            self.assertTrue(d.docs[('method', m.cname)].errors, m.cname)

    def test_doc_lines_leave_the_generated_code_unchanged(self):
        """The stubs and headers from the .def files equal those from the
        same files with every doc-only line removed."""
        with tempfile.TemporaryDirectory() as bare:
            for name in os.listdir(DEFS):
                if not name.endswith('.def') or name == 'bootinfo.def':
                    continue
                with open(os.path.join(DEFS, name)) as f:
                    lines = f.read().split('\n')
                keep, in_syscall = [], False
                for line in lines:
                    word = (line.split() or [''])[0]
                    if word == 'syscall':
                        in_syscall = True
                    elif word not in ('in', 'out', 'doc', 'error', ''):
                        in_syscall = False
                    if word in ('doc', 'error') or (in_syscall and word in ('in', 'out')):
                        continue
                    if word in ('interface', 'in', 'out'):
                        line = line.split(' -- ')[0]
                    keep.append(line)
                with open(os.path.join(bare, name), 'w') as f:
                    f.write('\n'.join(keep))
            full, stripped = gen.load(DEFS), gen.load(bare)
            self.assertEqual(stripped.docs[('method', 'seL4_Untyped_Retype')].errors, [])
            self.assertEqual(gen.gen_libsel4(full), gen.gen_libsel4(stripped))
            self.assertEqual(gen.gen_kernel_labels(full), gen.gen_kernel_labels(stripped))
            self.assertEqual(gen.gen_kernel_syscalls(full), gen.gen_kernel_syscalls(stripped))

    def test_errors_named_are_seL4s(self):
        d = gen.load(DEFS)
        used = {e for (kind, _), x in d.docs.items() if kind == 'method' for e, _ in x.errors}
        self.assertLessEqual(used, set(gen.SEL4_ERRORS) | {'none'})
        self.assertGreaterEqual(len(used), 9)

    def test_reference_of_the_real_definitions_is_written(self):
        with tempfile.TemporaryDirectory() as out:
            with contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(doc.main(['--out-dir', out]), 0)
            with open(os.path.join(out, 'seL4_CNode.md')) as f:
                cnode = f.read()
            self.assertIn('## seL4_CNode_Mint\n', cnode)
            self.assertIn('| `seL4_DeleteFirst` | The destination slot is not empty. |', cnode)
            with open(os.path.join(out, 'syscalls.md')) as f:
                syscalls = f.read()
            self.assertIn('## seL4_Call\n', syscalls)
            self.assertIn('seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender);',
                          syscalls)
            with open(os.path.join(out, 'bootinfo.md')) as f:
                self.assertIn('| `untypedList` |', f.read())


if __name__ == '__main__':
    unittest.main()
