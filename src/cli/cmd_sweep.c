/*
 * cmd_sweep.c: `skscope sweep` (a grid of runs on all cores, one tidy CSV, the fitted exponents)
 * and `skscope merge` (parts run separately, e.g. on a cluster, put back together).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "skscope/atomicfile.h"
#include "skscope/csvout.h"
#include "skscope/learner.h"
#include "skscope/numparse.h"
#include "skscope/plot.h"
#include "skscope/scenario.h"
#include "skscope/sweep.h"

static const char sweep_help[] =
    "usage: skscope sweep --grid SPEC --csv FILE [options]\n"
    "Run a grid of simulations on all cores and write one tidy CSV (a row per point and seed),\n"
    "then print the fitted exponents beside the predicted ones.\n"
    "\n"
    "  --grid SPEC        dimensions, comma-separated: KEY=LO..HIxFACTOR, KEY=LO..HI+STEP,\n"
    "                     KEY=V1|V2|V3 or KEY=V; KEY is a knob or n (sentences), e.g.\n"
    "                     'C=256..65536x2,n=1e4..1e8x10' or 's=1.5|2|3,n=1e4..1e6x10'\n"
    "  --seeds S          seeds per point (default 1; seed, seed+1, ...)\n"
    "  --setup STRING, --scenario FILE, --set KEY=VALUE, --seed N   the knobs not swept\n"
    "                     (a scenario's sentences and learner apply unless given below)\n"
    "  --learner LIST     bayes, bayes-cap, sgd, neural; classic (the first three, default) or all\n"
    "  --sentences N      sentences when the grid has no n (default 1M)\n"
    "  --jobs J           worker threads (default: the CPUs this process may use)\n"
    "  --csv FILE         the output (written atomically; complete rows only; - is stdout)\n"
    "  --force            overwrite FILE\n"
    "  --plot             also write a gnuplot script beside the CSV\n"
    "  --quiet            no progress line, no report\n"
    "\n"
    "For a cluster: every task (a point and a seed) runs on its own:\n"
    "  --tasks            print how many tasks the grid has\n"
    "  --list             print one self-contained command per task\n"
    "  --task I           run only task I (0-based) and write its rows\n"
    "then 'skscope merge --csv ALL.csv PART...' combines the parts (and prints the fits);\n"
    "'skscope sweep --fit FILE.csv' prints the fits of a finished sweep again.\n";

typedef struct Progress2 {
    Progress p;
    uint64_t total_sentences;
} Progress2;

static void on_progress(uint64_t done, uint64_t total, uint64_t sentences, void *user)
{
    Progress2 *pr = user;
    if (!pr->p.on)
        return;
    double now = cli_now();
    if (now - pr->p.last < 0.2 && done < total)
        return;
    pr->p.last = now;
    double el = now - pr->p.t0, rate = el > 0 ? (double)sentences / el : 0;
    double eta = rate > 0 ? ((double)pr->total_sentences - (double)sentences) / rate : 0;
    char a[16], b[16];
    fprintf(stderr, "\r%llu/%llu tasks  %s sentences  %s/s  ETA %.0fs   ", (unsigned long long)done,
            (unsigned long long)total, numparse_human((double)sentences, a, sizeof a), numparse_human(rate, b, sizeof b),
            eta > 0 ? eta : 0);
    fflush(stderr);
}

static int stop_requested(void *user)
{
    (void)user;
    return cli_interrupted();
}

static int report_file(const char *path)
{
    char err[512];
    SweepTable t;
    if (sweep_read(path, &t, err, sizeof err) != 0)
        return cli_runtime_error("sweep", "%s", err);
    sweep_report(&t, stdout);
    sweep_table_free(&t);
    return EXIT_OK;
}

/* report_rows: the fit report of the sweep's rows, parsed from memory (not read back from the
 * file just written), printed on `out`. */
