/*
 * panels.c: the explorer's screen, drawn from a Ui (no input handling here).
 *
 *   status line        sentences, tokens, facts, speed, learner, seed, running/paused
 *   Knobs | Loss       sliders | excess loss vs tokens, theory dashed, fit beside prediction
 *   Heaps | Zipf | Recall
 *   hint line          keys, or the latest message / the selected knob's meaning
 * Below 80x24 the knobs shrink to the selected one and the lower row shows one panel at a time
 * ('v' cycles); below 40x12 a single message asks for a larger window.
 */
#include "tui.h"

#include <curses.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_sf_gamma.h>

#include "skscope/numparse.h"
#include "skscope/session.h"
#include "skscope/fit.h"
#include "skscope/learner.h"
#include "skscope/presets.h"
#include "skscope/theory.h"

#define MIN_W 40
#define MIN_H 12
#define FULL_W 80
#define FULL_H 24

/* The speed slider's paces, decades of sentences a minute; its far right: as fast as possible. */
#define PACE_LO 0.25
#define PACE_HI 32.0
#define PACE_MAX_AT 0.97 /* positions from here on: as fast as possible */

/* The sliders, in screen order: every knob of the table, in table order (so grouped by page),
 * then the speed. Range, scale and notch are the knob table's. */
static const Slider sliders[] = {
    {KNOB_S}, {KNOB_BETA}, {KNOB_K}, {KNOB_B}, {KNOB_V}, {KNOB_R}, {KNOB_EPS}, {KNOB_T}, {KNOB_GAMMA},
    {KNOB_L}, {KNOB_EPS_SYN}, {KNOB_C}, {KNOB_ETA}, {KNOB_TAU}, {KNOB_NN_D}, {KNOB_NN_H},
    {KNOB_NN_HIDDEN}, {KNOB_NN_LR}, {KNOB_NN_WD}, {KNOB_NN_ADAM}, {KNOB_FT_AT}, {KNOB_FT_T},
    {KNOB_FT_F}, {KNOB_FT_R}, {KNOB_FT_M}, {KNOB_SEED}, {-1},
};
_Static_assert(sizeof sliders / sizeof sliders[0] == KNOB_COUNT + 1, "a slider for every knob, then the speed");
_Static_assert(sizeof sliders / sizeof sliders[0] <= sizeof ((Ui *)0)->slider_row / sizeof(int), "slider_row too short");

const Slider *ui_sliders(int *n)
{
    *n = (int)(sizeof sliders / sizeof sliders[0]);
    return sliders;
}

/* v rounded to `digits` significant digits (slider positions give clean numbers). */
static double round_sig(double v, int digits)
{
    double p = pow(10, digits - 1 - floor(log10(fabs(v))));
    return round(v * p) / p;
}

double ui_slider_value(const Ui *ui, int i)
{
    const Slider *s = &sliders[i];
    return s->knob < 0 ? ui->pace.decades_per_min : setup_get(&ui->setup, (KnobId)s->knob);
}

void ui_set_pace(Ui *ui, const ScenarioPace *p)
{
    ui->pace = *p;
    engine_set_pace(ui->eng, p);
}

ScenarioPace ui_pace_step(const ScenarioPace *p, int dir)
{
    double d = p->decades_per_min;
    if (d <= 0) /* from a rate or from max: the nearest end of the log scale */
        d = p->per_s > 0 ? (dir > 0 ? PACE_LO / 2 : PACE_LO * 2) : PACE_HI * 2;
    d = dir > 0 ? d * 2 : d / 2;
    if (d > PACE_HI)
        return (ScenarioPace){0, 0};
    return (ScenarioPace){0, d < PACE_LO ? PACE_LO : d};
}

double ui_slider_fraction(const Ui *ui, int i)
{
    const Slider *s = &sliders[i];
    double v = ui_slider_value(ui, i);
    if (s->knob < 0) { /* the pace on a log scale, or a rate at the left end, or max at the right */
        if (ui->pace.decades_per_min <= 0)
            return ui->pace.per_s > 0 ? 0 : 1;
        double f = PACE_MAX_AT * log(v / PACE_LO) / log(PACE_HI / PACE_LO);
        return f < 0 ? 0 : f > PACE_MAX_AT ? PACE_MAX_AT : f;
    }
    return knob_fraction(&knob_table()[s->knob], v);
}

void ui_slider_set_fraction(Ui *ui, int i, double f)
{
    const Slider *s = &sliders[i];
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    if (s->knob < 0) {
        double d = round_sig(PACE_LO * pow(PACE_HI / PACE_LO, f / PACE_MAX_AT), 2);
        ScenarioPace p = {0, f >= PACE_MAX_AT ? 0 : d};
        ui_set_pace(ui, &p);
        return;
    }
    const Knob *k = &knob_table()[s->knob];
    double v = knob_at_fraction(k, f);
    char err[200];
    Setup t = ui->setup;
    if (setup_set(&t, (KnobId)s->knob, v, err, sizeof err) == 0)
        ui->setup = t;
}

/* ---- helpers ---- */


/* A count with an SI prefix and a space before the unit: "24.6 k", "512 ". */
static void short_count(double v, char *buf, size_t n)
{
    static const char *const suf[] = {"", "k", "M", "G", "T", "P"};
    int i = 0;
    while (fabs(v) >= 999.5 && i < 5) {
        v /= 1000;
        i++;
    }
    snprintf(buf, n, "%.3g %s", v, suf[i]);
}

static const char *learner_label(int kind)
{
    static const char *const labels[] = {"Bayes", "Bayes-C", "SGD memory", "neural"};
    return kind >= 0 && kind < 4 ? labels[kind] : "?";
}

static ThemeRole learner_role(int kind) { return (ThemeRole)(ROLE_SERIES1 + (kind & 3)); }

static uint8_t tag(ThemeRole r) { return (uint8_t)(r + 1); }

static ChartCell *cells_for(Ui *ui, int w, int h)
{
    size_t need = (size_t)(w > 0 ? w : 1) * (size_t)(h > 0 ? h : 1);
    if (need > ui->cells_cap) {
        ChartCell *c = realloc(ui->cells, need * sizeof *c);
        if (!c)
            return NULL;
        ui->cells = c;
        ui->cells_cap = need;
    }
    return ui->cells;
}

/* The cells a UTF-8 string takes (every glyph we draw is one cell wide). */
static int cells_of(const char *u)
{
    int n = 0;
    for (; *u; u++)
        n += ((unsigned char)*u & 0xC0) != 0x80;
    return n;
}

/* A framed panel with a title on the top border; returns the inner rectangle. */
static Rect panel(Rect r, const char *title, const char *right)
{
    term_frame(r.y, r.x, r.h, r.w, ROLE_BORDER);
    if (title && r.w > 6)
        term_putf(r.y, r.x + 2, r.w - 4, ROLE_TITLE, " %s ", title);
    if (right && r.w > 20) {
        int len = (int)strlen(right) + 2;
        int x = r.x + r.w - 2 - len;
        if (x > r.x + 4 + (title ? cells_of(title) + 2 : 0))
            term_putf(r.y, x, len, ROLE_LABEL, " %s ", right);
    }
    return (Rect){r.y + 1, r.x + 1, r.h - 2, r.w - 2};
}

/* The learner index to show in single-learner panels: the one shown alone, else (all side by
 * side) the learner in focus: the kind a lesson step or scenario names, else the first learner
 * with limited memory (the Bayes learner recalls everything it has seen: nothing to see). */
static int shown(const Ui *ui, int nl)
{
    if (ui->learner_view >= 0 && ui->learner_view < nl)
        return ui->learner_view;
    const Snapshot *s = ui->have_live ? &ui->live : ui->nhist ? &ui->hist[ui->nhist - 1] : NULL;
    if (!s)
        return 0;
    for (int i = 0; i < nl; i++)
        if ((int)s->L[i].kind == ui->focus_kind)
            return i;
    for (int i = 0; i < nl; i++)
        if (s->L[i].kind != LEARNER_BAYES)
            return i;
    return 0;
}

/* A panel's title, "▸ " before it when the panel is the one in focus (the one a lesson step or
 * scenario is about, the one `v` picked). */
static const char *titled(Ui *ui, Rect r, UiView v, const char *title, char *buf, size_t n)
{
    ui->title_at[v] = (Rect){r.y, r.x, 1, r.w}; /* for the mouse: a click here explains the panel */
    snprintf(buf, n, "%s%s%s", ui->view == v ? term_glyph(G_SELECT) : "", ui->view == v ? " " : "", title);
    return buf;
}

static const Snapshot *latest(const Ui *ui)
{
    if (ui->have_live)
        return &ui->live;
    return ui->nhist ? &ui->hist[ui->nhist - 1] : NULL;
}

/* ---- status and hint lines ---- */

static void draw_status(Ui *ui, int W)
{
    const EngineStatus *st = &ui->st;
    term_fill(0, 0, W, ROLE_STATUS, " ");
    char a[16], b[16], c[16], d[16];
    int x = 0;
    term_put(0, x, W, ROLE_STATUS, " skscope ");
    x += 9;
    if (st->paused)
        term_putf(0, x, W - x, ROLE_PAUSED, "%s paused ", term_glyph(G_PAUSE));
    else
        term_putf(0, x, W - x, ROLE_RUNNING, "%s running", term_glyph(G_RUN));
    x += 10;
    const char *view = ui->learner_view < 0 ? "all learners" : "";
    int nl = latest(ui) ? latest(ui)->nlearners : 0;
    if ((ui->learner_view >= 0 || nl == 1) && nl > 0)
        view = learner_label(latest(ui)->L[shown(ui, nl)].kind);
    term_putf(0, x, W - x, ROLE_STATUS, " n %s  tok %s  K %s  %s/s  %s  seed %llu%s", numparse_human((double)st->n, a, sizeof a),
              numparse_human((double)st->tokens, b, sizeof b), numparse_human((double)st->K, c, sizeof c),
              ui->frozen_clock ? "-" : numparse_human(st->rate, d, sizeof d), view, (unsigned long long)st->setup.seed,
              st->phase == FT_ACTIVE ? "  fine-tuning" : "");
    if (W > 100 && (st->max_rate > 0 || st->pace.decades_per_min > 0)) {
        char r[24];
        scenario_format_pace(&st->pace, r, sizeof r);
        term_putf(0, W - 16, 16, ROLE_STATUS, "speed %s", r);
    }
}

