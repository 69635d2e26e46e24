/*
 * cmd_run.c: `skscope run`, a headless simulation that writes the CSV files of SPEC 4.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "skscope/atomicfile.h"
#include "skscope/numparse.h"
#include "skscope/plot.h"
#include "skscope/scenario.h"
#include "skscope/series.h"
#include "skscope/session.h"
#include "skscope/sim.h"
#include "skscope/theory.h"

#define CHUNK (1u << 20) /* sentences between progress and interrupt checks */
#define MAX_CHANGES 64

static const char run_help[] =
    "usage: skscope run [options]\n"
    "Simulate the world and the learners without a terminal and write CSV.\n"
    "\n"
    "  --setup STRING      knobs, e.g. 's=1.8,k=2,C=4096,V=64,T=16,seed=1' (see 'skscope help knobs'),\n"
    "                      and changes during the run after a ';', e.g. 's=1.8;@5e6:C=256'\n"
    "  --scenario FILE     an INI scenario (knobs and [run] keys); --setup and --set apply on top\n"
    "  --set KEY=VALUE     one knob (repeatable)\n"
    "  --seed N            the seed (same as --set seed=N)\n"
    "  --sentences N       how many sentences (accepts 1e7, 10M; default 1M)\n"
    "  --points P          log-spaced sample points (default 100)\n"
    "  --per-decade D      sample at D points a decade from sentence 1, as the explorer's history\n"
    "                      (D = 20) and its export do, and at the last sentence (instead of --points)\n"
    "  --learner LIST      bayes, bayes-cap, sgd, neural; classic (the first three, the default) or all\n"
    "  --finetune-at N     start the fine-tuning phase at sentence N (same as --set ft_at=N)\n"
    "  --at N:SETUP        change knobs live at sentence N (repeatable), e.g. --at 1e6:s=1.5\n"
    "  --csv FILE          write the time series (SPEC 4 columns first)\n"
    "  --facts-csv FILE    write the per-fact table at the end\n"
    "  --force             overwrite existing output files\n"
    "  --plot              also write a gnuplot script beside the --csv file (skscope plot)\n"
    "  --text              print every sentence as words on standard output (no summary)\n"
    "  --max-facts N       stop with an error before the world holds more distinct facts\n"
    "  --quiet             no progress bar and no summary\n"
    "  --help              this text\n"
    "\n"
    "Exit status: 0 done, 1 runtime failure (nothing partial is left behind), 2 usage error.\n";

typedef struct Change {
    uint64_t at;          /* sentence count (sentences) */
    int order;            /* position on the command line (equal counts apply in this order) */
    char setup[256];      /* setup string applied there */
} Change;

typedef struct RunArgs {
    Scenario sc;          /* setup + run keys */
    unsigned learners;    /* mask */
    uint64_t sentences;
    int points;
    int per_decade;       /* > 0: sample on the explorer's grid of this many points a decade */
    const char *csv, *facts_csv;
    int force, quiet, text, plot;
    uint64_t max_facts;
    Change changes[MAX_CHANGES];
    int nchanges;
    Session session;      /* the base setup (sc.setup) and the changes during the run */
} RunArgs;

enum { OPT_SETUP = 256, OPT_SCENARIO, OPT_SET, OPT_SEED, OPT_SENTENCES, OPT_POINTS, OPT_LEARNER,
       OPT_FT_AT, OPT_AT, OPT_CSV, OPT_FACTS, OPT_FORCE, OPT_TEXT, OPT_MAXFACTS, OPT_QUIET,
       OPT_HELP, OPT_PLOT, OPT_PER_DECADE };

