/*
 * csvout.c: CSV fields through libcsv's quoting.
 */
#include "skscope/csvout.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <csv.h>

#include "skscope/numparse.h"

void csvout_init(CsvOut *c, FILE *fp)
{
    c->fp = fp;
    c->col = 0;
}

static void sep(CsvOut *c)
{
    if (c->col++)
        fputc(',', c->fp);
}

void csvout_str(CsvOut *c, const char *s)
{
    sep(c);
    if (strpbrk(s, ",\"\r\n"))
        csv_fwrite(c->fp, s, strlen(s)); /* quotes and doubles inner quotes */
    else
        fputs(s, c->fp);
}

void csvout_num(CsvOut *c, double v)
{
    sep(c);
    if (!isfinite(v))
        return;
    char buf[40];
    fputs(numparse_format(v, buf, sizeof buf), c->fp);
}

void csvout_u64(CsvOut *c, uint64_t v)
{
    sep(c);
    fprintf(c->fp, "%" PRIu64, v);
}

void csvout_empty(CsvOut *c) { sep(c); }

void csvout_end(CsvOut *c)
{
    fputs("\r\n", c->fp);
    c->col = 0;
}
