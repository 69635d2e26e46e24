/*
 * test_theme.c: theme text, colours, the built-in themes and the shipped theme files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "skscope/scenario.h"
#include "skscope/theme.h"

static const char *const shipped[] = {"dark", "light", "mono", "projector"};

/* SOURCE_ROOT/themes/NAME.theme (the source root is compiled into config.h). */
static void theme_path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/themes/%s.theme", SKSCOPE_SOURCE_ROOT, name);
}

/* A theme whose every style is a value no theme text produces (attribute bit 7), so that a
 * parse on top of it shows which roles the text set. */
static void sentinel(Theme *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "sentinel");
    for (int r = 0; r < ROLE_COUNT; r++)
        t->style[r] = (ThemeStyle){123, 45, 1u << 7, 0, 0};
}

static int is_sentinel(const ThemeStyle *s)
{
    return s->fg == 123 && s->bg == 45 && s->attr == 1u << 7;
}

static void parse_ok(Theme *t, const char *text)
{
    char err[256];
    if (theme_parse(t, "t.theme", text, err, sizeof err) != 0)
        fail_msg("'%s' rejected: %s", text, err);
}

/* xterm's RGB of colour c, recomputed here (not taken from theme.c). */
static void xterm_rgb(int c, int rgb[3])
{
    static const int basic[16][3] = {
        {0, 0, 0}, {205, 0, 0}, {0, 205, 0}, {205, 205, 0}, {0, 0, 238}, {205, 0, 205},
        {0, 205, 205}, {229, 229, 229}, {127, 127, 127}, {255, 0, 0}, {0, 255, 0},
        {255, 255, 0}, {92, 92, 255}, {255, 0, 255}, {0, 255, 255}, {255, 255, 255}};
    static const int lv[6] = {0, 95, 135, 175, 215, 255};
    if (c < 16) {
        memcpy(rgb, basic[c], sizeof basic[c]);
    } else if (c < 232) {
        rgb[0] = lv[(c - 16) / 36];
        rgb[1] = lv[(c - 16) / 6 % 6];
        rgb[2] = lv[(c - 16) % 6];
    } else {
        rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
    }
}

/* Rec. 709 luma, 0 .. 255, of colour c. */
static double luma(int c)
{
    int rgb[3];
    xterm_rgb(c, rgb);
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

/* ------------------------------------------------------------------------------------------ */

/* Role names are distinct, non-empty keys, and each sets exactly its own role. */
static void test_role_names(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        const char *n = theme_role_name((ThemeRole)r);
        assert_non_null(n);
        assert_true(n[0] != 0);
        for (const char *c = n; *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
                fail_msg("role %d: '%s' is not a plain key", r, n);
        for (int q = 0; q < r; q++)
            if (strcmp(n, theme_role_name((ThemeRole)q)) == 0)
                fail_msg("roles %d and %d are both '%s'", q, r, n);
        /* The parser takes the name back, and sets only that role. */
        Theme t;
        sentinel(&t);
        char text[80];
        snprintf(text, sizeof text, "%s = fg=colour%d underline\n", n, r);
        parse_ok(&t, text);
        for (int q = 0; q < ROLE_COUNT; q++) {
            if (q == r) {
                assert_int_equal(t.style[q].fg, r);
                assert_int_equal(t.style[q].bg, THEME_COLOUR_DEFAULT);
                assert_int_equal(t.style[q].attr, THEME_UNDERLINE);
            } else if (!is_sentinel(&t.style[q])) {
                fail_msg("'%s' changed role %s", text, theme_role_name((ThemeRole)q));
            }
        }
        assert_string_equal(t.name, "sentinel");
    }
    assert_string_equal(theme_role_name(ROLE_NOT_YET), "not_yet");
    assert_string_equal(theme_role_name(ROLE_STATUS_KEY), "status_key");
    assert_string_equal(theme_role_name(ROLE_COUNT), "unknown");
    assert_string_equal(theme_role_name((ThemeRole)-1), "unknown");
}

/* The compiled-in default parses (in a debug build theme_default asserts that its text parsed
 * and named every role; here its visible result is checked too). */
static void test_default(void **state)
{
    (void)state;
    Theme t, u;
    memset(&t, 0xa5, sizeof t);
    theme_default(&t);
    assert_string_equal(t.name, "default");
    theme_default(&u);
    assert_memory_equal(&t, &u, sizeof t);
    /* Not the plain fallback: colours and attributes are there. */
    assert_true(t.style[ROLE_TITLE].attr & THEME_BOLD);
    assert_int_not_equal(t.style[ROLE_SERIES1].fg, THEME_COLOUR_DEFAULT);
    /* The terminal's background everywhere except the selected slider and the status line;
     * text on it is mid-lightness, so it reads on dark and light terminals alike. */
    for (int r = 0; r < ROLE_COUNT; r++) {
        const ThemeStyle *s = &t.style[r];
        int bar = r == ROLE_SELECTED || r == ROLE_STATUS || r == ROLE_STATUS_KEY ||
                  r == ROLE_RUNNING || r == ROLE_PAUSED;
        if (bar) {
            assert_int_not_equal(s->bg, THEME_COLOUR_DEFAULT);
            assert_int_not_equal(s->fg, THEME_COLOUR_DEFAULT);
        } else {
            if (s->bg != THEME_COLOUR_DEFAULT)
                fail_msg("default: %s has a background", theme_role_name((ThemeRole)r));
            if (s->fg != THEME_COLOUR_DEFAULT && (luma(s->fg) < 40 || luma(s->fg) > 180))
                fail_msg("default: %s colour %d (luma %.0f) is not mid-lightness",
                         theme_role_name((ThemeRole)r), s->fg, luma(s->fg));
        }
    }
    /* The fact states stay apart. */
    assert_int_not_equal(t.style[ROLE_RECALLED].fg, t.style[ROLE_HALLUCINATED].fg);
    assert_int_not_equal(t.style[ROLE_RECALLED].fg, t.style[ROLE_FORGOTTEN].fg);
}

/* Mono: no colour anywhere, and the states that matter differ in attributes. */
static void test_mono(void **state)
{
    (void)state;
    Theme t;
    memset(&t, 0x5a, sizeof t);
    theme_mono(&t);
    assert_string_equal(t.name, "mono");
    for (int r = 0; r < ROLE_COUNT; r++) {
        assert_int_equal(t.style[r].fg, THEME_COLOUR_DEFAULT);
        assert_int_equal(t.style[r].bg, THEME_COLOUR_DEFAULT);
    }
    const ThemeRole facts[] = {ROLE_RECALLED, ROLE_NOT_YET, ROLE_FORGOTTEN, ROLE_HALLUCINATED};
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < i; j++)
            assert_int_not_equal(t.style[facts[i]].attr, t.style[facts[j]].attr);
    const ThemeRole series[] = {ROLE_SERIES1, ROLE_SERIES2, ROLE_SERIES3, ROLE_SERIES4};
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < i; j++)
            assert_int_not_equal(t.style[series[i]].attr, t.style[series[j]].attr);
    assert_int_equal(t.style[ROLE_RECALLED].attr, THEME_BOLD);
    assert_int_equal(t.style[ROLE_FORGOTTEN].attr, THEME_DIM);
    assert_int_equal(t.style[ROLE_HALLUCINATED].attr, THEME_REVERSE);
    assert_true(t.style[ROLE_SELECTED].attr & THEME_REVERSE);
    assert_true(t.style[ROLE_STATUS].attr & THEME_REVERSE);
    assert_int_not_equal(t.style[ROLE_THEORY].attr, t.style[ROLE_NORMAL].attr);
}

