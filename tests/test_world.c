/*
 * test_world.c: the world of SPEC 1 against exact identities and theory.
 */
#include "test_util.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_psi.h>

#include "skscope/pyp.h"
#include "skscope/theory.h"
#include "skscope/world.h"

static World *make_world(const char *text)
{
    Setup s = test_setup(text);
    char err[256];
    World *w = world_new(&s, err, sizeof err);
    if (!w)
        fail_msg("%s", err);
    return w;
}

static Sentence batch[SIM_BATCH];

/* Generate n sentences, calling fn on each batch if given. */
static void gen(World *w, uint64_t n, void (*fn)(const Sentence *, size_t, void *), void *user)
{
    char err[256];
    while (n > 0) {
        uint32_t want = n < SIM_BATCH ? (uint32_t)n : SIM_BATCH;
        if (world_reserve(w, want, err, sizeof err) != 0)
            fail_msg("%s", err);
        long got = world_generate(w, batch, want, err, sizeof err);
        if (got <= 0)
            fail_msg("generate: %s", err);
        if (fn)
            fn(batch, (size_t)got, user);
        n -= (uint64_t)got;
    }
}

/* One-step exactness of the Pitman-Yor draw. From a frozen state we draw M outcomes without
 * recording them and compare with P(k) = (n_k - a)/(n + b), P(new) = (b + aK)/(n + b) by a
 * chi-square test: cells are facts expected >= 10 times, the rest pooled, and "new". The
 * threshold is the 1e-6 upper quantile of chi-square with (cells - 1) degrees of freedom. */
static void check_one_step(const char *setup, uint64_t warmup)
{
    World *w = make_world(setup);
    gen(w, warmup, NULL, NULL);
    assert_int_equal(pyp_check(&w->pyp, w->facts, w->nfacts), 0);
    const Pyp *p = &w->pyp;
    const uint32_t M = 400000;
    uint32_t K = w->nfacts;
    uint64_t *hits = calloc((size_t)K + 1, sizeof *hits);
    Rng r;
    rng_seed(&r, 99, 1234);
    for (uint32_t i = 0; i < M; i++) {
        uint32_t id = pyp_draw(p, &r, w->facts, w->nfacts);
        hits[id == PYP_NEW ? K : id]++;
    }
    double total = (double)p->n + p->b, chi2 = 0, pooled_o = 0, pooled_e = 0;
    int cells = 0;
    for (uint32_t k = 0; k <= K; k++) {
        double prob = k == K ? (p->b + p->a * (double)p->K) / total
                             : ((double)w->facts[k].count - p->a) / total;
        double e = prob * M;
        if (e >= 10) {
            chi2 += (hits[k] - e) * (hits[k] - e) / e;
            cells++;
        } else {
            pooled_o += (double)hits[k];
            pooled_e += e;
        }
    }
    if (pooled_e > 0) {
        chi2 += (pooled_o - pooled_e) * (pooled_o - pooled_e) / pooled_e;
        cells++;
    }
    double limit = gsl_cdf_chisq_Qinv(1e-6, cells - 1);
    print_message("  %s: chi2 %.1f with %d cells (limit %.1f)\n", setup, chi2, cells, limit);
    assert_true(cells >= 10);
    assert_true(chi2 < limit);
    free(hits);
    world_free(w);
}

static void test_pyp_one_step(void **state)
{
    (void)state;
    check_one_step("s=1.8,k=2,seed=3", 20000);
    check_one_step("beta=0.3,b=5,seed=4", 20000);
    check_one_step("beta=0.9,b=-0.5,seed=5", 5000);
    check_one_step("beta=0,b=3,seed=6", 20000);
    check_one_step("s=1.2,k=2,seed=7", 200000); /* counts past 2^16: many groups */
}

/* E[K_n] over seeds against the exact Gamma formula. K_n/n^a has a random limit (SPEC 3), so
 * the standard error comes from the spread over the 300 seeds (about 40% of the mean per run
 * at a = 0.5; 2.3% for the mean). */
static void check_expected_K(const char *setup, double n)
{
    Stat K = {0, 0, 0}, M1 = {0, 0, 0};
    double a = 0, b = 0;
    for (int seed = 1; seed <= 300; seed++) {
        char text[128];
        snprintf(text, sizeof text, "%s,seed=%d", setup, seed);
        World *w = make_world(text);
        a = w->pyp.a;
        b = w->pyp.b;
        gen(w, (uint64_t)n, NULL, NULL);
        stat_add(&K, (double)w->pyp.K);
        stat_add(&M1, (double)pyp_singletons(&w->pyp));
        world_free(w);
    }
    print_message("  %s n=%g:\n", setup, n);
    assert_mean(K, theory_expected_K(a, b, n), 4, 0);
    /* By exchangeability, E[singletons after n] = n P(sentence n is new) = n E[new prob at n-1]. */
    assert_mean(M1, n * theory_new_prob(a, b, n - 1), 4, 0);
}

