/*
 * Fixed-size integers, seL4_Word and seL4_CPtr, defined without libc so the
 * headers work both freestanding and hosted. The architecture says which C
 * types to use (sel4_arch/simple_types.h); on aarch32 (ILP32) seL4_Word is a
 * 32-bit unsigned int and the 64-bit types are long long.
 */
#pragma once

#include <sel4/macros.h>
#include <sel4/sel4_arch/simple_types.h>

/* Check at compile time that _type_ is _size_ bytes (a whole declaration). */
#define seL4_integer_size_assert(_type_, _size_) \
    SEL4_COMPILE_ASSERT(sizeof_##_type_##_is_##_size_##_bytes, sizeof(_type_) == (_size_));

typedef signed char seL4_Int8;
typedef unsigned char seL4_Uint8;
typedef signed short seL4_Int16;
typedef unsigned short seL4_Uint16;
typedef signed int seL4_Int32;
typedef unsigned int seL4_Uint32;

#if defined(SEL4_INT64_IS_LONG_LONG)
typedef signed long long seL4_Int64;
typedef unsigned long long seL4_Uint64;
#else
#error "this libsel4 expects 64-bit integers to be long long (ILP32)"
#endif

seL4_integer_size_assert(seL4_Int8, 1) seL4_integer_size_assert(seL4_Uint8, 1)
    seL4_integer_size_assert(seL4_Int16, 2) seL4_integer_size_assert(seL4_Uint16, 2)
        seL4_integer_size_assert(seL4_Int32, 4) seL4_integer_size_assert(seL4_Uint32, 4)
            seL4_integer_size_assert(seL4_Int64, 8) seL4_integer_size_assert(seL4_Uint64, 8)

                typedef seL4_Int8 seL4_Bool;
#define seL4_True 1
#define seL4_False 0

#define seL4_Null ((void *)0)

#if defined(SEL4_WORD_IS_UINT32)
typedef seL4_Uint32 seL4_Word;
#else
#error "this libsel4 expects a 32-bit seL4_Word"
#endif
typedef seL4_Word seL4_CPtr;
typedef seL4_Word seL4_Register;

seL4_integer_size_assert(seL4_Word, 4)

/* printf() conversions for seL4_Word and the 64-bit types. */
#define SEL4_PRId_word "d"
#define SEL4_PRIi_word "i"
#define SEL4_PRIu_word "u"
#define SEL4_PRIx_word "x"
#define SEL4_PRI_word SEL4_PRIu_word
#define SEL4_PRId64 "lld"
#define SEL4_PRIi64 "lli"
#define SEL4_PRIu64 "llu"
#define SEL4_PRIx64 "llx"

    SEL4_COMPILE_ASSERT(pointers_are_words, sizeof(void *) == sizeof(seL4_Word));
