/*
 * ELF32 validation and segment access for the loader. Everything read from
 * the image is bounds-checked here once, so the loader can copy segments
 * without further checks. Pure logic: the host tests run it natively.
 */
#include "elf.h"

static elf32_ehdr_t elf_header(const uint8_t *data)
{
    elf32_ehdr_t h;
    __builtin_memcpy(&h, data, sizeof(h));
    return h;
}

static elf32_phdr_t phdr_at(const uint8_t *data, word_t phoff, word_t i)
{
    elf32_phdr_t p;
    __builtin_memcpy(&p, data + phoff + i * sizeof(p), sizeof(p));
    return p;
}

static const char *elf_check_segment(const elf32_phdr_t *p, word_t size)
{
    if ((uint64_t)p->p_offset + p->p_filesz > size) {
        return "segment data lies outside the file";
    }
    if (p->p_filesz > p->p_memsz) {
        return "segment file size exceeds its memory size";
    }
    if ((uint64_t)p->p_vaddr + p->p_memsz > 0x100000000ull ||
        (uint64_t)p->p_paddr + p->p_memsz > 0x100000000ull) {
        return "segment wraps around the address space";
    }
    return NULL;
}

const char *elf_check(const void *data, word_t size)
{
    const uint8_t *d = data;
    if (size < sizeof(elf32_ehdr_t)) {
        return "too small for an ELF header";
    }
    if (d[0] != 0x7f || d[1] != 'E' || d[2] != 'L' || d[3] != 'F') {
        return "bad ELF magic";
    }
    if (d[4] != 1 || d[5] != 1) {
        return "not a 32-bit little-endian ELF";
    }
    elf32_ehdr_t h = elf_header(d);
    if (h.e_type != ET_EXEC || h.e_machine != EM_ARM) {
        return "not an ARM executable";
    }
    if (h.e_phentsize != sizeof(elf32_phdr_t) || h.e_phnum == 0) {
        return "bad program header table";
    }
    if ((uint64_t)h.e_phoff + (uint64_t)h.e_phnum * sizeof(elf32_phdr_t) > size) {
        return "program headers lie outside the file";
    }
    bool entry_loaded = false;
    word_t loads = 0;
    for (word_t i = 0; i < h.e_phnum; i++) {
        elf32_phdr_t p = phdr_at(d, h.e_phoff, i);
        if (p.p_type != PT_LOAD) {
            continue;
        }
        const char *why = elf_check_segment(&p, size);
        if (why != NULL) {
            return why;
        }
        loads++;
        if (h.e_entry >= p.p_vaddr && h.e_entry - p.p_vaddr < p.p_memsz) {
            entry_loaded = true;
        }
    }
    if (loads == 0) {
        return "no loadable segments";
    }
    if (!entry_loaded) {
        return "entry point is not in a loadable segment";
    }
    return NULL;
}

word_t elf_entry(const elf_t *elf)
{
    return elf_header(elf->data).e_entry;
}

word_t elf_segment_count(const elf_t *elf)
{
    return elf_header(elf->data).e_phnum;
}

elf32_phdr_t elf_segment(const elf_t *elf, word_t i)
{
    return phdr_at(elf->data, elf_header(elf->data).e_phoff, i);
}

void elf_span(const elf_t *elf, bool physical, uint64_t *lo, uint64_t *hi)
{
    *lo = UINT64_MAX;
    *hi = 0;
    for (word_t i = 0; i < elf_segment_count(elf); i++) {
        elf32_phdr_t p = elf_segment(elf, i);
        if (p.p_type != PT_LOAD || p.p_memsz == 0) {
            continue;
        }
        uint64_t start = physical ? p.p_paddr : p.p_vaddr;
        if (start < *lo) {
            *lo = start;
        }
        if (start + p.p_memsz > *hi) {
            *hi = start + p.p_memsz;
        }
    }
}
