/*
 * Host tests of the ELF loader's pure logic (tools/elfloader): ELF checks,
 * the payload parser and its CRC, and the physical layout planner, which
 * must refuse images that do not fit rather than overwrite anything.
 */
#include <string.h>
#include <test.h>

#include "elf.h"
#include "layout.h"
#include "payload.h"

/* A buffer holding one ARM ELF executable with up to two PT_LOADs. */
typedef struct {
    uint8_t bytes[512];
    word_t size;
} image_t;

static elf32_ehdr_t *ehdr(image_t *img)
{
    return (elf32_ehdr_t *)img->bytes;
}
static elf32_phdr_t *phdr(image_t *img, int i)
{
    return (elf32_phdr_t *)(img->bytes + 52 + 32 * i);
}

/* One segment: `filesz` bytes at file offset 0x100, loaded at vaddr/paddr. */
static image_t elf_with_segment(word_t vaddr, word_t paddr, word_t filesz, word_t memsz)
{
    image_t img;
    memset(&img, 0, sizeof(img));
    img.size = 0x100 + filesz;
    memcpy(img.bytes,
           "\x7f"
           "ELF\x01\x01\x01",
           7);
    elf32_ehdr_t *h = ehdr(&img);
    h->e_type = ET_EXEC;
    h->e_machine = EM_ARM;
    h->e_version = 1;
    h->e_entry = vaddr;
    h->e_phoff = 52;
    h->e_ehsize = 52;
    h->e_phentsize = 32;
    h->e_phnum = 1;
    *phdr(&img, 0) = (elf32_phdr_t){ PT_LOAD, 0x100, vaddr, paddr, filesz, memsz, 5, 0x1000 };
    return img;
}

static const char *check(image_t *img)
{
    return elf_check(img->bytes, img->size);
}

TEST(elf_check_accepts_a_minimal_arm_executable)
{
    image_t img = elf_with_segment(0x10000, 0x10000, 16, 32);
    CHECK(check(&img) == NULL);
    elf_t elf = { img.bytes, img.size };
    uint64_t lo, hi;
    elf_span(&elf, false, &lo, &hi);
    CHECK_EQ(lo, 0x10000);
    CHECK_EQ(hi, 0x10020);
    CHECK_EQ(elf_entry(&elf), 0x10000);
}

TEST(elf_check_refuses_bad_magic_class_and_machine)
{
    image_t img = elf_with_segment(0x10000, 0x10000, 16, 16);
    img.bytes[1] = 'X';
    CHECK(strcmp(check(&img), "bad ELF magic") == 0);
    img = elf_with_segment(0x10000, 0x10000, 16, 16);
    img.bytes[4] = 2; /* ELFCLASS64 */
    CHECK(strcmp(check(&img), "not a 32-bit little-endian ELF") == 0);
    img = elf_with_segment(0x10000, 0x10000, 16, 16);
    ehdr(&img)->e_machine = 3; /* x86 */
    CHECK(strcmp(check(&img), "not an ARM executable") == 0);
}

TEST(elf_check_refuses_truncated_files)
{
    image_t img = elf_with_segment(0x10000, 0x10000, 16, 16);
    CHECK(strcmp(elf_check(img.bytes, 20), "too small for an ELF header") == 0);
    CHECK(strcmp(elf_check(img.bytes, 60), "program headers lie outside the file") == 0);
    CHECK(strcmp(elf_check(img.bytes, 0x100 + 8), "segment data lies outside the file") == 0);
}

TEST(elf_check_refuses_program_headers_past_the_end)
{
    image_t img = elf_with_segment(0x10000, 0x10000, 16, 16);
    ehdr(&img)->e_phoff = 0xfffffff0u; /* offset + size overflows 32 bits */
    CHECK(strcmp(check(&img), "program headers lie outside the file") == 0);
}

