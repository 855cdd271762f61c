/*
 * A tiny test framework for the host tests: TEST(name) defines a test whose
 * name says the behaviour it checks; CHECK and CHECK_EQ fail it (and only
 * it) with the file, line and values. test_main.c runs them all, or those
 * named on the command line, and prints "N passed, N failed".
 */
#pragma once

#include <stdint.h>

typedef void (*test_fn_t)(void);

void test_register(const char *name, test_fn_t fn);
__attribute__((noreturn, format(printf, 3, 4))) void test_fail(const char *file, int line,
                                                               const char *fmt, ...);

/* Set by the test support: run before (and after) every test. */
extern void (*test_setup_hook)(void);
extern void (*test_teardown_hook)(void);

#define TEST(name)                                                 \
    static void name(void);                                        \
    __attribute__((constructor)) static void register_##name(void) \
    {                                                              \
        test_register(#name, name);                                \
    }                                                              \
    static void name(void)

#define CHECK(cond)                                            \
    do {                                                       \
        if (!(cond)) {                                         \
            test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); \
        }                                                      \
    } while (0)

#define CHECK_EQ(actual, expected)                                                               \
    do {                                                                                         \
        unsigned long long check_a_ = (unsigned long long)(actual);                              \
        unsigned long long check_e_ = (unsigned long long)(expected);                            \
        if (check_a_ != check_e_) {                                                              \
            test_fail(__FILE__, __LINE__, "%s == %s: got %llu (0x%llx), expected %llu (0x%llx)", \
                      #actual, #expected, check_a_, check_a_, check_e_, check_e_);               \
        }                                                                                        \
    } while (0)