static void draw_hint(Ui *ui, int y, int W)
{
    term_fill(y, 0, W, ROLE_NORMAL, " ");
    if (ui->msg[0] && tui_now() < ui->msg_until) {
        term_put(y, 1, W - 2, ui->msg_warn ? ROLE_WARNING : ROLE_LABEL, ui->msg);
        return;
    }
    static const struct {
        const char *key, *what;
    } hints[] = {{"Space", "pause"}, {"n", "step"}, {"r", "restart"}, {"f", "fine-tune"}, {"g", "ghost"},
                 {"l", "learner"}, {"e", "export"}, {"c", "setup"}, {"p", "presets"}, {"i", "explain"}, {"?", "help"},
                 {"q", "quit"}};
    /* the last two (? help, q quit) always stay: room for them is kept */
    size_t nh = sizeof hints / sizeof hints[0];
    int tail = 0;
    for (size_t i = nh - 2; i < nh; i++)
        tail += (int)(strlen(hints[i].key) + strlen(hints[i].what)) + 3;
    int x = 1;
    for (size_t i = 0; i < nh; i++) {
        int need = (int)(strlen(hints[i].key) + strlen(hints[i].what)) + 3;
        if (i < nh - 2 && x + need + tail > W - 1)
            continue;
        if (x + need > W - 1)
            break;
        term_put(y, x, W - x, ROLE_STATUS_KEY, hints[i].key);
        x += (int)strlen(hints[i].key) + 1;
        term_put(y, x, W - x, ROLE_DIM, hints[i].what);
        x += (int)strlen(hints[i].what) + 2;
    }
}

/* ---- knobs ---- */

static void slider_text(const Ui *ui, int i, char *buf, size_t n)
{
    const Slider *s = &sliders[i];
    double v = ui_slider_value(ui, i);
    char h[16];
    if (s->knob < 0)
        scenario_format_pace(&ui->pace, buf, n);
    else if (s->knob == KNOB_S && !isfinite(v))
        snprintf(buf, n, "inf");
    else if (knob_table()[s->knob].flags & KNOB_INTEGER)
        snprintf(buf, n, "%s", numparse_human(v, h, sizeof h));
    else
        snprintf(buf, n, "%.3g", v);
}

/* The restart mark: a change to this knob starts the run again (V, R, seed). */
static const char *restart_glyph(void) { return term_ascii() ? "*" : "\u21bb"; }

static int slider_restarts(int i) { return sliders[i].knob >= 0 && !(knob_table()[sliders[i].knob].flags & KNOB_LIVE); }

static KnobPage slider_page(int i) { return sliders[i].knob < 0 ? KNOB_PAGE_RUN : knob_table()[sliders[i].knob].page; }

static void draw_slider(Ui *ui, int i, int y, int x, int w)
{
    const Slider *s = &sliders[i];
    int sel = i == ui->sel;
    const Knob *kn = s->knob < 0 ? NULL : &knob_table()[s->knob];
    const char *label = !kn ? "speed" : term_ascii() && kn->label_ascii ? kn->label_ascii : kn->label;
    char val[24];
    slider_text(ui, i, val, sizeof val);
    ThemeRole lr = sel ? ROLE_SELECTED : ROLE_LABEL;
    term_put(y, x, 1, lr, sel ? term_glyph(G_SELECT) : " ");
    term_putf(y, x + 1, 12, lr, "%-12s", label);
    term_putf(y, x + 13, 6, sel ? ROLE_SELECTED : ROLE_VALUE, "%6s", val);
    term_put(y, x + 19, 1, ROLE_DIM, slider_restarts(i) ? restart_glyph() : " ");
    int bx = x + 20, bw = w - 21;
    ui->slider_row[i] = y;
    ui->bar_x = bx;
    ui->bar_w = bw;
    if (bw < 3)
        return;
    int pos = (int)lround(ui_slider_fraction(ui, i) * (bw - 1));
    term_fill(y, bx, bw, ROLE_SLIDER, term_glyph(G_TRACK));
    term_put(y, bx + pos, 1, ROLE_KNOB, term_glyph(G_KNOB));
}

/* The Knobs panel is one list: a header line per page, a line per slider, and under the
 * capacity its size in bits. knob_line(i) says what line i is: -1 - page for a header, the
 * slider's index, or n for the capacity line; returns the number of lines. */
static int knob_lines(int *what, int max)
{
    int n, m = 0;
    ui_sliders(&n);
    for (int i = 0; i < n && m + 3 <= max; i++) {
        if (i == 0 || slider_page(i) != slider_page(i - 1))
            what[m++] = -1 - (int)slider_page(i);
        what[m++] = i;
        if (sliders[i].knob == KNOB_C)
            what[m++] = n;
    }
    return m;
}

static void draw_knobs(Ui *ui, Rect r)
{
    int n;
    ui_sliders(&n);
    for (int i = 0; i < n; i++)
        ui->slider_row[i] = -1;
    ui->knobs_at = r;
    int what[2 * (KNOB_COUNT + 1) + KNOB_PAGE_COUNT + 1];
    int m = knob_lines(what, (int)(sizeof what / sizeof what[0]));
    int at = 0; /* the selected slider's line */
    for (int l = 0; l < m; l++)
        if (what[l] == ui->sel)
            at = l;
    int h = r.h - 2;
    if (h < 1)
        return;
    /* scroll as little as keeps the selection in view, with the header just above it and the
     * capacity's line just below */
    int want = at > 0 && what[at - 1] < 0 ? at - 1 : at, last = at + 1 < m && what[at + 1] == n ? at + 1 : at;
    if (ui->knob_top > want)
        ui->knob_top = want;
    if (ui->knob_top < last - h + 1)
        ui->knob_top = last - h + 1;
    if (ui->knob_top > m - h)
        ui->knob_top = m - h;
    if (ui->knob_top < 0)
        ui->knob_top = 0;
    char title[40], right[24];
    snprintf(title, sizeof title, "Knobs: %s", knob_page_name(slider_page(ui->sel)));
    snprintf(right, sizeof right, "%d/%d%s", ui->sel + 1, n, ui->knob_top > 0 ? (term_ascii() ? " ^" : " \u2191") : "");
    Rect in = panel(r, title, right);
    for (int l = ui->knob_top, y = in.y; l < m && y < in.y + in.h; l++, y++) {
        int w = what[l];
        if (w < 0) {
            term_putf(y, in.x + 1, in.w - 1, ROLE_DIM, "%s %s", term_glyph(G_DASH), knob_page_name((KnobPage)(-1 - w)));
        } else if (w == n) {
            char a[16], b[16];
            double bits = (double)ui->setup.C * log2((double)ui->setup.V);
            short_count(bits, b, sizeof b);
            term_putf(y, in.x + 3, in.w - 3, ROLE_DIM, "= %s facts %s %sbit", numparse_human((double)ui->setup.C, a, sizeof a),
                      term_glyph(G_APPROX), b);
        } else {
            draw_slider(ui, w, y, in.x, in.w);
        }
    }
    if (ui->knob_top + in.h < m && r.w > 12) /* more below: a marker on the bottom border */
        term_putf(r.y + r.h - 1, r.x + r.w - 9, 7, ROLE_LABEL, term_ascii() ? " v more" : " \u2193 more");
}

static void draw_knob_line(Ui *ui, int y, int W)
{
    int n;
    ui_sliders(&n);
    for (int i = 0; i < n; i++)
        ui->slider_row[i] = -1;
    term_fill(y, 0, W, ROLE_NORMAL, " ");
    ui->knobs_at = (Rect){y, 0, 1, W};
    int w = W > 60 ? 60 : W;
    draw_slider(ui, ui->sel, y, 0, w);
    if (W >= w + 18) /* which page, and where in the list Up/Down are */
        term_putf(y, w + 1, W - w - 1, ROLE_DIM, "%s %d/%d", knob_page_name(slider_page(ui->sel)), ui->sel + 1, n);
}

/* ---- the loss panel ---- */

static size_t series_loss(const Ui *ui, int li, int part, double *x, double *y)
{
    size_t m = 0;
    for (size_t i = 0; i < ui->nhist && m < UI_MAX_HIST; i++) {
        const Snapshot *s = &ui->hist[i];
        const LearnerSnap *l = &s->L[li];
        x[m] = (double)s->tokens;
        y[m] = part == 0 ? l->exp_excess : part == 1 ? l->exp_syntax_excess
                                                     : part == 2 ? l->exp_knowledge_excess : l->knowledge_excess;
        m++;
    }
    return m;
}

static void grow_y(ChartAxis *a, const double *y, size_t n, double floor_ratio)
{
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < n; i++)
        if (y[i] > 0 && isfinite(y[i])) {
            lo = y[i] < lo ? y[i] : lo;
            hi = y[i] > hi ? y[i] : hi;
        }
    if (hi > 0)
        chart_axis_grow(a, lo > hi * floor_ratio ? lo : hi * floor_ratio, hi);
}

static void grow_x(ChartAxis *a, const double *x, size_t n)
{
    if (n)
        chart_axis_grow(a, x[0] > 0 ? x[0] : 1, x[n - 1]);
}

static void add_series(Chart *c, const double *x, const double *y, size_t n, ChartLine line, ThemeRole role)
{
    if (c->nseries >= CHART_MAX_SERIES || n == 0)
        return;
    c->series[c->nseries++] = (ChartSeries){.x = x, .y = y, .n = n, .line = line, .tag = tag(role)};
}

/* The theory curve of learner `kind` at the history points, into ui->theory_y: cached, extended
 * as the history grows, and recomputed after a change of the knobs it depends on for at most
 * THEORY_SECONDS a frame (an SGD point costs about 0.5 ms, a capacity point 0.03 ms), so a
 * slider drag never stalls a frame. Returns how many leading points are valid. */
