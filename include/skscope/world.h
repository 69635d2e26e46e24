/*
 * world.h: the Syntax-Knowledge world of SPEC 1, a stream of sentences.
 *
 * A sentence states one fact (entity, relation, value) through one syntax template. Facts come
 * from a Pitman-Yor process (pyp.h); templates from a Dirichlet-drawn distribution (syntax.h);
 * with probability eps a sentence states a uniformly random wrong value; with probability
 * eps_syn each syntax token is replaced. From sentence ft_at on, the fine-tuning phase of SPEC 2
 * runs: sentences in a new template format state ft_F injected facts ft_r times each (epochs in
 * random order), mixed with a fraction ft_m of replayed pretraining sentences; when every
 * injected mention has been stated the stream returns to pretraining.
 *
 * Each component draws from its own random stream (rng.h), so changing one knob never
 * reshuffles another component's draws. The world knows nothing of learners.
 */
#ifndef SKSCOPE_WORLD_H
#define SKSCOPE_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "skscope/pyp.h"
#include "skscope/setup.h"
#include "skscope/syntax.h"

/* Sentence flags */
enum {
    SENT_NEW = 1,      /* first mention of its fact */
    SENT_NOISY = 2,    /* states a wrong value (fact noise) */
    SENT_INJECTED = 4, /* states a fact injected by fine-tuning */
    SENT_REPLAY = 8    /* a pretraining sentence replayed during fine-tuning */
};

/* One sentence, as the learners see it (24 bytes). */
typedef struct Sentence {
    uint64_t count;     /* mentions of its fact including this one */
    uint32_t fact;      /* fact id (entity); index into the world's fact table */
    uint16_t value;     /* stated value */
    uint16_t truth;     /* the fact's true value */
    uint16_t templ;     /* template id within its format */
    uint8_t format;     /* FORMAT_PRETRAIN or FORMAT_FINETUNE */
    uint8_t flags;      /* SENT_* */
    uint16_t syn_len;   /* syntax tokens (tokens) */
    uint16_t syn_noisy; /* syntax tokens replaced by noise (tokens) */
} Sentence;

/* Fine-tuning phase state */
typedef enum FtState { FT_OFF, FT_ACTIVE, FT_DONE } FtState;

typedef struct World {
    Setup setup;           /* knobs now in force */
    Pyp pyp;               /* the fact process */
    Fact *facts;           /* fact table: process facts and injected facts share ids */
    uint32_t nfacts;       /* entries used (facts) */
    uint64_t cap;          /* entries allocated */
    Format fmt[FORMAT_COUNT];
    gsl_rng *rng_facts, *rng_values, *rng_templates, *rng_fnoise, *rng_snoise, *rng_ft;
    uint64_t n;            /* sentences generated (sentences) */
    uint64_t tokens;       /* tokens generated: syntax + entity + relation + value (tokens) */
    uint64_t fnoise_gap;   /* clean sentences before the next noisy one */
    uint64_t snoise_gap;   /* intact syntax tokens before the next replaced one */
    double fnoise_l1p, snoise_l1p; /* log1p(-p) of the two noise processes */
    FtState ft;            /* fine-tuning phase */
    uint32_t ft_first;     /* fact id of the first injected fact */
    uint32_t ft_count;     /* injected facts */
    uint32_t *ft_order;    /* this epoch's order of injected facts (ft_count entries) */
    uint32_t ft_pos;       /* position in the epoch */
    uint32_t ft_epoch;     /* epochs completed */
    uint64_t ft_started;   /* sentence count when the phase started */
    uint64_t max_facts;    /* memory guard: most facts the world may hold (facts) */
} World;

/* world_new: a world for setup *s (validated by the caller). Returns NULL and a message when
 * out of memory. */
World *world_new(const Setup *s, char *err, size_t errlen);

void world_free(World *w);

/* world_reserve: make room for `sentences` more sentences so that world_generate of at most
 * that many cannot allocate. Returns 0, or -1 with a message (out of memory, or more facts than
 * max_facts). */
int world_reserve(World *w, uint32_t sentences, char *err, size_t errlen);

/* world_generate: the next `count` sentences (count <= the last reserve) into out[].
 * It never crosses the start of the fine-tuning phase: it returns fewer sentences when it stops
 * there (the caller calls again; the phase then starts, which allocates). Returns the number
 * generated, or -1 with a message when starting the phase fails (out of memory). */
long world_generate(World *w, Sentence *out, uint32_t count, char *err, size_t errlen);

/* world_apply: make knobs live from the next sentence: a, b (the process keeps its state),
 * eps, eps_syn, T/gamma/L (redraws the pretraining format), ft_* (fine-tuning schedule).
 * V, R and seed cannot change (start a new world). Returns 0 or -1 with a message. */
int world_apply(World *w, const Setup *s, char *err, size_t errlen);

/* world_knowledge_floor: entropy of a stated value given the fact, h(eps) + eps log2(V-1) (bits). */
double world_knowledge_floor(const World *w);

/* world_syntax_floor: entropy of a sentence's syntax in format fmt (bits). */
double world_syntax_floor(const World *w, int fmt);

/* world_active_format_mix: share of the next sentence that is in the fine-tuning format
 * (0 outside the phase, 1 - ft_m inside it). */
double world_finetune_share(const World *w);

/* world_draws: random 64-bit words the world has drawn (all its streams). */
uint64_t world_draws(const World *w);

/* world_memory: bytes held by the world. */
size_t world_memory(const World *w);

/* world_sentence_text: render sentence *s as words into buf ("w12 w7 ... e42 r3 v17"). */
size_t world_sentence_text(const World *w, const Sentence *s, char *buf, size_t buflen);

#endif
