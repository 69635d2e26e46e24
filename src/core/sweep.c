/*
 * sweep.c: grids, tasks, the tidy CSV, reading it back, the parallel runner and the fits.
 */
#include "skscope/sweep.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <csv.h>

#include "skscope/csvout.h"
#include "skscope/grow.h"
#include "skscope/infile.h"
#include "skscope/learner.h"
#include "skscope/numparse.h"
#include "skscope/sim.h"
#include "skscope/theory.h"

/* ---- grids ---- */

static int parse_num(const char *dim, const char *text, double *v, char *err, size_t errlen)
{
    char why[160];
    if (numparse_double(text, v, why, sizeof why) != 0) {
        snprintf(err, errlen, "grid %s: %s", dim, why);
        return -1;
    }
    return 0;
}

/* Values of one dimension's expression into d->values. */
static int parse_values(const char *key, char *expr, SweepDim *d, char *err, size_t errlen)
{
    d->nvalues = 0;
    char *dots = strstr(expr, "..");
    if (dots) {
        *dots = 0;
        char *hi = dots + 2;
        /* The step starts at the last 'x', or at a '+' that is not an exponent's sign. */
        char *op = strrchr(hi, 'x');
        int geometric = op != NULL;
        if (!op)
            for (char *p = hi + 1; *p; p++)
                if (*p == '+' && p[-1] != 'e' && p[-1] != 'E')
                    op = p;
        if (!op) {
            snprintf(err, errlen, "grid %s: a range needs a step: LO..HIxFACTOR or LO..HI+STEP", key);
            return -1;
        }
        *op = 0;
        double lo, hv, step;
        if (parse_num(key, expr, &lo, err, errlen) || parse_num(key, hi, &hv, err, errlen) ||
            parse_num(key, op + 1, &step, err, errlen))
            return -1;
        if (hv < lo || (geometric && (step <= 1 || lo <= 0)) || (!geometric && step <= 0)) {
            snprintf(err, errlen, "grid %s: the range must rise (LO <= HI, factor > 1 with LO > 0, step > 0)",
                     key);
            return -1;
        }
        for (int i = 0;; i++) {
            double v = geometric ? lo * pow(step, i) : lo + i * step;
            if (v > hv * (1 + 1e-9) + (geometric ? 0 : 1e-12))
                break;
            if (d->nvalues == SWEEP_MAX_VALUES) {
                snprintf(err, errlen, "grid %s: more than %d values", key, SWEEP_MAX_VALUES);
                return -1;
            }
            d->values[d->nvalues++] = geometric ? v : round(v * 1e12) / 1e12;
        }
        return 0;
    }
    char *save = NULL;
    for (char *t = strtok_r(expr, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
        if (d->nvalues == SWEEP_MAX_VALUES) {
            snprintf(err, errlen, "grid %s: more than %d values", key, SWEEP_MAX_VALUES);
            return -1;
        }
        if (parse_num(key, t, &d->values[d->nvalues++], err, errlen))
            return -1;
    }
    if (d->nvalues == 0) {
        snprintf(err, errlen, "grid %s: no values", key);
        return -1;
    }
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The knobs of the Pitman-Yor pair (s or beta, k or b): their values hold or fail together,
 * so they are checked per combination (check_heaps), not one by one. */
static int is_heaps(int knob) { return knob == KNOB_S || knob == KNOB_BETA || knob == KNOB_K || knob == KNOB_B; }

/* Check (and round, for n) the values of dimension d on top of base, alone. For seed: with
 * `seeds` seeds a point, each value v runs v .. v + seeds - 1, which must not meet the next. */
static int check_values(SweepDim *d, const Setup *base, int seeds, char *err, size_t errlen)
{
    for (int i = 0; i < d->nvalues; i++) {
        if (d->knob < 0) {
            double v = round(d->values[i]);
            if (!(v >= 1 && v <= 9.2e18)) {
                snprintf(err, errlen, "grid n: %g is out of range (valid: 1 to 2^63 sentences)", d->values[i]);
                return -1;
            }
            d->values[i] = v;
        } else if (!is_heaps(d->knob)) {
            Setup t2 = *base;
            char why[256];
            double v = d->values[i] + (d->knob == KNOB_SEED ? seeds - 1 : 0);
            if (setup_set(&t2, (KnobId)d->knob, d->values[i], why, sizeof why) != 0 ||
                setup_set(&t2, (KnobId)d->knob, v, why, sizeof why) != 0) {
                snprintf(err, errlen, "grid %s", why);
                return -1;
            }
        }
    }
    for (int i = 0; d->knob == KNOB_SEED && i < d->nvalues; i++)
        for (int j = 0; j < d->nvalues; j++)
            if (j != i && d->values[j] >= d->values[i] && d->values[j] < d->values[i] + seeds) {
                char a[32], b[32];
                snprintf(err, errlen, "grid seed: %s and %s are closer than --seeds %d (each value v runs seeds "
                         "v .. v + %d: two tasks would be one run)", numparse_format(d->values[i], a, sizeof a),
                         numparse_format(d->values[j], b, sizeof b), seeds, seeds - 1);
                return -1;
            }
    return 0;
}

/* The values of g's knob dimensions for combination `combo` (the last dimension varies
 * fastest; n and, unless `with_seed`, seed skipped), as a setup string into buf, restricted to
 * the Pitman-Yor knobs when heaps_only. */
static void combo_text(const Grid *g, uint64_t combo, int heaps_only, char *buf, size_t n)
{
    uint64_t digit[SWEEP_MAX_DIMS] = {0};
    for (int i = g->ndims - 1; i >= 0; i--) {
        if (i == g->n_dim || (heaps_only && !is_heaps(g->dims[i].knob)))
            continue;
        digit[i] = combo % (uint64_t)g->dims[i].nvalues;
        combo /= (uint64_t)g->dims[i].nvalues;
    }
    size_t used = 0;
    buf[0] = 0;
    for (int i = 0; i < g->ndims && used < n; i++) {
        const SweepDim *d = &g->dims[i];
        if (i == g->n_dim || d->knob == KNOB_SEED || (heaps_only && !is_heaps(d->knob)))
            continue;
        char v[40];
        used += (size_t)snprintf(buf + used, n - used, "%s%s=%s", used ? "," : "", d->key,
                                 numparse_format(d->values[digit[i]], v, sizeof v));
    }
}

/* Every combination of the grid's Pitman-Yor knobs must make a valid setup on top of base:
 * the values apply together (s=1.01,k=0.5 holds whichever comes first). One knob under two
 * names (s and beta, k and b) is refused. */
static int check_heaps(const Grid *g, const Setup *base, char *err, size_t errlen)
{
    int has[KNOB_COUNT] = {0};
    uint64_t combos = 1;
    for (int i = 0; i < g->ndims; i++)
        if (i != g->n_dim && is_heaps(g->dims[i].knob)) {
            has[g->dims[i].knob] = 1;
            combos *= (uint64_t)g->dims[i].nvalues;
        }
    if ((has[KNOB_S] && has[KNOB_BETA]) || (has[KNOB_K] && has[KNOB_B])) {
        snprintf(err, errlen, "grid: %s: give one", has[KNOB_S] && has[KNOB_BETA]
                 ? "s and beta are one knob (beta = 1/s)" : "k and b are one knob (k fixes b)");
        return -1;
    }
    for (uint64_t c = 0; c < combos && (has[KNOB_S] | has[KNOB_BETA] | has[KNOB_K] | has[KNOB_B]); c++) {
        char text[256], why[256];
        combo_text(g, c, 1, text, sizeof text);
        Setup t = *base;
        if (setup_parse(&t, text, why, sizeof why) != 0) {
            snprintf(err, errlen, "grid %s: %s", text, why);
            return -1;
        }
    }
    return 0;
}

int sweep_parse_grid(const char *spec, const Setup *base, int seeds, uint64_t default_n, Grid *g, char *err,
                     size_t errlen)
{
    memset(g, 0, sizeof *g);
    g->n_dim = -1;
    g->seeds = seeds;
    g->seed0 = base->seed;
    if (seeds < 1 || seeds > 100000) {
        snprintf(err, errlen, "--seeds: %d is out of range (valid: 1 to 100000)", seeds);
        return -1;
    }
    char buf[2048];
    if (strlen(spec) >= sizeof buf) {
        snprintf(err, errlen, "grid: longer than %zu bytes", sizeof buf - 1);
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", spec);
    char *save = NULL;
    for (char *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        char *eq = strchr(t, '=');
        if (!eq) {
            snprintf(err, errlen, "grid: '%.40s' is not KEY=VALUES", t);
            return -1;
        }
        *eq = 0;
        if (g->ndims == SWEEP_MAX_DIMS) {
            snprintf(err, errlen, "grid: more than %d dimensions", SWEEP_MAX_DIMS);
            return -1;
        }
        SweepDim *d = &g->dims[g->ndims];
        snprintf(d->key, sizeof d->key, "%.15s", t);
        if (strcmp(t, "n") == 0 || strcmp(t, "sentences") == 0) {
            if (g->n_dim >= 0) {
                snprintf(err, errlen, "grid: n given twice");
                return -1;
            }
            d->knob = -1;
            g->n_dim = g->ndims;
        } else {
            const Knob *k = knob_find(t);
            if (!k) {
                snprintf(err, errlen, "grid: unknown key '%.40s' (a knob such as s, k, C, V, or n)", t);
                return -1;
            }
            for (int i = 0; i < g->ndims; i++)
                if (g->dims[i].knob == (int)k->id) {
                    snprintf(err, errlen, "grid: %s given twice", k->name);
                    return -1;
                }
            d->knob = (int)k->id;
            snprintf(d->key, sizeof d->key, "%s", k->name);
        }
        if (parse_values(d->key, eq + 1, d, err, errlen) != 0 || check_values(d, base, seeds, err, errlen) != 0)
            return -1;
        g->ndims++;
    }
    if (check_heaps(g, base, err, errlen) != 0)
        return -1;
    if (g->n_dim >= 0) {
        const SweepDim *d = &g->dims[g->n_dim];
        for (int i = 0; i < d->nvalues; i++)
            g->n_values[i] = (uint64_t)d->values[i];
        g->n_count = d->nvalues;
        qsort(g->n_values, (size_t)g->n_count, sizeof *g->n_values, cmp_u64);
        int u = 0;
        for (int i = 0; i < g->n_count; i++)
            if (u == 0 || g->n_values[i] != g->n_values[u - 1])
                g->n_values[u++] = g->n_values[i];
        g->n_count = u;
    } else {
        g->n_values[0] = default_n;
        g->n_count = 1;
    }
    return 0;
}

uint64_t sweep_tasks(const Grid *g)
{
    uint64_t t = (uint64_t)g->seeds;
    for (int i = 0; i < g->ndims; i++)
        if (i != g->n_dim)
            t *= (uint64_t)g->dims[i].nvalues;
    return t;
}

int sweep_task_setup(const Grid *g, const Setup *base, uint64_t t, Setup *out, char *err, size_t errlen)
{
    Setup s = *base;
    uint64_t seed_index = t % (uint64_t)g->seeds, combo = t / (uint64_t)g->seeds;
    /* The combination's knobs in one setup string: they apply together, in any order. */
    char text[2048];
    combo_text(g, combo, 0, text, sizeof text);
    if (text[0] && setup_parse(&s, text, err, errlen) != 0)
        return -1;
    /* The first seed: the grid's seed value, or the base's; then the seed index. */
    uint64_t seed0 = g->seed0, c = combo;
    for (int i = g->ndims - 1; i >= 0; i--) {
        if (i == g->n_dim)
            continue;
        uint64_t digit = c % (uint64_t)g->dims[i].nvalues;
        c /= (uint64_t)g->dims[i].nvalues;
        if (g->dims[i].knob == KNOB_SEED)
            seed0 = (uint64_t)g->dims[i].values[digit];
    }
    s.seed = seed0 + seed_index;
    if (setup_validate(&s, err, errlen) != 0)
        return -1;
    *out = s;
    return 0;
}

/* ---- rows ---- */

static const char *const learner_cols[] = {
    "expected_excess_bits", "expected_syntax_excess_bits", "expected_knowledge_excess_bits", "excess_bits",
    "recall", "hallucination", "hallucination_abstain", "abstain", "stored"};

void sweep_header(FILE *fp, unsigned mask)
{
    CsvOut c;
    csvout_init(&c, fp);
    csvout_str(&c, "task");
    for (int k = 0; k < KNOB_COUNT; k++)
        csvout_str(&c, knob_table()[k].name);
    csvout_str(&c, "sentences");
    csvout_str(&c, "tokens");
    csvout_str(&c, "distinct_facts");
    for (int l = 0; l < LEARNER_KINDS; l++) {
        if (!(mask & (1u << l)))
            continue;
        for (size_t i = 0; i < sizeof learner_cols / sizeof learner_cols[0]; i++) {
            char name[96];
            snprintf(name, sizeof name, "%s.%s", learner_kind_name((LearnerKind)l), learner_cols[i]);
            csvout_str(&c, name);
        }
    }
    static const char *const world[] = {"new_fact_prob", "singleton_fraction", "heaps_beta", "zipf_s", "py_s",
                                        "sweep_id", "sweep_tasks"};
    for (size_t i = 0; i < sizeof world / sizeof world[0]; i++)
        csvout_str(&c, world[i]);
    csvout_end(&c);
}

void sweep_row(FILE *fp, uint64_t task, const Setup *s, const Snapshot *snap, const SweepIdent *id)
{
    CsvOut c;
    csvout_init(&c, fp);
    csvout_u64(&c, task);
    for (int k = 0; k < KNOB_COUNT; k++) {
        char v[48];
        csvout_str(&c, setup_format_value(s, (KnobId)k, v, sizeof v)); /* s=1.8, not 1.7999999999999998 */
    }
    csvout_u64(&c, snap->n);
    csvout_u64(&c, snap->tokens);
    csvout_u64(&c, snap->K);
    for (int i = 0; i < snap->nlearners; i++) {
        const LearnerSnap *l = &snap->L[i];
        csvout_num(&c, l->exp_excess);
        csvout_num(&c, l->exp_syntax_excess);
        csvout_num(&c, l->exp_knowledge_excess);
        csvout_num(&c, l->excess);
        csvout_num(&c, l->recall);
        csvout_num(&c, l->halluc);
        csvout_num(&c, l->halluc_abstain);
        csvout_num(&c, l->abstain);
        csvout_u64(&c, l->stored);
    }
    csvout_num(&c, snap->new_prob);
    csvout_num(&c, snap->singleton_frac);
    csvout_num(&c, snap->heaps_beta);
    csvout_num(&c, snap->zipf_ok ? snap->zipf_s : NAN);
    csvout_num(&c, snap->py_ok ? snap->py_s : NAN);
    csvout_u64(&c, id->id);
    csvout_u64(&c, id->tasks);
    csvout_end(&c);
}

/* FNV-1a, 64 bits, over text. */
static uint64_t fnv1a(const char *text)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return h;
}

SweepIdent sweep_ident(const Grid *g, const Setup *base, unsigned mask)
{
    /* The canonical text of what decides the rows: the grid's dimensions in order with their
     * values (exact), the sentence counts, seeds, the base setup and the learners. */
    char text[16384], v[40];
    size_t used = (size_t)snprintf(text, sizeof text, "skscope sweep 1|");
    for (int i = 0; i < g->ndims && used < sizeof text; i++) {
        if (i == g->n_dim)
            continue;
        used += (size_t)snprintf(text + used, sizeof text - used, "%s=", g->dims[i].key);
        for (int j = 0; j < g->dims[i].nvalues && used < sizeof text; j++)
            used += (size_t)snprintf(text + used, sizeof text - used, "%s%s", j ? "," : "",
                                     numparse_format(g->dims[i].values[j], v, sizeof v));
        used += used < sizeof text ? (size_t)snprintf(text + used, sizeof text - used, "|") : 0;
    }
    for (int j = 0; j < g->n_count && used < sizeof text; j++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%llu", j ? "," : "n=", (unsigned long long)g->n_values[j]);
    if (used < sizeof text)
        used += (size_t)snprintf(text + used, sizeof text - used, "|seeds=%d|learners=%u|", g->seeds, mask);
    if (used < sizeof text)
        setup_format(base, text + used, sizeof text - used);
    /* 53 bits: the id is a whole number a double holds exactly, so every CSV reader keeps it */
    SweepIdent id = {fnv1a(text) & ((1ull << 53) - 1), sweep_tasks(g)};
    return id;
}

/* ---- reading ---- */

typedef struct Reader {
    SweepTable *t;
    const char *path;       /* for messages */
    int col;                /* field index in the row */
    size_t line;
    char msg[400];          /* the first error ("PATH:LINE: ..."), "" if none */
    double *row;            /* the row being read */
    uint64_t cap;           /* values allocated in t->v */
    int oom;
} Reader;

static void rd_fail(Reader *r, const char *fmt, const char *a, const char *b)
{
    if (r->msg[0])
        return;
    char m[300];
    snprintf(m, sizeof m, fmt, a, b);
    snprintf(r->msg, sizeof r->msg, "%s:%zu: %s", r->path, r->line + 1, m);
}

/* A value: empty is "no value" (NaN; what csvout writes for one), anything else a number by
 * numparse's rules: nan, inf, 1e309 and junk are errors, not empty fields. */
static double rd_value(Reader *r, const char *s, size_t len)
{
    if (len == 0)
        return NAN;
    const char *name = r->col < r->t->ncols ? r->t->names[r->col] : "?";
    char buf[64], why[160];
    double v = NAN;
    if (len >= sizeof buf) {
        rd_fail(r, "column '%s': not a number (%s)", name, "longer than 63 bytes");
        return NAN;
    }
    memcpy(buf, s, len);
    buf[len] = 0;
    if (numparse_double(buf, &v, why, sizeof why) != 0)
        rd_fail(r, "column '%s': %s", name, why);
    return v;
}

static void rd_field(void *s, size_t len, void *user)
{
    Reader *r = user;
    SweepTable *t = r->t;
    if (r->oom || r->msg[0])
        return;
    if (r->line == 0) {
        char **names = realloc(t->names, (size_t)(t->ncols + 1) * sizeof *names);
        if (!names) {
            r->oom = 1;
            return;
        }
        t->names = names;
        t->names[t->ncols] = malloc(len + 1);
        if (!t->names[t->ncols]) {
            r->oom = 1;
            return;
        }
        memcpy(t->names[t->ncols], s, len);
        t->names[t->ncols][len] = 0;
        t->ncols++;
    } else if (r->col < t->ncols) {
        r->row[r->col] = rd_value(r, s, len);
    }
    r->col++;
}

static void rd_row(int c, void *user)
{
    (void)c;
    Reader *r = user;
    SweepTable *t = r->t;
    if (r->oom || r->msg[0])
        return;
    if (r->line > 0) {
        if (r->col != t->ncols) {
            rd_fail(r, "a row with a different number of fields than the header%s%s", "", "");
        } else {
            uint64_t cap = r->cap;
            if (grow_array(&t->v, &cap, (t->nrows + 1) * (uint64_t)t->ncols, sizeof *t->v, 1024, UINT64_MAX / 16) != 0) {
                r->oom = 1;
            } else {
                r->cap = cap;
                memcpy(t->v + t->nrows * (size_t)t->ncols, r->row, (size_t)t->ncols * sizeof *r->row);
                t->nrows++;
            }
        }
    } else {
        r->row = calloc((size_t)t->ncols + 1, sizeof *r->row);
        if (!r->row)
            r->oom = 1;
    }
    r->line++;
    r->col = 0;
}

/* The task and sentences of every row must be whole numbers: a task from 0, at least 1
 * sentence (before: -1, 1.5, 1e20 and negative sentences were read as they were). */
static int check_rows(const SweepTable *t, const char *path, char *err, size_t errlen)
{
    int cn = sweep_col(t, "sentences");
    for (size_t r = 0; r < t->nrows; r++) {
        double task = t->v[r * (size_t)t->ncols], n = t->v[r * (size_t)t->ncols + (size_t)cn];
        const char *bad = !(task >= 0 && task <= 9007199254740991.0 && task == floor(task)) ? "task"
                        : !(n >= 1 && n <= 9.3e18 && n == floor(n)) ? "sentences" : NULL;
        if (bad) {
            char v[40];
            snprintf(err, errlen, "%s:%zu: %s %s is not %s", path, r + 2, bad,
                     numparse_format(strcmp(bad, "task") ? n : task, v, sizeof v),
                     strcmp(bad, "task") ? "a count of sentences (a whole number from 1)" : "a task number (a whole number from 0)");
            return -1;
        }
    }
    return 0;
}

int sweep_read(const char *path, SweepTable *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    FILE *fp = infile_open(path, INFILE_REGULAR, 0, err, errlen);
    if (!fp)
        return -1;
    int rc = sweep_read_stream(fp, path, t, err, errlen);
    fclose(fp);
    return rc;
}

int sweep_read_stream(FILE *fp, const char *path, SweepTable *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
    Reader r;
    memset(&r, 0, sizeof r);
    r.t = t;
    r.path = path;
    char buf[65536];
    size_t n, skip;
    int rc = 0;
    InText text = {0, 0, 0};
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0 && !r.oom) {
        if (infile_text_block(&text, path, buf, n, INFILE_MAX_LINE, &skip, err, errlen) != 0) {
            rc = -1;
            break;
        }
        if (csv_parse(&p, buf + skip, n - skip, rd_field, rd_row, &r) != n - skip) {
            snprintf(err, errlen, "%s:%zu: not valid CSV (%s)", path, r.line + 1, csv_strerror(csv_error(&p)));
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(fp)) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && csv_fini(&p, rd_field, rd_row, &r) != 0) {
        snprintf(err, errlen, "%s: not valid CSV at the end", path);
        rc = -1;
    }
    csv_free(&p);
    free(r.row);
    if (rc == 0 && r.oom) {
        snprintf(err, errlen, "out of memory reading %s", path);
        rc = -1;
    }
    if (rc == 0 && (sweep_col(t, "task") != 0 || sweep_col(t, "sentences") < 0)) {
        snprintf(err, errlen, "%s: not a sweep CSV (its first column must be 'task', and it needs 'sentences')", path);
        rc = -1;
    }
    if (rc == 0 && r.msg[0]) {
        snprintf(err, errlen, "%s", r.msg);
        rc = -1;
    }
    if (rc == 0)
        rc = check_rows(t, path, err, errlen);
    if (rc != 0)
        sweep_table_free(t);
    return rc;
}

void sweep_table_free(SweepTable *t)
{
    for (int i = 0; i < t->ncols; i++)
        free(t->names[i]);
    free(t->names);
    free(t->v);
    memset(t, 0, sizeof *t);
}

int sweep_col(const SweepTable *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->names[i], name) == 0)
            return i;
    return -1;
}

