/*
 * presets.c: the preset table.
 */
#include "skscope/presets.h"

static const Preset presets[] = {
    {"default", "", "the reference world: s = 1.8, k = 2, C = 4096"},
    {"heavy tail", "s=1.3,k=2", "many rare facts: slow data scaling (n^-0.23), much hallucination"},
    {"light tail", "s=3,k=2", "few facts dominate: knowledge learned fast (n^-0.67)"},
    {"small model", "s=1.8,C=256", "capacity-limited: the loss flattens at the mass beyond C"},
    {"noisy facts", "eps=0.1,V=16", "wrong values in the data: facts need repeats to be trusted"},
    {"many templates", "T=256,gamma=0.5", "a richer syntax: its loss falls like (T - 1)/(2n)"},
    {"fine-tuning", "C=1024,ft_at=1000000,ft_F=200,ft_r=10,ft_T=8",
     "at 1M sentences: a new format is learned fast, rare old facts are pushed out"},
    {"no power law", "beta=0,b=20", "a -> 0: distinct facts grow like b ln n, loss falls like 1/n"},
};

const Preset *presets_table(size_t *n)
{
    *n = sizeof presets / sizeof presets[0];
    return presets;
}
