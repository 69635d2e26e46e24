/*
 * sim.h: one simulation: a world, the learners' shared template model, up to
 * METRICS_LEARNERS learners on the same sentence stream, and the sampled-loss windows.
 *
 * Data flows one way: world -> sentences (a batch at a time) -> template model and learners ->
 * window sums -> Snapshot (sim_snapshot). Knob changes go the other way through sim_apply,
 * between batches. The hot loop (world_generate + learners' process) allocates nothing: the
 * world and the learners reserve room before each batch.
 *
 * Not thread-safe: one thread drives a Sim (the explorer's simulation thread, a sweep worker).
 */
#ifndef SKSCOPE_SIM_H
#define SKSCOPE_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "skscope/learner.h"
#include "skscope/metrics.h"
#include "skscope/setup.h"
#include "skscope/syntax.h"
#include "skscope/world.h"

#define SIM_BATCH 1024 /* sentences per batch: 24 KiB, inside a 32 KiB L1 data cache */

typedef struct Sim Sim;

/* A tap sees every batch of sentences after the learners (e.g. to print them as text).
 * Returning nonzero stops sim_advance with an error. */
typedef int (*SimTap)(const World *w, const Sentence *batch, size_t n, void *user);

/* sim_new: a simulation of setup *s (validated here) running the learners in `mask`
 * (bits 1 << LearnerKind, in kind order). NULL with a message on failure. */
Sim *sim_new(const Setup *s, unsigned mask, char *err, size_t errlen);

void sim_free(Sim *sim);

/* sim_advance: generate and learn sentences until `target` sentences in all (no-op if already
 * there). 0, or -1 with a message (out of memory, fact limit, a tap's stop). */
int sim_advance(Sim *sim, uint64_t target, char *err, size_t errlen);

/* sim_write_facts: the per-fact CSV (series_write_facts) of the simulation's world and
 * learners to fp. 0, or -1 with a message (out of memory; a stream error is left for the
 * caller's fflush/ferror, e.g. atomicfile_commit, to report). */
int sim_write_facts(Sim *sim, FILE *fp, char *err, size_t errlen);

/* sim_snapshot: close the sampled window and fill *out (world statistics, sampled window
 * losses, expected losses, recall, hallucination). 0, or -1 with a message. */
int sim_snapshot(Sim *sim, Snapshot *out, char *err, size_t errlen);

/* sim_peek: like sim_snapshot, but the window stays open (the sampled fields cover the window
 * so far and the next snapshot still includes it). For a live view between sample points. */
int sim_peek(Sim *sim, Snapshot *out, char *err, size_t errlen);

/* sim_apply: change knobs mid-run, from the next sentence on (the world keeps its facts).
 * V, R and seed cannot change (restart instead). All or nothing: 0, or -1 with a message. */
int sim_apply(Sim *sim, const Setup *s, char *err, size_t errlen);

/* sim_grid_next: the sample point after n on the log grid of `per_decade` points a decade
 * that starts at 1: ceil(n 10^(1/per_decade)), at least n + 1. The explorer's history
 * (engine.h, 20 a decade) and `skscope run --per-decade` both sample on it. */
uint64_t sim_grid_next(uint64_t n, int per_decade);

/* sim_set_tap: call tap(world, batch, n, user) on every batch (NULL to stop). */
void sim_set_tap(Sim *sim, SimTap tap, void *user);

/* sim_set_fits: whether snapshots fit the Zipf exponent (default 1; a few ms per snapshot). */
void sim_set_fits(Sim *sim, int on);

/* sim_set_max_facts: limit the world's distinct facts (a memory guard). */
void sim_set_max_facts(Sim *sim, uint64_t max_facts);

const Setup *sim_setup(const Sim *sim);
const World *sim_world(const Sim *sim);
uint64_t sim_sentences(const Sim *sim);

/* sim_learner_count / sim_learner: the learners, in kind order. */
int sim_learner_count(const Sim *sim);
Learner *sim_learner(const Sim *sim, int i);

/* sim_syntax: the learners' shared template model. */
const SyntaxModel *sim_syntax(const Sim *sim);

/* sim_memory: bytes held by the world and the learners. */
size_t sim_memory(const Sim *sim);

#endif
