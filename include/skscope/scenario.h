/*
 * scenario.h: scenarios, INI files that hold a whole setup plus how to run it.
 *
 *     ; comments start with ; or #
 *     [scenario]
 *     title = Data scaling
 *     description = Loss falls like tokens^-(1 - 1/s)
 *     [world]
 *     s = 1.8
 *     k = 2
 *     [learners]
 *     learner = bayes,bayes-cap
 *     C = 4096
 *     [run]
 *     sentences = 10M
 *     points = 100
 *
 * Knob keys are the setup-string keys (setup.h) and may sit in any section except [step N]
 * (lesson steps, read by the lesson module); `sentences`, `points`, `learner` (or `learners`),
 * `title` and `description` are the run keys. Files are read whole (at most 1 MiB), must be
 * UTF-8 text, and lines are at most 199 bytes; every error names the file and line.
 */
#ifndef SKSCOPE_SCENARIO_H
#define SKSCOPE_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "skscope/setup.h"

#define SCENARIO_MAX_BYTES (1 << 20)
#define SCENARIO_MAX_LINE 199

/* How fast the explorer runs a scenario or a lesson step: a fixed rate, or a pace on the log
 * axis (every decade of sentences takes the same time), or as fast as possible (both 0). */
typedef struct ScenarioPace {
    double per_s;             /* sentences per second, 0: not this */
    double decades_per_min;   /* decades of n per minute, 0: not this */
} ScenarioPace;

#define SCENARIO_PACE_MAX_RATE 1e12       /* sentences/s accepted */
#define SCENARIO_PACE_MIN_DECADES 0.01    /* decades/min accepted: 0.01 to 600 */
#define SCENARIO_PACE_MAX_DECADES 600.0

/* scenario_parse_pace: "N/s" (or a bare N: sentences per second, 0.01 to 1e12), "N/min"
 * (decades per minute, 0.01 to 600) or "max". 0, or -1 with "pace: ... (valid: ...)". */
int scenario_parse_pace(const char *text, ScenarioPace *p, char *err, size_t errlen);

/* scenario_format_pace: "4/min", "1000/s" or "max", into buf. Returns buf. */
const char *scenario_format_pace(const ScenarioPace *p, char *buf, size_t n);

/* scenario_pace_rate: the sentences per second pace p allows at n sentences (0: no cap). On
 * the log axis the rate is (n + 10) ln 10 d / 60: each decade takes 1/d minutes. */
double scenario_pace_rate(const ScenarioPace *p, double n);

typedef struct Scenario {
    Setup setup;          /* knobs (applied on top of what the caller put here) */
    uint64_t sentences;   /* run length, 0 if not given (sentences) */
    int points;           /* sample points, 0 if not given */
    unsigned learners;    /* learner mask, 0 if not given */
    char title[96];       /* "" if not given */
    char description[256];
    /* [explorer]: what the explorer shows when it opens the scenario ("" = not given) */
    char view[16];        /* the panel it is about: loss, hallucination, heaps, zipf, recall */
    char show[16];        /* the learner it is about (bayes, bayes-cap, sgd, neural) or all */
    char caption[600];    /* what it shows and what to try, shown under the panels */
    ScenarioPace pace;    /* how fast the explorer runs it (both 0: as fast as possible) */
    int pace_given;       /* 1: `pace` was given */
} Scenario;

/* scenario_check_view: 0 if `value` names a panel (loss, hallucination, heaps, zipf, recall),
 * else -1 with "view: 'X' is not loss, hallucination, heaps, zipf or recall". */
int scenario_check_view(const char *value, char *err, size_t errlen);

/* scenario_show_kind: the LearnerKind `value` names, SCENARIO_SHOW_ALL for "all", or -1 with
 * "show: 'X' is not a learner (bayes, bayes-cap, sgd, neural) or all". */
#define SCENARIO_SHOW_ALL (-1)
int scenario_show_kind(const char *value, int *kind, char *err, size_t errlen);

/* scenario_check_text: reject text that is not a scenario-like file: NUL bytes (binary),
 * invalid UTF-8, lines longer than SCENARIO_MAX_LINE. `name` labels messages. 0 or -1. */
int scenario_check_text(const char *name, const char *text, size_t len, char *err, size_t errlen);

/* scenario_read_file: read a whole text file (checked as above) into a new NUL-terminated buffer.
 * NULL with a message: missing, unreadable, a directory, not a regular file (a FIFO or a device
 * is refused before any read: infile.h), too large, binary, bad text. */
char *scenario_read_file(const char *path, size_t *len, char *err, size_t errlen);

/* scenario_parse: apply INI text on top of *sc. All or nothing. 0, or -1 with
 * "NAME:LINE: message"; text without a single key = value line (blank, or comments and section
 * names only) is an error too ("NAME: an empty scenario ..."). */
int scenario_parse(const char *name, const char *text, Scenario *sc, char *err, size_t errlen);

/* scenario_load: read and parse a file on top of *sc. */
int scenario_load(const char *path, Scenario *sc, char *err, size_t errlen);

#endif
