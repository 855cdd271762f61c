#!/usr/bin/python3
"""Write Keel's libsel4 API reference from libsel4/interfaces/*.def.

One page per object type (every invocation with its arguments, return values
and errors), a page of system calls, one of BootInfo, one of message layouts
and labels, and an index, each as Markdown and as HTML, into --out-dir.
Exits 1 naming every invocation, argument, system call or record that has no
doc text. The .def doc lines are described in libsel4/README.md; the parser
is tools/sel4_interface_gen.py's. Standard library only.
"""
import argparse
import html
import importlib.util
import os
import re
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))
LIBSEL4 = os.path.join(TOOLS, '..', 'libsel4')

_spec = importlib.util.spec_from_file_location(
    'sel4_interface_gen', os.path.join(TOOLS, 'sel4_interface_gen.py'))
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

# What each error leaves in the message registers (seL4 manual, "Errors";
# Keel's src/kernel/syscall_error.c writes the same).
ERROR_DETAILS = {
    'seL4_InvalidArgument': 'MR0: which argument, counted in message words from 0',
    'seL4_InvalidCapability': 'MR0: which cap, as each condition below says',
    'seL4_IllegalOperation': 'none',
    'seL4_RangeError': 'MR0, MR1: the smallest and the largest value allowed',
    'seL4_AlignmentError': 'none',
    'seL4_FailedLookup': 'MR0: 1 if the source slot failed, else 0; MR1: the lookup failure '
                         '(seL4_LookupFailureType); MR2 on: its details (bits left; for a depth '
                         'mismatch also the bits found; for a guard mismatch the guard found '
                         'and its size)',
    'seL4_TruncatedMessage': 'none',
    'seL4_DeleteFirst': 'none',
    'seL4_RevokeFirst': 'none',
    'seL4_NotEnoughMemory': 'MR0: the bytes still free in the untyped',
}


# ------------------------------------------------------------- checking

def header_members(path, name):
    """The members of struct NAME, or the enumerators of enum NAME, in a C
    header: [(name, type or value)]; None if the header does not define it."""
    with open(path, encoding='utf-8') as f:
        text = re.sub(r'/\*.*?\*/', '', f.read(), flags=re.S)
    m = re.search(r'typedef struct ' + name + r'\s*\{(.*?)\}\s*' + name + r'\s*;', text, re.S)
    if m:
        rows = re.findall(r'([\w ]+?)\s*(\**)\s*(\w+)\s*(\[[^\]]*\])?\s*;', m.group(1))
        return [(n, f'{t.strip()}{" " + s if s else ""}{a}') for t, s, n, a in rows]
    m = (re.search(r'enum ' + name + r'\s*\{(.*?)\}', text, re.S)
         or re.search(r'typedef enum\s*\{(.*?)\}\s*' + name + r'\s*;', text, re.S))
    if m:
        items = [i.strip() for i in m.group(1).split(',')]
        items = [i for i in items if i and not i.startswith('SEL4_FORCE_LONG_ENUM')]
        return [(n.strip(), v.strip()) for n, _, v in (i.partition('=') for i in items)]
    return None


def wrapper_signatures(libsel4):
    """{function name: (return type, [(arg type, arg name)])} of libsel4's
    inline functions, read from its headers (the system-call wrappers)."""
    found = {}
    for sub in ('include', 'arch_include', 'sel4_arch_include'):
        for top, _, files in os.walk(os.path.join(libsel4, sub)):
            for name in sorted(f for f in files if f.endswith('.h')):
                with open(os.path.join(top, name), encoding='utf-8') as f:
                    text = f.read()
                for m in re.finditer(r'LIBSEL4_INLINE_FUNC\s+([\w \t*]+?)\s*\b(seL4_\w+)\s*\(([^)]*)\)',
                                     text):
                    args = [a.strip() for a in m.group(3).split(',') if a.strip() not in ('', 'void')]
                    pairs = [(re.sub(r'\s*\w+$', '', a).strip(), re.search(r'(\w+)$', a).group(1))
                             for a in args]
                    found.setdefault(m.group(2), (m.group(1).strip(), pairs))
    return found


