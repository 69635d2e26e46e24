/*
 * session.c: a base setup plus its changes during a run, and the session string.
 */
#include "skscope/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skscope/grow.h"
#include "skscope/numparse.h"

void session_init(Session *s, const Setup *base)
{
    memset(s, 0, sizeof *s);
    s->base = *base;
}

void session_free(Session *s)
{
    free(s->change);
    s->change = NULL;
    s->n = 0;
    s->cap = 0;
}

const Setup *session_last(const Session *s) { return s->n ? &s->change[s->n - 1].setup : &s->base; }

/* The knob of V, R and seed that differs between *a and *b, or NULL. */
static const char *world_knob_changed(const Setup *a, const Setup *b)
{
    return a->V != b->V ? "V" : a->R != b->R ? "R" : a->seed != b->seed ? "seed" : NULL;
}

int session_add(Session *s, uint64_t at, uint64_t tokens, const Setup *next, char *err, size_t errlen)
{
    const char *w = world_knob_changed(&s->base, next);
    if (w) {
        snprintf(err, errlen, "@%llu: %s cannot change during a run (a new world would start): give it in the "
                 "setup before the first ';'", (unsigned long long)at, w);
        return -1;
    }
    if (s->n && at < s->change[s->n - 1].at) {
        snprintf(err, errlen, "@%llu: changes must come in order of sentence count (valid: @%llu or later, after "
                 "the change before it)", (unsigned long long)at, (unsigned long long)s->change[s->n - 1].at);
        return -1;
    }
    if (setup_same(next, session_last(s)))
        return 0;
    if (s->n >= SESSION_MAX_CHANGES) {
        snprintf(err, errlen, "@%llu: too many changes (valid: at most %d in one session)", (unsigned long long)at,
                 SESSION_MAX_CHANGES);
        return -1;
    }
    if (grow_array(&s->change, &s->cap, s->n + 1, sizeof *s->change, 16, SESSION_MAX_CHANGES) != 0) {
        snprintf(err, errlen, "out of memory recording a change");
        return -1;
    }
    s->change[s->n++] = (SessionChange){at, tokens, *next};
    return 0;
}

int session_copy(Session *dst, const Session *src)
{
    session_init(dst, &src->base);
    if (!src->n)
        return 0;
    if (grow_array(&dst->change, &dst->cap, src->n, sizeof *dst->change, src->n, SESSION_MAX_CHANGES) != 0)
        return -1;
    memcpy(dst->change, src->change, src->n * sizeof *src->change);
    dst->n = src->n;
    return 0;
}

const char *session_tail(const char *text) { return strchr(text, ';'); }

/* p without leading and trailing blanks (spaces, tabs, newlines), in place. */
static char *trim(char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    size_t n = strlen(p);
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
        p[--n] = 0;
    return p;
}

/* One "@N:pairs" segment (trimmed, not empty) on top of the session's last knobs. 0 or -1. */
static int parse_change(Session *out, char *seg, char *err, size_t errlen)
{
    char *colon = strchr(seg, ':');
    if (seg[0] == '@' && !colon) {
        snprintf(err, errlen, "'%.40s' has no ':' after the sentence count (valid: @N:key=value,...)", seg);
        return -1;
    }
    if (seg[0] != '@') {
        snprintf(err, errlen, "'%.40s' after ';' is not a change (valid: @N:key=value,... with N the sentence "
                 "count where it takes effect)", seg);
        return -1;
    }
    *colon = 0;
    char *num = trim(seg + 1), *pairs = trim(colon + 1), why[160];
    uint64_t at;
    if (numparse_u64(num, &at, why, sizeof why) != 0) {
        snprintf(err, errlen, "@%.40s: %s (valid: a sentence count, 0 to 2^63)", num, why);
        return -1;
    }
    if (!*pairs) {
        snprintf(err, errlen, "@%llu: no knob given (valid: @N:key=value,...)", (unsigned long long)at);
        return -1;
    }
    Setup next = *session_last(out);
    char msg[400];
    if (setup_parse(&next, pairs, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "@%llu: %s", (unsigned long long)at, msg);
        return -1;
    }
    return session_add(out, at, 0, &next, err, errlen);
}

int session_parse(Session *out, const Setup *onto, const char *text, char *err, size_t errlen)
{
    session_init(out, onto);
    char *copy = strdup(text);
    if (!copy) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = 0;
    char *seg = copy, *next;
    for (int first = 1; seg && rc == 0; first = 0, seg = next) {
        next = strchr(seg, ';');
        if (next)
            *next++ = 0;
        char *t = trim(seg);
        if (!*t)
            continue; /* an empty base, or an empty segment (";;", a trailing ';') */
        if (first)
            rc = setup_parse(&out->base, t, err, errlen);
        else
            rc = parse_change(out, t, err, errlen);
    }
    free(copy);
    if (rc != 0)
        session_free(out);
    return rc;
}

/* Append str to buf[buflen] at offset n (truncated to fit, always terminated); returns the
 * new length as if nothing were truncated. */
static size_t append(char *buf, size_t buflen, size_t n, const char *str)
{
    size_t k = strlen(str);
    if (n < buflen) {
        size_t room = buflen - n - 1, c = k < room ? k : room;
        memcpy(buf + n, str, c);
        buf[n + c] = 0;
    }
    return n + k;
}

size_t session_format(const Session *s, char *buf, size_t buflen)
{
    char part[1400];
    if (buflen)
        buf[0] = 0;
    setup_format(&s->base, part, sizeof part);
    size_t n = append(buf, buflen, 0, part);
    const Setup *prev = &s->base;
    for (size_t i = 0; i < s->n; i++) {
        int k = snprintf(part, sizeof part, ";@%llu:", (unsigned long long)s->change[i].at);
        setup_format_diff(prev, &s->change[i].setup, part + k, sizeof part - (size_t)k);
        n = append(buf, buflen, n, part);
        prev = &s->change[i].setup;
    }
    return n;
}

char *session_format_alloc(const Session *s)
{
    size_t n = session_format(s, NULL, 0);
    char *buf = malloc(n + 1);
    if (buf)
        session_format(s, buf, n + 1);
    return buf;
}

size_t session_wrap(const char *text, size_t width, size_t *start, size_t *len, size_t max)
{
    size_t total = strlen(text), at = 0, lines = 0;
    if (width == 0)
        width = 1;
    for (;;) {
        while (at < total && (text[at] == ' ' || text[at] == '\n'))
            at++;
        if (at == total)
            return lines;
        size_t end = total;
        if (total - at > width) {
            end = at + width; /* no separator fits: the one field is cut at the width */
            for (size_t i = at + width; i > at; i--)
                if (text[i - 1] == ',' || text[i - 1] == ';') {
                    end = i; /* just after the last separator that fits */
                    break;
                }
        }
        if (lines < max) {
            start[lines] = at;
            len[lines] = end - at;
        }
        lines++;
        at = end;
    }
}
