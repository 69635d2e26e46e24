/*
 * theory.h: what theory predicts (SPEC 3), the overlay skscope draws and its tests check.
 *
 * Exact results (for the Pitman-Yor world and the Bayes learners) are marked "exact";
 * asymptotic ones "~". a = 1/s is the discount, b the concentration.
 */
#ifndef SKSCOPE_THEORY_H
#define SKSCOPE_THEORY_H

#include <stdint.h>

/* theory_expected_K: exact E[K_n], distinct facts after n sentences:
 *   (b/a) [Gamma(b+a+n)Gamma(b) / (Gamma(b+a)Gamma(b+n)) - 1]
 * computed as k(a,b) * poch(b+n, a) - b/a with GSL's log-Pochhammer (stable for n up to 1e15 and
 * b near -a); for a = 0 the Dirichlet-process limit b (psi(b+n) - psi(b)). */
double theory_expected_K(double a, double b, double n);

/* theory_sd_K: exact standard deviation of K_n over seeds (Pitman's second moment of the
 * Pitman-Yor(a, b) partition; for a = 0 the Chinese restaurant's sum of Bernoullis). The
 * spread that makes one seed's K sit off E[K] by chance. */
double theory_sd_K(double a, double b, double n);

/* theory_new_prob: exact E[P(the sentence after n is a new fact)] = (b + a E[K_n])/(n + b). */
double theory_new_prob(double a, double b, double n);

/* theory_heaps_k: Heaps coefficient k = Gamma(b+1)/(a Gamma(b+a)): E[K_n] ~ k n^a. */
double theory_heaps_k(double a, double b);

/* theory_knowledge_excess_bayes: exact expected knowledge excess of the next sentence for the
 * unlimited Bayes learner with no fact noise: log2 V x theory_new_prob (bits). ~ n^-(1-a). */
double theory_knowledge_excess_bayes(double a, double b, uint32_t V, double n);

/* theory_syntax_excess: ~ expected template excess of the next sentence after n sentences of a
 * format with T templates: (T - 1) log2(e) / (2n) (bits). */
double theory_syntax_excess(uint32_t T, double n);

/* theory_syntax_redundancy: ~ cumulative template redundancy after n sentences:
 * (T - 1)/2 log2 n (bits). */
double theory_syntax_redundancy(uint32_t T, double n);

/* theory_diversity_moment: exact E[S^p] of the a-diversity S = lim K_n / n^a of PY(a, b)
 * (Pitman 2006, Thm 3.8): Gamma(b+1) Gamma(b/a + p + 1) / (Gamma(b/a + 1) Gamma(b + pa + 1)). */
double theory_diversity_moment(double a, double b, double p);

/* theory_tail_mass: ~ expected probability mass of the facts ranked beyond C, from the ranked
 * weights p_(r) ~ (S / (Gamma(1-a) r))^(1/a):
 *   a/(1-a) E[S^(1/a)] Gamma(1-a)^(-1/a) C^(1 - 1/a).
 * Asymptotic in C (good from C of a few tens). Decays like C^-(s-1). */
double theory_tail_mass(double a, double b, double C);

/* theory_knowledge_excess_cap: ~ knowledge excess of the capacity-C Bayes learner as n grows:
 * log2 V x theory_tail_mass(C + 1/2) (bits): the mass beyond integer rank C by the midpoint
 * rule, the level theory_knowledge_excess_cap_n falls onto. */
double theory_knowledge_excess_cap(double a, double b, uint32_t V, double C);

/* theory_tail_mass_mc: E[mass beyond rank C] by simulating the stick-breaking weights
 * p_k = W_k prod_{j<k} (1 - W_j), W_k ~ Beta(1 - a, b + k a), sorting them, and averaging over
 * `draws` worlds (stream `seed`). Each world uses max(50 C, 20000) sticks; the mass left after
 * the last stick is exact and is counted as beyond rank C (its pieces are smaller than the C-th
 * weight when the sticks far outnumber C). Standard error of the mean in *se (may be NULL).
 * Costs about draws x sticks x log(sticks) operations: for the panels and tests, not per frame. */
double theory_tail_mass_mc(double a, double b, double C, int draws, uint64_t seed, double *se);

/* theory_knowledge_excess_cap_n: ~ the capacity-C Bayes learner after n sentences (bits):
 * log2 V x the expected mass of the facts it does not hold. It holds the C most-mentioned
 * facts; mentions of the fact at rank r are Poisson(n p_(r)) on the expected ranked weights of
 * theory_tail_mass (a 600-cell grid of ranks), so it holds the facts mentioned at least c times,
 * c the least count with at most C such facts in expectation, plus a share of those mentioned
 * c - 1 times. While the world has fewer than C facts it is exactly log2 V x P(new); as n grows
 * it falls onto log2 V x theory_tail_mass(C + 1/2) (ranks are integers: the
 * mass beyond rank C by the midpoint rule). NAN when a is so small (about 1e-7, far below a
 * setup's 0.01) that the ranked weights overflow. Costs ~30 x 600 incomplete gamma functions:
 * cache it per frame. */
double theory_knowledge_excess_cap_n(double a, double b, uint32_t V, double n, double C);

/* theory_sgd_mentions: mentions the SGD memory needs before it recalls a fact: the least m
 * with c_m + (1 - c_m)/V > 1/2, c_m = 1 - (1 - eta)^m. */
int theory_sgd_mentions(double eta, uint32_t V);

/* theory_knowledge_excess_sgd: ~ the SGD memory (C slots, rate eta) after n sentences (bits).
 * Ranked weights p_(r) = (c/r)^(1/a), c = E[S] / Gamma(1 - a), on a geometric grid of ranks
 * 1 .. 1e7 (the mass beyond is never learned). A fact whose slot no more frequent fact owns
 * (probability (1 - 1/C)^(r-1)) costs log2 V until n p_(r) reaches theory_sgd_mentions, then
 * nothing; when a more frequent fact of weight q owns the slot, its value costs
 * log2 V + log2((q + p)/p) (the slot keeps confidence near q/(p + q) for the owner's value).
 * A stated approximation: it ignores the gradual confidence of a slot (known or not). */
double theory_knowledge_excess_sgd(double a, double b, uint32_t V, double eta, double n, double C);

/* theory_hallucination_bayes: exact P(wrong answer) of the unlimited Bayes learner with no
 * noise, answering uniformly at random when it does not know: (1 - 1/V) x theory_new_prob. */
double theory_hallucination_bayes(double a, double b, uint32_t V, double n);

/* Exponents in terms of s: Zipf s, Heaps 1/s, data 1 - 1/s, capacity s - 1. */
double theory_exp_zipf(double s);
double theory_exp_heaps(double s);
double theory_exp_data(double s);
double theory_exp_capacity(double s);

#endif
