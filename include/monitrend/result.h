/*
 * result.h - everything monitrend computes for one edition, in one place:
 * the records the run (src/run) fills and the writers (src/present) read.
 *
 * The records hold numbers, enums, periods and the model's metadata of each
 * series resolved once by the run (mt_series_meta), of core and stats types
 * only: a writer never calls back into the pipeline or the model reader,
 * and never calls an analysis module itself.  That keeps the direction of
 * data visible: read -> series -> analyse -> write (docs/architecture.md).
 *
 * Numbers that could not be computed are NaN and carry a note saying why;
 * the writers turn them into empty CSV cells, JSON null and "n/a" in text.
 */
#ifndef MONITREND_RESULT_H
#define MONITREND_RESULT_H

#include <stddef.h>
#include "monitrend/comparison.h"  /* mt_cmp_row */
#include "monitrend/crosscheck.h"  /* MT_DIVERGE_*, MT_CROSSCHECK_MAX_DIVERGENT */
#include "monitrend/options_type.h"
#include "monitrend/series_note.h"
#include "monitrend/series_type.h"
#include "monitrend/strlist.h"
#include "monitrend/vocab.h"

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

/* What was done with an event (its words: event_words.h). */
typedef enum {
    MT_EVENT_NOTE_NONE = 0,
    MT_EVENT_NOTE_BRIDGED,         /* bridged by the comparability ratio (ratio, ratio_se) */
    MT_EVENT_NOTE_JUMP_JOINPOINT,  /* jump estimated in the joinpoint model */
    MT_EVENT_NOTE_JUMP_TOO_FEW,    /* too few points on one side to estimate the jump */
    MT_EVENT_NOTE_JUMP_TREND,      /* jump estimated in the log-linear trend */
    MT_EVENT_NOTE_NOT_ESTIMATED,   /* the policy effect not estimated (msg) */
    MT_EVENT_NOTE_LINEAR           /* linear scale: level change in data units */
} mt_event_note;

