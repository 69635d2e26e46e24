/*
 * test_plot.c: the gnuplot scripts of `skscope plot` (plot.h): what the datablocks hold (the
 * CSV's values, theory.h's curves at the CSV's sentence counts), the fitted-slope labels
 * (fit_loglog's values), sweeps (seed means, one line per knob value, exact slopes of exact
 * power laws), the errors for files that are not skscope's, determinism, and a real gnuplot run
 * (PNG, SVG, PDF) when gnuplot is installed.
 */
#include "test_util.h"

#include <dirent.h>
#include <locale.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "skscope/csvout.h"
#include "skscope/fit.h"
#include "skscope/plot.h"
#include "skscope/series.h"
#include "skscope/theory.h"

#define NPTS 30

typedef struct Fixture {
    char dir[64];
    char run[128];      /* all three learners */
    char single[128];   /* unlimited Bayes alone */
    Snapshot *snaps;    /* NPTS snapshots of `run` */
    Snapshot *ssnaps;   /* NPTS snapshots of `single` */
} Fixture;

/* A run CSV of `setup` with the learners in `mask`: NPTS log-spaced points from 10 to 1e6. */
static void make_run_csv(const char *path, const char *setup, unsigned mask, Snapshot *snaps)
{
    Sim *sim = test_sim(setup, mask);
    for (int i = 0; i < NPTS; i++) {
        test_advance(sim, (uint64_t)llround(pow(10, 1 + i * 5.0 / (NPTS - 1))));
        test_snapshot(sim, &snaps[i]);
    }
    sim_free(sim);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(series_write(fp, snaps, NPTS), 0);
    assert_int_equal(fclose(fp), 0);
}

static int setup_group(void **state)
{
    Fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    *state = fx; /* first, so that the teardown cleans up after a failure below */
    snprintf(fx->dir, sizeof fx->dir, "/tmp/skscope-plot-XXXXXX");
    if (!mkdtemp(fx->dir)) {
        fx->dir[0] = '\0';
        return -1;
    }
    snprintf(fx->run, sizeof fx->run, "%s/run.csv", fx->dir);
    snprintf(fx->single, sizeof fx->single, "%s/single.csv", fx->dir);
    fx->snaps = calloc(NPTS, sizeof *fx->snaps);
    fx->ssnaps = calloc(NPTS, sizeof *fx->ssnaps);
    if (!fx->snaps || !fx->ssnaps)
        return -1;
    make_run_csv(fx->run, "seed=5,C=512", LEARNER_MASK_CLASSIC, fx->snaps);
    make_run_csv(fx->single, "seed=6,s=1.5", 1u << LEARNER_BAYES, fx->ssnaps);
    return 0;
}

static int teardown_group(void **state)
{
    Fixture *fx = *state;
    if (!fx)
        return 0;
    DIR *d = fx->dir[0] ? opendir(fx->dir) : NULL;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[512];
            snprintf(p, sizeof p, "%s/%s", fx->dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    if (fx->dir[0])
        rmdir(fx->dir);
    free(fx->snaps);
    free(fx->ssnaps);
    free(fx);
    return 0;
}

/* The script for csv (NULL and the message in err on failure; then nothing was written). */
static char *script_of(const char *csv, size_t *len, char *err, size_t errlen)
{
    char *text = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&text, &n);
    assert_non_null(mem);
    int rc = plot_write_script(csv, mem, err, errlen);
    assert_int_equal(fclose(mem), 0);
    if (rc != 0) {
        assert_int_equal(rc, -1);
        assert_int_equal(n, 0); /* an error writes nothing */
        free(text);
        return NULL;
    }
    if (len)
        *len = n;
    return text;
}

static char *must_script(const char *csv)
{
    char err[512];
    char *s = script_of(csv, NULL, err, sizeof err);
    if (!s)
        fail_msg("plot_write_script(%s): %s", csv, err);
    return s;
}

