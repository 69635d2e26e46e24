/*
 * fuzz_lesson.c: lesson files (lesson_parse).
 *
 * Checks: a rejected lesson says why, naming the file; an accepted one has 1 .. LESSON_MAX_STEPS
 * steps in strictly increasing number order, documented views and learners, terminated strings,
 * and every step's setup holds when the steps are applied in order (lesson_step_setup).
 */
#include "fuzz.h"
#include "skscope/learner.h"
#include "skscope/lesson.h"

#define NAME "fuzz.lesson"

static int view_ok(const char *v)
{
    char err[160];
    return !v[0] || scenario_check_view(v, err, sizeof err) == 0; /* the parser's own list */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size, SCENARIO_MAX_BYTES); /* read like a scenario: <= 1 MiB */
    Lesson *l = malloc(sizeof *l);
    FUZZ_CHECK(l != NULL);
    char err[512];
    err[0] = 0;
    int rc = lesson_parse(NAME, text, l, err, sizeof err);
    free(text);
    if (rc != 0) {
        FUZZ_CHECK(rc == -1);
        FUZZ_CHECK(fuzz_message_ok(err, sizeof err) && strncmp(err, NAME, strlen(NAME)) == 0);
        free(l);
        return 0;
    }
    FUZZ_CHECK(l->nsteps >= 1 && l->nsteps <= LESSON_MAX_STEPS);
    FUZZ_CHECK(setup_validate(&l->base.setup, err, sizeof err) == 0);
    Setup cur = l->base.setup, next;
    for (int i = 0; i < l->nsteps; i++) {
        const LessonStep *s = &l->steps[i];
        FUZZ_CHECK(i == 0 || s->number > l->steps[i - 1].number);
        FUZZ_CHECK(s->restart == 0 || s->restart == 1);
        FUZZ_CHECK(memchr(s->view, 0, sizeof s->view) && view_ok(s->view));
        FUZZ_CHECK(memchr(s->caption, 0, sizeof s->caption) != NULL);
        FUZZ_CHECK(memchr(s->setup, 0, sizeof s->setup) != NULL);
        FUZZ_CHECK((s->learners & ~(unsigned)LEARNER_MASK_ALL) == 0);
        FUZZ_CHECK(s->show == LESSON_SHOW_ALL || s->show == LESSON_SHOW_KEEP ||
                   (s->show >= 0 && s->show < LEARNER_KINDS));
        FUZZ_CHECK(lesson_step_setup(l, i, &cur, &next, err, sizeof err) == 0);
        FUZZ_CHECK(setup_validate(&next, err, sizeof err) == 0);
        cur = next;
    }
    free(l);
    return 0;
}
