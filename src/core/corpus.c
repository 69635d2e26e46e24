/*
 * corpus.c: word counts, Zipf and Heaps fits of real text (see corpus.h).
 *
 * Layout: the words live back to back in one arena (no terminators: the length of entry i is
 * the offset of entry i+1 minus its own); entries (count, hash, offset) are dense in order of
 * first appearance; an open-addressing index of uint32 (entry + 1, 0 = empty, linear probing,
 * load <= 1/2) finds them. All three grow by doubling, so the hot path (one word) allocates
 * nothing, and memory follows the vocabulary, never the text.
 *
 * Past the bound (or when growing fails) new words are no longer stored; they all go into a
 * HyperLogLog sketch (fixed 64 KiB), which estimates how many distinct ones there were. Such a
 * word is new to the table, so distinct = stored + sketch estimate stays a count of distinct
 * words (approximate only past the bound), which is what Heaps needs. Counting every table
 * miss as new instead would count each repeat of an unstored word again and push beta to 1.
 */
#include "skscope/corpus.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "skscope/infile.h"
#include "skscope/numparse.h"
#include "skscope/setup.h"
#include "skscope/theory.h"

#define CORPUS_DEFAULT_MAX (16ull << 20) /* default vocabulary bound (words) */
#define CORPUS_MAX_BOUND (1ull << 31)    /* largest bound (the index holds uint32 entry ids) */
#define CORPUS_WORD_MAX 256              /* bytes kept of a word; longer ones are cut */
#define CORPUS_MIN_WORDS 1000            /* corpus_finish needs this many words */
#define CHUNK (1u << 16)                 /* read buffer (bytes) */
#define HEAPS_PER_DECADE 20              /* Heaps points per factor 10 of words */
#define HEAPS_MAX_POINTS 420             /* 20 per decade up to 2^64 words is < 400 */
#define HEAPS_DECADES 2.0                /* the Heaps fit uses the last two decades */
#define HLL_BITS 16                      /* 2^16 registers: relative error 1.04/256 = 0.4% */
#define HLL_M (1u << HLL_BITS)
#define HIST_LEN 65536                   /* counts below this go in the histogram */

typedef struct Entry {
    uint64_t count; /* occurrences (words) */
    uint64_t hash;  /* full hash of the word: growing the index does not hash words again */
    uint64_t off;   /* offset of the word in the arena */
} Entry;

/* Byte classes of ASCII (bytes >= 0x80 go through the UTF-8 decoder). */
enum { CL_SEP = 0, CL_WORD = 1, CL_APOS = 2 };

struct Corpus {
    uint64_t max_distinct;   /* entries the table may hold */
    Entry *ent;              /* entries, in order of first appearance */
    uint32_t nent;
    size_t ent_cap;
    uint32_t *slot;          /* index: entry + 1, or 0 = empty */
    size_t nslot;            /* a power of two */
    char *arena;             /* the words, back to back */
    size_t arena_len, arena_cap;
    /* word in progress (may continue across corpus_add_text calls) */
    unsigned char word[CORPUS_WORD_MAX];
    size_t wlen;
    int in_word;             /* a word has started */
    int apos;                /* an apostrophe followed it: kept only if a letter comes next */
    int cut;                 /* the word reached CORPUS_WORD_MAX: the rest is dropped */
    /* UTF-8 sequence in progress */
    unsigned char u8[4];
    int u8have, u8need;      /* bytes held, continuation bytes still needed */
    uint32_t cp;             /* code point so far */
    unsigned char lo, hi;    /* valid range of the next continuation byte */
    /* counts */
    uint64_t words, bytes, bad_utf8;
    int truncated;
    uint64_t max_bytes;      /* corpus_set_limits: text bytes allowed in all (0: no bound) */
    int (*stop)(void *user); /* and what to poll between blocks */
    void *stop_user;
    /* HyperLogLog of the words the table could not store */
    uint8_t *hll;
    double hll_sum;          /* sum of 2^-register */
    uint32_t hll_zeros;      /* registers still zero */
    /* Heaps points */
    double hx[HEAPS_MAX_POINTS], hy[HEAPS_MAX_POINTS];
    size_t nh;
    int hnext_i;             /* index i of the next point 10^(i/20) */
    uint64_t hnext;          /* word count of the next point */
};