static void test_expected_K(void **state)
{
    (void)state;
    check_expected_K("beta=0.5,k=1.5", 20000);
    check_expected_K("beta=0.3,b=5", 20000);
    check_expected_K("beta=0.8,b=-0.5", 20000);
    check_expected_K("s=1.8,k=2", 50000);
    /* a -> 0: no power law, E[K_n] = b (psi(b + n) - psi(b)) ~ b ln n. */
    check_expected_K("beta=0,b=4", 20000);
    assert_close(theory_expected_K(0, 4, 20000), 4 * (gsl_sf_psi(20004) - gsl_sf_psi(4)), 1e-9);
}

/* Stability of the exact formula where it is delicate: n up to 1e15, b near -a, a near 0. */
static void test_expected_K_formula(void **state)
{
    (void)state;
    double a = 0.5, b = 0.72;
    /* Against the defining product form at small n: E[K_{n+1}] = E[K_n] + new_prob(n). */
    double K = 0;
    for (int n = 0; n < 2000; n++) {
        assert_close(theory_expected_K(a, b, n), K, 1e-9 * (K + 1));
        K += theory_new_prob(a, b, n);
    }
    /* Large n: the asymptote k n^a. */
    double n = 1e15;
    assert_close(theory_expected_K(a, b, n) / (theory_heaps_k(a, b) * pow(n, a)), 1, 1e-6);
    /* b -> -a: only one fact ever. */
    assert_close(theory_expected_K(0.5, -0.5 + 1e-12, 1e6), 1, 1e-5);
    /* a -> 0 is continuous with the Dirichlet-process limit. */
    assert_close(theory_expected_K(1e-9, 3, 1e5), theory_expected_K(0, 3, 1e5), 1e-4);
}

/* Facts are created in size-biased order: the k-th created fact has weight
 * p_k = W_k prod_{j<k} (1 - W_j), W_k ~ Beta(1 - a, b + k a) (k from 1), so
 * E[p_k] = E[W_k] prod E[1 - W_j] with E[W_k] = (1 - a)/(1 + b + (k - 1) a); its share of the
 * mentions converges to p_k. Over 400 seeds at n = 20000 the standard error comes from the
 * spread of p_k (about 0.3 for the first fact); count_k/n - p_k is O(n^-1/2), far below it. */
static void test_size_biased_order(void **state)
{
    (void)state;
    Stat share[4];
    memset(share, 0, sizeof share);
    Setup s = test_setup(NULL);
    for (int seed = 1; seed <= 400; seed++) {
        char text[64];
        snprintf(text, sizeof text, "seed=%d", seed);
        World *w = make_world(text);
        gen(w, 20000, NULL, NULL);
        for (int k = 0; k < 4; k++)
            stat_add(&share[k], (double)w->facts[k].count / 20000.0);
        world_free(w);
    }
    double rest = 1;
    for (int k = 0; k < 4; k++) {
        double ew = (1 - s.a) / (1 + s.b + k * s.a);
        print_message("  fact %d:", k + 1);
        assert_mean(share[k], ew * rest, 4, 0);
        rest *= 1 - ew;
    }
    /* And the order is decreasing in expectation. */
    for (int k = 1; k < 4; k++)
        assert_true(share[k].mean < share[k - 1].mean);
}

typedef struct Tally {
    uint64_t templ[64];
    uint64_t sentences, noisy, wrong_offset[64], syn_tokens, syn_noisy, tokens;
    uint32_t V;
    int bad_noise, bad_len;
    const Format *f;
} Tally;

static void tally(const Sentence *b, size_t n, void *user)
{
    Tally *t = user;
    for (size_t i = 0; i < n; i++) {
        t->templ[b[i].templ]++;
        t->sentences++;
        if (b[i].flags & SENT_NOISY) {
            t->noisy++;
            if (b[i].value == b[i].truth)
                t->bad_noise++;
            t->wrong_offset[(b[i].value + t->V - b[i].truth) % t->V]++;
        } else if (b[i].value != b[i].truth) {
            t->bad_noise++;
        }
        if (b[i].syn_len != t->f->len[b[i].templ] || b[i].syn_noisy > b[i].syn_len)
            t->bad_len++;
        t->syn_tokens += b[i].syn_len;
        t->syn_noisy += b[i].syn_noisy;
        t->tokens += b[i].syn_len + 3u;
    }
}

