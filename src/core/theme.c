/*
 * theme.c: theme text -> Theme (see theme.h). The built-in themes are theme text as well, so
 * there is one grammar and one code path for everything a user can see or copy.
 */
#include "skscope/theme.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "skscope/scenario.h"

#define THEME_MAX_BYTES (64 * 1024)
#define QUOTE_MAX 40 /* bytes of offending text quoted in a message */

/* ---------------------------------------------------------------------------------------------
 * Built-in themes. Each names every role (theme_default checks that in debug builds, and the
 * unit test runs one). Keep each text under 4095 bytes: longer string literals draw a
 * -Woverlength-strings warning under -pedantic.
 */

/* The default: mid-lightness xterm-256 colours, readable on dark and light terminals alike;
 * the terminal's own background everywhere except the selected slider and the status line. */
static const char default_text[] =
    "# skscope built-in theme (themes/*.theme use the same format)\n"
    "name = default\n"
    "normal = fg=default\n"
    "title = fg=#0087d7 bold\n"
    "border = fg=#808080\n"
    "label = fg=default\n"
    "value = fg=default bold\n"
    "dim = fg=#808080\n"
    "selected = fg=#000000,bg=#ffaf00 bold\n"
    "slider = fg=#808080\n"
    "knob = fg=#0087d7 bold\n"
    "axis = fg=#808080\n"
    "series1 = fg=#0087d7      # Bayes: blue\n"
    "series2 = fg=#d75f00      # Bayes-C: orange\n"
    "series3 = fg=#00af00      # SGD memory: green\n"
    "series4 = fg=#af00af      # neural: magenta\n"
    "syntax = fg=#5f5fd7\n"
    "knowledge = fg=#008787\n"
    "theory = fg=#af8700\n"
    "fit = fg=#d7005f\n"
    "ghost = fg=#808080 dim\n"
    "marker = fg=#af8700 bold\n"
    "recalled = fg=#00af00 bold\n"
    "not_yet = fg=#808080\n"
    "forgotten = fg=#d75f00\n"
    "hallucinated = fg=#d70000 bold\n"
    "status = fg=#eeeeee,bg=#005f87\n"
    "status_key = fg=#ffd75f,bg=#005f87 bold\n"
    "running = fg=#000000,bg=#5faf00 bold\n"
    "paused = fg=#000000,bg=#ffaf00 bold\n"
    "warning = fg=#d70000 bold\n"
    "help = fg=default\n";

/* No colours: meaning by attributes alone. Keep in step with themes/mono.theme (the unit test
 * checks that both give the same theme). */
static const char mono_text[] =
    "name = mono\n"
    "normal = none\n"
    "title = bold\n"
    "border = dim\n"
    "label = none\n"
    "value = bold\n"
    "dim = dim\n"
    "selected = reverse bold\n"
    "slider = dim\n"
    "knob = bold\n"
    "axis = dim\n"
    "series1 = bold\n"
    "series2 = none\n"
    "series3 = underline\n"
    "series4 = dim\n"
    "syntax = none\n"
    "knowledge = bold\n"
    "theory = underline\n"
    "fit = underline\n"
    "ghost = dim\n"
    "marker = bold\n"
    "recalled = bold\n"
    "not_yet = none\n"
    "forgotten = dim\n"
    "hallucinated = reverse\n"
    "status = reverse\n"
    "status_key = reverse bold\n"
    "running = reverse bold\n"
    "paused = reverse underline\n"
    "warning = bold underline\n"
    "help = none\n";

/* ---------------------------------------------------------------------------------------------
 * Tables.
 */

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_NORMAL] = "normal",
    [ROLE_TITLE] = "title",
    [ROLE_BORDER] = "border",
    [ROLE_LABEL] = "label",
    [ROLE_VALUE] = "value",
    [ROLE_DIM] = "dim",
    [ROLE_SELECTED] = "selected",
    [ROLE_SLIDER] = "slider",
    [ROLE_KNOB] = "knob",
    [ROLE_AXIS] = "axis",
    [ROLE_SERIES1] = "series1",
    [ROLE_SERIES2] = "series2",
    [ROLE_SERIES3] = "series3",
    [ROLE_SERIES4] = "series4",
    [ROLE_SYNTAX] = "syntax",
    [ROLE_KNOWLEDGE] = "knowledge",
    [ROLE_THEORY] = "theory",
    [ROLE_FIT] = "fit",
    [ROLE_GHOST] = "ghost",
    [ROLE_MARKER] = "marker",
    [ROLE_RECALLED] = "recalled",
    [ROLE_NOT_YET] = "not_yet",
    [ROLE_FORGOTTEN] = "forgotten",
    [ROLE_HALLUCINATED] = "hallucinated",
    [ROLE_STATUS] = "status",
    [ROLE_STATUS_KEY] = "status_key",
    [ROLE_RUNNING] = "running",
    [ROLE_PAUSED] = "paused",
    [ROLE_WARNING] = "warning",
    [ROLE_HELP] = "help",
};

typedef struct Named {
    const char *name;
    int value;
} Named;

