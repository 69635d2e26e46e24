/*
 * metrics.h: snapshots of the world and the learners at a sample point (plain data, no pointers
 * into live state): the only thing the outside (CSV, explorer panels, sweeps) sees.
 *
 * Two kinds of numbers:
 *  - sampled: the bits actually charged, averaged over the window of sentences since the
 *    previous snapshot (noisy, like a real training loss);
 *  - expected: the exact expectation for the next query/sentence given the current state, from
 *    the Pitman-Yor predictive: sum_k (n_k - a)/(n + b) x ell_k + (b + aK)/(n + b) x log2 V for
 *    the knowledge part, KL(theta || q) for the template part (no sampling noise).
 * Facts are ranked by mention count (ties: older fact first); rank bins are log2 bins
 * (1, 2-3, 4-7, ...).
 */
#ifndef SKSCOPE_METRICS_H
#define SKSCOPE_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "skscope/learner.h"
#include "skscope/world.h"

#define METRICS_BINS 40     /* log2 rank bins: bin j holds ranks 2^j .. 2^(j+1) - 1 */
#define METRICS_TOP 64      /* per-fact status kept for ranks 1 .. METRICS_TOP */
#define METRICS_RF 96       /* rank-frequency points at ranks round(2^(i/4)) */
#define METRICS_LEARNERS 4  /* learners per simulation at most */

/* A fact's status for one learner (the recall panel's colours). */
typedef enum FactStatus {
    STATUS_NOT_YET = 0,     /* never recalled */
    STATUS_RECALLED = 1,    /* recalled now */
    STATUS_FORGOTTEN = 2,   /* recalled once, not now (and not confidently wrong) */
    STATUS_HALLUCINATED = 3 /* answers a wrong value with confidence >= tau */
} FactStatus;

typedef struct LearnerSnap {
    int kind;                       /* LearnerKind */
    /* sampled over the window (bits per sentence) */
    double syntax_bits, knowledge_bits, loss_bits;
    double syntax_excess, knowledge_excess, excess; /* minus the exact floors */
    double cum_excess;              /* sampled excess summed since the start (bits) */
    /* expected, next sentence / query (bits per sentence, probabilities) */
    double exp_syntax_excess, exp_knowledge_excess, exp_excess;
    double recall;                  /* P(query answered with the true value, as recalled) */
    double halluc;                  /* P(answer wrong) */
    double halluc_abstain;          /* P(answered with confidence >= tau and wrong) */
    double abstain;                 /* P(confidence < tau) */
    double injected_recall;         /* share of fine-tuning facts recalled (NaN: none) */
    uint64_t stored;                /* facts or slots held */
    size_t memory;                  /* bytes */
    float bin_recall[METRICS_BINS]; /* share of the bin's facts recalled */
    float bin_forgot[METRICS_BINS]; /* share forgotten */
    float bin_halluc[METRICS_BINS]; /* share hallucinated */
    uint8_t top[METRICS_TOP];       /* FactStatus of ranks 1 .. METRICS_TOP */
} LearnerSnap;

typedef struct Snapshot {
    uint64_t n;                    /* sentences */
    uint64_t tokens;               /* tokens */
    uint64_t K;                    /* distinct facts of the process */
    uint64_t window;               /* sentences in the sampled window */
    double new_prob;               /* P(next sentence is a new fact), exact given the state */
    double singleton_frac;         /* facts seen once / K */
    double zipf_s, zipf_s_se;      /* discrete power-law MLE of the mention counts */
    uint64_t zipf_cmin, zipf_ntail;
    int zipf_ok;                   /* 0 also when fits were not computed */
    double py_s, py_s_se;          /* Pitman-Yor partition MLE of s = 1/a (unbiased here) */
    double py_b, py_b_se;          /* and of the concentration b */
    int py_ok;
    double heaps_beta, heaps_beta_se; /* log-log slope of K vs n over the last decade */
    double floor_syntax;           /* exact syntax entropy of the next sentence (bits) */
    double floor_knowledge;        /* exact value entropy given the fact (bits) */
    int phase;                     /* FtState */
    double a, b;                   /* process parameters in force */
    double k;                      /* Heaps coefficient of (a, b) (0 when a = 0) */
    uint32_t V, T;                 /* values per relation, templates (for theory curves) */
    uint64_t C;                    /* capacity in force (facts) */
    uint32_t nbins;                /* rank bins holding facts */
    uint64_t bin_facts[METRICS_BINS];
    uint64_t rf_count[METRICS_RF]; /* mentions of the fact at rank round(2^(i/4)); 0 past K */
    uint64_t top_fact[METRICS_TOP];  /* ids of ranks 1 .. TOP (UINT64_MAX past K) */
    uint64_t top_count[METRICS_TOP]; /* their mentions */
    int nlearners;
    LearnerSnap L[METRICS_LEARNERS];
} Snapshot;

/* metrics_fact_status: the status of a fact whose true value is `truth`, given a learner's
 * answer *ans for it and the abstention threshold tau. */
FactStatus metrics_fact_status(uint16_t truth, const LearnerAnswer *ans, double tau);

/* metrics_rf_rank: the rank of rank-frequency point i: round(2^(i/4)) with duplicates kept. */
uint64_t metrics_rf_rank(int i);

/* Scratch space for scans, and the history the Heaps fit needs. */
typedef struct Metrics Metrics;

Metrics *metrics_new(void);
void metrics_free(Metrics *m);

/* metrics_scan: fill the world part of *snap and the expected/recall part of each learner's
 * snap (learners[i] -> snap->L[i]; the sampled fields are left for the caller) from a pass over
 * every fact: O(K + 65536) time. Flags: METRICS_RECORD adds (n, K) to the history the Heaps fit
 * uses (over its last decade); METRICS_FITS also fits the Zipf exponent twice (power-law MLE and
 * Pitman-Yor MLE, a few ms each); without it those fields are NaN and their ok flags 0.
 * Returns 0, or -1 when out of memory. */
enum {
    METRICS_FITS = 1,  /* fit the Zipf exponent (power law and Pitman-Yor) */
    METRICS_RECORD = 2 /* add (n, K) to the history behind the Heaps fit */
};

int metrics_scan(Metrics *m, const World *w, Learner *const *learners, int nl, double tau,
                 const double *exp_syntax_excess, int flags, Snapshot *snap);

/* metrics_rank_order: fact ids of the process in rank order (most mentioned first, ties by id),
 * into a new array of *count entries (caller frees). NULL when out of memory. */
uint32_t *metrics_rank_order(const World *w, uint64_t *count);

#endif