/* ---- merging parts ---- */

/* One row of a part, for sorting: its task and sentences, its values, which part. */
typedef struct MergeRow {
    double task, n;
    const double *v;
    int part;
} MergeRow;

static int by_task_n(const void *a, const void *b)
{
    const MergeRow *x = a, *y = b;
    if (x->task != y->task)
        return x->task < y->task ? -1 : 1;
    return x->n < y->n ? -1 : x->n > y->n;
}

/* Part p (file name) against the first: same columns, rows, and every row of sweep id/tasks. */
static int check_part(const SweepTable *p, const char *name, const SweepTable *p0, const char *name0, double id,
                      double tasks, char *err, size_t errlen)
{
    int same = p->ncols == p0->ncols;
    for (int k = 0; same && k < p0->ncols; k++)
        same = strcmp(p->names[k], p0->names[k]) == 0;
    if (!same) {
        snprintf(err, errlen, "%s has other columns than %s (different learners?)", name, name0);
        return -1;
    }
    if (p->nrows == 0) {
        snprintf(err, errlen, "%s: no rows (a header alone): not a part of a sweep", name);
        return -1;
    }
    int cid = sweep_col(p, "sweep_id"), ct = sweep_col(p, "sweep_tasks");
    for (size_t r = 0; r < p->nrows; r++) {
        const double *v = p->v + r * (size_t)p->ncols;
        if (!(v[cid] == id && v[ct] == tasks)) {
            char a[40], b[40];
            snprintf(err, errlen, "%s:%zu: from another sweep than %s:2 (sweep_id %s, not %s): another grid, base "
                     "setup, seeds or learners", name, r + 2, name0, numparse_format(v[cid], a, sizeof a),
                     numparse_format(id, b, sizeof b));
            return -1;
        }
    }
    return 0;
}

