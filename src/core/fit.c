/*
 * fit.c: log-log least squares and the discrete power-law MLE.
 */
#include "skscope/fit.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_zeta.h>

int fit_loglog(const double *x, const double *y, size_t n, double xmin, double xmax, FitLine *out)
{
    *out = (FitLine){NAN, NAN, NAN, NAN, 0, 0, NULL};
    double *lx = malloc((n ? n : 1) * sizeof *lx), *ly = malloc((n ? n : 1) * sizeof *ly);
    if (!lx || !ly) {
        free(lx);
        free(ly);
        out->warning = "out of memory";
        return -1;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] >= xmin && x[i] <= xmax && x[i] > 0 && y[i] > 0 && isfinite(y[i])))
            continue;
        lx[m] = log10(x[i]);
        ly[m] = log10(y[i]);
        m++;
    }
    out->n = m;
    if (m < 3) {
        out->warning = "too few points in the window (need 3)";
    } else {
        double c0, c1, cov00, cov01, cov11, sumsq;
        gsl_fit_linear(lx, 1, ly, 1, m, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
        out->intercept = c0;
        out->slope = c1;
        out->intercept_se = sqrt(cov00);
        out->slope_se = sqrt(cov11);
        out->ok = isfinite(c1) && isfinite(out->slope_se);
        if (!out->ok)
            out->warning = "degenerate window (all x equal)";
    }
    free(lx);
    free(ly);
    return out->ok ? 0 : -1;
}

/* Sufficient statistics of the tail c >= cmin. */
typedef struct Tail {
    uint64_t cmin;
    double N;    /* items */
    double S;    /* sum of ln c */
} Tail;

static Tail tail_stats(const CountTable *t, uint64_t cmin)
{
    Tail s = {cmin, 0, 0};
    for (size_t c = cmin; c < t->hist_len; c++)
        if (t->hist[c]) {
            s.N += (double)t->hist[c];
            s.S += (double)t->hist[c] * log((double)c);
        }
    for (size_t i = 0; i < t->nbig; i++)
        if (t->big[i] >= cmin) {
            s.N += 1;
            s.S += log((double)t->big[i]);
        }
    return s;
}

static double hzeta(double alpha, double q)
{
    gsl_sf_result r;
    if (gsl_sf_hzeta_e(alpha, q, &r) != GSL_SUCCESS)
        return NAN;
    return r.val;
}

/* Negative mean log-likelihood per item. */
static double nll(double alpha, void *vp)
{
    const Tail *s = vp;
    return alpha * s->S / s->N + log(hzeta(alpha, (double)s->cmin));
}

static double mle_alpha(Tail *s, int *inside)
{
    gsl_function F = {nll, s};
    double lo = 1.0005, hi = 10, guess;
    /* Continuous approximation as a starting point (Clauset eq. 3.7). */
    double den = s->S - s->N * log((double)s->cmin - 0.5);
    guess = den > 0 ? 1 + s->N / den : 2;
    if (!(guess > lo + 1e-3 && guess < hi - 1e-3))
        guess = 2;
    *inside = 0;
    if (!(nll(guess, F.params) < nll(lo, F.params) && nll(guess, F.params) < nll(hi, F.params))) {
        /* Not bracketed: scan for a point below both ends. */
        int found = 0;
        for (double a = 1.01; a < hi; a += 0.01)
            if (nll(a, F.params) < nll(lo, F.params) && nll(a, F.params) < nll(hi, F.params)) {
                guess = a;
                found = 1;
                break;
            }
        if (!found)
            return nll(lo, F.params) < nll(hi, F.params) ? lo : hi;
    }
    gsl_min_fminimizer *m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    if (!m)
        return NAN;
    double x = guess;
    if (gsl_min_fminimizer_set(m, &F, guess, lo, hi) == GSL_SUCCESS) {
        for (int it = 0; it < 200; it++) {
            if (gsl_min_fminimizer_iterate(m) != GSL_SUCCESS)
                break;
            x = gsl_min_fminimizer_x_minimum(m);
            if (gsl_min_test_interval(gsl_min_fminimizer_x_lower(m), gsl_min_fminimizer_x_upper(m),
                                      1e-10, 0) == GSL_SUCCESS)
                break;
        }
        *inside = 1;
    }
    gsl_min_fminimizer_free(m);
    return x;
}

