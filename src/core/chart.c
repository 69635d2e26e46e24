/*
 * chart.c: line charts rasterised into terminal cells (see chart.h).
 *
 * Everything happens in "dot" space: the plot area of pw x ph cells is a grid of dw x dh dots
 * (dw = pw * dots-per-cell-across, dh = ph * dots-per-cell-down). Data maps to a fraction
 * f in [0, 1] of each axis, f to a dot by rounding f * (dw - 1), and segments are clipped in
 * f space (Liang-Barsky) before Bresenham walks them in dot space. While the series are drawn,
 * a plot cell's `ch` holds its dot mask (so no buffer besides the caller's cells is needed); a
 * final pass turns masks into glyphs. Nothing here allocates, and there is no global state.
 */
#include "skscope/chart.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Glyphs of the axes, per glyph set (ASCII mode uses 7-bit stand-ins). */
#define GL_VLINE(a) ((a) ? (uint32_t)'|' : 0x2502u)  /* │ */
#define GL_VTICK(a) ((a) ? (uint32_t)'+' : 0x2524u)  /* ┤ */
#define GL_HLINE(a) ((a) ? (uint32_t)'-' : 0x2500u)  /* ─ */
#define GL_HTICK(a) ((a) ? (uint32_t)'+' : 0x252Cu)  /* ┬ */
#define GL_CORNER(a) ((a) ? (uint32_t)'+' : 0x2514u) /* └ */
#define GL_MARK(a) ((a) ? (uint32_t)'^' : 0x25B2u)   /* ▲ */

#define LABEL_MIN_W 12 /* cells: narrower charts are drawn without labels */
#define LABEL_MIN_H 4
#define LABEL_MAX 8     /* bytes of a tick label buffer: at most 7 characters */
#define MAX_TICKS 128   /* candidate ticks per axis (decades beyond this are thinned) */
#define MAX_SIDE 32767  /* cells: bigger charts are only cleared (keeps dot maths in int) */
#define F_LIMIT 1e300   /* |f| clamp: keeps differences of far-away points finite */

/* Dots per cell across and down, per ChartGlyphs. */
static const int dots_x[3] = {2, 2, 1};
static const int dots_y[3] = {4, 2, 3};

/* The bit of dot (row, col) inside a cell, per ChartGlyphs. Braille uses the standard dot
 * numbering (dots 1-3 down the left column, 4-6 down the right, 7 and 8 below); blocks use
 * TL=1, TR=2, BL=4, BR=8; ASCII top=1, middle=2, bottom=4. */
static const uint8_t dot_bits[3][4][2] = {
    {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}},
    {{0x01, 0x02}, {0x04, 0x08}, {0, 0}, {0, 0}},
    {{0x01, 0}, {0x02, 0}, {0x04, 0}, {0, 0}},
};

/* Quadrant blocks by mask (TL=1, TR=2, BL=4, BR=8). */
static const uint16_t block_glyphs[16] = {' ',    0x2598, 0x259D, 0x2580, 0x2596, 0x258C,
                                          0x259E, 0x259B, 0x2597, 0x259A, 0x2590, 0x259C,
                                          0x2584, 0x2599, 0x259F, 0x2588};

/* ASCII by mask (top=1, middle=2, bottom=4): one dot shows where it is, two ':' and three '|'. */
static const char ascii_glyphs[8] = {' ', '\'', '-', ':', '.', ':', ':', '|'};

/* ---------------------------------------------------------------------------------------------
 * Axes: data -> fraction of the plot.
 */

typedef struct Map {
    int ok;          /* 0: an empty or unusable axis (nothing is drawn against it) */
    int log;         /* 1: t = log10(v) */
    double tlo;      /* t of the axis' lo */
    double span;     /* t(hi) - t(lo), finite and > 0 when ok */
} Map;

static Map map_make(const ChartAxis *a)
{
    Map m = {0, a->log != 0, 0, 0};
    if (!(a->lo < a->hi) || !isfinite(a->lo) || !isfinite(a->hi) || (m.log && a->lo <= 0))
        return m;
    double tlo = m.log ? log10(a->lo) : a->lo, thi = m.log ? log10(a->hi) : a->hi;
    m.tlo = tlo;
    m.span = thi - tlo;
    /* lo < hi can still give a zero span (neighbouring doubles under log10) or an infinite
     * one (-DBL_MAX .. DBL_MAX): both are unusable */
    m.ok = isfinite(m.span) && m.span > 0;
    return m;
}

/* The fraction of the axis at data value v into *f (0 at lo, 1 at hi; outside [0, 1] when
 * out of range, clamped to +-F_LIMIT). Returns 0 for a gap (NaN, infinite, <= 0 on log). */
static int map_f(const Map *m, double v, double *f)
{
    if (!isfinite(v) || (m->log && v <= 0))
        return 0;
    double t = m->log ? log10(v) : v;
    double r = (t - m->tlo) / m->span;
    if (!(r > -F_LIMIT)) /* also catches the NaN of inf - inf, which cannot happen, but cheap */
        r = -F_LIMIT;
    else if (r > F_LIMIT)
        r = F_LIMIT;
    *f = r;
    return 1;
}

/* ---------------------------------------------------------------------------------------------
 * Layout.
 */

static int labels_on(const Chart *c)
{
    return c->labels && c->w >= LABEL_MIN_W && c->h >= LABEL_MIN_H;
}

/* ---------------------------------------------------------------------------------------------
 * Number formats.
 */

