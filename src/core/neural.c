/*
 * neural.c: the neural learner (see neural.h for the model, the optimizer and its bounds).
 *
 * Layout: every vector is padded with zeros to a multiple of LANES = 8 floats and processed in
 * blocks of 8 with GCC/Clang generic vectors (one AVX2 register, or two SSE2 ones). Reductions
 * keep 8 partial sums and add them in one fixed order, so a result does not depend on the
 * compiler or on the instruction set: the AVX2 copy of the hot loops and the SSE2 one, GCC and
 * Clang builds give the same bits. A dense layer stores its weights by input row,
 * W[j][0..out), so the forward pass adds x_j times a row (accumulators in registers) and the
 * update walks the rows once; the gradient of the input takes dot products of eight rows at a
 * time. The padding stays exactly zero: its gradient is zero, and so are its moments and steps.
 */
#include "skscope/neural.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "skscope/grow.h"
#include "skscope/rng.h"

#define LANES 8
#define LN2 0.69314718055994530942
#define B1 0.9f                      /* Adam beta1 */
#define B2 0.999f                    /* Adam beta2 */
#define ADAM_EPS2 1e-16f             /* Adam eps^2 (eps 1e-8 inside the root) */
#define QFLOOR 0x1p-40f              /* probabilities below this get no gradient */
#define HCACHE_MAX (1u << 24)        /* floats of hidden activations cached by a scan */
#define SAMPLE 65536u                /* prompts sampled for unseen() when H R > SCAN_MAX */

#if defined(__GNUC__) || defined(__clang__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

/* A copy of the hot loops compiled for AVX2 (x86-64, GCC or Clang), chosen at run time. */
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(SKSCOPE_NEURAL_NO_AVX2)
#define NEURAL_AVX2 1
#else
#define NEURAL_AVX2 0
#endif

static uint32_t pad8(uint32_t n) { return (n + LANES - 1) / LANES * LANES; }

/* Rows updated lazily: each row takes a step only when a sentence uses it. */
typedef struct Table {
    float *w, *m, *v;   /* rows x stride: values, Adam first and second moments */
    float *c1, *c2;     /* per row: 1 - beta1^k, 1 - beta2^k after its k Adam steps */
    uint64_t *last;     /* per row: the step of its last update (0: never updated) */
    uint64_t rows;
    uint32_t stride;    /* floats a row (a multiple of LANES) */
    uint32_t width;     /* entries drawn at first use; the rest are 0 */
    uint64_t key;       /* key of the first-use draw */
    float init;         /* half-width of the first-use draw (0: a row starts at zero) */
} Table;

/* A dense layer: out = b + sum_j x_j W[j], W stored by input row. */
typedef struct Dense {
    float *w, *m, *v;   /* in x op */
    float *b, *mb, *vb; /* op */
    uint32_t in, op; /* inputs; outputs padded to LANES */
} Dense;

/* What a snapshot needs of one prompt (bucket, relation). */
typedef struct ScanEntry {
    float lse;          /* log-sum-exp of its logits (nats) */
    float qmax;         /* probability of its most likely value */
    float sumb;         /* sum over the V values of -log2 q(x) (bits) */
    uint16_t arg;       /* its most likely value */
    uint16_t pad;
} ScanEntry;

typedef struct Neural {
    Learner base;
    /* shape */
    uint32_t d, dp;      /* embedding width, padded */
    uint32_t H, R;       /* buckets, relations */
    uint32_t hid, hp;    /* hidden units (0: none), padded */
    uint32_t V, vp;      /* values, padded */
    uint32_t fin, fp;    /* the output layer's input width (hid or d), padded */
    uint32_t T[FORMAT_COUNT]; /* templates per format */
    /* optimizer */
    double lr, wd;
    int adam;
    /* parameters */
    uint64_t key;        /* addressing hash key */
    uint64_t skey;       /* key of the prompt sample of unseen() */
    Table E, Rel, S;     /* entity buckets, relations, template logits (one row per format) */
    Dense L1, L2;        /* hidden layer (when hid > 0), output layer */
    double c1, c2;       /* the dense layers' 1 - beta^k */
    uint64_t t;          /* steps taken since the network was built (sentences) */
    uint64_t touched;    /* buckets trained at least once */
    /* per fact */
    uint8_t *ever;       /* 1 once recalled */
    uint64_t ever_cap;
    /* scratch: one sentence or one prompt */
    float *x, *hb, *z, *q, *gh, *gx, *sq, *e2;
    float *scratch;
    size_t scratch_len;
    /* scan cache (valid while cache_ok) */
    int cache_ok;
    ScanEntry *cache;    /* H R entries, or SAMPLE entries when H R > NEURAL_SCAN_MAX */
    uint64_t cache_cap;
    int sampled;         /* cache holds the sample of unseen(), not every prompt */
    float *hcache;       /* hidden activations of each prompt (or NULL) */
    uint64_t hcache_cap;
    float *wt;           /* the output layer transposed: V rows of fp */
    float *effR;         /* the relation rows as answered (decay applied): R x dp */
    uint64_t wt_cap, effr_cap;
    int avx2;            /* run the AVX2 copy of the hot loops */
} Neural;

/* ---- small vector kernels (n a multiple of LANES) ----
 * Written with GCC/Clang generic vectors of LANES floats: both compilers emit the same vector
 * operations for them (SSE2 pairs, or AVX2 registers in the AVX2 copy), accumulators stay in
 * registers, and no result depends on the vector width. Values pass by pointer (a function
 * returning a 32-byte vector would change ABI between the two copies). */

typedef float vf __attribute__((vector_size(LANES * sizeof(float))));
typedef int32_t vi __attribute__((vector_size(LANES * sizeof(int32_t))));
typedef uint32_t vu __attribute__((vector_size(LANES * sizeof(uint32_t))));

HOT void vload(vf *v, const float *p) { memcpy(v, p, sizeof *v); }
HOT void vstore(float *p, const vf *v) { memcpy(p, v, sizeof *v); }

/* The lanes' sum in a fixed order. */
HOT float hsum8(const vf *v)
{
    const vf a = *v;
    return ((a[0] + a[4]) + (a[2] + a[6])) + ((a[1] + a[5]) + (a[3] + a[7]));
}

