/*
 * cmd_fitcorpus.c: `skscope fit-corpus FILE...`: Zipf and Heaps of real text, as a setup string
 * (and optionally a scenario) for a world like it.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "skscope/atomicfile.h"
#include "skscope/corpus.h"
#include "skscope/numparse.h"
#include "skscope/setup.h"

#define CMD "fit-corpus"
#define MAX_SENTENCES 100000000ull /* the scenario's run is as long as the text, up to this */
#define DEFAULT_MAX_BYTES 4000000000ull /* text read in all, unless --max-bytes (bytes) */

static const char fit_help[] =
    "usage: skscope fit-corpus [options] FILE...\n"
    "Fit Zipf's and Heaps' laws to real text and print a setup string for a world like it.\n"
    "\n"
    "  FILE...             UTF-8 text, plain or gzip (recognised by its magic bytes); '-' reads\n"
    "                      standard input; several files are read as one text; a FIFO is read\n"
    "                      like a pipe, a device or a directory is refused\n"
    "  --scenario OUT.ini  also write a scenario with the fitted knobs and where they came from\n"
    "  --force             overwrite an existing scenario file\n"
    "  --max-words N       store at most N distinct words (default 16M); past it words are still\n"
    "                      counted (distinct ones estimated) but the Zipf fits see only those stored\n"
    "  --max-bytes N       stop with an error past N bytes of text in all (default 4G), so that an\n"
    "                      endless pipe ends\n"
    "  --quiet             print only the setup line\n"
    "  --help              this text\n"
    "\n"
    "Words are runs of letters and digits (any script; ASCII lower-cased), with apostrophes\n"
    "inside them. Printed: the discrete power-law MLE of the word counts (s, the smallest count\n"
    "cmin and the rank range it covers), the Pitman-Yor MLE (s = 1/a, b), and the Heaps fit of\n"
    "distinct words against words over the last two decades (its +- comes from the scatter\n"
    "about the line; seed-to-seed spreads of a random source are larger). The setup line comes\n"
    "from the Pitman-Yor fit, which gives s and k consistently; it is what 'skscope run --setup'\n"
    "and the explorer's --setup read.\n"
    "\n"
    "Exit status: 0 done, 1 runtime failure (unreadable file, corrupt gzip, too little text),\n"
    "2 usage error.\n";

enum { OPT_SCENARIO = 256, OPT_FORCE, OPT_MAXWORDS, OPT_MAXBYTES, OPT_QUIET, OPT_HELP };

