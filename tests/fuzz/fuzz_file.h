/*
 * fuzz_file.h: for parsers that only read files (sweep_read, plot_write_script): the input's
 * bytes in an anonymous in-memory file (memfd), created once per process and rewritten for
 * every input, read back through its /proc/self/fd path. Nothing lands on disk, nothing is
 * left behind. Include this first in the harness (it needs _GNU_SOURCE for memfd_create).
 */
#ifndef SKSCOPE_FUZZ_FILE_H
#define SKSCOPE_FUZZ_FILE_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

/* The path of a file holding exactly data[0 .. size). Aborts on a system error. */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
    /* The one piece of process state: the memfd and its path (a harness runs single-threaded). */
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("skscope-fuzz", MFD_CLOEXEC);
        FUZZ_CHECK(fd >= 0);
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    FUZZ_CHECK(ftruncate(fd, 0) == 0);
    for (size_t done = 0; done < size;) {
        ssize_t w = pwrite(fd, data + done, size - done, (off_t)done);
        FUZZ_CHECK(w > 0);
        done += (size_t)w;
    }
    return path;
}

#endif