char *chart_decade_label(int e, char *buf, size_t n)
{
    static const char *const ones[3] = {"1", "10", "100"};
    static const char sfx[4] = {'k', 'M', 'G', 'T'};
    if (!buf || n == 0)
        return buf;
    if (e >= 0 && e < 3)
        snprintf(buf, n, "%s", ones[e]);
    else if (e >= 3 && e <= 12)
        snprintf(buf, n, "%s%c", ones[e % 3], sfx[e / 3 - 1]);
    else if (e == -1)
        snprintf(buf, n, "0.1");
    else if (e == -2)
        snprintf(buf, n, "0.01");
    else if (e >= -99 && e <= 99999)
        snprintf(buf, n, "1e%d", e);
    else {
        /* "1e-100" would take 6 characters: drop the leading 1 (the double range ends near
         * 1e-324; exponents beyond any double are clamped) */
        int ee = e < -9999 ? -9999 : e > 99999 ? 99999 : e;
        snprintf(buf, n, "e%d", ee);
    }
    return buf;
}

/* Rewrite a printf %e result ("1.50e-05") compactly ("1.5e-5") in place (s holds n bytes). */
static void compact_exp(char *s, size_t n)
{
    char *e = strchr(s, 'e');
    if (!e)
        return;
    char mant[32], ex[16];
    size_t ml = (size_t)(e - s);
    if (ml >= sizeof mant)
        ml = sizeof mant - 1;
    memcpy(mant, s, ml);
    mant[ml] = '\0';
    if (strchr(mant, '.')) {
        while (ml > 0 && mant[ml - 1] == '0')
            mant[--ml] = '\0';
        if (ml > 0 && mant[ml - 1] == '.')
            mant[--ml] = '\0';
    }
    const char *p = e + 1;
    int neg = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    while (*p == '0' && p[1])
        p++;
    snprintf(ex, sizeof ex, "%s%s", neg ? "-" : "", p);
    snprintf(s, n, "%se%s", mant, ex);
}

/* Drop trailing zeros after a decimal point ("0.50" -> "0.5", "2.0" -> "2"). */
static void trim_zeros(char *s)
{
    if (!strchr(s, '.'))
        return;
    size_t l = strlen(s);
    while (l > 0 && s[l - 1] == '0')
        s[--l] = '\0';
    if (l > 0 && s[l - 1] == '.')
        s[--l] = '\0';
}

/* A linear tick label: short and "%g"-like, with as many decimals as the step needs and the
 * k/M/G/T suffixes of the decade labels; at most LABEL_MAX - 1 characters. */
static void format_linear(double v, double step, char *buf)
{
    char tmp[64];
    double a = fabs(v);
    if (a < step * 1e-6 || a == 0) {
        snprintf(buf, LABEL_MAX, "0");
        return;
    }
    static const char sfx[5] = {0, 'k', 'M', 'G', 'T'};
    int si = 0;
    double scale = 1;
    while (si < 4 && a >= scale * 1000 * (1 - 1e-12)) {
        scale *= 1000;
        si++;
    }
    double ls = log10(step / scale);
    int dec = ls >= 0 ? 0 : (int)ceil(-ls - 1e-9);
    if (a < 1e15 && dec <= 4) {
        snprintf(tmp, sizeof tmp, "%.*f", dec, v / scale);
        trim_zeros(tmp);
        if (si > 0) {
            size_t l = strlen(tmp);
            tmp[l] = sfx[si];
            tmp[l + 1] = '\0';
        }
        if (strlen(tmp) < LABEL_MAX) {
            memcpy(buf, tmp, strlen(tmp) + 1);
            return;
        }
    }
    /* tiny or huge numbers (or long fixed forms): mantissa digits as the step needs */
    int p = (int)floor(log10(a)) - (int)floor(log10(step));
    p = p < 0 ? 0 : p > 2 ? 2 : p;
    for (; p >= 0; p--) {
        snprintf(tmp, sizeof tmp, "%.*e", p, v);
        compact_exp(tmp, sizeof tmp);
        if (strlen(tmp) < LABEL_MAX)
            break;
    }
    size_t l = strlen(tmp);
    l = l < LABEL_MAX - 1 ? l : LABEL_MAX - 1; /* only if even "-1e-300" did not fit */
    memcpy(buf, tmp, l);
    buf[l] = '\0';
}

/* ---------------------------------------------------------------------------------------------
 * Ticks: decades of a log axis, or 1-2-5 steps of a linear one.
 */

typedef struct Ticks {
    int n;
    int decades;              /* 1: tick i is 10^key[i]; 0: key[i] * step */
    double step;              /* linear ticks: the step (data units) */
    double f[MAX_TICKS];      /* position on the axis, 0 .. 1 */
    long long key[MAX_TICKS]; /* consecutive integers (decade exponent or step multiple) */
} Ticks;

static void tick_label(const Ticks *t, int i, char *buf)
{
    if (t->decades)
        chart_decade_label((int)t->key[i], buf, LABEL_MAX);
    else
        format_linear((double)t->key[i] * t->step, t->step, buf);
}

/* Linear ticks at multiples of a 1-2-5 step, 4-6 of them when possible (5 preferred). On a log
 * axis with fewer than two decades in range the same values are used, placed logarithmically. */
static void linear_ticks(Ticks *t, const Map *m, double lo, double hi)
{
    double span = hi - lo;
    if (!(span > 0) || !isfinite(span))
        return;
    double base = pow(10, floor(log10(span / 5)));
    static const double mult[3] = {1, 2, 5};
    double best = 0;
    int best_score = 1 << 30;
    for (int k = -1; k <= 1; k++)
        for (int j = 0; j < 3; j++) {
            double s = mult[j] * base * pow(10, k);
            if (!(s > 0) || !isfinite(s))
                continue;
            double cnt = floor(hi / s + 1e-9) - ceil(lo / s - 1e-9) + 1;
            int score = cnt >= 4 && cnt <= 6 ? (int)fabs(cnt - 5) : 100 + (int)fmin(fabs(cnt - 5), 1e6);
            if (score < best_score || (score == best_score && s > best)) {
                best_score = score;
                best = s;
            }
        }
    if (!(best > 0))
        return;
    double m0 = ceil(lo / best - 1e-9), m1 = floor(hi / best + 1e-9);
    if (!(m1 - m0 < MAX_TICKS) || fabs(m0) > 9e15 || fabs(m1) > 9e15)
        return;
    t->decades = 0;
    t->step = best;
    for (double mm = m0; mm <= m1 && t->n < MAX_TICKS; mm++) {
        double v = mm * best, f;
        if (m->log && v <= 0)
            continue;
        f = m->log ? (log10(v) - m->tlo) / m->span : (v - lo) / span;
        t->f[t->n] = f < 0 ? 0 : f > 1 ? 1 : f;
        t->key[t->n] = (long long)mm;
        t->n++;
    }
}