def problems(d, libsel4=LIBSEL4):
    """Every piece of missing or inconsistent doc text, as 'where: what'."""
    out = []
    docs = d.docs
    sigs = wrapper_signatures(libsel4)
    for m in d.methods:
        doc = docs.get(('method', m.cname))
        for p in m.params:
            if not p.desc:
                kind = 'result' if p.direction == 'out' else 'argument'
                out.append(f'{m.where}: {m.cname}: {kind} {p.name} has no doc text')
        if doc is None or not doc.errors:
            out.append(f'{m.where}: {m.cname}: no error lines '
                       '(write "error none -- why" if it cannot fail)')
    for iface in dict.fromkeys(m.interface for m in d.methods):
        doc = docs.get(('interface', iface))
        if doc is None or not doc.desc:
            out.append(f'{iface}: the interface has no doc text (interface {iface} -- text)')
    for s in d.syscalls:
        doc = docs.get(('syscall', s.name))
        if not s.desc:
            out.append(f'{doc.where if doc else "syscalls"}: syscall {s.name} has no doc text')
        for p in doc.params if doc else []:
            if not p.desc:
                out.append(f'{doc.where}: syscall {s.name}: argument {p.name} has no doc text')
        out += wrapper_problems(s, doc, sigs)
    records = [(n, doc) for (kind, n), doc in docs.items() if kind == 'record']
    if 'seL4_BootInfo' not in dict(records):
        out.append('no record seL4_BootInfo: BootInfo is not documented')
    for name, doc in records:
        out += record_problems(name, doc, libsel4)
    return out


def c_type(t):
    return re.sub(r'\s*\*\s*', '*', t.strip())


def wrapper_problems(s, doc, sigs):
    """The arguments documented for a system call must be its libsel4
    wrapper's, in order and typed alike (an `out` one is the pointer the
    wrapper takes; `out TYPE return` is the wrapper's result)."""
    sig = sigs.get(f'seL4_{s.name}')
    params = doc.params if doc else []
    where = doc.where if doc else 'syscalls'
    if sig is None:     # a conditional call's wrapper may be in some builds only
        return [f'{where}: syscall {s.name}: arguments documented, but libsel4 has no '
                f'seL4_{s.name}'] if params and not s.needs else []
    rtype, args = sig
    want = [(c_type(t), n) for t, n in args]
    have = [(c_type(p.type) + ('*' if p.direction == 'out' else ''), p.name)
            for p in params if p.name != 'return']
    out = []
    if have != want:
        out.append(f'{where}: syscall {s.name}: arguments {have} are not seL4_{s.name}\'s {want}')
    ret = [c_type(p.type) for p in params if p.name == 'return']
    if ret != ([c_type(rtype)] if rtype != 'void' else []):
        out.append(f'{where}: syscall {s.name}: returns {ret or "void"}, seL4_{s.name} {rtype}')
    return out


def record_problems(name, doc, libsel4):
    out = [] if doc.desc else [f'{doc.where}: record {name} has no doc text']
    path = os.path.join(libsel4, doc.header)
    found = header_members(path, name) if os.path.exists(path) else None
    if found is None:
        return out + [f'{doc.where}: {doc.header} does not define {name}']
    listed = [n for n, _ in doc.members]
    if listed != [n for n, _ in found]:
        out.append(f'{doc.where}: record {name} lists {", ".join(listed) or "nothing"}; '
                   f'{doc.header} has {", ".join(n for n, _ in found)}')
    out += [f'{doc.where}: {name}.{n} has no doc text' for n, text in doc.members if not text]
    return out


# ------------------------------------------------------- page structure
# A page is a title and a list of blocks: ('h', level, text, anchor),
# ('p', text), ('pre', text), ('ul', [text]), ('table', [head], [[cell]]).
# Text may hold `code` and [label](page.md#anchor) markup.

def anchor(name):
    return re.sub(r'[^a-z0-9_-]', '', name.lower().replace(' ', '-'))


def needs_text(needs):
    """A method's or syscall's build condition in words."""
    have = [n for n in needs if not n.startswith('!')]
    lack = [n[1:] for n in needs if n.startswith('!')]
    parts = ([f'with {" and ".join(f"`{n}`" for n in have)}'] if have else []) + \
            ([f'without {" and ".join(f"`{n}`" for n in lack)}'] if lack else [])
    return 'only in builds ' + ' and '.join(parts)