/* The knobs of a row (the columns between task and sentences) as a valid setup? */
static int row_setup_ok(const SweepTable *t, const double *row, char *err, size_t errlen)
{
    char text[2048], v[40];
    size_t used = 0;
    int cn = sweep_col(t, "sentences");
    text[0] = 0;
    for (int c = 1; c < cn && used < sizeof text; c++) {
        const char *name = t->names[c];
        if (!strcmp(name, "beta") || !strcmp(name, "k")) /* views of s and b, which are given */
            continue;
        if (!strcmp(name, "s") && isnan(row[c])) { /* no power law */
            used += (size_t)snprintf(text + used, sizeof text - used, "%sbeta=0", used ? "," : "");
            continue;
        }
        if (isnan(row[c])) {
            snprintf(err, errlen, "the knob %.40s has no value", name);
            return -1;
        }
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%s=%s", used ? "," : "", name,
                                 numparse_format(row[c], v, sizeof v));
    }
    Setup s;
    setup_default(&s);
    return setup_parse(&s, text, err, errlen);
}

/* Sorted rows all[0 .. m): each (task, n) once, a task's knobs the same in its rows and a valid
 * setup, the same sentence counts for every task, and tasks 0 .. tasks - 1 all there. */
static int check_tasks(const SweepTable *t, const MergeRow *all, size_t m, const char *const *names, double tasks,
                       char *err, size_t errlen)
{
    int cn = sweep_col(t, "sentences");
    size_t first_end = 0; /* rows of the first task */
    while (first_end < m && all[first_end].task == all[0].task)
        first_end++;
    double expect = 0, missing = 0;
    char list[160] = "";
    for (size_t r = 0, start = 0; r < m; r++) {
        const MergeRow *x = &all[r];
        if (x->task >= tasks) {
            snprintf(err, errlen, "%s: task %.0f is out of range (the sweep has %.0f tasks: 0 to %.0f)", names[x->part],
                     x->task, tasks, tasks - 1);
            return -1;
        }
        if (r > 0 && x->task == all[r - 1].task && x->n == all[r - 1].n) {
            snprintf(err, errlen, "task %.0f at %.0f sentences is in %s and in %s: give each part once",
                     x->task, x->n, names[all[r - 1].part], names[x->part]);
            return -1;
        }
        if (r == 0 || x->task != all[r - 1].task) { /* a new task: its knobs, the gap before it */
            start = r;
            char why[300];
            if (row_setup_ok(t, x->v, why, sizeof why) != 0) {
                snprintf(err, errlen, "%s: task %.0f: its knobs are not a setup: %s", names[x->part], x->task, why);
                return -1;
            }
            for (; expect < x->task; expect++, missing++)
                if (strlen(list) < 100)
                    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%.0f", list[0] ? ", " : "", expect);
            expect = x->task + 1;
        } else if (memcmp(x->v + 1, all[start].v + 1, (size_t)(cn - 1) * sizeof *x->v) != 0) {
            snprintf(err, errlen, "%s: task %.0f has other knobs at %.0f sentences than at %.0f", names[x->part],
                     x->task, x->n, all[start].n);
            return -1;
        }
        if (r - start >= first_end || all[r - start].n != x->n) {
            snprintf(err, errlen, "%s: task %.0f has other sentence counts than task %.0f (%.0f)", names[x->part],
                     x->task, all[0].task, x->n);
            return -1;
        }
        if ((r + 1 == m || all[r + 1].task != x->task) && r - start + 1 != first_end) {
            snprintf(err, errlen, "%s: task %.0f has %zu rows, task %.0f has %zu: a part cut short?", names[x->part],
                     x->task, r - start + 1, all[0].task, first_end);
            return -1;
        }
    }
    for (; expect < tasks; expect++, missing++)
        if (strlen(list) < 100)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%.0f", list[0] ? ", " : "", expect);
    if (missing > 0) {
        snprintf(err, errlen, "missing %.0f of the sweep's %.0f tasks: %s%s (run them with sweep --task I, "
                 "see --list)", missing, tasks, list, strlen(list) >= 100 ? ", ..." : "");
        return -1;
    }
    return 0;
}

