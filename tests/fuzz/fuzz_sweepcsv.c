/*
 * fuzz_sweepcsv.c: sweep CSVs as `skscope merge` and `skscope sweep --fit` read them
 * (sweep_read), then the fits printed for them (sweep_report, to /dev/null).
 *
 * Checks: a rejected file says why and leaves an empty table; an accepted one starts with the
 * 'task' column, has 'sentences', and every row is complete.
 */
#include "fuzz_file.h"
#include "skscope/sweep.h"

#define SWEEPCSV_FUZZ_MAX (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size < SWEEPCSV_FUZZ_MAX ? size : SWEEPCSV_FUZZ_MAX);
    SweepTable t;
    char err[512];
    err[0] = 0;
    if (sweep_read(path, &t, err, sizeof err) != 0) {
        FUZZ_CHECK(fuzz_message_ok(err, sizeof err));
        FUZZ_CHECK(t.names == NULL && t.v == NULL && t.ncols == 0 && t.nrows == 0);
        return 0;
    }
    FUZZ_CHECK(t.ncols >= 2 && sweep_col(&t, "task") == 0 && sweep_col(&t, "sentences") > 0);
    FUZZ_CHECK(t.nrows == 0 || t.v != NULL);
    for (int c = 0; c < t.ncols; c++)
        FUZZ_CHECK(t.names[c] != NULL);
    FILE *out = fopen("/dev/null", "w");
    FUZZ_CHECK(out != NULL);
    sweep_report(&t, out);
    fclose(out);
    sweep_table_free(&t);
    return 0;
}
