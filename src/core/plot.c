/*
 * plot.c: gnuplot scripts for runs and sweeps (see plot.h).
 *
 * Three steps, each pure: read the CSV into a table of doubles (libcsv, numparse: '.' decimal
 * point whatever the locale), compute what the figure shows (theory curves from theory.h,
 * log-log fits from fit.h, seed means for sweeps), and print the script. The script is built in
 * memory and copied to the caller's stream only when complete, so an error writes nothing.
 *
 * Design choices (the report of `skscope plot` repeats them in the script's opening comment):
 *  - Data inline, as gnuplot datablocks ($excess, $heaps, $n1, ...): the script is a single
 *    self-contained file that can be mailed, committed or moved without its CSV, and every number
 *    it draws (including the theory lines, which need log-Gamma ratios gnuplot cannot evaluate
 *    stably at n = 1e12) was computed here, in C, with GSL. Numbers are written in the shortest
 *    form that reads back exactly, so the datablocks carry the CSV's values bit for bit.
 *  - One output file per script, with `set multiplot layout 1,2` when there are two panels (a
 *    run: excess and Heaps; a sweep over both n and C): a figure with panels (a) and (b) is what
 *    a paper or handout includes, and one file is one thing to manage.
 *  - The terminal is a gnuplot variable `term` ('png' by default, 'svg', 'pdf'); the output is
 *    named after the script (gnuplot's ARG0: "FILE.gp" -> "FILE.png") so it lands beside the
 *    script whatever the current directory; a variable `out` overrides the name.
 *  - Nothing depends on the time, the locale or the directory: the same CSV gives the same bytes.
 */
#include "skscope/plot.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "config.h"
#include "skscope/fit.h"
#include "skscope/infile.h"
#include "skscope/numparse.h"
#include "skscope/setup.h"
#include "skscope/theory.h"

/* ---------------------------------------------------------------------------------------- */
/* Reading: a CSV with a header into a row-major table of doubles (NaN for empty fields).     */

typedef struct Table {
    char **names;       /* ncols column names */
    int ncols;
    double *v;          /* nrows x ncols */
    size_t nrows, cap;
    /* parser state */
    double *row;        /* the record being read (ncols values) */
    int field;          /* fields seen in the current record */
    size_t record;      /* records completed (the header is record 0) */
    int failed;         /* an error was recorded: ignore the rest */
    const char *path;
    char *err;
    size_t errlen;
} Table;

#define MAX_COLS 100000

static void table_free(Table *t)
{
    for (int i = 0; i < t->ncols; i++)
        free(t->names[i]);
    free(t->names);
    free(t->v);
    free(t->row);
    memset(t, 0, sizeof *t);
}

static void table_fail(Table *t, const char *fmt, const char *a, const char *b, size_t line)
{
    if (t->failed)
        return;
    t->failed = 1;
    /* every message: "PATH: ..." with optional line, column and detail */
    char msg[384];
    snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
    if (line)
        snprintf(t->err, t->errlen, "%s:%zu: %s", t->path, line, msg);
    else
        snprintf(t->err, t->errlen, "%s: %s", t->path, msg);
}

static void on_field(void *s, size_t len, void *data)
{
    Table *t = data;
    if (t->failed)
        return;
    const char *text = s ? s : "";
    if (t->record == 0) {
        if (t->ncols >= MAX_COLS) {
            table_fail(t, "more than 100000 columns: not a skscope CSV", NULL, NULL, 1);
            return;
        }
        char **nn = realloc(t->names, (size_t)(t->ncols + 1) * sizeof *nn);
        if (!nn) {
            table_fail(t, "out of memory", NULL, NULL, 0);
            return;
        }
        t->names = nn;
        char *name = malloc(len + 1);
        if (!name) {
            table_fail(t, "out of memory", NULL, NULL, 0);
            return;
        }
        memcpy(name, text, len);
        name[len] = '\0';
        t->names[t->ncols++] = name;
        return;
    }
    size_t line = t->record + 1;
    if (t->field >= t->ncols) {
        char n[32];
        snprintf(n, sizeof n, "%d", t->ncols);
        table_fail(t, "more fields than the header's %s", n, NULL, line);
        return;
    }
    double v = NAN;
    if (len > 0) {
        char buf[64], why[160];
        if (len >= sizeof buf || memchr(text, '\0', len)) {
            table_fail(t, "column '%s': not a number", t->names[t->field], NULL, line);
            return;
        }
        memcpy(buf, text, len);
        buf[len] = '\0';
        if (numparse_double(buf, &v, why, sizeof why) != 0) {
            table_fail(t, "column '%s': %s", t->names[t->field], why, line);
            return;
        }
    }
    t->row[t->field++] = v;
}

static void on_row(int c, void *data)
{
    (void)c;
    Table *t = data;
    if (t->failed)
        return;
    if (t->record == 0) {
        t->record = 1;
        t->row = malloc((size_t)(t->ncols ? t->ncols : 1) * sizeof *t->row);
        if (!t->row)
            table_fail(t, "out of memory", NULL, NULL, 0);
        t->field = 0;
        return;
    }
    size_t line = t->record + 1;
    if (t->field != t->ncols) {
        char a[32], b[32];
        snprintf(a, sizeof a, "%d", t->field);
        snprintf(b, sizeof b, "%d", t->ncols);
        table_fail(t, "%s fields, the header has %s", a, b, line);
        return;
    }
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        double *nv = realloc(t->v, cap * (size_t)t->ncols * sizeof *nv);
        if (!nv) {
            table_fail(t, "out of memory", NULL, NULL, 0);
            return;
        }
        t->v = nv;
        t->cap = cap;
    }
    memcpy(t->v + t->nrows * (size_t)t->ncols, t->row, (size_t)t->ncols * sizeof *t->row);
    t->nrows++;
    t->record++;
    t->field = 0;
}

/* libcsv's reason, in words about the file rather than the parser. */
static const char *csv_why(struct csv_parser *p)
{
    int e = csv_error(p);
    return e == CSV_EPARSE ? "a quote is not closed, or text follows a closing quote" : csv_strerror(e);
}

/* table_read: read `file`, named `path` in messages: 0, or -1 with "PATH: ..." /
 * "PATH:LINE: ..." in err. */
