/*
 * fuzz_theme.c: theme files (theme_parse) on top of the built-in default theme, and the text as
 * one colour token (theme_colour_parse).
 *
 * Checks: a rejected theme leaves the Theme unchanged and the message names the file; an
 * accepted one has colours in -1 .. 255, documented attribute bits and a terminated name.
 */
#include "fuzz.h"
#include "skscope/theme.h"

#define NAME "fuzz.theme"
#define THEME_FUZZ_MAX (64 * 1024) /* theme_load reads at most 64 KiB */

static int colour_ok(int c) { return c >= THEME_COLOUR_DEFAULT && c <= 255; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size, THEME_FUZZ_MAX);
    Theme t, before;
    theme_default(&t);
    memcpy(&before, &t, sizeof t);
    char err[256];
    err[0] = 0;
    int rc = theme_parse(&t, NAME, text, err, sizeof err);
    if (rc != 0) {
        FUZZ_CHECK(rc == -1);
        FUZZ_CHECK(memcmp(&t, &before, sizeof t) == 0); /* all or nothing */
        FUZZ_CHECK(fuzz_message_ok(err, sizeof err) && strncmp(err, NAME, strlen(NAME)) == 0);
    } else {
        FUZZ_CHECK(memchr(t.name, 0, sizeof t.name) != NULL);
        for (int r = 0; r < ROLE_COUNT; r++) {
            FUZZ_CHECK(colour_ok(t.style[r].fg) && colour_ok(t.style[r].bg));
            FUZZ_CHECK((t.style[r].attr & ~(unsigned)(THEME_BOLD | THEME_DIM | THEME_UNDERLINE |
                                                      THEME_REVERSE | THEME_ITALIC)) == 0);
        }
    }
    int c = -2;
    if (theme_colour_parse(text, &c) == 0)
        FUZZ_CHECK(colour_ok(c));
    else
        FUZZ_CHECK(c == -2); /* unchanged on failure */
    free(text);
    return 0;
}
