/*
 * test_learners.c: the three learners of SPEC 2: exact identities, invariants, consistency of
 * sampled and expected losses, determinism, CSV.
 */
#include "test_util.h"

#include <csv.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>

#include "skscope/bayescap.h"
#include "skscope/series.h"
#include "skscope/sgdmem.h"
#include "skscope/theory.h"

#define B_ONLY (1u << LEARNER_BAYES)
#define C_ONLY (1u << LEARNER_BAYES_CAP)
#define S_ONLY (1u << LEARNER_SGD)
#define ALL LEARNER_MASK_CLASSIC

/* Unlimited Bayes, no noise: every identity of SPEC 2 holds exactly at every snapshot.
 *  expected knowledge excess = log2 V P(new);  hallucination = (1 - 1/V) P(new);
 *  recall = 1 - P(new);  abstention (tau = 0.5 > 1/V) = P(new); confident errors = 0;
 *  sampled knowledge bits of a window = log2 V x (new facts in it), exactly. */
static void test_bayes_identities(void **state)
{
    (void)state;
    Sim *sim = test_sim("seed=2,V=64", B_ONLY);
    uint64_t Kprev = 0;
    double syn_total = 0;
    for (uint64_t n = 10; n <= 1000000; n *= 10) {
        test_advance(sim, n);
        Snapshot s;
        test_snapshot(sim, &s);
        const LearnerSnap *l = &s.L[0];
        double p = s.new_prob, lv = 6;
        assert_close(l->exp_knowledge_excess, lv * p, 1e-12 * lv * p);
        assert_close(l->halluc, (1 - 1.0 / 64) * p, 1e-12);
        assert_close(l->recall, 1 - p, 1e-12);
        assert_close(l->abstain, p, 1e-12);
        assert_close(l->halluc_abstain, 0, 0);
        assert_close(l->knowledge_bits * (double)s.window, lv * (double)(s.K - Kprev), 1e-9 * lv * (double)s.K);
        assert_int_equal(l->stored, s.K);
        syn_total += l->syntax_bits * (double)s.window;
        Kprev = s.K;
    }
    /* The sampled syntax bits add up to the KT code length of the final counts. */
    const SyntaxModel *m = sim_syntax(sim);
    double cl = gsl_sf_lngamma((double)m->n[0] + 16) - gsl_sf_lngamma(16);
    for (uint32_t t = 0; t < 16; t++)
        cl -= gsl_sf_lngamma((double)m->count[0][t] + 1);
    assert_close(syn_total, cl / M_LN2, 1e-9 * syn_total);
    sim_free(sim);
}

/* With fact noise the floor is h(eps) + eps log2(V - 1), the stored value is the majority of the
 * mentions (Boyer-Moore), and a fact mentioned 40 times is recalled unless 20 or more of its
 * mentions were wrong: P(Binomial(40, 0.1) >= 20) < 1e-9, so none of them may fail. */
static void test_bayes_noise(void **state)
{
    (void)state;
    Sim *sim = test_sim("seed=3,eps=0.1,V=16", B_ONLY);
    test_advance(sim, 300000);
    Snapshot s;
    test_snapshot(sim, &s);
    double e = 0.1, h = -e * log2(e) - (1 - e) * log2(1 - e);
    assert_close(s.floor_knowledge, h + e * log2(15), 1e-12);
    const World *w = sim_world(sim);
    Learner *l = sim_learner(sim, 0);
    int checked = 0;
    for (uint32_t id = 0; id < w->nfacts; id++) {
        if (w->facts[id].count < 40)
            continue;
        LearnerAnswer a;
        l->ops->answer(l, id, w->facts[id].value, &a);
        assert_true(a.recalled);
        assert_close(a.confidence, 0.9, 1e-15);
        assert_close(a.bits, s.floor_knowledge, 1e-12); /* a correct stored value costs the floor */
        checked++;
    }
    assert_true(checked > 100);
    sim_free(sim);
}

/* Bayes-C: while its capacity does not grow, the heap is sound, it holds min(C, K) facts, and
 * no fact outside it has more mentions than the least-mentioned fact inside. With no noise its
 * hallucination and expected excess are both the unstored mass, so they are proportional.
 * When C grows it cannot re-admit a forgotten fact before its next mention (it no longer knows
 * the value), so then only soundness and C >= stored hold, and it fills up. */
