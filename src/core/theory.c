/*
 * theory.c: closed forms of SPEC 3.
 */
#include "skscope/theory.h"

#include "skscope/rng.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>

#define A_ZERO 1e-12 /* below this discount, use the a = 0 (Dirichlet process) limit */

double theory_heaps_k(double a, double b)
{
    if (a <= A_ZERO)
        return 0;
    return exp(gsl_sf_lngamma(b + 1) - gsl_sf_lngamma(b + a)) / a;
}

/* ln Gamma(x + a) - ln Gamma(x) for x > 0, 0 <= a < 1. GSL's lnpoch subtracts two large
 * lgammas and loses digits as x grows (4e-7 absolute at x = 1e9, more than 1 at 1e15), so for
 * x >= 1000 use the asymptotic series with Bernoulli polynomials,
 *   a ln x + sum_k (-1)^(k+1) [B_(k+1)(a) - B_(k+1)(0)] / (k (k+1) x^k),
 * whose first omitted term is below 1e-16 there. */
static double ln_poch(double x, double a)
{
    if (x < 1000)
        return gsl_sf_lngamma(x + a) - gsl_sf_lngamma(x);
    double a2 = a * a, a3 = a2 * a, a4 = a3 * a, a5 = a4 * a, y = 1 / x;
    double t1 = (a2 - a) / 2;                               /* B2(a) - B2(0), k = 1 */
    double t2 = -(a3 - 1.5 * a2 + 0.5 * a) / 6;             /* B3, k = 2 */
    double t3 = (a4 - 2 * a3 + a2) / 12;                    /* B4, k = 3 */
    double t4 = -(a5 - 2.5 * a4 + 5 * a3 / 3 - a / 6) / 20; /* B5, k = 4 */
    return a * log(x) + y * (t1 + y * (t2 + y * (t3 + y * t4)));
}

double theory_expected_K(double a, double b, double n)
{
    if (n <= 0)
        return 0;
    if (a <= A_ZERO)
        return b * (gsl_sf_psi(b + n) - gsl_sf_psi(b));
    /* k(a, b) Gamma(b+n+a)/Gamma(b+n) - b/a; b + n >= 1 - a > 0 for n >= 1. */
    return theory_heaps_k(a, b) * exp(ln_poch(b + n, a)) - b / a;
}

double theory_sd_K(double a, double b, double n)
{
    if (n <= 1)
        return 0;
    if (a <= A_ZERO) /* CRP(b): K_n is a sum of independent Bernoulli(b/(b+i)), i < n */
        return sqrt(fmax(0, b * (gsl_sf_psi(b + n) - gsl_sf_psi(b)) - b * b * (gsl_sf_psi_1(b) - gsl_sf_psi_1(b + n))));
    /* Pitman's moments of K_n + b/a: E[(K+b/a)] = m1 = E[K] + b/a and
     * E[(K+b/a)(K+b/a+1)] = (b/a)(b/a+1) (b+2a)_n/(b)_n. Their ratio to m1^2 in logs, with the
     * Gamma(b) factors cancelled (b may be near 0):
     *   ln r = ln(b+a) - lnGamma(b+1) - lnGamma(b+2a) + 2 lnGamma(b+a)
     *          + lnpoch(b+n, 2a) - 2 lnpoch(b+n, a),
     * so Var K = m1^2 (r - 1) - m1, with r - 1 by expm1 (no cancellation of m1^2 terms). */
    double m1 = theory_expected_K(a, b, n) + b / a;
    double lr = log(b + a) - gsl_sf_lngamma(b + 1) - gsl_sf_lngamma(b + 2 * a) + 2 * gsl_sf_lngamma(b + a) +
                ln_poch(b + n, 2 * a) - 2 * ln_poch(b + n, a);
    double var = m1 * m1 * expm1(lr) - m1;
    return var > 0 ? sqrt(var) : 0;
}

double theory_new_prob(double a, double b, double n)
{
    if (n <= 0)
        return 1;
    return (b + a * theory_expected_K(a, b, n)) / (n + b);
}

double theory_knowledge_excess_bayes(double a, double b, uint32_t V, double n)
{
    return log2((double)V) * theory_new_prob(a, b, n);
}

double theory_syntax_excess(uint32_t T, double n)
{
    return n > 0 ? ((double)T - 1) * M_LOG2E / (2 * n) : INFINITY;
}

double theory_syntax_redundancy(uint32_t T, double n)
{
    return n > 1 ? ((double)T - 1) / 2 * log2(n) : 0;
}

double theory_diversity_moment(double a, double b, double p)
{
    if (a <= A_ZERO)
        return NAN;
    return exp(gsl_sf_lngamma(b + 1) + gsl_sf_lngamma(b / a + p + 1) - gsl_sf_lngamma(b / a + 1) -
               gsl_sf_lngamma(b + p * a + 1));
}

double theory_tail_mass(double a, double b, double C)
{
    if (a <= A_ZERO || a >= 1 || C <= 0)
        return C <= 0 ? 1 : 0;
    double m = a / (1 - a) * theory_diversity_moment(a, b, 1 / a) *
               exp(-gsl_sf_lngamma(1 - a) / a) * pow(C, 1 - 1 / a);
    return m < 1 ? m : 1;
}

