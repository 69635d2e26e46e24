/*
 * setup.c: the knob table, setup strings, and the s <-> a <-> beta, k <-> b mappings.
 */
#include "skscope/setup.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>

#include "skscope/numparse.h"
#include "skscope/theory.h"

#define SETUP_BMAX 1e9 /* largest concentration the k -> b solve will look for */

/* One row per knob, in KnobId order. This is the only description of the knobs. */
static const Knob knobs[KNOB_COUNT] = {
    {KNOB_S, "s", NULL, "Zipf s", "", 1.01, 100, 1.8, 1.03, KNOB_LIVE | KNOB_LOGSCALE | KNOB_INF_END,
     "Zipf exponent: fact frequencies fall like rank^-s; sets beta = 1/s", NULL, KNOB_PAGE_WORLD, 0},
    {KNOB_BETA, "beta", "a", "Heaps β", "", 0, 0.99, 1 / 1.8, 0.01, KNOB_LIVE,
     "Heaps exponent: distinct facts grow like k n^beta; the Pitman-Yor discount a; sets s = 1/beta",
     "Heaps beta", KNOB_PAGE_WORLD, 0},
    {KNOB_K, "k", NULL, "Heaps k", "facts", 0.01, 1e6, 2, 1.25, KNOB_LIVE | KNOB_LOGSCALE,
     "Heaps coefficient: distinct facts after n sentences ~ k n^beta (sets the concentration b)", NULL, KNOB_PAGE_WORLD, 0},
    {KNOB_B, "b", NULL, "conc. b", "", -0.99, 1e9, 0.9648, 1.25, KNOB_LIVE | KNOB_LOGSCALE,
     "Pitman-Yor concentration (must exceed -beta); setting it fixes b instead of k", NULL, KNOB_PAGE_WORLD, 1},
    {KNOB_V, "V", NULL, "values V", "", 2, 32768, 64, 2, KNOB_INTEGER | KNOB_LOGSCALE,
     "values per relation: a fact carries log2 V bits", NULL, KNOB_PAGE_WORLD, 0},
    {KNOB_R, "R", NULL, "relations R", "", 1, 32767, 4, 2, KNOB_INTEGER | KNOB_LOGSCALE,
     "relations a fact can have", NULL, KNOB_PAGE_WORLD, 0},
    {KNOB_EPS, "eps", NULL, "noise ε", "", 0, 0.999, 0, 0.01, KNOB_LIVE,
     "fact noise: probability that a sentence states a random wrong value", "noise eps", KNOB_PAGE_WORLD, 0},
    {KNOB_T, "T", NULL, "templates T", "", 1, 4096, 16, 2, KNOB_INTEGER | KNOB_LIVE | KNOB_LOGSCALE,
     "syntax templates of the format; T - 1 free parameters (a change redraws them)", NULL, KNOB_PAGE_WORLD, 0},
    {KNOB_GAMMA, "gamma", NULL, "prior γ", "", 0.01, 100, 1, 1.25, KNOB_LIVE | KNOB_LOGSCALE,
     "Dirichlet prior of template probabilities: small = few templates dominate", "prior gamma", KNOB_PAGE_WORLD, 0},
    {KNOB_L, "L", NULL, "length L", "tokens", 1, 64, 6, 1, KNOB_INTEGER | KNOB_LIVE,
     "mean syntax tokens per template (a sentence has L_t + 3 tokens)", NULL, KNOB_PAGE_WORLD, 0},
    {KNOB_EPS_SYN, "eps_syn", NULL, "syn.noise", "", 0, 0.999, 0, 0.01, KNOB_LIVE,
     "syntax noise: probability that a syntax token is replaced by a random one", NULL, KNOB_PAGE_WORLD, 0},
    {KNOB_C, "C", NULL, "capacity C", "facts", 0, 1e9, 4096, 2,
     KNOB_INTEGER | KNOB_LIVE | KNOB_LOGSCALE,
     "model capacity: facts kept (Bayes-C) or memory slots (SGD memory)", NULL, KNOB_PAGE_LEARNERS, 1},
    {KNOB_ETA, "eta", NULL, "SGD rate η", "", 1e-4, 1, 0.1, 1.25, KNOB_LIVE | KNOB_LOGSCALE,
     "SGD memory learning rate: confidence moves this far toward each observation", "SGD rate eta", KNOB_PAGE_LEARNERS, 0},
    {KNOB_TAU, "tau", NULL, "abstain τ", "", 0, 1, 0.5, 0.05, KNOB_LIVE,
     "abstention threshold: a model answers only when its confidence is at least tau", "abstain tau", KNOB_PAGE_LEARNERS, 0},
    {KNOB_NN_D, "nn_d", NULL, "net width d", "", 1, 256, 32, 2, KNOB_INTEGER | KNOB_LIVE | KNOB_LOGSCALE,
     "neural learner: embedding width d (a change re-initialises the network)", NULL, KNOB_PAGE_NEURAL, 0},
    {KNOB_NN_H, "nn_H", NULL, "buckets H", "", 1, 16777216, 4096, 2, KNOB_INTEGER | KNOB_LIVE | KNOB_LOGSCALE,
     "neural learner: hash buckets of the entity embeddings, its capacity (a change re-initialises)", NULL, KNOB_PAGE_NEURAL, 0},
    {KNOB_NN_HIDDEN, "nn_hidden", NULL, "net hidden", "", 0, 1024, 0, 2, KNOB_INTEGER | KNOB_LIVE | KNOB_LOGSCALE,
     "neural learner: hidden units of a one-layer MLP (0: a linear read-out of the summed embeddings)", NULL, KNOB_PAGE_NEURAL, 1},
    {KNOB_NN_LR, "nn_lr", NULL, "net rate", "", 1e-4, 1, 0.05, 1.25, KNOB_LIVE | KNOB_LOGSCALE,
     "neural learner: learning rate (SGD: about 0.05; Adam: about 0.005); gradients are clipped, so no rate diverges", NULL, KNOB_PAGE_NEURAL, 0},
    {KNOB_NN_WD, "nn_wd", NULL, "net decay", "", 0, 0.1, 0, 2, KNOB_LIVE | KNOB_LOGSCALE,
     "neural learner: weight decay: each step shrinks the parameters by a factor 1 - rate x decay", NULL, KNOB_PAGE_NEURAL, 1e-5},
    {KNOB_NN_ADAM, "nn_adam", NULL, "net Adam", "", 0, 1, 0, 1, KNOB_INTEGER | KNOB_LIVE,
     "neural learner: 1 trains with Adam (slower, and no better here), 0 with plain SGD", NULL, KNOB_PAGE_NEURAL, 0},
    {KNOB_FT_AT, "ft_at", NULL, "finetune at", "sentences", 0, 1e15, 0, 10,
     KNOB_INTEGER | KNOB_LIVE | KNOB_LOGSCALE,
     "sentence count where the fine-tuning phase starts (0 = never)", NULL, KNOB_PAGE_FINETUNE, 1},
    {KNOB_FT_T, "ft_T", NULL, "ft templates", "", 1, 4096, 8, 2, KNOB_INTEGER | KNOB_LIVE | KNOB_LOGSCALE,
     "templates of the new instruction format used while fine-tuning", NULL, KNOB_PAGE_FINETUNE, 0},
    {KNOB_FT_F, "ft_F", NULL, "ft facts F", "facts", 1, 1e6, 256, 2,
     KNOB_INTEGER | KNOB_LIVE | KNOB_LOGSCALE, "new facts injected by fine-tuning", NULL, KNOB_PAGE_FINETUNE, 0},
    {KNOB_FT_R, "ft_r", NULL, "ft repeats r", "", 1, 10000, 4, 2, KNOB_INTEGER | KNOB_LIVE | KNOB_LOGSCALE,
     "mentions of each injected fact (epochs over the fine-tuning set)", NULL, KNOB_PAGE_FINETUNE, 0},
    {KNOB_FT_M, "ft_m", NULL, "ft replay m", "", 0, 0.99, 0.2, 0.05, KNOB_LIVE,
     "replay fraction: share of old pretraining sentences mixed into fine-tuning", NULL, KNOB_PAGE_FINETUNE, 0},
    {KNOB_SEED, "seed", NULL, "seed", "", 0, 9007199254740992.0, 1, 1, KNOB_INTEGER,
     "seed of all randomness (same seed and knobs: identical run)", NULL, KNOB_PAGE_RUN, 0},
};