static void make_ticks(const ChartAxis *a, const Map *m, Ticks *t)
{
    t->n = 0;
    t->decades = 0;
    t->step = 0;
    if (!m->ok)
        return;
    if (m->log) {
        /* decades 10^e with lo <= 10^e <= hi (a little slack for log10 rounding) */
        double e0 = ceil(m->tlo - 1e-9), e1 = floor(m->tlo + m->span + 1e-9);
        if (e1 - e0 >= 1) {
            int a0 = (int)e0, a1 = (int)e1; /* within the double range: |e| < 400 */
            int thin = (a1 - a0) / (MAX_TICKS - 1) + 1; /* > 1 only for absurd ranges */
            t->decades = 1;
            for (int e = a0; e <= a1 && t->n < MAX_TICKS; e++) {
                if (e != a1 && ((e % thin) + thin) % thin != 0)
                    continue;
                double f = (e - m->tlo) / m->span;
                t->f[t->n] = f < 0 ? 0 : f > 1 ? 1 : f;
                t->key[t->n] = e;
                t->n++;
            }
            return;
        }
    }
    linear_ticks(t, m, a->lo, a->hi);
}

int chart_ylabel_width(const Chart *c)
{
    if (!c || !labels_on(c))
        return 0;
    Map m = map_make(&c->y);
    Ticks t;
    make_ticks(&c->y, &m, &t);
    int wmax = 0;
    char buf[LABEL_MAX];
    for (int i = 0; i < t.n; i++) {
        tick_label(&t, i, buf);
        int l = (int)strlen(buf);
        if (l > wmax)
            wmax = l;
    }
    return wmax;
}

void chart_layout(const Chart *c, int *x0, int *y0, int *pw, int *ph)
{
    int ax = 0, ay = 0, aw = 0, ah = 0;
    if (c && c->w > 0 && c->h > 0) {
        aw = c->w;
        ah = c->h;
        if (labels_on(c)) {
            int lw = chart_ylabel_width(c);
            ax = lw + 1;
            aw = c->w - lw - 1;
            ah = c->h - 2;
        }
    }
    if (x0)
        *x0 = ax;
    if (y0)
        *y0 = ay;
    if (pw)
        *pw = aw;
    if (ph)
        *ph = ah;
}

/* Choose which ticks get a label. Label i covers cells [a[i], b[i]] along the axis (ordered
 * like the ticks, value increasing); two labels need `gap` free cells between them. The first
 * and last labels are kept if they do not collide; in between, labels at keys that are multiples
 * of the smallest stride s for which nothing collides (so 1, 1k, 1M ... rather than a ragged
 * greedy pick). Unplaceable labels (valid[i] == 0) are never kept. */
static void pick_labels(const Ticks *t, const int *a, const int *b, const unsigned char *valid,
                        int gap, unsigned char *keep)
{
    int i0 = -1, i1 = -1;
    for (int i = 0; i < t->n; i++)
        if (valid[i]) {
            if (i0 < 0)
                i0 = i;
            i1 = i;
        }
    for (int i = 0; i < t->n; i++)
        keep[i] = 0;
    if (i0 < 0)
        return;
#define CLASH(p, q) (a[q] - b[p] <= gap) /* p before q */
    if (i1 != i0 && CLASH(i0, i1))
        i1 = -1; /* first and last collide: keep the first */
    for (int s = 1; s <= t->n + 1; s++) {
        int last = i0, ok = 1;
        for (int i = 0; i < t->n; i++)
            keep[i] = 0;
        keep[i0] = 1;
        /* s == n + 1: no stride admits an intermediate label: first and last only */
        for (int i = i0 + 1; i < t->n && s <= t->n; i++) {
            if (!valid[i] || i == i1 || ((t->key[i] % s) + s) % s != 0)
                continue;
            if (i1 >= 0 && i > i1)
                break;
            if (CLASH(i0, i) || (i1 >= 0 && CLASH(i, i1)))
                continue;
            if (CLASH(last, i)) {
                ok = 0;
                break;
            }
            keep[i] = 1;
            last = i;
        }
        if (ok && i1 >= 0)
            keep[i1] = 1;
        if (ok)
            return;
    }
#undef CLASH
}

/* ---------------------------------------------------------------------------------------------
 * Axes and labels.
 */

static void put(const Chart *c, ChartCell *cells, int col, int row, uint32_t ch, uint8_t tag)
{
    if (col < 0 || row < 0 || col >= c->w || row >= c->h)
        return;
    ChartCell *cell = &cells[(size_t)row * (size_t)c->w + (size_t)col];
    cell->ch = ch;
    cell->tag = tag;
}

static void put_text(const Chart *c, ChartCell *cells, int col, int row, const char *s)
{
    for (; *s; s++, col++)
        put(c, cells, col, row, (uint32_t)(unsigned char)*s, CHART_TAG_LABEL);
}

/* The dot (column across, or row counted upwards) of fraction f on an axis of n dots. */
static int f_to_dot(double f, int n)
{
    double d = floor(f * (n - 1) + 0.5);
    return d < 0 ? 0 : d > n - 1 ? n - 1 : (int)d;
}

