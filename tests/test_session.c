/*
 * test_session.c: session strings (session.h): base setup + changes at sentence counts.
 *
 * The property the explorer's `c` relies on: the string of a session reads back to the same
 * session, every setup field bit for bit, whatever the knobs changed and whatever the setup it
 * is read on top of; and the pairs of one change (setup_format_diff) turn the knobs before it
 * into exactly the knobs after it.
 */
#include "test_util.h"

#define ENGINE_GRID 20 /* the explorer's points a decade (engine.h) */

#include "skscope/learner.h"
#include "skscope/series.h"
#include "skscope/session.h"
#include "skscope/sim.h"

/* xorshift64*: a fixed stream of test cases. */
static uint64_t next_u64(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 2685821657736338717ULL;
}

static double uniform(uint64_t *x) { return (double)(next_u64(x) >> 11) * 0x1p-53; }

/* A random value for knob kn within its range: log-uniform on log-scale knobs, whole on
 * integer ones, and now and then an end of the range or a short decimal a slider would give. */
static double random_value(const Knob *kn, uint64_t *x)
{
    double lo = kn->min, hi = kn->max, u = uniform(x), v;
    int pick = (int)(next_u64(x) % 8);
    if (pick == 0)
        return lo;
    if (pick == 1)
        return hi;
    if ((kn->flags & KNOB_LOGSCALE) && lo > 0)
        v = lo * pow(hi / lo, u);
    else if (kn->flags & KNOB_LOGSCALE)
        v = pow(hi + 1, u) - 1;
    else
        v = lo + (hi - lo) * u;
    if (pick == 2)
        v = round(v * 100) / 100;
    if (kn->flags & KNOB_INTEGER)
        v = floor(v);
    return v < lo ? lo : v > hi ? hi : v;
}

/* One random live change on top of *s: one to three knobs other than V, R and seed (a value
 * the setup refuses, such as an unreachable k, is skipped). */
static Setup random_change(const Setup *s, uint64_t *x)
{
    Setup t = *s;
    int nk = 1 + (int)(next_u64(x) % 3);
    for (int j = 0; j < nk; j++) {
        KnobId id = (KnobId)(next_u64(x) % KNOB_COUNT);
        if (id == KNOB_V || id == KNOB_R || id == KNOB_SEED)
            continue;
        const Knob *kn = &knob_table()[id];
        double v = random_value(kn, x);
        if (id == KNOB_B)
            v = -0.5 * t.a + uniform(x) * 20; /* above -a */
        char err[256];
        (void)setup_set(&t, id, v, err, sizeof err);
    }
    return t;
}

static void assert_same_session(const Session *a, const Session *b, const char *text)
{
    if (!setup_same(&a->base, &b->base))
        fail_msg("'%s': the base reads back to another setup", text);
    if (a->n != b->n)
        fail_msg("'%s': %zu changes read back as %zu", text, a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->change[i].at, b->change[i].at);
        if (!setup_same(&a->change[i].setup, &b->change[i].setup))
            fail_msg("'%s': change %zu reads back to another setup", text, i);
    }
}

/* 300 random sessions of up to 12 changes (sentence counts that repeat now and then, as when
 * several knobs move while paused) read back identically, on top of the defaults and on top of
 * a very different setup (the base string is complete), and format to the same text again. */
static void test_session_roundtrip(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252ULL;
    Setup other = test_setup("s=3,b=5,V=128,R=2,C=7,seed=99");
    for (int it = 0; it < 300; it++) {
        Setup base = random_change(&other, &x);
        base.seed = next_u64(&x) % 1000;
        Session s;
        session_init(&s, &base);
        uint64_t at = 0;
        int nc = (int)(next_u64(&x) % 13);
        char err[256];
        for (int c = 0; c < nc; c++) {
            if (next_u64(&x) % 4)
                at += next_u64(&x) % 100000;
            Setup t = random_change(session_last(&s), &x);
            assert_int_equal(session_add(&s, at, 0, &t, err, sizeof err), 0);
        }
        char *text = session_format_alloc(&s);
        assert_non_null(text);
        Setup ontos[2];
        setup_default(&ontos[0]);
        ontos[1] = other;
        for (int o = 0; o < 2; o++) {
            Session back;
            if (session_parse(&back, &ontos[o], text, err, sizeof err) != 0)
                fail_msg("'%s' does not read back: %s", text, err);
            assert_same_session(&s, &back, text);
            char *again = session_format_alloc(&back);
            assert_string_equal(text, again);
            free(again);
            session_free(&back);
        }
        free(text);
        session_free(&s);
    }
}

