/*
 * cmd_bench.c: `skscope bench`: how fast the simulation and the explorer are on this machine.
 *
 * Every simulation case runs in a child process (fork), so its peak resident memory is its
 * own; the parent collects a result struct through a pipe. Timings are wall-clock on one
 * thread. The figure of merit is "x replay": ns/sentence over the replay floor, the cost of
 * replaying the same run's fact ids with 3 random words and two count increments a sentence
 * (the work a sentence cannot avoid). "x RNG" is ns/sentence over (draws per sentence x ns
 * per bare draw): how far a sentence costs above the random numbers it draws.
 */

#include <curses.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tui/tui.h"
#include "cli.h"
#include "config.h"
#include "skscope/learner.h"
#include "skscope/numparse.h"
#include "skscope/sim.h"

static const char bench_help[] =
    "usage: skscope bench [--quick] [--csv] [--compare] [--sentences N]\n"
    "Measure sentences per second (world alone and with each learner) for s = 1.2, 1.8, 3, each\n"
    "against the replay floor (the same run's fact ids replayed with 3 random words and two\n"
    "count increments a sentence), the cost of the bare random-number generator, memory per\n"
    "distinct fact, long runs (1e9 sentences at the defaults, 1e8 at s = 1.2), the speed-up of\n"
    "two simulations on two cores, the explorer's frame time at 80x24 and 200x60, and how fast\n"
    "a knob change takes effect.\n"
    "\n"
    "  --quick          a few seconds: short runs, no long runs (what CI runs)\n"
    "  --csv            machine-readable output: one CSV row per measurement\n"
    "  --compare        also run the NumPy reference (bench/ref.py) on the same work\n"
    "  --sentences N    sentences per simulation case (default 2e7; --quick 2e6)\n";

typedef struct Result {
    double seconds;        /* wall time of the simulation */
    uint64_t sentences;
    uint64_t K;            /* distinct facts at the end */
    double draws;          /* random words drawn by the world, per sentence */
    double peak_rss;       /* bytes */
    double sim_bytes;      /* bytes the simulation holds at the end */
    double excess;         /* Bayes expected knowledge excess at the end (bits), NaN if absent */
    int ok;
} Result;

static int csv_out;

static void row(const char *name, const char *what, double value, const char *unit)
{
    if (csv_out)
        printf("%s,%s,%.6g,%s\n", name, what, value, unit);
}

/* Run fn(arg, out) in a child process and copy its `size`-byte result into out (its peak
 * resident memory is then its own). 0 when the child wrote a whole result, -1 otherwise. */
static int in_child(void (*fn)(const void *arg, void *out), const void *arg, void *out, size_t size)
{
    int fd[2];
    memset(out, 0, size);
    if (pipe(fd) != 0)
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        close(fd[0]);
        void *res = calloc(1, size);
        if (res)
            fn(arg, res);
        ssize_t wr = res ? write(fd[1], res, size) : -1;
        _exit(wr == (ssize_t)size ? 0 : 1);
    }
    close(fd[1]);
    ssize_t got = read(fd[0], out, size);
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    return got == (ssize_t)size ? 0 : -1;
}

typedef struct CaseArg {
    const char *setup;
    unsigned mask;
    uint64_t n;
} CaseArg;

/* The case's simulation (defaults, then its setup string, its learners), or NULL. */
static Sim *case_sim(const CaseArg *c)
{
    Setup s;
    setup_default(&s);
    char err[256];
    if (setup_parse(&s, c->setup, err, sizeof err) != 0)
        return NULL;
    Sim *sim = sim_new(&s, c->mask, err, sizeof err);
    if (sim)
        sim_set_fits(sim, 0);
    return sim;
}