#define THEORY_SECONDS 0.004

/* Whether a live change (an EngineMark's "C 256->4096, eta 0.1->0.3") moves the theory of
 * learner `kind`: the unlimited learner's depends on the world only, a capacity learner's on C
 * too, the SGD memory's on C and eta; abstention (tau) and the network's knobs move none. */
static int change_matters(const char *what, int kind)
{
    for (const char *p = what; *p;) {
        size_t len = strcspn(p, " ");
        int world = !(len == 1 && p[0] == 'C') && !(len == 3 && !strncmp(p, "eta", 3)) &&
                    !(len == 3 && !strncmp(p, "tau", 3)) && strncmp(p, "nn_", 3) != 0;
        if (world || (kind == LEARNER_BAYES_CAP && len == 1 && p[0] == 'C') ||
            (kind == LEARNER_SGD && ((len == 1 && p[0] == 'C') || (len == 3 && !strncmp(p, "eta", 3)))))
            return 1;
        const char *next = strstr(p, ", ");
        if (!next)
            break;
        p = next + 2;
    }
    return 0;
}

/* The first live change of the run that moves learner `kind`'s theory (sentences), or +inf:
 * every theory here assumes the knobs held from sentence 0, so none is drawn or compared past
 * such a change. */
static double first_change(const Ui *ui, int kind)
{
    double n = INFINITY;
    for (size_t i = 0; i < ui->nmarks; i++)
        if ((double)ui->marks[i].n < n && change_matters(ui->marks[i].what, kind))
            n = (double)ui->marks[i].n;
    return n;
}

/* The expected knowledge excess of learner `kind` after n sentences (bits/sentence). */
static double knowledge_theory(const Setup *st, int kind, double n)
{
    if (kind == LEARNER_BAYES_CAP)
        return theory_knowledge_excess_cap_n(st->a, st->b, st->V, n, (double)st->C);
    if (kind == LEARNER_SGD && st->a > 0)
        return theory_knowledge_excess_sgd(st->a, st->b, st->V, st->eta, n, (double)st->C);
    if (kind == LEARNER_NEURAL)
        return NAN; /* no closed form: the network has no theory curve */
    return theory_knowledge_excess_bayes(st->a, st->b, st->V, n);
}

static size_t theory_curve(Ui *ui, int kind)
{
    const Setup *st = &ui->st.setup, *old = &ui->theory_setup;
    if (ui->theory_kind != kind || ui->theory_n > ui->nhist || old->a != st->a || old->b != st->b ||
        old->V != st->V || old->C != st->C || old->eta != st->eta) {
        ui->theory_kind = kind;
        ui->theory_setup = *st;
        ui->theory_n = 0;
    }
    double t0 = tui_now();
    size_t i = ui->theory_n;
    for (; i < ui->nhist && tui_now() - t0 < THEORY_SECONDS; i++)
        ui->theory_y[i] = knowledge_theory(st, kind, (double)ui->hist[i].n);
    ui->theory_n = i;
    if (i < ui->nhist)
        ui->pending = 1;
    return i;
}

/* A chart filling the panel's inner rectangle below its legend row. */
static void chart_begin(Chart *c, Rect in)
{
    memset(c, 0, sizeof *c);
    c->w = in.w;
    c->h = in.h - 1;
    c->glyphs = term_glyphs();
    c->labels = 1;
}

/* The knob-change markers on a chart's time (token) axis. */
static void add_marks(const Ui *ui, Chart *c)
{
    for (size_t i = 0; i < ui->nmarks && c->nmarks < CHART_MAX_MARKS; i++)
        c->marks[c->nmarks++] = (ChartMark){.x = (double)ui->marks[i].tokens, .tag = tag(ROLE_MARKER), .label = ui->marks[i].what};
}

/* The learners' legend from column x of row y; returns the column after it. */
static int legend_learners(Rect in, int x, const Snapshot *last, int nl)
{
    for (int i = 0; i < nl; i++) { /* colour and letter: the curve's marker, for mono screens */
        char mark[2] = {"BCSN"[last->L[i].kind & 3], 0};
        term_put(in.y, x, 1, learner_role(last->L[i].kind), term_glyph(G_TRACK));
        term_put(in.y, x + 1, 1, learner_role(last->L[i].kind), mark);
        const char *lab = learner_label(last->L[i].kind);
        term_put(in.y, x + 3, in.w - (x + 3 - in.x), ROLE_LABEL, lab);
        x += (int)strlen(lab) + 5;
    }
    return x;
}

/* The loss panel's other view (key h): the probability that each learner answers a query
 * wrongly, against tokens, beside the unlimited Bayes learner's prediction (1 - 1/V) P(new)
 * (SPEC 3) and the Good-Turing estimate of the same from the world's singletons,
 * (1 - 1/V) N1/n: what a learner could know it does not know. */
static void draw_halluc(Ui *ui, Rect r)
{
    const Snapshot *last = latest(ui);
    int nl = last ? last->nlearners : 0;
    int li = shown(ui, nl);
    int single = ui->learner_view >= 0 || nl == 1;
    char right[48] = "";
    if (nl)
        snprintf(right, sizeof right, "%s", !single ? "all learners" : learner_label(last->L[li].kind));
    char tb[80];
    Rect in = panel(r, titled(ui, r, VIEW_LOSS, r.w >= 50 ? "Hallucination: P(wrong answer) vs tokens" : "Hallucination vs tokens", tb, sizeof tb), right);
    if (in.h < 3 || in.w < 16)
        return;
    if (!last || ui->nhist == 0) {
        term_put(in.y + in.h / 2, in.x + 2, in.w - 4, ROLE_DIM, "waiting for the first sample point...");
        return;
    }
    const Setup *st = &ui->st.setup;
    double miss = 1 - 1 / (double)st->V; /* a guess among V values is wrong this often */
    /* legend on the first inner row */
    int x = in.x + 1;
    if (single) {
        term_put(in.y, x, in.w, learner_role(last->L[li].kind), term_glyph(G_TRACK));
        term_put(in.y, x + 2, in.w - 2, ROLE_LABEL, "wrong");
        term_put(in.y, x + 8, in.w - 8, ROLE_HALLUCINATED, term_glyph(G_TRACK));
        term_put(in.y, x + 10, in.w - 10, ROLE_LABEL, "confident & wrong");
        x += 29;
    } else {
        x = legend_learners(in, x, last, nl);
    }
    term_put(in.y, x, in.w - (x - in.x), ROLE_THEORY, term_glyph(G_DASH));
    term_put(in.y, x + 2, in.w - (x + 2 - in.x), ROLE_THEORY, "theory");
    x += 10;
    term_put(in.y, x, in.w - (x - in.x), ROLE_DIM, term_glyph(G_DOT));
    term_put(in.y, x + 2, in.w - (x + 2 - in.x), ROLE_DIM, "Good-Turing");

    Chart c;
    chart_begin(&c, in);
    int k = 0;
    for (int i = 0; i < nl && k < 8; i++) {
        if (single && i != li)
            continue;
        size_t m = 0;
        for (size_t h = 0; h < ui->nhist; h++, m++) {
            ui->sx[k][m] = (double)ui->hist[h].tokens;
            ui->sy[k][m] = ui->hist[h].L[i].halluc;
            ui->sx[k + 1][m] = ui->sx[k][m];
            ui->sy[k + 1][m] = ui->hist[h].L[i].halluc_abstain;
        }
        add_series(&c, ui->sx[k], ui->sy[k], m, CHART_SOLID, learner_role(last->L[i].kind));
        grow_x(&ui->loss_x, ui->sx[k], m);
        grow_y(&ui->halluc_y, ui->sy[k], m, 1e-6);
        k++;
        if (single) {
            add_series(&c, ui->sx[k], ui->sy[k], m, CHART_SOLID, ROLE_HALLUCINATED);
            grow_y(&ui->halluc_y, ui->sy[k], m, 1e-6);
            k++;
        }
    }
    /* theory: the unlimited Bayes learner's cached excess curve, log2 V P(new), rescaled to
     * (1 - 1/V) P(new) (theory_hallucination_bayes) */
    size_t valid = theory_curve(ui, LEARNER_BAYES), m = 0;
    for (size_t h = 0; h < ui->nhist; h++, m++) {
        const Snapshot *s = &ui->hist[h];
        double n = (double)s->n;
        ui->sx[k][m] = ui->sx[k + 1][m] = (double)s->tokens;
        ui->sy[k][m] = h < valid ? ui->theory_y[h] * miss / log2((double)st->V) : 0;
        ui->sy[k + 1][m] = n > 0 ? miss * s->singleton_frac * (double)s->K / n : 0;
    }
    add_series(&c, ui->sx[k], ui->sy[k], valid, CHART_DASHED, ROLE_THEORY);
    add_series(&c, ui->sx[k + 1], ui->sy[k + 1], m, CHART_POINTS, ROLE_DIM);
    c.x = ui->loss_x;
    c.y = ui->halluc_y;
    add_marks(ui, &c);
    ChartCell *cells = cells_for(ui, c.w, c.h);
    if (cells)
        term_chart(in.y + 1, in.x, &c, cells);
}

/* The knowledge-excess fit of learner li over the last decade of tokens, beside the theory of
 * the same quantity for that learner over the same decade, and how far apart they are:
 *   Bayes (and a capacity learner that still holds every fact): the local slope of the exact
 *   expected excess (theory_knowledge_excess_bayes) between the window's ends, not only its
 *   asymptote -(1 - a);
 *   a capacity learner past its capacity: the flat floor theory_knowledge_excess_cap(C), the
 *   level the curve settles on (a floor has no slope to compare);
 *   a = 0: no power law is predicted (the excess falls like b log2 V / n).
 * `name`: say whose fit it is (the all-learners view). */
