/*
 * fuzz_corpus.c: the corpus tokeniser and counter (corpus_add_text, corpus_finish,
 * corpus_setup_string).
 *
 * Input: byte 0 chooses the vocabulary bound (bits 3..7: 0 = the default, else 1 .. 31 words, so
 * that the table fills up and the HyperLogLog path runs) and the number of extra cuts (bits
 * 0..2); then two bytes per cut give its position; the rest is the text. The text is fed cut
 * into those chunks (a word or a UTF-8 character may straddle a cut) to one corpus and, when
 * there are cuts, in one piece to another.
 *
 * Checks: both corpora give the same statistics and setup string (cuts change nothing); the
 * exact counts are consistent; a setup string made from a fit is a valid setup string.
 */
#include "fuzz.h"
#include "skscope/corpus.h"
#include "skscope/setup.h"

#define CORPUS_FUZZ_MAX (1 << 20)

static int same_double(double x, double y) { return memcmp(&x, &y, sizeof x) == 0; }

static int stats_same(const CorpusStats *x, const CorpusStats *y)
{
    return x->words == y->words && x->distinct == y->distinct && x->bytes == y->bytes &&
           x->bad_utf8 == y->bad_utf8 && x->truncated == y->truncated && x->rank_lo == y->rank_lo &&
           x->rank_hi == y->rank_hi && same_double(x->zipf.alpha, y->zipf.alpha) &&
           x->zipf.cmin == y->zipf.cmin && x->zipf.ntail == y->zipf.ntail &&
           same_double(x->py.a, y->py.a) && same_double(x->py.b, y->py.b) &&
           same_double(x->heaps.slope, y->heaps.slope) && same_double(x->heaps_k, y->heaps_k);
}

static int by_size(const void *p, const void *q)
{
    size_t a = *(const size_t *)p, b = *(const size_t *)q;
    return a < b ? -1 : a > b;
}

/* corpus_finish and the setup string; returns corpus_finish's result. */
static int finish(Corpus *c, CorpusStats *st, char *setup, size_t setuplen)
{
    char err[256];
    err[0] = 0;
    int rc = corpus_finish(c, st, err, sizeof err);
    FUZZ_CHECK(rc == 0 || (rc == -1 && fuzz_message_ok(err, sizeof err)));
    size_t n = corpus_setup_string(st, setup, setuplen);
    FUZZ_CHECK(n > 0 && n < setuplen);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (size > CORPUS_FUZZ_MAX)
        size = CORPUS_FUZZ_MAX;
    uint64_t bound = data[0] >> 3;
    size_t ncuts = data[0] & 7u, pos = 1;
    if (size < pos + 2 * ncuts)
        return 0;
    size_t cuts[8];
    const uint8_t *text = data + pos + 2 * ncuts;
    size_t len = size - pos - 2 * ncuts;
    for (size_t i = 0; i < ncuts; i++)
        cuts[i] = ((size_t)data[pos + 2 * i] << 8 | data[pos + 2 * i + 1]) % (len + 1);
    qsort(cuts, ncuts, sizeof *cuts, by_size);
    cuts[ncuts] = len;

    char err[256];
    Corpus *chunked = corpus_new(bound, err, sizeof err);
    FUZZ_CHECK(chunked != NULL);
    for (size_t i = 0, at = 0; i <= ncuts; i++) {
        corpus_add_text(chunked, (const char *)text + at, cuts[i] - at);
        at = cuts[i];
    }
    CorpusStats a;
    char sa[256];
    int ra = finish(chunked, &a, sa, sizeof sa);
    corpus_free(chunked);
    if (ncuts > 0) { /* the same text in one piece (the fits are slow: only when it can differ) */
        Corpus *whole = corpus_new(bound, err, sizeof err);
        FUZZ_CHECK(whole != NULL);
        corpus_add_text(whole, (const char *)text, len);
        CorpusStats b;
        char sb[256];
        int rb = finish(whole, &b, sb, sizeof sb);
        corpus_free(whole);
        FUZZ_CHECK(ra == rb && stats_same(&a, &b) && strcmp(sa, sb) == 0);
    }
    FUZZ_CHECK(a.bytes == len && a.bad_utf8 <= len);
    if (!a.truncated) /* exact counts (past the bound, distinct is an estimate) */
        FUZZ_CHECK(a.distinct <= a.words && (bound == 0 || a.distinct <= bound));
    if (ra == 0) {
        Setup s;
        setup_default(&s);
        if (setup_parse(&s, sa, err, sizeof err) != 0) {
            fprintf(stderr, "corpus setup string '%s' is not valid: %s\n", sa, err);
            FUZZ_CHECK(0);
        }
    }
    return 0;
}