static void draw_axes(const Chart *c, ChartCell *cells, int x0, int pw, int ph)
{
    int asc = c->glyphs == CHART_ASCII, g = (int)c->glyphs;
    int lw = x0 - 1, axis_row = ph, label_row = ph + 1;
    for (int r = 0; r < ph; r++)
        put(c, cells, lw, r, GL_VLINE(asc), CHART_TAG_AXIS);
    put(c, cells, lw, axis_row, GL_CORNER(asc), CHART_TAG_AXIS);
    for (int col = x0; col < c->w; col++)
        put(c, cells, col, axis_row, GL_HLINE(asc), CHART_TAG_AXIS);

    Ticks t;
    int a[MAX_TICKS] = {0}, b[MAX_TICKS] = {0};
    unsigned char valid[MAX_TICKS] = {0}, keep[MAX_TICKS];
    char buf[LABEL_MAX];

    /* y: labels right-aligned in columns 0 .. lw-1, one row each; distinct rows suffice */
    Map my = map_make(&c->y);
    make_ticks(&c->y, &my, &t);
    int dh = ph * dots_y[g];
    for (int i = 0; i < t.n; i++) {
        int row = (dh - 1 - f_to_dot(t.f[i], dh)) / dots_y[g];
        a[i] = b[i] = ph - 1 - row; /* counted upwards, like the values */
        valid[i] = 1;
    }
    pick_labels(&t, a, b, valid, 0, keep);
    for (int i = 0; i < t.n; i++) {
        if (!keep[i])
            continue;
        int row = ph - 1 - a[i];
        tick_label(&t, i, buf);
        put_text(c, cells, lw - (int)strlen(buf), row, buf);
        put(c, cells, lw, row, GL_VTICK(asc), CHART_TAG_AXIS);
    }

    /* x: labels centred under their tick, kept inside the chart, one blank cell apart */
    Map mx = map_make(&c->x);
    make_ticks(&c->x, &mx, &t);
    int dw = pw * dots_x[g], tcol[MAX_TICKS];
    for (int i = 0; i < t.n; i++) {
        tick_label(&t, i, buf);
        int len = (int)strlen(buf);
        tcol[i] = x0 + f_to_dot(t.f[i], dw) / dots_x[g];
        int start = tcol[i] - (len - 1) / 2;
        if (start > c->w - len)
            start = c->w - len;
        if (start < 0)
            start = 0;
        a[i] = start;
        b[i] = start + len - 1;
        valid[i] = len <= c->w;
    }
    pick_labels(&t, a, b, valid, 1, keep);
    for (int i = 0; i < t.n; i++) {
        if (!keep[i])
            continue;
        tick_label(&t, i, buf);
        put_text(c, cells, a[i], label_row, buf);
        put(c, cells, tcol[i], axis_row, GL_HTICK(asc), CHART_TAG_AXIS);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Rasterising series.
 */

/* While series are drawn, a plot cell's `ch` packs: the dot mask (bits 0-7), the last series
 * that touched the cell (index + 1, bits 8-12), how many series of the owner's layer touched
 * it (bits 13-17), the owner's layer rank + 1 (bits 18-22) and the series whose marker sits
 * here (index + 1, bits 23-27). */
#define PK_MASK 0xFFu
#define PK_GET(v, sh) (((v) >> (sh)) & 31u)
#define PK_SET(v, sh, x) (((v) & ~(31u << (sh))) | ((uint32_t)(x) << (sh)))
#define PK_LAST 8
#define PK_CNT 13
#define PK_GRP 18
#define PK_MK 23

typedef struct Raster {
    ChartCell *cells;
    size_t stride;               /* cells per grid row */
    int x0, y0;                  /* plot origin (cells) */
    int gx, gy;                  /* dots per cell across, down */
    int dw, dh;                  /* plot size (dots) */
    const uint8_t (*bits)[2];    /* dot_bits of the glyph set */
    uint8_t tag;                 /* the series being drawn */
    unsigned sid;                /* its index + 1 (1 .. CHART_MAX_SERIES) */
    unsigned grp;                /* its layer's rank + 1 (1 .. CHART_MAX_SERIES) */
    int alternate;               /* Chart.alternate */
    int period, phase;           /* marker columns: cx % period == phase; period 0: none */
} Raster;

/* Set dot (x, y), y counted down from the top of the plot. */
static inline void set_dot(const Raster *r, int x, int y)
{
    if ((unsigned)x >= (unsigned)r->dw || (unsigned)y >= (unsigned)r->dh)
        return; /* clipping keeps us inside; this is the belt to its braces */
    int cx = x / r->gx, cy = y / r->gy;
    ChartCell *cell = &r->cells[(size_t)(r->y0 + cy) * r->stride + (size_t)(r->x0 + cx)];
    uint32_t v = cell->ch | r->bits[y - cy * r->gy][x - cx * r->gx];
    if (PK_GET(v, PK_LAST) != r->sid) { /* the first dot of this series in this cell */
        v = PK_SET(v, PK_LAST, r->sid);
        if (PK_GET(v, PK_GRP) != r->grp) {
            /* empty, or a lower layer (layers are drawn in rising order): this series owns it,
             * and a lower layer's marker gives way */
            v = PK_SET(PK_SET(PK_SET(v, PK_GRP, r->grp), PK_CNT, 1), PK_MK, 0);
            cell->tag = r->tag;
            cell->tag2 = CHART_TAG_NONE;
        } else {
            unsigned k = PK_GET(v, PK_CNT) + 1; /* k-th series of this layer here */
            v = PK_SET(v, PK_CNT, k);
            /* the k-th takes the cell in one block of k: after all N, the owner of block b is
             * the (b mod N)-th for N <= 3, and close to even shares beyond */
            if (!r->alternate || (unsigned)(cx / CHART_SHARE_RUN) % k == k - 1) {
                cell->tag2 = cell->tag;
                cell->tag = r->tag;
            } else {
                cell->tag2 = r->tag;
            }
        }
    }
    cell->ch = v;
}

/* The pen walks one polyline: dash phase counted along it, and the last dot drawn so that a
 * shared segment end is neither drawn nor counted twice. */
typedef struct Pen {
    ChartLine line;
    int have;         /* 1: (lx, ly) is the end of the previous segment */
    int lx, ly;
    unsigned long k;  /* dots walked so far (dash phase) */
    int mcol;         /* the plot column of the last marker placed (-1: none yet) */
} Pen;

static inline void pen_dot(const Raster *r, Pen *p, int x, int y)
{
    int on = p->line == CHART_DASHED ? p->k % 6 < 3 : p->line == CHART_DOTTED ? p->k % 3 == 0 : 1;
    if (on)
        set_dot(r, x, y);
    p->k++;
    /* a marker in the cell where the line enters a marker column: the same dot as the line */
    if (r->period > 0 && (unsigned)x < (unsigned)r->dw && (unsigned)y < (unsigned)r->dh) {
        int cx = x / r->gx;
        if (cx != p->mcol && cx % r->period == r->phase) {
            ChartCell *cell = &r->cells[(size_t)(r->y0 + y / r->gy) * r->stride + (size_t)(r->x0 + cx)];
            if (PK_GET(cell->ch, PK_GRP) <= r->grp) {
                if (PK_GET(cell->ch, PK_GRP) < r->grp) { /* an empty (dash gap) or lower cell */
                    cell->ch = PK_SET(PK_SET(PK_SET(cell->ch, PK_GRP, r->grp), PK_CNT, 1), PK_LAST, r->sid);
                    cell->tag2 = CHART_TAG_NONE;
                }
                cell->ch = PK_SET(cell->ch, PK_MK, r->sid);
                cell->tag = r->tag;
            }
            p->mcol = cx;
        }
    }
}

/* A lone point (POINTS, or a run of one valid point between gaps): one dot if in range. */
static void point(const Raster *r, double fx, double fy)
{
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1)
        return;
    set_dot(r, f_to_dot(fx, r->dw), r->dh - 1 - f_to_dot(fy, r->dh));
}

/* Clip (ax, ay) - (bx, by) (fractions) to [0, 1]^2 (Liang-Barsky) and walk it in dot space. */
static void segment(const Raster *r, Pen *p, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, t0 = 0, t1 = 1;
    const double pq[4][2] = {{-dx, ax}, {dx, 1 - ax}, {-dy, ay}, {dy, 1 - ay}};
    for (int i = 0; i < 4; i++) {
        double pp = pq[i][0], q = pq[i][1];
        if (pp == 0) {
            if (q < 0)
                goto outside;
            continue;
        }
        double t = q / pp;
        if (pp < 0) {
            if (t > t1)
                goto outside;
            if (t > t0)
                t0 = t;
        } else {
            if (t < t0)
                goto outside;
            if (t < t1)
                t1 = t;
        }
    }
    {
        double cx0 = t0 > 0 ? ax + t0 * dx : ax, cy0 = t0 > 0 ? ay + t0 * dy : ay;
        double cx1 = t1 < 1 ? ax + t1 * dx : bx, cy1 = t1 < 1 ? ay + t1 * dy : by;
        int x = f_to_dot(cx0, r->dw), y = r->dh - 1 - f_to_dot(cy0, r->dh);
        int x1 = f_to_dot(cx1, r->dw), y1 = r->dh - 1 - f_to_dot(cy1, r->dh);
        int sx = x < x1 ? 1 : -1, sy = y < y1 ? 1 : -1;
        int ddx = x < x1 ? x1 - x : x - x1, ddy = y < y1 ? y - y1 : y1 - y; /* ddy <= 0 */
        int err = ddx + ddy;
        int skip = p->have && p->lx == x && p->ly == y;
        for (;;) {
            if (!skip)
                pen_dot(r, p, x, y);
            skip = 0;
            if (x == x1 && y == y1)
                break;
            int e2 = 2 * err;
            if (e2 >= ddy) {
                err += ddy;
                x += sx;
            }
            if (e2 <= ddx) {
                err += ddx;
                y += sy;
            }
        }
        p->have = 1;
        p->lx = x1;
        p->ly = y1;
        return;
    }
outside:
    p->have = 0;
}

static void draw_series(const Raster *r, const Map *mx, const Map *my, const ChartSeries *s)
{
    if (!s->x || !s->y || s->n == 0)
        return;
    Pen pen = {s->line, 0, 0, 0, 0, -1};
    double px = 0, py = 0; /* the previous valid point (fractions) */
    size_t run = 0;        /* valid points in the current run */
    for (size_t i = 0; i < s->n; i++) {
        double fx, fy;
        if (!map_f(mx, s->x[i], &fx) || !map_f(my, s->y[i], &fy)) {
            if (run == 1 && s->line != CHART_POINTS)
                point(r, px, py); /* an isolated point still shows */
            run = 0;
            pen.have = 0;
            continue;
        }
        if (s->line == CHART_POINTS)
            point(r, fx, fy);
        else if (run > 0)
            segment(r, &pen, px, py, fx, fy);
        px = fx;
        py = fy;
        run++;
    }
    if (run == 1 && s->line != CHART_POINTS)
        point(r, px, py);
}

static uint32_t mask_glyph(ChartGlyphs g, uint32_t mask)
{
    if (mask == 0)
        return ' ';
    switch (g) {
    case CHART_BRAILLE:
        return 0x2800u + (mask & 0xFF);
    case CHART_BLOCKS:
        return block_glyphs[mask & 15];
    case CHART_ASCII:
    default:
        return (uint32_t)(unsigned char)ascii_glyphs[mask & 7];
    }
}

int chart_marker_period(int pw)
{
    int p = pw / 3;
    return p < 10 ? 10 : p > 40 ? 40 : p;
}

/* The next character of UTF-8 text *s (advanced past it): its code point, or '?' for a control
 * character, a malformed sequence (one byte consumed), or anything beyond 7 bits when asc. */
static uint32_t label_char(const char **s, int asc)
{
    const unsigned char *u = (const unsigned char *)*s;
    uint32_t cp = u[0];
    int len = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
    static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (len == 0) {
        *s += 1;
        return '?';
    }
    if (len > 1)
        cp &= 0x3Fu >> (len - 1);
    for (int i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *s += 1;
            return '?';
        }
        cp = cp << 6 | (u[i] & 0x3Fu);
    }
    *s += len;
    if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp < 0x20 || cp == 0x7F ||
        (cp >= 0x80 && cp < 0xA0) || (asc && cp >= 0x80))
        return '?';
    return cp;
}