/* The pairs of a change are exact, and name only what changed: "" for no change, one pair for
 * one knob (s alone when s moves and k is held: b is derived again). */
static void test_format_diff(void **state)
{
    (void)state;
    char buf[1400], err[256];
    Setup a = test_setup(NULL), b = a;
    assert_int_equal(setup_format_diff(&a, &b, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(setup_set(&b, KNOB_S, 1.5, err, sizeof err), 0);
    setup_format_diff(&a, &b, buf, sizeof buf);
    assert_string_equal(buf, "s=1.5");
    assert_int_equal(setup_set(&b, KNOB_C, 256, err, sizeof err), 0);
    setup_format_diff(&a, &b, buf, sizeof buf);
    assert_string_equal(buf, "s=1.5,C=256");
    KnobId ids[4];
    assert_int_equal(setup_diff(&a, &b, ids, 4), 2);
    assert_int_equal(ids[0], KNOB_S);
    assert_int_equal(ids[1], KNOB_C);
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (int it = 0; it < 2000; it++) {
        Setup from = random_change(&a, &x), to = random_change(&from, &x);
        setup_format_diff(&from, &to, buf, sizeof buf);
        Setup t = from;
        if (setup_parse(&t, buf, err, sizeof err) != 0)
            fail_msg("pairs '%s' rejected: %s", buf, err);
        if (!setup_same(&t, &to))
            fail_msg("pairs '%s' give another setup", buf);
    }
}

/* A string wrapped over lines (as the explorer's overlay shows it and a terminal copies it)
 * reads as the one-line string; blank segments are ignored. */
static void test_session_blanks(void **state)
{
    (void)state;
    Setup d = test_setup(NULL);
    Session a, b;
    char err[256];
    assert_int_equal(session_parse(&a, &d, "s=1.8,C=256;@5000000:C=4096;@6e6:s=1.5,eta=0.2", err, sizeof err), 0);
    assert_int_equal(session_parse(&b, &d, "  s=1.8,\n C=256;\n @ 5000000 :\n C=4096 ;\n@6e6: s=1.5,\neta=0.2;\n", err,
                                   sizeof err), 0);
    assert_same_session(&a, &b, "wrapped");
    assert_int_equal(a.n, 2);
    assert_int_equal(a.change[0].at, 5000000);
    assert_int_equal(a.change[0].setup.C, 4096);
    assert_int_equal(a.change[1].setup.C, 4096); /* later changes build on earlier ones */
    session_free(&a);
    session_free(&b);
    /* a change that changes nothing is not a change */
    assert_int_equal(session_parse(&a, &d, "C=4096;@10:C=4096;@20:C=8", err, sizeof err), 0);
    assert_int_equal(a.n, 1);
    assert_int_equal(a.change[0].at, 20);
    session_free(&a);
    /* an empty base keeps the setup underneath */
    Setup c = test_setup("C=77");
    assert_int_equal(session_parse(&a, &c, ";@10:s=2", err, sizeof err), 0);
    assert_int_equal(a.base.C, 77);
    assert_int_equal(a.n, 1);
    session_free(&a);
}

/* Bad tails: one line naming the problem and the valid range; nothing returned. */
static void test_session_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"s=1.8;@5000:V=128", "@5000: V cannot change during a run"},
        {"s=1.8;@5000:R=2", "@5000: R cannot change during a run"},
        {";@5000:seed=2", "@5000: seed cannot change during a run"},
        {";@5000:C=4;@4000:C=8", "@4000: changes must come in order of sentence count (valid: @5000 or later"},
        {";@x:C=4", "@x: 'x' is not a number (valid: a sentence count, 0 to 2^63)"},
        {";@-3:C=4", "(valid: a sentence count, 0 to 2^63)"},
        {";C=4", "'C=4' after ';' is not a change (valid: @N:key=value"},
        {";@5", "'@5' has no ':' after the sentence count (valid: @N:key=value"},
        {";@5:", "@5: no knob given (valid: @N:key=value,...)"},
        {";@5:zz=1", "@5: unknown setup key 'zz'"},
        {";@5:C=-1", "@5: C: -1 is out of range (valid: 0 to 1000000000 facts)"},
        {"zz=1;@5:C=4", "unknown setup key 'zz'"},
    };
    Setup d = test_setup(NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Session s;
        char err[256] = "";
        if (session_parse(&s, &d, cases[i].text, err, sizeof err) == 0)
            fail_msg("'%s' accepted", cases[i].text);
        if (!strstr(err, cases[i].want))
            fail_msg("'%s': message '%s' lacks '%s'", cases[i].text, err, cases[i].want);
        assert_null(strchr(err, '\n'));
        assert_int_equal(s.n, 0);
        session_free(&s);
    }
    /* a plain setup string refuses a tail, and says where one is accepted */
    Setup t = d;
    char err[256];
    assert_int_not_equal(setup_parse(&t, "s=1.8;@5:C=4", err, sizeof err), 0);
    assert_non_null(strstr(err, "accepted only by 'skscope run' and the explorer"));
    assert_true(setup_same(&t, &d));
}

