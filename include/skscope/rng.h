/*
 * rng.h: seeded random streams.
 *
 * Every component of the simulation (fact choice, fact values, templates, noise, fine-tuning,
 * each learner) draws from its own stream, derived from (seed, stream id), so changing one knob
 * never reshuffles another component's draws.
 *
 * A stream is a gsl_rng whose type is xoshiro256++ (Blackman & Vigna), registered with GSL so
 * that GSL's distributions (gsl_ran_dirichlet, gsl_ran_gamma, gsl_ran_shuffle) draw from the
 * same stream. The hot loop does not go through GSL's function pointers: it reaches the state
 * with rng_state() and calls the inline functions below (a few cycles per draw).
 */
#ifndef SKSCOPE_RNG_H
#define SKSCOPE_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/* 128-bit product for Lemire's bounded draw (a GCC/Clang extension, hence __extension__). */
__extension__ typedef unsigned __int128 rng_u128;

/* The state of one xoshiro256++ stream. */
typedef struct Rng {
    uint64_t s[4];
    uint64_t draws; /* 64-bit words drawn so far (for `skscope bench`: draws per sentence) */
} Rng;

/* Stream ids. The numbers are part of the reproducibility contract: never renumber. */
typedef enum RngStream {
    RNG_FACTS = 1,        /* which fact a sentence states (Pitman-Yor draws) */
    RNG_VALUES = 2,       /* value and relation of each new fact */
    RNG_TEMPLATES = 3,    /* which template a sentence uses */
    RNG_FACT_NOISE = 4,   /* fact noise: which sentences state a wrong value, and which */
    RNG_SYNTAX_NOISE = 5, /* syntax noise: which tokens are replaced */
    RNG_THETA = 6,        /* template probabilities (Dirichlet) and lengths, per format */
    RNG_FINETUNE = 7,     /* fine-tuning: injected facts, epoch order, replay choice */
    RNG_LEARNER = 16      /* learners: RNG_LEARNER + learner index */
} RngStream;

/* rng_seed: set *r to the stream `stream` of user seed `seed` (splitmix64 expansion; every
 * (seed, stream) pair gives an independent-looking, never all-zero state). */
void rng_seed(Rng *r, uint64_t seed, uint64_t stream);

/* rng_gsl_new: a GSL generator of type xoshiro256++ positioned at stream `stream` of `seed`.
 * Returns NULL when out of memory. Free with gsl_rng_free. */
gsl_rng *rng_gsl_new(uint64_t seed, uint64_t stream);

/* rng_gsl_type: the GSL type descriptor, for gsl_rng_alloc. */
const gsl_rng_type *rng_gsl_type(void);

/* rng_state: the xoshiro state inside a generator made by rng_gsl_new (not for other types). */
static inline Rng *rng_state(gsl_rng *g) { return (Rng *)g->state; }

/* splitmix64 finaliser: a fast 64-bit mixing function (bijective). */
static inline uint64_t rng_mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t rng_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* rng_next: 64 uniformly random bits. */
static inline uint64_t rng_next(Rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rng_rotl(s[0] + s[3], 23) + s[0];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rng_rotl(s[3], 45);
    r->draws++;
    return result;
}

/* rng_uniform: a double uniform on [0, 1) with 53 random bits. */
static inline double rng_uniform(Rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }

/* rng_below: an integer uniform on [0, n), n >= 1, exactly unbiased (Lemire's method). */
static inline uint64_t rng_below(Rng *r, uint64_t n)
{
    rng_u128 m = (rng_u128)rng_next(r) * n;
    uint64_t lo = (uint64_t)m;
    if (lo < n) {
        uint64_t threshold = (0 - n) % n;
        while (lo < threshold) {
            m = (rng_u128)rng_next(r) * n;
            lo = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

/* rng_geometric: number of failures before the first success of Bernoulli(p) trials,
 * 0 < p <= 1, by inversion. `log1mp` must be log1p(-p) (precomputed by the caller); with p = 1
 * pass -INFINITY. Saturates at UINT64_MAX/2 for tiny p. */
uint64_t rng_geometric(Rng *r, double log1mp);

#endif
