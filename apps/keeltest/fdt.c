/*
 * A minimal flattened-device-tree walker (see fdt.h). All FDT fields are
 * big-endian 32-bit words; the structure block is a sequence of tokens,
 * each 4-byte aligned.
 */
#include <string.h>
#include "fdt.h"

enum {
    FDT_BEGIN_NODE = 1,
    FDT_END_NODE = 2,
    FDT_PROP = 3,
    FDT_NOP = 4,
    FDT_END = 9,
};

/* Header fields, in words (Devicetree Specification 5.2). */
enum {
    HDR_MAGIC,
    HDR_TOTALSIZE,
    HDR_OFF_DT_STRUCT,
    HDR_OFF_DT_STRINGS,
    HDR_OFF_MEM_RSVMAP,
    HDR_VERSION,
    HDR_LAST_COMP_VERSION,
    HDR_BOOT_CPUID,
    HDR_SIZE_DT_STRINGS,
    HDR_SIZE_DT_STRUCT,
    HDR_WORDS,
};

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static uint32_t header(const void *blob, unsigned field)
{
    return be32((const uint8_t *)blob + 4 * field);
}

uint32_t fdt_total_size(const void *blob)
{
    return header(blob, HDR_TOTALSIZE);
}

bool fdt_check(const void *blob, size_t len, const char **why)
{
    if (len < 4 * HDR_WORDS) {
        *why = "shorter than an FDT header";
        return false;
    }
    if (header(blob, HDR_MAGIC) != FDT_MAGIC) {
        *why = "no FDT magic";
        return false;
    }
    uint32_t total = header(blob, HDR_TOTALSIZE);
    if (total > len) {
        *why = "totalsize exceeds the record";
        return false;
    }
    if (header(blob, HDR_LAST_COMP_VERSION) > 17 || header(blob, HDR_VERSION) < 16) {
        *why = "unsupported FDT version";
        return false;
    }
    uint32_t st = header(blob, HDR_OFF_DT_STRUCT), st_size = header(blob, HDR_SIZE_DT_STRUCT);
    uint32_t str = header(blob, HDR_OFF_DT_STRINGS), str_size = header(blob, HDR_SIZE_DT_STRINGS);
    if (st > total || st_size > total - st || str > total || str_size > total - str) {
        *why = "structure or strings block outside the blob";
        return false;
    }
    if (st % 4 != 0 || be32((const uint8_t *)blob + st) != FDT_BEGIN_NODE) {
        *why = "the structure block does not start with a node";
        return false;
    }
    return true;
}

/* Whether a string-list property value holds `want`. */
static bool stringlist_has(const char *list, uint32_t len, const char *want)
{
    uint32_t at = 0;
    while (at < len) {
        size_t n = strnlen(list + at, len - at);
        if (strcmp(list + at, want) == 0) {
            return true;
        }
        at += n + 1;
    }
    return false;
}

static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < cells; i++) {
        v = (v << 32) | be32(p + 4 * i);
    }
    return v;
}

bool fdt_find_reg(const void *blob, const char *prop, const char *value, struct fdt_reg *reg)
{
    const uint8_t *base = blob;
    const uint8_t *p = base + header(blob, HDR_OFF_DT_STRUCT);
    const uint8_t *end = p + header(blob, HDR_SIZE_DT_STRUCT);
    const char *strings = (const char *)base + header(blob, HDR_OFF_DT_STRINGS);
    uint32_t address_cells = 2, size_cells = 1; /* the specification's defaults */
    const uint8_t *node_reg = NULL;
    uint32_t node_reg_len = 0;
    bool node_matches = false;
    int depth = 0;

    while (p + 4 <= end) {
        uint32_t token = be32(p);
        p += 4;
        switch (token) {
        case FDT_BEGIN_NODE:
            depth++;
            if (depth == 2) {
                node_reg = NULL;
                node_matches = false;
            }
            p += (strnlen((const char *)p, (size_t)(end - p)) + 1 + 3) & ~(size_t)3;
            break;
        case FDT_END_NODE:
            if (depth == 2 && node_matches && node_reg != NULL &&
                node_reg_len >= 4 * (address_cells + size_cells)) {
                reg->base = read_cells(node_reg, address_cells);
                reg->size = read_cells(node_reg + 4 * address_cells, size_cells);
                return true;
            }
            depth--;
            break;
        case FDT_PROP: {
            uint32_t len = be32(p), name_off = be32(p + 4);
            const uint8_t *val = p + 8;
            const char *name = strings + name_off;
            p = val + ((len + 3) & ~3u);
            if (depth == 1 && strcmp(name, "#address-cells") == 0 && len == 4) {
                address_cells = be32(val);
            } else if (depth == 1 && strcmp(name, "#size-cells") == 0 && len == 4) {
                size_cells = be32(val);
            } else if (depth == 2 && strcmp(name, "reg") == 0) {
                node_reg = val;
                node_reg_len = len;
            } else if (depth == 2 && strcmp(name, prop) == 0 &&
                       stringlist_has((const char *)val, len, value)) {
                node_matches = true;
            }
            break;
        }
        case FDT_NOP:
            break;
        default: /* FDT_END or garbage */
            return false;
        }
    }
    return false;
}