/* A datablock read back: column names from its "# ..." line, then rows of numbers. */
typedef struct Block {
    char names[16][40];
    int ncols;
    double v[256][16];
    int nrows;
} Block;

static void read_block(const char *script, const char *name, Block *b)
{
    memset(b, 0, sizeof *b);
    char head[64];
    snprintf(head, sizeof head, "\n%s << EOD\n", name);
    const char *p = strstr(script, head);
    if (!p)
        fail_msg("no datablock %s", name);
    p += strlen(head);
    const char *end = strstr(p, "\nEOD\n");
    assert_non_null(end);
    assert_true(*p == '#');
    const char *eol = strchr(p, '\n');
    char line[512];
    snprintf(line, sizeof line, "%.*s", (int)(eol - p - 1), p + 1);
    char *save = NULL;
    for (char *tok = strtok_r(line, " ", &save); tok && b->ncols < 16; tok = strtok_r(NULL, " ", &save))
        snprintf(b->names[b->ncols++], sizeof b->names[0], "%s", tok);
    for (p = eol + 1; p < end && b->nrows < 256; p = strchr(p, '\n') + 1) {
        for (int c = 0; c < b->ncols; c++) {
            char *q;
            b->v[b->nrows][c] = strtod(p, &q);
            assert_true(q > p);
            p = q;
        }
        b->nrows++;
        if (p >= end)
            break;
    }
}

static int block_col(const Block *b, const char *name)
{
    for (int c = 0; c < b->ncols; c++)
        if (strcmp(b->names[c], name) == 0)
            return c;
    fail_msg("datablock has no column '%s'", name);
    return -1;
}

/* The machine-readable fit line "# fit NAME X LO HI slope S se E points N". */
static void read_fit(const char *script, const char *name, double *slope, double *se, size_t *points)
{
    char head[160];
    snprintf(head, sizeof head, "\n# fit %s ", name);
    const char *p = strstr(script, head);
    if (!p)
        fail_msg("no fit line for %s", name);
    p = strstr(p, " slope ");
    assert_non_null(p);
    assert_int_equal(sscanf(p, " slope %lf se %lf points %zu", slope, se, points), 3);
}

/* The number printed after `prefix` in the script (a key label). */
static double label_number(const char *script, const char *prefix)
{
    const char *p = strstr(script, prefix);
    if (!p)
        fail_msg("no label '%s'", prefix);
    char *q;
    double v = strtod(p + strlen(prefix), &q);
    assert_true(q > p + strlen(prefix));
    return v;
}

/* Several learners: the excess block holds each learner's expected excess at its tokens, the
 * exact theory of the unlimited Bayes learner and the capacity floor at every row; the Heaps
 * block E[K_n]; fits and their key labels are fit_loglog's over the last decade. */
