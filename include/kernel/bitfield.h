/*
 * Packed multi-word records (caps, MDB nodes, notification objects): every
 * field is declared once as (word, lsb, width, shift) in a table next to its
 * record, and the macros here turn each table row into a getter and a setter.
 */
#pragma once

#include <types.h>
#include <kernel/assert.h>

/*
 * A field keeps bits [shift, shift + width) of its value in bits
 * [lsb, lsb + width) of one word. shift > 0 is for aligned pointers whose
 * low bits are implied zero ("high" fields in seL4's bitfield language).
 */
static inline word_t bitfield_mask(word_t width)
{
    return width >= WORD_BITS ? ~0u : BIT(width) - 1u;
}

static inline word_t bitfield_get(word_t w, word_t lsb, word_t width, word_t shift)
{
    return ((w >> lsb) & bitfield_mask(width)) << shift;
}

static inline bool bitfield_fits(word_t v, word_t width, word_t shift)
{
    return (v & bitfield_mask(shift)) == 0 && ((v >> shift) & ~bitfield_mask(width)) == 0;
}

static inline word_t bitfield_set(word_t w, word_t lsb, word_t width, word_t shift, word_t v)
{
    assert(bitfield_fits(v, width, shift));
    w &= ~(bitfield_mask(width) << lsb);
    return w | (((v >> shift) & bitfield_mask(width)) << lsb);
}

/* Accessors PREFIX_get_FIELD(rec) and PREFIX_set_FIELD(rec, v) -> rec. CHECK
 * is an expression over `r` asserted on every access (e.g. the cap's tag). */
#define BITFIELD_ACCESSORS(TYPE, PREFIX, FIELD, CHECK, WORD, LSB, WIDTH, SHIFT) \
    static inline word_t PREFIX##_get_##FIELD(TYPE r)                           \
    {                                                                           \
        assert(CHECK);                                                          \
        return bitfield_get(r.words[WORD], LSB, WIDTH, SHIFT);                  \
    }                                                                           \
    static inline TYPE PREFIX##_set_##FIELD(TYPE r, word_t v)                   \
    {                                                                           \
        assert(CHECK);                                                          \
        r.words[WORD] = bitfield_set(r.words[WORD], LSB, WIDTH, SHIFT, v);      \
        return r;                                                               \
    }