TEST(elf_check_refuses_segments_that_wrap_or_overflow)
{
    image_t img = elf_with_segment(0xfffff000u, 0x10000, 16, 0x2000);
    CHECK(strcmp(check(&img), "segment wraps around the address space") == 0);
    img = elf_with_segment(0x10000, 0x10000, 32, 16);
    CHECK(strcmp(check(&img), "segment file size exceeds its memory size") == 0);
    img = elf_with_segment(0x10000, 0x10000, 16, 16);
    phdr(&img, 0)->p_offset = 0xffffffffu;
    CHECK(strcmp(check(&img), "segment data lies outside the file") == 0);
}

TEST(elf_check_refuses_an_entry_outside_every_segment)
{
    image_t img = elf_with_segment(0x10000, 0x10000, 16, 16);
    ehdr(&img)->e_entry = 0x20000;
    CHECK(strcmp(check(&img), "entry point is not in a loadable segment") == 0);
    phdr(&img, 0)->p_type = 6; /* PT_PHDR: nothing loadable left */
    CHECK(strcmp(check(&img), "no loadable segments") == 0);
}

/* ---- payload ---- */

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

/* A payload of three small blobs with correct CRCs. */
static word_t make_payload(uint8_t *buf)
{
    static const char *const blobs[] = { "kernel-elf", "root-elf", "dtb" };
    memset(buf, 0, 256);
    memcpy(buf, "KEELIMG", 8);
    put32(buf + 8, 1);
    put32(buf + 12, 3);
    word_t off = 24 + 3 * 16;
    for (word_t i = 0; i < 3; i++) {
        word_t len = (word_t)strlen(blobs[i]);
        memcpy(buf + off, blobs[i], len);
        put32(buf + 24 + 16 * i, i + 1);
        put32(buf + 24 + 16 * i + 4, off);
        put32(buf + 24 + 16 * i + 8, len);
        put32(buf + 24 + 16 * i + 12, payload_crc32(buf + off, len));
        off += len;
    }
    put32(buf + 16, off);
    return off;
}

TEST(payload_crc32_matches_the_ieee_check_value)
{
    /* The standard check value of CRC-32/ISO-HDLC over "123456789". */
    CHECK_EQ(payload_crc32((const uint8_t *)"123456789", 9), 0xcbf43926u);
}

TEST(payload_parse_finds_kernel_root_and_dtb)
{
    uint8_t buf[256];
    word_t size = make_payload(buf);
    payload_t p;
    CHECK(payload_parse(buf, size, &p) == NULL);
    CHECK(memcmp(p.kernel.data, "kernel-elf", 10) == 0 && p.kernel.size == 10);
    CHECK(memcmp(p.root.data, "root-elf", 8) == 0 && p.root.size == 8);
    CHECK(memcmp(p.dtb.data, "dtb", 3) == 0 && p.dtb.size == 3);
}

TEST(payload_parse_refuses_damage)
{
    uint8_t buf[256];
    payload_t p;
    word_t size = make_payload(buf);
    buf[0] = 'X';
    CHECK(strcmp(payload_parse(buf, size, &p), "no payload (bad magic)") == 0);
    make_payload(buf);
    CHECK(strcmp(payload_parse(buf, size - 1, &p), "payload is truncated") == 0);
    make_payload(buf);
    buf[24 + 3 * 16] ^= 1; /* flip a bit of the kernel blob */
    CHECK(strcmp(payload_parse(buf, size, &p), "payload entry fails its CRC-32 check") == 0);
    make_payload(buf);
    put32(buf + 24 + 4, 0xfffffff0u); /* kernel entry offset far outside */
    CHECK(strcmp(payload_parse(buf, size, &p), "payload entry lies outside the payload") == 0);
    make_payload(buf);
    put32(buf + 24 + 16, 1); /* two kernels */
    CHECK(strcmp(payload_parse(buf, size, &p), "unknown or repeated payload entry") == 0);
    make_payload(buf);
    put32(buf + 12, 1000);
    CHECK(strcmp(payload_parse(buf, size, &p), "bad payload entry table") == 0);
    make_payload(buf);
    put32(buf + 12, 2); /* the DTB entry is dropped */
    CHECK(strcmp(payload_parse(buf, size, &p),
                 "payload lacks the kernel, the root task or the DTB") == 0);
}

