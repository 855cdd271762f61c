/*
 * The test runner: runs every registered test (or the ones named in argv)
 * in registration order, isolating failures with setjmp/longjmp, and ends
 * with "N passed, N failed"; the exit status is non-zero on any failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

#define MAX_TESTS 512

static struct {
    const char *name;
    test_fn_t fn;
} tests[MAX_TESTS];
static int test_count;
static jmp_buf test_abort;
static const char *current_test;

void (*test_setup_hook)(void);
void (*test_teardown_hook)(void);

void test_register(const char *name, test_fn_t fn)
{
    if (test_count == MAX_TESTS) {
        fprintf(stderr, "too many tests\n");
        return;
    }
    tests[test_count].name = name;
    tests[test_count].fn = fn;
    test_count++;
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stdout, "  %s:%d: %s: ", file, line, current_test ? current_test : "?");
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fprintf(stdout, "\n");
    longjmp(test_abort, 1);
}

static int wanted(const char *name, int argc, char **argv)
{
    if (argc <= 1) {
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Runs one test; true when it passed. */
static int run_one(int index)
{
    current_test = tests[index].name;
    if (setjmp(test_abort) != 0) {
        return 0;
    }
    if (test_setup_hook) {
        test_setup_hook();
    }
    tests[index].fn();
    if (test_teardown_hook) {
        test_teardown_hook();
    }
    return 1;
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (int i = 0; i < test_count; i++) {
        if (!wanted(tests[i].name, argc, argv)) {
            continue;
        }
        if (run_one(i)) {
            printf("PASS %s\n", tests[i].name);
            passed++;
        } else {
            printf("FAIL %s\n", tests[i].name);
            failed++;
        }
        fflush(stdout);
    }
    current_test = NULL;
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}
