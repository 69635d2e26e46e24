/* plot.c: placeholder, being written (see plot.h). */
#include "skscope/plot.h"