static void test_bayescap_invariants(void **state)
{
    (void)state;
    Sim *sim = test_sim("seed=4,C=256", C_ONLY);
    uint64_t caps[] = {256, 64, 1, 1024};
    uint64_t last_stored = 0;
    for (int i = 0; i < 4; i++) {
        Setup s = *sim_setup(sim);
        s.C = caps[i];
        char err[256];
        assert_int_equal(sim_apply(sim, &s, err, sizeof err), 0);
        test_advance(sim, sim_sentences(sim) + 50000);
        Learner *l = sim_learner(sim, 0);
        assert_int_equal(bayescap_check(l), 0);
        const World *w = sim_world(sim);
        uint64_t K = w->pyp.K, minc = bayescap_min_count(l), stored = l->ops->stored(l);
        if (i < 3) {
            assert_int_equal(stored, K < caps[i] ? K : caps[i]);
            for (uint32_t id = 0; id < w->nfacts; id++) {
                LearnerAnswer a;
                l->ops->answer(l, id, w->facts[id].value, &a);
                if (!a.known)
                    assert_true(w->facts[id].count <= minc);
            }
        } else {
            assert_true(stored <= caps[i] && stored > last_stored);
        }
        last_stored = stored;
        Snapshot snap;
        test_snapshot(sim, &snap);
        const LearnerSnap *ls = &snap.L[0];
        assert_close(ls->halluc * log2(64) / (1 - 1.0 / 64), ls->exp_knowledge_excess,
                     1e-12 * ls->exp_knowledge_excess + 1e-15);
    }
    sim_free(sim);
}

/* SGD memory, no collisions: a fact is recalled exactly when it has had enough mentions for
 * c = 1 - (1 - eta)^m to give q = c + (1 - c)/V > 1/2: m >= 7 at eta = 0.1, V = 64
 * (c6 = 0.469, c7 = 0.522), m >= 2 at eta = 0.3; the Bayes learner needs one mention. */
static void check_sgd_mentions(const char *setup, uint64_t need)
{
    Sim *sim = test_sim(setup, S_ONLY | B_ONLY);
    test_advance(sim, 30000);
    const World *w = sim_world(sim);
    Learner *bayes = sim_learner(sim, 0), *sgd = sim_learner(sim, 1);
    uint64_t C = sim_setup(sim)->C, seed = sim_setup(sim)->seed;
    /* Find facts that share a slot and leave them out. */
    uint8_t *shared = calloc(w->nfacts, 1);
    uint64_t *slot = malloc(w->nfacts * sizeof *slot);
    for (uint32_t i = 0; i < w->nfacts; i++)
        slot[i] = sgdmem_slot(seed, i, C);
    for (uint32_t i = 0; i < w->nfacts; i++)
        for (uint32_t j = i + 1; j < w->nfacts; j++)
            if (slot[i] == slot[j])
                shared[i] = shared[j] = 1;
    int below = 0, above = 0;
    for (uint32_t id = 0; id < w->nfacts; id++) {
        LearnerAnswer a, b;
        sgd->ops->answer(sgd, id, w->facts[id].value, &a);
        bayes->ops->answer(bayes, id, w->facts[id].value, &b);
        assert_true(b.recalled);
        if (shared[id])
            continue;
        if (w->facts[id].count >= need) {
            assert_true(a.recalled);
            above++;
        } else {
            assert_false(a.recalled);
            below++;
        }
    }
    assert_true(below > 50 && above > 50);
    free(shared);
    free(slot);
    sim_free(sim);
}

static void test_sgd_needs_mentions(void **state)
{
    (void)state;
    check_sgd_mentions("seed=5,C=4194304,eta=0.1", 7);
    check_sgd_mentions("seed=5,C=4194304,eta=0.3", 2);
}

/* Collisions make the SGD memory forget and hallucinate: with 64 slots for ~1000 facts some
 * facts recalled once are no longer recalled, and recall is below that of a large memory. */
static void test_sgd_forgets(void **state)
{
    (void)state;
    Sim *small = test_sim("seed=6,C=64", S_ONLY), *large = test_sim("seed=6,C=1048576", S_ONLY);
    test_advance(small, 100000);
    test_advance(large, 100000);
    Snapshot a, b;
    test_snapshot(small, &a);
    test_snapshot(large, &b);
    const World *w = sim_world(small);
    Learner *l = sim_learner(small, 0);
    int forgotten = 0, halluc = 0;
    for (uint32_t id = 0; id < w->nfacts; id++) {
        LearnerAnswer ans;
        l->ops->answer(l, id, w->facts[id].value, &ans);
        FactStatus st = metrics_fact_status(w->facts[id].value, &ans, 0.5);
        forgotten += st == STATUS_FORGOTTEN;
        halluc += st == STATUS_HALLUCINATED;
    }
    print_message("  forgotten %d, hallucinated %d; recall %.3f (64 slots) vs %.3f\n", forgotten, halluc,
                  a.L[0].recall, b.L[0].recall);
    assert_true(forgotten > 0);
    assert_true(halluc > 0);
    assert_true(a.L[0].recall < b.L[0].recall - 0.05); /* measured: 0.88 vs 0.98 */
    assert_true(a.L[0].halluc_abstain > b.L[0].halluc_abstain);
    sim_free(small);
    sim_free(large);
}

