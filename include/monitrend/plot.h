/*
 * plot.h - driving gnuplot safely.
 *
 * Text.  Every title, label, key entry, footnote and file name that reaches a
 * gnuplot script goes through mt_plot_quote / mt_plot_write_quoted, which
 * writes it as a gnuplot string expression made of single-quoted pieces.
 * What gnuplot 5.4 interprets, and why this is safe (each point checked by
 * test_plot.c):
 *   - in double-quoted strings gnuplot runs back-quoted text as a shell
 *     command (`...`) and processes backslash escapes; in single-quoted
 *     strings it does neither: back-quotes, system("..."), backslashes and
 *     `@macro` are literal.
 *   - the apostrophe: gnuplot documents '' for a quote inside single
 *     quotes, but its scanner fails on '' at the start of a string or right
 *     after another '' ('''a', 'a''''b').  So apostrophes are never written
 *     inside single quotes: each run of them becomes a double-quoted piece
 *     holding only apostrophes (no back-quote or backslash can occur there),
 *     joined by gnuplot's string concatenation: it's -> 'it'."'".'s'.
 *     Every place monitrend writes text (set title/xlabel/ylabel/label/
 *     output, key entries, data file names, multiplot title, load) takes a
 *     string expression.
 *   - a newline (or any control character) cannot appear inside a string on
 *     a script line: it would end the command and the rest would run as a
 *     new command.  Control characters are therefore replaced by a space.
 *   - in enhanced-text mode ^ _ { } @ & ~ and \ are markup.  Generated
 *     scripts use `noenhanced` terminals, so they are printed as they are.
 *   - invalid UTF-8 bytes are replaced by U+FFFD so that an SVG stays
 *     well-formed; valid UTF-8 ("cocaïne") passes through unchanged.
 *   - text longer than MT_PLOT_TEXT_MAX bytes is cut at a character
 *     boundary and ends in "…", so a runaway note cannot bury a figure.
 *
 * Running.  mt_plot_run_jobs renders a set of scripts with one or more
 * gnuplot processes (`--jobs`; one per online core by default), each given a
 * fixed share of the figures (mt_plot_split) through a master script that
 * `load`s them, so gnuplot's start-up is paid once per process.  Each
 * process is started with an argv array (fork + execvpe, no shell; `gnuplot
 * -d`, so no ~/.gnuplot init file is read), in the figures folder, with
 * stdin and stdout on /dev/null and stderr read through a pipe, and with
 * the caller's environment plus monitrend-png.so in LD_PRELOAD when that
 * faster PNG writer is found (src/present/plot_env.h: the same pixels as
 * gnuplot's own writer; MONITREND_PNG_ENCODER=gnuplot turns it off); it leads
 * its own process group, is killed by the kernel if monitrend dies
 * (PR_SET_PDEATHSIG) and is registered with guard.h, so that SIGINT and
 * SIGTERM kill it too.  No figure may take longer than the configured limit
 * (wall clock, gnuplot's start-up counting towards the first figure): past
 * it every process group is killed and the error names the figure.  The
 * exit status of every process is checked, and every expected output must
 * exist and be non-empty (gnuplot leaves a 0-byte image behind on an
 * error).  Because each figure script starts with `reset session` and sets
 * its own terminal and output, the images do not depend on which process
 * drew them or in which order (tests/sh/figures_parallel.sh).
 */
#ifndef MONITREND_PLOT_H
#define MONITREND_PLOT_H

#include <stddef.h>
#include <stdio.h>
#include "monitrend/status.h"

/* Longest text (bytes, before quoting) written into a script. */
#define MT_PLOT_TEXT_MAX 2000

/* Most stderr bytes kept for the error message. */
#define MT_PLOT_STDERR_MAX 700

/* A set this large is still one process per job (scripts are always run
 * through master scripts, never listed in argv). */
#define MT_PLOT_ARGV_SCRIPTS_MAX 200

/* Default limit on the time one figure may take (seconds, wall clock);
 * `--figure-timeout` and the model key figure_timeout change it. */
#define MT_PLOT_TIMEOUT_DEFAULT 300.0

/* Most gnuplot processes run at once. */
#define MT_PLOT_JOBS_MAX 64

/* Seconds `gnuplot --version` may take. */
#define MT_PLOT_VERSION_TIMEOUT 20

typedef struct {
    const char *gnuplot; /* program name or path; NULL = "gnuplot" (PATH) */
    size_t jobs;         /* gnuplot processes; 0 = one per online core */
    double timeout;      /* seconds one figure may take; <= 0: no limit */
} mt_plot_config;

/* Write text as a literal gnuplot string expression (see above) to f.
 * NULL writes ''.  Returns MT_EIO when f has an error afterwards. */
mt_status mt_plot_write_quoted(FILE *f, const char *text);

/* The same into a newly allocated string, which the caller frees with
 * free().  NULL on allocation failure. */
char *mt_plot_quote(const char *text);

/* Run `gnuplot script...` in folder dir.  gnuplot is the program name or
 * path (NULL = "gnuplot", looked up in PATH).  scripts and outputs are file
 * names relative to dir (spaces and quotes allowed).  After the run each of
 * outputs must exist and be non-empty.  Returns MT_EPLOT when gnuplot cannot
 * be started, exits non-zero or leaves an output missing or empty, with its
 * stderr (first MT_PLOT_STDERR_MAX bytes) in the message; MT_EINVAL for a
 * NULL argument or n_scripts == 0; MT_EIO when the master script cannot be
 * written. */
mt_status mt_plot_run(const char *dir, const char *const *scripts, size_t n_scripts,
                      const char *const *outputs, size_t n_outputs, const char *gnuplot,
                      mt_error *err);

/* As mt_plot_run, with cfg (NULL: one process, default limit).  On a
 * figure past the limit: MT_EPLOT "figure NAME: gnuplot took longer than the
 * limit of S seconds (--figure-timeout); stopped".  Failures name the figure
 * being drawn.  MT_EINVAL, before gnuplot starts, for a MONITREND_PNG_ENCODER
 * other than unset, empty, "fast" or "gnuplot". */
mt_status mt_plot_run_jobs(const char *dir, const char *const *scripts, size_t n_scripts,
                           const char *const *outputs, size_t n_outputs,
                           const mt_plot_config *cfg, mt_error *err);

/* The fixed split of n scripts over at most jobs processes (0 = online
 * cores, at most MT_PLOT_JOBS_MAX and n): script i goes to process
 * proc_of[i].  Largest figure (script + data bytes in dir) first, each to
 * the least loaded process, ties by lower index.  Returns the number of
 * processes. */
size_t mt_plot_split(const char *dir, const char *const *scripts, size_t n, size_t jobs,
                     size_t *proc_of);

/* `gnuplot --version`, first line without the newline, e.g.
 * "gnuplot 5.4 patchlevel 4", into buf.  MT_EPLOT when it cannot be run. */
mt_status mt_plot_version(const char *gnuplot, char *buf, size_t size, mt_error *err);

/* The same, waiting at most timeout seconds (at most, and <= 0 meaning,
 * MT_PLOT_VERSION_TIMEOUT); a gnuplot that does not answer is killed. */
mt_status mt_plot_version_within(const char *gnuplot, double timeout, char *buf, size_t size,
                                 mt_error *err);

#endif