HOT float dot8(const float *a, const float *b, uint32_t n)
{
    vf acc = {0}, x, y;
    for (size_t i0 = 0; i0 < n; i0 += LANES) {
        vload(&x, a + i0);
        vload(&y, b + i0);
        acc += x * y;
    }
    return hsum8(&acc);
}

HOT float sumsq8(const float *a, uint32_t n) { return dot8(a, a, n); }

HOT float sum8(const float *a, uint32_t n)
{
    vf acc = {0}, x;
    for (size_t i0 = 0; i0 < n; i0 += LANES) {
        vload(&x, a + i0);
        acc += x;
    }
    return hsum8(&acc);
}

HOT void scale8(float *a, float f, uint32_t n)
{
    vf x;
    for (size_t i0 = 0; i0 < n; i0 += LANES) {
        vload(&x, a + i0);
        x *= f;
        vstore(a + i0, &x);
    }
}

/* out = a + b */
HOT void add8(float *out, const float *a, const float *b, uint32_t n)
{
    vf x, y;
    for (size_t i0 = 0; i0 < n; i0 += LANES) {
        vload(&x, a + i0);
        vload(&y, b + i0);
        x += y;
        vstore(out + i0, &x);
    }
}

/* a = max(a, 0) */
HOT void relu8(float *a, uint32_t n)
{
    const vf zero = {0};
    vf x;
    for (size_t i0 = 0; i0 < n; i0 += LANES) {
        vload(&x, a + i0);
        x = (vf)((vi)x & (x > zero));
        vstore(a + i0, &x);
    }
}

/* a[i] = 0 where a[i] < lim */
HOT void floor8(float *a, float lim, uint32_t n)
{
    const vf l = (vf){0} + lim;
    vf x;
    for (size_t i0 = 0; i0 < n; i0 += LANES) {
        vload(&x, a + i0);
        x = (vf)((vi)x & ~(x < l));
        vstore(a + i0, &x);
    }
}

/* *px = exp(min(max(*px, -80), 0)): 2^j 2^f with j = round(x log2 e) (the 1.5 2^23 rounding
 * trick), f in [-1/2, 1/2], 2^f by its Taylor polynomial of degree 6 (relative error < 2e-7),
 * 2^j added to the exponent bits. */
HOT void vexp(vf *px)
{
    const vf lo = (vf){0} - 80.0f, zero = {0};
    vf x = *px;
    vi below = x < lo;
    x = (vf)(((vi)x & ~below) | ((vi)lo & below));
    x = (vf)((vi)x & ~(x > zero));
    vf t = x * 1.44269504088896341f;
    vf r = t + 12582912.0f;
    vf u = (t - (r - 12582912.0f)) * 0.693147180559945309f;
    vf p = 1.0f + u * (1.0f + u * (0.5f + u * (1.0f / 6 + u * (1.0f / 24 + u * (1.0f / 120 + u * (1.0f / 720))))));
    vu b = (vu)p + (((vu)r - 0x4b400000u) << 23);
    *px = (vf)b;
}

/* e[i] = exp(z[i] - max) for i < n and 0 up to np; *zmax = max z[0..n). Returns sum e (>= 1). */
HOT float softmax_exp(const float *z, float *e, uint32_t n, uint32_t np, float *zmax)
{
    uint32_t nb = n / LANES * LANES;
    float m = z[0];
    if (nb) {
        vf mx, x;
        vload(&mx, z);
        for (size_t i0 = LANES; i0 < nb; i0 += LANES) {
            vload(&x, z + i0);
            vi gt = x > mx;
            mx = (vf)(((vi)x & gt) | ((vi)mx & ~gt));
        }
        for (uint32_t k = 0; k < LANES; k++)
            m = mx[k] > m ? mx[k] : m;
    }
    for (uint32_t i = nb; i < n; i++)
        m = z[i] > m ? z[i] : m;
    vf x;
    for (size_t i0 = 0; i0 < np; i0 += LANES) {
        vload(&x, z + i0);
        x -= m;
        vexp(&x);
        vstore(e + i0, &x);
    }
    for (uint32_t i = n; i < np; i++)
        e[i] = 0; /* padding may lie above the max */
    *zmax = m;
    return sum8(e, np);
}

/* The step of one optimizer for one row of n floats: gradient gs * g[i]. */
typedef struct Step {
    int adam;
    float lr;    /* SGD: lr; Adam: lr sqrt(1 - b2^k) / (1 - b1^k) */
    float e2;    /* Adam: eps^2 (1 - b2^k) */
    float dec;   /* 1 - lr wd */
} Step;

/* SGD: w = w dec - lr g. Adam: m += (1-b1)(g - m); v += (1-b2)(g^2 - v);
 * w = (w - lr m / sqrt(v + e2)) dec, 1/sqrt by the exponent-halving bit trick alone (relative
 * error < 3.5%, deterministic, and all a preconditioner needs: a Newton step would cost 4 more
 * multiplications an element and change nothing measurable). */
HOT void row_step(float *w, float *m, float *v, const float *g, float gs, uint32_t n, const Step *st)
{
    const float dec = st->dec, lr = st->lr;
    vf wk, gk;
    if (!st->adam) {
        const float a = lr * gs;
        for (size_t i0 = 0; i0 < n; i0 += LANES) {
            vload(&wk, w + i0);
            vload(&gk, g + i0);
            if (dec != 1.0f)
                wk *= dec;
            wk -= a * gk;
            vstore(w + i0, &wk);
        }
        return;
    }
    const float e2 = st->e2;
    vf mk, vk;
    for (size_t i0 = 0; i0 < n; i0 += LANES) {
        vload(&wk, w + i0);
        vload(&gk, g + i0);
        vload(&mk, m + i0);
        vload(&vk, v + i0);
        gk *= gs;
        mk += (1 - B1) * (gk - mk);
        vk += (1 - B2) * (gk * gk - vk);
        vu y = 0x5f375a86u - ((vu)(vk + e2) >> 1);
        wk -= lr * mk * (vf)y;
        if (dec != 1.0f)
            wk *= dec;
        vstore(w + i0, &wk);
        vstore(m + i0, &mk);
        vstore(v + i0, &vk);
    }
}

/* ---- layers ---- */

/* Each output block accumulates in registers over the inputs in order (b + x_0 W[0] + x_1 W[1]
 * + ...), four blocks at a time so that four addition chains overlap. */