def method_blocks(d, m):
    doc = d.docs.get(('method', m.cname))
    rtype, sig = gen.signature(d, m)
    loc = gen.where_passed(d, m)
    _, _, outs, results = gen.split_params(d, m)
    label = f'Label `{m.label}`'
    needs = getattr(m, 'needs', [])
    if needs:
        label += f', {needs_text(needs)}.'
    elif m.value is not None:
        shifted = any(getattr(x, 'needs', []) for x in d.methods[:d.methods.index(m)])
        label += f' = {m.value}' + (' in the default configuration (labels before it exist '
                                    'only in some builds).' if shifted else '.')
    blocks = [('h', 2, m.cname, anchor(m.cname)), ('pre', f'{rtype} {sig};'),
              ('p', m.desc)]
    blocks += [('p', t) for t in doc.text]
    blocks.append(('p', label))
    rows = [['`_service`', f'`{m.interface}`', 'r0 (the invoked cap)',
             f'the {m.interface.replace("seL4_", "")} cap invoked, a CPtr in the caller\'s CSpace']]
    rows += [[f'`{p.name}`', f'`{p.type}`', loc[p.name], p.desc]
             for p in m.params if p.direction == 'in' or p not in results]
    blocks += [('h', 3, 'Arguments', ''), ('table', ['Argument', 'Type', 'Passed in', 'Description'], rows)]
    blocks.append(('h', 3, 'Returns', ''))
    if results:
        blocks.append(('p', f'A `{m.cname}_t`: `error` is `seL4_NoError` (0) on success, '
                            'otherwise one of the errors below, and then the other fields are 0. '
                            'On success:'))
        blocks.append(('table', ['Field', 'Type', 'Reply', 'Description'],
                       [[f'`{p.name}`', f'`{p.type}`', loc[p.name], p.desc] for p in results]))
    else:
        blocks.append(('p', '`seL4_NoError` (0) on success, otherwise one of the errors below.'))
    for p in outs:
        if p not in results:
            blocks.append(('p', f'On success `*{p.name}` (`{p.type}`, {loc[p.name]}) holds '
                                f'{p.desc[0].lower() + p.desc[1:]}.'))
    blocks.append(('h', 3, 'Errors', ''))
    real = [(e, c) for e, c in doc.errors if e != 'none']
    blocks += [('p', c) for e, c in doc.errors if e == 'none']
    if real:
        blocks.append(('table', ['Error', 'When'], [[f'`{e}`', c] for e, c in real]))
    return blocks


def interface_page(d, iface):
    doc = d.docs[('interface', iface)]
    methods = [m for m in d.methods if m.interface == iface]
    blocks = [('p', doc.desc)] + [('p', t) for t in doc.text]
    blocks.append(('table', ['Invocation', 'Summary'],
                   [[f'[`{m.cname}`](#{anchor(m.cname)})', m.desc] for m in methods]))
    for m in methods:
        blocks += method_blocks(d, m)
    results = [r for r in d.results if r.interface == iface]
    if results:
        blocks.append(('h', 2, 'Result types of other configurations', 'other-configurations'))
        blocks.append(('p', 'These methods are absent from Keel\'s configurations, but their '
                            'result structs exist, as upstream\'s do, so programs may name them.'))
        blocks.append(('table', ['Type', 'Fields', 'Where the method exists'],
                       [[f'`{r.cname}_t`', ', '.join(f'`{p.type} {p.name}`' for p in r.params),
                         r.desc] for r in results]))
    return iface, blocks


def syscall_page(d, libsel4):
    sigs = wrapper_signatures(libsel4)
    rows = [[str(s.number), f'[`seL4_{s.name}`](#{anchor("seL4_" + s.name)})', s.kind,
             needs_text(s.needs) if s.needs else 'all', s.desc] for s in d.syscalls]
    blocks = [('p', 'A system call is `swi #0` with its number in r7 (`seL4_Sys...`), the cap '
                    'in r0, the message info in r1 and MR0-MR3 in r2-r5; the libsel4 functions '
                    'below wrap them. Call, Send and NBSend on a cap other than an endpoint or '
                    'notification are invocations: see the object pages. A system call itself '
                    'returns no error code: a CPtr that does not resolve, or a number this '
                    'build lacks, is a fault sent to the thread\'s fault handler.'),
              ('table', ['Number', 'Name', 'Kind', 'Builds', 'Summary'], rows)]
    for s in d.syscalls:
        doc = d.docs.get(('syscall', s.name))
        blocks.append(('h', 2, f'seL4_{s.name}', anchor('seL4_' + s.name)))
        sig = sigs.get(f'seL4_{s.name}')
        if sig:
            args = ', '.join(f'{t}{"" if t.endswith("*") else " "}{n}' for t, n in sig[1])
            blocks.append(('pre', f'{sig[0]} seL4_{s.name}({args or "void"});'))
        blocks.append(('p', f'{s.desc} Number {s.number} (`seL4_Sys{s.name}`), {s.kind}'
                            + (f', {needs_text(s.needs)}.' if s.needs else '.')
                            + ('' if sig else ' libsel4 has no wrapper for it on ARM.')))
        blocks += [('p', t) for t in doc.text] if doc else []
        if doc and doc.params:
            blocks.append(('table', ['Argument', 'Type', 'In/out', 'Description'],
                           [[f'`{p.name}`', f'`{p.type}`', p.direction, p.desc]
                            for p in doc.params]))
    return 'System calls', blocks