static const struct option fit_opts[] = {
    {"scenario", required_argument, NULL, OPT_SCENARIO},
    {"force", no_argument, NULL, OPT_FORCE},
    {"max-words", required_argument, NULL, OPT_MAXWORDS},
    {"max-bytes", required_argument, NULL, OPT_MAXBYTES},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

typedef struct FitArgs {
    const char *scenario;
    int force, quiet;
    uint64_t max_words;  /* 0: the default bound */
    uint64_t max_bytes;  /* text read in all (bytes) */
    char **files;
    int nfiles;
} FitArgs;

/* Parse the options. Returns -1 to continue, or an exit code. */
static int parse_args(int argc, char **argv, FitArgs *fa)
{
    char err[256];
    optind = 1;
    opterr = 0;
    int c;
    /* ":" first: a missing value comes back as ':', not as an unknown option */
    while ((c = getopt_long(argc, argv, ":", fit_opts, NULL)) != -1) {
        switch (c) {
        case OPT_SCENARIO:
            fa->scenario = optarg;
            break;
        case OPT_FORCE:
            fa->force = 1;
            break;
        case OPT_MAXWORDS:
            if (numparse_u64(optarg, &fa->max_words, err, sizeof err) != 0 || fa->max_words < 1 ||
                fa->max_words > (1ull << 31))
                return cli_usage_error(CMD, "--max-words: '%s' is out of range (valid: 1 to 2^31)",
                                       optarg);
            break;
        case OPT_MAXBYTES:
            if (numparse_u64(optarg, &fa->max_bytes, err, sizeof err) != 0 || fa->max_bytes < 1)
                return cli_usage_error(CMD, "--max-bytes: '%s' is out of range (valid: 1 to 2^63)", optarg);
            break;
        case OPT_QUIET:
            fa->quiet = 1;
            break;
        case OPT_HELP:
            fputs(fit_help, stdout);
            return EXIT_OK;
        case ':':
            return cli_option_error(CMD, "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_option_error(CMD, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error(CMD, "no input file (give FILE..., or '-' for standard input)");
    fa->files = argv + optind;
    fa->nfiles = argc - optind;
    return -1;
}

/* name with everything but printable ASCII replaced by '?' and cut to 60 bytes: it goes into
 * INI comments and a title, which must stay one valid line. */
static const char *safe_name(const char *name, char *buf, size_t n)
{
    size_t i = 0;
    for (; name[i] && i + 1 < n && i < 60; i++) {
        unsigned char ch = (unsigned char)name[i];
        buf[i] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
    }
    buf[i] = 0;
    if (name[i] && n > 4 && i >= 3)
        memcpy(buf + i - 3, "...", 3);
    return buf;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s && s[1] ? s + 1 : path;
}

/* One number to 4 significant digits (LC_NUMERIC is never set: '.' is the decimal point). */
static const char *num(double v, char *buf, size_t n)
{
    snprintf(buf, n, "%.4g", v);
    return buf;
}

/* The alternative setup from the power-law s (or the Heaps beta) and the Heaps k into buf:
 * 0 if it is a valid setup string, -1 if those fits are missing or out of the knobs' ranges,
 * -2 if setup_parse rejects it (why in err: a k out of reach at that s, for instance). */
static int alternative(const CorpusStats *st, int from_heaps, char *buf, size_t n, char *err,
                       size_t errlen)
{
    const Knob *kt = knob_table();
    double k = st->heaps_k;
    if (!st->heaps.ok || !(k >= kt[KNOB_K].min && k <= kt[KNOB_K].max))
        return -1;
    char a[32], b[32];
    if (from_heaps) {
        double beta = st->heaps.slope;
        if (!(beta >= 1 / kt[KNOB_S].max && beta <= kt[KNOB_BETA].max))
            return -1;
        snprintf(buf, n, "beta=%s,k=%s", num(beta, a, sizeof a), num(k, b, sizeof b));
    } else {
        double s = st->zipf.s;
        if (!st->zipf.ok || !(s >= kt[KNOB_S].min && s <= kt[KNOB_S].max))
            return -1;
        snprintf(buf, n, "s=%s,k=%s", num(s, a, sizeof a), num(k, b, sizeof b));
    }
    Setup probe;
    setup_default(&probe);
    return setup_parse(&probe, buf, err, errlen) == 0 ? 0 : -2;
}

/* Where the setup came from, in words, into buf (corpus_setup_source, with why a fit was not
 * used or not trusted): the scenario's comment and the report say the same. */
static const char *provenance(const CorpusStats *st, char *buf, size_t n)
{
    const char *pyw = st->py.warning ? st->py.warning : "no reason given";
    switch (corpus_setup_source(st)) {
    case CORPUS_FROM_PY:
        if (st->py.ok)
            snprintf(buf, n, "the Pitman-Yor fit, which gives s and k consistently");
        else
            snprintf(buf, n, "the Pitman-Yor fit (not trustworthy here: %s)", pyw);
        break;
    case CORPUS_FROM_HEAPS:
        if (st->truncated)
            snprintf(buf, n, "the Heaps fit: the vocabulary was truncated");
        else
            snprintf(buf, n, "the Heaps fit: the Pitman-Yor fit failed (%s)", pyw);
        break;
    default:
        snprintf(buf, n, "nothing: no fit succeeded");
        break;
    }
    return buf;
}

static void print_report(FILE *out, const FitArgs *fa, const CorpusStats *st, const char *setup)
{
    char v[7][32], name[64];
    if (fa->nfiles == 1)
        fprintf(out, "text         %s\n", safe_name(fa->files[0], name, sizeof name));
    else
        fprintf(out, "text         %d files: %s and more\n", fa->nfiles, safe_name(fa->files[0], name, sizeof name));
    fprintf(out, "bytes        %llu (%llu invalid UTF-8 sequences skipped)\n", (unsigned long long)st->bytes,
           (unsigned long long)st->bad_utf8);
    fprintf(out, "words        %llu\n", (unsigned long long)st->words);
    if (st->truncated)
        fprintf(out, "distinct     %llu (estimated: the vocabulary was truncated; the Zipf fits see only the "
               "words stored before the bound)\n", (unsigned long long)st->distinct);
    else
        fprintf(out, "distinct     %llu (vocabulary complete)\n", (unsigned long long)st->distinct);
    const FitPowerLaw *z = &st->zipf;
    if (isfinite(z->s))
        fprintf(out, "power law    s = %s +- %s  (alpha %s +- %s, cmin %llu, ranks %llu..%llu fitted, KS %.3f)%s%s\n",
               num(z->s, v[0], 32), num(z->s_se, v[1], 32), num(z->alpha, v[2], 32),
               num(z->alpha_se, v[3], 32), (unsigned long long)z->cmin, (unsigned long long)st->rank_lo,
               (unsigned long long)st->rank_hi, z->ks, z->ok ? "" : "  not ok: ",
               z->ok ? "" : z->warning ? z->warning : "?");
    else
        fprintf(out, "power law    no fit: %s\n", z->warning ? z->warning : "too few words");
    const FitPitmanYor *p = &st->py;
    if (isfinite(p->a))
        fprintf(out, "Pitman-Yor   s = %s +- %s  (a %s +- %s, b %s +- %s, k %s)%s%s\n", num(p->s, v[0], 32),
               num(p->s_se, v[1], 32), num(p->a, v[2], 32), num(p->a_se, v[3], 32), num(p->b, v[4], 32),
               num(p->b_se, v[5], 32), num(p->k, v[6], 32), p->ok ? "" : "  not ok: ",
               p->ok ? "" : p->warning ? p->warning : "?");
    else
        fprintf(out, "Pitman-Yor   no fit: %s\n", p->warning ? p->warning : "too few words");
    const FitLine *h = &st->heaps;
    if (h->ok)
        fprintf(out, "Heaps        beta = %s +- %s, k = %s  (distinct ~ k words^beta over the last two "
               "decades, %zu points)\n", num(h->slope, v[0], 32), num(h->slope_se, v[1], 32),
               num(st->heaps_k, v[2], 32), h->n);
    else
        fprintf(out, "Heaps        no fit: %s\n", h->warning ? h->warning : "?");
    fprintf(out, "setup %s\n", setup);
    char why[256];
    fprintf(out, "from         %s\n", provenance(st, why, sizeof why));
    char alt[96];
    int r = alternative(st, 0, alt, sizeof alt, why, sizeof why);
    if (r == 0)
        fprintf(out, "alternative  %s  (power-law s with the Heaps k)\n", alt);
    else if (r == -2)
        fprintf(out, "alternative  none from the power-law s with the Heaps k (%s)\n", why);
    if (alternative(st, 1, alt, sizeof alt, why, sizeof why) == 0 && strcmp(alt, setup) != 0)
        fprintf(out, "alternative  %s  (the Heaps fit alone)\n", alt);
}

/* Write the scenario to f: the knobs of `setup`, with comments saying where they came from. */
static void write_scenario(FILE *f, const FitArgs *fa, const CorpusStats *st, const char *setup)
{
    char v[6][32], name[64];
    fprintf(f, "; A world like the text: written by `skscope fit-corpus`.\n;\n");
    for (int i = 0; i < fa->nfiles && i < 5; i++)
        fprintf(f, "; text: %s\n", safe_name(fa->files[i], name, sizeof name));
    if (fa->nfiles > 5)
        fprintf(f, "; and %d more files\n", fa->nfiles - 5);
    fprintf(f, "; %llu bytes, %llu words, %llu distinct words%s, %llu invalid UTF-8 sequences\n",
            (unsigned long long)st->bytes, (unsigned long long)st->words, (unsigned long long)st->distinct,
            st->truncated ? " (estimated: vocabulary truncated)" : "", (unsigned long long)st->bad_utf8);
    if (isfinite(st->py.a))
        fprintf(f, "; Pitman-Yor MLE of the word counts: a = %s +- %s, b = %s +- %s: s = 1/a = %s, k = %s%s%s%s\n",
                num(st->py.a, v[0], 32), num(st->py.a_se, v[1], 32), num(st->py.b, v[2], 32),
                num(st->py.b_se, v[3], 32), num(st->py.s, v[4], 32), num(st->py.k, v[5], 32),
                st->py.ok ? "" : " (not ok: ", st->py.ok ? "" : st->py.warning ? st->py.warning : "?",
                st->py.ok ? "" : ")");
    if (isfinite(st->zipf.s))
        fprintf(f, "; discrete power-law MLE: s = %s +- %s (cmin %llu, ranks %llu..%llu)%s%s%s\n",
                num(st->zipf.s, v[0], 32), num(st->zipf.s_se, v[1], 32),
                (unsigned long long)st->zipf.cmin, (unsigned long long)st->rank_lo,
                (unsigned long long)st->rank_hi, st->zipf.ok ? "" : " (not ok: ",
                st->zipf.ok ? "" : st->zipf.warning ? st->zipf.warning : "?", st->zipf.ok ? "" : ")");
    if (st->heaps.ok)
        fprintf(f, "; Heaps fit, last two decades: distinct ~ %s words^%s (beta +- %s)\n",
                num(st->heaps_k, v[0], 32), num(st->heaps.slope, v[1], 32),
                num(st->heaps.slope_se, v[2], 32));
    char alt[96], why[256];
    fprintf(f, ";\n; The knobs below are the setup %s\n", setup);
    fprintf(f, "; (from %s).\n", provenance(st, why, sizeof why));
    if (alternative(st, 0, alt, sizeof alt, why, sizeof why) == 0)
        fprintf(f, "; Alternative from the power-law s and the Heaps k: %s\n", alt);
    uint64_t sentences = st->words < MAX_SENTENCES ? st->words : MAX_SENTENCES;
    fprintf(f, ";\n; A sentence states one fact as a word is one word: the run is as long as the text%s.\n",
            st->words > MAX_SENTENCES ? " (at most 100M sentences)" : "");
    fprintf(f, ";\n;   skscope run --scenario %s\n\n", strcmp(fa->scenario, "-") == 0 ? "FILE"
            : safe_name(base_name(fa->scenario), name, sizeof name));
    fprintf(f, "[scenario]\ntitle = A world like %s\n",
            safe_name(base_name(fa->files[0]), name, sizeof name));
    fprintf(f, "description = Zipf and Heaps fitted to %llu words of real text\n\n[world]\n",
            (unsigned long long)st->words);
    /* "key=value,key=value" -> one "key = value" line each */
    for (const char *p = setup; *p;) {
        size_t n = strcspn(p, ",");
        const char *eq = memchr(p, '=', n);
        if (eq)
            fprintf(f, "%.*s = %.*s\n", (int)(eq - p), p, (int)(n - (size_t)(eq - p) - 1), eq + 1);
        p += n + (p[n] == ',');
    }
    fprintf(f, "\n[run]\nsentences = %llu\npoints = 100\n", (unsigned long long)sentences);
}

static int stop_requested(void *user)
{
    (void)user;
    return cli_interrupted();
}

/* Read every file into a new corpus and fit it. 0, or an exit code (message printed); `af`, the
 * scenario being written (NULL: none), is named when a signal stops the read. */
static int read_and_fit(const FitArgs *fa, const AtomicFile *af, CorpusStats *st)
{
    char err[512];
    Corpus *c = corpus_new(fa->max_words, err, sizeof err);
    if (!c)
        return cli_runtime_error(CMD, "%s", err);
    corpus_set_limits(c, fa->max_bytes, stop_requested, NULL);
    for (int i = 0; i < fa->nfiles; i++) {
        int rc = corpus_add_file(c, fa->files[i], err, sizeof err);
        if (rc != 0) {
            corpus_free(c);
            if (rc == CORPUS_TOO_LONG)
                return cli_runtime_error(CMD, "%s: raise it with --max-bytes", err);
            if (rc == CORPUS_STOPPED)
                return cli_interrupted_error(CMD, af ? fa->scenario : NULL, "%s", err);
            return cli_runtime_error(CMD, "%s", err);
        }
    }
    int rc = corpus_finish(c, st, err, sizeof err);
    corpus_free(c);
    if (rc != 0)
        return cli_runtime_error(CMD, "%s", err);
    if (corpus_setup_source(st) == CORPUS_FROM_DEFAULTS)
        return cli_runtime_error(CMD, "no fit: the power law (%s), the Pitman-Yor fit (%s) and the Heaps fit (%s) "
                                 "all failed", st->zipf.warning ? st->zipf.warning : "?",
                                 st->py.warning ? st->py.warning : "?", st->heaps.warning ? st->heaps.warning : "?");
    return EXIT_OK;
}

int cmd_fitcorpus(int argc, char **argv)
{
    FitArgs fa = {0};
    fa.max_bytes = DEFAULT_MAX_BYTES;
    int rc = parse_args(argc, argv, &fa);
    if (rc >= 0)
        return rc;
    char err[512];
    cli_catch_interrupts();
    /* Open the scenario first: an existing file or an unwritable directory fails before a
     * large text is read. */
    AtomicFile *af = NULL;
    if (fa.scenario && !(af = atomicfile_open(fa.scenario, fa.force, err, sizeof err)))
        return cli_runtime_error(CMD, "%s", err);
    CorpusStats st;
    rc = read_and_fit(&fa, af, &st);
    if (rc != EXIT_OK) {
        atomicfile_abort(af);
        return rc;
    }
    char setup[128];
    corpus_setup_string(&st, setup, sizeof setup);
    Setup probe;
    setup_default(&probe);
    if (setup_parse(&probe, setup, err, sizeof err) != 0) {
        atomicfile_abort(af);
        return cli_runtime_error(CMD, "internal error: the fitted setup '%s' is invalid: %s", setup, err);
    }
    /* Latin-1 or binary input still "works"; say so rather than fit nonsense quietly. */
    if (st.bad_utf8 * 100 > st.bytes)
        fprintf(stderr, "skscope %s: warning: %llu invalid UTF-8 sequences in %llu bytes: is this UTF-8 "
                "text?\n", CMD, (unsigned long long)st.bad_utf8, (unsigned long long)st.bytes);
    /* With --scenario -, standard output carries the scenario alone: the report goes to stderr. */
    FILE *rep = fa.scenario && strcmp(fa.scenario, "-") == 0 ? stderr : stdout;
    if (fa.quiet)
        fprintf(rep, "setup %s\n", setup);
    else
        print_report(rep, &fa, &st, setup);
    if (!af)
        return EXIT_OK;
    write_scenario(atomicfile_stream(af), &fa, &st, setup);
    if (cli_interrupted()) {
        atomicfile_abort(af);
        return cli_interrupted_error(CMD, fa.scenario, "before the scenario was complete");
    }
    return cli_commit(CMD, &af, 1, fa.scenario, "before the scenario was complete");
}
