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
        if (parse_values(d->key, eq + 1, d, err, errlen) != 0)
            return -1;
        for (int i = 0; i < d->nvalues; i++) {
            if (d->knob < 0) {
                double v = round(d->values[i]);
                if (!(v >= 1 && v <= 9.2e18)) {
                    snprintf(err, errlen, "grid n: %g is out of range (valid: 1 to 2^63 sentences)", d->values[i]);
                    return -1;
                }
                d->values[i] = v;
            } else {
                Setup t2 = *base;
                char why[256];
                if (setup_set(&t2, (KnobId)d->knob, d->values[i], why, sizeof why) != 0) {
                    snprintf(err, errlen, "grid %s", why);
                    return -1;
                }
            }
        }
        g->ndims++;
    }
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
    /* The last knob dimension varies fastest: decode the digits from the end. */
    uint64_t digit[SWEEP_MAX_DIMS] = {0};
    for (int i = g->ndims - 1; i >= 0; i--) {
        if (i == g->n_dim)
            continue;
        digit[i] = combo % (uint64_t)g->dims[i].nvalues;
        combo /= (uint64_t)g->dims[i].nvalues;
    }
    for (int i = 0; i < g->ndims; i++) {
        if (i == g->n_dim)
            continue;
        if (setup_set(&s, (KnobId)g->dims[i].knob, g->dims[i].values[digit[i]], err, errlen) != 0)
            return -1;
    }
    s.seed = g->seed0 + seed_index;
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
    static const char *const world[] = {"new_fact_prob", "singleton_fraction", "heaps_beta", "zipf_s", "py_s"};
    for (size_t i = 0; i < sizeof world / sizeof world[0]; i++)
        csvout_str(&c, world[i]);
    csvout_end(&c);
}

void sweep_row(FILE *fp, uint64_t task, const Setup *s, const Snapshot *snap)
{
    CsvOut c;
    csvout_init(&c, fp);
    csvout_u64(&c, task);
    for (int k = 0; k < KNOB_COUNT; k++)
        csvout_num(&c, setup_get(s, (KnobId)k));
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
    csvout_end(&c);
}

/* ---- reading ---- */

typedef struct Reader {
    SweepTable *t;
    int col;                /* field index in the row */
    size_t line;
    int bad;                /* a row with the wrong number of fields */
    size_t bad_line;
    double *row;            /* the row being read */
    uint64_t cap;           /* values allocated in t->v */
    int oom;
} Reader;

static void rd_field(void *s, size_t len, void *user)
{
    Reader *r = user;
    SweepTable *t = r->t;
    char buf[128];
    snprintf(buf, sizeof buf, "%.*s", (int)(len < 127 ? len : 127), (const char *)s);
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
        char *end = NULL;
        double v = len ? strtod(buf, &end) : NAN;
        if (len && (!end || *end))
            v = NAN;
        r->row[r->col] = v;
    }
    r->col++;
}

static void rd_row(int c, void *user)
{
    (void)c;
    Reader *r = user;
    SweepTable *t = r->t;
    if (r->line > 0) {
        if (r->col != t->ncols) {
            if (!r->bad) {
                r->bad = 1;
                r->bad_line = r->line + 1;
            }
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
    if (rc == 0 && r.bad) {
        snprintf(err, errlen, "%s:%zu: a row with a different number of fields than the header", path, r.bad_line);
        rc = -1;
    }
    if (rc == 0 && (sweep_col(t, "task") != 0 || sweep_col(t, "sentences") < 0)) {
        snprintf(err, errlen, "%s: not a sweep CSV (its first column must be 'task', and it needs 'sentences')", path);
        rc = -1;
    }
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

/* ---- the parallel runner ---- */

typedef struct Runner {
    const Grid *g;
    const Setup *base;
    unsigned mask;
    int64_t only;
    int (*stop)(void *user);
    void *user;
    char **rows;
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
            sweep_row(mem, t, &s, snap);
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
    if (!any)
        fprintf(out, "no exponent to fit: a sweep needs 3 or more values of n or of C\n");
}