/* Characters (cells) of a label. */
static int label_len(const char *s)
{
    int n = 0;
    while (*s) {
        label_char(&s, 1);
        n++;
    }
    return n;
}

/* Labelled marks: a faint vertical line through the empty plot cells at each mark's column,
 * then the labels on the top plot row, placed greedily from left to right (see chart.h). */
static void draw_mark_labels(const Chart *c, ChartCell *cells, const Map *mx, int x0, int y0, int pw,
                             int ph, int gx, int asc)
{
    int idx[CHART_MAX_MARKS], col[CHART_MAX_MARKS], n = 0;
    int nm = c->nmarks < 0 ? 0 : c->nmarks > CHART_MAX_MARKS ? CHART_MAX_MARKS : c->nmarks;
    for (int i = 0; i < nm; i++) {
        double f;
        if (!c->marks[i].label || !map_f(mx, c->marks[i].x, &f) || f < 0 || f > 1)
            continue;
        int cc = x0 + f_to_dot(f, pw * gx) / gx, j = n++;
        for (; j > 0 && col[j - 1] > cc; j--) { /* insertion sort by column, stable */
            idx[j] = idx[j - 1];
            col[j] = col[j - 1];
        }
        idx[j] = i;
        col[j] = cc;
    }
    for (int j = 0; j < n; j++)
        for (int row = y0; row < y0 + ph; row++) {
            ChartCell *cell = &cells[(size_t)row * (size_t)c->w + (size_t)col[j]];
            if (cell->tag == CHART_TAG_NONE) {
                cell->ch = asc ? '!' : 0x250Au; /* ┊ */
                cell->tag = c->marks[idx[j]].tag;
            }
        }
    int prev_end = x0 - 2; /* the last cell of the previous label (none yet: one gap from x0) */
    int right = x0 + pw - 1;
    for (int j = 0; j < n; j++) {
        const char *lab = c->marks[idx[j]].label;
        int len = label_len(lab), cj = col[j];
        if (len == 0)
            continue;
        int lim = j + 1 < n && col[j + 1] - 1 < right ? col[j + 1] - 1 : right; /* off the next line */
        int rs = cj + 1 > prev_end + 2 ? cj + 1 : prev_end + 2, ravail = lim - rs + 1;
        int ls = prev_end + 2, lprev = j > 0 ? col[j - 1] + 1 : x0, lavail;
        ls = ls > lprev ? ls : lprev;
        ls = ls > x0 ? ls : x0;
        lavail = cj - 1 - ls + 1;
        if (rs != cj + 1)
            ravail = 0; /* the previous label reaches past this line: the right side is taken */
        int start, use;
        if (ravail >= len) {
            start = rs;
            use = len;
        } else if (lavail >= len) {
            start = cj - len;
            use = len;
        } else {
            int min = len < 3 ? len : 3;
            if (ravail >= lavail && ravail >= min) {
                start = rs;
                use = ravail;
            } else if (lavail >= min) {
                start = cj - lavail;
                use = lavail;
            } else
                continue; /* no room: skipped (its line still shows) */
        }
        for (int k = 0; k < use; k++)
            put(c, cells, start + k, y0, label_char(&lab, asc), c->marks[idx[j]].tag);
        prev_end = start + use - 1 > prev_end ? start + use - 1 : prev_end;
    }
}