static const Named colour_names[] = {
    {"default", THEME_COLOUR_DEFAULT},
    {"black", 0}, {"red", 1}, {"green", 2}, {"yellow", 3},
    {"blue", 4}, {"magenta", 5}, {"cyan", 6}, {"white", 7},
    {"brightblack", 8}, {"brightred", 9}, {"brightgreen", 10}, {"brightyellow", 11},
    {"brightblue", 12}, {"brightmagenta", 13}, {"brightcyan", 14}, {"brightwhite", 15},
    {"grey", 8}, {"gray", 8}, /* xterm's grey is "bright black" */
};

static const Named attr_names[] = {
    {"bold", THEME_BOLD}, {"dim", THEME_DIM}, {"underline", THEME_UNDERLINE},
    {"reverse", THEME_REVERSE}, {"italic", THEME_ITALIC}, {"none", 0},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* xterm's RGB values of the 16 basic colours. */
static const unsigned char basic_rgb[16][3] = {
    {0, 0, 0},       {205, 0, 0},     {0, 205, 0},     {205, 205, 0},
    {0, 0, 238},     {205, 0, 205},   {0, 205, 205},   {229, 229, 229},
    {127, 127, 127}, {255, 0, 0},     {0, 255, 0},     {255, 255, 0},
    {92, 92, 255},   {255, 0, 255},   {0, 255, 255},   {255, 255, 255},
};

static const int cube_levels[6] = {0, 95, 135, 175, 215, 255};

/* ---------------------------------------------------------------------------------------------
 * Small string helpers (ASCII only: keys and colour names are ASCII, and the C library's
 * tolower/strcasecmp depend on the locale).
 */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }
static int is_blank(int c) { return c == ' ' || c == '\t'; }

