/*
 * main.c: the skscope program: dispatch to a subcommand.
 */
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "../tui/tui.h"
#include "cli.h"
#include "config.h"
#include "skscope/datadir.h"
#include "skscope/keymap.h"
#include "skscope/setup.h"

/* The only process-wide mutable state of the command line: set by signal handlers. */
static volatile sig_atomic_t interrupted; /* the signal that asked us to stop, 0 if none */

/* A signal that would end the process asks it to stop instead (the commands poll for it and
 * leave no temporary file, a sweep writes its finished rows). A fault that the kernel raised
 * (a bug: si_code > 0) is not caught: the default action is restored, so the faulting
 * instruction kills the process as it would have. */
static void on_interrupt(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    int fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL || sig == SIGTRAP || sig == SIGSYS;
    if (fault && si && si->si_code > 0) {
        signal(sig, SIG_DFL);
        return;
    }
    interrupted = sig;
}

int cli_interrupted(void) { return interrupted; }

void cli_catch_interrupts(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_interrupt;
    sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: a blocked read or write returns EINTR */
    sigemptyset(&sa.sa_mask);
    int sigs[64];
    for (int faults = 0; faults < 2; faults++) {
        size_t n = term_end_signals(faults, sigs, sizeof sigs / sizeof sigs[0]);
        for (size_t i = 0; i < n; i++)
            sigaction(sigs[i], &sa, NULL);
    }
}

int cli_interrupted_error(const char *cmd, const char *files, const char *fmt, ...)
{
    char name[32], what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    fprintf(stderr, "skscope %s: %s%sinterrupted by %s (%s): %s\n", cmd, files ? files : "", files ? ": " : "",
            term_signal_name(interrupted, name, sizeof name), strerror(EINTR), what);
    return EXIT_RUNTIME;
}

static int vreport(const char *cmd, const char *fmt, va_list ap)
{
    fprintf(stderr, "skscope%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    return 0;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cmd, fmt, ap);
    va_end(ap);
    return EXIT_USAGE;
}

int cli_option_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cmd, fmt, ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "Try 'skscope %s --help' for more information.\n", cmd);
    else
        fprintf(stderr, "Try 'skscope --help' for more information.\n");
    return EXIT_USAGE;
}

int cli_load_scenario(const char *name, Scenario *sc, char *err, size_t errlen)
{
    char path[2048];
    if (datadir_resolve("scenario", "samples", ".ini", name, SKSCOPE_SOURCE_ROOT, SKSCOPE_DATADIR, path, sizeof path,
                        err, errlen) != 0)
        return -1;
    return scenario_load(path, sc, err, errlen);
}

/* Whether standard output is a pipe or socket whose reader has gone (`skscope run --csv - |
 * head`): poll reports POLLERR on the write end of a pipe with no reader left. */
static int stdout_reader_gone(void)
{
    struct stat st;
    if (fstat(STDOUT_FILENO, &st) != 0 || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
        return 0;
    struct pollfd p = {STDOUT_FILENO, POLLOUT, 0};
    return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

int cli_runtime_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cmd, fmt, ap);
    va_end(ap);
    return EXIT_RUNTIME;
}

int cli_output_error(const char *cmd, const char *fmt, ...)
{
    /* A reader that stops reading early asked for no more: no message, but the status still
     * says the output is incomplete. */
    if (stdout_reader_gone())
        return EXIT_RUNTIME;
    va_list ap;
    va_start(ap, fmt);
    vreport(cmd, fmt, ap);
    va_end(ap);
    return EXIT_RUNTIME;
}

static const char usage_text[] =
    "usage: skscope [--setup STRING | --scenario FILE] ...   open the explorer ('skscope help explorer')\n"
    "       skscope run [options]                            simulate headless, write CSV\n"
    "       skscope sweep --grid SPEC [options]              a grid of runs in parallel, one tidy CSV\n"
    "       skscope merge PART.csv... --csv OUT.csv          combine sweep parts run separately\n"
    "       skscope fit-corpus FILE...                       Zipf and Heaps of real text, as a setup\n"
    "       skscope plot FILE.csv                            a gnuplot script for a run or a sweep\n"
    "       skscope lesson NAME                              a guided lesson in the explorer\n"
    "       skscope bench [--quick] [--csv] [--compare]      measure speed and memory\n"
    "       skscope help [COMMAND]                           this text, or a command's options\n"
    "       skscope --version\n"
    "\n"
    "skscope simulates the Syntax-Knowledge model (Pan, Wang, Liao, Li, NeurIPS 2025): text is a\n"
    "parametric syntax plus facts with Zipf frequencies and Heaps growth; learners compress it,\n"
    "and the data and model scaling laws, acquisition order and hallucination follow.\n"
    "\n"
    "Setup strings look like 's=1.8,k=2,C=4096,V=64,T=16,seed=1'. 'skscope help run' lists the\n"
    "run options, 'skscope help knobs' every knob with its range and meaning, 'skscope help keys'\n"
    "the explorer's keys.\n";

/* The knob table as text: name, default, range, meaning. */
static void print_knobs(void)
{
    const Knob *k = knob_table();
    printf("%-8s %-9s %-9s %-9s %s\n", "knob", "default", "min", "max", "meaning");
    for (int i = 0; i < KNOB_COUNT; i++)
        printf("%-8s %-9.4g %-9.6g %-9.6g %s%s\n", k[i].name, k[i].def, k[i].min, k[i].max, k[i].help,
               k[i].flags & KNOB_LIVE ? "" : " [fixed for a run]");
}

/* The key table as text: keys, meaning. */
static void print_keys(void)
{
    size_t n;
    const KeyBinding *kb = keymap_table(&n);
    for (size_t i = 0; i < n; i++)
        printf("%-14s %s\n", kb[i].keys, kb[i].help);
}

