/*
 * cmd_explore.c: `skscope [options]`: parse the explorer's options and open it.
 */
#include <getopt.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tui/tui.h"
#include "cli.h"
#include "skscope/learner.h"
#include "skscope/scenario.h"
#include "skscope/session.h"

static const char explore_help[] =
    "usage: skscope [options]\n"
    "Open the explorer: sliders, live loss curves, Heaps and Zipf plots, recall by rank.\n"
    "\n"
    "  --setup STRING     knobs, e.g. 's=1.8,k=2,C=4096,seed=1' (what 'c' shows in the explorer)\n"
    "  --scenario FILE    an INI scenario; --setup, --set and --seed apply on top\n"
    "  --set KEY=VALUE    one knob (repeatable)\n"
    "  --seed N           the seed\n"
    "  --learner LIST     bayes, bayes-cap, sgd, neural; classic (the first three, default) or all\n"
    "  --theme NAME|FILE  default, dark, light, mono, projector, or a theme file\n"
    "  --ascii            plain ASCII (also chosen when the locale is not UTF-8)\n"
    "  --blocks           block characters instead of braille for the charts\n"
    "  --braille          braille charts even where blocks would be chosen\n"
    "  --no-mouse         leave the mouse to the terminal (copy and paste)\n"
    "  --paused           start paused\n"
    "  --speed PACE       N/min (decades of sentences a minute), N/s (sentences a second) or max;\n"
    "                     lessons and scenarios then keep it (default: theirs, 4/min; else max)\n"
    "  --lesson NAME      start a guided lesson (also: skscope lesson NAME; 'L' in the explorer)\n"
    "  --help             this text\n"
    "\n"
    "Keys: press ? in the explorer, or see 'skscope help keys'. NO_COLOR=1 turns colours off.\n";

enum { O_SETUP = 256, O_SCENARIO, O_SET, O_SEED, O_LEARNER, O_THEME, O_ASCII, O_BLOCKS, O_BRAILLE,
       O_NOMOUSE, O_PAUSED, O_HELP, O_FRAMELOG, O_LESSON, O_SPEED };

static const struct option opts[] = {
    {"setup", required_argument, NULL, O_SETUP},   {"scenario", required_argument, NULL, O_SCENARIO},
    {"set", required_argument, NULL, O_SET},       {"seed", required_argument, NULL, O_SEED},
    {"learner", required_argument, NULL, O_LEARNER}, {"learners", required_argument, NULL, O_LEARNER},
    {"theme", required_argument, NULL, O_THEME},   {"ascii", no_argument, NULL, O_ASCII},
    {"blocks", no_argument, NULL, O_BLOCKS},       {"braille", no_argument, NULL, O_BRAILLE},
    {"no-mouse", no_argument, NULL, O_NOMOUSE},    {"paused", no_argument, NULL, O_PAUSED}, {"speed", required_argument, NULL, O_SPEED},
    {"help", no_argument, NULL, O_HELP},           {"frame-log", required_argument, NULL, O_FRAMELOG},
    {"lesson", required_argument, NULL, O_LESSON},
    {NULL, 0, NULL, 0},
};

