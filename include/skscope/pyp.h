/*
 * pyp.h: an exact Pitman-Yor (Chinese restaurant process) draw in O(1) expected time and
 * memory proportional to the number of distinct facts K (SPEC 1, method iii).
 *
 * After n draws with K distinct facts, fact k seen n_k times:
 *     P(existing k) = (n_k - a)/(n + b),   P(new) = (b + aK)/(n + b).
 * Split n_k - a = (n_k - 1) + (1 - a). With weight K(1 - a) pick a uniformly random fact; with
 * weight n - K pick fact k with probability proportional to n_k - 1; with weight b + aK create a
 * new fact. For the second branch, facts with n_k >= 2 sit in groups j = floor(log2(n_k - 1));
 * a group is chosen by its total weight, a member uniformly, and accepted with probability
 * (n_k - 1)/2^(j+1) >= 1/2 (else another member of the same group is tried). A fact changes
 * group only when n_k - 1 crosses a power of two (swap-remove, O(1)).
 *
 * The facts themselves (their counts) live in the caller's table; this module keeps the group
 * index. Facts that are not part of the process (injected by fine-tuning) may share the id
 * space: the uniform branch skips them.
 */
#ifndef SKSCOPE_PYP_H
#define SKSCOPE_PYP_H

#include <stddef.h>
#include <stdint.h>

#include "skscope/rng.h"

#define PYP_GROUPS 64
#define PYP_NEW UINT32_MAX /* pyp_draw's answer for "a new fact" */

/* One fact's bookkeeping, 16 bytes; the world's fact table is an array of these. */
typedef struct Fact {
    uint64_t count;   /* mentions so far (sentences) */
    uint32_t gpos;    /* index in its group's member list (valid when count >= 2) */
    uint16_t value;   /* true value, 0 .. V-1 */
    uint16_t rel;     /* relation 0 .. R-1; FACT_INJECTED bit set for fine-tuning facts */
} Fact;

#define FACT_INJECTED 0x8000u

typedef struct PypGroup {
    uint32_t *ids;    /* member fact ids */
    uint32_t size;    /* members */
    uint64_t cap;     /* allocated entries */
} PypGroup;

typedef struct Pyp {
    double a, b;      /* discount, concentration (b > -a) */
    uint64_t n;       /* draws so far (sentences) */
    uint64_t K;       /* distinct facts created by the process */
    int top;          /* highest group index that may be non-empty */
    uint64_t weight[PYP_GROUPS]; /* sum of (n_k - 1) over each group's members (mentions); kept
                                    apart from the lists so the scan reads one cache line */
    PypGroup g[PYP_GROUPS];
} Pyp;

/* pyp_init: an empty process with parameters (a, b). */
void pyp_init(Pyp *p, double a, double b);

/* pyp_free: release the group lists. */
void pyp_free(Pyp *p);

/* pyp_reserve: make room so that the next `draws` observations cannot allocate.
 * Returns 0, or -1 when out of memory (nothing changed). */
int pyp_reserve(Pyp *p, uint32_t draws);

/* pyp_draw: which fact the next sentence states: an id < nfacts, or PYP_NEW. Facts carrying
 * FACT_INJECTED are never returned. Does not change the state (call pyp_observe). */
static inline uint32_t pyp_draw(const Pyp *p, Rng *r, const Fact *facts, uint32_t nfacts);

/* pyp_observe: record one more mention of fact `id` (count 0 means it is the new fact just
 * appended by the caller). Requires a prior pyp_reserve. */
static inline void pyp_observe(Pyp *p, Fact *facts, uint32_t id);

/* pyp_singletons: facts seen exactly once. */
uint64_t pyp_singletons(const Pyp *p);

/* pyp_new_prob: P(next draw is a new fact) = (b + aK)/(n + b) (1 when n = 0). */
double pyp_new_prob(const Pyp *p);

/* pyp_check: verify the group index against the fact table (tests). 0 if consistent. */
int pyp_check(const Pyp *p, const Fact *facts, uint32_t nfacts);

/* ---- inline implementation (hot loop) ---- */

static inline int pyp_group_of(uint64_t w) { return 63 - __builtin_clzll(w); }

__attribute__((always_inline)) static inline uint32_t pyp_draw(const Pyp *p, Rng *r, const Fact *facts,
                                                                uint32_t nfacts)
{
    if (p->n == 0)
        return PYP_NEW;
    uint64_t wc = p->n - p->K; /* weight of the by-count branch: sum of (n_k - 1) */
    double u = rng_uniform(r) * ((double)p->n + p->b);
    if (u < (double)wc) {
        /* Conditioned on this branch, u is uniform on [0, wc): its integer part picks a group
         * in proportion to the groups' integer weights. */
        uint64_t x = (uint64_t)u;
        if (x >= wc)
            x = wc - 1;
        /* x < wc = the exact integer sum of the weights, so the scan stops by group 0. */
        int j = p->top;
        while (x >= p->weight[j]) {
            x -= p->weight[j];
            j--;
        }
        const PypGroup *g = &p->g[j];
        if (j == 0) /* every member has n_k - 1 = 1: equal weights, no test (no count read) */
            return g->ids[rng_below(r, g->size)];
        for (;;) {
            /* One 64-bit word gives both the member and the acceptance coin: the high word of
             * x * size is the index (Lemire), and given the index the low word runs over
             * [0, 2^64) in steps of `size`, so its top j+1 bits are uniform to within
             * size 2^(j+1) / 2^64 <= n / 2^63: below 2^-23 for any world that fits in memory. */
            rng_u128 m = (rng_u128)rng_next(r) * g->size;
            uint32_t id = g->ids[(uint64_t)(m >> 64)];
            uint64_t w = facts[id].count - 1;            /* in [2^j, 2^(j+1)) */
            uint64_t coin = (uint64_t)m >> (63 - j);     /* uniform on [0, 2^(j+1)) */
            if (coin < w)
                return id;
        }
    }
    if (u < (double)wc + (double)p->K * (1 - p->a)) {
        for (;;) {
            uint32_t id = (uint32_t)rng_below(r, nfacts);
            if (!(facts[id].rel & FACT_INJECTED))
                return id;
        }
    }
    return PYP_NEW;
}

static inline void pyp_group_add(Pyp *p, Fact *facts, uint32_t id, int j, uint64_t w)
{
    PypGroup *g = &p->g[j];
    facts[id].gpos = g->size;
    g->ids[g->size++] = id;
    p->weight[j] += w;
    if (j > p->top)
        p->top = j;
}

static inline void pyp_group_remove(Pyp *p, Fact *facts, uint32_t id, int j, uint64_t w)
{
    PypGroup *g = &p->g[j];
    uint32_t pos = facts[id].gpos;
    uint32_t last = g->ids[--g->size];
    g->ids[pos] = last;
    facts[last].gpos = pos;
    p->weight[j] -= w;
}

__attribute__((always_inline)) static inline void pyp_observe(Pyp *p, Fact *facts, uint32_t id)
{
    uint64_t c = facts[id].count; /* before this mention; the new weight is c */
    if (c == 0) {
        p->K++;
    } else if (c == 1) {
        pyp_group_add(p, facts, id, 0, 1);
    } else {
        int jo = pyp_group_of(c - 1), jn = pyp_group_of(c);
        if (jo == jn) {
            p->weight[jn]++;
        } else {
            pyp_group_remove(p, facts, id, jo, c - 1);
            pyp_group_add(p, facts, id, jn, c);
        }
    }
    facts[id].count = c + 1;
    p->n++;
}

#endif
