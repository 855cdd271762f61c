/*
 * ASIDs on ARMv7 (src/arch/arm/asid.c): seL4's 17-bit ASIDs name page
 * directories through a table of 2^7 ASID pools of 2^10 entries each.
 * The hardware has only 8-bit ASIDs, so each seL4 ASID borrows one of
 * hardware ASIDs 1..255 while it is in use (0 stays with the kernel's own
 * page directory) and gives it back when it is deleted or evicted.
 */
#pragma once

#include <arch/vmsa.h>
#include <object/objecttype.h>

#define ASID_POOL_COUNT BIT(ASID_BITS - ASID_LOW_BITS)
#define HW_ASID_COUNT 256u

/* An ASID pool entry: the page directory's kernel-window address, and the
 * hardware ASID it holds now (0: none). */
typedef struct asid_entry {
    word_t words[1];
} asid_entry_t;

BITFIELD_ACCESSORS(asid_entry_t, asid_entry, pd, true, 0, 14, 18, 14)
BITFIELD_ACCESSORS(asid_entry_t, asid_entry, hw_asid, true, 0, 0, 8, 0)

typedef struct asid_pool {
    asid_entry_t entries[BIT(ASID_LOW_BITS)];
} asid_pool_t;

_Static_assert(sizeof(asid_pool_t) == BIT(ASID_POOL_BITS), "an ASID pool is seL4_ASIDPoolBits");

static inline asid_pool_t *asid_pool_ptr(pptr_t p)
{
    return pptr_to_ptr(p);
}

/* Empties the ASID table and the hardware ASID allocator: the state the
 * kernel starts in (host tests start every test with it). */
void asid_init(void);

/* The page directory assigned `asid`, or NULL (seL4 findPDForASID). */
pde_t *asid_find_pd(word_t asid);

/* The hardware ASID `asid` holds, 0 if none: then the TLB holds nothing
 * of its address space. */
word_t asid_hw_asid(word_t asid);

/* Invocations of ASIDControl (MakePool) and ASID pool (Assign) caps. */
result_t decode_asid_control_invocation(const invocation_args_t *args, cap_t cap);
result_t decode_asid_pool_invocation(const invocation_args_t *args, cap_t cap);