const Knob *knob_table(void) { return knobs; }

const char *knob_page_name(KnobPage p)
{
    static const char *const names[KNOB_PAGE_COUNT] = {"world", "learners", "neural", "fine-tuning", "run"};
    return p >= 0 && p < KNOB_PAGE_COUNT ? names[p] : "?";
}

/* v rounded to `digits` significant digits (slider positions give clean numbers). */
static double round_sig(double v, int digits)
{
    if (v == 0 || !isfinite(v))
        return v;
    double p = pow(10, digits - 1 - floor(log10(fabs(v))));
    return round(v * p) / p;
}

static double clamp_knob(const Knob *k, double v) { return v < k->min ? k->min : v > k->max ? k->max : v; }

double knob_fraction(const Knob *k, double v)
{
    if (isnan(v))
        return 0;
    if (isinf(v))
        return v > 0 ? 1 : 0;
    v = clamp_knob(k, v);
    double f = (k->flags & KNOB_LOGSCALE)
                   ? log((v + k->log_shift) / (k->min + k->log_shift)) / log((k->max + k->log_shift) / (k->min + k->log_shift))
                   : (v - k->min) / (k->max - k->min);
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

/* v on the grid of 3 significant digits of u = v + shift (a log slider's resolution: b near its
 * floor -0.99 moves in steps of 1e-4, not 0.01). */
static double round_shifted(double v, double shift)
{
    double u = v + shift;
    if (!(u > 0) || !isfinite(u))
        return round_sig(v, 3);
    double p = pow(10, 2 - floor(log10(u))); /* 1/quantum: dividing by it keeps decimals exact */
    return round(v * p) / p;
}

/* A clean number near v for knob k: what a slider position or a notch lands on. */
static double knob_round(const Knob *k, double v)
{
    if (k->flags & KNOB_INTEGER)
        return (k->flags & KNOB_LOGSCALE) && v >= 1 ? pow(2, round(log2(v))) : round(v); /* 1024, 2048 */
    if (k->id == KNOB_S || k->id == KNOB_BETA)
        return round(v * 100) / 100;
    return (k->flags & KNOB_LOGSCALE) ? round_shifted(v, k->log_shift) : round_sig(v, 3);
}

double knob_at_fraction(const Knob *k, double f)
{
    if (!(f > 0)) /* NaN too */
        return k->min;
    if (f >= 1)
        return k->max;
    double v = (k->flags & KNOB_LOGSCALE)
                   ? (k->min + k->log_shift) * pow((k->max + k->log_shift) / (k->min + k->log_shift), f) - k->log_shift
                   : k->min + f * (k->max - k->min);
    return clamp_knob(k, knob_round(k, v));
}

double knob_notch(const Knob *k, double v, int dir)
{
    if ((k->flags & KNOB_INF_END) && isinf(v))
        return dir < 0 ? k->max : v;
    if ((k->flags & KNOB_INF_END) && dir > 0 && v >= k->max)
        return INFINITY;
    double w;
    if ((k->flags & KNOB_LOGSCALE) && (k->flags & KNOB_INTEGER)) { /* 0 -> 1 -> step -> step^2 */
        w = v < 1 ? (dir > 0 ? 1 : 0) : dir > 0 ? v * k->step : v / k->step;
        w = dir > 0 ? ceil(w) : floor(w);
    } else if (k->flags & KNOB_LOGSCALE) {
        double u = v + k->log_shift;
        if (u <= 0) /* below the scale's floor: its first notch */
            u = k->min + k->log_shift;
        w = dir > 0 ? u * k->step : u / k->step;
        w -= k->log_shift;
        double r = round_shifted(w, k->log_shift); /* 3 digits: finer than any notch factor (>= 1.03) */
        w = r != v ? r : w;
    } else {
        w = v + dir * k->step;
        w = (k->flags & KNOB_INTEGER) ? round(w) : round(w / k->step * 1e3) / 1e3 * k->step;
    }
    return clamp_knob(k, w);
}

const char *knob_names(char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = 0;
    for (int i = 0; i < KNOB_COUNT && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? " " : "", knobs[i].name);
    return buf;
}

const Knob *knob_find(const char *name)
{
    for (int i = 0; i < KNOB_COUNT; i++)
        if (strcmp(knobs[i].name, name) == 0 || (knobs[i].alias && strcmp(knobs[i].alias, name) == 0))
            return &knobs[i];
    return NULL;
}

struct solve_params {
    double a, lnk;
};

/* f(x) with b = e^x - a: ln k(b) - ln k, increasing in x. */
static double solve_f(double x, void *vp)
{
    const struct solve_params *p = vp;
    double ba = exp(x); /* b + a > 0 */
    double b = ba - p->a;
    return gsl_sf_lngamma(b + 1) - gsl_sf_lngamma(ba) - log(p->a) - p->lnk;
}

int setup_solve_b(double a, double k, double *b)
{
    if (!(a > 0 && a < 1 && k > 0))
        return -1;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    struct solve_params p = {a, log(k)};
    gsl_function F = {solve_f, &p};
    double lo = -600, hi = log(SETUP_BMAX + a);
    int rc = -1;
    if (solve_f(lo, &p) < 0 && solve_f(hi, &p) > 0) {
        gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
        if (s && gsl_root_fsolver_set(s, &F, lo, hi) == GSL_SUCCESS) {
            for (int it = 0; it < 500; it++) {
                if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
                    break;
                double xl = gsl_root_fsolver_x_lower(s), xu = gsl_root_fsolver_x_upper(s);
                if (gsl_root_test_interval(xl, xu, 0, 1e-15) == GSL_SUCCESS) {
                    rc = 0;
                    break;
                }
            }
            if (rc == 0)
                *b = exp(gsl_root_fsolver_root(s)) - a;
        }
        gsl_root_fsolver_free(s);
    }
    gsl_set_error_handler(old);
    return rc;
}

void setup_default(Setup *s)
{
    memset(s, 0, sizeof *s);
    s->a = 1 / 1.8;
    s->k = 2;
    s->b_given = 0;
    (void)setup_solve_b(s->a, s->k, &s->b);
    s->V = 64;
    s->R = 4;
    s->eps = 0;
    s->T = 16;
    s->gamma = 1;
    s->L = 6;
    s->eps_syn = 0;
    s->C = 4096;
    s->eta = 0.1;
    s->tau = 0.5;
    s->nn_d = 32;
    s->nn_H = 4096;
    s->nn_hidden = 0;
    s->nn_lr = 0.05;
    s->nn_wd = 0;
    s->nn_adam = 0;
    s->ft_at = 0;
    s->ft_T = 8;
    s->ft_F = 256;
    s->ft_r = 4;
    s->ft_m = 0.2;
    s->seed = 1;
}

double setup_get(const Setup *s, KnobId id)
{
    switch (id) {
    case KNOB_S: return s->a > 0 ? 1 / s->a : INFINITY;
    case KNOB_BETA: return s->a;
    case KNOB_K: return s->k;
    case KNOB_B: return s->b;
    case KNOB_V: return s->V;
    case KNOB_R: return s->R;
    case KNOB_EPS: return s->eps;
    case KNOB_T: return s->T;
    case KNOB_GAMMA: return s->gamma;
    case KNOB_L: return s->L;
    case KNOB_EPS_SYN: return s->eps_syn;
    case KNOB_C: return (double)s->C;
    case KNOB_ETA: return s->eta;
    case KNOB_TAU: return s->tau;
    case KNOB_NN_D: return s->nn_d;
    case KNOB_NN_H: return s->nn_H;
    case KNOB_NN_HIDDEN: return s->nn_hidden;
    case KNOB_NN_LR: return s->nn_lr;
    case KNOB_NN_WD: return s->nn_wd;
    case KNOB_NN_ADAM: return s->nn_adam;
    case KNOB_FT_AT: return (double)s->ft_at;
    case KNOB_FT_T: return s->ft_T;
    case KNOB_FT_F: return s->ft_F;
    case KNOB_FT_R: return s->ft_r;
    case KNOB_FT_M: return s->ft_m;
    case KNOB_SEED: return (double)s->seed;
    case KNOB_COUNT: break;
    }
    return NAN;
}

/* Re-derive whichever of k and b is not the one the user holds. */
static int derive_heaps(Setup *s, char *err, size_t errlen)
{
    if (s->a <= 0) {
        s->k = 0; /* no power law: E[K_n] ~ b ln n */
        s->b_given = 1;
        return 0;
    }
    if (s->b_given) {
        if (!(s->b > -s->a))
            return 0; /* setup_validate rejects it; k(a, b) needs b > -a (lngamma(b + a)) */
        s->k = theory_heaps_k(s->a, s->b);
        return 0;
    }
    double b;
    if (setup_solve_b(s->a, s->k, &b) != 0) {
        char kb[32], sb[32], mb[32];
        /* k grows without bound in b, but slowly (like b^(1-a)/a): give the largest reachable */
        double kmax = exp(gsl_sf_lngamma(SETUP_BMAX + 1) - gsl_sf_lngamma(SETUP_BMAX + s->a) - log(s->a));
        snprintf(err, errlen, "k: %s cannot be reached at s = %s (valid: up to %s there; more needs a concentration "
                 "b above %g)", numparse_format(s->k, kb, sizeof kb), numparse_format(1 / s->a, sb, sizeof sb),
                 numparse_format(floor(kmax * 1000) / 1000, mb, sizeof mb), SETUP_BMAX);
        return -1;
    }
    s->b = b;
    return 0;
}

static void range_message(const Knob *kn, const char *what, char *err, size_t errlen)
{
    char lo[32], hi[32];
    snprintf(err, errlen, "%s: %s (valid: %s to %s%s%s)", kn->name, what,
             numparse_format(kn->min, lo, sizeof lo), numparse_format(kn->max, hi, sizeof hi),
             kn->unit[0] ? " " : "", kn->unit);
}

/* Range check and store one knob, without cross-knob checks. */
static int set_raw(Setup *s, KnobId id, double v, char *err, size_t errlen)
{
    const Knob *kn = &knobs[id];
    char vb[32];
    if (!isfinite(v)) {
        range_message(kn, "the value must be a finite number", err, errlen);
        return -1;
    }
    if (id == KNOB_B) {
        if (!(v > -0.99 && v <= kn->max)) {
            char m[96];
            snprintf(m, sizeof m, "%s is out of range", numparse_format(v, vb, sizeof vb));
            range_message(kn, m, err, errlen);
            return -1;
        }
    } else if (v < kn->min || v > kn->max) {
        char m[96];
        snprintf(m, sizeof m, "%s is out of range", numparse_format(v, vb, sizeof vb));
        range_message(kn, m, err, errlen);
        return -1;
    }
    if ((kn->flags & KNOB_INTEGER) && v != floor(v)) {
        char m[96];
        snprintf(m, sizeof m, "%s is not a whole number", numparse_format(v, vb, sizeof vb));
        range_message(kn, m, err, errlen);
        return -1;
    }
    switch (id) {
    case KNOB_S: s->a = 1 / v; break;
    case KNOB_BETA: s->a = v; break;
    case KNOB_K: s->k = v; s->b_given = 0; break;
    case KNOB_B: s->b = v; s->b_given = 1; break;
    case KNOB_V: s->V = (uint32_t)v; break;
    case KNOB_R: s->R = (uint32_t)v; break;
    case KNOB_EPS: s->eps = v; break;
    case KNOB_T: s->T = (uint32_t)v; break;
    case KNOB_GAMMA: s->gamma = v; break;
    case KNOB_L: s->L = (uint32_t)v; break;
    case KNOB_EPS_SYN: s->eps_syn = v; break;
    case KNOB_C: s->C = (uint64_t)v; break;
    case KNOB_ETA: s->eta = v; break;
    case KNOB_TAU: s->tau = v; break;
    case KNOB_NN_D: s->nn_d = (uint32_t)v; break;
    case KNOB_NN_H: s->nn_H = (uint32_t)v; break;
    case KNOB_NN_HIDDEN: s->nn_hidden = (uint32_t)v; break;
    case KNOB_NN_LR: s->nn_lr = v; break;
    case KNOB_NN_WD: s->nn_wd = v; break;
    case KNOB_NN_ADAM: s->nn_adam = (uint32_t)v; break;
    case KNOB_FT_AT: s->ft_at = (uint64_t)v; break;
    case KNOB_FT_T: s->ft_T = (uint32_t)v; break;
    case KNOB_FT_F: s->ft_F = (uint32_t)v; break;
    case KNOB_FT_R: s->ft_r = (uint32_t)v; break;
    case KNOB_FT_M: s->ft_m = v; break;
    case KNOB_SEED: s->seed = (uint64_t)v; break;
    case KNOB_COUNT: return -1;
    }
    return 0;
}

int setup_validate(const Setup *s, char *err, size_t errlen)
{
    char ab[32], bb[32];
    if (!(s->a >= 0 && s->a <= 1 / 1.01)) { /* beta <= 0.99 or s >= 1.01 */
        snprintf(err, errlen, "beta: %s is out of range (valid: 0 to 0.99; s = 1/beta from 1.01)",
                 numparse_format(s->a, ab, sizeof ab));
        return -1;
    }
    if (!(s->b > -s->a) || !(s->b <= SETUP_BMAX)) {
        snprintf(err, errlen, "b: %s is out of range (valid: above -beta = -%s, at most 1e9)",
                 numparse_format(s->b, bb, sizeof bb), numparse_format(s->a, ab, sizeof ab));
        return -1;
    }
    if (s->a == 0 && !(s->b > 0)) {
        snprintf(err, errlen, "b: %s is out of range (valid: above 0 when beta = 0)",
                 numparse_format(s->b, bb, sizeof bb));
        return -1;
    }
    return 0;
}

int setup_set(Setup *s, KnobId id, double v, char *err, size_t errlen)
{
    Setup t = *s;
    if (set_raw(&t, id, v, err, errlen) != 0 || derive_heaps(&t, err, errlen) != 0 ||
        setup_validate(&t, err, errlen) != 0)
        return -1;
    *s = t;
    return 0;
}

/* The number `value` for knob kn: "NAME: why" on an error. A whole-number knob (the seed) must
 * be the number typed, not the double nearest it (numparse_whole). 0 or -1. */
static int parse_value(const Knob *kn, const char *value, double *v, char *err, size_t errlen)
{
    char why[160];
    int (*num)(const char *, double *, char *, size_t) = kn->flags & KNOB_INTEGER ? numparse_whole : numparse_double;
    if (num(value, v, why, sizeof why) == 0)
        return 0;
    snprintf(err, errlen, "%s: %s", kn->name, why);
    return -1;
}

int setup_set_text(Setup *s, const char *key, const char *value, char *err, size_t errlen)
{
    const Knob *kn = knob_find(key);
    if (!kn) {
        char names[400];
        snprintf(err, errlen, "unknown setup key '%.40s' (keys: %s)", key, knob_names(names, sizeof names));
        return -1;
    }
    double v;
    if (parse_value(kn, value, &v, err, errlen) != 0)
        return -1;
    return setup_set(s, kn->id, v, err, errlen);
}

/* tok without leading and trailing blanks (spaces, tabs, carriage returns), in place. */
static char *trim_blanks(char *tok)
{
    while (*tok == ' ' || *tok == '\t' || *tok == '\r')
        tok++;
    size_t n = strlen(tok);
    while (n > 0 && (tok[n - 1] == ' ' || tok[n - 1] == '\t' || tok[n - 1] == '\r'))
        tok[--n] = 0;
    return tok;
}

/* One "key=value" pair (blanks around key and value ignored) applied to *t. 0 or -1. */
static int parse_pair(Setup *t, char *tok, char *err, size_t errlen)
{
    char *eq = strchr(tok, '=');
    if (!eq) {
        snprintf(err, errlen, "'%.40s' is not key=value", tok);
        return -1;
    }
    *eq = 0;
    char *key = trim_blanks(tok), *val = trim_blanks(eq + 1);
    if (!*key) {
        snprintf(err, errlen, "'=%.40s' has no key (keys: see 'skscope help knobs')", val);
        return -1;
    }
    const Knob *kn = knob_find(key);
    if (!kn) {
        char ebuf[256];
        (void)setup_set_text(t, key, val, ebuf, sizeof ebuf);
        snprintf(err, errlen, "%s", ebuf);
        return -1;
    }
    double v;
    if (parse_value(kn, val, &v, err, errlen) != 0)
        return -1;
    return set_raw(t, kn->id, v, err, errlen);
}

int setup_parse(Setup *s, const char *text, char *err, size_t errlen)
{
    const char *semi = strchr(text, ';');
    if (semi) {
        snprintf(err, errlen, "'%.40s': changes during the run (;@N:key=value) are accepted only by 'skscope run' "
                 "and the explorer's --setup; here give the knobs alone", semi);
        return -1;
    }
    Setup t = *s;
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    if (!copy) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    memcpy(copy, text, n + 1);
    int rc = 0;
    /* Pairs are separated by commas or newlines, and by blanks inside a piece that holds several
     * '=' ("s=1.8 k=2"); elsewhere blanks around keys and values are ignored ("s = 1.8, k = 2"). */
    char *save = NULL;
    for (char *piece = strtok_r(copy, ",\n", &save); piece && rc == 0; piece = strtok_r(NULL, ",\n", &save)) {
        char *first = strchr(piece, '=');
        if (first && strchr(first + 1, '=')) {
            char *save2 = NULL;
            for (char *tok = strtok_r(piece, " \t\r", &save2); tok && rc == 0; tok = strtok_r(NULL, " \t\r", &save2))
                rc = parse_pair(&t, tok, err, errlen);
        } else if (*trim_blanks(piece)) {
            rc = parse_pair(&t, piece, err, errlen);
        }
    }
    free(copy);
    if (rc == 0 && (derive_heaps(&t, err, errlen) != 0 || setup_validate(&t, err, errlen) != 0))
        rc = -1;
    if (rc == 0)
        *s = t;
    return rc;
}

/* Shortest decimal text d with 1/d == a, so that "s=d" reads back to the same a. */
static char *format_s(double a, char *buf, size_t buflen)
{
    double s = 1 / a;
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, buflen, "%.*g", prec, s);
        double d;
        char why[8];
        if (numparse_double(buf, &d, why, sizeof why) == 0 && 1 / d == a)
            return buf;
    }
    return numparse_format(s, buf, buflen);
}

