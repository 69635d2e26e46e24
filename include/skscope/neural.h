/*
 * neural.h: a small gradient-trained network as a learner (SPEC 2), in float32.
 *
 * Architecture. The prompt of fact k is (entity k, relation r_k). The entity is embedded
 * through a hashed table E[H][d]: u = rng_mix64(k ^ key), bucket h = floor(u H / 2^64), so the
 * parameter count stays fixed while the facts grow, and colliding facts share (and fight over) a
 * row. A Sentence carries no relation, so the network reads the relation from the same hash,
 * r = floor((u mod 2^32) R / 2^32): like the world's r_k it is uniform on R and independent of
 * the value, so the learning problem is the same in distribution (but it is not the world's r_k
 * of that fact). Relation table R[R][d]. Prompt x = E[h] + R[r].
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
 * ft_T 8) P = 133,336, of which H d = 131,072 is the entity table: the capacity is mostly H.
 *
 * Initialisation, from the stream RNG_LEARNER + LEARNER_NEURAL of the seed: the hash key, and
 * keys from which each embedding row is drawn, uniform with standard deviation 1/(2 sqrt d), when
 * it is first used (an unused row costs no memory, so H can be large); W1 He-uniform
 * (+-sqrt(6/d)), b1 = 0; W (or W2), c and the template logits start at zero, so the first
 * predictions are uniform. The same seed and knobs give the same network, bit for bit.
 *
 * Training: one step a sentence, after the sentence has been charged -log2 q(stated value) (to
 * kbits) and -log2 q(template) (to sbits), on the sum of the two cross-entropies.
 *   Clipping: the gradient of all parameters together is scaled to Euclidean norm <= 5
 *   (NEURAL_CLIP); a gradient whose norm overflows float (never seen in the knob range) makes
 *   no step.
 *   SGD (nn_adam = 0, the default): theta <- theta (1 - lr wd) - lr g. A step moves the
 *     parameters by at most 5 lr in norm (5 at lr = 1).
 *   Adam (nn_adam = 1): beta1 0.9, beta2 0.999, eps 1e-8 inside the root:
 *     theta <- (theta - lr mhat / sqrt(vhat + eps^2)) (1 - lr wd), mhat, vhat bias-corrected;
 *     1/sqrt by the exponent-halving bit trick (relative error < 3.5%: a preconditioner needs
 *     no more). |mhat| / sqrt(vhat) < 7.3 whatever the gradients, so a parameter moves by less
 *     than 7.3 lr a step.
 *   The output layer, c, W1 and b1 take a step at every sentence (dense). Embedding rows and the
 *   template logit vectors are lazy: only the rows a sentence uses (E[h], R[r], its format's
 *   template logits) take a step, with their own Adam step count for the bias correction (the
 *   usual m, v per parameter otherwise); the weight decay a row missed while unused,
 *   (1 - lr wd)^gap, is applied when it is next used (and in the answers), so with decay every
 *   parameter shrinks at every step, used or not.
 *   Probabilities below 2^-40 get no gradient (no denormal numbers); the charged bits come from
 *   the logits (log-softmax), never from a rounded probability; exp is a polynomial with
 *   relative error < 2e-7 on [-80, 0] (smaller arguments count as -80).
 *   With these bounds no learning rate in [1e-4, 1] gives NaN or infinity (tests/test_neural.c
 *   runs both optimizers at 1e-4 and 1, with and without a hidden layer and weight decay). A
 *   rate far too high for Adam still gives absurd, finite losses (hundreds of bits at lr = 1):
 *   SGD works best near 0.05, Adam near 0.005.
 * Live knobs: nn_lr and nn_wd apply from the next sentence; a change of nn_adam resets the moment
 * estimates; a change of nn_d, nn_H or nn_hidden starts a fresh network (as at the start; the
 * ever-recalled record is kept); a change of T or ft_T resets that format's template logits.
 *
 * Answers (snapshots): begin_scan evaluates every distinct prompt (bucket, relation) once into a
 * cache (H R entries of 16 bytes when H R <= NEURAL_SCAN_MAX = 2^20; with a hidden layer also its
 * activations, when H R m <= 2^24 floats), so that answer() costs O(d) (O(m) with a hidden
 * layer): the most likely value, its probability (confidence), and the expected -log2 q of the
 * fact's next stated value under the world's noise, (1 - eps)(-log2 q(truth)) +
 * eps/(V-1) sum_{x != truth} -log2 q(x). recalled = the answer is the truth and confidence > 1/2;
 * known = its bucket has been trained; ever = it was recalled at some mention (checked with the
 * prediction made just before that mention's step, so a fact learned at its last mention is
 * marked at its next one). An unseen fact lands on a uniformly random prompt: unseen() averages
 * over the H R prompts, or over a fixed pseudo-random sample of 65,536 prompts when
 * H R > 2^20 (then answer() evaluates its prompt in O(d V)). Without a scan since the last
 * sentence, answer() and unseen() evaluate directly (same results up to float rounding).
 * stored() = buckets trained at least once.
 *
 * Speed (world + this learner, one core of the project's AMD EPYC, -O2, best of 7 runs of 1e6
 * sentences; the machine is shared, so ranges run from quiet to loaded): defaults (d 32, V 64,
 * H 4096, SGD) 480-870 ns a sentence, 1.15-2.1 million a second (the world alone: 34-42 ns);
 * Adam 800-1300 ns. SGD at d 16 / 64 / 128: 480 / 890 / 1520 ns; with m = 32 / 64 / 128 hidden
 * units: 780 / 1340 / 3230 ns; Adam at d 64 or m 64: about 2800 ns (the layer and its two moments
 * no longer fit the 32 KiB L1 cache). On x86-64 with AVX2 the hot loops run in a copy compiled
 * for AVX2 with the same operations in the same order (no fused multiply-add), so its results
 * equal the SSE2 copy's bit for bit; without AVX2 (or off x86) GCC keeps the 8-float vectors in
 * memory and a step takes about 3.3 us. An optimised BLAS is slower at these sizes (OpenBLAS
 * 0.3.21, one thread: 1.8 us against 0.95 us for the forward pass, input gradient and SGD update
 * of a 64 x 32 layer, in the same harness: call overhead), and Adam's update is not a BLAS
 * operation, so none is used.
 * Memory: 3 float arrays of H x d (d rounded up to 8) and 16 bytes a bucket (zero pages until
 * used), the same for R, the dense layers x3, one byte a fact (ever recalled), the scan cache.
 */
#ifndef SKSCOPE_NEURAL_H
#define SKSCOPE_NEURAL_H

#include <stdint.h>

#include "skscope/learner.h"

#define NEURAL_CLIP 5.0            /* gradient norm limit (all parameters together) */
#define NEURAL_SCAN_MAX (1u << 20) /* prompts (H R) a scan evaluates one by one */
#define NEURAL_V_MAX 4096u          /* values: a scan costs H R V d, so larger V is refused */

/* neural_new: a freshly initialised network for setup *s, or NULL when out of memory. */
Learner *neural_new(const Setup *s);

/* neural_params: its parameter count P for setup *s (formula above). */
uint64_t neural_params(const Setup *s);

#endif
