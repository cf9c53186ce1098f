/*
 * plot_env.c - the environment of the gnuplot processes: monitrend-png.so
 * in LD_PRELOAD (see plot_env.h).
 *
 * Only gnuplot gets it: the environment array is built here, in the parent,
 * and handed to execvpe, so neither monitrend's own environment nor a
 * user's shell ever sees the preload, and the child calls nothing that may
 * allocate between fork and exec.  The preload is set only when the file
 * exists: ld.so would otherwise print an error into gnuplot's stderr (which
 * plot_run.c keeps for its messages) on every start.
 */
#define _GNU_SOURCE
#include "plot_env.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MT_LIBDIR
#define MT_LIBDIR "/usr/local/lib"
#endif

#define LD_PRELOAD_EQ "LD_PRELOAD="

/* dir + "/" + sub + name into buf when that is a regular file whose path
 * LD_PRELOAD can hold.  1 when taken. */
static int take(const char *dir, size_t dir_len, const char *sub, char *buf, size_t size)
{
    size_t sub_len = strlen(sub), name_len = strlen(MT_PLOT_PNG_PRELOAD);
    if (dir_len == 0 || dir_len + 1 + sub_len + name_len + 1 > size)
        return 0;
    memcpy(buf, dir, dir_len);
    buf[dir_len] = '/';
    memcpy(buf + dir_len + 1, sub, sub_len);
    memcpy(buf + dir_len + 1 + sub_len, MT_PLOT_PNG_PRELOAD, name_len + 1);
    struct stat st;
    if (buf[0] != '/' || strpbrk(buf, " :") != NULL || stat(buf, &st) != 0 ||
        !S_ISREG(st.st_mode)) {
        buf[0] = '\0';
        return 0;
    }
    return 1;
}

mt_status mt_plot_png_preload(const char *setting, const char *exe, const char *libdir, char *buf,
                              size_t size, mt_error *err)
{
    if (buf == NULL || size == 0)
        return mt_error_set(err, MT_EINVAL, "gnuplot environment: no buffer");
    buf[0] = '\0';
    if (setting != NULL && strcmp(setting, "gnuplot") == 0)
        return MT_OK;
    if (setting != NULL && setting[0] != '\0' && strcmp(setting, "fast") != 0)
        return mt_error_set(err, MT_EINVAL, "%s=%s: unknown PNG writer (fast or gnuplot)",
                            MT_PLOT_PNG_ENV, setting);
    if (exe != NULL) {
        const char *slash = strrchr(exe, '/');
        if (slash != NULL && take(exe, (size_t)(slash - exe), "", buf, size))
            return MT_OK;
    }
    if (libdir != NULL)
        take(libdir, strlen(libdir), "monitrend/", buf, size);
    return MT_OK;
}

mt_status mt_plot_png_preload_here(char *buf, size_t size, mt_error *err)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    return mt_plot_png_preload(getenv(MT_PLOT_PNG_ENV), exe, MT_LIBDIR, buf, size, err);
}

char **mt_plot_env_alloc(char *const *env, const char *preload)
{
    size_t n = 0;
    const char *old = NULL; /* the value of LD_PRELOAD, if set */
    size_t eq = strlen(LD_PRELOAD_EQ);
    for (; env != NULL && env[n] != NULL; n++)
        if (old == NULL && strncmp(env[n], LD_PRELOAD_EQ, eq) == 0)
            old = env[n] + eq; /* the first, as getenv */
    int add = preload != NULL && preload[0] != '\0';
    size_t text = 0;
    if (add)
        text = eq + (old != NULL && old[0] != '\0' ? strlen(old) + 1 : 0) + strlen(preload) + 1;
    /* the pointers (n entries, the new LD_PRELOAD, NULL), then its text */
    char **out = malloc((n + 2) * sizeof *out + text);
    if (out == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!add || strncmp(env[i], LD_PRELOAD_EQ, eq) != 0)
            out[k++] = env[i];
    if (add) {
        char *s = (char *)(out + n + 2);
        out[k++] = s;
        strcpy(s, LD_PRELOAD_EQ);
        if (old != NULL && old[0] != '\0') {
            strcat(s, old);
            strcat(s, ":");
        }
        strcat(s, preload);
    }
    out[k] = NULL;
    return out;
}
