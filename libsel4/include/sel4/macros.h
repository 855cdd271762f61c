/*
 * Compiler helpers used by every libsel4 header: inline linkage, word-sized
 * enums and compile-time checks. The names are upstream libsel4's.
 */
#pragma once

#define LIBSEL4_INLINE_FUNC static inline
#define LIBSEL4_INLINE static inline
#define LIBSEL4_UNUSED __attribute__((__unused__))
#define LIBSEL4_WEAK __attribute__((__weak__))
#define LIBSEL4_NOINLINE __attribute__((__noinline__))
#define LIBSEL4_BIT(n) (1ul << (n))

/* Storage class of the per-thread IPC buffer pointer (seL4 16.0 made it a
 * macro so that a runtime without TLS can drop it; Keel's runtime has TLS). */
#define LIBSEL4_THREAD_LOCAL __thread

/* seL4 ABI: enums that cross the kernel boundary are a full word wide. */
#define SEL4_FORCE_LONG_ENUM(type) _enum_pad_##type = 0x7fffffff

#define SEL4_COMPILE_ASSERT(name, expr) _Static_assert(expr, #name)
#define SEL4_SIZE_SANITY(entry_bits, index_bits, size_bits) \
    SEL4_COMPILE_ASSERT(size_sanity_##size_bits, (entry_bits) + (index_bits) == (size_bits))

#define SEL4_PACKED __attribute__((__packed__))
#define SEL4_DEPRECATED(why) __attribute__((__deprecated__(why)))
#define SEL4_DEPRECATE_MACRO(x) (x)