static int is_hex(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int hex_value(int c)
{
    return c <= '9' ? c - '0' : lower(c) - 'a' + 10;
}

/* s[0 .. n) equals the lower-case word w, ignoring case. */
static int word_is(const char *s, size_t n, const char *w)
{
    size_t i = 0;
    for (; i < n && w[i]; i++)
        if (lower((unsigned char)s[i]) != w[i])
            return 0;
    return i == n && w[i] == 0;
}

/* 'text', with bytes outside printable ASCII shown as '?' and at most QUOTE_MAX bytes ("..."
 * marks a cut): messages end up on a terminal, so they must not carry escapes. */
static void quote(char *out, size_t outlen, const char *s, size_t n)
{
    size_t k = 0, m = n < QUOTE_MAX ? n : QUOTE_MAX;
    if (outlen < QUOTE_MAX + 6) {
        if (outlen)
            out[0] = 0;
        return;
    }
    out[k++] = '\'';
    for (size_t i = 0; i < m; i++) {
        unsigned char c = (unsigned char)s[i];
        out[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    if (n > m) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k++] = '\'';
    out[k] = 0;
}

/* Edit distance counting a swap of two neighbours as one edit ("blod" is 1 from "bold"),
 * ignoring case on a's side (b is a lower-case table word). */
static size_t edit_distance(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    size_t rows[3][QUOTE_MAX + 1]; /* row i of the usual table is rows[i % 3] */
    if (an > QUOTE_MAX || bn > QUOTE_MAX)
        return (size_t)-1;
    for (size_t j = 0; j <= bn; j++)
        rows[0][j] = j;
    for (size_t i = 1; i <= an; i++) {
        size_t *pp = rows[(i + 1) % 3], *prev = rows[(i + 2) % 3], *cur = rows[i % 3];
        int ca = lower((unsigned char)a[i - 1]);
        cur[0] = i;
        for (size_t j = 1; j <= bn; j++) {
            size_t v = prev[j - 1] + (ca != b[j - 1]);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ca == b[j - 2] && lower((unsigned char)a[i - 2]) == b[j - 1] &&
                pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
        }
    }
    return rows[an % 3][bn];
}

/* The words suggest() picks from: role keys, colour names, attribute names. */
static const char *role_word(size_t i) { return i < ROLE_COUNT ? role_names[i] : NULL; }

static const char *colour_word(size_t i)
{
    return i < COUNT(colour_names) ? colour_names[i].name : NULL;
}

static const char *attr_word(size_t i) { return i < COUNT(attr_names) ? attr_names[i].name : NULL; }

/* " (did you mean 'x'?)" for the nearest word within 1 edit (2 for words over 4 bytes), or "". */
static void suggest(char *out, size_t outlen, const char *s, size_t n, const char *(*word)(size_t))
{
    size_t best = (size_t)-1, limit = n <= 4 ? 1 : 2;
    const char *pick = NULL, *w;
    for (size_t i = 0; (w = word(i)) != NULL; i++) {
        size_t d = edit_distance(s, n, w);
        if (d <= limit && d < best) {
            best = d;
            pick = w;
        }
    }
    if (pick)
        snprintf(out, outlen, " (did you mean '%s'?)", pick);
    else if (outlen)
        out[0] = 0;
}

/* ---------------------------------------------------------------------------------------------
 * Colours.
 */

int theme_rgb_to_256(int r, int g, int b)
{
    int rgb[3] = {r, g, b}, idx[3];
    long cube_d = 0;
    for (int k = 0; k < 3; k++) {
        int v = rgb[k] < 0 ? 0 : rgb[k] > 255 ? 255 : rgb[k];
        rgb[k] = v;
        /* The cube's distance is a sum over channels, so the nearest level per channel gives
         * the nearest cube point. A tie between two levels goes up, as in tmux. */
        int best = 0;
        for (int l = 1; l < 6; l++)
            if (abs(cube_levels[l] - v) <= abs(cube_levels[best] - v))
                best = l;
        idx[k] = best;
        long d = cube_levels[best] - v;
        cube_d += d * d;
    }
    int grey = 0;
    long grey_d = -1;
    for (int i = 0; i < 24; i++) {
        long d = 0;
        for (int k = 0; k < 3; k++) {
            long e = 8 + 10 * i - rgb[k];
            d += e * e;
        }
        if (grey_d < 0 || d < grey_d) {
            grey_d = d;
            grey = i;
        }
    }
    if (grey_d < cube_d) /* ties go to the cube */
        return 232 + grey;
    return 16 + 36 * idx[0] + 6 * idx[1] + idx[2];
}

/* xterm's RGB value of colour c (0 .. 255). */
static void colour_rgb(int c, int rgb[3])
{
    if (c < 16) {
        for (int k = 0; k < 3; k++)
            rgb[k] = basic_rgb[c][k];
    } else if (c < 232) {
        int i = c - 16;
        rgb[0] = cube_levels[i / 36];
        rgb[1] = cube_levels[i / 6 % 6];
        rgb[2] = cube_levels[i % 6];
    } else {
        rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
    }
}

int theme_256_to_16(int c)
{
    if (c < 0 || c > 255)
        return THEME_COLOUR_DEFAULT;
    if (c < 16)
        return c;
    int rgb[3], best = 0;
    long best_d = -1;
    colour_rgb(c, rgb);
    for (int i = 0; i < 16; i++) {
        long d = 0;
        for (int k = 0; k < 3; k++) {
            long e = basic_rgb[i][k] - rgb[k];
            d += e * e;
        }
        if (best_d < 0 || d < best_d) { /* ties to the lower number */
            best_d = d;
            best = i;
        }
    }
    return best;
}

long theme_colour_rgb(int c)
{
    if (c < 0 || c > 255)
        return -1;
    int rgb[3];
    colour_rgb(c, rgb);
    return (long)rgb[0] << 16 | (long)rgb[1] << 8 | rgb[2];
}

/* ---------------------------------------------------------------------------------------------
 * Colour depth (theme_fit).
 */

/* Palette colours a terminal with `colours` colours has (direct colour: the 256 it is given). */
static int palette_size(int colours)
{
    return colours >= 256 ? 256 : colours >= 88 ? 88 : colours >= 16 ? 16 : 8;
}

/* The RGB value of colour c (0 .. palette_size - 1) on that terminal: xterm's, and for 16 .. 87
 * of an 88-colour one xterm's 4x4x4 cube and 8 greys. */
static void palette_rgb(int colours, int c, int rgb[3])
{
    static const int cube88[4] = {0, 139, 205, 255};
    static const int grey88[8] = {46, 92, 115, 139, 162, 185, 208, 231};
    if (palette_size(colours) == 88 && c >= 16) {
        if (c < 80) {
            rgb[0] = cube88[(c - 16) / 16];
            rgb[1] = cube88[(c - 16) / 4 % 4];
            rgb[2] = cube88[(c - 16) % 4];
        } else {
            rgb[0] = rgb[1] = rgb[2] = grey88[c - 80];
        }
        return;
    }
    colour_rgb(c, rgb);
}

static int rgb_is_grey(const int rgb[3]) { return rgb[0] == rgb[1] && rgb[1] == rgb[2]; }

/* Over the terminal's own background, a theme made for `bgkind` cannot show this colour. */
static int hidden_over_default(int bgkind, const int rgb[3])
{
    int lo = rgb[0], hi = rgb[0];
    for (int k = 1; k < 3; k++) {
        lo = rgb[k] < lo ? rgb[k] : lo;
        hi = rgb[k] > hi ? rgb[k] : hi;
    }
    int black = hi <= 20, white = lo >= 228;
    return bgkind == THEME_BG_DARK ? black : bgkind == THEME_BG_LIGHT ? white : black || white;
}

int theme_fg_hidden(int fg, int bg, int bgkind, int colours)
{
    if (fg < 0 || fg >= palette_size(colours))
        return 0;
    if (bg >= 0)
        return fg == bg;
    int rgb[3];
    palette_rgb(colours, fg, rgb);
    return hidden_over_default(bgkind, rgb);
}

/* Hue (degrees, 0 .. 359), saturation and value (0 .. 255) of an RGB colour, as in HSV. */
static void rgb_hsv(const int rgb[3], int *h, int *sat, int *val)
{
    int mx = rgb[0], mn = rgb[0];
    for (int k = 1; k < 3; k++) {
        mx = rgb[k] > mx ? rgb[k] : mx;
        mn = rgb[k] < mn ? rgb[k] : mn;
    }
    int c = mx - mn, hue = 0;
    if (c > 0) {
        if (mx == rgb[0])
            hue = 60 * (rgb[1] - rgb[2]) / c;
        else if (mx == rgb[1])
            hue = 120 + 60 * (rgb[2] - rgb[0]) / c;
        else
            hue = 240 + 60 * (rgb[0] - rgb[1]) / c;
    }
    *h = (hue + 360) % 360;
    *sat = mx > 0 ? 255 * c / mx : 0;
    *val = mx;
}

/* How far apart two colours look. Two hues: an HSV distance, the hue difference (weighted by
 * the lesser saturation, and 3 units a degree) counting most, so that light green
 * (135,215,95) goes to green rather than to the nearer yellow in RGB. Otherwise (a grey is
 * involved) the squared RGB distance. */
static long colour_distance(const int a[3], const int b[3])
{
    long d = 0;
    if (!rgb_is_grey(a) && !rgb_is_grey(b)) {
        int ha, sa, va, hb, sb, vb;
        rgb_hsv(a, &ha, &sa, &va);
        rgb_hsv(b, &hb, &sb, &vb);
        long dh = abs(ha - hb);
        dh = dh > 180 ? 360 - dh : dh;
        dh = 3 * dh * (sa < sb ? sa : sb) / 255;
        return dh * dh + (long)(sa - sb) * (sa - sb) + (long)(va - vb) * (va - vb);
    }
    for (int k = 0; k < 3; k++)
        d += (long)(a[k] - b[k]) * (a[k] - b[k]);
    return d;
}

/* The terminal's colour nearest to 256-palette colour c, among those avoid[] does not mark. With
 * `same_kind` 1 a grey goes to the nearest unmarked grey and a hue to the nearest unmarked hue
 * if there is one (light green (135,215,95) is nearer grey 8 of 16 than green in RGB);
 * with 2 only to one of its kind. -1 if there is none. */
static int nearest_colour(int colours, int c, const unsigned char *avoid, int same_kind)
{
    int src[3], n = palette_size(colours);
    if (c >= 0 && c < n && (n == 256 || c < 16) && !avoid[c])
        return c; /* the terminal has this very colour */
    colour_rgb(c, src);
    for (int pass = same_kind ? 0 : 1; pass < (same_kind == 2 ? 1 : 2); pass++) {
        int best = -1;
        long best_d = 0;
        for (int i = 0; i < n; i++) {
            int rgb[3];
            palette_rgb(colours, i, rgb);
            if (avoid[i] || (pass == 0 && rgb_is_grey(rgb) != rgb_is_grey(src)))
                continue;
            long d = colour_distance(src, rgb);
            if (best < 0 || d < best_d) { /* ties to the lower number */
                best = i;
                best_d = d;
            }
        }
        if (best >= 0)
            return best;
    }
    return -1;
}

/* avoid[] for a foreground over bg (a fitted colour, or -1 for the terminal's own). */
static void fg_avoid(int colours, int bg, int bgkind, unsigned char avoid[256])
{
    memset(avoid, 0, 256);
    for (int i = 0; i < palette_size(colours); i++)
        avoid[i] = (unsigned char)theme_fg_hidden(i, bg, bgkind, colours);
}

/* The RGB value a direct-colour terminal draws for a colour (its #rrggbb, else its palette
 * value), or -1 for the terminal's own. */
static long drawn_rgb(int c, uint32_t rgb)
{
    return rgb ? (long)(rgb & 0xffffffu) : theme_colour_rgb(c);
}

/* With direct colour, style s's #rrggbb foreground breaks theme_fit's first rule. */
static int rgb_hidden(const ThemeStyle *s, int bgkind)
{
    long f = drawn_rgb(s->fg, s->fg_rgb), b = drawn_rgb(s->bg, s->bg_rgb);
    if (b >= 0)
        return f == b;
    int rgb[3] = {(int)(f >> 16 & 255), (int)(f >> 8 & 255), (int)(f & 255)};
    return hidden_over_default(bgkind, rgb);
}

/* Groups of roles that must stay apart; ROLE_COUNT ends a group. */
static const ThemeRole distinct_groups[][5] = {
    {ROLE_SERIES1, ROLE_SERIES2, ROLE_SERIES3, ROLE_SERIES4, ROLE_COUNT},
    {ROLE_SYNTAX, ROLE_KNOWLEDGE, ROLE_COUNT},
    {ROLE_RECALLED, ROLE_NOT_YET, ROLE_FORGOTTEN, ROLE_HALLUCINATED, ROLE_COUNT},
    {ROLE_RUNNING, ROLE_PAUSED, ROLE_COUNT},
};

static int same_style(const ThemeStyle *a, const ThemeStyle *b)
{
    return a->fg == b->fg && a->bg == b->bg && a->attr == b->attr && a->fg_rgb == b->fg_rgb &&
           a->bg_rgb == b->bg_rgb;
}

void theme_fit(const Theme *t, int colours, Theme *out)
{
    Theme in = *t, res = *t;
    if (colours < 8) {
        theme_mono(&res);
        memcpy(res.name, in.name, sizeof res.name);
        res.background = in.background;
        res.chart_blocks = in.chart_blocks;
        *out = res;
        return;
    }
    unsigned char none[256] = {0}, avoid[256];
    for (int r = 0; r < ROLE_COUNT; r++) {
        const ThemeStyle *s = &in.style[r];
        ThemeStyle *o = &res.style[r];
        if (colours <= 256)
            o->fg_rgb = o->bg_rgb = 0; /* the palette is all there is */
        else if (s->fg_rgb && !rgb_hidden(s, in.background))
            continue; /* drawn as written */
        o->fg_rgb = 0;
        if (s->bg >= 0)
            o->bg = nearest_colour(colours, s->bg, none, 1);
        if (s->fg < 0)
            continue;
        fg_avoid(colours, o->bg, in.background, avoid);
        int src[3], fg;
        colour_rgb(s->fg, src);
        if (o->bg < 0 && rgb_is_grey(src)) {
            /* A grey over the terminal's own background (frames, axes, secondary text): the
             * nearest grey that shows, dim if it is much lighter or darker than asked, so the
             * frames still recede; with no such grey (8 colours, any background) the
             * terminal's own colour, dim. */
            fg = nearest_colour(colours, s->fg, avoid, 2);
            int got[3] = {-1, -1, -1};
            if (fg >= 0)
                palette_rgb(colours, fg, got);
            if (fg < 0 || abs(got[0] - src[0]) > 64)
                o->attr |= THEME_DIM;
        } else {
            fg = nearest_colour(colours, s->fg, avoid, 1);
        }
        o->fg = fg >= 0 ? fg : THEME_COLOUR_DEFAULT;
        if (palette_size(colours) == 8 && fg >= 0) {
            int b16 = nearest_colour(16, s->fg, avoid, 1);
            if (b16 >= 9 && b16 - 8 == fg)
                o->attr |= THEME_BOLD;
        }
    }
    for (size_t g = 0; g < COUNT(distinct_groups); g++) {
        const ThemeRole *grp = distinct_groups[g];
        for (int k = 1; grp[k] != ROLE_COUNT; k++) {
            ThemeStyle *o = &res.style[grp[k]];
            const ThemeStyle *s = &in.style[grp[k]];
            /* Bars (a background of their own, as running and paused) are told apart by it. */
            int bar = s->bg >= 0, clash = 0;
            for (int j = 0; j < k; j++)
                clash |= bar ? o->bg == res.style[grp[j]].bg && s->bg != in.style[grp[j]].bg
                             : same_style(o, &res.style[grp[j]]);
            if (clash && bar) {
                memset(avoid, 0, sizeof avoid);
                for (int j = 0; j < k; j++)
                    if (res.style[grp[j]].bg >= 0)
                        avoid[res.style[grp[j]].bg] = 1;
                int bg = nearest_colour(colours, s->bg, avoid, 1);
                if (bg < 0)
                    continue;
                o->bg = bg;
                o->bg_rgb = 0;
                if (s->fg >= 0) {
                    fg_avoid(colours, bg, in.background, avoid);
                    int fg = nearest_colour(colours, s->fg, avoid, 1);
                    o->fg = fg >= 0 ? fg : THEME_COLOUR_DEFAULT;
                    o->fg_rgb = 0;
                }
                continue;
            }
            if (!clash || s->fg < 0)
                continue;
            fg_avoid(colours, o->bg, in.background, avoid);
            for (int j = 0; j < k; j++) {
                const ThemeStyle *e = &res.style[grp[j]];
                if (e->bg == o->bg && e->attr == o->attr && e->fg >= 0)
                    avoid[e->fg] = 1;
            }
            int fg = nearest_colour(colours, s->fg, avoid, 1);
            if (fg >= 0) {
                o->fg = fg;
                o->fg_rgb = 0; /* the colour drawn is now this one */
            }
        }
    }
    *out = res;
}

enum { COLOUR_OK, COLOUR_UNKNOWN, COLOUR_RANGE, COLOUR_MALFORMED };

/* One colour token s[0 .. n) into *c: COLOUR_OK or the kind of problem. */
static int colour_token(const char *s, size_t n, int *c, uint32_t *rgb)
{
    if (rgb)
        *rgb = 0;
    if (n > 0 && s[0] == '#') {
        if (n != 7)
            return COLOUR_MALFORMED;
        int v[6];
        for (int i = 0; i < 6; i++) {
            if (!is_hex((unsigned char)s[1 + i]))
                return COLOUR_MALFORMED;
            v[i] = hex_value((unsigned char)s[1 + i]);
        }
        int r = 16 * v[0] + v[1], g = 16 * v[2] + v[3], b = 16 * v[4] + v[5];
        *c = theme_rgb_to_256(r, g, b);
        if (rgb)
            *rgb = THEME_RGB_GIVEN | (uint32_t)r << 16 | (uint32_t)g << 8 | (uint32_t)b;
        return COLOUR_OK;
    }
    size_t skip = n >= 6 && word_is(s, 6, "colour") ? 6 : n >= 5 && word_is(s, 5, "color") ? 5 : 0;
    if (skip && skip < n && s[skip] >= '0' && s[skip] <= '9') {
        long v = 0;
        for (size_t i = skip; i < n; i++) {
            if (s[i] < '0' || s[i] > '9')
                return COLOUR_UNKNOWN;
            if (v <= 255)
                v = 10 * v + (s[i] - '0'); /* stops growing once out of range */
        }
        if (v > 255)
            return COLOUR_RANGE;
        *c = (int)v;
        return COLOUR_OK;
    }
    /* "bright-red" and "bright_red" read as "brightred". */
    char word[24];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 6 && (s[i] == '-' || s[i] == '_') && word_is(s, 6, "bright"))
            continue;
        if (k + 1 >= sizeof word)
            return COLOUR_UNKNOWN;
        word[k++] = (char)lower((unsigned char)s[i]);
    }
    word[k] = 0;
    for (size_t i = 0; i < COUNT(colour_names); i++)
        if (strcmp(word, colour_names[i].name) == 0) {
            *c = colour_names[i].value;
            return COLOUR_OK;
        }
    return COLOUR_UNKNOWN;
}

