/*
 * The virtual region allocator (include/rootlib/vregion.h): a bump pointer
 * that checks every step for overflow, so that a request too large for the
 * range fails instead of wrapping around.
 */
#include <rootlib/vregion.h>

void rootlib_vregion_init(struct rootlib_vregion *r, uintptr_t base, uintptr_t end)
{
    r->next = base;
    r->end = end > base ? end : base;
}

bool rootlib_vregion_reserve(struct rootlib_vregion *r, uintptr_t bytes, unsigned align_bits,
                             uintptr_t *vaddr)
{
    if (align_bits >= sizeof(uintptr_t) * 8 || bytes == 0) {
        return false;
    }
    uintptr_t mask = ((uintptr_t)1 << align_bits) - 1;
    if (r->next > UINTPTR_MAX - mask) {
        return false;
    }
    uintptr_t start = (r->next + mask) & ~mask;
    if (start >= r->end || bytes > r->end - start) {
        return false;
    }
    r->next = start + bytes;
    *vaddr = start;
    return true;
}
