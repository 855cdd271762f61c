/*
 * Parsing and checking the loader's payload (layout in payload.h). Pure
 * logic, host-tested: a damaged image is reported, never followed.
 */
#include "payload.h"

static uint32_t read_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint32_t payload_crc32(const uint8_t *data, word_t size)
{
    uint32_t crc = 0xffffffffu;
    for (word_t i = 0; i < size; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

static blob_t *payload_slot(payload_t *out, word_t kind)
{
    switch (kind) {
    case PAYLOAD_KERNEL:
        return &out->kernel;
    case PAYLOAD_ROOT:
        return &out->root;
    case PAYLOAD_DTB:
        return &out->dtb;
    default:
        return NULL;
    }
}

const char *payload_parse(const void *data, word_t size, payload_t *out)
{
    const uint8_t *d = data;
    *out = (payload_t){ 0 };
    if (size < 24 || __builtin_memcmp(d, PAYLOAD_MAGIC, 8) != 0) {
        return "no payload (bad magic)";
    }
    if (read_u32(d + 8) != PAYLOAD_VERSION) {
        return "unsupported payload version";
    }
    word_t count = read_u32(d + 12), total = read_u32(d + 16);
    if (total > size) {
        return "payload is truncated";
    }
    if (count == 0 || count > PAYLOAD_MAX_ENTRIES || 24 + count * 16 > total) {
        return "bad payload entry table";
    }
    for (word_t i = 0; i < count; i++) {
        const uint8_t *e = d + 24 + i * 16;
        word_t offset = read_u32(e + 4), len = read_u32(e + 8);
        blob_t *slot = payload_slot(out, read_u32(e));
        if (slot == NULL || slot->data != NULL) {
            return "unknown or repeated payload entry";
        }
        if ((uint64_t)offset + len > total) {
            return "payload entry lies outside the payload";
        }
        if (payload_crc32(d + offset, len) != read_u32(e + 12)) {
            return "payload entry fails its CRC-32 check";
        }
        *slot = (blob_t){ d + offset, len };
    }
    if (out->kernel.data == NULL || out->root.data == NULL || out->dtb.data == NULL) {
        return "payload lacks the kernel, the root task or the DTB";
    }
    return NULL;
}
