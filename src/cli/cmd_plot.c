/*
 * cmd_plot.c: `skscope plot FILE.csv [--out SCRIPT.gp] [--force] [--run]`: a gnuplot script for
 * a run or a sweep CSV (plot.h), written atomically, and optionally drawn with gnuplot.
 */
#include <errno.h>
#include <signal.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "skscope/atomicfile.h"
#include "skscope/plot.h"

static const char plot_help[] =
    "usage: skscope plot FILE.csv [--out SCRIPT.gp] [--force] [--run]\n"
    "Write a gnuplot script that draws the CSV of a run or a sweep as log-log figures, with the\n"
    "theory lines and the fitted slopes. The data are inline: the script needs nothing else.\n"
    "\n"
    "  a run   (a) expected excess per sentence vs tokens, one line per learner (one learner: its\n"
    "          syntax and knowledge parts too), the unlimited Bayes theory log2 V x E[P(new)] and\n"
    "          the capacity floor, slopes fitted over the last decade; (b) distinct facts vs\n"
    "          sentences with E[K_n] and the Heaps slope beside 1/s\n"
    "  a sweep expected knowledge excess vs n and/or C, one line per value of the other knobs\n"
    "          (seed means), fitted slopes beside -(1 - 1/s) and -(s - 1)\n"
    "\n"
    "  --out SCRIPT.gp   where to write the script (default: FILE.gp beside the CSV; '-' is\n"
    "                    standard output)\n"
    "  --force           overwrite an existing script\n"
    "  --run             also run gnuplot on it (PNG beside the script)\n"
    "  --help            this text\n"
    "\n"
    "Then: gnuplot FILE.gp (PNG), gnuplot -e \"term='svg'\" FILE.gp, or term='pdf'.\n"
    "Exit status: 0 done, 1 runtime failure (nothing partial is left behind), 2 usage error.\n";

enum { OPT_OUT = 256, OPT_FORCE, OPT_RUN, OPT_HELP };

static const struct option plot_opts[] = {
    {"out", required_argument, NULL, OPT_OUT},
    {"force", no_argument, NULL, OPT_FORCE},
    {"run", no_argument, NULL, OPT_RUN},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

/* Whether an executable `name` is in a directory of $PATH. */
static int on_path(const char *name)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *end = strchr(path, ':');
        size_t len = end ? (size_t)(end - path) : strlen(path);
        char file[4096];
        if (len == 0)
            snprintf(file, sizeof file, "./%s", name); /* an empty entry is the current directory */
        else
            snprintf(file, sizeof file, "%.*s/%s", (int)len, path, name);
        struct stat st;
        if (stat(file, &st) == 0 && S_ISREG(st.st_mode) && access(file, X_OK) == 0)
            return 1;
        if (!end)
            break;
        path = end + 1;
    }
    return 0;
}

/* Run `gnuplot -e "out='OUT'" script` (no shell, so any file name is safe; OUT is quoted for
 * gnuplot: a quote doubled). Its exit status, or -1. */