typedef struct {
    char event[64];              /* event id */
    char label[256];
    char label_nl[256];          /* "" when none (report.h mt_report_event_label) */
    char kind[16];               /* "definition" or "policy" */
    char period[MT_PERIOD_STR_MAX];
    double t;
    double level_pct, level_lo, level_hi;
    double slope_before, slope_after, slope_change_lo, slope_change_hi, p;
    char comparison[256];
    double did_level_pct, did_lo, did_hi;
    double chow_f, chow_p;       /* Chow test of a break in the trend at the event */
    mt_event_note note;
    double ratio, ratio_se;      /* BRIDGED: the comparability ratio and its SE */
    char msg[MT_ERROR_MSG_MAX];  /* NOT_ESTIMATED: the kernel's message */
    char did_msg[MT_ERROR_MSG_MAX]; /* the comparison (difference in differences) not
                                       estimated: the kernel's message; "" otherwise */
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

/* The model's metadata of one series, resolved once by the run (pipeline
 * mt_pipeline_analyse) so that the writers never look it up.  Texts in both
 * languages, borrowed from the model: the writers choose (a Dutch text NULL:
 * the English one serves).  Without a model: label = the indicator id,
 * source = the file read, the rest empty. */
typedef struct {
    const char *label, *label_nl;   /* indicator (or derived series) label */
    const char *unit, *unit_nl;     /* the model's `unit`, "" when none */
    const char *source, *source_nl; /* publisher label of the source read (figure footnotes) */
    mt_theme theme;
    mt_kind kind;                   /* MT_KIND_NONE without a model or when it does not say */
    int derived;                    /* a derived series of the model ([derived:ID]) */
    mt_axis axis;                   /* the `axis` key (figures) */
    /* how often the series is measured (cadence.h): irregular waves, or
     * every cadence_step periods */
    int cadence_irregular;
    long cadence_step;
    mt_flag_counts flags;           /* how many values carry each flag */
} mt_series_meta;

/* Everything computed for one series. */
typedef struct {
    const mt_series *series;     /* borrowed from the data set */
    mt_series_meta meta;         /* the model's metadata, resolved by the run */

    size_t n, n_fit;
    char first[MT_PERIOD_STR_MAX], last[MT_PERIOD_STR_MAX];
    mt_scale scale;              /* analysis scale actually used, decided once in analyse.c:
                                  * LOG or LINEAR (AUTO, the zero value: nothing fitted) */
    int descriptive_only;        /* too few points for any fit */
    char season[16];             /* seasonal terms used: "none", "dummies", "fourier 3" */
    /* guards and choices, typed (series_note.h); their words, "; "-separated:
     * series_note_words.h mt_series_note_text */
    mt_series_note *notes;       /* n_notes of them, owned (mt_series_result_clear) */
    size_t n_notes, cap_notes;

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

    /* variance model used by trend, joinpoints, AAPC and bands alike
     * (variance_set 0 when nothing was fitted: an empty CSV cell), and the
     * dispersion of the trend fit (sigma^2, 1 or Pearson's) */
    mt_variance variance;
    int variance_set;
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

/* What the note of a cross-check row says (cc_note_words.h makes the
 * words); the numbers are in the row's mt_cc_note. */
typedef enum {
    MT_CC_NOTE_NONE = 0,
    MT_CC_NOTE_NO_COMMON,     /* the members have no common period */
    MT_CC_NOTE_DISPLACEMENT,  /* verdict; A's share and the total, a year */
    MT_CC_NOTE_AVAILABILITY,  /* expected sign, recent APC, members pointing up */
    MT_CC_NOTE_RATIO          /* APC of the ratio */
} mt_cc_note_kind;

typedef struct {
    mt_cc_note_kind kind;
    mt_verdict verdict;                 /* displacement */
    double share_pp, share_pp_lo, share_pp_hi; /* displacement: A's share, percentage points a year */
    double apc, apc_lo, apc_hi;         /* the total (displacement), the member's recent trend
                                           (availability), the ratio's trend (ratio) */
    int sign;                           /* availability: the member's expected sign, +1 or -1 */
    size_t k_rising, m;                 /* availability: members pointing to rising availability, of m */
} mt_cc_note;

/* One row of results/crosschecks.csv. */
typedef struct {
    char crosscheck[64], type[16], a[128], b[128];
    char label[256];             /* the model's label (else its id) */
    char label_nl[256];          /* its Dutch label, "" when none (cc_note_words.h mt_cc_label) */
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
    mt_axis axis;                /* the cross-check's `axis` key (figures) */
    int expect_opposite;         /* concordance: the members were expected to move oppositely */
    size_t n_divergent;          /* periods listed in divergent[] */
    mt_cc_divergent divergent[MT_CROSSCHECK_MAX_DIVERGENT];
    mt_cc_note note;             /* its words: cc_note_words.h mt_cc_note_text */
} mt_cc_row;

/* A cross-check of the model not computed for lack of data. */
typedef struct {
    char crosscheck[64];
    char label[256], label_nl[256]; /* as mt_cc_row.label, .label_nl */
    int ratio;                   /* 1: a series of the ratio's expression has no data
                                    (missing[0]); 0: members without data */
    size_t n_missing;
    const char *missing[MT_CROSSCHECK_MAX_MEMBERS]; /* series ids, borrowed from the model */
} mt_cc_lack;

/* One row of results/availability.csv. */
typedef struct {
    char crosscheck[64];
    char period[MT_PERIOD_STR_MAX];
    double index, lo, hi;
    size_t members;
} mt_avail_row;

/* Why a derived series lost periods or was not computed (a warning: the
 * CLI, results.json and the findings word it, derive_words.h). */
typedef enum {
    MT_DERIVE_NOTE_INPUT_MISSING = 0, /* input `input` has no data; not computed */
    MT_DERIVE_NOTE_NONFINITE,         /* n periods lost to a non-finite result (1/0, overflow) */
    MT_DERIVE_NOTE_LOW_COVERAGE,      /* n periods below the coverage `coverage` (a fraction) */
    MT_DERIVE_NOTE_NO_BASE,           /* base period `period` not in the data; not computed */
    MT_DERIVE_NOTE_TOO_FEW            /* the index kernel's MT_ETOOFEW (`msg`); not computed */
} mt_derive_note_kind;

typedef struct {
    mt_derive_note_kind kind;
    const char *id;                   /* the [derived:ID] id (borrowed from the model) */
    const char *series_id;            /* the series it makes, "indicator/market/region" */
    const char *label, *label_nl;     /* its labels, NULL when none (borrowed) */
    const char *input;                /* INPUT_MISSING: the series id (borrowed) */
    size_t n;                         /* NONFINITE, LOW_COVERAGE: periods */
    double coverage;                  /* LOW_COVERAGE: the minimum coverage, 0-1 */
    char period[MT_PERIOD_STR_MAX];   /* NO_BASE */
    char msg[MT_ERROR_MSG_MAX];       /* TOO_FEW: the kernel's message */
} mt_derive_note;

/* A warning of reading the data (model.h mt_model_load_data fills them;
 * the CLI, results.json and the findings word them, load_note_words.h). */
typedef enum {
    MT_LOAD_NOTE_UNDECLARED = 0, /* n rows of a source for an indicator the model
                                    does not declare; ignored */
    MT_LOAD_NOTE_NO_DATA         /* n declared indicators without data */
} mt_load_note_kind;

typedef struct {
    mt_load_note_kind kind;
    char *source, *path;         /* UNDECLARED: the source's id and file (owned) */
    size_t n;                    /* UNDECLARED: rows; NO_DATA: indicators */
    mt_strlist ids;              /* the indicator(s) it is about, in order (owned) */
} mt_load_note;

typedef struct {
    mt_load_note *item;
    size_t n;
} mt_load_notes;

/* A text of the model without a Dutch form (pipeline.h
 * mt_pipeline_missing_nl lists them; names.h mt_names_gap_text words them). */
typedef enum {
    MT_NL_GAP_INDICATOR = 0,
    MT_NL_GAP_DERIVED,
    MT_NL_GAP_SOURCE,
    MT_NL_GAP_EVENT,
    MT_NL_GAP_CROSSCHECK
} mt_nl_gap_kind;

typedef struct {
    mt_nl_gap_kind kind;
    const char *id;              /* its section's id (borrowed from the model) */
    long line;                   /* the section's line in the model file */
} mt_nl_gap;

/* The model's [names] section (names.h): keys "market.ID", "region.ID_nl",
 * ... and their texts, parallel; NULL lists without a model. */
typedef struct {
    const mt_strlist *keys, *texts;
} mt_name_table;

/* An indicator of the model without data in this edition. */
typedef struct {
    const char *id, *label, *label_nl; /* label_nl NULL when none */
} mt_no_data;

/* An analysed run as the writers see it (write.h): a borrowed view of the
 * run's records, valid while the run lives (pipeline.h mt_pipeline_report). */
typedef struct {
    const char *name;            /* edition name: model name or CSV base name */
    const char *model_file;      /* the model read; NULL for `trend FILE.csv` */
    const char *title, *title_nl, *edition; /* the model's [monitor] texts, NULL when absent */
    mt_options opts;             /* as the run resolved them */
    mt_dataset data;             /* the series analysed, sorted by id (borrowed) */
    mt_name_table names;
    mt_load_notes load_notes;    /* borrowed: the warnings of reading the data */
    size_t n_derive_notes;
    const mt_derive_note *derive_notes; /* warnings about derived series, after load_notes */
    mt_strlist inputs;           /* every file read (model first), for the manifest */
    size_t n_cc_lack;
    const mt_cc_lack *cc_lack;   /* cross-checks lacking data, and why */
    size_t n_results;
    const mt_series_result *results; /* one per series of data, same order */
    size_t n_cc;
    const mt_cc_row *cc;
    size_t n_avail;
    const mt_avail_row *avail;
    size_t n_cmp;
    const mt_cmp_row *cmp;
    size_t n_no_data;
    const mt_no_data *no_data;   /* indicators of the model without data, model order */
} mt_report;

#endif
