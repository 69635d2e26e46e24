/*
 * tui.h: the explorer (ncursesw). term.c owns the terminal; panels.c draws the screen from a
 * Ui; explorer.c runs the loop and turns keys and mouse into actions.
 */
#ifndef SKSCOPE_TUI_H
#define SKSCOPE_TUI_H

#include <stddef.h>
#include <stdint.h>

#include "skscope/chart.h"
#include "skscope/engine.h"
#include "skscope/keymap.h"
#include "skscope/lesson.h"
#include "skscope/scenario.h"
#include "skscope/session.h"
#include "skscope/theme.h"

/* ---- term.c: the only module that sets up and restores the terminal ---- */

typedef struct TermOptions {
    ChartGlyphs glyphs;  /* chosen glyph set */
    int ascii;           /* 1: 7-bit output only (borders, bars, charts) */
    int mouse;           /* 1: mouse clicks and drags */
    int braille;         /* 1: --braille given: braille even where the theme asks for blocks */
} TermOptions;

/* term_start: initialise curses on the controlling terminal. 0, or -1 with a message (not a
 * terminal, unknown TERM, ...). Installs handlers so that every signal that would end the
 * process (term_end_signals) restores the terminal: the asynchronous ones end the loop
 * (term_signalled), the faults give the terminal back and then kill the process as before. */
int term_start(const TermOptions *o, char *err, size_t errlen);

/* term_stop: restore the terminal (idempotent; also run at exit). */
void term_stop(void);

/* term_signalled: the signal that asked us to stop (any of term_end_signals(0)), or 0. */
int term_signalled(void);

/* term_end_signals: the catchable signals whose default action ends the process, into out[max]
 * (returns how many): with faults = 0 the asynchronous ones (SIGHUP, SIGINT, SIGQUIT, SIGTERM,
 * SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGPOLL, SIGPWR, SIGSTKFLT, the
 * real-time signals), with faults = 1 the synchronous faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
 * SIGABRT, SIGSYS, SIGTRAP). SIGPIPE and SIGXFSZ are left out: main() ignores them. */
size_t term_end_signals(int faults, int *out, size_t max);

/* term_signal_name: "SIGHUP", "SIGRTMIN+3" or "signal N", into buf; returns buf. */
const char *term_signal_name(int sig, char *buf, size_t n);

/* term_suspend_if_asked: after a SIGTSTP (Ctrl-Z), restore the terminal, stop the process, and
 * on SIGCONT take the terminal again. Returns 1 if it suspended (the caller redraws), else 0. */
int term_suspend_if_asked(void);

/* term_set_theme: apply a theme, fitted to the terminal's colours (theme_fit: 8, 16, 88, 256 or
 * direct colour; mono if it has none or NO_COLOR is set). Its `charts = blocks` turns braille
 * charts into blocks (term_glyphs) unless --braille was given. */
void term_set_theme(const Theme *t);

/* term_glyphs / term_ascii: the glyph choice in force (the chart's: panels read term_glyphs). */
ChartGlyphs term_glyphs(void);
int term_ascii(void);

/* term_copy: ask the terminal to put text on its clipboard (OSC 52; tmux passes it on when
 * allowed). No answer comes back: whether it worked cannot be known here. */
void term_copy(const char *text);

/* Drawing on stdscr, clipped to the screen. Widths count cells; every glyph we draw is one
 * cell wide, so a code point is a cell. */
