/*
 * series.c: time-series and per-fact CSV.
 */
#include "skscope/series.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "skscope/csvout.h"

static const char *const status_names[] = {"not_yet", "recalled", "forgotten", "hallucinated"};

const char *series_status_name(int status)
{
    return status >= 0 && status < 4 ? status_names[status] : "?";
}

/* Column name: the learner prefix when several learners share the file. */
static void col(CsvOut *c, int prefix, int kind, const char *name)
{
    char buf[96];
    if (prefix)
        snprintf(buf, sizeof buf, "%s.%s", learner_kind_name((LearnerKind)kind), name);
    else
        snprintf(buf, sizeof buf, "%s", name);
    csvout_str(c, buf);
}

static void bin_name(char *buf, size_t n, int j)
{
    unsigned long long lo = 1ULL << j, hi = (1ULL << (j + 1)) - 1;
    if (lo == hi)
        snprintf(buf, n, "recall_rank_%llu", lo);
    else
        snprintf(buf, n, "recall_rank_%llu_%llu", lo, hi);
}

int series_write(FILE *fp, const Snapshot *snaps, size_t n)
{
    CsvOut c;
    csvout_init(&c, fp);
    int nl = n ? snaps[0].nlearners : 0;
    int pre = nl > 1;
    uint32_t nbins = 0;
    for (size_t r = 0; r < n; r++)
        if (snaps[r].nbins > nbins)
            nbins = snaps[r].nbins;
    static const char *const spec[] = {"loss_bits", "syntax_bits", "knowledge_bits", "excess_bits",
                                       "expected_excess_bits", "recall", "hallucination"};
    static const char *const extra[] = {
        "syntax_excess_bits", "knowledge_excess_bits", "expected_syntax_excess_bits",
        "expected_knowledge_excess_bits", "cum_excess_bits", "hallucination_abstain", "abstain",
        "stored", "injected_recall", "memory_bytes"};
    const int nspec = (int)(sizeof spec / sizeof spec[0]), nextra = (int)(sizeof extra / sizeof extra[0]);
    /* header */
    csvout_str(&c, "sentences");
    csvout_str(&c, "tokens");
    csvout_str(&c, "distinct_facts");
    for (int i = 0; i < nl; i++)
        for (int k = 0; k < nspec; k++)
            col(&c, pre, snaps[0].L[i].kind, spec[k]);
    for (int i = 0; i < nl; i++) {
        for (int k = 0; k < nextra; k++)
            col(&c, pre, snaps[0].L[i].kind, extra[k]);
        for (uint32_t j = 0; j < nbins; j++) {
            char b[64];
            bin_name(b, sizeof b, (int)j);
            col(&c, pre, snaps[0].L[i].kind, b);
        }
    }
    static const char *const world[] = {"new_fact_prob", "singleton_fraction", "zipf_s", "zipf_s_se",
                                        "zipf_cmin", "py_s", "py_s_se", "py_b", "heaps_beta",
                                        "heaps_beta_se",
                                        "floor_syntax_bits", "floor_knowledge_bits", "phase",
                                        "window_sentences", "a", "b", "k", "V", "T", "C"};
    for (size_t k = 0; k < sizeof world / sizeof world[0]; k++)
        csvout_str(&c, world[k]);
    csvout_end(&c);
    /* rows */
    for (size_t r = 0; r < n; r++) {
        const Snapshot *s = &snaps[r];
        csvout_u64(&c, s->n);
        csvout_u64(&c, s->tokens);
        csvout_u64(&c, s->K);
        for (int i = 0; i < nl; i++) {
            const LearnerSnap *l = &s->L[i];
            csvout_num(&c, l->loss_bits);
            csvout_num(&c, l->syntax_bits);
            csvout_num(&c, l->knowledge_bits);
            csvout_num(&c, l->excess);
            csvout_num(&c, l->exp_excess);
            csvout_num(&c, l->recall);
            csvout_num(&c, l->halluc);
        }
        for (int i = 0; i < nl; i++) {
            const LearnerSnap *l = &s->L[i];
            csvout_num(&c, l->syntax_excess);
            csvout_num(&c, l->knowledge_excess);
            csvout_num(&c, l->exp_syntax_excess);
            csvout_num(&c, l->exp_knowledge_excess);
            csvout_num(&c, l->cum_excess);
            csvout_num(&c, l->halluc_abstain);
            csvout_num(&c, l->abstain);
            csvout_u64(&c, l->stored);
            csvout_num(&c, l->injected_recall);
            csvout_u64(&c, (uint64_t)l->memory);
            for (uint32_t j = 0; j < nbins; j++) {
                if (j < s->nbins && s->bin_facts[j])
                    csvout_num(&c, (double)l->bin_recall[j]);
                else
                    csvout_empty(&c);
            }
        }
        csvout_num(&c, s->new_prob);
        csvout_num(&c, s->singleton_frac);
        csvout_num(&c, s->zipf_ok ? s->zipf_s : NAN);
        csvout_num(&c, s->zipf_ok ? s->zipf_s_se : NAN);
        if (s->zipf_ok)
            csvout_u64(&c, s->zipf_cmin);
        else
            csvout_empty(&c);
        csvout_num(&c, s->py_ok ? s->py_s : NAN);
        csvout_num(&c, s->py_ok ? s->py_s_se : NAN);
        csvout_num(&c, s->py_ok ? s->py_b : NAN);
        csvout_num(&c, s->heaps_beta);
        csvout_num(&c, s->heaps_beta_se);
        csvout_num(&c, s->floor_syntax);
        csvout_num(&c, s->floor_knowledge);
        csvout_u64(&c, (uint64_t)s->phase);
        csvout_u64(&c, s->window);
        csvout_num(&c, s->a);
        csvout_num(&c, s->b);
        csvout_num(&c, s->k);
        csvout_u64(&c, s->V);
        csvout_u64(&c, s->T);
        csvout_u64(&c, s->C);
        csvout_end(&c);
    }
    return ferror(fp) ? -1 : 0;
}

