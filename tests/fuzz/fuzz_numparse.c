/*
 * fuzz_numparse.c: numbers typed by people (numparse_double, numparse_u64) and the shortest
 * round-trip formatting (numparse_format).
 *
 * The whole input is one number's text; its first 8 bytes, when there are 8, are also taken as
 * a double to format.
 *
 * Checks: an accepted number is finite, never -0, formats in under 32 bytes and reads back
 * exactly; numparse_u64 accepts only whole numbers in [0, 2^63] that numparse_double reads the
 * same; a rejection says why; every finite double formats to text that reads back to it.
 */
#include <math.h>

#include "fuzz.h"
#include "skscope/numparse.h"

#define NUMPARSE_FUZZ_MAX 1024 /* numbers are short; longer text only tests the digit limit */

/* numparse_format(v) reads back to exactly v (-0 reads as 0, as documented). */
static void check_round_trip(double v)
{
    char buf[32], err[160];
    numparse_format(v, buf, sizeof buf);
    FUZZ_CHECK(strlen(buf) < sizeof buf - 1);
    double back = NAN;
    if (numparse_double(buf, &back, err, sizeof err) != 0) {
        fprintf(stderr, "%.17g formats as '%s', which does not read back: %s\n", v, buf, err);
        FUZZ_CHECK(0);
    }
    if (!(back == v && (v != 0 || !signbit(back)))) {
        fprintf(stderr, "%.17g formats as '%s', which reads back as %.17g\n", v, buf, back);
        FUZZ_CHECK(0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size, NUMPARSE_FUZZ_MAX);
    char err[160];
    double v = 0;
    err[0] = 0;
    int rd = numparse_double(text, &v, err, sizeof err);
    if (rd == 0) {
        FUZZ_CHECK(isfinite(v) && !(v == 0 && signbit(v)));
        check_round_trip(v);
    } else {
        FUZZ_CHECK(rd == -1 && fuzz_message_ok(err, sizeof err));
    }
    uint64_t u = 0;
    err[0] = 0;
    if (numparse_u64(text, &u, err, sizeof err) == 0) {
        FUZZ_CHECK(rd == 0 && v >= 0 && v == floor(v) && v <= 9223372036854775808.0);
        FUZZ_CHECK((double)u == v);
    } else {
        FUZZ_CHECK(fuzz_message_ok(err, sizeof err));
    }
    free(text);

    if (size >= sizeof(double)) {
        double d;
        memcpy(&d, data, sizeof d);
        if (isfinite(d))
            check_round_trip(d);
    }
    return 0;
}
