/*
 * sim.c: the batch loop and the sampled-loss windows.
 */
#include "skscope/sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skscope/series.h"

struct Sim {
    Setup setup;                     /* knobs in force */
    World *world;
    SyntaxModel syn;                 /* shared KT template model */
    Learner *L[METRICS_LEARNERS];
    int nl;
    Metrics *metrics;
    Sentence *batch;                 /* SIM_BATCH sentences */
    SimTap tap;
    void *tap_user;
    int fits;                        /* snapshots fit the Zipf exponent */
    double floor_syn[FORMAT_COUNT];  /* syntax floor per format (bits per sentence) */
    double floor_know;               /* knowledge floor (bits per sentence) */
    /* the sampled window since the last snapshot */
    uint64_t win_n;                  /* sentences */
    double win_floor_syn;            /* sum of syntax floors (bits), up to the last floor change */
    double win_floor_know;           /* sum of knowledge floors (bits), the same */
    /* Sentences of each format since the floors last changed (or the window began): counted,
     * not summed, so the floors do not depend on how the run was cut into sim_advance calls
     * (the explorer's chunks and `skscope run` give the same bits; engine.h). */
    uint64_t seg_nf[FORMAT_COUNT];
    double cum_excess[METRICS_LEARNERS]; /* sampled excess since the start (bits) */
};

/* The floors of the window so far (bits): the sums up to the last change plus this segment. */
static double window_floor_syn(const Sim *sim)
{
    double f = sim->win_floor_syn;
    for (int k = 0; k < FORMAT_COUNT; k++)
        f += (double)sim->seg_nf[k] * sim->floor_syn[k];
    return f;
}

static double window_floor_know(const Sim *sim)
{
    uint64_t n = 0;
    for (int k = 0; k < FORMAT_COUNT; k++)
        n += sim->seg_nf[k];
    return sim->win_floor_know + (double)n * sim->floor_know;
}

/* Close the segment: its floors join the window's sums (before the floors change). */
static void fold_floors(Sim *sim)
{
    sim->win_floor_syn = window_floor_syn(sim);
    sim->win_floor_know = window_floor_know(sim);
    memset(sim->seg_nf, 0, sizeof sim->seg_nf);
}

static void refresh_floors(Sim *sim)
{
    for (int f = 0; f < FORMAT_COUNT; f++)
        sim->floor_syn[f] = world_syntax_floor(sim->world, f);
    sim->floor_know = world_knowledge_floor(sim->world);
}

void sim_free(Sim *sim)
{
    if (!sim)
        return;
    world_free(sim->world);
    syntax_model_free(&sim->syn);
    for (int i = 0; i < sim->nl; i++)
        learner_free(sim->L[i]);
    metrics_free(sim->metrics);
    free(sim->batch);
    free(sim);
}

Sim *sim_new(const Setup *s, unsigned mask, char *err, size_t errlen)
{
    if (setup_validate(s, err, errlen) != 0)
        return NULL;
    Sim *sim = calloc(1, sizeof *sim);
    if (!sim) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    sim->setup = *s;
    sim->world = world_new(s, err, errlen);
    if (!sim->world) {
        sim_free(sim);
        return NULL;
    }
    sim->metrics = metrics_new();
    sim->batch = malloc(SIM_BATCH * sizeof *sim->batch);
    if (!sim->metrics || !sim->batch ||
        syntax_model_init(&sim->syn, s->T, s->ft_T, s->gamma, s->eps_syn) != 0) {
        snprintf(err, errlen, "out of memory");
        sim_free(sim);
        return NULL;
    }
    for (int k = 0; k < LEARNER_KINDS && sim->nl < METRICS_LEARNERS; k++) {
        if (!(mask & (1u << k)))
            continue;
        Learner *l = learner_new((LearnerKind)k, s, err, errlen);
        if (!l) {
            sim_free(sim);
            return NULL;
        }
        sim->L[sim->nl++] = l;
    }
    sim->fits = 1;
    refresh_floors(sim);
    return sim;
}