/* KS distance between the empirical tail and the fitted law, over counts < hist_len (the
 * region where the table is dense; beyond it the empirical CCDF is a handful of points). */
static double ks_distance(const CountTable *t, const Tail *s, double alpha)
{
    double z0 = hzeta(alpha, (double)s->cmin);
    double above = s->N; /* items with count >= c */
    double d = 0;
    size_t stop = t->hist_len < 4096 ? t->hist_len : 4096;
    /* The model CCDF is smooth: evaluate it at every count below 64, then 16 points per
     * octave (the empirical CCDF is still accumulated at every count). */
    double next_eval = 64;
    for (size_t c = s->cmin; c < stop && above > 0; c++) {
        if (c < 64 || (double)c >= next_eval) {
            double emp = above / s->N;                 /* empirical P(C >= c) */
            double mod = hzeta(alpha, (double)c) / z0; /* model P(C >= c) */
            if (fabs(emp - mod) > d)
                d = fabs(emp - mod);
            if (c >= 64)
                next_eval *= 1.0442737824274138; /* 2^(1/16) */
        }
        above -= (double)t->hist[c];
    }
    return d;
}

static void fit_at(const CountTable *t, uint64_t cmin, FitPowerLaw *out)
{
    Tail s = tail_stats(t, cmin);
    out->cmin = cmin;
    out->ntail = (uint64_t)s.N;
    if (s.N < 2 || s.S <= s.N * log((double)cmin) + 1e-12) {
        out->alpha = out->alpha_se = out->s = out->s_se = out->ks = NAN;
        return;
    }
    int inside;
    double a = mle_alpha(&s, &inside);
    out->alpha = a;
    /* Observed information: N d2/dalpha2 [ln zeta(alpha, cmin)] by central differences. */
    double h = 1e-4;
    double f0 = nll(a, &s), fp = nll(a + h, &s), fm = nll(a - h, &s);
    double info = s.N * (fp - 2 * f0 + fm) / (h * h);
    out->alpha_se = info > 0 ? 1 / sqrt(info) : NAN;
    out->s = 1 / (a - 1);
    out->s_se = out->alpha_se / ((a - 1) * (a - 1));
    out->ks = ks_distance(t, &s, a);
    out->ok = inside && a > 1.001 && a < 9.99 && isfinite(out->alpha_se);
}

int fit_powerlaw(const CountTable *t, uint64_t cmin, FitPowerLaw *out)
{
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    *out = (FitPowerLaw){NAN, NAN, NAN, NAN, 0, 0, NAN, 0, NULL};
    if (cmin == 0) {
        static const uint64_t cand[] = {4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128};
        FitPowerLaw best = *out;
        best.ks = INFINITY;
        for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++) {
            FitPowerLaw f = *out;
            Tail s = tail_stats(t, cand[i]);
            if (s.N < 100)
                break;
            fit_at(t, cand[i], &f);
            if (f.ok && f.ks < best.ks)
                best = f;
        }
        if (isfinite(best.ks))
            *out = best;
        else
            fit_at(t, 4, out);
    } else {
        fit_at(t, cmin, out);
    }
    if (out->ntail < 50) {
        out->ok = 0;
        out->warning = "too few items in the tail (need 50)";
    } else if (!out->ok) {
        out->warning = "no likelihood maximum for alpha in (1, 10)";
    }
    gsl_set_error_handler(old);
    return out->ok ? 0 : -1;
}

/* ---- Pitman-Yor partition likelihood ---- */

typedef struct PyData {
    const double *cval;  /* distinct counts */
    const double *cmul;  /* how many facts have each */
    size_t nd;           /* distinct counts */
    double n, K;         /* mentions, facts */
    double a;            /* current discount (inner maximisation over b) */
    double ga;           /* sum_k [lnG(n_k - a) - lnG(1 - a)] at this a */
} PyData;

static double py_count_term(const PyData *d, double a)
{
    double s = 0;
    for (size_t i = 0; i < d->nd; i++)
        s += d->cmul[i] * gsl_sf_lngamma(d->cval[i] - a);
    return s - d->K * gsl_sf_lngamma(1 - a);
}

/* l(a, b) given the count term; b = e^x - a keeps b > -a. */
static double py_loglik(const PyData *d, double a, double b, double ga)
{
    double r = b / a;
    return (d->K - 1) * log(a) + gsl_sf_lngamma(r + d->K) - gsl_sf_lngamma(r + 1) -
           (gsl_sf_lngamma(b + d->n) - gsl_sf_lngamma(b + 1)) + ga;
}

