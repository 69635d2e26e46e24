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
 * Memory is bounded: the vocabulary table holds at most `max_distinct` words; past that, new
 * words are still counted as words (and as distinct for Heaps) but not stored, and the result
 * says the Zipf fit saw a truncated vocabulary.
 */
#ifndef SKSCOPE_CORPUS_H
#define SKSCOPE_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "skscope/fit.h"

typedef struct Corpus Corpus;

typedef struct CorpusStats {
    uint64_t words;          /* word tokens read (words) */
    uint64_t distinct;       /* distinct words (words) */
    uint64_t bytes;          /* bytes of text read (after decompression) */
    uint64_t bad_utf8;       /* invalid UTF-8 sequences skipped */
    int truncated;           /* the vocabulary table filled up (Zipf fit on a truncated table) */
    FitPowerLaw zipf;        /* discrete power-law MLE of the word counts */
    uint64_t rank_lo, rank_hi; /* the ranks the power-law fit covers (count >= cmin) */
    FitPitmanYor py;         /* Pitman-Yor partition MLE of the word counts */
    FitLine heaps;           /* log10 distinct = intercept + beta log10 words */
    double heaps_k;          /* 10^intercept: distinct ~ heaps_k words^beta */
} CorpusStats;

/* corpus_new: an empty corpus that stores at most max_distinct words (0: a default bound of
 * 16 million). NULL with a message when out of memory. */
Corpus *corpus_new(uint64_t max_distinct, char *err, size_t errlen);

void corpus_free(Corpus *c);

/* corpus_add_text: cut text[0 .. len) into words and count them (text may end mid-word or
 * mid-character: the next call continues it). */
void corpus_add_text(Corpus *c, const char *text, size_t len);

/* corpus_add_file: read a file (plain UTF-8 text or gzip; "-" is standard input), streaming.
 * 0, or -1 with a one-line message (missing, unreadable, a directory, a corrupt gzip stream). */
int corpus_add_file(Corpus *c, const char *path, char *err, size_t errlen);

/* corpus_finish: the statistics and fits of everything added. 0, or -1 with a message (too
 * little text to fit: fewer than 1000 words). */
int corpus_finish(Corpus *c, CorpusStats *out, char *err, size_t errlen);

/* corpus_setup_string: a setup string for a world like the corpus into buf ("s=...,k=..."). */
size_t corpus_setup_string(const CorpusStats *st, char *buf, size_t buflen);

#endif