/* out: a copy of the names of t and the rows all[0 .. m). 0, or -1 (out of memory). */
static int merged_table(const SweepTable *t, const MergeRow *all, size_t m, SweepTable *out)
{
    memset(out, 0, sizeof *out);
    out->names = calloc((size_t)t->ncols, sizeof *out->names);
    out->v = malloc((m ? m : 1) * (size_t)t->ncols * sizeof *out->v);
    if (!out->names || !out->v) {
        free(out->names);
        free(out->v);
        return -1;
    }
    for (int k = 0; k < t->ncols; k++) {
        out->names[k] = malloc(strlen(t->names[k]) + 1);
        if (!out->names[k]) {
            sweep_table_free(out);
            return -1;
        }
        strcpy(out->names[k], t->names[k]);
        out->ncols = k + 1;
    }
    for (size_t r = 0; r < m; r++)
        memcpy(out->v + r * (size_t)t->ncols, all[r].v, (size_t)t->ncols * sizeof *out->v);
    out->nrows = m;
    return 0;
}

int sweep_merge(const SweepTable *parts, const char *const *names, int n, SweepTable *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    const SweepTable *p0 = &parts[0];
    int cid = sweep_col(p0, "sweep_id"), ct = sweep_col(p0, "sweep_tasks"), cn = sweep_col(p0, "sentences");
    if (cid < 0 || ct < 0) {
        snprintf(err, errlen, "%s has no sweep_id and sweep_tasks columns: written by an older skscope (run its "
                 "tasks again to merge them)", names[0]);
        return -1;
    }
    if (p0->nrows == 0) {
        snprintf(err, errlen, "%s: no rows (a header alone): not a part of a sweep", names[0]);
        return -1;
    }
    double id = p0->v[cid], tasks = p0->v[ct];
    if (!(tasks >= 1 && tasks <= 9007199254740991.0 && tasks == floor(tasks))) {
        snprintf(err, errlen, "%s:2: sweep_tasks is not a count of tasks", names[0]);
        return -1;
    }
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        if (check_part(&parts[i], names[i], p0, names[0], id, tasks, err, errlen) != 0)
            return -1;
        total += parts[i].nrows;
    }
    MergeRow *all = malloc(total * sizeof *all);
    if (!all) {
        snprintf(err, errlen, "out of memory merging %zu rows", total);
        return -1;
    }
    size_t m = 0;
    for (int i = 0; i < n; i++)
        for (size_t r = 0; r < parts[i].nrows; r++) {
            const double *v = parts[i].v + r * (size_t)parts[i].ncols;
            all[m++] = (MergeRow){v[0], v[cn], v, i};
        }
    qsort(all, m, sizeof *all, by_task_n);
    int rc = check_tasks(p0, all, m, names, tasks, err, errlen);
    if (rc == 0 && merged_table(p0, all, m, out) != 0) {
        snprintf(err, errlen, "out of memory merging %zu rows", total);
        rc = -1;
    }
    free(all);
    return rc;
}

