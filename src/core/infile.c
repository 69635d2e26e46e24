/*
 * infile.c: open an input without blocking, refuse what is not a regular file, check text as
 * it streams.
 */
#include "skscope/infile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a non-regular file is, for messages. */
static const char *kind_of(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO (named pipe)" : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
         : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

/* Whether fstat's answer is acceptable; the message otherwise. */
static int acceptable(const char *path, const struct stat *st, int allow, uint64_t max_bytes, char *err,
                      size_t errlen)
{
    if (S_ISDIR(st->st_mode)) {
        snprintf(err, errlen, "%s is a directory", path);
        return 0;
    }
    if (S_ISFIFO(st->st_mode) && allow == INFILE_FIFO)
        return 1;
    if (!S_ISREG(st->st_mode)) {
        const char *k = kind_of(st->st_mode);
        snprintf(err, errlen, "%s is %s%s", path, k, strcmp(k, "not a regular file") ? ", not a regular file" : "");
        return 0;
    }
    if (max_bytes && st->st_size > 0 && (uint64_t)st->st_size > max_bytes) {
        snprintf(err, errlen, "%s is larger than %llu bytes", path, (unsigned long long)max_bytes);
        return 0;
    }
    return 1;
}

int infile_open_fd(const char *path, int allow, uint64_t max_bytes, char *err, size_t errlen)
{
    /* A FIFO the caller reads like a pipe is opened as a pipe's reader is: waiting for a writer
     * (a signal interrupts the wait). Anything else opens without blocking, so that a FIFO or a
     * device never stops us before we have looked at it. */
    struct stat st;
    int fifo_ok = allow == INFILE_FIFO && stat(path, &st) == 0 && S_ISFIFO(st.st_mode);
    int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | (fifo_ok ? 0 : O_NONBLOCK));
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!acceptable(path, &st, allow, max_bytes, err, errlen)) {
        close(fd);
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0 && (fl & O_NONBLOCK))
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

FILE *infile_open(const char *path, int allow, uint64_t max_bytes, char *err, size_t errlen)
{
    int fd = infile_open_fd(path, allow, max_bytes, err, errlen);
    if (fd < 0)
        return NULL;
    FILE *fp = fdopen(fd, "rb");
    if (!fp) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        close(fd);
    }
    return fp;
}

int infile_text_block(InText *st, const char *name, const char *buf, size_t n, uint64_t max_line, size_t *skip,
                      char *err, size_t errlen)
{
    size_t i = 0;
    if (st->offset == 0 && n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    *skip = i;
    for (; i < n; i++) {
        if (buf[i] == '\n') {
            st->line++;
            st->col = 0;
            continue;
        }
        if (buf[i] == 0) {
            snprintf(err, errlen, "%s:%llu: a NUL byte: not a text file", name, (unsigned long long)st->line + 1);
            return -1;
        }
        if (max_line && ++st->col > max_line) {
            snprintf(err, errlen, "%s:%llu: a line longer than %llu bytes", name, (unsigned long long)st->line + 1,
                     (unsigned long long)max_line);
            return -1;
        }
    }
    st->offset += n;
    return 0;
}
