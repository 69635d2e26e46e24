/*
 * explorer.c: the explorer's loop: sleep in poll() on the terminal and the engine's pipe, copy
 * what the engine published, turn keys and the mouse into actions, redraw at most 60 times a
 * second and only when something changed (idle when paused).
 */
#include "tui.h"

#include <curses.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "skscope/datadir.h"
#include "skscope/numparse.h"
#include "skscope/presets.h"
#include "skscope/scenario.h"

#define FRAME_SECONDS (1.0 / 60)
#define MESSAGE_SECONDS 5.0

double tui_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void say(Ui *ui, int warn, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(Ui *ui, int warn, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
    va_end(ap);
    ui->msg_warn = warn;
    ui->msg_until = tui_now() + MESSAGE_SECONDS;
}

/* ---- themes ---- */

static int load_theme(Ui *ui, const char *name_or_file, char *err, size_t errlen)
{
    Theme t;
    if (!name_or_file || strcmp(name_or_file, "default") == 0) {
        theme_default(&t);
    } else {
        char path[2048];
        if (datadir_resolve("theme", "themes", ".theme", name_or_file, SKSCOPE_SOURCE_ROOT, SKSCOPE_DATADIR, path,
                            sizeof path, err, errlen) != 0)
            return -1;
        if (theme_load(&t, path, err, errlen) != 0)
            return -1;
    }
    if (ui->no_color) {
        int blocks = t.chart_blocks; /* NO_COLOR takes the colours, not the theme's chart glyphs */
        theme_mono(&t);
        t.chart_blocks = blocks;
    }
    ui->theme = t;
    term_set_theme(&ui->theme);
    return 0;
}

static void cycle_theme(Ui *ui)
{
    if (!ui->theme_names || !ui->theme_names[0])
        return;
    int n = 0;
    while (ui->theme_names[n])
        n++;
    ui->theme_index = (ui->theme_index + 1) % n;
    const char *name = ui->theme_names[ui->theme_index];
    char err[300];
    if (load_theme(ui, name, err, sizeof err) != 0)
        say(ui, 1, "%s", err);
    else
        say(ui, 0, "theme: %s%s", name, ui->no_color ? " (NO_COLOR: without colours)" : "");
}

/* ---- syncing with the engine ---- */

static void reset_axes(Ui *ui)
{
    ui->loss_x = ui->loss_y = ui->halluc_y = ui->heaps_x = ui->heaps_y = ui->zipf_x = ui->zipf_y = (ChartAxis){0, 0, 1};
}

static int sync_engine(Ui *ui)
{
    uint64_t seq = ui->st.seq, gen = ui->generation;
    engine_status(ui->eng, &ui->st);
    if (ui->st.generation != gen) {
        ui->generation = ui->st.generation;
        ui->nhist = 0;
        ui->have_live = 0;
        ui->setup = ui->st.setup;
        reset_axes(ui);
    }
    if (ui->st.nhist > ui->nhist && ui->nhist < UI_MAX_HIST)
        ui->nhist += engine_history(ui->eng, ui->generation, ui->nhist, ui->hist + ui->nhist,
                                    UI_MAX_HIST - ui->nhist);
    ui->have_live = engine_live(ui->eng, ui->generation, &ui->live) == 0;
    ui->nmarks = engine_marks(ui->eng, ui->marks, sizeof ui->marks / sizeof ui->marks[0]);
    if (ui->st.message_seq != ui->seen_msg_seq) {
        ui->seen_msg_seq = ui->st.message_seq;
        int warn = strstr(ui->st.message, "fail") || strstr(ui->st.message, "cannot") ||
                   strstr(ui->st.message, "paused at");
        say(ui, warn, "%s", ui->st.message);
    }
    return ui->st.seq != seq || ui->st.generation != gen;
}

/* ---- actions ---- */

static void apply(Ui *ui)
{
    engine_apply(ui->eng, &ui->setup);
    if (ui->msg_warn) { /* a valid edit: an old error no longer holds */
        ui->msg[0] = 0;
        ui->msg_until = 0;
        ui->msg_warn = 0;
    }
}

static void show_knob_help(Ui *ui)
{
    int n;
    const Slider *s = ui_sliders(&n);
    if (s[ui->sel].knob < 0)
        say(ui, 0, "speed: decades of sentences a minute on the log axis (Enter: type N/min, N/s or max)");
    else
        say(ui, 0, "%s: %s", knob_table()[s[ui->sel].knob].name, knob_table()[s[ui->sel].knob].help);
}

static void step_slider(Ui *ui, int dir)
{
    int n;
    const Slider *s = ui_sliders(&n);
    const Slider *sl = &s[ui->sel];
    if (sl->knob < 0) {
        ScenarioPace p = ui_pace_step(&ui->pace, dir);
        ui_set_pace(ui, &p);
        return;
    }
    /* the table's notch: with s, one past 100 is infinity (no power law), which is beta = 0 */
    KnobId id = (KnobId)sl->knob;
    double v = knob_notch(&knob_table()[id], setup_get(&ui->setup, id), dir);
    if (id == KNOB_S && isinf(v)) {
        id = KNOB_BETA;
        v = 0;
    }
    char err[256];
    if (setup_set(&ui->setup, id, v, err, sizeof err) != 0) {
        say(ui, 1, "%s", err);
        return;
    }
    apply(ui);
}

static void start_prompt(Ui *ui, Prompt kind, const char *label, const char *initial)
{
    ui->overlay = OV_PROMPT;
    ui->prompt = kind;
    snprintf(ui->prompt_label, sizeof ui->prompt_label, "%s", label);
    snprintf(ui->input, sizeof ui->input, "%s", initial);
    ui->cursor = strlen(ui->input);
}

static void restart_with(Ui *ui, const Setup *s, const char *what)
{
    ui->setup = *s;
    engine_restart(ui->eng, s, 0);
    say(ui, 0, "%s", what);
}

/* Open scenario *sc (named `name` in messages): restart on its setup and learners if `restart`
 * (at start-up the engine already runs it), pause at its length, show its panel, its learner and
 * its caption. */
static void focus_on(Ui *ui, const char *view, int show, unsigned mask);

static void open_scenario(Ui *ui, const Scenario *sc, const char *name, int restart)
{
    unsigned mask = restart && sc->learners ? sc->learners : ui->st.mask;
    if (!ui->pace_fixed) { /* a scenario at its pace, else at the lessons' (a class watches it) */
        ScenarioPace p = sc->pace_given ? sc->pace : (ScenarioPace){0, LESSON_DEFAULT_PACE};
        ui_set_pace(ui, &p);
    }
    if (sc->sentences)
        engine_pause_at(ui->eng, sc->sentences); /* before a restart: it survives it */
    if (restart) {
        engine_restart(ui->eng, &sc->setup, sc->learners); /* 0: the learners stay */
        ui->setup = sc->setup;
        engine_pause(ui->eng, 0);
    }
    if (ui->lesson) {
        free(ui->lesson);
        ui->lesson = NULL;
    }
    int show = LESSON_SHOW_ALL;
    char err[160];
    if (sc->show[0] && scenario_show_kind(sc->show, &show, err, sizeof err) != 0)
        show = LESSON_SHOW_ALL;
    focus_on(ui, sc->view[0] ? sc->view : "loss", show, mask);
    snprintf(ui->caption, sizeof ui->caption, "%s", sc->caption);
    snprintf(ui->caption_title, sizeof ui->caption_title, "%s", sc->title[0] ? sc->title : name);
    char len[64] = "", h[24];
    if (sc->sentences)
        snprintf(len, sizeof len, " (pauses at %s sentences)", numparse_human((double)sc->sentences, h, sizeof h));
    say(ui, 0, "%s%s%s%s", sc->title[0] ? sc->title : name, sc->description[0] ? ": " : "", sc->description, len);
}

static void finish_prompt(Ui *ui)
{
    char err[300];
    ui->overlay = OV_NONE;
    if (ui->prompt == PROMPT_VALUE) {
        int n;
        const Slider *s = ui_sliders(&n);
        const Slider *sl = &s[ui->sel];
        if (sl->knob < 0) {
            ScenarioPace p;
            if (scenario_parse_pace(ui->input, &p, err, sizeof err) != 0) {
                say(ui, 1, "%s", err);
                return;
            }
            ui_set_pace(ui, &p);
            return;
        }
        Setup t = ui->setup;
        if (setup_set_text(&t, knob_table()[sl->knob].name, ui->input, err, sizeof err) != 0) {
            say(ui, 1, "%s", err);
            return;
        }
        ui->setup = t;
        apply(ui);
        return;
    }
    /* PROMPT_OPEN: a scenario (a file or a sample's name), or a setup string on top of the
     * defaults (it has an '=') */
    char path[2048];
    if (ui->input[0] && !strchr(ui->input, '=')) {
        if (datadir_resolve("scenario", "samples", ".ini", ui->input, SKSCOPE_SOURCE_ROOT, SKSCOPE_DATADIR, path,
                            sizeof path, err, sizeof err) != 0) {
            say(ui, 1, "%s", err);
            return;
        }
        Scenario sc;
        memset(&sc, 0, sizeof sc);
        setup_default(&sc.setup);
        if (scenario_load(path, &sc, err, sizeof err) != 0) {
            say(ui, 1, "%s", err);
            return;
        }
        open_scenario(ui, &sc, ui->input, 1);
        return;
    }
    Setup t;
    setup_default(&t);
    if (setup_parse(&t, ui->input, err, sizeof err) != 0) {
        say(ui, 1, "%s (not a file either)", err);
        return;
    }
    restart_with(ui, &t, "opened the setup string: restarted from zero");
}

/* ---- lessons ---- */

int explorer_find_lesson(const char *name, char *path, size_t pathlen, char *err, size_t errlen)
{
    return datadir_resolve("lesson", "samples/lessons", ".lesson", name, SKSCOPE_SOURCE_ROOT, SKSCOPE_DATADIR, path,
                           pathlen, err, errlen);
}

char **explorer_list_lessons(void)
{
    char **names = datadir_list("samples/lessons", ".lesson", SKSCOPE_SOURCE_ROOT, SKSCOPE_DATADIR);
    Lesson *l = malloc(sizeof *l);
    for (char **p = names; p && *p && l; p++) {
        char path[2048], err[256], line[160];
        size_t nl = strlen(*p) - 7; /* without ".lesson" */
        if (datadir_find("samples/lessons", *p, SKSCOPE_SOURCE_ROOT, SKSCOPE_DATADIR, path, sizeof path) != 0 ||
            lesson_load(path, l, err, sizeof err) != 0)
            snprintf(line, sizeof line, "%-24.*s (unreadable: %.100s)", (int)nl, *p, err);
        else
            snprintf(line, sizeof line, "%-24.*s %.80s (%d steps)", (int)nl, *p, l->base.title, l->nsteps);
        char *dup = strdup(line);
        if (dup) {
            free(*p);
            *p = dup;
        }
    }
    free(l);
    return names;
}

void explorer_free_lessons(char **list) { datadir_free_list(list); }

/* The learners of the run a step shows: its restart's mask, else the run's. */
static unsigned step_mask(const Ui *ui, const LessonStep *s)
{
    const Lesson *l = ui->lesson;
    if (s->restart && (s->learners || l->base.learners))
        return s->learners ? s->learners : l->base.learners;
    return ui->st.mask;
}

/* Focus on panel `view` ("" keeps it) and on learner kind `show` (LESSON_SHOW_KEEP keeps it,
 * LESSON_SHOW_ALL: all side by side, the one-learner panels on `show`'s default) among the
 * learners of `mask` (they sit in kind order: a kind's index counts the mask's kinds below). */
static void focus_on(Ui *ui, const char *view, int show, unsigned mask)
{
    if (view && view[0]) {
        ui->halluc_view = !strcmp(view, "hallucination");
        ui->view = !strcmp(view, "heaps") ? VIEW_HEAPS : !strcmp(view, "zipf") ? VIEW_ZIPF
                 : !strcmp(view, "recall") ? VIEW_RECALL : !strcmp(view, "numbers") ? VIEW_NUMBERS : VIEW_LOSS;
    }
    if (show == LESSON_SHOW_KEEP)
        return;
    ui->learner_view = -1;
    ui->focus_kind = -1;
    if (show >= 0 && (mask & (1u << show))) {
        ui->learner_view = 0;
        for (int k = 0; k < show; k++)
            ui->learner_view += (mask >> k) & 1;
        ui->focus_kind = show;
    }
}

/* Step i's knobs on top of the knobs of the steps before it, from its last restart (the
 * lesson's first step starts from the base setup whatever it says). */
static int step_setup_from_start(const Lesson *l, int i, Setup *out, char *err, size_t errlen)
{
    Setup cur = l->base.setup;
    int r = i;
    while (r > 0 && !l->steps[r].restart)
        r--;
    for (int j = r; j <= i; j++) {
        Setup next;
        if (lesson_step_setup(l, j, &cur, &next, err, errlen) != 0)
            return -1;
        cur = next;
    }
    *out = cur;
    return 0;
}

/* Show step i as it was reached going forward: its knobs, its target length, its panel and
 * learner. Right from step i-1 continues the run; Left, r and R replay the run from the step's
 * last restart, applying each step's knobs where the one before it paused (ui->replay). */
static void lesson_go(Ui *ui, int i, int replay)
{
    Lesson *l = ui->lesson;
    if (!l || i < 0 || i >= l->nsteps)
        return;
    const LessonStep *s = &l->steps[i];
    char err[300];
    Setup next;
    int r = i;
    while (replay && r > 0 && !l->steps[r].restart)
        r--;
    if (replay) {
        Setup start;
        if (step_setup_from_start(l, r, &start, err, sizeof err) != 0) {
            say(ui, 1, "step %d: %s", l->steps[r].number, err);
            return;
        }
        ui->replay_to = r < i ? i : -1;
        ui->replay_at = r;
        ui->replay_gen = ui->st.generation;
        engine_pause_at(ui->eng, r < i ? l->steps[r].run_to : s->run_to);
        if (r < i)
            engine_set_rate(ui->eng, 0); /* the steps before this one: as fast as possible */
        if (!ui->pace_fixed)
            ui->pace = s->pace;
        if (r == i)
            engine_set_pace(ui->eng, &ui->pace);
        const LessonStep *rs = &l->steps[r];
        engine_restart(ui->eng, &start, rs->learners ? rs->learners : l->base.learners);
        ui->setup = start;
        if (step_setup_from_start(l, i, &next, err, sizeof err) != 0)
            return;
    } else {
        if (lesson_step_setup(l, i, &ui->setup, &next, err, sizeof err) != 0) {
            say(ui, 1, "step %d: %s", s->number, err);
            return;
        }
        ui->replay_to = -1;
        if (!ui->pace_fixed)
            ui_set_pace(ui, &s->pace);
        engine_pause_at(ui->eng, s->run_to); /* before a restart: it survives it */
        if (s->restart)
            engine_restart(ui->eng, &next, s->learners ? s->learners : l->base.learners);
        else
            engine_apply(ui->eng, &next);
        ui->setup = next;
    }
    engine_pause(ui->eng, 0);
    ui->lesson_step = i;
    /* the mask of the run step i shows: its last restart's learners */
    const LessonStep *rs = &l->steps[r];
    focus_on(ui, s->view, s->show, s->restart || replay ? step_mask(ui, rs) : ui->st.mask);
}

/* --setup's changes: when the run has paused at the next one's sentence, apply it (the engine
 * records it at that sentence, as a live change) and run on to the one after. A restart of the
 * run drops the rest. */
static void todo_continue(Ui *ui)
{
    if (ui->todo_next >= ui->ntodo)
        return;
    if (ui->st.generation != ui->todo_gen) {
        ui->todo_next = ui->ntodo;
        say(ui, 0, "the run restarted: the setup string's later changes are dropped");
        return;
    }
    const SessionChange *c = &ui->todo[ui->todo_next];
    if (!ui->st.paused || ui->st.n < c->at)
        return;
    ui->setup = c->setup;
    engine_apply(ui->eng, &c->setup);
    ui->todo_next++;
    if (ui->todo_next < ui->ntodo)
        engine_pause_at_quiet(ui->eng, ui->todo[ui->todo_next].at);
    else
        engine_pause_at(ui->eng, 0);
    engine_pause(ui->eng, 0);
    ui->st.paused = 0;
}

/* During a replay (lesson_go): when the run has paused at the stop of step replay_at, apply
 * the next step's knobs and run on to its stop; at the step shown, its own speed comes back. */
static void replay_continue(Ui *ui)
{
    Lesson *l = ui->lesson;
    if (!l || ui->replay_to < 0 || !ui->st.paused || ui->st.generation == ui->replay_gen)
        return; /* not replaying, still running, or the restart not yet done */
    const LessonStep *at = &l->steps[ui->replay_at];
    if (at->run_to && ui->st.n < at->run_to)
        return;
    int j = ++ui->replay_at;
    Setup next;
    char err[300];
    if (lesson_step_setup(l, j, &ui->setup, &next, err, sizeof err) != 0) {
        ui->replay_to = -1;
        say(ui, 1, "step %d: %s", l->steps[j].number, err);
        return;
    }
    int last = j >= ui->replay_to;
    engine_pause_at(ui->eng, l->steps[last ? ui->replay_to : j].run_to);
    engine_apply(ui->eng, &next);
    ui->setup = next;
    if (last) {
        ui->replay_to = -1;
        engine_set_pace(ui->eng, &ui->pace); /* the step shown runs at its pace */
    }
    engine_pause(ui->eng, 0);
    ui->st.paused = 0;
}

static void lesson_start(Ui *ui, const Lesson *l)
{
    if (!ui->lesson)
        ui->lesson = malloc(sizeof *ui->lesson);
    if (!ui->lesson) {
        say(ui, 1, "out of memory");
        return;
    }
    *ui->lesson = *l;
    ui->overlay = OV_NONE;
    ui->caption[0] = 0; /* the steps' captions replace a scenario's */
    lesson_go(ui, 0, 0);
}

static void lesson_leave(Ui *ui)
{
    free(ui->lesson);
    ui->lesson = NULL;
    engine_pause_at(ui->eng, 0);
    say(ui, 0, "left the lesson: the sliders are yours");
}

static void lesson_choose(Ui *ui)
{
    char path[2048], err[512];
    const char *name = ui->lesson_names ? ui->lesson_names[ui->lesson_sel] : NULL;
    ui->overlay = OV_NONE;
    if (!name)
        return;
    Lesson *l = malloc(sizeof *l);
    if (!l)
        return;
    if (explorer_find_lesson(name, path, sizeof path, err, sizeof err) != 0 || lesson_load(path, l, err, sizeof err) != 0)
        say(ui, 1, "%s", err);
    else
        lesson_start(ui, l);
    free(l);
}

static void pin_ghost(Ui *ui)
{
    if (ui->have_ghost) {
        ui->have_ghost = 0;
        say(ui, 0, "ghost cleared");
        return;
    }
    int nl = ui->nhist ? ui->hist[0].nlearners : 0;
    if (!nl) {
        say(ui, 1, "nothing to pin yet");
        return;
    }
    int li = ui->learner_view >= 0 && ui->learner_view < nl ? ui->learner_view : 0;
    ui->nghost = 0;
    for (size_t i = 0; i < ui->nhist && ui->nghost < UI_MAX_HIST; i++) {
        ui->ghost_x[ui->nghost] = (double)ui->hist[i].tokens;
        ui->ghost_y[ui->nghost] = ui->hist[i].L[li].exp_excess;
        ui->nghost++;
    }
    char a[32];
    snprintf(a, sizeof a, "%.3g", setup_get(&ui->st.setup, KNOB_S));
    snprintf(ui->ghost_label, sizeof ui->ghost_label, "s=%s C=%llu", a, (unsigned long long)ui->st.setup.C);
    ui->have_ghost = 1;
    say(ui, 0, "ghost pinned (%s): change a knob or restart to compare; g again clears it", ui->ghost_label);
}

/* Whether PREFIX.csv or PREFIX-facts.csv exists (another explorer's export). */
static int export_taken(const char *prefix)
{
    char a[80], b[80];
    struct stat st;
    snprintf(a, sizeof a, "%s.csv", prefix);
    snprintf(b, sizeof b, "%s-facts.csv", prefix);
    return lstat(a, &st) == 0 || lstat(b, &st) == 0;
}

static void export_now(Ui *ui)
{
    char base[40], prefix[64];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(base, sizeof base, "skscope-%Y%m%d-%H%M%S", &tm);
    /* A counter keeps every export: e twice in one second, or another explorer here. */
    ui->export_seq = strcmp(base, ui->export_base) == 0 ? ui->export_seq + 1 : 1;
    snprintf(ui->export_base, sizeof ui->export_base, "%s", base);
    for (;; ui->export_seq++) {
        if (ui->export_seq == 1)
            snprintf(prefix, sizeof prefix, "%s", base);
        else
            snprintf(prefix, sizeof prefix, "%s-%d", base, ui->export_seq);
        if (!export_taken(prefix) || ui->export_seq > 9999)
            break;
    }
    engine_export(ui->eng, prefix);
    say(ui, 0, "exporting %s.csv ...", prefix);
}

static void do_action(Ui *ui, Action a)
{
    int n;
    ui_sliders(&n);
    switch (a) {
    case ACT_PAUSE: engine_pause(ui->eng, !ui->st.paused); ui->st.paused = !ui->st.paused; break;
    case ACT_STEP: engine_step(ui->eng); break;
    case ACT_RESTART:
        if (ui->lesson) { /* the step again, from its restart, to its target */
            lesson_go(ui, ui->lesson_step, 1);
            say(ui, 0, "step %d again from its start", ui->lesson->steps[ui->lesson_step].number);
            break;
        }
        restart_with(ui, &ui->setup, "restarted from zero with the current knobs");
        break;
    case ACT_RESEED: {
        if (ui->lesson) { /* the same step on a new seed: the lesson's steps keep it */
            Setup *b = &ui->lesson->base.setup;
            b->seed = (b->seed + 1) % 9007199254740993ULL;
            lesson_go(ui, ui->lesson_step, 1);
            say(ui, 0, "new seed %llu: step %d again from its start", (unsigned long long)b->seed,
                ui->lesson->steps[ui->lesson_step].number);
            break;
        }
        Setup t = ui->setup;
        t.seed = (t.seed + 1) % 9007199254740993ULL;
        char msg[64];
        snprintf(msg, sizeof msg, "new seed %llu: restarted from zero", (unsigned long long)t.seed);
        restart_with(ui, &t, msg);
        break;
    }
    case ACT_FINETUNE:
        if (ui->st.phase == FT_ACTIVE) {
            say(ui, 1, "the fine-tuning phase is already running");
            break;
        }
        ui->setup.ft_at = ui->st.n + 1;
        apply(ui);
        say(ui, 0, "fine-tuning: %u new facts x %u mentions in a new %u-template format, replay %.0f%%",
            ui->setup.ft_F, ui->setup.ft_r, ui->setup.ft_T, 100 * ui->setup.ft_m);
        break;
    case ACT_LEARNER: {
        int nl = ui->nhist ? ui->hist[0].nlearners : 3;
        ui->learner_view = ui->learner_view + 1 >= nl ? -1 : ui->learner_view + 1;
        break;
    }
    case ACT_GHOST: pin_ghost(ui); break;
    case ACT_EXPORT: export_now(ui); break;
    case ACT_SETUP: {
        char *text = engine_session(ui->eng, NULL); /* the setup and the changes: a replay */
        if (text)
            term_copy(text);
        free(text);
        ui->overlay = OV_SETUP;
        break;
    }
    case ACT_OPEN: start_prompt(ui, PROMPT_OPEN, "open (setup string or scenario file):", ""); break;
    case ACT_PRESETS: ui->overlay = OV_PRESETS; break;
    case ACT_THEME: cycle_theme(ui); break;
    case ACT_VIEW: ui->view = panels_next_view(ui); break;
    case ACT_SCROLL_UP:
    case ACT_SCROLL_DOWN: {
        int nb = panels_recall_bins(ui), first = ui->recall_first;
        if (first < 0) /* from where the panel follows the run: its frontier */
            first = ui->recall_shown;
        first += a == ACT_SCROLL_DOWN ? 1 : -1;
        ui->recall_first = first < 0 ? -1 : first >= nb ? (nb > 0 ? nb - 1 : -1) : first;
        say(ui, 0, "%s", ui->recall_first < 0 ? "recall panel: follows the run (] scrolls to rarer ranks)"
                                              : "recall panel: scrolled ([ back to the frequent ranks; at the top it follows the run)");
        break;
    }
    case ACT_ZOOM:
        ui->zoom = !ui->zoom;
        say(ui, 0, "%s", ui->zoom ? "zoom: one panel fills the screen (v: the next one, z: all panels)"
                                  : "all panels");
        break;
    case ACT_HALLUC:
        ui->halluc_view = !ui->halluc_view;
        say(ui, 0, "loss panel: %s", ui->halluc_view ? "hallucination (h: back to excess loss)" : "excess loss");
        break;
    case ACT_LESSON:
        ui->overlay = OV_LESSONS;
        ui->lesson_sel = 0;
        break;
    case ACT_STEP_NEXT: lesson_go(ui, ui->lesson_step + 1, ui->replay_to >= 0); break;
    case ACT_STEP_PREV: lesson_go(ui, ui->lesson_step - 1, 1); break;
    case ACT_HELP: ui->overlay = OV_HELP; ui->help_scroll = 0; break;
    case ACT_INFO: ui->overlay = OV_INFO; ui->help_scroll = 0; break;
    case ACT_QUIT: ui->quit = 1; break;
    case ACT_PREV: ui->sel = (ui->sel + n - 1) % n; show_knob_help(ui); break;
    case ACT_NEXT: ui->sel = (ui->sel + 1) % n; show_knob_help(ui); break;
    case ACT_DEC: step_slider(ui, -1); break;
    case ACT_INC: step_slider(ui, 1); break;
    case ACT_TYPE: {
        const Slider *s = ui_sliders(&n);
        char label[64], val[64];
        if (s[ui->sel].knob < 0) {
            snprintf(label, sizeof label, "speed (N/min decades, N/s sentences, or max) =");
            scenario_format_pace(&ui->pace, val, sizeof val);
        } else {
            const Knob *k = &knob_table()[s[ui->sel].knob];
            snprintf(label, sizeof label, "%s =", k->name);
            numparse_format(setup_get(&ui->setup, k->id), val, sizeof val);
        }
        start_prompt(ui, PROMPT_VALUE, label, val);
        break;
    }
    case ACT_NONE:
    case ACT_COUNT: break;
    }
}

/* ---- keys ---- */

static const char *key_label(int ch, char *buf)
{
    switch (ch) {
    case ' ': return "Space";
    case '\t': return "Tab";
    case KEY_BTAB: return "S-Tab";
    case '\n': case '\r': case KEY_ENTER: return "Enter";
    case KEY_UP: return "Up";
    case KEY_DOWN: return "Down";
    case KEY_LEFT: return "Left";
    case KEY_RIGHT: return "Right";
    case KEY_F(1): return "F1";
    case KEY_F(10): return "F10";
    default: break;
    }
    if (ch > 32 && ch < 127) {
        buf[0] = (char)ch;
        buf[1] = 0;
        return buf;
    }
    return NULL;
}

static Action action_for(int ch)
{
    char buf[2];
    const char *name = key_label(ch, buf);
    if (!name)
        return ACT_NONE;
    size_t n;
    const KeyBinding *kb = keymap_table(&n);
    size_t nl = strlen(name);
    for (size_t i = 0; i < n; i++) {
        for (const char *p = kb[i].keys; *p;) {
            const char *e = strchr(p, ' ');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            if (len == nl && strncmp(p, name, len) == 0)
                return kb[i].action;
            p += len;
            while (*p == ' ')
                p++;
        }
    }
    return ACT_NONE;
}

static void prompt_key(Ui *ui, int ch)
{
    size_t len = strlen(ui->input);
    if (ch == 27) {
        ui->overlay = OV_NONE;
    } else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
        finish_prompt(ui);
    } else if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && ui->cursor > 0) {
        memmove(ui->input + ui->cursor - 1, ui->input + ui->cursor, len - ui->cursor + 1);
        ui->cursor--;
    } else if (ch == KEY_DC && ui->cursor < len) {
        memmove(ui->input + ui->cursor, ui->input + ui->cursor + 1, len - ui->cursor);
    } else if (ch == KEY_LEFT && ui->cursor > 0) {
        ui->cursor--;
    } else if (ch == KEY_RIGHT && ui->cursor < len) {
        ui->cursor++;
    } else if (ch == KEY_HOME || ch == 1) {
        ui->cursor = 0;
    } else if (ch == KEY_END || ch == 5) {
        ui->cursor = len;
    } else if (ch == 21) { /* Ctrl-U */
        ui->input[0] = 0;
        ui->cursor = 0;
    } else if (ch >= 32 && ch < 127 && len + 1 < sizeof ui->input) {
        memmove(ui->input + ui->cursor + 1, ui->input + ui->cursor, len - ui->cursor + 1);
        ui->input[ui->cursor++] = (char)ch;
    }
}