/* Templates follow theta (chi-square at the 1e-6 level), fact noise hits a fraction eps of the
 * sentences (binomial: 4 sd) with values uniform over the V - 1 wrong ones (chi-square), and
 * syntax noise replaces a fraction eps_syn (W - 1)/W of the syntax tokens (binomial: 4 sd). */
static void test_templates_and_noise(void **state)
{
    (void)state;
    World *w = make_world("T=16,V=8,eps=0.1,eps_syn=0.2,seed=11");
    Tally t;
    memset(&t, 0, sizeof t);
    t.V = 8;
    t.f = &w->fmt[0];
    const uint64_t N = 1000000;
    gen(w, N, tally, &t);
    assert_int_equal(t.bad_noise, 0);
    assert_int_equal(t.bad_len, 0);
    assert_int_equal(t.tokens, w->tokens);
    double chi2 = 0;
    int cells = 0;
    for (uint32_t k = 0; k < 16; k++) {
        double e = w->fmt[0].theta[k] * (double)N;
        if (e < 10)
            continue;
        chi2 += (t.templ[k] - e) * (t.templ[k] - e) / e;
        cells++;
    }
    assert_true(chi2 < gsl_cdf_chisq_Qinv(1e-6, cells - 1));
    double p = 0.1, sd = sqrt(N * p * (1 - p));
    assert_close((double)t.noisy, N * p, 4 * sd);
    double chi2v = 0, e = (double)t.noisy / 7;
    for (int d = 1; d < 8; d++)
        chi2v += (t.wrong_offset[d] - e) * (t.wrong_offset[d] - e) / e;
    assert_true(chi2v < gsl_cdf_chisq_Qinv(1e-6, 6));
    double q = syntax_mismatch_prob(0.2);
    assert_close(q, 0.2 * 1023 / 1024, 1e-15);
    assert_close((double)t.syn_noisy, (double)t.syn_tokens * q, 4 * sqrt((double)t.syn_tokens * q * (1 - q)));
    /* Template lengths: uniform on [L - h, L + h] around L = 6; theta sums to 1. */
    double sum = 0;
    for (uint32_t k = 0; k < 16; k++) {
        sum += w->fmt[0].theta[k];
        assert_true(w->fmt[0].len[k] >= 4 && w->fmt[0].len[k] <= 8);
    }
    assert_close(sum, 1, 1e-12);
    world_free(w);
}

typedef struct Trace {
    uint32_t *fact;
    uint16_t *templ;
    size_t n, cap;
} Trace;

static void trace(const Sentence *b, size_t n, void *user)
{
    Trace *t = user;
    for (size_t i = 0; i < n && t->n < t->cap; i++) {
        t->fact[t->n] = b[i].fact;
        t->templ[t->n] = b[i].templ;
        t->n++;
    }
}

/* Same seed: the same stream. Changing the noise knobs, V or T leaves the fact sequence
 * unchanged (one random stream per component). */
static void test_streams_independent(void **state)
{
    (void)state;
    const size_t N = 50000;
    const char *setups[] = {"seed=5", "seed=5", "seed=5,eps=0.2,eps_syn=0.3", "seed=5,V=1024,T=64"};
    Trace tr[4];
    for (int i = 0; i < 4; i++) {
        tr[i].fact = malloc(N * sizeof *tr[i].fact);
        tr[i].templ = malloc(N * sizeof *tr[i].templ);
        tr[i].n = 0;
        tr[i].cap = N;
        World *w = make_world(setups[i]);
        gen(w, N, trace, &tr[i]);
        world_free(w);
    }
    assert_memory_equal(tr[0].fact, tr[1].fact, N * sizeof *tr[0].fact);
    assert_memory_equal(tr[0].templ, tr[1].templ, N * sizeof *tr[0].templ);
    assert_memory_equal(tr[0].fact, tr[2].fact, N * sizeof *tr[0].fact);
    assert_memory_equal(tr[0].templ, tr[2].templ, N * sizeof *tr[0].templ);
    assert_memory_equal(tr[0].fact, tr[3].fact, N * sizeof *tr[0].fact);
    World *w = make_world("seed=6");
    Trace other = {malloc(N * sizeof(uint32_t)), malloc(N * sizeof(uint16_t)), 0, N};
    gen(w, N, trace, &other);
    assert_true(memcmp(tr[0].fact, other.fact, N * sizeof(uint32_t)) != 0);
    world_free(w);
    free(other.fact);
    free(other.templ);
    for (int i = 0; i < 4; i++) {
        free(tr[i].fact);
        free(tr[i].templ);
    }
}

typedef struct FtTally {
    World *w;
    uint64_t before, replay, injected, after_pretrain, ft_format_outside;
    uint32_t mentions[64];
    int epoch_ok;
    uint32_t seen_in_epoch[64];
    uint32_t epoch_count;
} FtTally;