static int table_read(const char *file, const char *path, Table *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    t->path = path;
    t->err = err;
    t->errlen = errlen;
    FILE *fp = infile_open(file, INFILE_REGULAR, 0, err, errlen);
    if (!fp)
        return -1;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fclose(fp);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    char buf[65536];
    size_t n, total = 0, skip;
    InText text = {0, 0, 0};
    while (!t->failed && (n = fread(buf, 1, sizeof buf, fp)) > 0) {
        total += n;
        if (infile_text_block(&text, path, buf, n, INFILE_MAX_LINE, &skip, err, errlen) != 0)
            t->failed = 1;
        else if (csv_parse(&p, buf + skip, n - skip, on_field, on_row, t) != n - skip)
            table_fail(t, "malformed CSV (%s)", csv_why(&p), NULL, t->record + 1);
    }
    if (!t->failed && ferror(fp))
        table_fail(t, "cannot read: %s", strerror(errno), NULL, 0);
    if (!t->failed && csv_fini(&p, on_field, on_row, t) != 0)
        table_fail(t, "malformed CSV (%s)", csv_why(&p), NULL, t->record + 1);
    csv_free(&p);
    fclose(fp);
    if (!t->failed && total == 0)
        table_fail(t, "empty file", NULL, NULL, 0);
    else if (!t->failed && t->ncols == 0)
        table_fail(t, "no header", NULL, NULL, 0);
    else if (!t->failed && t->nrows == 0)
        table_fail(t, "header only, no data rows", NULL, NULL, 0);
    if (t->failed) {
        table_free(t);
        return -1;
    }
    return 0;
}

static int col_of(const Table *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->names[i], name) == 0)
            return i;
    return -1;
}

static double cell(const Table *t, size_t r, int c)
{
    return c < 0 ? NAN : t->v[r * (size_t)t->ncols + (size_t)c];
}

#define PREFIX_MAX 63 /* longest learner prefix (Curve.key and Panel.learner hold 64 bytes) */

/* Whether `name` is "PREFIX.suffix" with a learner-like prefix: 1 to PREFIX_MAX ASCII letters,
 * digits, '-' and '_'. The prefix goes into the script's titles, keys and datablock headers,
 * so it must not be able to end a string or a line there (a CSV field may hold anything,
 * quotes and newlines included), and it must fit where it is copied. The prefix length, or 0. */
static size_t prefix_len(const char *name, const char *suffix)
{
    size_t n = strlen(name), s = strlen(suffix);
    if (!(n > s + 1 && name[n - s - 1] == '.' && strcmp(name + n - s, suffix) == 0))
        return 0;
    size_t pl = n - s - 1;
    if (pl > PREFIX_MAX)
        return 0;
    for (size_t i = 0; i < pl; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return 0;
    }
    return pl;
}

/* ---------------------------------------------------------------------------------------- */
/* Writing numbers and text.                                                                  */

typedef struct Num {
    char s[48];
} Num;

/* Replace the locale's decimal point (which may be several bytes) by '.'. */
static void fix_point(char *s)
{
    const struct lconv *lc = localeconv();
    const char *dp = lc && lc->decimal_point && *lc->decimal_point ? lc->decimal_point : ".";
    if (strcmp(dp, ".") == 0)
        return;
    size_t dl = strlen(dp);
    char *p;
    while ((p = strstr(s, dp)) != NULL) {
        *p = '.';
        memmove(p + 1, p + dl, strlen(p + dl) + 1);
    }
}

/* Shortest exact form, "NaN" for non-finite values (gnuplot skips those points). */
static Num num_exact(double v)
{
    Num n;
    if (!isfinite(v))
        snprintf(n.s, sizeof n.s, "NaN");
    else
        numparse_format(v, n.s, sizeof n.s);
    return n;
}

/* Fixed decimals ("-0.443"), "n/a" for non-finite values. */
static Num num_fixed(double v, int prec)
{
    Num n;
    if (!isfinite(v)) {
        snprintf(n.s, sizeof n.s, "n/a");
        return n;
    }
    if (fabs(v) < 0.5 * pow(10, -prec))
        v = 0; /* no "-0.000" */
    snprintf(n.s, sizeof n.s, "%.*f", prec, v);
    fix_point(n.s);
    return n;
}

/* Significant digits ("0.9648", "4096"). */
static Num num_sig(double v, int sig)
{
    Num n;
    if (!isfinite(v)) {
        snprintf(n.s, sizeof n.s, isinf(v) ? "∞" : "n/a");
        return n;
    }
    snprintf(n.s, sizeof n.s, "%.*g", sig, v);
    fix_point(n.s);
    return n;
}

/* A value for a key label (enhanced text): 10^{k} for exact powers of ten from 1000 up, whole
 * numbers in full below 10^9 ("16384"), else 4 significant digits with "e+04" as "·10^{4}". */
static Num num_label(double v)
{
    Num n;
    if (isfinite(v) && v >= 1000) {
        double e = round(log10(v));
        if (pow(10, e) == v) {
            snprintf(n.s, sizeof n.s, "10^{%d}", (int)e);
            return n;
        }
    }
    if (isfinite(v) && v == floor(v) && fabs(v) < 1e9) {
        snprintf(n.s, sizeof n.s, "%.0f", v);
        return n;
    }
    n = num_sig(v, 4);
    char *e = strchr(n.s, 'e');
    if (e) {
        int ex = atoi(e + 1);
        snprintf(e, sizeof n.s - (size_t)(e - n.s), "·10^{%d}", ex);
    }
    return n;
}

/* Text for a comment line: control characters become '?'. */
static void put_comment_text(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

/* A single-quoted gnuplot string (no escapes inside but '' for a quote). */
static void put_squoted(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputs("''", f);
        else
            fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
    }
    fputc('\'', f);
}

/* The file name without directories and without ".csv". */
static void csv_stem(const char *path, char *buf, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 4 && (strcmp(base + len - 4, ".csv") == 0 || strcmp(base + len - 4, ".CSV") == 0))
        len -= 4;
    snprintf(buf, n, "%.*s", (int)(len < 200 ? len : 200), base);
    if (!buf[0])
        snprintf(buf, n, "plot");
}

/* Okabe-Ito colours (distinguishable with colour-blindness), black kept for theory lines. */
static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#999933", "#882255"};
#define NPALETTE ((int)(sizeof palette / sizeof palette[0]))

