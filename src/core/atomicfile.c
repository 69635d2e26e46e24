/*
 * atomicfile.c: temporary file, fsync, then rename or link.
 */
#include "skscope/atomicfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct AtomicFile {
    FILE *fp;
    char *path;   /* target */
    char *tmp;    /* temporary, or NULL when writing directly */
    int force;    /* may replace an existing file */
    int is_stdout;
};

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void free_file(AtomicFile *f)
{
    free(f->path);
    free(f->tmp);
    free(f);
}

AtomicFile *atomicfile_open(const char *path, int force, char *err, size_t errlen)
{
    AtomicFile *f = calloc(1, sizeof *f);
    if (!f || !(f->path = dup_str(path))) {
        free(f);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    f->force = force;
    if (strcmp(path, "-") == 0) {
        f->fp = stdout;
        f->is_stdout = 1;
        return f;
    }
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "%s is a directory", path);
            free_file(f);
            return NULL;
        }
        if (!S_ISREG(st.st_mode)) { /* a device or FIFO: write straight to it */
            f->fp = fopen(path, "w");
            if (!f->fp) {
                snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
                free_file(f);
                return NULL;
            }
            return f;
        }
        if (!force) {
            snprintf(err, errlen, "%s exists (use --force to overwrite it)", path);
            free_file(f);
            return NULL;
        }
    }
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t n = dirlen + strlen(base) + 16;
    f->tmp = malloc(n);
    if (!f->tmp) {
        snprintf(err, errlen, "out of memory");
        free_file(f);
        return NULL;
    }
    snprintf(f->tmp, n, "%.*s.%s.tmp.XXXXXX", (int)dirlen, path, base);
    int fd = mkstemp(f->tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        free_file(f);
        return NULL;
    }
    (void)fchmod(fd, 0644); /* mkstemp makes 0600; data files are for sharing */
    f->fp = fdopen(fd, "w");
    if (!f->fp) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        unlink(f->tmp);
        free_file(f);
        return NULL;
    }
    return f;
}

FILE *atomicfile_stream(AtomicFile *f) { return f->fp; }

const char *atomicfile_path(const AtomicFile *f) { return f->path; }

const char *atomicfile_written(AtomicFile *f, char *err, size_t errlen)
{
    if (!f->tmp) {
        snprintf(err, errlen, "%s is not a regular file: what was written cannot be read back",
                 f->is_stdout ? "standard output" : f->path);
        return NULL;
    }
    if (fflush(f->fp) != 0 || ferror(f->fp)) {
        snprintf(err, errlen, "cannot write %s: %s", f->path, strerror(errno ? errno : EIO));
        return NULL;
    }
    return f->tmp;
}

/* Flush, fsync and close (the stream is gone afterwards; the temporary stays). 0 or an errno. */
static int finish(AtomicFile *f)
{
    int e = 0;
    if (ferror(f->fp))
        e = errno ? errno : EIO;
    if (fflush(f->fp) != 0 && !e)
        e = errno;
    if (f->is_stdout) {
        f->fp = NULL;
        return e;
    }
    if (!e && f->tmp && fsync(fileno(f->fp)) != 0 && errno != EINVAL)
        e = errno;
    if (fclose(f->fp) != 0 && !e)
        e = errno;
    f->fp = NULL;
    return e;
}

/* Move a finished temporary into place. 0 or an errno (EEXIST: the target appeared). */
static int place(AtomicFile *f)
{
    if (!f->tmp)
        return 0;
    if (f->force)
        return rename(f->tmp, f->path) != 0 ? errno : 0;
    if (link(f->tmp, f->path) != 0)
        return errno;
    unlink(f->tmp);
    return 0;
}

static void message(const AtomicFile *f, int e, char *err, size_t errlen)
{
    if (f->is_stdout)
        snprintf(err, errlen, "cannot write to standard output: %s", strerror(e));
    else if (e == EEXIST)
        snprintf(err, errlen, "%s exists (use --force to overwrite it)", f->path);
    else
        snprintf(err, errlen, "cannot write %s: %s", f->path, strerror(e));
}

int atomicfile_commit_all_unless(AtomicFile *const *fs, size_t n, int (*stop)(void), char *err, size_t errlen)
{
    int rc = 0;
    size_t placed = 0;
    /* Every write error first, before any file is moved into place. */
    for (size_t i = 0; i < n; i++) {
        int e = fs[i] ? finish(fs[i]) : 0;
        if (e && rc == 0) {
            message(fs[i], e, err, errlen);
            rc = -1;
        }
    }
    /* A stop asked for during the writes (the last flush, the fsync) still leaves nothing. */
    if (rc == 0 && stop && stop())
        rc = 1;
    for (; rc == 0 && placed < n; placed++) {
        int e = fs[placed] ? place(fs[placed]) : 0;
        if (e) {
            message(fs[placed], e, err, errlen);
            rc = -1;
            break;
        }
    }
    /* On failure: a file placed by link() is new, so removing it restores the state before
     * (a renamed one replaced its old contents, which are gone; rename fails only on a system
     * error); every temporary not placed is removed. */
    for (size_t i = 0; i < n; i++) {
        AtomicFile *f = fs[i];
        if (!f)
            continue;
        if (rc != 0 && i < placed && f->tmp && !f->force)
            unlink(f->path);
        if (rc != 0 && f->tmp && i >= placed)
            unlink(f->tmp);
        free_file(f);
    }
    return rc;
}

int atomicfile_commit_all(AtomicFile *const *fs, size_t n, char *err, size_t errlen)
{
    return atomicfile_commit_all_unless(fs, n, NULL, err, errlen);
}

int atomicfile_commit(AtomicFile *f, char *err, size_t errlen)
{
    AtomicFile *one[1] = {f};
    return atomicfile_commit_all(one, 1, err, errlen);
}

void atomicfile_abort(AtomicFile *f)
{
    if (!f)
        return;
    if (!f->is_stdout && f->fp)
        fclose(f->fp);
    if (f->tmp)
        unlink(f->tmp);
    free_file(f);
}
