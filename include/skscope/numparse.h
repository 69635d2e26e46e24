/*
 * numparse.h: strict parsing of numbers typed by people (setup strings, scenarios, flags, sliders).
 *
 * Accepted: decimal and exponent forms ("1.8", "1e7", "-0.5") and a size suffix k/K (10^3),
 * M (10^6), G (10^9), T (10^12) ("10M" = 1e7). Leading/trailing blanks are allowed.
 * Rejected with a message: empty text, trailing junk, NaN and infinities (any spelling),
 * hexadecimal, overflow ("1e999"). "-0" is read as 0. Always uses '.' as the decimal point,
 * whatever the locale.
 */
#ifndef SKSCOPE_NUMPARSE_H
#define SKSCOPE_NUMPARSE_H

#include <stddef.h>
#include <stdint.h>

/* numparse_double: parse `text` into *out. Returns 0 on success; on failure returns -1 and
 * writes a one-line reason (no trailing newline, e.g. "'1.2x' has trailing junk 'x'") into
 * err[errlen]. */
int numparse_double(const char *text, double *out, char *err, size_t errlen);

/* numparse_whole: like numparse_double, for text meant as a whole number (a count, a seed):
 * one of magnitude 2^53 or more must also be exactly the double it becomes
 * ("9007199254740993" would read as 2^53, a different number: an error). */
int numparse_whole(const char *text, double *out, char *err, size_t errlen);

/* numparse_u64: like numparse_whole, but the value must be a whole number in [0, 2^63]. */
int numparse_u64(const char *text, uint64_t *out, char *err, size_t errlen);

/* numparse_format: write `v` in the shortest decimal form that reads back to exactly `v`
 * ('.' decimal point). Returns `buf`. buflen >= 32 is always enough. */
char *numparse_format(double v, char *buf, size_t buflen);

/* numparse_human: v for people, in at most 4 significant characters with a k/M/G/T/P suffix
 * ("12.3M"); whole numbers below 100000 exactly ("4096"). Into buf; returns buf. */
const char *numparse_human(double v, char *buf, size_t n);

#endif