void chart_render(const Chart *c, ChartCell *cells)
{
    if (!c || !cells || c->w <= 0 || c->h <= 0)
        return;
    size_t total = (size_t)c->w * (size_t)c->h;
    for (size_t i = 0; i < total; i++) {
        cells[i].ch = ' ';
        cells[i].tag = CHART_TAG_NONE;
        cells[i].tag2 = CHART_TAG_NONE;
    }
    if (c->w > MAX_SIDE || c->h > MAX_SIDE)
        return;
    ChartGlyphs g = c->glyphs;
    if (g != CHART_BRAILLE && g != CHART_BLOCKS && g != CHART_ASCII)
        g = CHART_ASCII; /* an out-of-range enum: the safe set */
    Chart cc = *c;       /* the helpers below read glyphs from the chart */
    cc.glyphs = g;
    int x0, y0, pw, ph;
    chart_layout(&cc, &x0, &y0, &pw, &ph);
    int lab = labels_on(&cc);
    if (lab)
        draw_axes(&cc, cells, x0, pw, ph);
    if (pw <= 0 || ph <= 0)
        return;

    /* plot cells hold packed dot masks until the end */
    for (int row = y0; row < y0 + ph; row++)
        for (int col = x0; col < x0 + pw; col++)
            cells[(size_t)row * (size_t)c->w + (size_t)col].ch = 0;

    Map mx = map_make(&c->x), my = map_make(&c->y);
    Raster r = {cells, (size_t)c->w, x0, y0, dots_x[g], dots_y[g], pw * dots_x[g], ph * dots_y[g],
                dot_bits[g], 0, 0, 0, c->alternate != 0, 0, 0};
    int ns = c->nseries < 0 ? 0 : c->nseries > CHART_MAX_SERIES ? CHART_MAX_SERIES : c->nseries;
    /* drawing order: by layer, index order within a layer (stable insertion sort); the rank of
     * each series' layer; the markers' phases spread evenly over one period */
    int order[CHART_MAX_SERIES], rank[CHART_MAX_SERIES], nmk = 0, period = chart_marker_period(pw);
    for (int i = 0; i < ns; i++) {
        int j = i;
        for (; j > 0 && c->series[order[j - 1]].layer > c->series[i].layer; j--)
            order[j] = order[j - 1];
        order[j] = i;
        nmk += c->series[i].marker != 0 && c->series[i].line != CHART_POINTS;
    }
    for (int j = 0; j < ns; j++)
        rank[j] = j == 0 ? 0 : rank[j - 1] + (c->series[order[j]].layer != c->series[order[j - 1]].layer);
    if (mx.ok && my.ok)
        for (int j = 0, m = 0; j < ns; j++) {
            const ChartSeries *s = &c->series[order[j]];
            r.tag = s->tag;
            r.sid = (unsigned)order[j] + 1;
            r.grp = (unsigned)rank[j] + 1;
            r.period = 0;
            if (s->marker && s->line != CHART_POINTS) {
                r.period = period;
                r.phase = (int)(((long)period * (2 * m + 1)) / (2L * nmk)) % period;
                m++;
            }
            draw_series(&r, &mx, &my, s);
        }

    for (int row = y0; row < y0 + ph; row++)
        for (int col = x0; col < x0 + pw; col++) {
            ChartCell *cell = &cells[(size_t)row * (size_t)c->w + (size_t)col];
            unsigned mk = PK_GET(cell->ch, PK_MK);
            if (mk && mk <= (unsigned)ns) {
                cell->ch = c->series[mk - 1].marker;
                cell->tag = c->series[mk - 1].tag;
            } else
                cell->ch = mask_glyph(g, cell->ch & PK_MASK);
            if (cell->tag2 == cell->tag)
                cell->tag2 = CHART_TAG_NONE; /* two series of one colour: nothing to tell apart */
        }

    /* marks: on the x-axis row; without labels, on the bottom plot row where no data is */
    int nm = c->nmarks < 0 ? 0 : c->nmarks > CHART_MAX_MARKS ? CHART_MAX_MARKS : c->nmarks;
    for (int i = 0; i < nm && mx.ok; i++) {
        double f;
        if (!map_f(&mx, c->marks[i].x, &f) || f < 0 || f > 1)
            continue;
        int col = x0 + f_to_dot(f, r.dw) / r.gx, row = lab ? y0 + ph : y0 + ph - 1;
        if (!lab && cells[(size_t)row * (size_t)c->w + (size_t)col].tag != CHART_TAG_NONE)
            continue;
        put(c, cells, col, row, GL_MARK(g == CHART_ASCII), c->marks[i].tag);
    }
    if (mx.ok)
        draw_mark_labels(c, cells, &mx, x0, y0, pw, ph, r.gx, g == CHART_ASCII);
}