/* Every shipped file loads, is named after itself, and gives every role a style. */
static void test_shipped_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
        char path[512], err[512];
        theme_path(path, sizeof path, shipped[i]);
        Theme t;
        if (theme_load(&t, path, err, sizeof err) != 0)
            fail_msg("%s: %s", path, err);
        assert_string_equal(t.name, shipped[i]);
        /* On top of the sentinel, no role is left over. */
        size_t len;
        char *text = scenario_read_file(path, &len, err, sizeof err);
        assert_non_null(text);
        Theme s;
        sentinel(&s);
        if (theme_parse(&s, path, text, err, sizeof err) != 0)
            fail_msg("%s: %s", path, err);
        free(text);
        for (int r = 0; r < ROLE_COUNT; r++)
            if (is_sentinel(&s.style[r]))
                fail_msg("%s does not set %s", path, theme_role_name((ThemeRole)r));
        assert_memory_equal(&s.style, &t.style, sizeof t.style);
    }
}

/* Light: text on the terminal's background is never light (no yellow or white on white);
 * dark: never dark; mono: the built-in mono exactly. */
static void test_shipped_palettes(void **state)
{
    (void)state;
    char path[512], err[512];
    Theme t;
    theme_path(path, sizeof path, "light");
    assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
    for (int r = 0; r < ROLE_COUNT; r++) {
        const ThemeStyle *s = &t.style[r];
        if (s->bg == THEME_COLOUR_DEFAULT && s->fg != THEME_COLOUR_DEFAULT) {
            int f = s->fg;
            if (f == 3 || f == 7 || f == 11 || f == 15 || luma(f) >= 180)
                fail_msg("light: %s has light text %d on the terminal's background",
                         theme_role_name((ThemeRole)r), f);
        }
    }
    theme_path(path, sizeof path, "dark");
    assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
    for (int r = 0; r < ROLE_COUNT; r++) {
        const ThemeStyle *s = &t.style[r];
        if (s->bg == THEME_COLOUR_DEFAULT && s->fg != THEME_COLOUR_DEFAULT && luma(s->fg) < 80)
            fail_msg("dark: %s has dark text %d", theme_role_name((ThemeRole)r), s->fg);
    }
    theme_path(path, sizeof path, "projector");
    assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
    for (int r = 0; r < ROLE_COUNT; r++)
        assert_false(t.style[r].attr & THEME_DIM); /* dim vanishes on a projector */
    Theme m;
    theme_path(path, sizeof path, "mono");
    assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
    theme_mono(&m);
    assert_memory_equal(&t, &m, sizeof t);
}

