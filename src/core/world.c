/*
 * world.c: sentence generation (SPEC 1) and the fine-tuning stream (SPEC 2).
 */
#include "skscope/world.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "skscope/grow.h"

static double noise_l1p(double p) { return p >= 1 ? -INFINITY : log1p(-p); }

/* Gap to the next event of a Bernoulli(p) process; "never" when p = 0. */
static uint64_t next_gap(gsl_rng *g, double p, double l1p)
{
    if (p <= 0)
        return UINT64_MAX;
    return rng_geometric(rng_state(g), l1p);
}

static void reset_noise(World *w)
{
    double pf = w->setup.eps, ps = syntax_mismatch_prob(w->setup.eps_syn);
    w->fnoise_l1p = noise_l1p(pf);
    w->snoise_l1p = noise_l1p(ps);
    w->fnoise_gap = next_gap(w->rng_fnoise, pf, w->fnoise_l1p);
    w->snoise_gap = next_gap(w->rng_snoise, ps, w->snoise_l1p);
}

World *world_new(const Setup *s, char *err, size_t errlen)
{
    World *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory creating the world");
        return NULL;
    }
    w->setup = *s;
    pyp_init(&w->pyp, s->a, s->b);
    w->rng_facts = rng_gsl_new(s->seed, RNG_FACTS);
    w->rng_values = rng_gsl_new(s->seed, RNG_VALUES);
    w->rng_templates = rng_gsl_new(s->seed, RNG_TEMPLATES);
    w->rng_fnoise = rng_gsl_new(s->seed, RNG_FACT_NOISE);
    w->rng_snoise = rng_gsl_new(s->seed, RNG_SYNTAX_NOISE);
    w->rng_ft = rng_gsl_new(s->seed, RNG_FINETUNE);
    w->max_facts = UINT32_MAX - 1;
    if (!w->rng_facts || !w->rng_values || !w->rng_templates || !w->rng_fnoise || !w->rng_snoise ||
        !w->rng_ft || format_build(&w->fmt[0], s->seed, FORMAT_PRETRAIN, s->T, s->gamma, s->L) != 0 ||
        format_build(&w->fmt[1], s->seed, FORMAT_FINETUNE, s->ft_T, s->gamma, s->L) != 0) {
        world_free(w);
        snprintf(err, errlen, "out of memory creating the world");
        return NULL;
    }
    reset_noise(w);
    return w;
}

void world_free(World *w)
{
    if (!w)
        return;
    pyp_free(&w->pyp);
    free(w->facts);
    for (int f = 0; f < FORMAT_COUNT; f++)
        format_free(&w->fmt[f]);
    gsl_rng *gs[] = {w->rng_facts, w->rng_values, w->rng_templates, w->rng_fnoise, w->rng_snoise, w->rng_ft};
    for (size_t i = 0; i < sizeof gs / sizeof gs[0]; i++)
        if (gs[i])
            gsl_rng_free(gs[i]);
    free(w->ft_order);
    free(w);
}

static int grow_facts(World *w, uint64_t need, char *err, size_t errlen)
{
    if (need > w->max_facts) {
        snprintf(err, errlen, "the world would exceed its limit of %llu distinct facts",
                 (unsigned long long)w->max_facts);
        return -1;
    }
    if (grow_array(&w->facts, &w->cap, need, sizeof *w->facts, 1024, w->max_facts) != 0) {
        snprintf(err, errlen, "out of memory: %llu facts need %.0f MiB", (unsigned long long)need,
                 (double)need * sizeof *w->facts / 1048576.0);
        return -1;
    }
    return 0;
}

int world_reserve(World *w, uint32_t sentences, char *err, size_t errlen)
{
    if (grow_facts(w, (uint64_t)w->nfacts + sentences, err, errlen) != 0)
        return -1;
    if (pyp_reserve(&w->pyp, sentences) != 0) {
        snprintf(err, errlen, "out of memory growing the fact index (%llu facts)",
                 (unsigned long long)w->pyp.K);
        return -1;
    }
    return 0;
}

