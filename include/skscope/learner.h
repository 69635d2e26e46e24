/*
 * learner.h: the learner interface (SPEC 2).
 *
 * A learner is an online (prequential) predictor: for each sentence it is charged -log2 q(value |
 * entity, relation) *before* it sees the value, then it learns from the sentence. Its knowledge
 * bits accumulate in `kbits` until the metrics take them. (The template part of the code is the
 * shared SyntaxModel of syntax.h unless a learner models syntax itself.)
 *
 * Implementations embed `Learner` as their first member and provide the LearnerOps below. The
 * metrics and the panels only use this interface, so a new learner plugs in unchanged.
 */
#ifndef SKSCOPE_LEARNER_H
#define SKSCOPE_LEARNER_H

#include <stddef.h>
#include <stdint.h>

#include "skscope/setup.h"
#include "skscope/world.h"

typedef enum LearnerKind {
    LEARNER_BAYES,     /* Bayes, unlimited */
    LEARNER_BAYES_CAP, /* Bayes, capacity C */
    LEARNER_SGD,       /* SGD associative memory, C slots */
    LEARNER_NEURAL,    /* a gradient-trained network, P parameters */
    LEARNER_KINDS
} LearnerKind;

#define LEARNER_MASK_ALL ((1u << LEARNER_KINDS) - 1)
/* The default set: the three learners that run at tens of millions of sentences a second. */
#define LEARNER_MASK_CLASSIC ((1u << LEARNER_BAYES) | (1u << LEARNER_BAYES_CAP) | (1u << LEARNER_SGD))

/* What a learner answers for one fact, and what that costs in expectation. */
typedef struct LearnerAnswer {
    uint16_t value;     /* its answer: the most likely value (arbitrary when !known) */
    uint8_t known;      /* 1 if it holds anything for this fact */
    uint8_t recalled;   /* 1 if the answer is the true value (and, SGD, confidence > 1/2) */
    uint8_t ever;       /* 1 if it has recalled this fact at some time (so now: forgotten?) */
    double confidence;  /* the probability it gives its answer */
    double bits;        /* expected -log2 q of the fact's next stated value, under the
                           world's noise (bits) */
} LearnerAnswer;

typedef struct Learner Learner;

typedef struct LearnerOps {
    LearnerKind kind;
    const char *name;  /* command-line name and CSV column prefix */
    const char *label; /* human label */
    /* reserve: room for fact ids < nfacts, so that process() does not allocate. 0 / -1. */
    int (*reserve)(Learner *l, uint32_t nfacts);
    /* process: charge then learn each sentence of the batch, in order. */
    void (*process)(Learner *l, const Sentence *batch, size_t n);
    /* answer: its answer for fact `fact` whose true value is `truth`. */
    void (*answer)(const Learner *l, uint32_t fact, uint16_t truth, LearnerAnswer *out);
    /* unseen: for a fact it has never seen (true value uniform on V): the expected bits of its
     * next stated value, and the probability that its answer has confidence >= tau. */
    void (*unseen)(const Learner *l, double tau, double *bits, double *p_confident);
    /* begin_scan: called before a snapshot's answer() calls (NULL: nothing to prepare), e.g.
     * to evaluate each distinct prompt once. 0 / -1 (out of memory). */
    int (*begin_scan)(Learner *l);
    /* syntax_excess: KL(theta || q) of its own template model for format fmt, for a learner
     * that models syntax itself (it then adds its template bits to sbits); NULL: it uses the
     * shared KT model of syntax.h. */
    double (*syntax_excess)(const Learner *l, int fmt, const Format *f);
    /* configure: take live knob values (C, eta, eps, ...). 0 / -1 (out of memory). */
    int (*configure)(Learner *l, const Setup *s);
    /* stored: facts (or occupied slots) it holds now. */
    uint64_t (*stored)(const Learner *l);
    /* memory: bytes it holds. */
    size_t (*memory)(const Learner *l);
    void (*destroy)(Learner *l);
} LearnerOps;

struct Learner {
    const LearnerOps *ops;
    double kbits;        /* knowledge bits charged since the last take (bits) */
    double sbits;        /* template bits, for a learner with its own syntax model (bits) */
    uint64_t ksent;      /* sentences charged since the last take */
    uint32_t V;          /* values per relation */
    double eps;          /* fact noise rate the learner knows (Bayes) */
    double c_unknown;    /* bits for a value of a fact it does not hold: log2 V */
    double c_match;      /* bits when the stated value is its stored one: -log2(1 - eps) */
    double c_mismatch;   /* bits otherwise: -log2(eps/(V-1)); 64 + log2(V-1) if eps = 0 */
};

