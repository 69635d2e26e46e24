/* theme.c: placeholder, being written (see theme.h). */
#include "skscope/theme.h"