static void loss_agreement(Ui *ui, int li, const Snapshot *last, int name, int w, char *buf, size_t n)
{
    const Setup *st = &ui->st.setup;
    const LearnerSnap *l = &last->L[li];
    char who[24] = "";
    if (name)
        snprintf(who, sizeof who, "%s: ", learner_label(l->kind));
    const char *pm = term_glyph(G_PLUSMINUS);
    if (st->a <= 0) {
        snprintf(buf, n, "%sno power law predicted (s infinite): the excess falls like b log2 V / n", who);
        return;
    }
    if (l->kind != LEARNER_BAYES && last->K > st->C) {
        double floor_c = theory_knowledge_excess_cap(st->a, st->b, st->V, (double)st->C);
        snprintf(buf, n, "%sknowledge now %.3g bits/sentence %s floor theory %.3g (C=%llu facts, falls like C^-%.2f)",
                 who, l->exp_knowledge_excess, term_glyph(G_DOT), floor_c, (unsigned long long)st->C,
                 1 / st->a - 1);
        return;
    }
    if (first_change(ui, (int)l->kind) < (double)last->n) {
        snprintf(buf, n, "%sno theory after a live change (the line): r restarts with these knobs", who);
        return;
    }
    size_t m = series_loss(ui, li, 2, ui->sx[11], ui->sy[11]);
    double tlast = (double)ui->hist[ui->nhist - 1].tokens, nlast = (double)ui->hist[ui->nhist - 1].n;
    FitLine f;
    if (ui->nhist < 4 || tlast < 100 || fit_loglog(ui->sx[11], ui->sy[11], m, tlast / 10, tlast, &f) != 0) {
        snprintf(buf, n, "%sfit: after a decade of data %s theory slope %.2f (asymptote)", who, term_glyph(G_DOT),
                 -(1 - st->a));
        return;
    }
    double t1 = theory_knowledge_excess_bayes(st->a, st->b, st->V, nlast / 10),
           t2 = theory_knowledge_excess_bayes(st->a, st->b, st->V, nlast);
    double th = log(t2 / t1) / log(10.0), z = f.slope_se > 0 ? fabs(f.slope - th) / f.slope_se : 0;
    /* The fit's ± is this run's; another seed moves the whole curve and so the fit by more
     * (the Bayes slope's seed-to-seed sd at the defaults is ~0.01 to 0.02 over a decade): an
     * offset within 2 SE reads "agrees", a larger one is shown as the plain difference. */
    double d = f.slope - th;
    char verdict[48], brief[24];
    if (z <= 2)
        snprintf(verdict, sizeof verdict, "agrees (%.1f SE)", z);
    else
        snprintf(verdict, sizeof verdict, "off by %.2g", fabs(d));
    snprintf(brief, sizeof brief, z <= 2 ? "agrees" : "off %.2g", fabs(d));
    snprintf(buf, n, "%sfit slope %.2f%s%.2f %s theory %.2f %s %s%s", who, f.slope, pm, f.slope_se,
             term_glyph(G_DOT), th, term_glyph(G_DOT), verdict, z <= 2 ? "" : " (one run: seeds vary more)");
    if (cells_of(buf) > w) /* narrow: the same numbers, fewer words */
        snprintf(buf, n, "%s%sfit %.2f%s%.2f theory %.2f: %s", name ? learner_label(l->kind) : "", name ? " " : "",
                 f.slope, pm, f.slope_se, th, brief);
}

static void draw_loss(Ui *ui, Rect r)
{
    if (ui->halluc_view) {
        draw_halluc(ui, r);
        return;
    }
    const Snapshot *last = latest(ui);
    int nl = last ? last->nlearners : 0;
    int li = shown(ui, nl);
    char right[48] = "";
    if (nl)
        snprintf(right, sizeof right, "%s", ui->learner_view < 0 && nl > 1 ? "all learners" : learner_label(last->L[li].kind));
    char tb[80];
    Rect in = panel(r, titled(ui, r, VIEW_LOSS, r.w >= 50 ? "Excess loss, bits/sentence, vs tokens" : "Excess loss vs tokens", tb, sizeof tb), right);
    if (in.h < 3 || in.w < 16)
        return;
    const Setup *st = &ui->st.setup;
    double a = st->a, b = st->b;
    int single = ui->learner_view >= 0 || nl == 1;
    /* In the all-learners view the fit and its theory are the unlimited Bayes learner's (the
     * one the data scaling law is about), named as such. */
    int fi = li;
    if (!single)
        for (int i = nl - 1; i >= 0; i--)
            if (last->L[i].kind == LEARNER_BAYES)
                fi = i;
    int x = in.x + 1;
    if (single) {
        term_put(in.y, x, in.w, ROLE_SYNTAX, term_glyph(G_TRACK));
        term_put(in.y, x + 2, in.w - 2, ROLE_LABEL, "syntax");
        term_put(in.y, x + 9, in.w - 9, ROLE_KNOWLEDGE, term_glyph(G_TRACK));
        term_put(in.y, x + 11, in.w - 11, ROLE_LABEL, "knowledge");
        x += 22;
    } else {
        x = legend_learners(in, x, last, nl);
    }
    term_put(in.y, x, in.w - (x - in.x), ROLE_THEORY, term_glyph(G_DASH));
    term_put(in.y, x + 2, in.w - (x + 2 - in.x), ROLE_THEORY, "theory");
    /* the ghost's label: beside the legend when there is room, else on the row below it */
    int gl = (int)strlen(ui->ghost_label) + 8, gy = in.y;
    if (ui->have_ghost && in.w - (x + 9 - in.x) < gl + 1) {
        gy = in.y + 1;
        in.y++;
        in.h--;
    }
    if (ui->have_ghost)
        term_putf(gy, in.x + in.w - 1 - gl, gl, ROLE_GHOST, "ghost: %s", ui->ghost_label);
    /* the second row: the fit beside the theory of the same quantity for the same learner */
    if (in.h >= 8 && nl) {
        char line[160];
        loss_agreement(ui, fi, last, !single && nl > 1, in.w - 2, line, sizeof line);
        term_put(in.y + 1, in.x + 1, in.w - 2, ROLE_FIT, line);
        in.y++;
        in.h--;
    }

    Chart c;
    chart_begin(&c, in);
    if (!last || ui->nhist == 0) {
        term_put(in.y + in.h / 2, in.x + 2, in.w - 4, ROLE_DIM, "waiting for the first sample point...");
        return;
    }
    double ratio = (double)last->tokens / (double)(last->n ? last->n : 1); /* tokens per sentence */
    /* measured curves */
    int k = 0;
    if (single) {
        size_t m = series_loss(ui, li, 3, ui->sx[k], ui->sy[k]);
        add_series(&c, ui->sx[k], ui->sy[k], m, CHART_SOLID, ROLE_DIM);
        grow_x(&ui->loss_x, ui->sx[k], m);
        k++;
        m = series_loss(ui, li, 1, ui->sx[k], ui->sy[k]);
        add_series(&c, ui->sx[k], ui->sy[k], m, CHART_SOLID, ROLE_SYNTAX);
        grow_y(&ui->loss_y, ui->sy[k], m, 1e-6);
        k++;
        m = series_loss(ui, li, 2, ui->sx[k], ui->sy[k]);
        add_series(&c, ui->sx[k], ui->sy[k], m, CHART_SOLID, ROLE_KNOWLEDGE);
        grow_y(&ui->loss_y, ui->sy[k], m, 1e-6);
        k++;
    } else {
        for (int i = 0; i < nl && k < 6; i++, k++) {
            size_t m = series_loss(ui, i, 0, ui->sx[k], ui->sy[k]);
            add_series(&c, ui->sx[k], ui->sy[k], m, CHART_SOLID, learner_role(last->L[i].kind));
            if (c.nseries > 0 && c.series[c.nseries - 1].x == ui->sx[k]) { /* a letter per learner, over theory */
                c.series[c.nseries - 1].marker = (uint32_t)"BCSN"[last->L[i].kind & 3];
                c.series[c.nseries - 1].layer = 1;
            }
            grow_x(&ui->loss_x, ui->sx[k], m);
            grow_y(&ui->loss_y, ui->sy[k], m, 1e-6);
        }
        c.alternate = 1; /* Bayes and Bayes-C coincide for decades: both stay visible */
    }
    /* theory: the shown learner's knowledge excess (all: the unlimited learner's), the syntax
     * excess, and the capacity floor */
    int kind = last->L[li].kind, tkind = single ? kind : (int)last->L[fi].kind;
    size_t valid = theory_curve(ui, tkind), m = 0;
    double changed = first_change(ui, tkind);
    for (size_t i = 0; i < valid && (double)ui->hist[i].n <= changed; i++) {
        double n = (double)ui->hist[i].n;
        ui->sx[k][m] = n * ratio;
        ui->sy[k][m] = ui->theory_y[i];
        ui->sx[k + 1][m] = n * ratio;
        ui->sy[k + 1][m] = theory_syntax_excess(st->T, n);
        m++;
    }
    add_series(&c, ui->sx[k], ui->sy[k], m, CHART_DASHED, ROLE_THEORY);
    if (single)
        add_series(&c, ui->sx[k + 1], ui->sy[k + 1], m, CHART_DASHED, ROLE_THEORY);
    k += 2;
    if (a > 0 && single && (kind == LEARNER_BAYES_CAP || kind == LEARNER_SGD)) {
        double floor_c = theory_knowledge_excess_cap(a, b, st->V, (double)st->C);
        ui->sx[k][0] = ui->loss_x.lo > 0 ? ui->loss_x.lo : 1;
        ui->sx[k][1] = ui->loss_x.hi > ui->sx[k][0] ? ui->loss_x.hi : ui->sx[k][0] * 10;
        ui->sy[k][0] = ui->sy[k][1] = floor_c;
        add_series(&c, ui->sx[k], ui->sy[k], 2, CHART_DASHED, ROLE_THEORY);
        k++;
    }
    if (ui->have_ghost)
        add_series(&c, ui->ghost_x, ui->ghost_y, ui->nghost, CHART_SOLID, ROLE_GHOST);
    c.x = ui->loss_x;
    c.y = ui->loss_y;
    add_marks(ui, &c);
    ChartCell *cells = cells_for(ui, c.w, c.h);
    if (cells)
        term_chart(in.y + 1, in.x, &c, cells);
}

