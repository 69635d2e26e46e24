/*
 * keymap.h: the explorer's key bindings: one table of data. The explorer dispatches on it, the
 * help screen lists it, `skscope help keys` prints it, and a test checks the man page against it.
 */
#ifndef SKSCOPE_KEYMAP_H
#define SKSCOPE_KEYMAP_H

#include <stddef.h>

typedef enum Action {
    ACT_NONE,
    ACT_PAUSE,      /* pause or resume the simulation */
    ACT_STEP,       /* advance one sample interval, then pause */
    ACT_RESTART,    /* start again from zero with the current knobs */
    ACT_RESEED,     /* start again with a new seed */
    ACT_FINETUNE,   /* start the fine-tuning phase now */
    ACT_LEARNER,    /* cycle the learner shown, or all side by side */
    ACT_GHOST,      /* pin the current curves as a faded reference (again: clear) */
    ACT_EXPORT,     /* write CSV snapshots (time series + per fact) */
    ACT_SETUP,      /* show and copy the one-line setup string */
    ACT_OPEN,       /* open a setup string or a scenario file */
    ACT_PRESETS,    /* choose a preset */
    ACT_THEME,      /* cycle colour themes */
    ACT_VIEW,       /* cycle the lower panel when the window is small */
    ACT_HALLUC,     /* the loss panel shows hallucination (again: excess loss) */
    ACT_ZOOM,       /* one panel fills the screen (again: all panels) */
    ACT_LESSON,     /* choose a guided lesson */
    ACT_INFO,       /* what the panel in focus plots, how to read it, which law */
    ACT_HELP,       /* this help */
    ACT_SCROLL_UP,  /* the recall panel: higher-frequency ranks */
    ACT_SCROLL_DOWN,/* the recall panel: rarer ranks */
    ACT_QUIT,       /* quit */
    ACT_STEP_NEXT,  /* lesson: the next step */
    ACT_STEP_PREV,  /* lesson: the previous step */
    ACT_PREV,       /* select the previous slider */
    ACT_NEXT,       /* select the next slider */
    ACT_DEC,        /* decrease the selected slider */
    ACT_INC,        /* increase the selected slider */
    ACT_TYPE,       /* type a value for the selected slider */
    ACT_COUNT
} Action;

typedef struct KeyBinding {
    Action action;
    const char *keys;  /* key names, blank-separated: "Space", "q", "F1", "Left", "Tab", "S-Tab" */
    const char *help;  /* one line */
} KeyBinding;

/* keymap_table: the bindings, in the order the help shows them; *n receives the count. */
const KeyBinding *keymap_table(size_t *n);


#endif
