/*
 * chart.h: line charts rasterised into a grid of terminal cells (no curses here).
 *
 * A Chart is a rectangle of w x h cells: y-axis labels in the left columns, the x axis and its
 * labels in the bottom rows (when `labels`), the plot area in between. Series are polylines in
 * data coordinates on linear or log10 axes; consecutive points are joined by straight segments
 * in sub-cell "dot" space:
 *   CHART_BRAILLE  2 x 4 dots per cell (U+2800 .. U+28FF; dots of several series in one cell
 *                  are OR-ed; the cell takes the tag of the series drawn last, of the highest
 *                  layer, or, with Chart.alternate, of its layer's series in turn)
 *   CHART_BLOCKS   2 x 2 dots per cell (quadrant blocks U+2596 .. U+259F, U+2580, U+2584,
 *                  U+258C, U+2590, U+2588)
 *   CHART_ASCII    1 x 3 dots per cell (a cell shows '\'', '-', '.' or, for several dots, ':'
 *                  / '|'; only 7-bit characters)
 * Values that are NaN, infinite or (on a log axis) <= 0 break the line: they are gaps, never
 * clamped to a fake value. Points outside the axis range are clipped.
 *
 * The caller gives every series a `tag` (its colour role); cells carry the tag so the terminal
 * layer can colour them. Axis lines and tick labels carry CHART_TAG_AXIS and CHART_TAG_LABEL.
 *
 * Placement (exact, tests rely on it): a value at fraction f of an axis (0 at lo, 1 at hi, in
 * log10 units on a log axis) lands on dot round(f * (n - 1)) of the n dots of the plot along
 * that axis, counted from the left and from the bottom. Segments are clipped to the plot
 * rectangle in data space and drawn up to its border; a run of one valid point between gaps
 * is drawn as a single dot (in every line style). An axis with lo >= hi, a non-finite end, lo
 * <= 0 on log, or an infinite span (-DBL_MAX .. DBL_MAX) is empty: nothing is drawn against it.
 * Labels: decades on a log axis with at least two decades in range (else 1-2-5 ticks placed
 * logarithmically); 1-2-5 steps, 4-6 ticks when possible, on a linear axis. Labels that would
 * overlap are thinned to every s-th decade (or step) with the smallest s that fits, keeping the
 * first and last; ticks mark labelled values only.
 */
#ifndef SKSCOPE_CHART_H
#define SKSCOPE_CHART_H

#include <stddef.h>
#include <stdint.h>

typedef enum ChartGlyphs { CHART_BRAILLE, CHART_BLOCKS, CHART_ASCII } ChartGlyphs;

typedef enum ChartLine {
    CHART_SOLID,  /* every dot of the segment */
    CHART_DASHED, /* dots in runs of 3 on, 3 off, counted along the line */
    CHART_POINTS, /* only the points themselves, no joining segments */
    CHART_DOTTED  /* every third dot (1 on, 2 off), counted along the line: theory curves */
} ChartLine;

#define CHART_MAX_SERIES 16
#define CHART_MAX_MARKS 16

#define CHART_TAG_NONE 0    /* an empty cell */
#define CHART_TAG_AXIS 254  /* axis lines and tick marks */
#define CHART_TAG_LABEL 255 /* tick labels */

typedef struct ChartAxis {
    double lo, hi; /* visible range in data units (lo < hi; both > 0 when log) */
    int log;       /* 1: log10 scale, 0: linear */
} ChartAxis;

/* Fields added after `tag` are zero by default, which keeps the old behaviour (no marker,
 * layer 0). */
typedef struct ChartSeries {
    const double *x, *y; /* n points (not copied: valid during chart_render) */
    size_t n;
    ChartLine line;
    uint8_t tag;         /* 1 .. 253: written into the cells this series touches */
    uint32_t marker;     /* code point (a letter such as 'B', or a glyph) drawn on the curve
                          * every chart_marker_period(plot width) columns, in the cell the line
                          * enters that column through; 0: no marker. Series with markers get
                          * distinct phases (column offsets) so coincident curves show each. */
    int layer;           /* drawing order: higher layers are drawn over lower ones (measured
                          * data over theory: e.g. theory 0, data 1); equal layers in index
                          * order. A higher layer owns the cells it touches; with
                          * Chart.alternate, cells shared within one layer alternate. */
} ChartSeries;

typedef struct ChartMark {
    double x;            /* data x of a vertical marker (e.g. where a knob changed) */
    uint8_t tag;
    const char *label;   /* NULL: only the marker glyph on the axis row (old behaviour). Else
                          * also a faint vertical line (U+250A, ASCII '!') through the empty
                          * plot cells at x and this label on the top plot row beside it, to
                          * the right of the line or, if that hits the frame, to its left;
                          * shortened (never below 3 characters, or the whole label if
                          * shorter) or skipped so that labels stay one cell apart, off each
                          * other's lines and inside the plot. Not copied. 7-bit text. */
} ChartMark;

#define CHART_SHARE_RUN 3 /* columns: ownership of cells shared by series of one layer alternates
                           * in blocks of this many plot columns */

typedef struct ChartCell {
    uint32_t ch;         /* Unicode code point; ' ' when empty */
    uint8_t tag;         /* CHART_TAG_* or a series tag: the cell's owner (colour) */
    uint8_t tag2;        /* another series of the owner's layer whose line also runs through
                          * this cell (CHART_TAG_NONE when none): a painter may use it, e.g.
                          * as a background; the owner already alternates along x */
} ChartCell;

