/*
 * printf-style formatting into a caller-supplied sink, without libc, without
 * 64-bit division (conversions use repeated 32-bit division by the base on
 * the halves of a 64-bit value only when it needs more than 32 bits).
 */
#include <kernel/printf.h>

typedef struct {
    format_sink_t sink;
    void *ctx;
    int count;
} out_t;

static void emit(out_t *out, char c)
{
    out->sink(out->ctx, c);
    out->count++;
}

static void emit_padded(out_t *out, const char *s, int len, int width, bool left, char pad)
{
    int fill = width > len ? width - len : 0;
    if (!left && pad == '0' && len > 0 && s[0] == '-') {
        emit(out, *s++);
        len--;
    }
    for (; !left && fill > 0; fill--) {
        emit(out, pad);
    }
    for (int i = 0; i < len; i++) {
        emit(out, s[i]);
    }
    for (; left && fill > 0; fill--) {
        emit(out, ' ');
    }
}

/* Writes digits of v in base (10 or 16) backwards from end; returns start. */
static char *format_unsigned(char *end, uint64_t v, unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    do {
        uint32_t digit;
        if (base == 16) {
            digit = (uint32_t)(v & 0xfu);
            v >>= 4;
        } else {
            /* Long division of a 64-bit value by 10 using 32-bit steps. */
            uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;
            uint32_t qhi = hi / 10u, rem = hi % 10u;
            uint32_t qlo = 0;
            for (int bit = 31; bit >= 0; bit--) {
                rem = (rem << 1) | ((lo >> bit) & 1u);
                if (rem >= 10u) {
                    rem -= 10u;
                    qlo |= 1u << bit;
                }
            }
            digit = rem;
            v = ((uint64_t)qhi << 32) | qlo;
        }
        *--p = digits[digit];
    } while (v != 0);
    return p;
}

int format_v(format_sink_t sink, void *ctx, const char *fmt, va_list ap)
{
    out_t out = { sink, ctx, 0 };
    char buf[24];
    char *end = buf + sizeof(buf);

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            emit(&out, *fmt);
            continue;
        }
        bool left = false;
        char pad = ' ';
        int width = 0, longs = 0;
        for (fmt++; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-') {
                left = true;
            } else {
                pad = '0';
            }
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++) {
            width = width * 10 + (*fmt - '0');
        }
        for (; *fmt == 'l'; fmt++) {
            longs++;
        }
        char *s = end;
        switch (*fmt) {
        case 'c':
            *--s = (char)va_arg(ap, int);
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (str == NULL) {
                str = "(null)";
            }
            int len = 0;
            while (str[len]) {
                len++;
            }
            emit_padded(&out, str, len, width, left, ' ');
            continue;
        }
        case 'd':
        case 'i': {
            int64_t v = longs >= 2 ? va_arg(ap, long long) : va_arg(ap, int);
            uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            s = format_unsigned(end, mag, 10, false);
            if (v < 0) {
                *--s = '-';
            }
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = longs >= 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);
            s = format_unsigned(end, v, *fmt == 'u' ? 10 : 16, *fmt == 'X');
            break;
        }
        case 'p':
            s = format_unsigned(end, (uintptr_t)va_arg(ap, void *), 16, false);
            *--s = 'x';
            *--s = '0';
            break;
        case '%':
            *--s = '%';
            break;
        case '\0':
            return out.count; /* a lone '%' at the end: stop */
        default:
            *--s = *fmt; /* unknown conversion: print it as is */
            *--s = '%';
            break;
        }
        emit_padded(&out, s, (int)(end - s), width, left, pad);
    }
    return out.count;
}
