/*
 * theory.c: closed forms of SPEC 3.
 */
#include "skscope/theory.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>

#define A_ZERO 1e-12 /* below this discount, use the a = 0 (Dirichlet process) limit */

double theory_heaps_k(double a, double b)
{
    if (a <= A_ZERO)
        return 0;
    return exp(gsl_sf_lngamma(b + 1) - gsl_sf_lngamma(b + a)) / a;
}

double theory_expected_K(double a, double b, double n)
{
    if (n <= 0)
        return 0;
    if (a <= A_ZERO)
        return b * (gsl_sf_psi(b + n) - gsl_sf_psi(b));
    /* poch(b+n, a) = Gamma(b+n+a)/Gamma(b+n); b + n >= 1 - a > 0 for n >= 1. */
    gsl_sf_result lp;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int rc = gsl_sf_lnpoch_e(b + n, a, &lp);
    gsl_set_error_handler(old);
    double poch = rc == GSL_SUCCESS ? exp(lp.val) : pow(b + n, a);
    return theory_heaps_k(a, b) * poch - b / a;
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
    return log2((double)V) * theory_tail_mass(a, b, C);
}

double theory_hallucination_bayes(double a, double b, uint32_t V, double n)
{
    return (1 - 1 / (double)V) * theory_new_prob(a, b, n);
}

double theory_exp_zipf(double s) { return s; }
double theory_exp_heaps(double s) { return 1 / s; }
double theory_exp_data(double s) { return 1 - 1 / s; }
double theory_exp_capacity(double s) { return s - 1; }
