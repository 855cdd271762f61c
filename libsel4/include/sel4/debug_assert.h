/*
 * seL4_DebugAssert: seL4_Assert unless NDEBUG is defined, when it does
 * nothing and sel4/assert.h is not even included (upstream's behaviour).
 */
#pragma once

#ifdef NDEBUG
#define seL4_DebugAssert(expr) ((void)0)
#else
#include <sel4/assert.h>
#define seL4_DebugAssert(expr) seL4_Assert(expr)
#endif