static int ft_start(World *w, uint32_t room, char *err, size_t errlen)
{
    uint32_t F = w->setup.ft_F;
    if (grow_facts(w, (uint64_t)w->nfacts + F + room, err, errlen) != 0)
        return -1;
    uint32_t *order = realloc(w->ft_order, F * sizeof *order);
    if (!order) {
        snprintf(err, errlen, "out of memory starting fine-tuning (%u facts)", F);
        return -1;
    }
    w->ft_order = order;
    Rng *r = rng_state(w->rng_ft);
    w->ft_first = w->nfacts;
    w->ft_count = F;
    for (uint32_t i = 0; i < F; i++) {
        Fact *f = &w->facts[w->nfacts++];
        f->count = 0;
        f->gpos = 0;
        f->value = (uint16_t)rng_below(r, w->setup.V);
        f->rel = (uint16_t)(rng_below(r, w->setup.R) | FACT_INJECTED);
        order[i] = i;
    }
    gsl_ran_shuffle(w->rng_ft, order, F, sizeof *order);
    w->ft_pos = 0;
    w->ft_epoch = 0;
    w->ft_started = w->n;
    w->ft = FT_ACTIVE;
    return 0;
}

/* The hot loop's working copy of the world's counters and random streams. It lives on the
 * stack for one call of world_generate: no store through another pointer can alias it, so
 * the compiler keeps it in registers instead of reloading w->rng_x->state around every write
 * to the fact table or the batch (measured: see docs/performance.md). */
typedef struct Gen {
    Rng facts, values, templates, fnoise, snoise, ft;
    uint64_t fnoise_gap, snoise_gap; /* as in World */
    uint64_t n, tokens;
} Gen;

static void gen_load(const World *w, Gen *g)
{
    g->facts = *rng_state(w->rng_facts);
    g->values = *rng_state(w->rng_values);
    g->templates = *rng_state(w->rng_templates);
    g->fnoise = *rng_state(w->rng_fnoise);
    g->snoise = *rng_state(w->rng_snoise);
    g->ft = *rng_state(w->rng_ft);
    g->fnoise_gap = w->fnoise_gap;
    g->snoise_gap = w->snoise_gap;
    g->n = w->n;
    g->tokens = w->tokens;
}

static void gen_store(World *w, const Gen *g)
{
    *rng_state(w->rng_facts) = g->facts;
    *rng_state(w->rng_values) = g->values;
    *rng_state(w->rng_templates) = g->templates;
    *rng_state(w->rng_fnoise) = g->fnoise;
    *rng_state(w->rng_snoise) = g->snoise;
    *rng_state(w->rng_ft) = g->ft;
    w->fnoise_gap = g->fnoise_gap;
    w->snoise_gap = g->snoise_gap;
    w->n = g->n;
    w->tokens = g->tokens;
}

/* Fill the parts every sentence shares: noise, template, tokens. */
__attribute__((always_inline)) static inline void finish_sentence(World *w, Gen *g, Sentence *s, uint32_t id, int fmt, uint8_t flags)
{
    const Fact *f = &w->facts[id];
    s->count = f->count;
    s->fact = id;
    s->truth = f->value;
    s->value = f->value;
    if (g->fnoise_gap == 0) {
        uint32_t V = w->setup.V;
        s->value = (uint16_t)((f->value + 1 + rng_below(&g->fnoise, V - 1)) % V);
        flags |= SENT_NOISY;
        g->fnoise_gap = rng_geometric(&g->fnoise, w->fnoise_l1p);
    } else {
        g->fnoise_gap--;
    }
    const Format *F = &w->fmt[fmt];
    uint32_t t = format_draw(F, &g->templates);
    uint32_t len = F->len[t];
    s->templ = (uint16_t)t;
    s->format = (uint8_t)fmt;
    s->flags = flags;
    s->syn_len = (uint16_t)len;
    uint32_t noisy = 0;
    if (g->snoise_gap < len) {
        uint32_t left = len;
        while (g->snoise_gap < left) {
            noisy++;
            left -= (uint32_t)g->snoise_gap + 1;
            g->snoise_gap = rng_geometric(&g->snoise, w->snoise_l1p);
        }
        g->snoise_gap -= left;
    } else if (g->snoise_gap != UINT64_MAX) {
        g->snoise_gap -= len;
    }
    s->syn_noisy = (uint16_t)noisy;
    g->tokens += len + 3;
    g->n++;
}