/* The opening comment, the terminal choice and the output name. */
static void put_preamble(FILE *f, const char *csv_path, const char *what, int w_px, int h_px)
{
    char stem[256];
    csv_stem(csv_path, stem, sizeof stem);
    fputs("# ", f);
    put_comment_text(f, stem);
    fputs(".gp: ", f);
    fputs(what, f);
    fputs("\n# Written by skscope " SKSCOPE_VERSION " (`skscope plot ", f);
    put_comment_text(f, stem);
    fputs(".csv`).\n", f);
    fputs("#\n"
          "# Draw it with gnuplot 5 (the output is named after this script and written beside it):\n",
          f);
    /* the four ways to draw it, arrows aligned */
    char cmd[4][320];
    snprintf(cmd[0], sizeof cmd[0], "gnuplot %s.gp", stem);
    snprintf(cmd[1], sizeof cmd[1], "gnuplot -e \"term='svg'\" %s.gp", stem);
    snprintf(cmd[2], sizeof cmd[2], "gnuplot -e \"term='pdf'\" %s.gp", stem);
    snprintf(cmd[3], sizeof cmd[3], "gnuplot -e \"term='png'; out='fig.png'\" %s.gp", stem);
    static const char *const what_out[4] = {"%s.png (pngcairo, else png)", "%s.svg", "%s.pdf (pdfcairo, else pdf)",
                                            "fig.png"};
    int w = 0;
    for (int i = 0; i < 4; i++)
        w = (int)strlen(cmd[i]) > w ? (int)strlen(cmd[i]) : w;
    for (int i = 0; i < 4; i++) {
        fputs("#   ", f);
        put_comment_text(f, cmd[i]);
        fprintf(f, "%*s -> ", w - (int)strlen(cmd[i]), "");
        char o[300];
        snprintf(o, sizeof o, what_out[i], stem);
        put_comment_text(f, o);
        fputs("\n", f);
    }
    fputs("#\n"
          "# The data are inline ($datablocks below), so this file needs nothing else: it can be\n"
          "# moved, mailed or committed on its own. Theory values and fitted slopes were computed by\n"
          "# skscope in C (theory.h, fit.h: GSL), not by gnuplot; slopes are least squares of log10 y\n"
          "# on log10 x over the shaded window.\n"
          "\n",
          f);
    fputs("if (!exists(\"term\")) term = 'png'\n"
          "if (!exists(\"out\")) {\n"
          "    if (exists(\"ARG0\") && strlen(ARG0) > 0) {\n"
          "        out = ARG0\n"
          "        if (strlen(out) > 3 && out[strlen(out) - 2:] eq '.gp') { out = out[1:strlen(out) - 3] }\n"
          "    } else {\n"
          "        out = ",
          f);
    put_squoted(f, stem);
    fputs("\n    }\n    out = out . '.' . term\n}\n", f);
    fprintf(f,
            "if (term ne 'png' && term ne 'svg' && term ne 'pdf') {\n"
            "    print sprintf(\"term must be 'png', 'svg' or 'pdf', not '%%s'\", term)\n"
            "    exit status 2\n"
            "}\n"
            "if (term eq 'png') {\n"
            "    if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
            "        set terminal pngcairo size %d,%d enhanced font 'sans,12' background rgb 'white'\n"
            "    } else {\n"
            "        set terminal png size %d,%d enhanced background rgb 'white'\n"
            "    }\n"
            "}\n"
            "if (term eq 'svg') {\n"
            "    set terminal svg size %d,%d dynamic enhanced font 'sans,11' background rgb 'white'\n"
            "}\n"
            "if (term eq 'pdf') {\n"
            "    if (strstrt(GPVAL_TERMINALS, 'pdfcairo') > 0) {\n"
            "        set terminal pdfcairo size %s,%s enhanced font 'sans,9'\n"
            "    } else {\n"
            "        set terminal pdf size %s,%s enhanced\n"
            "    }\n"
            "}\n"
            "set output out\n"
            "set encoding utf8\n"
            "\n",
            w_px, h_px, w_px, h_px, w_px * 3 / 4, h_px * 3 / 4, num_sig(w_px / 160.0, 3).s,
            num_sig(h_px / 160.0, 3).s, num_sig(w_px / 160.0, 3).s, num_sig(h_px / 160.0, 3).s);
}

/* Axes, grid and key shared by every panel. */
static void put_axes(FILE *f)
{
    fputs("set logscale xy\n"
          "set format x '10^{%T}'\n"
          "set format y '10^{%T}'\n"
          "set mxtics 10\n"
          "set mytics 10\n"
          "set grid xtics ytics lc rgb '#d8d8d8' lw 1, lc rgb '#d8d8d8' lw 1\n"
          "set key box opaque samplen 3 spacing 1.2 font ',10'\n",
          f);
}

/* The grey fit window of a panel and its label (at the top or the bottom of the window), or
 * nothing when the window is empty. */
static void put_window(FILE *f, double lo, double hi, int top)
{
    if (!(lo > 0 && hi > lo))
        return;
    fprintf(f,
            "set object 1 rectangle from %s, graph 0 to %s, graph 1 behind fillcolor rgb '#eeeeee' "
            "fillstyle solid 1.0 noborder\n",
            num_exact(lo).s, num_exact(hi).s);
    fprintf(f, "set label 1 'shaded: fit window' at graph 0.98, graph %s right font ',9' tc rgb '#777777'\n",
            top ? "0.95" : "0.04");
}

static void put_unwindow(FILE *f) { fputs("unset object 1\nunset label 1\nset offsets 0, 0, 0, 0\n", f); }

/* Room for a key of `entries` lines at the bottom of a panel whose lines fall from the top left:
 * the y range is extended downwards so that the key takes about 4% of the height per line and
 * overlaps nothing (offsets are fractions of the data range, hence q / (1 - q)); with xmargin,
 * a little room left and right too (for error bars at the ends of an exact x range). */
static void put_key_room(FILE *f, int entries, int xmargin)
{
    double q = fmin(0.6, 0.04 * (entries + 1) + 0.02);
    const char *x = xmargin ? "graph 0.03" : "0";
    fprintf(f, "set offsets %s, %s, 0, graph %s\n", x, x, num_sig(q / (1 - q), 3).s);
}

#define SLOPE_LEN 160

/* "slope -0.443 ± 0.002" (3 decimals), or "slope n/a" with the fit's reason. */
static void slope_text(char *buf, size_t n, const FitLine *fl)
{
    if (fl->ok)
        snprintf(buf, n, "slope %s ± %s", num_fixed(fl->slope, 3).s, num_fixed(fl->slope_se, 3).s);
    else
        snprintf(buf, n, "slope n/a (%s)", fl->warning ? fl->warning : "no fit");
}

/* The machine-readable record of a fit: "# fit NAME XNAME LO HI slope S se E points N". */
static void put_fit_comment(FILE *f, const char *name, const char *xname, double lo, double hi,
                            const FitLine *fl)
{
    fputs("# fit ", f);
    put_comment_text(f, name);
    fprintf(f, " %s %s %s slope %s se %s points %zu\n", xname, num_exact(lo).s, num_exact(hi).s,
            num_exact(fl->slope).s, num_exact(fl->slope_se).s, fl->n);
}

/* ---------------------------------------------------------------------------------------- */
/* Runs.                                                                                      */

#define MAX_CURVES 16

typedef struct Curve {
    char name[128];    /* CSV column */
    char key[64];      /* short name for the key and the datablock header */
    double *y;
    FitLine fit;
    double predicted;  /* predicted slope, NaN if none */
} Curve;

