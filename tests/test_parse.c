/*
 * test_parse.c: numbers, setup strings, the k <-> b map, scenarios, CSV fields, atomic files.
 */
#include "test_util.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "skscope/atomicfile.h"
#include "skscope/csvout.h"
#include "skscope/numparse.h"
#include "skscope/rng.h"
#include "skscope/scenario.h"
#include "skscope/setup.h"
#include "skscope/theory.h"

static void test_numbers_accepted(void **state)
{
    (void)state;
    struct {
        const char *text;
        double v;
    } ok[] = {{"1.8", 1.8}, {"1e7", 1e7}, {"10M", 1e7}, {"2.5k", 2500}, {" 3 ", 3}, {"+4", 4},
              {"-0.5", -0.5}, {"1G", 1e9}, {"2T", 2e12}, {"0.001", 0.001}, {"7.", 7}, {".5", 0.5},
              {"1E-3", 1e-3}, {"4K", 4000}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double v;
        char err[128];
        if (numparse_double(ok[i].text, &v, err, sizeof err) != 0)
            fail_msg("'%s' rejected: %s", ok[i].text, err);
        assert_close(v, ok[i].v, 1e-12 * fabs(ok[i].v));
    }
    double z;
    char err[128];
    assert_int_equal(numparse_double("-0", &z, err, sizeof err), 0);
    assert_false(signbit(z)); /* -0 reads as +0 */
}

