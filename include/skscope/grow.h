/*
 * grow.h: growing arrays (the one place that decides how they grow).
 */
#ifndef SKSCOPE_GROW_H
#define SKSCOPE_GROW_H

#include <stddef.h>
#include <stdint.h>

/* grow_array: make *ptr (an array of *cap elements of `size` bytes) hold at least `need`
 * elements, growing by half at a time from `first`; new elements are zeroed. `limit` caps the
 * capacity (elements). Returns 0, or -1 when out of memory or need > limit (nothing changed). */
int grow_array(void *ptr, uint64_t *cap, uint64_t need, size_t size, uint64_t first, uint64_t limit);

#endif
