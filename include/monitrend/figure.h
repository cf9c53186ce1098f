/*
 * figure.h - figure generator: plain description structs in, a
 * self-contained gnuplot script `<name>.gp` and its data `<name>.dat` out.
 *
 * The generator knows nothing about analysis: the caller fills a description
 * with observed values, an optional fitted line and band (already evaluated
 * on a grid), break times, joinpoints with caller-formatted segment labels,
 * events, and every text (title, axis labels, footnote, key entries) in the
 * language of the edition.  Every text goes through mt_plot_quote, so a label
 * from a CSV or model can never run anything.
 *
 * Files.  mt_figure_write* write into folder dir: `<name>.gp`, `<name>.dat`
 * and, once per folder, `theme.gp` (the house style, plots/theme.gp).
 * Running `gnuplot <name>.gp` in that folder rebuilds `<name>.svg`,
 * `<name>.png` and/or `<name>.pdf`.  mt_figure_render renders a whole set in
 * one gnuplot process.  Numbers are written with %.17g in any locale, so
 * identical descriptions give byte-identical scripts, data and SVG.
 *
 * Drawing rules (per series):
 *   - the confidence band is a filled, translucent area drawn first, under
 *     the fitted line and the points;
 *   - the fitted line is broken at every definition break and at NaN grid
 *     values: no line is drawn across a break;
 *   - observed points: filled markers in the market's colour and point type,
 *     with 95% CI error bars where lo/hi are given; excluded points as grey
 *     crosses, provisional/estimated points as open markers; a missing value
 *     (NaN) leaves a gap in the optional connecting line;
 *   - joinpoints: dashed vertical lines, each segment labelled at the top
 *     with its caller-formatted APC text; where jp_lo/jp_hi are given, a
 *     horizontal bar spanning each joinpoint's 95% CI through the fitted
 *     line at the joinpoint;
 *   - events: dotted vertical lines with a label in a band above the plot; breaks: a grey
 *     dotted line half a period before the first period of the new
 *     definition.
 */
#ifndef MONITREND_FIGURE_H
#define MONITREND_FIGURE_H

#include <stddef.h>
#include "monitrend/fmt.h"
#include "monitrend/status.h"
#include "monitrend/plot.h"

/* Output formats, or-ed together.  0 means MT_FIG_PNG. */
enum { MT_FIG_SVG = 1, MT_FIG_PNG = 2, MT_FIG_PDF = 4 };

/* Page sizes (see plots/theme.gp). */
typedef enum { MT_FIG_REPORT = 0, MT_FIG_SLIDE } mt_fig_size;

/* Point flags. */
enum { MT_FIG_OK = 0, MT_FIG_EXCLUDED = 1, MT_FIG_PROVISIONAL = 2 };

/* Longest figure name (file stem), bytes. */
#define MT_FIG_NAME_MAX 200

/* Most items per figure: series, breaks, events, joinpoints, panels. */
#define MT_FIG_ITEMS_MAX 64

/* One series on a chart.  All arrays are borrowed for the call. */
typedef struct {
    const char *label;      /* key entry; NULL or "" = none */
    const char *market;     /* colour/marker: "cocaine", "mdma", "ecstasy",
                               "amphetamine", "methamphetamine", "cannabis",
                               "ketamine", "heroin", "opioids", "synthetic",
                               anything else or NULL = other/all */
    size_t n;               /* observed periods */
    const double *t;        /* decimal years, increasing */
    const double *y;        /* NaN = missing period (a gap) */
    const double *lo, *hi;  /* 95% CI per point, NULL or NaN = none */
    const unsigned char *flag; /* MT_FIG_* per point, NULL = all OK */
    const unsigned char *anomaly; /* non-zero = ringed as an anomaly; NULL = none */
    int connect;            /* draw a thin line between consecutive points */
    int style;              /* 1-9: this colour/marker style instead of the
                               market's (two members of one market); 0 = market */
    /* Fitted trend on a grid (may be NULL/0): line and band. */
    size_t n_fit;
    const double *fit_t, *fit_y;
    const double *fit_lo, *fit_hi; /* band, NULL = no band */
    const char *fit_label;  /* key entry of the line, NULL = none */
    const char *band_label; /* key entry of the band, NULL = none */
    /* Joinpoints: n_jp times; segment_label has n_jp + 1 texts (or NULL). */
    size_t n_jp;
    const double *jp_t;
    const char *const *segment_label;
    /* 95% CI of each joinpoint's time (n_jp values each, NaN = none), drawn
     * as a horizontal bar with end ticks through the fitted line at the
     * joinpoint, keyed jp_ci_label; NULL = none */
    const double *jp_lo, *jp_hi;
    const char *jp_ci_label; /* key entry of those bars, NULL = none */
    /* Projection past the data (n_proj = 0: none): a dashed line on from the
     * last fitted value, its prediction interval as error bars. */
    size_t n_proj;
    const double *proj_t, *proj_y, *proj_lo, *proj_hi;
    const char *proj_label; /* key entry, NULL = none */
} mt_fig_series;

