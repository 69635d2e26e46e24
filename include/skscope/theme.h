/*
 * theme.h: colour themes as data (no curses here: colours are numbers).
 *
 * A theme gives every semantic role of the explorer a style: foreground, background (-1 is
 * the terminal's default, 0 .. 255 the xterm-256 palette) and attributes. Theme files
 * (themes/NAME.theme) are text:
 *
 *     # comments start with '#' (whole lines, or after a value)
 *     name = dark
 *     title = fg=cyan bold
 *     selected = fg=black,bg=yellow
 *     series1 = fg=#ff8700     # orange
 *
 * Lines are `key = value` (blanks around '=' optional; blank lines, CRLF and a UTF-8 BOM are
 * fine). A key is `name` or a role name (case ignored, '-' reads as '_'); each may appear once.
 * '#' starts a comment at the start of a line (after any blanks), or after a blank unless it
 * is followed by exactly six hex digits and then a blank, a comma or the end of the line: so
 * "fg=#ff8700" and "fg = #ff8700" are colours, while "bold # note" is a comment.
 *
 * A value is a list of tokens separated by blanks or commas: fg=COLOUR, bg=COLOUR (each at
 * most once; blanks around '=' allowed), and the attributes bold, dim, underline, reverse,
 * italic, none (none clears the attributes before it). A role's line sets its whole style:
 * what it does not give is the terminal's default colour and no attribute. A COLOUR (case
 * ignored) is default, one of black red green yellow blue magenta cyan white (0 .. 7),
 * bright<name> (8 .. 15; also bright-<name>, bright_<name>; grey and gray are brightblack),
 * colourN or colorN (0 .. 255), or #rrggbb (mapped to the nearest xterm-256 colour, as tmux's
 * colour_find_rgb does, and kept as written for direct-colour terminals). Roles a file does
 * not name keep the built-in default theme's style.
 * Parsing is transactional: on any error the theme is unchanged and the message names the file,
 * the line and the problem, quoting the offending text (printable ASCII, at most 40 bytes):
 * "dark.theme:7: unknown colour 'grene' (did you mean 'green'?)".
 */
#ifndef SKSCOPE_THEME_H
#define SKSCOPE_THEME_H

#include <stddef.h>
#include <stdint.h>

/* Roles, in the order of their names in theme files. */
typedef enum ThemeRole {
    ROLE_NORMAL,       /* plain text */
    ROLE_TITLE,        /* panel titles and the program name */
    ROLE_BORDER,       /* panel borders */
    ROLE_LABEL,        /* slider labels, legend text */
    ROLE_VALUE,        /* numbers */
    ROLE_DIM,          /* secondary text */
    ROLE_SELECTED,     /* the selected slider */
    ROLE_SLIDER,       /* a slider's track */
    ROLE_KNOB,         /* a slider's handle */
    ROLE_AXIS,         /* chart axes and tick labels */
    ROLE_SERIES1,      /* the first learner's curves (Bayes) */
    ROLE_SERIES2,      /* second (Bayes-C) */
    ROLE_SERIES3,      /* third (SGD memory) */
    ROLE_SERIES4,      /* fourth (neural) */
    ROLE_SYNTAX,       /* syntax-loss curves */
    ROLE_KNOWLEDGE,    /* knowledge-loss curves */
    ROLE_THEORY,       /* theory curves and predicted values */
    ROLE_FIT,          /* fitted slopes */
    ROLE_GHOST,        /* a pinned earlier run */
    ROLE_MARKER,       /* knob-change markers on the time axis */
    ROLE_RECALLED,     /* facts recalled */
    ROLE_NOT_YET,      /* facts not learned yet */
    ROLE_FORGOTTEN,    /* facts recalled once, not now */
    ROLE_HALLUCINATED, /* facts answered confidently and wrongly */
    ROLE_STATUS,       /* the status line */
    ROLE_STATUS_KEY,   /* key names in the hint line */
    ROLE_RUNNING,      /* "running" */
    ROLE_PAUSED,       /* "paused" */
    ROLE_WARNING,      /* messages and errors */
    ROLE_HELP,         /* the help overlay */
    ROLE_COUNT
} ThemeRole;

enum {
    THEME_BOLD = 1 << 0,
    THEME_DIM = 1 << 1,
    THEME_UNDERLINE = 1 << 2,
    THEME_REVERSE = 1 << 3,
    THEME_ITALIC = 1 << 4
};

#define THEME_COLOUR_DEFAULT (-1)

/* Flag of ThemeStyle.fg_rgb and bg_rgb: the colour was written as #rrggbb. */
#define THEME_RGB_GIVEN 0x1000000u

typedef struct ThemeStyle {
    int fg, bg;     /* -1 (terminal default) or 0 .. 255 */
    unsigned attr;  /* THEME_* bits */
    /* 0, or THEME_RGB_GIVEN | 0xRRGGBB: the #rrggbb the theme wrote for fg / bg (which then hold
     * its nearest xterm-256 colour); what a direct-colour terminal draws */
    uint32_t fg_rgb, bg_rgb;
} ThemeStyle;