#define GROUP (4 * LANES)

HOT void dense_fwd(const Dense *L, const float *x, float *out)
{
    const size_t op = L->op, in = L->in;
    const float *w = L->w;
    size_t i0 = 0;
    for (; i0 + GROUP <= op; i0 += GROUP) {
        vf a0, a1, a2, a3, r;
        vload(&a0, L->b + i0);
        vload(&a1, L->b + i0 + LANES);
        vload(&a2, L->b + i0 + 2 * LANES);
        vload(&a3, L->b + i0 + 3 * LANES);
        for (size_t j = 0; j < in; j++) {
            const float xj = x[j], *row = w + j * op + i0;
            vload(&r, row);
            a0 += xj * r;
            vload(&r, row + LANES);
            a1 += xj * r;
            vload(&r, row + 2 * LANES);
            a2 += xj * r;
            vload(&r, row + 3 * LANES);
            a3 += xj * r;
        }
        vstore(out + i0, &a0);
        vstore(out + i0 + LANES, &a1);
        vstore(out + i0 + 2 * LANES, &a2);
        vstore(out + i0 + 3 * LANES, &a3);
    }
    for (; i0 < op; i0 += LANES) {
        vf a, r;
        vload(&a, L->b + i0);
        for (size_t j = 0; j < in; j++) {
            vload(&r, w + j * op + i0);
            a += x[j] * r;
        }
        vstore(out + i0, &a);
    }
}

/* out[j] = W[j] . g for the `rows` rows of W (stride floats apart). Eight rows at a time: eight
 * vector accumulators, then one transposing reduction (three rounds of shuffles and adds) that
 * adds each row's lanes in the order of hsum8, so the result is the same as eight dot8 calls. */
#define SHUF(a, b, ...) __builtin_shufflevector(a, b, __VA_ARGS__)

HOT void rows_dot(const float *W, size_t stride, size_t rows, const float *g, float *out)
{
    size_t j = 0;
    for (; j + LANES <= rows; j += LANES) {
        vf a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0}, a6 = {0}, a7 = {0}, x, y;
        const float *w = W + j * stride;
        for (size_t i0 = 0; i0 < stride; i0 += LANES) {
            vload(&x, g + i0);
            vload(&y, w + i0);
            a0 += x * y;
            vload(&y, w + stride + i0);
            a1 += x * y;
            vload(&y, w + 2 * stride + i0);
            a2 += x * y;
            vload(&y, w + 3 * stride + i0);
            a3 += x * y;
            vload(&y, w + 4 * stride + i0);
            a4 += x * y;
            vload(&y, w + 5 * stride + i0);
            a5 += x * y;
            vload(&y, w + 6 * stride + i0);
            a6 += x * y;
            vload(&y, w + 7 * stride + i0);
            a7 += x * y;
        }
        /* lanes k and k + 4 */
        vf p01 = SHUF(a0, a1, 0, 1, 2, 3, 8, 9, 10, 11) + SHUF(a0, a1, 4, 5, 6, 7, 12, 13, 14, 15);
        vf p23 = SHUF(a2, a3, 0, 1, 2, 3, 8, 9, 10, 11) + SHUF(a2, a3, 4, 5, 6, 7, 12, 13, 14, 15);
        vf p45 = SHUF(a4, a5, 0, 1, 2, 3, 8, 9, 10, 11) + SHUF(a4, a5, 4, 5, 6, 7, 12, 13, 14, 15);
        vf p67 = SHUF(a6, a7, 0, 1, 2, 3, 8, 9, 10, 11) + SHUF(a6, a7, 4, 5, 6, 7, 12, 13, 14, 15);
        /* then k and k + 2: rows 0 0 2 2 1 1 3 3 */
        vf q0 = SHUF(p01, p23, 0, 1, 8, 9, 4, 5, 12, 13) + SHUF(p01, p23, 2, 3, 10, 11, 6, 7, 14, 15);
        vf q1 = SHUF(p45, p67, 0, 1, 8, 9, 4, 5, 12, 13) + SHUF(p45, p67, 2, 3, 10, 11, 6, 7, 14, 15);
        /* then k and k + 1: rows 0 2 1 3 4 6 5 7 */
        vf r = SHUF(q0, q1, 0, 2, 4, 6, 8, 10, 12, 14) + SHUF(q0, q1, 1, 3, 5, 7, 9, 11, 13, 15);
        r = SHUF(r, r, 0, 2, 1, 3, 4, 6, 5, 7);
        vstore(out + j, &r);
    }
    for (; j < rows; j++)
        out[j] = dot8(W + j * stride, g, (uint32_t)stride);
}

/* One step of the layer on the gradient gs g x^T (weights) and gs g (bias). */
HOT void dense_step(Dense *L, const float *g, const float *x, float gs, const Step *st)
{
    const uint32_t op = L->op;
    for (uint32_t j = 0; j < L->in; j++) {
        size_t o = (size_t)j * op;
        row_step(L->w + o, L->m + o, L->v + o, g, gs * x[j], op, st);
    }
    row_step(L->b, L->mb, L->vb, g, gs, op, st);
}

/* ---- lazily updated rows ---- */

/* The row's first-use draw: uniform on +-init in the first `width` entries. */
static void table_draw(const Table *t, uint64_t row, float *out)
{
    memset(out, 0, t->stride * sizeof *out);
    if (t->init == 0)
        return;
    for (uint32_t j = 0; j < t->width; j++) {
        uint64_t u = rng_mix64(t->key ^ (row << 16 | j));
        out[j] = t->init * (float)((double)(u >> 40) * 0x1p-23 - 1.0);
    }
}

/* The row as it is now, into out: its stored values (or its first-use draw) times the decay
 * of the steps it missed. `done` = steps taken; ldec = log2(1 - lr wd). */
static void table_eff(const Table *t, uint64_t row, uint64_t done, double ldec, float *out)
{
    uint64_t last = t->last[row];
    if (last)
        memcpy(out, t->w + row * t->stride, t->stride * sizeof *out);
    else
        table_draw(t, row, out);
    if (ldec < 0 && done > last) {
        float f = (float)exp2((double)(done - last) * ldec);
        for (uint32_t j = 0; j < t->stride; j++)
            out[j] *= f;
    }
}