static void overlay_key(Ui *ui, int ch)
{
    if (ui->overlay == OV_PROMPT) {
        prompt_key(ui, ch);
        return;
    }
    if (ui->overlay == OV_LESSONS) {
        int n = 0;
        while (ui->lesson_names && ui->lesson_names[n])
            n++;
        if (n && (ch == KEY_UP || ch == 'k'))
            ui->lesson_sel = (ui->lesson_sel + n - 1) % n;
        else if (n && (ch == KEY_DOWN || ch == 'j' || ch == '\t'))
            ui->lesson_sel = (ui->lesson_sel + 1) % n;
        else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
            lesson_choose(ui);
        else if (ch == 27 || ch == 'q' || ch == 'L')
            ui->overlay = OV_NONE;
        return;
    }
    if (ui->overlay == OV_PRESETS) {
        size_t np;
        const Preset *p = presets_table(&np);
        if (ch == KEY_UP || ch == 'k')
            ui->preset_sel = (ui->preset_sel + (int)np - 1) % (int)np;
        else if (ch == KEY_DOWN || ch == 'j' || ch == '\t')
            ui->preset_sel = (ui->preset_sel + 1) % (int)np;
        else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
            Setup t;
            setup_default(&t);
            t.seed = ui->setup.seed;
            char err[256], msg[160];
            if (setup_parse(&t, p[ui->preset_sel].setup, err, sizeof err) != 0) {
                say(ui, 1, "%s", err);
            } else {
                snprintf(msg, sizeof msg, "preset %s: %s", p[ui->preset_sel].name, p[ui->preset_sel].what);
                restart_with(ui, &t, msg);
            }
            ui->overlay = OV_NONE;
        } else if (ch == 27 || ch == 'q' || ch == 'p')
            ui->overlay = OV_NONE;
        return;
    }
    if (ui->overlay == OV_HELP || ui->overlay == OV_INFO) {
        if (ch == KEY_DOWN || ch == 'j')
            ui->help_scroll++;
        else if (ch == KEY_UP || ch == 'k')
            ui->help_scroll = ui->help_scroll > 0 ? ui->help_scroll - 1 : 0;
        else if (ch == KEY_NPAGE)
            ui->help_scroll += LINES / 2;
        else if (ch == KEY_PPAGE)
            ui->help_scroll = ui->help_scroll > LINES / 2 ? ui->help_scroll - LINES / 2 : 0;
        else if (ch == ' ') { /* Space is pause everywhere: close the box and do it */
            ui->overlay = OV_NONE;
            do_action(ui, ACT_PAUSE);
        } else if (ch == 27 || ch == '?' || ch == 'q' || ch == 'i' || ch == KEY_F(1) || ch == KEY_F(10))
            ui->overlay = OV_NONE;
        return;
    }
    /* OV_SETUP: any key closes it */
    ui->overlay = OV_NONE;
}

