/* cmd_plot.c: placeholder, being written. */
#include "cli.h"

int cmd_plot(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_runtime_error("plot", "not written yet");
}