int theme_colour_parse(const char *s, int *c)
{
    int v;
    if (!s || colour_token(s, strlen(s), &v, NULL) != COLOUR_OK)
        return -1;
    *c = v;
    return 0;
}

/* ---------------------------------------------------------------------------------------------
 * Parsing.
 */

/* The keys about the whole theme, each with its three words and their values. */
typedef struct ThemeWords {
    const char *key;      /* "background" or "charts" */
    const char *words[3]; /* the values it takes */
    int values[3];        /* what each sets: Theme.background or Theme.chart_blocks */
} ThemeWords;

static const ThemeWords theme_words[] = {
    {"background", {"dark", "light", "any"}, {THEME_BG_DARK, THEME_BG_LIGHT, THEME_BG_ANY}},
    {"charts", {"blocks", "braille", "any"}, {1, 0, 0}},
};

/* Roles are bits of an unsigned long (at least 32 bits) in parse_text. */
_Static_assert(ROLE_COUNT < 32, "too many roles for the seen mask");

typedef struct Parser {
    Theme t;                 /* the copy being filled (committed only on success) */
    size_t set_on[ROLE_COUNT]; /* line that set each role, 0 if none yet */
    size_t name_on;          /* line that set the name */
    size_t background_on;    /* line that set the background */
    size_t charts_on;        /* line that set the charts */
    char msg[200];           /* the problem, without "NAME:LINE: " */
} Parser;