static void test_run_script(void **state)
{
    Fixture *fx = *state;
    char *s = must_script(fx->run);
    assert_non_null(strstr(s, "if (!exists(\"term\")) term = 'png'"));
    assert_non_null(strstr(s, "gnuplot -e \"term='svg'\" run.gp"));
    assert_non_null(strstr(s, "set multiplot layout 1,2"));
    assert_non_null(strstr(s, "set output out\n"));
    assert_non_null(strstr(s, "unset multiplot\n"));

    Block *b = malloc(sizeof *b);
    assert_non_null(b);
    read_block(s, "$excess", b);
    assert_int_equal(b->nrows, NPTS);
    static const char *const want[] = {"sentences", "tokens", "bayes", "bayes-cap", "sgd", "theory_bayes",
                                       "theory_cap"};
    assert_int_equal(b->ncols, 7);
    for (int c = 0; c < 7; c++)
        assert_string_equal(b->names[c], want[c]);
    double tok[NPTS], y[3][NPTS], tmax = 0;
    for (int r = 0; r < NPTS; r++) {
        const Snapshot *sn = &fx->snaps[r];
        double n = (double)sn->n;
        assert_true(b->v[r][0] == n);
        assert_true(b->v[r][1] == (double)sn->tokens);
        for (int l = 0; l < 3; l++) {
            assert_true(b->v[r][2 + l] == sn->L[l].exp_excess); /* bit for bit through the CSV */
            y[l][r] = sn->L[l].exp_excess;
        }
        /* theory at the CSV's sentence counts, with its a, b, V, C: exactly theory.h's values */
        assert_true(b->v[r][5] == theory_knowledge_excess_bayes(sn->a, sn->b, sn->V, n));
        assert_true(b->v[r][6] == theory_knowledge_excess_cap_n(sn->a, sn->b, sn->V, (double)sn->n, (double)sn->C));
        tok[r] = (double)sn->tokens;
        tmax = fmax(tmax, tok[r]);
    }
    assert_close(b->v[NPTS - 1][5], 6 * theory_new_prob(fx->snaps[0].a, fx->snaps[0].b, 1e6), 1e-15);

    read_block(s, "$heaps", b);
    assert_int_equal(b->nrows, NPTS);
    assert_int_equal(block_col(b, "expected_K"), 2);
    double n[NPTS], K[NPTS];
    for (int r = 0; r < NPTS; r++) {
        const Snapshot *sn = &fx->snaps[r];
        n[r] = (double)sn->n;
        K[r] = (double)sn->K;
        assert_true(b->v[r][1] == K[r]);
        assert_true(b->v[r][2] == theory_expected_K(sn->a, sn->b, n[r]));
    }

    static const char *const names[] = {"bayes", "bayes-cap", "sgd"};
    for (int l = 0; l < 3; l++) {
        FitLine fl;
        assert_int_equal(fit_loglog(tok, y[l], NPTS, tmax / 10, tmax, &fl), 0);
        char col[64], key[64];
        snprintf(col, sizeof col, "%s.expected_excess_bits", names[l]);
        double slope, se;
        size_t pts;
        read_fit(s, col, &slope, &se, &pts);
        assert_true(slope == fl.slope);
        assert_true(se == fl.slope_se);
        assert_int_equal(pts, fl.n);
        snprintf(key, sizeof key, "title \"%s: slope ", names[l]);
        assert_close(label_number(s, key), fl.slope, 0.0005 + 1e-12);
        print_message("  %s: slope %.4f +- %.4f over %zu points\n", names[l], fl.slope, fl.slope_se, fl.n);
    }
    /* the unlimited Bayes learner follows the predicted exponent -(1 - a) over the last decade */
    double a = fx->snaps[0].a, slope, se;
    size_t pts;
    read_fit(s, "bayes.expected_excess_bits", &slope, &se, &pts);
    assert_close(slope, -(1 - a), 0.05);
    assert_close(label_number(s, "-(1-a) = "), -(1 - a), 0.0005 + 1e-12);

    FitLine hf;
    assert_int_equal(fit_loglog(n, K, NPTS, 1e5, 1e6, &hf), 0);
    read_fit(s, "distinct_facts", &slope, &se, &pts);
    assert_true(slope == hf.slope);
    assert_close(label_number(s, "title \"K_n: slope "), hf.slope, 0.0005 + 1e-12);
    assert_close(label_number(s, "1/s = "), a, 0.0005 + 1e-12);
    free(b);
    free(s);
}

/* One learner: unprefixed columns, the total with its syntax and knowledge parts; the unlimited
 * Bayes learner has no capacity floor. A lone capacity learner gets its floor. */