static int write_run(const Table *t, const char *path, FILE *f, char *err, size_t errlen)
{
    int c_n = col_of(t, "sentences"), c_tok = col_of(t, "tokens"), c_K = col_of(t, "distinct_facts");
    int c_a = col_of(t, "a"), c_b = col_of(t, "b"), c_V = col_of(t, "V"), c_T = col_of(t, "T"),
        c_C = col_of(t, "C"), c_k = col_of(t, "k");
    const char *need[] = {"a", "b", "V"};
    int needc[] = {c_a, c_b, c_V};
    for (int i = 0; i < 3; i++)
        if (needc[i] < 0) {
            snprintf(err, errlen, "%s: run CSV without the column '%s' (written by an older skscope?)", path,
                     need[i]);
            return -1;
        }
    size_t R = t->nrows;
    Curve cv[MAX_CURVES];
    int nc = 0, single = col_of(t, "expected_excess_bits") >= 0, capacity = 0;
    memset(cv, 0, sizeof cv);
    if (single) {
        static const char *const cols[] = {"expected_excess_bits", "expected_syntax_excess_bits",
                                           "expected_knowledge_excess_bits"};
        static const char *const keys[] = {"excess", "syntax", "knowledge"};
        for (int i = 0; i < 3; i++) {
            if (col_of(t, cols[i]) < 0)
                continue;
            snprintf(cv[nc].name, sizeof cv[nc].name, "%s", cols[i]);
            snprintf(cv[nc].key, sizeof cv[nc].key, "%s", keys[i]);
            nc++;
        }
        /* One learner, unprefixed: it is capacity-limited when it ever held fewer facts than
         * the world had (unlimited Bayes stores every fact). */
        int c_st = col_of(t, "stored");
        for (size_t r = 0; r < R && c_st >= 0; r++)
            if (cell(t, r, c_st) < cell(t, r, c_K))
                capacity = 1;
    } else {
        for (int c = 0; c < t->ncols && nc < MAX_CURVES; c++) {
            size_t pl = prefix_len(t->names[c], "expected_excess_bits");
            if (!pl || pl >= sizeof cv[nc].key)
                continue;
            snprintf(cv[nc].name, sizeof cv[nc].name, "%s", t->names[c]);
            snprintf(cv[nc].key, sizeof cv[nc].key, "%.*s", (int)pl, t->names[c]);
            if (strcmp(cv[nc].key, "bayes-cap") == 0 || strcmp(cv[nc].key, "sgd") == 0)
                capacity = 1; /* the learners with C facts or slots */
            nc++;
        }
    }
    if (c_C < 0)
        capacity = 0;
    double *buf = calloc((size_t)(nc + 6) * R, sizeof *buf);
    if (!buf) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    double *n = buf, *tok = buf + R, *K = buf + 2 * R, *th = buf + 3 * R, *EK = buf + 4 * R,
           *floor_ = buf + 5 * R;
    int varies = 0;
    for (size_t r = 0; r < R; r++) {
        n[r] = cell(t, r, c_n);
        tok[r] = cell(t, r, c_tok);
        K[r] = cell(t, r, c_K);
        double a = cell(t, r, c_a), b = cell(t, r, c_b), V = cell(t, r, c_V), C = cell(t, r, c_C);
        int ok = isfinite(a) && a >= 0 && a < 1 && isfinite(b) && b > -a && n[r] >= 1;
        int okV = isfinite(V) && V >= 1 && V <= 4294967295.0;
        th[r] = ok && okV ? theory_knowledge_excess_bayes(a, b, (uint32_t)V, n[r]) : NAN;
        EK[r] = ok ? theory_expected_K(a, b, n[r]) : NAN;
        floor_[r] = capacity && ok && okV && isfinite(C) && C >= 0
                        ? theory_knowledge_excess_cap_n(a, b, (uint32_t)V, n[r], C)
                        : NAN;
        if (r > 0 && (a != cell(t, 0, c_a) || b != cell(t, 0, c_b) || V != cell(t, 0, c_V) ||
                      (c_C >= 0 && C != cell(t, 0, c_C))))
            varies = 1;
    }
    for (int i = 0; i < nc; i++) {
        cv[i].y = buf + (size_t)(6 + i) * R;
        int c = col_of(t, cv[i].name);
        for (size_t r = 0; r < R; r++)
            cv[i].y[r] = cell(t, r, c);
    }
    /* A figure needs points on its log axes: two rows with positive tokens and excess, or
     * gnuplot fails on the script ("x range is invalid") and leaves a broken image. */
    size_t drawable = 0;
    for (size_t r = 0; r < R; r++) {
        int any = 0;
        for (int i = 0; i < nc; i++)
            any |= cv[i].y[r] > 0 && isfinite(cv[i].y[r]);
        drawable += any && tok[r] > 0 && isfinite(tok[r]);
    }
    if (drawable < 2) {
        snprintf(err, errlen, "%s: nothing to draw: %zu row%s with positive tokens and expected excess (need 2)", path,
                 drawable, drawable == 1 ? "" : "s");
        free(buf);
        return -1;
    }
    /* Fits over the last decade of the x axis: tokens for the excess, sentences for Heaps. */
    double tmax = 0, nmax = 0;
    for (size_t r = 0; r < R; r++) {
        if (tok[r] > tmax)
            tmax = tok[r];
        if (n[r] > nmax)
            nmax = n[r];
    }
    size_t last = R - 1;
    double a_last = cell(t, last, c_a), b_last = cell(t, last, c_b);
    for (int i = 0; i < nc; i++) {
        fit_loglog(tok, cv[i].y, R, tmax / 10, tmax, &cv[i].fit);
        cv[i].predicted = strcmp(cv[i].key, "syntax") == 0 ? -1.0 : -(1 - a_last);
    }
    FitLine heaps;
    fit_loglog(n, K, R, nmax / 10, nmax, &heaps);

    /* preamble */
    put_preamble(f, path, "expected excess and Heaps growth of a skscope run", 1600, 640);
    fputs("# Fits over the last decade (x from max/10 to max):\n", f);
    for (int i = 0; i < nc; i++)
        put_fit_comment(f, cv[i].name, "tokens", tmax / 10, tmax, &cv[i].fit);
    put_fit_comment(f, "distinct_facts", "sentences", nmax / 10, nmax, &heaps);
    fprintf(f, "# Predicted: excess slope -(1 - a) = %s (a = 1/s = %s), Heaps slope a = %s\n",
            num_exact(-(1 - a_last)).s, num_exact(a_last).s, num_exact(a_last).s);
    if (varies)
        fputs("# Note: a, b, V or C change during this run; the theory columns use each row's values,\n"
              "# which is exact only while they are constant.\n",
              f);
    fputs("\n", f);

    /* data */
    fputs("# Panel (a): expected excess of the next sentence (bits), theory of the unlimited Bayes\n"
          "# learner log2 V x E[P(new)] (theory_knowledge_excess_bayes)",
          f);
    if (capacity)
        fputs(" and of the capacity-C learner, which falls onto\n# its floor log2 V x tail mass(C) (theory_knowledge_excess_cap_n)", f);
    fputs(".\n$excess << EOD\n# sentences tokens", f);
    for (int i = 0; i < nc; i++)
        fprintf(f, " %s", cv[i].key);
    fputs(" theory_bayes", f);
    if (capacity)
        fputs(" theory_cap", f);
    fputs("\n", f);
    for (size_t r = 0; r < R; r++) {
        fprintf(f, "%s %s", num_exact(n[r]).s, num_exact(tok[r]).s);
        for (int i = 0; i < nc; i++)
            fprintf(f, " %s", num_exact(cv[i].y[r]).s);
        fprintf(f, " %s", num_exact(th[r]).s);
        if (capacity)
            fprintf(f, " %s", num_exact(floor_[r]).s);
        fputs("\n", f);
    }
    fputs("EOD\n\n# Panel (b): distinct facts K_n and the exact E[K_n] (theory_expected_K).\n"
          "$heaps << EOD\n# sentences distinct_facts expected_K\n",
          f);
    for (size_t r = 0; r < R; r++)
        fprintf(f, "%s %s %s\n", num_exact(n[r]).s, num_exact(K[r]).s, num_exact(EK[r]).s);
    fputs("EOD\n\n", f);

    /* figure */
    double s_last = a_last > 0 ? 1 / a_last : INFINITY;
    fprintf(f, "set multiplot layout 1,2 title \"s = %s (a = %s), b = %s", num_sig(s_last, 4).s,
            num_sig(a_last, 4).s, num_sig(b_last, 4).s);
    if (c_k >= 0 && isfinite(cell(t, last, c_k)) && a_last > 0)
        fprintf(f, ", k = %s", num_sig(cell(t, last, c_k), 4).s);
    fprintf(f, ", V = %s", num_sig(cell(t, last, c_V), 10).s);
    if (c_T >= 0)
        fprintf(f, ", T = %s", num_sig(cell(t, last, c_T), 10).s);
    if (capacity)
        fprintf(f, ", C = %s", num_sig(cell(t, last, c_C), 10).s);
    fprintf(f, "%s\" font ',13'\n", varies ? " (at the end; knobs changed during the run)" : "");
    put_axes(f);
    fputs("\n# (a) expected excess vs tokens\n"
          "set title '(a) expected excess of the next sentence'\n"
          "set xlabel 'tokens'\n"
          "set ylabel 'expected excess (bits per sentence)'\n"
          "set key bottom left\n",
          f);
    put_window(f, tmax / 10, tmax, 1);
    put_key_room(f, nc + 1 + capacity, 0);
    fputs("plot ", f);
    for (int i = 0; i < nc; i++) {
        char st[SLOPE_LEN];
        slope_text(st, sizeof st, &cv[i].fit);
        const char *label = cv[i].key;
        if (single && i == 0)
            label = "excess";
        else if (single)
            label = strcmp(cv[i].key, "syntax") == 0 ? "syntax part" : "knowledge part";
        const char *pred = single && strcmp(cv[i].key, "syntax") == 0 ? " (theory -1)" : "";
        /* Curves that coincide for a while (bayes and bayes-cap until K_n reaches C; the total and
         * its knowledge part) stay visible: each is drawn narrower than the ones under it. */
        /* One learner: the knowledge part runs along the total, so it is drawn in a colour that
         * shows on the total's blue (dotted orange), and the syntax part dashed green. */
        double lw = single ? (i == 0 ? 4 : 2.5) : fmax(1.2, 3.5 - 1.1 * i);
        const char *colour = palette[i % NPALETTE];
        int dt = 1;
        if (single && strcmp(cv[i].key, "syntax") == 0) {
            colour = palette[2];
            dt = 2;
        } else if (single && strcmp(cv[i].key, "knowledge") == 0) {
            colour = palette[4];
            dt = 3;
        }
        fprintf(f, "$excess using 2:%d with lines lw %s dt %d lc rgb '%s' title \"%s: %s%s\", \\\n     ",
                3 + i, num_sig(lw, 3).s, dt, colour, label, st, pred);
    }
    fprintf(f,
            "$excess using 2:%d with lines lw 1.5 dt 2 lc rgb 'black' title \"unlimited Bayes, theory log_2V·E[P(new)]: "
            "-(1-a) = %s\"",
            3 + nc, num_fixed(-(1 - a_last), 3).s);
    if (capacity)
        fprintf(f,
                ", \\\n     $excess using 2:%d with lines lw 1.5 dt 4 lc rgb '#555555' title \"capacity C%s%s, theory: "
                "log_2V·unstored mass, onto its floor\"",
                4 + nc, varies ? "" : " = ", varies ? "" : num_label(cell(t, last, c_C)).s);
    fputs("\n", f);
    put_unwindow(f);
    char st[SLOPE_LEN];
    slope_text(st, sizeof st, &heaps);
    fputs("\n# (b) distinct facts vs sentences (Heaps)\n"
          "set title '(b) Heaps: distinct facts'\n"
          "set xlabel 'sentences n'\n"
          "set ylabel 'distinct facts K_n'\n"
          "set key top left\n",
          f);
    put_window(f, nmax / 10, nmax, 0);
    fprintf(f,
            "plot $heaps using 1:2 with lines lw 2.5 lc rgb '%s' title \"K_n: %s\", \\\n"
            "     $heaps using 1:3 with lines lw 1.5 dt 2 lc rgb 'black' title \"E[K_n] (exact): 1/s = %s\"\n",
            palette[0], st, num_fixed(a_last, 3).s);
    put_unwindow(f);
    fputs("unset multiplot\nset output\n", f);
    free(buf);
    return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Sweeps.                                                                                    */

typedef struct Point {
    double x, y;
} Point;

static int by_x(const void *p, const void *q)
{
    const Point *a = p, *b = q;
    return a->x < b->x ? -1 : a->x > b->x;
}

/* One line of a sweep panel: the rows sharing every grouping column, reduced to seed means. */
typedef struct Group {
    size_t rep;          /* first row (its knob values describe the group) */
    Point *pt;           /* raw points, then (after reduce) x and mean */
    double *se, *cnt, *theory;
    size_t n, cap;
    FitLine fit;
    double predicted;
} Group;

typedef struct Panel {
    int xcol;            /* column of the swept variable */
    int is_n;            /* 1: sentences, 0: capacity C */
    char learner[64];
    int ycol;
    int gcols[64];       /* grouping columns */
    int ng;
    int lcols[8];        /* columns shown in the labels */
    int nl;
    Group *groups;
    size_t ngroups;
} Panel;

static int same(double x, double y) { return x == y || (isnan(x) && isnan(y)); }

static void panel_free(Panel *p)
{
    for (size_t i = 0; i < p->ngroups; i++) {
        free(p->groups[i].pt);
        free(p->groups[i].se);
        free(p->groups[i].cnt);
        free(p->groups[i].theory);
    }
    free(p->groups);
    p->groups = NULL;
    p->ngroups = 0;
}

/* Whether column c varies among the groups' representative rows. */
static int varies_in(const Table *t, const Panel *p, int c)
{
    for (size_t i = 1; i < p->ngroups; i++)
        if (!same(cell(t, p->groups[i].rep, c), cell(t, p->groups[0].rep, c)))
            return 1;
    return 0;
}

/* Whether column c is a function of the label columns chosen so far (then it adds nothing). */
static int determined(const Table *t, const Panel *p, int c)
{
    for (size_t i = 0; i < p->ngroups; i++)
        for (size_t j = i + 1; j < p->ngroups; j++) {
            size_t ri = p->groups[i].rep, rj = p->groups[j].rep;
            int eq = 1;
            for (int k = 0; k < p->nl && eq; k++)
                eq = same(cell(t, ri, p->lcols[k]), cell(t, rj, p->lcols[k]));
            if (eq && !same(cell(t, ri, c), cell(t, rj, c)))
                return 0;
        }
    return 1;
}

/* Characters needed to print column c's values of the groups (shorter reads better). */
static size_t label_cost(const Table *t, const Panel *p, int c)
{
    size_t cost = 0;
    for (size_t i = 0; i < p->ngroups; i++)
        cost += strlen(num_label(cell(t, p->groups[i].rep, c)).s);
    return cost;
}

/* Choose the label columns: the grouping columns that vary, in the order s/beta, k/b (of each
 * pair of equivalent views the one with the shorter numbers first), then the rest in table
 * order, skipping any that the ones already chosen determine (beta = 1/s, b from s and k). */
static void choose_labels(const Table *t, Panel *p)
{
    int order[64], no = 0;
    const char *pairs[2][2] = {{"s", "beta"}, {"k", "b"}};
    for (int q = 0; q < 2; q++) {
        int c0 = col_of(t, pairs[q][0]), c1 = col_of(t, pairs[q][1]);
        int first = c0, second = c1;
        if (c0 >= 0 && c1 >= 0 && label_cost(t, p, c1) < label_cost(t, p, c0)) {
            first = c1;
            second = c0;
        }
        if (first >= 0)
            order[no++] = first;
        if (second >= 0)
            order[no++] = second;
    }
    for (int i = 0; i < p->ng && no < 64; i++) {
        int dup = 0;
        for (int j = 0; j < no; j++)
            dup |= order[j] == p->gcols[i];
        if (!dup)
            order[no++] = p->gcols[i];
    }
    p->nl = 0;
    for (int i = 0; i < no && p->nl < 8; i++) {
        int grouping = 0;
        for (int j = 0; j < p->ng; j++)
            grouping |= p->gcols[j] == order[i];
        if (!grouping || !varies_in(t, p, order[i]) || (p->nl > 0 && determined(t, p, order[i])))
            continue;
        p->lcols[p->nl++] = order[i];
    }
}

static int group_add(Group *g, double x, double y)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 16;
        Point *np = realloc(g->pt, cap * sizeof *np);
        if (!np)
            return -1;
        g->pt = np;
        g->cap = cap;
    }
    g->pt[g->n++] = (Point){x, y};
    return 0;
}