typedef struct Chart {
    int w, h;            /* size in cells, labels included */
    ChartGlyphs glyphs;
    ChartAxis x, y;
    int labels;          /* 1: draw axes and decade labels; 0: plot area only */
    ChartSeries series[CHART_MAX_SERIES];
    int nseries;
    ChartMark marks[CHART_MAX_MARKS]; /* drawn as a marker glyph on the x-axis row (without
                                        * labels: on the bottom plot row, in cells no series
                                        * touched) */
    int nmarks;
    int alternate;       /* 1: cells shared by series of one layer alternate their owner (tag)
                          * every CHART_SHARE_RUN plot columns, so coincident curves both show;
                          * 0: the series drawn last owns the cell (old behaviour) */
} Chart;

/* chart_layout: the plot area inside the chart: its left column, top row, width and height
 * (cells). With labels: y labels take the left chart_ylabel_width(c) columns plus one for the
 * axis line, and the bottom two rows hold the x axis and its labels. */
void chart_layout(const Chart *c, int *x0, int *y0, int *pw, int *ph);

/* chart_ylabel_width: columns used by y tick labels (the widest label of the y range, whether
 * or not the chart's height lets every label show, so the layout does not jump when the chart
 * is resized). 0 when the chart is drawn without labels or the y axis is empty. */
int chart_ylabel_width(const Chart *c);

/* chart_render: clear cells[0 .. w*h) (row-major, row 0 at the top) to ' ' / CHART_TAG_NONE and
 * draw the axes, labels, marks and series. Never writes outside the grid; a chart too small
 * for its labels (w < 12 or h < 4) is drawn without them. No allocation, no global state
 * (safe from any thread on distinct cells); a chart wider or taller than 32767 cells is only
 * cleared. */
void chart_render(const Chart *c, ChartCell *cells);

/* chart_axis_grow: stable axes: widen [a->lo, a->hi] to contain [dmin, dmax], in whole
 * decades on a log axis (10^floor(log10 dmin) .. 10^ceil(log10 dmax)), and never shrink it.
 * An empty axis (lo >= hi, e.g. zero-initialised) takes the decade range of the data. Data
 * that is not finite (or <= 0 on a log axis) is ignored.
 * Details: dmin and dmax may come in either order, and if only one is valid it counts alone.
 * Data of one exact decade (dmin = dmax = 100) gives [100, 1000]. On a linear axis the ends
 * that move are rounded outward to a 1-2-5 step of the new span (a single value v gives an
 * interval around it). An axis already containing the data is left bit-for-bit unchanged. */
void chart_axis_grow(ChartAxis *a, double dmin, double dmax);

/* chart_marker_period: columns between two markers of one series on a plot pw columns wide:
 * clamp(pw / 3, 10, 40) (so at least three markers per curve on plots of 30+ columns). */
int chart_marker_period(int pw);

/* Legends laid out in a given width, never cut. */
typedef struct ChartLegendItem {
    uint32_t marker;     /* the series' marker (or line glyph); 0: none (no marker cell) */
    uint8_t tag;         /* its colour tag (for the painter) */
    const char *name;    /* full name, e.g. "Bayes-C" or "theory n^-0.44" */
    const char *abbrev;  /* short form; NULL: looked up in chart.c's table of short forms
                          * ("Bayes-C" -> "BC", ...) by the name's first word, the rest of the
                          * name (a value, a unit) kept */
} ChartLegendItem;

typedef struct ChartLegendPlace {
    int row, col;        /* where the entry starts (0-based, within the legend) */
    int width;           /* cells it takes: marker + space + text (marker absent: text) */
    int abbreviated;     /* 1: the name's first word was replaced by its short form */
    const char *text;    /* print text then tail after the marker: the full name and "", or */
    const char *tail;    /* the short form (static) and the rest of the name (" n^-0.44") */
} ChartLegendPlace;

/* chart_legend_layout: lay out n legend entries (marker, space, name) in rows `width` cells
 * wide, entries two cells apart, in order, wrapping to a new row when the next does not fit.
 * Names are abbreviated only when that saves rows, fewest entries first (the longest saving
 * first); no entry is ever dropped and no text cut: an entry wider than `width` takes a row of
 * its own and continues, wrapped, on the following rows (counted). places (n of them) may be
 * NULL to only count. Returns the rows needed (0 for n <= 0; width < 1 is taken as 1). */
int chart_legend_layout(const ChartLegendItem *items, int n, int width, ChartLegendPlace *places);

/* chart_decade_label: the label of 10^e into buf: "1", "10", "100", "1k", "10k", "100k",
 * "1M", ... "1e15" for e >= 0 up to 1e12 ("1T") and "1e15" beyond; "0.1", "0.01", "1e-3",
 * "1e-4", ... for e < 0. At most 5 characters. Returns buf.
 * That is: k M G T for 1e3 1e6 1e9 1e12; "1e13", "1e14", ... above; "1e-3" .. "1e-99" below
 * 0.01, and "e-100" .. "e-324" (no leading 1, to stay within 5 characters) below that. The
 * label is truncated to n - 1 characters (NUL-ended) if buf is smaller; buf NULL or n = 0
 * writes nothing. */
char *chart_decade_label(int e, char *buf, size_t n);

/* chart_cell_utf8: encode a cell's code point as UTF-8 into buf (at least 5 bytes), NUL-ended.
 * Returns the byte length. A surrogate or a value above U+10FFFF is written as U+FFFD; buf
 * NULL returns 0. */
int chart_cell_utf8(uint32_t ch, char *buf);

#endif