double theory_knowledge_excess_cap(double a, double b, uint32_t V, double C)
{
    return log2((double)V) * theory_tail_mass(a, b, C + 0.5);
}

double theory_hallucination_bayes(double a, double b, uint32_t V, double n)
{
    return (1 - 1 / (double)V) * theory_new_prob(a, b, n);
}

double theory_exp_zipf(double s) { return s; }
double theory_exp_heaps(double s) { return 1 / s; }
double theory_exp_data(double s) { return 1 - 1 / s; }
double theory_exp_capacity(double s) { return s - 1; }

static int desc(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? 1 : a > b ? -1 : 0;
}

double theory_tail_mass_mc(double a, double b, double C, int draws, uint64_t seed, double *se)
{
    if (C <= 0 || draws < 1) {
        if (se)
            *se = 0;
        return 1;
    }
    size_t sticks = (size_t)(50 * C > 20000 ? 50 * C : 20000);
    double *p = malloc(sticks * sizeof *p);
    gsl_rng *g = rng_gsl_new(seed, 99);
    if (!p || !g) {
        free(p);
        if (g)
            gsl_rng_free(g);
        return NAN;
    }
    double sum = 0, sum2 = 0;
    size_t c = (size_t)C;
    for (int d = 0; d < draws; d++) {
        double rest = 1;
        for (size_t k = 0; k < sticks; k++) {
            double w = gsl_ran_beta(g, 1 - a, b + (double)(k + 1) * a);
            p[k] = rest * w;
            rest *= 1 - w;
        }
        double tail = rest;
        if (c < sticks) {
            qsort(p, sticks, sizeof *p, desc);
            for (size_t k = c; k < sticks; k++)
                tail += p[k];
        }
        sum += tail;
        sum2 += tail * tail;
    }
    free(p);
    gsl_rng_free(g);
    double m = sum / draws;
    if (se)
        *se = draws > 1 ? sqrt((sum2 / draws - m * m) / (draws - 1)) : NAN;
    return m;
}

/* The ranked weights p_(r) = (c/r)^(1/a) on a geometric grid of ranks 1/2 .. R (CAP_CELLS cells,
 * midpoints): rank, weight and number of ranks of each cell; c^(1/a) = E[S^(1/a)] / Gamma(1-a)^(1/a)
 * so that the mass beyond any rank C matches theory_tail_mass. Integer rank r owns
 * [r - 1/2, r + 1/2) (the midpoint rule for sums over ranks). Returns the mass beyond R. */
enum { CAP_CELLS = 600 };

static double ranked_grid(double a, double b, double R, double *rank, double *p, double *w)
{
    double c1a = theory_diversity_moment(a, b, 1 / a) * exp(-gsl_sf_lngamma(1 - a) / a);
    double ratio = pow(2 * R, 1.0 / CAP_CELLS);
    for (int i = 0; i < CAP_CELLS; i++) {
        double lo = 0.5 * pow(ratio, i), hi = lo * ratio;
        rank[i] = sqrt(lo * hi);
        p[i] = c1a * pow(rank[i], -1 / a);
        w[i] = hi - lo;
    }
    return c1a * a / (1 - a) * pow(R, 1 - 1 / a);
}

/* P(Poisson(lambda) >= c) for integer c >= 1, skipping the incomplete gamma function where the
 * answer is 0 or 1 to double precision (more than 12 sd + 12 from the mean: e^-72). */
static double pois_ge(double c, double lambda)
{
    double band = 12 * sqrt(c) + 12;
    if (lambda > c + band)
        return 1;
    if (lambda < c - band)
        return 0;
    if (c <= 1)
        return -expm1(-lambda);
    gsl_sf_result r;
    if (gsl_sf_gamma_inc_P_e(c, lambda, &r) == GSL_SUCCESS)
        return r.val;
    /* GSL gives up in its large-x asymptotic region (huge c and lambda): the normal
     * approximation with continuity correction is exact to ~1/sqrt(c) there. */
    return 0.5 * erfc((c - 0.5 - lambda) / sqrt(2 * lambda));
}

/* Expected facts mentioned at least c times by sentence n (c >= 1). */
static double facts_at_least(const double *p, const double *w, double beyond, double n, double c)
{
    double N = c <= 1 ? n * beyond : 0;
    for (int i = 0; i < CAP_CELLS; i++)
        N += w[i] * pois_ge(c, n * p[i]);
    return N;
}