static void test_run_single(void **state)
{
    Fixture *fx = *state;
    char *s = must_script(fx->single);
    Block *b = malloc(sizeof *b);
    assert_non_null(b);
    read_block(s, "$excess", b);
    assert_int_equal(b->ncols, 6);
    static const char *const want[] = {"sentences", "tokens", "excess", "syntax", "knowledge", "theory_bayes"};
    for (int c = 0; c < 6; c++)
        assert_string_equal(b->names[c], want[c]);
    for (int r = 0; r < NPTS; r++) {
        const LearnerSnap *l = &fx->ssnaps[r].L[0];
        assert_true(b->v[r][3] == l->exp_syntax_excess);
        assert_true(b->v[r][4] == l->exp_knowledge_excess);
        /* with no noise the knowledge part is the theory's quantity in one realisation (its
         * a-diversity S is random): within a factor 10 at this fixed seed */
        if (r == NPTS - 1)
            assert_close(log10(b->v[r][4] / b->v[r][5]), 0, 1);
    }
    assert_null(strstr(s, "onto its floor"));
    assert_non_null(strstr(s, "title \"syntax part: slope "));
    assert_non_null(strstr(s, "title \"knowledge part: slope "));
    assert_non_null(strstr(s, "# fit expected_knowledge_excess_bits tokens "));
    free(s);

    char path[192];
    snprintf(path, sizeof path, "%s/cap.csv", fx->dir);
    Snapshot *snaps = calloc(NPTS, sizeof *snaps);
    assert_non_null(snaps);
    make_run_csv(path, "seed=7,C=64", 1u << LEARNER_BAYES_CAP, snaps);
    s = must_script(path);
    read_block(s, "$excess", b);
    int fc = block_col(b, "theory_cap");
    assert_true(b->v[0][fc] == theory_knowledge_excess_cap_n(snaps[0].a, snaps[0].b, snaps[0].V, (double)snaps[0].n, 64));
    assert_non_null(strstr(s, "onto its floor"));
    free(snaps);
    free(b);
    free(s);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

/* The first line of a file (the header), into buf. */
static void first_line(const char *path, char *buf, size_t n)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_non_null(fgets(buf, (int)n, fp));
    fclose(fp);
    assert_non_null(strstr(buf, "\r\n")); /* the whole header fitted */
}

