/*
 * syntax.c: template formats (world) and the KT template model (learners).
 */
#include "skscope/syntax.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

void format_free(Format *f)
{
    free(f->theta);
    free(f->alias_cut);
    free(f->alias);
    free(f->len);
    memset(f, 0, sizeof *f);
}

/* Vose's alias method. Columns whose scaled probability is >= 1 keep themselves always. */
static int build_alias(Format *f)
{
    uint32_t T = f->T;
    double *q = malloc(T * sizeof *q);
    uint32_t *small = malloc(T * sizeof *small), *large = malloc(T * sizeof *large);
    if (!q || !small || !large) {
        free(q);
        free(small);
        free(large);
        return -1;
    }
    uint32_t ns = 0, nl = 0;
    for (uint32_t t = 0; t < T; t++) {
        q[t] = f->theta[t] * T;
        f->alias[t] = t;
        if (q[t] < 1)
            small[ns++] = t;
        else
            large[nl++] = t;
    }
    while (ns && nl) {
        uint32_t s = small[--ns], l = large[nl - 1];
        f->alias[s] = l;
        f->alias_cut[s] = q[s] <= 0 ? 0 : (uint64_t)ldexp(q[s], 64);
        q[l] -= 1 - q[s];
        if (q[l] < 1) {
            nl--;
            small[ns++] = l;
        }
    }
    /* Leftovers (rounding) keep themselves. */
    while (nl)
        f->alias_cut[large[--nl]] = UINT64_MAX;
    while (ns)
        f->alias_cut[small[--ns]] = UINT64_MAX;
    free(q);
    free(small);
    free(large);
    return 0;
}

int format_build(Format *f, uint64_t seed, int fmt, uint32_t T, double gamma, uint32_t L)
{
    memset(f, 0, sizeof *f);
    f->T = T;
    f->gamma = gamma;
    f->L = L;
    f->theta = malloc(T * sizeof *f->theta);
    f->alias_cut = malloc(T * sizeof *f->alias_cut);
    f->alias = malloc(T * sizeof *f->alias);
    f->len = malloc(T * sizeof *f->len);
    gsl_rng *g = rng_gsl_new(seed, (uint64_t)RNG_THETA * 1000 + (uint64_t)fmt);
    double *alpha = malloc(T * sizeof *alpha);
    if (!f->theta || !f->alias_cut || !f->alias || !f->len || !g || !alpha) {
        free(alpha);
        if (g)
            gsl_rng_free(g);
        format_free(f);
        return -1;
    }
    for (uint32_t t = 0; t < T; t++)
        alpha[t] = gamma;
    if (T == 1)
        f->theta[0] = 1;
    else
        gsl_ran_dirichlet(g, T, alpha, f->theta);
    free(alpha);
    double sum = 0;
    for (uint32_t t = 0; t < T; t++)
        sum += f->theta[t];
    if (!(sum > 0)) { /* every gamma variate underflowed: fall back to one template */
        memset(f->theta, 0, T * sizeof *f->theta);
        f->theta[0] = 1;
        sum = 1;
    }
    /* Lengths: L_t uniform on [L - h, L + h], h = floor((L - 1)/2), mean L. */
    uint32_t h = (L - 1) / 2;
    f->entropy_bits = 0;
    f->mean_len = 0;
    for (uint32_t t = 0; t < T; t++) {
        f->theta[t] /= sum;
        f->len[t] = (uint16_t)(L - h + gsl_rng_uniform_int(g, 2 * h + 1));
        if (f->theta[t] > 0)
            f->entropy_bits -= f->theta[t] * log2(f->theta[t]);
        f->mean_len += f->theta[t] * f->len[t];
    }
    gsl_rng_free(g);
    if (build_alias(f) != 0) {
        format_free(f);
        return -1;
    }
    return 0;
}

uint32_t format_token(uint64_t seed, int fmt, uint32_t t, uint32_t i)
{
    uint64_t h = rng_mix64(seed ^ rng_mix64(((uint64_t)fmt << 48) ^ ((uint64_t)t << 20) ^ i));
    return (uint32_t)(h % SYNTAX_VOCAB);
}

double syntax_mismatch_prob(double eps_syn)
{
    return eps_syn * (SYNTAX_VOCAB - 1) / SYNTAX_VOCAB;
}

double syntax_token_entropy(double eps_syn)
{
    if (eps_syn <= 0)
        return 0;
    double other = eps_syn / SYNTAX_VOCAB, same = 1 - eps_syn + other;
    return -same * log2(same) - (SYNTAX_VOCAB - 1) * other * log2(other);
}

