/*
 * plot.h: gnuplot scripts for papers and handouts (`skscope plot FILE.csv`, `--plot`).
 *
 * The script is written beside the CSV (FILE.gp) and draws log-log figures from it with the
 * theory lines and the fitted slopes (computed here, written into the script as labels), ready
 * for PNG, SVG or PDF: `gnuplot -e "term='png'" FILE.gp` (or svg, pdf; the default is PNG to
 * FILE.png).
 *
 * Inputs understood: a run time series (`skscope run --csv`; SPEC 4 columns) and a sweep
 * (`skscope sweep --csv`; see sweep.h). The kind is recognised from the header: a run's starts
 * "sentences,tokens,distinct_facts" and has expected_excess_bits (plain with one learner,
 * "L.expected_excess_bits" with several) and the world columns a, b, V (C optional); a sweep's
 * starts "task" and has sentences and "L.expected_knowledge_excess_bits".
 *
 * What the script draws:
 *  - a run: one figure, two panels (`set multiplot layout 1,2`).
 *    (a) expected excess (bits per sentence) vs tokens, one line per learner (one learner: the
 *        total with its syntax and knowledge parts); dashed, the unlimited Bayes learner's
 *        theory log2 V x E[P(new)] (theory_knowledge_excess_bayes at each row's sentences and
 *        a, b, V); dash-dotted, when a capacity learner (bayes-cap, sgd) is present, the floor
 *        log2 V x tail mass(C) (theory_knowledge_excess_cap); in the key, each line's slope
 *        fitted over the last decade of tokens (fit_loglog; shaded) and the predicted -(1 - a).
 *    (b) distinct facts vs sentences, E[K_n] dashed (theory_expected_K), the slope fitted over
 *        the last decade beside 1/s.
 *  - a sweep: one panel per swept axis that has several values (sentences n, capacity C; two
 *    panels when both vary): the expected knowledge excess of one learner (along n: bayes, or
 *    the capacity learner when C varies too; along C: bayes-cap, else sgd), one line per setting
 *    of the other knobs, averaged over seeds (error bars: standard error of the mean), with the
 *    theory dashed, and in the key the slope fitted over the whole swept range beside the
 *    predicted -(1 - 1/s) (along n) or -(s - 1) (along C).
 *
 * The script: data inline as datablocks ($excess, $heaps; $n1, $c1, ... for sweeps), so it is
 * self-contained; every number written in the shortest form that reads back exactly, with '.'
 * as decimal point whatever the locale; the fits also as comment lines
 * "# fit COLUMN X LO HI slope S se E points N" (exact numbers, for tools and tests); gnuplot
 * variables `term` ('png' default, 'svg', 'pdf'; pngcairo/pdfcairo when available) and `out`
 * (default: the script's own name with .gp replaced by .TERM, so the image lands beside the
 * script whatever the current directory). The same CSV (same contents and file name) always
 * gives the same bytes: nothing depends on the time, the locale or the directory.
 */
#ifndef SKSCOPE_PLOT_H
#define SKSCOPE_PLOT_H

#include <stddef.h>
#include <stdio.h>

/* plot_write_script: read the CSV at csv_path and write a gnuplot script for it to out.
 * 0, or -1 with a one-line message naming the file (unreadable, empty, header only, malformed
 * CSV with its line, not a skscope CSV, a run without a, b, V, a sweep with one n and one C).
 * The script is built in memory first: on error nothing at all is written to out. */
int plot_write_script(const char *csv_path, FILE *out, char *err, size_t errlen);

/* plot_write_script_as: the same for the CSV in `file` written as if it were at csv_path (its
 * name in the script and in messages): for plotting a CSV still being committed. */
int plot_write_script_as(const char *file, const char *csv_path, FILE *out, char *err, size_t errlen);

/* plot_script_path: csv_path with ".csv" (or ".CSV") replaced by ".gp", or ".gp" appended;
 * truncated to buflen - 1 bytes (strlen(csv_path) + 4 always suffices). */
void plot_script_path(const char *csv_path, char *buf, size_t buflen);

#endif