/* session_wrap on random sessions at widths 8..90: every line fits, every break is just after a
 * ',' or ';' unless the one field on the line is longer than the width, a field is never split
 * when it fits, and (when every field fits the width) the lines joined with newlines read back to the same session. */
static void test_session_wrap(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    Setup d = test_setup(NULL);
    enum { MAXL = 400 };
    size_t start[MAXL], len[MAXL];
    char err[256];
    for (int it = 0; it < 300; it++) {
        Session s;
        session_init(&s, &d);
        uint64_t at = 0;
        for (int c = (int)(next_u64(&x) % 8); c > 0; c--) {
            at += next_u64(&x) % 10000000;
            Setup t = random_change(session_last(&s), &x);
            assert_int_equal(session_add(&s, at, 0, &t, err, sizeof err), 0);
        }
        char *text = session_format_alloc(&s);
        assert_non_null(text);
        size_t width = 8 + next_u64(&x) % 83, n = session_wrap(text, width, start, len, MAXL);
        assert_true(n >= 1 && n <= MAXL);
        char *joined = malloc(strlen(text) + n + 1);
        assert_non_null(joined);
        size_t used = 0;
        for (size_t i = 0; i < n; i++) {
            assert_true(len[i] >= 1 && len[i] <= width);
            const char *l = text + start[i];
            char lastc = l[len[i] - 1];
            int at_end = start[i] + len[i] == strlen(text);
            if (!at_end && lastc != ',' && lastc != ';') {
                /* a cut inside: only when no separator is on the line at all */
                assert_null(memchr(l, ',', len[i]));
                assert_null(memchr(l, ';', len[i]));
            }
            if (!at_end && i + 1 < n) {
                /* greedy: the next field did not fit on this line */
                const char *nx = text + start[i + 1];
                size_t f = strcspn(nx, ",;");
                if (nx[f])
                    f++;
                if (lastc == ',' || lastc == ';')
                    assert_true(len[i] + f > width);
            }
            memcpy(joined + used, l, len[i]);
            used += len[i];
            joined[used++] = '\n';
        }
        joined[used] = 0;
        size_t longest = 0; /* the longest field with its separator */
        for (const char *f = text; *f;) {
            size_t k = strcspn(f, ",;");
            k += f[k] != 0;
            longest = k > longest ? k : longest;
            f += k;
        }
        if (longest > width) { /* a field was cut: it cannot read back, nor could any wrap */
            free(joined);
            free(text);
            session_free(&s);
            continue;
        }
        Session back;
        if (session_parse(&back, &d, joined, err, sizeof err) != 0)
            fail_msg("wrapped '%s' does not read back: %s", joined, err);
        assert_same_session(&s, &back, joined);
        session_free(&back);
        free(joined);
        free(text);
        session_free(&s);
    }
    /* the example of issue 14, at 20 columns: breaks after ',' and ';' only */
    const char *ex = "s=1.8,C=256;@5000000:C=4096";
    assert_int_equal(session_wrap(ex, 20, start, len, MAXL), 2);
    assert_int_equal(len[0], 12); /* "s=1.8,C=256;" */
    assert_int_equal(start[1], 12);
    assert_int_equal(len[1], 15); /* "@5000000:C=4096" */
}