const char *theme_role_name(ThemeRole r)
{
    if ((int)r < 0 || r >= ROLE_COUNT)
        return "unknown";
    return role_names[r];
}

/* The role named s[0 .. n) (case ignored, '-' as '_'), or -1. */
static int role_find(const char *s, size_t n)
{
    for (int r = 0; r < ROLE_COUNT; r++) {
        const char *w = role_names[r];
        size_t i = 0;
        for (; i < n && w[i]; i++) {
            int c = lower((unsigned char)s[i]);
            if (c != w[i] && !(c == '-' && w[i] == '_'))
                break;
        }
        if (i == n && w[i] == 0)
            return r;
    }
    return -1;
}

static void set_name(Theme *t, const char *s, size_t n)
{
    memset(t->name, 0, sizeof t->name);
    memcpy(t->name, s, n);
}

static int parse_name(Parser *p, const char *v, size_t n)
{
    if (n == 0) {
        snprintf(p->msg, sizeof p->msg, "empty name");
        return -1;
    }
    if (n >= sizeof p->t.name) {
        snprintf(p->msg, sizeof p->msg, "name is longer than %zu bytes", sizeof p->t.name - 1);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) {
            snprintf(p->msg, sizeof p->msg, "name has a control character");
            return -1;
        }
    set_name(&p->t, v, n);
    return 0;
}