/* ---- the parallel runner ---- */

typedef struct Runner {
    const Grid *g;
    const Setup *base;
    unsigned mask;
    int64_t only;
    int (*stop)(void *user);
    void *user;
    char **rows;
    SweepIdent ident;       /* written into every row */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t next, done, total, sentences, running;
    int stopped, failed;
    char err[256];
} Runner;

#define SWEEP_CHUNK (1u << 20)

/* One task; returns 0 done, 1 stopped, -1 failed (message in err). */
static int run_task(Runner *r, uint64_t t, char *err, size_t errlen)
{
    Setup s;
    if (sweep_task_setup(r->g, r->base, t, &s, err, errlen) != 0)
        return -1;
    Sim *sim = sim_new(&s, r->mask, err, errlen);
    if (!sim)
        return -1;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    int rc = mem ? 0 : -1;
    if (!mem)
        snprintf(err, errlen, "out of memory");
    uint64_t last = 0;
    for (int i = 0; i < r->g->n_count && rc == 0; i++) {
        uint64_t target = r->g->n_values[i];
        while (sim_sentences(sim) < target && rc == 0) {
            uint64_t step = target - sim_sentences(sim) < SWEEP_CHUNK ? target : sim_sentences(sim) + SWEEP_CHUNK;
            if (sim_advance(sim, step, err, errlen) != 0)
                rc = -1;
            else if (r->stop && r->stop(r->user))
                rc = 1;
            pthread_mutex_lock(&r->mu);
            r->sentences += sim_sentences(sim) - last;
            pthread_mutex_unlock(&r->mu);
            last = sim_sentences(sim);
        }
        if (rc != 0)
            break;
        /* The Zipf fits cost milliseconds: only at a task's last point. */
        sim_set_fits(sim, i == r->g->n_count - 1);
        Snapshot *snap = malloc(sizeof *snap);
        if (!snap || sim_snapshot(sim, snap, err, errlen) != 0) {
            if (!snap)
                snprintf(err, errlen, "out of memory");
            rc = -1;
        } else {
            sweep_row(mem, t, &s, snap, &r->ident);
        }
        free(snap);
    }
    if (mem && fclose(mem) != 0 && rc == 0) {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    }
    sim_free(sim);
    if (rc == 0)
        r->rows[t] = buf;
    else
        free(buf);
    return rc;
}

