/*
 * engine.c: the simulation thread of the explorer.
 *
 * Locking: `mu` protects everything below "shared"; the thread holds it only to read commands
 * and to publish (copy a snapshot in, update the status), never while simulating, so the UI
 * never waits long. The Sim itself belongs to the thread alone.
 */
#include "skscope/engine.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "skscope/atomicfile.h"
#include "skscope/grow.h"
#include "skscope/series.h"
#include "skscope/session.h"
#include "skscope/sim.h"

#define CHUNK_SECONDS 0.01   /* a command waits at most about this long */
#define LIVE_MIN_SECONDS 0.2 /* live snapshots at most this often... */
#define LIVE_COST_FACTOR 10  /* ...and at most 1/10 of the time goes to them */
#define MAX_MARKS 256

struct Engine {
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int pipefd[2];
    /* shared, under mu */
    int quit;
    int paused;
    int step;                 /* run to the next point, then pause */
    int have_apply, have_restart;
    Setup apply_setup, restart_setup;
    unsigned restart_mask;
    double max_rate;
    ScenarioPace pace;         /* the pace asked for: its rate at n is the cap */
    uint64_t stop_at;         /* pause on reaching this many sentences (0: none) */
    int stop_quiet;           /* 1: that pause takes no history point (engine_pause_at_quiet) */
    char export_prefix[ENGINE_EXPORTS][512]; /* exports asked for, oldest first */
    int nexport;
    EngineStatus status;
    Snapshot *hist;           /* the history of the current generation */
    uint64_t hcap;
    Snapshot live;
    int have_live;
    EngineMark marks[MAX_MARKS];
    size_t nmarks;
    Session session;          /* the run's base and every change applied, at the sentence it took effect */
    int session_lost;         /* a change could not be recorded (over SESSION_MAX_CHANGES, out of memory) */
    int wake_pending;
    /* the thread's own */
    Sim *sim;
    uint64_t next_point;
    double rate_estimate;     /* sentences per second while running */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t engine_sample_next(uint64_t n) { return sim_grid_next(n, ENGINE_POINTS_PER_DECADE); }

/* Physical memory / 4 over ~64 bytes a fact for the world and three learners. */
static uint64_t memory_guard(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || size <= 0)
        return UINT32_MAX - 1;
    double facts = (double)pages * (double)size / 4 / 64;
    return facts < UINT32_MAX - 1 ? (uint64_t)facts : UINT32_MAX - 1;
}

/* Under mu: note an event for the user. */
static void message(Engine *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void message(Engine *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->status.message, sizeof e->status.message, fmt, ap);
    va_end(ap);
    e->status.message_seq++;
}

/* Under mu: tell the UI. */
static void wake(Engine *e)
{
    e->status.seq++;
    if (!e->wake_pending) {
        e->wake_pending = 1;
        char b = 1;
        ssize_t r = write(e->pipefd[1], &b, 1);
        (void)r; /* a full pipe already means "wake up" */
    }
}

/* The thread, without mu: a fresh Sim. Returns 0 or -1 (message set under mu by the caller). */
static int new_sim(Engine *e, const Setup *s, unsigned mask, char *err, size_t errlen)
{
    Sim *sim = sim_new(s, mask, err, errlen);
    if (!sim)
        return -1;
    sim_set_max_facts(sim, e->status.max_facts);
    sim_free(e->sim);
    e->sim = sim;
    e->next_point = 1;
    return 0;
}

/* Under mu: reset what is published for a new run. */
static void reset_published(Engine *e)
{
    e->status.generation++;
    e->status.nhist = 0;
    e->nmarks = 0;
    e->status.nmarks = 0;
    session_free(&e->session);
    session_init(&e->session, sim_setup(e->sim));
    e->session_lost = 0;
    e->have_live = 0;
    e->status.setup = *sim_setup(e->sim);
    e->status.n = e->status.tokens = e->status.K = 0;
    e->status.rate = 0; /* a new run: the old rate is no measurement of it */
}

