/*
 * test_chart.c: the chart rasteriser: dot placement per glyph set, glyph tables, lines, gaps,
 * clipping, dashes, marks, axes and labels, stable axes, UTF-8, and robustness on every small
 * size and on hostile input.
 *
 * Expected dots are computed here from the rule in chart.c's header comment: a value at
 * fraction f of an axis of n dots lands on dot round(f * (n - 1)), counted from the left and
 * from the bottom.
 */
#include "test_util.h"

#include <float.h>

#include "skscope/chart.h"

#define GUARD 64 /* sentinel cells before and after every grid */
#define SENTINEL_CH 0xDEADu
#define SENTINEL_TAG 77

/* ---------------------------------------------------------------------------------------------
 * Helpers.
 */

/* A grid of w * h cells with GUARD sentinel cells on either side; the grid starts at + GUARD. */
static ChartCell *grid_new(int w, int h)
{
    size_t n = (size_t)(w > 0 ? w : 0) * (size_t)(h > 0 ? h : 0) + 2 * GUARD;
    ChartCell *mem = malloc(n * sizeof *mem);
    assert_non_null(mem);
    for (size_t i = 0; i < n; i++) {
        mem[i].ch = SENTINEL_CH;
        mem[i].tag = SENTINEL_TAG;
    }
    return mem;
}

/* The sentinels around the grid are intact. */
static void grid_check(const ChartCell *mem, int w, int h)
{
    size_t n = (size_t)(w > 0 ? w : 0) * (size_t)(h > 0 ? h : 0);
    for (size_t i = 0; i < GUARD; i++) {
        if (mem[i].ch != SENTINEL_CH || mem[i].tag != SENTINEL_TAG)
            fail_msg("%dx%d: wrote before the grid (guard %zu)", w, h, i);
        if (mem[GUARD + n + i].ch != SENTINEL_CH || mem[GUARD + n + i].tag != SENTINEL_TAG)
            fail_msg("%dx%d: wrote after the grid (guard %zu)", w, h, i);
    }
}

static const int DX[3] = {2, 2, 1}, DY[3] = {4, 2, 3}; /* dots per cell across, down */

/* The blocks in mask order (TL=1, TR=2, BL=4, BR=8), as the brief lists them. */
static const char BLOCKS_UTF8[] = " ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█";

