/*
 * fit.h: the fits skscope shows beside every prediction (GSL).
 *
 * - fit_loglog: least-squares slope of log10 y on log10 x over a window, with its standard
 *   error (from the scatter about the line, gsl_fit_linear).
 * - fit_powerlaw: discrete power-law maximum likelihood (Clauset, Shalizi & Newman 2009) of a
 *   frequency-of-counts table, P(count = c) = c^-alpha / zeta(alpha, cmin) for c >= cmin, with
 *   cmin chosen by the Kolmogorov-Smirnov distance when not given. For a Zipf law with
 *   rank-frequency exponent s, alpha = 1 + 1/s, so s = 1/(alpha - 1).
 * Every fit says whether it can be trusted (`ok`) and why not (`warning`).
 */
#ifndef SKSCOPE_FIT_H
#define SKSCOPE_FIT_H

#include <stddef.h>
#include <stdint.h>

typedef struct FitLine {
    double slope, slope_se;         /* d log y / d log x and its standard error */
    double intercept, intercept_se; /* log10 y at log10 x = 0 */
    size_t n;                       /* points used */
    int ok;                         /* 1 if n >= 3 and the errors are finite */
    const char *warning;            /* why not ok, or NULL */
} FitLine;

/* fit_loglog: fit log10 y = intercept + slope log10 x over the points with xmin <= x <= xmax
 * and x, y > 0 (others are skipped: no log of zero). Always fills *out; returns 0 if ok. */
int fit_loglog(const double *x, const double *y, size_t n, double xmin, double xmax, FitLine *out);

/* A table of counts: hist[c] = how many items were seen exactly c times, for 1 <= c < hist_len,
 * plus the individual counts >= hist_len in big[] (any order). */
typedef struct CountTable {
    const uint64_t *hist;
    size_t hist_len;
    const uint64_t *big;
    size_t nbig;
} CountTable;

typedef struct FitPowerLaw {
    double alpha, alpha_se; /* P(c) ~ c^-alpha and its standard error (observed information) */
    double s, s_se;         /* rank-frequency exponent 1/(alpha - 1) and its error */
    uint64_t cmin;          /* smallest count in the fit */
    uint64_t ntail;         /* items with count >= cmin */
    double ks;              /* Kolmogorov-Smirnov distance of the fit */
    int ok;                 /* 1 if ntail >= 50 and the maximum was found inside (1, 10) */
    const char *warning;
} FitPowerLaw;

/* fit_powerlaw: the MLE on table t; cmin = 0 chooses cmin by minimum KS distance among
 * 4, 6, 8, 12, 16, ... while at least 100 items remain. Counts below 4 are left out by default
 * because Zipf-like sources (Pitman-Yor, word counts) bend there: the Pitman-Yor frequency of
 * count c is c^-(1+a) (1 + a(a+1)/(2c) + ...), which biases alpha up from cmin 1-3. Returns 0
 * if ok. */
int fit_powerlaw(const CountTable *t, uint64_t cmin, FitPowerLaw *out);

typedef struct FitPitmanYor {
    double a, a_se;      /* discount and its standard error */
    double b, b_se;      /* concentration */
    double s, s_se;      /* Zipf exponent 1/a */
    double k;            /* Heaps coefficient of (a, b) */
    double loglik;       /* at the maximum (nats) */
    int ok;
    const char *warning;
} FitPitmanYor;

/* fit_pitman_yor: maximum likelihood of (a, b) from the exchangeable partition probability of
 * the counts (Pitman's sampling formula): with n mentions of K facts,
 *   l(a, b) = sum_{i<K} ln(b + i a) - sum_{j<n} ln(b + j) + sum_k ln (1 - a)_{n_k - 1}.
 * Exact for a Pitman-Yor source, so it has no finite-size bias of its own; errors from the
 * observed information. Returns 0 if ok (K >= 20 and an interior maximum). */
int fit_pitman_yor(const CountTable *t, FitPitmanYor *out);

typedef struct FitChinchilla {
    double E, A, alpha, B, beta;               /* L = E + A n^-alpha + B C^-beta */
    double E_se, A_se, alpha_se, B_se, beta_se; /* standard errors */
    double rms_log;                            /* rms of the residuals of ln L */
    size_t n;                                  /* points used */
    int ok;
    const char *warning;
} FitChinchilla;

/* fit_chinchilla: the Chinchilla form (Hoffmann et al. 2022) over points (n_i, C_i, L_i) with
 * L_i > 0, by nonlinear least squares on ln L (gsl_multifit_nlinear, trust region): relative
 * errors, as a loss spread over decades needs. Starting values come from log-log slopes along
 * each axis. E >= 0 is enforced as E = e^theta. Parameter errors from the covariance at the
 * optimum scaled by the residual variance. Not ok (with a warning) when there are fewer than 8
 * points, fewer than 3 distinct n or C, less than a decade of range in either, no convergence,
 * or an exponent whose error exceeds half its value. Returns 0 if ok. */
int fit_chinchilla(const double *n, const double *C, const double *L, size_t m, FitChinchilla *out);

#endif