int cmd_explore(int argc, char **argv)
{
    ExplorerOptions o;
    memset(&o, 0, sizeof o);
    Scenario sc;
    memset(&sc, 0, sizeof sc);
    setup_default(&sc.setup);
    o.learners = LEARNER_MASK_CLASSIC;
    o.term.mouse = 1;
    int glyph = -1; /* -1: from the locale and terminal */
    const char *scenario = NULL, *lesson_name = NULL;
    ScenarioPace speed = {0, 0};
    const char *later[256];
    char own[256][80];
    int nlater = 0, have_learners = 0;
    char err[512];
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if ((c == O_SETUP || c == O_SET || c == O_SEED) && nlater == 256)
            return cli_usage_error(NULL, "too many --setup/--set/--seed options");
        switch (c) {
        case O_SETUP:
        case O_SET: later[nlater++] = optarg; break;
        case O_SEED:
            snprintf(own[nlater], sizeof own[nlater], "seed=%.60s", optarg);
            later[nlater] = own[nlater];
            nlater++;
            break;
        case O_SCENARIO: scenario = optarg; break;
        case O_LEARNER:
            if (learner_parse_set(optarg, &o.learners, err, sizeof err) != 0)
                return cli_usage_error(NULL, "--learner: %s", err);
            have_learners = 1;
            break;
        case O_THEME: o.theme = optarg; break;
        case O_ASCII: glyph = CHART_ASCII; break;
        case O_BLOCKS: glyph = CHART_BLOCKS; break;
        case O_BRAILLE:
            glyph = CHART_BRAILLE;
            o.term.braille = 1;
            break;
        case O_NOMOUSE: o.term.mouse = 0; break;
        case O_PAUSED: o.paused = 1; break;
        case O_SPEED:
            if (scenario_parse_pace(optarg, &speed, err, sizeof err) != 0)
                return cli_usage_error(NULL, "--speed: %s", err + strlen("pace: "));
            o.speed = &speed;
            break;
        case O_HELP: fputs(explore_help, stdout); return EXIT_OK;
        case O_FRAMELOG: o.frame_log = optarg; break; /* undocumented: for measurements */
        case O_LESSON: lesson_name = optarg; break;
        case ':': return cli_option_error(NULL, "option '%s' needs a value", argv[optind - 1]);
        default: return cli_option_error(NULL, "unknown command or option '%s' (commands: run, sweep, merge, fit-corpus, plot, lesson, bench, help)", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_option_error(NULL, "unknown command or option '%s' (commands: run, sweep, merge, fit-corpus, plot, lesson, bench, help)", argv[optind]);
    if (scenario && cli_load_scenario(scenario, &sc, err, sizeof err) != 0)
        return cli_usage_error(NULL, "%s", err);
    /* A session string's changes (;@N:...) are replayed by the explorer at their sentences, as
     * run --setup applies them: one string may carry them. */
    Session session;
    int have_session = 0;
    for (int i = 0; i < nlater; i++) {
        if (!strchr(later[i], ';')) {
            if (setup_parse(&sc.setup, later[i], err, sizeof err) != 0)
                return cli_usage_error(NULL, "%s", err);
            continue;
        }
        if (have_session) {
            session_free(&session);
            return cli_usage_error(NULL, "two --setup strings carry changes (;@N:...): give them all in one");
        }
        if (session_parse(&session, &sc.setup, later[i], err, sizeof err) != 0)
            return cli_usage_error(NULL, "%s", err);
        sc.setup = session.base;
        have_session = 1;
    }
    if (have_session)
        o.session = &session;
    if (!have_learners && sc.learners)
        o.learners = sc.learners;
    o.setup = sc.setup;
    if (scenario) {
        o.scenario = &sc;
    }
    Lesson *lesson = NULL;
    if (lesson_name) {
        char path[2048];
        lesson = malloc(sizeof *lesson);
        if (!lesson)
            return cli_runtime_error(NULL, "out of memory");
        if (explorer_find_lesson(lesson_name, path, sizeof path, err, sizeof err) != 0 ||
            lesson_load(path, lesson, err, sizeof err) != 0) {
            free(lesson);
            return cli_usage_error("lesson", "%s", err);
        }
        if (scenario) {
            free(lesson);
            return cli_usage_error("lesson", "a lesson brings its own setup: --scenario cannot go with it");
        }
        /* --setup, --set and --seed change the lesson's setup (restart steps start from it too),
         * and --learner replaces its learners. */
        for (int i = 0; i < nlater; i++)
            if (setup_parse(&lesson->base.setup, later[i], err, sizeof err) != 0) {
                free(lesson);
                return cli_usage_error("lesson", "%s", err);
            }
        if (have_learners)
            lesson->base.learners = o.learners;
        o.lesson = lesson;
        o.setup = lesson->base.setup;
        if (lesson->base.learners)
            o.learners = lesson->base.learners;
    }
    /* Glyphs: ASCII off a UTF-8 locale; blocks on the Linux console (no braille in its font). */
    int utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    const char *term = getenv("TERM");
    if (!utf8)
        glyph = CHART_ASCII;
    else if (glyph < 0)
        glyph = term && strcmp(term, "linux") == 0 ? CHART_BLOCKS : CHART_BRAILLE;
    o.term.glyphs = (ChartGlyphs)glyph;
    o.term.ascii = glyph == CHART_ASCII;
    int rc = explorer_run(&o);
    free(lesson);
    if (have_session)
        session_free(&session);
    return rc;
}

static const char lesson_help[] =
    "usage: skscope lesson [NAME|FILE [explorer options]]\n"
    "Open the explorer on a guided lesson: each step sets the knobs, runs to a point and pauses\n"
    "with a caption saying what happened and what to try. Right/Left move between steps, q leaves.\n"
    "With no NAME, list the lessons found in the data directories (see skscope(1), FILES).\n";

/* `skscope lesson`: list the lessons, or open one (= skscope --lesson NAME ...). */
int cmd_lesson(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(lesson_help, stdout);
        return EXIT_OK;
    }
    if (argc >= 2 && argv[1][0] == '-')
        return cli_usage_error("lesson", "expected a lesson name before options, not '%s'", argv[1]);
    if (argc < 2) {
        char **names = explorer_list_lessons();
        if (!names || !names[0]) {
            explorer_free_lessons(names);
            return cli_runtime_error("lesson", "no lessons found (set SKSCOPE_DATADIR to skscope's data directory)");
        }
        for (char **p = names; *p; p++)
            puts(*p);
        explorer_free_lessons(names);
        return EXIT_OK;
    }
    /* skscope lesson NAME ARGS... = skscope --lesson NAME ARGS... */
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (!args)
        return cli_runtime_error(NULL, "out of memory");
    char opt[] = "--lesson";
    args[0] = argv[0];
    args[1] = opt;
    for (int i = 1; i < argc; i++)
        args[i + 1] = argv[i];
    int rc = cmd_explore(argc + 1, args);
    free(args);
    return rc;
}
