/*
 * bayes.h: the unlimited Bayes learner (SPEC 2, learner 1).
 *
 * It stores every fact at its first mention (with fact noise: the majority value of its
 * mentions, by Boyer-Moore vote) and predicts a stored fact's value with probability 1 - eps,
 * spreading eps over the other V - 1 values; an unknown fact gets the uniform prior 1/V. With
 * eps = 0 its expected knowledge excess is exactly log2 V x P(new fact next).
 * Memory: 4 bytes per fact (its vote, with the ever-recalled bit).
 */
#ifndef SKSCOPE_BAYES_H
#define SKSCOPE_BAYES_H

#include "skscope/learner.h"

/* bayes_new: an empty unlimited Bayes learner, or NULL when out of memory. */
Learner *bayes_new(const Setup *s);

#endif