/* Class of an ASCII byte. */
static int ascii_class(unsigned char b)
{
    if ((unsigned)((b | 0x20) - 'a') < 26 || (unsigned)(b - '0') < 10)
        return CL_WORD;
    return b == '\'' ? CL_APOS : CL_SEP;
}

/* Class of a decoded non-ASCII code point. Letters by default (any script), except the
 * punctuation and spaces that English text written with typographic characters is full of:
 * curly quotes and dashes would otherwise glue onto words (“and is not and; "farm-yard—while"
 * is two words). U+2019 and U+02BC are apostrophes (don’t = don't). */
static int cp_class(uint32_t cp)
{
    if (cp == 0x2019 || cp == 0x02BC)
        return CL_APOS;
    if (cp < 0xA0) /* C1 controls */
        return CL_SEP;
    if (cp < 0xC0) /* Latin-1 punctuation and symbols; keep ª ² ³ µ ¹ º ¼ ½ ¾ as letters */
        return (cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 || cp == 0xB9 || cp == 0xBA ||
                (cp >= 0xBC && cp <= 0xBE)) ? CL_WORD : CL_SEP;
    if (cp == 0xD7 || cp == 0xF7) /* × ÷ */
        return CL_SEP;
    if ((cp >= 0x2000 && cp <= 0x206F) ||  /* General Punctuation: spaces, dashes, quotes, … */
        (cp >= 0x2E00 && cp <= 0x2E7F) ||  /* Supplemental Punctuation */
        (cp >= 0x3000 && cp <= 0x303F) ||  /* CJK Symbols and Punctuation */
        cp == 0xFEFF || cp == 0xFFFD)      /* byte-order mark, replacement character */
        return CL_SEP;
    return CL_WORD;
}

/* FNV-1a, then the splitmix64 finaliser: FNV alone has weak low bits for short keys, and the
 * index uses the low bits, the sketch the high ones. */
