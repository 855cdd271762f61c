/*
 * Where the loader puts things in physical memory (seL4's ELF-loader
 * convention): the kernel at its ELF physical addresses, the root task on
 * the next page after the kernel, the DTB on the page after that.
 */
#pragma once

#include "elf.h"

typedef struct {
    uint64_t start, end; /* [start, end) */
} region_t;

typedef struct {
    region_t ram;    /* usable RAM */
    region_t loader; /* the loader's own image, stack and page directory */
} memory_t;

typedef struct {
    region_t kernel;       /* physical span of the kernel's segments */
    region_t user;         /* physical span of the root task, page-aligned */
    region_t dtb;          /* physical copy of the DTB */
    word_t user_pv_offset; /* user physical minus virtual */
    word_t user_v_entry;
    word_t kernel_v_entry;
} layout_t;

/* Plans the layout for checked ELFs; NULL on success, else why it fails. */
const char *layout_plan(const memory_t *mem, const elf_t *kernel, const elf_t *root,
                        word_t dtb_size, layout_t *out);
