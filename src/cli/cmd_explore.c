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

static const char explore_help[] =
    "usage: skscope [options]\n"
    "Open the explorer: sliders, live loss curves, Heaps and Zipf plots, recall by rank.\n"
    "\n"
    "  --setup STRING     knobs, e.g. 's=1.8,k=2,C=4096,seed=1' (what 'c' shows in the explorer)\n"
    "  --scenario FILE    an INI scenario; --setup, --set and --seed apply on top\n"
    "  --set KEY=VALUE    one knob (repeatable)\n"
    "  --seed N           the seed\n"
    "  --learner LIST     bayes, bayes-cap, sgd or all (default all)\n"
    "  --theme NAME|FILE  default, dark, light, mono, projector, or a theme file\n"
    "  --ascii            plain ASCII (also chosen when the locale is not UTF-8)\n"
    "  --blocks           block characters instead of braille for the charts\n"
    "  --braille          braille charts even where blocks would be chosen\n"
    "  --no-mouse         leave the mouse to the terminal (copy and paste)\n"
    "  --paused           start paused\n"
    "  --help             this text\n"
    "\n"
    "Keys: press ? in the explorer, or see 'skscope help keys'. NO_COLOR=1 turns colours off.\n";

enum { O_SETUP = 256, O_SCENARIO, O_SET, O_SEED, O_LEARNER, O_THEME, O_ASCII, O_BLOCKS, O_BRAILLE,
       O_NOMOUSE, O_PAUSED, O_HELP, O_FRAMELOG };

static const struct option opts[] = {
    {"setup", required_argument, NULL, O_SETUP},   {"scenario", required_argument, NULL, O_SCENARIO},
    {"set", required_argument, NULL, O_SET},       {"seed", required_argument, NULL, O_SEED},
    {"learner", required_argument, NULL, O_LEARNER}, {"learners", required_argument, NULL, O_LEARNER},
    {"theme", required_argument, NULL, O_THEME},   {"ascii", no_argument, NULL, O_ASCII},
    {"blocks", no_argument, NULL, O_BLOCKS},       {"braille", no_argument, NULL, O_BRAILLE},
    {"no-mouse", no_argument, NULL, O_NOMOUSE},    {"paused", no_argument, NULL, O_PAUSED},
    {"help", no_argument, NULL, O_HELP},           {"frame-log", required_argument, NULL, O_FRAMELOG},
    {NULL, 0, NULL, 0},
};

int cmd_explore(int argc, char **argv)
{
    ExplorerOptions o;
    memset(&o, 0, sizeof o);
    Scenario sc;
    memset(&sc, 0, sizeof sc);
    setup_default(&sc.setup);
    o.learners = (1u << LEARNER_KINDS) - 1;
    o.term.mouse = 1;
    int glyph = -1; /* -1: from the locale and terminal */
    const char *scenario = NULL;
    const char *later[256];
    char own[256][80];
    int nlater = 0, have_learners = 0;
    char err[512];
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
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
        case O_BRAILLE: glyph = CHART_BRAILLE; break;
        case O_NOMOUSE: o.term.mouse = 0; break;
        case O_PAUSED: o.paused = 1; break;
        case O_HELP: fputs(explore_help, stdout); return EXIT_OK;
        case O_FRAMELOG: o.frame_log = optarg; break; /* undocumented: for measurements */
        case ':': return cli_usage_error(NULL, "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage_error(NULL, "unknown command or option '%s' (commands: run, sweep, merge, fit-corpus, plot, bench, help)", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error(NULL, "unknown command or option '%s' (commands: run, sweep, merge, fit-corpus, plot, bench, help)", argv[optind]);
    if (scenario && scenario_load(scenario, &sc, err, sizeof err) != 0)
        return cli_usage_error(NULL, "%s", err);
    for (int i = 0; i < nlater; i++)
        if (setup_parse(&sc.setup, later[i], err, sizeof err) != 0)
            return cli_usage_error(NULL, "%s", err);
    if (!have_learners && sc.learners)
        o.learners = sc.learners;
    o.setup = sc.setup;
    /* Glyphs: ASCII off a UTF-8 locale; blocks on the Linux console (no braille in its font). */
    int utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    const char *term = getenv("TERM");
    if (!utf8)
        glyph = CHART_ASCII;
    else if (glyph < 0)
        glyph = term && strcmp(term, "linux") == 0 ? CHART_BLOCKS : CHART_BRAILLE;
    o.term.glyphs = (ChartGlyphs)glyph;
    o.term.ascii = glyph == CHART_ASCII;
    return explorer_run(&o);
}
