/*
 * Host tests of the kernel's printf formatter (src/kernel/format.c), which
 * the kernel and the loader use for every line they print.
 */
#include <string.h>
#include <test.h>

#include <kernel/printf.h>

typedef struct {
    char text[128];
    int len;
} sink_buf_t;

static void to_buf(void *ctx, char c)
{
    sink_buf_t *b = ctx;
    if (b->len < (int)sizeof(b->text) - 1) {
        b->text[b->len++] = c;
        b->text[b->len] = '\0';
    }
}

static const char *fmt(sink_buf_t *b, const char *f, ...)
{
    va_list ap;
    memset(b, 0, sizeof(*b));
    va_start(ap, f);
    int n = format_v(to_buf, b, f, ap);
    va_end(ap);
    CHECK_EQ(n, b->len);
    return b->text;
}

#define CHECK_FMT(expected, ...)                                                          \
    do {                                                                                  \
        sink_buf_t b_;                                                                    \
        const char *got_ = fmt(&b_, __VA_ARGS__);                                         \
        if (strcmp(got_, expected) != 0) {                                                \
            test_fail(__FILE__, __LINE__, "got \"%s\", expected \"%s\"", got_, expected); \
        }                                                                                 \
    } while (0)

TEST(format_prints_decimal_signed_and_unsigned)
{
    CHECK_FMT("0 42 -7 4294967295", "%d %u %d %u", 0, 42u, -7, 0xffffffffu);
    CHECK_FMT("-2147483648", "%d", (int)0x80000000u);
}

TEST(format_prints_hex_with_width_and_zero_padding)
{
    CHECK_FMT("0x0000abcd", "0x%08x", 0xabcdu);
    CHECK_FMT("DEADBEEF", "%X", 0xdeadbeefu);
    CHECK_FMT("  ff|ff  ", "%4x|%-4x", 0xffu, 0xffu);
    CHECK_FMT("-0042", "%05d", -42);
}

TEST(format_prints_64_bit_values)
{
    CHECK_FMT("0x0000000100000000", "0x%016llx", 0x100000000ull);
    CHECK_FMT("18446744073709551615", "%llu", ~0ull);
    CHECK_FMT("-9223372036854775808", "%lld", (long long)(1ull << 63));
}

TEST(format_prints_strings_chars_and_percent)
{
    CHECK_FMT("a-b  c|(null)|%", "%c-%-3s%s|%s|%%", 'a', "b", "c", (char *)NULL);
    CHECK_FMT("[  hi]", "[%4s]", "hi");
}

TEST(format_survives_unknown_and_truncated_conversions)
{
    CHECK_FMT("%q", "%q");
    CHECK_FMT("x", "x%");
}

TEST(format_prints_pointers_as_0x_and_lowercase_hex)
{
    CHECK_FMT("at 0xbeef0", "at %p", (void *)(uintptr_t)0xbeef0u);
    CHECK_FMT("0x0", "%p", (void *)0);
}
