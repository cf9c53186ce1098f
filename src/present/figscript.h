/*
 * figscript.h - what the figure files share (internal to src/present; used
 * by figure.c, figtheme.c, figchart.c and figplot.c): page sizes, the
 * script and data files of one figure, data blocks, plot clauses and
 * labels.  Sizes are px of the SVG canvas, from its bottom left.
 */
#ifndef MONITREND_FIGSCRIPT_H
#define MONITREND_FIGSCRIPT_H

#include <stddef.h>
#include <stdio.h>

#include "monitrend/figure.h"
#include "monitrend/status.h"

typedef struct {
    int svg_w, svg_h, png_w, png_h;
    const char *pdf;
    int font;          /* base font size, points */
    int foot_chars;    /* footnote characters per line */
} mt_fig_page;

/* report (A4 column), slide (16:9), dashboard page (A4 body) */
extern const mt_fig_page mt_fig_page_report, mt_fig_page_slide, mt_fig_page_dash;

/* A box on the canvas, px from the bottom left. */
typedef struct {
    double x0, y0, x1, y1;
} mt_fig_box;

/* The script being written and its data file. */
typedef struct {
    FILE *gp, *dat;
    const char *dat_name;  /* file name of the .dat, relative */
    int block;             /* next block index in the .dat */
    int rows;              /* rows written into the open block */
} mt_fig_out;

/* The files of one figure: the body goes to a memory stream first, as it is
 * written once per format by mt_figscript_finish. */
typedef struct {
    char *gp_path, *dat_path, *dat_name;
    mt_fig_out o;
    char *body;       /* memstream buffer */
    size_t body_len;
    FILE *bodyf;
} mt_fig_files;

/* x with the shortest digits that read back as the same double. */
void mt_figscript_num(FILE *f, double x);

/* Start a data block; returns its index. */
int mt_figscript_block_begin(mt_fig_out *o);
/* Close the block; returns its index, or -1 when it is empty (nothing is
 * written then, so no plot clause refers to an empty block). */
int mt_figscript_block_end(mt_fig_out *o, int idx);
/* One row of n numbers; a blank line that breaks a line. */
void mt_figscript_row(mt_fig_out *o, const double *v, size_t n);
void mt_figscript_gap(mt_fig_out *o);

/* 1 when name is a plain file name of 1-MT_FIG_NAME_MAX bytes. */
int mt_figscript_name_ok(const char *name);
/* MT_EINVAL with the one message for a bad figure name, else MT_OK. */
mt_status mt_figscript_check_name(const char *name, mt_error *err);
/* "dir/name.ext", malloc'ed (caller frees); NULL when out of memory. */
char *mt_figscript_path(const char *dir, const char *name, const char *ext);
/* fclose with the write error named; MT_EIO. */
mt_status mt_figscript_close(FILE *f, const char *path, mt_error *err);

/* Open name.gp and name.dat in dir and write the script's head. */
mt_status mt_figscript_open(mt_fig_files *ff, const char *dir, const char *name, mt_error *err);
/* Write the body once per format, then close everything with error checks. */
mt_status mt_figscript_finish(mt_fig_files *ff, const char *name, unsigned formats,
                              const mt_fig_page *ps, mt_error *err);
/* Close and free without writing more (after an error). */
void mt_figscript_discard(mt_fig_files *ff);
/* The formats asked for; png when none. */
unsigned mt_figscript_formats(unsigned formats);

int mt_figscript_has_text(const char *t);
/* Separator before a plot clause; `first` tracks it. */
void mt_figscript_clause(FILE *c, int *first);
/* " title '...'" or " notitle". */
void mt_figscript_title(FILE *c, const char *label);
/* One text label at a point of the canvas (px from the bottom left). */
void mt_figscript_label(FILE *c, const char *text, double x, double y, const mt_fig_page *ps,
                        const char *just, double size, const char *colour);

#endif