void term_put(int y, int x, int maxw, ThemeRole role, const char *utf8);
void term_putf(int y, int x, int maxw, ThemeRole role, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void term_fill(int y, int x, int w, ThemeRole role, const char *glyph);
void term_frame(int y, int x, int h, int w, ThemeRole role);
/* term_chart: render and draw a chart; a series' tag is its ThemeRole + 1, axes and labels
 * take ROLE_AXIS. cells must hold c->w * c->h entries. */
void term_chart(int y, int x, const Chart *c, ChartCell *cells);

/* Glyphs for the current mode: index into a small table of Unicode/ASCII pairs. */
typedef enum Glyph {
    G_HLINE, G_VLINE, G_TL, G_TR, G_BL, G_BR, G_TRACK, G_KNOB, G_FULL, G_SHADE_MID, G_SHADE_LIGHT,
    G_DOT, G_SELECT, G_RUN, G_PAUSE, G_MARK, G_LEFT, G_ARROW, G_ELLIPSIS, G_APPROX, G_PLUSMINUS,
    G_DASH, G_COUNT
} Glyph;
const char *term_glyph(Glyph g);

/* ---- panels.c and explorer.c ---- */

#define UI_MAX_HIST 4096

typedef enum Overlay { OV_NONE, OV_HELP, OV_INFO, OV_PROMPT, OV_PRESETS, OV_SETUP, OV_LESSONS } Overlay;
typedef enum Prompt { PROMPT_VALUE, PROMPT_OPEN } Prompt;

/* A slider: a knob of the table (its range, scale and notch are the table's), or the speed. */
typedef struct Slider {
    int knob;            /* KnobId, or -1 for the simulation speed */
} Slider;

/* The panels, in the order `v` cycles them. */
typedef enum UiView { VIEW_LOSS, VIEW_HEAPS, VIEW_ZIPF, VIEW_RECALL, VIEW_NUMBERS, VIEW_COUNT } UiView;

typedef struct Rect {
    int y, x, h, w;
} Rect;

typedef struct Ui {
    Engine *eng;
    EngineStatus st;
    uint64_t generation;
    Snapshot *hist;             /* copy of the engine's history (UI_MAX_HIST entries) */
    size_t nhist;
    Snapshot live;
    int have_live;
    EngineMark marks[64];
    size_t nmarks;
    Setup setup;                /* the knobs the sliders show */
    ScenarioPace pace;          /* the pace in force (the speed slider) */
    int pace_fixed;             /* 1: --speed was given: lessons and scenarios keep it */
    int sel;                    /* selected slider */
    int knob_top;               /* the Knobs panel's first line shown (it scrolls to sel) */
    int learner_view;           /* index of the learner shown, or -1 for all */
    int focus_kind;             /* with all learners shown: the LearnerKind the one-learner
                                   panels (recall) show, -1: the first with limited memory */
    int halluc_view;            /* the loss panel shows hallucination, not excess loss */
    int zoom;                   /* one panel (the view) fills the screen */
    UiView view;                /* the panel in focus: marked, and the one a small window shows */
    int recall_first;           /* first rank bin the recall panel shows, -1: follow the run */
    int recall_shown;           /* the first bin it showed in the last frame */
    Rect title_at[VIEW_COUNT];  /* each panel's top border in the last frame (h = 0: not drawn) */
    Rect knobs_at, recall_at;   /* where the knobs (or the knob line) and the recall panel were
                                   drawn in the last frame (h = 0: not drawn), for the wheel */
    /* a scenario's caption (a lesson's step has its own) */
    char caption[600];
    char caption_title[96];
    ChartAxis loss_x, loss_y, halluc_y, heaps_x, heaps_y, zipf_x, zipf_y;
    /* the ghost: a pinned earlier run */
    int have_ghost;
    double ghost_x[UI_MAX_HIST], ghost_y[UI_MAX_HIST];
    size_t nghost;
    char ghost_label[96];
    /* overlays */
    Overlay overlay;
    int help_scroll;
    Prompt prompt;
    char prompt_label[64];
    char input[512];
    size_t cursor;
    int preset_sel;
    /* a guided lesson (NULL: none) */
    Lesson *lesson;
    int lesson_step;            /* index of the step shown */
    int replay_to;              /* replaying the run up to this step (-1: not replaying) */
    int replay_at;              /* the step whose stop the replay runs to now */
    uint64_t replay_gen;        /* the engine generation before the replay's restart */
    /* --setup's changes (;@N:...), applied when the run pauses at their sentence */
    SessionChange *todo;
    size_t ntodo, todo_next;
    uint64_t todo_gen;          /* the run they belong to: a restart drops them */
    char **lesson_names;        /* lessons found in the data directories (for 'L') */
    int lesson_sel;
    /* a message for the hint line, until msg_until */
    char msg[320];
    double msg_until;
    int msg_warn;
    /* the last export's name (skscope-DATE-TIME) and its counter: names stay unique */
    char export_base[40];
    int export_seq;
    uint64_t seen_msg_seq;
    /* themes */
    Theme theme;
    char **theme_names;         /* "default" + themes found in the data directories */
    int theme_index;
    int no_color;
    int frozen_clock;           /* SKSCOPE_FROZEN_CLOCK: the rate shows as "-" (the gallery's
                                   captures must not depend on the machine's speed) */
    /* layout, kept for mouse hit tests */
    int slider_row[32];         /* screen row of each slider, -1 if hidden */
    int bar_x, bar_w;           /* slider bars' columns */
    int dragging;               /* a slider is being dragged */
    int quit;
    /* the theory curve of the learner shown, cached: the SGD approximation costs ~1 ms a
     * point, so it is recomputed only when the knobs or the history change */
    double theory_y[UI_MAX_HIST];
    size_t theory_n;            /* points cached */
    int pending;                /* the last frame left work (theory points) for the next */
    int theory_kind;            /* learner kind cached, -1 none */
    Setup theory_setup;         /* knobs cached */
    /* scratch for drawing (kept here so that a frame does not allocate) */
    double sx[12][UI_MAX_HIST], sy[12][UI_MAX_HIST];
    ChartCell *cells;
    size_t cells_cap;
} Ui;

/* The sliders the explorer shows, in order. */
const Slider *ui_sliders(int *n);

/* ui_slider_value / ui_slider_fraction / ui_slider_set_fraction: the slider's value, its
 * position in [0, 1], and setting it from a position (for the mouse). */
double ui_slider_value(const Ui *ui, int i);
double ui_slider_fraction(const Ui *ui, int i);
void ui_slider_set_fraction(Ui *ui, int i, double f);

/* ui_set_pace: the speed slider to pace p, and the engine with it. */
void ui_set_pace(Ui *ui, const ScenarioPace *p);

/* ui_pace_step: the pace `dir` (+1 faster, -1 slower) notches from p: doubling or halving the
 * decades a minute, from 1/4 to 32, then as fast as possible. */
ScenarioPace ui_pace_step(const ScenarioPace *p, int dir);

/* panels_next_view: the panel `v` focuses next at this window size (where the loss panel is
 * always drawn, the next of the others). */
UiView panels_next_view(const Ui *ui);

/* panels_recall_bins: how many frequency-rank bins the recall panel has now (0 before data). */
int panels_recall_bins(const Ui *ui);

/* panels_draw: draw the whole screen for *ui (erase first). */
void panels_draw(Ui *ui);

/* tui_now: a monotonic clock, in seconds (frame pacing, message expiry). */
double tui_now(void);


/* explorer_run: the explorer's main loop. Returns an exit code. */
typedef struct ExplorerOptions {
    Setup setup;
    unsigned learners;
    const char *theme;          /* name or file, or NULL */
    TermOptions term;
    int paused;                 /* start paused */
    const char *frame_log;      /* write frame statistics here at exit (or NULL) */
    const Lesson *lesson;       /* start this lesson (or NULL) */
    const Scenario *scenario;   /* the scenario opened (or NULL): its title, length, view, learner
                                   shown and caption */
    const Session *session;     /* a --setup string's changes to replay at their sentences (or NULL) */
    const ScenarioPace *speed;  /* --speed (NULL: lessons and scenarios set their own pace, a bare
                                   explorer runs as fast as possible) */
} ExplorerOptions;

/* explorer_find_lesson: NAME as a path, or NAME(.lesson) in the data directories' lessons;
 * into path. 0, or -1 with a message listing what exists. */
int explorer_find_lesson(const char *name, char *path, size_t pathlen, char *err, size_t errlen);

/* explorer_list_lessons: one line per lesson in the data directories ("NAME  TITLE (N steps)"),
 * sorted, NULL-terminated; NULL if there are none. Free with explorer_free_lessons. */
char **explorer_list_lessons(void);
void explorer_free_lessons(char **list);

int explorer_run(const ExplorerOptions *o);

#endif