static void *worker(void *arg)
{
    /* Signals are the caller's thread's business (it polls for them): never deliver them here. */
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    Runner *r = arg;
    char err[256];
    for (;;) {
        pthread_mutex_lock(&r->mu);
        if (r->stopped || r->failed || r->next >= r->total) {
            pthread_mutex_unlock(&r->mu);
            break;
        }
        uint64_t t = r->only >= 0 ? (uint64_t)r->only : r->next;
        r->next++;
        r->running++;
        pthread_mutex_unlock(&r->mu);
        int rc = run_task(r, t, err, sizeof err);
        pthread_mutex_lock(&r->mu);
        r->running--;
        if (rc == 0)
            r->done++;
        else if (rc == 1)
            r->stopped = 1;
        else if (!r->failed) {
            r->failed = 1;
            snprintf(r->err, sizeof r->err, "task %llu: %.200s", (unsigned long long)t, err);
        }
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
    }
    return NULL;
}

int sweep_run(const Grid *g, const Setup *base, unsigned mask, int jobs, int64_t only,
              int (*stop)(void *user), void (*progress)(uint64_t done, uint64_t total, uint64_t sentences, void *user),
              void *user, char **rows, char *err, size_t errlen)
{
    Runner r;
    memset(&r, 0, sizeof r);
    r.g = g;
    r.base = base;
    r.mask = mask;
    r.only = only;
    r.stop = stop;
    r.user = user;
    r.rows = rows;
    r.total = only >= 0 ? 1 : sweep_tasks(g);
    r.ident = sweep_ident(g, base, mask);
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.cv, NULL);
    if (jobs < 1)
        jobs = 1;
    if ((uint64_t)jobs > r.total)
        jobs = (int)r.total;
    pthread_t *th = calloc((size_t)jobs, sizeof *th);
    int started = 0;
    for (int i = 0; th && i < jobs; i++)
        if (pthread_create(&th[i], NULL, worker, &r) == 0)
            started++;
    if (started == 0) {
        free(th);
        snprintf(err, errlen, "cannot start worker threads");
        return -1;
    }
    pthread_mutex_lock(&r.mu);
    while (r.done < r.total && !r.failed && !(r.stopped && r.running == 0) &&
           !(r.next >= r.total && r.running == 0)) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 200000000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&r.cv, &r.mu, &ts);
        if (progress) {
            uint64_t d = r.done, s = r.sentences;
            pthread_mutex_unlock(&r.mu);
            progress(d, r.total, s, user);
            pthread_mutex_lock(&r.mu);
        }
    }
    pthread_mutex_unlock(&r.mu);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    if (progress)
        progress(r.done, r.total, r.sentences, user);
    pthread_mutex_destroy(&r.mu);
    pthread_cond_destroy(&r.cv);
    if (r.failed) {
        snprintf(err, errlen, "%s", r.err);
        return -1;
    }
    return r.stopped || r.done < r.total ? 1 : 0;
}

/* ---- fits of a table ---- */

static size_t count_distinct(const double *x, size_t m)
{
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        size_t j = 0;
        while (j < i && x[j] != x[i])
            j++;
        k += j == i;
    }
    return k;
}

