/*
 * sweep.h: grids of simulations (`skscope sweep`), their tidy CSV, and merging parts.
 *
 * A grid is a comma-separated list of dimensions:
 *     KEY=LO..HIxF   geometric: LO, LO*F, LO*F^2, ... up to HI (e.g. C=256..65536x2)
 *     KEY=LO..HI+D   arithmetic: LO, LO+D, ... up to HI (e.g. s=1.5..3+0.5)
 *     KEY=V1|V2|V3   a list (e.g. s=1.5|2|3)
 *     KEY=V          one value
 * KEY is a knob of the setup table or `n` (sentences). Numbers take the usual suffixes (1e6,
 * 10M). Each combination of the knob dimensions and each seed is one *task*: one simulation run
 * once to the largest n, with a snapshot at every n of the grid (n points cost nothing extra).
 * Tasks are numbered in grid order (knob dimensions in the order given, the last varying
 * fastest; seeds innermost), so `--task I` runs exactly one of them anywhere, for cluster
 * schedulers (GNU parallel, Slurm arrays), and `skscope merge` puts the parts back together.
 *
 * The CSV has one row per (task, n), in task order then n order. Columns:
 *     task, then every knob of the setup table by name, in table order (s, beta, k, b, V, R,
 *     eps, T, gamma, L, eps_syn, C, eta, tau, nn_d, nn_H, nn_hidden, nn_lr, nn_wd, nn_adam, ft_at,
 *     ft_T, ft_F, ft_r, ft_m, seed), then
 *     sentences, tokens, distinct_facts,
 *     for each learner L (always prefixed, e.g. "bayes-cap."):
 *         L.expected_excess_bits, L.expected_syntax_excess_bits,
 *         L.expected_knowledge_excess_bits, L.excess_bits (sampled since the previous n of the
 *         task), L.recall, L.hallucination, L.hallucination_abstain, L.abstain, L.stored,
 *     then new_fact_prob, singleton_fraction, heaps_beta, zipf_s, py_s,
 *     sweep_id, sweep_tasks (SweepIdent: which sweep the row belongs to, and how many tasks it
 *     has; merge checks them).
 * Knob values are written in the shortest form that reads back (s=1.8, from a = 1/1.8).
 * A row is written only when complete: an interrupted sweep leaves whole rows of whole tasks.
 */
#ifndef SKSCOPE_SWEEP_H
#define SKSCOPE_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "skscope/fit.h"
#include "skscope/metrics.h"
#include "skscope/setup.h"

#define SWEEP_MAX_DIMS 8
#define SWEEP_MAX_VALUES 256

typedef struct SweepDim {
    char key[16];                      /* knob name, or "n" */
    int knob;                          /* KnobId, or -1 for n */
    double values[SWEEP_MAX_VALUES];
    int nvalues;
} SweepDim;

typedef struct Grid {
    SweepDim dims[SWEEP_MAX_DIMS];
    int ndims;
    int n_dim;                         /* index of the n dimension, or -1 */
    uint64_t n_values[SWEEP_MAX_VALUES]; /* sentence counts, increasing (default: one) */
    int n_count;
    int seeds;                         /* seeds per point */
    uint64_t seed0;                    /* first seed (the base setup's) */
} Grid;

/* sweep_parse_grid: parse a grid spec; every knob value is checked against the knob table on
 * top of `base`. `seeds` >= 1. Default n (if the grid has no n): `default_n`. 0, or -1 with a
 * message naming the dimension. */
int sweep_parse_grid(const char *spec, const Setup *base, int seeds, uint64_t default_n, Grid *g, char *err,
                     size_t errlen);

/* sweep_tasks: how many tasks the grid has (knob combinations x seeds). */
uint64_t sweep_tasks(const Grid *g);

/* sweep_task_setup: the setup of task `t` (knob values of its combination, seed0 + its seed
 * index), applied on top of `base`. 0, or -1 with a message (a combination that breaks a
 * cross-knob rule, e.g. b > -beta). */
int sweep_task_setup(const Grid *g, const Setup *base, uint64_t t, Setup *out, char *err, size_t errlen);

/* What names a sweep in its rows, so that merge can tell its parts from another sweep's. */
typedef struct SweepIdent {
    uint64_t id;      /* a hash (FNV-1a, 53 bits: exact in a double) of the grid's dimensions and
                         values in order, the sentence counts, seeds, learners and base setup */
    uint64_t tasks;   /* the grid's tasks (sweep_tasks) */
} SweepIdent;

