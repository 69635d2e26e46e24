/*
 * replay.c: main() for a fuzz harness built without libFuzzer (the 'fuzz' test suite).
 *
 *     fuzz_NAME_replay PATH...
 *
 * Runs the harness once on every file named, and on every file of every directory named (names
 * starting with '.' skipped, in name order, not recursive). A missing directory is skipped with
 * a note (tests/fuzz/regress/NAME/ exists only once a crash was found). Exit status 0 when at
 * least one input ran; a failing input aborts inside the harness, after its path was printed.
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "fuzz.h"

static int by_name(const void *p, const void *q)
{
    return strcmp(*(char *const *)p, *(char *const *)q);
}

/* Run the harness on one file. 0, or -1 when it cannot be read. */
static int run_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    FUZZ_CHECK(buf != NULL);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len, fp)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            FUZZ_CHECK(buf != NULL);
        }
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        free(buf);
        return -1;
    }
    /* A copy of exactly len bytes, so that a harness reading past the end is caught by ASan. */
    uint8_t *exact = malloc(len ? len : 1);
    FUZZ_CHECK(exact != NULL);
    if (len)
        memcpy(exact, buf, len);
    free(buf);
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

/* Run every file of a directory. The number run, or -1 on an error. */
static long run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT) {
            fprintf(stderr, "replay: %s does not exist (skipped)\n", dir);
            return 0;
        }
        fprintf(stderr, "replay: cannot open %s: %s\n", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (count == cap) {
            cap = cap ? 2 * cap : 64;
            names = realloc(names, cap * sizeof *names);
            FUZZ_CHECK(names != NULL);
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[count] = malloc(len);
        FUZZ_CHECK(names[count] != NULL);
        snprintf(names[count], len, "%s/%s", dir, e->d_name);
        count++;
    }
    closedir(d);
    if (count)
        qsort(names, count, sizeof *names, by_name);
    long ran = 0;
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (run_file(names[i]) != 0)
                ran = -1;
            else if (ran >= 0)
                ran++;
        }
        free(names[i]);
    }
    free(names);
    return ran;
}

int main(int argc, char **argv)
{
    long total = 0;
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        long n;
        if (stat(argv[i], &st) == 0 && !S_ISDIR(st.st_mode))
            n = run_file(argv[i]) == 0 ? 1 : -1;
        else
            n = run_dir(argv[i]);
        if (n < 0)
            failed = 1;
        else
            total += n;
    }
    if (failed)
        return 1;
    if (total == 0) {
        fprintf(stderr, "replay: no input files (usage: %s DIR|FILE...)\n", argc > 0 ? argv[0] : "replay");
        return 1;
    }
    fprintf(stderr, "replay: %ld input%s, all passed\n", total, total == 1 ? "" : "s");
    return 0;
}
