/*
 * setup.h: every knob of the simulation in one plain struct, and the one table that describes
 * the knobs (name, range, default, unit, help, whether a change is live).
 *
 * The setup string ("s=1.8,k=2,C=4096,seed=1"), the INI scenario, the command-line flags, the
 * explorer's sliders, the man page's knob list and every validation message read this table;
 * no knob is described anywhere else.
 *
 * Canonical parameters: the Pitman-Yor discount a and concentration b. The user-facing knobs
 * s (Zipf exponent), beta (Heaps exponent) and k (Heaps coefficient) are views:
 *   a = 1/s = beta,  and b solves  k = Gamma(b+1) / (a Gamma(b+a))  (see theory.h).
 * Which of k and b the user set last is remembered: moving s keeps k (and re-solves b) unless b
 * was set explicitly.
 */
#ifndef SKSCOPE_SETUP_H
#define SKSCOPE_SETUP_H

#include <stddef.h>
#include <stdint.h>

typedef struct Setup {
    /* world: facts */
    double a;          /* Pitman-Yor discount = 1/s = Heaps exponent beta, in [0, 0.99] */
    double k;          /* Heaps coefficient: E[distinct facts] ~ k n^a (facts); 0 when a = 0 */
    double b;          /* Pitman-Yor concentration, > -a (derived from k unless b_given) */
    int b_given;       /* 1: b was set directly and k is derived from it */
    uint32_t V;        /* values per relation (a stored fact carries log2 V bits) */
    uint32_t R;        /* relations */
    double eps;        /* fact noise: P(a sentence states a uniformly random wrong value) */
    /* world: syntax */
    uint32_t T;        /* templates of the pretraining format */
    double gamma;      /* Dirichlet prior of template probabilities */
    uint32_t L;        /* mean syntax tokens per template (tokens) */
    double eps_syn;    /* syntax noise: P(a syntax token is replaced by a random one) */
    /* learners */
    uint64_t C;        /* capacity: facts (Bayes-C) or slots (SGD memory) */
    double eta;        /* SGD memory learning rate */
    double tau;        /* abstention threshold: answer only with confidence >= tau */
    uint32_t nn_d;     /* neural learner: embedding width */
    uint32_t nn_H;     /* neural learner: hash buckets of the entity embeddings */
    uint32_t nn_hidden; /* neural learner: hidden units (0: linear read-out) */
    double nn_lr;      /* neural learner: learning rate */
    double nn_wd;      /* neural learner: weight decay per step */
    uint32_t nn_adam;  /* neural learner: 1 Adam, 0 plain SGD */
    /* fine-tuning phase (SPEC 2) */
    uint64_t ft_at;    /* sentence count at which it starts; 0 = never (sentences) */
    uint32_t ft_T;     /* templates of the new (instruction) format */
    uint32_t ft_F;     /* injected new facts */
    uint32_t ft_r;     /* mentions of each injected fact (epochs) */
    double ft_m;       /* replay fraction: share of old-stream sentences during the phase */
    uint64_t seed;     /* all randomness */
} Setup;

/* Knob ids, in table order. */
typedef enum KnobId {
    KNOB_S, KNOB_BETA, KNOB_K, KNOB_B, KNOB_V, KNOB_R, KNOB_EPS,
    KNOB_T, KNOB_GAMMA, KNOB_L, KNOB_EPS_SYN,
    KNOB_C, KNOB_ETA, KNOB_TAU,
    KNOB_NN_D, KNOB_NN_H, KNOB_NN_HIDDEN, KNOB_NN_LR, KNOB_NN_WD, KNOB_NN_ADAM,
    KNOB_FT_AT, KNOB_FT_T, KNOB_FT_F, KNOB_FT_R, KNOB_FT_M,
    KNOB_SEED,
    KNOB_COUNT
} KnobId;

enum {
    KNOB_INTEGER = 1 << 0, /* whole numbers only */
    KNOB_LIVE = 1 << 1,    /* may change mid-run (applies from the next sentence on) */
    KNOB_LOGSCALE = 1 << 2, /* the slider is logarithmic in v + log_shift; a notch multiplies */
    KNOB_INF_END = 1 << 3   /* one notch past max is infinity (s: no power law, beta = 0) */
};

/* The explorer's Knobs panel shows the knobs in table order, under a header per page. */
typedef enum KnobPage { KNOB_PAGE_WORLD, KNOB_PAGE_LEARNERS, KNOB_PAGE_NEURAL, KNOB_PAGE_FINETUNE,
                        KNOB_PAGE_RUN, KNOB_PAGE_COUNT } KnobPage;

