/*
 * figlayout.h - the label layout engine of the figure generator (internal
 * to src/present; used by figchart.c, figaxis.c and figure.c).
 *
 * gnuplot does not place labels: it draws each where it is told, so two
 * labels, or a label and the key, can land on top of each other.  The
 * figure generator therefore fixes every margin itself (`set lmargin at
 * screen ...`) and positions every text in screen coordinates, using the
 * estimates below: text width from the character widths of DejaVu Sans
 * (the widest of the usual sans-serif fonts, so an estimate holds for the
 * narrower Arial/Helvetica too), line height from the font size.  All sizes
 * are in pixels of the SVG canvas (the PNG draws the same layout with
 * relatively smaller text, so it is never tighter).
 *
 * tests/sh/figures.sh checks the result independently: it re-estimates
 * every label's box from the generated .gp and fails on an overlap.
 */
#ifndef MONITREND_FIGLAYOUT_H
#define MONITREND_FIGLAYOUT_H

#include <stddef.h>

/* Longest wrapped line, bytes. */
#define MT_FL_LINE_MAX 512
/* Labels one row allocator holds. */
#define MT_FL_ROWS_MAX 256

/* Estimated width in px of text (UTF-8) in a font of `size` px. */
double mt_figlayout_text_width(const char *text, double size);

/* Line height in px of a font of `size` px. */
double mt_figlayout_line_height(double size);

/* Wrap text at spaces into at most max_lines (<= 4) lines no wider than
 * width px; a word longer than a line is cut at a character boundary, and
 * text that does not fit in max_lines ends in "…".  Returns the number of
 * lines (0 for NULL or empty text). */
int mt_figlayout_wrap(const char *text, double width, double size, int max_lines,
                      char lines[][MT_FL_LINE_MAX]);

/* Intervals [x0, x1] taken per row of a band of labels. */
typedef struct {
    size_t n;
    double x0[MT_FL_ROWS_MAX], x1[MT_FL_ROWS_MAX];
    int row[MT_FL_ROWS_MAX];
} mt_figlayout_rows;

/* The first row in [0, max_rows) where [x0, x1] (plus `gap` px either
 * side) meets no interval placed before, which is then taken; -1 when
 * none is free. */
int mt_figlayout_place(mt_figlayout_rows *r, double x0, double x1, double gap, int max_rows);

#endif
