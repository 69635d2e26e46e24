/*
 * term.c: the terminal: set up, restore on every way out, colours from a theme, and the few
 * drawing primitives the panels use. The only file that calls newterm/endwin.
 *
 * Global state lives here and only here (the terminal is one per process): whether curses is
 * active, the colour attributes of each role, the glyph mode, and the signal flag.
 */
#include "tui.h"

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

static int active;                    /* curses is up */
static SCREEN *screen;
static int use_mouse;
static ChartGlyphs glyph_mode = CHART_BRAILLE;
static int ascii_only;
static int braille_asked;             /* --braille: braille even where the theme asks for blocks */
static int theme_blocks;              /* the theme in force says charts = blocks */
static attr_t role_attr[ROLE_COUNT];  /* colour pair and attributes of each role */
static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t suspend_asked; /* SIGTSTP arrived: suspend at the next turn */

static const char *const glyphs_utf8[G_COUNT] = {
    [G_HLINE] = "─", [G_VLINE] = "│", [G_TL] = "┌", [G_TR] = "┐", [G_BL] = "└", [G_BR] = "┘",
    [G_TRACK] = "━", [G_KNOB] = "●", [G_FULL] = "█", [G_SHADE_MID] = "▒", [G_SHADE_LIGHT] = "░",
    [G_DOT] = "·", [G_SELECT] = "▸", [G_RUN] = "▶", [G_PAUSE] = "‖", [G_MARK] = "▲",
    [G_LEFT] = "◂", [G_ARROW] = "→", [G_ELLIPSIS] = "…", [G_APPROX] = "≈", [G_PLUSMINUS] = "±",
    [G_DASH] = "┄",
};
static const char *const glyphs_ascii[G_COUNT] = {
    [G_HLINE] = "-", [G_VLINE] = "|", [G_TL] = "+", [G_TR] = "+", [G_BL] = "+", [G_BR] = "+",
    [G_TRACK] = "=", [G_KNOB] = "O", [G_FULL] = "#", [G_SHADE_MID] = "=", [G_SHADE_LIGHT] = "!",
    [G_DOT] = ".", [G_SELECT] = ">", [G_RUN] = ">", [G_PAUSE] = "|", [G_MARK] = "^",
    [G_LEFT] = "<", [G_ARROW] = ">", [G_ELLIPSIS] = "~", [G_APPROX] = "~", [G_PLUSMINUS] = "+-",
    [G_DASH] = "-",
};

const char *term_glyph(Glyph g) { return ascii_only ? glyphs_ascii[g] : glyphs_utf8[g]; }
ChartGlyphs term_glyphs(void)
{
    /* A theme for the back of a room (charts = blocks) draws blocks unless --braille was given. */
    return glyph_mode == CHART_BRAILLE && theme_blocks && !braille_asked ? CHART_BLOCKS : glyph_mode;
}
int term_ascii(void) { return ascii_only; }
int term_signalled(void) { return stop_signal; }

/* Every catchable signal whose default action ends the process, with its name. `fault`: a
 * synchronous fault (a bug when the kernel sends it). SIGPIPE and SIGXFSZ are not here: the
 * program ignores them, so that they come back as write errors. */
static const struct {
    int sig;            /* the signal number */
    const char *name;   /* "SIGHUP" */
    int fault;          /* 1: SIGSEGV and the like */
} signal_table[] = {
    {SIGHUP, "SIGHUP", 0},     {SIGINT, "SIGINT", 0},       {SIGQUIT, "SIGQUIT", 0}, {SIGTERM, "SIGTERM", 0},
    {SIGUSR1, "SIGUSR1", 0},   {SIGUSR2, "SIGUSR2", 0},     {SIGALRM, "SIGALRM", 0}, {SIGVTALRM, "SIGVTALRM", 0},
    {SIGPROF, "SIGPROF", 0},   {SIGXCPU, "SIGXCPU", 0},
#ifdef SIGPOLL
    {SIGPOLL, "SIGPOLL", 0},
#endif
#ifdef SIGPWR
    {SIGPWR, "SIGPWR", 0},
#endif
#ifdef SIGSTKFLT
    {SIGSTKFLT, "SIGSTKFLT", 0},
#endif
    {SIGSEGV, "SIGSEGV", 1},   {SIGBUS, "SIGBUS", 1},       {SIGFPE, "SIGFPE", 1},   {SIGILL, "SIGILL", 1},
    {SIGABRT, "SIGABRT", 1},   {SIGSYS, "SIGSYS", 1},       {SIGTRAP, "SIGTRAP", 1},
};
#define SIGNAL_TABLE_LEN (sizeof signal_table / sizeof signal_table[0])

