/*
 * series.h: the CSV files of SPEC 4.
 *
 * Time series, one row per sample point. The first columns are SPEC's, in its order:
 *   sentences,tokens,distinct_facts,loss_bits,syntax_bits,knowledge_bits,excess_bits,
 *   expected_excess_bits,recall,hallucination
 * With several learners the seven learner columns are repeated per learner, prefixed with the
 * learner's name ("bayes.loss_bits", "bayes-cap.loss_bits", ...). Extra columns follow (per
 * learner, then world statistics): see series_write for the list.
 *
 * Per-fact file, one row per fact in rank order: rank,fact,mentions,recalled,confidence (per
 * learner prefixed when several), then relation, value, and per learner answer and status.
 */
#ifndef SKSCOPE_SERIES_H
#define SKSCOPE_SERIES_H

#include <stddef.h>
#include <stdio.h>

#include "skscope/learner.h"
#include "skscope/metrics.h"
#include "skscope/world.h"

/* series_write: the time-series CSV of snaps[0..n) (all with the same learners). 0, or -1 if
 * the stream reports an error. */
int series_write(FILE *fp, const Snapshot *snaps, size_t n);

/* series_write_facts: the per-fact CSV of the world's process facts and the learners.
 * 0, or -1 (out of memory or a stream error). */
int series_write_facts(FILE *fp, const World *w, Learner *const *learners, int nl, double tau);

/* series_status_name: "not_yet", "recalled", "forgotten", "hallucinated". */
const char *series_status_name(int status);

#endif
