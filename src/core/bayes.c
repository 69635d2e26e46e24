/*
 * bayes.c: the unlimited Bayes learner.
 */
#include "skscope/bayes.h"

#include <stdlib.h>
#include <string.h>

#include "skscope/grow.h"

typedef struct Bayes {
    Learner base;
    Vote *vote;    /* per fact: stored value and its majority vote */
    uint64_t cap;  /* entries of vote[] */
    uint64_t held; /* facts stored */
} Bayes;

static int bayes_reserve(Learner *l, uint32_t nfacts)
{
    Bayes *b = (Bayes *)l;
    uint64_t old = b->cap;
    if (grow_array(&b->vote, &b->cap, nfacts, sizeof *b->vote, 1024, UINT32_MAX) != 0)
        return -1;
    for (uint64_t i = old; i < b->cap; i++)
        b->vote[i] = (Vote){LEARNER_UNSEEN, 0};
    return 0;
}

static void bayes_process(Learner *l, const Sentence *batch, size_t n)
{
    Bayes *b = (Bayes *)l;
    double price[CHARGE_KINDS], kbits = l->kbits; /* summed in sentence order (learner_prices) */
    learner_prices(l, price);
    uint64_t unknown = 0;
    for (size_t i = 0; i < n; i++) {
        const Sentence *s = &batch[i];
        int kind = learner_vote(&b->vote[s->fact], s->value, s->truth);
        unknown += kind == CHARGE_UNKNOWN;
        kbits += price[kind];
    }
    b->held += unknown; /* an unlimited learner stores every fact it meets */
    l->kbits = kbits;
    l->ksent += n;
}

static void bayes_answer(const Learner *l, uint32_t fact, uint16_t truth, LearnerAnswer *out)
{
    const Bayes *b = (const Bayes *)l;
    learner_bayes_answer(l, fact < b->cap ? &b->vote[fact] : NULL, truth, out);
}

static int bayes_configure(Learner *l, const Setup *s)
{
    learner_base_configure(l, s);
    return 0;
}

static uint64_t bayes_stored(const Learner *l) { return ((const Bayes *)l)->held; }

static size_t bayes_memory(const Learner *l)
{
    const Bayes *b = (const Bayes *)l;
    return sizeof *b + (size_t)b->cap * sizeof *b->vote;
}

static void bayes_destroy(Learner *l)
{
    Bayes *b = (Bayes *)l;
    free(b->vote);
    free(b);
}

static const LearnerOps bayes_ops = {
    LEARNER_BAYES, "bayes", "Bayes", bayes_reserve, bayes_process, bayes_answer,
    learner_uniform_unseen, NULL, NULL, bayes_configure, bayes_stored, bayes_memory, bayes_destroy,
};

Learner *bayes_new(const Setup *s)
{
    Bayes *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    learner_base_init(&b->base, &bayes_ops, s);
    return &b->base;
}
