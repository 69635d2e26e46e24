/*
 * theory.c: closed forms of SPEC 3.
 */
#include "skscope/theory.h"

#include <math.h>

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