def bootinfo_page(d, libsel4):
    blocks = [('p', 'What the kernel hands the root task: it starts with the address of the '
                    '`seL4_BootInfo` frame in r0 (`seL4_GetBootInfo()` in Keel\'s runtime), and '
                    'its CSpace holds the caps that frame describes. '
                    'The layouts are defined by the libsel4 headers named below; the text comes '
                    'from `libsel4/interfaces/bootinfo.def`, which must list the same members.')]
    for (kind, name), doc in d.docs.items():
        if kind != 'record':
            continue
        found = dict(header_members(os.path.join(libsel4, doc.header), name) or [])
        is_enum = header_is_enum(libsel4, doc.header, name)
        blocks += [('h', 2, name, anchor(name)), ('p', f'{doc.desc} Defined in `libsel4/{doc.header}`.')]
        blocks += [('p', t) for t in doc.text]
        head = ['Name', 'Value' if is_enum else 'Type', 'Description']
        blocks.append(('table', head, [[f'`{n}`', f'`{found.get(n, "")}`' if found.get(n) else '',
                                        t] for n, t in doc.members]))
    return 'BootInfo', blocks


def header_is_enum(libsel4, header, name):
    with open(os.path.join(libsel4, header), encoding='utf-8') as f:
        text = f.read()
    return re.search(r'enum ' + name + r'\s*\{', text) is not None or \
        re.search(r'typedef enum\s*\{[^}]*\}\s*' + name + r'\s*;', text) is not None


def types_page(d):
    blocks = [('p', 'The words that cross the user/kernel boundary, as '
                    '`libsel4/interfaces/bitfields.def` lays them out (the generated '
                    '`NAME_new`, `NAME_get_FIELD` and `NAME_set_FIELD` access them), and the '
                    'invocation labels.')]
    for b in d.blocks:
        blocks += [('h', 2, f'{b.name}_t', anchor(b.name + '_t')), ('p', f'{b.desc} {b.words} word{"s" if b.words > 1 else ""}.')]
        rows = [[f'`{f.name}`', str(f.word), f'{f.hi}:{f.lo}'] for f in b.fields + ([b.tag] if b.tag else [])]
        blocks.append(('table', ['Field', 'Word', 'Bits'], rows))
        if b.variants:
            blocks.append(('table', ['Variant', 'Tag', 'Fields (message-register order)'],
                           [[f'`{b.name}_{n}`' + (' (arch)' if n in b.arch_variants else ''),
                             str(t), ', '.join(names) or 'none'] for n, t, names in b.variants]))
    rows = []
    label_rows = getattr(d, 'label_rows', None)
    for group in gen.GROUPS:
        values = dict(d.labels[group])
        names = label_rows[group] if label_rows else [(n, []) for n, _ in d.labels[group][:-1]]
        for n, needs in names + [(gen.GROUPS[group][1], [])]:
            rows.append([f'`{n}`', group, str(values[n]) if n in values else '',
                         needs_text(needs) if needs else 'all'])
    blocks += [('h', 2, 'Invocation labels', 'labels'),
               ('p', 'Values of the default configuration; a label that only some builds have '
                     'moves the ones after it in its group in those builds (as upstream).'),
               ('table', ['Label', 'Group', 'Value', 'Builds'], rows)]
    return 'Message layouts and labels', blocks


