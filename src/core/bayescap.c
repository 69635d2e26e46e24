/*
 * bayescap.c: the capacity-C Bayes learner (a min-heap of the C most-mentioned facts).
 */
#include "skscope/bayescap.h"

#include <stdlib.h>
#include <string.h>

#include "skscope/grow.h"

#define NOT_STORED UINT32_MAX

/* Per fact, 8 bytes: where it sits in the heap and the value it stores (one cache line). */
typedef struct Slot {
    uint32_t pos;    /* index in the heap, or NOT_STORED */
    Vote vote;       /* stored value (meaningful while stored) */
} Slot;

typedef struct BayesCap {
    Learner base;
    Slot *fact;      /* per fact */
    uint64_t cap;    /* entries of fact[] */
    uint64_t *key;   /* heap: mention count of each stored fact (mentions) */
    uint32_t *id;    /* heap: fact id */
    uint64_t size;   /* facts stored */
    uint64_t kcap, icap; /* heap entries allocated (key[], id[]) */
    uint64_t C;      /* capacity (facts) */
} BayesCap;

static inline void heap_place(BayesCap *b, uint64_t i, uint64_t key, uint32_t id)
{
    b->key[i] = key;
    b->id[i] = id;
    b->fact[id].pos = (uint32_t)i;
}

/* Restore the heap below i after key[i] grew. */
static inline void sift_down(BayesCap *b, uint64_t i)
{
    uint64_t key = b->key[i];
    uint32_t id = b->id[i];
    for (;;) {
        uint64_t c = 2 * i + 1;
        if (c >= b->size)
            break;
        if (c + 1 < b->size && b->key[c + 1] < b->key[c])
            c++;
        if (b->key[c] >= key)
            break;
        heap_place(b, i, b->key[c], b->id[c]);
        i = c;
    }
    heap_place(b, i, key, id);
}

static inline void sift_up(BayesCap *b, uint64_t i)
{
    uint64_t key = b->key[i];
    uint32_t id = b->id[i];
    while (i > 0) {
        uint64_t p = (i - 1) / 2;
        if (b->key[p] <= key)
            break;
        heap_place(b, i, b->key[p], b->id[p]);
        i = p;
    }
    heap_place(b, i, key, id);
}

/* A fact leaves the heap: its value is forgotten, the ever-recalled bit stays. */
static inline void forget(BayesCap *b, uint32_t f)
{
    Slot *s = &b->fact[f];
    s->pos = NOT_STORED;
    s->vote.value = LEARNER_UNSEEN;
    s->vote.votes &= VOTE_EVER;
}

static void evict_root(BayesCap *b)
{
    forget(b, b->id[0]);
    b->size--;
    if (b->size > 0) {
        heap_place(b, 0, b->key[b->size], b->id[b->size]);
        sift_down(b, 0);
    }
}

static int bayescap_reserve(Learner *l, uint32_t nfacts)
{
    BayesCap *b = (BayesCap *)l;
    uint64_t hneed = nfacts < b->C ? nfacts : b->C, old = b->cap;
    if (grow_array(&b->key, &b->kcap, hneed, sizeof *b->key, 256, UINT32_MAX) != 0 ||
        grow_array(&b->id, &b->icap, hneed, sizeof *b->id, 256, UINT32_MAX) != 0 ||
        grow_array(&b->fact, &b->cap, nfacts, sizeof *b->fact, 1024, UINT32_MAX) != 0)
        return -1;
    for (uint64_t i = old; i < b->cap; i++)
        b->fact[i] = (Slot){NOT_STORED, {LEARNER_UNSEEN, 0}};
    return 0;
}

static void bayescap_process(Learner *l, const Sentence *batch, size_t n)
{
    BayesCap *b = (BayesCap *)l;
    double price[CHARGE_KINDS], kbits = l->kbits; /* summed in sentence order (learner_prices) */
    learner_prices(l, price);
    for (size_t i = 0; i < n; i++) {
        const Sentence *s = &batch[i];
        uint32_t f = s->fact;
        uint32_t p = b->fact[f].pos;
        if (p != NOT_STORED) {
            kbits += price[learner_vote(&b->fact[f].vote, s->value, s->truth)];
            b->key[p] = s->count;
            sift_down(b, p);
        } else {
            if (b->size < b->C) {
                heap_place(b, b->size, s->count, f);
                b->size++;
                sift_up(b, b->size - 1);
            } else if (b->size > 0 && s->count > b->key[0]) {
                /* Replace the least-mentioned stored fact; the new key is larger: sift down. */
                forget(b, b->id[0]);
                heap_place(b, 0, s->count, f);
                sift_down(b, 0);
            } else {
                kbits += price[CHARGE_UNKNOWN]; /* not stored: priced as unknown, nothing learned */
                continue;
            }
            /* newly stored: its vote is LEARNER_UNSEEN (reserve, forget), so this is the first
             * vote, charged as unknown */
            kbits += price[learner_vote(&b->fact[f].vote, s->value, s->truth)];
        }
    }
    l->kbits = kbits;
    l->ksent += n;
}

static void bayescap_answer(const Learner *l, uint32_t fact, uint16_t truth, LearnerAnswer *out)
{
    const BayesCap *b = (const BayesCap *)l;
    learner_bayes_answer(l, fact < b->cap ? &b->fact[fact].vote : NULL, truth, out);
}

static int bayescap_configure(Learner *l, const Setup *s)
{
    BayesCap *b = (BayesCap *)l;
    learner_base_configure(l, s);
    b->C = s->C;
    while (b->size > b->C)
        evict_root(b);
    return 0;
}

static uint64_t bayescap_stored(const Learner *l) { return ((const BayesCap *)l)->size; }

static size_t bayescap_memory(const Learner *l)
{
    const BayesCap *b = (const BayesCap *)l;
    return sizeof *b + (size_t)b->cap * sizeof *b->fact + (size_t)b->kcap * sizeof *b->key +
           (size_t)b->icap * sizeof *b->id;
}

static void bayescap_destroy(Learner *l)
{
    BayesCap *b = (BayesCap *)l;
    free(b->fact);
    free(b->key);
    free(b->id);
    free(b);
}

static const LearnerOps bayescap_ops = {
    LEARNER_BAYES_CAP, "bayes-cap", "Bayes-C", bayescap_reserve, bayescap_process,
    bayescap_answer, learner_uniform_unseen, NULL, NULL, bayescap_configure, bayescap_stored,
    bayescap_memory, bayescap_destroy,
};

Learner *bayescap_new(const Setup *s)
{
    BayesCap *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    learner_base_init(&b->base, &bayescap_ops, s);
    b->C = s->C;
    return &b->base;
}

int bayescap_check(const Learner *l)
{
    const BayesCap *b = (const BayesCap *)l;
    if (b->size > b->C)
        return -1;
    for (uint64_t i = 0; i < b->size; i++) {
        if (i > 0 && b->key[(i - 1) / 2] > b->key[i])
            return -2;
        if (b->fact[b->id[i]].pos != i)
            return -3;
    }
    uint64_t stored = 0;
    for (uint64_t f = 0; f < b->cap; f++)
        stored += b->fact[f].pos != NOT_STORED;
    return stored == b->size ? 0 : -4;
}

uint64_t bayescap_min_count(const Learner *l)
{
    const BayesCap *b = (const BayesCap *)l;
    return b->size ? b->key[0] : 0;
}