/* sweep_ident: the identity of grid g on top of base with the learners in mask. */
SweepIdent sweep_ident(const Grid *g, const Setup *base, unsigned mask);

/* sweep_header / sweep_row: the CSV header, and one row for task t at snapshot *snap of a run
 * with setup *s and the learners in `mask`, of the sweep *id. */
void sweep_header(FILE *fp, unsigned mask);
void sweep_row(FILE *fp, uint64_t task, const Setup *s, const Snapshot *snap, const SweepIdent *id);

/* A sweep's results read back (for fits and merge): one row per (task, n). */
typedef struct SweepTable {
    char **names;        /* column names */
    int ncols;
    double *v;           /* rows x ncols values (NaN for empty fields) */
    size_t nrows;
} SweepTable;

/* sweep_read: read a sweep CSV (libcsv; a UTF-8 byte-order mark is skipped; infile.h: a
 * regular file only, no NUL byte, lines of at most 1 MiB). Every field is empty (NaN: no value)
 * or a number by numparse's rules (nan, inf, 1e309 and junk are errors); every row's task is a
 * whole number from 0 and its sentences a whole number from 1. 0, or -1 with a message
 * ("FILE:LINE: ..."). */
int sweep_read(const char *path, SweepTable *t, char *err, size_t errlen);
/* sweep_read_stream: the same from an open stream (not closed); `path` names it in messages. */
int sweep_read_stream(FILE *fp, const char *path, SweepTable *t, char *err, size_t errlen);
void sweep_table_free(SweepTable *t);

/* sweep_merge: check that parts[0 .. n) (read from files named names[0 .. n)) are parts of one
 * sweep and put them together: the same columns, sweep_id and sweep_tasks in every row and
 * part (a part written before they existed is refused), at least one row each, tasks below
 * sweep_tasks, each (task, sentences) once (a task in two parts is an error naming both), the
 * knobs of a task the same in all its rows and a valid setup, the same sentence counts for
 * every task, and every task present. Into *out (its own copy), rows in (task, sentences)
 * order. 0, or -1 with a message naming the file. */
int sweep_merge(const SweepTable *parts, const char *const *names, int n, SweepTable *out, char *err, size_t errlen);

/* sweep_col: the index of column `name`, or -1. */
int sweep_col(const SweepTable *t, const char *name);

/* sweep_run: run every task of grid g (on top of base, learners in mask) on `jobs` threads.
 * Each task is one simulation with a snapshot at each n of the grid; its rows (CSV text, no
 * header) go to rows[task] (malloc'd; NULL if the task did not complete). `stop(user)` is
 * polled between chunks of about 2^20 sentences; `progress(done, total, sentences, user)` is
 * called from the calling thread about five times a second. `only` >= 0 runs that task alone.
 * Returns 0 when every task completed, 1 when stopped, -1 on an error (message; the tasks that
 * completed keep their rows). */
int sweep_run(const Grid *g, const Setup *base, unsigned mask, int jobs, int64_t only,
              int (*stop)(void *user), void (*progress)(uint64_t done, uint64_t total, uint64_t sentences, void *user),
              void *user, char **rows, char *err, size_t errlen);

/* One fitted exponent: the mean over seeds of log-log slopes of a learner's expected knowledge
 * excess along an axis ("sentences" or "C"), for one setting of the other knobs. */
typedef struct SweepSlope {
    char learner[16];       /* learner name */
    char axis[16];          /* "sentences" or "C" */
    double s;               /* the Zipf exponent of the rows */
    char condition[160];    /* the other swept knobs, "s=1.5 C=4096" */
    double slope, se;       /* mean slope and its standard error (over seeds; else the fit's) */
    int series;             /* series (seeds) averaged */
    int points;             /* points per series */
    double predicted;       /* -(1 - 1/s) along sentences, -(s - 1) along C */
    double curve;           /* slope of the learner's theory curve over the same points (finite
                               n and C: theory.h), NaN for a learner without one */
} SweepSlope;

/* sweep_slopes: the slopes of `learner` along `axis` for every setting of the other knobs that
 * has at least 3 distinct axis values; at most max; returns how many. */
int sweep_slopes(const SweepTable *t, const char *learner, const char *axis, SweepSlope *out, int max);

/* sweep_report: print the fitted exponents beside the predicted ones for every learner and
 * axis of the table, and the Chinchilla-form fit when both sentences and C vary. */
void sweep_report(const SweepTable *t, FILE *out);

#endif
