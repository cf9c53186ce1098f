/*
 * figaxis.h - tics of time and value axes (internal to src/present).
 */
#ifndef MONITREND_FIGAXIS_H
#define MONITREND_FIGAXIS_H

#include <stddef.h>
#include <stdio.h>

#include "monitrend/fmt.h"
#include "monitrend/lang.h"

#define MT_FIG_TICS_MAX 64

/* The tic marks of one axis with their labels in the edition's language. */
typedef struct {
    size_t n;
    double v[MT_FIG_TICS_MAX];
    char label[MT_FIG_TICS_MAX][MT_FMT_MAX];
    int fixed_range;  /* r0..r1 is the axis range (linear axes) */
    double r0, r1;
} mt_fig_tics;

/* Tic step for a time axis spanning `span` years: integer years, at most
 * about max_labels labels. */
double mt_figaxis_year_step(double span, int max_labels);

/* Widest tic label in px at font size `size`. */
double mt_figaxis_width(const mt_fig_tics *ts, double size);

/* `set Xrange` (when fixed) and `set Xtics (...)` for axis 'x' or 'y'. */
void mt_figaxis_write(FILE *c, char axis, const mt_fig_tics *ts);

/* Tics on a log axis showing [lo, hi] with `below` and `above` of the
 * data's span (in decades) added as room, at most max_tics of them. */
void mt_figaxis_log(double lo, double hi, double below, double above, mt_lang lang,
                    int max_tics, mt_fig_tics *ts);

/* A linear axis over [lo, hi] with room `headroom` (fraction of the range)
 * above the data, at most max_tics intervals. */
void mt_figaxis_linear(double lo, double hi, double headroom, int from_zero, mt_lang lang,
                       int max_tics, mt_fig_tics *ts);

/* Widen [*lo, *hi] by the finite values v[i] * f (only positive ones when
 * `positive`); v may be NULL. */
void mt_figaxis_value_range(const double *v, size_t n, double f, int positive, double *lo,
                            double *hi);

#endif
