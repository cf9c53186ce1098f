/*
 * figseries.h - the chart of one analysed series (internal to src/present;
 * used by write_figures.c for the series' own figure and the dashboard
 * panels, and by figcc.c for the axis rule).
 */
#ifndef MONITREND_FIGSERIES_H
#define MONITREND_FIGSERIES_H

#include <stddef.h>

#include "monitrend/fignames.h"
#include "monitrend/figure.h"
#include "monitrend/write.h"

/* Everything one series chart needs, owned here for the duration of a write. */
typedef struct {
    char name[MT_FIG_NAME_MAX + 1];
    char title[512], ylabel[256], footnote[1024];
    unsigned char *flag, *anomaly;
    double *lo, *hi;
    double *band_lo, *band_hi; /* the CI band, clipped for display */
    double *fit;               /* the fitted line, NaN on short pieces */
    char seg_text[MT_AN_MAX_JP + 1][96];
    const char *seg_label[MT_AN_MAX_JP + 1];
    double jp_lo[MT_AN_MAX_JP], jp_hi[MT_AN_MAX_JP];
    double break_t[MT_FIG_ITEMS_MAX], event_t[MT_FIG_ITEMS_MAX];
    const char *event_label[MT_FIG_ITEMS_MAX];
    mt_fig_series ser;
    mt_fig_spec spec;
    int ok;
} mt_fig_chart;

/* Describe the chart of result r in c (c is cleared first): observed points
 * with flags and anomalies, the fitted trend and band on pieces of at least
 * 3 points, joinpoints with their APC labels and CIs, events and breaks,
 * the projection, title, unit and footnote.  Claims the figure's name in fn.
 * MT_ENOMEM; free c with mt_figseries_free also after an error. */
mt_status mt_figseries_build(const mt_run *run, const mt_series_result *r, mt_fig_names *fn,
                             mt_fig_chart *c);
void mt_figseries_free(mt_fig_chart *c);

/* The 95% band of result r as figures draw it: clipped at 1.6 times the
 * largest observed value or bound.  *lo and *hi are malloc'ed (n values of
 * r's series; caller frees); MT_ENOMEM. */
mt_status mt_figseries_band(const mt_series_result *r, double **lo, double **hi);

/* The definition breaks of result r for a figure (figure.h break_t): the
 * first period of each definition change's new definition, then each period
 * flagged `break`, each once; at most max; returns how many. */
size_t mt_figseries_breaks(const mt_series_result *r, double *break_t, size_t max);

/* The axis rule: log when asked; auto = log when every finite value of the
 * k arrays v[j] (n[j] values each) is positive and the largest is more than
 * 100 times the smallest (two orders of magnitude). */
int mt_figseries_log_axis(mt_axis axis, const double *const *v, const size_t *n, size_t k);

#endif
