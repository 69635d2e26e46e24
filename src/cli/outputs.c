/*
 * outputs.c: what the commands that write several files share: refusing two outputs that are
 * one file, and the gnuplot script written with its CSV as one commit.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "skscope/plot.h"

/* What an output name resolves to. */
typedef struct Ident {
    int kind;          /* ID_STDOUT, ID_FILE (dev, ino), ID_NEW (path), ID_FREE (never collides) */
    dev_t dev;
    ino_t ino;
    char path[PATH_MAX + 256];
} Ident;

enum { ID_STDOUT, ID_FILE, ID_NEW, ID_FREE };

/* Whether st is the file standard output is. */
static int is_stdout_file(const struct stat *st)
{
    struct stat so;
    return fstat(STDOUT_FILENO, &so) == 0 && so.st_dev == st->st_dev && so.st_ino == st->st_ino;
}

int cli_is_stdout(const char *path)
{
    struct stat st;
    return path && (strcmp(path, "-") == 0 || (stat(path, &st) == 0 && is_stdout_file(&st)));
}

static void identify(const char *path, Ident *id)
{
    struct stat st;
    memset(id, 0, sizeof *id);
    if (strcmp(path, "-") == 0) {
        id->kind = ID_STDOUT;
        return;
    }
    if (stat(path, &st) == 0) {
        if (is_stdout_file(&st))
            id->kind = ID_STDOUT;
        else if (S_ISCHR(st.st_mode))
            id->kind = ID_FREE; /* /dev/null twice is fine: a device is no file to lose */
        else
            id->kind = ID_FILE;
        id->dev = st.st_dev;
        id->ino = st.st_ino;
        return;
    }
    /* Not there yet: its directory, resolved, and its name. */
    id->kind = ID_NEW;
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX + 1], real[PATH_MAX + 1];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + (slash == path) : 1, slash ? path : ".");
    if (realpath(dir, real))
        snprintf(id->path, sizeof id->path, "%s/%s", real, slash ? slash + 1 : path);
    else
        snprintf(id->path, sizeof id->path, "%s", path);
}

static int same(const Ident *a, const Ident *b)
{
    if (a->kind != b->kind || a->kind == ID_FREE)
        return 0;
    if (a->kind == ID_STDOUT)
        return 1;
    if (a->kind == ID_FILE)
        return a->dev == b->dev && a->ino == b->ino;
    return strcmp(a->path, b->path) == 0;
}

int cli_check_outputs(const char *cmd, const CliOutput *outs, int n)
{
    Ident *ids = calloc((size_t)(n > 0 ? n : 1), sizeof *ids);
    if (!ids)
        return cli_runtime_error(cmd, "out of memory");
    int rc = -1;
    for (int i = 0; i < n && rc < 0; i++) {
        if (!outs[i].path)
            continue;
        identify(outs[i].path, &ids[i]);
        for (int j = 0; j < i && rc < 0; j++)
            if (outs[j].path && same(&ids[i], &ids[j])) {
                if (ids[i].kind == ID_STDOUT)
                    rc = cli_usage_error(cmd, "%s%s%s and %s%s%s both write to standard output", outs[j].option,
                                         outs[j].flag ? "" : " ", outs[j].flag ? "" : outs[j].path, outs[i].option,
                                         outs[i].flag ? "" : " ", outs[i].flag ? "" : outs[i].path);
                else
                    rc = cli_usage_error(cmd, "%s %s and %s %s are the same file: nothing written", outs[j].option,
                                         outs[j].path, outs[i].option, outs[i].path);
            }
    }
    free(ids);
    return rc;
}

AtomicFile *cli_open_plot(const char *cmd, const char *csv, int force, int *rc)
{
    char path[4096], err[1024];
    plot_script_path(csv, path, sizeof path);
    AtomicFile *af = atomicfile_open(path, force, err, sizeof err);
    if (!af)
        *rc = cli_runtime_error(cmd, "%s", err);
    return af;
}

int cli_plot_written(const char *cmd, AtomicFile *csv, AtomicFile *script)
{
    char err[1024];
    const char *file = atomicfile_written(csv, err, sizeof err);
    if (!file || plot_write_script_as(file, atomicfile_path(csv), atomicfile_stream(script), err, sizeof err) != 0)
        return cli_runtime_error(cmd, "%s", err);
    return EXIT_OK;
}

int cli_commit(const char *cmd, AtomicFile *const *fs, size_t n, const char *names, const char *what)
{
    char err[1024];
    int done = atomicfile_commit_all_unless(fs, n, cli_interrupted, err, sizeof err);
    if (done > 0)
        return cli_interrupted_error(cmd, names, "%s", what);
    return done == 0 ? EXIT_OK : cli_output_error(cmd, "%s", err);
}