static const struct option run_opts[] = {
    {"setup", required_argument, NULL, OPT_SETUP},
    {"scenario", required_argument, NULL, OPT_SCENARIO},
    {"set", required_argument, NULL, OPT_SET},
    {"seed", required_argument, NULL, OPT_SEED},
    {"sentences", required_argument, NULL, OPT_SENTENCES},
    {"points", required_argument, NULL, OPT_POINTS},
    {"per-decade", required_argument, NULL, OPT_PER_DECADE},
    {"learner", required_argument, NULL, OPT_LEARNER},
    {"learners", required_argument, NULL, OPT_LEARNER},
    {"finetune-at", required_argument, NULL, OPT_FT_AT},
    {"at", required_argument, NULL, OPT_AT},
    {"csv", required_argument, NULL, OPT_CSV},
    {"facts-csv", required_argument, NULL, OPT_FACTS},
    {"force", no_argument, NULL, OPT_FORCE},
    {"plot", no_argument, NULL, OPT_PLOT},
    {"text", no_argument, NULL, OPT_TEXT},
    {"max-facts", required_argument, NULL, OPT_MAXFACTS},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

/* The sample points of --per-decade D: the grid sim_grid_next(., D) from 1 below N, then N;
 * into out (when not NULL). Returns how many. */
static size_t grid_points(uint64_t N, int D, uint64_t *out)
{
    size_t m = 0;
    for (uint64_t p = 1; p < N; p = sim_grid_next(p, D), m++)
        if (out)
            out[m] = p;
    if (out)
        out[m] = N;
    return m + 1;
}

/* Log-spaced sample points 1 .. N (duplicates removed); returns how many. */
static size_t sample_points(uint64_t N, int P, uint64_t *out)
{
    size_t m = 0;
    for (int i = 0; i < P; i++) {
        double x = P > 1 ? pow((double)N, (double)i / (P - 1)) : (double)N;
        uint64_t p = (uint64_t)ceil(x - 1e-9);
        if (p < 1)
            p = 1;
        if (p > N || i == P - 1)
            p = N;
        if (m == 0 || p > out[m - 1])
            out[m++] = p;
    }
    return m;
}

static int by_at(const void *a, const void *b)
{
    const Change *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* The session run by ra: its base (ra->sc.setup, final), then the changes of the setup
 * string's tail (re-read on top of the final base) or of the --at options, each checked now
 * against the knobs it applies to, so a typo fails before a long run. 0, or -1 with a message. */
static int build_session(RunArgs *ra, const char *tail, char *err, size_t errlen)
{
    if (tail)
        return session_parse(&ra->session, &ra->sc.setup, tail, err, errlen);
    session_init(&ra->session, &ra->sc.setup);
    qsort(ra->changes, (size_t)ra->nchanges, sizeof *ra->changes, by_at);
    for (int i = 0; i < ra->nchanges; i++) {
        Setup next = *session_last(&ra->session);
        unsigned long long at = (unsigned long long)ra->changes[i].at;
        char msg[400];
        if (setup_parse(&next, ra->changes[i].setup, msg, sizeof msg) != 0) {
            snprintf(err, errlen, "--at %llu: %s", at, msg);
            return -1;
        }
        if (next.V != ra->sc.setup.V || next.R != ra->sc.setup.R || next.seed != ra->sc.setup.seed) {
            snprintf(err, errlen, "--at %llu: V, R and seed cannot change during a run", at);
            return -1;
        }
        if (session_add(&ra->session, ra->changes[i].at, 0, &next, err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* Parse the options. Returns -1 to continue, or an exit code. */
static int parse_args(int argc, char **argv, RunArgs *ra)
{
    char err[512];
    const char *scenario = NULL;
    /* Setup strings and --set pairs apply after the scenario, in order: collect them first.
     * Pairs made from --seed and --finetune-at are written into own[]. */
    enum { MAX_LATER = 256 };
    const char *later[MAX_LATER];
    char own[MAX_LATER][80];
    int is_setup[MAX_LATER]; /* later[i] came from --setup: it may carry a tail of changes */
    int nlater = 0;
    int have_sentences = 0, have_points = 0, have_learners = 0;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":", run_opts, NULL)) != -1) {
        if ((c == OPT_SETUP || c == OPT_SET || c == OPT_SEED || c == OPT_FT_AT) && nlater == MAX_LATER)
            return cli_usage_error("run", "too many --setup/--set/--seed options (at most %d)", MAX_LATER);
        switch (c) {
        case OPT_SETUP:
        case OPT_SET:
            is_setup[nlater] = c == OPT_SETUP;
            later[nlater++] = optarg;
            break;
        case OPT_SEED:
        case OPT_FT_AT:
            snprintf(own[nlater], sizeof own[nlater], "%s=%.60s", c == OPT_SEED ? "seed" : "ft_at", optarg);
            later[nlater] = own[nlater];
            is_setup[nlater] = 0;
            nlater++;
            break;
        case OPT_SCENARIO:
            scenario = optarg;
            break;
        case OPT_SENTENCES:
            if (numparse_u64(optarg, &ra->sentences, err, sizeof err) != 0 || ra->sentences == 0)
                return cli_usage_error("run", "--sentences: %s (valid: 1 to 2^63)",
                                       ra->sentences == 0 ? "must be at least 1" : err);
            have_sentences = 1;
            break;
        case OPT_POINTS: {
            uint64_t p;
            if (numparse_u64(optarg, &p, err, sizeof err) != 0 || p < 2 || p > 100000)
                return cli_usage_error("run", "--points: '%s' is out of range (valid: 2 to 100000)", optarg);
            ra->points = (int)p;
            have_points = 1;
            break;
        }
        case OPT_PER_DECADE: {
            uint64_t d;
            if (numparse_u64(optarg, &d, err, sizeof err) != 0 || d < 1 || d > 1000)
                return cli_usage_error("run", "--per-decade: '%s' is out of range (valid: 1 to 1000; the explorer "
                                       "samples 20)", optarg);
            ra->per_decade = (int)d;
            break;
        }
        case OPT_LEARNER:
            if (learner_parse_set(optarg, &ra->learners, err, sizeof err) != 0)
                return cli_usage_error("run", "--learner: %s", err);
            have_learners = 1;
            break;
        case OPT_AT: {
            if (ra->nchanges == MAX_CHANGES)
                return cli_usage_error("run", "too many --at options (at most %d)", MAX_CHANGES);
            const char *colon = strchr(optarg, ':');
            if (!colon)
                return cli_usage_error("run", "--at '%s': expected N:SETUP, e.g. 1e6:s=1.5", optarg);
            char num[64];
            snprintf(num, sizeof num, "%.*s", (int)(colon - optarg < 63 ? colon - optarg : 63), optarg);
            Change *ch = &ra->changes[ra->nchanges];
            ch->order = ra->nchanges;
            if (numparse_u64(num, &ch->at, err, sizeof err) != 0)
                return cli_usage_error("run", "--at: %s", err);
            if (strlen(colon + 1) >= sizeof ch->setup)
                return cli_usage_error("run", "--at: setup string longer than %zu bytes", sizeof ch->setup - 1);
            snprintf(ch->setup, sizeof ch->setup, "%s", colon + 1);
            ra->nchanges++;
            break;
        }
        case OPT_CSV:
            ra->csv = optarg;
            break;
        case OPT_FACTS:
            ra->facts_csv = optarg;
            break;
        case OPT_FORCE:
            ra->force = 1;
            break;
        case OPT_PLOT:
            ra->plot = 1;
            break;
        case OPT_TEXT:
            ra->text = 1;
            break;
        case OPT_MAXFACTS:
            if (numparse_u64(optarg, &ra->max_facts, err, sizeof err) != 0 || ra->max_facts < 1 ||
                ra->max_facts > UINT32_MAX - 1)
                return cli_usage_error("run", "--max-facts: '%s' is out of range (valid: 1 to %u)", optarg,
                                       UINT32_MAX - 1);
            break;
        case OPT_QUIET:
            ra->quiet = 1;
            break;
        case OPT_HELP:
            fputs(run_help, stdout);
            return EXIT_OK;
        case ':':
            return cli_option_error("run", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_option_error("run", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_option_error("run", "unexpected argument '%s'", argv[optind]);
    if (ra->per_decade && have_points)
        return cli_usage_error("run", "--points and --per-decade are two sample grids: give one");
    if (ra->plot && (!ra->csv || strcmp(ra->csv, "-") == 0))
        return cli_usage_error("run", "--plot needs --csv FILE (the script is written beside it)");
    if (scenario && cli_load_scenario(scenario, &ra->sc, err, sizeof err) != 0)
        return cli_usage_error("run", "%s", err);
    const char *tail = NULL;
    for (int i = 0; i < nlater; i++) {
        if (!is_setup[i]) {
            if (setup_parse(&ra->sc.setup, later[i], err, sizeof err) != 0)
                return cli_usage_error("run", "%s", err);
            continue;
        }
        Session one;
        int rc = session_parse(&one, &ra->sc.setup, later[i], err, sizeof err);
        ra->sc.setup = one.base;
        int changes = one.n > 0;
        session_free(&one);
        if (rc != 0)
            return cli_usage_error("run", "%s", err);
        if (changes && tail)
            return cli_usage_error("run", "two --setup strings carry changes (;@N:...): give them all in one");
        if (changes)
            tail = session_tail(later[i]);
    }
    if (!have_sentences && ra->sc.sentences)
        ra->sentences = ra->sc.sentences;
    if (!have_points && ra->sc.points)
        ra->points = ra->sc.points;
    if (!have_learners && ra->sc.learners)
        ra->learners = ra->sc.learners;
    if (tail && ra->nchanges)
        return cli_usage_error("run", "--at and a --setup string's changes (;@N:...) cannot be mixed: give every "
                               "change in one of them");
    if (build_session(ra, tail, err, sizeof err) != 0)
        return cli_usage_error("run", "%s", err);
    /* Two outputs on one file (or both on standard output) would lose one: refuse them now. */
    char script[4096];
    if (ra->plot)
        plot_script_path(ra->csv, script, sizeof script);
    const CliOutput outs[] = {{"--csv", ra->csv, 0},
                              {"--facts-csv", ra->facts_csv, 0},
                              {"the --plot script", ra->plot ? script : NULL, 0},
                              {"--text", ra->text ? "-" : NULL, 1}};
    return cli_check_outputs("run", outs, (int)(sizeof outs / sizeof outs[0]));
}

/* The --text tap: every sentence as a line on stdout; the errno of a failed write goes to
 * *(int *)user. */
static int print_text(const World *w, const Sentence *batch, size_t n, void *user)
{
    char buf[1024];
    for (size_t i = 0; i < n; i++) {
        world_sentence_text(w, &batch[i], buf, sizeof buf);
        if (puts(buf) == EOF) {
            *(int *)user = errno ? errno : EIO;
            return -1;
        }
    }
    return 0;
}

/* stdout_data: whether standard output carries data (--csv -, --facts-csv -, or a name that
 * is standard output's file): the summary then goes to stderr. */
static int stdout_data(const RunArgs *ra)
{
    return cli_is_stdout(ra->csv) || cli_is_stdout(ra->facts_csv);
}

/* print_summary: the human summary of a run, on `out`. */
static void print_summary(FILE *out, const RunArgs *ra, const Snapshot *s, double secs, size_t mem)
{
    const Setup *st = session_last(&ra->session);
    char *setup = session_format_alloc(&ra->session);
    double a = st->a, b = st->b, sv = a > 0 ? 1 / a : INFINITY;
    fprintf(out, "setup      %s\n", setup ? setup : "(out of memory)");
    free(setup);
    if (ra->session.n)
        fprintf(out, "changes    %zu during the run: the theory below is for the knobs in force at the end\n",
                ra->session.n);
    fprintf(out, "sentences  %llu  tokens %llu  in %.2f s (%.3g sentences/s), memory %.1f MiB\n",
            (unsigned long long)s->n, (unsigned long long)s->tokens, secs, secs > 0 ? (double)s->n / secs : 0,
            (double)mem / 1048576.0);
    fprintf(out, "facts      K %llu (E[K] %.6g)  new-fact P %.4g (E %.4g)  singletons %.4f (-> a = %.4f)\n",
            (unsigned long long)s->K, theory_expected_K(a, b, (double)s->n), s->new_prob,
            theory_new_prob(a, b, (double)s->n), s->singleton_frac, a);
    fprintf(out, "laws       Heaps beta %.4f +- %.4f (theory %.4f)   Zipf s: power-law MLE %.4f +- %.4f "
            "(cmin %llu), Pitman-Yor MLE %.4f +- %.4f (theory %.4g)\n",
            s->heaps_beta, s->heaps_beta_se, a, s->zipf_s, s->zipf_s_se, (unsigned long long)s->zipf_cmin,
            s->py_s, s->py_s_se, sv);
    fprintf(out, "%-10s %10s %10s %10s %10s %8s %8s %8s %10s\n", "learner", "loss", "excess", "exp.syn",
            "exp.know", "recall", "halluc", "abstain", "stored");
    for (int i = 0; i < s->nlearners; i++) {
        const LearnerSnap *l = &s->L[i];
        fprintf(out, "%-10s %10.5g %10.5g %10.4g %10.4g %8.4f %8.4f %8.4f %10llu\n",
                learner_kind_name((LearnerKind)l->kind), l->loss_bits, l->excess, l->exp_syntax_excess,
                l->exp_knowledge_excess, l->recall, l->halluc, l->abstain, (unsigned long long)l->stored);
    }
    fprintf(out, "(bits per sentence; loss and excess over the last window of %llu sentences)\n",
            (unsigned long long)s->window);
}

/* The files a run writes, opened before it starts: a bad path or an existing file fails
 * before the work, and they are committed together at the end (all or none). */
typedef struct RunFiles {
    AtomicFile *f[3];     /* --csv, --facts-csv, the --plot script (NULL: not written) */
    char names[1200];     /* their names, for messages */
} RunFiles;

enum { RF_CSV, RF_FACTS, RF_PLOT };

static void files_abort(RunFiles *rf)
{
    for (int i = 0; i < 3; i++) {
        atomicfile_abort(rf->f[i]);
        rf->f[i] = NULL;
    }
}

/* Open every output. EXIT_OK, or the error's status (message printed, nothing left). */
static int files_open(const RunArgs *ra, RunFiles *rf)
{
    char err[512];
    memset(rf, 0, sizeof *rf);
    const char *paths[2] = {ra->csv, ra->facts_csv};
    for (int i = 0; i < 2; i++)
        if (paths[i] && !(rf->f[i] = atomicfile_open(paths[i], ra->force, err, sizeof err))) {
            files_abort(rf);
            return cli_runtime_error("run", "%s", err);
        }
    int rc = EXIT_OK;
    if (ra->plot && !(rf->f[RF_PLOT] = cli_open_plot("run", ra->csv, ra->force, &rc))) {
        files_abort(rf);
        return rc;
    }
    size_t used = 0;
    for (int i = 0; i < 3; i++)
        if (rf->f[i] && used < sizeof rf->names)
            used += (size_t)snprintf(rf->names + used, sizeof rf->names - used, "%s%s", used ? ", " : "",
                                     atomicfile_path(rf->f[i]));
    return EXIT_OK;
}

/* Write the time series, the per-fact table and the script, then commit them as one. */
static int files_write(const RunArgs *ra, RunFiles *rf, const Snapshot *snaps, size_t ns, Sim *sim)
{
    char err[512];
    if (rf->f[RF_CSV])
        series_write(atomicfile_stream(rf->f[RF_CSV]), snaps, ns); /* stream errors: the commit says */
    if (rf->f[RF_FACTS] && sim_write_facts(sim, atomicfile_stream(rf->f[RF_FACTS]), err, sizeof err) != 0) {
        files_abort(rf);
        return cli_runtime_error("run", "%s: %s", ra->facts_csv, err);
    }
    if (rf->f[RF_PLOT]) {
        int rc = cli_plot_written("run", rf->f[RF_CSV], rf->f[RF_PLOT]);
        if (rc != EXIT_OK) {
            files_abort(rf);
            return rc;
        }
    }
    if (cli_interrupted()) {
        files_abort(rf);
        return cli_interrupted_error("run", rf->names, "while writing: nothing written");
    }
    int rc = cli_commit("run", rf->f, 3, rf->names, "while writing: nothing written");
    memset(rf->f, 0, sizeof rf->f);
    return rc;
}

/* Apply the session's changes due now (at <= the sentence count), from *ci on. 0, or an exit code. */
static int apply_due(Sim *sim, const Session *ss, size_t *ci)
{
    char err[512];
    while (*ci < ss->n && ss->change[*ci].at <= sim_sentences(sim)) {
        if (sim_apply(sim, &ss->change[*ci].setup, err, sizeof err) != 0)
            return cli_runtime_error("run", "change at sentence %llu: %s", (unsigned long long)ss->change[*ci].at,
                                     err);
        (*ci)++;
    }
    return EXIT_OK;
}

/* Why sim_advance stopped: the sentence output (stdout) that failed with *text_errno, or the
 * simulation's own error. The exit code (message printed). */
static int advance_error(const Sim *sim, int text_errno, const char *err)
{
    if (text_errno)
        return cli_output_error("run", "cannot write the sentences to standard output: %s", strerror(text_errno));
    return cli_runtime_error("run", "at sentence %llu: %s", (unsigned long long)sim_sentences(sim), err);
}

/* Run to each of the np points, taking a snapshot at each into snaps (*ns of them). A change
 * at N takes effect after the sample at N, exactly as in the explorer (engine.h), and before
 * sentence N + 1; changes at the last point still apply, for the per-fact table. A signal
 * stops it (the outputs rf are then not written). Exit code. */
static int run_points(const RunArgs *ra, Sim *sim, const uint64_t *pts, size_t np, Snapshot *snaps, size_t *ns,
                      Progress *pr, const RunFiles *rf, const int *text_errno)
{
    char err[512];
    size_t ci = 0;
    for (size_t i = 0; i < np; i++) {
        while (sim_sentences(sim) < pts[i]) {
            int rc = apply_due(sim, &ra->session, &ci);
            if (rc != EXIT_OK)
                return rc;
            uint64_t n = sim_sentences(sim), goal = pts[i];
            if (ci < ra->session.n && ra->session.change[ci].at < goal)
                goal = ra->session.change[ci].at;
            if (goal - n > CHUNK)
                goal = n + CHUNK;
            if (sim_advance(sim, goal, err, sizeof err) != 0 && !cli_interrupted())
                return advance_error(sim, *text_errno, err);
            progress_update(pr, sim_sentences(sim));
            if (cli_interrupted())
                return cli_interrupted_error("run", rf->names[0] ? rf->names : NULL,
                                             "at sentence %llu: nothing written", (unsigned long long)sim_sentences(sim));
        }
        if (sim_snapshot(sim, &snaps[*ns], err, sizeof err) != 0)
            return cli_runtime_error("run", "%s", err);
        (*ns)++;
    }
    return apply_due(sim, &ra->session, &ci);
}

static void free_args(RunArgs *ra)
{
    session_free(&ra->session);
    free(ra);
}

/* The setup was validated while parsing, so a Sim that cannot be made ran out of memory
 * (exit 1), unless a learner refuses the setup (the neural learner's V bound: exit 2). */
static int sim_error(const char *err)
{
    return strncmp(err, "out of memory", 13) == 0 ? cli_runtime_error("run", "%s", err)
                                                  : cli_usage_error("run", "%s", err);
}

int cmd_run(int argc, char **argv)
{
    RunArgs *ra = calloc(1, sizeof *ra);
    if (!ra)
        return cli_runtime_error("run", "out of memory");
    setup_default(&ra->sc.setup);
    ra->learners = LEARNER_MASK_CLASSIC;
    ra->sentences = 1000000;
    ra->points = 100;
    int rc = parse_args(argc, argv, ra);
    if (rc >= 0) {
        free_args(ra);
        return rc;
    }
    char err[512];
    int text_errno = 0;
    Sim *sim = sim_new(&ra->sc.setup, ra->learners, err, sizeof err);
    size_t np = ra->per_decade ? grid_points(ra->sentences, ra->per_decade, NULL) : (size_t)ra->points, ns = 0;
    uint64_t *pts = malloc(np * sizeof *pts);
    Snapshot *snaps = malloc(np * sizeof *snaps);
    RunFiles rf;
    memset(&rf, 0, sizeof rf);
    if (!sim)
        rc = sim_error(err);
    else if (!pts || !snaps)
        rc = cli_runtime_error("run", "out of memory");
    else
        rc = files_open(ra, &rf);
    if (rc == EXIT_OK) {
        if (ra->max_facts)
            sim_set_max_facts(sim, ra->max_facts);
        if (ra->text)
            sim_set_tap(sim, print_text, &text_errno);
        np = ra->per_decade ? grid_points(ra->sentences, ra->per_decade, pts) : sample_points(ra->sentences, ra->points, pts);
        Progress pr;
        progress_start(&pr, ra->sentences, "sentences", ra->quiet || ra->text);
        cli_catch_interrupts();
        double t0 = cli_now();
        rc = run_points(ra, sim, pts, np, snaps, &ns, &pr, &rf, &text_errno);
        double secs = cli_now() - t0;
        progress_finish(&pr);
        if (rc == EXIT_OK && ra->text && fflush(stdout) != 0)
            rc = cli_output_error("run", "cannot write the sentences to standard output: %s", strerror(errno));
        if (rc == EXIT_OK)
            rc = files_write(ra, &rf, snaps, ns, sim);
        files_abort(&rf);
        if (rc == EXIT_OK && !ra->quiet && !ra->text && ns > 0)
            print_summary(stdout_data(ra) ? stderr : stdout, ra, &snaps[ns - 1], secs, sim_memory(sim));
        if (rc == EXIT_OK && ra->plot && !ra->quiet) {
            char script[4096];
            plot_script_path(ra->csv, script, sizeof script);
            printf("gnuplot script: %s (draw it with: gnuplot %s)\n", script, script);
        }
    }
    free(pts);
    free(snaps);
    sim_free(sim);
    free_args(ra);
    return rc;
}