size_t term_end_signals(int faults, int *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < SIGNAL_TABLE_LEN; i++)
        if (signal_table[i].fault == faults && n < max)
            out[n++] = signal_table[i].sig;
#ifdef SIGRTMIN
    for (int s = SIGRTMIN; !faults && s <= SIGRTMAX && n < max; s++)
        out[n++] = s;
#endif
    return n;
}

const char *term_signal_name(int sig, char *buf, size_t n)
{
    for (size_t i = 0; i < SIGNAL_TABLE_LEN; i++)
        if (signal_table[i].sig == sig) {
            snprintf(buf, n, "%s", signal_table[i].name);
            return buf;
        }
#ifdef SIGRTMIN
    if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
        snprintf(buf, n, "SIGRTMIN+%d", sig - SIGRTMIN);
        return buf;
    }
#endif
    snprintf(buf, n, "signal %d", sig);
    return buf;
}

static void on_stop(int sig) { stop_signal = sig; }
static void on_tstp(int sig)
{
    (void)sig;
    suspend_asked = 1;
}

/* Mouse motion reports on or off (xterm's button-event mode, for drags). */
static void mouse_tracking(int on)
{
    if (use_mouse) {
        fputs(on ? "\033[?1002h" : "\033[?1002l", stdout);
        fflush(stdout);
    }
}

int term_suspend_if_asked(void)
{
    if (!suspend_asked || !active)
        return 0;
    suspend_asked = 0;
    /* Give the terminal back as on exit, stop for real, and take it again on SIGCONT. */
    mouse_tracking(0);
    endwin();
    struct sigaction dfl, ours;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGTSTP, &dfl, &ours);
    raise(SIGTSTP); /* returns after SIGCONT */
    sigaction(SIGTSTP, &ours, NULL);
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
    mouse_tracking(1);
    return 1;
}