/* ---- Heaps and Zipf ---- */

static void draw_heaps(Ui *ui, Rect r)
{
    char tb[80];
    Rect in = panel(r, titled(ui, r, VIEW_HEAPS, r.w >= 30 ? "Heaps: facts vs sentences" : "Heaps", tb, sizeof tb), NULL);
    if (in.h < 3 || in.w < 12)
        return;
    const Snapshot *last = latest(ui);
    const Setup *st = &ui->st.setup;
    /* The fitted slope of K over the last decade of sentences beside the theory of the same
     * quantity: the slope of the exact E[K] over that decade (it nears 1/s only as n grows). */
    char line[96];
    const char *pm = term_glyph(G_PLUSMINUS), *dot = term_glyph(G_DOT);
    double n = last ? (double)last->n : 0;
    if (st->a <= 0)
        snprintf(line, sizeof line, in.w >= 40 ? "no power law predicted: E[K] ~ b ln n" : "no power law: b ln n");
    else if (!last || !isfinite(last->heaps_beta))
        snprintf(line, sizeof line, "slope: after a decade %s theory %.3f", dot, st->a);
    else {
        double th = log10(theory_expected_K(st->a, st->b, n) / theory_expected_K(st->a, st->b, n / 10));
        if (in.w >= 36)
            snprintf(line, sizeof line, "fit slope %.3f%s%.3f %s theory %.3f", last->heaps_beta, pm,
                     last->heaps_beta_se, dot, th);
        else
            snprintf(line, sizeof line, "fit %.3f theo %.3f", last->heaps_beta, th);
    }
    term_put(in.y, in.x + 1, in.w - 1, ROLE_FIT, line);
    Chart c;
    chart_begin(&c, in);
    size_t m = 0;
    for (size_t i = 0; i < ui->nhist; i++) {
        ui->sx[6][m] = (double)ui->hist[i].n;
        ui->sy[6][m] = (double)ui->hist[i].K;
        ui->sx[7][m] = ui->sx[6][m];
        ui->sy[7][m] = theory_expected_K(st->a, st->b, ui->sx[6][m]);
        /* the seed-to-seed band E[K] +- sd: a run off the line but inside it is chance */
        double sd = theory_sd_K(st->a, st->b, ui->sx[6][m]);
        ui->sy[4][m] = ui->sy[7][m] + sd;
        ui->sy[5][m] = ui->sy[7][m] - sd > 0 ? ui->sy[7][m] - sd : NAN;
        m++;
    }
    if (m == 0)
        return;
    add_series(&c, ui->sx[7], ui->sy[4], m, CHART_DOTTED, ROLE_DIM);
    add_series(&c, ui->sx[7], ui->sy[5], m, CHART_DOTTED, ROLE_DIM);
    add_series(&c, ui->sx[7], ui->sy[7], m, CHART_DASHED, ROLE_THEORY);
    add_series(&c, ui->sx[6], ui->sy[6], m, CHART_SOLID, ROLE_SERIES1);
    grow_x(&ui->heaps_x, ui->sx[6], m);
    grow_y(&ui->heaps_y, ui->sy[6], m, 0);
    c.x = ui->heaps_x;
    c.y = ui->heaps_y;
    ChartCell *cells = cells_for(ui, c.w, c.h);
    if (cells)
        term_chart(in.y + 1, in.x, &c, cells);
}

static void draw_zipf(Ui *ui, Rect r)
{
    char tb[80];
    Rect in = panel(r, titled(ui, r, VIEW_ZIPF, r.w >= 27 ? "Zipf: mentions vs rank" : "Zipf", tb, sizeof tb), NULL);
    if (in.h < 3 || in.w < 12)
        return;
    const Snapshot *last = latest(ui);
    const Setup *st = &ui->st.setup;
    /* the maximum-likelihood s of the ranked counts beside the world's s */
    char line[96];
    if (st->a <= 0)
        snprintf(line, sizeof line, "no power law (s infinite)");
    else if (last && last->py_ok && in.w >= 34)
        snprintf(line, sizeof line, "fit s %.2f%s%.2f %s true s %.2f", last->py_s, term_glyph(G_PLUSMINUS),
                 last->py_s_se, term_glyph(G_DOT), 1 / st->a);
    else if (last && last->py_ok)
        snprintf(line, sizeof line, "fit s %.2f true %.2f", last->py_s, 1 / st->a);
    else
        snprintf(line, sizeof line, "true s %.2f", 1 / st->a);
    term_put(in.y, in.x + 1, in.w - 1, ROLE_FIT, line);
    if (!last)
        return;
    Chart c;
    chart_begin(&c, in);
    size_t m = 0;
    double n = (double)last->n, a = st->a;
    /* theory: n p_(r) with p_(r) = (S / (Gamma(1 - a) r))^(1/a), S = K / n^a measured */
    double S = a > 0 ? (double)last->K / pow(n, a) : 0, g = a > 0 ? exp(gsl_sf_lngamma(1 - a)) : 1;
    for (int i = 0; i < METRICS_RF; i++) {
        uint64_t rank = metrics_rf_rank(i);
        if (rank > last->K || last->rf_count[i] == 0)
            break;
        if (m && ui->sx[8][m - 1] == (double)rank)
            continue;
        ui->sx[8][m] = (double)rank;
        ui->sy[8][m] = (double)last->rf_count[i];
        ui->sx[9][m] = (double)rank;
        ui->sy[9][m] = a > 0 ? n * pow(S / (g * (double)rank), 1 / a) : NAN;
        m++;
    }
    if (m == 0)
        return;
    add_series(&c, ui->sx[9], ui->sy[9], m, CHART_DASHED, ROLE_THEORY);
    add_series(&c, ui->sx[8], ui->sy[8], m, CHART_SOLID, ROLE_SERIES2);
    grow_x(&ui->zipf_x, ui->sx[8], m);
    grow_y(&ui->zipf_y, ui->sy[8], m, 0);
    c.x = ui->zipf_x;
    c.y = ui->zipf_y;
    ChartCell *cells = cells_for(ui, c.w, c.h);
    if (cells)
        term_chart(in.y + 1, in.x, &c, cells);
}

/* ---- recall by frequency rank ---- */

/* A rank for a bin label, at most 4 characters: 512, 1k, 16k, 2M, 1G. */
static void short_rank(uint64_t r, char *buf, size_t n)
{
    static const char *const suf[] = {"", "k", "M", "G", "T", "P"};
    int i = 0;
    double v = (double)r;
    while (v >= 999.5 && i < 5) {
        v /= 1000;
        i++;
    }
    snprintf(buf, n, "%.0f%s", v, suf[i]);
}

static void bin_label(int j, char *buf, size_t n)
{
    char a[16], b[16];
    uint64_t lo = 1ULL << j, hi = (1ULL << (j + 1)) - 1;
    short_rank(lo, a, sizeof a);
    short_rank(hi, b, sizeof b);
    if (lo == hi)
        snprintf(buf, n, "%.5s", a);
    else
        snprintf(buf, n, "%.5s-%.5s", a, b);
}

/* The first bin the recall panel shows with `rows` rows for bins: the user's scroll ([ ]) if
 * any, else the run's frontier: the lowest bin not fully recalled, with the capacity's bin in
 * view when there is one. */
static int recall_first(const Ui *ui, const LearnerSnap *l, int nb, int rows, int cbin)
{
    int first;
    if (ui->recall_first >= 0) {
        first = ui->recall_first;
    } else {
        first = 0;
        while (first + 1 < nb && l->bin_recall[first] >= 0.9995f)
            first++;
        first = first > 0 ? first - 1 : 0; /* one fully recalled bin above the frontier */
        /* the capacity's bin in view: where a full memory forgets and hallucinates */
        if (cbin >= 0 && cbin < nb && (cbin < first || cbin >= first + rows))
            first = cbin - rows / 2;
    }
    if (first > nb - rows)
        first = nb - rows;
    return first > 0 ? first : 0;
}

int panels_recall_bins(const Ui *ui)
{
    const Snapshot *s = latest(ui);
    return s ? (int)s->nbins : 0;
}