/* Bring the row up to date before step done + 1 uses it; returns it. */
HOT float *table_use(Table *t, uint64_t row, uint64_t done, double ldec)
{
    float *w = t->w + row * t->stride;
    uint64_t last = t->last[row];
    if (!last)
        table_draw(t, row, w);
    if (ldec < 0 && done > last) {
        float f = (float)exp2((double)(done - last) * ldec);
        scale8(w, f, t->stride);
    }
    return w;
}

/* Step of a used row: its own bias correction. */
HOT void table_step(Table *t, uint64_t row, const float *restrict g, float gs, uint64_t step, const Step *base)
{
    size_t o = row * t->stride;
    Step st = *base;
    if (st.adam) {
        float c1 = t->c1[row] * B1 + (1 - B1), c2 = t->c2[row] * B2 + (1 - B2);
        t->c1[row] = c1;
        t->c2[row] = c2;
        st.lr = base->lr * sqrtf(c2) / c1;
        st.e2 = ADAM_EPS2 * c2;
    }
    row_step(t->w + o, t->m + o, t->v + o, g, gs, t->stride, &st);
    t->last[row] = step;
}

/* ---- addressing ---- */

HOT void address(const Neural *nn, uint32_t fact, uint32_t *h, uint32_t *r)
{
    uint64_t u = rng_mix64(fact ^ nn->key);
    *h = (uint32_t)(((rng_u128)u * nn->H) >> 64);
    *r = (uint32_t)(((uint64_t)(uint32_t)u * nn->R) >> 32);
}

static double log2_decay(const Neural *nn)
{
    double a = nn->lr * nn->wd;
    return a > 0 ? log2(1 - a) : 0;
}

/* ---- the step ---- */

HOT void process_impl(Neural *nn, const Sentence *batch, size_t n)
{
    Learner *l = &nn->base;
    const uint32_t V = nn->V, vp = nn->vp, dp = nn->dp, hp = nn->hp;
    const int hid = nn->hid > 0;
    const double ldec = log2_decay(nn);
    float *x = nn->x, *hb = nn->hb, *z = nn->z, *q = nn->q;
    float *gh = nn->gh, *gx = nn->gx, *sq = nn->sq;
    double kbits = l->kbits, sbits = l->sbits; /* summed in sentence order (learner_prices) */
    Step st = {nn->adam, (float)nn->lr, ADAM_EPS2, (float)(1 - nn->lr * nn->wd)};
    for (size_t i = 0; i < n; i++) {
        const Sentence *s = &batch[i];
        uint32_t h, r;
        address(nn, s->fact, &h, &r);
        const uint64_t done = nn->t, step = done + 1;
        if (!nn->E.last[h])
            nn->touched++;
        float *e = table_use(&nn->E, h, done, ldec);
        float *rr = table_use(&nn->Rel, r, done, ldec);
        add8(x, e, rr, dp);
        /* forward */
        const float *feat = x;
        if (hid) {
            dense_fwd(&nn->L1, x, hb);
            relu8(hb, hp);
            feat = hb;
        }
        dense_fwd(&nn->L2, feat, z);
        float zmax;
        float S = softmax_exp(z, q, V, vp, &zmax);
        kbits += ((double)zmax - z[s->value] + log((double)S)) / LN2;
        scale8(q, 1.0f / S, vp);
        if (q[s->truth] > 0.5f)
            nn->ever[s->fact] = 1;
        /* template head */
        const int f = s->format;
        const uint32_t Tf = nn->T[f], tp = nn->S.stride;
        float *sr = NULL;
        if (s->templ < Tf) {
            sr = table_use(&nn->S, (uint64_t)f, done, ldec);
            float smax;
            float SS = softmax_exp(sr, sq, Tf, tp, &smax);
            sbits += ((double)smax - sr[s->templ] + log((double)SS)) / LN2;
            scale8(sq, 1.0f / SS, tp);
            sq[s->templ] -= 1;
        }
        /* gradients (before any parameter moves) */
        floor8(q, QFLOOR, vp);
        q[s->value] -= 1;
        float gz2 = sumsq8(q, vp), norm2;
        if (hid) {
            rows_dot(nn->L2.w, vp, nn->hid, q, gh);
            for (uint32_t k = 0; k < nn->hid; k++)
                gh[k] = hb[k] > 0 ? gh[k] : 0.0f;
            rows_dot(nn->L1.w, hp, nn->d, gh, gx);
            norm2 = gz2 * (sumsq8(hb, hp) + 1) + sumsq8(gh, hp) * (sumsq8(x, dp) + 1);
        } else {
            rows_dot(nn->L2.w, vp, nn->d, q, gx);
            norm2 = gz2 * (sumsq8(x, dp) + 1);
        }
        norm2 += 2 * sumsq8(gx, dp);
        if (sr)
            norm2 += sumsq8(sq, tp);
        float clip = norm2 > (float)(NEURAL_CLIP * NEURAL_CLIP) ? (float)NEURAL_CLIP / sqrtf(norm2) : 1.0f;
        if (!(norm2 < INFINITY))
            clip = 0; /* an overflowing gradient (never seen in the knob range): skip the step */
        /* steps */
        Step dst = st;
        if (st.adam) {
            nn->c1 = nn->c1 * B1 + (1 - B1);
            nn->c2 = nn->c2 * B2 + (1 - B2);
            dst.lr = (float)(nn->lr * sqrt(nn->c2) / nn->c1);
            dst.e2 = ADAM_EPS2 * (float)nn->c2;
        }
        dense_step(&nn->L2, q, feat, clip, &dst);
        if (hid)
            dense_step(&nn->L1, gh, x, clip, &dst);
        table_step(&nn->E, h, gx, clip, step, &st);
        table_step(&nn->Rel, r, gx, clip, step, &st);
        if (sr)
            table_step(&nn->S, (uint64_t)f, sq, clip, step, &st);
        nn->t = step;
    }
    l->kbits = kbits;
    l->sbits = sbits;
    l->ksent += n;
}

static void process_base(Neural *nn, const Sentence *batch, size_t n) { process_impl(nn, batch, n); }

#if NEURAL_AVX2
__attribute__((target("avx2"))) static void process_avx2(Neural *nn, const Sentence *batch, size_t n)
{
    process_impl(nn, batch, n);
}
#endif

