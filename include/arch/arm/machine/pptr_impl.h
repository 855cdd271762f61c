/*
 * Target side of <kernel/pptr.h>: on ARMv7 the kernel runs in the kernel
 * window, so a kernel-window address is the object's C pointer.
 */
#pragma once

#include <types.h>

static inline void *pptr_impl_to_ptr(pptr_t p)
{
    return (void *)p;
}

static inline pptr_t pptr_impl_from_ptr(const void *p)
{
    return (pptr_t)p;
}
