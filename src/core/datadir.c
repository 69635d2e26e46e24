/*
 * datadir.c: the data-directory search.
 */
#include "skscope/datadir.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIRS 6

/* The candidate directories, in order. */
static int candidates(const char *builtin_root, const char *install_dir, char dirs[MAX_DIRS][1024])
{
    int n = 0;
    const char *env = getenv("SKSCOPE_DATADIR");
    if (env && *env)
        snprintf(dirs[n++], 1024, "%s", env);
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(dirs[n++], 1024, "%s/skscope", xdg);
    else if (home && *home)
        snprintf(dirs[n++], 1024, "%s/.config/skscope", home);
    /* Installed next to the program: BIN/../share/skscope. */
    char exe[1024];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(dirs[n++], 1024, "%.900s/../share/skscope", exe);
        }
    }
    if (install_dir && *install_dir)
        snprintf(dirs[n++], 1024, "%s", install_dir);
    if (builtin_root && *builtin_root)
        snprintf(dirs[n++], 1024, "%s", builtin_root);
    return n;
}

int datadir_find(const char *sub, const char *name, const char *builtin_root, const char *install_dir,
                 char *out, size_t outlen)
{
    char dirs[MAX_DIRS][1024];
    int n = candidates(builtin_root, install_dir, dirs);
    for (int i = 0; i < n; i++) {
        char path[2200];
        snprintf(path, sizeof path, "%.1000s/%.200s/%.900s", dirs[i], sub, name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            snprintf(out, outlen, "%s", path);
            return 0;
        }
    }
    return -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **datadir_list(const char *sub, const char *suffix, const char *builtin_root, const char *install_dir)
{
    char dirs[MAX_DIRS][1024];
    int nd = candidates(builtin_root, install_dir, dirs);
    size_t n = 0, cap = 16;
    char **list = calloc(cap + 1, sizeof *list);
    if (!list)
        return NULL;
    size_t sl = strlen(suffix);
    for (int i = 0; i < nd; i++) {
        char path[2200];
        snprintf(path, sizeof path, "%.1000s/%.1000s", dirs[i], sub);
        DIR *d = opendir(path);
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            size_t l = strlen(e->d_name);
            if (l <= sl || strcmp(e->d_name + l - sl, suffix) != 0)
                continue;
            int dup = 0;
            for (size_t j = 0; j < n; j++)
                dup |= strcmp(list[j], e->d_name) == 0;
            if (dup)
                continue;
            if (n == cap) {
                char **bigger = realloc(list, (2 * cap + 1) * sizeof *list);
                if (!bigger)
                    break;
                list = bigger;
                cap *= 2;
            }
            list[n] = malloc(l + 1);
            if (list[n])
                memcpy(list[n++], e->d_name, l + 1);
        }
        closedir(d);
    }
    list[n] = NULL;
    qsort(list, n, sizeof *list, cmp_str);
    return list;
}

void datadir_free_list(char **list)
{
    if (!list)
        return;
    for (char **p = list; *p; p++)
        free(*p);
    free(list);
}

int datadir_resolve(const char *what, const char *sub, const char *suffix, const char *name,
                    const char *builtin_root, const char *install_dir, char *out, size_t outlen, char *err,
                    size_t errlen)
{
    struct stat st;
    if (strchr(name, '/') || (stat(name, &st) == 0 && S_ISREG(st.st_mode))) {
        snprintf(out, outlen, "%s", name);
        return 0;
    }
    char file[300];
    size_t nl = strlen(name), sl = strlen(suffix);
    int has = nl > sl && strcmp(name + nl - sl, suffix) == 0;
    snprintf(file, sizeof file, "%.280s%s", name, has ? "" : suffix);
    if (datadir_find(sub, file, builtin_root, install_dir, out, outlen) == 0)
        return 0;
    if (stat(name, &st) == 0) {
        /* NAME exists but is no regular file (a directory, a FIFO): the reader says what it is,
         * which is clearer than "no such scenario". */
        snprintf(out, outlen, "%s", name);
        return 0;
    }
    char **names = datadir_list(sub, suffix, builtin_root, install_dir);
    size_t used = (size_t)snprintf(err, errlen, "no %s '%.60s' (a file, or one of:", what, name);
    int any = 0;
    for (char **p = names; p && *p && used < errlen; p++, any = 1)
        used += (size_t)snprintf(err + used, errlen - used, "%s %.*s", any ? "," : "", (int)(strlen(*p) - sl), *p);
    if (used < errlen)
        snprintf(err + used, errlen - used, "%s)", any ? "" : " none found");
    datadir_free_list(names);
    return -1;
}