/* ---- layout ---- */

static const memory_t virt_memory = {
    .ram = { 0x40000000u, 0x80000000u },
    .loader = { 0x48000000u, 0x48100000u },
};

TEST(layout_places_root_task_and_dtb_after_the_kernel)
{
    image_t k = elf_with_segment(0xa0000000u, 0x40000000u, 16, 0x12345);
    image_t r = elf_with_segment(0x10000, 0x10000, 16, 0x3000);
    elf_t kernel = { k.bytes, k.size }, root = { r.bytes, r.size };
    layout_t l;
    CHECK(layout_plan(&virt_memory, &kernel, &root, 0x800, &l) == NULL);
    CHECK_EQ(l.kernel.start, 0x40000000u);
    CHECK_EQ(l.kernel.end, 0x40012345u);
    CHECK_EQ(l.user.start, 0x40013000u);
    CHECK_EQ(l.user.end, 0x40016000u);
    CHECK_EQ(l.user_pv_offset, 0x40013000u - 0x10000u);
    CHECK_EQ(l.dtb.start, 0x40016000u);
    CHECK_EQ(l.dtb.end, 0x40016800u);
    CHECK_EQ(l.kernel_v_entry, 0xa0000000u);
}

TEST(layout_refuses_a_root_task_too_large_for_ram)
{
    image_t k = elf_with_segment(0xa0000000u, 0x40000000u, 16, 0x1000);
    image_t r = elf_with_segment(0x10000, 0x10000, 16, 0x80000000u);
    elf_t kernel = { k.bytes, k.size }, root = { r.bytes, r.size };
    layout_t l;
    CHECK(strcmp(layout_plan(&virt_memory, &kernel, &root, 0x800, &l),
                 "root task is too large for RAM") == 0);
}

TEST(layout_refuses_to_overwrite_the_loader)
{
    image_t k = elf_with_segment(0xa0000000u, 0x40000000u, 16, 0x1000);
    image_t r = elf_with_segment(0x10000, 0x10000, 16, 0x08000000u); /* 128 MiB */
    elf_t kernel = { k.bytes, k.size }, root = { r.bytes, r.size };
    layout_t l;
    CHECK(strcmp(layout_plan(&virt_memory, &kernel, &root, 0x800, &l),
                 "root task would overwrite the loader") == 0);
    k = elf_with_segment(0xa0000000u, 0x48000000u, 16, 0x1000);
    kernel = (elf_t){ k.bytes, k.size };
    CHECK(strcmp(layout_plan(&virt_memory, &kernel, &root, 0x800, &l),
                 "kernel would overwrite the loader") == 0);
}

TEST(layout_refuses_a_kernel_outside_ram_and_an_unaligned_root_task)
{
    image_t k = elf_with_segment(0xa0000000u, 0x10000000u, 16, 0x1000);
    image_t r = elf_with_segment(0x10000, 0x10000, 16, 0x1000);
    elf_t kernel = { k.bytes, k.size }, root = { r.bytes, r.size };
    layout_t l;
    CHECK(strcmp(layout_plan(&virt_memory, &kernel, &root, 0x800, &l),
                 "kernel does not fit in RAM") == 0);
    k = elf_with_segment(0xa0000000u, 0x40000000u, 16, 0x1000);
    r = elf_with_segment(0x10010, 0x10010, 16, 0x1000);
    kernel = (elf_t){ k.bytes, k.size };
    root = (elf_t){ r.bytes, r.size };
    CHECK(strcmp(layout_plan(&virt_memory, &kernel, &root, 0x800, &l),
                 "root task does not start on a page boundary") == 0);
}