static void draw_recall(Ui *ui, Rect r)
{
    const Snapshot *s = latest(ui);
    int nl = s ? s->nlearners : 0;
    int li = shown(ui, nl);
    char right[32] = "", tb[112];
    if (nl)
        snprintf(right, sizeof right, "%s", learner_label(s->L[li].kind));
    /* the learner's name in the title too: the right corner is dropped when the panel is narrow */
    char title[80];
    snprintf(title, sizeof title, "%s%s%s", r.w >= 44 ? "Recall by frequency rank" : "Recall",
             nl ? ": " : "", nl ? learner_label(s->L[li].kind) : "");
    Rect in = panel(r, titled(ui, r, VIEW_RECALL, title, tb, sizeof tb), r.w >= 60 ? right : NULL);
    if (in.h < 4 || in.w < 18 || !s || nl == 0)
        return;
    const LearnerSnap *l = &s->L[li];
    /* the legend: what each glyph means */
    int lx = in.x + 1;
    static const struct {
        Glyph g;
        ThemeRole role;
        const char *what, *brief;
    } keys[] = {{G_FULL, ROLE_RECALLED, "recalled", "known"},
                {G_SHADE_MID, ROLE_FORGOTTEN, "forgotten", "forgot"},
                {G_SHADE_LIGHT, ROLE_HALLUCINATED, "hallucinated", "wrong"},
                {G_DOT, ROLE_NOT_YET, "not stored", "not kept"}};
    int wide = in.w >= 52;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *w = wide ? keys[i].what : in.w >= 36 || i < 3 ? keys[i].brief : "none";
        term_put(in.y, lx, 1, keys[i].role, term_glyph(keys[i].g));
        term_put(in.y, lx + 2, in.x + in.w - lx - 2, ROLE_LABEL, w);
        lx += (int)strlen(w) + 3;
    }
    int rows = in.h - 2; /* the first row: the legend, the last: hallucination */
    int nb = (int)s->nbins;
    int barw = in.w - 18; /* label 9, gap 1, bar, percent 5, capacity mark 2, margin 1 */
    int cbin = s->L[li].kind == LEARNER_BAYES ? -1 : (int)floor(log2((double)(ui->st.setup.C ? ui->st.setup.C : 1)));
    int first = recall_first(ui, l, nb, rows, cbin);
    ui->recall_shown = first;
    ui->recall_at = r;
    for (int j = first, y = in.y + 1; j < nb && y < in.y + 1 + rows; j++, y++) {
        char lab[24];
        bin_label(j, lab, sizeof lab);
        term_putf(y, in.x, 9, ROLE_LABEL, "%9s", lab);
        int rec = (int)lround(l->bin_recall[j] * barw), fgt = (int)lround(l->bin_forgot[j] * barw),
            hal = (int)lround(l->bin_halluc[j] * barw);
        if (rec + fgt + hal > barw)
            hal = barw - rec - fgt > 0 ? barw - rec - fgt : 0;
        int x = in.x + 10;
        term_fill(y, x, rec, ROLE_RECALLED, term_glyph(G_FULL));
        term_fill(y, x + rec, fgt, ROLE_FORGOTTEN, term_glyph(G_SHADE_MID));
        term_fill(y, x + rec + fgt, hal, ROLE_HALLUCINATED, term_glyph(G_SHADE_LIGHT));
        term_fill(y, x + rec + fgt + hal, barw - rec - fgt - hal, ROLE_NOT_YET, term_glyph(G_DOT));
        term_putf(y, x + barw, 5, ROLE_VALUE, "%4.0f%%", 100.0 * l->bin_recall[j]);
        if (j == cbin)
            term_putf(y, x + barw + 5, 2, ROLE_MARKER, "%sC", term_glyph(G_LEFT));
    }
    /* bins out of view: say which ranks, and how to scroll */
    char more[96];
    if (first > 0 || first + rows < nb) {
        char a[16], b[16];
        short_rank(1ULL << first, a, sizeof a);
        short_rank((1ULL << (first + rows < nb ? first + rows : nb)) - 1, b, sizeof b);
        snprintf(more, sizeof more, "ranks %s-%s, [ ] scroll", a, b);
        int len = (int)strlen(more);
        if (r.w > len + 6) /* on the bottom border */
            term_putf(r.y + r.h - 1, r.x + r.w - len - 4, len + 2, ROLE_DIM, " %s ", more);
    }
    /* P(wrong), P(abstain), and after fine-tuning has started the share of its new facts
     * recalled (shorter labels when the panel is narrow) */
    int y = in.y + in.h - 1, ft = !isnan(l->injected_recall);
    wide = in.w >= 38;
    term_putf(y, in.x, in.w, ROLE_HALLUCINATED, wide || !ft ? "halluc %.2f%%" : "wrong %.1f%%", 100 * l->halluc);
    int x = in.x + (wide || !ft ? 14 : 12);
    term_putf(y, x, in.w - (x - in.x), ROLE_LABEL, wide || !ft ? "abstain %.2f%%" : "abst %.1f%%", 100 * l->abstain);
    x += wide || !ft ? 15 : 11;
    if (ft && in.w - (x - in.x) >= 8)
        term_putf(y, x, in.w - (x - in.x), ROLE_VALUE, "new %.0f%%", 100 * l->injected_recall);
}

/* ---- overlays ---- */

static Rect centred(int h, int w)
{
    if (w > COLS - 2)
        w = COLS - 2;
    if (h > LINES - 2)
        h = LINES - 2;
    return (Rect){(LINES - h) / 2, (COLS - w) / 2, h, w};
}

static void clear_rect(Rect r)
{
    for (int y = r.y; y < r.y + r.h; y++)
        term_fill(y, r.x, r.w, ROLE_HELP, " ");
}

#define HELP_LINES 160