/* Sampled and expected losses agree: over a window split into 40 parts, the sampled knowledge
 * excess of each part is compared with the trapezoid of the expected excess at its ends. The
 * differences are independent-ish noise; their mean must be within 4 standard errors (from
 * their spread) of 0, plus 2% of the mean excess for the trapezoid rule on a convex curve. */
static void test_sampled_matches_expected(void **state)
{
    (void)state;
    const char *setups[] = {"seed=7,eps=0.05", "seed=8,C=512,eps=0.02", "seed=9,C=2048,eta=0.2"};
    for (int k = 0; k < 3; k++) {
        Sim *sim = test_sim(setups[k], 1u << k);
        test_advance(sim, 200000);
        Snapshot s;
        test_snapshot(sim, &s);
        double prev = s.L[0].exp_knowledge_excess;
        Stat diff = {0, 0, 0};
        double mean_exp = 0;
        for (int part = 1; part <= 40; part++) {
            test_advance(sim, 200000 + (uint64_t)part * 20000);
            test_snapshot(sim, &s);
            double expect = (prev + s.L[0].exp_knowledge_excess) / 2;
            stat_add(&diff, s.L[0].knowledge_excess - expect);
            mean_exp += expect / 40;
            prev = s.L[0].exp_knowledge_excess;
        }
        print_message("  %s (%s): mean expected excess %.5g\n", setups[k],
                      learner_kind_name((LearnerKind)k), mean_exp);
        assert_mean(diff, 0, 4, 0.02 * mean_exp);
        sim_free(sim);
    }
}

static char *series_text(Sim *sim, const Snapshot *snaps, size_t n, size_t *len, int facts)
{
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, len);
    if (facts) {
        Learner *L[METRICS_LEARNERS];
        for (int i = 0; i < sim_learner_count(sim); i++)
            L[i] = sim_learner(sim, i);
        assert_int_equal(series_write_facts(fp, sim_world(sim), L, sim_learner_count(sim), 0.5), 0);
    } else {
        assert_int_equal(series_write(fp, snaps, n), 0);
    }
    fclose(fp);
    return buf;
}

static char *run_csv(const char *setup, size_t *len, char **facts, size_t *flen, Snapshot *snaps)
{
    Sim *sim = test_sim(setup, ALL);
    for (int i = 0; i < 30; i++) {
        test_advance(sim, (uint64_t)pow(10, 1 + i * 5.0 / 29));
        test_snapshot(sim, &snaps[i]);
    }
    char *ts = series_text(sim, snaps, 30, len, 0);
    *facts = series_text(sim, NULL, 0, flen, 1);
    sim_free(sim);
    return ts;
}

/* Same seed and setup: byte-identical CSV. */
static void test_deterministic_csv(void **state)
{
    (void)state;
    static Snapshot s1[30], s2[30];
    size_t l1, l2, f1, f2;
    char *fa, *fb;
    char *a = run_csv("seed=12,eps=0.01,ft_at=20000", &l1, &fa, &f1, s1);
    char *b = run_csv("seed=12,eps=0.01,ft_at=20000", &l2, &fb, &f2, s2);
    assert_int_equal(l1, l2);
    assert_memory_equal(a, b, l1);
    assert_int_equal(f1, f2);
    assert_memory_equal(fa, fb, f1);
    free(a);
    free(b);
    free(fa);
    free(fb);
}

/* Read the CSV back with libcsv (an RFC 4180 parser): SPEC's columns come first in SPEC's
 * order, every row has as many fields as the header, and every number reads back exactly. */
typedef struct Reader {
    char field[128][64];
    int nf, row, ncols, bad_rows;
    char header[512][64];
    double values[40][512];
} Reader;

static void on_field(void *s, size_t len, void *user)
{
    Reader *r = user;
    if (r->nf < 512) {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.*s", (int)(len < 63 ? len : 63), (const char *)s);
        if (r->row == 0)
            snprintf(r->header[r->nf], sizeof r->header[r->nf], "%s", tmp);
        else if (r->row <= 40)
            r->values[r->row - 1][r->nf] = len ? strtod(tmp, NULL) : NAN;
    }
    r->nf++;
}

