/*
 * pyp.c: the parts of the Pitman-Yor sampler that are not on the hot path.
 */
#include "skscope/pyp.h"

#include <stdlib.h>
#include <string.h>

#include "skscope/grow.h"

void pyp_init(Pyp *p, double a, double b)
{
    memset(p, 0, sizeof *p);
    p->a = a;
    p->b = b;
}

void pyp_free(Pyp *p)
{
    for (int j = 0; j < PYP_GROUPS; j++)
        free(p->g[j].ids);
    memset(p->g, 0, sizeof p->g);
}

int pyp_reserve(Pyp *p, uint32_t draws)
{
    /* Within `draws` observations a group can gain at most `draws` members, and no count can
     * pass (largest count now) + draws < 2^(top+1) + draws + 1, which bounds the groups reached. */
    int hi = pyp_group_of(((uint64_t)1 << (p->top + 1)) + draws);
    for (int j = 0; j <= hi; j++) {
        PypGroup *g = &p->g[j];
        if (grow_array(&g->ids, &g->cap, (uint64_t)g->size + draws, sizeof *g->ids, 64, UINT32_MAX) != 0)
            return -1;
    }
    return 0;
}

uint64_t pyp_singletons(const Pyp *p)
{
    uint64_t grouped = 0;
    for (int j = 0; j < PYP_GROUPS; j++)
        grouped += p->g[j].size;
    return p->K - grouped;
}

double pyp_new_prob(const Pyp *p)
{
    if (p->n == 0)
        return 1;
    return (p->b + p->a * (double)p->K) / ((double)p->n + p->b);
}

int pyp_check(const Pyp *p, const Fact *facts, uint32_t nfacts)
{
    uint64_t weight[PYP_GROUPS] = {0}, size[PYP_GROUPS] = {0}, K = 0, n = 0;
    for (uint32_t id = 0; id < nfacts; id++) {
        const Fact *f = &facts[id];
        if (f->rel & FACT_INJECTED)
            continue;
        K++;
        n += f->count;
        if (f->count >= 2) {
            int j = pyp_group_of(f->count - 1);
            if (f->gpos >= p->g[j].size || p->g[j].ids[f->gpos] != id)
                return -1;
            weight[j] += f->count - 1;
            size[j]++;
        }
    }
    if (K != p->K || n != p->n)
        return -2;
    for (int j = 0; j < PYP_GROUPS; j++)
        if (weight[j] != p->weight[j] || size[j] != p->g[j].size)
            return -3;
    return 0;
}
