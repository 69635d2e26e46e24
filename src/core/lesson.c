/*
 * lesson.c: lesson files: the scenario part through scenario_parse, the steps through a second
 * inih pass that only looks at [step N] sections.
 */
#include "skscope/lesson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "skscope/learner.h"
#include "skscope/numparse.h"

typedef struct StepState {
    Lesson *l;
    char msg[256];
} StepState;

static LessonStep *step_for(Lesson *l, int number)
{
    for (int i = 0; i < l->nsteps; i++)
        if (l->steps[i].number == number)
            return &l->steps[i];
    if (l->nsteps == LESSON_MAX_STEPS)
        return NULL;
    LessonStep *s = &l->steps[l->nsteps++];
    memset(s, 0, sizeof *s);
    s->number = number;
    s->show = LESSON_SHOW_KEEP;
    return s;
}

static int append(char *dst, size_t n, const char *sep, const char *text)
{
    size_t used = strlen(dst);
    int w = snprintf(dst + used, n - used, "%s%s", used ? sep : "", text);
    return w < 0 || (size_t)w >= n - used ? -1 : 0;
}

static int on_step_pair(void *user, const char *section, const char *key, const char *value)
{
    StepState *st = user;
    if (st->msg[0])
        return 0;
    if (strncmp(section, "step", 4) != 0 || (section[4] != ' ' && section[4] != 0))
        return 1;
    /* "step", one blank, then 1 to 7 digits, 1 .. 1000000: [step], [step 0], [step +3] and
     * [step abc] are all refused alike. */
    const char *digits = section + 5;
    size_t nd = section[4] == ' ' ? strspn(digits, "0123456789") : 0;
    long number = nd >= 1 && nd <= 7 && digits[nd] == 0 ? strtol(digits, NULL, 10) : 0;
    if (number < 1 || number > 1000000) {
        snprintf(st->msg, sizeof st->msg, "[%.40s]: a step needs a number from 1 to 1000000, as in [step 3]", section);
        return 0;
    }
    LessonStep *s = step_for(st->l, (int)number);
    if (!s) {
        snprintf(st->msg, sizeof st->msg, "more than %d steps", LESSON_MAX_STEPS);
        return 0;
    }
    char why[200];
    if (strcmp(key, "caption") == 0) {
        if (append(s->caption, sizeof s->caption, " ", value) != 0)
            snprintf(st->msg, sizeof st->msg, "caption longer than %zu bytes", sizeof s->caption - 1);
    } else if (strcmp(key, "restart") == 0) {
        uint64_t v;
        if (numparse_u64(value, &v, why, sizeof why) != 0 || v > 1)
            snprintf(st->msg, sizeof st->msg, "restart: '%.40s' is not 0 or 1", value);
        else
            s->restart = (int)v;
    } else if (strcmp(key, "run_to") == 0) {
        if (numparse_u64(value, &s->run_to, why, sizeof why) != 0)
            snprintf(st->msg, sizeof st->msg, "run_to: %s", why);
    } else if (strcmp(key, "view") == 0) {
        if (scenario_check_view(value, st->msg, sizeof st->msg) == 0)
            snprintf(s->view, sizeof s->view, "%s", value);
    } else if (strcmp(key, "pace") == 0) {
        if (scenario_parse_pace(value, &s->pace, st->msg, sizeof st->msg) == 0)
            s->pace_given = 1;
    } else if (strcmp(key, "show") == 0) {
        int k;
        if (scenario_show_kind(value, &k, st->msg, sizeof st->msg) == 0)
            s->show = k;
    } else if (strcmp(key, "learner") == 0 || strcmp(key, "learners") == 0) {
        if (learner_parse_set(value, &s->learners, why, sizeof why) != 0)
            snprintf(st->msg, sizeof st->msg, "%s", why);
    } else if (knob_find(key)) {
        char pair[256];
        snprintf(pair, sizeof pair, "%s=%s", key, value);
        if (append(s->setup, sizeof s->setup, ",", pair) != 0)
            snprintf(st->msg, sizeof st->msg, "too many knobs in one step");
    } else {
        snprintf(st->msg, sizeof st->msg, "unknown key '%.40s' in a step (knobs, restart, run_to, view, "
                 "show, pace, caption, learner)", key);
    }
    return st->msg[0] ? 0 : 1;
}

static int by_number(const void *a, const void *b)
{
    const LessonStep *x = a, *y = b;
    return x->number - y->number;
}

int lesson_parse(const char *name, const char *text, Lesson *l, char *err, size_t errlen)
{
    memset(l, 0, sizeof *l);
    setup_default(&l->base.setup);
    if (scenario_parse(name, text, &l->base, err, errlen) != 0)
        return -1;
    StepState *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    st->l = l;
    int line = ini_parse_string(text, on_step_pair, st);
    int rc = 0;
    if (line != 0) {
        snprintf(err, errlen, "%s:%d: %s", name, line, st->msg[0] ? st->msg : "not a section, key = value, or comment");
        rc = -1;
    }
    free(st);
    if (rc == 0 && l->nsteps == 0) {
        snprintf(err, errlen, "%s: a lesson needs at least one [step N]", name);
        rc = -1;
    }
    if (rc == 0) {
        qsort(l->steps, (size_t)l->nsteps, sizeof *l->steps, by_number);
        /* A step that names no pace runs at the lesson's ([explorer] pace), else the default. */
        ScenarioPace dflt = l->base.pace_given ? l->base.pace : (ScenarioPace){0, LESSON_DEFAULT_PACE};
        for (int i = 0; i < l->nsteps; i++)
            if (!l->steps[i].pace_given)
                l->steps[i].pace = dflt;
        /* Every step's setup must hold, in order, from the base. */
        Setup cur = l->base.setup, next;
        for (int i = 0; i < l->nsteps && rc == 0; i++) {
            char why[256];
            if (lesson_step_setup(l, i, &cur, &next, why, sizeof why) != 0) {
                snprintf(err, errlen, "%s: [step %d]: %s", name, l->steps[i].number, why);
                rc = -1;
            }
            cur = next;
        }
    }
    return rc;
}

int lesson_load(const char *path, Lesson *l, char *err, size_t errlen)
{
    char *text = scenario_read_file(path, NULL, err, errlen);
    if (!text)
        return -1;
    int rc = lesson_parse(path, text, l, err, errlen);
    free(text);
    return rc;
}

int lesson_step_setup(const Lesson *l, int i, const Setup *current, Setup *out, char *err, size_t errlen)
{
    const LessonStep *s = &l->steps[i];
    Setup t = s->restart ? l->base.setup : *current;
    if (s->setup[0] && setup_parse(&t, s->setup, err, errlen) != 0)
        return -1;
    if (!s->restart && (t.V != current->V || t.R != current->R || t.seed != current->seed)) {
        snprintf(err, errlen, "V, R and seed can change only in a step with restart = 1");
        return -1;
    }
    *out = t;
    return 0;
}