/* Template counts, noise tokens and floors of one batch. */
static void account_batch(Sim *sim, const Sentence *b, size_t n)
{
    SyntaxModel *m = &sim->syn;
    uint64_t nf[FORMAT_COUNT] = {0, 0}, match = 0, noisy = 0;
    for (size_t i = 0; i < n; i++) {
        m->count[b[i].format][b[i].templ]++;
        nf[b[i].format]++;
        match += (uint64_t)(b[i].syn_len - b[i].syn_noisy);
        noisy += b[i].syn_noisy;
    }
    for (int f = 0; f < FORMAT_COUNT; f++) {
        m->n[f] += nf[f];
        sim->seg_nf[f] += nf[f];
    }
    m->tok_match += match;
    m->tok_noisy += noisy;
    sim->win_n += n;
}

int sim_advance(Sim *sim, uint64_t target, char *err, size_t errlen)
{
    World *w = sim->world;
    while (w->n < target) {
        uint64_t left = target - w->n;
        uint32_t want = left < SIM_BATCH ? (uint32_t)left : SIM_BATCH;
        if (world_reserve(w, want, err, errlen) != 0)
            return -1;
        long got = world_generate(w, sim->batch, want, err, errlen);
        if (got < 0)
            return -1;
        for (int i = 0; i < sim->nl; i++)
            if (sim->L[i]->ops->reserve(sim->L[i], w->nfacts) != 0) {
                snprintf(err, errlen, "out of memory in the %s learner at %u facts",
                         sim->L[i]->ops->name, w->nfacts);
                return -1;
            }
        account_batch(sim, sim->batch, (size_t)got);
        for (int i = 0; i < sim->nl; i++)
            sim->L[i]->ops->process(sim->L[i], sim->batch, (size_t)got);
        if (sim->tap && sim->tap(w, sim->batch, (size_t)got, sim->tap_user) != 0) {
            snprintf(err, errlen, "stopped by the sentence output");
            return -1;
        }
    }
    return 0;
}

static int snapshot(Sim *sim, Snapshot *out, int peek, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    double noise_bits = syntax_model_noise_bits(&sim->syn); /* before the take below clears it */
    double syn_bits = peek ? syntax_model_peek_bits(&sim->syn) : syntax_model_take_bits(&sim->syn);
    double n = (double)sim->win_n;
    double share = world_finetune_share(sim->world);
    double kl = (1 - share) * syntax_model_excess(&sim->syn, FORMAT_PRETRAIN, &sim->world->fmt[0]);
    if (share > 0)
        kl += share * syntax_model_excess(&sim->syn, FORMAT_FINETUNE, &sim->world->fmt[1]);
    double exp_syn[METRICS_LEARNERS];
    for (int i = 0; i < sim->nl; i++) {
        const Learner *l = sim->L[i];
        if (!l->ops->syntax_excess) {
            exp_syn[i] = kl;
            continue;
        }
        exp_syn[i] = (1 - share) * l->ops->syntax_excess(l, FORMAT_PRETRAIN, &sim->world->fmt[0]);
        if (share > 0)
            exp_syn[i] += share * l->ops->syntax_excess(l, FORMAT_FINETUNE, &sim->world->fmt[1]);
    }
    if (metrics_scan(sim->metrics, sim->world, sim->L, sim->nl, sim->setup.tau, exp_syn,
                     (sim->fits ? METRICS_FITS : 0) | (peek ? 0 : METRICS_RECORD), out) != 0) {
        snprintf(err, errlen, "out of memory taking a snapshot");
        return -1;
    }
    out->window = sim->win_n;
    double floor_syn = window_floor_syn(sim), floor_know = window_floor_know(sim);
    for (int i = 0; i < sim->nl; i++) {
        Learner *l = sim->L[i];
        LearnerSnap *ls = &out->L[i];
        double kb = l->kbits;
        /* A learner with its own template model is charged its own template bits; the noise
         * tokens' cost is the same for every learner (known rate). */
        double sb = l->ops->syntax_excess ? l->sbits + noise_bits : syn_bits;
        double excess = sb + kb - floor_syn - floor_know;
        ls->cum_excess = sim->cum_excess[i] + excess;
        if (!peek) {
            l->kbits = 0;
            l->sbits = 0;
            l->ksent = 0;
            sim->cum_excess[i] += excess;
        }
        if (n > 0) {
            ls->syntax_bits = sb / n;
            ls->knowledge_bits = kb / n;
            ls->loss_bits = (sb + kb) / n;
            ls->syntax_excess = (sb - floor_syn) / n;
            ls->knowledge_excess = (kb - floor_know) / n;
            ls->excess = excess / n;
        } else {
            ls->syntax_bits = ls->knowledge_bits = ls->loss_bits = NAN;
            ls->syntax_excess = ls->knowledge_excess = ls->excess = NAN;
        }
    }
    if (!peek) {
        sim->win_n = 0;
        sim->win_floor_syn = sim->win_floor_know = 0;
        memset(sim->seg_nf, 0, sizeof sim->seg_nf);
    }
    return 0;
}