static void test_numbers_rejected(void **state)
{
    (void)state;
    struct {
        const char *text, *why;
    } bad[] = {{"", "empty"}, {"   ", "empty"}, {"nan", "not a number"}, {"NaN", "not a number"},
               {"inf", "not a number"}, {"-inf", "not a number"}, {"infinity", "not a number"},
               {"1e999", "too large"}, {"0x10", "trailing junk"}, {"1.2x", "trailing junk"},
               {"1..2", "trailing junk"}, {".", "not a number"}, {"e5", "not a number"},
               {"5MM", "trailing junk"}, {"1,5", "trailing junk"}, {"1e1234567", "too large"},
               {"--1", "not a number"}, {"1 2", "trailing junk"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v;
        char err[128] = "";
        if (numparse_double(bad[i].text, &v, err, sizeof err) == 0)
            fail_msg("'%s' accepted as %g", bad[i].text, v);
        if (!strstr(err, bad[i].why))
            fail_msg("'%s': message '%s' lacks '%s'", bad[i].text, err, bad[i].why);
    }
    uint64_t u;
    char err[128];
    assert_int_equal(numparse_u64("6.5", &u, err, sizeof err), -1);
    assert_non_null(strstr(err, "whole number"));
    assert_int_equal(numparse_u64("-1", &u, err, sizeof err), -1);
    assert_int_equal(numparse_u64("1e19", &u, err, sizeof err), -1);
    assert_int_equal(numparse_u64("10M", &u, err, sizeof err), 0);
    assert_int_equal(u, 10000000);
}

/* Every finite double prints in a form that reads back to the same bits. */
static void test_number_format_roundtrip(void **state)
{
    (void)state;
    Rng r;
    rng_seed(&r, 42, 0);
    for (int i = 0; i < 20000; i++) {
        uint64_t bits = rng_next(&r);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (!isfinite(v))
            continue;
        char buf[40], err[128];
        numparse_format(v, buf, sizeof buf);
        double back;
        if (numparse_double(buf, &back, err, sizeof err) != 0)
            fail_msg("'%s' (from %a) does not parse: %s", buf, v, err);
        if (v == 0)
            assert_true(back == 0);
        else if (memcmp(&back, &v, sizeof v) != 0)
            fail_msg("%a printed as '%s' reads back as %a", v, buf, back);
    }
    char buf[40];
    assert_string_equal(numparse_format(1.8, buf, sizeof buf), "1.8");
    assert_string_equal(numparse_format(4096, buf, sizeof buf), "4096");
}

static void test_setup_roundtrip(void **state)
{
    (void)state;
    const char *inputs[] = {
        "", "s=1.5,k=3,C=256,seed=7", "beta=0.4,V=128,T=4,gamma=0.5", "s=2.5,b=0.3,eps=0.05",
        "beta=0,b=2", "s=1.01,k=0.5,eta=1,tau=0,ft_at=1e6,ft_F=10,ft_r=20,ft_m=0.99",
        "s=100,k=1e3,L=1,eps_syn=0.2,R=1,V=2,C=0,seed=9007199254740992"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        Setup a = test_setup(inputs[i]), b;
        char text[1024], text2[1024], err[256];
        setup_format(&a, text, sizeof text);
        setup_default(&b);
        if (setup_parse(&b, text, err, sizeof err) != 0)
            fail_msg("'%s' does not read back: %s", text, err);
        setup_format(&b, text2, sizeof text2);
        assert_string_equal(text, text2);
        for (int k = 0; k < KNOB_COUNT; k++)
            if (k != KNOB_K || a.a > 0)
                assert_true(setup_get(&a, (KnobId)k) == setup_get(&b, (KnobId)k));
    }
}

/* Blanks: around keys and values they are ignored; between pairs they separate like commas. */
static void test_setup_blanks(void **state)
{
    (void)state;
    const char *same[] = {"s=1.5,k=3", "s = 1.5, k = 3", " s=1.5 , k=3 ", "s=1.5 k=3", "s=1.5\tk=3",
                          "s=1.5\nk=3", ",,s=1.5,,k=3,"};
    Setup ref = test_setup(same[0]);
    for (size_t i = 1; i < sizeof same / sizeof same[0]; i++) {
        Setup t = test_setup(same[i]);
        assert_memory_equal(&t, &ref, sizeof t);
    }
}

static void test_setup_errors(void **state)
{
    (void)state;
    struct {
        const char *text, *msg;
    } bad[] = {
        {"x=1", "unknown setup key 'x'"},
        {"s=1", "s: 1 is out of range (valid: 1.01 to 100)"},
        {"s=0.5", "out of range (valid: 1.01 to 100)"},
        {"k=0", "k: 0 is out of range (valid: 0.01 to 1000000 facts)"},
        {"C=-1", "C: -1 is out of range (valid: 0 to 1000000000 facts)"},
        {"V=6.5", "V: 6.5 is not a whole number"},
        {"V=1", "V: 1 is out of range (valid: 2 to 32768)"},
        {"s=abc", "s: 'abc' is not a number"},
        {"s=1.5x", "trailing junk"},
        {"s=nan", "not a number"},
        {"s", "'s' is not key=value"},
        {"b=-0.9", "above -beta"},
        {"eps=1", "eps: 1 is out of range (valid: 0 to 0.999)"},
        {"T=0", "T: 0 is out of range"},
        {"s=1.01,k=1e6", "cannot be reached"},
        {"=1", "'=1' has no key"},
        {"s= ", "s: empty value"},
        {"s=1 .5", "trailing junk"},
        {"s = 1.5 k = 3", "'s' is not key=value"}, /* several '=' in one piece: blanks separate */
        {"s=inf", "not a number"},
        {"s=1e999", "too large"},
        {"s=-0", "s: 0 is out of range"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Setup s, before;
        setup_default(&s);
        before = s;
        char err[256] = "";
        if (setup_parse(&s, bad[i].text, err, sizeof err) == 0)
            fail_msg("'%s' accepted", bad[i].text);
        if (!strstr(err, bad[i].msg))
            fail_msg("'%s': message '%s' lacks '%s'", bad[i].text, err, bad[i].msg);
        assert_memory_equal(&s, &before, sizeof s); /* all or nothing */
    }
    /* A bad pair after good ones changes nothing either. */
    Setup s = test_setup(NULL), before = s;
    char err[256];
    assert_int_equal(setup_parse(&s, "s=1.5,C=100,V=0", err, sizeof err), -1);
    assert_memory_equal(&s, &before, sizeof s);
}

/* k <-> b: the solve inverts Gamma(b+1)/(a Gamma(b+a)) to 1e-9 (the root is bracketed to 1e-15
 * in ln(b + a); lgamma of b up to 1e9 keeps about 1e-11 relative), and the default is b ~ 1. */
static void test_heaps_k_to_b(void **state)
{
    (void)state;
    double as[] = {0.05, 0.3, 0.5, 1 / 1.8, 0.8, 0.99};
    double ks[] = {0.05, 0.5, 2, 10, 300};
    for (size_t i = 0; i < sizeof as / sizeof as[0]; i++)
        for (size_t j = 0; j < sizeof ks / sizeof ks[0]; j++) {
            double b;
            if (setup_solve_b(as[i], ks[j], &b) != 0)
                continue; /* k out of reach for this a (checked below for the defaults) */
            assert_true(b > -as[i]);
            assert_close(theory_heaps_k(as[i], b), ks[j], 1e-9 * ks[j]);
        }
    Setup d = test_setup(NULL);
    assert_close(d.b, 1, 0.05); /* SPEC: k = 2 at s = 1.8 gives b ~ 1 (0.9648) */
    assert_close(theory_heaps_k(d.a, d.b), 2, 1e-10);
    /* Moving s keeps k; setting b makes k follow. */
    Setup s = test_setup("s=1.5");
    assert_close(s.k, 2, 0);
    assert_close(theory_heaps_k(s.a, s.b), 2, 1e-10);
    s = test_setup("s=1.5,b=3");
    assert_close(s.k, theory_heaps_k(1 / 1.5, 3), 1e-12);
    /* s and beta are one knob. */
    s = test_setup("beta=0.25");
    assert_close(setup_get(&s, KNOB_S), 4, 1e-12);
}

static void test_scenario(void **state)
{
    (void)state;
    const char *good = "; a comment\n[scenario]\ntitle = Data scaling\ndescription = slope 1 - 1/s\n"
                       "[world]\ns = 2\nk = 3 ; inline comment\n[learners]\nlearner = bayes,sgd\n"
                       "C = 512\n[run]\nsentences = 2M\npoints = 40\n[step 1]\nanything = goes\n";
    Scenario sc;
    memset(&sc, 0, sizeof sc);
    setup_default(&sc.setup);
    char err[256];
    if (scenario_parse("good.ini", good, &sc, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_close(setup_get(&sc.setup, KNOB_S), 2, 1e-12);
    assert_close(sc.setup.k, 3, 0);
    assert_int_equal(sc.setup.C, 512);
    assert_int_equal(sc.sentences, 2000000);
    assert_int_equal(sc.points, 40);
    assert_int_equal(sc.learners, (1u << LEARNER_BAYES) | (1u << LEARNER_SGD));
    assert_string_equal(sc.title, "Data scaling");
    struct {
        const char *text, *msg;
    } bad[] = {
        {"[world]\ns = 2\nfoo = 1\n", "x.ini:3: unknown key 'foo'"},
        {"s = 0.5\n", "x.ini:1: s: 0.5 is out of range (valid: 1.01 to 100)"},
        {"[run]\nsentences = many\n", "x.ini:2: sentences:"},
        {"[run]\npoints = 1\n", "x.ini:2: points: '1' is out of range (valid: 2 to 100000)"},
        {"learner = gpt\n", "x.ini:1: unknown learner 'gpt'"},
        {"this line is junk\n", "x.ini:1: not a section, key = value, or comment"},
        {"s = 2\n\xff\xfe = 1\n", "x.ini:2: invalid UTF-8 byte 0xff"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Scenario t = sc;
        char e[256] = "";
        if (scenario_parse("x.ini", bad[i].text, &t, e, sizeof e) == 0)
            fail_msg("accepted: %s", bad[i].text);
        if (!strstr(e, bad[i].msg))
            fail_msg("'%s' lacks '%s'", e, bad[i].msg);
        assert_memory_equal(&t, &sc, sizeof t);
    }
    char longline[400];
    memset(longline, 'x', sizeof longline);
    memcpy(longline, "title = ", 8);
    longline[sizeof longline - 1] = 0;
    assert_int_equal(scenario_check_text("x.ini", longline, strlen(longline), err, sizeof err), -1);
    assert_non_null(strstr(err, "x.ini:1: line longer than 199 bytes"));
    const char nul[] = "s = 2\n\0x";
    assert_int_equal(scenario_check_text("x.ini", nul, sizeof nul - 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a text file"));
}

static void test_scenario_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/skscope-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], err[256];
    Scenario sc;
    memset(&sc, 0, sizeof sc);
    setup_default(&sc.setup);
    snprintf(path, sizeof path, "%s/missing.ini", dir);
    assert_int_equal(scenario_load(path, &sc, err, sizeof err), -1);
    assert_non_null(strstr(err, "No such file"));
    assert_int_equal(scenario_load(dir, &sc, err, sizeof err), -1);
    assert_non_null(strstr(err, "is a directory"));
    snprintf(path, sizeof path, "%s/bin.ini", dir);
    FILE *fp = fopen(path, "wb");
    fwrite("\x7f" "ELF\0\0\0", 1, 7, fp);
    fclose(fp);
    assert_int_equal(scenario_load(path, &sc, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a text file"));
    unlink(path);
    rmdir(dir);
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = 0;
    fclose(fp);
    return buf;
}

static int count_entries(const char *dir)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

static void test_atomic_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/skscope-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    AtomicFile *f = atomicfile_open(path, 0, err, sizeof err);
    assert_non_null(f);
    fputs("one\n", atomicfile_stream(f));
    assert_int_equal(atomicfile_commit(f, err, sizeof err), 0);
    assert_string_equal(slurp(path), "one\n");
    /* No overwrite without force; the old file stays; no temporary is left. */
    assert_null(atomicfile_open(path, 0, err, sizeof err));
    assert_non_null(strstr(err, "exists (use --force to overwrite it)"));
    f = atomicfile_open(path, 1, err, sizeof err);
    fputs("two\n", atomicfile_stream(f));
    atomicfile_abort(f);
    assert_string_equal(slurp(path), "one\n");
    assert_int_equal(count_entries(dir), 1);
    f = atomicfile_open(path, 1, err, sizeof err);
    fputs("three\n", atomicfile_stream(f));
    assert_int_equal(atomicfile_commit(f, err, sizeof err), 0);
    assert_string_equal(slurp(path), "three\n");
    assert_int_equal(count_entries(dir), 1);
    /* A missing directory. */
    snprintf(path, sizeof path, "%s/no/such/dir.csv", dir);
    assert_null(atomicfile_open(path, 0, err, sizeof err));
    assert_non_null(strstr(err, "No such file or directory"));
    /* A full disk: the error surfaces at commit. */
    f = atomicfile_open("/dev/full", 0, err, sizeof err);
    assert_non_null(f);
    for (int i = 0; i < 10000; i++)
        fputs("0123456789", atomicfile_stream(f));
    assert_int_equal(atomicfile_commit(f, err, sizeof err), -1);
    assert_non_null(strstr(err, "No space left on device"));
    snprintf(path, sizeof path, "%s/out.csv", dir);
    unlink(path);
    rmdir(dir);
}

static void test_csv_fields(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    CsvOut c;
    csvout_init(&c, fp);
    csvout_str(&c, "plain");
    csvout_str(&c, "a,b");
    csvout_str(&c, "say \"hi\"");
    csvout_num(&c, 0.1);
    csvout_num(&c, NAN);
    csvout_num(&c, INFINITY);
    csvout_u64(&c, 18446744073709551615ULL);
    csvout_end(&c);
    fclose(fp);
    assert_string_equal(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",0.1,,,18446744073709551615\r\n");
    free(buf);
}

/* The GSL adapter draws the same stream as the inline generator. */
static void test_rng_adapter(void **state)
{
    (void)state;
    gsl_rng *g = rng_gsl_new(7, RNG_FACTS);
    Rng r;
    rng_seed(&r, 7, RNG_FACTS);
    for (int i = 0; i < 1000; i++)
        assert_true(gsl_rng_uniform(g) == rng_uniform(&r));
    gsl_rng_free(g);
    /* Different streams and seeds differ. */
    Rng a, b, c;
    rng_seed(&a, 1, 1);
    rng_seed(&b, 1, 2);
    rng_seed(&c, 2, 1);
    uint64_t x = rng_next(&a);
    assert_true(x != rng_next(&b));
    assert_true(x != rng_next(&c));
}

/* rng_below is uniform: chi-square over 37 cells with 370000 draws. The 1e-6 upper quantile of
 * chi-square with 36 degrees of freedom is about 98; a fair generator stays below it. */
static void test_rng_uniformity(void **state)
{
    (void)state;
    Rng r;
    rng_seed(&r, 3, 9);
    uint64_t cells[37] = {0};
    const int N = 370000;
    for (int i = 0; i < N; i++)
        cells[rng_below(&r, 37)]++;
    double chi2 = 0, e = N / 37.0;
    for (int i = 0; i < 37; i++)
        chi2 += (cells[i] - e) * (cells[i] - e) / e;
    assert_true(chi2 < 98);
    /* Geometric skipping: mean number of failures is (1 - p)/p, sd sqrt(1 - p)/p. */
    Stat g = {0, 0, 0};
    double p = 0.05;
    for (int i = 0; i < 100000; i++)
        stat_add(&g, (double)rng_geometric(&r, log1p(-p)));
    assert_mean(g, (1 - p) / p, 4, 0);
}


/* Issue 14, item 12: every knob's slider covers the knob's whole range. For each knob of the table:
 * the ends are exact (position 0 is min, 1 is max, and back), positions map to values monotonically,
 * a value read back to a position and set again is the same value (no drift under the mouse), and
 * the position moves by at most the rounding of a clean number: half an octave on a log integer
 * slider (powers of two), half a unit on a linear integer one, 0.005 on s and beta, 0.5% of the
 * value (3 significant digits) otherwise. Notches walk from min to max and back in bounded steps,
 * and s goes one notch past 100 to infinity (no power law) and back. */
static void test_knob_sliders(void **state)
{
    (void)state;
    for (int id = 0; id < KNOB_COUNT; id++) {
        const Knob *k = &knob_table()[id];
        assert_int_equal(k->id, id);
        assert_true(k->page >= 0 && k->page < KNOB_PAGE_COUNT);
        assert_true(k->min + k->log_shift > 0 || !(k->flags & KNOB_LOGSCALE)); /* a log scale needs a floor */
        assert_true(knob_at_fraction(k, 0) == k->min);
        assert_true(knob_at_fraction(k, 1) == k->max);
        assert_true(knob_fraction(k, k->min) == 0);
        assert_true(knob_fraction(k, k->max) == 1);
        double span = (k->flags & KNOB_LOGSCALE) ? log((k->max + k->log_shift) / (k->min + k->log_shift)) : k->max - k->min;
        double prev = -INFINITY;
        for (int j = 0; j <= 1000; j++) {
            double f = j / 1000.0, v = knob_at_fraction(k, f);
            assert_true(v >= k->min && v <= k->max);
            assert_true(v >= prev);
            prev = v;
            double g = knob_fraction(k, v);
            assert_true(knob_at_fraction(k, g) == v);
            double tol;
            if (k->flags & KNOB_INTEGER)
                tol = (k->flags & KNOB_LOGSCALE) ? 0.5 * log(2) / span : 0.5 / span;
            else if (id == KNOB_S || id == KNOB_BETA)
                tol = (k->flags & KNOB_LOGSCALE) ? log(1 + 0.005 / k->min) / span : 0.005 / span;
            else
                tol = (k->flags & KNOB_LOGSCALE) ? log(1.005) / span : 0.005 * fmax(fabs(v), 1e-300) / span;
            if ((k->flags & KNOB_INTEGER) && (k->flags & KNOB_LOGSCALE) && v < 2) /* 0 and 1 under a shift: a whole unit */
                tol = log(2 + k->log_shift) / span;
            if (!(fabs(g - f) <= tol * (1 + 1e-9) + 1e-12))
                fail_msg("%s: position %g -> %.17g -> position %g (tolerance %g)", k->name, f, v, g, tol);
        }
        /* notches: min to max and back within a bound (seed: one notch each way) */
        int up = 0;
        double v = k->min;
        while (v < k->max && up < 2000 && id != KNOB_SEED) {
            double w = knob_notch(k, v, 1);
            assert_true(w > v);
            v = w;
            up++;
        }
        if (id == KNOB_SEED) {
            assert_true(knob_notch(k, 5, 1) == 6 && knob_notch(k, 5, -1) == 4);
            continue;
        }
        assert_true(v == k->max);
        int down = 0;
        while (v > k->min && down < 2000) {
            double w = knob_notch(k, v, -1);
            assert_true(w < v);
            v = w;
            down++;
        }
        assert_true(v == k->min);
    }
    const Knob *s = &knob_table()[KNOB_S];
    assert_true(isinf(knob_notch(s, 100, 1)));
    assert_true(knob_notch(s, INFINITY, -1) == 100);
    assert_true(knob_fraction(s, INFINITY) == 1);
    assert_true(fabs(knob_notch(s, 1.8, 1) - 1.85) < 1e-12); /* 1.8 x 1.03, 3 digits */
    const Knob *c = &knob_table()[KNOB_C];
    assert_true(knob_notch(c, 4096, 1) == 8192 && knob_notch(c, 0, 1) == 1 && knob_notch(c, 1, -1) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_accepted),
        cmocka_unit_test(test_numbers_rejected),
        cmocka_unit_test(test_number_format_roundtrip),
        cmocka_unit_test(test_setup_roundtrip),
        cmocka_unit_test(test_setup_blanks),
        cmocka_unit_test(test_setup_errors),
        cmocka_unit_test(test_heaps_k_to_b),
        cmocka_unit_test(test_scenario),
        cmocka_unit_test(test_scenario_files),
        cmocka_unit_test(test_atomic_files),
        cmocka_unit_test(test_csv_fields),
        cmocka_unit_test(test_rng_adapter),
        cmocka_unit_test(test_rng_uniformity),
        cmocka_unit_test(test_knob_sliders),
    };
    return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