typedef struct Knob {
    KnobId id;
    const char *name;      /* key in setup strings, scenarios and --set */
    const char *alias;     /* second accepted key, or NULL */
    const char *label;     /* short label for sliders */
    const char *unit;      /* unit shown after the value, "" if none */
    double min, max;       /* valid range, inclusive (b: exclusive lower bound -a, see help) */
    double def;            /* default */
    double step;           /* a slider notch (added, or a factor with KNOB_LOGSCALE) */
    int flags;
    const char *help;      /* one line: what it means */
    const char *label_ascii; /* the label in 7-bit ASCII, when `label` is not (else NULL) */
    KnobPage page;         /* the Knobs panel's group */
    double log_shift;      /* KNOB_LOGSCALE: the slider is log(v + log_shift) over [min, max], so a
                              range may start at 0 (counts: 1) or below (b: 1); 0 when min > 0 */
} Knob;

/* knob_table: the table, KNOB_COUNT entries in KnobId order. */
const Knob *knob_table(void);

/* knob_page_name: the page's header ("world", "learners", "neural", "fine-tuning", "run"). */
const char *knob_page_name(KnobPage p);

/* knob_fraction: where value v sits on knob k's slider, in [0, 1] (0 at min, 1 at max and, with
 * KNOB_INF_END, at infinity); values outside the range clamp to an end. */
double knob_fraction(const Knob *k, double v);

/* knob_at_fraction: the value at position f in [0, 1] of knob k's slider: exactly min at 0 and
 * max at 1, in between rounded to a clean number (integers on a log slider: powers of two;
 * s and beta: 0.01; others: 3 significant digits), always within [min, max]. */
double knob_at_fraction(const Knob *k, double f);

/* knob_notch: v moved one notch (dir +1 up, -1 down) on knob k's slider, clamped to [min, max]
 * (with KNOB_INF_END: up from max is infinity, down from infinity is max). */
double knob_notch(const Knob *k, double v, int dir);

/* knob_names: every knob's name, blank-separated, in table order, into buf[n] (truncated to
 * fit); returns buf. */
const char *knob_names(char *buf, size_t n);

/* knob_find: the knob whose name or alias is `name` (case-sensitive), or NULL. */
const Knob *knob_find(const char *name);

/* setup_default: the defaults of SPEC 1 (s 1.8, k 2, V 64, R 4, T 16, gamma 1, C 4096, seed 1). */
void setup_default(Setup *s);

/* setup_get: the knob's current value (s is 1/a, or infinity when a = 0). */
double setup_get(const Setup *s, KnobId id);

/* setup_set: set one knob to `v`, checking its range and the cross-knob rule b > -a, and
 * re-deriving b (or k). On failure *s is unchanged, -1 is returned and a one-line message
 * naming the knob and its valid range is written to err. */
int setup_set(Setup *s, KnobId id, double v, char *err, size_t errlen);

/* setup_set_text: parse `value` (numparse rules) and setup_set it. */
int setup_set_text(Setup *s, const char *key, const char *value, char *err, size_t errlen);

/* setup_parse: apply a setup string "key=value,key=value" on top of *s. Commas or newlines
 * separate pairs, and blanks between pairs ("s=1.8 k=2"); blanks around a key or value are
 * ignored ("s = 1.8, k = 2"). All or nothing: on any error *s is unchanged and err names the bad pair.
 * A ';' (the start of a session's tail of changes, session.h) is refused with a message. */
int setup_parse(Setup *s, const char *text, char *err, size_t errlen);

/* setup_format: the complete canonical setup string (every knob, shortest exact numbers),
 * which setup_parse reads back to an identical Setup. Returns the length that was needed
 * (like snprintf). */
size_t setup_format(const Setup *s, char *buf, size_t buflen);

/* setup_format_value: knob id's value alone, in the shortest text that reads back to it: for
 * s the shortest d with 1/d == a (1.8, not 1/a = 1.7999999999999998), "" when there is no
 * power law (a = 0); into buf[n] (40 bytes suffice); returns buf. */
const char *setup_format_value(const Setup *s, KnobId id, char *buf, size_t n);

/* setup_same: whether *x and *y hold the same knobs (every field, b_given included). */
int setup_same(const Setup *x, const Setup *y);

/* setup_diff: the knobs a user changed from *from to *to, in table order, as the setup string
 * names them: s when the discount changed (beta when either side has none), then k or b,
 * whichever *to holds (the other is derived and not listed), then every other knob that
 * differs. Writes up to max ids into out; returns how many differ (may exceed max). */
int setup_diff(const Setup *from, const Setup *to, KnobId *out, int max);

/* setup_format_diff: the "key=value,..." pairs that setup_parse applies on top of *from to get
 * exactly *to ("" when setup_same). Returns the length needed (like snprintf). */
size_t setup_format_diff(const Setup *from, const Setup *to, char *buf, size_t buflen);

/* setup_validate: check cross-knob rules on a whole Setup (ranges and b > -a). */
int setup_validate(const Setup *s, char *err, size_t errlen);

/* setup_solve_b: the concentration b > -a with Heaps coefficient k at discount a (GSL root
 * solve of the monotone map b -> theory_heaps_k(a, b)). a must be in (0, 1), k > 0.
 * Returns 0, or -1 if no b in (-a, 1e9] gives k. */
int setup_solve_b(double a, double k, double *b);

#endif
