/*
 * scenario.c: INI scenarios through libinih, with the checks inih does not make.
 */
#include "skscope/scenario.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "skscope/infile.h"
#include "skscope/learner.h"
#include "skscope/numparse.h"

/* Length of the valid UTF-8 sequence at p (0 if invalid). */
static size_t utf8_len(const unsigned char *p, size_t left)
{
    unsigned c = p[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0) {
        n = 2;
        min = 0x80;
        c &= 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3;
        min = 0x800;
        c &= 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4;
        min = 0x10000;
        c &= 0x07;
    } else {
        return 0;
    }
    if (n > left)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    return n;
}

int scenario_check_text(const char *name, const char *text, size_t len, char *err, size_t errlen)
{
    size_t line = 1, col = 0;
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        if (p[i] == 0) {
            snprintf(err, errlen, "%s: not a text file (NUL byte on line %zu)", name, line);
            return -1;
        }
        if (p[i] == '\n') {
            line++;
            col = 0;
            i++;
            continue;
        }
        size_t n = utf8_len(p + i, len - i);
        if (n == 0) {
            snprintf(err, errlen, "%s:%zu: invalid UTF-8 byte 0x%02x", name, line, p[i]);
            return -1;
        }
        col += n;
        /* A CR ending a CRLF line does not count toward the limit; any other byte does. */
        int crlf = p[i] == '\r' && i + 1 < len && p[i + 1] == '\n';
        if (col > SCENARIO_MAX_LINE && !crlf) {
            snprintf(err, errlen, "%s:%zu: line longer than %d bytes", name, line, SCENARIO_MAX_LINE);
            return -1;
        }
        i += n;
    }
    return 0;
}

char *scenario_read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    /* Never a FIFO or a device: they would block the read (the explorer's whole UI with it). */
    FILE *fp = infile_open(path, INFILE_REGULAR, SCENARIO_MAX_BYTES, err, errlen);
    if (!fp)
        return NULL;
    char *buf = malloc(SCENARIO_MAX_BYTES + 1);
    if (!buf) {
        fclose(fp);
        snprintf(err, errlen, "out of memory reading %s", path);
        return NULL;
    }
    size_t n = fread(buf, 1, SCENARIO_MAX_BYTES + 1, fp);
    int bad = ferror(fp);
    int e = errno;
    fclose(fp);
    if (bad) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(e));
        free(buf);
        return NULL;
    }
    if (n > SCENARIO_MAX_BYTES) {
        snprintf(err, errlen, "%s is larger than %d bytes", path, SCENARIO_MAX_BYTES);
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    if (scenario_check_text(path, buf, n, err, errlen) != 0) {
        free(buf);
        return NULL;
    }
    if (len)
        *len = n;
    return buf;
}

typedef struct ParseState {
    Scenario sc;      /* the copy being filled */
    char msg[256];    /* first error */
    int pairs;        /* key = value lines seen, in any section */
} ParseState;

static int copy_text(char *dst, size_t n, const char *key, const char *value, char *msg, size_t ml)
{
    if (strlen(value) >= n) {
        snprintf(msg, ml, "%s is longer than %zu bytes", key, n - 1);
        return -1;
    }
    snprintf(dst, n, "%s", value);
    return 0;
}

int scenario_check_view(const char *value, char *err, size_t errlen)
{
    static const char *const views[] = {"loss", "hallucination", "heaps", "zipf", "recall", "numbers"};
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++)
        if (strcmp(value, views[i]) == 0)
            return 0;
    snprintf(err, errlen, "view: '%.40s' is not loss, hallucination, heaps, zipf, recall or numbers", value);
    return -1;
}

int scenario_show_kind(const char *value, int *kind, char *err, size_t errlen)
{
    int k = strcmp(value, "all") == 0 ? SCENARIO_SHOW_ALL : learner_kind_from_name(value);
    if (k < 0 && strcmp(value, "all") != 0) {
        snprintf(err, errlen, "show: '%.40s' is not a learner (bayes, bayes-cap, sgd, neural) or all", value);
        return -1;
    }
    *kind = k;
    return 0;
}

int scenario_parse_pace(const char *text, ScenarioPace *p, char *err, size_t errlen)
{
    const char *valid = "valid: N/s with N from 0.01 to 1e12 sentences a second, N/min with N from 0.01 to 600 "
                        "decades a minute, or max";
    if (strcmp(text, "max") == 0) {
        *p = (ScenarioPace){0, 0};
        return 0;
    }
    char num[64], why[160];
    const char *slash = strchr(text, '/');
    size_t len = slash ? (size_t)(slash - text) : strlen(text);
    int per_min = slash && strcmp(slash, "/min") == 0;
    if (len == 0 || len >= sizeof num || (slash && !per_min && strcmp(slash, "/s") != 0)) {
        snprintf(err, errlen, "pace: '%.40s' is not a pace (%s)", text, valid);
        return -1;
    }
    memcpy(num, text, len);
    num[len] = 0;
    double v;
    if (numparse_double(num, &v, why, sizeof why) != 0 || !(v >= 0.01) ||
        v > (per_min ? SCENARIO_PACE_MAX_DECADES : SCENARIO_PACE_MAX_RATE)) {
        snprintf(err, errlen, "pace: '%.40s' is out of range (%s)", text, valid);
        return -1;
    }
    *p = per_min ? (ScenarioPace){0, v} : (ScenarioPace){v, 0};
    return 0;
}

const char *scenario_format_pace(const ScenarioPace *p, char *buf, size_t n)
{
    char h[24];
    if (p->decades_per_min > 0)
        snprintf(buf, n, "%.3g/min", p->decades_per_min);
    else if (p->per_s > 0)
        snprintf(buf, n, "%s/s", numparse_human(p->per_s, h, sizeof h));
    else
        snprintf(buf, n, "max");
    return buf;
}