static void neural_process(Learner *l, const Sentence *batch, size_t n)
{
    Neural *nn = (Neural *)l;
    nn->cache_ok = 0;
#if NEURAL_AVX2
    if (nn->avx2) {
        process_avx2(nn, batch, n);
        return;
    }
#endif
    process_base(nn, batch, n);
}

/* ---- evaluation of one prompt (snapshots) ---- */

/* The prompt x of bucket h and relation r as it is now, into out (dp floats). */
static void prompt_x(const Neural *nn, uint32_t h, uint32_t r, float *out, float *tmp)
{
    double ldec = log2_decay(nn);
    table_eff(&nn->E, h, nn->t, ldec, out);
    if (nn->cache_ok)
        memcpy(tmp, nn->effR + (size_t)r * nn->dp, nn->dp * sizeof *tmp);
    else
        table_eff(&nn->Rel, r, nn->t, ldec, tmp);
    for (uint32_t j = 0; j < nn->dp; j++)
        out[j] += tmp[j];
}

/* Forward pass of prompt x: its scan entry; the hidden activations into hbuf (when hid), the
 * logits into z; e is scratch (vp). */
HOT void eval_impl(const Neural *nn, const float *x, float *hbuf, float *z, float *e, ScanEntry *out)
{
    const float *feat = x;
    if (nn->hid) {
        dense_fwd(&nn->L1, x, hbuf);
        relu8(hbuf, nn->hp);
        feat = hbuf;
    }
    dense_fwd(&nn->L2, feat, z);
    float zmax;
    float S = softmax_exp(z, e, nn->V, nn->vp, &zmax);
    uint32_t arg = 0;
    while (arg + 1 < nn->V && z[arg] != zmax)
        arg++;
    double lse = (double)zmax + log((double)S), sumz = 0;
    for (uint32_t i = 0; i < nn->V; i++)
        sumz += z[i];
    out->lse = (float)lse;
    out->qmax = 1.0f / S;
    out->sumb = (float)(((double)nn->V * lse - sumz) / LN2);
    out->arg = (uint16_t)arg;
    out->pad = 0;
}

static void eval_prompt(const Neural *nn, const float *x, float *hbuf, float *z, float *e, ScanEntry *out)
{
    eval_impl(nn, x, hbuf, z, e, out);
}

#if NEURAL_AVX2
__attribute__((target("avx2"))) static void eval_prompt_avx2(const Neural *nn, const float *x, float *hbuf,
                                                              float *z, float *e, ScanEntry *out)
{
    eval_impl(nn, x, hbuf, z, e, out);
}
#endif

static void evaluate(const Neural *nn, const float *x, float *hbuf, float *z, float *e, ScanEntry *out)
{
#if NEURAL_AVX2
    if (nn->avx2) {
        eval_prompt_avx2(nn, x, hbuf, z, e, out);
        return;
    }
#endif
    eval_prompt(nn, x, hbuf, z, e, out);
}

/* The i-th prompt of the fixed sample used when H R is too large to scan. */
static void sample_prompt(const Neural *nn, uint64_t i, uint32_t *h, uint32_t *r)
{
    uint64_t p = (uint64_t)(((rng_u128)rng_mix64(nn->skey + i) * ((uint64_t)nn->H * nn->R)) >> 64);
    *h = (uint32_t)(p / nn->R);
    *r = (uint32_t)(p % nn->R);
}

static int neural_begin_scan(Learner *l)
{
    Neural *nn = (Neural *)l;
    if (nn->cache_ok)
        return 0;
    const uint32_t dp = nn->dp, hp = nn->hp, fp = nn->fp, V = nn->V, vp = nn->vp;
    const uint64_t HR = (uint64_t)nn->H * nn->R;
    const int all = HR <= NEURAL_SCAN_MAX;
    const uint64_t entries = all ? HR : SAMPLE;
    if (grow_array(&nn->cache, &nn->cache_cap, entries, sizeof *nn->cache, entries, UINT64_MAX) != 0 ||
        grow_array(&nn->wt, &nn->wt_cap, (uint64_t)V * fp, sizeof *nn->wt, (uint64_t)V * fp, UINT64_MAX) != 0 ||
        grow_array(&nn->effR, &nn->effr_cap, (uint64_t)nn->R * dp, sizeof *nn->effR, (uint64_t)nn->R * dp,
                   UINT64_MAX) != 0)
        return -1;
    int hcache = all && nn->hid && HR * hp <= HCACHE_MAX;
    if (hcache && grow_array(&nn->hcache, &nn->hcache_cap, HR * hp, sizeof *nn->hcache, HR * hp, UINT64_MAX) != 0)
        return -1;
    /* the output layer by value, for answer()'s one logit */
    memset(nn->wt, 0, (size_t)V * fp * sizeof *nn->wt);
    for (uint32_t j = 0; j < nn->fin; j++)
        for (uint32_t i = 0; i < V; i++)
            nn->wt[(size_t)i * fp + j] = nn->L2.w[(size_t)j * vp + i];
    double ldec = log2_decay(nn);
    for (uint32_t r = 0; r < nn->R; r++)
        table_eff(&nn->Rel, r, nn->t, ldec, nn->effR + (size_t)r * dp);
    float *x = nn->x, *hb = nn->hb, *z = nn->z, *e = nn->q, *ev = nn->e2;
    if (all) {
        for (uint32_t h = 0; h < nn->H; h++) {
            table_eff(&nn->E, h, nn->t, ldec, ev);
            for (uint32_t r = 0; r < nn->R; r++) {
                uint64_t p = (uint64_t)h * nn->R + r;
                add8(x, ev, nn->effR + (size_t)r * dp, dp);
                evaluate(nn, x, hb, z, e, &nn->cache[p]);
                if (hcache)
                    memcpy(nn->hcache + p * hp, hb, hp * sizeof *hb);
            }
        }
    } else {
        for (uint64_t i = 0; i < SAMPLE; i++) {
            uint32_t h, r;
            sample_prompt(nn, i, &h, &r);
            table_eff(&nn->E, h, nn->t, ldec, ev);
            add8(x, ev, nn->effR + (size_t)r * dp, dp);
            evaluate(nn, x, hb, z, e, &nn->cache[i]);
        }
    }
    nn->sampled = !all;
    nn->cache_ok = 1;
    return 0;
}