/* A fatal signal: give the terminal back, then die of the same signal. */
static void on_fatal(int sig)
{
    if (active)
        endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

void term_stop(void)
{
    if (!active)
        return;
    mouse_tracking(0);
    endwin();
    active = 0;
    if (screen) {
        delscreen(screen);
        screen = NULL;
    }
}

int term_start(const TermOptions *o, char *err, size_t errlen)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(err, errlen, "the explorer needs a terminal on standard input and output "
                              "(for a headless run use 'skscope run')");
        return -1;
    }
    const char *term = getenv("TERM");
    if (!term || !*term || strcmp(term, "dumb") == 0) {
        snprintf(err, errlen, "TERM is %s: the explorer needs a terminal that can move the cursor "
                              "(set TERM, e.g. xterm-256color, or use 'skscope run')",
                 term && *term ? "dumb" : "not set");
        return -1;
    }
    /* Ask terminfo first: newterm on an unknown TERM would only say "NULL". */
    int errret = 0;
    if (setupterm(NULL, STDOUT_FILENO, &errret) != OK) {
        snprintf(err, errlen, "TERM=%.40s is not known to this system's terminfo "
                              "(try TERM=xterm-256color, or use 'skscope run')", term);
        return -1;
    }
    /* COLORTERM=truecolor (or 24bit) says the terminal takes 24-bit colours, which terminfo
     * can only express in a direct-colour entry: use NAME-direct (xterm-direct, tmux-direct,
     * ...) when TERM's own entry has 256 colours or fewer and that entry exists. */
    char direct[48] = "";
    const char *ct = getenv("COLORTERM");
    if (ct && (strcmp(ct, "truecolor") == 0 || strcmp(ct, "24bit") == 0) && tigetnum("colors") <= 256) {
        size_t base = strcspn(term, "-");
        if (base < sizeof direct - 8) {
            snprintf(direct, sizeof direct, "%.*s-direct", (int)base, term);
            TERMINAL *own = cur_term;
            set_curterm(NULL);
            if (setupterm(direct, STDOUT_FILENO, &errret) == OK)
                del_curterm(cur_term);
            else
                direct[0] = 0;
            set_curterm(own);
        }
    }
    del_curterm(cur_term); /* newterm loads its own copy */
    screen = newterm(direct[0] ? direct : NULL, stdout, stdin);
    if (!screen) {
        snprintf(err, errlen, "cannot start the terminal interface on TERM=%.40s", term);
        return -1;
    }
    active = 1;
    atexit(term_stop);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    /* Every signal that would end the process ends the loop instead, and the terminal is given
     * back on the way out: SIGQUIT (Ctrl-backslash), SIGUSR1, SIGALRM... as well as SIGINT and SIGTERM. */
    int sigs[64];
    size_t ns = term_end_signals(0, sigs, sizeof sigs / sizeof sigs[0]);
    for (size_t i = 0; i < ns; i++)
        sigaction(sigs[i], &sa, NULL);
    sa.sa_handler = on_tstp; /* replaces curses' own: ours also turns mouse tracking off */
    sigaction(SIGTSTP, &sa, NULL);
    ns = term_end_signals(1, sigs, sizeof sigs / sizeof sigs[0]);
    for (size_t i = 0; i < ns; i++)
        signal(sigs[i], on_fatal);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    timeout(0);
    set_escdelay(25);
    curs_set(0);
    glyph_mode = o->glyphs;
    braille_asked = o->braille;
    ascii_only = o->ascii;
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    use_mouse = o->mouse;
    if (use_mouse) {
        mouseinterval(0);
        mousemask(ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION, NULL);
        mouse_tracking(1); /* report motion while a button is held: drags */
    }
    return 0;
}

/* A fitted theme colour as this terminal's colour number: the palette index, or with direct
 * colour (more than 256 colours: ncurses takes 0xRRGGBB, 0 .. 7 still naming the terminal's
 * own eight) the #rrggbb the theme wrote, else the palette colour's RGB value. */
static int term_colour(int c, uint32_t rgb)
{
    if (c < 0 || COLORS <= 256 || (c < 8 && !rgb))
        return c;
    long v = rgb ? (long)(rgb & 0xffffffu) : theme_colour_rgb(c);
    return v < 8 ? 0 : (int)v; /* (0,0,1..7) cannot be said: black */
}

/* One colour pair (ncurses 6.1 and later take int colours: direct colour needs them). */
static void term_pair(int pair, int fg, int bg)
{
#if NCURSES_VERSION_MAJOR > 6 || (NCURSES_VERSION_MAJOR == 6 && NCURSES_VERSION_MINOR >= 1)
    init_extended_pair(pair, fg, bg);
#else
    init_pair((short)pair, (short)fg, (short)bg);
#endif
}

void term_set_theme(const Theme *t)
{
    const char *nc = getenv("NO_COLOR"); /* set and not empty: no colour (no-color.org) */
    int colour = has_colors() && COLORS >= 8 && !(nc && *nc);
    Theme fit;
    theme_fit(t, colour ? COLORS : 0, &fit);
    theme_blocks = t->chart_blocks;
    for (int r = 0; r < ROLE_COUNT; r++) {
        const ThemeStyle *s = &fit.style[r];
        attr_t a = A_NORMAL;
        if (s->attr & THEME_BOLD)
            a |= A_BOLD;
        if (s->attr & THEME_DIM)
            a |= A_DIM;
        if (s->attr & THEME_UNDERLINE)
            a |= A_UNDERLINE;
        if (s->attr & THEME_REVERSE)
            a |= A_REVERSE;
        if (s->attr & THEME_ITALIC)
            a |= A_ITALIC;
        if (colour && (s->fg >= 0 || s->bg >= 0) && r + 1 < COLOR_PAIRS) {
            term_pair(r + 1, term_colour(s->fg, s->fg_rgb), term_colour(s->bg, s->bg_rgb));
            a |= COLOR_PAIR(r + 1);
        }
        role_attr[r] = a;
    }
}