double theory_knowledge_excess_cap_n(double a, double b, uint32_t V, double n, double C)
{
    double fresh = theory_new_prob(a, b, n), lv = log2((double)V);
    if (a <= A_ZERO || a >= 1 || n <= 0)
        return lv * fresh;
    double rank[CAP_CELLS], p[CAP_CELLS], w[CAP_CELLS];
    double R = C * 1e4 > 1e8 ? C * 1e4 : 1e8;
    double beyond = ranked_grid(a, b, R, rank, p, w);
    /* At a tiny discount (beta = 0.00099 is a valid setup; a CSV can say less) (c/r)^(1/a)
     * overflows: no grid (GSL's incomplete gamma would fail on the infinite counts). The
     * process is then the a = 0 one to within a: take that limit, as for a <= A_ZERO. */
    if (!isfinite(beyond) || !isfinite(p[0]))
        return lv * fresh;
    if (facts_at_least(p, w, beyond, n, 1) <= C)
        return lv * fresh; /* room for every fact seen: only the unseen ones cost */
    /* The least count c with at most C facts at or above it (bisection: decreasing in c). */
    double lo = 1, hi = ceil(n * p[0]) + 2;
    /* Start near the mean count of the fact at rank C, which the threshold is close to. */
    double lc = n * theory_tail_mass(a, b, C) * (1 / a - 1) / C, g0 = floor(lc - 6 * sqrt(lc) - 6), g1 = ceil(lc + 6 * sqrt(lc) + 6);
    if (g0 > lo && facts_at_least(p, w, beyond, n, g0) > C)
        lo = g0;
    if (g1 < hi && g1 > lo && facts_at_least(p, w, beyond, n, g1) <= C)
        hi = g1;
    while (hi - lo > 1) {
        double mid = floor((lo + hi) / 2);
        if (mid <= lo || mid >= hi)
            break; /* counts past 2^53: no double between them (this spun forever: fuzz_plotcsv) */
        if (facts_at_least(p, w, beyond, n, mid) <= C)
            hi = mid;
        else
            lo = mid;
    }
    double c = hi, above = facts_at_least(p, w, beyond, n, c), at_or_above = facts_at_least(p, w, beyond, n, c - 1);
    double f = at_or_above > above ? (C - above) / (at_or_above - above) : 1; /* share of count c-1 kept */
    double unstored = beyond;
    for (int i = 0; i < CAP_CELLS; i++) {
        double qc = pois_ge(c, n * p[i]), qc1 = c - 1 >= 1 ? pois_ge(c - 1, n * p[i]) : 1;
        unstored += w[i] * p[i] * ((1 - qc1) + (1 - f) * (qc1 - qc));
    }
    return lv * (unstored > fresh ? unstored : fresh);
}

int theory_sgd_mentions(double eta, uint32_t V)
{
    double target = ((double)V / 2 - 1) / ((double)V - 1); /* c + (1 - c)/V > 1/2 */
    double c = 0;
    for (int m = 1; m < 1000000; m++) {
        c += eta * (1 - c);
        if (c > target)
            return m;
    }
    return 1000000;
}

double theory_knowledge_excess_sgd(double a, double b, uint32_t V, double eta, double n, double C)
{
    if (a <= A_ZERO)
        return NAN;
    /* Ranked weights p_(r) = (c / r)^(1/a), c = E[S] / Gamma(1 - a), on a geometric grid of
     * ranks (1 .. 1e7, 400 cells, midpoints); the mass beyond is never learned. */
    double cst = theory_heaps_k(a, b) / exp(gsl_sf_lngamma(1 - a)), lv = log2((double)V);
    int need = theory_sgd_mentions(eta, V);
    enum { CELLS = 400 };
    double R = 1e7, ratio = pow(R, 1.0 / CELLS), rr[CELLS], pp[CELLS], ww[CELLS], total = 0;
    for (int i = 0; i < CELLS; i++) {
        double lo = pow(ratio, i), hi = lo * ratio;
        rr[i] = sqrt(lo * hi);
        pp[i] = pow(cst / rr[i], 1 / a);
        ww[i] = pp[i] * (hi - lo);
        total += ww[i];
    }
    double tail = 1 - total > 0 ? 1 - total : 0, scale = total > 0 ? (1 - tail) / total : 0;
    /* P(the slot's other owner lies in cell k): the same for every cell i, so computed once */
    double pj[CELLS];
    for (int k = 0; C > 0 && k < CELLS; k++) {
        double lo = pow(ratio, k), hi = lo * ratio;
        pj[k] = pow(1 - 1 / C, lo - 1) - pow(1 - 1 / C, hi - 1);
    }
    double excess = 0;
    for (int i = 0; i < CELLS; i++) {
        double r = rr[i], p = pp[i], w = ww[i] * scale;
        /* The slot's most frequent other fact: rank j with probability (1/C)(1 - 1/C)^(j-1)
         * among the ranks before r; its mentions keep confidence near q/(p + q), so this
         * fact's value costs log2 V + log2((q + p)/p) bits. With no such fact, the slot is
         * its own once it has had `need` mentions. */
        double own = C > 0 ? pow(1 - 1 / C, r - 1) : 0;
        double extra = 0;
        if (C > 0) {
            for (int k = 0; k < CELLS && rr[k] < r; k++)
                extra += pj[k] * (lv + log2((pp[k] + p) / p));
        } else {
            extra = lv;
        }
        double alone = n * p >= need ? 0 : lv;
        excess += w * (own * alone + extra);
    }
    excess += tail * lv;
    return excess;
}