static void describe_change(const Setup *o, const Setup *s, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = 0;
    for (int k = 0; k < KNOB_COUNT && used < n; k++) {
        if (k == KNOB_BETA || (k == KNOB_B && !s->b_given) || (k == KNOB_K && s->b_given))
            continue; /* shown through s, or derived */
        if (k == KNOB_FT_AT) { /* `f`: the phase starts here, whatever the sentence count says */
            if (s->ft_at != o->ft_at && s->ft_at)
                used += (size_t)snprintf(buf + used, n - used, "%sfine-tuning", used ? ", " : "");
            continue;
        }
        double a = setup_get(o, (KnobId)k), b = setup_get(s, (KnobId)k);
        if (a == b || (isnan(a) && isnan(b)))
            continue;
        used += (size_t)snprintf(buf + used, n - used, "%s%s %.4g->%.4g", used ? ", " : "",
                                 knob_table()[k].name, a, b);
    }
}

/* Start a new simulation of setup *s with learners mask (mu held; dropped while building).
 * 0, or -1 after posting the reason. */
static int restart_run(Engine *e, const Setup *s, unsigned mask)
{
    char err[256];
    pthread_mutex_unlock(&e->mu);
    int rc = new_sim(e, s, mask, err, sizeof err);
    pthread_mutex_lock(&e->mu);
    if (rc != 0) {
        message(e, "cannot restart: %s", err);
        return -1;
    }
    e->status.mask = mask;
    reset_published(e);
    return 0;
}

/* The thread, without mu: the rows of an export into rows[] (room for nh + 1), the ones
 * `skscope run --per-decade 20 --sentences N` writes at the current N: the history's points on
 * the grid (engine_sample_next from 1) below N, then the state at N (its history point when
 * there is one, which was taken before any change applied at N, as run samples before applying;
 * else a snapshot now). Stops off the grid (a lesson step) are left out. The count, or
 * (size_t)-1 with a message. */
static size_t export_rows(Engine *e, size_t nh, Snapshot *rows, char *err, size_t errlen)
{
    uint64_t N = sim_sentences(e->sim), g = 1;
    size_t nr = 0;
    const Snapshot *at_n = NULL;
    for (size_t i = 0; i < nh; i++) {
        uint64_t p = e->hist[i].n;
        while (g < p)
            g = engine_sample_next(g);
        if (p == N)
            at_n = &e->hist[i];
        else if (p == g && p < N)
            rows[nr++] = e->hist[i];
    }
    if (at_n)
        rows[nr++] = *at_n;
    else if (N > 0) {
        if (sim_snapshot(e->sim, &rows[nr], err, errlen) != 0)
            return (size_t)-1;
        nr++;
    }
    return nr;
}

/* The thread: apply pending commands. Called with mu held; may drop it while working. */
static void handle_commands(Engine *e)
{
    char err[256];
    if (e->have_restart) {
        Setup s = e->restart_setup;
        unsigned mask = e->restart_mask ? e->restart_mask : e->status.mask;
        e->have_restart = e->have_apply = 0;
        restart_run(e, &s, mask);
        wake(e);
    }
    if (e->have_apply) {
        Setup s = e->apply_setup, o = *sim_setup(e->sim);
        e->have_apply = 0;
        if (s.V != o.V || s.R != o.R || s.seed != o.seed) {
            if (restart_run(e, &s, e->status.mask) == 0)
                message(e, "%s changed: a new world started from zero",
                        s.V != o.V ? "V" : s.R != o.R ? "R" : "seed");
        } else if (sim_apply(e->sim, &s, err, sizeof err) != 0) {
            message(e, "%s", err);
        } else {
            e->status.setup = s;
            /* Recorded as the knobs the Sim now runs with, applied after sim_sentences() sentences:
             * `run --setup` replays it with sim_apply at the same count (session.h). */
            if (session_add(&e->session, sim_sentences(e->sim), sim_world(e->sim)->tokens, sim_setup(e->sim), err,
                            sizeof err) != 0)
                e->session_lost = 1;
            char what[sizeof e->marks[0].what];
            describe_change(&o, &s, what, sizeof what);
            if (what[0] && e->nmarks < MAX_MARKS) { /* a mark says what changed; no change, no mark */
                EngineMark *m = &e->marks[e->nmarks++];
                m->n = sim_sentences(e->sim);
                m->tokens = sim_world(e->sim)->tokens;
                memcpy(m->what, what, sizeof what);
                e->status.nmarks = e->nmarks;
            }
        }
        wake(e);
    }
    while (e->nexport > 0) { /* every export asked for, none lost to the next ("ee") */
        char prefix[512];
        snprintf(prefix, sizeof prefix, "%s", e->export_prefix[0]);
        e->nexport--;
        memmove(e->export_prefix[0], e->export_prefix[1], (size_t)e->nexport * sizeof e->export_prefix[0]);
        /* The history is appended only by this thread: reading it without mu is safe. */
        size_t nh = e->status.nhist;
        pthread_mutex_unlock(&e->mu);
        char path[600], fpath[600], msg[1300];
        snprintf(path, sizeof path, "%s.csv", prefix);
        snprintf(fpath, sizeof fpath, "%s-facts.csv", prefix);
        int ok = 0;
        Snapshot *rows = malloc((nh + 1) * sizeof *rows);
        size_t nrows = rows ? export_rows(e, nh, rows, err, sizeof err) : 0;
        if (!rows)
            snprintf(err, sizeof err, "out of memory");
        AtomicFile *f[2] = {NULL, NULL};
        if (rows && nrows != (size_t)-1 && (f[0] = atomicfile_open(path, 0, err, sizeof err)) &&
            (f[1] = atomicfile_open(fpath, 0, err, sizeof err))) {
            /* stream errors are reported by the commit, running out of memory by sim_write_facts */
            series_write(atomicfile_stream(f[0]), rows, nrows);
            if (sim_write_facts(e->sim, atomicfile_stream(f[1]), err, sizeof err) == 0) {
                ok = atomicfile_commit_all(f, 2, err, sizeof err) == 0; /* both or neither; frees both */
                f[0] = f[1] = NULL;
            }
        }
        atomicfile_abort(f[0]);
        atomicfile_abort(f[1]);
        free(rows);
        if (ok)
            snprintf(msg, sizeof msg, "exported %s and %s", path, fpath);
        else
            snprintf(msg, sizeof msg, "export failed: %s", err);
        pthread_mutex_lock(&e->mu);
        message(e, "%s", msg);
        wake(e);
    }
}