static void neural_answer(const Learner *l, uint32_t fact, uint16_t truth, LearnerAnswer *out)
{
    const Neural *nn = (const Neural *)l;
    uint32_t h, r;
    address(nn, fact, &h, &r);
    float *x = nn->x, *hb = nn->hb, *z = nn->z, *e = nn->q, *tmp = nn->e2;
    ScanEntry ent;
    float zt;
    if (nn->cache_ok && !nn->sampled) {
        /* the scan cached this prompt's summary (and, when hcache is set, its hidden layer):
         * only the truth's logit is left to compute */
        uint64_t p = (uint64_t)h * nn->R + r;
        ent = nn->cache[p];
        const float *feat;
        if (nn->hid && nn->hcache) {
            feat = nn->hcache + p * nn->hp;
        } else {
            prompt_x(nn, h, r, x, tmp);
            feat = x;
            if (nn->hid) {
                dense_fwd(&nn->L1, x, hb);
                relu8(hb, nn->hp);
                feat = hb;
            }
        }
        zt = nn->L2.b[truth] + dot8(nn->wt + (size_t)truth * nn->fp, feat, nn->fp);
    } else {
        prompt_x(nn, h, r, x, tmp);
        evaluate(nn, x, hb, z, e, &ent);
        zt = z[truth];
    }
    double V = nn->V, bt = ((double)ent.lse - zt) / LN2;
    if (bt < 0)
        bt = 0; /* rounding: the truth is the argmax */
    out->value = ent.arg;
    out->known = nn->E.last[h] != 0;
    out->confidence = ent.qmax;
    out->recalled = ent.arg == truth && ent.qmax > 0.5f;
    out->ever = fact < nn->ever_cap && nn->ever[fact];
    double eps = l->eps, other = (double)ent.sumb - bt;
    out->bits = eps > 0 ? (1 - eps) * bt + eps / (V - 1) * (other > 0 ? other : 0) : bt;
}

static void neural_unseen(const Learner *l, double tau, double *bits, double *p_confident)
{
    const Neural *nn = (const Neural *)l;
    const uint64_t HR = (uint64_t)nn->H * nn->R;
    const uint64_t count = HR <= NEURAL_SCAN_MAX ? HR : SAMPLE;
    double sb = 0, conf = 0;
    if (nn->cache_ok) {
        for (uint64_t p = 0; p < count; p++) {
            sb += nn->cache[p].sumb;
            conf += nn->cache[p].qmax >= tau;
        }
    } else {
        for (uint64_t p = 0; p < count; p++) {
            uint32_t h, r;
            if (HR <= NEURAL_SCAN_MAX) {
                h = (uint32_t)(p / nn->R);
                r = (uint32_t)(p % nn->R);
            } else {
                sample_prompt(nn, p, &h, &r);
            }
            ScanEntry ent;
            prompt_x(nn, h, r, nn->x, nn->e2);
            evaluate(nn, nn->x, nn->hb, nn->z, nn->q, &ent);
            sb += ent.sumb;
            conf += ent.qmax >= tau;
        }
    }
    *bits = sb / ((double)count * nn->V);
    *p_confident = conf / (double)count;
}

/* KL(theta || q) of the template head of format fmt (bits), in double. */
static double neural_syntax_excess(const Learner *l, int fmt, const Format *f)
{
    const Neural *nn = (const Neural *)l;
    const Table *S = &nn->S;
    uint32_t T = nn->T[fmt], n = f->T < T ? f->T : T;
    double scale = 1;
    const float *row = S->w + (size_t)fmt * S->stride;
    uint64_t last = S->last[fmt];
    if (!last)
        scale = 0; /* never used: zero logits */
    else if (nn->t > last)
        scale = exp2((double)(nn->t - last) * log2_decay(nn));
    double mx = -INFINITY;
    for (uint32_t t = 0; t < T; t++)
        mx = fmax(mx, scale * row[t]);
    double sum = 0;
    for (uint32_t t = 0; t < T; t++)
        sum += exp(scale * row[t] - mx);
    double lse = mx + log(sum), kl = 0;
    for (uint32_t t = 0; t < n; t++) {
        double p = f->theta[t];
        if (p > 0)
            kl += p * (log(p) - (scale * row[t] - lse));
    }
    kl /= LN2;
    return kl > 0 ? kl : 0;
}

/* ---- building ---- */

static void table_free(Table *t)
{
    free(t->w);
    free(t->m);
    free(t->v);
    free(t->c1);
    free(t->c2);
    free(t->last);
    memset(t, 0, sizeof *t);
}

static int table_alloc(Table *t, uint64_t rows, uint32_t stride)
{
    memset(t, 0, sizeof *t);
    t->rows = rows;
    t->stride = stride;
    size_t n = (size_t)rows * stride;
    t->w = calloc(n, sizeof *t->w); /* zero pages: unused rows cost no memory */
    t->m = calloc(n, sizeof *t->m);
    t->v = calloc(n, sizeof *t->v);
    t->c1 = calloc(rows, sizeof *t->c1);
    t->c2 = calloc(rows, sizeof *t->c2);
    t->last = calloc(rows, sizeof *t->last);
    if (!t->w || !t->m || !t->v || !t->c1 || !t->c2 || !t->last) {
        table_free(t);
        return -1;
    }
    return 0;
}

static size_t table_bytes(const Table *t)
{
    return (size_t)t->rows * (3 * t->stride * sizeof(float) + 2 * sizeof(float) + sizeof(uint64_t));
}

static void dense_free(Dense *L)
{
    free(L->w);
    free(L->m);
    free(L->v);
    free(L->b);
    free(L->mb);
    free(L->vb);
    memset(L, 0, sizeof *L);
}

static int dense_alloc(Dense *L, uint32_t in, uint32_t out)
{
    memset(L, 0, sizeof *L);
    L->in = in;
    L->op = pad8(out);
    size_t n = (size_t)in * L->op;
    L->w = calloc(n, sizeof *L->w);
    L->m = calloc(n, sizeof *L->m);
    L->v = calloc(n, sizeof *L->v);
    L->b = calloc(L->op, sizeof *L->b);
    L->mb = calloc(L->op, sizeof *L->mb);
    L->vb = calloc(L->op, sizeof *L->vb);
    if (!L->w || !L->m || !L->v || !L->b || !L->mb || !L->vb) {
        dense_free(L);
        return -1;
    }
    return 0;
}