__attribute__((always_inline)) static inline void pretrain_sentence(World *w, Gen *g, Sentence *s, uint8_t flags)
{
    uint32_t id = pyp_draw(&w->pyp, &g->facts, w->facts, w->nfacts);
    if (id == PYP_NEW) {
        id = w->nfacts++;
        Fact *f = &w->facts[id];
        f->count = 0;
        f->gpos = 0;
        f->value = (uint16_t)rng_below(&g->values, w->setup.V);
        f->rel = (uint16_t)rng_below(&g->values, w->setup.R);
        flags |= SENT_NEW;
    }
    pyp_observe(&w->pyp, w->facts, id);
    finish_sentence(w, g, s, id, FORMAT_PRETRAIN, flags);
}

static inline void finetune_sentence(World *w, Gen *g, Sentence *s)
{
    if (rng_uniform(&g->ft) < w->setup.ft_m) {
        pretrain_sentence(w, g, s, SENT_REPLAY);
        return;
    }
    uint32_t id = w->ft_first + w->ft_order[w->ft_pos];
    Fact *f = &w->facts[id];
    uint8_t flags = SENT_INJECTED | (f->count == 0 ? SENT_NEW : 0);
    f->count++;
    finish_sentence(w, g, s, id, FORMAT_FINETUNE, flags);
    if (++w->ft_pos == w->ft_count) {
        w->ft_pos = 0;
        if (++w->ft_epoch >= w->setup.ft_r) {
            w->ft = FT_DONE;
        } else {
            *rng_state(w->rng_ft) = g->ft; /* the shuffle draws through GSL */
            gsl_ran_shuffle(w->rng_ft, w->ft_order, w->ft_count, sizeof *w->ft_order);
            g->ft = *rng_state(w->rng_ft);
        }
    }
}

long world_generate(World *w, Sentence *out, uint32_t count, char *err, size_t errlen)
{
    uint32_t i = 0;
    uint64_t at = w->setup.ft_at;
    int pending = at > 0 && (w->ft == FT_OFF || (w->ft == FT_DONE && at > w->ft_started));
    if (pending && w->n >= at) {
        if (ft_start(w, count, err, errlen) != 0)
            return -1;
        pending = 0;
    }
    Gen g;
    gen_load(w, &g);
    if (w->ft != FT_ACTIVE) {
        uint32_t stop = count;
        if (pending && at - w->n < stop)
            stop = (uint32_t)(at - w->n);
        for (; i < stop; i++)
            pretrain_sentence(w, &g, &out[i], 0);
    } else {
        for (; i < count && w->ft == FT_ACTIVE; i++)
            finetune_sentence(w, &g, &out[i]);
    }
    gen_store(w, &g);
    return (long)i;
}

/* Redraw format fmt with T templates under the knobs of *s (all or nothing). */
static int rebuild_format(World *w, int fmt, uint32_t T, const Setup *s, char *err, size_t errlen)
{
    Format f;
    if (format_build(&f, s->seed, fmt, T, s->gamma, s->L) != 0) {
        snprintf(err, errlen, "out of memory redrawing %u templates", T);
        return -1;
    }
    format_free(&w->fmt[fmt]);
    w->fmt[fmt] = f;
    return 0;
}

