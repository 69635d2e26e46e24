/* sweep.c: being written. */
#include "skscope/sweep.h"