/* Every malformed input fails with one line naming the file and the problem; nothing written. */
static void test_malformed(void **state)
{
    Fixture *fx = *state;
    char path[192], err[512], header[16384];
    first_line(fx->single, header, sizeof header);
    struct {
        const char *name;
        const char *text; /* NULL: no file */
        const char *want;
    } cases[] = {
        {"missing.csv", NULL, "cannot open"},
        {"empty.csv", "", "empty file"},
        {"header.csv", header, "header only, no data rows"},
        {"foreign.csv", "x,y\r\n1,2\r\n", "not a skscope run or sweep CSV (header 'x,y'"},
        {"ragged.csv", "sentences,tokens,distinct_facts,expected_excess_bits,a,b,V\r\n1,10,1,5,0.5,1,64\r\n2,20\r\n",
         ":3: 2 fields, the header has 7"},
        {"text.csv", "sentences,tokens,distinct_facts,expected_excess_bits,a,b,V\r\n1,ten,1,5,0.5,1,64\r\n",
         ":2: column 'tokens'"},
        {"quote.csv", "sentences,tokens\r\n\"1,2\r\n", "malformed CSV"},
        {"old.csv", "sentences,tokens,distinct_facts,expected_excess_bits\r\n1,10,1,5\r\n",
         "without the column 'a'"},
        {"sweep1.csv", "task,s,C,sentences,bayes.expected_knowledge_excess_bits\r\n0,2,4096,1000,0.5\r\n",
         "nothing to draw against"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", fx->dir, cases[i].name);
        if (cases[i].text)
            write_file(path, cases[i].text);
        err[0] = '\0';
        assert_null(script_of(path, NULL, err, sizeof err));
        print_message("  %s\n", err);
        if (!strstr(err, cases[i].want))
            fail_msg("%s: message '%s' lacks '%s'", cases[i].name, err, cases[i].want);
        assert_non_null(strstr(err, path));
        assert_null(strchr(err, '\n'));
        if (cases[i].text)
            unlink(path);
    }
}

/* The same CSV gives the same bytes: twice, from another directory (only the name enters the
 * script), and under a locale with a decimal comma when one is installed. */
static void test_determinism(void **state)
{
    Fixture *fx = *state;
    size_t n1, n2;
    char err[256];
    char *a = script_of(fx->run, &n1, err, sizeof err), *b = script_of(fx->run, &n2, err, sizeof err);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    free(b);

    char sub[160], copy[192], cmd[512];
    snprintf(sub, sizeof sub, "%s/sub", fx->dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(copy, sizeof copy, "%s/run.csv", sub);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", fx->run, copy);
    assert_int_equal(system(cmd), 0);
    b = script_of(copy, &n2, err, sizeof err);
    assert_non_null(b);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    free(b);
    unlink(copy);
    rmdir(sub);

    static const char *const comma[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8"};
    const char *got = NULL;
    for (size_t i = 0; i < sizeof comma / sizeof comma[0] && !got; i++)
        if (setlocale(LC_NUMERIC, comma[i]))
            got = comma[i];
    if (got) {
        b = script_of(fx->run, &n2, err, sizeof err);
        setlocale(LC_NUMERIC, "C");
        assert_non_null(b);
        assert_int_equal(n1, n2);
        assert_memory_equal(a, b, n1);
        free(b);
        print_message("  same bytes under LC_NUMERIC=%s\n", got);
    } else {
        print_message("  no decimal-comma locale installed: locale check skipped\n");
    }
    free(a);
}

/* A sweep CSV by hand, following sweep.h exactly: task, every knob by name, sentences, tokens,
 * distinct_facts, per learner the nine columns, then the five world columns. The knowledge
 * excess is an exact power law of the swept variable with the predicted exponent, times a
 * per-seed factor: the seed means are then an exact power law too. */
typedef struct SweepSpec {
    double s[4];
    int ns;
    double C[16];
    int nC;
    double n[16];
    int nn;
    int seeds;
} SweepSpec;

static double sweep_seed_factor(int seed) { return 1 + 0.1 * (2 * (seed % 2) - 1); }

static double sweep_value(int learner, double s, double C, double n, int seed)
{
    double f = sweep_seed_factor(seed);
    if (learner == 0)
        return f * 2 * pow(n, -(1 - 1 / s));          /* bayes: data exponent */
    return f * (3 * pow(C, -(s - 1)) + 0 * n);         /* bayes-cap: capacity exponent */
}

static void write_sweep(const char *path, const SweepSpec *sp)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    CsvOut c;
    csvout_init(&c, fp);
    const Knob *kt = knob_table();
    csvout_str(&c, "task");
    for (int k = 0; k < KNOB_COUNT; k++)
        csvout_str(&c, kt[k].name);
    csvout_str(&c, "sentences");
    csvout_str(&c, "tokens");
    csvout_str(&c, "distinct_facts");
    static const char *const learners[] = {"bayes", "bayes-cap"};
    static const char *const cols[] = {"expected_excess_bits", "expected_syntax_excess_bits",
                                       "expected_knowledge_excess_bits", "excess_bits", "recall",
                                       "hallucination", "hallucination_abstain", "abstain", "stored"};
    for (int l = 0; l < 2; l++)
        for (int j = 0; j < 9; j++) {
            char name[96];
            snprintf(name, sizeof name, "%s.%s", learners[l], cols[j]);
            csvout_str(&c, name);
        }
    static const char *const world[] = {"new_fact_prob", "singleton_fraction", "heaps_beta", "zipf_s", "py_s"};
    for (int j = 0; j < 5; j++)
        csvout_str(&c, world[j]);
    csvout_end(&c);
    uint64_t task = 0;
    for (int i = 0; i < sp->ns; i++)
        for (int j = 0; j < sp->nC; j++)
            for (int seed = 1; seed <= sp->seeds; seed++, task++) {
                char text[128];
                snprintf(text, sizeof text, "s=%.17g,C=%.17g,seed=%d", sp->s[i], sp->C[j], seed);
                Setup st = test_setup(text);
                for (int q = 0; q < sp->nn; q++) {
                    csvout_u64(&c, task);
                    for (int k = 0; k < KNOB_COUNT; k++)
                        csvout_num(&c, setup_get(&st, (KnobId)k));
                    csvout_num(&c, sp->n[q]);
                    csvout_num(&c, 11 * sp->n[q]);
                    csvout_num(&c, round(2 * pow(sp->n[q], 1 / sp->s[i])));
                    for (int l = 0; l < 2; l++) {
                        double v = sweep_value(l, sp->s[i], sp->C[j], sp->n[q], seed);
                        double row[9] = {v, 0, v, v, 0.9, 0.1, 0, 0.1, 100};
                        for (int k = 0; k < 9; k++)
                            csvout_num(&c, row[k]);
                    }
                    for (int k = 0; k < 5; k++)
                        csvout_num(&c, k == 3 || k == 4 ? NAN : 0.5); /* empty fits, as in real sweeps */
                    csvout_end(&c);
                }
            }
    assert_int_equal(fclose(fp), 0);
}

/* The slope label and fit line of a sweep line equal the predicted exponent (exact power law). */
static void check_sweep_line(const char *s, const char *block, const char *label, double predicted)
{
    char prefix[160];
    snprintf(prefix, sizeof prefix, "title \"%s: slope ", label);
    assert_close(label_number(s, prefix), predicted, 0.0005 + 1e-12);
    const char *p = strstr(s, prefix);
    const char *th = strstr(p, "(theory ");
    assert_non_null(th);
    assert_close(strtod(th + 8, NULL), predicted, 0.0005 + 1e-12);
    /* the fit line just before the datablock */
    char head[64];
    snprintf(head, sizeof head, "\n%s << EOD\n", block);
    const char *b = strstr(s, head);
    assert_non_null(b);
    const char *f = b;
    while (f > s && strncmp(f, "\n# fit ", 7) != 0)
        f--;
    double slope, se;
    size_t pts;
    const char *q = strstr(f, " slope ");
    assert_true(q && q < b);
    assert_int_equal(sscanf(q, " slope %lf se %lf points %zu", &slope, &se, &pts), 3);
    assert_close(slope, predicted, 1e-12);
}

static void test_sweep_scripts(void **state)
{
    Fixture *fx = *state;
    char path[192];
    Block *b = malloc(sizeof *b);
    assert_non_null(b);

    /* n swept, s = 1.5 | 2, two seeds: one line per s, seed means with standard errors */
    SweepSpec sn = {{1.5, 2}, 2, {4096}, 1, {1e3, 1e4, 1e5, 1e6}, 4, 2};
    snprintf(path, sizeof path, "%s/sweep_n.csv", fx->dir);
    write_sweep(path, &sn);
    char *s = must_script(path);
    assert_null(strstr(s, "set multiplot"));
    assert_non_null(strstr(s, "with yerrorlines"));
    assert_null(strstr(s, "$c1 << EOD"));
    for (int i = 0; i < 2; i++) {
        char block[8];
        snprintf(block, sizeof block, "$n%d", i + 1);
        read_block(s, block, b);
        assert_int_equal(b->nrows, 4);
        assert_string_equal(b->names[0], "sentences");
        Setup st = test_setup(i == 0 ? "s=1.5" : "s=2");
        for (int r = 0; r < 4; r++) {
            double n = sn.n[r], y1 = sweep_value(0, sn.s[i], 4096, n, 1), y2 = sweep_value(0, sn.s[i], 4096, n, 2);
            assert_true(b->v[r][0] == n);
            assert_close(b->v[r][1], (y1 + y2) / 2, 1e-15 * y1);
            assert_close(b->v[r][2], fabs(y1 - y2) / 2, 1e-12 * y1); /* se of a mean of two */
            assert_true(b->v[r][3] == 2);
            assert_close(b->v[r][4], theory_knowledge_excess_bayes(st.a, st.b, st.V, n), 1e-12 * b->v[r][4]);
        }
    }
    check_sweep_line(s, "$n1", "s = 1.5", -(1 - 1 / 1.5));
    check_sweep_line(s, "$n2", "s = 2", -(1 - 1 / 2.0));
    assert_non_null(strstr(s, "(bayes)"));
    free(s);

    /* C swept, one seed: one line, the capacity learner, -(s - 1) */
    SweepSpec sc = {{2.5}, 1, {256, 512, 1024, 2048, 4096}, 5, {1e6}, 1, 1};
    snprintf(path, sizeof path, "%s/sweep_c.csv", fx->dir);
    write_sweep(path, &sc);
    s = must_script(path);
    assert_null(strstr(s, "yerrorlines"));
    read_block(s, "$c1", b);
    assert_int_equal(b->nrows, 5);
    assert_string_equal(b->names[0], "C");
    Setup st = test_setup("s=2.5");
    for (int r = 0; r < 5; r++)
        assert_true(b->v[r][4] == theory_knowledge_excess_cap(st.a, st.b, st.V, sc.C[r]));
    assert_non_null(strstr(s, "(bayes-cap)"));
    /* one line: no knob varies, the label is the slope alone */
    assert_close(label_number(s, "title \"slope "), -(2.5 - 1), 0.0005 + 1e-12);
    free(s);

    /* n and C swept: two panels, lines per C (capacity learner) and per n */
    SweepSpec snc = {{2}, 1, {256, 1024, 4096}, 3, {1e4, 1e5, 1e6}, 3, 1};
    snprintf(path, sizeof path, "%s/sweep_nc.csv", fx->dir);
    write_sweep(path, &snc);
    s = must_script(path);
    assert_non_null(strstr(s, "set multiplot layout 1,2"));
    assert_non_null(strstr(s, "$n3 << EOD"));
    assert_non_null(strstr(s, "$c3 << EOD"));
    assert_non_null(strstr(s, "title \"C = 1024: slope "));
    check_sweep_line(s, "$c1", "n = 10^{4}", -(2 - 1.0));
    free(s);
    free(b);
}

static void test_script_path(void **state)
{
    (void)state;
    char buf[64];
    plot_script_path("run.csv", buf, sizeof buf);
    assert_string_equal(buf, "run.gp");
    plot_script_path("dir/a.b/run.CSV", buf, sizeof buf);
    assert_string_equal(buf, "dir/a.b/run.gp");
    plot_script_path("data", buf, sizeof buf);
    assert_string_equal(buf, "data.gp");
    plot_script_path("dir/.csv", buf, sizeof buf);
    assert_string_equal(buf, "dir/.csv.gp");
    plot_script_path("long-name.csv", buf, 6);
    assert_string_equal(buf, "long-");
}

static int have_gnuplot(void)
{
    if (access("/usr/bin/gnuplot", X_OK) == 0)
        return 1;
    FILE *p = popen("command -v gnuplot 2>/dev/null", "r");
    if (!p)
        return 0;
    char line[256];
    int found = fgets(line, sizeof line, p) != NULL;
    pclose(p);
    return found;
}

/* Run gnuplot from / on `script` with the -e text; its exit status; stderr into err_path. */
static int gnuplot(const char *e, const char *script, const char *err_path)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cd / && gnuplot -e \"%s\" '%s' 2>'%s' >/dev/null", e, script, err_path);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    size_t got = fread(buf, 1, (size_t)n, fp);
    buf[got] = '\0';
    fclose(fp);
    *len = got;
    return buf;
}