static size_t dense_bytes(const Dense *L) { return (size_t)(L->in + 1) * L->op * 3 * sizeof(float); }

/* The network's parameters and scratch (not the per-fact record). */
typedef struct Net {
    uint32_t d, dp, H, R, hid, hp, V, vp, fin, fp, T[FORMAT_COUNT];
    uint64_t key, skey;
    Table E, Rel, S;
    Dense L1, L2;
    float *scratch;
    size_t scratch_len;
} Net;

static void net_free(Net *n)
{
    table_free(&n->E);
    table_free(&n->Rel);
    table_free(&n->S);
    dense_free(&n->L1);
    dense_free(&n->L2);
    free(n->scratch);
    n->scratch = NULL;
}

static uint32_t templ_stride(uint32_t T0, uint32_t T1) { return pad8(T0 > T1 ? T0 : T1); }

/* A fresh network for setup *s, drawn from the learner's stream of the seed. */
static int net_build(Net *n, const Setup *s)
{
    memset(n, 0, sizeof *n);
    n->d = s->nn_d;
    n->dp = pad8(s->nn_d);
    n->H = s->nn_H;
    n->R = s->R;
    n->hid = s->nn_hidden;
    n->hp = pad8(s->nn_hidden);
    n->V = s->V;
    n->vp = pad8(s->V);
    n->fin = n->hid ? n->hid : n->d;
    n->fp = n->hid ? n->hp : n->dp;
    n->T[FORMAT_PRETRAIN] = s->T;
    n->T[FORMAT_FINETUNE] = s->ft_T;
    gsl_rng *g = rng_gsl_new(s->seed, RNG_LEARNER + LEARNER_NEURAL);
    if (!g)
        return -1;
    Rng *rg = rng_state(g);
    n->key = rng_next(rg);
    n->skey = rng_next(rg);
    uint32_t tp = templ_stride(s->T, s->ft_T);
    int bad = table_alloc(&n->E, n->H, n->dp) != 0 || table_alloc(&n->Rel, n->R, n->dp) != 0 ||
              table_alloc(&n->S, FORMAT_COUNT, tp) != 0 || dense_alloc(&n->L2, n->fin, n->V) != 0 ||
              (n->hid && dense_alloc(&n->L1, n->d, n->hid) != 0);
    /* scratch: x, hb, z, q, gh, gx, sq, e2 */
    uint32_t big = n->vp > n->dp ? n->vp : n->dp;
    n->scratch_len = (size_t)2 * n->dp + 2 * n->hp + 2 * n->vp + tp + big;
    n->scratch = bad ? NULL : calloc(n->scratch_len, sizeof *n->scratch);
    if (bad || !n->scratch) {
        gsl_rng_free(g);
        net_free(n);
        return -1;
    }
    float a = (float)(0.5 * sqrt(3.0 / n->d)); /* standard deviation 1/(2 sqrt d) */
    n->E.key = rng_next(rg);
    n->E.init = a;
    n->E.width = n->d;
    n->Rel.key = rng_next(rg);
    n->Rel.init = a;
    n->Rel.width = n->d;
    if (n->hid) {
        float w1 = (float)sqrt(6.0 / n->d);
        for (uint32_t j = 0; j < n->d; j++)
            for (uint32_t k = 0; k < n->hid; k++)
                n->L1.w[(size_t)j * n->L1.op + k] = w1 * (float)(2 * rng_uniform(rg) - 1);
    }
    gsl_rng_free(g);
    return 0;
}

/* Install a built network into nn (nn's previous one must have been released). */
static void net_install(Neural *nn, Net *n)
{
    nn->d = n->d;
    nn->dp = n->dp;
    nn->H = n->H;
    nn->R = n->R;
    nn->hid = n->hid;
    nn->hp = n->hp;
    nn->V = n->V;
    nn->vp = n->vp;
    nn->fin = n->fin;
    nn->fp = n->fp;
    nn->T[0] = n->T[0];
    nn->T[1] = n->T[1];
    nn->key = n->key;
    nn->skey = n->skey;
    nn->E = n->E;
    nn->Rel = n->Rel;
    nn->S = n->S;
    nn->L1 = n->L1;
    nn->L2 = n->L2;
    nn->scratch = n->scratch;
    nn->scratch_len = n->scratch_len;
    float *p = n->scratch;
    uint32_t big = n->vp > n->dp ? n->vp : n->dp;
    nn->x = p;
    p += n->dp;
    nn->gx = p;
    p += n->dp;
    nn->hb = p;
    p += n->hp;
    nn->gh = p;
    p += n->hp;
    nn->z = p;
    p += n->vp;
    nn->q = p;
    p += n->vp;
    nn->sq = p;
    p += nn->S.stride;
    nn->e2 = p;
    p += big;
    nn->c1 = nn->c2 = 0;
    nn->t = 0;
    nn->touched = 0;
    nn->cache_ok = 0;
}

/* The current network as a Net (for net_free). */
static Net net_of(const Neural *nn)
{
    Net n;
    memset(&n, 0, sizeof n);
    n.E = nn->E;
    n.Rel = nn->Rel;
    n.S = nn->S;
    n.L1 = nn->L1;
    n.L2 = nn->L2;
    n.scratch = nn->scratch;
    return n;
}

static void free_scan(Neural *nn)
{
    free(nn->cache);
    free(nn->hcache);
    free(nn->wt);
    free(nn->effR);
    nn->cache = NULL;
    nn->hcache = NULL;
    nn->wt = NULL;
    nn->effR = NULL;
    nn->cache_cap = nn->hcache_cap = nn->wt_cap = nn->effr_cap = 0;
    nn->cache_ok = 0;
}

