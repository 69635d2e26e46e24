/*
 * fuzz_scenario.c: scenario files (scenario_parse) on top of the default setup.
 *
 * Checks: a rejected file leaves the Scenario untouched and the message names the file; an
 * accepted one has a valid setup, run keys in their documented ranges and terminated strings.
 */
#include "fuzz.h"
#include "skscope/learner.h"
#include "skscope/scenario.h"

#define NAME "fuzz.ini"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size, SCENARIO_MAX_BYTES); /* files are read whole, <= 1 MiB */
    Scenario sc, before;
    memset(&sc, 0, sizeof sc);
    setup_default(&sc.setup);
    memcpy(&before, &sc, sizeof sc); /* padding too: compared with memcmp below */
    char err[512];
    err[0] = 0;
    int rc = scenario_parse(NAME, text, &sc, err, sizeof err);
    free(text);
    if (rc != 0) {
        FUZZ_CHECK(rc == -1);
        FUZZ_CHECK(memcmp(&sc, &before, sizeof sc) == 0); /* all or nothing */
        FUZZ_CHECK(fuzz_message_ok(err, sizeof err) && strncmp(err, NAME, strlen(NAME)) == 0);
        return 0;
    }
    FUZZ_CHECK(setup_validate(&sc.setup, err, sizeof err) == 0);
    FUZZ_CHECK(sc.points == 0 || (sc.points >= 2 && sc.points <= 100000));
    FUZZ_CHECK((sc.learners & ~(unsigned)LEARNER_MASK_ALL) == 0);
    FUZZ_CHECK(memchr(sc.title, 0, sizeof sc.title) != NULL);
    FUZZ_CHECK(memchr(sc.description, 0, sizeof sc.description) != NULL);
    return 0;
}