/* In the child (the process ends after it: nothing is freed): run the case, measure it. */
static void case_child(const void *arg, void *res)
{
    const CaseArg *c = arg;
    Result *out = res;
    char err[256];
    Sim *sim = case_sim(c);
    if (!sim)
        return;
    double t0 = cli_now();
    int rc = sim_advance(sim, c->n, err, sizeof err);
    out->seconds = cli_now() - t0;
    out->ok = rc == 0;
    const World *w = sim_world(sim);
    out->sentences = w->n;
    out->K = w->pyp.K;
    out->draws = (double)world_draws(w) / (double)(w->n ? w->n : 1);
    out->sim_bytes = (double)sim_memory(sim);
    out->excess = NAN;
    if (c->mask & (1u << LEARNER_BAYES)) {
        Snapshot snap;
        if (sim_snapshot(sim, &snap, err, sizeof err) == 0)
            out->excess = snap.L[0].exp_knowledge_excess;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    out->peak_rss = (double)ru.ru_maxrss * 1024;
}

/* Run a simulation in a child process; fill *r. */
static int run_case(const char *setup, unsigned mask, uint64_t n, Result *r)
{
    CaseArg c = {setup, mask, n};
    return in_child(case_child, &c, r, sizeof *r) == 0 && r->ok ? 0 : -1;
}

/* The replay floor: the work a sentence cannot avoid. The run's own sequence of fact ids is
 * recorded, then replayed with 3 random 64-bit words a sentence and one 4-byte count increment
 * in a world array and one in a learner array, both indexed by fact id (ids are in order of
 * first appearance). It depends on the sequence (how many facts, how often each), not on how
 * the sampler found it. The trace is capped at FLOOR_MAX_TRACE sentences (4 bytes each). */
#define FLOOR_MAX_TRACE ((uint64_t)1 << 27)

typedef struct Floor {
    double ns;          /* best of three replays, ns per sentence */
    uint64_t sentences; /* replayed */
    uint64_t K;         /* distinct facts in the trace */
    int ok;
} Floor;

typedef struct Trace {
    uint32_t *id;
    uint64_t n, cap;
} Trace;

static int trace_tap(const World *w, const Sentence *batch, size_t n, void *user)
{
    (void)w;
    Trace *t = user;
    for (size_t i = 0; i < n && t->n < t->cap; i++)
        t->id[t->n++] = batch[i].fact;
    return 0;
}

/* One replay of the trace; ns per sentence, or NAN when out of memory. */
static double replay_once(const Trace *t, uint64_t K, uint64_t *sink)
{
    uint32_t *world = calloc(K ? K : 1, sizeof *world), *learner = calloc(K ? K : 1, sizeof *learner);
    double ns = NAN;
    if (world && learner) {
        Rng r;
        rng_seed(&r, 1, 1);
        uint64_t acc = 0;
        double t0 = cli_now();
        for (uint64_t i = 0; i < t->n; i++) {
            acc += rng_next(&r);
            acc ^= rng_next(&r);
            acc += rng_next(&r);
            uint32_t id = t->id[i];
            world[id]++;
            learner[id]++;
        }
        ns = (cli_now() - t0) / (double)(t->n ? t->n : 1) * 1e9;
        *sink += acc + world[t->id[0]] + learner[t->id[t->n - 1]];
    }
    free(world);
    free(learner);
    return ns;
}

/* In the child: record the trace, replay it three times. */
static void floor_child(const void *arg, void *res)
{
    const CaseArg *c = arg;
    Floor *out = res;
    char err[256];
    Sim *sim = NULL;
    Trace t = {NULL, 0, c->n < FLOOR_MAX_TRACE ? c->n : FLOOR_MAX_TRACE};
    if (!(t.id = malloc(t.cap * sizeof *t.id)) || !(sim = case_sim(c)))
        return;
    sim_set_tap(sim, trace_tap, &t);
    if (sim_advance(sim, t.cap, err, sizeof err) != 0 || t.n == 0)
        return;
    out->K = sim_world(sim)->nfacts;
    sim_free(sim);
    uint64_t sink = 0;
    out->ns = INFINITY;
    for (int k = 0; k < 3; k++) {
        double ns = replay_once(&t, out->K, &sink);
        if (!(ns >= out->ns))
            out->ns = ns;
    }
    out->sentences = t.n;
    out->ok = isfinite(out->ns) && sink != 42; /* the sink keeps the loop */
    free(t.id);
}

/* The replay floor of setup `setup` over n sentences, in a child process. */
static int replay_floor(const char *setup, uint64_t n, Floor *f)
{
    CaseArg c = {setup, 0, n};
    return in_child(floor_child, &c, f, sizeof *f) == 0 && f->ok ? 0 : -1;
}

/* Nanoseconds per bare draw of the inline generator. */
static double rng_floor(uint64_t n)
{
    Rng r;
    rng_seed(&r, 1, 1);
    uint64_t acc = 0;
    double t0 = cli_now();
    for (uint64_t i = 0; i < n; i++)
        acc += rng_next(&r);
    double t = cli_now() - t0;
    if (acc == 42) /* keep the loop */
        puts("");
    return t / (double)n * 1e9;
}

static double gsl_call(uint64_t n)
{
    gsl_rng *g = rng_gsl_new(1, 1);
    double s = 0, t0 = cli_now();
    for (uint64_t i = 0; i < n; i++)
        s += gsl_rng_uniform(g);
    double t = cli_now() - t0;
    gsl_rng_free(g);
    if (s < 0)
        puts("");
    return t / (double)n * 1e9;
}

typedef struct Job {
    Setup s;
    uint64_t n;
} Job;

static void *run_job(void *arg)
{
    Job *j = arg;
    char err[256];
    Sim *sim = sim_new(&j->s, (1u << LEARNER_BAYES) | (1u << LEARNER_BAYES_CAP), err, sizeof err);
    if (sim) {
        sim_set_fits(sim, 0);
        sim_advance(sim, j->n, err, sizeof err);
        sim_free(sim);
    }
    return NULL;
}

/* Wall time of `jobs` simulations on `threads` threads (jobs/threads each). */
static double parallel(int threads, int jobs, uint64_t n)
{
    pthread_t th[8];
    Job job[8];
    double t0 = cli_now();
    for (int done = 0; done < jobs; done += threads) {
        for (int i = 0; i < threads; i++) {
            setup_default(&job[i].s);
            job[i].s.seed = (uint64_t)(done + i + 1);
            job[i].n = n;
            pthread_create(&th[i], NULL, run_job, &job[i]);
        }
        for (int i = 0; i < threads; i++)
            pthread_join(th[i], NULL);
    }
    return cli_now() - t0;
}

/* The explorer's frame: draw into an off-screen terminal of w x h and time panels_draw plus
 * the screen update (output to /dev/null). */
static int frame_time(int w, int h, double *mean_ms, double *max_ms)
{
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    if (!out || !in) {
        if (out)
            fclose(out);
        if (in)
            fclose(in);
        return -1;
    }
    SCREEN *scr = newterm("xterm-256color", out, in);
    if (!scr) {
        fclose(out);
        fclose(in);
        return -1;
    }
    set_term(scr);
    resizeterm(h, w);
    Ui *ui = calloc(1, sizeof *ui);
    int rc = -1;
    if (ui && (ui->hist = calloc(UI_MAX_HIST, sizeof *ui->hist))) {
        if (has_colors()) {
            start_color();
            use_default_colors();
        }
        Theme t;
        theme_default(&t);
        term_set_theme(&t);
        setup_default(&ui->setup);
        ui->st.setup = ui->setup;
        ui->learner_view = -1;
        char err[256];
        Sim *sim = sim_new(&ui->setup, LEARNER_MASK_CLASSIC, err, sizeof err);
        /* A realistic history: 20 points a decade up to 1e7 sentences. */
        for (uint64_t n = 1; sim && n <= 10000000 && ui->nhist < UI_MAX_HIST; n = engine_sample_next(n)) {
            sim_advance(sim, n, err, sizeof err);
            sim_snapshot(sim, &ui->hist[ui->nhist++], err, sizeof err);
        }
        if (sim) {
            ui->live = ui->hist[ui->nhist - 1];
            ui->have_live = 1;
            ui->st.n = ui->live.n;
            sim_free(sim);
            const int frames = 200;
            double sum = 0, mx = 0;
            for (int i = 0; i < frames; i++) {
                double t0 = cli_now();
                panels_draw(ui);
                if (i % 2) /* alternate the selection, as a user moving sliders does */
                    ui->sel = (ui->sel + 1) % 9;
                refresh();
                double d = cli_now() - t0;
                sum += d;
                mx = d > mx ? d : mx;
            }
            *mean_ms = sum / frames * 1000;
            *max_ms = mx * 1000;
            rc = 0;
        }
    }
    if (ui) {
        free(ui->hist);
        free(ui->cells);
        free(ui);
    }
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
    return rc;
}

/* How long until a knob change is in force in a running engine. */
static double knob_latency(int trials)
{
    char err[256];
    Setup s;
    setup_default(&s);
    Engine *e = engine_new(&s, LEARNER_MASK_CLASSIC, 0, err, sizeof err);
    if (!e)
        return NAN;
    double worst = 0;
    EngineStatus st;
    double t_end = cli_now() + 0.3; /* let it run a little first */
    while (cli_now() < t_end)
        engine_status(e, &st);
    for (int i = 0; i < trials; i++) {
        Setup t = s;
        t.C = (uint64_t)(1024 << (i % 4));
        double t0 = cli_now();
        engine_apply(e, &t);
        do {
            usleep(100);
            engine_status(e, &st);
        } while (st.setup.C != t.C && cli_now() - t0 < 2);
        double d = cli_now() - t0;
        worst = d > worst ? d : worst;
        s = t;
    }
    engine_free(e);
    return worst * 1000;
}

/* The NumPy reference on the same work; 0 if it ran. */
static int compare(uint64_t n)
{
    char cmd[2048], path[1024];
    snprintf(path, sizeof path, "%s/bench/ref.py", SKSCOPE_SOURCE_ROOT);
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "skscope bench: %s not found\n", path);
        return -1;
    }
    printf("\ncomparison with the NumPy reference (world + unlimited Bayes, s = 1.8, k = 2, V = 64, T = 16)\n");
    printf("%6s %14s %14s %10s %12s %12s\n", "seed", "C sent/s", "NumPy sent/s", "ratio", "K (C)", "K (NumPy)");
    double sc = 0, sp = 0, kc = 0, kp = 0, kc2 = 0, kp2 = 0, ec = 0, ep = 0;
    int m = 0;
    /* K/n^a has a random limit: single runs differ by tens of percent, so compare means over
     * enough seeds for a few-percent standard error. */
    int seeds = n <= 200000 ? 8 : 20;
    for (int seed = 1; seed <= seeds; seed++) {
        Result r;
        char setup[64];
        snprintf(setup, sizeof setup, "seed=%d", seed);
        if (run_case(setup, 1u << LEARNER_BAYES, n, &r) != 0)
            return -1;
        snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' --sentences %llu --s 1.8 --k 2 --V 64 --T 16 --seed %d --json",
                 path, (unsigned long long)n, seed);
        FILE *p = popen(cmd, "r");
        if (!p)
            return -1;
        char line[4096] = "";
        char *got = fgets(line, sizeof line, p);
        int st = pclose(p);
        double sps = NAN, K = NAN, ex = NAN;
        if (got && st == 0) {
            char *q = strstr(line, "\"sentences_per_second\":");
            if (q)
                sps = strtod(q + 23, NULL);
            q = strstr(line, "\"distinct_facts\":");
            if (q)
                K = strtod(q + 17, NULL);
            q = strstr(line, "\"expected_excess_bits\":");
            if (q)
                ex = strtod(q + 23, NULL);
        }
        if (!isfinite(sps)) {
            fprintf(stderr, "skscope bench: the NumPy reference failed (%s)\n", cmd);
            return -1;
        }
        double csps = (double)r.sentences / r.seconds;
        printf("%6d %14.4g %14.4g %9.1fx %12llu %12.0f\n", seed, csps, sps, csps / sps, (unsigned long long)r.K, K);
        row("compare", "ratio", csps / sps, "x");
        sc += csps;
        sp += sps;
        kc += (double)r.K;
        kp += K;
        kc2 += (double)r.K * (double)r.K;
        kp2 += K * K;
        ec += r.excess;
        ep += ex;
        m++;
    }
    double mkc = kc / m, mkp = kp / m;
    double se = sqrt((kc2 / m - mkc * mkc) / m + (kp2 / m - mkp * mkp) / m);
    printf("mean speed ratio %.2fx; mean K %.0f (C) vs %.0f (NumPy): difference %.1f standard errors; "
           "mean expected excess %.5f vs %.5f bits\n",
           sc / sp, mkc, mkp, se > 0 ? fabs(mkc - mkp) / se : 0, ec / m, ep / m);
    return 0;
}

