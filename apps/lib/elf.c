/*
 * rootlib's ELF reader (include/rootlib/elf.h). Fields are read with
 * memcpy, so the buffer needs no alignment.
 */
#include <string.h>
#include <rootlib/elf.h>

/* ELF32 header and program header offsets (ELF specification, Figures
 * 1-3 and 2-1). */
#define EH_IDENT_CLASS 4
#define EH_IDENT_DATA 5
#define EH_TYPE 16
#define EH_MACHINE 18
#define EH_ENTRY 24
#define EH_PHOFF 28
#define EH_PHENTSIZE 42
#define EH_PHNUM 44
#define EH_SIZE 52
#define PH_TYPE 0
#define PH_OFFSET 4
#define PH_VADDR 8
#define PH_FILESZ 16
#define PH_MEMSZ 20
#define PH_FLAGS 24
#define PH_SIZE 32

#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_ARM 40
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2

static uint32_t read32(const void *data, size_t at)
{
    uint32_t v;
    memcpy(&v, (const char *)data + at, sizeof(v));
    return v;
}

static uint16_t read16(const void *data, size_t at)
{
    uint16_t v;
    memcpy(&v, (const char *)data + at, sizeof(v));
    return v;
}

bool rootlib_elf_check(const void *data, size_t size, uint32_t *entry)
{
    static const unsigned char magic[4] = { 0x7f, 'E', 'L', 'F' };
    const unsigned char *b = data;

    if (size < EH_SIZE || memcmp(b, magic, 4) != 0 || b[EH_IDENT_CLASS] != ELFCLASS32 ||
        b[EH_IDENT_DATA] != ELFDATA2LSB || read16(data, EH_TYPE) != ET_EXEC ||
        read16(data, EH_MACHINE) != EM_ARM || read16(data, EH_PHENTSIZE) != PH_SIZE) {
        return false;
    }
    uint64_t phoff = read32(data, EH_PHOFF);
    uint64_t end = phoff + (uint64_t)read16(data, EH_PHNUM) * PH_SIZE;
    if (end > size) {
        return false;
    }
    *entry = read32(data, EH_ENTRY);
    return true;
}

unsigned rootlib_elf_segment_count(const void *data)
{
    return read16(data, EH_PHNUM);
}

bool rootlib_elf_load_segment(const void *data, size_t size, unsigned i,
                              struct rootlib_elf_segment *seg)
{
    size_t ph = read32(data, EH_PHOFF) + (size_t)i * PH_SIZE;
    if (i >= rootlib_elf_segment_count(data) || read32(data, ph + PH_TYPE) != PT_LOAD) {
        return false;
    }
    uint32_t flags = read32(data, ph + PH_FLAGS);
    *seg = (struct rootlib_elf_segment){
        .vaddr = read32(data, ph + PH_VADDR),
        .mem_size = read32(data, ph + PH_MEMSZ),
        .file_size = read32(data, ph + PH_FILESZ),
        .offset = read32(data, ph + PH_OFFSET),
        .writable = (flags & PF_W) != 0,
        .executable = (flags & PF_X) != 0,
    };
    return seg->file_size <= seg->mem_size && (uint64_t)seg->offset + seg->file_size <= size &&
           (uint64_t)seg->vaddr + seg->mem_size <= UINT32_MAX;
}
