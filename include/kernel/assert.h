/*
 * Kernel assertions: invariants checked in debug builds (CONFIG_DEBUG_BUILD).
 * User input is never checked with assert, only by decode logic that returns
 * an error. The failure handler is src/kernel/assert.c (tests supply theirs).
 */
#pragma once

#include <types.h>

#undef assert
#ifdef CONFIG_DEBUG_BUILD
NORETURN void kernel_assert_failed(const char *expr, const char *file, int line);
#define assert(e) ((e) ? (void)0 : kernel_assert_failed(#e, __FILE__, __LINE__))
#else
#define assert(e) ((void)sizeof(e))
#endif
