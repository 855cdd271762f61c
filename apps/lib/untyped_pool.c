/*
 * The untyped bookkeeping (include/rootlib/untyped_pool.h): per untyped a
 * watermark, object placement as the kernel does it (round the watermark
 * up to the object's size), best-fit choice and the padding that moves a
 * device untyped's watermark to a chosen address.
 */
#include <string.h>
#include <rootlib/untyped_pool.h>

static uint64_t align_up(uint64_t value, unsigned bits)
{
    uint64_t mask = ((uint64_t)1 << bits) - 1;
    return (value + mask) & ~mask;
}

void rootlib_untyped_pool_init(struct rootlib_untyped_pool *pool)
{
    memset(pool, 0, sizeof(*pool));
}

bool rootlib_untyped_pool_add(struct rootlib_untyped_pool *pool, uintptr_t cptr, uint64_t paddr,
                              unsigned size_bits, bool is_device)
{
    if (pool->count == ROOTLIB_UNTYPEDS_MAX || size_bits < ROOTLIB_MIN_UNTYPED_BITS ||
        size_bits > 63) {
        return false;
    }
    pool->list[pool->count++] = (struct rootlib_untyped){
        .cptr = cptr,
        .paddr = paddr,
        .size_bits = size_bits,
        .is_device = is_device,
        .watermark = 0,
    };
    return true;
}

bool rootlib_untyped_place(const struct rootlib_untyped *u, unsigned size_bits, uint64_t *offset)
{
    if (size_bits > u->size_bits) {
        return false;
    }
    uint64_t start = align_up(u->watermark, size_bits);
    uint64_t size = (uint64_t)1 << u->size_bits;
    if (start > size || ((uint64_t)1 << size_bits) > size - start) {
        return false;
    }
    *offset = start;
    return true;
}

bool rootlib_untyped_pool_pick(const struct rootlib_untyped_pool *pool, unsigned size_bits,
                               unsigned *index)
{
    bool found = false;
    uint64_t offset;

    for (unsigned i = 0; i < pool->count; i++) {
        const struct rootlib_untyped *u = &pool->list[i];
        if (u->is_device || !rootlib_untyped_place(u, size_bits, &offset)) {
            continue;
        }
        if (!found || u->size_bits < pool->list[*index].size_bits) {
            *index = i;
            found = true;
        }
    }
    return found;
}

void rootlib_untyped_commit(struct rootlib_untyped *u, unsigned size_bits)
{
    u->watermark = align_up(u->watermark, size_bits) + ((uint64_t)1 << size_bits);
}

void rootlib_untyped_pool_commit(struct rootlib_untyped_pool *pool, unsigned index,
                                 unsigned size_bits)
{
    rootlib_untyped_commit(&pool->list[index], size_bits);
}

bool rootlib_untyped_pool_find_device(const struct rootlib_untyped_pool *pool, uint64_t paddr,
                                      unsigned *index)
{
    for (unsigned i = 0; i < pool->count; i++) {
        const struct rootlib_untyped *u = &pool->list[i];
        if (u->is_device && paddr >= u->paddr && paddr - u->paddr < ((uint64_t)1 << u->size_bits)) {
            *index = i;
            return true;
        }
    }
    return false;
}

/* The largest power of two that divides w (w > 0), as bits. */
static unsigned alignment_bits(uint64_t w)
{
    return (unsigned)__builtin_ctzll(w);
}

int rootlib_untyped_padding_bits(const struct rootlib_untyped *u, uint64_t offset,
                                 unsigned align_bits)
{
    uint64_t w = u->watermark;

    if ((offset & (((uint64_t)1 << align_bits) - 1)) != 0 || w > offset) {
        return -1;
    }
    if (w == offset) {
        return 0;
    }
    /* The padding must start at w, so it can be no larger than w's
     * alignment, nor reach past offset. */
    unsigned bits = 63;
    if (w != 0 && alignment_bits(w) < bits) {
        bits = alignment_bits(w);
    }
    while (((uint64_t)1 << bits) > offset - w) {
        bits--;
    }
    return bits < ROOTLIB_MIN_UNTYPED_BITS ? -1 : (int)bits;
}
