/*
 * rootlib's CSpace slot allocator: which slots of a range of the root
 * CNode (BootInfo's `empty` region) hold a cap the program allocated.
 * Pure bookkeeping, no system calls: env.c wraps it for root tasks, and
 * tests/lib checks it on the host.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Slots one allocator manages: a root CNode of 2^13 slots (Keel's and
 * seL4's default) has fewer empty ones. A larger range is clipped. */
#define ROOTLIB_SLOTS_MAX 8192u

struct rootlib_slots {
    uintptr_t start;     /* first slot managed */
    uintptr_t count;     /* slots managed: [start, start + count) */
    uintptr_t available; /* of them, not allocated */
    uintptr_t hint;      /* index where the next search begins */
    uint32_t used[ROOTLIB_SLOTS_MAX / 32];
};

/* Manage slots [start, end), all free. */
void rootlib_slots_init(struct rootlib_slots *s, uintptr_t start, uintptr_t end);

/* One free slot; false if none is left. */
bool rootlib_slots_alloc(struct rootlib_slots *s, uintptr_t *slot);

/* n consecutive free slots (Untyped_Retype of n objects needs them), the
 * first in *first; false if no such run exists. */
bool rootlib_slots_alloc_range(struct rootlib_slots *s, uintptr_t n, uintptr_t *first);

/* Give a slot back; false (and no change) if it is outside the range or
 * not allocated. Empty the slot first (CNode_Delete): this is bookkeeping. */
bool rootlib_slots_free(struct rootlib_slots *s, uintptr_t slot);

/* Whether a slot of the range is allocated. */
bool rootlib_slots_is_used(const struct rootlib_slots *s, uintptr_t slot);
