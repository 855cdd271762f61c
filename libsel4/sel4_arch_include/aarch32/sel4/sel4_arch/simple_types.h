/*
 * How aarch32 (ILP32) spells seL4's integer types, under upstream's names:
 * seL4_Word is the 32-bit unsigned int and the 64-bit types are long long.
 * sel4/simple_types.h defines the types from these.
 */
#pragma once

#define SEL4_WORD_IS_UINT32
#define SEL4_INT64_IS_LONG_LONG