/* ---------------------------------------------------------------------------------------------
 * Legends.
 */

/* Short forms of names' first words (or of whole names), used only when a legend needs rows. */
static const struct ShortForm {
    const char *name;  /* matched at the start of a legend name, up to a space or its end */
    const char *brief;
} short_forms[] = {
    {"SGD memory", "SGD"}, {"Bayes-C", "BC"}, {"Bayes", "B"},      {"neural", "NN"},
    {"theory", "th"},      {"knowledge", "kn"}, {"syntax", "syn"}, {"hallucinated", "hal"},
    {"ghost", "gh"},       {"measured", "meas"}, {"capacity", "cap"},
};

/* The short form of `name` into *head / *tail; returns 0 if there is none. */
static int abbreviate(const ChartLegendItem *it, const char **head, const char **tail)
{
    if (!it->name)
        return 0;
    if (it->abbrev) {
        *head = it->abbrev;
        *tail = "";
        return strlen(it->abbrev) < strlen(it->name);
    }
    for (size_t i = 0; i < sizeof short_forms / sizeof short_forms[0]; i++) {
        size_t l = strlen(short_forms[i].name);
        if (strncmp(it->name, short_forms[i].name, l) == 0 && (it->name[l] == '\0' || it->name[l] == ' ')) {
            *head = short_forms[i].brief;
            *tail = it->name + l;
            return 1;
        }
    }
    return 0;
}

#define LEGEND_GAP 2 /* cells between entries */

/* Flow entries of the given widths into rows of `width`; positions into places if non-NULL.
 * Returns the rows. */
static int legend_flow(const int *wid, int n, int width, ChartLegendPlace *places)
{
    int row = 0, col = 0;
    for (int i = 0; i < n; i++) {
        int w = wid[i];
        if (col > 0 && col + LEGEND_GAP + w > width) {
            row++;
            col = 0;
        } else if (col > 0)
            col += LEGEND_GAP;
        if (places) {
            places[i].row = row;
            places[i].col = col;
            places[i].width = w;
        }
        if (w > width) { /* its own rows, wrapped; the next entry starts a new row */
            row += (w + width - 1) / width - 1;
            col = width;
        } else
            col += w;
    }
    return n > 0 ? row + 1 : 0;
}

