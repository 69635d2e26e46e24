/* corpus.c: placeholder, being written (see corpus.h). */
#include "skscope/corpus.h"