/* Each bad input: the message (with its line number) and an unchanged theme. */
static void test_errors(void **state)
{
    (void)state;
    char longname[64], longcolour[128], longline[300];
    snprintf(longname, sizeof longname, "name = %s", "abcdefghijklmnopqrstuvwxyz012345");
    snprintf(longcolour, sizeof longcolour, "title = fg=%060d", 0); /* 60 zeros */
    memset(longline, 'x', sizeof longline - 1);
    memcpy(longline, "# ", 2);
    longline[sizeof longline - 1] = 0;
    struct {
        const char *text, *msg;
    } bad[] = {
        {"title = fg=grene", "t.theme:1: unknown colour 'grene' (did you mean 'green'?)"},
        {"title = fg=chartreuse", "t.theme:1: unknown colour 'chartreuse'"},
        {"\n\ntitel = bold", "t.theme:3: unknown role 'titel' (did you mean 'title'?)"},
        {"# x\nwibble = bold", "t.theme:2: unknown role 'wibble'"},
        {"title = blod", "t.theme:1: unknown token 'blod' (did you mean 'bold'?)"},
        {"title = frobnicate", "t.theme:1: unknown token 'frobnicate' (fg=, bg="},
        {"title = fg:red", "t.theme:1: unknown token 'fg:red'"},
        {"title = fg=colour256", "t.theme:1: colour number out of range 'colour256' (0 to 255)"},
        {"title = bg=color99999999999999999999", "t.theme:1: colour number out of range"},
        {"title = fg=colour-1", "t.theme:1: unknown colour 'colour-1'"},
        {"title = fg=colour", "t.theme:1: unknown colour 'colour'"},
        {"title = bg=#12345", "t.theme:1: malformed colour '#12345' (write #rrggbb)"},
        {"title = bg=#12345g", "t.theme:1: malformed colour '#12345g'"},
        {"title = bg=#1234567", "t.theme:1: malformed colour '#1234567'"},
        {"title = bg=#fff", "t.theme:1: malformed colour '#fff'"},
        {"# comment\ntitle bold", "t.theme:2: missing '=' in 'title bold'"},
        {"title = fg=red fg=blue", "t.theme:1: duplicate fg= in 'fg=red fg=blue'"},
        {"title = bg=red,bold,BG=blue", "t.theme:1: duplicate bg= in 'bg=red,bold,BG=blue'"},
        {"title = fg=", "t.theme:1: missing colour after 'fg='"},
        {"title = bold bg= ,dim", "t.theme:1: missing colour after 'bg='"},
        {"title = red", "t.theme:1: colour 'red' needs fg= or bg= in front"},
        {"title = bold #ff0000", "t.theme:1: colour '#ff0000' needs fg= or bg= in front"},
        {"title = bold #facade", "t.theme:1: colour '#facade' needs fg= or bg= in front"},
        {"title =", "t.theme:1: empty value for title (write none for plain text)"},
        {"title =   # only a comment", "t.theme:1: empty value for title"},
        {"= bold", "t.theme:1: missing role before '='"},
        {"title = bold\nTitle = dim", "t.theme:2: title set twice (first on line 1)"},
        {"name = a\nname = b", "t.theme:2: name set twice (first on line 1)"},
        {longname, "t.theme:1: name is longer than 31 bytes"},
        {"name =", "t.theme:1: empty name"},
        {"name = a\x1b[31m", "t.theme:1: name has a control character"},
        {"t\xc3\xaftle = bold", "t.theme:1: unknown role 't??tle'"},
        {"title = \x1b[1m", "t.theme:1: unknown token '?[1m'"},
        {longcolour, "t.theme:1: unknown colour '0000000000000000000000000000000000000000...'"},
        {"title = bold\n\xff", "t.theme:2: invalid UTF-8"},
        {longline, "t.theme:1: line longer than 199 bytes"},
        /* An error after good lines: nothing of them is kept. */
        {"name = x\ntitle = bold\nborder = fg=red\naxis = fg=nope",
         "t.theme:4: unknown colour 'nope'"},
        {"title = bold\r\nfoo = bar\r\n", "t.theme:2: unknown role 'foo'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Theme t, before;
        theme_default(&t);
        before = t;
        char err[256] = "";
        if (theme_parse(&t, "t.theme", bad[i].text, err, sizeof err) == 0)
            fail_msg("case %zu accepted: '%s'", i, bad[i].text);
        if (!strstr(err, bad[i].msg))
            fail_msg("case %zu: message '%s' lacks '%s'", i, err, bad[i].msg);
        if (memcmp(&t, &before, sizeof t) != 0)
            fail_msg("case %zu: the theme changed on error", i);
    }
    /* A small buffer gets a cut, terminated message; none at all is fine too. */
    Theme t;
    theme_default(&t);
    char small[12];
    assert_int_equal(theme_parse(&t, "t.theme", "title = fg=grene", small, sizeof small), -1);
    assert_string_equal(small, "t.theme:1: ");
    assert_int_equal(theme_parse(&t, "t.theme", "title = fg=grene", NULL, 0), -1);
}

static void test_colour_parse(void **state)
{
    (void)state;
    struct {
        const char *text;
        int c;
    } ok[] = {
        {"default", -1}, {"DEFAULT", -1}, {"black", 0}, {"red", 1}, {"green", 2}, {"yellow", 3},
        {"blue", 4}, {"magenta", 5}, {"cyan", 6}, {"white", 7}, {"Red", 1},
        {"brightblack", 8}, {"brightred", 9}, {"brightgreen", 10}, {"brightyellow", 11},
        {"brightblue", 12}, {"brightmagenta", 13}, {"brightcyan", 14}, {"BrightWhite", 15},
        {"bright-blue", 12}, {"bright_black", 8}, {"grey", 8}, {"gray", 8}, {"GREY", 8},
        {"colour0", 0}, {"colour255", 255}, {"color17", 17}, {"Colour42", 42}, {"COLOR7", 7},
        {"colour007", 7},
        /* #rrggbb, worked by hand: exact cube and grey points, and nearest ones. */
        {"#000000", 16}, {"#ffffff", 231}, {"#FFFFFF", 231}, {"#808080", 244},
        {"#ff8700", 208}, {"#5f87af", 67}, {"#ff0000", 196}, {"#eeeeee", 255},
        {"#080808", 232}, {"#767676", 243}, {"#d0d0d0", 252},
        {"#0000ee", 21},  /* 238 is nearest 255: cube 21 */
        {"#050505", 232}, /* grey 8: 3*3^2 = 27 < cube 0: 3*5^2 = 75 */
        {"#040404", 16},  /* 3*4^2 = 48 both ways: the cube wins the tie */
        {"#737373", 243}, /* 115: cube 135 (400 each) loses to grey 118 (9 each) */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int c = 999;
        if (theme_colour_parse(ok[i].text, &c) != 0)
            fail_msg("'%s' rejected", ok[i].text);
        if (c != ok[i].c)
            fail_msg("'%s' = %d, want %d", ok[i].text, c, ok[i].c);
    }
    const char *bad[] = {"", "colour256", "colour-1", "colour", "color1x", "colour 1", "#fff",
                         "#gggggg", "#1234567", "ff0000", "8", "bright", "bright-", "brightdefault",
                         "reddish", "re d", "brightgrey", "bright--red", "light-red"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int c = 999;
        if (theme_colour_parse(bad[i], &c) == 0)
            fail_msg("'%s' accepted as %d", bad[i], c);
        assert_int_equal(c, 999);
    }
}

static void test_rgb_to_256(void **state)
{
    (void)state;
    assert_int_equal(theme_rgb_to_256(0, 0, 0), 16);
    assert_int_equal(theme_rgb_to_256(255, 255, 255), 231);
    assert_int_equal(theme_rgb_to_256(128, 128, 128), 244);
    assert_int_equal(theme_rgb_to_256(255, 135, 0), 208);
    assert_int_equal(theme_rgb_to_256(238, 238, 238), 255);
    /* 115 is halfway between levels 95 and 135: up, as tmux; the grey (38) is far off. */
    assert_int_equal(theme_rgb_to_256(115, 0, 0), 16 + 36 * 2);
    assert_int_equal(theme_rgb_to_256(114, 0, 0), 16 + 36 * 1);
    /* Out-of-range channels are clamped. */
    assert_int_equal(theme_rgb_to_256(-5, 300, 0), 46);
    /* Every palette colour from 16 up maps back to itself. */
    for (int c = 16; c < 256; c++) {
        int rgb[3];
        xterm_rgb(c, rgb);
        assert_int_equal(theme_rgb_to_256(rgb[0], rgb[1], rgb[2]), c);
    }
    /* Brute force over a lattice: the result is a nearest colour, and a grey only when it is
     * strictly nearer than every cube point. */
    for (int r = 0; r < 256; r += 17)
        for (int g = 0; g < 256; g += 13)
            for (int b = 0; b < 256; b += 11) {
                long best = -1, cube_best = -1;
                for (int c = 16; c < 256; c++) {
                    int rgb[3];
                    xterm_rgb(c, rgb);
                    long d = (long)(rgb[0] - r) * (rgb[0] - r) + (long)(rgb[1] - g) * (rgb[1] - g) +
                             (long)(rgb[2] - b) * (rgb[2] - b);
                    if (best < 0 || d < best)
                        best = d;
                    if (c < 232 && (cube_best < 0 || d < cube_best))
                        cube_best = d;
                }
                int got = theme_rgb_to_256(r, g, b), rgb[3];
                xterm_rgb(got, rgb);
                long d = (long)(rgb[0] - r) * (rgb[0] - r) + (long)(rgb[1] - g) * (rgb[1] - g) +
                         (long)(rgb[2] - b) * (rgb[2] - b);
                if (d != best || (got >= 232 && cube_best == best))
                    fail_msg("(%d,%d,%d) -> %d at %ld, best %ld", r, g, b, got, d, best);
            }
}

static void test_256_to_16(void **state)
{
    (void)state;
    for (int c = 0; c < 16; c++)
        assert_int_equal(theme_256_to_16(c), c);
    assert_int_equal(theme_256_to_16(-1), -1);
    assert_int_equal(theme_256_to_16(256), -1);
    assert_int_equal(theme_256_to_16(-7), -1);
    /* By hand, from xterm's 16 colours. */
    assert_int_equal(theme_256_to_16(16), 0);   /* black */
    assert_int_equal(theme_256_to_16(231), 15); /* white */
    assert_int_equal(theme_256_to_16(196), 9);  /* ff0000 */
    assert_int_equal(theme_256_to_16(46), 10);  /* 00ff00 */
    assert_int_equal(theme_256_to_16(21), 4);   /* 0000ff: 17^2 from 0000ee, far from 5c5cff */
    assert_int_equal(theme_256_to_16(244), 8);  /* 808080: 3 * 1^2 from 7f7f7f */
    assert_int_equal(theme_256_to_16(250), 7);  /* bcbcbc: nearer e5e5e5 (3 * 41^2) than grey */
    assert_int_equal(theme_256_to_16(208), 3);  /* ff8700: cdcd00 (50^2 + 70^2) beats ffff00 */
    assert_int_equal(theme_256_to_16(232), 0);  /* 080808 */
    assert_int_equal(theme_256_to_16(255), 7);  /* eeeeee */
    assert_int_equal(theme_256_to_16(33), 6);   /* 0087ff: cyan (135^2 + 50^2 ... ) */
}

/* Attributes add up, none clears, default colours are -1, a line sets the whole style. */
static void test_styles(void **state)
{
    (void)state;
    Theme t;
    theme_default(&t);
    parse_ok(&t, "title = bold underline");
    assert_int_equal(t.style[ROLE_TITLE].attr, THEME_BOLD | THEME_UNDERLINE);
    /* The default title's colour is gone: the line gives the whole style. */
    assert_int_equal(t.style[ROLE_TITLE].fg, -1);
    assert_int_equal(t.style[ROLE_TITLE].bg, -1);
    parse_ok(&t, "title = bold,dim,underline,reverse,italic");
    assert_int_equal(t.style[ROLE_TITLE].attr,
                     THEME_BOLD | THEME_DIM | THEME_UNDERLINE | THEME_REVERSE | THEME_ITALIC);
    parse_ok(&t, "title = bold reverse none dim");
    assert_int_equal(t.style[ROLE_TITLE].attr, THEME_DIM);
    parse_ok(&t, "title = bold none");
    assert_int_equal(t.style[ROLE_TITLE].attr, 0);
    parse_ok(&t, "title = BOLD Bold");
    assert_int_equal(t.style[ROLE_TITLE].attr, THEME_BOLD);
    parse_ok(&t, "title = fg=default,bg=default");
    assert_int_equal(t.style[ROLE_TITLE].fg, -1);
    assert_int_equal(t.style[ROLE_TITLE].bg, -1);
    assert_int_equal(t.style[ROLE_TITLE].attr, 0);
    parse_ok(&t, "selected = fg=black,bg=yellow bold");
    assert_int_equal(t.style[ROLE_SELECTED].fg, 0);
    assert_int_equal(t.style[ROLE_SELECTED].bg, 3);
    assert_int_equal(t.style[ROLE_SELECTED].attr, THEME_BOLD);
    /* Other roles keep what they had. */
    Theme d;
    theme_default(&d);
    assert_memory_equal(&t.style[ROLE_BORDER], &d.style[ROLE_BORDER], sizeof d.style[0]);
    assert_string_equal(t.name, "default");
}

/* Line syntax: spacing, case, CRLF, comments, '#' colours, a BOM, the name. */
static void test_syntax(void **state)
{
    (void)state;
    Theme t, d;
    theme_default(&t);
    theme_default(&d);
    parse_ok(&t, "\xef\xbb\xbf# a comment line\r\n"
                 "   # an indented comment\r\n"
                 "\r\n"
                 "  \t\r\n"
                 "name=class room\r\n"
                 "TITLE=fg=RED\r\n"
                 "border   =   fg = #ff8700 , bg =colour17   # orange on navy\r\n"
                 "axis = fg=#5f87af # steel blue\n"
                 "ghost = fg = #808080\n"
                 "Status-Key = reverse\n"
                 "series1 = bold # facade\n"
                 "series2 = dim\t#\tnote\n"
                 "#series3 = fg=red\n"
                 "   #fit = fg=#ff0000\n"
                 "knob = underline,,  ,bold"); /* no final newline */
    assert_string_equal(t.name, "class room");
    assert_int_equal(t.style[ROLE_TITLE].fg, 1);
    assert_int_equal(t.style[ROLE_BORDER].fg, 208);
    assert_int_equal(t.style[ROLE_BORDER].bg, 17);
    assert_int_equal(t.style[ROLE_AXIS].fg, 67);
    assert_int_equal(t.style[ROLE_GHOST].fg, 244);
    assert_int_equal(t.style[ROLE_STATUS_KEY].attr, THEME_REVERSE);
    assert_int_equal(t.style[ROLE_STATUS_KEY].fg, -1);
    assert_int_equal(t.style[ROLE_SERIES1].attr, THEME_BOLD);
    assert_int_equal(t.style[ROLE_SERIES2].attr, THEME_DIM);
    assert_memory_equal(&t.style[ROLE_SERIES3], &d.style[ROLE_SERIES3], sizeof d.style[0]);
    assert_memory_equal(&t.style[ROLE_FIT], &d.style[ROLE_FIT], sizeof d.style[0]);
    assert_int_equal(t.style[ROLE_KNOB].attr, THEME_UNDERLINE | THEME_BOLD);
    /* '#' glued to a token is part of it. */
    char err[256];
    theme_default(&t);
    assert_int_equal(theme_parse(&t, "t.theme", "axis = fg=#5f87af# x", err, sizeof err), -1);
    assert_non_null(strstr(err, "t.theme:1: malformed colour '#5f87af#'"));
    assert_int_equal(theme_parse(&t, "t.theme", "knob = reverse#note", err, sizeof err), -1);
    assert_non_null(strstr(err, "t.theme:1: unknown token 'reverse#note'"));
    /* Empty text and comments alone change nothing; a NULL name still labels messages. */
    parse_ok(&t, "");
    parse_ok(&t, "# nothing\n\n");
    assert_memory_equal(&t, &d, sizeof t);
    assert_int_equal(theme_parse(&t, NULL, "x = y", err, sizeof err), -1);
    assert_non_null(strstr(err, ":1: unknown role 'x'"));
}

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
}

