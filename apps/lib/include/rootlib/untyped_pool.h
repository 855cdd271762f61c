/*
 * rootlib's untyped bookkeeping: the untypeds the program owns and how far
 * each is used. The kernel hands an untyped's memory out from its start
 * upwards, each object aligned to its own size (seL4 manual, "Untyped
 * Memory"), so one watermark per untyped says where the next object will
 * land. Pure logic, no system calls: env.c makes the Untyped_Retype
 * calls, tests/lib checks this on the host.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Untypeds one pool tracks (seL4's default CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS
 * is 230). */
#define ROOTLIB_UNTYPEDS_MAX 256u

/* The smallest untyped the kernel makes (seL4_MinUntypedBits, aarch32). */
#define ROOTLIB_MIN_UNTYPED_BITS 4u

struct rootlib_untyped {
    uintptr_t cptr;     /* the untyped's cap */
    uint64_t paddr;     /* its physical start */
    unsigned size_bits; /* it covers 2^size_bits bytes */
    bool is_device;     /* device memory: frames and untypeds only */
    uint64_t watermark; /* bytes from paddr already handed out */
};

struct rootlib_untyped_pool {
    unsigned count;
    struct rootlib_untyped list[ROOTLIB_UNTYPEDS_MAX];
};

void rootlib_untyped_pool_init(struct rootlib_untyped_pool *pool);

/* Track one more untyped, nothing of it used yet; false if the pool is
 * full or size_bits is not a size an untyped can have. */
bool rootlib_untyped_pool_add(struct rootlib_untyped_pool *pool, uintptr_t cptr, uint64_t paddr,
                              unsigned size_bits, bool is_device);

/* The RAM untyped an object of 2^size_bits bytes should come from: the
 * smallest one it still fits (keeping large untypeds for large objects).
 * False if none has room. */
bool rootlib_untyped_pool_pick(const struct rootlib_untyped_pool *pool, unsigned size_bits,
                               unsigned *index);

/* Where in untyped `index` an object of 2^size_bits bytes would start
 * (offset from its paddr); false if it does not fit. */
bool rootlib_untyped_place(const struct rootlib_untyped *u, unsigned size_bits, uint64_t *offset);

/* Record that an object of 2^size_bits bytes was retyped from untyped *u
 * (after the kernel said yes): the watermark moves past it. */
void rootlib_untyped_commit(struct rootlib_untyped *u, unsigned size_bits);

/* The same for untyped `index` of the pool. */
void rootlib_untyped_pool_commit(struct rootlib_untyped_pool *pool, unsigned index,
                                 unsigned size_bits);

/* The device untyped that covers physical address paddr; false if none. */
bool rootlib_untyped_pool_find_device(const struct rootlib_untyped_pool *pool, uint64_t paddr,
                                      unsigned *index);

/*
 * To retype a frame at a chosen place in an untyped, the memory below it
 * must be used first: padding untypeds, each as large as the watermark's
 * alignment and the distance allow. Returns the size in bits of the next
 * padding untyped to retype before a 2^align_bits-aligned object can land
 * at `offset`, 0 if the watermark is there already, or -1 if it is past
 * it (that memory was handed out) or offset is not aligned.
 */
int rootlib_untyped_padding_bits(const struct rootlib_untyped *u, uint64_t offset,
                                 unsigned align_bits);
