/*
 * learner.c: the learner factory and what the learners share.
 */
#include "skscope/learner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skscope/bayes.h"
#include "skscope/bayescap.h"
#include "skscope/neural.h"
#include "skscope/sgdmem.h"

static const char *const kind_names[LEARNER_KINDS] = {"bayes", "bayes-cap", "sgd", "neural"};

const char *learner_kind_name(LearnerKind kind)
{
    return (unsigned)kind < LEARNER_KINDS ? kind_names[kind] : "?";
}

int learner_kind_from_name(const char *name)
{
    for (int k = 0; k < LEARNER_KINDS; k++)
        if (strcmp(name, kind_names[k]) == 0)
            return k;
    return -1;
}

int learner_parse_set(const char *text, unsigned *mask, char *err, size_t errlen)
{
    unsigned m = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", text);
    char *save = NULL;
    for (char *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        if (strcmp(t, "all") == 0) {
            m |= LEARNER_MASK_ALL;
            continue;
        }
        if (strcmp(t, "classic") == 0) {
            m |= LEARNER_MASK_CLASSIC;
            continue;
        }
        int k = learner_kind_from_name(t);
        if (k < 0) {
            snprintf(err, errlen, "unknown learner '%.40s' (valid: bayes, bayes-cap, sgd, neural, classic, all)", t);
            return -1;
        }
        m |= 1u << k;
    }
    if (!m) {
        snprintf(err, errlen, "no learner given (valid: bayes, bayes-cap, sgd, neural, classic, all)");
        return -1;
    }
    *mask = m;
    return 0;
}

Learner *learner_new(LearnerKind kind, const Setup *s, char *err, size_t errlen)
{
    Learner *l = NULL;
    if (kind == LEARNER_NEURAL && s->V > NEURAL_V_MAX) {
        snprintf(err, errlen, "the neural learner handles up to V = %u values (a snapshot evaluates its softmax "
                 "over all V for every prompt), not V = %u", NEURAL_V_MAX, (unsigned)s->V);
        return NULL;
    }
    switch (kind) {
    case LEARNER_BAYES: l = bayes_new(s); break;
    case LEARNER_BAYES_CAP: l = bayescap_new(s); break;
    case LEARNER_SGD: l = sgdmem_new(s); break;
    case LEARNER_NEURAL: l = neural_new(s); break;
    case LEARNER_KINDS: break;
    }
    if (!l)
        snprintf(err, errlen, "out of memory creating the %s learner", learner_kind_name(kind));
    return l;
}

void learner_free(Learner *l)
{
    if (l)
        l->ops->destroy(l);
}

void learner_base_configure(Learner *l, const Setup *s)
{
    l->V = s->V;
    l->eps = s->eps;
    l->c_unknown = log2((double)s->V);
    if (s->eps > 0) {
        l->c_match = -log2(1 - s->eps);
        l->c_mismatch = -log2(s->eps / ((double)s->V - 1));
    } else {
        /* With no noise a stored value is certain; a mismatch can only follow a change of eps
         * mid-run, and is charged an escape of 64 bits plus the choice of the value. */
        l->c_match = 0;
        l->c_mismatch = 64 + log2((double)s->V - 1);
    }
}

void learner_base_init(Learner *l, const LearnerOps *ops, const Setup *s)
{
    l->ops = ops;
    l->kbits = 0;
    l->sbits = 0;
    l->ksent = 0;
    learner_base_configure(l, s);
}

void learner_uniform_unseen(const Learner *l, double tau, double *bits, double *p_confident)
{
    *bits = l->c_unknown;
    *p_confident = 1.0 / l->V >= tau ? 1 : 0;
}

double learner_cross_entropy(const Learner *l, uint16_t value, uint16_t truth, double qa, double qo)
{
    /* The world states the truth with probability 1 - eps and each other value with eps/(V-1). */
    double V = l->V, e = l->eps;
    double p_answer = value == truth ? 1 - e : e / (V - 1);
    double ce = 0;
    if (p_answer > 0)
        ce -= p_answer * log2(qa);
    if (p_answer < 1)
        ce -= (1 - p_answer) * log2(qo);
    return ce;
}

void learner_bayes_answer(const Learner *l, const Vote *v, uint16_t truth, LearnerAnswer *out)
{
    double V = l->V;
    out->ever = v && (v->votes & VOTE_EVER);
    if (!v || v->value == LEARNER_UNSEEN) {
        out->value = 0;
        out->known = 0;
        out->recalled = 0;
        out->confidence = 1 / V;
        out->bits = l->c_unknown;
        return;
    }
    uint16_t value = v->value;
    out->value = value;
    out->known = 1;
    out->recalled = value == truth;
    out->confidence = l->eps > 0 ? 1 - l->eps : 1;
    if (l->eps > 0)
        out->bits = learner_cross_entropy(l, value, truth, 1 - l->eps, l->eps / (V - 1));
    else
        out->bits = value == truth ? 0 : l->c_mismatch;
}