/* Sort by x and replace the points sharing an x by their mean (seeds); se is the standard
 * error of that mean (0 with one seed). */
static int group_reduce(Group *g)
{
    qsort(g->pt, g->n, sizeof *g->pt, by_x);
    g->se = calloc(g->n ? g->n : 1, sizeof *g->se);
    g->cnt = calloc(g->n ? g->n : 1, sizeof *g->cnt);
    g->theory = calloc(g->n ? g->n : 1, sizeof *g->theory);
    if (!g->se || !g->cnt || !g->theory)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < g->n;) {
        size_t j = i;
        double sum = 0, sum2 = 0, k = 0;
        while (j < g->n && g->pt[j].x == g->pt[i].x) {
            if (isfinite(g->pt[j].y)) {
                sum += g->pt[j].y;
                k += 1;
            }
            j++;
        }
        double mean = k > 0 ? sum / k : NAN;
        for (size_t q = i; q < j; q++)
            if (isfinite(g->pt[q].y))
                sum2 += (g->pt[q].y - mean) * (g->pt[q].y - mean);
        g->se[m] = k > 1 ? sqrt(sum2 / (k - 1) / k) : 0;
        g->cnt[m] = k;
        g->pt[m] = (Point){g->pt[i].x, mean};
        m++;
        i = j;
    }
    g->n = m;
    return 0;
}