static double py_neg_b(double x, void *vp)
{
    const PyData *d = vp;
    return -py_loglik(d, d->a, exp(x) - d->a, d->ga);
}

static double minimise(gsl_function *F, double lo, double hi, int steps, double *fx)
{
    /* Grid scan to bracket, then Brent. */
    double best = lo, fbest = INFINITY;
    for (int i = 0; i <= steps; i++) {
        double x = lo + (hi - lo) * i / steps;
        double f = GSL_FN_EVAL(F, x);
        if (f < fbest) {
            fbest = f;
            best = x;
        }
    }
    double h = (hi - lo) / steps, l = best - h, u = best + h;
    if (l < lo)
        l = lo;
    if (u > hi)
        u = hi;
    if (best > l && best < u && fbest < GSL_FN_EVAL(F, l) && fbest < GSL_FN_EVAL(F, u)) {
        gsl_min_fminimizer *m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
        if (m && gsl_min_fminimizer_set_with_values(m, F, best, fbest, l, GSL_FN_EVAL(F, l), u,
                                                    GSL_FN_EVAL(F, u)) == GSL_SUCCESS) {
            for (int it = 0; it < 100; it++) {
                if (gsl_min_fminimizer_iterate(m) != GSL_SUCCESS)
                    break;
                if (gsl_min_test_interval(gsl_min_fminimizer_x_lower(m), gsl_min_fminimizer_x_upper(m),
                                          1e-10, 0) == GSL_SUCCESS)
                    break;
            }
            best = gsl_min_fminimizer_x_minimum(m);
            fbest = gsl_min_fminimizer_f_minimum(m);
        }
        gsl_min_fminimizer_free(m);
    }
    *fx = fbest;
    return best;
}

/* Profile: best b for a given a; returns -max_b l(a, b), and the maximiser in *x. */
static double py_profile(PyData *d, double a, double *x)
{
    d->a = a;
    d->ga = py_count_term(d, a);
    gsl_function F = {py_neg_b, d};
    double f;
    *x = minimise(&F, -12, 16, 56, &f);
    return f;
}

static double py_neg_profile(double a, void *vp)
{
    double x;
    return py_profile(vp, a, &x);
}

int fit_pitman_yor(const CountTable *t, FitPitmanYor *out)
{
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    *out = (FitPitmanYor){NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0, NULL};
    size_t nd = t->nbig;
    for (size_t c = 1; c < t->hist_len; c++)
        nd += t->hist[c] != 0;
    double *cval = malloc((nd ? nd : 1) * sizeof *cval), *cmul = malloc((nd ? nd : 1) * sizeof *cmul);
    if (!cval || !cmul) {
        free(cval);
        free(cmul);
        out->warning = "out of memory";
        gsl_set_error_handler(old);
        return -1;
    }
    PyData d = {cval, cmul, 0, 0, 0, 0, 0};
    for (size_t c = 1; c < t->hist_len; c++)
        if (t->hist[c]) {
            cval[d.nd] = (double)c;
            cmul[d.nd++] = (double)t->hist[c];
            d.K += (double)t->hist[c];
            d.n += (double)t->hist[c] * (double)c;
        }
    for (size_t i = 0; i < t->nbig; i++) {
        cval[d.nd] = (double)t->big[i];
        cmul[d.nd++] = 1;
        d.K += 1;
        d.n += (double)t->big[i];
    }
    if (d.K < 20 || d.n <= d.K) {
        out->warning = "too few facts (need 20, some mentioned twice)";
        free(cval);
        free(cmul);
        gsl_set_error_handler(old);
        return -1;
    }
    gsl_function F = {py_neg_profile, &d};
    double f, lo = 0.002, hi = 0.995;
    /* The singleton fraction converges to a: search near it first (8 grid points instead of
     * 40), and over the whole range only if the maximum lands on the edge of that window. */
    double a0 = (t->hist_len > 1 ? (double)t->hist[1] : 0) / d.K;
    double wlo = a0 - 0.08 > lo ? a0 - 0.08 : lo, whi = a0 + 0.08 < hi ? a0 + 0.08 : hi;
    double a = minimise(&F, wlo, whi, 8, &f);
    if ((a <= wlo + 1e-6 && wlo > lo) || (a >= whi - 1e-6 && whi < hi))
        a = minimise(&F, lo, hi, 40, &f);
    double x;
    py_profile(&d, a, &x);
    double b = exp(x) - a;
    out->a = a;
    out->b = b;
    out->s = 1 / a;
    out->loglik = -f;
    out->k = exp(gsl_sf_lngamma(b + 1) - gsl_sf_lngamma(b + a)) / a;
    /* Observed information in (a, b) by central differences. */
    double ha = 1e-4 * (a < 0.5 ? a : 1 - a), hb = 1e-4 * (fabs(b + a) + 1e-3);
    double g0 = py_count_term(&d, a), gp = py_count_term(&d, a + ha), gm = py_count_term(&d, a - ha);
    double l00 = py_loglik(&d, a, b, g0);
    double laa = (py_loglik(&d, a + ha, b, gp) - 2 * l00 + py_loglik(&d, a - ha, b, gm)) / (ha * ha);
    double lbb = (py_loglik(&d, a, b + hb, g0) - 2 * l00 + py_loglik(&d, a, b - hb, g0)) / (hb * hb);
    double lab = (py_loglik(&d, a + ha, b + hb, gp) - py_loglik(&d, a + ha, b - hb, gp) -
                  py_loglik(&d, a - ha, b + hb, gm) + py_loglik(&d, a - ha, b - hb, gm)) / (4 * ha * hb);
    double det = laa * lbb - lab * lab; /* information = -Hessian */
    if (det > 0 && laa < 0) {
        out->a_se = sqrt(-lbb / det);
        out->b_se = sqrt(-laa / det);
        out->s_se = out->a_se / (a * a);
    }
    out->ok = a > lo * 1.01 && a < hi * 0.999 && isfinite(out->a_se);
    if (!out->ok)
        out->warning = "no interior likelihood maximum";
    free(cval);
    free(cmul);
    gsl_set_error_handler(old);
    return out->ok ? 0 : -1;
}