int world_apply(World *w, const Setup *s, char *err, size_t errlen)
{
    Setup *o = &w->setup;
    if (s->V != o->V || s->R != o->R || s->seed != o->seed) {
        snprintf(err, errlen, "%s cannot change during a run: restart with the new value",
                 s->V != o->V ? "V" : s->R != o->R ? "R" : "seed");
        return -1;
    }
    if ((s->T != o->T || s->gamma != o->gamma || s->L != o->L) &&
        rebuild_format(w, FORMAT_PRETRAIN, s->T, s, err, errlen) != 0)
        return -1;
    if ((s->ft_T != o->ft_T || s->gamma != o->gamma || s->L != o->L) &&
        rebuild_format(w, FORMAT_FINETUNE, s->ft_T, s, err, errlen) != 0)
        return -1;
    int noise = s->eps != o->eps || s->eps_syn != o->eps_syn;
    *o = *s;
    w->pyp.a = s->a;
    w->pyp.b = s->b;
    if (noise)
        reset_noise(w);
    return 0;
}

double world_knowledge_floor(const World *w)
{
    double e = w->setup.eps;
    if (e <= 0)
        return 0;
    double h = -e * log2(e) - (1 - e) * log2(1 - e);
    return h + e * log2((double)w->setup.V - 1);
}

double world_syntax_floor(const World *w, int fmt)
{
    const Format *f = &w->fmt[fmt];
    return f->entropy_bits + f->mean_len * syntax_token_entropy(w->setup.eps_syn);
}

double world_finetune_share(const World *w)
{
    return w->ft == FT_ACTIVE ? 1 - w->setup.ft_m : 0;
}

uint64_t world_draws(const World *w)
{
    gsl_rng *gs[] = {w->rng_facts, w->rng_values, w->rng_templates, w->rng_fnoise, w->rng_snoise, w->rng_ft};
    uint64_t d = 0;
    for (size_t i = 0; i < sizeof gs / sizeof gs[0]; i++)
        d += rng_state(gs[i])->draws;
    return d;
}

size_t world_memory(const World *w)
{
    size_t m = sizeof *w + (size_t)w->cap * sizeof *w->facts + (size_t)w->ft_count * sizeof(uint32_t);
    for (int j = 0; j < PYP_GROUPS; j++)
        m += (size_t)w->pyp.g[j].cap * sizeof(uint32_t);
    for (int f = 0; f < FORMAT_COUNT; f++)
        m += (size_t)w->fmt[f].T * (sizeof(double) + sizeof(uint64_t) + sizeof(uint32_t) + sizeof(uint16_t));
    return m;
}

size_t world_sentence_text(const World *w, const Sentence *s, char *buf, size_t buflen)
{
    /* Syntax tokens split around the entity and relation; the value ends the sentence.
     * The syn_noisy replaced tokens sit at a hashed rotation and are hashed words, so the text
     * is a pure function of the sentence and the seed. */
    size_t n = 0;
    uint64_t seed = w->setup.seed;
    uint32_t len = s->syn_len, half = len / 2;
    uint64_t salt = rng_mix64(seed ^ (s->count * 0x9e3779b97f4a7c15ULL) ^ s->fact);
#define PUTW(...)                                                            \
    do {                                                                     \
        int k_ = snprintf(buf + (n < buflen ? n : buflen), n < buflen ? buflen - n : 0, __VA_ARGS__); \
        if (k_ > 0)                                                          \
            n += (size_t)k_;                                                 \
    } while (0)
    for (uint32_t i = 0; i < len; i++) {
        uint32_t tok = format_token(seed, s->format, s->templ, i);
        if (s->syn_noisy && (i + salt % len) % len < s->syn_noisy)
            tok = (uint32_t)(rng_mix64(salt ^ (i + 1)) % SYNTAX_VOCAB);
        PUTW("%sw%u", i ? " " : "", tok);
        if (i + 1 == half || (half == 0 && i == 0))
            PUTW(" e%u r%u", s->fact, w->facts[s->fact].rel & ~FACT_INJECTED);
    }
    PUTW(" v%u", s->value);
#undef PUTW
    return n;
}