/* One value ("fg=red,bg=default bold") into *st. `v` is writable and NUL-terminated. */
static int parse_style(Parser *p, char *v, ThemeStyle *st)
{
    char q[QUOTE_MAX + 8], hint[64];
    /* "fg = red" reads as "fg=red": drop blanks around every '='. */
    size_t w = 0;
    for (size_t r = 0; v[r]; r++) {
        if (is_blank((unsigned char)v[r])) {
            size_t e = r;
            while (is_blank((unsigned char)v[e]))
                e++;
            if (v[e] == '=' || (w > 0 && v[w - 1] == '=')) {
                r = e - 1;
                continue;
            }
        }
        v[w++] = v[r];
    }
    v[w] = 0;
    ThemeStyle s = {THEME_COLOUR_DEFAULT, THEME_COLOUR_DEFAULT, 0, 0, 0};
    int have_fg = 0, have_bg = 0;
    for (size_t i = 0; v[i];) {
        if (is_blank((unsigned char)v[i]) || v[i] == ',') {
            i++;
            continue;
        }
        const char *tok = v + i;
        size_t n = 0;
        while (tok[n] && !is_blank((unsigned char)tok[n]) && tok[n] != ',')
            n++;
        i += n;
        if (n >= 3 && (word_is(tok, 3, "fg=") || word_is(tok, 3, "bg="))) {
            int is_fg = lower((unsigned char)tok[0]) == 'f';
            int *have = is_fg ? &have_fg : &have_bg;
            if (*have) {
                quote(q, sizeof q, v, strlen(v));
                snprintf(p->msg, sizeof p->msg, "duplicate %s= in %s", is_fg ? "fg" : "bg", q);
                return -1;
            }
            *have = 1;
            if (n == 3) {
                snprintf(p->msg, sizeof p->msg, "missing colour after '%s='", is_fg ? "fg" : "bg");
                return -1;
            }
            int c = 0;
            uint32_t rgb = 0;
            int kind = colour_token(tok + 3, n - 3, &c, &rgb);
            quote(q, sizeof q, tok + 3, n - 3);
            if (kind == COLOUR_RANGE) {
                snprintf(p->msg, sizeof p->msg, "colour number out of range %s (0 to 255)", q);
                return -1;
            }
            if (kind == COLOUR_MALFORMED) {
                snprintf(p->msg, sizeof p->msg, "malformed colour %s (write #rrggbb)", q);
                return -1;
            }
            if (kind == COLOUR_UNKNOWN) {
                suggest(hint, sizeof hint, tok + 3, n - 3, colour_word);
                snprintf(p->msg, sizeof p->msg, "unknown colour %s%s", q, hint);
                return -1;
            }
            if (is_fg) {
                s.fg = c;
                s.fg_rgb = rgb;
            } else {
                s.bg = c;
                s.bg_rgb = rgb;
            }
            continue;
        }
        size_t a = 0;
        while (a < COUNT(attr_names) && !word_is(tok, n, attr_names[a].name))
            a++;
        if (a < COUNT(attr_names)) {
            /* Attributes add up; none clears the ones before it. */
            s.attr = attr_names[a].value ? s.attr | (unsigned)attr_names[a].value : 0;
            continue;
        }
        int c;
        quote(q, sizeof q, tok, n);
        if (colour_token(tok, n, &c, NULL) == COLOUR_OK) {
            snprintf(p->msg, sizeof p->msg, "colour %s needs fg= or bg= in front", q);
            return -1;
        }
        suggest(hint, sizeof hint, tok, n, attr_word);
        if (!hint[0])
            snprintf(hint, sizeof hint, " (fg=, bg=, bold, dim, underline, reverse, italic, none)");
        snprintf(p->msg, sizeof p->msg, "unknown token %s%s", q, hint);
        return -1;
    }
    *st = s;
    return 0;
}