int chart_legend_layout(const ChartLegendItem *items, int n, int width, ChartLegendPlace *places)
{
    enum { MAXN = 64 };
    if (!items || n <= 0)
        return 0;
    if (width < 1)
        width = 1;
    if (n > MAXN)
        n = MAXN; /* documented nowhere a caller could need it: legends hold a few entries */
    int full[MAXN], cur[MAXN], shrt[MAXN], save[MAXN];
    const char *head[MAXN], *tail[MAXN];
    for (int i = 0; i < n; i++) {
        const char *nm = items[i].name ? items[i].name : "";
        int mk = items[i].marker ? 2 : 0;
        full[i] = mk + (int)strlen(nm);
        head[i] = nm;
        tail[i] = "";
        shrt[i] = full[i];
        if (abbreviate(&items[i], &head[i], &tail[i]))
            shrt[i] = mk + (int)strlen(head[i]) + (int)strlen(tail[i]);
        save[i] = full[i] - shrt[i];
        cur[i] = full[i];
    }
    int best = legend_flow(shrt, n, width, NULL), rows = legend_flow(full, n, width, NULL);
    unsigned char ab[MAXN] = {0};
    while (rows > best) { /* abbreviate the entry that saves most, until it needs no more rows */
        int k = -1;
        for (int i = 0; i < n; i++)
            if (!ab[i] && save[i] > 0 && (k < 0 || save[i] > save[k]))
                k = i;
        if (k < 0)
            break;
        ab[k] = 1;
        cur[k] = shrt[k];
        rows = legend_flow(cur, n, width, NULL);
    }
    if (places) {
        legend_flow(cur, n, width, places);
        for (int i = 0; i < n; i++) {
            places[i].abbreviated = ab[i];
            places[i].text = ab[i] ? head[i] : items[i].name ? items[i].name : "";
            places[i].tail = ab[i] ? tail[i] : "";
        }
    }
    return rows;
}

/* ---------------------------------------------------------------------------------------------
 * Stable axes.
 */

/* 10^floor(log10 v) (up = 0) or 10^ceil(log10 v) (up = 1), exact where log10 rounds wrongly
 * (log10(1000) may come out as 2.9999999999999996). */
static double decade_of(double v, int up)
{
    double e = floor(log10(v));
    double p = pow(10, e);
    if (p > v)
        p = pow(10, --e);
    else if (pow(10, e + 1) <= v)
        p = pow(10, ++e);
    if (up && p < v)
        p = pow(10, e + 1);
    if (!up && !(p > 0))
        p = v; /* below the smallest decade a double holds (10^-324 is 0): the value itself */
    if (up && !isfinite(p))
        p = DBL_MAX; /* above 1e308 */
    return p;
}

/* A 1-2-5 step near span / 5. */
static double nice_step(double span)
{
    double base = pow(10, floor(log10(span / 5)));
    double r = span / 5 / base;
    return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * base;
}

void chart_axis_grow(ChartAxis *a, double dmin, double dmax)
{
    if (!a)
        return;
    int log = a->log != 0;
    int okmin = isfinite(dmin) && (!log || dmin > 0), okmax = isfinite(dmax) && (!log || dmax > 0);
    if (!okmin && !okmax)
        return;
    double lo = okmin ? dmin : dmax, hi = okmax ? dmax : dmin;
    if (lo > hi) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    int empty = !(a->lo < a->hi) || !isfinite(a->lo) || !isfinite(a->hi) || (log && a->lo <= 0);
    if (!empty && lo >= a->lo && hi <= a->hi)
        return; /* already contained: the common case, no change at all */
    if (log) {
        double nlo = decade_of(lo, 0), nhi = decade_of(hi, 1);
        if (!(nhi > nlo))
            nhi = nlo < DBL_MAX / 10 ? nlo * 10 : DBL_MAX; /* one exact decade of data */
        if (!(nhi > nlo))
            nlo = nhi / 10;
        if (empty) {
            a->lo = nlo;
            a->hi = nhi;
        } else {
            if (nlo < a->lo)
                a->lo = nlo;
            if (nhi > a->hi)
                a->hi = nhi;
        }
        return;
    }
    /* linear: round the moving ends outward to a 1-2-5 step of the new span, so a creeping
     * maximum widens the axis in a few visible jumps rather than every frame */
    double ulo = empty ? lo : fmin(lo, a->lo), uhi = empty ? hi : fmax(hi, a->hi);
    if (ulo == uhi) {
        double d = ulo == 0 ? 1 : fabs(ulo) / 2;
        ulo -= d;
        uhi += d;
    }
    double span = uhi - ulo;
    if (isfinite(span) && span > 0) {
        double s = nice_step(span);
        if (isfinite(s) && s > 0) {
            if (empty || ulo < a->lo) {
                double r = floor(ulo / s) * s;
                if (r > ulo) /* floor(x / s) * s can land above x by one rounding */
                    r -= s;
                if (isfinite(r))
                    ulo = r;
            }
            if (empty || uhi > a->hi) {
                double r = ceil(uhi / s) * s;
                if (r < uhi)
                    r += s;
                if (isfinite(r))
                    uhi = r;
            }
        }
    }
    if (!(ulo < uhi))
        return; /* nothing sensible to widen to (e.g. -DBL_MAX data rounding) */
    a->lo = ulo;
    a->hi = uhi;
}

/* ---------------------------------------------------------------------------------------------
 * UTF-8.
 */

int chart_cell_utf8(uint32_t ch, char *buf)
{
    if (!buf)
        return 0;
    if (ch > 0x10FFFF || (ch >= 0xD800 && ch <= 0xDFFF))
        ch = 0xFFFD; /* not a scalar value: the replacement character */
    unsigned char *o = (unsigned char *)buf;
    int n;
    if (ch < 0x80) {
        o[0] = (unsigned char)ch;
        n = 1;
    } else if (ch < 0x800) {
        o[0] = (unsigned char)(0xC0 | (ch >> 6));
        o[1] = (unsigned char)(0x80 | (ch & 0x3F));
        n = 2;
    } else if (ch < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (ch >> 12));
        o[1] = (unsigned char)(0x80 | ((ch >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (ch & 0x3F));
        n = 3;
    } else {
        o[0] = (unsigned char)(0xF0 | (ch >> 18));
        o[1] = (unsigned char)(0x80 | ((ch >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((ch >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (ch & 0x3F));
        n = 4;
    }
    o[n] = '\0';
    return n;
}
