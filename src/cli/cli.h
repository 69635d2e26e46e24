/*
 * cli.h: the subcommands of the skscope program and what they share.
 */
#ifndef SKSCOPE_CLI_H
#define SKSCOPE_CLI_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "skscope/scenario.h"

/* Exit codes: 0 done, 1 runtime failure, 2 usage error. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* cmd_explore: `skscope [options]`: the explorer. argv[0] is the program. */
int cmd_explore(int argc, char **argv);

/* cli_load_scenario: load scenario NAME on top of *sc: a file, or a sample's name found in the
 * data directories (e.g. "heaps-zipf" for samples/heaps-zipf.ini). 0, or -1 with a message. */
int cli_load_scenario(const char *name, Scenario *sc, char *err, size_t errlen);

/* cmd_lesson: `skscope lesson [NAME [options]]`: list the lessons, or open one. */
int cmd_lesson(int argc, char **argv);

/* cmd_sweep / cmd_merge / cmd_fitcorpus / cmd_plot: `skscope sweep|merge|fit-corpus|plot`. */
int cmd_sweep(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_fitcorpus(int argc, char **argv);
int cmd_plot(int argc, char **argv);

/* cli_write_plot: write the gnuplot script for `csv` beside it (plot.h), atomically, refusing
 * to overwrite unless `force`; say where unless `quiet`. Exit code; errors are reported as `cmd`. */
int cli_write_plot(const char *cmd, const char *csv, int force, int quiet);

/* cmd_bench: `skscope bench [options]`. */
int cmd_bench(int argc, char **argv);

/* cmd_run: `skscope run [options]`. argv[0] is "run". Returns an exit code. */
int cmd_run(int argc, char **argv);

/* cli_usage_error: print the one line "skscope CMD: message" to stderr (a bad value or file);
 * returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cli_option_error: the same for an unknown option, a missing value or an unknown command,
 * followed by the hint "Try 'skscope CMD --help'". Returns EXIT_USAGE. */
int cli_option_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cli_runtime_error: print "skscope CMD: message" to stderr; returns EXIT_RUNTIME. */
int cli_runtime_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* cli_output_error: the same for a failure to write an output, except when standard output is
 * a pipe whose reader has gone (`... --csv - | head`): then nothing is printed (the reader asked
 * for no more). Returns EXIT_RUNTIME either way. */
int cli_output_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cli_interrupted: nonzero once SIGINT or SIGTERM arrived (after cli_catch_interrupts). */
int cli_interrupted(void);

/* cli_catch_interrupts: make SIGINT/SIGTERM set the flag instead of killing the process. */
void cli_catch_interrupts(void);

/* Progress bar on stderr (only drawn when stderr is a terminal and not quiet). */
typedef struct Progress {
    int on;            /* drawing */
    double t0;         /* start time (s) */
    double last;       /* last draw (s) */
    uint64_t total;    /* units to do */
    const char *unit;  /* "sentences", "points" */
} Progress;

void progress_start(Progress *p, uint64_t total, const char *unit, int quiet);
void progress_update(Progress *p, uint64_t done);
void progress_finish(Progress *p);

/* cli_now: monotonic seconds. */
double cli_now(void);

/* cli_cpus: the CPUs this process may run on (its affinity mask; 1 if unknown). */
int cli_cpus(void);


#endif
