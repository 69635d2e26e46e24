/*
 * corpus.h: calibrating the world on real text (`skscope fit-corpus`).
 *
 * Text is read in a streaming fashion (fixed-size buffers; gzip files, recognised by their
 * magic bytes, through zlib) and cut into words; the word counts give the Zipf exponent (the
 * discrete power-law MLE of fit.h, with the rank range it covers, and the Pitman-Yor partition
 * MLE), and the growth of the vocabulary gives the Heaps exponent and coefficient (a log-log
 * fit of distinct words against words at log-spaced points). From them comes a setup string,
 * so that a user can explore "a world like my corpus".
 *
 * Words: a word is a maximal run of ASCII letters and digits and non-ASCII characters (any
 * script), with apostrophes inside it ("don't", "rock'n'roll"; a leading or trailing one is
 * dropped). ASCII is lower-cased, nothing else. Invalid UTF-8 (overlong forms, surrogates,
 * stray or missing continuation bytes; each maximal invalid subpart counts once) separates
 * words. A few non-ASCII characters are not letters, since typographic English is full of
 * them: U+2019 and U+02BC are apostrophes (stored as '), and C1 controls, Latin-1
 * punctuation (NBSP, « » ¿ ¡ · × ÷ ...), General and Supplemental Punctuation (dashes, curly
 * quotes, ellipsis, typographic spaces), CJK punctuation, U+FEFF and U+FFFD separate words.
 * A word longer than 256 bytes keeps the whole characters of its first 256 bytes and counts
 * once.
 *
 * Memory is bounded: the vocabulary table holds at most `max_distinct` words; past that, new
 * words are still counted as words but not stored, and the result says the Zipf fit saw a
 * truncated vocabulary. Distinct words stay exact until then; past it they are the stored
 * words plus a HyperLogLog estimate (fixed 64 KiB, relative error about 0.4%) of the others,
 * so that the Heaps fit still sees the whole text. Memory grows with the vocabulary (40 to 100
 * bytes for each stored word, with its text and the tables' slack), never with the text.
 */
#ifndef SKSCOPE_CORPUS_H
#define SKSCOPE_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "skscope/fit.h"

typedef struct Corpus Corpus;

typedef struct CorpusStats {
    uint64_t words;          /* word tokens read (words) */
    uint64_t distinct;       /* distinct words (words; estimated past the bound, see above) */
    uint64_t bytes;          /* bytes of text read (after decompression) */
    uint64_t bad_utf8;       /* invalid UTF-8 sequences skipped */
    int truncated;           /* the vocabulary table filled up (Zipf fit on a truncated table) */
    FitPowerLaw zipf;        /* discrete power-law MLE of the word counts */
    uint64_t rank_lo, rank_hi; /* the ranks the power-law fit covers: 1 .. the number of
                                * words with count >= cmin (0, 0 without a fit) */
    FitPitmanYor py;         /* Pitman-Yor partition MLE of the word counts */
    FitLine heaps;           /* log10 distinct = intercept + beta log10 words, fitted at
                              * log-spaced points (20 a decade) over the last two decades */
    double heaps_k;          /* 10^intercept: distinct ~ heaps_k words^beta */
} CorpusStats;

/* corpus_new: an empty corpus that stores at most max_distinct words (0: a default bound of
 * 16 million; bounds above 2^31 are 2^31). NULL with a message when out of memory. If growing
 * the table fails later, it stops growing as if the bound had been reached (truncated). */
Corpus *corpus_new(uint64_t max_distinct, char *err, size_t errlen);

void corpus_free(Corpus *c);

/* corpus_add_text: cut text[0 .. len) into words and count them (text may end mid-word or
 * mid-character: the next call continues it). */
void corpus_add_text(Corpus *c, const char *text, size_t len);

/* What corpus_add_file returns besides 0. */
enum { CORPUS_ERROR = -1, CORPUS_TOO_LONG = -2, CORPUS_STOPPED = -3 };

/* corpus_set_limits: make corpus_add_file stop once the text read in all (after decompression)
 * would pass max_bytes (0: no bound), failing with CORPUS_TOO_LONG, and poll stop(user) between
 * blocks of 64 KiB (and when a read is interrupted by a signal): nonzero ends the read with
 * CORPUS_STOPPED. stop may be NULL. */
void corpus_set_limits(Corpus *c, uint64_t max_bytes, int (*stop)(void *user), void *user);

/* corpus_add_file: read a file (plain UTF-8 text or gzip; "-" is standard input), streaming.
 * 0, or a CORPUS_* code with a one-line message naming the file: CORPUS_ERROR when it is
 * missing or unreadable, is a directory, a device or a socket (a regular file or a FIFO is
 * read; infile.h), holds a NUL byte (binary, not text), or is a corrupt gzip stream; the
 * limits of corpus_set_limits. gzip is recognised by its magic bytes 1f 8b (several members in
 * a row are read on); the end of a file ends its last word. On an error the text read before
 * it stays counted. */
int corpus_add_file(Corpus *c, const char *path, char *err, size_t errlen);

/* corpus_finish: the statistics and fits of everything added (it ends a pending word). 0, or
 * -1 with a message (too little text to fit: fewer than 1000 words; words, distinct, bytes,
 * bad_utf8 and truncated are still filled in). A fit that cannot be trusted says so in its
 * own ok/warning; that is not an error here. */
int corpus_finish(Corpus *c, CorpusStats *out, char *err, size_t errlen);

/* corpus_setup_string: a setup string for a world like the corpus into buf; returns the length
 * needed (like snprintf). From the Pitman-Yor fit, which gives s = 1/a and k = k(a, b)
 * consistently: "s=...,k=..." (s clamped into the knob's range; "s=...,b=..." when k falls
 * outside its range; "beta=0,b=..." when a < 0.01). When the table was truncated (the fit
 * then misses the rare words) or the fit failed: the Heaps fit, "beta=...,k=...". Numbers
 * have 4 significant digits. */
size_t corpus_setup_string(const CorpusStats *st, char *buf, size_t buflen);

/* Which fit corpus_setup_string takes its setup from. */
enum { CORPUS_FROM_PY, CORPUS_FROM_HEAPS, CORPUS_FROM_DEFAULTS };

/* corpus_setup_source: CORPUS_FROM_PY (the Pitman-Yor fit has finite a > 0 and b, and the
 * table was not truncated; its ok flag may still be 0), CORPUS_FROM_HEAPS (else, when the Heaps
 * fit has a finite slope and k) or CORPUS_FROM_DEFAULTS (nothing fitted). */
int corpus_setup_source(const CorpusStats *st);

#endif