/* Under mu: append a history snapshot. */
static void publish_point(Engine *e, const Snapshot *s)
{
    uint64_t cap = e->hcap;
    if (grow_array(&e->hist, &cap, e->status.nhist + 1, sizeof *e->hist, 256, UINT32_MAX) != 0) {
        message(e, "out of memory keeping the history");
        return;
    }
    e->hcap = cap;
    e->hist[e->status.nhist++] = *s;
}

static void *run(void *arg)
{
    /* Signals are the caller's thread's business (it polls for them): never deliver them here. */
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    Engine *e = arg;
    char err[256];
    Snapshot *snap = malloc(sizeof *snap);
    double last_live = 0, live_cost = 0, rate_t0 = now();
    uint64_t rate_n0 = 0;
    pthread_mutex_lock(&e->mu);
    uint64_t rate_gen = e->status.generation;
    while (!e->quit) {
        handle_commands(e);
        if (e->quit)
            break;
        if (e->status.generation != rate_gen) {
            /* A restart: the rate counts from the new run's start, never across it (a count from
             * before the restart minus a smaller one after it is no rate). */
            rate_gen = e->status.generation;
            rate_t0 = now();
            rate_n0 = sim_sentences(e->sim);
        }
        if (e->paused && !e->step) {
            pthread_cond_wait(&e->cv, &e->mu);
            rate_t0 = now();
            rate_n0 = sim_sentences(e->sim);
            continue;
        }
        double max_rate = e->pace.decades_per_min > 0 ? scenario_pace_rate(&e->pace, (double)sim_sentences(e->sim))
                                                      : e->max_rate;
        e->status.max_rate = max_rate;
        uint64_t stop_at = e->stop_at;
        int quiet = e->stop_quiet;
        if (stop_at && sim_sentences(e->sim) >= stop_at) {
            e->stop_at = 0;
            e->paused = 1;
            e->step = 0;
            wake(e);
            continue;
        }
        pthread_mutex_unlock(&e->mu);

        /* One chunk: up to the next point, about CHUNK_SECONDS of work, within the speed cap. */
        uint64_t n = sim_sentences(e->sim);
        double per = e->rate_estimate > 0 ? e->rate_estimate : 1e6;
        if (max_rate > 0 && max_rate < per)
            per = max_rate;
        uint64_t chunk = (uint64_t)(per * CHUNK_SECONDS);
        if (chunk < 1)
            chunk = 1;
        uint64_t target = n + chunk < e->next_point ? n + chunk : e->next_point;
        if (stop_at && target > stop_at)
            target = stop_at;
        double t0 = now();
        int rc = sim_advance(e->sim, target, err, sizeof err);
        double t1 = now();
        if (t1 > t0 && target > n)
            e->rate_estimate = 0.8 * e->rate_estimate + 0.2 * (double)(target - n) / (t1 - t0);
        int point = rc == 0 && sim_sentences(e->sim) == e->next_point;
        /* A stop (a lesson step, a scenario's length) is a history point too, so the panels show
         * the state where the run paused, not the last regular point before it. */
        int at_stop = rc == 0 && stop_at && !quiet && sim_sentences(e->sim) == stop_at;
        int have_snap = 0, live = 0;
        if (point || at_stop) {
            have_snap = snap && sim_snapshot(e->sim, snap, err, sizeof err) == 0;
            if (point)
                e->next_point = engine_sample_next(e->next_point);
            last_live = now();
        } else if (rc == 0 && snap && t1 - last_live >= LIVE_MIN_SECONDS &&
                   t1 - last_live >= LIVE_COST_FACTOR * live_cost) {
            double a = now();
            live = have_snap = sim_peek(e->sim, snap, err, sizeof err) == 0;
            live_cost = now() - a;
            last_live = now();
        }

        pthread_mutex_lock(&e->mu);
        if (rc != 0) {
            e->paused = 1;
            message(e, "paused at sentence %llu: %s", (unsigned long long)sim_sentences(e->sim), err);
        }
        if (have_snap) {
            if (live) {
                e->live = *snap;
            } else {
                publish_point(e, snap);
                e->live = *snap;
                if (e->step) {
                    e->step = 0;
                    e->paused = 1;
                }
            }
            e->have_live = 1;
        }
        const World *w = sim_world(e->sim);
        e->status.n = w->n;
        e->status.tokens = w->tokens;
        e->status.K = w->pyp.K;
        e->status.phase = (int)w->ft;
        double tn = now();
        if (tn - rate_t0 >= 0.5) {
            e->status.rate = (double)(w->n - rate_n0) / (tn - rate_t0);
            rate_t0 = tn;
            rate_n0 = w->n;
        }
        wake(e);
        /* Speed cap: sleep off the time the chunk was ahead of it (commands still wake us). */
        if (max_rate > 0 && !e->quit) {
            double ahead = (double)(target - n) / max_rate - (now() - t0);
            if (ahead > 0.0005) {
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                double until = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9 + ahead;
                ts.tv_sec = (time_t)until;
                ts.tv_nsec = (long)((until - (double)ts.tv_sec) * 1e9);
                pthread_cond_timedwait(&e->cv, &e->mu, &ts);
            }
        }
    }
    pthread_mutex_unlock(&e->mu);
    free(snap);
    return NULL;
}

