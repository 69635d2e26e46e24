#!/usr/bin/env python3
"""Reference simulation of the Syntax-Knowledge world and the unlimited Bayes learner (eps = 0).

What a competent user would write without skscope: Python + NumPy, the model of SPEC.md sections
1-2, the same end-of-run statistics. `skscope bench --compare` runs it for a speed ratio and checks
that both programs agree within sampling noise.

The Pitman-Yor (Chinese restaurant) process is EXACT. Sentence m (m sentences seen, K_m facts,
o_m = m - K_m repeat mentions so far) inverts the exact predictive with one uniform U_m:

    y = U_m (m + b) < b + a K_m           new fact K_m
    x = y - (b + a K_m) < o_m             the fact of repeat mention floor(x): uniform over earlier
                                          repeats, of which fact k has n_k - 1
    otherwise                             fact floor((x - o_m) / (1 - a)): uniform over the facts

so fact k gets mass (n_k - 1) + (1 - a) = n_k - a and a new fact b + a K_m, out of m + b.
The only sequential part is K_m, through y_m < b + a K_m with K_m nondecreasing. A block draws all
its y at once and solves that recursion by a monotone fixed point: start with the positions new
for sure (y < b + a K_start), recount K_m = K_start + (new before m), retest, repeat until nothing
changes. Each iterate is a lower bound of the true K_m, so the fixed point is the sequential
answer: the very decisions a per-sentence loop makes with the same uniforms (tested bit for bit).
It runs on a few candidates (y < b + a (K_start + #candidates)). A block is 1/16 of the sentences
so far (at most 2^18), so a copy rarely points into its own block; those pointers go to earlier
repeats and are resolved in a few rounds of gathers. Templates (alias method) and fact values are
drawn a block at a time. The learner's syntax charge for a block is the exact sum of its
per-sentence KT charges -log2 (n_t + g)/(n + Tg), from lgamma (their product is a ratio of
Dirichlet-multinomial normalisers).
"""
import argparse
import json
import math
import sys
import time

import numpy as np

METHOD = "exact CRP: one uniform per sentence, fixed point on the new-fact recursion per block"


def solve_b(a, k):
    """Concentration b with k = Gamma(b+1) / (a Gamma(b+a)), by bisection in x = log(b + a)."""
    def f(x):
        return math.lgamma(math.exp(x) - a + 1) - math.lgamma(math.exp(x)) - math.log(a * k)
    lo, hi = -600.0, math.log(1e9 + a)
    if not f(lo) < 0 < f(hi):
        raise ValueError(f"no concentration b up to 1e9 gives k = {k} at s = {1 / a:g}")
    while lo < (mid := 0.5 * (lo + hi)) < hi:
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return math.exp(mid) - a


