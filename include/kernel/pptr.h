/*
 * Kernel objects are named by pptr_t, their 32-bit kernel-window address,
 * in caps, MDB links and object fields. These two functions turn such a name
 * into a C pointer and back; 0 and NULL correspond. The implementation comes
 * from <machine/pptr_impl.h>: a cast on the target, an arena in host tests.
 */
#pragma once

#include <types.h>
#include <machine/pptr_impl.h>

static inline void *pptr_to_ptr(pptr_t p)
{
    return pptr_impl_to_ptr(p);
}

static inline pptr_t ptr_to_pptr(const void *p)
{
    return pptr_impl_from_ptr(p);
}
