/* cmd_fitcorpus.c: placeholder, being written. */
#include "cli.h"

int cmd_fitcorpus(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_runtime_error("fitcorpus", "not written yet");
}
