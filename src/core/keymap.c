/*
 * keymap.c: the key-binding table.
 */
#include "skscope/keymap.h"

static const KeyBinding bindings[] = {
    {ACT_PAUSE, "Space", "pause or resume the simulation"},
    {ACT_STEP, "n", "advance one sample interval, then pause"},
    {ACT_RESTART, "r", "restart from zero with the current knobs"},
    {ACT_RESEED, "R", "restart with a new seed"},
    {ACT_FINETUNE, "f", "start the fine-tuning phase now"},
    {ACT_LEARNER, "l", "cycle the learner shown, or all side by side"},
    {ACT_GHOST, "g", "pin the curves as a faded ghost to compare against (again: clear)"},
    {ACT_EXPORT, "e", "export CSV: time series and per-fact table"},
    {ACT_SETUP, "c", "show the session string (setup and live changes) to select and copy"},
    {ACT_OPEN, "o", "open a setup string or a scenario file"},
    {ACT_PRESETS, "p", "choose a preset"},
    {ACT_THEME, "t", "cycle colour themes"},
    {ACT_VIEW, "v", "cycle the panel in focus (marked with a triangle; small windows and zoom show it)"},
    {ACT_ZOOM, "z", "zoom: one panel fills the screen, for a projector (again: all panels)"},
    {ACT_HALLUC, "h", "loss panel: hallucination vs tokens, with theory (again: excess loss)"},
    {ACT_LESSON, "L", "choose a guided lesson (in a lesson: Right/Left step, Esc leaves)"},
    {ACT_SCROLL_UP, "[", "recall panel: scroll to the frequent ranks (at the top: follow the run)"},
    {ACT_SCROLL_DOWN, "]", "recall panel: scroll to the rarer ranks"},
    {ACT_INFO, "i", "explain the panel in focus: what it plots, how to read it, which law (a click on a title too)"},
    {ACT_HELP, "? F1", "this help"},
    {ACT_QUIT, "q F10", "quit"},
    {ACT_PREV, "Up S-Tab k", "select the previous slider"},
    {ACT_NEXT, "Down Tab j", "select the next slider"},
    {ACT_DEC, "Left -", "decrease the selected slider"},
    {ACT_INC, "Right + =", "increase the selected slider"},
    {ACT_TYPE, "Enter", "type a value for the selected slider"},
};

const KeyBinding *keymap_table(size_t *n)
{
    *n = sizeof bindings / sizeof bindings[0];
    return bindings;
}