/* ---- the Chinchilla form ---- */

typedef struct ChinData {
    const double *n, *C, *L;
    size_t m;
} ChinData;

/* Parameters: theta = (ln E, ln A, alpha, ln B, beta); residual ln model - ln L. */
static int chin_f(const gsl_vector *x, void *data, gsl_vector *f)
{
    const ChinData *d = data;
    double E = exp(gsl_vector_get(x, 0)), A = exp(gsl_vector_get(x, 1)), al = gsl_vector_get(x, 2);
    double B = exp(gsl_vector_get(x, 3)), be = gsl_vector_get(x, 4);
    for (size_t i = 0; i < d->m; i++) {
        double model = E + A * pow(d->n[i], -al) + B * pow(d->C[i], -be);
        gsl_vector_set(f, i, log(model) - log(d->L[i]));
    }
    return GSL_SUCCESS;
}

static int chin_df(const gsl_vector *x, void *data, gsl_matrix *J)
{
    const ChinData *d = data;
    double E = exp(gsl_vector_get(x, 0)), A = exp(gsl_vector_get(x, 1)), al = gsl_vector_get(x, 2);
    double B = exp(gsl_vector_get(x, 3)), be = gsl_vector_get(x, 4);
    for (size_t i = 0; i < d->m; i++) {
        double tn = A * pow(d->n[i], -al), tc = B * pow(d->C[i], -be), model = E + tn + tc;
        gsl_matrix_set(J, i, 0, E / model);
        gsl_matrix_set(J, i, 1, tn / model);
        gsl_matrix_set(J, i, 2, -tn * log(d->n[i]) / model);
        gsl_matrix_set(J, i, 3, tc / model);
        gsl_matrix_set(J, i, 4, -tc * log(d->C[i]) / model);
    }
    return GSL_SUCCESS;
}

static size_t distinct(const double *x, size_t m, double *lo, double *hi)
{
    size_t k = 0;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < m; i++) {
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = x[j] == x[i];
        k += !seen;
        *lo = x[i] < *lo ? x[i] : *lo;
        *hi = x[i] > *hi ? x[i] : *hi;
    }
    return k;
}

