/*
 * analysis.h - everything monitrend computes for one edition, in one place.
 *
 * The pipeline (pipeline.c) fills these records from the analysis modules
 * (trend, joinpoint, mannkendall, change, breaks, events, bands, anomaly,
 * crosscheck); the writers (results, findings, figures) read them and never
 * call an analysis module themselves.  That keeps the direction of data
 * visible: read -> series -> analyse -> write.
 *
 * Numbers that could not be computed are NaN and carry a note saying why;
 * the writers turn them into empty CSV cells, JSON null and "n/a" in text.
 */
#ifndef MONITREND_ANALYSIS_H
#define MONITREND_ANALYSIS_H

#include <stddef.h>
#include "monitrend/crosscheck.h" /* MT_DIVERGE_*, MT_CROSSCHECK_MAX_DIVERGENT */
#include "monitrend/options.h"
#include "monitrend/series.h"

#define MT_AN_MAX_JP 9           /* joinpoints the records can hold */
#define MT_AN_MAX_BREAKS 20
#define MT_AN_NOTE_MAX 2048
#define MT_AN_MAX_PROJ 12        /* projected periods (--project) */
/* Up to this many fitted points a series is too short to carry a trend
 * (write.h MT_SHORT_SERIES_MAX): it is described, not tested, and never
 * projected. */
#define MT_AN_SHORT_SERIES_MAX 6

typedef struct {
    double start, end;           /* decimal years of the segment's ends */
    char start_period[MT_PERIOD_STR_MAX], end_period[MT_PERIOD_STR_MAX];
    double slope, slope_se, apc, apc_lo, apc_hi, p;
    /* bootstrap CI of the joinpoint that starts this segment (joinpoint_ci.h);
     * NaN / "" for the first segment or when not computed */
    double jp_lo, jp_hi;
    char jp_lo_period[MT_PERIOD_STR_MAX], jp_hi_period[MT_PERIOD_STR_MAX];
} mt_an_segment;

typedef struct {
    char kind[8];                /* "mean" or "trend" */
    size_t n_breaks;
    char brk[MT_AN_MAX_BREAKS][MT_PERIOD_STR_MAX];
    char ci_lo[MT_AN_MAX_BREAKS][MT_PERIOD_STR_MAX];
    char ci_hi[MT_AN_MAX_BREAKS][MT_PERIOD_STR_MAX];
    double brk_t[MT_AN_MAX_BREAKS];
    char criterion[8];
    double supf, supf_p;
    int done;                    /* 0 when not computed (see note) */
} mt_an_breaks;

typedef struct {
    char event[64];              /* event id */
    char label[256];
    char kind[16];               /* "definition" or "policy" */
    char period[MT_PERIOD_STR_MAX];
    double t;
    double level_pct, level_lo, level_hi;
    double slope_before, slope_after, slope_change_lo, slope_change_hi, p;
    char comparison[256];
    double did_level_pct, did_lo, did_hi;
    double chow_f, chow_p;       /* Chow test of a break in the trend at the event */
    char note[MT_AN_NOTE_MAX];
} mt_an_event;

typedef struct {
    char period[MT_PERIOD_STR_MAX];
    double value;
    mt_anomaly_kind kind;        /* names and words: vocab.h */
    double stat;                 /* residual: studentized residual; else NaN */
    /* the detector's numbers (anomaly.h); the words are made by the writers
     * (anomaly_words.h) */
    double statistic, p, ratio_prev, ratio_next;
    char prev_period[MT_PERIOD_STR_MAX], next_period[MT_PERIOD_STR_MAX]; /* "" at the ends */
    double prev_value, next_value;                                       /* NaN at the ends */
} mt_an_anomaly;

/* zeros_action of mt_series_result. */
enum {
    MT_AN_ZEROS_NONE = 0,     /* no value <= 0, or the linear scale was asked for */
    MT_AN_ZEROS_EXCLUDED,     /* left out of the log-scale fits (zeros = exclude) */
    MT_AN_ZEROS_LINEAR,       /* the series fitted on the linear scale (zeros = linear) */
    MT_AN_ZEROS_HALF_MIN,     /* replaced by half the smallest positive value */
    MT_AN_ZEROS_COUNT_MODEL   /* zero counts fitted by the count model as they are */
};