static int report_rows(unsigned mask, char *const *rows, uint64_t tasks, FILE *out)
{
    char *text = NULL, err[512];
    size_t len = 0;
    FILE *ms = open_memstream(&text, &len);
    if (!ms)
        return cli_runtime_error("sweep", "out of memory for the fit report");
    sweep_header(ms, mask);
    for (uint64_t t = 0; t < tasks; t++)
        if (rows[t])
            fputs(rows[t], ms);
    int bad = ferror(ms);
    if (fclose(ms) != 0 || bad) {
        free(text);
        return cli_runtime_error("sweep", "out of memory for the fit report");
    }
    FILE *in = fmemopen(text, len, "r");
    SweepTable tab;
    int rc = in ? sweep_read_stream(in, "the sweep's rows", &tab, err, sizeof err) : -1;
    if (in)
        fclose(in);
    free(text);
    if (rc != 0)
        return cli_runtime_error("sweep", "%s", in ? err : "out of memory for the fit report");
    sweep_report(&tab, out);
    sweep_table_free(&tab);
    return EXIT_OK;
}

/* Shell-quote s into buf (single quotes). */
static void quote(const char *s, char *buf, size_t n)
{
    size_t j = 0;
    if (j < n)
        buf[j++] = '\'';
    for (; *s && j + 5 < n; s++) {
        if (*s == '\'') {
            memcpy(buf + j, "'\\''", 4);
            j += 4;
        } else {
            buf[j++] = *s;
        }
    }
    if (j + 1 < n)
        buf[j++] = '\'';
    buf[j < n ? j : n - 1] = 0;
}

/* grid_varies: whether the grid has several values of knob `key`. */
static int grid_varies(const Grid *g, const char *key)
{
    for (int d = 0; d < g->ndims; d++)
        if (strcmp(g->dims[d].key, key) == 0 && g->dims[d].nvalues > 1)
            return 1;
    return 0;
}

/* Write the header and every complete task's rows, in task order, to fp; how many tasks. */
static uint64_t write_rows(FILE *fp, unsigned mask, char *const *rows, uint64_t tasks)
{
    sweep_header(fp, mask);
    uint64_t written = 0;
    for (uint64_t t = 0; t < tasks; t++)
        if (rows[t]) {
            fputs(rows[t], fp);
            written++;
        }
    return written;
}

/* Commit the sweep's outputs af[0] (the CSV) and af[1] (the script, or NULL) once the rows are
 * written: both when every task completed, the CSV alone (its whole rows) when the sweep was
 * stopped or a task failed, nothing when no task completed. The exit status. */
static int commit_sweep(const char *csv, int rc, const char *err_run, uint64_t written, uint64_t ntasks,
                        AtomicFile **af)
{
    char err[512];
    if (rc < 0 && written == 0) {
        atomicfile_abort(af[0]);
        atomicfile_abort(af[1]);
        return cli_runtime_error("sweep", "%s", err_run);
    }
    if (rc == 0 && af[1]) {
        int st = cli_plot_written("sweep", af[0], af[1]);
        if (st != EXIT_OK) {
            atomicfile_abort(af[0]);
            atomicfile_abort(af[1]);
            return st;
        }
    } else {
        atomicfile_abort(af[1]); /* a partial sweep gets no figure */
    }
    af[1] = rc == 0 ? af[1] : NULL;
    if (atomicfile_commit_all(af, 2, err, sizeof err) != 0)
        return cli_output_error("sweep", "%s", err);
    if (rc > 0)
        return cli_interrupted_error("sweep", csv, "wrote the %llu of %llu tasks that completed (whole rows only)",
                                     (unsigned long long)written, (unsigned long long)ntasks);
    if (rc < 0)
        return cli_runtime_error("sweep", "%s: wrote the %llu of %llu tasks that completed (whole rows only) to %s",
                                 err_run, (unsigned long long)written, (unsigned long long)ntasks, csv);
    return EXIT_OK;
}

/* Run the grid's tasks (or task `only`) and write the outputs af[0] (the CSV, named csv) and
 * af[1] (script or NULL), which this commits or aborts. The exit status. */