Engine *engine_new(const Setup *s, unsigned mask, int paused, char *err, size_t errlen)
{
    Engine *e = calloc(1, sizeof *e);
    if (!e) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    e->pipefd[0] = e->pipefd[1] = -1;
    e->status.max_facts = memory_guard();
    if (new_sim(e, s, mask, err, errlen) != 0) {
        free(e);
        return NULL;
    }
    if (pipe(e->pipefd) != 0) {
        snprintf(err, errlen, "cannot create a pipe: %s", strerror(errno));
        engine_free(e);
        return NULL;
    }
    fcntl(e->pipefd[0], F_SETFL, O_NONBLOCK);
    fcntl(e->pipefd[1], F_SETFL, O_NONBLOCK);
    fcntl(e->pipefd[0], F_SETFD, FD_CLOEXEC);
    fcntl(e->pipefd[1], F_SETFD, FD_CLOEXEC);
    pthread_mutex_init(&e->mu, NULL);
    pthread_cond_init(&e->cv, NULL);
    e->paused = paused;
    e->status.paused = paused;
    e->status.mask = mask;
    e->status.setup = *sim_setup(e->sim);
    e->status.generation = 1;
    session_init(&e->session, sim_setup(e->sim));
    if (pthread_create(&e->thread, NULL, run, e) != 0) {
        snprintf(err, errlen, "cannot start the simulation thread");
        engine_free(e);
        return NULL;
    }
    e->started = 1;
    return e;
}