/* The time series of the session "s=1.8,C=256,seed=3;@5009:s=1.6,C=1000" to 20000 sentences on
 * the explorer's grid, every learner, with the run cut into sim_advance calls of `cut` sentences
 * at most (0: one call per sample point, as `skscope run`), peeking after every 64th call if
 * `peek`.
 * A new string (free it). */
static char *series_cut(uint64_t cut, int peek)
{
    char err[256];
    Setup s = test_setup("s=1.8,C=256,seed=3"), t = test_setup("s=1.6,C=1000,seed=3");
    unsigned mask;
    assert_int_equal(learner_parse_set("all", &mask, err, sizeof err), 0);
    Sim *sim = sim_new(&s, mask, err, sizeof err);
    assert_non_null(sim);
    enum { MAXP = 200 };
    Snapshot *snaps = malloc(MAXP * sizeof *snaps), *pk = malloc(sizeof *pk);
    assert_true(snaps && pk);
    size_t ns = 0, calls = 0;
    for (uint64_t p = 1; p <= 20000 && ns < MAXP; p = sim_grid_next(p, ENGINE_GRID)) {
        while (sim_sentences(sim) < p) {
            uint64_t to = cut && sim_sentences(sim) + cut < p ? sim_sentences(sim) + cut : p;
            assert_int_equal(sim_advance(sim, to, err, sizeof err), 0);
            if (peek && to < p && ++calls % 64 == 0) /* the engine peeks a few times a second */
                assert_int_equal(sim_peek(sim, pk, err, sizeof err), 0);
        }
        assert_int_equal(sim_snapshot(sim, &snaps[ns++], err, sizeof err), 0);
        if (p == 5009) /* a live change after the sample, as run and the engine apply one */
            assert_int_equal(sim_apply(sim, &t, err, sizeof err), 0);
    }
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    assert_non_null(fp);
    series_write(fp, snaps, ns);
    fclose(fp);
    free(snaps);
    free(pk);
    sim_free(sim);
    return text;
}

/* The explorer advances in chunks of about 10 ms (any size, a few sentences at a slow speed)
 * and peeks between them; `skscope run` advances to each point in one go. Their series are
 * byte-identical only if no sum depends on where the run was cut (the loss bits and floors are
 * summed sentence by sentence, learner_prices, sim.c): the same CSV for cuts of 3, 7, 50, 777
 * and 5000 sentences, with and without peeks. */
static void test_cut_invariance(void **state)
{
    (void)state;
    char *whole = series_cut(0, 0);
    static const struct {
        uint64_t cut;
        int peek;
    } cases[] = {{3, 0}, {7, 1}, {50, 1}, {777, 1}, {5000, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *c = series_cut(cases[i].cut, cases[i].peek);
        if (strcmp(c, whole) != 0)
            fail_msg("cut every %llu sentences%s: the series differs from one call per point",
                     (unsigned long long)cases[i].cut, cases[i].peek ? " with peeks" : "");
        free(c);
    }
    free(whole);
}

/* session_add keeps the order and the world: the same rules as the parser. */
static void test_session_add(void **state)
{
    (void)state;
    Setup d = test_setup(NULL), c = test_setup("C=8"), v = test_setup("V=128");
    Session s;
    session_init(&s, &d);
    char err[256];
    assert_int_equal(session_add(&s, 100, 7, &c, err, sizeof err), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.change[0].tokens, 7);
    assert_int_not_equal(session_add(&s, 99, 0, &d, err, sizeof err), 0);
    assert_non_null(strstr(err, "valid: @100 or later"));
    assert_int_not_equal(session_add(&s, 200, 0, &v, err, sizeof err), 0);
    assert_int_equal(session_add(&s, 100, 0, &d, err, sizeof err), 0); /* equal counts: in order */
    assert_int_equal(s.n, 2);
    Session cp;
    assert_int_equal(session_copy(&cp, &s), 0);
    assert_same_session(&s, &cp, "copy");
    session_free(&cp);
    session_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_session_roundtrip),
        cmocka_unit_test(test_format_diff),
        cmocka_unit_test(test_session_blanks),
        cmocka_unit_test(test_session_errors),
        cmocka_unit_test(test_session_add),
        cmocka_unit_test(test_session_wrap),
        cmocka_unit_test(test_cut_invariance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