/* The simulation cases: the world alone and with each learner, at s = 1.2, 1.8 and 3. "x replay"
 * is ns a sentence over the replay floor of the same run; "x RNG" over (draws a sentence x ns a
 * bare draw). The floor is measured before and after each s's cases, and the lower is kept. */
static void case_table(uint64_t n, double rng_ns)
{
    static const struct {
        const char *name;
        unsigned mask;
    } cases[] = {{"world alone", 0},
                 {"world+bayes", 1u << LEARNER_BAYES},
                 {"world+bayes-cap", 1u << LEARNER_BAYES_CAP},
                 {"world+sgd", 1u << LEARNER_SGD},
                 {"world+bayes+bayes-cap", (1u << LEARNER_BAYES) | (1u << LEARNER_BAYES_CAP)},
                 {"world+all three", LEARNER_MASK_CLASSIC}};
    enum { NCASES = sizeof cases / sizeof cases[0] };
    static const char *const svals[] = {"1.2", "1.8", "3"};
    for (size_t si = 0; si < 3; si++) {
        char setup[32], name[64];
        snprintf(setup, sizeof setup, "s=%s", svals[si]);
        Result r[NCASES];
        int ok[NCASES];
        Floor f0, f1;
        int have0 = replay_floor(setup, n, &f0) == 0;
        for (size_t ci = 0; ci < NCASES; ci++)
            ok[ci] = run_case(setup, cases[ci].mask, n, &r[ci]) == 0;
        int have1 = replay_floor(setup, n, &f1) == 0;
        if (have1 && (!have0 || f1.ns < f0.ns))
            f0 = f1;
        double fns = have0 || have1 ? f0.ns : NAN;
        if (!csv_out) {
            printf("\ns = %s: replay floor %.2f ns/sentence (%llu sentences, %llu facts)\n", svals[si], fns,
                   (unsigned long long)f0.sentences, (unsigned long long)f0.K);
            printf("  %-22s %12s %9s %8s %8s %8s %10s %10s\n", "case", "sentences/s", "ns/sent", "x replay", "draws",
                   "x RNG", "peak RSS", "B/fact");
        }
        snprintf(name, sizeof name, "s=%s replay floor", svals[si]);
        row(name, "ns_per_sentence", fns, "ns");
        for (size_t ci = 0; ci < NCASES; ci++) {
            snprintf(name, sizeof name, "s=%s %s", svals[si], cases[ci].name);
            if (!ok[ci]) {
                printf("  %-22s failed\n", cases[ci].name);
                continue;
            }
            double sps = (double)r[ci].sentences / r[ci].seconds, ns = r[ci].seconds / (double)r[ci].sentences * 1e9;
            double xr = ns / fns, xf = ns / (r[ci].draws * rng_ns);
            double bpf = r[ci].sim_bytes / (double)(r[ci].K ? r[ci].K : 1);
            if (!csv_out)
                printf("  %-22s %12.4g %9.1f %8.2f %8.2f %8.1f %9.1fM %10.1f\n", cases[ci].name, sps, ns, xr, r[ci].draws,
                       xf, r[ci].peak_rss / 1048576, bpf);
            row(name, "sentences_per_s", sps, "1/s");
            row(name, "ns_per_sentence", ns, "ns");
            row(name, "x_replay_floor", xr, "");
            row(name, "draws_per_sentence", r[ci].draws, "");
            row(name, "x_rng_floor", xf, "");
            row(name, "peak_rss", r[ci].peak_rss, "bytes");
            row(name, "bytes_per_fact", bpf, "bytes");
        }
    }
}

