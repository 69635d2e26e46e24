/*
 * numparse.c: strict, locale-independent number parsing and shortest round-trip formatting.
 *
 * We scan the decimal syntax ourselves (so "nan", "inf", hex floats and junk never pass), then
 * convert with strtod after replacing '.' by the current locale's decimal point: the program
 * only sets LC_CTYPE, but a library must not rely on its caller for that.
 */
#include "skscope/numparse.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The current locale's decimal point character (for converting our '.' before strtod). */
static char locale_point(void)
{
    const struct lconv *lc = localeconv();
    return (lc && lc->decimal_point && lc->decimal_point[0]) ? lc->decimal_point[0] : '.';
}

static void quote_into(char *dst, size_t n, const char *src)
{
    /* Copy for messages: printable ASCII only, at most 40 characters. */
    size_t j = 0;
    for (size_t i = 0; src[i] && j + 4 < n && i < 40; i++) {
        unsigned char c = (unsigned char)src[i];
        dst[j++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (src[0] && strlen(src) > 40 && j + 4 < n) {
        dst[j++] = '.';
        dst[j++] = '.';
        dst[j++] = '.';
    }
    dst[j] = 0;
}

/* Whether the decimal text in buf (sign, digits, the locale's point, digits, e, exponent), times
 * 10^pow10, is exactly the whole number v (|v| >= 2^53, where doubles are whole numbers but
 * not every whole number is a double: 9007199254740993 would read as 2^53). */
static int exact_whole(const char *buf, int pow10, double v)
{
    char digits[800], want[800];
    size_t nd = 0;
    long frac = 0, e = 0;
    int in_frac = 0;
    const char *p = buf + (*buf == '+' || *buf == '-');
    for (; *p && *p != 'e'; p++) {
        if (!isdigit((unsigned char)*p)) {
            in_frac = 1;
            continue;
        }
        if (nd == 0 && *p == '0')
            frac += in_frac; /* leading zeros carry no digit */
        else if (nd < sizeof digits - 1)
            digits[nd++] = *p, frac += in_frac;
    }
    if (*p == 'e')
        e = strtol(p + 1, NULL, 10);
    long shift = e + pow10 - frac; /* value = digits x 10^shift */
    for (; shift < 0 && nd > 0 && digits[nd - 1] == '0'; shift++)
        nd--;
    if (shift < 0 || nd + (size_t)shift >= sizeof digits)
        return 0; /* a fraction, or beyond any double */
    memset(digits + nd, '0', (size_t)shift);
    digits[nd + (size_t)shift] = 0;
    snprintf(want, sizeof want, "%.0f", fabs(v)); /* exact: every double >= 2^53 is whole */
    return strcmp(digits, want) == 0;
}

/* numparse_double, and with `whole` the exactness rule of numparse_whole. */
static int parse(const char *text, int whole, double *out, char *err, size_t errlen)
{
    char shown[64];
    quote_into(shown, sizeof shown, text ? text : "");
    if (!text) {
        snprintf(err, errlen, "missing number");
        return -1;
    }
    const char *p = text;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p) {
        snprintf(err, errlen, "empty value (a number is needed)");
        return -1;
    }
    /* Scan [sign] digits [. digits] [e [sign] digits] by hand. */
    char buf[80];
    size_t n = 0;
    const char *q = p;
    if (*q == '+' || *q == '-')
        buf[n++] = *q++;
    size_t digits = 0;
    while (isdigit((unsigned char)*q) && n < sizeof buf - 8) {
        buf[n++] = *q++;
        digits++;
    }
    if (*q == '.') {
        buf[n++] = locale_point();
        q++;
        while (isdigit((unsigned char)*q) && n < sizeof buf - 8) {
            buf[n++] = *q++;
            digits++;
        }
    }
    if (digits == 0) {
        snprintf(err, errlen, "'%s' is not a number", shown);
        return -1;
    }
    if (*q == 'e' || *q == 'E') {
        const char *e = q + 1;
        if (*e == '+' || *e == '-')
            e++;
        if (isdigit((unsigned char)*e)) {
            buf[n++] = 'e';
            q++;
            if (*q == '+' || *q == '-')
                buf[n++] = *q++;
            size_t ed = 0;
            while (isdigit((unsigned char)*q)) {
                if (n < sizeof buf - 2)
                    buf[n++] = *q;
                q++;
                ed++;
            }
            if (ed > 6) {
                snprintf(err, errlen, "'%s' is too large or too small", shown);
                return -1;
            }
        }
    }
    if (isdigit((unsigned char)*q)) {
        snprintf(err, errlen, "'%s' has too many digits", shown);
        return -1;
    }
    buf[n] = 0;
    double scale = 1;
    int pow10 = 0;
    switch (*q) {
    case 'k': case 'K': scale = 1e3; pow10 = 3; q++; break;
    case 'M': scale = 1e6; pow10 = 6; q++; break;
    case 'G': scale = 1e9; pow10 = 9; q++; break;
    case 'T': scale = 1e12; pow10 = 12; q++; break;
    default: break;
    }
    while (*q == ' ' || *q == '\t')
        q++;
    if (*q) {
        char junk[48];
        quote_into(junk, sizeof junk, q);
        snprintf(err, errlen, "'%s' has trailing junk '%s'", shown, junk);
        return -1;
    }
    errno = 0;
    char *end = NULL;
    double v = strtod(buf, &end);
    if (end == buf || *end) {
        snprintf(err, errlen, "'%s' is not a number", shown);
        return -1;
    }
    v *= scale;
    if (errno == ERANGE && fabs(v) > 1) {
        snprintf(err, errlen, "'%s' is too large", shown);
        return -1;
    }
    if (!isfinite(v)) {
        snprintf(err, errlen, "'%s' is too large", shown);
        return -1;
    }
    if (whole && fabs(v) >= 9007199254740992.0 && !exact_whole(buf, pow10, v)) {
        snprintf(err, errlen, "'%s' is not exactly representable (above 2^53 = 9007199254740992 not every whole "
                 "number is)", shown);
        return -1;
    }
    if (v == 0)
        v = 0; /* -0 reads as 0 */
    *out = v;
    return 0;
}

int numparse_double(const char *text, double *out, char *err, size_t errlen)
{
    return parse(text, 0, out, err, errlen);
}

int numparse_whole(const char *text, double *out, char *err, size_t errlen)
{
    return parse(text, 1, out, err, errlen);
}

int numparse_u64(const char *text, uint64_t *out, char *err, size_t errlen)
{
    double v;
    if (numparse_whole(text, &v, err, errlen) != 0)
        return -1;
    char shown[64];
    quote_into(shown, sizeof shown, text);
    if (v < 0) {
        snprintf(err, errlen, "'%s' is negative (a count is needed)", shown);
        return -1;
    }
    if (v != floor(v)) {
        snprintf(err, errlen, "'%s' is not a whole number", shown);
        return -1;
    }
    if (v > 9223372036854775808.0) {
        snprintf(err, errlen, "'%s' is too large (at most 2^63)", shown);
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

char *numparse_format(double v, char *buf, size_t buflen)
{
    char pt = locale_point();
    if (v == floor(v) && fabs(v) < 1e16) { /* whole numbers as people write them: 100, not 1e+02 */
        snprintf(buf, buflen, "%.0f", v);
        return buf;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, buflen, "%.*g", prec, v);
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%s", buf);
        if (strtod(tmp, NULL) == v)
            break;
    }
    if (pt != '.')
        for (char *c = buf; *c; c++)
            if (*c == pt)
                *c = '.';
    return buf;
}

const char *numparse_human(double v, char *buf, size_t n)
{
    static const char *const suf[] = {"", "k", "M", "G", "T", "P"};
    int i = 0;
    double v0 = v, a = fabs(v);
    while (a >= 999.5 && i < 5) {
        a /= 1000;
        v /= 1000;
        i++;
    }
    if (fabs(v0) < 1e5 && v0 == floor(v0))
        snprintf(buf, n, "%.0f", v0); /* whole numbers below 100000 exactly */
    else if (i == 0)
        snprintf(buf, n, "%.3g", v);
    else
        snprintf(buf, n, "%.*f%s", a < 9.995 ? 2 : a < 99.95 ? 1 : 0, v, suf[i]);
    return buf;
}