/* Decode one UTF-8 sequence (valid input only); returns bytes used. */
static int utf8_decode(const char *s, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (u[0] < 0xE0) {
        *cp = (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
        return 2;
    }
    if (u[0] < 0xF0) {
        *cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
        return 3;
    }
    *cp = (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 |
          (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
    return 4;
}

static uint32_t block_cp(int mask)
{
    const char *s = BLOCKS_UTF8;
    uint32_t cp = 0;
    for (int i = 0; i <= mask; i++)
        s += utf8_decode(s, &cp);
    return cp;
}

/* Dot bit of (col, row) within a cell, written out independently of chart.c. */
static int dot_bit(ChartGlyphs g, int col, int row)
{
    static const int braille[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    if (g == CHART_BRAILLE)
        return braille[row][col];
    if (g == CHART_BLOCKS)
        return 1 << (row * 2 + col);
    return 1 << row;
}

/* The dot mask a glyph shows, or -1 if ch is no glyph of set g. ASCII ':' and '|' stand for
 * several dots: they return 0x100 (we only know "more than one"). */
static int glyph_mask(ChartGlyphs g, uint32_t ch)
{
    if (ch == ' ')
        return 0;
    if (g == CHART_BRAILLE)
        return ch > 0x2800 && ch <= 0x28FF ? (int)(ch - 0x2800) : -1;
    if (g == CHART_BLOCKS) {
        for (int m = 1; m < 16; m++)
            if (block_cp(m) == ch)
                return m;
        return -1;
    }
    switch (ch) {
    case '\'':
        return 1;
    case '-':
        return 2;
    case '.':
        return 4;
    case ':':
    case '|':
        return 0x100;
    default:
        return -1;
    }
}

/* Dot (X, Y) of the plot at (x0, y0) is set; Y counted down from the top of the plot. */
static int dot_set(const ChartCell *cells, int w, ChartGlyphs g, int x0, int y0, int X, int Y)
{
    const ChartCell *c = &cells[(size_t)(y0 + Y / DY[g]) * (size_t)w + (size_t)(x0 + X / DX[g])];
    int m = glyph_mask(g, c->ch);
    assert_true(m >= 0);
    return (m & dot_bit(g, X % DX[g], Y % DY[g])) != 0;
}

/* The dot of fraction f on an axis of n dots (the documented rounding). */
static int fdot(double f, int n) { return (int)floor(f * (n - 1) + 0.5); }

/* A chart with linear [0, 1] axes and no labels. */
static Chart plain(int w, int h, ChartGlyphs g)
{
    Chart c;
    memset(&c, 0, sizeof c);
    c.w = w;
    c.h = h;
    c.glyphs = g;
    c.x = (ChartAxis){0, 1, 0};
    c.y = (ChartAxis){0, 1, 0};
    return c;
}

static void add_series(Chart *c, const double *x, const double *y, size_t n, ChartLine line,
                       uint8_t tag)
{
    assert_true(c->nseries < CHART_MAX_SERIES);
    c->series[c->nseries++] = (ChartSeries){.x = x, .y = y, .n = n, .line = line, .tag = tag};
}

/* Render into a guarded grid (checked), returning the grid (free with free(cells - GUARD)). */
static ChartCell *render(const Chart *c)
{
    ChartCell *mem = grid_new(c->w, c->h);
    chart_render(c, mem + GUARD);
    grid_check(mem, c->w, c->h);
    return mem + GUARD;
}

static void release(ChartCell *cells) { free(cells - GUARD); }

/* Row `row` as text (every cell ASCII, else '?'), trailing blanks kept. */
static void row_text(const ChartCell *cells, int w, int row, char *buf)
{
    for (int i = 0; i < w; i++) {
        uint32_t ch = cells[(size_t)row * (size_t)w + (size_t)i].ch;
        buf[i] = ch < 128 ? (char)ch : '?';
    }
    buf[w] = '\0';
}

/* Number of set dots in the whole plot. */
static int count_dots(const ChartCell *cells, const Chart *c)
{
    int x0, y0, pw, ph, n = 0;
    chart_layout(c, &x0, &y0, &pw, &ph);
    for (int Y = 0; Y < ph * DY[c->glyphs]; Y++)
        for (int X = 0; X < pw * DX[c->glyphs]; X++)
            n += dot_set(cells, c->w, c->glyphs, x0, y0, X, Y);
    return n;
}

/* 10^e exactly as a decade label parses back (1k = 1e3, ...). */
static int parse_decade(const char *s)
{
    for (int e = -30; e <= 30; e++) {
        char b[16];
        if (strcmp(chart_decade_label(e, b, sizeof b), s) == 0)
            return e;
    }
    return INT32_MIN;
}

/* A small deterministic generator for the fuzz tests. */
static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static double unif(uint64_t *s) { return (double)lcg(s) / 2147483648.0; }

/* ---------------------------------------------------------------------------------------------
 * UTF-8 and labels.
 */

static void test_utf8(void **state)
{
    (void)state;
    struct {
        uint32_t cp;
        const char *bytes;
    } cases[] = {{'A', "A"},
                 {0x7F, "\x7f"},
                 {0xE9, "\xc3\xa9"},           /* é: 2 bytes */
                 {0x7FF, "\xdf\xbf"},
                 {0x800, "\xe0\xa0\x80"},       /* first 3-byte */
                 {0x2502, "\xe2\x94\x82"},      /* │ */
                 {0x28FF, "\xe2\xa3\xbf"},      /* ⣿ */
                 {0x25B2, "\xe2\x96\xb2"},      /* ▲ */
                 {0xFFFD, "\xef\xbf\xbd"},
                 {0x1F600, "\xf0\x9f\x98\x80"}, /* 4 bytes */
                 {0xD800, "\xef\xbf\xbd"},      /* a surrogate: replacement character */
                 {0x110000, "\xef\xbf\xbd"}};   /* beyond Unicode: replacement character */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[8];
        memset(buf, 'x', sizeof buf);
        int n = chart_cell_utf8(cases[i].cp, buf);
        assert_int_equal(n, (int)strlen(cases[i].bytes));
        assert_int_equal(buf[n], '\0');
        assert_memory_equal(buf, cases[i].bytes, (size_t)n);
    }
    char nul[4] = "xx";
    assert_int_equal(chart_cell_utf8(0, nul), 1); /* U+0000 is one byte (then the NUL end) */
    assert_int_equal(nul[0], 0);
    assert_int_equal(chart_cell_utf8('A', NULL), 0);
    /* round trip of the brief's block list through the test's decoder */
    for (int m = 0; m < 16; m++) {
        char buf[8];
        uint32_t back;
        int n = chart_cell_utf8(block_cp(m), buf);
        assert_int_equal(utf8_decode(buf, &back), n);
        assert_int_equal(back, block_cp(m));
    }
}

static void test_decade_labels(void **state)
{
    (void)state;
    struct {
        int e;
        const char *s;
    } cases[] = {{0, "1"},      {1, "10"},     {2, "100"},    {3, "1k"},    {4, "10k"},
                 {5, "100k"},   {6, "1M"},     {7, "10M"},    {8, "100M"},  {9, "1G"},
                 {10, "10G"},   {11, "100G"},  {12, "1T"},    {13, "1e13"}, {15, "1e15"},
                 {308, "1e308"}, {-1, "0.1"},  {-2, "0.01"},  {-3, "1e-3"}, {-4, "1e-4"},
                 {-6, "1e-6"},  {-99, "1e-99"}, {-100, "e-100"}, {-323, "e-323"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[16];
        char *r = chart_decade_label(cases[i].e, buf, sizeof buf);
        assert_ptr_equal(r, buf);
        assert_string_equal(buf, cases[i].s);
    }
    for (int e = -400; e <= 400; e++) { /* the whole double range and then some */
        char buf[16];
        chart_decade_label(e, buf, sizeof buf);
        if (strlen(buf) > 5)
            fail_msg("10^%d: '%s' is longer than 5 characters", e, buf);
    }
    char small[3];
    chart_decade_label(5, small, sizeof small); /* truncated, still NUL-ended */
    assert_string_equal(small, "10");
    assert_null(chart_decade_label(3, NULL, 0));
}

/* ---------------------------------------------------------------------------------------------
 * Stable axes.
 */

static void test_axis_grow_log(void **state)
{
    (void)state;
    ChartAxis a = {0, 0, 1}; /* zero-initialised: empty */
    chart_axis_grow(&a, NAN, INFINITY);
    assert_true(a.lo == 0 && a.hi == 0); /* nothing valid: unchanged */
    chart_axis_grow(&a, -5, 0);
    assert_true(a.lo == 0 && a.hi == 0); /* <= 0 on log: ignored */
    chart_axis_grow(&a, 3, 450);
    assert_close(a.lo, 1, 0);
    assert_close(a.hi, 1000, 0);
    chart_axis_grow(&a, 10, 100); /* inside: never shrinks */
    assert_close(a.lo, 1, 0);
    assert_close(a.hi, 1000, 0);
    chart_axis_grow(&a, 0.02, 999);
    assert_close(a.lo, 0.01, 1e-18);
    assert_close(a.hi, 1000, 0);
    chart_axis_grow(&a, 1000, 1000.5); /* just past a decade: the next one */
    assert_close(a.hi, 1e4, 0);
    chart_axis_grow(&a, 0, 2e5); /* 0 ignored, 2e5 kept */
    assert_close(a.lo, 0.01, 1e-18);
    assert_close(a.hi, 1e6, 0);
    chart_axis_grow(&a, NAN, 5e-4); /* NaN ignored, the other end still counts */
    assert_close(a.lo, 1e-4, 1e-20);
    chart_axis_grow(&a, -1, -2);
    assert_close(a.lo, 1e-4, 1e-20);
    assert_close(a.hi, 1e6, 0);

    /* exact decades stay exact (log10(1000) may round below 3) */
    for (int e = -12; e <= 12; e++) {
        ChartAxis b = {0, 0, 1};
        double v = pow(10, e);
        chart_axis_grow(&b, v, v * 3);
        assert_close(b.lo, v, v * 1e-12);
        assert_close(b.hi, 10 * v, v * 1e-11);
        ChartAxis d = {0, 0, 1}; /* one exact decade of data on an empty axis */
        chart_axis_grow(&d, v, v);
        assert_true(d.lo < d.hi);
        assert_close(d.lo, v, v * 1e-12);
    }
    /* swapped arguments, extremes */
    ChartAxis s = {0, 0, 1};
    chart_axis_grow(&s, 500, 2);
    assert_close(s.lo, 1, 0);
    assert_close(s.hi, 1000, 0);
    ChartAxis x = {5, 1, 1}; /* lo >= hi: empty, takes the data */
    chart_axis_grow(&x, 2, 20);
    assert_close(x.lo, 1, 0);
    assert_close(x.hi, 100, 0);
    ChartAxis z = {0, 0, 1};
    chart_axis_grow(&z, 5e-324, DBL_MAX);
    assert_true(z.lo > 0 && z.lo <= 5e-324 && z.hi >= DBL_MAX && isfinite(z.hi));
}

static void test_axis_grow_linear(void **state)
{
    (void)state;
    ChartAxis a = {0, 0, 0};
    chart_axis_grow(&a, NAN, NAN);
    assert_true(a.lo == 0 && a.hi == 0);
    chart_axis_grow(&a, 0.13, 0.87);
    assert_true(a.lo <= 0.13 && a.hi >= 0.87);
    assert_true(a.hi - a.lo <= 1.0 + 1e-12); /* rounded to a step, not blown up */
    double lo = a.lo, hi = a.hi;
    chart_axis_grow(&a, 0.5, 0.6);
    assert_true(a.lo == lo && a.hi == hi);
    chart_axis_grow(&a, -3, INFINITY); /* infinity ignored */
    assert_true(a.lo <= -3 && a.hi == hi);
    for (double v = 1; v < 1e6; v *= 1.7) { /* a creeping maximum: grows, never shrinks */
        double plo = a.lo, phi = a.hi;
        chart_axis_grow(&a, v * 0.5, v);
        assert_true(a.lo <= plo && a.hi >= phi && a.hi >= v);
    }
    ChartAxis p = {0, 0, 0};
    chart_axis_grow(&p, 7, 7); /* one value: an interval around it */
    assert_true(p.lo < 7 && p.hi > 7);
    ChartAxis q = {0, 0, 0};
    chart_axis_grow(&q, 0, 0);
    assert_true(q.lo < 0 && q.hi > 0);
    ChartAxis r = {0, 0, 0};
    chart_axis_grow(&r, -DBL_MAX, DBL_MAX); /* never crashes; span is infinite */
    assert_true(isfinite(r.lo) && isfinite(r.hi));
    chart_axis_grow(NULL, 1, 2);
}

/* ---------------------------------------------------------------------------------------------
 * Layout and axes.
 */

static Chart loglog_chart(int w, int h, ChartGlyphs g, double xhi, double ylo, double yhi)
{
    Chart c;
    memset(&c, 0, sizeof c);
    c.w = w;
    c.h = h;
    c.glyphs = g;
    c.labels = 1;
    c.x = (ChartAxis){1, xhi, 1};
    c.y = (ChartAxis){ylo, yhi, 1};
    return c;
}

static void test_layout(void **state)
{
    (void)state;
    Chart c = loglog_chart(80, 20, CHART_BRAILLE, 1e12, 1e-6, 10);
    int x0, y0, pw, ph;
    assert_int_equal(chart_ylabel_width(&c), 4); /* "1e-6" is the widest */
    chart_layout(&c, &x0, &y0, &pw, &ph);
    assert_int_equal(x0, 5);
    assert_int_equal(y0, 0);
    assert_int_equal(pw, 75);
    assert_int_equal(ph, 18);

    c.y = (ChartAxis){1, 1e5, 1}; /* "100k" */
    assert_int_equal(chart_ylabel_width(&c), 4);
    c.y = (ChartAxis){1, 100, 1}; /* "100" */
    assert_int_equal(chart_ylabel_width(&c), 3);
    chart_layout(&c, &x0, &y0, &pw, &ph);
    assert_int_equal(x0, 4);
    assert_int_equal(pw, 76);

    c.labels = 0;
    assert_int_equal(chart_ylabel_width(&c), 0);
    chart_layout(&c, &x0, &y0, &pw, &ph);
    assert_true(x0 == 0 && y0 == 0 && pw == 80 && ph == 20);

    c.labels = 1; /* too small for labels: the whole chart is plot */
    c.w = 11;
    chart_layout(&c, &x0, &y0, &pw, &ph);
    assert_true(x0 == 0 && y0 == 0 && pw == 11 && ph == 20);
    assert_int_equal(chart_ylabel_width(&c), 0);
    c.w = 12;
    c.h = 3;
    chart_layout(&c, &x0, &y0, &pw, &ph);
    assert_true(x0 == 0 && y0 == 0 && pw == 12 && ph == 3);
    c.h = 4;
    chart_layout(&c, &x0, &y0, &pw, &ph);
    assert_true(x0 == 4 && y0 == 0 && pw == 8 && ph == 2);
    chart_layout(&c, NULL, NULL, NULL, NULL); /* outputs are optional */
    chart_layout(NULL, &x0, &y0, &pw, &ph);
    assert_true(x0 == 0 && y0 == 0 && pw == 0 && ph == 0);

    /* the axes drawn where the layout says */
    for (int g = 0; g < 3; g++) {
        Chart d = loglog_chart(60, 15, (ChartGlyphs)g, 1e4, 1e-3, 1);
        chart_layout(&d, &x0, &y0, &pw, &ph);
        ChartCell *cells = render(&d);
        int asc = g == CHART_ASCII;
        for (int r = 0; r < ph; r++) {
            const ChartCell *a = &cells[r * 60 + x0 - 1];
            assert_int_equal(a->tag, CHART_TAG_AXIS);
            assert_true(a->ch == (asc ? '|' : 0x2502u) || a->ch == (asc ? '+' : 0x2524u));
        }
        const ChartCell *corner = &cells[ph * 60 + x0 - 1];
        assert_int_equal(corner->ch, asc ? '+' : 0x2514u);
        assert_int_equal(corner->tag, CHART_TAG_AXIS);
        for (int col = x0; col < 60; col++) {
            const ChartCell *a = &cells[ph * 60 + col];
            assert_int_equal(a->tag, CHART_TAG_AXIS);
            assert_true(a->ch == (asc ? '-' : 0x2500u) || a->ch == (asc ? '+' : 0x252Cu));
        }
        for (int col = 0; col < 60; col++) { /* the label row holds labels or nothing */
            const ChartCell *a = &cells[(ph + 1) * 60 + col];
            assert_true(a->tag == CHART_TAG_LABEL || (a->tag == CHART_TAG_NONE && a->ch == ' '));
        }
        release(cells);
    }
}

/* Split an ASCII row into blank-separated words: starts and words. */
static int words(const char *row, int *starts, char (*out)[16], int max)
{
    int n = 0;
    for (int i = 0; row[i];) {
        while (row[i] == ' ')
            i++;
        if (!row[i])
            break;
        int j = i;
        while (row[j] && row[j] != ' ')
            j++;
        if (n < max && j - i < 16) {
            starts[n] = i;
            memcpy(out[n], row + i, (size_t)(j - i));
            out[n][j - i] = '\0';
            n++;
        }
        i = j;
    }
    return n;
}

static void test_x_labels(void **state)
{
    (void)state;
    /* every width from 12 to 200: labels are decades in increasing order, one blank apart,
     * each centred on a tick '┬' (clamped inside the chart), first "1" and last "1T" kept */
    for (int w = 12; w <= 200; w++) {
        Chart c = loglog_chart(w, 8, CHART_BRAILLE, 1e12, 1e-6, 10);
        int x0, y0, pw, ph;
        chart_layout(&c, &x0, &y0, &pw, &ph);
        ChartCell *cells = render(&c);
        char row[256], word[64][16];
        int starts[64];
        row_text(cells, w, ph + 1, row);
        int n = words(row, starts, word, 64);
        if (n < 2)
            fail_msg("w=%d: labels '%s'", w, row);
        assert_string_equal(word[0], "1");
        assert_string_equal(word[n - 1], "1T");
        int ticks = 0;
        for (int col = 0; col < w; col++)
            ticks += cells[ph * w + col].ch == 0x252Cu;
        assert_int_equal(ticks, n);
        int prev = INT32_MIN;
        for (int i = 0; i < n; i++) {
            int e = parse_decade(word[i]);
            if (e <= prev)
                fail_msg("w=%d: label '%s' out of order in '%s'", w, word[i], row);
            prev = e;
            /* the tick sits under the label's column range, at the decade's column */
            int col = x0 + fdot(e / 12.0, pw * 2) / 2;
            assert_int_equal(cells[ph * w + col].ch, 0x252Cu);
            int len = (int)strlen(word[i]);
            assert_true(col >= starts[i] && col < starts[i] + len);
        }
        if (w >= 80) /* room for all 13 decades */
            assert_int_equal(n, 13);
        release(cells);
    }
}

static void test_y_labels(void **state)
{
    (void)state;
    /* every height from 4 to 40: labels right-aligned against the axis, decades increasing
     * upwards, ticks '┤' beside them, first and last kept */
    for (int h = 4; h <= 40; h++) {
        Chart c = loglog_chart(40, h, CHART_BLOCKS, 1e4, 1e-6, 10);
        int x0, y0, pw, ph;
        chart_layout(&c, &x0, &y0, &pw, &ph);
        assert_int_equal(x0, 5);
        ChartCell *cells = render(&c);
        int prev = INT32_MAX, n = 0, first = 0, last = 0;
        for (int r = 0; r < ph; r++) {
            char row[64];
            row_text(cells, 40, r, row);
            row[x0 - 1] = '\0';
            const char *s = row;
            while (*s == ' ')
                s++;
            int tick = cells[r * 40 + x0 - 1].ch == 0x2524u;
            if (!*s) {
                assert_false(tick);
                continue;
            }
            assert_true(tick);
            assert_int_equal(row[x0 - 2] != ' ', 1); /* right-aligned */
            int e = parse_decade(s);
            assert_true(e != INT32_MIN && e < prev);
            /* on the row of its decade */
            int dh = ph * 2, yu = fdot((e + 6) / 7.0, dh);
            assert_int_equal((dh - 1 - yu) / 2, r);
            if (n == 0)
                last = e;
            first = e;
            prev = e;
            n++;
        }
        assert_int_equal(last, 1);
        if (ph >= 2)
            assert_int_equal(first, -6);
        if (ph >= 14) /* two dots per decade and more: a row for every label */
            assert_int_equal(n, 8);
        release(cells);
    }
}

static void test_linear_labels(void **state)
{
    (void)state;
    Chart c = plain(80, 20, CHART_BRAILLE);
    c.labels = 1;
    c.x = (ChartAxis){0, 1e6, 0};
    int x0, y0, pw, ph;
    assert_int_equal(chart_ylabel_width(&c), 3); /* "0.2" */
    chart_layout(&c, &x0, &y0, &pw, &ph);
    ChartCell *cells = render(&c);
    const char *ys[] = {"1", "0.8", "0.6", "0.4", "0.2", "0"};
    int k = 0;
    for (int r = 0; r < ph; r++) {
        char row[256];
        row_text(cells, 80, r, row);
        row[x0 - 1] = '\0';
        const char *s = row;
        while (*s == ' ')
            s++;
        if (*s) {
            assert_true(k < 6);
            assert_string_equal(s, ys[k]);
            k++;
        }
    }
    assert_int_equal(k, 6);
    char row[256], word[16][16];
    int starts[16];
    row_text(cells, 80, ph + 1, row);
    int n = words(row, starts, word, 16);
    const char *xs[] = {"0", "200k", "400k", "600k", "800k", "1M"};
    assert_int_equal(n, 6);
    for (int i = 0; i < n; i++)
        assert_string_equal(word[i], xs[i]);
    release(cells);

    /* 3 to 7 labels on assorted ranges when there is room (a step of 1, 2 or 5 times a power of
     * ten: [-3e9, 3e9] gets -2G, 0, 2G); each at most 7 characters */
    const double ranges[][2] = {{0, 1},     {0, 10},     {-1, 1},   {0.13, 0.87}, {-5e-5, 5e-5},
                                {0, 97},    {2, 3},      {1e4, 2e4}, {-3e9, 3e9}, {0, 1e20},
                                {0, 0.001}, {1e-9, 1e-8}};
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        Chart d = plain(120, 40, CHART_ASCII);
        d.labels = 1;
        d.x = (ChartAxis){ranges[i][0], ranges[i][1], 0};
        d.y = d.x;
        int lw = chart_ylabel_width(&d);
        assert_true(lw >= 1 && lw <= 7);
        chart_layout(&d, &x0, &y0, &pw, &ph);
        ChartCell *cl = render(&d);
        row_text(cl, 120, ph + 1, row);
        n = words(row, starts, word, 16);
        if (n < 3 || n > 7)
            fail_msg("[%g, %g]: %d labels '%s'", ranges[i][0], ranges[i][1], n, row);
        for (int j = 0; j < n; j++) {
            assert_true(strlen(word[j]) <= 7);
            if (j > 0) /* distinct labels */
                assert_true(strcmp(word[j], word[j - 1]) != 0);
        }
        release(cl);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Dots and glyphs.
 */

static void test_single_point(void **state)
{
    (void)state;
    struct {
        ChartGlyphs g;
        double x, y;
        int col, row;
        uint32_t ch;
    } cases[] = {
        /* braille: 20 x 20 dots; X = 7 -> cell 3, right column; up 5 -> Y = 14 -> row 3, dot
         * row 2: dot 6 = 0x20 */
        {CHART_BRAILLE, 7.0 / 19, 5.0 / 19, 3, 3, 0x2800 + 0x20},
        {CHART_BRAILLE, 0, 0, 0, 4, 0x2800 + 0x40},   /* bottom-left: dot 7 */
        {CHART_BRAILLE, 1, 1, 9, 0, 0x2800 + 0x08},   /* top-right: dot 4 */
        /* blocks: 20 x 10 dots; X = 7, up 5 -> Y = 4 -> row 2, top right quadrant */
        {CHART_BLOCKS, 7.0 / 19, 5.0 / 9, 3, 2, 0x259D},
        {CHART_BLOCKS, 0, 0, 0, 4, 0x2596},           /* ▖ */
        /* ascii: 10 x 15 dots; X = 7, up 5 -> Y = 9 -> row 3, top dot */
        {CHART_ASCII, 7.0 / 9, 5.0 / 14, 7, 3, '\''},
        {CHART_ASCII, 0, 0, 0, 4, '.'},
        {CHART_ASCII, 0.5, 0.5, 5, 2, '-'},           /* X = 4.5 -> 5, up 7 -> Y = 7: middle */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (int line = 0; line < 3; line++) { /* a lone point shows in every line style */
            Chart c = plain(10, 5, cases[i].g);
            add_series(&c, &cases[i].x, &cases[i].y, 1, (ChartLine)line, 42);
            ChartCell *cells = render(&c);
            for (int r = 0; r < 5; r++)
                for (int k = 0; k < 10; k++) {
                    const ChartCell *cell = &cells[r * 10 + k];
                    if (r == cases[i].row && k == cases[i].col) {
                        if (cell->ch != cases[i].ch)
                            fail_msg("case %zu line %d: U+%04X, expected U+%04X", i, line,
                                     (unsigned)cell->ch, (unsigned)cases[i].ch);
                        assert_int_equal(cell->tag, 42);
                    } else {
                        assert_int_equal(cell->ch, ' ');
                        assert_int_equal(cell->tag, CHART_TAG_NONE);
                    }
                }
            release(cells);
        }
}

/* One-cell charts: every dot alone (braille, ASCII) or every subset of dots (blocks, ASCII)
 * gives the glyph of the documented table. */
static void test_glyph_tables(void **state)
{
    (void)state;
    for (int g = 0; g < 3; g++) {
        int nd = DX[g] * DY[g];
        for (int set = 1; set < (1 << nd); set++) {
            double xs[8], ys[8];
            size_t n = 0;
            int expect = 0;
            for (int d = 0; d < nd; d++)
                if (set >> d & 1) {
                    int col = d % DX[g], row = d / DX[g];
                    xs[n] = DX[g] == 1 ? 0.5 : col;
                    ys[n] = (double)(DY[g] - 1 - row) / (DY[g] - 1);
                    n++;
                    expect |= dot_bit((ChartGlyphs)g, col, row);
                }
            Chart c = plain(1, 1, (ChartGlyphs)g);
            add_series(&c, xs, ys, n, CHART_POINTS, 9);
            ChartCell *cells = render(&c);
            uint32_t want;
            if (g == CHART_BRAILLE)
                want = 0x2800u + (uint32_t)expect;
            else if (g == CHART_BLOCKS)
                want = block_cp(expect);
            else
                want = n == 1 ? (expect == 1 ? '\'' : expect == 2 ? '-' : '.') : n == 2 ? ':' : '|';
            if (cells[0].ch != want)
                fail_msg("glyphs %d dots 0x%x: U+%04X, expected U+%04X", g, (unsigned)set,
                         (unsigned)cells[0].ch, (unsigned)want);
            assert_int_equal(cells[0].tag, 9);
            release(cells);
        }
    }
}

/* y = x on log-log axes 1 .. 1e4 in a plot of square dot size: exactly the anti-diagonal dots
 * of the screen (X + Y = n - 1), one per dot column, and every cell it crosses is non-empty. */
static void test_loglog_diagonal(void **state)
{
    (void)state;
    static const double v[] = {1, 10, 100, 1000, 1e4};
    for (int g = 0; g < 3; g++)
        for (int lab = 0; lab < 2; lab++) {
            /* square in dots: pw * DX == ph * DY */
            int ph = 12, pw = ph * DY[g] / DX[g];
            Chart c = loglog_chart(pw, ph, (ChartGlyphs)g, 1e4, 1, 1e4);
            c.labels = lab;
            if (lab) {
                c.w = pw + 4; /* "10k" + axis */
                c.h = ph + 2;
            }
            add_series(&c, v, v, 5, CHART_SOLID, 1);
            int x0, y0, pw2, ph2;
            chart_layout(&c, &x0, &y0, &pw2, &ph2);
            assert_int_equal(pw2, pw);
            assert_int_equal(ph2, ph);
            ChartCell *cells = render(&c);
            int n = ph * DY[g];
            int total = 0;
            for (int Y = 0; Y < n; Y++)
                for (int X = 0; X < n; X++) {
                    int s = dot_set(cells, c.w, c.glyphs, x0, y0, X, Y);
                    if (s != (X + Y == n - 1))
                        fail_msg("glyphs %d labels %d: dot (%d, %d) is %s", g, lab, X, Y,
                                 s ? "set" : "clear");
                    total += s;
                }
            assert_int_equal(total, n);
            for (int X = 0; X < n; X++) {
                const ChartCell *cell =
                    &cells[(size_t)(y0 + (n - 1 - X) / DY[g]) * (size_t)c.w + (size_t)(x0 + X / DX[g])];
                assert_int_equal(cell->tag, 1);
            }
            release(cells);
        }
}

/* The dots of row Y in [X0, X1] are set and no other dot of the plot is. */
static void assert_row_runs(const ChartCell *cells, const Chart *c, int Y, const int (*runs)[2],
                            int nruns)
{
    int x0, y0, pw, ph;
    chart_layout(c, &x0, &y0, &pw, &ph);
    for (int yy = 0; yy < ph * DY[c->glyphs]; yy++)
        for (int X = 0; X < pw * DX[c->glyphs]; X++) {
            int want = 0;
            for (int i = 0; i < nruns && yy == Y; i++)
                want |= X >= runs[i][0] && X <= runs[i][1];
            int s = dot_set(cells, c->w, c->glyphs, x0, y0, X, yy);
            if (s != want)
                fail_msg("dot (%d, %d) is %s", X, yy, s ? "set" : "clear");
        }
}

static void test_gaps(void **state)
{
    (void)state;
    /* 40 x 20 dots, y = 0.5 -> up round(9.5) = 10 -> Y = 9 */
    Chart c = plain(20, 5, CHART_BRAILLE);
    const double xs[] = {0, 0.2, 0.4, 0.6, 1.0};
    const double y1[] = {0.5, 0.5, NAN, 0.5, 0.5};
    add_series(&c, xs, y1, 5, CHART_SOLID, 1);
    ChartCell *cells = render(&c);
    const int runs1[][2] = {{0, 8}, {23, 39}}; /* 0.2 * 39 = 7.8, 0.6 * 39 = 23.4 */
    assert_row_runs(cells, &c, 9, runs1, 2);
    release(cells);

    /* isolated points between gaps (NaN, infinity in x or y) show as single dots */
    const double x2[] = {0, INFINITY, 0.5, 0.7, 1.0};
    const double y2[] = {0.5, 0.5, 0.5, -INFINITY, 0.5};
    c.series[0] = (ChartSeries){.x = x2, .y = y2, .n = 5, .line = CHART_SOLID, .tag = 1};
    cells = render(&c);
    const int runs2[][2] = {{0, 0}, {20, 20}, {39, 39}};
    assert_row_runs(cells, &c, 9, runs2, 3);
    release(cells);

    /* log axes: 0 and negative values are gaps in x and in y; 1 .. 1e4 on 40 x 20 dots */
    Chart d = loglog_chart(20, 5, CHART_BRAILLE, 1e4, 1, 1e4);
    d.labels = 0;
    const double lx[] = {1, 10, 100, 1000, 1e4};
    const double ly[] = {1e2, 1e2, 0, 1e2, 1e2};
    const double lx2[] = {1, 10, -100, 1000, 1e4};
    const double ly2[] = {1e2, 1e2, 1e2, 1e2, 1e2};
    for (int k = 0; k < 2; k++) {
        d.nseries = 0;
        add_series(&d, k ? lx2 : lx, k ? ly2 : ly, 5, CHART_SOLID, 1);
        cells = render(&d);
        /* 10 -> 0.25 * 39 = 9.75 -> 10; 1000 -> 29.25 -> 29; y = 100 -> up 9.5 -> 10, Y 9 */
        const int runs3[][2] = {{0, 10}, {29, 39}};
        assert_row_runs(cells, &d, 9, runs3, 2);
        release(cells);
    }
}

static void test_clipping(void **state)
{
    (void)state;
    Chart c = plain(20, 5, CHART_BRAILLE); /* 40 x 20 dots */
    /* a segment that starts and ends outside is drawn across the whole plot */
    const double x1[] = {-10, 10}, y1[] = {0.5, 0.5};
    add_series(&c, x1, y1, 2, CHART_SOLID, 1);
    ChartCell *cells = render(&c);
    const int all[][2] = {{0, 39}};
    assert_row_runs(cells, &c, 9, all, 1);
    release(cells);
    /* from inside to outside: up to the border */
    const double x2[] = {0.5, 5}, y2[] = {0.5, 0.5};
    c.series[0] = (ChartSeries){.x = x2, .y = y2, .n = 2, .line = CHART_SOLID, .tag = 1};
    cells = render(&c);
    const int right[][2] = {{20, 39}}; /* 0.5 * 39 = 19.5 -> 20 */
    assert_row_runs(cells, &c, 9, right, 1);
    release(cells);
    /* entirely outside (also a point outside in POINTS mode): nothing */
    const double x3[] = {-1, 2, 3, 0.5}, y3[] = {2, 3, 0.5, 1.5};
    for (int line = 0; line < 3; line++) {
        c.series[0] = (ChartSeries){.x = x3, .y = y3, .n = 4, .line = (ChartLine)line, .tag = 1};
        cells = render(&c);
        assert_int_equal(count_dots(cells, &c), 0);
        release(cells);
    }
    /* axis-parallel segments beside the plot (the Liang-Barsky "parallel and outside" case) */
    const double x6[] = {0, 1, 1, 1, -0.5, -0.5}, y6[] = {1.5, 1.5, NAN, -0.1, 0, 1};
    c.series[0] = (ChartSeries){.x = x6, .y = y6, .n = 6, .line = CHART_SOLID, .tag = 1};
    c.series[0].n = 2; /* above */
    cells = render(&c);
    assert_int_equal(count_dots(cells, &c), 0);
    release(cells);
    c.series[0] = (ChartSeries){.x = x6 + 3, .y = y6 + 3, .n = 1, .line = CHART_SOLID, .tag = 1}; /* a lone point below */
    cells = render(&c);
    assert_int_equal(count_dots(cells, &c), 0);
    release(cells);
    c.series[0] = (ChartSeries){.x = x6 + 4, .y = y6 + 4, .n = 2, .line = CHART_SOLID, .tag = 1}; /* left of the plot */
    cells = render(&c);
    assert_int_equal(count_dots(cells, &c), 0);
    release(cells);
    /* a diagonal through the square corners, clipped at both ends: the full diagonal */
    Chart s = plain(10, 5, CHART_BRAILLE); /* 20 x 20 dots */
    const double x4[] = {-1, 2}, y4[] = {-1, 2};
    add_series(&s, x4, y4, 2, CHART_SOLID, 1);
    cells = render(&s);
    for (int Y = 0; Y < 20; Y++)
        for (int X = 0; X < 20; X++)
            assert_int_equal(dot_set(cells, 10, CHART_BRAILLE, 0, 0, X, Y), X + Y == 19);
    release(cells);
    /* a near-vertical line to an absurd value on a linear axis still reaches the top */
    const double x5[] = {0.5, 0.5000001}, y5[] = {0, 1e300};
    s.series[0] = (ChartSeries){.x = x5, .y = y5, .n = 2, .line = CHART_SOLID, .tag = 1};
    cells = render(&s);
    for (int Y = 0; Y < 20; Y++)
        assert_true(dot_set(cells, 10, CHART_BRAILLE, 0, 0, 10, Y));
    assert_int_equal(count_dots(cells, &s), 20);
    release(cells);
}

/* Random charts with hostile data: never a write outside the grid, series tags only inside the
 * plot area, every plot cell a glyph of its set, axis and label cells only outside the plot. */
static void test_fuzz(void **state)
{
    (void)state;
    uint64_t seed = 12345;
    static double xs[CHART_MAX_SERIES][64], ys[CHART_MAX_SERIES][64];
    const double weird[] = {NAN, INFINITY, -INFINITY, 0, -1, 1e300, -1e300, DBL_MAX, -DBL_MAX,
                            DBL_MIN, 5e-324, 1e-300};
    for (int iter = 0; iter < 3000; iter++) {
        Chart c;
        memset(&c, 0, sizeof c);
        c.w = (int)(lcg(&seed) % 90);
        c.h = (int)(lcg(&seed) % 30);
        c.glyphs = (ChartGlyphs)(lcg(&seed) % 3);
        c.labels = (int)(lcg(&seed) % 4 != 0);
        ChartAxis *ax[2] = {&c.x, &c.y};
        for (int k = 0; k < 2; k++) {
            ax[k]->log = (int)(lcg(&seed) % 2);
            switch (lcg(&seed) % 6) {
            case 0: /* degenerate */
                ax[k]->lo = (double)(lcg(&seed) % 3) - 1;
                ax[k]->hi = ax[k]->lo - (double)(lcg(&seed) % 2);
                break;
            case 1: /* wide decades */
                ax[k]->lo = pow(10, -(double)(lcg(&seed) % 300));
                ax[k]->hi = pow(10, (double)(lcg(&seed) % 300));
                break;
            default:
                ax[k]->lo = (unif(&seed) - 0.3) * pow(10, (double)(lcg(&seed) % 12) - 6);
                ax[k]->hi = ax[k]->lo + unif(&seed) * pow(10, (double)(lcg(&seed) % 12) - 6);
            }
        }
        c.nseries = (int)(lcg(&seed) % (CHART_MAX_SERIES + 1));
        for (int s = 0; s < c.nseries; s++) {
            size_t n = lcg(&seed) % 64;
            for (size_t i = 0; i < n; i++) {
                double r[2];
                for (int k = 0; k < 2; k++) {
                    const ChartAxis *a = ax[k];
                    if (lcg(&seed) % 8 == 0)
                        r[k] = weird[lcg(&seed) % (sizeof weird / sizeof weird[0])];
                    else if (a->log && a->lo > 0 && a->hi > a->lo)
                        r[k] = a->lo * pow(a->hi / a->lo, unif(&seed) * 1.6 - 0.3);
                    else
                        r[k] = a->lo + (a->hi - a->lo) * (unif(&seed) * 1.6 - 0.3);
                }
                xs[s][i] = r[0];
                ys[s][i] = r[1];
            }
            c.series[s] = (ChartSeries){.x = xs[s], .y = ys[s], .n = n, .line = (ChartLine)(lcg(&seed) % 4),
                                        .tag = (uint8_t)(1 + s),
                                        .marker = lcg(&seed) % 2 ? (uint32_t)('A' + s) : 0,
                                        .layer = (int)(lcg(&seed) % 3) - 1};
        }
        c.alternate = (int)(lcg(&seed) % 2);
        static const char *const labs[] = {NULL, "", "C 256->4096", "s", "a very long label indeed", "\x01\xff",
                                           "\xcf\x84 1->2", "\xe2\x82", "\xed\xa0\x80\xc0\xaf"};
        c.nmarks = (int)(lcg(&seed) % 6);
        for (int m = 0; m < c.nmarks; m++)
            c.marks[m] = (ChartMark){.x = c.x.lo + (c.x.hi - c.x.lo) * unif(&seed), .tag = 100,
                                     .label = labs[lcg(&seed) % (sizeof labs / sizeof labs[0])]};
        int x0, y0, pw, ph;
        chart_layout(&c, &x0, &y0, &pw, &ph);
        assert_true(x0 >= 0 && y0 >= 0 && pw >= 0 && ph >= 0);
        assert_true(c.w <= 0 || c.h <= 0 || (x0 + pw <= c.w && y0 + ph <= c.h));
        ChartCell *cells = render(&c);
        for (int r = 0; r < c.h; r++)
            for (int k = 0; k < c.w; k++) {
                const ChartCell *cell = &cells[r * c.w + k];
                int inside = r >= y0 && r < y0 + ph && k >= x0 && k < x0 + pw;
                if (cell->tag >= 1 && cell->tag <= CHART_MAX_SERIES) {
                    if (!inside)
                        fail_msg("iter %d: series tag %d at (%d, %d) outside the plot", iter,
                                 cell->tag, k, r);
                    int marker = cell->ch == (uint32_t)('A' + cell->tag - 1) && c.series[cell->tag - 1].marker;
                    if (!marker && glyph_mask(c.glyphs, cell->ch) <= 0)
                        fail_msg("iter %d: U+%04X is no glyph", iter, (unsigned)cell->ch);
                    assert_true(cell->tag2 == CHART_TAG_NONE || (cell->tag2 >= 1 && cell->tag2 <= c.nseries));
                } else if (inside && cell->tag == CHART_TAG_NONE) {
                    assert_int_equal(cell->ch, ' ');
                } else if (inside) {
                    assert_int_equal(cell->tag, 100); /* a mark, its line or its label */
                    assert_true(cell->ch == 0x250Au || (cell->ch >= 0x20 && cell->ch < 0x7F) || cell->ch == 0x25B2u ||
                                cell->ch == 0x3C4u);
                } else {
                    assert_true(cell->tag == CHART_TAG_AXIS || cell->tag == CHART_TAG_LABEL ||
                                cell->tag == 100 || cell->tag == CHART_TAG_NONE);
                }
                if (c.glyphs == CHART_ASCII)
                    assert_true(cell->ch < 128);
            }
        release(cells);
    }
}

static void test_braille_or(void **state)
{
    (void)state;
    Chart c = plain(10, 5, CHART_BRAILLE); /* 20 x 20 dots */
    /* two series in cell (0, 0): dot 1 (X 0, Y 0) and dot 8 (X 1, Y 3 -> up 16) */
    const double xa[] = {0}, ya[] = {1};
    const double xb[] = {1.0 / 19}, yb[] = {16.0 / 19};
    add_series(&c, xa, ya, 1, CHART_POINTS, 3);
    add_series(&c, xb, yb, 1, CHART_POINTS, 7);
    ChartCell *cells = render(&c);
    assert_int_equal(cells[0].ch, 0x2800 + 0x01 + 0x80);
    assert_int_equal(cells[0].tag, 7); /* the series drawn last */
    release(cells);
    c.series[0].tag = 7;
    c.series[1].tag = 3;
    cells = render(&c);
    assert_int_equal(cells[0].ch, 0x2881);
    assert_int_equal(cells[0].tag, 3);
    release(cells);
    /* solid lines crossing: the crossing cell holds dots of both */
    const double hx[] = {0, 1}, hy[] = {0.5, 0.5}, vy[] = {0, 1};
    const double vx[] = {9.0 / 19, 9.0 / 19}; /* X = 9: right column of cell 4 */
    Chart d = plain(10, 5, CHART_BRAILLE);
    add_series(&d, hx, hy, 2, CHART_SOLID, 1);
    add_series(&d, vx, vy, 2, CHART_SOLID, 2);
    cells = render(&d);
    /* horizontal at up round(9.5) = 10 -> Y 9: cell row 2, dot row 1; vertical: whole column */
    const ChartCell *x = &cells[2 * 10 + 4];
    assert_int_equal(x->ch, 0x2800 + 0x08 + 0x10 + 0x20 + 0x80 + 0x02);
    assert_int_equal(x->tag, 2);
    release(cells);
}

static void test_dashed(void **state)
{
    (void)state;
    /* 80 x 8 dots; y = 0.5 -> up round(3.5) = 4 -> Y = 3; a polyline of 7 points so the dash
     * count must run on across the joints */
    double xs[7], ys[7];
    for (int i = 0; i < 7; i++) {
        xs[i] = i / 6.0;
        ys[i] = 0.5;
    }
    for (int g = 0; g < 3; g++) {
        Chart c = plain(40, 2, (ChartGlyphs)g);
        add_series(&c, xs, ys, 7, CHART_DASHED, 1);
        ChartCell *cells = render(&c);
        int dw = 40 * DX[g], dh = 2 * DY[g], Y = dh - 1 - fdot(0.5, dh), on = 0;
        for (int yy = 0; yy < dh; yy++)
            for (int X = 0; X < dw; X++) {
                int s = dot_set(cells, 40, (ChartGlyphs)g, 0, 0, X, yy);
                int want = yy == Y && X % 6 < 3;
                if (s != want)
                    fail_msg("glyphs %d: dot (%d, %d) is %s", g, X, yy, s ? "set" : "clear");
                on += s;
            }
        assert_true(on > 0 && on < dw); /* gaps, but not only gaps */
        release(cells);
        /* the same polyline solid: no gaps */
        c.series[0].line = CHART_SOLID;
        cells = render(&c);
        for (int X = 0; X < dw; X++)
            assert_true(dot_set(cells, 40, (ChartGlyphs)g, 0, 0, X, Y));
        release(cells);
    }
    /* a dashed diagonal has gaps too: fewer dots than the solid one, more than none */
    const double dx[] = {0, 1}, dy[] = {0, 1};
    Chart s = plain(20, 10, CHART_BRAILLE);
    add_series(&s, dx, dy, 2, CHART_SOLID, 1);
    ChartCell *cells = render(&s);
    int solid = count_dots(cells, &s);
    release(cells);
    s.series[0].line = CHART_DASHED;
    cells = render(&s);
    int dashed = count_dots(cells, &s);
    release(cells);
    assert_int_equal(solid, 40);
    assert_int_equal(dashed, 21); /* dots 0-2, 6-8, ... 36-38 of 40 */
}

static void test_points(void **state)
{
    (void)state;
    const double x[] = {0, 0.5, 1}, y[] = {0, 1, 0};
    Chart c = plain(20, 5, CHART_BRAILLE);
    add_series(&c, x, y, 3, CHART_POINTS, 1);
    ChartCell *cells = render(&c);
    assert_int_equal(count_dots(cells, &c), 3);
    assert_true(dot_set(cells, 20, CHART_BRAILLE, 0, 0, 0, 19));
    assert_true(dot_set(cells, 20, CHART_BRAILLE, 0, 0, 20, 0));
    assert_true(dot_set(cells, 20, CHART_BRAILLE, 0, 0, 39, 19));
    release(cells);
    c.series[0].line = CHART_SOLID; /* the same points joined: many more dots */
    cells = render(&c);
    assert_true(count_dots(cells, &c) > 30);
    release(cells);
}

static void test_marks(void **state)
{
    (void)state;
    for (int g = 0; g < 3; g++) {
        Chart c = loglog_chart(40, 10, (ChartGlyphs)g, 1e4, 1, 100); /* y labels "100": x0 = 4 */
        c.marks[0] = (ChartMark){.x = 100, .tag = 200};
        c.marks[1] = (ChartMark){.x = 1e5, .tag = 201}; /* out of range */
        c.marks[2] = (ChartMark){.x = NAN, .tag = 202};
        c.marks[3] = (ChartMark){.x = -3, .tag = 203};  /* <= 0 on log */
        c.nmarks = 4;
        int x0, y0, pw, ph;
        chart_layout(&c, &x0, &y0, &pw, &ph);
        assert_int_equal(x0, 4);
        ChartCell *cells = render(&c);
        int col = x0 + fdot(0.5, pw * DX[g]) / DX[g];
        const ChartCell *m = &cells[ph * 40 + col];
        assert_int_equal(m->ch, g == CHART_ASCII ? '^' : 0x25B2u);
        assert_int_equal(m->tag, 200);
        int marks = 0;
        for (int i = 0; i < 40 * 10; i++)
            marks += cells[i].tag >= 200 && cells[i].tag <= 203;
        assert_int_equal(marks, 1);
        release(cells);
        /* without labels: on the bottom plot row, where no data is */
        c.labels = 0;
        cells = render(&c);
        col = fdot(0.5, 40 * DX[g]) / DX[g];
        assert_int_equal(cells[9 * 40 + col].tag, 200);
        release(cells);
        const double sx[] = {1, 1e4}, sy[] = {1, 1};
        add_series(&c, sx, sy, 2, CHART_SOLID, 5); /* data on the bottom row wins */
        cells = render(&c);
        assert_int_equal(cells[9 * 40 + col].tag, 5);
        release(cells);
    }
}

static void test_ascii_only(void **state)
{
    (void)state;
    static double x[100], y1[100], y2[100], y3[100];
    for (int i = 0; i < 100; i++) {
        x[i] = pow(10, i * 0.12);
        y1[i] = 5 * pow(x[i], -0.4);
        y2[i] = i % 17 == 0 ? NAN : 2 * pow(x[i], -0.3);
        y3[i] = 1e-7 * i;
    }
    const int ws[] = {12, 13, 24, 40, 80, 200}, hs[] = {4, 5, 8, 20, 40};
    for (size_t a = 0; a < 6; a++)
        for (size_t b = 0; b < 5; b++)
            for (int lin = 0; lin < 2; lin++) {
                Chart c = loglog_chart(ws[a], hs[b], CHART_ASCII, 1e12, 1e-6, 10);
                if (lin) {
                    c.x = (ChartAxis){-50, 120, 0};
                    c.y = (ChartAxis){-0.37, 4.2, 0};
                }
                add_series(&c, x, y1, 100, CHART_SOLID, 1);
                add_series(&c, x, y2, 100, CHART_DASHED, 2);
                add_series(&c, x, y3, 100, CHART_POINTS, 3);
                c.marks[0] = (ChartMark){.x = 1e6, .tag = 9};
                c.marks[1] = (ChartMark){.x = 30, .tag = 9};
                c.nmarks = 2;
                ChartCell *cells = render(&c);
                int used = 0;
                for (int i = 0; i < c.w * c.h; i++) {
                    if (cells[i].ch >= 128)
                        fail_msg("%dx%d: cell %d is U+%04X", c.w, c.h, i, (unsigned)cells[i].ch);
                    assert_true(cells[i].ch >= 32 && cells[i].ch < 127);
                    used += cells[i].ch != ' ';
                }
                assert_true(used > 0);
                release(cells);
            }
}

/* Every size 0..30 x 0..12, every glyph set, labels on and off, empty and full: no crash, no
 * write outside, and labels only where they fit. */
static void test_tiny_charts(void **state)
{
    (void)state;
    static const double x[] = {1, 10, 1e3, 1e6, 1e12}, y[] = {10, 1, 0.1, 1e-3, 1e-6};
    for (int w = 0; w <= 30; w++)
        for (int h = 0; h <= 12; h++)
            for (int g = 0; g < 3; g++)
                for (int lab = 0; lab < 2; lab++)
                    for (int full = 0; full < 2; full++) {
                        Chart c = loglog_chart(w, h, (ChartGlyphs)g, 1e12, 1e-6, 10);
                        c.labels = lab;
                        if (full) {
                            add_series(&c, x, y, 5, CHART_SOLID, 1);
                            add_series(&c, x, y, 5, CHART_DASHED, 2);
                            add_series(&c, y, x, 5, CHART_POINTS, 3);
                            c.marks[0] = (ChartMark){.x = 1e3, .tag = 4};
                            c.nmarks = 1;
                        }
                        ChartCell *cells = render(&c);
                        int axis = 0, data = 0;
                        for (int i = 0; i < w * h; i++) {
                            axis += cells[i].tag == CHART_TAG_AXIS ||
                                    cells[i].tag == CHART_TAG_LABEL;
                            data += cells[i].tag >= 1 && cells[i].tag <= 3;
                        }
                        int fits = lab && w >= 12 && h >= 4;
                        if (!fits)
                            assert_int_equal(axis, 0);
                        else
                            assert_true(axis >= w); /* the x axis row at least */
                        if (full && w > 0 && h > 0)
                            assert_true(data > 0);
                        release(cells);
                    }
}

static void test_guards(void **state)
{
    (void)state;
    static const double v[] = {1, 2, 3};
    chart_render(NULL, NULL);
    Chart c = plain(10, 4, CHART_BRAILLE);
    chart_render(&c, NULL);
    assert_int_equal(chart_ylabel_width(NULL), 0);

    /* NULL data with n = 0, and with n > 0 (skipped) */
    add_series(&c, NULL, NULL, 0, CHART_SOLID, 1);
    add_series(&c, NULL, v, 3, CHART_SOLID, 2);
    add_series(&c, v, NULL, 3, CHART_DASHED, 3);
    ChartCell *cells = render(&c);
    assert_int_equal(count_dots(cells, &c), 0);
    release(cells);

    /* series count and mark count out of range; glyph set out of range */
    c.nseries = 1000;
    c.nmarks = 1000;
    cells = render(&c);
    release(cells);
    c.nseries = -5;
    c.nmarks = -5;
    cells = render(&c);
    release(cells);
    Chart bad = plain(10, 4, (ChartGlyphs)7);
    add_series(&bad, v, v, 3, CHART_SOLID, 1);
    cells = render(&bad);
    for (int i = 0; i < 40; i++)
        assert_true(cells[i].ch < 128);
    release(cells);

    /* unusable axes draw no data (and no labels for that axis), never crash */
    const ChartAxis axes[] = {{1, 1, 0},        {2, 1, 0},       {0, 10, 1},     {-1, 10, 1},
                              {NAN, 1, 0},      {0, INFINITY, 0}, {-DBL_MAX, DBL_MAX, 0},
                              {1, 1 + 1e-16, 1}, {0, 0, 0}};
    static const double px[] = {0.5, 1, 5, 1e300, -1e300, DBL_MAX};
    for (size_t i = 0; i < sizeof axes / sizeof axes[0]; i++)
        for (int k = 0; k < 2; k++) {
            Chart d = plain(30, 10, CHART_BRAILLE);
            d.labels = 1;
            if (k)
                d.y = axes[i];
            else
                d.x = axes[i];
            add_series(&d, px, px, 6, CHART_SOLID, 1);
            d.marks[0] = (ChartMark){.x = 0.5, .tag = 9};
            d.nmarks = 1;
            int lw = chart_ylabel_width(&d);
            assert_true(lw >= 0 && lw <= 7);
            cells = render(&d);
            assert_int_equal(count_dots(cells, &d), 0);
            release(cells);
        }

    /* huge and denormal values on good axes */
    static const double hx[] = {0, 0.5, DBL_MAX, -DBL_MAX, 0.5, 5e-324, 1};
    static const double hy[] = {0, 1e308, -1e308, 0.5, DBL_MAX, 0.5, 1};
    for (int line = 0; line < 3; line++) {
        Chart d = plain(30, 10, CHART_BLOCKS);
        d.labels = 1;
        add_series(&d, hx, hy, 7, (ChartLine)line, 1);
        cells = render(&d);
        release(cells);
        d.x.log = d.y.log = 1;
        d.x = (ChartAxis){1e-300, 1e300, 1};
        d.y = (ChartAxis){5e-324, DBL_MAX, 1};
        cells = render(&d);
        release(cells);
    }

    /* a chart too big for int dot maths is cleared only */
    Chart huge = plain(40000, 1, CHART_BRAILLE);
    add_series(&huge, v, v, 3, CHART_SOLID, 1);
    cells = render(&huge);
    for (int i = 0; i < 40000; i++)
        assert_true(cells[i].ch == ' ' && cells[i].tag == CHART_TAG_NONE);
    release(cells);
}

/* ---------------------------------------------------------------------------------------------
 * Connected lines, markers, layers, shared cells, labelled marks, legends (issue 14).
 */

/* Log-spaced samples of a steep power law (y falls 4 decades over 2 decades of x, a slope of
 * -2 on log-log axes), as the explorer's history is. */
#define STEEP_N 9
static void steep_samples(double *x, double *y)
{
    for (int i = 0; i < STEEP_N; i++) {
        x[i] = pow(10, 1 + 0.25 * i);
        y[i] = 1e4 * pow(x[i] / 10, -2);
    }
}

/* The log-log chart of the tests below: x 1 .. 10^4, y 0.1 .. 10^5. */
#define STEEP_CHART(w, h, g) loglog_chart((w), (h), (g), 1e4, 0.1, 1e5)

/* Between consecutive samples, the series' cells form an 8-connected chain: every plot column
 * from one sample's cell to the next holds a cell of the series, and neighbouring columns'
 * cell runs overlap or touch in rows, so no gap of even one cell opens in a steep segment. */
static void test_connected(void **state)
{
    (void)state;
    double x[STEEP_N], y[STEEP_N];
    steep_samples(x, y);
    for (int g = 0; g < 3; g++)
        for (int line = 0; line < 2; line++) { /* SOLID, and the markers riding on it */
            Chart c = STEEP_CHART(60, 20, (ChartGlyphs)g);
            add_series(&c, x, y, STEEP_N, CHART_SOLID, 1);
            c.series[0].marker = line ? 'B' : 0;
            ChartCell *cells = render(&c);
            int x0, y0, pw, ph;
            chart_layout(&c, &x0, &y0, &pw, &ph);
            int lo[512], hi[512], first = -1, last = -1;
            for (int col = x0; col < x0 + pw; col++) {
                lo[col] = hi[col] = -1;
                for (int row = y0; row < y0 + ph; row++)
                    if (cells[row * c.w + col].tag == 1) {
                        if (lo[col] < 0)
                            lo[col] = row;
                        hi[col] = row;
                    }
                if (lo[col] >= 0) {
                    first = first < 0 ? col : first;
                    last = col;
                }
            }
            for (int col = first + 1; col <= last; col++) {
                if (lo[col] < 0)
                    fail_msg("glyphs %d: column %d empty inside the curve", g, col);
                /* runs in neighbouring columns touch (8-connectivity) */
                if (lo[col] > hi[col - 1] + 1 || hi[col] < lo[col - 1] - 1)
                    fail_msg("glyphs %d: rows %d..%d at column %d do not touch %d..%d", g, lo[col], hi[col],
                             col, lo[col - 1], hi[col - 1]);
            }
            /* the curve spans the samples' columns: x from 10 to 10^3 of [1, 10^4] */
            assert_int_equal(first, x0 + fdot(0.25, pw * DX[g]) / DX[g]);
            assert_int_equal(last, x0 + fdot(0.75, pw * DX[g]) / DX[g]);
            release(cells);
        }
}

/* Columns of the plot holding marker `m` (the marker's cell must carry tag), into cols. */
static int marker_cols(const ChartCell *cells, const Chart *c, uint32_t m, uint8_t tag, int *cols, int max)
{
    int x0, y0, pw, ph, n = 0;
    chart_layout(c, &x0, &y0, &pw, &ph);
    for (int col = x0; col < x0 + pw; col++)
        for (int row = y0; row < y0 + ph; row++)
            if (cells[row * c->w + col].ch == m) {
                assert_int_equal(cells[row * c->w + col].tag, tag);
                if (n < max)
                    cols[n++] = col - x0;
            }
    return n;
}

/* Markers: one every chart_marker_period(pw) columns, at one phase, each in a cell the line
 * itself occupies (the render without the marker has the series there), in every glyph set
 * and line style. */
static void test_markers(void **state)
{
    (void)state;
    assert_int_equal(chart_marker_period(0), 10);
    assert_int_equal(chart_marker_period(45), 15);
    assert_int_equal(chart_marker_period(200), 40);
    double x[STEEP_N], y[STEEP_N];
    steep_samples(x, y);
    x[0] = 1; /* from the left edge: markers along the whole plot */
    x[STEEP_N - 1] = 1e4;
    for (int g = 0; g < 3; g++)
        for (int line = 0; line < 4; line++) {
            if (line == CHART_POINTS)
                continue; /* markers ride on lines */
            for (int w = 40; w <= 200; w += 40) {
                Chart c = STEEP_CHART(w, 24, (ChartGlyphs)g);
                add_series(&c, x, y, STEEP_N, CHART_SOLID, 3);
                ChartCell *bare = render(&c); /* the whole line, without dash gaps or markers */
                c.series[0].line = (ChartLine)line;
                c.series[0].marker = 'Q';
                ChartCell *cells = render(&c);
                int x0, y0, pw, ph, cols[64];
                chart_layout(&c, &x0, &y0, &pw, &ph);
                int p = chart_marker_period(pw), n = marker_cols(cells, &c, 'Q', 3, cols, 64);
                /* one series: phase period / 2; every column c = p/2 + k p inside the plot */
                int want = (pw - 1 - p / 2) / p + 1;
                assert_int_equal(n, want);
                for (int k = 0; k < n; k++) {
                    assert_int_equal(cols[k], p / 2 + k * p);
                    /* the marker sits in a cell of the line: the unmarked render has it there,
                     * unless that cell is a dash gap (then a neighbour row or column has it) */
                    int found = 0, top = -1;
                    for (int row = y0; row < y0 + ph && top < 0; row++)
                        if (bare[row * c.w + x0 + cols[k]].tag == 3)
                            top = row;
                    for (int row = y0; row < y0 + ph; row++)
                        if (cells[row * c.w + x0 + cols[k]].ch == 'Q')
                            found = row == top;
                    if (!found)
                        fail_msg("glyphs %d line %d w %d: marker %d off the line", g, line, w, k);
                }
                release(cells);
                release(bare);
            }
        }
}

/* Layers: a higher layer owns the cells it shares with a lower one whatever the index order;
 * equal layers keep the old rule (the later series owns). */
static void test_layers(void **state)
{
    (void)state;
    double x[STEEP_N], y[STEEP_N];
    steep_samples(x, y);
    for (int g = 0; g < 3; g++) {
        Chart c = STEEP_CHART(60, 20, (ChartGlyphs)g);
        add_series(&c, x, y, STEEP_N, CHART_SOLID, 1); /* measured, drawn first in index order */
        add_series(&c, x, y, STEEP_N, CHART_SOLID, 2); /* theory on the same points */
        c.series[0].layer = 1;
        ChartCell *cells = render(&c);
        int n1 = 0, n2 = 0;
        for (int i = 0; i < c.w * c.h; i++) {
            n1 += cells[i].tag == 1;
            n2 += cells[i].tag == 2;
        }
        assert_true(n1 > 20);
        assert_int_equal(n2, 0);
        release(cells);
        c.series[0].layer = 0; /* old behaviour: the later series */
        cells = render(&c);
        for (int i = 0; i < c.w * c.h; i++)
            assert_true(cells[i].tag != 1);
        release(cells);
    }
}

/* Coincident curves (Bayes and Bayes-C agree for decades): with Chart.alternate each owns at
 * least 40 % of the shared columns (blocks of CHART_SHARE_RUN alternate, so the shares are
 * 50 % +- one block), each shows its marker, and tag2 names the other one. Without alternate
 * the later series owns every shared cell (the old rule, and what the issue complains of). */
static void test_coincident(void **state)
{
    (void)state;
    double x[40], y[40], y2[40];
    for (int i = 0; i < 40; i++) {
        x[i] = pow(10, 0.1 * i);
        y[i] = 10 * pow(x[i], -0.45);
        y2[i] = i < 30 ? y[i] : y[29]; /* Bayes-C flattens on its capacity floor */
    }
    for (int g = 0; g < 3; g++)
        for (int alt = 0; alt < 2; alt++) {
            Chart c = STEEP_CHART(80, 20, (ChartGlyphs)g);
            c.alternate = alt;
            add_series(&c, x, y, 40, CHART_SOLID, 1);
            add_series(&c, x, y2, 40, CHART_SOLID, 2);
            c.series[0].marker = 'B';
            c.series[1].marker = 'C';
            ChartCell *cells = render(&c);
            int x0, y0, pw, ph, shared = 0, own[3] = {0};
            chart_layout(&c, &x0, &y0, &pw, &ph);
            int split = x0 + fdot(29 * 0.1 / 4, pw * DX[g]) / DX[g]; /* where they part */
            for (int col = x0; col < split - 1; col++) {
                int o[3] = {0};
                for (int row = y0; row < y0 + ph; row++) {
                    const ChartCell *cl = &cells[row * c.w + col];
                    if (cl->tag == 1 || cl->tag == 2) {
                        o[cl->tag] = 1;
                        if (cl->ch != 'B' && cl->ch != 'C' && alt)
                            assert_int_equal(cl->tag2, 3 - cl->tag);
                    }
                }
                shared += o[1] || o[2];
                own[1] += o[1];
                own[2] += o[2];
            }
            int mb[16], mc[16];
            int nb = marker_cols(cells, &c, 'B', 1, mb, 16), nc = marker_cols(cells, &c, 'C', 2, mc, 16);
            if (alt) {
                assert_true(shared > 40);
                if (own[1] * 10 < shared * 4 || own[2] * 10 < shared * 4)
                    fail_msg("glyphs %d: Bayes owns %d, Bayes-C %d of %d shared columns", g, own[1], own[2], shared);
                assert_true(nb >= 3 && nc >= 3);
            } else {
                /* the later series owns every shared cell: Bayes shows only its markers */
                for (int col = x0; col < split - 1; col++)
                    for (int row = y0; row < y0 + ph; row++)
                        if (cells[row * c.w + col].tag == 1)
                            assert_int_equal(cells[row * c.w + col].ch, 'B');
            }
            release(cells);
        }
}

/* Text runs of mark labels on the plot's top row: cells of tag `tag` that are not the line. */
typedef struct Run {
    int a, b;
    char s[64];
} Run;

static int label_runs(const ChartCell *cells, const Chart *c, uint8_t tag, Run *runs, int max)
{
    int x0, y0, pw, ph, n = 0;
    chart_layout(c, &x0, &y0, &pw, &ph);
    for (int col = 0; col < c->w; col++) {
        const ChartCell *cl = &cells[y0 * c->w + col];
        int in = cl->tag == tag && cl->ch != 0x250Au && cl->ch != '!';
        if (!in)
            continue;
        if (n > 0 && runs[n - 1].b == col - 1) {
            size_t l = strlen(runs[n - 1].s);
            runs[n - 1].s[l] = (char)cl->ch;
            runs[n - 1].s[l + 1] = '\0';
            runs[n - 1].b = col;
        } else if (n < max) {
            runs[n].a = runs[n].b = col;
            runs[n].s[0] = (char)cl->ch;
            runs[n].s[1] = '\0';
            n++;
        }
    }
    return n;
}

/* Mark labels: each at the top of a faint line at the mark's column, full where there is room,
 * shortened to a prefix of at least 3 characters or skipped where not, one cell apart, never on
 * another mark's line, inside the plot. Checked on fixed layouts and 2000 random ones. */
static void test_mark_labels(void **state)
{
    (void)state;
    static const char *const labs[] = {"C 256->4096", "s 1.5->1.8", "V 1024->4096", "eps 0.1->0.2", "x"};
    uint64_t seed = 99;
    for (int iter = 0; iter < 2000; iter++) {
        ChartGlyphs g = (ChartGlyphs)(iter % 3);
        int w = iter < 3 ? 80 : 20 + (int)(lcg(&seed) % 180);
        Chart c = STEEP_CHART(w, 12, g);
        double mx[5] = {1e2, 3e2, 9e3, 9e3, 5e3};
        int nm = iter < 3 ? 4 : 1 + (int)(lcg(&seed) % 5);
        for (int m = 0; m < nm; m++) {
            double xm = iter < 3 ? mx[m] : pow(10, 4 * unif(&seed));
            c.marks[m] = (ChartMark){.x = xm, .tag = 50, .label = labs[iter < 3 ? m : (int)(lcg(&seed) % 5)]};
        }
        c.nmarks = nm;
        ChartCell *cells = render(&c);
        int x0, y0, pw, ph, mcol[5];
        chart_layout(&c, &x0, &y0, &pw, &ph);
        for (int m = 0; m < nm; m++) {
            double f = log10(c.marks[m].x) / 4;
            mcol[m] = x0 + fdot(f, pw * DX[g]) / DX[g];
            /* the line: every row below the label row shows it (no series here) */
            for (int row = y0 + 1; row < y0 + ph; row++)
                assert_int_equal(cells[row * c.w + mcol[m]].ch, g == CHART_ASCII ? '!' : 0x250Au);
        }
        Run runs[8];
        int nr = label_runs(cells, &c, 50, runs, 8);
        for (int i = 0; i < nr; i++) {
            assert_true(runs[i].a >= x0 && runs[i].b < x0 + pw);
            if (i > 0 && runs[i].a - runs[i - 1].b < 2)
                fail_msg("iter %d: labels '%s' and '%s' touch", iter, runs[i - 1].s, runs[i].s);
            int prefix = 0;
            for (int k = 0; k < 5; k++) {
                size_t l = strlen(runs[i].s);
                if (strncmp(labs[k], runs[i].s, l) == 0 && (l >= 3 || l == strlen(labs[k])))
                    prefix = 1;
            }
            if (!prefix)
                fail_msg("iter %d: '%s' is no label or too short a prefix", iter, runs[i].s);
            for (int m = 0; m < nm; m++)
                assert_true(mcol[m] < runs[i].a || mcol[m] > runs[i].b);
        }
        if (iter < 3) {
            /* 80 columns: 1e2 and 3e2 are 9 columns apart, 9e3 twice, 5e3 close by */
            assert_true(nr >= 3);
            int full = 0;
            for (int i = 0; i < nr; i++)
                full += strcmp(runs[i].s, "C 256->4096") == 0 || strcmp(runs[i].s, "V 1024->4096") == 0;
            assert_true(full >= 1);
        }
        release(cells);
    }
    /* UTF-8 labels: one cell per character; ASCII mode shows '?' for what it cannot */
    for (int g = 0; g < 3; g++) {
        Chart c = STEEP_CHART(40, 10, (ChartGlyphs)g);
        c.marks[0] = (ChartMark){.x = 10, .tag = 50, .label = "\xcf\x84 1->2"}; /* "τ 1->2" */
        c.nmarks = 1;
        ChartCell *cells = render(&c);
        Run runs[2];
        assert_int_equal(label_runs(cells, &c, 50, runs, 2), 1);
        assert_int_equal(runs[0].b - runs[0].a + 1, 6);
        int x0, y0, pw, ph;
        chart_layout(&c, &x0, &y0, &pw, &ph);
        assert_int_equal(cells[y0 * c.w + runs[0].a].ch, g == CHART_ASCII ? '?' : 0x3C4u);
        release(cells);
    }
}

/* Legends: at every width 40 .. 200, the explorer's entries all appear, in order, inside the
 * width, two cells apart; each text is the full name or its short form followed by the rest of
 * the name (the value and unit kept); names are abbreviated only if the full names need more
 * rows, and then the rows are as few as with every name abbreviated. */
static void test_legend(void **state)
{
    (void)state;
    const ChartLegendItem it[] = {
        {'B', 1, "Bayes", NULL},
        {'C', 2, "Bayes-C (C=256)", NULL},
        {'S', 3, "SGD memory", NULL},
        {'N', 4, "neural", NULL},
        {0x2508, 5, "theory n^-0.44 bits/sentence", NULL},
        {0, 6, "ghost: s=1.8,C=4096", NULL},
        {'K', 7, "knowledge excess (bits/sentence)", "K excess (bits/sentence)"},
    };
    const int n = (int)(sizeof it / sizeof it[0]);
    int abbreviated_somewhere = 0, full_somewhere = 0;
    for (int w = 40; w <= 200; w++) {
        ChartLegendPlace pl[8];
        int rows = chart_legend_layout(it, n, w, pl);
        assert_true(rows >= 1);
        int nab = 0;
        for (int i = 0; i < n; i++) {
            char t[128];
            snprintf(t, sizeof t, "%s%s", pl[i].text, pl[i].tail);
            int mk = it[i].marker ? 2 : 0;
            assert_int_equal(pl[i].width, mk + (int)strlen(t));
            assert_true(pl[i].col >= 0 && pl[i].col + pl[i].width <= w && pl[i].row < rows);
            if (i > 0) {
                int same = pl[i].row == pl[i - 1].row;
                assert_true(pl[i].row >= pl[i - 1].row);
                if (same)
                    assert_true(pl[i].col >= pl[i - 1].col + pl[i - 1].width + 2);
            }
            if (!pl[i].abbreviated)
                assert_string_equal(t, it[i].name);
            else {
                nab++;
                /* the rest of the name after its first word survives (units) */
                const char *sp = strchr(it[i].name, ' ');
                if (!it[i].abbrev && sp)
                    assert_string_equal(pl[i].tail, sp + (strncmp(it[i].name, "SGD memory", 10) == 0 ? 7 : 0));
                assert_true(strlen(t) < strlen(it[i].name));
            }
        }
        /* abbreviated only if the full names need more rows */
        int full_rows = 0;
        {
            /* the full names' rows: lay out the names with their own text as the short form */
            ChartLegendItem fi[8];
            for (int i = 0; i < n; i++) {
                fi[i] = it[i];
                fi[i].abbrev = it[i].name;
            }
            ChartLegendPlace tmp[8];
            full_rows = chart_legend_layout(fi, n, w, tmp);
            for (int i = 0; i < n; i++)
                assert_int_equal(tmp[i].abbreviated, 0);
        }
        if (nab == 0)
            full_somewhere = 1;
        else {
            abbreviated_somewhere = 1;
            assert_true(rows < full_rows);
        }
    }
    assert_true(abbreviated_somewhere && full_somewhere);
    /* narrower than an entry: it wraps onto rows of its own, counted, never cut */
    ChartLegendPlace pl[2];
    const ChartLegendItem two[2] = {{'a', 1, "abcdefghij", NULL}, {'b', 1, "xy", NULL}};
    assert_int_equal(chart_legend_layout(two, 2, 4, pl), 4); /* 12 cells = 3 rows, then "b xy" */
    assert_int_equal(pl[1].row, 3);
    assert_int_equal(chart_legend_layout(two, 0, 40, NULL), 0);
    assert_int_equal(chart_legend_layout(two, 2, 0, NULL), 16); /* width 1: 12 + 4 rows */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_decade_labels),
        cmocka_unit_test(test_axis_grow_log),
        cmocka_unit_test(test_axis_grow_linear),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_x_labels),
        cmocka_unit_test(test_y_labels),
        cmocka_unit_test(test_linear_labels),
        cmocka_unit_test(test_single_point),
        cmocka_unit_test(test_glyph_tables),
        cmocka_unit_test(test_loglog_diagonal),
        cmocka_unit_test(test_gaps),
        cmocka_unit_test(test_clipping),
        cmocka_unit_test(test_fuzz),
        cmocka_unit_test(test_braille_or),
        cmocka_unit_test(test_dashed),
        cmocka_unit_test(test_points),
        cmocka_unit_test(test_marks),
        cmocka_unit_test(test_ascii_only),
        cmocka_unit_test(test_tiny_charts),
        cmocka_unit_test(test_guards),
        cmocka_unit_test(test_connected),
        cmocka_unit_test(test_markers),
        cmocka_unit_test(test_layers),
        cmocka_unit_test(test_coincident),
        cmocka_unit_test(test_mark_labels),
        cmocka_unit_test(test_legend),
    };
    return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
