/*
 * sgdmem.c: the SGD associative memory.
 */
#include "skscope/sgdmem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "skscope/grow.h"
#include "skscope/rng.h"

typedef struct Slot {
    float conf;     /* confidence c in [0, SGDMEM_CMAX] */
    uint16_t value; /* the value it holds */
    uint16_t written; /* 1 once the slot has been written */
} Slot;

typedef struct SgdMem {
    Learner base;
    Slot *slot;      /* C slots */
    uint64_t C;      /* slots */
    double eta;      /* learning rate */
    uint64_t seed;   /* hash key of the addressing */
    uint64_t used;   /* slots ever written */
    uint64_t *written; /* their indices, in order of first write (used entries) */
    uint64_t wcap;   /* entries allocated in written[] */
    uint8_t *ever;   /* per fact: 1 once recalled */
    uint64_t ever_cap; /* entries of ever[] */
} SgdMem;

uint64_t sgdmem_slot(uint64_t seed, uint32_t fact, uint64_t slots)
{
    uint64_t h = rng_mix64(fact ^ rng_mix64(seed + RNG_LEARNER + LEARNER_SGD));
    return (uint64_t)(((rng_u128)h * slots) >> 64);
}

static int sgd_alloc(SgdMem *m, uint64_t C)
{
    Slot *s = NULL;
    if (C > 0) {
        s = calloc(C, sizeof *s); /* zero pages: untouched slots cost no memory */
        if (!s)
            return -1;
    }
    free(m->slot);
    m->slot = s;
    m->C = C;
    m->used = 0;
    return 0;
}

/* Room to record every slot the next facts can write: at most one new slot per new fact. */
static int sgd_reserve(Learner *l, uint32_t nfacts)
{
    SgdMem *m = (SgdMem *)l;
    if (grow_array(&m->ever, &m->ever_cap, nfacts, 1, 1024, UINT32_MAX) != 0)
        return -1;
    uint64_t need = nfacts < m->C ? nfacts : m->C;
    return grow_array(&m->written, &m->wcap, need, sizeof *m->written, 1024, UINT64_MAX / 16);
}

static void sgd_process(Learner *l, const Sentence *batch, size_t n)
{
    SgdMem *m = (SgdMem *)l;
    double bits = l->kbits; /* summed in sentence order, whatever the batches (learner_prices) */
    const double eta = m->eta, invV = 1.0 / l->V;
    if (m->C == 0) {
        for (size_t i = 0; i < n; i++)
            bits += l->c_unknown;
        l->kbits = bits;
        l->ksent += n;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const Sentence *s = &batch[i];
        uint64_t at = sgdmem_slot(m->seed, s->fact, m->C);
        Slot *sl = &m->slot[at];
        double c = sl->conf;
        if (!sl->written) {
            sl->written = 1;
            m->written[m->used++] = at;
        }
        if (s->value == sl->value) {
            bits -= log2(c + (1 - c) * invV);
            c += eta * (1 - c);
            if (c > SGDMEM_CMAX)
                c = SGDMEM_CMAX;
        } else {
            bits -= log2((1 - c) * invV);
            c -= eta * c;
            if (c < eta) {
                sl->value = s->value;
                c = eta > SGDMEM_CMAX ? SGDMEM_CMAX : eta;
            }
        }
        sl->conf = (float)c;
        if (sl->value == s->truth && c + (1 - c) * invV > 0.5)
            m->ever[s->fact] = 1;
    }
    l->kbits = bits;
    l->ksent += n;
}

static void sgd_answer(const Learner *l, uint32_t fact, uint16_t truth, LearnerAnswer *out)
{
    const SgdMem *m = (const SgdMem *)l;
    double V = l->V;
    double c = 0;
    uint16_t v = 0;
    if (m->C > 0) {
        const Slot *sl = &m->slot[sgdmem_slot(m->seed, fact, m->C)];
        c = sl->conf;
        v = sl->value;
    }
    double qa = c + (1 - c) / V, qo = (1 - c) / V;
    out->value = v;
    out->known = c > 0;
    out->confidence = qa;
    out->recalled = out->known && v == truth && qa > 0.5;
    out->ever = fact < m->ever_cap && m->ever[fact];
    out->bits = learner_cross_entropy(l, v, truth, qa, qo);
}

/* An unseen fact lands in a uniformly random slot: average over the slots, the untouched ones
 * (c = 0: uniform, log2 V bits) in one term. */
static void sgd_unseen(const Learner *l, double tau, double *bits, double *p_confident)
{
    const SgdMem *m = (const SgdMem *)l;
    double V = l->V;
    int empty_conf = 1 / V >= tau;
    if (m->C == 0) {
        *bits = l->c_unknown;
        *p_confident = empty_conf;
        return;
    }
    double sum = 0, conf = 0;
    for (uint64_t i = 0; i < m->used; i++) {
        double c = m->slot[m->written[i]].conf, qa = c + (1 - c) / V, qo = (1 - c) / V;
        sum += -log2(qa) / V - (1 - 1 / V) * log2(qo);
        conf += qa >= tau;
    }
    double empty = (double)(m->C - m->used);
    *bits = (sum + empty * l->c_unknown) / (double)m->C;
    *p_confident = (conf + empty * empty_conf) / (double)m->C;
}

static int sgd_configure(Learner *l, const Setup *s)
{
    SgdMem *m = (SgdMem *)l;
    learner_base_configure(l, s);
    m->eta = s->eta;
    if (s->C != m->C) {
        if (sgd_alloc(m, s->C) != 0)
            return -1;
        return sgd_reserve(l, (uint32_t)m->ever_cap);
    }
    return 0;
}

static uint64_t sgd_stored(const Learner *l) { return ((const SgdMem *)l)->used; }

static size_t sgd_memory(const Learner *l)
{
    const SgdMem *m = (const SgdMem *)l;
    return sizeof *m + (size_t)m->C * sizeof(Slot) + (size_t)m->wcap * sizeof *m->written + m->ever_cap;
}

static void sgd_destroy(Learner *l)
{
    SgdMem *m = (SgdMem *)l;
    free(m->slot);
    free(m->written);
    free(m->ever);
    free(m);
}

static const LearnerOps sgd_ops = {
    LEARNER_SGD, "sgd", "SGD memory", sgd_reserve, sgd_process, sgd_answer, sgd_unseen, NULL, NULL,
    sgd_configure, sgd_stored, sgd_memory, sgd_destroy,
};

Learner *sgdmem_new(const Setup *s)
{
    SgdMem *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    learner_base_init(&m->base, &sgd_ops, s);
    m->eta = s->eta;
    m->seed = s->seed;
    if (sgd_alloc(m, s->C) != 0) {
        free(m);
        return NULL;
    }
    return &m->base;
}