static int in_rect(Rect r, int y, int x) { return r.h > 0 && y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w; }

static void mouse_event(Ui *ui)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    int n;
    ui_sliders(&n);
    if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
        /* the wheel acts on what is under the pointer: a slider, the recall bins, or nothing */
        int up = (ev.bstate & BUTTON4_PRESSED) != 0;
        if (in_rect(ui->knobs_at, ev.y, ev.x))
            step_slider(ui, up ? 1 : -1);
        else if (in_rect(ui->recall_at, ev.y, ev.x))
            do_action(ui, up ? ACT_SCROLL_UP : ACT_SCROLL_DOWN);
        return;
    }
    if (ev.bstate & (BUTTON1_RELEASED)) {
        ui->dragging = 0;
        return;
    }
    int press = (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0;
    int drag = ui->dragging && (ev.bstate & REPORT_MOUSE_POSITION);
    if (!press && !drag)
        return;
    for (int v = 0; press && v < VIEW_COUNT; v++) /* a click on a panel's title explains it */
        if (ui->title_at[v].h > 0 && ev.y == ui->title_at[v].y && ev.x >= ui->title_at[v].x &&
            ev.x < ui->title_at[v].x + ui->title_at[v].w) {
            ui->view = (UiView)v;
            do_action(ui, ACT_INFO);
            return;
        }
    int row = -1;
    for (int i = 0; i < n; i++)
        if (ui->slider_row[i] == ev.y)
            row = i;
    if (drag)
        row = ui->sel;
    if (row < 0)
        return;
    if (row != ui->sel) {
        ui->sel = row;
        show_knob_help(ui);
    }
    if (ui->bar_w > 1 && ev.x >= ui->bar_x - 1 && ev.x <= ui->bar_x + ui->bar_w) {
        ui->dragging = 1;
        double f = (double)(ev.x - ui->bar_x) / (ui->bar_w - 1);
        ui_slider_set_fraction(ui, row, f);
        const Slider *s = ui_sliders(&n);
        if (s[row].knob >= 0) /* the speed slider sets the engine's pace itself */
            apply(ui);
    }
}

