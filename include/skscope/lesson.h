/*
 * lesson.h: guided lessons, data files a teacher can write.
 *
 * A lesson is a scenario file (scenario.h) with numbered steps:
 *
 *     [lesson]
 *     title = Syntax first, then facts
 *     [world]                  ; the setup the lesson starts from (any scenario keys)
 *     s = 1.8
 *     [step 1]
 *     restart = 1              ; start from zero with the lesson's setup plus this step's knobs
 *     run_to = 1e4             ; run until this many sentences, then pause (0: keep running)
 *     view = loss              ; the panel in focus: loss, hallucination, heaps, zipf, recall
 *     pace = 4/min             ; decades of n a minute (default 4), N/s sentences a second, or max
 *     caption = The syntax loss falls like 1/n: sixteen templates are learned in a few
 *      thousand sentences. Knowledge keeps costing bits: every new fact is a surprise.
 *      Try: press Right for the next step.
 *     [step 2]
 *     C = 256                  ; knob changes apply live (the curves bend here)
 *     show = bayes-cap         ; the learner the panels show alone (all: side by side)
 *     run_to = 1e6
 *     caption = ...
 *
 * Steps run in number order (numbers from 1 to 1000000, need not be consecutive). A caption is two or three
 * short lines (continuation lines start with a blank, as INI allows); knob keys are the setup
 * keys; `learner` sets the learners (restart steps only).
 */
#ifndef SKSCOPE_LESSON_H
#define SKSCOPE_LESSON_H

#include <stddef.h>
#include <stdint.h>

#include "skscope/scenario.h"

#define LESSON_MAX_STEPS 32
#define LESSON_MAX_PAIRS 24

typedef struct LessonStep {
    int number;                         /* N of [step N] */
    int restart;                        /* 1: start from zero */
    uint64_t run_to;                    /* pause at this many sentences (0: keep running) */
    char view[16];                      /* "", "loss", "hallucination", "heaps", "zipf", "recall" */
    char caption[600];                  /* what happened, why, what to try */
    char setup[512];                    /* this step's knobs, as a setup string */
    unsigned learners;                  /* learner mask for a restart (0: the lesson's) */
    int show;                           /* LearnerKind shown alone, LESSON_SHOW_ALL, or LESSON_SHOW_KEEP */
    ScenarioPace pace;                  /* how fast the step runs (the lesson's [explorer] pace,
                                           else LESSON_DEFAULT_PACE decades a minute) */
    int pace_given;                     /* 1: the step says */
} LessonStep;

/* The pace of a step that does not say: each decade of sentences in 15 s, so that a phenomenon
 * unfolds over tens of seconds while the teacher talks. */
#define LESSON_DEFAULT_PACE 4.0

#define LESSON_SHOW_ALL (-1)
#define LESSON_SHOW_KEEP (-2)

typedef struct Lesson {
    Scenario base;                      /* the setup the lesson starts from, title */
    LessonStep steps[LESSON_MAX_STEPS];
    int nsteps;
} Lesson;

/* lesson_parse: read lesson text (checked like a scenario) into *l, steps sorted by number.
 * Every step's knobs are validated on top of the base setup. 0, or -1 with "NAME:LINE: ...". */
int lesson_parse(const char *name, const char *text, Lesson *l, char *err, size_t errlen);

/* lesson_load: read and parse a lesson file. */
int lesson_load(const char *path, Lesson *l, char *err, size_t errlen);

/* lesson_step_setup: the setup in force after applying step i on top of *current (or on top of
 * the lesson's base setup when the step restarts). 0, or -1 with a message. */
int lesson_step_setup(const Lesson *l, int i, const Setup *current, Setup *out, char *err, size_t errlen);

#endif