double scenario_pace_rate(const ScenarioPace *p, double n)
{
    if (p->decades_per_min > 0)
        return (n + 10) * log(10.0) * p->decades_per_min / 60;
    return p->per_s > 0 ? p->per_s : 0;
}

static int on_pair(void *user, const char *section, const char *key, const char *value)
{
    ParseState *ps = user;
    if (ps->msg[0])
        return 0;
    ps->pairs++;
    if (strncmp(section, "step", 4) == 0 && (section[4] == ' ' || section[4] == 0))
        return 1; /* lesson steps are the lesson module's */
    char why[160];
    if (strcmp(key, "sentences") == 0) {
        uint64_t n;
        int bad = numparse_u64(value, &n, why, sizeof why) != 0;
        if (bad || n == 0) {
            snprintf(ps->msg, sizeof ps->msg, "sentences: %s (valid: 1 to 2^63)", bad ? why : "must be at least 1");
            return 0;
        }
        ps->sc.sentences = n;
        return 1;
    }
    if (strcmp(key, "points") == 0) {
        uint64_t p;
        if (numparse_u64(value, &p, why, sizeof why) != 0 || p < 2 || p > 100000) {
            snprintf(ps->msg, sizeof ps->msg, "points: '%.40s' is out of range (valid: 2 to 100000)", value);
            return 0;
        }
        ps->sc.points = (int)p;
        return 1;
    }
    if (strcmp(key, "learner") == 0 || strcmp(key, "learners") == 0) {
        if (learner_parse_set(value, &ps->sc.learners, why, sizeof why) != 0) {
            snprintf(ps->msg, sizeof ps->msg, "%s", why);
            return 0;
        }
        return 1;
    }
    if (strcmp(key, "title") == 0)
        return copy_text(ps->sc.title, sizeof ps->sc.title, key, value, ps->msg, sizeof ps->msg) == 0;
    if (strcmp(key, "description") == 0)
        return copy_text(ps->sc.description, sizeof ps->sc.description, key, value, ps->msg,
                         sizeof ps->msg) == 0;
    if (strcmp(key, "view") == 0)
        return scenario_check_view(value, ps->msg, sizeof ps->msg) == 0 &&
               copy_text(ps->sc.view, sizeof ps->sc.view, key, value, ps->msg, sizeof ps->msg) == 0;
    if (strcmp(key, "show") == 0) {
        int kind;
        return scenario_show_kind(value, &kind, ps->msg, sizeof ps->msg) == 0 &&
               copy_text(ps->sc.show, sizeof ps->sc.show, key, value, ps->msg, sizeof ps->msg) == 0;
    }
    if (strcmp(key, "pace") == 0) {
        ps->sc.pace_given = 1;
        return scenario_parse_pace(value, &ps->sc.pace, ps->msg, sizeof ps->msg) == 0;
    }
    if (strcmp(key, "caption") == 0) { /* continuation lines join with a space (INI multi-line) */
        size_t have = strlen(ps->sc.caption), add = strlen(value);
        if (have + add + 2 > sizeof ps->sc.caption) {
            snprintf(ps->msg, sizeof ps->msg, "caption is longer than %zu bytes", sizeof ps->sc.caption - 1);
            return 0;
        }
        snprintf(ps->sc.caption + have, sizeof ps->sc.caption - have, "%s%s", have ? " " : "", value);
        return 1;
    }
    const Knob *kn = knob_find(key);
    if (!kn) {
        snprintf(ps->msg, sizeof ps->msg, "unknown key '%.40s' (knobs: s beta k b V R eps T gamma L "
                 "eps_syn C eta tau nn_* ft_* seed; run: sentences points learner; explorer: view show pace caption)", key);
        return 0;
    }
    double v;
    if (numparse_double(value, &v, why, sizeof why) != 0) {
        snprintf(ps->msg, sizeof ps->msg, "%s: %s", kn->name, why);
        return 0;
    }
    /* Set one pair as a setup string, so that the all-or-nothing rules are shared. */
    char pair[256];
    snprintf(pair, sizeof pair, "%s=%s", kn->name, value);
    if (setup_parse(&ps->sc.setup, pair, ps->msg, sizeof ps->msg) != 0)
        return 0;
    return 1;
}

int scenario_parse(const char *name, const char *text, Scenario *sc, char *err, size_t errlen)
{
    if (scenario_check_text(name, text, strlen(text), err, errlen) != 0)
        return -1;
    ParseState *ps = calloc(1, sizeof *ps);
    if (!ps) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ps->sc = *sc;
    int line = ini_parse_string(text, on_pair, ps);
    int rc = 0;
    if (line != 0) {
        if (ps->msg[0])
            snprintf(err, errlen, "%s:%d: %s", name, line, ps->msg);
        else
            snprintf(err, errlen, "%s:%d: not a section, key = value, or comment", name, line);
        rc = -1;
    } else if (ps->pairs == 0) {
        /* A blank file, or comments and section names alone: surely not what was meant. */
        snprintf(err, errlen, "%s: an empty scenario (no key = value line; see 'skscope help knobs')", name);
        rc = -1;
    } else {
        *sc = ps->sc;
    }
    free(ps);
    return rc;
}

int scenario_load(const char *path, Scenario *sc, char *err, size_t errlen)
{
    char *text = scenario_read_file(path, NULL, err, errlen);
    if (!text)
        return -1;
    int rc = scenario_parse(path, text, sc, err, errlen);
    free(text);
    return rc;
}