static int run_and_write(const char *csv, const Grid *g, const Setup *base, unsigned mask, int jobs, int64_t only,
                         int quiet, AtomicFile **af)
{
    char err[512];
    uint64_t tasks = sweep_tasks(g), ntasks = only >= 0 ? 1 : tasks;
    char **rows = calloc(tasks, sizeof *rows);
    if (!rows) {
        atomicfile_abort(af[0]);
        atomicfile_abort(af[1]);
        return cli_runtime_error("sweep", "out of memory for %llu tasks", (unsigned long long)tasks);
    }
    Progress2 pr;
    progress_start(&pr.p, ntasks, "tasks", quiet);
    pr.total_sentences = ntasks * g->n_values[g->n_count - 1];
    cli_catch_interrupts();
    double t0 = cli_now();
    int rc = sweep_run(g, base, mask, jobs, only, stop_requested, on_progress, &pr, rows, err, sizeof err);
    double secs = cli_now() - t0;
    if (pr.p.on)
        fputc('\n', stderr);
    if (rc == 0 && cli_interrupted())
        rc = 1; /* a signal after the last task: the rows are whole, but say so */
    uint64_t written = write_rows(atomicfile_stream(af[0]), mask, rows, tasks);
    int status = commit_sweep(csv, rc, err, written, ntasks, af);
    /* a signal while the rows were written: they are all there, but say so */
    if (status == EXIT_OK && cli_interrupted())
        status = cli_interrupted_error("sweep", csv, "wrote the %llu of %llu tasks that completed (whole rows only)",
                                       (unsigned long long)written, (unsigned long long)ntasks);
    /* With --csv -, standard output carries the CSV alone: the summary goes to stderr. */
    int to_stdout = cli_is_stdout(csv);
    if (status == EXIT_OK && !quiet) {
        FILE *rep = to_stdout ? stderr : stdout;
        fprintf(rep, "%llu tasks in %.1f s on %d thread%s; wrote %s\n", (unsigned long long)ntasks, secs, jobs,
                jobs == 1 ? "" : "s", strcmp(csv, "-") == 0 ? "standard output" : csv);
        report_rows(mask, rows, tasks, rep);
    }
    for (uint64_t t = 0; t < tasks; t++)
        free(rows[t]);
    free(rows);
    return status;
}