/* Bytes of the first `cells` code points of s (all our glyphs are one cell wide). */
static size_t bytes_for_cells(const char *s, int cells)
{
    size_t i = 0;
    int c = 0;
    while (s[i] && c < cells) {
        unsigned char b = (unsigned char)s[i];
        size_t n = b < 0x80 ? 1 : (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : 4;
        for (size_t k = 1; k < n; k++)
            if (!s[i + k])
                return i;
        i += n;
        c++;
    }
    return i;
}

void term_put(int y, int x, int maxw, ThemeRole role, const char *s)
{
    if (y < 0 || y >= LINES || x >= COLS || maxw <= 0)
        return;
    if (x < 0) {
        size_t skip = bytes_for_cells(s, -x);
        s += skip;
        maxw += x;
        x = 0;
    }
    if (maxw > COLS - x)
        maxw = COLS - x;
    attrset(role_attr[role]);
    mvaddnstr(y, x, s, (int)bytes_for_cells(s, maxw));
}

void term_putf(int y, int x, int maxw, ThemeRole role, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    term_put(y, x, maxw, role, buf);
}

void term_fill(int y, int x, int w, ThemeRole role, const char *glyph)
{
    char buf[1024];
    size_t gl = strlen(glyph), n = 0;
    for (int i = 0; i < w && n + gl < sizeof buf; i++) {
        memcpy(buf + n, glyph, gl);
        n += gl;
    }
    buf[n] = 0;
    term_put(y, x, w, role, buf);
}

void term_frame(int y, int x, int h, int w, ThemeRole role)
{
    if (h < 2 || w < 2)
        return;
    term_put(y, x, 1, role, term_glyph(G_TL));
    term_fill(y, x + 1, w - 2, role, term_glyph(G_HLINE));
    term_put(y, x + w - 1, 1, role, term_glyph(G_TR));
    for (int r = 1; r < h - 1; r++) {
        term_put(y + r, x, 1, role, term_glyph(G_VLINE));
        term_put(y + r, x + w - 1, 1, role, term_glyph(G_VLINE));
    }
    term_put(y + h - 1, x, 1, role, term_glyph(G_BL));
    term_fill(y + h - 1, x + 1, w - 2, role, term_glyph(G_HLINE));
    term_put(y + h - 1, x + w - 1, 1, role, term_glyph(G_BR));
}

static ThemeRole tag_role(uint8_t tag)
{
    if (tag == CHART_TAG_NONE)
        return ROLE_NORMAL;
    return tag <= ROLE_COUNT ? (ThemeRole)(tag - 1) : ROLE_AXIS;
}

void term_chart(int y, int x, const Chart *c, ChartCell *cells)
{
    chart_render(c, cells);
    for (int r = 0; r < c->h; r++) {
        int yy = y + r;
        if (yy < 0 || yy >= LINES)
            continue;
        /* Runs of one tag go out in one call. */
        char buf[1024];
        int col = 0;
        while (col < c->w) {
            uint8_t tag = cells[r * c->w + col].tag;
            size_t n = 0;
            int start = col;
            while (col < c->w && cells[r * c->w + col].tag == tag && n + 5 < sizeof buf) {
                n += (size_t)chart_cell_utf8(cells[r * c->w + col].ch, buf + n);
                col++;
            }
            buf[n] = 0;
            term_put(yy, x + start, col - start, tag_role(tag), buf);
        }
    }
}

void term_copy(const char *text)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(text);
    fputs("\033]52;c;", stdout);
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)text[i] << 16;
        if (i + 1 < n)
            v |= (unsigned char)text[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)text[i + 2];
        putchar(b64[(v >> 18) & 63]);
        putchar(b64[(v >> 12) & 63]);
        putchar(i + 1 < n ? b64[(v >> 6) & 63] : '=');
        putchar(i + 2 < n ? b64[v & 63] : '=');
    }
    fputs("\a", stdout);
    fflush(stdout);
}