/* A time chart of one or more series. */
typedef struct {
    const char *name;       /* file stem; a plain file name, spaces allowed */
    const char *title;
    const char *xlabel;     /* NULL = none (years are self-explanatory) */
    const char *ylabel;     /* with unit, e.g. "mg/day/1000 inhabitants" */
    const char *footnote;   /* source, coverage, notes; wrapped to 3 lines */
    int log_y;              /* logarithmic y axis */
    int y_from_zero;        /* linear axis starts at 0 (when data >= 0) */
    double index_base;      /* finite: divide each series (y, lo, hi, fit,
                               band) by its value at this time, x 100 */
    size_t n_series;
    const mt_fig_series *series;
    mt_lang lang;           /* tic labels: 16,945 / 16.945 */
    size_t n_breaks;
    const double *break_t;  /* first period of each new definition */
    size_t n_events;
    const double *event_t;
    const char *const *event_label;
    const char *provisional_label; /* key entry of open markers, NULL = none */
    const char *excluded_label;    /* key entry of grey crosses, NULL = none */
    const char *anomaly_label;     /* key entry of anomaly rings, NULL = none */
    size_t n_highlights;    /* shaded periods, e.g. disagreement */
    const double *hl_from, *hl_to;
    mt_fig_size size;
} mt_fig_spec;

/* A scatter of one member against another (cross-checks). */
typedef struct {
    const char *name, *title, *xlabel, *ylabel, *footnote;
    const char *market;     /* colour */
    size_t n;
    const double *x, *y;    /* NaN pairs are left out */
    const double *t;        /* period per point (labels), NULL = none */
    const unsigned char *highlight; /* non-zero = disagreeing period */
    const char *highlight_label;    /* key entry for highlighted points */
    int log_xy;
    /* Fitted line y = a + b x (on log scales: log y = a + b log x);
     * NaN a or b = no line. */
    double a, b;
    const char *fit_label;
    mt_lang lang;           /* tic labels */
    mt_fig_size size;
} mt_fig_scatter;

/* A dashboard page: a multiplot of small charts. */
typedef struct {
    const char *name, *title, *footnote;
    size_t n_panels;
    const mt_fig_spec *panels; /* each panel's name is ignored */
    size_t cols;               /* 0 = 2 */
} mt_fig_dashboard;

/* 1 when title fits the two lines of a panel's title on a dashboard page
 * of `cols` columns (the page is as wide as the dashboard size), else 0: a
 * writer shortens a panel title itself, keeping what tells panels apart,
 * rather than have the generator cut it at its end. */
int mt_figure_panel_title_fits(const char *title, size_t cols);

/* Write `<name>.gp` and `<name>.dat` (and theme.gp) in dir for the given
 * formats.  MT_EINVAL for a bad description (name empty, with '/' or too
 * long, NULL arrays with n > 0, t not increasing, too many items,
 * index_base where a series has no finite value), naming the field;
 * MT_EIO for a write error.  Does not run gnuplot. */
mt_status mt_figure_write(const char *dir, const mt_fig_spec *spec, unsigned formats,
                          mt_error *err);
mt_status mt_figure_write_scatter(const char *dir, const mt_fig_scatter *spec,
                                  unsigned formats, mt_error *err);
mt_status mt_figure_write_dashboard(const char *dir, const mt_fig_dashboard *spec,
                                    unsigned formats, mt_error *err);

/* Write theme.gp (the house style) into dir. */
mt_status mt_figure_write_theme(const char *dir, mt_error *err);

/* The house style text (identical to plots/theme.gp).  Static storage. */
const char *mt_figure_theme(void);

/* Render figures names[0..n) written earlier in dir, in one gnuplot process
 * (see mt_plot_run), checking every `<name>.<ext>` of formats. */
mt_status mt_figure_render(const char *dir, const char *const *names, size_t n,
                           unsigned formats, const char *gnuplot, mt_error *err);

/* As mt_figure_render, with the gnuplot processes, their number and the
 * time limit per figure of cfg (plot.h; NULL: one process, default limit). */
mt_status mt_figure_render_jobs(const char *dir, const char *const *names, size_t n,
                                unsigned formats, const mt_plot_config *cfg, mt_error *err);

/* Colour style number (1-9, see theme.gp) of a market name. */
int mt_figure_market_style(const char *market);

#endif
