/*
 * metrics.c: the snapshot scan (one pass over the facts, ranks by counting sort).
 */
#include "skscope/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "skscope/fit.h"
#include "skscope/grow.h"

#define HMAX 65536 /* counts below this are ranked by counting sort; above, by qsort */

typedef struct RankEntry {
    uint64_t count; /* mentions */
    uint32_t id;    /* fact id */
} RankEntry;

struct Metrics {
    uint64_t *hist;      /* hist[c]: process facts with exactly c mentions, c < HMAX */
    uint64_t *cursor;    /* next free rank for count c */
    RankEntry *big;      /* facts with >= HMAX mentions, sorted by rank */
    uint64_t *bigcount;  /* their counts (for the power-law fit) */
    uint64_t nbig, bigcap, bccap;
    double *hn, *hK;     /* history of (n, K) at every scan */
    uint64_t nh, hncap, hKcap;
};

uint64_t metrics_rf_rank(int i) { return (uint64_t)llround(pow(2.0, i / 4.0)); }

Metrics *metrics_new(void)
{
    Metrics *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->hist = calloc(HMAX, sizeof *m->hist);
    m->cursor = calloc(HMAX, sizeof *m->cursor);
    if (!m->hist || !m->cursor) {
        metrics_free(m);
        return NULL;
    }
    return m;
}

void metrics_free(Metrics *m)
{
    if (!m)
        return;
    free(m->hist);
    free(m->cursor);
    free(m->big);
    free(m->bigcount);
    free(m->hn);
    free(m->hK);
    free(m);
}

