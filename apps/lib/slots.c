/*
 * The CSpace slot allocator's bookkeeping (include/rootlib/slots.h): one
 * bit per slot, a search that starts where the last allocation ended.
 */
#include <string.h>
#include <rootlib/slots.h>

static bool bit_get(const struct rootlib_slots *s, uintptr_t i)
{
    return (s->used[i / 32] >> (i % 32)) & 1u;
}

static void bit_set(struct rootlib_slots *s, uintptr_t i, bool value)
{
    uint32_t mask = 1u << (i % 32);
    s->used[i / 32] = value ? (s->used[i / 32] | mask) : (s->used[i / 32] & ~mask);
}

void rootlib_slots_init(struct rootlib_slots *s, uintptr_t start, uintptr_t end)
{
    memset(s, 0, sizeof(*s));
    s->start = start;
    s->count = end > start ? end - start : 0;
    if (s->count > ROOTLIB_SLOTS_MAX) {
        s->count = ROOTLIB_SLOTS_MAX;
    }
    s->available = s->count;
}

/* Whether the n slots from index i are all free. */
static bool run_is_free(const struct rootlib_slots *s, uintptr_t i, uintptr_t n)
{
    for (uintptr_t k = 0; k < n; k++) {
        if (bit_get(s, i + k)) {
            return false;
        }
    }
    return true;
}

/* The first index of a free run of n, searching from `from` to the end of
 * the range; false if there is none. */
static bool find_run(const struct rootlib_slots *s, uintptr_t from, uintptr_t n, uintptr_t *index)
{
    for (uintptr_t i = from; i + n <= s->count; i++) {
        if (run_is_free(s, i, n)) {
            *index = i;
            return true;
        }
    }
    return false;
}

bool rootlib_slots_alloc_range(struct rootlib_slots *s, uintptr_t n, uintptr_t *first)
{
    uintptr_t index;

    if (n == 0 || n > s->available) {
        return false;
    }
    if (!find_run(s, s->hint, n, &index) && !find_run(s, 0, n, &index)) {
        return false;
    }
    for (uintptr_t k = 0; k < n; k++) {
        bit_set(s, index + k, true);
    }
    s->available -= n;
    s->hint = index + n;
    *first = s->start + index;
    return true;
}

bool rootlib_slots_alloc(struct rootlib_slots *s, uintptr_t *slot)
{
    return rootlib_slots_alloc_range(s, 1, slot);
}

bool rootlib_slots_is_used(const struct rootlib_slots *s, uintptr_t slot)
{
    return slot >= s->start && slot - s->start < s->count && bit_get(s, slot - s->start);
}

bool rootlib_slots_free(struct rootlib_slots *s, uintptr_t slot)
{
    if (!rootlib_slots_is_used(s, slot)) {
        return false;
    }
    bit_set(s, slot - s->start, false);
    s->available++;
    return true;
}
