/*
 * engine.h: a simulation running in its own thread, for the explorer.
 *
 * The thread owns the Sim. It advances in chunks of about 10 ms (so a command is seen within
 * that time), records a snapshot at log-spaced sentence counts (20 per decade: the history the
 * curves are drawn from), and takes a live snapshot (sim_peek) a few times a second for the
 * panels that show "now". Commands (knob changes, pause, step, restart, export) go in through
 * the functions below and are applied between chunks; results come out as copies taken under a
 * mutex, so the UI never waits for a step. After each publication one byte is written to a pipe
 * (engine_fd) so the UI can sleep in poll() and wake at once: no busy-waiting, idle when
 * paused.
 */
#ifndef SKSCOPE_ENGINE_H
#define SKSCOPE_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "skscope/metrics.h"
#include "skscope/scenario.h"
#include "skscope/setup.h"

#define ENGINE_POINTS_PER_DECADE 20

typedef struct Engine Engine;

/* Where a knob changed (drawn as a marker on the time axis). */
typedef struct EngineMark {
    uint64_t n;        /* sentences */
    uint64_t tokens;   /* tokens */
    char what[64];     /* "s 1.8->1.5" */
} EngineMark;

typedef struct EngineStatus {
    uint64_t generation;  /* changes when the run restarts: copies of the history are stale */
    uint64_t seq;         /* changes on every publication */
    uint64_t n, tokens, K;/* live counters (sentences, tokens, distinct facts) */
    double rate;          /* sentences per second, recent */
    double max_rate;      /* the speed cap in force, sentences/s (0: as fast as possible) */
    ScenarioPace pace;    /* the pace asked for (engine_set_pace) */
    int paused;
    int phase;            /* FtState of the world */
    size_t nhist;         /* snapshots in the history */
    size_t nmarks;        /* knob-change marks */
    Setup setup;          /* knobs in force */
    unsigned mask;        /* learners */
    uint64_t max_facts;   /* memory guard in force (facts) */
    char message[256];    /* the latest event for the user ("" if none) */
    uint64_t message_seq; /* changes with each new message */
} EngineStatus;

/* engine_new: start a simulation thread for setup *s and the learners in mask. It starts
 * paused if `paused`. NULL with a message on failure. */
Engine *engine_new(const Setup *s, unsigned mask, int paused, char *err, size_t errlen);

/* engine_free: stop the thread and free everything (NULL is fine). */
void engine_free(Engine *e);

/* engine_fd: a descriptor that becomes readable when something new is published. */
int engine_fd(const Engine *e);

/* engine_status: a copy of the status; also drains engine_fd. */
void engine_status(Engine *e, EngineStatus *st);

/* engine_history: copy snapshots [from, from + max) of the history of run `generation` into
 * out; returns how many (0 if the generation is stale or nothing new). */
size_t engine_history(Engine *e, uint64_t generation, size_t from, Snapshot *out, size_t max);

/* engine_live: the latest snapshot (a live peek, or the last history point if newer).
 * Returns 0, or -1 if there is none yet for that generation. */
int engine_live(Engine *e, uint64_t generation, Snapshot *out);

/* engine_marks: copy up to max knob-change marks of the current run; returns how many. */
size_t engine_marks(Engine *e, EngineMark *out, size_t max);

/* engine_session: the session string of the current run (session.h): the setup it started
 * from, then ";@N:pairs" for each change applied, N being the sentences generated before it
 * took effect, so `skscope run --setup STRING` replays the run (its time series at the same
 * points byte for byte). A restart starts a new record. *complete (when not NULL) becomes 0 if
 * some change could not be recorded (more than SESSION_MAX_CHANGES). A new string (free it), or
 * NULL when out of memory. */
char *engine_session(Engine *e, int *complete);

/* engine_apply: change knobs from the next chunk on. If V, R or the seed differ, the run
 * restarts from zero with the new setup (and the message says so). */
void engine_apply(Engine *e, const Setup *s);

/* engine_restart: start again from zero with setup *s and learners mask (0: keep them). */
void engine_restart(Engine *e, const Setup *s, unsigned mask);

/* engine_pause: pause (1) or resume (0). */
void engine_pause(Engine *e, int paused);

/* engine_step: run to the next history point, then pause. */
void engine_step(Engine *e);

/* engine_pause_at: pause when the run reaches n sentences (0: no such stop). The stop survives
 * a restart posted after it, so "pause_at then restart" runs the new world exactly to n. */
void engine_pause_at(Engine *e, uint64_t n);

/* engine_pause_at_quiet: the same, but the pause takes no history point there: a snapshot off
 * the sample grid enters the Heaps fit's history, so a run paused only to apply a change (a
 * --setup string's ;@N:...) would write other rows than `run` after it. */
void engine_pause_at_quiet(Engine *e, uint64_t n);

/* engine_set_rate: cap the speed at `rate` sentences per second (0: no cap). */
void engine_set_rate(Engine *e, double rate);

/* engine_set_pace: run at pace p (scenario.h): a fixed rate, or so many decades of sentences a
 * minute (the cap follows n), or as fast as possible. */
void engine_set_pace(Engine *e, const ScenarioPace *p);

/* engine_export: write the history as PREFIX.csv and the per-fact table as PREFIX-facts.csv
 * (atomically, both or neither, never over an existing file); the result (paths or the error)
 * is reported in the status message. Up to ENGINE_EXPORTS exports wait their turn; past that
 * the message says the export was not started. */
#define ENGINE_EXPORTS 8
void engine_export(Engine *e, const char *prefix);

/* engine_sample_next: the history point after n (n >= 0): ceil(n 10^(1/20)), at least n + 1. */
uint64_t engine_sample_next(uint64_t n);

#endif