/* The discount as the setup string writes it: "s=..." while 1/s reads back exactly, else
 * "beta=..."; into v[n]. */
static const char *format_discount(const Setup *s, char *v, size_t n)
{
    char d[40];
    if (s->a > 0 && 1 / s->a <= 100 && 1 / (1 / s->a) == s->a)
        snprintf(v, n, "s=%s", format_s(s->a, d, sizeof d));
    else
        snprintf(v, n, "beta=%s", numparse_format(s->a, d, sizeof d));
    return v;
}

/* Whether the setup holds b (and derives k from it) rather than k. */
static int holds_b(const Setup *s) { return s->b_given || s->a <= 0; }

/* "name=value" for knob id of *s (the discount as format_discount writes it); into v[n]. */
static const char *format_pair(const Setup *s, KnobId id, char *v, size_t n)
{
    char d[40];
    if (id == KNOB_S || id == KNOB_BETA)
        return format_discount(s, v, n);
    snprintf(v, n, "%s=%s", knobs[id].name, numparse_format(setup_get(s, id), d, sizeof d));
    return v;
}

const char *setup_format_value(const Setup *s, KnobId id, char *buf, size_t n)
{
    if (id == KNOB_S) {
        if (!(s->a > 0))
            snprintf(buf, n, "%s", "");
        else
            format_s(s->a, buf, n);
        return buf;
    }
    return numparse_format(setup_get(s, id), buf, n);
}