int cmd_bench(int argc, char **argv)
{
    int quick = 0, cmp = 0;
    uint64_t n = 0;
    static const struct option opts[] = {{"quick", no_argument, NULL, 'q'},    {"csv", no_argument, NULL, 'c'},
                                         {"compare", no_argument, NULL, 'p'},  {"sentences", required_argument, NULL, 'n'},
                                         {"help", no_argument, NULL, 'h'},     {NULL, 0, NULL, 0}};
    optind = 1;
    opterr = 0;
    int c;
    char err[256];
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'q': quick = 1; break;
        case 'c': csv_out = 1; break;
        case 'p': cmp = 1; break;
        case 'n':
            if (numparse_u64(optarg, &n, err, sizeof err) != 0)
                return cli_usage_error("bench", "--sentences: %s (valid: 1000 to 2^63)", err);
            if (n < 1000)
                return cli_usage_error("bench", "--sentences: too few (valid: 1000 to 2^63)");
            break;
        case 'h': fputs(bench_help, stdout); return EXIT_OK;
        case ':': return cli_option_error("bench", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_option_error("bench", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!n)
        n = quick ? 2000000 : 20000000;
    if (csv_out)
        printf("case,measure,value,unit\n");
    double floor_ns = rng_floor(quick ? 100000000 : 500000000);
    double gsl_ns = gsl_call(quick ? 20000000 : 100000000);
    if (!csv_out) {
        printf("skscope %s bench%s: one thread; %llu sentences per case\n", SKSCOPE_VERSION, quick ? " --quick" : "",
               (unsigned long long)n);
        printf("random numbers: %.3f ns per draw inline, %.3f ns through GSL's call path\n", floor_ns, gsl_ns);
    }
    row("rng", "ns_per_draw", floor_ns, "ns");
    row("rng_gsl_call", "ns_per_draw", gsl_ns, "ns");
    case_table(n, floor_ns);
    if (!quick) {
        /* Long runs: 1e9 at the defaults (all learners, as `skscope run`), 1e8 at s = 1.2. */
        Result big, s12, ref;
        if (!csv_out)
            printf("\nlong runs\n");
        if (run_case("", LEARNER_MASK_CLASSIC, 1000000000, &big) == 0) {
            if (!csv_out)
                printf("  1e9 sentences, defaults, all three learners: %.1f s, peak RSS %.1f MiB, K %llu (%.1f B/fact)\n",
                       big.seconds, big.peak_rss / 1048576, (unsigned long long)big.K, big.sim_bytes / (double)big.K);
            row("1e9 defaults all", "seconds", big.seconds, "s");
            row("1e9 defaults all", "peak_rss", big.peak_rss, "bytes");
        }
        if (run_case("s=1.2", (1u << LEARNER_BAYES) | (1u << LEARNER_BAYES_CAP), 100000000, &s12) == 0 &&
            run_case("", (1u << LEARNER_BAYES) | (1u << LEARNER_BAYES_CAP), 100000000, &ref) == 0) {
            double a = s12.seconds / (double)s12.sentences, b = ref.seconds / (double)ref.sentences;
            if (!csv_out)
                printf("  1e8 sentences, world+bayes+bayes-cap: s = 1.2 %.1f ns/sentence (K %llu), s = 1.8 %.1f: %.2fx\n",
                       a * 1e9, (unsigned long long)s12.K, b * 1e9, a / b);
            row("1e8 s=1.2 vs s=1.8", "cost_ratio", a / b, "x");
        }
    }
    /* Two simulations on two cores against one after the other (only meaningful when the
     * process may use two CPUs: `taskset -c 1 skscope bench` pins it to one). */
    uint64_t pn = quick ? 2000000 : 20000000;
    int ncpu = cli_cpus();
    if (ncpu < 2) {
        if (!csv_out)
            printf("\nparallel: skipped, this process may use only %d CPU (run without taskset)\n", ncpu);
    } else {
        /* Best of three for each: the first run of a process also pays for page faults. */
        double t1 = INFINITY, t2 = INFINITY;
        for (int k = 0; k < 3; k++) {
            double a = parallel(1, 2, pn), b = parallel(2, 2, pn);
            t1 = a < t1 ? a : t1;
            t2 = b < t2 ? b : t2;
        }
        if (!csv_out)
            printf("\nparallel: 2 simulations of %llu sentences: %.2f s on one thread, %.2f s on two: %.2fx\n",
                   (unsigned long long)pn, t1, t2, t1 / t2);
        row("parallel 2 jobs", "speedup", t1 / t2, "x");
    }
    /* The explorer. */
    double m80, x80, m200, x200;
    if (frame_time(80, 24, &m80, &x80) == 0 && frame_time(200, 60, &m200, &x200) == 0) {
        if (!csv_out)
            printf("explorer frame (draw + screen update, off-screen): 80x24 %.3f ms (max %.3f), 200x60 %.3f ms (max %.3f)\n",
                   m80, x80, m200, x200);
        row("frame 80x24", "ms", m80, "ms");
        row("frame 200x60", "ms", m200, "ms");
    }
    double lat = knob_latency(quick ? 8 : 40);
    if (!csv_out)
        printf("knob change in force in the running engine: worst %.1f ms (plus at most one 16.7 ms frame to show)\n", lat);
    row("knob change", "worst_ms", lat, "ms");
    if (cmp && compare(quick ? 200000 : 1000000) != 0)
        return EXIT_RUNTIME;
    return EXIT_OK;
}