/* learner_new: a learner of `kind` for setup *s, or NULL with a message. */
Learner *learner_new(LearnerKind kind, const Setup *s, char *err, size_t errlen);

/* learner_free: destroy (NULL is fine). */
void learner_free(Learner *l);

/* learner_kind_from_name: parse "bayes", "bayes-cap", "sgd"; -1 if unknown. */
int learner_kind_from_name(const char *name);

/* learner_kind_name: the name of a kind. */
const char *learner_kind_name(LearnerKind kind);

/* learner_parse_set: parse "bayes,sgd", "classic" (bayes, bayes-cap, sgd) or "all" (also
 * neural) into a bit mask of kinds (1 << kind).
 * Returns 0, or -1 with a message. */
int learner_parse_set(const char *text, unsigned *mask, char *err, size_t errlen);

/* ---- helpers for implementations ---- */

/* learner_base_init: fill the common fields from *s. */
void learner_base_init(Learner *l, const LearnerOps *ops, const Setup *s);

/* learner_base_configure: refresh V, eps and the three costs from *s. */
void learner_base_configure(Learner *l, const Setup *s);

/* learner_bayes_answer: the answer of a Bayes learner from its vote record of the fact (NULL:
 * none), under its noise model. */
struct Vote;
void learner_bayes_answer(const Learner *l, const struct Vote *v, uint16_t truth, LearnerAnswer *out);

/* learner_uniform_unseen: the unseen() of a learner that knows nothing of unseen facts:
 * log2 V bits, confident only if 1/V >= tau. */
void learner_uniform_unseen(const Learner *l, double tau, double *bits, double *p_confident);

/* learner_cross_entropy: expected bits of the fact's next stated value when the learner gives
 * its answer `value` probability qa and every other value probability qo. */
double learner_cross_entropy(const Learner *l, uint16_t value, uint16_t truth, double qa, double qo);

/* Majority vote (Boyer-Moore) on a fact's stated values, the Bayes learners' stored value
 * under fact noise, in 4 bytes with the "ever recalled" bit (one cache line touched per
 * mention). UNSEEN marks a fact not stored. */
#define LEARNER_UNSEEN 0xffffu
#define VOTE_EVER 0x8000u  /* in votes: the fact has been recalled at some time */
#define VOTE_COUNT 0x7fffu /* in votes: the Boyer-Moore counter (saturates) */

typedef struct Vote {
    uint16_t value; /* current majority candidate, or LEARNER_UNSEEN */
    uint16_t votes; /* VOTE_EVER | counter */
} Vote;

/* What a Bayes learner is charged for one value: one of three prices, so a batch keeps
 * integer tallies (no chain of dependent floating-point adds) and prices them at the end. */
enum { CHARGE_UNKNOWN, CHARGE_MATCH, CHARGE_MISMATCH, CHARGE_KINDS };

/* learner_vote: charge the stated value x against *v, update the vote and, if the stored
 * value is then the truth, set the ever-recalled bit; returns the CHARGE_* kind. */
static inline int learner_vote(Vote *v, uint16_t x, uint16_t truth)
{
    unsigned ever = v->votes & VOTE_EVER, n = v->votes & VOTE_COUNT;
    int kind;
    if (v->value == LEARNER_UNSEEN) {
        v->value = x;
        n = 1;
        kind = CHARGE_UNKNOWN;
    } else if (v->value == x) {
        n += n < VOTE_COUNT;
        kind = CHARGE_MATCH;
    } else {
        if (n == 0) {
            v->value = x;
            n = 1;
        } else {
            n--;
        }
        kind = CHARGE_MISMATCH;
    }
    if (v->value == truth)
        ever = VOTE_EVER;
    v->votes = (uint16_t)(ever | n);
    return kind;
}

/* learner_prices: the bits of one sentence of each CHARGE_* kind. Learners add them to kbits
 * sentence by sentence: a sum in sentence order does not depend on how the run was cut into
 * batches and sim_advance calls, so the explorer (small chunks) and `skscope run` write the
 * same bits (engine.h, tests/session_tui.sh). */
static inline void learner_prices(const Learner *l, double price[CHARGE_KINDS])
{
    price[CHARGE_UNKNOWN] = l->c_unknown;
    price[CHARGE_MATCH] = l->c_match;
    price[CHARGE_MISMATCH] = l->c_mismatch;
}

#endif
