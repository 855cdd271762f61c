/*
 * Basic kernel types. Keel is a 32-bit kernel: a machine word is 32 bits on
 * the target and, deliberately, also in the host unit tests, so that cap and
 * slot layouts are bit-for-bit the same in both.
 */
#pragma once

#include <config.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * `unsigned int` rather than uint32_t: both are 32 bits on the target and the
 * host, but arm-none-eabi's uint32_t is `unsigned long`, and one type on both
 * sides keeps printf formats (%x, %u) right everywhere.
 */
typedef unsigned int word_t; /* a machine word */
typedef int sword_t;         /* a signed machine word */
typedef word_t paddr_t;      /* a physical address */
typedef word_t vptr_t;       /* a user virtual address */
typedef word_t pptr_t;       /* a kernel-window virtual address of an object */
typedef word_t cptr_t;       /* a capability address in a CSpace */

_Static_assert(sizeof(word_t) == 4, "Keel is a 32-bit kernel");

#define WORD_BITS 32u
#define WORD_SIZE_BITS 2u

#define BIT(n) (1u << (n))
#define MASK(n) ((n) >= WORD_BITS ? ~0u : BIT(n) - 1u)
#define IS_ALIGNED(x, bits) (((x)&MASK(bits)) == 0)
#define ROUND_DOWN(x, bits) ((x) & ~MASK(bits))
#define ROUND_UP(x, bits) ROUND_DOWN((x) + MASK(bits), bits)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define UNUSED __attribute__((unused))
#define NORETURN __attribute__((noreturn))
#define NOINLINE __attribute__((noinline))
#define PACKED __attribute__((packed))
#define ALIGN(n) __attribute__((aligned(n)))