/* The terminal background a theme is made for (`background =`). */
typedef enum ThemeBackground { THEME_BG_ANY, THEME_BG_DARK, THEME_BG_LIGHT } ThemeBackground;

typedef struct Theme {
    char name[32];               /* from "name =", else the file's base name */
    ThemeStyle style[ROLE_COUNT];
    int background;              /* ThemeBackground */
    int chart_blocks;            /* 1: charts in block characters, not braille (`charts = blocks`) */
} Theme;

/* theme_role_name: the key of a role in theme files ("normal", "title", ..., "series1", ...);
 * "unknown" for a number outside the enum. */
const char *theme_role_name(ThemeRole r);

/* theme_default: the built-in theme ("default"), itself parsed from theme text compiled in. */
void theme_default(Theme *t);

/* theme_mono: no colours at all (every fg and bg -1), meaning kept by attributes (for
 * NO_COLOR and monochrome terminals); the same theme as themes/mono.theme, named "mono". */
void theme_mono(Theme *t);

/* theme_parse: apply theme text on top of *t. `name` labels messages. The text must pass the
 * checks of theme files (UTF-8, lines of at most 199 bytes). All or nothing: 0, or -1 with
 * "NAME:LINE: problem" in err. */
int theme_parse(Theme *t, const char *name, const char *text, char *err, size_t errlen);

/* theme_load: read a theme file (at most 64 KiB of UTF-8 text, lines of at most 199 bytes;
 * a missing, unreadable, binary file or a directory is an error) and parse it on top of the
 * default theme into *t, named after the file ("dark" for .../dark.theme) unless it says
 * `name = ...`. Messages name the path as given. All or nothing. */
int theme_load(Theme *t, const char *path, char *err, size_t errlen);

/* theme_colour_parse: one COLOUR token (no blanks) into *c (-1 or 0 .. 255). 0, or -1 if not a
 * colour (then *c is unchanged). */
int theme_colour_parse(const char *s, int *c);

/* theme_rgb_to_256: the nearest xterm-256 colour to (r, g, b): the nearest point of the
 * 6x6x6 cube (levels 0, 95, 135, 175, 215, 255) or of the 24 greys (8, 18, ..., 238),
 * whichever is closer in squared RGB distance (a tie goes to the cube; a channel halfway
 * between two cube levels takes the upper one, as tmux does). Channels are clamped to 0 .. 255. */
int theme_rgb_to_256(int r, int g, int b);

/* theme_256_to_16: the nearest of the 16 basic colours to xterm-256 colour c (for terminals
 * with 8 or 16 colours), by squared distance between xterm's RGB values; 0 .. 15 map to
 * themselves, -1 and anything outside 0 .. 255 to -1. */
int theme_256_to_16(int c);

/* theme_fit: *t as a terminal with `colours` colours can show it, into *out (out may be t).
 * colours: 8, 16, 88 (xterm-88color's palette), 256, or more (direct colour: every colour
 * kept; see theme_colour_rgb). Every colour becomes the nearest the terminal has, except
 * that (1) no role's foreground equals its background, and a foreground over the terminal's
 * own background avoids black on a dark theme, white on a light one, both on an `any` theme
 * (see theme_fg_hidden); (2) within each group of roles that must stay apart (the
 * learners' curves series1..4; syntax and knowledge; recalled, not_yet, forgotten,
 * hallucinated; running and paused), a role whose style came out equal to an earlier one's
 * takes the nearest allowed colour no earlier member uses, where one is left (a bar, a role
 * with a background, takes another background instead). Greys over the terminal's own
 * background go to greys only, dim where the grey found is much lighter or darker than the
 * one asked for, and to the terminal's own colour, dim, where no grey shows (8 colours, any
 * background); other colours go to the nearest hue first (an HSV distance). On 8 colours a
 * colour whose nearest of 16 is a bright one (9 .. 15) also gets bold, as xterm draws bold
 * text in the bright colours. Fewer than 8 colours: the result is theme_mono's styles.
 * fg_rgb and bg_rgb survive only with direct colour, where the same two rules hold for the
 * colours drawn (an #rrggbb breaking one falls back to the fitted palette colour); at 256
 * colours or fewer they are cleared. */
void theme_fit(const Theme *t, int colours, Theme *out);

/* theme_colour_rgb: xterm's RGB value of palette colour c (0 .. 255) as 0xRRGGBB; -1 for -1
 * or anything outside 0 .. 255. */
long theme_colour_rgb(int c);

/* theme_fg_hidden: 1 if text in colour fg over colour bg (palette indices of a terminal with
 * `colours` colours, as theme_fit gives them; -1 the terminal's own) cannot be read under
 * theme_fit's rule for a theme made for background `bgkind` (ThemeBackground): fg equals bg,
 * or bg is the terminal's own and fg is black-like (every channel at most 20: hidden on dark
 * and any) or white-like (every channel at least 228: hidden on light and any). 0 for fg -1. */
int theme_fg_hidden(int fg, int bg, int bgkind, int colours);

#endif
