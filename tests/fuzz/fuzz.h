/*
 * fuzz.h: what the fuzz harnesses share (header-only, static).
 *
 * Every tests/fuzz/fuzz_NAME.c defines LLVMFuzzerTestOneInput and nothing else that is global.
 * It is linked either with libFuzzer (meson -Dfuzz=true, clang: -fsanitize=fuzzer,...) or with
 * replay.c, whose main() runs it on every file of tests/fuzz/corpus/NAME/ and
 * tests/fuzz/regress/NAME/ (the 'fuzz' test suite, any compiler).
 *
 * Checks use FUZZ_CHECK, not assert: they must hold in every build, NDEBUG or not, and a failed
 * check must abort so that libFuzzer records the input as a crash.
 *
 * GSL's error handler is left at its default, which aborts: stricter than the program (main()
 * turns it off), on purpose. A GSL domain error on a parser's path means the core computed with
 * a value it had not validated yet, and a library caller that keeps the default would crash.
 */
#ifndef SKSCOPE_FUZZ_H
#define SKSCOPE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                         \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond);        \
            abort();                                                                             \
        }                                                                                        \
    } while (0)

/* A NUL-terminated, malloc'd copy of data[0 .. min(size, max)) (APIs that take C strings).
 * Aborts when out of memory (a harness has no other way to say so). */
static inline char *fuzz_cstring(const uint8_t *data, size_t size, size_t max)
{
    size_t n = size < max ? size : max;
    char *s = malloc(n + 1);
    FUZZ_CHECK(s != NULL);
    if (n)
        memcpy(s, data, n);
    s[n] = 0;
    return s;
}

/* Whether a message buffer of n bytes holds a NUL-terminated, non-empty message. */
static inline int fuzz_message_ok(const char *msg, size_t n)
{
    return msg[0] != 0 && memchr(msg, 0, n) != NULL;
}

#endif
