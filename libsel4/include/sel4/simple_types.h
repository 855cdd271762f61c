/*
 * Fixed-size integers, seL4_Word and seL4_CPtr, defined without libc so the
 * headers work both freestanding and hosted. aarch32 is ILP32: seL4_Word is
 * a 32-bit unsigned int, as upstream's SEL4_WORD_IS_UINT32.
 */
#pragma once

#include <sel4/macros.h>

typedef signed char seL4_Int8;
typedef unsigned char seL4_Uint8;
typedef signed short seL4_Int16;
typedef unsigned short seL4_Uint16;
typedef signed int seL4_Int32;
typedef unsigned int seL4_Uint32;
typedef signed long long seL4_Int64;
typedef unsigned long long seL4_Uint64;

typedef seL4_Int8 seL4_Bool;
#define seL4_True 1
#define seL4_False 0

#define seL4_Null ((void *)0)

typedef seL4_Uint32 seL4_Word;
typedef seL4_Word seL4_CPtr;
typedef seL4_Word seL4_Register;

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

SEL4_COMPILE_ASSERT(seL4_Word_is_32_bits, sizeof(seL4_Word) == 4);
SEL4_COMPILE_ASSERT(seL4_Uint64_is_64_bits, sizeof(seL4_Uint64) == 8);
SEL4_COMPILE_ASSERT(pointers_are_words, sizeof(void *) == sizeof(seL4_Word));
