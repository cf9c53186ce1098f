/*
 * plot_env.h - the environment of the gnuplot processes monitrend starts
 * (private to src/present; used by plot_run.c).
 *
 * gnuplot's PNG terminal (pngcairo) compresses with cairo's fixed settings,
 * which cost most of the time of an edition's figures.  monitrend-png.so
 * (src/gnuplot/png_preload.c) writes the same pixels faster; these functions
 * find it and put it in LD_PRELOAD of gnuplot's environment, which is built
 * before fork so that the child only calls execvpe.
 */
#ifndef MONITREND_PLOT_ENV_H
#define MONITREND_PLOT_ENV_H

#include <stddef.h>
#include "monitrend/status.h"

/* File name of the PNG writer, beside the program (build/) or in
 * LIBDIR/monitrend/ (installed). */
#define MT_PLOT_PNG_PRELOAD "monitrend-png.so"

/* The environment variable that chooses the PNG writer: unset, empty or
 * "fast" for monitrend-png.so when it is found, "gnuplot" for gnuplot's own
 * writer (cairo's). */
#define MT_PLOT_PNG_ENV "MONITREND_PNG_ENCODER"

/* The PNG writer to preload into gnuplot, as an absolute path in buf, or ""
 * for none.  setting is the value of MT_PLOT_PNG_ENV (NULL when unset); exe
 * the path of the running program (NULL or "" when unknown); libdir the
 * folder the library is installed in.  The first regular file of
 * dirname(exe)/MT_PLOT_PNG_PRELOAD and libdir/monitrend/MT_PLOT_PNG_PRELOAD
 * is taken, unless its path holds a space or a colon (LD_PRELOAD separates
 * entries with both and has no quoting) or does not fit in buf; none found
 * is "" (gnuplot then writes its PNGs itself, as it would without
 * monitrend).  MT_EINVAL, naming the variable, for any other setting. */
mt_status mt_plot_png_preload(const char *setting, const char *exe, const char *libdir, char *buf,
                              size_t size, mt_error *err);

/* mt_plot_png_preload for this process: MT_PLOT_PNG_ENV from the
 * environment, the program from /proc/self/exe, libdir MT_LIBDIR (set by
 * the Makefile). */
mt_status mt_plot_png_preload_here(char *buf, size_t size, mt_error *err);

/* A copy of env (a NULL-terminated "NAME=value" array such as environ)
 * with preload added to LD_PRELOAD: after the entries it already has,
 * separated by a colon, or as a new variable.  preload NULL or "" copies env
 * unchanged.  One allocation, released with free(); the strings of env are
 * borrowed, so env must outlive the copy.  NULL when out of memory. */
char **mt_plot_env_alloc(char *const *env, const char *preload);

#endif
