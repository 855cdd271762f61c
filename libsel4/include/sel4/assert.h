/*
 * Assertions for code built on libsel4, checked in every build: seL4_Assert
 * and seL4_Fail report through __assert_fail, which the C library or the
 * program's runtime provides (libsel4 only declares it, as upstream does).
 * sel4/debug_assert.h has the variant that NDEBUG turns off.
 */
#pragma once

#include <sel4/macros.h>

/* Upstream's signature (musl's too); the caller supplies the definition. */
void __assert_fail(const char *str, const char *file, int line, const char *function);

/* Report the message s, with where it happened, as a failed assertion. */
#define seL4_Fail(s) __assert_fail(s, __FILE__, __LINE__, __func__)

#define seL4_Assert(expr)                                       \
    do {                                                        \
        if (!(expr)) {                                          \
            __assert_fail(#expr, __FILE__, __LINE__, __func__); \
        }                                                       \
    } while (0)

/* A complete declaration (it brings its own ';'), as upstream's. */
#define seL4_CompileTimeAssert(expr) SEL4_COMPILE_ASSERT(seL4_CompileTimeAssert, expr);