/* The learner a panel shows: for n, the unlimited Bayes learner unless C is swept too (then the
 * capacity learner, whose lines per C bend onto their floors); for C, the capacity learner. */
static int pick_learner(const Table *t, int is_n, int c_varies, char *name, size_t n)
{
    static const char *const for_n[] = {"bayes", "bayes-cap", "sgd"};
    static const char *const for_n_cap[] = {"bayes-cap", "sgd", "bayes"};
    static const char *const for_c[] = {"bayes-cap", "sgd", "bayes"};
    const char *const *pref = is_n ? (c_varies ? for_n_cap : for_n) : for_c;
    char col[128];
    for (int i = 0; i < 3; i++) {
        snprintf(col, sizeof col, "%s.expected_knowledge_excess_bits", pref[i]);
        int c = col_of(t, col);
        if (c >= 0) {
            snprintf(name, n, "%s", pref[i]);
            return c;
        }
    }
    for (int c = 0; c < t->ncols; c++) {
        size_t pl = prefix_len(t->names[c], "expected_knowledge_excess_bits");
        if (pl && pl < n) {
            snprintf(name, n, "%.*s", (int)pl, t->names[c]);
            return c;
        }
    }
    return -1;
}

/* Build a panel: groups, seed means, theory, fits. 0 or -1 (out of memory). */
static int panel_build(const Table *t, Panel *p, int xcol, int is_n, int c_varies)
{
    memset(p, 0, sizeof *p);
    p->xcol = xcol;
    p->is_n = is_n;
    p->ycol = pick_learner(t, is_n, c_varies, p->learner, sizeof p->learner);
    int c_n = col_of(t, "sentences"), c_seed = col_of(t, "seed");
    const Knob *kt = knob_table();
    for (int k = 0; k < KNOB_COUNT && p->ng < 63; k++) {
        int c = col_of(t, kt[k].name);
        if (c >= 0 && c != c_seed && c != xcol)
            p->gcols[p->ng++] = c;
    }
    if (!is_n && c_n >= 0)
        p->gcols[p->ng++] = c_n;
    for (size_t r = 0; r < t->nrows; r++) {
        /* A row without the swept value (an empty field) has no place on the x axis; the seed
         * means in group_reduce also rely on every x comparing equal to itself. */
        if (!isfinite(cell(t, r, xcol)))
            continue;
        size_t g;
        for (g = 0; g < p->ngroups; g++) {
            int eq = 1;
            for (int k = 0; k < p->ng && eq; k++)
                eq = same(cell(t, r, p->gcols[k]), cell(t, p->groups[g].rep, p->gcols[k]));
            if (eq)
                break;
        }
        if (g == p->ngroups) {
            Group *ng = realloc(p->groups, (p->ngroups + 1) * sizeof *ng);
            if (!ng)
                return -1;
            p->groups = ng;
            memset(&p->groups[g], 0, sizeof p->groups[g]);
            p->groups[g].rep = r;
            p->ngroups++;
        }
        if (group_add(&p->groups[g], cell(t, r, xcol), cell(t, r, p->ycol)) != 0)
            return -1;
    }
    int c_s = col_of(t, "s"), c_b = col_of(t, "b"), c_V = col_of(t, "V"), c_C = col_of(t, "C");
    int cap = strcmp(p->learner, "bayes") != 0;
    for (size_t i = 0; i < p->ngroups; i++) {
        Group *g = &p->groups[i];
        if (group_reduce(g) != 0)
            return -1;
        size_t rep = g->rep;
        double s = cell(t, rep, c_s), b = cell(t, rep, c_b), V = cell(t, rep, c_V);
        /* s is empty in the CSV when a = 0 (s infinite) */
        double a = c_s >= 0 ? (isnan(s) ? 0 : 1 / s) : NAN;
        int ok = isfinite(a) && a >= 0 && a < 1 && isfinite(b) && b > -a && isfinite(V) && V >= 1 &&
                 V <= 4294967295.0;
        for (size_t j = 0; j < g->n; j++) {
            double x = g->pt[j].x, nn = is_n ? x : cell(t, rep, c_n), C = is_n ? cell(t, rep, c_C) : x;
            double th = NAN;
            if (ok && cap && isfinite(C) && C >= 0)
                th = theory_knowledge_excess_cap(a, b, (uint32_t)V, C);
            else if (ok && !cap && nn >= 1)
                th = theory_knowledge_excess_bayes(a, b, (uint32_t)V, nn);
            g->theory[j] = th;
        }
        double *x = malloc((g->n ? g->n : 1) * sizeof *x), *y = malloc((g->n ? g->n : 1) * sizeof *y);
        if (!x || !y) {
            free(x);
            free(y);
            return -1;
        }
        for (size_t j = 0; j < g->n; j++) {
            x[j] = g->pt[j].x;
            y[j] = g->pt[j].y;
        }
        fit_loglog(x, y, g->n, 0, INFINITY, &g->fit);
        free(x);
        free(y);
        s = isnan(s) && c_s >= 0 ? INFINITY : s;
        g->predicted = is_n ? -theory_exp_data(s) : -theory_exp_capacity(s);
    }
    choose_labels(t, p);
    return 0;
}

