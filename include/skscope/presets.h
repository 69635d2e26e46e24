/*
 * presets.h: named setups, one keypress away in the explorer (data, not code).
 */
#ifndef SKSCOPE_PRESETS_H
#define SKSCOPE_PRESETS_H

#include <stddef.h>

typedef struct Preset {
    const char *name;   /* short name */
    const char *setup;  /* a setup string, applied on top of the defaults */
    const char *what;   /* one line: what to look at */
} Preset;

/* presets_table: the presets; *n receives the count. */
const Preset *presets_table(size_t *n);

#endif