/* Everything computed for one series. */
typedef struct {
    const mt_series *series;     /* borrowed from the data set */
    /* labels from the model (borrowed; never NULL, may be "") */
    const char *label, *unit, *theme, *kind, *source_label, *note_text;
    int derived;

    size_t n, n_fit;
    char first[MT_PERIOD_STR_MAX], last[MT_PERIOD_STR_MAX];
    mt_scale scale;              /* analysis scale actually used, decided once in analyse.c:
                                  * LOG or LINEAR (AUTO, the zero value: nothing fitted) */
    int descriptive_only;        /* too few points for any fit */
    char season[16];             /* seasonal terms used: "none", "dummies", "fourier 3" */
    char note[MT_AN_NOTE_MAX];   /* guards and choices, "; "-separated */

    /* log-linear or linear trend (with jumps at definition changes) */
    double intercept, slope, slope_se, slope_lo, slope_hi, apc, apc_lo, apc_hi, p_trend, r2, dw;

    /* joinpoint regression */
    int jp_done;
    size_t n_jp;
    double jp_t[MT_AN_MAX_JP];
    char jp_period[MT_AN_MAX_JP][MT_PERIOD_STR_MAX];
    char select_method[32];       /* e.g. "permutation+quasipoisson" */
    size_t n_seg;
    mt_an_segment seg[MT_AN_MAX_JP + 1];
    double aapc, aapc_lo, aapc_hi, aapc_recent, aapc_recent_lo, aapc_recent_hi;
    char recent_from[MT_PERIOD_STR_MAX];
    double aapc_5y, aapc_5y_lo, aapc_5y_hi;   /* the last 5 years */
    /* level shifts at definition changes inside the joinpoint model */
    size_t n_jp_jumps;
    double jp_jump_t[MT_AN_MAX_JP], jp_jump_pct[MT_AN_MAX_JP], jp_jump_lo[MT_AN_MAX_JP],
        jp_jump_hi[MT_AN_MAX_JP], jp_jump_p[MT_AN_MAX_JP], jp_jump_coef[MT_AN_MAX_JP];
    char from_5y[MT_PERIOD_STR_MAX];

    /* Mann-Kendall and Sen; sen_pct and its CI: 100 (e^slope - 1) on the log
     * scale (the `sen_apc*` columns), NaN on the linear scale */
    double mk_s, mk_var_s, mk_z, mk_p, mk_tau, sen_slope, sen_lo, sen_hi, sen_pct;
    double sen_pct_lo, sen_pct_hi;

    /* variance model used by trend, joinpoints, AAPC and bands alike:
     * "constant", "poisson" or "quasipoisson" ("" when nothing was fitted),
     * and the dispersion of the trend fit (sigma^2, 1 or Pearson's) */
    char variance[16];
    double dispersion;

    /* Values <= 0 where the log scale is wanted (docs/methods-trend.md,
     * "Zeros"): what was done (MT_AN_ZEROS_*) and the periods, "2011, 2013";
     * censored values (flag lod/below-lod), shown but not fitted. */
    int zeros_action;
    char zeros_periods[256];
    char lod_periods[256];

    /* changes a monitor states */
    double last_value, prev_value, change_prev_abs, change_prev_pct, change_prev_p;
    double value_5y, change_5y_pct, value_10y, change_10y_pct;
    char prev_period[MT_PERIOD_STR_MAX], p5_period[MT_PERIOD_STR_MAX], p10_period[MT_PERIOD_STR_MAX];

    /* structural breaks */
    mt_an_breaks breaks;

    /* events affecting this series */
    size_t n_events;
    mt_an_event *events;         /* owned */

    /* anomalies */
    size_t n_anomalies;
    mt_an_anomaly *anomalies;    /* owned */

    /* bands per observation (length series->n; NaN where no fit); owned */
    double *fitted, *ci_lo, *ci_hi, *pi_lo, *pi_hi, *sim_lo, *sim_hi, *boot_lo, *boot_hi;
    double *jp_fitted;           /* joinpoint fitted values on the data scale */

    /* set while analysing when a step ran out of memory: the step's
     * failure is then the run's error, not a note (issue 13) */
    int oom;
    /* projection of the last joinpoint segment past the data (projection.h),
     * on the data scale; n_proj = 0 when none */
    int ar1_done;                /* trend fitted with AR(1) errors, coefficient ar1_phi (ar1.h) */
    double ar1_phi;
    int dw_autocorrelated;       /* iid fit whose Durbin-Watson suggests AR(1) errors */
    int jp_ar1_done;             /* joinpoints chosen and fitted with AR(1) errors
                                    (joinpoint_ar1.h), REML coefficient jp_ar1_phi */
    double jp_ar1_phi;
    size_t n_proj;
    char proj_period[MT_AN_MAX_PROJ][MT_PERIOD_STR_MAX];
    double proj_t[MT_AN_MAX_PROJ], proj_fit[MT_AN_MAX_PROJ], proj_ci_lo[MT_AN_MAX_PROJ],
        proj_ci_hi[MT_AN_MAX_PROJ], proj_pi_lo[MT_AN_MAX_PROJ], proj_pi_hi[MT_AN_MAX_PROJ];
    char proj_from[MT_PERIOD_STR_MAX]; /* start of the segment projected */
    /* no projection because the last segment starts before the last
     * definition change (the first period of the new definition), "" when
     * that rule did not apply */
    char proj_def_period[MT_PERIOD_STR_MAX];
} mt_series_result;

/* One divergent period of a concordance (typed, so that every writer and
 * language makes its own text: cc_words.h mt_cc_divergent_text). */
typedef struct {
    char period[MT_PERIOD_STR_MAX]; /* label of the grid period, "2020" */
    unsigned reasons;               /* MT_DIVERGE_* bits (crosscheck.h) */
    double resid;                   /* standardized residual (NaN when not computed) */
} mt_cc_divergent;

/* One row of results/crosschecks.csv. */
typedef struct {
    char crosscheck[64], type[16], a[128], b[128];
    char label[256];
    char first[MT_PERIOD_STR_MAX], last[MT_PERIOD_STR_MAX];
    size_t n;
    double apc_a, apc_b, apc_diff, apc_diff_lo, apc_diff_hi, p_parallel;
    double r_levels, r_levels_lo, r_levels_hi, r_diff, r_diff_lo, r_diff_hi;
    double rho_levels, rho_diff;
    size_t agree, total;
    double sign_p;
    int best_lag;
    double r_lag;
    char verdict[24];
    char verdict_reason[32];     /* mt_crosscheck_reason_code() of the rule that applied */
    int expect_opposite;         /* concordance: the members were expected to move oppositely */
    size_t n_divergent;          /* periods listed in divergent[] */
    mt_cc_divergent divergent[MT_CROSSCHECK_MAX_DIVERGENT];
    char note[MT_AN_NOTE_MAX];
} mt_cc_row;

/* One row of results/availability.csv. */
typedef struct {
    char crosscheck[64];
    char period[MT_PERIOD_STR_MAX];
    double index, lo, hi;
    size_t members;
} mt_avail_row;

#endif
