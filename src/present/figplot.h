/*
 * figplot.h - the plot command of a time chart (internal to src/present).
 */
#ifndef MONITREND_FIGPLOT_H
#define MONITREND_FIGPLOT_H

#include <stdio.h>

#include "figscript.h"

/* Write the data blocks of every series and the `plot` command that draws
 * them: bands, fitted lines (titled fit_label[k]) and projections,
 * connecting lines, points (with CIs, provisional, excluded), anomaly
 * rings.  factor: per series index factor (NULL = 1). */
void mt_figplot_clauses(mt_fig_out *o, FILE *c, const mt_fig_spec *s, const double *factor,
                        const char *const *fit_label);

/* The joinpoint CI bars of series r: rows {joinpoint time, fitted value
 * there (interpolated on the fit grid, geometrically on a log axis), CI low,
 * CI high} for each joinpoint with a finite CI wider than 0 and a finite
 * fitted value; returns how many (at most MT_FIG_ITEMS_MAX). */
size_t mt_figplot_jp_bars(const mt_fig_series *r, int log_y, double rows[][4]);

#endif
