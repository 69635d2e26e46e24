/*
 * fuzz_setup.c: setup strings (setup_parse) on top of the defaults.
 *
 * Checks: a rejected string leaves the Setup unchanged and says why; an accepted one is valid,
 * and its canonical form (setup_format) reads back, on top of the defaults, to an identical
 * Setup (every field, doubles bit for bit) and formats to the same text again.
 */
#include "fuzz.h"
#include "skscope/setup.h"

#define SETUP_FUZZ_MAX 4096 /* setup strings are typed or pasted: a few hundred bytes */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size, SETUP_FUZZ_MAX);
    Setup s, before;
    setup_default(&s);
    before = s;
    char err[256];
    err[0] = 0;
    if (setup_parse(&s, text, err, sizeof err) != 0) {
        FUZZ_CHECK(setup_same(&s, &before)); /* all or nothing */
        FUZZ_CHECK(fuzz_message_ok(err, sizeof err));
        free(text);
        return 0;
    }
    free(text);
    FUZZ_CHECK(setup_validate(&s, err, sizeof err) == 0);

    char canon[1024], again[1024];
    size_t n = setup_format(&s, canon, sizeof canon);
    FUZZ_CHECK(n < sizeof canon && strlen(canon) == n);
    Setup back;
    setup_default(&back);
    if (setup_parse(&back, canon, err, sizeof err) != 0) {
        fprintf(stderr, "canonical form '%s' does not read back: %s\n", canon, err);
        FUZZ_CHECK(0);
    }
    if (!setup_same(&s, &back)) {
        fprintf(stderr, "canonical form '%s' reads back to another setup\n", canon);
        FUZZ_CHECK(0);
    }
    FUZZ_CHECK(setup_format(&back, again, sizeof again) == n && strcmp(canon, again) == 0);
    return 0;
}