int fit_chinchilla(const double *n, const double *C, const double *L, size_t m, FitChinchilla *out)
{
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    *out = (FitChinchilla){NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, m, 0, NULL};
    double nlo, nhi, clo, chi;
    size_t dn = distinct(n, m, &nlo, &nhi), dc = distinct(C, m, &clo, &chi);
    for (size_t i = 0; i < m; i++)
        if (!(L[i] > 0 && n[i] > 0 && C[i] > 0 && isfinite(L[i]))) {
            out->warning = "every point needs n, C and L > 0";
            gsl_set_error_handler(old);
            return -1;
        }
    if (m < 8 || dn < 3 || dc < 3 || nhi < 10 * nlo || chi < 10 * clo) {
        out->warning = "too few points or too little range (need 8 points, 3 n and 3 C, a decade each)";
        gsl_set_error_handler(old);
        return -1;
    }
    /* Starting values: slopes along n at the largest C, along C at the largest n. */
    double *xs = malloc(m * sizeof *xs), *ys = malloc(m * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        out->warning = "out of memory";
        gsl_set_error_handler(old);
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < m; i++)
        if (C[i] == chi) {
            xs[k] = n[i];
            ys[k++] = L[i];
        }
    FitLine fn, fc;
    fit_loglog(xs, ys, k, 0, INFINITY, &fn);
    k = 0;
    for (size_t i = 0; i < m; i++)
        if (n[i] == nhi) {
            xs[k] = C[i];
            ys[k++] = L[i];
        }
    fit_loglog(xs, ys, k, 0, INFINITY, &fc);
    free(xs);
    free(ys);
    double al0 = fn.ok && fn.slope < 0 ? -fn.slope : 0.5, be0 = fc.ok && fc.slope < 0 ? -fc.slope : 0.5;
    double Lmin = INFINITY;
    for (size_t i = 0; i < m; i++)
        Lmin = L[i] < Lmin ? L[i] : Lmin;
    ChinData d = {n, C, L, m};
    gsl_multifit_nlinear_fdf fdf = {chin_f, chin_df, NULL, m, 5, &d, 0, 0, 0};
    gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, m, 5);
    gsl_matrix *cov = gsl_matrix_alloc(5, 5);
    int rc = -1;
    double best = INFINITY;
    /* Several starting floors: with E = e^theta a start far below the true floor can run off
     * toward E = 0 (a flat valley in theta); keep the start with the smallest residual. */
    static const double floors[] = {1e-3, 0.1, 0.5, 0.9};
    for (size_t st = 0; w && cov && st < sizeof floors / sizeof floors[0]; st++) {
        double x0[5] = {log(Lmin * floors[st]), log(Lmin * 0.5) + al0 * log(nhi), al0,
                        log(Lmin * 0.5) + be0 * log(chi), be0};
        gsl_vector_view xv = gsl_vector_view_array(x0, 5);
        int info = 0;
        if (gsl_multifit_nlinear_init(&xv.vector, &fdf, w) != GSL_SUCCESS ||
            gsl_multifit_nlinear_driver(500, 1e-10, 1e-10, 1e-10, NULL, NULL, &info, w) != GSL_SUCCESS)
            continue;
        const gsl_vector *x = gsl_multifit_nlinear_position(w);
        const gsl_vector *f = gsl_multifit_nlinear_residual(w);
        double chi2;
        gsl_blas_ddot(f, f, &chi2);
        if (!(chi2 < best) || gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, cov) != GSL_SUCCESS)
            continue;
        best = chi2;
        double s2 = chi2 / (double)(m - 5), th[5], se[5];
        out->rms_log = sqrt(chi2 / (double)m);
        for (int i = 0; i < 5; i++) {
            th[i] = gsl_vector_get(x, (size_t)i);
            se[i] = sqrt(gsl_matrix_get(cov, (size_t)i, (size_t)i) * s2);
        }
        out->E = exp(th[0]);
        out->E_se = out->E * se[0];
        out->A = exp(th[1]);
        out->A_se = out->A * se[1];
        out->alpha = th[2];
        out->alpha_se = se[2];
        out->B = exp(th[3]);
        out->B_se = out->B * se[3];
        out->beta = th[4];
        out->beta_se = se[4];
        rc = 0;
    }
    gsl_matrix_free(cov);
    gsl_multifit_nlinear_free(w);
    if (rc != 0)
        out->warning = "the nonlinear fit did not converge";
    else if (!(out->alpha_se < 0.5 * fabs(out->alpha)) || !(out->beta_se < 0.5 * fabs(out->beta)))
        out->warning = "an exponent is not determined by the data (error above half its value)";
    else
        out->ok = 1;
    gsl_set_error_handler(old);
    return out->ok ? 0 : -1;
}
