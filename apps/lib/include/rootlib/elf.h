/*
 * rootlib's ELF reader: the loadable segments of a 32-bit little-endian
 * ARM executable held in memory (ELF specification, "Program Header";
 * ELF for the ARM Architecture). Pure logic, checked on the host: every
 * offset and size is checked against the buffer before it is used.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rootlib_elf_segment {
    uint32_t vaddr;     /* where it goes */
    uint32_t mem_size;  /* bytes in memory; past file_size they are zero */
    uint32_t file_size; /* bytes taken from the file */
    uint32_t offset;    /* where they are in the file */
    bool writable;
    bool executable;
};

/* Whether data[0, size) is an ELF32 ARM executable whose program headers
 * lie inside it; its entry point in *entry. */
bool rootlib_elf_check(const void *data, size_t size, uint32_t *entry);

/* The number of program headers (after a successful check). */
unsigned rootlib_elf_segment_count(const void *data);

/* Program header i, if it is a PT_LOAD segment whose file bytes lie
 * inside the buffer and whose memory range does not wrap; false if it is
 * another kind, or bad. */
bool rootlib_elf_load_segment(const void *data, size_t size, unsigned i,
                              struct rootlib_elf_segment *seg);