/* The data files in SUB (scenarios, themes) with their titles: the scenario's title, or a
 * theme's first comment line. */
static int print_data(const char *sub, const char *suffix)
{
    char **names = datadir_list(sub, suffix, SKSCOPE_SOURCE_ROOT, SKSCOPE_DATADIR);
    size_t sl = strlen(suffix);
    for (char **p = names; p && *p; p++) {
        char path[2048], title[200] = "", err[256];
        int nl = (int)(strlen(*p) - sl);
        if (datadir_find(sub, *p, SKSCOPE_SOURCE_ROOT, SKSCOPE_DATADIR, path, sizeof path) == 0) {
            if (strcmp(suffix, ".ini") == 0) {
                Scenario sc;
                memset(&sc, 0, sizeof sc);
                setup_default(&sc.setup);
                if (scenario_load(path, &sc, err, sizeof err) == 0)
                    snprintf(title, sizeof title, "%.60s%s%.120s", sc.title, sc.description[0] ? ": " : "",
                             sc.description);
                else
                    snprintf(title, sizeof title, "(unreadable: %.150s)", err);
            } else {
                FILE *fp = fopen(path, "r");
                char line[200];
                while (fp && fgets(line, sizeof line, fp))
                    if (line[0] == '#' || line[0] == ';') {
                        char *t = line + 1;
                        t += strspn(t, " ");
                        const char *colon = strstr(t, ": ");
                        snprintf(title, sizeof title, "%s", colon ? colon + 2 : t);
                        title[strcspn(title, "\n")] = 0;
                        break;
                    }
                if (fp)
                    fclose(fp);
            }
        }
        printf("%-24.*s %s\n", nl, *p, title);
    }
    int any = names && names[0];
    datadir_free_list(names);
    return any ? EXIT_OK : cli_runtime_error("help", "no %s found (set SKSCOPE_DATADIR to skscope's data directory)", sub);
}

/* The subcommands: each takes (argc, argv) with argv[0] its own name and answers --help. */
static const struct {
    const char *name;
    int (*fn)(int, char **);
} commands[] = {
    {"run", cmd_run},     {"sweep", cmd_sweep},          {"merge", cmd_merge}, {"fit-corpus", cmd_fitcorpus},
    {"plot", cmd_plot},   {"lesson", cmd_lesson},        {"bench", cmd_bench},
};
#define COMMAND_NAMES "run, sweep, merge, fit-corpus, plot, lesson, bench"

/* The command named by argv[1] (the explorer without one); its exit code. */
static int dispatch(int argc, char **argv)
{
    if (argc < 2)
        return cmd_explore(argc, argv);
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("skscope %s\n", SKSCOPE_VERSION);
        return EXIT_OK;
    }
    if (cmd[0] == '-' && cmd[1] == '-' && strcmp(cmd, "--help") != 0)
        return cmd_explore(argc, argv); /* explorer options */
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        }
        if (strcmp(argv[2], "knobs") == 0) {
            print_knobs();
            return EXIT_OK;
        }
        if (strcmp(argv[2], "keys") == 0) {
            print_keys();
            return EXIT_OK;
        }
        if (strcmp(argv[2], "scenarios") == 0)
            return print_data("samples", ".ini");
        if (strcmp(argv[2], "themes") == 0) {
            puts("default                  built in: colours of the terminal's palette");
            return print_data("themes", ".theme");
        }
        if (strcmp(argv[2], "explorer") == 0) {
            char help[] = "--help";
            char *args[] = {argv[0], help, NULL};
            return cmd_explore(2, args);
        }
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[2], commands[i].name) == 0) {
                char help[] = "--help";
                char *args[] = {argv[2], help, NULL};
                return commands[i].fn(2, args);
            }
        return cli_option_error(NULL, "no help on '%s' (topics: explorer, knobs, keys, scenarios, themes, %s)", argv[2],
                               COMMAND_NAMES);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    return cli_option_error(NULL, "unknown command or option '%s' (commands: run, sweep, merge, fit-corpus, plot, lesson, bench, help)", cmd);
}

/* Whatever a command printed must have reached standard output: flush and close it and check
 * (as coreutils' close_stdout does), so that `skscope sweep --list > /dev/full` fails instead
 * of reporting success. A reader that has gone (`| head`) asked for no more: status 1, no
 * message (cli_output_error). A command that already failed keeps its own message. */
static int close_stdout(const char *cmd, int rc)
{
    int bad = ferror(stdout);
    errno = 0;
    int e = fflush(stdout) != 0 ? errno : 0;
    if (fclose(stdout) != 0 && !e && errno != EBADF) /* EBADF: stdout was closed and unused */
        e = errno;
    if (!bad && !e)
        return rc;
    if (rc != EXIT_OK)
        return rc;
    if (e)
        return cli_output_error(cmd, "cannot write standard output: %s", strerror(e));
    return cli_output_error(cmd, "cannot write standard output (a write failed before)");
}

int main(int argc, char **argv)
{
    setlocale(LC_CTYPE, "");     /* never LC_NUMERIC: CSV and setup strings use '.' */
    signal(SIGXFSZ, SIG_IGN);    /* a file-size limit becomes a write error, not a kill */
    signal(SIGPIPE, SIG_IGN);    /* a closed pipe becomes a write error */
    gsl_set_error_handler_off(); /* GSL errors are return codes, never abort() */
    /* messages name the command (a word, not an option) */
    const char *cmd = argc >= 2 && argv[1][0] != '-' ? argv[1] : NULL;
    return close_stdout(cmd, dispatch(argc, argv));
}