static int run_gnuplot(const char *script, const char *out)
{
    char expr[8300];
    size_t j = (size_t)snprintf(expr, sizeof expr, "out='");
    for (const char *p = out; *p && j + 4 < sizeof expr; p++) {
        if (*p == '\'')
            expr[j++] = '\'';
        expr[j++] = *p;
    }
    snprintf(expr + j, sizeof expr - j, "'");
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* ignored signals stay ignored across exec: give gnuplot the defaults */
        signal(SIGPIPE, SIG_DFL);
        signal(SIGXFSZ, SIG_DFL);
        char prog[] = "gnuplot", opt[] = "-e";
        char *args[] = {prog, opt, expr, (char *)(uintptr_t)script, NULL};
        execvp(prog, args);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* The file gnuplot writes for `script` with term 'png' (the script's rule: ".gp" -> ".png"). */
static void image_path(const char *script, char *buf, size_t n)
{
    size_t len = strlen(script);
    if (len > 3 && strcmp(script + len - 3, ".gp") == 0)
        len -= 3;
    snprintf(buf, n, "%.*s.png", (int)len, script);
}

/* The gnuplot script for csv, written atomically to path ("-": standard output); a bad CSV
 * leaves nothing behind. EXIT_OK or the error's status (message printed). */
static int write_script(const char *cmd, const char *csv, const char *path, int force)
{
    char err[1024];
    AtomicFile *pf = atomicfile_open(path, force, err, sizeof err);
    if (!pf)
        return cli_runtime_error(cmd, "%s", err);
    /* a failed write of the script is the commit's to report, naming the file */
    if (plot_write_script(csv, atomicfile_stream(pf), err, sizeof err) != 0 && !ferror(atomicfile_stream(pf))) {
        atomicfile_abort(pf);
        return cli_runtime_error(cmd, "%s", err);
    }
    if (cli_interrupted()) {
        atomicfile_abort(pf);
        return cli_interrupted_error(cmd, path, "nothing written");
    }
    return cli_commit(cmd, &pf, 1, path, "nothing written");
}

/* Draw the script with gnuplot into a temporary beside its image, moved into place only when
 * gnuplot succeeded: a failed or interrupted drawing leaves no partial image (an old one
 * stays). The exit status. */
static int draw(const char *script)
{
    char image[4200], tmp[4300];
    image_path(script, image, sizeof image);
    if (strchr(image, '\n'))
        return cli_runtime_error("plot", "--run: the image name '%s' holds a newline (gnuplot cannot be given it)", image);
    const char *slash = strrchr(image, '/');
    int dirlen = slash ? (int)(slash - image) + 1 : 0;
    snprintf(tmp, sizeof tmp, "%.*s.%s.tmp.XXXXXX", dirlen, image, slash ? slash + 1 : image);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return cli_runtime_error("plot", "cannot write %s: %s", image, strerror(errno));
    (void)fchmod(fd, 0644); /* mkstemp makes 0600; the image is for sharing, as the CSV */
    close(fd);
    int st = run_gnuplot(script, tmp);
    struct stat sb;
    int rc = EXIT_OK;
    if (cli_interrupted())
        rc = cli_interrupted_error("plot", image, "gnuplot stopped: nothing written");
    else if (st != 0)
        rc = cli_runtime_error("plot", "--run: gnuplot %s %s (exit status %d): %s not written", script,
                               st < 0 ? "could not be started" : "failed", st, image);
    else if (stat(tmp, &sb) != 0 || sb.st_size == 0)
        rc = cli_runtime_error("plot", "--run: gnuplot %s wrote no image: %s not written", script, image);
    else if (rename(tmp, image) != 0)
        rc = cli_runtime_error("plot", "cannot write %s: %s", image, strerror(errno));
    if (rc != EXIT_OK) {
        unlink(tmp);
        return rc;
    }
    printf("wrote %s\n", image);
    return EXIT_OK;
}

int cmd_plot(int argc, char **argv)
{
    const char *out = NULL;
    int force = 0, run = 0;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":", plot_opts, NULL)) != -1) {
        switch (c) {
        case OPT_OUT:
            if (!*optarg)
                return cli_usage_error("plot", "--out: empty file name");
            out = optarg;
            break;
        case OPT_FORCE:
            force = 1;
            break;
        case OPT_RUN:
            run = 1;
            break;
        case OPT_HELP:
            fputs(plot_help, stdout);
            return EXIT_OK;
        case ':':
            return cli_option_error("plot", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_option_error("plot", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("plot", "which CSV? usage: skscope plot FILE.csv [--out SCRIPT.gp] [--force] [--run]");
    if (argc - optind > 1)
        return cli_usage_error("plot", "one CSV at a time (got '%s' and '%s')", argv[optind], argv[optind + 1]);
    const char *csv = argv[optind];
    if (!*csv)
        return cli_usage_error("plot", "empty file name");

    char script[4096];
    if (out) {
        if (strlen(out) >= sizeof script)
            return cli_usage_error("plot", "--out: file name longer than %zu bytes", sizeof script - 1);
        snprintf(script, sizeof script, "%s", out);
    } else {
        if (strlen(csv) + 4 >= sizeof script)
            return cli_usage_error("plot", "file name longer than %zu bytes", sizeof script - 5);
        plot_script_path(csv, script, sizeof script);
    }
    int to_stdout = strcmp(script, "-") == 0;
    if (run && to_stdout)
        return cli_usage_error("plot", "--run needs a script file, not standard output");
    struct stat sc, ss;
    if (strcmp(script, csv) == 0 ||
        (stat(csv, &sc) == 0 && stat(script, &ss) == 0 && sc.st_dev == ss.st_dev && sc.st_ino == ss.st_ino))
        return cli_usage_error("plot", "--out '%s' is the CSV itself", script);

    cli_catch_interrupts();
    int rc = write_script("plot", csv, script, force);
    if (rc != EXIT_OK)
        return rc;
    if (to_stdout)
        return EXIT_OK;
    if (!run) {
        printf("wrote %s; draw it with: gnuplot %s (or -e \"term='svg'\", \"term='pdf'\")\n", script, script);
        return EXIT_OK;
    }
    printf("wrote %s\n", script);
    if (!on_path("gnuplot"))
        return cli_runtime_error("plot", "--run: gnuplot is not on PATH (install gnuplot, e.g. the "
                                         "gnuplot-nox package; the script %s is written)",
                                 script);
    return draw(script);
}