int sim_snapshot(Sim *sim, Snapshot *out, char *err, size_t errlen)
{
    return snapshot(sim, out, 0, err, errlen);
}

int sim_peek(Sim *sim, Snapshot *out, char *err, size_t errlen)
{
    return snapshot(sim, out, 1, err, errlen);
}

int sim_apply(Sim *sim, const Setup *s, char *err, size_t errlen)
{
    if (setup_validate(s, err, errlen) != 0)
        return -1;
    const Setup *o = &sim->setup;
    if (s->V != o->V || s->R != o->R || s->seed != o->seed) {
        snprintf(err, errlen, "%s cannot change during a run: restart with the new value",
                 s->V != o->V ? "V" : s->R != o->R ? "R" : "seed");
        return -1;
    }
    if (world_apply(sim->world, s, err, errlen) != 0)
        return -1;
    if (s->T != o->T || s->ft_T != o->ft_T || s->gamma != o->gamma || s->eps_syn != o->eps_syn) {
        if (syntax_model_reparam(&sim->syn, FORMAT_PRETRAIN, s->T, s->gamma, s->eps_syn) != 0 ||
            syntax_model_reparam(&sim->syn, FORMAT_FINETUNE, s->ft_T, s->gamma, s->eps_syn) != 0) {
            snprintf(err, errlen, "out of memory changing the template model");
            return -1;
        }
    }
    for (int i = 0; i < sim->nl; i++)
        if (sim->L[i]->ops->configure(sim->L[i], s) != 0) {
            snprintf(err, errlen, "out of memory reconfiguring the %s learner", sim->L[i]->ops->name);
            return -1;
        }
    sim->setup = *s;
    fold_floors(sim);
    refresh_floors(sim);
    return 0;
}

uint64_t sim_grid_next(uint64_t n, int per_decade)
{
    double x = ceil((double)n * pow(10.0, 1.0 / per_decade));
    uint64_t m = (uint64_t)x;
    return m > n ? m : n + 1;
}

void sim_set_tap(Sim *sim, SimTap tap, void *user)
{
    sim->tap = tap;
    sim->tap_user = user;
}

void sim_set_fits(Sim *sim, int on) { sim->fits = on; }

void sim_set_max_facts(Sim *sim, uint64_t max_facts) { sim->world->max_facts = max_facts; }

const Setup *sim_setup(const Sim *sim) { return &sim->setup; }
const World *sim_world(const Sim *sim) { return sim->world; }
uint64_t sim_sentences(const Sim *sim) { return sim->world->n; }
int sim_learner_count(const Sim *sim) { return sim->nl; }
Learner *sim_learner(const Sim *sim, int i) { return i >= 0 && i < sim->nl ? sim->L[i] : NULL; }
const SyntaxModel *sim_syntax(const Sim *sim) { return &sim->syn; }

size_t sim_memory(const Sim *sim)
{
    size_t m = sizeof *sim + world_memory(sim->world);
    for (int i = 0; i < sim->nl; i++)
        m += sim->L[i]->ops->memory(sim->L[i]);
    for (int f = 0; f < FORMAT_COUNT; f++)
        m += sim->syn.T[f] * sizeof(uint64_t);
    return m;
}

int sim_write_facts(Sim *sim, FILE *fp, char *err, size_t errlen)
{
    Learner *L[METRICS_LEARNERS];
    int nl = sim_learner_count(sim);
    for (int i = 0; i < nl; i++)
        L[i] = sim_learner(sim, i);
    if (series_write_facts(fp, sim_world(sim), L, nl, sim_setup(sim)->tau) != 0 && !ferror(fp)) {
        snprintf(err, errlen, "out of memory writing the per-fact table");
        return -1;
    }
    return 0;
}
