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

#endif
