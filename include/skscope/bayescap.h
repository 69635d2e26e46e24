/*
 * bayescap.h: the Bayes learner with capacity C (SPEC 2, learner 2).
 *
 * It keeps at most C facts, those with the highest mention counts so far (the two-part-code
 * choice: store what saves the most bits per model bit); an evicted fact is forgotten. A binary
 * min-heap keyed by mention count holds the stored facts, so each mention costs O(log C) at
 * worst (a stored fact's count only grows, so it sifts down; frequent facts sit at the leaves
 * and cost O(1)). An unstored fact is admitted when its count exceeds the heap's minimum; ties
 * keep the incumbent. Mention counts of all facts are the world's (an idealised learner: its
 * bookkeeping of counts is not charged to its capacity).
 * Memory: 8 bytes per fact (heap position and vote with the ever-recalled bit, side by side)
 * + 12 per stored fact (heap).
 */
#ifndef SKSCOPE_BAYESCAP_H
#define SKSCOPE_BAYESCAP_H

#include "skscope/learner.h"

/* bayescap_new: an empty capacity-C Bayes learner, or NULL when out of memory. */
Learner *bayescap_new(const Setup *s);

/* bayescap_check: verify the heap property and the position index (tests); 0 if sound. */
int bayescap_check(const Learner *l);

/* bayescap_min_count: the smallest mention count among stored facts (0 if none). */
uint64_t bayescap_min_count(const Learner *l);

#endif
