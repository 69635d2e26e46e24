/*
 * datadir.h: finding skscope's data files (themes, samples, lessons) wherever it runs from:
 * $SKSCOPE_DATADIR, then the user's $XDG_CONFIG_HOME/skscope (or ~/.config/skscope), then next
 * to the program (its build tree's source root, or PREFIX/share/skscope when installed: found
 * from /proc/self/exe, so nothing is hard-coded to one place).
 */
#ifndef SKSCOPE_DATADIR_H
#define SKSCOPE_DATADIR_H

#include <stddef.h>

/* datadir_find: the path of SUB/NAME (e.g. "themes", "dark.theme") in the first data directory
 * that has it, into out[outlen]. `builtin_root` is the source root compiled in (for running
 * from the build tree) and `install_dir` the installed data directory (may be NULL). Returns
 * 0, or -1 if no directory has it. */
int datadir_find(const char *sub, const char *name, const char *builtin_root, const char *install_dir,
                 char *out, size_t outlen);

/* datadir_list: the names ending in `suffix` in SUB of every data directory (first occurrence
 * wins, sorted), as a NULL-terminated array of strings (free with datadir_free_list). */
char **datadir_list(const char *sub, const char *suffix, const char *builtin_root, const char *install_dir);

void datadir_free_list(char **list);

/* datadir_resolve: the file a user means by NAME, into out[outlen]: NAME itself if it contains
 * a '/' or names an existing file, else SUB/NAME (with `suffix` appended unless NAME ends in
 * it) in the first data directory that has it, else NAME itself if it exists at all (a
 * directory or a FIFO: the reader then says what it is). Returns 0, or -1 with "no WHAT 'NAME'
 * (a file, or one of: a, b, ...)" in err (`what` is e.g. "scenario"). */
int datadir_resolve(const char *what, const char *sub, const char *suffix, const char *name,
                    const char *builtin_root, const char *install_dir, char *out, size_t outlen, char *err,
                    size_t errlen);

#endif