size_t setup_format(const Setup *s, char *buf, size_t buflen)
{
    char out[1024];
    size_t n = 0;
    char v[64];
    n += (size_t)snprintf(out + n, sizeof out - n, "%s", format_discount(s, v, sizeof v));
    n += (size_t)snprintf(out + n, sizeof out - n, ",%s", format_pair(s, holds_b(s) ? KNOB_B : KNOB_K, v, sizeof v));
    for (int i = KNOB_V; i < KNOB_COUNT; i++)
        n += (size_t)snprintf(out + n, sizeof out - n, ",%s", format_pair(s, (KnobId)i, v, sizeof v));
    if (buflen)
        snprintf(buf, buflen, "%s", out);
    return n;
}

/* Bit for bit: 0 and -0 differ (a setup's fields are never NaN). */
static int same_bits(double x, double y) { return memcmp(&x, &y, sizeof x) == 0; }

int setup_same(const Setup *x, const Setup *y)
{
    if (!same_bits(x->a, y->a) || !same_bits(x->b, y->b) || !same_bits(x->k, y->k) || x->b_given != y->b_given)
        return 0;
    for (int i = KNOB_V; i < KNOB_COUNT; i++) /* every other field, through its knob */
        if (!same_bits(setup_get(x, (KnobId)i), setup_get(y, (KnobId)i)))
            return 0;
    return 1;
}

