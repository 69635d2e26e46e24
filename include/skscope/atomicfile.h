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

/* atomicfile_path: the target's name as given to atomicfile_open ("-" for standard output). */
const char *atomicfile_path(const AtomicFile *f);

/* atomicfile_written: flush the stream and return the path of the temporary holding what was
 * written so far, for reading it back before the commit (e.g. a plot of the CSV). NULL with a
 * message on a write error, or when the target is written directly (standard output, a
 * device, a FIFO). */
const char *atomicfile_written(AtomicFile *f, char *err, size_t errlen);

/* atomicfile_commit: finish and move into place; always frees f. 0, or -1 with a message
 * (the target is then unchanged and no temporary remains). */
int atomicfile_commit(AtomicFile *f, char *err, size_t errlen);

/* atomicfile_commit_all: commit fs[0 .. n) (NULL entries skipped) as one: every stream is
 * flushed, synced and closed, and only when none failed are they moved into place; if moving
 * one fails, the new names already made are removed again. Always frees them all. 0, or -1
 * with the first message; the targets are then unchanged (except one replaced under `force`
 * before a later move failed: rename(2) leaves no old copy) and no temporary remains. */
int atomicfile_commit_all(AtomicFile *const *fs, size_t n, char *err, size_t errlen);

/* atomicfile_commit_all_unless: atomicfile_commit_all, except that stop() (NULL: never) is
 * asked once every stream is written, synced and closed, just before the first is moved into
 * place: if it returns nonzero (a signal asked the program to stop while it wrote), nothing is
 * moved, every temporary is removed and 1 is returned, with no message (the caller names the
 * cause). Always frees them all. 0, -1 with a message, or 1. */
int atomicfile_commit_all_unless(AtomicFile *const *fs, size_t n, int (*stop)(void), char *err, size_t errlen);

/* atomicfile_abort: discard everything written; frees f (NULL is fine). */
void atomicfile_abort(AtomicFile *f);

#endif
