/* cmd_sweep.c: being written. */
#include "cli.h"

int cmd_sweep(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_runtime_error("sweep", "not written yet");
}

int cmd_merge(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_runtime_error("merge", "not written yet");
}
