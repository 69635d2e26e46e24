/*
 * csvout.h: RFC 4180 CSV output through libcsv: '.' decimal point whatever the locale, a field
 * is quoted only when it must be (comma, quote, CR or LF), NaN and infinities are written as
 * empty fields, rows end with CRLF as RFC 4180 says.
 */
#ifndef SKSCOPE_CSVOUT_H
#define SKSCOPE_CSVOUT_H

#include <stdint.h>
#include <stdio.h>

typedef struct CsvOut {
    FILE *fp;   /* where rows go */
    int col;    /* fields written in the current row */
} CsvOut;

/* csvout_init: write to fp. */
void csvout_init(CsvOut *c, FILE *fp);

/* csvout_str: a text field (quoted if needed). */
void csvout_str(CsvOut *c, const char *s);

/* csvout_num: a real number, shortest form that reads back exactly; empty if not finite. */
void csvout_num(CsvOut *c, double v);

/* csvout_u64: a whole number. */
void csvout_u64(CsvOut *c, uint64_t v);

/* csvout_empty: an empty field. */
void csvout_empty(CsvOut *c);

/* csvout_end: end the row. */
void csvout_end(CsvOut *c);

#endif