static void set_noise_costs(SyntaxModel *m, double eps_syn)
{
    if (eps_syn <= 0) {
        m->c_match = 0;
        m->c_noisy = 0; /* never charged: no token is replaced */
    } else {
        m->c_match = -log2(1 - eps_syn + eps_syn / SYNTAX_VOCAB);
        m->c_noisy = -log2(eps_syn / SYNTAX_VOCAB);
    }
}

int syntax_model_init(SyntaxModel *m, uint32_t T0, uint32_t T1, double gamma, double eps_syn)
{
    memset(m, 0, sizeof *m);
    m->T[0] = T0;
    m->T[1] = T1;
    m->gamma = gamma;
    for (int f = 0; f < FORMAT_COUNT; f++) {
        m->count[f] = calloc(m->T[f], sizeof *m->count[f]);
        if (!m->count[f]) {
            syntax_model_free(m);
            return -1;
        }
    }
    set_noise_costs(m, eps_syn);
    m->cl_mark = syntax_model_codelength(m);
    return 0;
}

void syntax_model_free(SyntaxModel *m)
{
    for (int f = 0; f < FORMAT_COUNT; f++)
        free(m->count[f]);
    memset(m, 0, sizeof *m);
}

double syntax_model_codelength(const SyntaxModel *m)
{
    double cl = 0, lg = gsl_sf_lngamma(m->gamma);
    for (int f = 0; f < FORMAT_COUNT; f++) {
        if (m->n[f] == 0)
            continue;
        double Tg = m->T[f] * m->gamma;
        cl += gsl_sf_lngamma((double)m->n[f] + Tg) - gsl_sf_lngamma(Tg);
        for (uint32_t t = 0; t < m->T[f]; t++)
            if (m->count[f][t])
                cl -= gsl_sf_lngamma((double)m->count[f][t] + m->gamma) - lg;
    }
    return cl;
}

double syntax_model_noise_bits(const SyntaxModel *m)
{
    return (double)m->tok_match * m->c_match + (double)m->tok_noisy * m->c_noisy;
}

/* The bits charged since the last take, given the current code length cl (nats). */
static double pending(const SyntaxModel *m, double cl)
{
    return m->pending_bits + (cl - m->cl_mark) / M_LN2 + (double)m->tok_match * m->c_match +
           (double)m->tok_noisy * m->c_noisy;
}

double syntax_model_peek_bits(const SyntaxModel *m) { return pending(m, syntax_model_codelength(m)); }

double syntax_model_take_bits(SyntaxModel *m)
{
    double cl = syntax_model_codelength(m), bits = pending(m, cl);
    m->cl_mark = cl;
    m->pending_bits = 0;
    m->tok_match = m->tok_noisy = 0;
    return bits;
}

int syntax_model_reparam(SyntaxModel *m, int fmt, uint32_t T, double gamma, double eps_syn)
{
    /* Bank what was charged under the old parameters. */
    double cl = syntax_model_codelength(m), banked = pending(m, cl);
    if (T != m->T[fmt]) {
        uint64_t *c = calloc(T, sizeof *c);
        if (!c)
            return -1;
        uint64_t n = 0;
        for (uint32_t t = 0; t < T && t < m->T[fmt]; t++) {
            c[t] = m->count[fmt][t];
            n += c[t];
        }
        free(m->count[fmt]);
        m->count[fmt] = c;
        m->T[fmt] = T;
        m->n[fmt] = n;
    }
    m->gamma = gamma;
    set_noise_costs(m, eps_syn);
    m->pending_bits = banked;
    m->tok_match = m->tok_noisy = 0;
    m->cl_mark = syntax_model_codelength(m);
    return 0;
}

double syntax_model_prob(const SyntaxModel *m, int fmt, uint32_t t)
{
    double num = (t < m->T[fmt] ? (double)m->count[fmt][t] : 0) + m->gamma;
    return num / ((double)m->n[fmt] + m->T[fmt] * m->gamma);
}

double syntax_model_excess(const SyntaxModel *m, int fmt, const Format *f)
{
    double kl = 0;
    for (uint32_t t = 0; t < f->T; t++) {
        double p = f->theta[t];
        if (p > 0)
            kl += p * log2(p / syntax_model_prob(m, fmt, t));
    }
    return kl > 0 ? kl : 0;
}