int series_write_facts(FILE *fp, const World *w, Learner *const *L, int nl, double tau)
{
    uint64_t K = 0;
    uint32_t *ids = metrics_rank_order(w, &K);
    if (!ids)
        return -1;
    CsvOut c;
    csvout_init(&c, fp);
    int pre = nl > 1;
    csvout_str(&c, "rank");
    csvout_str(&c, "fact");
    csvout_str(&c, "mentions");
    for (int i = 0; i < nl; i++) {
        col(&c, pre, L[i]->ops->kind, "recalled");
        col(&c, pre, L[i]->ops->kind, "confidence");
    }
    csvout_str(&c, "relation");
    csvout_str(&c, "value");
    for (int i = 0; i < nl; i++) {
        col(&c, pre, L[i]->ops->kind, "answer");
        col(&c, pre, L[i]->ops->kind, "status");
    }
    csvout_end(&c);
    for (uint64_t r = 0; r < K && !ferror(fp); r++) {
        uint32_t id = ids[r];
        const Fact *f = &w->facts[id];
        LearnerAnswer ans[METRICS_LEARNERS];
        csvout_u64(&c, r + 1);
        csvout_u64(&c, id);
        csvout_u64(&c, f->count);
        for (int i = 0; i < nl && i < METRICS_LEARNERS; i++) {
            L[i]->ops->answer(L[i], id, f->value, &ans[i]);
            csvout_u64(&c, ans[i].recalled);
            csvout_num(&c, ans[i].confidence);
        }
        csvout_u64(&c, f->rel & ~FACT_INJECTED);
        csvout_u64(&c, f->value);
        for (int i = 0; i < nl && i < METRICS_LEARNERS; i++) {
            int st = (int)metrics_fact_status(f->value, &ans[i], tau);
            if (ans[i].known)
                csvout_u64(&c, ans[i].value);
            else
                csvout_empty(&c);
            csvout_str(&c, series_status_name(st));
        }
        csvout_end(&c);
    }
    free(ids);
    return ferror(fp) ? -1 : 0;
}