void engine_free(Engine *e)
{
    if (!e)
        return;
    if (e->started) {
        pthread_mutex_lock(&e->mu);
        e->quit = 1;
        pthread_cond_broadcast(&e->cv);
        pthread_mutex_unlock(&e->mu);
        pthread_join(e->thread, NULL);
        pthread_mutex_destroy(&e->mu);
        pthread_cond_destroy(&e->cv);
    }
    if (e->pipefd[0] >= 0)
        close(e->pipefd[0]);
    if (e->pipefd[1] >= 0)
        close(e->pipefd[1]);
    sim_free(e->sim);
    session_free(&e->session);
    free(e->hist);
    free(e);
}

int engine_fd(const Engine *e) { return e->pipefd[0]; }

void engine_status(Engine *e, EngineStatus *st)
{
    char buf[64];
    while (read(e->pipefd[0], buf, sizeof buf) > 0)
        ;
    pthread_mutex_lock(&e->mu);
    e->wake_pending = 0;
    e->status.paused = e->paused && !e->step;
    if (e->pace.decades_per_min <= 0) /* on the log axis the loop sets the cap at n */
        e->status.max_rate = e->max_rate;
    *st = e->status;
    pthread_mutex_unlock(&e->mu);
}

size_t engine_history(Engine *e, uint64_t generation, size_t from, Snapshot *out, size_t max)
{
    size_t n = 0;
    pthread_mutex_lock(&e->mu);
    if (generation == e->status.generation && from < e->status.nhist) {
        n = e->status.nhist - from;
        if (n > max)
            n = max;
        memcpy(out, e->hist + from, n * sizeof *out);
    }
    pthread_mutex_unlock(&e->mu);
    return n;
}

int engine_live(Engine *e, uint64_t generation, Snapshot *out)
{
    int rc = -1;
    pthread_mutex_lock(&e->mu);
    if (generation == e->status.generation && e->have_live) {
        *out = e->live;
        rc = 0;
    }
    pthread_mutex_unlock(&e->mu);
    return rc;
}

size_t engine_marks(Engine *e, EngineMark *out, size_t max)
{
    pthread_mutex_lock(&e->mu);
    size_t n = e->nmarks < max ? e->nmarks : max;
    memcpy(out, e->marks, n * sizeof *out);
    pthread_mutex_unlock(&e->mu);
    return n;
}

char *engine_session(Engine *e, int *complete)
{
    pthread_mutex_lock(&e->mu);
    char *text = session_format_alloc(&e->session);
    if (complete)
        *complete = !e->session_lost;
    pthread_mutex_unlock(&e->mu);
    return text;
}

/* Post a command: set fields under mu, wake the thread. */
#define POST(e, body)                        \
    do {                                     \
        pthread_mutex_lock(&(e)->mu);        \
        body;                                \
        pthread_cond_broadcast(&(e)->cv);    \
        pthread_mutex_unlock(&(e)->mu);      \
    } while (0)

void engine_apply(Engine *e, const Setup *s) { POST(e, e->apply_setup = *s; e->have_apply = 1); }

void engine_restart(Engine *e, const Setup *s, unsigned mask)
{
    POST(e, e->restart_setup = *s; e->restart_mask = mask; e->have_restart = 1);
}

void engine_pause(Engine *e, int paused) { POST(e, e->paused = paused; e->step = 0); }

void engine_step(Engine *e) { POST(e, e->step = 1; e->paused = 1); }

void engine_pause_at(Engine *e, uint64_t n) { POST(e, (e->stop_at = n, e->stop_quiet = 0)); }

void engine_pause_at_quiet(Engine *e, uint64_t n) { POST(e, (e->stop_at = n, e->stop_quiet = 1)); }

void engine_set_rate(Engine *e, double rate)
{
    ScenarioPace p = {rate > 0 ? rate : 0, 0};
    engine_set_pace(e, &p);
}

void engine_set_pace(Engine *e, const ScenarioPace *p)
{
    POST(e, (e->pace = *p, e->max_rate = p->per_s > 0 ? p->per_s : 0, e->status.pace = *p));
}

void engine_export(Engine *e, const char *prefix)
{
    POST(e, if (e->nexport < ENGINE_EXPORTS) {
        snprintf(e->export_prefix[e->nexport], sizeof e->export_prefix[0], "%s", prefix);
        e->nexport++;
    } else message(e, "export of %s not started: %d exports are still being written", prefix, ENGINE_EXPORTS));
}
