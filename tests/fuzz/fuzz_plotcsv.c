/*
 * fuzz_plotcsv.c: run and sweep CSVs as `skscope plot` reads them (plot_write_script's reader
 * and everything it computes from the table), the script going to /dev/null.
 *
 * Checks: a rejected file gives a message that names it.
 */
#include "fuzz_file.h"
#include "skscope/plot.h"

#define PLOTCSV_FUZZ_MAX (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size < PLOTCSV_FUZZ_MAX ? size : PLOTCSV_FUZZ_MAX);
    FILE *out = fopen("/dev/null", "w");
    FUZZ_CHECK(out != NULL);
    char err[512];
    err[0] = 0;
    if (plot_write_script(path, out, err, sizeof err) != 0)
        FUZZ_CHECK(fuzz_message_ok(err, sizeof err) && strstr(err, path) != NULL);
    fclose(out);
    return 0;
}
