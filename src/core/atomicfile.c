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

int atomicfile_commit(AtomicFile *f, char *err, size_t errlen)
{
    int rc = 0;
    int e = 0;
    if (ferror(f->fp))
        e = errno ? errno : EIO;
    if (fflush(f->fp) != 0 && !e)
        e = errno;
    if (f->is_stdout) {
        if (e) {
            snprintf(err, errlen, "cannot write to standard output: %s", strerror(e));
            rc = -1;
        }
        free_file(f);
        return rc;
    }
    if (!e && f->tmp && fsync(fileno(f->fp)) != 0 && errno != EINVAL)
        e = errno;
    if (fclose(f->fp) != 0 && !e)
        e = errno;
    if (!e && f->tmp) {
        if (f->force) {
            if (rename(f->tmp, f->path) != 0)
                e = errno;
        } else {
            if (link(f->tmp, f->path) != 0)
                e = errno;
            else
                unlink(f->tmp);
        }
    }
    if (e) {
        if (e == EEXIST)
            snprintf(err, errlen, "%s exists (use --force to overwrite it)", f->path);
        else
            snprintf(err, errlen, "cannot write %s: %s", f->path, strerror(e));
        rc = -1;
    }
    if (f->tmp && rc != 0)
        unlink(f->tmp);
    free_file(f);
    return rc;
}

void atomicfile_abort(AtomicFile *f)
{
    if (!f)
        return;
    if (!f->is_stdout)
        fclose(f->fp);
    if (f->tmp)
        unlink(f->tmp);
    free_file(f);
}
