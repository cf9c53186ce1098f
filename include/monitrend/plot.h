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
 * Running.  mt_plot_run starts ONE gnuplot process for all scripts of an
 * edition with an argv array (fork + execvp, no shell; `gnuplot -d`, so no
 * ~/.gnuplot init file is read), in the figures
 * folder, with stdin and stdout on /dev/null and stderr captured through a
 * pipe; it checks the exit status and that every expected output exists and
 * is non-empty (gnuplot leaves a 0-byte image behind on an error).
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

/* Scripts passed directly in argv up to this count; beyond it a master
 * script that `load`s them is written in the folder (argv limits). */
#define MT_PLOT_ARGV_SCRIPTS_MAX 200

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

/* `gnuplot --version`, first line without the newline, e.g.
 * "gnuplot 5.4 patchlevel 4", into buf.  MT_EPLOT when it cannot be run. */
mt_status mt_plot_version(const char *gnuplot, char *buf, size_t size, mt_error *err);

#endif