int setup_diff(const Setup *from, const Setup *to, KnobId *out, int max)
{
    int n = 0;
#define ADD(id) do { if (n < max) out[n] = (id); n++; } while (0)
    if (!same_bits(from->a, to->a))
        ADD(to->a > 0 && from->a > 0 ? KNOB_S : KNOB_BETA);
    int held_changed = holds_b(from) != holds_b(to);
    if (holds_b(to) ? (held_changed || !same_bits(from->b, to->b)) : (held_changed || !same_bits(from->k, to->k)))
        ADD(holds_b(to) ? KNOB_B : KNOB_K);
    for (int i = KNOB_V; i < KNOB_COUNT; i++)
        if (!same_bits(setup_get(from, (KnobId)i), setup_get(to, (KnobId)i)))
            ADD((KnobId)i);
#undef ADD
    return n;
}

size_t setup_format_diff(const Setup *from, const Setup *to, char *buf, size_t buflen)
{
    KnobId ids[KNOB_COUNT];
    int nd = setup_diff(from, to, ids, KNOB_COUNT);
    char out[1024], v[64];
    size_t n = 0;
    out[0] = 0;
    /* s (or beta), then k or b, whichever *to holds: setup_parse derives the other one from them
     * as setup_set did, so the pairs give *to bit for bit (tests/test_session.c). */
    for (int i = 0; i < nd && i < KNOB_COUNT; i++)
        n += (size_t)snprintf(out + n, n < sizeof out ? sizeof out - n : 0, "%s%s", n ? "," : "",
                              format_pair(to, ids[i], v, sizeof v));
    if (buflen)
        snprintf(buf, buflen, "%s", out);
    return n;
}
