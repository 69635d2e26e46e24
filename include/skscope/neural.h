/*
 * neural.h: a small gradient-trained network as a learner (SPEC 2), in float32.
 *
 * Architecture. The prompt of fact k is (entity k, relation r_k). The entity is embedded through
 * a hashed table E[H][d]: u = rng_mix64(k ^ key), bucket h = floor(u H / 2^64), so the parameter
 * count stays fixed while the facts grow and colliding facts share (and fight over) a row. A
 * Sentence carries no relation, so the network reads the relation from the same hash, r = floor
 * ((u mod 2^32) R / 2^32): like the world's relation it is uniform on R and independent of the
 * value, so the learning problem is the same in distribution (it is not the world's r_k of the
 * same fact). Relation table R[R][d]. Prompt x = E[h] + R[r].
 *   nn_hidden = 0: logits z = W x + c (W: V x d);
 *   nn_hidden = m: z = W2 relu(W1 x + b1) + c (W1: m x d, W2: V x m).
 * q = softmax(z) over the V values (max subtracted). A second head, one logit vector per template
 * format (T pretraining templates, ft_T fine-tuning templates), predicts the template: the
 * learner models syntax itself (it charges its own template bits and reports its own
 * KL(theta || q) as the syntax excess).
 *
 * Parameters (the capacity knob), P = neural_params():
 *   P = H d + R d + T + ft_T + (V d + V)                      nn_hidden = 0
 *   P = H d + R d + T + ft_T + (m d + m) + (V m + V)          nn_hidden = m > 0
 * shown in bits at 16 or 32 bits a parameter. With the defaults (d 32, H 4096, R 4, V 64, T 16,
 * ft_T 8) P = 133,272, of which H d = 131,072 is the entity table: the capacity is mostly H.
 *
 * Initialisation, from the stream RNG_LEARNER + LEARNER_NEURAL of the seed: the hash key, and
 * keys from which each embedding row is drawn uniform on +-sqrt(3/d) (standard deviation
 * 1/sqrt(d)) when first used (an unused row costs no memory, so H can be large); W1 He-uniform
 * (+-sqrt(6/d)), b1 = 0; the output layer W (or W2), c and the template logits start at zero, so
 * the first predictions are uniform. The same seed and knobs give the same network, bit for bit.
 *
 * Training: one step a sentence, after the sentence has been charged -log2 q(stated value) (to
 * kbits) and -log2 q(template) (to sbits), on the sum of the two cross-entropies.
 *   Clipping: the gradient of all parameters together is scaled to Euclidean norm <= 5.
 *   SGD (nn_adam = 0): theta <- theta (1 - lr wd) - lr g, so one step moves the parameters by at
 *     most 5 lr (5 at lr = 1) in norm.
 *   Adam (nn_adam = 1): beta1 0.9, beta2 0.999, eps 1e-8 inside the root:
 *     theta <- theta (1 - lr wd) - lr mhat / sqrt(vhat + eps^2), mhat, vhat bias-corrected;
 *     1/sqrt by the exponent-halving bit trick and one Newton step (relative error < 0.2%).
 *     |mhat| / sqrt(vhat) < 7.3 whatever the gradients, so a parameter moves by less than
 *     7.3 lr a step.
 *   The output layer, c, W1 and b1 are updated at every step (dense). Embedding rows and template
 *   logit vectors are updated lazily: only the rows a sentence uses (E[h], R[r], its format's
 *   template logits) take a step, with their own Adam step count for the bias correction, and
 *   the weight decay they missed while unused, (1 - lr wd)^gap, is applied when they are next
 *   used (and in the answers); with wd = 0 a lazy row is left exactly as it was.
 *   Probabilities below 2^-40 get no gradient (so no denormal numbers); the charged bits come
 *   from the logits (log-softmax), never from a rounded probability.
 *   With the clipping and these bounds no learning rate in [1e-4, 1] gives NaN or infinity
 *   (tests/test_neural.c runs both optimizers at 1e-4 and 1, with and without a hidden layer).
 * Live knobs: nn_lr, nn_wd apply from the next sentence; a change of nn_adam resets the moment
 * estimates; a change of nn_d, nn_H or nn_hidden starts a fresh network (as at the start, the
 * ever-recalled record is kept); a change of T or ft_T resets that format's template logits.
 *
 * Answers (snapshots): begin_scan evaluates every distinct prompt (bucket, relation) once into a
 * cache (H R entries of 16 bytes when H R <= 2^20; with a hidden layer also its activations,
 * when H R m <= 2^24 floats), so that answer() costs O(d) (O(m) with a hidden layer): the most
 * likely value, its probability (confidence), and the expected -log2 q of the fact's next stated
 * value under the world's noise, (1 - eps)(-log2 q(truth)) + eps/(V-1) sum_{x != truth}
 * (-log2 q(x)). recalled = answer is the truth and confidence > 1/2; known = its bucket has been
 * trained; ever = it was recalled at some mention (checked with the prediction made just before
 * that mention's step, so a fact learned at its last mention is marked at the next one). An
 * unseen fact lands on a uniformly random prompt: unseen() averages over the H R prompts (over a
 * fixed pseudo-random sample of 65,536 prompts when H R > 2^20). stored() = buckets trained.
 *
 * Speed (one core of this project's AMD EPYC, -O2): see the report in docs/ and the numbers in
 * tests/test_neural.c. The inner loops run over blocks of 8 floats (auto-vectorised); on x86-64
 * with AVX2 the per-sentence step runs a copy compiled for AVX2, with the same operations in the
 * same order (no fused multiply-add), so its results are bit-identical to the SSE2 copy.
 * Memory: 4 (3 with SGD only used) float arrays of H x d rounded up to 8, plus 12 bytes a bucket,
 * the dense layers x3, one byte a fact (ever recalled), and the scan cache.
 */
#ifndef SKSCOPE_NEURAL_H
#define SKSCOPE_NEURAL_H

#include <stdint.h>

#include "skscope/learner.h"

#define NEURAL_CLIP 5.0        /* gradient norm limit (all parameters together) */
#define NEURAL_SCAN_MAX (1u << 20) /* prompts (H R) cached exactly by begin_scan */

/* neural_new: a freshly initialised network for setup *s, or NULL when out of memory. */
Learner *neural_new(const Setup *s);

/* neural_params: its parameter count P for setup *s (formula above). */
uint64_t neural_params(const Setup *s);

#endif