static uint64_t word_hash(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

/* ---- the vocabulary table ---- */

static size_t entry_len(const Corpus *c, uint32_t i)
{
    uint64_t end = i + 1 < c->nent ? c->ent[i + 1].off : c->arena_len;
    return (size_t)(end - c->ent[i].off);
}

/* Double the index (rehash from the stored hashes). 0, or -1 out of memory. */
static int grow_index(Corpus *c)
{
    size_t n = c->nslot * 2;
    uint32_t *s = calloc(n, sizeof *s);
    if (!s)
        return -1;
    for (uint32_t i = 0; i < c->nent; i++) {
        size_t j = (size_t)c->ent[i].hash & (n - 1);
        while (s[j])
            j = (j + 1) & (n - 1);
        s[j] = i + 1;
    }
    free(c->slot);
    c->slot = s;
    c->nslot = n;
    return 0;
}

/* Make room for one more entry of len bytes. 0, or -1 out of memory (nothing changed that
 * matters: a larger buffer is kept). */
static int reserve_entry(Corpus *c, size_t len)
{
    if ((size_t)c->nent + 1 > c->ent_cap) {
        size_t n = c->ent_cap * 2;
        Entry *e = realloc(c->ent, n * sizeof *e);
        if (!e)
            return -1;
        c->ent = e;
        c->ent_cap = n;
    }
    if (c->arena_len + len > c->arena_cap) {
        size_t n = c->arena_cap * 2;
        while (c->arena_len + len > n)
            n *= 2;
        char *a = realloc(c->arena, n);
        if (!a)
            return -1;
        c->arena = a;
        c->arena_cap = n;
    }
    if (2 * ((size_t)c->nent + 1) > c->nslot && grow_index(c) != 0)
        return -1;
    return 0;
}

static void hll_add(Corpus *c, uint64_t h)
{
    uint32_t j = (uint32_t)(h >> (64 - HLL_BITS));
    uint64_t rest = h << HLL_BITS;
    /* rank = position of the first 1 bit in the remaining 48 bits (49 if none) */
    uint8_t rank = 1;
    while (rank <= 64 - HLL_BITS && !(rest & (1ULL << 63))) {
        rest <<= 1;
        rank++;
    }
    uint8_t old = c->hll[j];
    if (rank > old) {
        c->hll_sum += ldexp(1, -rank) - ldexp(1, -old);
        if (old == 0)
            c->hll_zeros--;
        c->hll[j] = rank;
    }
}

/* Distinct words the sketch has seen (Flajolet et al. 2007, with linear counting while it is
 * accurate; 64-bit hashes need no large-range correction). */
static double hll_estimate(const Corpus *c)
{
    double m = HLL_M;
    if (c->hll_zeros == HLL_M)
        return 0;
    double e = 0.7213 / (1 + 1.079 / m) * m * m / c->hll_sum;
    if (e <= 2.5 * m && c->hll_zeros > 0)
        e = m * log(m / c->hll_zeros);
    return e;
}

static uint64_t distinct_now(const Corpus *c)
{
    return c->nent + (c->truncated ? (uint64_t)llround(hll_estimate(c)) : 0);
}

static void heaps_point(Corpus *c)
{
    if (c->nh < HEAPS_MAX_POINTS) {
        c->hx[c->nh] = (double)c->words;
        c->hy[c->nh] = (double)distinct_now(c);
        c->nh++;
    }
    /* The next log-spaced point that is a new whole number. */
    uint64_t t;
    do {
        c->hnext_i++;
        double x = ceil(pow(10, (double)c->hnext_i / HEAPS_PER_DECADE) - 1e-9);
        t = x >= 1.8e19 ? UINT64_MAX : (uint64_t)x;
    } while (t <= c->words);
    c->hnext = t;
}

/* The entry holding word[0 .. len) with hash h, or -1. */
static long find_word(const Corpus *c, const unsigned char *word, size_t len, uint64_t h)
{
    size_t mask = c->nslot - 1;
    for (size_t j = (size_t)h & mask; c->slot[j]; j = (j + 1) & mask) {
        uint32_t i = c->slot[j] - 1;
        if (c->ent[i].hash == h && entry_len(c, i) == len &&
            memcmp(c->arena + c->ent[i].off, word, len) == 0)
            return (long)i;
    }
    return -1;
}

/* Count the finished word in c->word. */
static void count_word(Corpus *c)
{
    size_t len = c->wlen;
    uint64_t h = word_hash(c->word, len);
    c->words++;
    long i = find_word(c, c->word, len, h);
    if (i >= 0) {
        c->ent[i].count++;
    } else if (!c->truncated && c->nent < c->max_distinct && reserve_entry(c, len) == 0) {
        size_t mask = c->nslot - 1, j = (size_t)h & mask; /* the index may have grown */
        while (c->slot[j])
            j = (j + 1) & mask;
        c->slot[j] = c->nent + 1;
        c->ent[c->nent] = (Entry){1, h, c->arena_len};
        memcpy(c->arena + c->arena_len, c->word, len);
        c->arena_len += len;
        c->nent++;
    } else {
        /* Full (or out of memory): from now on new words only go into the sketch. */
        c->truncated = 1;
        hll_add(c, h);
    }
    if (c->words == c->hnext)
        heaps_point(c);
}

/* ---- the tokeniser ---- */

static void word_append(Corpus *c, const unsigned char *p, size_t n)
{
    /* A word over CORPUS_WORD_MAX bytes keeps the whole characters before the first one that
     * does not fit (and nothing after it, even if a shorter one would fit: a prefix). */
    if (c->cut || c->wlen + n > CORPUS_WORD_MAX) {
        c->cut = 1;
        return;
    }
    memcpy(c->word + c->wlen, p, n);
    c->wlen += n;
}

static void word_end(Corpus *c)
{
    if (c->in_word)
        count_word(c);
    c->in_word = 0;
    c->apos = 0;
    c->cut = 0;
    c->wlen = 0;
}

/* One character of class cl, whose bytes are p[0 .. n). */
static void put_char(Corpus *c, int cl, const unsigned char *p, size_t n)
{
    if (cl == CL_WORD) {
        if (c->apos) {
            static const unsigned char q = '\'';
            word_append(c, &q, 1);
            c->apos = 0;
        }
        word_append(c, p, n);
        c->in_word = 1;
    } else if (cl == CL_APOS && c->in_word && !c->apos) {
        c->apos = 1; /* inside a word only if a letter follows */
    } else {
        word_end(c);
    }
}

/* Start a UTF-8 sequence with lead byte b. */
static void u8_start(Corpus *c, unsigned char b)
{
    c->u8[0] = b;
    c->u8have = 1;
    c->lo = 0x80;
    c->hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
        c->u8need = 1;
        c->cp = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        c->u8need = 2;
        c->cp = b & 0x0Fu;
        if (b == 0xE0)
            c->lo = 0xA0; /* no overlong forms */
        else if (b == 0xED)
            c->hi = 0x9F; /* no surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        c->u8need = 3;
        c->cp = b & 0x07u;
        if (b == 0xF0)
            c->lo = 0x90;
        else if (b == 0xF4)
            c->hi = 0x8F; /* nothing above U+10FFFF */
    } else { /* a stray continuation byte, C0, C1 or F5..FF */
        c->u8have = 0;
        c->u8need = 0;
        c->bad_utf8++;
        word_end(c);
    }
}

