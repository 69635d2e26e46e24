/*
 * rng.c: xoshiro256++ streams, seeded by splitmix64, registered as a GSL generator type.
 */
#include "skscope/rng.h"

#include <math.h>

void rng_seed(Rng *r, uint64_t seed, uint64_t stream)
{
    /* Two rounds of mixing separate (seed, stream) pairs that differ in one bit. */
    uint64_t z = rng_mix64(seed) ^ rng_mix64(stream * 0xd1342543de82ef95ULL + 0x632be59bd9b4e019ULL);
    for (int i = 0; i < 4; i++) {
        z += 0x9e3779b97f4a7c15ULL;
        r->s[i] = rng_mix64(z);
    }
    if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
        r->s[0] = 1; /* the one forbidden state; unreachable in practice */
    r->draws = 0;
}

uint64_t rng_geometric(Rng *r, double log1mp)
{
    if (log1mp == -INFINITY)
        return 0;
    /* 1 - u is in (0, 1], so the log is finite. */
    double u = 1.0 - rng_uniform(r);
    double g = floor(log(u) / log1mp);
    if (!(g < 4.6e18))
        return UINT64_MAX / 2;
    return (uint64_t)g;
}

/* GSL adapter. GSL's `get` returns values in [min, max]; we give the top 32 bits. */
static void gsl_xoshiro_set(void *state, unsigned long seed)
{
    rng_seed((Rng *)state, (uint64_t)seed, 0);
}

static unsigned long gsl_xoshiro_get(void *state)
{
    return (unsigned long)(rng_next((Rng *)state) >> 32);
}

static double gsl_xoshiro_get_double(void *state) { return rng_uniform((Rng *)state); }

static const gsl_rng_type xoshiro_type = {
    "xoshiro256++", 0xffffffffUL, 0, sizeof(Rng),
    gsl_xoshiro_set, gsl_xoshiro_get, gsl_xoshiro_get_double,
};

const gsl_rng_type *rng_gsl_type(void) { return &xoshiro_type; }

gsl_rng *rng_gsl_new(uint64_t seed, uint64_t stream)
{
    gsl_rng *g = gsl_rng_alloc(&xoshiro_type);
    if (g)
        rng_seed(rng_state(g), seed, stream);
    return g;
}