static void group_label(const Table *t, const Panel *p, const Group *g, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < p->nl && used < n; k++) {
        const char *name = t->names[p->lcols[k]];
        if (strcmp(name, "sentences") == 0)
            name = "n";
        int w = snprintf(buf + used, n - used, "%s%s = %s", k ? ", " : "", name,
                         num_label(cell(t, g->rep, p->lcols[k])).s);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static void put_panel(const Table *t, const Panel *p, FILE *f, int index, int npanels, int seeds)
{
    const char *letter = npanels > 1 ? (index == 0 ? "(a) " : "(b) ") : "";
    const char *xv = p->is_n ? "sentences n" : "capacity C";
    fprintf(f, "\n# %s%s: expected knowledge excess of %s vs %s\n", letter, p->is_n ? "data" : "capacity",
            p->learner, xv);
    if (index > 0)
        fputs("set offsets 0, 0, 0, 0\n", f);
    fprintf(f, "set title \"%sexpected knowledge excess vs %s (%s)\"\n", letter, p->is_n ? "sentences" : "capacity",
            p->learner);
    fprintf(f, "set xlabel '%s'\n", p->is_n ? "sentences n" : "capacity C (facts)");
    fputs("set ylabel 'expected knowledge excess (bits per sentence)'\n", f);
    fputs("set key bottom left\n", f); /* the lines fall from the top left */
    put_key_room(f, (int)p->ngroups + 1, 1);
    fputs("plot ", f);
    int cap = strcmp(p->learner, "bayes") != 0;
    for (size_t i = 0; i < p->ngroups; i++) {
        const Group *g = &p->groups[i];
        char label[256], st[SLOPE_LEN];
        group_label(t, p, g, label, sizeof label);
        slope_text(st, sizeof st, &g->fit);
        const char *col = palette[i % NPALETTE];
        fprintf(f, "$%c%zu using 1:2%s with %s lw 2 pt 7 ps 0.6 lc rgb '%s' title \"%s%s%s (theory %s)\", \\\n     ",
                p->is_n ? 'n' : 'c', i + 1, seeds ? ":3" : "", seeds ? "yerrorlines" : "linespoints", col, label,
                label[0] ? ": " : "", st, num_fixed(g->predicted, 3).s);
        fprintf(f, "$%c%zu using 1:5 with lines lw 1.2 dt 2 lc rgb '%s' notitle, \\\n     ", p->is_n ? 'n' : 'c',
                i + 1, col);
    }
    const char *th;
    if (p->is_n)
        th = cap ? "dashed: capacity floor log_2V·tail mass(C)"
                 : "dashed: theory log_2V·E[P(new)]; slope -(1-1/s)";
    else
        th = cap ? "dashed: theory log_2V·tail mass(C); slope -(s-1)"
                 : "dashed: unlimited Bayes log_2V·E[P(new)] (no C)";
    fprintf(f, "keyentry with lines lw 1.2 dt 2 lc rgb 'black' title \"%s\"\n", th);
}

static void put_panel_data(const Table *t, const Panel *p, FILE *f)
{
    for (size_t i = 0; i < p->ngroups; i++) {
        const Group *g = &p->groups[i];
        char label[256];
        group_label(t, p, g, label, sizeof label);
        fprintf(f, "# %s, %s", p->is_n ? "vs sentences" : "vs capacity", p->learner);
        if (label[0]) {
            fputs(", ", f);
            put_comment_text(f, label);
        }
        fputs("\n", f);
        put_fit_comment(f, t->names[p->ycol], p->is_n ? "sentences" : "C", g->n ? g->pt[0].x : NAN,
                        g->n ? g->pt[g->n - 1].x : NAN, &g->fit);
        fprintf(f, "# predicted slope %s\n", num_exact(g->predicted).s);
        fprintf(f, "$%c%zu << EOD\n# %s mean se seeds theory\n", p->is_n ? 'n' : 'c', i + 1,
                p->is_n ? "sentences" : "C");
        for (size_t j = 0; j < g->n; j++)
            fprintf(f, "%s %s %s %s %s\n", num_exact(g->pt[j].x).s, num_exact(g->pt[j].y).s,
                    num_exact(g->se[j]).s, num_exact(g->cnt[j]).s, num_exact(g->theory[j]).s);
        fputs("EOD\n\n", f);
    }
}

/* Distinct finite values of column c. */
static size_t distinct(const Table *t, int c)
{
    size_t k = 0;
    if (c < 0)
        return 0;
    for (size_t r = 0; r < t->nrows; r++) {
        double v = cell(t, r, c);
        if (!isfinite(v))
            continue;
        size_t q;
        for (q = 0; q < r; q++)
            if (cell(t, q, c) == v)
                break;
        if (q == r)
            k++;
    }
    return k;
}

static int write_sweep(const Table *t, const char *path, FILE *f, char *err, size_t errlen)
{
    int c_n = col_of(t, "sentences"), c_C = col_of(t, "C"), c_seed = col_of(t, "seed");
    int n_varies = distinct(t, c_n) > 1, c_varies = distinct(t, c_C) > 1;
    if (!n_varies && !c_varies) {
        snprintf(err, errlen,
                 "%s: the sweep has one n and one C: nothing to draw against (sweep n or C, e.g. "
                 "--grid 'n=1e4..1e7x10' or 'C=256..65536x2')",
                 path);
        return -1;
    }
    /* seeds: several rows share everything but the seed */
    int seeds = 0;
    for (size_t r = 1; r < t->nrows && c_seed >= 0 && !seeds; r++)
        if (cell(t, r, c_seed) != cell(t, 0, c_seed))
            seeds = 1;
    Panel panels[2];
    int np = 0;
    memset(panels, 0, sizeof panels);
    if (n_varies && panel_build(t, &panels[np++], c_n, 1, c_varies) != 0)
        goto oom;
    if (c_varies && panel_build(t, &panels[np++], c_C, 0, c_varies) != 0)
        goto oom;

    char what[160];
    snprintf(what, sizeof what, "expected knowledge excess of a skscope sweep vs %s",
             n_varies && c_varies ? "sentences and capacity" : n_varies ? "sentences" : "capacity");
    put_preamble(f, path, what, np > 1 ? 1600 : 900, 640);
    fputs("# Each line: the rows sharing every knob but the seed (and the swept variable), averaged\n"
          "# over seeds (error bars: standard error of the mean); slopes fitted over the whole\n"
          "# swept range of each line. Predicted slopes: -(1 - 1/s) in n, -(s - 1) in C.\n\n",
          f);
    for (int i = 0; i < np; i++)
        put_panel_data(t, &panels[i], f);
    if (np > 1)
        fputs("set multiplot layout 1,2\n", f);
    put_axes(f);
    fputs("set autoscale xfix\n", f); /* the swept values (and a margin) are the range */
    for (int i = 0; i < np; i++)
        put_panel(t, &panels[i], f, i, np, seeds);
    if (np > 1)
        fputs("unset multiplot\n", f);
    fputs("set output\n", f);
    for (int i = 0; i < np; i++)
        panel_free(&panels[i]);
    return 0;
oom:
    for (int i = 0; i < 2; i++)
        panel_free(&panels[i]);
    snprintf(err, errlen, "%s: out of memory", path);
    return -1;
}

/* ---------------------------------------------------------------------------------------- */

enum { KIND_NONE, KIND_RUN, KIND_SWEEP };

static int kind_of(const Table *t)
{
    int has_exp = 0, has_kexp = 0;
    for (int c = 0; c < t->ncols; c++) {
        if (strcmp(t->names[c], "expected_excess_bits") == 0 || prefix_len(t->names[c], "expected_excess_bits"))
            has_exp = 1;
        if (prefix_len(t->names[c], "expected_knowledge_excess_bits"))
            has_kexp = 1;
    }
    if (t->ncols >= 3 && strcmp(t->names[0], "task") == 0 && col_of(t, "sentences") >= 0 && has_kexp)
        return KIND_SWEEP;
    if (t->ncols >= 3 && strcmp(t->names[0], "sentences") == 0 && strcmp(t->names[1], "tokens") == 0 &&
        strcmp(t->names[2], "distinct_facts") == 0 && has_exp)
        return KIND_RUN;
    return KIND_NONE;
}

int plot_write_script(const char *csv_path, FILE *out, char *err, size_t errlen)
{
    return plot_write_script_as(csv_path, csv_path, out, err, errlen);
}

int plot_write_script_as(const char *file, const char *csv_path, FILE *out, char *err, size_t errlen)
{
    Table t;
    if (table_read(file, csv_path, &t, err, errlen) != 0)
        return -1;
    int kind = kind_of(&t);
    if (kind == KIND_NONE) {
        char head[64];
        size_t used = 0;
        head[0] = '\0';
        for (int c = 0; c < t.ncols && used < 40; c++) {
            int w = snprintf(head + used, sizeof head - used, "%s%s", c ? "," : "", t.names[c]);
            if (w < 0)
                break;
            used += (size_t)w;
        }
        if (used >= 40)
            snprintf(head + 40, sizeof head - 40, "...");
        for (char *p = head; *p; p++)
            if ((unsigned char)*p < 0x20)
                *p = '?';
        snprintf(err, errlen,
                 "%s: not a skscope run or sweep CSV (header '%s'; expected 'sentences,tokens,"
                 "distinct_facts,...' or 'task,...')",
                 csv_path, head);
        table_free(&t);
        return -1;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) {
        snprintf(err, errlen, "%s: out of memory", csv_path);
        table_free(&t);
        return -1;
    }
    int rc = kind == KIND_RUN ? write_run(&t, csv_path, mem, err, errlen)
                              : write_sweep(&t, csv_path, mem, err, errlen);
    table_free(&t);
    if (fclose(mem) != 0 && rc == 0) {
        snprintf(err, errlen, "%s: out of memory", csv_path);
        rc = -1;
    }
    if (rc == 0 && fwrite(text, 1, len, out) != len) {
        snprintf(err, errlen, "writing the script: %s", strerror(errno));
        rc = -1;
    }
    free(text);
    return rc;
}

void plot_script_path(const char *csv_path, char *buf, size_t buflen)
{
    if (!buflen)
        return;
    size_t len = strlen(csv_path);
    const char *slash = strrchr(csv_path, '/');
    size_t base = slash ? (size_t)(slash - csv_path) + 1 : 0;
    if (len >= base + 5 && (strcmp(csv_path + len - 4, ".csv") == 0 || strcmp(csv_path + len - 4, ".CSV") == 0))
        len -= 4;
    snprintf(buf, buflen, "%.*s.gp", (int)len, csv_path);
}
