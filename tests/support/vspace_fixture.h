/*
 * The VSpace tests' world (on top of fixture.h): a 4 MiB RAM untyped and
 * the ASIDControl cap in the root CNode, the ASID table empty, the machine
 * fakes reset; plus helpers that build pools, page directories, page
 * tables and frames and make the ARM invocations as libsel4 would.
 */
#pragma once

#include <arch/asid.h>
#include <arch/kernel_vspace.h>
#include <arch/vspace.h>

#include "fixture.h"
#include "machine_fake.h"

#define VS_UNTYPED_BITS 22u
#define VS_UNTYPED_PPTR (HOST_ARENA_PPTR + 0x400000u)

/* seL4_ARM_VMAttributes and seL4_CapRights_t words. */
#define ATTR_CACHEABLE 0x1u
#define ATTR_PARITY 0x2u
#define ATTR_XN 0x4u
#define ATTR_DEFAULT (ATTR_CACHEABLE | ATTR_PARITY)
#define RIGHTS_RW (CAP_RIGHT_READ | CAP_RIGHT_WRITE)
#define RIGHTS_ALL (RIGHTS_RW | CAP_RIGHT_GRANT | CAP_RIGHT_GRANT_REPLY)

/* Root CNode slots of the VSpace world (below SLOT_FREE). */
enum {
    SLOT_VS_UNTYPED = 5,
    SLOT_ASID_CONTROL = 6,
    SLOT_POOL_UNTYPED = 7,
    SLOT_POOL = 8,
    SLOT_PD = 9,
    SLOT_PT = 10,
    SLOT_FRAME = 11,
};

/* Where the last successful invocation put its reply. */
extern word_t vs_reply[8];
extern word_t vs_reply_length;

/* Retypes one object of `type` into root slot dest, from the VSpace
 * untyped or (frames only) the device untyped; fails the test if it fails. */
void vs_retype(word_t type, word_t dest);
void vs_retype_device(word_t type, word_t dest);

/* An invocation of the cap in root slot `index`, as a Call. */
result_t vs_call(word_t index, word_t label, word_t length, const word_t *mrs, cte_t *extra0,
                 cte_t *extra1);

/* The invocations, with root slot indices. */
result_t do_make_pool(word_t untyped, word_t dest);
result_t do_assign(word_t pool, word_t pd);
result_t do_pt_map(word_t pt, word_t pd, vptr_t vaddr, word_t attr);
result_t do_pt_unmap(word_t pt);
result_t do_page_map(word_t frame, word_t pd, vptr_t vaddr, word_t rights, word_t attr);
result_t do_page_unmap(word_t frame);
result_t do_page_flush(word_t frame, word_t label, word_t start, word_t end);
result_t do_page_get_address(word_t frame);
result_t do_pd_flush(word_t pd, word_t label, vptr_t start, vptr_t end);

/* Pool 0 in SLOT_POOL (from a 4 KiB untyped in SLOT_POOL_UNTYPED) and a
 * page directory in SLOT_PD with its first ASID, 1. */
pde_t *vs_standard_vspace(void);

/* A page table in SLOT_PT mapped at vaddr in the standard vspace. */
pte_t *vs_standard_page_table(vptr_t vaddr);

static inline pde_t *pd_in(word_t index)
{
    return pptr_to_ptr(cap_page_directory_get_base(slot(index)->cap));
}

static inline pte_t *pt_in(word_t index)
{
    return pptr_to_ptr(cap_page_table_get_base(slot(index)->cap));
}

static inline paddr_t paddr_in(word_t index)
{
    return pptr_to_paddr(cap_get_ptr(slot(index)->cap));
}

static inline pptr_t pptr_in(word_t index)
{
    return cap_get_ptr(slot(index)->cap);
}

#define CHECK_INVALID_ARGUMENT(r, n)                            \
    do {                                                        \
        result_t check_ia_ = (r);                               \
        CHECK_ERROR(check_ia_, ERR_INVALID_ARGUMENT);           \
        CHECK_EQ(check_ia_.error.invalid_argument_number, (n)); \
    } while (0)

#define CHECK_INVALID_CAPABILITY(r, n)                     \
    do {                                                   \
        result_t check_ic_ = (r);                          \
        CHECK_ERROR(check_ic_, ERR_INVALID_CAPABILITY);    \
        CHECK_EQ(check_ic_.error.invalid_cap_number, (n)); \
    } while (0)