/* Do rows i and j agree on every knob column except those named in skip? */
static int same_except(const SweepTable *t, size_t i, size_t j, const int *skip, int nskip)
{
    int first = 1, last = sweep_col(t, "sentences");
    for (int c = first; c < last; c++) {
        int skipped = 0;
        for (int k = 0; k < nskip; k++)
            skipped |= skip[k] == c;
        if (skipped)
            continue;
        double a = t->v[i * (size_t)t->ncols + (size_t)c], b = t->v[j * (size_t)t->ncols + (size_t)c];
        if (!(a == b || (isnan(a) && isnan(b))))
            return 0;
    }
    return 1;
}

/* The knob columns that vary in the table (for naming conditions). */
static void describe(const SweepTable *t, size_t row, const int *skip, int nskip, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = 0;
    int last = sweep_col(t, "sentences");
    for (int c = 1; c < last && used < n; c++) {
        int skipped = 0;
        for (int k = 0; k < nskip; k++)
            skipped |= skip[k] == c;
        if (skipped || strcmp(t->names[c], "beta") == 0 || strcmp(t->names[c], "b") == 0)
            continue;
        int varies = 0;
        for (size_t i = 0; i < t->nrows && !varies; i++) {
            double a = t->v[i * (size_t)t->ncols + (size_t)c], b = t->v[(size_t)c];
            varies = !(a == b || (isnan(a) && isnan(b)));
        }
        if (varies)
            used += (size_t)snprintf(buf + used, n - used, "%s%s=%.4g", used ? " " : "", t->names[c],
                                     t->v[row * (size_t)t->ncols + (size_t)c]);
    }
}

/* The slope of the theory curve of `learner` over the axis values xs[0..k), the other knobs as
 * in row `row` (theory.h: exact for Bayes, the Poisson-count curve for Bayes-C, the stated
 * approximation for the SGD memory; NaN for the neural learner or without the columns). */
static double curve_slope(const SweepTable *t, size_t row, const char *learner, int axis_is_n, const double *xs,
                          int k)
{
    int ca = sweep_col(t, "beta"), cb = sweep_col(t, "b"), cV = sweep_col(t, "V"), cC = sweep_col(t, "C"),
        ce = sweep_col(t, "eta"), cn = sweep_col(t, "sentences");
    int kind = learner_kind_from_name(learner);
    if (ca < 0 || cb < 0 || cV < 0 || cC < 0 || ce < 0 || cn < 0 || k < 3 || kind < 0 || kind == LEARNER_NEURAL)
        return NAN;
    const double *r = t->v + row * (size_t)t->ncols;
    double a = r[ca], b = r[cb], V = r[cV];
    if (!(a > 0 && a < 1) || !(V >= 2 && V <= 4294967295.0))
        return NAN;
    double ys[SWEEP_MAX_VALUES];
    if (k > SWEEP_MAX_VALUES)
        k = SWEEP_MAX_VALUES;
    for (int i = 0; i < k; i++) {
        double n = axis_is_n ? xs[i] : r[cn], C = axis_is_n ? r[cC] : xs[i];
        ys[i] = kind == LEARNER_BAYES       ? theory_knowledge_excess_bayes(a, b, (uint32_t)V, n)
                : kind == LEARNER_BAYES_CAP ? theory_knowledge_excess_cap_n(a, b, (uint32_t)V, n, C)
                                            : theory_knowledge_excess_sgd(a, b, (uint32_t)V, r[ce], n, C);
    }
    FitLine f;
    return fit_loglog(xs, ys, (size_t)k, 0, INFINITY, &f) == 0 ? f.slope : NAN;
}

int sweep_slopes(const SweepTable *t, const char *learner, const char *axis, SweepSlope *out, int max)
{
    char col[64];
    snprintf(col, sizeof col, "%s.expected_knowledge_excess_bits", learner);
    int cy = sweep_col(t, col), cx = sweep_col(t, axis), cseed = sweep_col(t, "seed"),
        cn = sweep_col(t, "sentences"), cs = sweep_col(t, "s");
    if (cy < 0 || cx < 0 || cseed < 0 || cn < 0)
        return 0;
    int axis_is_n = cx == cn;
    size_t R = t->nrows;
    uint8_t *used = calloc(R ? R : 1, 1);
    double *xs = malloc((R ? R : 1) * sizeof *xs), *ys = malloc((R ? R : 1) * sizeof *ys);
    size_t *members = malloc((R ? R : 1) * sizeof *members);
    if (!used || !xs || !ys || !members) {
        free(used);
        free(xs);
        free(ys);
        free(members);
        return 0;
    }
    int nout = 0;
    /* A condition: rows equal on all knobs but the axis and the seed (and, for the C axis,
     * the same sentence count). A series: one seed of a condition. */
    int skip_cond[3] = {cx, cseed, -1}, nskip = 2;
    for (size_t i = 0; i < R && nout < max; i++) {
        if (used[i])
            continue;
        size_t nm = 0;
        for (size_t j = i; j < R; j++)
            if (!used[j] && same_except(t, i, j, skip_cond, nskip) &&
                (axis_is_n || t->v[j * (size_t)t->ncols + (size_t)cn] == t->v[i * (size_t)t->ncols + (size_t)cn])) {
                members[nm++] = j;
                used[j] = 1;
            }
        /* Series by seed. */
        double sum = 0, sum2 = 0, fit_se = 0;
        int series = 0, points = 0;
        uint8_t *taken = calloc(nm ? nm : 1, 1);
        for (size_t a = 0; taken && a < nm; a++) {
            if (taken[a])
                continue;
            double seed = t->v[members[a] * (size_t)t->ncols + (size_t)cseed];
            size_t k = 0;
            for (size_t b = a; b < nm; b++)
                if (!taken[b] && t->v[members[b] * (size_t)t->ncols + (size_t)cseed] == seed) {
                    xs[k] = t->v[members[b] * (size_t)t->ncols + (size_t)cx];
                    ys[k] = t->v[members[b] * (size_t)t->ncols + (size_t)cy];
                    taken[b] = 1;
                    k++;
                }
            FitLine f;
            if (k >= 3 && fit_loglog(xs, ys, k, 0, INFINITY, &f) == 0) {
                sum += f.slope;
                sum2 += f.slope * f.slope;
                fit_se = f.slope_se;
                series++;
                points = (int)k;
            }
        }
        free(taken);
        if (series == 0)
            continue;
        SweepSlope *o = &out[nout++];
        memset(o, 0, sizeof *o);
        snprintf(o->learner, sizeof o->learner, "%s", learner);
        snprintf(o->axis, sizeof o->axis, "%s", axis);
        o->s = cs >= 0 ? t->v[i * (size_t)t->ncols + (size_t)cs] : NAN;
        o->slope = sum / series;
        o->se = series > 1 ? sqrt((sum2 / series - o->slope * o->slope) * series / (series - 1) / series) : fit_se;
        o->series = series;
        o->points = points;
        o->predicted = axis_is_n ? -theory_exp_data(o->s) : -theory_exp_capacity(o->s);
        o->curve = curve_slope(t, i, learner, axis_is_n, xs, points);
        int skip_desc[3] = {cx, cseed, axis_is_n ? -1 : cn};
        describe(t, i, skip_desc, 3, o->condition, sizeof o->condition);
        if (!axis_is_n) {
            size_t l = strlen(o->condition);
            snprintf(o->condition + l, sizeof o->condition - l, "%sn=%.3g", l ? " " : "",
                     t->v[i * (size_t)t->ncols + (size_t)cn]);
        }
    }
    free(used);
    free(xs);
    free(ys);
    free(members);
    return nout;
}