static void on_row(int c, void *user)
{
    (void)c;
    Reader *r = user;
    if (r->row == 0)
        r->ncols = r->nf;
    else if (r->nf != r->ncols)
        r->bad_rows++;
    r->row++;
    r->nf = 0;
}

static void test_csv_roundtrip(void **state)
{
    (void)state;
    static Snapshot snaps[30];
    size_t len, flen;
    char *facts;
    char *text = run_csv("seed=13", &len, &facts, &flen, snaps);
    static Reader r;
    memset(&r, 0, sizeof r);
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
    assert_int_equal(csv_parse(&p, text, len, on_field, on_row, &r), len);
    assert_int_equal(csv_fini(&p, on_field, on_row, &r), 0);
    csv_free(&p);
    assert_int_equal(r.row, 31);
    assert_int_equal(r.bad_rows, 0);
    const char *first[] = {"sentences", "tokens", "distinct_facts", "bayes.loss_bits", "bayes.syntax_bits",
                           "bayes.knowledge_bits", "bayes.excess_bits", "bayes.expected_excess_bits",
                           "bayes.recall", "bayes.hallucination", "bayes-cap.loss_bits"};
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++)
        assert_string_equal(r.header[i], first[i]);
    for (int row = 0; row < 30; row++) {
        assert_true(r.values[row][0] == (double)snaps[row].n);
        assert_true(r.values[row][2] == (double)snaps[row].K);
        assert_true(r.values[row][3] == snaps[row].L[0].loss_bits);
        assert_true(r.values[row][7] == snaps[row].L[0].exp_excess);
        assert_true(r.values[row][9] == snaps[row].L[0].halluc);
    }
    /* The per-fact file parses too and lists K facts in rank order. */
    memset(&r, 0, sizeof r);
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
    assert_int_equal(csv_parse(&p, facts, flen, on_field, on_row, &r), flen);
    csv_fini(&p, on_field, on_row, &r);
    csv_free(&p);
    assert_int_equal(r.bad_rows, 0);
    assert_int_equal(r.row - 1, snaps[29].K);
    assert_string_equal(r.header[0], "rank");
    assert_string_equal(r.header[1], "fact");
    assert_string_equal(r.header[2], "mentions");
    assert_string_equal(r.header[3], "bayes.recalled");
    assert_string_equal(r.header[4], "bayes.confidence");
    for (int row = 1; row < 40 && row < r.row - 1; row++)
        assert_true(r.values[row][2] <= r.values[row - 1][2]); /* mentions fall with rank */
    free(text);
    free(facts);
}

/* The rank-frequency points of a snapshot are the mention counts at those ranks, and the
 * top-rank table lists the most mentioned facts: both against a full sort of the facts
 * (counts above 65535 go through the other branch of the ranking, so run long enough). */
static void test_rank_frequency(void **state)
{
    (void)state;
    Sim *sim = test_sim("seed=14,s=1.5", B_ONLY);
    test_advance(sim, 3000000);
    Snapshot s;
    test_snapshot(sim, &s);
    uint64_t K;
    uint32_t *order = metrics_rank_order(sim_world(sim), &K);
    const World *w = sim_world(sim);
    assert_true(w->facts[order[0]].count > 65535);
    for (int i = 0; i < METRICS_RF; i++) {
        uint64_t r = metrics_rf_rank(i);
        uint64_t want = r <= K ? w->facts[order[r - 1]].count : 0;
        if (s.rf_count[i] != want)
            fail_msg("rank %llu: %llu mentions, want %llu", (unsigned long long)r,
                     (unsigned long long)s.rf_count[i], (unsigned long long)want);
    }
    for (int i = 0; i < METRICS_TOP; i++) {
        assert_int_equal(s.top_fact[i], order[i]);
        assert_int_equal(s.top_count[i], w->facts[order[i]].count);
    }
    free(order);
    sim_free(sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bayes_identities),
        cmocka_unit_test(test_bayes_noise),
        cmocka_unit_test(test_bayescap_invariants),
        cmocka_unit_test(test_sgd_needs_mentions),
        cmocka_unit_test(test_sgd_forgets),
        cmocka_unit_test(test_sampled_matches_expected),
        cmocka_unit_test(test_deterministic_csv),
        cmocka_unit_test(test_csv_roundtrip),
        cmocka_unit_test(test_rank_frequency),
    };
    return cmocka_run_group_tests_name("learners", tests, NULL, NULL);
}