/* Reset the Adam moments (the optimizer changed). Only used rows hold any. */
static void reset_moments(Neural *nn)
{
    Table *tabs[3] = {&nn->E, &nn->Rel, &nn->S};
    for (int i = 0; i < 3; i++) {
        Table *t = tabs[i];
        for (uint64_t r = 0; r < t->rows; r++) {
            if (!t->last[r])
                continue;
            memset(t->m + r * t->stride, 0, t->stride * sizeof(float));
            memset(t->v + r * t->stride, 0, t->stride * sizeof(float));
            t->c1[r] = t->c2[r] = 0;
        }
    }
    Dense *ls[2] = {&nn->L1, &nn->L2};
    for (int i = 0; i < 2; i++) {
        Dense *L = ls[i];
        if (!L->w)
            continue;
        memset(L->m, 0, (size_t)L->in * L->op * sizeof(float));
        memset(L->v, 0, (size_t)L->in * L->op * sizeof(float));
        memset(L->mb, 0, L->op * sizeof(float));
        memset(L->vb, 0, L->op * sizeof(float));
    }
    nn->c1 = nn->c2 = 0;
}

/* New template counts: rows of formats whose T is unchanged are kept. */
static int resize_templates(Neural *nn, uint32_t T0, uint32_t T1)
{
    uint32_t T[FORMAT_COUNT] = {T0, T1};
    Table nt;
    uint32_t tp = templ_stride(T0, T1);
    if (table_alloc(&nt, FORMAT_COUNT, tp) != 0)
        return -1;
    for (int f = 0; f < FORMAT_COUNT; f++) {
        if (T[f] != nn->T[f])
            continue;
        uint32_t w = nn->S.stride < tp ? nn->S.stride : tp;
        memcpy(nt.w + (size_t)f * tp, nn->S.w + (size_t)f * nn->S.stride, w * sizeof(float));
        memcpy(nt.m + (size_t)f * tp, nn->S.m + (size_t)f * nn->S.stride, w * sizeof(float));
        memcpy(nt.v + (size_t)f * tp, nn->S.v + (size_t)f * nn->S.stride, w * sizeof(float));
        nt.c1[f] = nn->S.c1[f];
        nt.c2[f] = nn->S.c2[f];
        nt.last[f] = nn->S.last[f];
    }
    /* the scratch row sq must hold tp floats: rebuild the scratch if the stride grew */
    if (tp > nn->S.stride) {
        uint32_t big = nn->vp > nn->dp ? nn->vp : nn->dp;
        size_t len = (size_t)2 * nn->dp + 2 * nn->hp + 2 * nn->vp + tp + big;
        float *s = calloc(len, sizeof *s);
        if (!s) {
            table_free(&nt);
            return -1;
        }
        free(nn->scratch);
        nn->scratch = s;
        nn->scratch_len = len;
        float *p = s;
        nn->x = p;
        p += nn->dp;
        nn->gx = p;
        p += nn->dp;
        nn->hb = p;
        p += nn->hp;
        nn->gh = p;
        p += nn->hp;
        nn->z = p;
        p += nn->vp;
        nn->q = p;
        p += nn->vp;
        nn->sq = p;
        p += tp;
        nn->e2 = p;
    }
    table_free(&nn->S);
    nn->S = nt;
    nn->T[0] = T0;
    nn->T[1] = T1;
    return 0;
}

/* ---- the interface ---- */

static int neural_reserve(Learner *l, uint32_t nfacts)
{
    Neural *nn = (Neural *)l;
    return grow_array(&nn->ever, &nn->ever_cap, nfacts, 1, 1024, UINT32_MAX);
}

static int neural_configure(Learner *l, const Setup *s)
{
    Neural *nn = (Neural *)l;
    learner_base_configure(l, s);
    nn->lr = s->nn_lr;
    nn->wd = s->nn_wd;
    nn->cache_ok = 0;
    if (s->nn_d != nn->d || s->nn_H != nn->H || s->nn_hidden != nn->hid || s->V != nn->V || s->R != nn->R) {
        Net n;
        if (net_build(&n, s) != 0)
            return -1;
        Net old = net_of(nn);
        net_free(&old);
        free_scan(nn);
        net_install(nn, &n);
        nn->adam = s->nn_adam != 0;
        return 0;
    }
    if ((s->nn_adam != 0) != nn->adam) {
        reset_moments(nn);
        nn->adam = s->nn_adam != 0;
    }
    if (s->T != nn->T[0] || s->ft_T != nn->T[1])
        return resize_templates(nn, s->T, s->ft_T);
    return 0;
}

static uint64_t neural_stored(const Learner *l) { return ((const Neural *)l)->touched; }

static size_t neural_memory(const Learner *l)
{
    const Neural *nn = (const Neural *)l;
    size_t m = sizeof *nn + table_bytes(&nn->E) + table_bytes(&nn->Rel) + table_bytes(&nn->S) +
               dense_bytes(&nn->L2) + (nn->hid ? dense_bytes(&nn->L1) : 0) + nn->scratch_len * sizeof(float) +
               (size_t)nn->ever_cap;
    m += (size_t)nn->cache_cap * sizeof *nn->cache + (size_t)nn->hcache_cap * sizeof *nn->hcache +
         (size_t)nn->wt_cap * sizeof *nn->wt + (size_t)nn->effr_cap * sizeof *nn->effR;
    return m;
}

static void neural_destroy(Learner *l)
{
    Neural *nn = (Neural *)l;
    Net n = net_of(nn);
    net_free(&n);
    free_scan(nn);
    free(nn->ever);
    free(nn);
}

static const LearnerOps neural_ops = {
    LEARNER_NEURAL, "neural", "neural net", neural_reserve, neural_process, neural_answer, neural_unseen,
    neural_begin_scan, neural_syntax_excess, neural_configure, neural_stored, neural_memory, neural_destroy,
};

uint64_t neural_params(const Setup *s)
{
    uint64_t d = s->nn_d, m = s->nn_hidden, V = s->V;
    uint64_t p = (uint64_t)s->nn_H * d + (uint64_t)s->R * d + s->T + s->ft_T;
    if (m)
        p += m * d + m + V * m + V;
    else
        p += V * d + V;
    return p;
}

Learner *neural_new(const Setup *s)
{
    Neural *nn = calloc(1, sizeof *nn);
    if (!nn)
        return NULL;
    learner_base_init(&nn->base, &neural_ops, s);
    Net n;
    if (net_build(&n, s) != 0) {
        free(nn);
        return NULL;
    }
    net_install(nn, &n);
    nn->lr = s->nn_lr;
    nn->wd = s->nn_wd;
    nn->adam = s->nn_adam != 0;
#if NEURAL_AVX2
    nn->avx2 = __builtin_cpu_supports("avx2") != 0; /* libgcc initialised it at start-up */
#endif
    return &nn->base;
}