/* Rank order: more mentions first, then the older (smaller id) fact. */
static int by_rank(const void *pa, const void *pb)
{
    const RankEntry *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* Count the process facts by mentions; collect and sort the very frequent ones. */
static int tabulate(Metrics *m, const World *w)
{
    memset(m->hist, 0, HMAX * sizeof *m->hist);
    m->nbig = 0;
    for (uint32_t id = 0; id < w->nfacts; id++) {
        const Fact *f = &w->facts[id];
        if (f->rel & FACT_INJECTED)
            continue;
        if (f->count < HMAX) {
            m->hist[f->count]++;
            continue;
        }
        if (grow_array(&m->big, &m->bigcap, m->nbig + 1, sizeof *m->big, 256, UINT32_MAX) != 0 ||
            grow_array(&m->bigcount, &m->bccap, m->nbig + 1, sizeof *m->bigcount, 256, UINT32_MAX) != 0)
            return -1;
        m->big[m->nbig++] = (RankEntry){f->count, id};
    }
    if (m->nbig > 1)
        qsort(m->big, m->nbig, sizeof *m->big, by_rank);
    for (uint64_t i = 0; i < m->nbig; i++)
        m->bigcount[i] = m->big[i].count;
    /* First rank of each count below HMAX. */
    uint64_t r = m->nbig + 1;
    for (size_t c = HMAX - 1; c >= 1; c--) {
        m->cursor[c] = r;
        r += m->hist[c];
    }
    return 0;
}

FactStatus metrics_fact_status(uint16_t truth, const LearnerAnswer *ans, double tau)
{
    if (ans->recalled)
        return STATUS_RECALLED;
    if (ans->known && ans->value != truth && ans->confidence >= tau)
        return STATUS_HALLUCINATED;
    if (ans->ever)
        return STATUS_FORGOTTEN;
    return STATUS_NOT_YET;
}

static int bin_of(uint64_t rank) { return 63 - __builtin_clzll(rank); }

/* p clamped to [0, 1]. */
static double prob(double p) { return p < 0 ? 0 : p > 1 ? 1 : p; }

/* Per-learner accumulators of one scan. */
typedef struct Acc {
    double bits, recall, wrong, wrong_conf, abstain;
    uint64_t inj_recalled, inj;
    uint64_t rec[METRICS_BINS], forgot[METRICS_BINS], hall[METRICS_BINS];
} Acc;

static void visit(const World *w, Learner *const *L, int nl, double tau, Acc *acc, Snapshot *snap,
                  uint32_t id, uint64_t rank, double wsum)
{
    const Fact *f = &w->facts[id];
    double weight = ((double)f->count - w->pyp.a) / wsum;
    int bin = bin_of(rank);
    snap->bin_facts[bin]++;
    double invV = 1.0 / w->setup.V;
    for (int i = 0; i < nl; i++) {
        LearnerAnswer ans;
        L[i]->ops->answer(L[i], id, f->value, &ans);
        Acc *a = &acc[i];
        double wrong = ans.known ? (ans.value != f->value) : 1 - invV;
        a->bits += weight * ans.bits;
        a->recall += weight * ans.recalled;
        a->wrong += weight * wrong;
        if (ans.confidence >= tau)
            a->wrong_conf += weight * wrong;
        else
            a->abstain += weight;
        FactStatus st = metrics_fact_status(f->value, &ans, tau);
        a->rec[bin] += st == STATUS_RECALLED;
        a->forgot[bin] += st == STATUS_FORGOTTEN;
        a->hall[bin] += st == STATUS_HALLUCINATED;
        if (rank <= METRICS_TOP)
            snap->L[i].top[rank - 1] = (uint8_t)st;
    }
    if (rank <= METRICS_TOP) {
        snap->top_fact[rank - 1] = id;
        snap->top_count[rank - 1] = f->count;
    }
}

static int push_history(Metrics *m, double n, double K)
{
    if (grow_array(&m->hn, &m->hncap, m->nh + 1, sizeof *m->hn, 256, UINT32_MAX) != 0 ||
        grow_array(&m->hK, &m->hKcap, m->nh + 1, sizeof *m->hK, 256, UINT32_MAX) != 0)
        return -1;
    m->hn[m->nh] = n;
    m->hK[m->nh] = K;
    m->nh++;
    return 0;
}

int metrics_scan(Metrics *m, const World *w, Learner *const *L, int nl, double tau,
                 const double *exp_syntax_excess, int flags, Snapshot *snap)
{
    if (nl > METRICS_LEARNERS)
        nl = METRICS_LEARNERS;
    if (tabulate(m, w) != 0)
        return -1;
    const Pyp *p = &w->pyp;
    snap->n = w->n;
    snap->tokens = w->tokens;
    snap->K = p->K;
    snap->new_prob = pyp_new_prob(p);
    snap->singleton_frac = p->K ? (double)pyp_singletons(p) / (double)p->K : NAN;
    snap->floor_knowledge = world_knowledge_floor(w);
    double share = world_finetune_share(w);
    snap->floor_syntax = (1 - share) * world_syntax_floor(w, FORMAT_PRETRAIN) +
                         share * world_syntax_floor(w, FORMAT_FINETUNE);
    snap->phase = (int)w->ft;
    snap->a = p->a;
    snap->b = p->b;
    snap->k = w->setup.k;
    snap->V = w->setup.V;
    snap->T = w->setup.T;
    snap->C = w->setup.C;
    memset(snap->bin_facts, 0, sizeof snap->bin_facts);
    for (int i = 0; i < METRICS_TOP; i++) {
        snap->top_fact[i] = UINT64_MAX;
        snap->top_count[i] = 0;
    }
    /* Rank-frequency points. */
    for (int i = 0; i < METRICS_RF; i++) {
        uint64_t r = metrics_rf_rank(i);
        uint64_t c = 0;
        if (r <= m->nbig) {
            c = m->bigcount[r - 1];
        } else if (r <= p->K) {
            /* Count c holds ranks [cursor[c], cursor[c] + hist[c]) and cursor[] falls as c
             * grows: the count at rank r is the smallest c with cursor[c] <= r. */
            size_t lo = 1, hi = HMAX - 1;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (m->cursor[mid] <= r)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            c = lo;
        }
        snap->rf_count[i] = c;
    }
    /* Zipf exponent of the mention counts, two ways. */
    snap->zipf_s = snap->zipf_s_se = snap->py_s = snap->py_s_se = snap->py_b = snap->py_b_se = NAN;
    snap->zipf_ok = snap->py_ok = 0;
    if (flags & METRICS_FITS) {
        CountTable ct = {m->hist, HMAX, m->bigcount, m->nbig};
        FitPowerLaw pl;
        fit_powerlaw(&ct, 0, &pl);
        snap->zipf_s = pl.s;
        snap->zipf_s_se = pl.s_se;
        snap->zipf_cmin = pl.cmin;
        snap->zipf_ntail = pl.ntail;
        snap->zipf_ok = pl.ok;
        FitPitmanYor py;
        fit_pitman_yor(&ct, &py);
        snap->py_s = py.s;
        snap->py_s_se = py.s_se;
        snap->py_b = py.b;
        snap->py_b_se = py.b_se;
        snap->py_ok = py.ok;
    }
    /* The pass over every fact. */
    for (int i = 0; i < nl; i++)
        if (L[i]->ops->begin_scan && L[i]->ops->begin_scan(L[i]) != 0)
            return -1;
    Acc *acc = calloc(nl > 0 ? (size_t)nl : 1, sizeof *acc);
    if (!acc)
        return -1;
    double wsum = (double)p->n + p->b; /* weight of fact k: (n_k - a)/(n + b) */
    uint64_t rank = 1;
    for (size_t i = 0; i < m->nbig; i++)
        visit(w, L, nl, tau, acc, snap, m->big[i].id, rank++, wsum);
    for (uint32_t id = 0; id < w->nfacts; id++) {
        const Fact *f = &w->facts[id];
        if (f->rel & FACT_INJECTED) {
            for (int i = 0; i < nl; i++) {
                LearnerAnswer ans;
                L[i]->ops->answer(L[i], id, f->value, &ans);
                acc[i].inj++;
                acc[i].inj_recalled += ans.recalled;
            }
            continue;
        }
        if (f->count >= HMAX || f->count == 0)
            continue;
        visit(w, L, nl, tau, acc, snap, id, m->cursor[f->count]++, wsum);
    }
    snap->nbins = p->K ? (uint32_t)bin_of(p->K) + 1 : 0;
    double V = w->setup.V, pnew = snap->new_prob;
    snap->nlearners = nl;
    for (int i = 0; i < nl; i++) {
        LearnerSnap *ls = &snap->L[i];
        Acc *a = &acc[i];
        ls->kind = (int)L[i]->ops->kind;
        ls->exp_syntax_excess = exp_syntax_excess ? exp_syntax_excess[i] : NAN;
        /* A new fact's value is uniform: any answer is wrong with probability 1 - 1/V. */
        double ubits, uconf;
        L[i]->ops->unseen(L[i], tau, &ubits, &uconf);
        ls->exp_knowledge_excess = a->bits + pnew * ubits - snap->floor_knowledge;
        if (ls->exp_knowledge_excess < 0)
            ls->exp_knowledge_excess = 0; /* rounding */
        ls->exp_excess = ls->exp_syntax_excess + ls->exp_knowledge_excess;
        /* sums of query weights: rounding can carry them a few ulps past 1 */
        ls->recall = prob(a->recall);
        ls->halluc = prob(a->wrong + pnew * (1 - 1 / V));
        ls->halluc_abstain = prob(a->wrong_conf + pnew * uconf * (1 - 1 / V));
        ls->abstain = prob(a->abstain + pnew * (1 - uconf));
        ls->injected_recall = a->inj ? (double)a->inj_recalled / (double)a->inj : NAN;
        ls->stored = L[i]->ops->stored(L[i]);
        ls->memory = L[i]->ops->memory(L[i]);
        for (int j = 0; j < METRICS_BINS; j++) {
            double nb = (double)snap->bin_facts[j];
            ls->bin_recall[j] = nb > 0 ? (float)(a->rec[j] / nb) : 0;
            ls->bin_forgot[j] = nb > 0 ? (float)(a->forgot[j] / nb) : 0;
            ls->bin_halluc[j] = nb > 0 ? (float)(a->hall[j] / nb) : 0;
        }
    }
    free(acc);
    /* Heaps exponent over the last decade of the history. */
    if ((flags & METRICS_RECORD) && push_history(m, (double)w->n, (double)p->K) != 0)
        return -1;
    FitLine fl;
    fit_loglog(m->hn, m->hK, m->nh, (double)w->n / 10, (double)w->n, &fl);
    snap->heaps_beta = fl.ok ? fl.slope : NAN;
    snap->heaps_beta_se = fl.ok ? fl.slope_se : NAN;
    return 0;
}

uint32_t *metrics_rank_order(const World *w, uint64_t *count)
{
    uint64_t K = 0;
    for (uint32_t id = 0; id < w->nfacts; id++)
        K += !(w->facts[id].rel & FACT_INJECTED);
    RankEntry *e = malloc((K ? K : 1) * sizeof *e);
    uint32_t *ids = malloc((K ? K : 1) * sizeof *ids);
    if (!e || !ids) {
        free(e);
        free(ids);
        return NULL;
    }
    uint64_t j = 0;
    for (uint32_t id = 0; id < w->nfacts; id++)
        if (!(w->facts[id].rel & FACT_INJECTED))
            e[j++] = (RankEntry){w->facts[id].count, id};
    if (K > 1)
        qsort(e, K, sizeof *e, by_rank);
    for (uint64_t i = 0; i < K; i++)
        ids[i] = e[i].id;
    free(e);
    *count = K;
    return ids;
}
