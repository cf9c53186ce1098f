/*
 * vocab.h - one table per enum: its machine name and its English and Dutch
 * words.
 *
 * Every enum that reaches a file, an option, a model key or a sentence is
 * defined here, once, next to the table that names it.  Parsers (CLI,
 * model reader) call mt_X_parse, machine-readable writers (CSV, JSON,
 * manifest) call mt_X_name, and the presentation layer calls mt_X_word for
 * the reader-facing word in the edition's language.  The tables live in
 * core so that intake, stats, run and present can all use them without
 * depending on each other.
 *
 * Names and words are static strings (never freed).  A value outside the
 * enum gives "" (name) or "?" (word); mt_X_parse gives MT_EINVAL and leaves
 * *out unchanged for an unknown name.
 */
#ifndef MONITREND_VOCAB_H
#define MONITREND_VOCAB_H

#include "monitrend/lang.h"
#include "monitrend/status.h"

/* The default seed of the random streams (permutation tests, bootstrap),
 * used when neither `--seed` nor the model's `seed` is given. */
#define MT_DEFAULT_SEED 1UL

/* Joinpoint selection method (`--select`, [monitor] select). */
typedef enum { MT_SELECT_WBIC = 0, MT_SELECT_BIC, MT_SELECT_BIC3, MT_SELECT_PERMUTATION } mt_select;
const char *mt_select_name(mt_select x);                 /* "wbic", "bic", "bic3", "permutation" */
const char *mt_select_word(mt_select x, mt_lang lang);   /* "WBIC", ..., "permutation" */
mt_status mt_select_parse(const char *s, mt_select *out);

/* Structural-break model (`--breaks`, [monitor] breaks). */
typedef enum { MT_BREAKS_TREND = 0, MT_BREAKS_MEAN, MT_BREAKS_NONE } mt_breaks_kind;
const char *mt_breaks_name(mt_breaks_kind x);            /* "trend", "mean", "none" */
const char *mt_breaks_word(mt_breaks_kind x, mt_lang lang);
mt_status mt_breaks_parse(const char *s, mt_breaks_kind *out);

/* Analysis scale (`--scale`, indicator `scale`). */
typedef enum {
    MT_SCALE_AUTO = 0, /* log when every value is positive, else linear */
    MT_SCALE_LOG,
    MT_SCALE_LINEAR
} mt_scale;
const char *mt_scale_name(mt_scale x);                   /* "auto", "log", "linear" */
const char *mt_scale_word(mt_scale x, mt_lang lang);
mt_status mt_scale_parse(const char *s, mt_scale *out);

/* Variance model of a series (the model is described in trend.h). */
typedef enum {
    MT_VARIANCE_AUTO = 0,
    MT_VARIANCE_CONSTANT,
    MT_VARIANCE_POISSON,
    MT_VARIANCE_QUASIPOISSON
} mt_variance;
const char *mt_variance_name(mt_variance x);             /* "auto", "constant", "poisson", "quasipoisson" */
const char *mt_variance_word(mt_variance x, mt_lang lang);
mt_status mt_variance_parse(const char *s, mt_variance *out);

/* Why the analysis scale is what it is (mt_trend_scale_choose, mt_trend_fit):
 * the kernels return the code, the writers the words. */
typedef enum {
    MT_SCALE_WHY_NONE = 0,
    MT_SCALE_WHY_AUTO_POSITIVE,    /* auto: every value > 0, so log */
    MT_SCALE_WHY_AUTO_NONPOSITIVE, /* auto: a value <= 0, so linear */
    MT_SCALE_WHY_LOG_ASKED,
    MT_SCALE_WHY_LINEAR_ASKED,
    MT_SCALE_WHY_COUNT_LINK        /* the log link of a Poisson-type count model */
} mt_scale_why;
const char *mt_scale_why_name(mt_scale_why x);           /* "auto_positive", ... */
const char *mt_scale_why_word(mt_scale_why x, mt_lang lang);

/* Notes of the Mann-Kendall test and Sen's slope (mannkendall.h). */
typedef enum {
    MT_MK_NOTE_NONE = 0,
    MT_MK_NOTE_HAMED_RAO_UNCORRECTED, /* Hamed-Rao factor <= 0: Var(S) left uncorrected */
    MT_MK_NOTE_SEN_CI_CLAMPED,        /* a CI rank outside the pairwise slopes */
    MT_MK_NOTE_SEN_CI_TOO_FEW         /* Sen's CI needs n >= 4 */
} mt_mk_note;
const char *mt_mk_note_name(mt_mk_note x);               /* "hamed_rao_uncorrected", ... */
const char *mt_mk_note_word(mt_mk_note x, mt_lang lang); /* "" for MT_MK_NOTE_NONE */

/* Values <= 0 on the log scale (described in trend.h). */
typedef enum { MT_ZEROS_EXCLUDE = 0, MT_ZEROS_LINEAR, MT_ZEROS_HALF_MIN } mt_zeros;
const char *mt_zeros_name(mt_zeros x);                   /* "exclude", "linear", "half-min" */
mt_status mt_zeros_parse(const char *s, mt_zeros *out);

/* Indicator kinds (docs/model-format.md); MT_KIND_NONE when no model says. */
typedef enum {
    MT_KIND_NONE = 0,
    MT_KIND_COUNT,
    MT_KIND_AMOUNT,
    MT_KIND_PRICE,
    MT_KIND_PURITY,      /* a percentage: 0-100 */
    MT_KIND_PREVALENCE,  /* a percentage: 0-100 */
    MT_KIND_LOAD,
    MT_KIND_INDEX
} mt_kind;
const char *mt_kind_name(mt_kind x);                     /* "count", ...; "" for MT_KIND_NONE */
const char *mt_kind_word(mt_kind x, mt_lang lang);
mt_status mt_kind_parse(const char *s, mt_kind *out);    /* "" is not a kind */

/* Value axis of a figure: auto = logarithmic when the values drawn span
 * more than two orders of magnitude (docs/figures.md), else linear. */
typedef enum { MT_AXIS_AUTO = 0, MT_AXIS_LOG, MT_AXIS_LINEAR } mt_axis;

/* Themes of the monitor, in the order of the findings' sections. */
typedef enum {
    MT_THEME_NONE = 0, MT_THEME_IMPORT, MT_THEME_PRODUCTION, MT_THEME_TRADE, MT_THEME_USE,
    MT_THEME_CRIME, MT_THEME_CRIMINAL_LAW, MT_THEME_FINANCIAL, MT_THEME_ADMINISTRATIVE
} mt_theme;
#define MT_THEME_COUNT 9 /* MT_THEME_NONE included */
const char *mt_theme_name(mt_theme x);                   /* "import", ..., "criminal law"; "" for NONE */
const char *mt_theme_word(mt_theme x, mt_lang lang);     /* "productie", ...; "" for NONE */
mt_status mt_theme_parse(const char *s, mt_theme *out);  /* "" is not a theme */

/* What the anomaly detector flagged (anomaly.h). */
typedef enum {
    MT_ANOMALY_RESIDUAL = 1, /* studentized residual outlier */
    MT_ANOMALY_REPEAT,       /* exact repeat of the previous value */
    MT_ANOMALY_JUMP          /* spike or dip of an order of magnitude */
} mt_anomaly_kind;
const char *mt_anomaly_kind_name(mt_anomaly_kind x);     /* "residual", "repeat", "jump" */
const char *mt_anomaly_kind_word(mt_anomaly_kind x, mt_lang lang);

#endif
