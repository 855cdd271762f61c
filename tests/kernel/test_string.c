/*
 * Host tests of the kernel's own memcpy, memset and memcmp
 * (src/kernel/string.c), built here under other names (kernel_memcpy...)
 * so that they do not replace the C library's in the test program.
 */
#include <stddef.h>
#include <stdint.h>
#include <test.h>

void *kernel_memcpy(void *restrict dst, const void *restrict src, size_t n);
void *kernel_memset(void *dst, int c, size_t n);
int kernel_memcmp(const void *a, const void *b, size_t n);

TEST(kernel_memcpy_copies_exactly_n_bytes_and_returns_dst)
{
    uint8_t src[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, dst[10] = { 0 };
    CHECK(kernel_memcpy(dst + 1, src, 7) == dst + 1);
    CHECK_EQ(dst[0], 0);
    for (int i = 0; i < 7; i++) {
        CHECK_EQ(dst[1 + i], src[i]);
    }
    CHECK_EQ(dst[8], 0);
    CHECK(kernel_memcpy(dst, src, 0) == dst);
    CHECK_EQ(dst[0], 0);
}

TEST(kernel_memset_fills_with_the_low_byte_of_c)
{
    uint8_t buf[6] = { 9, 9, 9, 9, 9, 9 };
    CHECK(kernel_memset(buf + 1, 0x1a5, 4) == buf + 1); /* only 0xa5 is stored */
    CHECK_EQ(buf[0], 9);
    for (int i = 1; i < 5; i++) {
        CHECK_EQ(buf[i], 0xa5);
    }
    CHECK_EQ(buf[5], 9);
}

TEST(kernel_memcmp_orders_by_the_first_differing_byte_as_unsigned)
{
    const uint8_t a[] = { 1, 2, 0x80 }, b[] = { 1, 2, 0x7f }, c[] = { 1, 3, 0 };
    CHECK(kernel_memcmp(a, a, sizeof(a)) == 0);
    CHECK(kernel_memcmp(a, b, sizeof(a)) > 0); /* 0x80 > 0x7f: bytes are unsigned */
    CHECK(kernel_memcmp(b, a, sizeof(a)) < 0);
    CHECK(kernel_memcmp(a, c, sizeof(a)) < 0); /* decided at byte 1 */
    CHECK(kernel_memcmp(a, c, 1) == 0);
    CHECK(kernel_memcmp(a, c, 0) == 0);
}
