/*
 * syntax.h: the parametric part of the world and of the learners.
 *
 * World side (Format): T templates with probabilities theta ~ Dirichlet(gamma, ..., gamma),
 * drawn once per world and format from the seed; template t has L_t syntax tokens. A sentence
 * draws its template from theta (Walker alias table, one 64-bit draw). Syntax noise replaces a
 * syntax token by a uniform token of the W-token syntax vocabulary with probability eps_syn.
 *
 * Learner side (SyntaxModel): the Krichevsky-Trofimov / Dirichlet posterior predictive
 * q(t) = (n_t + gamma)/(n + T gamma), kept separately for each format (the pretraining format
 * and the fine-tuning instruction format are told apart by their tokens). Its cumulative code
 * length is a function of the counts alone,
 *     CL = sum_t [lnG(gamma) - lnG(n_t + gamma)] + lnG(n + T gamma) - lnG(T gamma)   (nats),
 * so the hot loop only counts and the loss of any window is a difference of two CL values.
 * The noise tokens are coded with the known rate: a token that matches its template costs
 * -log2(1 - eps_syn + eps_syn/W), one that does not costs -log2(eps_syn/W).
 *
 * Floors (exact): per sentence H(theta) + E_theta[L_t] h_tok, h_tok = entropy of one noisy token.
 */
#ifndef SKSCOPE_SYNTAX_H
#define SKSCOPE_SYNTAX_H

#include <stddef.h>
#include <stdint.h>

#include "skscope/rng.h"

#define SYNTAX_VOCAB 1024u /* W: syntax vocabulary size (tokens) */
#define FORMAT_PRETRAIN 0
#define FORMAT_FINETUNE 1
#define FORMAT_COUNT 2

typedef struct Format {
    uint32_t T;            /* templates */
    double gamma;          /* Dirichlet prior they were drawn with */
    uint32_t L;            /* mean length they were drawn with (tokens) */
    double *theta;         /* template probabilities, T entries */
    uint64_t *alias_cut;   /* Walker table: keep column t if the low word < alias_cut[t] */
    uint32_t *alias;       /* Walker table: otherwise use alias[t] */
    uint16_t *len;         /* syntax tokens of template t (tokens) */
    double entropy_bits;   /* H(theta) (bits) */
    double mean_len;       /* E_theta[L_t] (tokens) */
} Format;

/* format_build: draw theta ~ Dirichlet(gamma) and the template lengths for format `fmt` of
 * world `seed` (stream RNG_THETA), and build the alias table. Returns 0, or -1 when out of
 * memory (f is then empty). */
int format_build(Format *f, uint64_t seed, int fmt, uint32_t T, double gamma, uint32_t L);

/* format_free: release a format's arrays (safe on a zeroed Format). */
void format_free(Format *f);

/* format_draw: a template id drawn from theta with one 64-bit random word. */
static inline uint32_t format_draw(const Format *f, Rng *r)
{
    rng_u128 m = (rng_u128)rng_next(r) * f->T;
    uint32_t t = (uint32_t)(m >> 64);
    uint64_t low = (uint64_t)m; /* uniform on [0, 2^64) in steps of T, given t */
    return low < f->alias_cut[t] ? t : f->alias[t];
}

/* format_token: the syntax-vocabulary id of token i of template t (for printing text). */
uint32_t format_token(uint64_t seed, int fmt, uint32_t t, uint32_t i);

/* syntax_token_entropy: entropy of one syntax token under noise eps_syn (bits). */
double syntax_token_entropy(double eps_syn);

/* syntax_mismatch_prob: P(a token differs from its template's) = eps_syn (W - 1)/W. */
double syntax_mismatch_prob(double eps_syn);

/* The learners' shared template model. */
typedef struct SyntaxModel {
    uint32_t T[FORMAT_COUNT];      /* alphabet size per format */
    double gamma;                  /* prior */
    uint64_t *count[FORMAT_COUNT]; /* template counts per format (sentences) */
    uint64_t n[FORMAT_COUNT];      /* sentences per format */
    double cl_mark;                /* code length (nats, both formats) at the last mark */
    double pending_bits;           /* template bits accumulated before a parameter change */
    uint64_t tok_match, tok_noisy; /* syntax tokens since the last mark: intact / replaced */
    double c_match, c_noisy;       /* their costs (bits per token) under the current eps_syn */
} SyntaxModel;

/* syntax_model_init: empty counts for alphabets T0 (pretraining) and T1 (fine-tuning).
 * Returns 0 or -1 (out of memory). */
int syntax_model_init(SyntaxModel *m, uint32_t T0, uint32_t T1, double gamma, double eps_syn);

void syntax_model_free(SyntaxModel *m);

/* syntax_model_codelength: cumulative KT code length of the counts (nats). */
double syntax_model_codelength(const SyntaxModel *m);

/* syntax_model_take_bits: bits charged (templates + noise tokens) since the last call; marks. */
double syntax_model_take_bits(SyntaxModel *m);

/* syntax_model_peek_bits: the same bits, without marking (the next take still returns them). */
double syntax_model_peek_bits(const SyntaxModel *m);

/* syntax_model_noise_bits: the part of those bits charged for syntax-noise tokens (matched and
 * replaced ones) since the last take. */
double syntax_model_noise_bits(const SyntaxModel *m);

/* syntax_model_reparam: change an alphabet size or the prior or eps_syn mid-run. Counts of
 * templates >= the new T are dropped; the bits charged so far are kept for the next take.
 * Returns 0 or -1 (out of memory, nothing changed). */
int syntax_model_reparam(SyntaxModel *m, int fmt, uint32_t T, double gamma, double eps_syn);

/* syntax_model_excess: expected excess code length of the next sentence of format fmt, i.e.
 * KL(theta || q) (bits). */
double syntax_model_excess(const SyntaxModel *m, int fmt, const Format *f);

/* syntax_model_prob: q(t) for format fmt. */
double syntax_model_prob(const SyntaxModel *m, int fmt, uint32_t t);

#endif
