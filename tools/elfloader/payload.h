/*
 * The payload the image builder (tools/keel_image.py) appends to the loader:
 * a header, a table of entries, then the blobs. All fields little-endian.
 *
 *   offset 0   char magic[8] = "KEELIMG\0"
 *          8   u32 version (1)
 *         12   u32 entry count
 *         16   u32 total size in bytes, header included
 *         20   u32 reserved (0)
 *         24   entries: { u32 kind, u32 offset, u32 size, u32 crc32 } each,
 *              offsets from the start of the header
 */
#pragma once

#include <types.h>

#define PAYLOAD_MAGIC "KEELIMG"
#define PAYLOAD_VERSION 1u
#define PAYLOAD_MAX_ENTRIES 8u

typedef enum {
    PAYLOAD_KERNEL = 1, /* the kernel ELF */
    PAYLOAD_ROOT = 2,   /* the root task ELF */
    PAYLOAD_DTB = 3,    /* the platform's device tree blob */
} payload_kind_t;

typedef struct {
    const uint8_t *data;
    word_t size;
} blob_t;

typedef struct {
    blob_t kernel, root, dtb;
} payload_t;

/* Checks the payload at data (size bytes available); NULL or why not. */
const char *payload_parse(const void *data, word_t size, payload_t *out);

/* CRC-32 (IEEE 802.3 polynomial, reflected), as Python's zlib.crc32. */
uint32_t payload_crc32(const uint8_t *data, word_t size);