static void handle_key(Ui *ui, int ch)
{
    if (ch == KEY_RESIZE)
        return; /* curses has the new size; the caller redraws */
    if (ch == KEY_MOUSE) {
        mouse_event(ui);
        return;
    }
    if (ui->overlay != OV_NONE) {
        overlay_key(ui, ch);
        return;
    }
    if (COLS < 40 || LINES < 12) { /* a tiny window: only pausing and quitting make sense */
        Action a = action_for(ch);
        if (a == ACT_QUIT || a == ACT_PAUSE)
            do_action(ui, a);
        return;
    }
    if (ui->lesson) { /* in a lesson the arrows walk the steps; Esc leaves */
        if (ch == KEY_RIGHT || ch == KEY_NPAGE) {
            do_action(ui, ACT_STEP_NEXT);
            return;
        }
        if (ch == KEY_LEFT || ch == KEY_PPAGE) {
            do_action(ui, ACT_STEP_PREV);
            return;
        }
        if (ch == 27) {
            lesson_leave(ui);
            return;
        }
    } else if (ch == 27 && ui->caption[0]) { /* Esc hides a scenario's caption */
        ui->caption[0] = 0;
        return;
    }
    do_action(ui, action_for(ch));
}

int explorer_run(const ExplorerOptions *o)
{
    char err[512];
    Ui *ui = calloc(1, sizeof *ui);
    if (!ui || !(ui->hist = calloc(UI_MAX_HIST, sizeof *ui->hist))) {
        free(ui);
        fprintf(stderr, "skscope: out of memory\n");
        return 1;
    }
    ui->setup = o->setup;
    ui->learner_view = -1;
    ui->focus_kind = -1;
    ui->recall_first = -1;
    ui->replay_to = -1;
    ui->theory_kind = -1;
    ui->sel = 0;
    ui->no_color = getenv("NO_COLOR") && *getenv("NO_COLOR");
    ui->frozen_clock = getenv("SKSCOPE_FROZEN_CLOCK") && *getenv("SKSCOPE_FROZEN_CLOCK");
    reset_axes(ui);
    /* Check the theme before the terminal changes, so an error prints normally. */
    Theme probe;
    char path[2048];
    if (o->theme && strcmp(o->theme, "default") != 0) {
        if (datadir_resolve("theme", "themes", ".theme", o->theme, SKSCOPE_SOURCE_ROOT, SKSCOPE_DATADIR, path,
                            sizeof path, err, sizeof err) != 0) {
            fprintf(stderr, "skscope: %s\n", err);
            free(ui->hist);
            free(ui);
            return 2;
        }
        if (theme_load(&probe, path, err, sizeof err) != 0) {
            /* A broken theme is reported with its line, and the default is used (issue 4). */
            fprintf(stderr, "skscope: %s; using the default theme\n", err);
            sleep(1);
        }
    }
    if (term_start(&o->term, err, sizeof err) != 0) {
        fprintf(stderr, "skscope: %s\n", err);
        free(ui->hist);
        free(ui);
        return 2;
    }
    /* Theme list for 't': default + what the data directories have. */
    char **names = datadir_list("themes", ".theme", SKSCOPE_SOURCE_ROOT, SKSCOPE_DATADIR);
    int nn = 0;
    while (names && names[nn])
        nn++;
    ui->theme_names = calloc((size_t)nn + 2, sizeof *ui->theme_names);
    if (ui->theme_names) {
        ui->theme_names[0] = strdup("default");
        for (int i = 0; i < nn; i++) {
            names[i][strlen(names[i]) - 6] = 0; /* drop ".theme" */
            ui->theme_names[i + 1] = strdup(names[i]);
        }
    }
    datadir_free_list(names);
    if (load_theme(ui, o->theme, err, sizeof err) != 0) {
        load_theme(ui, NULL, err, sizeof err);
    }
    for (int i = 0; ui->theme_names && ui->theme_names[i]; i++)
        if (o->theme && strcmp(ui->theme_names[i], o->theme) == 0)
            ui->theme_index = i;
    /* paused until its pace and stops are set: a first chunk at full speed would run past them */
    ui->eng = engine_new(&o->setup, o->learners, 1, err, sizeof err);
    if (!ui->eng) {
        term_stop();
        fprintf(stderr, "skscope: %s\n", err);
        return 1;
    }
    if (o->speed) {
        ui->pace_fixed = 1;
        ui_set_pace(ui, o->speed);
    }

    if (o->session && o->session->n > 0) {
        ui->todo = malloc(o->session->n * sizeof *ui->todo);
        if (ui->todo) {
            memcpy(ui->todo, o->session->change, o->session->n * sizeof *ui->todo);
            ui->ntodo = o->session->n;
            engine_status(ui->eng, &ui->st);
            ui->todo_gen = ui->st.generation;
            engine_pause_at_quiet(ui->eng, ui->todo[0].at);
        }
    }
    engine_pause(ui->eng, o->paused);
    sync_engine(ui);
    if (o->scenario)
        open_scenario(ui, o->scenario, "scenario", 0);
    else
        say(ui, 0, "skscope %s: %s for help, Space to pause, arrows to move the sliders", SKSCOPE_VERSION,
            term_ascii() ? "?" : "? or F1");
    ui->lesson_names = datadir_list("samples/lessons", ".lesson", SKSCOPE_SOURCE_ROOT, SKSCOPE_DATADIR);
    for (char **p = ui->lesson_names; p && *p; p++)
        (*p)[strlen(*p) - 7] = 0; /* drop ".lesson" */
    sync_engine(ui);
    if (o->lesson)
        lesson_start(ui, o->lesson);
    double last_frame = 0, t_start = tui_now(), draw_time = 0, draw_max = 0;
    uint64_t frames = 0;
    int dirty = 1;
    while (!ui->quit && !term_signalled()) {
        double t = tui_now();
        if (dirty && t - last_frame >= FRAME_SECONDS) {
            panels_draw(ui);
            refresh();
            double d = tui_now() - t;
            draw_time += d;
            draw_max = d > draw_max ? d : draw_max;
            frames++;
            last_frame = t;
            dirty = ui->pending;
        }
        /* Sleep until a key, a publication, the next frame slot, or a message expiring. */
        int wait = -1;
        if (dirty)
            wait = (int)ceil((last_frame + FRAME_SECONDS - tui_now()) * 1000);
        if (ui->msg_until > t && (wait < 0 || wait > 250))
            wait = (int)ceil((ui->msg_until - t) * 1000) + 5;
        if (wait < 0 && !ui->st.paused)
            wait = 1000; /* a heartbeat while running, in case a wake-up was missed */
        struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {engine_fd(ui->eng), POLLIN, 0}};
        int r = poll(fds, 2, wait < 0 ? -1 : wait);
        if (r < 0 && errno != EINTR)
            break;
        if (term_suspend_if_asked()) {
            dirty = 1;
            last_frame = 0; /* redraw at once after fg */
        }
        if (fds[1].revents & POLLIN) {
            dirty |= sync_engine(ui);
            replay_continue(ui);
            todo_continue(ui);
        }
        if (ui->msg_until > 0 && tui_now() >= ui->msg_until) {
            ui->msg_until = 0;
            dirty = 1;
        }
        int ch;
        while ((ch = getch()) != ERR) {
            handle_key(ui, ch);
            dirty = 1;
            if (ch == KEY_RESIZE)
                last_frame = 0; /* redraw at once */
        }
        if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
            break; /* the terminal went away */
    }
    engine_free(ui->eng);
    term_stop();
    if (o->frame_log) {
        FILE *fp = fopen(o->frame_log, "w");
        if (fp) {
            double wall = tui_now() - t_start;
            fprintf(fp, "frames %llu wall_s %.3f fps %.2f draw_ms_mean %.3f draw_ms_max %.3f\n",
                    (unsigned long long)frames, wall, (double)frames / wall,
                    frames ? 1000 * draw_time / (double)frames : 0, 1000 * draw_max);
            fclose(fp);
        }
    }
    int sig = term_signalled();
    for (int i = 0; ui->theme_names && ui->theme_names[i]; i++)
        free(ui->theme_names[i]);
    free(ui->theme_names);
    datadir_free_list(ui->lesson_names);
    free(ui->lesson);
    free(ui->todo);
    free(ui->cells);
    free(ui->hist);
    free(ui);
    return sig ? 128 + sig : 0;
}
