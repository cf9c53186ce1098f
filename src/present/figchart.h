/*
 * figchart.h - the body of one time chart (internal to src/present): used
 * by figure.c for a chart and for each panel of a dashboard.
 */
#ifndef MONITREND_FIGCHART_H
#define MONITREND_FIGCHART_H

#include <stddef.h>
#include <stdio.h>

#include "figscript.h"

/* Write the data of one chart and its body (settings, labels and plot
 * command) into `body`, laid out inside `area` of the canvas.  compact =
 * dashboard panel: no key, no footnote, smaller type.  factor: per series,
 * the index factor (NULL = 1). */
void mt_figchart_body(mt_fig_out *o, FILE *body, const mt_fig_spec *s, const double *factor,
                      int compact, const mt_fig_page *ps, mt_fig_box area);

/* Width in px of one key column as gnuplot sizes it. */
double mt_figchart_key_width(const char *const *texts, size_t n, double size);

#endif