int cmd_sweep(int argc, char **argv)
{
    static const struct option opts[] = {
        {"grid", required_argument, NULL, 'g'},     {"seeds", required_argument, NULL, 'S'},
        {"setup", required_argument, NULL, 'u'},    {"scenario", required_argument, NULL, 'c'},
        {"set", required_argument, NULL, 'e'},      {"seed", required_argument, NULL, 'd'},
        {"learner", required_argument, NULL, 'l'},  {"learners", required_argument, NULL, 'l'},
        {"sentences", required_argument, NULL, 'n'}, {"jobs", required_argument, NULL, 'j'},
        {"csv", required_argument, NULL, 'o'},      {"force", no_argument, NULL, 'f'},
        {"plot", no_argument, NULL, 'P'},           {"quiet", no_argument, NULL, 'q'},
        {"tasks", no_argument, NULL, 'T'},          {"list", no_argument, NULL, 'L'},
        {"task", required_argument, NULL, 't'},     {"fit", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    const char *grid = NULL, *scenario = NULL, *csv = NULL, *fitfile = NULL, *later[256];
    char own[256][80];
    int nlater = 0, seeds = 1, jobs = cli_cpus(), force = 0, quiet = 0, plot = 0, want_tasks = 0, list = 0;
    unsigned mask = LEARNER_MASK_CLASSIC;
    int have_learners = 0, have_sentences = 0;
    uint64_t n_default = 1000000, u;
    int64_t only = -1;
    char err[512];
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if ((c == 'u' || c == 'e' || c == 'd') && nlater == 256)
            return cli_usage_error("sweep", "too many --setup/--set/--seed options");
        switch (c) {
        case 'g': grid = optarg; break;
        case 'S':
            if (numparse_u64(optarg, &u, err, sizeof err) != 0 || u < 1 || u > 100000)
                return cli_usage_error("sweep", "--seeds: '%s' is out of range (valid: 1 to 100000)", optarg);
            seeds = (int)u;
            break;
        case 'u':
        case 'e': later[nlater++] = optarg; break;
        case 'd':
            snprintf(own[nlater], sizeof own[nlater], "seed=%.60s", optarg);
            later[nlater] = own[nlater];
            nlater++;
            break;
        case 'c': scenario = optarg; break;
        case 'l':
            if (learner_parse_set(optarg, &mask, err, sizeof err) != 0)
                return cli_usage_error("sweep", "--learner: %s", err);
            have_learners = 1;
            break;
        case 'n':
            if (numparse_u64(optarg, &n_default, err, sizeof err) != 0)
                return cli_usage_error("sweep", "--sentences: %s (valid: 1 to 2^63)", err);
            if (n_default < 1)
                return cli_usage_error("sweep", "--sentences: must be at least 1 (valid: 1 to 2^63)");
            have_sentences = 1;
            break;
        case 'j':
            if (numparse_u64(optarg, &u, err, sizeof err) != 0 || u < 1 || u > 256)
                return cli_usage_error("sweep", "--jobs: '%s' is out of range (valid: 1 to 256)", optarg);
            jobs = (int)u;
            break;
        case 'o': csv = optarg; break;
        case 'f': force = 1; break;
        case 'P': plot = 1; break;
        case 'q': quiet = 1; break;
        case 'T': want_tasks = 1; break;
        case 'L': list = 1; break;
        case 't':
            if (numparse_u64(optarg, &u, err, sizeof err) != 0 || u > INT64_MAX)
                return cli_usage_error("sweep", "--task: %s", err);
            only = (int64_t)u;
            break;
        case 'F': fitfile = optarg; break;
        case 'h': fputs(sweep_help, stdout); return EXIT_OK;
        case ':': return cli_option_error("sweep", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_option_error("sweep", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_option_error("sweep", "unexpected argument '%s'", argv[optind]);
    if (fitfile)
        return report_file(fitfile);
    if (!grid)
        return cli_usage_error("sweep", "--grid is needed (e.g. --grid 'C=256..65536x2,n=1e4..1e8x10')");
    Scenario sc;
    memset(&sc, 0, sizeof sc);
    setup_default(&sc.setup);
    if (scenario && cli_load_scenario(scenario, &sc, err, sizeof err) != 0)
        return cli_usage_error("sweep", "%s", err);
    /* A scenario's length and learners apply unless given on the command line. */
    if (!have_sentences && sc.sentences)
        n_default = sc.sentences;
    if (!have_learners && sc.learners)
        mask = sc.learners;
    for (int i = 0; i < nlater; i++)
        if (setup_parse(&sc.setup, later[i], err, sizeof err) != 0)
            return cli_usage_error("sweep", "%s", err);
    Grid *g = malloc(sizeof *g);
    if (!g)
        return cli_runtime_error("sweep", "out of memory");
    if (sweep_parse_grid(grid, &sc.setup, seeds, n_default, g, err, sizeof err) != 0) {
        free(g);
        return cli_usage_error("sweep", "%s", err);
    }
    uint64_t tasks = sweep_tasks(g);
    if (plot && g->n_count < 2 && !grid_varies(g, "C")) {
        free(g);
        return cli_usage_error("sweep", "--plot draws the excess along n or C: the grid must vary one of them");
    }
    if (want_tasks) {
        printf("%llu\n", (unsigned long long)tasks);
        free(g);
        return EXIT_OK;
    }
    if (only >= 0 && (uint64_t)only >= tasks) {
        free(g);
        return cli_usage_error("sweep", "--task: %lld is out of range (valid: 0 to %llu)", (long long)only,
                               (unsigned long long)tasks - 1);
    }
    if (list) {
        char setup[1024], qs[1200], qg[2400], ql[64];
        setup_format(&sc.setup, setup, sizeof setup);
        quote(setup, qs, sizeof qs);
        quote(grid, qg, sizeof qg);
        size_t used = 0;
        ql[0] = '\0';
        for (int k = 0; k < LEARNER_KINDS; k++)
            if (mask & (1u << k))
                used += (size_t)snprintf(ql + used, sizeof ql - used, "%s%s", used ? "," : "",
                                         learner_kind_name((LearnerKind)k));
        for (uint64_t t = 0; t < tasks; t++)
            printf("skscope sweep --grid %s --seeds %d --setup %s --learner %s --sentences %llu --task %llu "
                   "--csv part-%06llu.csv --quiet\n",
                   qg, seeds, qs, ql, (unsigned long long)n_default, (unsigned long long)t, (unsigned long long)t);
        free(g);
        return EXIT_OK;
    }
    if (!csv) {
        free(g);
        return cli_usage_error("sweep", "--csv FILE is needed (or --tasks, --list, --fit)");
    }
    if (plot && strcmp(csv, "-") == 0) {
        free(g);
        return cli_usage_error("sweep", "--plot needs --csv FILE (the script is written beside it)");
    }
    /* Open the outputs first: a bad path fails before hours of work. */
    char script[4096];
    if (plot)
        plot_script_path(csv, script, sizeof script);
    const CliOutput outs[] = {{"--csv", csv, 0}, {"the --plot script", plot ? script : NULL, 0}};
    int status = cli_check_outputs("sweep", outs, 2);
    AtomicFile *af[2] = {NULL, NULL};
    if (status < 0 && !(af[0] = atomicfile_open(csv, force, err, sizeof err)))
        status = cli_runtime_error("sweep", "%s", err);
    if (status < 0 && plot && !(af[1] = cli_open_plot("sweep", csv, force, &status)))
        atomicfile_abort(af[0]);
    if (status >= 0) {
        free(g);
        return status;
    }
    status = run_and_write(csv, g, &sc.setup, mask, jobs, only, quiet, af);
    free(g);
    if (status == EXIT_OK && plot && !quiet)
        printf("gnuplot script: %s (draw it with: gnuplot %s)\n", script, script);
    return status;
}

/* Write table t as CSV to out (atomically; "-" is stdout). The exit status. */
static int write_table(const SweepTable *t, const char *out, int force)
{
    char err[512];
    AtomicFile *af = atomicfile_open(out, force, err, sizeof err);
    if (!af)
        return cli_output_error("merge", "%s", err);
    CsvOut cs;
    csvout_init(&cs, atomicfile_stream(af));
    for (int k = 0; k < t->ncols; k++)
        csvout_str(&cs, t->names[k]);
    csvout_end(&cs);
    for (size_t r = 0; r < t->nrows; r++) {
        for (int k = 0; k < t->ncols; k++)
            csvout_num(&cs, t->v[r * (size_t)t->ncols + (size_t)k]);
        csvout_end(&cs);
    }
    if (cli_interrupted()) {
        atomicfile_abort(af);
        return cli_interrupted_error("merge", out, "nothing written");
    }
    return cli_commit("merge", &af, 1, out, "nothing written");
}

int cmd_merge(int argc, char **argv)
{
    static const struct option opts[] = {{"csv", required_argument, NULL, 'o'},
                                         {"force", no_argument, NULL, 'f'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *out = NULL;
    int force = 0, quiet = 0, c;
    char err[512];
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'f': force = 1; break;
        case 'q': quiet = 1; break;
        case 'h':
            puts("usage: skscope merge --csv OUT.csv [--force] [--quiet] PART.csv...\n"
                 "Combine sweep parts (from --task runs) into one CSV in task order and print the fits.\n"
                 "\n"
                 "  --csv FILE   the output (written atomically)\n"
                 "  --force      overwrite FILE\n"
                 "  --quiet      no report of the fits");
            return EXIT_OK;
        case ':': return cli_option_error("merge", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_option_error("merge", "unknown option '%s'", argv[optind - 1]);
        }
    }
    int nparts = argc - optind;
    if (!out || nparts < 1)
        return cli_usage_error("merge", "usage: skscope merge --csv OUT.csv PART.csv...");
    cli_catch_interrupts();
    SweepTable *parts = calloc((size_t)nparts, sizeof *parts);
    if (!parts)
        return cli_runtime_error("merge", "out of memory");
    const char *const *names = (const char *const *)(argv + optind);
    int status = EXIT_OK, nread = 0;
    for (; nread < nparts && status == EXIT_OK; nread++)
        if (sweep_read(names[nread], &parts[nread], err, sizeof err) != 0)
            status = cli_runtime_error("merge", "%s", err);
    SweepTable t;
    memset(&t, 0, sizeof t);
    if (status == EXIT_OK && sweep_merge(parts, names, nparts, &t, err, sizeof err) != 0)
        status = cli_runtime_error("merge", "%s", err);
    for (int i = 0; i < nread; i++)
        sweep_table_free(&parts[i]);
    free(parts);
    if (status == EXIT_OK)
        status = write_table(&t, out, force);
    /* The report from the merged rows in memory; with --csv -, on stderr (stdout is the CSV). */
    if (status == EXIT_OK && !quiet) {
        FILE *rep = cli_is_stdout(out) ? stderr : stdout;
        fprintf(rep, "merged %d part%s: %zu rows into %s\n", nparts, nparts == 1 ? "" : "s", t.nrows,
                strcmp(out, "-") == 0 ? "standard output" : out);
        sweep_report(&t, rep);
    }
    sweep_table_free(&t);
    return status;
}
