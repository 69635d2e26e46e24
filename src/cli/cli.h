/*
 * cli.h: the subcommands of the skscope program and what they share.
 */
#ifndef SKSCOPE_CLI_H
#define SKSCOPE_CLI_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "skscope/atomicfile.h"
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

/* One output a command will write, for cli_check_outputs. */
typedef struct CliOutput {
    const char *option;   /* "--csv" */
    const char *path;     /* its name; "-" is standard output; NULL: not given */
    int flag;             /* 1: an option without a value that writes to path ("--text", "-") */
} CliOutput;

/* cli_check_outputs: before anything is written, refuse two outputs of outs[0 .. n) that are
 * one file: both standard output ("-", --text, or a name that is the file standard output
 * goes to), or two names of one existing file (same device and inode: a hard or symbolic
 * link too), or two names of one new file (same resolved directory and name). A character
 * device other than standard output (/dev/null) may be named twice. -1 when they are
 * distinct, else EXIT_USAGE (message printed). */
int cli_check_outputs(const char *cmd, const CliOutput *outs, int n);

/* cli_is_stdout: whether path is "-" or names the file standard output goes to. */
int cli_is_stdout(const char *path);

/* cli_open_plot: open the gnuplot script beside `csv` (plot_script_path) for writing, with the
 * CSV, before anything is computed. NULL with the message printed and *rc set. */
AtomicFile *cli_open_plot(const char *cmd, const char *csv, int force, int *rc);

/* cli_plot_written: write the script for what `csv` holds so far (read back from its
 * temporary) into `script`; both are then committed together (atomicfile_commit_all).
 * EXIT_OK, or the error's status (message printed). */
int cli_plot_written(const char *cmd, AtomicFile *csv, AtomicFile *script);

/* cli_commit: commit fs[0 .. n) as one (NULL entries skipped; frees them all), unless a signal
 * asked the command to stop while they were written, the last flush and fsync included: then
 * nothing is moved into place and the message is "NAMES: interrupted by SIG...: WHAT". EXIT_OK,
 * or the error's status (message printed; the targets unchanged, no temporary left). */
int cli_commit(const char *cmd, AtomicFile *const *fs, size_t n, const char *names, const char *what);

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

/* cli_interrupted: the signal that asked the command to stop (after cli_catch_interrupts), or
 * 0 while none arrived. */
int cli_interrupted(void);

/* cli_catch_interrupts: make every catchable signal whose default action would end the process
 * (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, ..., and SIGSEGV and the like when sent by kill)
 * set the flag instead; blocking reads and writes then return EINTR. */
void cli_catch_interrupts(void);

/* cli_interrupted_error: "skscope CMD: FILES: interrupted by SIGNAME (Interrupted system call):
 * MESSAGE" on stderr (FILES: the outputs concerned, NULL for none). Returns EXIT_RUNTIME. */
int cli_interrupted_error(const char *cmd, const char *files, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

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