static void ft_tally(const Sentence *b, size_t n, void *user)
{
    FtTally *t = user;
    for (size_t i = 0; i < n; i++) {
        const Sentence *s = &b[i];
        if (s->flags & SENT_INJECTED) {
            uint32_t j = s->fact - t->w->ft_first;
            assert_true(j < 50);
            assert_int_equal(s->format, FORMAT_FINETUNE);
            t->mentions[j]++;
            t->injected++;
            t->seen_in_epoch[j]++;
            if (++t->epoch_count == 50) { /* each epoch states every injected fact once */
                for (int k = 0; k < 50; k++)
                    if (t->seen_in_epoch[k] != 1)
                        t->epoch_ok = 0;
                memset(t->seen_in_epoch, 0, sizeof t->seen_in_epoch);
                t->epoch_count = 0;
            }
        } else if (s->flags & SENT_REPLAY) {
            assert_int_equal(s->format, FORMAT_PRETRAIN);
            t->replay++;
        } else {
            if (s->format != FORMAT_PRETRAIN)
                t->ft_format_outside++;
            if (t->injected == 0)
                t->before++;
            else
                t->after_pretrain++;
        }
    }
}

/* The fine-tuning stream: it starts exactly at ft_at, states each of F injected facts r times
 * (one per epoch), mixes in replays with probability m, then returns to pretraining. The
 * number of replays R before the 150 injected sentences is negative binomial: mean
 * 150 m/(1 - m) = 50, sd sqrt(150 m)/(1 - m) = 8.2 at m = 0.25 (4 sd allowed). */
static void test_finetune_stream(void **state)
{
    (void)state;
    World *w = make_world("ft_at=3000,ft_F=50,ft_r=3,ft_m=0.25,ft_T=4,seed=8");
    FtTally t;
    memset(&t, 0, sizeof t);
    t.w = w;
    t.epoch_ok = 1;
    char err[256];
    /* A batch never crosses the start of the phase. */
    static Sentence big[5000];
    assert_int_equal(world_reserve(w, 5000, err, sizeof err), 0);
    long got = world_generate(w, big, 5000, err, sizeof err);
    assert_int_equal(got, 3000);
    ft_tally(big, (size_t)got, &t);
    assert_int_equal(w->ft, FT_OFF);
    gen(w, 10000, ft_tally, &t);
    assert_int_equal(w->ft, FT_DONE);
    assert_int_equal(t.before, 3000);
    assert_int_equal(t.injected, 150);
    for (int j = 0; j < 50; j++)
        assert_int_equal(t.mentions[j], 3);
    assert_true(t.epoch_ok);
    assert_close((double)t.replay, 50, 4 * 8.2);
    assert_int_equal(t.ft_format_outside, 0);
    assert_true(t.after_pretrain > 0);
    /* Injected facts are outside the Pitman-Yor process. */
    assert_int_equal(pyp_check(&w->pyp, w->facts, w->nfacts), 0);
    world_free(w);
}

/* Knobs change mid-run: the process keeps its facts and continues with the new (a, b). */
static void test_live_knobs(void **state)
{
    (void)state;
    World *w = make_world("seed=9");
    gen(w, 20000, NULL, NULL);
    uint64_t K = w->pyp.K;
    Setup s = w->setup;
    char err[256];
    assert_int_equal(setup_parse(&s, "s=1.3,eps=0.1,T=32", err, sizeof err), 0);
    assert_int_equal(world_apply(w, &s, err, sizeof err), 0);
    assert_int_equal(w->pyp.K, K);
    assert_close(w->pyp.a, 1 / 1.3, 1e-15);
    assert_close(pyp_new_prob(&w->pyp), (w->pyp.b + w->pyp.a * (double)K) / (20000 + w->pyp.b), 1e-15);
    gen(w, 20000, NULL, NULL);
    assert_int_equal(pyp_check(&w->pyp, w->facts, w->nfacts), 0);
    assert_int_equal(w->fmt[0].T, 32);
    Setup bad = w->setup;
    bad.V = 128;
    assert_int_equal(world_apply(w, &bad, err, sizeof err), -1);
    assert_non_null(strstr(err, "V cannot change during a run"));
    world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pyp_one_step),
        cmocka_unit_test(test_expected_K),
        cmocka_unit_test(test_expected_K_formula),
        cmocka_unit_test(test_size_biased_order),
        cmocka_unit_test(test_templates_and_noise),
        cmocka_unit_test(test_streams_independent),
        cmocka_unit_test(test_finetune_stream),
        cmocka_unit_test(test_live_knobs),
    };
    return cmocka_run_group_tests_name("world", tests, NULL, NULL);
}