void corpus_add_text(Corpus *c, const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    c->bytes += len;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = p[i];
        if (c->u8need) {
            if (b >= c->lo && b <= c->hi) {
                c->u8[c->u8have++] = b;
                c->cp = c->cp << 6 | (b & 0x3Fu);
                c->lo = 0x80;
                c->hi = 0xBF;
                if (--c->u8need == 0) {
                    put_char(c, cp_class(c->cp), c->u8, (size_t)c->u8have);
                    c->u8have = 0;
                }
                continue;
            }
            /* The sequence broke off: it is one invalid sequence (a separator), and b starts
             * afresh (the maximal-subpart rule of Unicode, so "\xE2\x80A" loses only 2 bytes). */
            c->u8have = 0;
            c->u8need = 0;
            c->bad_utf8++;
            word_end(c);
        }
        if (b < 0x80) {
            int cl = ascii_class(b);
            if (cl == CL_WORD && b >= 'A' && b <= 'Z')
                b = (unsigned char)(b + ('a' - 'A'));
            put_char(c, cl, &b, 1);
        } else {
            u8_start(c, b);
        }
    }
}

/* End of a stream: a pending word ends, a pending UTF-8 sequence is invalid. */
static void stream_end(Corpus *c)
{
    if (c->u8need) {
        c->u8have = 0;
        c->u8need = 0;
        c->bad_utf8++;
    }
    word_end(c);
}

/* ---- life cycle ---- */

