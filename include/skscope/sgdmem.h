/*
 * sgdmem.h: the SGD associative memory (SPEC 2, learner 3).
 *
 * C slots addressed by a hash of (entity, relation). A slot holds a value v and a confidence c;
 * it predicts q(v) = c + (1 - c)/V and q(x) = (1 - c)/V for every other x. On each mention of
 * value x the confidence moves by the learning rate eta toward the observation: toward 1 if
 * x = v (c += eta (1 - c)), toward 0 otherwise (c -= eta c); when c falls below eta the slot is
 * rewritten to (x, eta). Confidence is capped at 1 - 2^-10 so that no value is ever certain.
 * Facts need several mentions to be recalled (c + (1 - c)/V > 1/2), colliding facts interfere
 * (forgetting), and a slot owned by another fact answers confidently and wrongly
 * (hallucination). Changing C re-addresses the memory: it starts empty.
 * Memory: 8 bytes per slot, 8 per slot written (a list, so that an unseen fact's expected
 * cost, an average over slots, costs O(written) to compute) and 1 per fact (ever recalled).
 */
#ifndef SKSCOPE_SGDMEM_H
#define SKSCOPE_SGDMEM_H

#include "skscope/learner.h"

#define SGDMEM_CMAX (1.0 - 1.0 / 1024) /* confidence cap */

/* sgdmem_new: an empty memory with C slots, or NULL when out of memory. */
Learner *sgdmem_new(const Setup *s);

/* sgdmem_slot: the slot of fact `fact` in a memory of `slots` slots (slots >= 1). */
uint64_t sgdmem_slot(uint64_t seed, uint32_t fact, uint64_t slots);

#endif
