/*
 * infile.h: opening and checking the files a user names as input, so that no input can hang a
 * reader or grow its memory without bound.
 *
 * A FIFO, a terminal or a device named as a scenario, theme, lesson or CSV would block a read
 * (or never end: /dev/zero, /dev/urandom). infile_open opens without blocking (O_NONBLOCK), looks
 * at what it opened (fstat) and refuses anything but a regular file, before reading a byte; the
 * reads that follow are ordinary blocking reads of a regular file. Inputs that are streams by
 * nature (`fit-corpus -` and pipes) are allowed where the caller says so, and are then read
 * under a byte cap.
 *
 * infile_text_block checks text as it streams by: no NUL byte (a binary or sparse file), no line
 * longer than a bound (so a reader's buffer for one field or line stays bounded), and a UTF-8
 * byte-order mark at the very start is reported so the caller skips it.
 */
#ifndef SKSCOPE_INFILE_H
#define SKSCOPE_INFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The longest line a CSV reader accepts (bytes): far beyond any skscope CSV, and a bound on
 * what one field can cost in memory. */
#define INFILE_MAX_LINE (1u << 20)

/* What infile_open accepts besides a regular file. */
enum { INFILE_REGULAR = 0, INFILE_FIFO = 1 };

/* infile_open: open `path` for reading ("rb"). Refused with a one-line message, before any
 * read: a missing or unreadable file ("cannot open PATH: ERRNO"), a directory ("PATH is a
 * directory"), and anything else that is not a regular file ("PATH is a FIFO (named pipe), not
 * a regular file", "... a character device ...", a block device, a socket), except a FIFO when
 * `allow` is INFILE_FIFO (then the open waits for a writer, as a pipe's reader should). A
 * regular file larger than max_bytes (0: no bound) is refused too ("PATH is larger than N
 * bytes"). NULL with the message on failure. */
FILE *infile_open(const char *path, int allow, uint64_t max_bytes, char *err, size_t errlen);

/* infile_open_fd: the same as a file descriptor (-1 with the message on failure). */
int infile_open_fd(const char *path, int allow, uint64_t max_bytes, char *err, size_t errlen);

/* The state of a text check across blocks (zero it before the first block). */
typedef struct InText {
    uint64_t offset;   /* bytes seen (bytes) */
    uint64_t line;     /* lines completed (lines) */
    uint64_t col;      /* bytes on the current line so far (bytes) */
} InText;

/* infile_text_block: check the next n bytes of a text input named `name`: -1 with
 * "NAME:LINE: a NUL byte: not a text file" or "NAME:LINE: a line longer than MAX bytes"
 * (max_line 0: no bound), else 0. *skip is set to the bytes to skip at the start of this block:
 * 3 for a UTF-8 byte-order mark at offset 0 (when the first block holds it whole), else 0. */
int infile_text_block(InText *st, const char *name, const char *buf, size_t n, uint64_t max_line, size_t *skip,
                      char *err, size_t errlen);

#endif
