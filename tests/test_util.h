/*
 * test_util.h: helpers shared by the cmocka tests (header-only, static).
 *
 * Statistical tests follow one rule: a tolerance is a number of standard errors, and the
 * standard error is either derived in the test's comment or estimated from the spread over
 * seeds (then the test says so). 4 standard errors leave a false-failure chance near 6e-5 per
 * check; seeds are fixed, so a run is deterministic anyway.
 */
#ifndef SKSCOPE_TEST_UTIL_H
#define SKSCOPE_TEST_UTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>

#include "skscope/setup.h"
#include "skscope/sim.h"

/* As in skscope's main: GSL reports errors through return codes, never by abort(). The core
 * library checks every status it gets; a test that relied on GSL aborting would hide that. */
__attribute__((constructor)) static void test_gsl_errors_are_codes(void) { gsl_set_error_handler_off(); }

/* |a - b| <= tol, with both values in the failure message (cmocka 1.1 has no double assert). */
#define assert_close(a, b, tol)                                                                  \
    do {                                                                                         \
        double a_ = (a), b_ = (b), t_ = (tol);                                                   \
        if (!(fabs(a_ - b_) <= t_))                                                              \
            fail_msg("%s = %.17g, %s = %.17g: differ by %.3g > %.3g", #a, a_, #b, b_,            \
                     fabs(a_ - b_), t_);                                                         \
    } while (0)

/* A setup: the defaults with a setup string applied (fails the test on a bad string). */
static inline Setup test_setup(const char *text)
{
    Setup s;
    setup_default(&s);
    char err[256];
    if (text && setup_parse(&s, text, err, sizeof err) != 0)
        fail_msg("setup '%s': %s", text, err);
    return s;
}

/* A simulation of test_setup(text) with the learners in mask. */
static inline Sim *test_sim(const char *text, unsigned mask)
{
    Setup s = test_setup(text);
    char err[256];
    Sim *sim = sim_new(&s, mask, err, sizeof err);
    if (!sim)
        fail_msg("sim '%s': %s", text, err);
    return sim;
}

static inline void test_advance(Sim *sim, uint64_t n)
{
    char err[256];
    if (sim_advance(sim, n, err, sizeof err) != 0)
        fail_msg("advance to %llu: %s", (unsigned long long)n, err);
}

static inline void test_snapshot(Sim *sim, Snapshot *snap)
{
    char err[256];
    if (sim_snapshot(sim, snap, err, sizeof err) != 0)
        fail_msg("snapshot: %s", err);
}

/* How often learner l's recall rises from one log2 rank bin to the next rarer one by more than
 * 2 standard deviations of the commoner bin's share (sd = sqrt(1/4 / facts in it), the largest a
 * binomial share can have), over the snapshots: the acquisition-order rule (0 when facts are
 * learned from the most frequent down). Each rise is printed, labelled with `what`. */
static inline int test_recall_rises(const Snapshot *snaps, int np, int l, const char *what)
{
    int rises = 0;
    for (int i = 0; i < np; i++) {
        const Snapshot *s = &snaps[i];
        for (uint32_t j = 1; j < s->nbins; j++) {
            double p0 = s->L[l].bin_recall[j - 1], p1 = s->L[l].bin_recall[j];
            if (p1 > p0 + 2 * sqrt(0.25 / (double)s->bin_facts[j - 1]) + 1e-12) {
                rises++;
                print_message("  %s n=%llu bin %u: %.3f after %.3f\n", what, (unsigned long long)s->n, j, p1, p0);
            }
        }
    }
    return rises;
}

/* Snapshots at 4 log-spaced points per decade from n0 to n1 (inclusive), at most max. Returns
 * how many. */
static inline int test_sample(Sim *sim, double n0, double n1, Snapshot *out, int max)
{
    int k = 0;
    int steps = (int)lround(4 * log10(n1 / n0));
    for (int i = 0; i <= steps && k < max; i++) {
        test_advance(sim, (uint64_t)llround(n0 * pow(n1 / n0, (double)i / steps)));
        test_snapshot(sim, &out[k++]);
    }
    return k;
}

/* Old facts (not injected by fine-tuning) that learner `l` recalls now, by answer(); each marked
 * 1 or 0 in mark[] when mark is not NULL. */
static inline uint64_t test_recalled_old(Sim *sim, int l, uint8_t *mark)
{
    const World *w = sim_world(sim);
    Learner *L = sim_learner(sim, l);
    uint64_t n = 0;
    for (uint32_t id = 0; id < w->nfacts; id++) {
        if (w->facts[id].rel & FACT_INJECTED)
            continue;
        LearnerAnswer a;
        L->ops->answer(L, id, w->facts[id].value, &a);
        if (mark)
            mark[id] = a.recalled;
        n += a.recalled;
    }
    return n;
}

/* Running mean and standard error of the mean. */
typedef struct Stat {
    double n, mean, m2;
} Stat;

static inline void stat_add(Stat *s, double x)
{
    s->n += 1;
    double d = x - s->mean;
    s->mean += d / s->n;
    s->m2 += d * (x - s->mean);
}

static inline double stat_sd(const Stat *s) { return s->n > 1 ? sqrt(s->m2 / (s->n - 1)) : NAN; }
static inline double stat_se(const Stat *s) { return stat_sd(s) / sqrt(s->n); }

/* The mean is within k standard errors of `expect` (plus an absolute allowance `bias`). */
#define assert_mean(stat, expect, k, bias)                                                       \
    do {                                                                                         \
        const Stat *st_ = &(stat);                                                               \
        double e_ = (expect), tol_ = (k) * stat_se(st_) + (bias);                                \
        if (!(fabs(st_->mean - e_) <= tol_))                                                     \
            fail_msg("%s: mean %.6g (se %.3g, n %.0f) vs expected %.6g: off by %.3g > %.3g",     \
                     #stat, st_->mean, stat_se(st_), st_->n, e_, fabs(st_->mean - e_), tol_);    \
        else                                                                                     \
            print_message("  %s: mean %.6g +- %.3g (n %.0f) vs %.6g\n", #stat, st_->mean,        \
                          stat_se(st_), st_->n, e_);                                             \
    } while (0)

#endif