static void save_script(const char *csv, const char *gp)
{
    char *s = must_script(csv);
    write_file(gp, s);
    free(s);
}

/* The figure for real: gnuplot draws PNG (magic bytes), SVG and PDF beside the script when run
 * from another directory, prints nothing on stderr, honours `out`, and rejects a bad term. */
static void test_gnuplot(void **state)
{
    Fixture *fx = *state;
    if (!have_gnuplot()) {
        print_message("  gnuplot not installed: skipped\n");
        skip();
    }
    char gp[192], img[192], errp[192], e[320];
    size_t len;
    snprintf(gp, sizeof gp, "%s/run.gp", fx->dir);
    snprintf(errp, sizeof errp, "%s/gnuplot.err", fx->dir);
    save_script(fx->run, gp);

    static const struct {
        const char *term, *ext, *magic;
    } terms[] = {{"png", "png", "\x89PNG\r\n\x1a\n"}, {"svg", "svg", NULL}, {"pdf", "pdf", "%PDF-"}};
    for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
        snprintf(e, sizeof e, "term='%s'", terms[i].term);
        assert_int_equal(gnuplot(e, gp, errp), 0);
        char *msg = slurp(errp, &len);
        assert_non_null(msg);
        if (len)
            fail_msg("gnuplot %s printed: %s", terms[i].term, msg);
        free(msg);
        snprintf(img, sizeof img, "%s/run.%s", fx->dir, terms[i].ext);
        char *data = slurp(img, &len);
        if (!data)
            fail_msg("gnuplot term=%s wrote no %s", terms[i].term, img);
        assert_true(len > 1000);
        if (terms[i].magic)
            assert_memory_equal(data, terms[i].magic, strlen(terms[i].magic));
        else
            assert_non_null(strstr(data, "<svg"));
        print_message("  %s: %zu bytes\n", img, len);
        free(data);
    }
    /* the default term is png; `out` names the file */
    snprintf(img, sizeof img, "%s/custom.png", fx->dir);
    snprintf(e, sizeof e, "out='%s'", img);
    assert_int_equal(gnuplot(e, gp, errp), 0);
    char *data = slurp(img, &len);
    assert_non_null(data);
    assert_memory_equal(data, "\x89PNG", 4);
    free(data);
    /* an unknown term: a clear message and a failure status */
    assert_int_not_equal(gnuplot("term='gif'", gp, errp), 0);
    char *msg = slurp(errp, &len);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "term must be 'png', 'svg' or 'pdf', not 'gif'"));
    free(msg);

    /* a sweep with two panels and error bars draws too */
    SweepSpec sp = {{1.5, 2}, 2, {256, 1024, 4096}, 3, {1e4, 1e5, 1e6}, 3, 2};
    char csv[192];
    snprintf(csv, sizeof csv, "%s/sweep_plot.csv", fx->dir);
    write_sweep(csv, &sp);
    snprintf(gp, sizeof gp, "%s/sweep_plot.gp", fx->dir);
    save_script(csv, gp);
    assert_int_equal(gnuplot("term='png'", gp, errp), 0);
    msg = slurp(errp, &len);
    assert_non_null(msg);
    if (len)
        fail_msg("gnuplot (sweep) printed: %s", msg);
    free(msg);
    snprintf(img, sizeof img, "%s/sweep_plot.png", fx->dir);
    data = slurp(img, &len);
    assert_non_null(data);
    assert_true(len > 1000);
    assert_memory_equal(data, "\x89PNG\r\n\x1a\n", 8);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_script),   cmocka_unit_test(test_run_single),
        cmocka_unit_test(test_malformed),    cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_sweep_scripts), cmocka_unit_test(test_script_path),
        cmocka_unit_test(test_gnuplot),
    };
    return cmocka_run_group_tests_name("plot", tests, setup_group, teardown_group);
}
