/*
 * Just enough of a flattened-device-tree reader for the BootInfo tests:
 * check a blob's header and find a top-level node by a property value
 * (Devicetree Specification v0.4, chapter 5, "Flattened Devicetree Format").
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu

struct fdt_reg {
    uint64_t base;
    uint64_t size;
};

/* Whether blob (of at most len bytes) is a well-formed FDT; *why says what
 * is wrong when it is not. */
bool fdt_check(const void *blob, size_t len, const char **why);

/* The total size the header claims. */
uint32_t fdt_total_size(const void *blob);

/* Finds a child of the root node whose property `prop` holds `value` (as
 * one of the strings of a string list) and returns its first "reg" entry,
 * decoded with the root's #address-cells and #size-cells. */
bool fdt_find_reg(const void *blob, const char *prop, const char *value, struct fdt_reg *reg);