def index_page(d, pages):
    ifaces = list(dict.fromkeys(m.interface for m in d.methods))
    count = {i: sum(m.interface == i for m in d.methods) for i in ifaces}
    blocks = [
        ('p', 'The user API of Keel, seL4 16.0.0\'s `libsel4` for aarch32: every invocation of '
              'every object type, with its arguments, return values and the errors Keel\'s '
              'kernel gives, the system calls and BootInfo. It is generated by '
              '`tools/sel4_api_doc.py` from `libsel4/interfaces/*.def`, the definitions the '
              'stubs and the kernel\'s labels come from (`ninja docs` in a build directory).'),
        ('h', 2, 'Object types', 'object-types'),
        ('table', ['Object type', 'Invocations', 'Summary'],
         [[f'[`{i}`]({i}.md)', str(count[i]), d.docs[('interface', i)].desc] for i in ifaces]),
        ('h', 2, 'Also', 'also'),
        ('ul', ['[System calls](syscalls.md): Call, Send, Recv, Reply and the rest, with the '
                'debug and benchmark calls',
                '[BootInfo](bootinfo.md): what the root task is given',
                '[Message layouts and labels](types.md): seL4_MessageInfo, seL4_CapRights, '
                'the fault messages, the invocation labels']),
        ('h', 2, 'How an invocation travels', 'invocations'),
        ('p', 'Each `seL4_<Object>_<Method>` stub is an `seL4_Call` on its first argument, '
              '`_service`, with the method\'s label in the message info. Value arguments are '
              'packed into message words in order, each aligned to its own size, so small ones '
              'share a word; MR0-MR3 travel in r2-r5, the rest in the IPC buffer. Cap '
              'arguments are CPtrs sent as extra caps, in order (`Passed in` on each page). '
              'The kernel checks every argument before it changes anything, so an error '
              'leaves no half-done state.'),
        ('h', 2, 'Errors', 'errors'),
        ('p', 'A failed invocation returns one of these (`seL4_Error`); its details are in '
              'the message registers, where the stub leaves them for `seL4_GetMR()`. Each '
              'invocation lists the errors it can give, in the order the kernel checks, and '
              'when; the conditions name the message register details as `MR0 = n`.'),
        ('table', ['Error', 'Value', 'Details'],
         [[f'`{e}`', str(i + 1), ERROR_DETAILS[e]] for i, e in enumerate(gen.SEL4_ERRORS)]),
        ('h', 2, 'What any invocation can meet', 'any-invocation'),
        ('ul', ['`_service`, or a cap argument, that does not resolve in the caller\'s '
                'CSpace: no error code but a cap fault to the caller\'s fault handler '
                '(seL4_Send: the same; seL4_NBSend: nothing happens).',
                '`_service` names an empty slot: `seL4_InvalidCapability` (MR0 = 0).',
                '`_service` is a cap of another type: that object decodes the label; for an '
                'unknown label the answer is `seL4_IllegalOperation`, an endpoint cap takes '
                'the message as IPC and a notification cap is signalled.',
                'Fewer message words or extra caps than the method needs (only hand-made '
                'messages; the stubs always send all): `seL4_TruncatedMessage`.']),
    ]
    cond = [m for m in d.methods if getattr(m, 'needs', [])]
    if cond:
        blocks += [('h', 2, 'Configuration-dependent invocations', 'configurations'),
                   ('ul', [f'[`{m.cname}`]({m.interface}.md#{anchor(m.cname)}): '
                           f'{needs_text(m.needs)}' for m in cond])]
    return 'Keel libsel4 API reference', blocks


def pages(d, libsel4=LIBSEL4):
    """{file stem: (title, blocks)} for the whole reference."""
    out = {}
    for iface in dict.fromkeys(m.interface for m in d.methods):
        out[iface] = interface_page(d, iface)
    out['syscalls'] = syscall_page(d, libsel4)
    out['bootinfo'] = bootinfo_page(d, libsel4)
    out['types'] = types_page(d)
    out['index'] = index_page(d, out)
    return out


# ------------------------------------------------------------ rendering

def md_cell(text):
    return text.replace('|', '\\|')


def to_markdown(title, blocks):
    out = [f'# {title}', '']
    if title != 'Keel libsel4 API reference':
        out += ['[Index](index.md)', '']
    for b in blocks:
        if b[0] == 'h':
            out += ['#' * b[1] + ' ' + b[2], '']
        elif b[0] == 'p':
            out += [b[1], '']
        elif b[0] == 'pre':
            out += ['```c', b[1], '```', '']
        elif b[0] == 'ul':
            out += [f'- {item}' for item in b[1]] + ['']
        elif b[0] == 'table':
            out += ['| ' + ' | '.join(b[1]) + ' |', '|' + '---|' * len(b[1])]
            out += ['| ' + ' | '.join(md_cell(c) for c in row) + ' |' for row in b[2]] + ['']
    return '\n'.join(out)