/* '#' at line[i] (after a blank) starts a comment unless it is a #rrggbb colour: '#', six hex
 * digits, then a blank, a comma or the end of the line. */
static int is_colour_hash(const char *s)
{
    for (int k = 1; k <= 6; k++)
        if (!is_hex((unsigned char)s[k]))
            return 0;
    return s[7] == 0 || s[7] == ',' || is_blank((unsigned char)s[7]);
}

/* One line (writable, NUL-terminated, without its '\n'). */
static int parse_line(Parser *p, char *line, size_t lineno)
{
    char q[QUOTE_MAX + 8], hint[64];
    size_t n = strlen(line);
    while (n > 0 && (is_blank((unsigned char)line[n - 1]) || line[n - 1] == '\r'))
        n--; /* CRLF and trailing blanks */
    line[n] = 0;
    size_t b = 0;
    while (is_blank((unsigned char)line[b]))
        b++;
    if (line[b] == '#' || line[b] == 0)
        return 0;
    for (size_t i = b + 1; i < n; i++)
        if (line[i] == '#' && is_blank((unsigned char)line[i - 1]) && !is_colour_hash(line + i)) {
            n = i;
            break;
        }
    while (n > b && is_blank((unsigned char)line[n - 1]))
        n--;
    line[n] = 0;
    char *text = line + b;
    char *eq = strchr(text, '=');
    if (!eq) {
        quote(q, sizeof q, text, strlen(text));
        snprintf(p->msg, sizeof p->msg, "missing '=' in %s", q);
        return -1;
    }
    size_t kn = (size_t)(eq - text);
    while (kn > 0 && is_blank((unsigned char)text[kn - 1]))
        kn--;
    char *v = eq + 1;
    while (is_blank((unsigned char)*v))
        v++;
    if (kn == 0) {
        snprintf(p->msg, sizeof p->msg, "missing role before '='");
        return -1;
    }
    if (word_is(text, kn, "name")) {
        if (p->name_on) {
            snprintf(p->msg, sizeof p->msg, "name set twice (first on line %zu)", p->name_on);
            return -1;
        }
        p->name_on = lineno;
        return parse_name(p, v, strlen(v));
    }
    for (size_t w = 0; w < COUNT(theme_words); w++) {
        const ThemeWords *tw = &theme_words[w];
        if (!word_is(text, kn, tw->key))
            continue;
        size_t *on = tw->key[0] == 'b' ? &p->background_on : &p->charts_on;
        if (*on) {
            snprintf(p->msg, sizeof p->msg, "%s set twice (first on line %zu)", tw->key, *on);
            return -1;
        }
        *on = lineno;
        for (int i = 0; i < 3; i++)
            if (word_is(v, strlen(v), tw->words[i])) {
                *(tw->key[0] == 'b' ? &p->t.background : &p->t.chart_blocks) = tw->values[i];
                return 0;
            }
        quote(q, sizeof q, v, strlen(v));
        snprintf(p->msg, sizeof p->msg, "unknown %s %s (%s, %s or %s)", tw->key, q, tw->words[0],
                 tw->words[1], tw->words[2]);
        return -1;
    }
    int r = role_find(text, kn);
    if (r < 0) {
        quote(q, sizeof q, text, kn);
        suggest(hint, sizeof hint, text, kn, role_word);
        snprintf(p->msg, sizeof p->msg, "unknown role %s%s", q, hint);
        return -1;
    }
    if (p->set_on[r]) {
        snprintf(p->msg, sizeof p->msg, "%s set twice (first on line %zu)", role_names[r],
                 p->set_on[r]);
        return -1;
    }
    p->set_on[r] = lineno;
    if (*v == 0) {
        snprintf(p->msg, sizeof p->msg, "empty value for %s (write none for plain text)",
                 role_names[r]);
        return -1;
    }
    return parse_style(p, v, &p->t.style[r]);
}