def crp_blocks(N, a, b, rng, ratio=16, cap=1 << 18):
    """Yield (fact ids of the next block of sentences, facts so far) up to N sentences.

    Facts are numbered in order of creation. Keeps the fact of every repeat mention: O(N) memory.
    """
    rep_fact = np.empty(N, np.int32)        # fact of the j-th repeat (not first) mention
    yield np.zeros(1, np.int32), 1          # sentence 0 creates fact 0
    n, K = 1, 1
    while n < N:
        B = min(N - n, max(min(n // ratio, cap), 64))
        y = rng.random(B) * (np.arange(n, n + B) + b)
        cand = np.flatnonzero(y < b + a * (K + B))
        while cand.size and not (keep := y[cand] < b + a * (K + cand.size)).all():
            cand = cand[keep]               # at most cand.size new facts in this block
        yc = y[cand]
        new = yc < b + a * K                # new for sure, since K_m >= K
        while True:
            new2 = yc < b + a * (K + np.cumsum(new) - new)
            if new2.sum() == new.sum():
                break
            new = new2
        pos = cand[new]                     # block positions of the J new facts
        J, o0 = pos.size, n - K
        r = pos - np.arange(J)              # repeats in the block before each new fact
        seg = np.diff(r, prepend=0, append=B - J)   # repeats between consecutive new facts
        x = np.delete(y, pos) - np.repeat(b + a * (K + np.arange(J + 1)), seg)
        o = np.arange(o0, o0 + B - J)       # ordinal of each repeat
        ptr = x.astype(np.int64)            # floor(x): copy that repeat, if x < o
        direct = np.flatnonzero(x >= o)
        ptr[direct] = -1
        f = rep_fact[o0:o0 + B - J]
        f[:] = rep_fact[np.minimum(ptr, o0 - 1)]   # right for copies of earlier blocks' repeats
        Kd = K + np.searchsorted(r, direct, side="right")
        f[direct] = np.minimum((x[direct] - o[direct]) / (1 - a), Kd - 1)
        pend = np.flatnonzero(ptr >= o0)    # copies of this block's repeats: resolve in rounds
        tgt = ptr[pend] - o0
        waiting = np.zeros(B - J, bool)
        waiting[pend] = True
        while pend.size:
            ok = ~waiting[tgt]
            f[pend[ok]] = f[tgt[ok]]
            waiting[pend[ok]] = False
            pend, tgt = pend[~ok], tgt[~ok]
        n, K = n + B, K + J
        yield np.insert(f, r, np.arange(K - J, K, dtype=np.int32)), K


def alias_table(p):
    """Vose's alias table for drawing from the distribution p in O(1): (cut, alias)."""
    q, cut, alias = p * len(p), np.ones(len(p)), np.arange(len(p))
    small, large = [t for t in alias if q[t] < 1], [t for t in alias if q[t] >= 1]
    while small and large:
        lo, hi = small.pop(), large[-1]     # column lo: itself w.p. q[lo], else hi
        cut[lo], alias[lo] = q[lo], hi
        q[hi] -= 1 - q[lo]
        if q[hi] < 1:
            small.append(large.pop())
    return cut, alias


def kt_block_nats(n_t, d, gamma):
    """Sum over a block with template counts d of the KT charges -ln (n_t + g) / (n + T g).

    The product of the block's predictions is a ratio of Dirichlet-multinomial normalisers.
    """
    n, B, Tg = int(n_t.sum()), int(d.sum()), len(n_t) * gamma
    return math.lgamma(n + B + Tg) - math.lgamma(n + Tg) - sum(
        math.lgamma(c + e + gamma) - math.lgamma(c + gamma)
        for c, e in zip(n_t.tolist(), d.tolist()) if e)


def simulate(N, s, k, V, T, seed, gamma=1.0, L=6):
    """Run the world and the unlimited Bayes learner for N sentences; return the statistics."""
    a = 1.0 / s
    b = solve_b(a, k)
    rng = np.random.default_rng(seed)
    theta = rng.dirichlet(np.full(T, gamma))
    h = (L - 1) // 2
    length = L - h + rng.integers(0, 2 * h + 1, size=T)     # syntax tokens of each template
    cut, alias = alias_table(theta)
    t0 = time.perf_counter()
    value = np.empty(N, np.int16)           # world: the value of fact k
    memory = np.full(N, -1, np.int16)       # learner: the value it stored for fact k, -1 = none
    repeated = np.zeros(N, bool)            # fact k mentioned more than once
    n_t = np.zeros(T, np.int64)             # learner: template counts
    n = K = tokens = 0
    syn_nats = know_bits = 0.0
    for fact, Kend in crp_blocks(N, a, b, rng):
        B = fact.size
        value[K:Kend] = rng.integers(0, V, size=Kend - K)
        v = rng.random(B) * T
        c = v.astype(np.intp)
        tmpl = np.where(v - c < cut[c], c, alias[c])        # sentences: (fact, tmpl, value[fact])
        d = np.bincount(tmpl, minlength=T)
        tokens += int(d @ (length + 3))
        syn_nats += kt_block_nats(n_t, d, gamma)
        known = memory[fact] >= 0           # eps = 0: a stored fact costs 0 bits, others log2 V
        repeated[fact] = known
        new, times = np.unique(fact[~known], return_counts=True)
        know_bits += math.log2(V) * new.size
        memory[new] = value[new]            # the value its first mention states
        repeated[new[times > 1]] = True
        n_t += d
        n, K = n + B, Kend
    seconds = max(time.perf_counter() - t0, 1e-9)
    p = theta[theta > 0]
    return {
        "sentences": n, "tokens": tokens, "distinct_facts": K,
        "singletons": K - int(np.count_nonzero(repeated[:K])),
        "expected_excess_bits": math.log2(V) * (b + a * K) / (n + b),
        "mean_loss_bits": (syn_nats / math.log(2) + know_bits) / n,
        "floor_bits": float(-(p * np.log2(p)).sum()) + 0.0,
        "seconds": seconds, "sentences_per_second": n / seconds, "method": METHOD,
    }


def count(text):
    """Parse a sentence count: an integer or a form like 1e6."""
    try:
        v = int(text) if text.strip().lstrip("+").isdigit() else float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (isinstance(v, int) or (math.isfinite(v) and v.is_integer())) or not 1 <= v < 2**31:
        raise argparse.ArgumentTypeError(f"not a whole number from 1 to 2^31-1: {text!r}")
    return int(v)


class Parser(argparse.ArgumentParser):
    """argparse with a one-line error message and exit status 2."""

    def error(self, message):
        sys.stderr.write(f"ref.py: {message}\n")
        sys.exit(2)


def main(argv=None):
    """Command line: ref.py --sentences N --s S --k K --V V --T T --seed SEED [--json]."""
    p = Parser(description="Python+NumPy reference simulation for skscope bench --compare.")
    p.add_argument("--sentences", type=count, default=10**6, help="sentences (e.g. 1e6)")
    p.add_argument("--s", type=float, default=1.8, help="Zipf exponent s (discount a = 1/s)")
    p.add_argument("--k", type=float, default=2.0, help="Heaps coefficient k (sets b)")
    p.add_argument("--V", type=int, default=64, help="values per relation")
    p.add_argument("--T", type=int, default=16, help="templates")
    p.add_argument("--gamma", type=float, default=1.0, help="Dirichlet prior of the templates")
    p.add_argument("--L", type=int, default=6, help="mean syntax tokens per template")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true", help="one line of JSON")
    o = p.parse_args(argv)
    for name, lo, hi in (("s", 1.01, 100), ("k", 0.01, 10**6), ("V", 2, 32768), ("T", 1, 4096),
                         ("gamma", 0.01, 100), ("L", 1, 64), ("seed", 0, 2**53)):
        if not lo <= getattr(o, name) <= hi:
            p.error(f"--{name} must be in [{lo}, {hi}], got {getattr(o, name)}")
    try:
        solve_b(1 / o.s, o.k)
    except ValueError as e:
        p.error(str(e))
    try:
        r = simulate(o.sentences, o.s, o.k, o.V, o.T, o.seed, o.gamma, o.L)
    except MemoryError:
        sys.stderr.write(f"ref.py: out of memory for {o.sentences} sentences\n")
        return 1
    if o.json:
        print(json.dumps(r))
    else:
        for key, v in r.items():
            print(f"{key:22} {v:.6g}" if isinstance(v, float) else f"{key:22} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