def inline_html(text):
    """Escape, then turn `code` and [label](x.md#y) into HTML."""
    parts = re.split(r'(`[^`]*`)', text)
    out = ''
    for part in parts:
        if part.startswith('`') and part.endswith('`') and len(part) > 1:
            out += f'<code>{html.escape(part[1:-1])}</code>'
        else:
            out += html.escape(part, quote=False)

    def link(m):
        target = re.sub(r'\.md(#|$)', r'.html\1', html.unescape(m.group(2)))
        return f'<a href="{html.escape(target)}">{m.group(1)}</a>'
    return re.sub(r'\[([^\]]+)\]\(([^)\s]+)\)', link, out)


CSS = '''body { font-family: sans-serif; max-width: 60em; margin: 1em auto; padding: 0 1em;
       line-height: 1.45; color: #222; }
h1, h2, h3 { font-weight: 600; }
h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
code, pre { font-family: monospace; background: #f3f3f3; }
pre { padding: 0.6em; overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
nav { font-size: 0.9em; }'''


def to_html(title, blocks):
    out = ['<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
           f'<title>{html.escape(title)}</title>', f'<style>\n{CSS}\n</style>', '</head>',
           '<body>', '<nav><a href="index.html">Keel libsel4 API reference</a></nav>',
           f'<h1>{html.escape(title)}</h1>']
    for b in blocks:
        if b[0] == 'h':
            ident = f' id="{b[3]}"' if b[3] else ''
            out.append(f'<h{b[1]}{ident}>{inline_html(b[2])}</h{b[1]}>')
        elif b[0] == 'p':
            out.append(f'<p>{inline_html(b[1])}</p>')
        elif b[0] == 'pre':
            out.append(f'<pre><code>{html.escape(b[1])}</code></pre>')
        elif b[0] == 'ul':
            out += ['<ul>'] + [f'<li>{inline_html(i)}</li>' for i in b[1]] + ['</ul>']
        elif b[0] == 'table':
            out += ['<table>', '<tr>' + ''.join(f'<th>{inline_html(h)}</th>' for h in b[1]) + '</tr>']
            out += ['<tr>' + ''.join(f'<td>{inline_html(c)}</td>' for c in row) + '</tr>'
                    for row in b[2]]
            out.append('</table>')
    out += ['</body>', '</html>', '']
    return '\n'.join(out)


# ------------------------------------------------------------------ main

def write_reference(d, out_dir, libsel4=LIBSEL4):
    """Write every page as NAME.md and NAME.html; returns the file names."""
    os.makedirs(out_dir, exist_ok=True)
    written = []
    for stem, (title, blocks) in pages(d, libsel4).items():
        for ext, render in (('md', to_markdown), ('html', to_html)):
            name = f'{stem}.{ext}'
            with open(os.path.join(out_dir, name), 'w', encoding='utf-8') as f:
                f.write(render(title, blocks))
            written.append(name)
    return written


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 epilog='The .def format is described in libsel4/README.md.')
    ap.add_argument('--interfaces', default=gen.DEFAULT_DEFS, metavar='DIR',
                    help='directory of .def files (default: libsel4/interfaces)')
    ap.add_argument('--libsel4', default=LIBSEL4, metavar='DIR',
                    help='libsel4 directory, for the headers the records name')
    ap.add_argument('--out-dir', metavar='DIR', help='write the reference here')
    ap.add_argument('--check', action='store_true', help='only check that all doc text is there')
    args = ap.parse_args(argv)
    try:
        defs = gen.load(args.interfaces)
    except (gen.DefError, OSError) as e:
        print(f'sel4_api_doc: {e}', file=sys.stderr)
        return 1
    missing = problems(defs, args.libsel4)
    for p in missing:
        print(f'sel4_api_doc: {p}', file=sys.stderr)
    if missing:
        print(f'sel4_api_doc: {len(missing)} problem(s); no reference written', file=sys.stderr)
        return 1
    if args.out_dir and not args.check:
        written = write_reference(defs, args.out_dir, args.libsel4)
        print(f'sel4_api_doc: wrote {len(written)} files to {args.out_dir}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