void sweep_report(const SweepTable *t, FILE *out)
{
    static const char *const axes[] = {"sentences", "C"};
    SweepSlope sl[64];
    int any = 0;
    for (int l = 0; l < LEARNER_KINDS; l++) {
        const char *name = learner_kind_name((LearnerKind)l);
        for (int a = 0; a < 2; a++) {
            int n = sweep_slopes(t, name, axes[a], sl, 64);
            for (int i = 0; i < n; i++) {
                any = 1;
                fprintf(out, "%-10s %-9s %-28s slope %8.4f +- %.4f (%d seed%s, %d points)  predicted %8.4f (%s)",
                        name, a == 0 ? "data" : "capacity", sl[i].condition[0] ? sl[i].condition : "-", sl[i].slope,
                        sl[i].se, sl[i].series, sl[i].series == 1 ? "" : "s", sl[i].points, sl[i].predicted,
                        a == 0 ? "-(1 - 1/s)" : "-(s - 1)");
                if (isfinite(sl[i].curve) && l != LEARNER_BAYES)
                    fprintf(out, ", theory curve here %8.4f", sl[i].curve);
                fputc('\n', out);
            }
        }
        /* The Chinchilla form when sentences and C both vary. */
        char col[64];
        snprintf(col, sizeof col, "%s.expected_knowledge_excess_bits", name);
        int cy = sweep_col(t, col), cn = sweep_col(t, "sentences"), cc = sweep_col(t, "C"), cs = sweep_col(t, "s");
        if (cy < 0 || cc < 0 || l == LEARNER_BAYES || t->nrows < 8)
            continue;
        /* Fit the means over seeds: each seed's a-diversity scales its capacity term by a random
         * factor (up to 2x), which is scatter, not the surface. */
        double *n = malloc(t->nrows * sizeof *n), *C = malloc(t->nrows * sizeof *C), *L = malloc(t->nrows * sizeof *L);
        uint8_t *done = calloc(t->nrows ? t->nrows : 1, 1);
        int cseed = sweep_col(t, "seed"), skip[2] = {cseed, -1};
        size_t m = 0;
        for (size_t i = 0; n && C && L && done && i < t->nrows; i++) {
            if (done[i])
                continue;
            const double *row = t->v + i * (size_t)t->ncols;
            double sum = 0;
            int k = 0;
            for (size_t j = i; j < t->nrows; j++) {
                const double *rj = t->v + j * (size_t)t->ncols;
                if (!done[j] && rj[cn] == row[cn] && same_except(t, i, j, skip, 1)) {
                    done[j] = 1;
                    sum += rj[cy];
                    k++;
                }
            }
            if (sum > 0) {
                n[m] = row[cn];
                C[m] = row[cc];
                L[m] = sum / k;
                m++;
            }
        }
        free(done);
        FitChinchilla f;
        if (m >= 8 && count_distinct(C, m) >= 3 && count_distinct(n, m) >= 3) {
            fit_chinchilla(n, C, L, m, &f);
            double s = cs >= 0 ? t->v[(size_t)cs] : NAN;
            fprintf(out, "%-10s Chinchilla form L = E + A n^-alpha + B C^-beta over %zu points (means over seeds):\n",
                    name, m);
            if (f.ok || isfinite(f.alpha))
                fprintf(out, "           E %.4g +- %.2g  A %.4g +- %.2g  alpha %.4f +- %.4f (data-limited: %.4f)  "
                             "B %.4g +- %.2g  beta %.4f +- %.4f (s - 1 = %.4f)  rms(ln) %.3f%s%s\n",
                        f.E, f.E_se, f.A, f.A_se, f.alpha, f.alpha_se, theory_exp_data(s), f.B, f.B_se, f.beta,
                        f.beta_se, theory_exp_capacity(s), f.rms_log, f.ok ? "" : "  (not trustworthy: ",
                        f.ok ? "" : f.warning);
            if (!f.ok)
                fprintf(out, "%s\n", isfinite(f.alpha) ? ")" : f.warning);
            any = 1;
        }
        free(n);
        free(C);
        free(L);
    }
    if (!any) {
        /* Say which is missing: the axis values, or positive excess at them (a log-log fit needs
         * both; a learner that has learned every fact has no excess left to fit). */
        int cn = sweep_col(t, "sentences"), cc = sweep_col(t, "C");
        double *x = malloc((t->nrows ? t->nrows : 1) * sizeof *x);
        size_t most = 0;
        for (int a = 0; x && a < 2; a++) {
            int c = a == 0 ? cn : cc;
            for (size_t r = 0; c >= 0 && r < t->nrows; r++)
                x[r] = t->v[r * (size_t)t->ncols + (size_t)c];
            size_t k = c >= 0 ? count_distinct(x, t->nrows) : 0;
            most = k > most ? k : most;
        }
        free(x);
        if (most >= 3)
            fprintf(out, "no exponent to fit: %zu values of n or C, but the expected knowledge excess is not positive "
                         "at 3 or more of them for any learner\n", most);
        else
            fprintf(out, "no exponent to fit: a sweep needs 3 or more values of n or of C\n");
    }
}
