/*
 * plot.h: gnuplot scripts for papers and handouts (`skscope plot FILE.csv`, `--plot`).
 *
 * The script is written beside the CSV (FILE.gp) and draws log-log figures from it with the
 * theory lines and the fitted slopes (computed here, written into the script as labels), ready
 * for PNG, SVG or PDF: `gnuplot -e "term='png'" FILE.gp` (or svg, pdf; the default is PNG to
 * FILE.png).
 *
 * Inputs understood: a run time series (`skscope run --csv`; SPEC 4 columns) and a sweep
 * (`skscope sweep --csv`; see sweep.h). The kind is recognised from the header.
 */
#ifndef SKSCOPE_PLOT_H
#define SKSCOPE_PLOT_H

#include <stddef.h>
#include <stdio.h>

/* plot_write_script: read the CSV at csv_path and write a gnuplot script for it to out.
 * 0, or -1 with a one-line message (unreadable, not a skscope CSV, no rows). */
int plot_write_script(const char *csv_path, FILE *out, char *err, size_t errlen);

/* plot_script_path: csv_path with ".csv" replaced by ".gp" (or ".gp" appended). */
void plot_script_path(const char *csv_path, char *buf, size_t buflen);

#endif
