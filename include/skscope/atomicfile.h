/*
 * atomicfile.h: files that are either completely written or not touched at all.
 *
 * Data goes to a temporary file beside the target (".NAME.tmp.XXXXXX"); commit flushes, fsyncs,
 * checks every error, then moves it into place: rename(2) when overwriting is allowed, link(2)
 * (which refuses an existing name, atomically) when it is not. On any error the temporary is
 * removed and an existing file is left as it was. Non-regular targets (/dev/null, /dev/full, a
 * FIFO) and "-" (standard output) are written directly, since they cannot be renamed over;
 * their write errors are still reported.
 */
#ifndef SKSCOPE_ATOMICFILE_H
#define SKSCOPE_ATOMICFILE_H

#include <stddef.h>
#include <stdio.h>

typedef struct AtomicFile AtomicFile;

/* atomicfile_open: start writing `path`. Unless `force`, an existing regular file is an error
 * ("exists; use --force"). NULL with a one-line message on failure. */
AtomicFile *atomicfile_open(const char *path, int force, char *err, size_t errlen);

/* atomicfile_stream: the stream to write to. */
FILE *atomicfile_stream(AtomicFile *f);

/* atomicfile_commit: finish and move into place; always frees f. 0, or -1 with a message
 * (the target is then unchanged and no temporary remains). */
int atomicfile_commit(AtomicFile *f, char *err, size_t errlen);

/* atomicfile_abort: discard everything written; frees f (NULL is fine). */
void atomicfile_abort(AtomicFile *f);

#endif
