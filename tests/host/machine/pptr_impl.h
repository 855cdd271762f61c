/*
 * Host-test side of <kernel/pptr.h>: kernel-window addresses map onto a
 * host buffer, the arena, which stands for RAM in the kernel window. As on
 * the target, the window starts at 0xa0000000 (physical 0x40000000), so
 * caps hold the same 32-bit values as on the board. Addresses outside the
 * arena abort the test.
 */
#pragma once

#include <stdint.h>
#include <types.h>

#define HOST_ARENA_PPTR 0xa0000000u  /* first kernel-window address */
#define HOST_ARENA_PADDR 0x40000000u /* the physical address it stands for */
#define HOST_ARENA_BITS 25u          /* 32 MiB */

extern unsigned char host_arena[];
NORETURN void host_arena_bad_address(uintptr_t address);

static inline void *pptr_impl_to_ptr(pptr_t p)
{
    if (p == 0) {
        return NULL;
    }
    if (p - HOST_ARENA_PPTR >= BIT(HOST_ARENA_BITS)) {
        host_arena_bad_address(p);
    }
    return host_arena + (p - HOST_ARENA_PPTR);
}

static inline pptr_t pptr_impl_from_ptr(const void *p)
{
    if (p == NULL) {
        return 0;
    }
    uintptr_t offset = (uintptr_t)p - (uintptr_t)host_arena;
    if (offset >= BIT(HOST_ARENA_BITS)) {
        host_arena_bad_address((uintptr_t)p);
    }
    return HOST_ARENA_PPTR + (pptr_t)offset;
}
