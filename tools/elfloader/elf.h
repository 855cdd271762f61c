/*
 * The subset of ELF32 the loader needs: checking an image is a well-formed
 * little-endian ARM executable and walking its loadable segments.
 * Field layouts from the System V ABI, "ELF header" and "Program header".
 */
#pragma once

#include <types.h>

typedef struct {
    uint8_t e_ident[16];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint32_t e_entry;
    uint32_t e_phoff;
    uint32_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
} elf32_ehdr_t;

typedef struct {
    uint32_t p_type;
    uint32_t p_offset;
    uint32_t p_vaddr;
    uint32_t p_paddr;
    uint32_t p_filesz;
    uint32_t p_memsz;
    uint32_t p_flags;
    uint32_t p_align;
} elf32_phdr_t;

#define PT_LOAD 1u
#define ET_EXEC 2u
#define EM_ARM 40u

/* A checked ELF image: every accessor below assumes elf_check succeeded. */
typedef struct {
    const uint8_t *data;
    word_t size;
} elf_t;

/* Returns NULL if `data` is a valid ARM executable, else why not. */
const char *elf_check(const void *data, word_t size);

word_t elf_entry(const elf_t *elf);
word_t elf_segment_count(const elf_t *elf);
/* Copies header i (any type) out; the image need not be aligned. */
elf32_phdr_t elf_segment(const elf_t *elf, word_t i);

/* The span [lo, hi) covered by the loadable segments, by virtual or
 * physical address. */
void elf_span(const elf_t *elf, bool physical, uint64_t *lo, uint64_t *hi);
