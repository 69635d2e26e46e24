/*
 * progress.c: a one-line progress bar on stderr, redrawn at most 10 times a second; the
 * clock and the CPU count the long-running commands use.
 */
/* sched_getaffinity and CPU_COUNT are GNU extensions. */
#define _GNU_SOURCE

#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "skscope/numparse.h"

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int cli_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    return 1;
}


void progress_start(Progress *p, uint64_t total, const char *unit, int quiet)
{
    p->on = !quiet && isatty(2);
    p->t0 = p->last = cli_now();
    p->total = total;
    p->unit = unit;
}

static void draw(Progress *p, uint64_t done, double now)
{
    double frac = p->total ? (double)done / (double)p->total : 1;
    double el = now - p->t0, rate = el > 0 ? (double)done / el : 0;
    double eta = rate > 0 ? ((double)p->total - (double)done) / rate : 0;
    char bar[31];
    int fill = (int)(frac * 30);
    for (int i = 0; i < 30; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[30] = 0;
    char a[16], b[16], r[16];
    fprintf(stderr, "\r[%s] %3.0f%% %s/%s %s %s/s ETA %.0fs  ", bar, frac * 100, numparse_human((double)done, a, sizeof a),
            numparse_human((double)p->total, b, sizeof b), p->unit, numparse_human(rate, r, sizeof r), eta);
    fflush(stderr);
}

void progress_update(Progress *p, uint64_t done)
{
    if (!p->on)
        return;
    double now = cli_now();
    if (now - p->last < 0.1)
        return;
    p->last = now;
    draw(p, done, now);
}

void progress_finish(Progress *p)
{
    if (!p->on)
        return;
    draw(p, p->total, cli_now());
    fputs("\n", stderr);
}
