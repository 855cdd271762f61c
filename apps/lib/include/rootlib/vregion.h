/*
 * rootlib's virtual region allocator: hands out ranges of a free part of
 * the address space, each aligned as asked, never the same twice (a bump
 * allocator: ranges are not reused). Pure bookkeeping, checked on the host.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct rootlib_vregion {
    uintptr_t next; /* lowest address not handed out */
    uintptr_t end;  /* end of the managed range (exclusive) */
};

/* Manage [base, end). */
void rootlib_vregion_init(struct rootlib_vregion *r, uintptr_t base, uintptr_t end);

/* Reserve `bytes` at an address aligned to 2^align_bits; false (and no
 * change) if the range has no room left. */
bool rootlib_vregion_reserve(struct rootlib_vregion *r, uintptr_t bytes, unsigned align_bits,
                             uintptr_t *vaddr);