/* `len` bytes of theme text: a title line, then 100-byte comment lines. */
static char *big_text(size_t len)
{
    static const char head[] = "title = underline\n";
    char *buf = malloc(len + 1);
    assert_non_null(buf);
    memcpy(buf, head, sizeof head - 1);
    for (size_t i = sizeof head - 1, k = 0; i < len; i++, k++)
        buf[i] = k % 100 == 99 ? '\n' : k % 100 == 0 ? '#' : 'x';
    buf[len] = 0;
    return buf;
}

/* Files: names, errors naming the path, the 64 KiB limit, all or nothing. */
static void test_load(void **state)
{
    (void)state;
    char dir[] = "/tmp/skscope-theme-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[512], err[1024];
    Theme t, d, before;
    theme_default(&d);

    snprintf(path, sizeof path, "%s/My Theme.theme", dir);
    write_file(path, "title = bold\n", 13);
    assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
    assert_string_equal(t.name, "My Theme");
    assert_int_equal(t.style[ROLE_TITLE].attr, THEME_BOLD);
    assert_int_equal(t.style[ROLE_TITLE].fg, -1);
    assert_memory_equal(&t.style[ROLE_AXIS], &d.style[ROLE_AXIS], sizeof d.style[0]);
    unlink(path);

    snprintf(path, sizeof path, "%s/named.theme", dir);
    write_file(path, "name = Fancy\n", 13);
    assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
    assert_string_equal(t.name, "Fancy");
    assert_memory_equal(&t.style, &d.style, sizeof d.style);
    unlink(path);

    snprintf(path, sizeof path, "%s/noext", dir);
    write_file(path, "", 0);
    assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
    assert_string_equal(t.name, "noext");
    unlink(path);

    /* A long UTF-8 base name is cut to 31 bytes or fewer, never inside a character. */
    char name[128] = "";
    for (int i = 0; i < 20; i++)
        strcat(name, "\xc3\xa9");
    snprintf(path, sizeof path, "%s/%s.theme", dir, name);
    write_file(path, "", 0);
    assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
    assert_int_equal(strlen(t.name), 30);
    assert_memory_equal(t.name, name, 30);
    unlink(path);

    /* Errors: the message names the path and line; *t stays as it was. */
    theme_default(&t);
    t.style[ROLE_HELP].attr = THEME_ITALIC;
    before = t;
    snprintf(path, sizeof path, "%s/bad.theme", dir);
    write_file(path, "title = bold\naxis = fg=nope\n", 28);
    assert_int_equal(theme_load(&t, path, err, sizeof err), -1);
    char want[600];
    snprintf(want, sizeof want, "%s:2: unknown colour 'nope'", path);
    assert_non_null(strstr(err, want));
    assert_memory_equal(&t, &before, sizeof t);
    write_file(path, "\x7f" "ELF\0\0\0", 7);
    assert_int_equal(theme_load(&t, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a text file"));
    write_file(path, "title = bold\n\xc3\x28\n", 16);
    assert_int_equal(theme_load(&t, path, err, sizeof err), -1);
    assert_non_null(strstr(err, ":2: invalid UTF-8"));
    assert_memory_equal(&t, &before, sizeof t);
    unlink(path);
    snprintf(path, sizeof path, "%s/missing.theme", dir);
    assert_int_equal(theme_load(&t, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "No such file"));
    assert_non_null(strstr(err, path));
    assert_int_equal(theme_load(&t, dir, err, sizeof err), -1);
    assert_non_null(strstr(err, "is a directory"));
    assert_memory_equal(&t, &before, sizeof t);

    /* 64 KiB loads; a byte more does not, nor does a file over the scenario reader's 1 MiB. */
    snprintf(path, sizeof path, "%s/big.theme", dir);
    char *text = big_text(64 * 1024);
    write_file(path, text, 64 * 1024);
    free(text);
    assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
    assert_int_equal(t.style[ROLE_TITLE].attr, THEME_UNDERLINE);
    assert_string_equal(t.name, "big");
    t = before;
    const size_t sizes[] = {64 * 1024 + 1, 2u << 20};
    for (size_t i = 0; i < 2; i++) {
        text = big_text(sizes[i]);
        write_file(path, text, sizes[i]);
        free(text);
        assert_int_equal(theme_load(&t, path, err, sizeof err), -1);
        snprintf(want, sizeof want, "%s is larger than 64 KiB", path);
        if (!strstr(err, want))
            fail_msg("%zu bytes: '%s' lacks '%s'", sizes[i], err, want);
        assert_memory_equal(&t, &before, sizeof t);
    }
    unlink(path);
    assert_int_equal(rmdir(dir), 0);
}

/* ---- colour depth (theme_fit) ---- */

static const int depths[] = {8, 16, 88, 256, 1 << 24};

/* The default and every shipped theme, fitted to every depth: each colour is one the terminal
 * has, no foreground is hidden (equal to its background, or black / white over the terminal's
 * own as the theme's background says), and each group of roles that must stay apart does. */
static void test_fit_visible(void **state)
{
    (void)state;
    static const ThemeRole groups[][4] = {
        {ROLE_SERIES1, ROLE_SERIES2, ROLE_SERIES3, ROLE_SERIES4},
        {ROLE_RECALLED, ROLE_NOT_YET, ROLE_FORGOTTEN, ROLE_HALLUCINATED},
        {ROLE_SYNTAX, ROLE_KNOWLEDGE, ROLE_SYNTAX, ROLE_KNOWLEDGE},
        {ROLE_RUNNING, ROLE_PAUSED, ROLE_RUNNING, ROLE_PAUSED},
    };
    for (size_t i = 0; i <= sizeof shipped / sizeof shipped[0]; i++) {
        Theme t;
        char path[512], err[512];
        if (i == 0) {
            theme_default(&t);
        } else {
            theme_path(path, sizeof path, shipped[i - 1]);
            assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
        }
        for (size_t d = 0; d < sizeof depths / sizeof depths[0]; d++) {
            int n = depths[d] > 256 ? 256 : depths[d];
            Theme f;
            theme_fit(&t, depths[d], &f);
            assert_string_equal(f.name, t.name);
            assert_int_equal(f.background, t.background);
            for (int r = 0; r < ROLE_COUNT; r++) {
                const ThemeStyle *s = &f.style[r];
                /* a colour stays a colour (or the default stays the default), except a grey
                 * where no grey shows: the terminal's own colour, dim */
                if (s->fg < 0 && t.style[r].fg >= 0) {
                    long v = theme_colour_rgb(t.style[r].fg);
                    assert_true(v >> 16 == (v & 255) && (v >> 8 & 255) == (v & 255));
                    assert_true(s->attr & THEME_DIM);
                    assert_int_equal(depths[d], 8);
                } else {
                    assert_int_equal(s->fg < 0, t.style[r].fg < 0);
                }
                assert_int_equal(s->bg < 0, t.style[r].bg < 0);
                assert_true(s->fg < n && s->bg < n);
                if (theme_fg_hidden(s->fg, s->bg, f.background, depths[d]))
                    fail_msg("%s at %d colours: %s has fg %d on bg %d", t.name, depths[d],
                             theme_role_name((ThemeRole)r), s->fg, s->bg);
            }
            /* the bars are told apart by their backgrounds (where they have colours) */
            if (t.style[ROLE_RUNNING].bg >= 0)
                assert_int_not_equal(f.style[ROLE_RUNNING].bg, f.style[ROLE_PAUSED].bg);
            for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
                for (int a = 0; a < 4; a++)
                    for (int b = 0; b < a; b++) {
                        const ThemeStyle *x = &f.style[groups[g][a]], *y = &f.style[groups[g][b]];
                        if (groups[g][a] != groups[g][b] && x->fg == y->fg && x->bg == y->bg &&
                            x->attr == y->attr)
                            fail_msg("%s at %d colours: %s and %s look the same", t.name,
                                     depths[d], theme_role_name(groups[g][a]),
                                     theme_role_name(groups[g][b]));
                    }
        }
    }
}

/* Issue 14, item 1: on 8 colours the dark theme's grey border (#585858, colour 240) went to
 * colour 8 of 16 and then to 8 & 7 = 0, black on a dark terminal. Now: the nearest grey that
 * shows, white (7); the default theme (any background) takes neither black nor white. */
static void test_fit_greys(void **state)
{
    (void)state;
    char path[512], err[512];
    Theme t, f;
    theme_path(path, sizeof path, "dark");
    assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
    assert_int_equal(t.background, THEME_BG_DARK);
    assert_int_equal(t.style[ROLE_BORDER].fg, 240);
    assert_int_equal(theme_256_to_16(240) & 7, 0); /* the old path, for the record */
    theme_fit(&t, 8, &f);
    assert_int_equal(f.style[ROLE_BORDER].fg, 7);
    assert_true(f.style[ROLE_BORDER].attr & THEME_DIM); /* 229 for 88: it recedes, dim */
    assert_int_equal(f.style[ROLE_AXIS].fg, 7);
    assert_int_equal(f.style[ROLE_LABEL].fg, 7);        /* #d0d0d0: near enough, not dim */
    assert_false(f.style[ROLE_LABEL].attr & THEME_DIM);
    theme_fit(&t, 16, &f);
    assert_int_equal(f.style[ROLE_BORDER].fg, 8); /* 16 colours have a grey: the nearest */
    assert_false(f.style[ROLE_BORDER].attr & THEME_DIM);
    /* the default theme (any background) on 8 colours: neither black nor white, and no other
     * grey: the terminal's own colour, dim, not some hue */
    theme_default(&t);
    theme_fit(&t, 8, &f);
    for (int r = 0; r < ROLE_COUNT; r++)
        if (f.style[r].bg < 0 && f.style[r].fg >= 0) {
            assert_int_not_equal(f.style[r].fg, 0);
            assert_int_not_equal(f.style[r].fg, 7);
        }
    assert_int_equal(f.style[ROLE_BORDER].fg, THEME_COLOUR_DEFAULT);
    assert_true(f.style[ROLE_BORDER].attr & THEME_DIM);
    theme_fit(&t, 16, &f);
    assert_int_equal(f.style[ROLE_BORDER].fg, 8);
}

/* Hues go to hues: light green (135,215,95) is nearer grey 8 of 16 (squared RGB distance 8832)
 * and yellow (14025) than green (27350), but it is a green. */
static void test_fit_hues(void **state)
{
    (void)state;
    Theme t, f;
    theme_default(&t);
    parse_ok(&t, "background = dark\nseries3 = fg=#87d75f\nrecalled = fg=#87d75f\n"
                 "running = fg=black,bg=#87d75f\nfit = fg=#ff5f87\n");
    for (int d = 8; d <= 16; d += 8) {
        theme_fit(&t, d, &f);
        assert_int_equal(f.style[ROLE_SERIES3].fg, 2);
        assert_int_equal(f.style[ROLE_RECALLED].fg, 2);
        assert_int_equal(f.style[ROLE_RUNNING].bg, 2);
    }
    theme_fit(&t, 16, &f);
    assert_int_equal(f.style[ROLE_FIT].fg, 9); /* pink (255,95,135): a red */
}

/* The nearest colour: exact where the terminal has it, xterm-88color's own cube at 88, bright
 * colours as bold on 8; fewer than 8 colours give the mono styles. */
static void test_fit_nearest(void **state)
{
    (void)state;
    Theme t, f;
    theme_default(&t);
    parse_ok(&t, "background = dark\n"
                 "series1 = fg=colour172\n"  /* (215,135,0) */
                 "series2 = fg=red\n"
                 "series3 = fg=#ff0000\n"    /* colour 196 */
                 "series4 = fg=colour150\n"
                 "title = fg=colour172 bold\n");
    theme_fit(&t, 256, &f);
    for (int r = 0; r < ROLE_COUNT; r++) { /* nothing to change, but #rrggbb is not drawn */
        assert_int_equal(f.style[r].fg, t.style[r].fg);
        assert_int_equal(f.style[r].bg, t.style[r].bg);
        assert_int_equal(f.style[r].attr, t.style[r].attr);
        assert_int_equal(f.style[r].fg_rgb, 0);
        assert_int_equal(f.style[r].bg_rgb, 0);
    }
    theme_fit(&t, 1 << 24, &f);
    assert_memory_equal(&f.style, &t.style, sizeof f.style); /* direct colour: as written */
    assert_int_equal(f.style[ROLE_SERIES3].fg_rgb, THEME_RGB_GIVEN | 0xff0000u);
    assert_int_equal(f.style[ROLE_SERIES1].fg_rgb, 0); /* colour172: a palette colour */
    theme_fit(&t, 88, &f);
    /* (205,139,0) is cube index 2,1,0 = 16 + 32 + 4 = 52: squared distance 116, against 4900+ for
     * any of the 16 basic colours */
    assert_int_equal(f.style[ROLE_TITLE].fg, 52);
    assert_int_equal(f.style[ROLE_SERIES2].fg, 1);
    assert_int_equal(f.style[ROLE_SERIES3].fg, 9); /* (255,0,0): basic 9 ties cube 64, lower wins */
    theme_fit(&t, 16, &f);
    assert_int_equal(f.style[ROLE_SERIES3].fg, 9);
    theme_fit(&t, 8, &f);
    assert_int_equal(f.style[ROLE_SERIES3].fg, 1);
    assert_true(f.style[ROLE_SERIES3].attr & THEME_BOLD); /* bright red: red in bold */
    assert_false(t.style[ROLE_SERIES3].attr & THEME_BOLD);
    assert_int_equal(f.style[ROLE_SERIES2].fg, 1);      /* red itself: no bold added */
    assert_false(f.style[ROLE_SERIES2].attr & THEME_BOLD);
    Theme m;
    theme_mono(&m);
    theme_fit(&t, 0, &f);
    assert_memory_equal(&f.style, &m.style, sizeof f.style);
    assert_string_equal(f.name, "default");
}

/* The two rules where the nearest colour breaks them: a foreground equal to its background
 * (even at 256: the theme's own mistake), and roles of a group falling onto one colour. */
static void test_fit_rules(void **state)
{
    (void)state;
    Theme t, f;
    theme_default(&t);
    parse_ok(&t, "selected = fg=red,bg=red\n"
                 "status = fg=#ff0000,bg=#d70000\n" /* both red on 8 colours */
                 "series1 = fg=colour21\nseries2 = fg=colour20\n"
                 "series3 = fg=colour19\nseries4 = fg=colour18\n"); /* four blues */
    for (size_t d = 0; d < sizeof depths / sizeof depths[0]; d++) {
        theme_fit(&t, depths[d], &f);
        assert_int_not_equal(f.style[ROLE_SELECTED].fg, f.style[ROLE_SELECTED].bg);
        assert_int_not_equal(f.style[ROLE_STATUS].fg, f.style[ROLE_STATUS].bg);
        for (int a = ROLE_SERIES1; a <= ROLE_SERIES4; a++)
            for (int b = ROLE_SERIES1; b < a; b++)
                assert_int_not_equal(f.style[a].fg, f.style[b].fg);
    }
    theme_fit(&t, 8, &f);
    assert_int_equal(f.style[ROLE_SERIES1].fg, 4); /* the first keeps the nearest: blue */
    theme_fit(&t, 256, &f);
    assert_int_equal(f.style[ROLE_SERIES4].fg, 18); /* distinct already: unchanged */
    /* the background rule: black text on a dark theme, white on a light one */
    theme_default(&t);
    parse_ok(&t, "background = dark\nborder = fg=black\nlabel = fg=colour232\n");
    theme_fit(&t, 256, &f);
    assert_false(theme_fg_hidden(f.style[ROLE_BORDER].fg, -1, THEME_BG_DARK, 256));
    assert_false(theme_fg_hidden(f.style[ROLE_LABEL].fg, -1, THEME_BG_DARK, 256));
    theme_default(&t);
    parse_ok(&t, "background = light\nborder = fg=white\nlabel = fg=#ffffff\n");
    for (size_t d = 0; d < sizeof depths / sizeof depths[0]; d++) {
        theme_fit(&t, depths[d], &f);
        assert_false(theme_fg_hidden(f.style[ROLE_BORDER].fg, -1, THEME_BG_LIGHT, depths[d]));
        assert_false(theme_fg_hidden(f.style[ROLE_LABEL].fg, -1, THEME_BG_LIGHT, depths[d]));
    }
}

/* Direct colour draws #rrggbb as written: exact where the palette is not ((250,1,3) is not an
 * xterm-256 colour), and under the same rules: an #rrggbb equal to its background, or black on
 * a dark theme, falls back to the fitted palette colour. */
static void test_fit_direct(void **state)
{
    (void)state;
    Theme t, f;
    theme_default(&t);
    parse_ok(&t, "background = dark\n"
                 "series1 = fg=#fa0103\n"
                 "selected = fg=#123456,bg=#123456\n"
                 "border = fg=#010101\n");
    assert_int_equal(t.style[ROLE_SERIES1].fg, 196);
    assert_int_equal(t.style[ROLE_SERIES1].fg_rgb, THEME_RGB_GIVEN | 0xfa0103u);
    theme_fit(&t, 1 << 24, &f);
    assert_int_equal(f.style[ROLE_SERIES1].fg_rgb, THEME_RGB_GIVEN | 0xfa0103u);
    assert_int_equal(f.style[ROLE_SELECTED].fg_rgb, 0);
    assert_int_equal(f.style[ROLE_SELECTED].bg_rgb, THEME_RGB_GIVEN | 0x123456u);
    assert_int_not_equal(theme_colour_rgb(f.style[ROLE_SELECTED].fg), 0x123456);
    assert_int_equal(f.style[ROLE_BORDER].fg_rgb, 0);
    assert_false(theme_fg_hidden(f.style[ROLE_BORDER].fg, -1, THEME_BG_DARK, 1 << 24));
    theme_fit(&t, 88, &f);
    assert_int_equal(f.style[ROLE_SERIES1].fg_rgb, 0);
}

static void test_fg_hidden(void **state)
{
    (void)state;
    assert_true(theme_fg_hidden(3, 3, THEME_BG_ANY, 8));
    assert_false(theme_fg_hidden(3, 4, THEME_BG_ANY, 8));
    assert_false(theme_fg_hidden(-1, -1, THEME_BG_ANY, 8));
    assert_true(theme_fg_hidden(0, -1, THEME_BG_DARK, 8));
    assert_false(theme_fg_hidden(0, -1, THEME_BG_LIGHT, 8));
    assert_true(theme_fg_hidden(7, -1, THEME_BG_LIGHT, 8));  /* (229,229,229) */
    assert_false(theme_fg_hidden(7, -1, THEME_BG_DARK, 8));
    assert_true(theme_fg_hidden(0, -1, THEME_BG_ANY, 16));
    assert_true(theme_fg_hidden(15, -1, THEME_BG_ANY, 16));
    assert_false(theme_fg_hidden(8, -1, THEME_BG_ANY, 16));
    assert_true(theme_fg_hidden(233, -1, THEME_BG_DARK, 256)); /* (18,18,18) */
    assert_false(theme_fg_hidden(234, -1, THEME_BG_DARK, 256)); /* (28,28,28) */
    assert_true(theme_fg_hidden(79, -1, THEME_BG_LIGHT, 88)); /* 88's cube white */
    assert_false(theme_fg_hidden(79, -1, THEME_BG_LIGHT, 256)); /* 256's 79 is (95,215,175) */
    assert_int_equal(theme_colour_rgb(208), 0xff8700);
    assert_int_equal(theme_colour_rgb(244), 0x808080);
    assert_int_equal(theme_colour_rgb(9), 0xff0000);
    assert_int_equal(theme_colour_rgb(-1), -1);
    assert_int_equal(theme_colour_rgb(256), -1);
}

/* The whole-theme keys: background and charts. */
static void test_theme_keys(void **state)
{
    (void)state;
    Theme t;
    char err[256], path[512];
    theme_default(&t);
    assert_int_equal(t.background, THEME_BG_ANY);
    assert_int_equal(t.chart_blocks, 0);
    parse_ok(&t, "Background = light\ncharts = blocks\n");
    assert_int_equal(t.background, THEME_BG_LIGHT);
    assert_int_equal(t.chart_blocks, 1);
    parse_ok(&t, "background = dark\n");
    assert_int_equal(t.background, THEME_BG_DARK);
    assert_int_equal(t.chart_blocks, 1); /* not named: kept */
    parse_ok(&t, "charts = braille\n");
    assert_int_equal(t.chart_blocks, 0);
    Theme before = t;
    assert_int_equal(theme_parse(&t, "t.theme", "background = dim\n", err, sizeof err), -1);
    assert_string_equal(err, "t.theme:1: unknown background 'dim' (dark, light or any)");
    assert_int_equal(theme_parse(&t, "t.theme", "charts = any\ncharts = blocks\n", err, sizeof err), -1);
    assert_string_equal(err, "t.theme:2: charts set twice (first on line 1)");
    assert_memory_equal(&t, &before, sizeof t);
    theme_path(path, sizeof path, "projector");
    assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
    assert_int_equal(t.chart_blocks, 1); /* braille is unreadable from the back of a room */
    theme_path(path, sizeof path, "dark");
    assert_int_equal(theme_load(&t, path, err, sizeof err), 0);
    assert_int_equal(t.background, THEME_BG_DARK);
    assert_int_equal(t.chart_blocks, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_role_names),
        cmocka_unit_test(test_default),
        cmocka_unit_test(test_mono),
        cmocka_unit_test(test_shipped_files),
        cmocka_unit_test(test_shipped_palettes),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_colour_parse),
        cmocka_unit_test(test_rgb_to_256),
        cmocka_unit_test(test_256_to_16),
        cmocka_unit_test(test_styles),
        cmocka_unit_test(test_syntax),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_fit_visible),
        cmocka_unit_test(test_fit_greys),
        cmocka_unit_test(test_fit_hues),
        cmocka_unit_test(test_fit_nearest),
        cmocka_unit_test(test_fit_rules),
        cmocka_unit_test(test_fit_direct),
        cmocka_unit_test(test_fg_hidden),
        cmocka_unit_test(test_theme_keys),
    };
    return cmocka_run_group_tests_name("theme", tests, NULL, NULL);
}