/* Append a formatted line to the help text (silently full at HELP_LINES). */
static void help_line(char (*lines)[160], int *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void help_line(char (*lines)[160], int *n, const char *fmt, ...)
{
    if (*n >= HELP_LINES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(lines[*n], 160, fmt, ap);
    va_end(ap);
    (*n)++;
}

static int wrap_text(const char *p, int w, int start[], int len[], int max);

/* What each panel plots, how to read it, and which law it checks: the help lists them all,
 * `i` (or a click on a panel's title) shows the one in focus. */
static const struct PanelInfo {
    UiView view;
    int halluc;           /* 1: the loss panel's hallucination chart (h) */
    const char *title;
    const char *text;
} panel_info[] = {
    {VIEW_LOSS, 0, "Excess loss",
     "What it plots: the bits per sentence each learner pays above the exact entropy of the text "
     "(its expected excess: no sampling noise), against tokens read, on log-log axes. Syntax "
     "(templates) and knowledge (facts) are shown apart for one learner. How to read it: a straight "
     "falling line is a power law; the dashed line is the theory for the same learner. The line above "
     "the chart gives the fitted slope over the last decade beside the theory's slope over the same "
     "decade and says whether they agree. Law: data scaling, excess ~ n^-(1-1/s) for the unlimited "
     "Bayes learner; a learner with room for C facts flattens onto a floor that falls like C^-(s-1) "
     "(model scaling). Vertical lines mark live knob changes, labelled with what changed."},
    {VIEW_LOSS, 1, "Hallucination",
     "What it plots: the probability that a learner answers a question about a fact (drawn as the "
     "text draws them) wrongly, against tokens. Dashed: the unlimited Bayes learner's prediction, "
     "(1 - 1/V) times the probability that the fact is new. How to read it: a learner with limited "
     "memory flattens: what it has no room for, it gets wrong, or abstains on. Press h to go back to "
     "the excess loss."},
    {VIEW_HEAPS, 0, "Heaps",
     "What it plots: distinct facts K seen against sentences n, log-log, beside the exact expected "
     "E[K] (dashed) and its seed-to-seed spread. How to read it: a straight line of slope 1/s; the "
     "fit is the slope over the last decade, next to the slope of E[K] over the same decade. Law: "
     "Heaps' law, K ~ k n^(1/s): new facts never stop arriving, which is why knowledge keeps costing "
     "bits."},
    {VIEW_ZIPF, 0, "Zipf",
     "What it plots: how often each fact was mentioned against its frequency rank, log-log. How to "
     "read it: a straight line of slope -s; the fitted s (maximum likelihood) stands beside the "
     "world's s. Law: Zipf's law, the k-th most common fact is mentioned about k^-s as often as the "
     "first: a few facts are everywhere, most are rare."},
    {VIEW_RECALL, 0, "Recall",
     "What it plots: for the learner named in the title, the facts seen so far grouped by frequency "
     "rank (bins of ranks 1, 2-3, 4-7, ...) and the share of each bin it recalls (full block), has "
     "forgotten (mid shade), answers wrongly (light shade: hallucinated) or never stored (dots). The "
     "triangle C marks the capacity's bin. How to read it: learners learn facts in order of "
     "frequency; beyond its capacity a learner forgets or hallucinates. [ and ] scroll the bins. "
     "The bottom row: P(wrong answer) and P(abstain)."},
};

static const struct PanelInfo *info_for(const Ui *ui)
{
    for (size_t i = 0; i < sizeof panel_info / sizeof panel_info[0]; i++)
        if (panel_info[i].view == ui->view && panel_info[i].halluc == (ui->view == VIEW_LOSS && ui->halluc_view))
            return &panel_info[i];
    return &panel_info[0];
}

/* Append `text` wrapped to width w (continuation lines indented by `indent`) to lines[]. */
static void help_wrapped(char (*lines)[160], int *n, const char *text, int w, int indent)
{
    int start[24], len[24];
    int first = 1;
    while (*text && *n < HELP_LINES) {
        int k = wrap_text(text, first ? w : w - indent, start, len, 1);
        if (k == 0)
            break;
        help_line(lines, n, "%*s%.*s", first ? 0 : indent, "", len[0] < 150 ? len[0] : 150, text + start[0]);
        text += start[0] + len[0];
        first = 0;
    }
}

/* A scrolled box of lines with markers when more is above or below. */
static void draw_lines_box(Ui *ui, Rect r, const char *title, char (*lines)[160], int n)
{
    clear_rect(r);
    Rect in = panel(r, title, NULL);
    if (ui->help_scroll > n - in.h)
        ui->help_scroll = n - in.h > 0 ? n - in.h : 0;
    for (int y = 0; y < in.h && y + ui->help_scroll < n; y++)
        term_put(in.y + y, in.x + 1, in.w - 2, ROLE_HELP, lines[y + ui->help_scroll]);
    if (ui->help_scroll > 0)
        term_putf(r.y, r.x + r.w - 18, 16, ROLE_WARNING, " %s more above ", term_glyph(G_MARK));
    if (ui->help_scroll + in.h < n)
        term_putf(r.y + r.h - 1, r.x + r.w - 28, 26, ROLE_WARNING, " more below: Down, PgDn ");
}

static Rect overlay_rect(int wmax)
{
    Rect r = centred(LINES - 2, wmax);
    if (COLS < wmax + 8) /* no slivers of the panels beside it */
        r = (Rect){1, 0, LINES - 2, COLS};
    return r;
}

static void draw_help(Ui *ui)
{
    Rect r = overlay_rect(120);
    int w = r.w - 4; /* inside the frame, a margin each side */
    char lines[HELP_LINES][160];
    int n = 0;
    size_t nk;
    const KeyBinding *kb = keymap_table(&nk);
    for (size_t i = 0; i < nk; i++) {
        char line[200];
        snprintf(line, sizeof line, "%-14s %s", kb[i].keys, kb[i].help);
        help_wrapped(lines, &n, line, w, 15);
    }
    help_line(lines, &n, "%s", "");
    help_wrapped(lines, &n, "Mouse: click or drag a slider; the wheel moves the slider or scrolls the panel under "
                 "the pointer; a click on a panel's title explains it. Knob changes apply live: the curves bend "
                 "from that point (a line marks it); r restarts from zero.", w, 0);
    help_line(lines, &n, "%s", "");
    int ns;
    ui_sliders(&ns);
    for (int i = 0; i < ns; i++) {
        char line[200];
        if (sliders[i].knob < 0)
            snprintf(line, sizeof line, "%-14s %s", "speed",
                     "decades of sentences a minute (4/min: each decade in 15 s), N/s, or max");
        else
            snprintf(line, sizeof line, "%-14s %s", knob_table()[sliders[i].knob].name,
                     knob_table()[sliders[i].knob].help);
        help_wrapped(lines, &n, line, w, 15);
    }
    for (size_t i = 0; i < sizeof panel_info / sizeof panel_info[0]; i++) {
        help_line(lines, &n, "%s", "");
        help_line(lines, &n, "%s panel", panel_info[i].title);
        help_wrapped(lines, &n, panel_info[i].text, w, 0);
    }
    draw_lines_box(ui, r, "Help (? or Esc closes, Up/Down/PgUp/PgDn scroll)", lines, n);
}

/* `i`: what the panel in focus plots, how to read it, which law it checks. */
static void draw_info(Ui *ui)
{
    const struct PanelInfo *pi = info_for(ui);
    char lines[HELP_LINES][160];
    int n = 0;
    Rect r = overlay_rect(90);
    help_wrapped(lines, &n, pi->text, r.w - 4, 0);
    r.h = n + 2 < r.h ? n + 2 : r.h;
    r.y = (LINES - r.h) / 2;
    char title[96];
    snprintf(title, sizeof title, "The %s panel (i or Esc closes)", pi->title);
    draw_lines_box(ui, r, title, lines, n);
}

static void draw_presets(Ui *ui)
{
    size_t np;
    const Preset *p = presets_table(&np);
    int w = 0; /* as wide as the longest line, within the screen */
    for (size_t i = 0; i < np; i++) {
        int len = 20 + cells_of(p[i].what);
        w = len > w ? len : w;
    }
    Rect r = centred((int)np + 4, w);
    clear_rect(r);
    Rect in = panel(r, "Presets (Enter loads, Esc closes)", NULL);
    for (int i = 0; i < (int)np && i < in.h; i++) {
        ThemeRole role = i == ui->preset_sel ? ROLE_SELECTED : ROLE_HELP;
        term_fill(in.y + i, in.x, in.w, role, " ");
        term_putf(in.y + i, in.x + 1, in.w - 2, role, "%-15s %s", p[i].name, p[i].what);
    }
}

/* The session string (engine_session: the setup and the changes made so far), wrapped between
 * fields so that a mouse selection of the lines pastes back as the same string. OSC 52 (`c`
 * sends it) gets no answer from the terminal, so it never says "copied". */
static void draw_setup(Ui *ui)
{
    enum { MAXL = 64 };
    static const char *const foot[] = {
        "To copy: select it with the mouse (hold Shift, or start with --no-mouse).",
        "Also sent as an OSC 52 clipboard request: terminals never confirm it.",
        "Replay: skscope run --setup '...' --per-decade 20 --sentences N (e's rows)"};
    enum { NFOOT = sizeof foot / sizeof foot[0] };
    int complete = 1;
    char *text = engine_session(ui->eng, &complete);
    size_t start[MAXL], len[MAXL];
    int w = (COLS - 2 < 78 ? COLS - 2 : 78) - 4;
    size_t n = text && w > 0 ? session_wrap(text, (size_t)w, start, len, MAXL) : 0;
    Rect r = centred((int)(n < MAXL ? n : MAXL) + NFOOT + 3, 78); /* frame, text, a blank, foot */
    clear_rect(r);
    char title[96];
    snprintf(title, sizeof title, "Setup string at n %llu%s (Esc closes)", (unsigned long long)ui->st.n,
             complete ? "" : ": changes lost, not a replay");
    Rect in = panel(r, title, NULL);
    int rows = in.h - 1 - NFOOT, y = in.y;
    if (!text)
        term_put(y, in.x + 1, w, ROLE_VALUE, "(out of memory)");
    for (size_t i = 0; text && i < n && i < MAXL && (int)i < rows; i++, y++) {
        char line[128];
        int more = (int)i == rows - 1 && i + 1 < n; /* no room for the rest */
        snprintf(line, sizeof line, "%.*s", more ? 3 : (int)len[i], more ? "..." : text + start[i]);
        term_put(y, in.x + 1, w, ROLE_VALUE, line);
    }
    for (int k = 0; k < NFOOT; k++)
        term_put(in.y + in.h - NFOOT + k, in.x + 1, in.w - 2, ROLE_DIM, foot[k]);
    free(text);
}

static void draw_prompt(Ui *ui)
{
    int y = LINES - 1;
    term_fill(y, 0, COLS, ROLE_SELECTED, " ");
    term_putf(y, 0, COLS, ROLE_SELECTED, " %s ", ui->prompt_label);
    int x = (int)strlen(ui->prompt_label) + 2;
    term_put(y, x, COLS - x, ROLE_SELECTED, ui->input);
    term_put(y, x + (int)ui->cursor, 1, ROLE_KNOB, term_glyph(G_FULL));
    const char *tail = "Enter apply  Esc cancel";
    if (COLS - x - (int)strlen(ui->input) > (int)strlen(tail) + 4)
        term_put(y, COLS - (int)strlen(tail) - 1, (int)strlen(tail), ROLE_SELECTED, tail);
}

/* Word-wrap text into lines of at most w columns (ASCII captions: bytes are columns): the start
 * and length of each line, at most max of them. Returns the number of lines. */
#define CAPTION_MAX_LINES 6

static int wrap_text(const char *p, int w, int start[], int len[], int max)
{
    const char *base = p;
    int n = 0;
    while (*p == ' ')
        p++;
    while (*p && n < max && w > 0) {
        int rest = (int)strlen(p), cut = rest;
        if (rest > w) {
            cut = w;
            while (cut > 0 && p[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = w;
        }
        start[n] = (int)(p - base);
        len[n++] = cut;
        p += cut;
        while (*p == ' ')
            p++;
    }
    return n;
}

/* The caption under the panels: the lesson step's, else the scenario's ("" none). */
static const char *caption_text(const Ui *ui)
{
    if (ui->lesson)
        return ui->lesson->steps[ui->lesson_step].caption;
    return ui->caption;
}

/* Rows the caption box needs at width W (borders included), 0 without a caption. */
static int caption_rows(const Ui *ui, int W)
{
    int start[CAPTION_MAX_LINES], len[CAPTION_MAX_LINES];
    const char *t = caption_text(ui);
    return t[0] ? wrap_text(t, W - 4, start, len, CAPTION_MAX_LINES) + 2 : 0;
}

static void draw_caption(Ui *ui, Rect r)
{
    const Lesson *l = ui->lesson;
    const char *text = caption_text(ui);
    char title[160];
    const char *keys;
    if (l) {
        /* the step first: a long lesson title is what gets cut */
        snprintf(title, sizeof title, "step %d of %d %s %s", ui->lesson_step + 1, l->nsteps, term_glyph(G_DOT),
                 l->base.title[0] ? l->base.title : "Lesson");
        keys = ui->lesson_step + 1 < l->nsteps ? "Right: next  Left: back  Esc: leave" : "Left: back  Esc: leave";
    } else {
        snprintf(title, sizeof title, "%s", ui->caption_title);
        keys = "Esc: hide";
    }
    /* the title gives way to the keys: cut it, with an ellipsis, to what the border has left */
    int room = r.w - 10 - (int)strlen(keys) - 2;
    if (room > 8 && cells_of(title) > room) {
        int cut = 0;
        for (int c = 0; title[cut] && c < room - 1; c++) /* room - 1 cells, then the ellipsis */
            for (cut++; (title[cut] & 0xC0) == 0x80; cut++)
                ;
        snprintf(title + cut, sizeof title - (size_t)cut, "%s", term_glyph(G_ELLIPSIS));
    }
    Rect in = panel(r, title, keys);
    clear_rect(in);
    int start[CAPTION_MAX_LINES], len[CAPTION_MAX_LINES];
    int n = wrap_text(text, in.w - 2, start, len, CAPTION_MAX_LINES);
    for (int y = 0; y < in.h && y < n; y++) {
        char line[256];
        snprintf(line, sizeof line, "%.*s", len[y] < 255 ? len[y] : 255, text + start[y]);
        term_put(in.y + y, in.x + 1, in.w - 2, ROLE_HELP, line);
    }
}

static void draw_lessons(Ui *ui)
{
    int n = 0;
    while (ui->lesson_names && ui->lesson_names[n])
        n++;
    Rect r = centred(n + 4 > 6 ? n + 4 : 6, 60);
    clear_rect(r);
    Rect in = panel(r, "Lessons (Enter starts, Esc closes)", NULL);
    if (n == 0)
        term_put(in.y, in.x + 1, in.w - 2, ROLE_WARNING, "no lessons found in the data directories");
    for (int i = 0; i < n && i < in.h; i++) {
        ThemeRole role = i == ui->lesson_sel ? ROLE_SELECTED : ROLE_HELP;
        term_fill(in.y + i, in.x, in.w, role, " ");
        term_putf(in.y + i, in.x + 1, in.w - 2, role, "%s", ui->lesson_names[i]);
    }
}

static void draw_too_small(void)
{
    char need[64];
    snprintf(need, sizeof need, "skscope needs %dx%d, this is %dx%d", MIN_W, MIN_H, COLS, LINES);
    const char *lines[] = {"enlarge the window", need, "q quits"};
    int y = LINES / 2 - 1;
    for (int i = 0; i < 3; i++) {
        int len = (int)strlen(lines[i]);
        int x = (COLS - len) / 2;
        term_put(y + i, x > 0 ? x : 0, COLS, i == 0 ? ROLE_WARNING : ROLE_DIM, lines[i]);
    }
}

/* ---- the numbers of the learner in focus ---- */

#define NUMBERS_H 9     /* rows of the numbers panel, borders included */
#define NUMBERS_MIN_H 6 /* fewer rows: it goes in place of the knobs, when in focus */

/* The recalled share of the facts seen: the bins' recall weighted by their facts. */
static double recall_share(const Snapshot *s, const LearnerSnap *l)
{
    double facts = 0, rec = 0;
    for (uint32_t j = 0; j < s->nbins; j++) {
        facts += (double)s->bin_facts[j];
        rec += (double)l->bin_recall[j] * (double)s->bin_facts[j];
    }
    return facts > 0 ? rec / facts : 0;
}

/* Each measured number of the learner in focus beside its prediction: knowledge and syntax
 * excess (bits/sentence), K beside E[K] with its seed-to-seed sd and how many sds apart,
 * recall, hallucination beside the unlimited learner's prediction, the slopes beside theirs. */
static void draw_numbers(Ui *ui, Rect r)
{
    const Snapshot *last = latest(ui);
    int nl = last ? last->nlearners : 0;
    int li = shown(ui, nl);
    char tb[112], title[80];
    snprintf(title, sizeof title, "Numbers%s%s", nl ? ": " : "", nl ? learner_label(last->L[li].kind) : "");
    Rect in = panel(r, titled(ui, r, VIEW_NUMBERS, title, tb, sizeof tb), NULL);
    if (!last || in.h < 2 || in.w < 20)
        return;
    const Setup *st = &ui->st.setup;
    const LearnerSnap *l = &last->L[li];
    double n = (double)last->n;
    const char *pm = term_glyph(G_PLUSMINUS), *dot = term_glyph(G_DOT);
    /* each row in a long form and, where that does not fit, a short one: same numbers */
    char wide[8][96], brief[8][96], h1[16], h2[16], h3[16];
    int k = 0;
    /* the knowledge theory: the loss panel's curve for this learner at the last point, if cached */
    double kth = first_change(ui, (int)l->kind) < n ? NAN : knowledge_theory(st, (int)l->kind, n);
    int have_th = isfinite(kth);
    snprintf(wide[k], 96, have_th ? "knowledge %.3g bits/sent %s theory %.3g" : "knowledge %.3g bits/sentence",
             l->exp_knowledge_excess, dot, kth);
    snprintf(brief[k++], 96, have_th ? "knowl. %.2g %s th %.2g bit" : "knowledge %.2g bit", l->exp_knowledge_excess,
             dot, kth);
    double sth = theory_syntax_excess(st->T, n);
    snprintf(wide[k], 96, "syntax %.3g bits/sent %s theory %.3g", l->exp_syntax_excess, dot, sth);
    snprintf(brief[k++], 96, "syntax %.2g %s th %.2g", l->exp_syntax_excess, dot, sth);
    double ek = theory_expected_K(st->a, st->b, n), sd = theory_sd_K(st->a, st->b, n);
    snprintf(wide[k], 96, "K %.0f %s E[K] %.0f%s%.0f (%+.1f sd)", (double)last->K, dot, ek, pm, sd,
             sd > 0 ? ((double)last->K - ek) / sd : 0);
    snprintf(brief[k++], 96, "K %s E[K] %s%s%s", numparse_human((double)last->K, h1, sizeof h1),
             numparse_human(ek, h2, sizeof h2), pm, numparse_human(sd, h3, sizeof h3));
    snprintf(wide[k], 96, "recall %.1f%% of the facts seen", 100 * recall_share(last, l));
    snprintf(brief[k++], 96, "recall %.1f%% of facts seen", 100 * recall_share(last, l));
    double hth = theory_hallucination_bayes(st->a, st->b, st->V, n);
    snprintf(wide[k], 96, "wrong %.2f%% %s Bayes theory %.2f%%", 100 * l->halluc, dot, 100 * hth);
    snprintf(brief[k++], 96, "wrong %.2f%% %s Bayes %.2f%%", 100 * l->halluc, dot, 100 * hth);
    if (isfinite(last->heaps_beta) && st->a > 0) {
        snprintf(wide[k], 96, "Heaps %.3f %s theory %.3f", last->heaps_beta, dot,
                 log10(ek / theory_expected_K(st->a, st->b, n / 10)));
        memcpy(brief[k], wide[k], sizeof brief[k]);
        k++;
    }
    if (last->py_ok && st->a > 0) {
        snprintf(wide[k], 96, "Zipf s %.2f %s true %.2f", last->py_s, dot, 1 / st->a);
        memcpy(brief[k], wide[k], sizeof brief[k]);
        k++;
    }
    char (*rows)[96] = wide;
    for (int y = 0; y < k; y++)
        if (cells_of(wide[y]) > in.w - 2)
            rows = brief;
    for (int y = 0; y < k && y < in.h; y++)
        term_put(in.y + y, in.x + 1, in.w - 2, y == 2 ? ROLE_VALUE : ROLE_LABEL, rows[y]);
}

/* Panel `view` in r. */
static void draw_one(Ui *ui, UiView view, Rect r)
{
    if (view == VIEW_LOSS)
        draw_loss(ui, r);
    else if (view == VIEW_HEAPS)
        draw_heaps(ui, r);
    else if (view == VIEW_ZIPF)
        draw_zipf(ui, r);
    else if (view == VIEW_NUMBERS)
        draw_numbers(ui, r);
    else
        draw_recall(ui, r);
}

typedef enum Layout { LAYOUT_TINY, LAYOUT_ONE, LAYOUT_TWO, LAYOUT_FULL, LAYOUT_ZOOM } Layout;

/* The caption's rows at this size: up to a third of the screen, none below 16 rows. */
static int caption_height(const Ui *ui)
{
    int cap = LINES >= 16 ? caption_rows(ui, COLS) : 0;
    return cap > LINES / 3 + 1 ? LINES / 3 + 1 : cap;
}

/* The layout at this size: all panels (FULL), the loss panel over one more (TWO), one panel
 * (ONE, below 18 rows for panels), one zoomed (z), or too small for anything (TINY). */
static Layout layout_now(const Ui *ui)
{
    int H = LINES - caption_height(ui);
    if (COLS < MIN_W || LINES < MIN_H)
        return LAYOUT_TINY;
    if (ui->zoom)
        return LAYOUT_ZOOM;
    if (COLS >= FULL_W && H >= FULL_H)
        return LAYOUT_FULL;
    return H >= 18 ? LAYOUT_TWO : LAYOUT_ONE;
}

UiView panels_next_view(const Ui *ui)
{
    if (layout_now(ui) == LAYOUT_TWO) /* the loss panel is always there: v cycles the lower one */
        return ui->view == VIEW_LOSS || ui->view + 1 >= VIEW_COUNT ? VIEW_HEAPS : (UiView)(ui->view + 1);
    return (UiView)((ui->view + 1) % VIEW_COUNT);
}

void panels_draw(Ui *ui)
{
    ui->pending = 0;
    attrset(A_NORMAL);
    erase();
    int W = COLS, H = LINES;
    Layout lay = layout_now(ui);
    ui->knobs_at.h = ui->recall_at.h = 0;
    for (int v = 0; v < VIEW_COUNT; v++)
        ui->title_at[v].h = 0;
    if (lay == LAYOUT_TINY) {
        draw_too_small();
        return;
    }
    draw_status(ui, W);
    /* A caption takes the rows it needs above the hint line; the panels get the rest. */
    int cap = caption_height(ui);
    H -= cap;
    if (cap)
        draw_caption(ui, (Rect){H - 1, 0, cap, W});
    if (lay == LAYOUT_ZOOM || lay == LAYOUT_ONE) {
        /* One panel fills the screen: the one in focus ('v' picks another). */
        draw_knob_line(ui, 1, W);
        draw_one(ui, ui->view, (Rect){2, 0, H - 3, W});
    } else if (lay == LAYOUT_FULL) {
        int kw = W >= 120 ? 38 : 31;
        int top = (H - 2) * 55 / 100;
        if (top < 12)
            top = 12;
        Rect knobs = {1, 0, top, kw}, loss = {1, kw, top, W - kw};
        int by = 1 + top, bh = H - 1 - by;
        int rw = W / 3 > 34 ? W / 3 : 34, hw = (W - rw) / 2;
        /* the numbers under the knobs when the column has room, else in their place when in focus */
        /* the Knobs list scrolls: it keeps the rows of 9 sliders, the capacity's line and the borders */
        int spare = top - (9 + 3);
        if (spare >= NUMBERS_MIN_H) {
            int nh = spare < NUMBERS_H ? spare : NUMBERS_H;
            knobs.h = top - nh;
            draw_numbers(ui, (Rect){1 + knobs.h, 0, nh, kw});
            draw_knobs(ui, knobs);
        } else if (ui->view == VIEW_NUMBERS) {
            draw_numbers(ui, knobs);
        } else {
            draw_knobs(ui, knobs);
        }
        draw_loss(ui, loss);
        draw_heaps(ui, (Rect){by, 0, bh, hw});
        draw_zipf(ui, (Rect){by, hw, bh, W - rw - hw});
        draw_recall(ui, (Rect){by, W - rw, bh, rw});
    } else {
        /* The selected slider on one line, the loss panel, and below it the panel in focus
         * (Heaps when the loss panel is the one in focus). */
        draw_knob_line(ui, 1, W);
        int lh = (H - 3) * (ui->view == VIEW_LOSS ? 6 : 4) / 10; /* the panel in focus gets more */
        draw_loss(ui, (Rect){2, 0, lh, W});
        draw_one(ui, ui->view == VIEW_LOSS ? VIEW_HEAPS : ui->view, (Rect){2 + lh, 0, H - 3 - lh, W});
    }
    if (ui->overlay == OV_PROMPT)
        draw_prompt(ui);
    else
        draw_hint(ui, LINES - 1, W);
    if (ui->overlay == OV_HELP)
        draw_help(ui);
    else if (ui->overlay == OV_INFO)
        draw_info(ui);
    else if (ui->overlay == OV_PRESETS)
        draw_presets(ui);
    else if (ui->overlay == OV_SETUP)
        draw_setup(ui);
    else if (ui->overlay == OV_LESSONS)
        draw_lessons(ui);
}