Corpus *corpus_new(uint64_t max_distinct, char *err, size_t errlen)
{
    Corpus *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    c->max_distinct = max_distinct == 0 ? CORPUS_DEFAULT_MAX
                      : max_distinct > CORPUS_MAX_BOUND ? CORPUS_MAX_BOUND : max_distinct;
    c->ent_cap = 1024;
    c->nslot = 2048;
    c->arena_cap = 16384;
    c->ent = malloc(c->ent_cap * sizeof *c->ent);
    c->slot = calloc(c->nslot, sizeof *c->slot);
    c->arena = malloc(c->arena_cap);
    c->hll = calloc(HLL_M, 1);
    if (!c->ent || !c->slot || !c->arena || !c->hll) {
        corpus_free(c);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    c->hll_sum = HLL_M;
    c->hll_zeros = HLL_M;
    c->hnext_i = 0;
    c->hnext = 1;
    return c;
}

void corpus_free(Corpus *c)
{
    if (!c)
        return;
    free(c->ent);
    free(c->slot);
    free(c->arena);
    free(c->hll);
    free(c);
}

void corpus_set_limits(Corpus *c, uint64_t max_bytes, int (*stop)(void *user), void *user)
{
    c->max_bytes = max_bytes;
    c->stop = stop;
    c->stop_user = user;
}

/* Why a gzread came back without data: 0 at a clean end, else a CORPUS_* code with the message. */
static int read_end(gzFile gz, int n, int read_errno, const char *name, char *err, size_t errlen)
{
    /* gzread reports a stream cut short (Z_BUF_ERROR) not as an error but as a plain end, so
     * gzerror is asked either way. */
    int zerr;
    const char *msg = gzerror(gz, &zerr);
    if (msg && strncmp(msg, "<fd:", 4) == 0 && strstr(msg, ": ")) /* zlib's "<fd:3>: " */
        msg = strstr(msg, ": ") + 2;
    if (n < 0 && zerr == Z_ERRNO) {
        snprintf(err, errlen, "cannot read %s: %s", name, strerror(read_errno));
        return CORPUS_ERROR;
    }
    if (zerr == Z_BUF_ERROR) {
        snprintf(err, errlen, "%s: truncated gzip data (%s)", name, msg && *msg ? msg : "unexpected end of file");
        return CORPUS_ERROR;
    }
    if (n < 0 || zerr != Z_OK) {
        snprintf(err, errlen, "%s: corrupt gzip data (%s)", name, msg && *msg ? msg : "zlib error");
        return CORPUS_ERROR;
    }
    return 0;
}

/* Read gz to its end into c, under the byte bound, polling stop. 0 or a CORPUS_* code. */
static int read_stream(Corpus *c, gzFile gz, const char *name, char *buf, char *err, size_t errlen)
{
    InText text = {0, 0, 0};
    for (;;) {
        if (c->stop && c->stop(c->stop_user)) {
            snprintf(err, errlen, "%s: stopped after %llu bytes", name, (unsigned long long)text.offset);
            return CORPUS_STOPPED;
        }
        errno = 0;
        int n = gzread(gz, buf, CHUNK);
        int read_errno = errno;
        if (n <= 0) {
            if (n < 0 && read_errno == EINTR && c->stop && c->stop(c->stop_user))
                continue; /* a signal asked us to stop: say so above */
            return read_end(gz, n, read_errno, name, err, errlen);
        }
        size_t skip;
        /* NUL bytes: a binary or sparse file, no text (and no end to wait for at 2 GB). */
        if (infile_text_block(&text, name, buf, (size_t)n, 0, &skip, err, errlen) != 0)
            return CORPUS_ERROR;
        if (c->max_bytes && c->bytes + (uint64_t)n > c->max_bytes) {
            snprintf(err, errlen, "%s: more than %llu bytes of text in all (the limit)", name,
                     (unsigned long long)c->max_bytes);
            return CORPUS_TOO_LONG;
        }
        corpus_add_text(c, buf, (size_t)n);
    }
}

int corpus_add_file(Corpus *c, const char *path, char *err, size_t errlen)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "standard input" : path;
    /* A file or a pipe (a FIFO, standard input); never a device that has no end (/dev/zero,
     * /dev/urandom), a directory or a socket. */
    int fd = is_stdin ? dup(0) : infile_open_fd(path, INFILE_FIFO, 0, err, errlen);
    if (fd < 0) {
        if (is_stdin)
            snprintf(err, errlen, "cannot read %s: %s", name, strerror(errno));
        return CORPUS_ERROR;
    }
    /* zlib decides by the magic bytes 1f 8b: a gzip stream is inflated (several members in a
     * row too), anything else is passed through as it is. gzclose closes fd. */
    gzFile gz = gzdopen(fd, "rb");
    char *buf = gz ? malloc(CHUNK) : NULL;
    if (!buf) {
        if (gz)
            gzclose(gz);
        else
            close(fd);
        snprintf(err, errlen, "cannot read %s: out of memory", name);
        return CORPUS_ERROR;
    }
    gzbuffer(gz, CHUNK);
    int rc = read_stream(c, gz, name, buf, err, errlen);
    free(buf);
    gzclose(gz);
    stream_end(c); /* a file's last word does not run into the next file's first */
    return rc;
}

