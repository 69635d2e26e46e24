/* chart.c: placeholder, being written (see chart.h). */
#include "skscope/chart.h"