/* theme_parse, also telling which roles the text set (bit r of *seen). */
static int parse_text(Theme *t, const char *name, const char *text, unsigned long *seen,
                      char *err, size_t errlen)
{
    if (!name)
        name = "theme";
    if (!text)
        text = "";
    if (scenario_check_text(name, text, strlen(text), err, errlen) != 0)
        return -1;
    if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
        text += 3; /* a UTF-8 byte-order mark, as some Windows editors write */
    Parser ps, *p = &ps;
    memset(p, 0, sizeof *p);
    p->t = *t;
    size_t lineno = 1;
    for (const char *s = text; *s; lineno++) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        /* scenario_check_text bounds a line at 199 bytes, but lets trailing '\r's through. */
        char line[SCENARIO_MAX_LINE + 57];
        if (n >= sizeof line) {
            snprintf(err, errlen, "%s:%zu: line longer than %d bytes", name, lineno,
                     SCENARIO_MAX_LINE);
            return -1;
        }
        memcpy(line, s, n);
        line[n] = 0;
        if (parse_line(p, line, lineno) != 0) {
            snprintf(err, errlen, "%s:%zu: %s", name, lineno, p->msg);
            return -1;
        }
        s = e ? e + 1 : s + n;
    }
    if (seen) {
        *seen = 0;
        for (int r = 0; r < ROLE_COUNT; r++)
            if (p->set_on[r])
                *seen |= 1ul << r;
    }
    *t = p->t;
    return 0;
}

int theme_parse(Theme *t, const char *name, const char *text, char *err, size_t errlen)
{
    return parse_text(t, name, text, NULL, err, errlen);
}

/* A theme with no colours and no attributes, named `name`. */
static void plain(Theme *t, const char *name)
{
    memset(t, 0, sizeof *t);
    set_name(t, name, strlen(name));
    for (int r = 0; r < ROLE_COUNT; r++)
        t->style[r] = (ThemeStyle){THEME_COLOUR_DEFAULT, THEME_COLOUR_DEFAULT, 0, 0, 0};
}

/* A built-in theme from its text. The text is compiled in, so a failure is a bug: debug builds
 * stop here (the unit test calls every built-in); a release build falls back to plain text. */
static void builtin(Theme *t, const char *name, const char *text)
{
    char err[256];
    unsigned long seen = 0;
    plain(t, name);
    int rc = parse_text(t, name, text, &seen, err, sizeof err);
    assert(rc == 0 && seen == (1ul << ROLE_COUNT) - 1);
    (void)rc;
}

void theme_default(Theme *t) { builtin(t, "default", default_text); }

void theme_mono(Theme *t) { builtin(t, "mono", mono_text); }

int theme_load(Theme *t, const char *path, char *err, size_t errlen)
{
    struct stat st;
    /* Checked before reading too, so a huge file gets this message, not the scenario reader's. */
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > THEME_MAX_BYTES) {
        snprintf(err, errlen, "%s is larger than 64 KiB (%lld bytes): not a theme file", path,
                 (long long)st.st_size);
        return -1;
    }
    size_t len = 0;
    char *text = scenario_read_file(path, &len, err, errlen);
    if (!text)
        return -1;
    if (len > THEME_MAX_BYTES) {
        snprintf(err, errlen, "%s is larger than 64 KiB (%zu bytes): not a theme file", path, len);
        free(text);
        return -1;
    }
    Theme tmp;
    theme_default(&tmp);
    /* The name: the base name without ".theme", cut to fit at a UTF-8 character boundary. */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 6 && strcmp(base + n - 6, ".theme") == 0)
        n -= 6;
    if (n >= sizeof tmp.name) {
        n = sizeof tmp.name - 1;
        while (n > 0 && ((unsigned char)base[n] & 0xc0) == 0x80)
            n--;
    }
    set_name(&tmp, base, n);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)tmp.name[i] < 0x20 || tmp.name[i] == 0x7f)
            tmp.name[i] = '?';
    int rc = theme_parse(&tmp, path, text, err, errlen);
    free(text);
    if (rc == 0)
        *t = tmp;
    return rc;
}
