/*
 * grow.c: one growth policy for every array that follows the number of facts.
 */
#include "skscope/grow.h"

#include <stdlib.h>
#include <string.h>

int grow_array(void *ptr, uint64_t *cap, uint64_t need, size_t size, uint64_t first, uint64_t limit)
{
    if (need <= *cap)
        return 0;
    if (need > limit)
        return -1;
    uint64_t c = *cap ? *cap : first;
    while (c < need)
        c += c / 2 + 1;
    if (c > limit)
        c = limit;
    if (c > SIZE_MAX / size)
        return -1;
    void **p = ptr;
    char *q = realloc(*p, (size_t)c * size);
    if (!q)
        return -1;
    memset(q + (size_t)*cap * size, 0, (size_t)(c - *cap) * size);
    *p = q;
    *cap = c;
    return 0;
}