/* ---- fits ---- */

static int cmp_u64_desc(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

int corpus_finish(Corpus *c, CorpusStats *out, char *err, size_t errlen)
{
    stream_end(c);
    memset(out, 0, sizeof *out);
    out->words = c->words;
    out->distinct = distinct_now(c);
    out->bytes = c->bytes;
    out->bad_utf8 = c->bad_utf8;
    out->truncated = c->truncated;
    out->heaps_k = NAN;
    if (c->words < CORPUS_MIN_WORDS) {
        static const char why[] = "too little text (fewer than 1000 words)";
        out->zipf = (FitPowerLaw){NAN, NAN, NAN, NAN, 0, 0, NAN, 0, why};
        out->py = (FitPitmanYor){NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0, why};
        out->heaps = (FitLine){NAN, NAN, NAN, NAN, 0, 0, why};
        snprintf(err, errlen, "too little text to fit: %llu words (need at least %d)",
                 (unsigned long long)c->words, CORPUS_MIN_WORDS);
        return -1;
    }

    /* Heaps: the recorded points plus the end, over the last two decades. */
    double hx[HEAPS_MAX_POINTS + 1], hy[HEAPS_MAX_POINTS + 1];
    size_t nh = c->nh;
    memcpy(hx, c->hx, nh * sizeof *hx);
    memcpy(hy, c->hy, nh * sizeof *hy);
    if (nh == 0 || hx[nh - 1] < (double)c->words) {
        hx[nh] = (double)c->words;
        hy[nh] = (double)out->distinct;
        nh++;
    }
    double xmax = (double)c->words, xmin = xmax / pow(10, HEAPS_DECADES);
    fit_loglog(hx, hy, nh, xmin < 1 ? 1 : xmin, xmax, &out->heaps);
    out->heaps_k = pow(10, out->heaps.intercept);

    /* Zipf: the count table of the stored words. */
    size_t hist_len = 2, nbig = 0;
    for (uint32_t i = 0; i < c->nent; i++) {
        uint64_t n = c->ent[i].count;
        if (n >= HIST_LEN)
            nbig++;
        else if (n + 1 > hist_len)
            hist_len = (size_t)n + 1;
    }
    if (nbig)
        hist_len = HIST_LEN;
    uint64_t *hist = calloc(hist_len, sizeof *hist), *big = malloc((nbig ? nbig : 1) * sizeof *big);
    if (!hist || !big) {
        free(hist);
        free(big);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    nbig = 0;
    for (uint32_t i = 0; i < c->nent; i++) {
        uint64_t n = c->ent[i].count;
        if (n < hist_len)
            hist[n]++;
        else
            big[nbig++] = n;
    }
    qsort(big, nbig, sizeof *big, cmp_u64_desc);
    CountTable t = {hist, hist_len, big, nbig};
    fit_powerlaw(&t, 0, &out->zipf);
    if (out->zipf.cmin > 0 && out->zipf.ntail > 0) {
        /* Ranks 1 .. ntail are exactly the words with count >= cmin. */
        out->rank_lo = 1;
        out->rank_hi = out->zipf.ntail;
    }
    fit_pitman_yor(&t, &out->py);
    free(hist);
    free(big);
    return 0;
}

/* ---- the setup string ---- */

/* v rounded to 4 significant digits, as the double nearest that decimal (so that
 * numparse_format prints it short: 1.2345678 -> "1.235"). */
static double round4(double v)
{
    if (!(v != 0) || !isfinite(v))
        return v;
    int e = (int)floor(log10(fabs(v)));
    int m = 3 - e;
    if (m > 22 || m < -22)
        return v;
    double p = pow(10, abs(m)); /* exact for |m| <= 22 */
    return m >= 0 ? round(v * p) / p : round(v / p) * p;
}

static double clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

int corpus_setup_source(const CorpusStats *st)
{
    if (!st->truncated && isfinite(st->py.a) && isfinite(st->py.b) && st->py.a > 0)
        return CORPUS_FROM_PY;
    if (isfinite(st->heaps.slope) && isfinite(st->heaps_k))
        return CORPUS_FROM_HEAPS;
    return CORPUS_FROM_DEFAULTS;
}

size_t corpus_setup_string(const CorpusStats *st, char *buf, size_t buflen)
{
    const Knob *kt = knob_table();
    const Knob *ks = &kt[KNOB_S], *kbeta = &kt[KNOB_BETA], *kk = &kt[KNOB_K], *kb = &kt[KNOB_B];
    char n1[40], n2[40];
    int len;
    double a = st->py.a, b = st->py.b;
    int from = corpus_setup_source(st);
    if (from == CORPUS_FROM_PY) {
        if (a < 1 / ks->max) {
            /* Practically no discount: a Dirichlet process (beta = 0) with the fitted b. */
            b = round4(clamp(b, 1e-3, kb->max));
            len = snprintf(buf, buflen, "beta=0,b=%s", numparse_format(b, n1, sizeof n1));
        } else {
            double s = round4(clamp(1 / a, ks->min, ks->max));
            double a2 = 1 / s;
            /* b > -a must hold for the (possibly clamped) discount of the setup */
            double b2 = b > -a2 + 1e-3 ? b : -a2 + 1e-3;
            double k = theory_heaps_k(a2, b2);
            if (isfinite(k) && k >= kk->min && k <= kk->max)
                len = snprintf(buf, buflen, "s=%s,k=%s", numparse_format(s, n1, sizeof n1),
                               numparse_format(round4(k), n2, sizeof n2));
            else /* k outside the knob's range: give b itself */
                len = snprintf(buf, buflen, "s=%s,b=%s", numparse_format(s, n1, sizeof n1),
                               numparse_format(round4(clamp(b2, kb->min, kb->max)), n2, sizeof n2));
        }
    } else if (from == CORPUS_FROM_HEAPS) {
        /* A truncated table lacks the rare words the Pitman-Yor fit lives on (or it failed):
         * the Heaps fit saw every word, so the world grows its facts like the corpus its
         * words. beta >= 1/s_max keeps s in range. */
        double beta = round4(clamp(st->heaps.slope, 1 / ks->max, kbeta->max));
        double k = round4(clamp(st->heaps_k, kk->min, kk->max));
        len = snprintf(buf, buflen, "beta=%s,k=%s", numparse_format(beta, n1, sizeof n1),
                       numparse_format(k, n2, sizeof n2));
    } else { /* nothing fitted: the defaults */
        len = snprintf(buf, buflen, "s=%s,k=%s", numparse_format(ks->def, n1, sizeof n1),
                       numparse_format(kk->def, n2, sizeof n2));
    }
    return len > 0 ? (size_t)len : 0;
}
