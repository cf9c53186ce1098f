/*
 * series_note.h - the typed note of a series result: what the run decided
 * or could not do (guards and choices), as a code and the few numbers and
 * strings each needs.  The run appends them (result.h mt_series_result
 * notes); src/present/series_note_words.c makes the sentences (the `note`
 * column of results/trends.csv and results.json).  The strings are data: a
 * period list, an event id, and the kernels' own English diagnostics
 * (mt_error msg, the change kernel's reason).
 */
#ifndef MONITREND_SERIES_NOTE_H
#define MONITREND_SERIES_NOTE_H

#include <stddef.h>
#include "monitrend/status.h"      /* MT_ERROR_MSG_MAX */

#define MT_SNOTE_ID_MAX 128

typedef enum {
    MT_SNOTE_NONE = 0,
    /* analyse.c: scale, zeros, weights, fit set */
    MT_SNOTE_ZEROS_LINEAR,        /* n values <= 0, text: their periods */
    MT_SNOTE_ZEROS_HALF_MIN,      /* n, text, x: the value put in */
    MT_SNOTE_ZERO_COUNTS,         /* n zero counts, text */
    MT_SNOTE_NONPOS_LEFT_OUT,     /* n, text */
    MT_SNOTE_SE_PARTIAL,          /* n with SE of m points */
    MT_SNOTE_WEIGHTS_OOM,
    MT_SNOTE_LOD,                 /* n below LOD, text: periods */
    MT_SNOTE_DESCRIPTIVE,         /* n points to fit */
    MT_SNOTE_VARIANCE_SEASONAL,   /* k: the mt_variance asked for */
    MT_SNOTE_COUNT_SEASONAL,
    MT_SNOTE_VARIANCE_NOT_COUNTS, /* k: mt_variance, j: mt_snote_why */
    MT_SNOTE_COUNT_NOT_COUNTS,    /* j: mt_snote_why */
    MT_SNOTE_SCALE_WHY,           /* k: mt_scale_why */
    MT_SNOTE_DESCRIPTIVE_LEFT,    /* n points left to fit */
    MT_SNOTE_DEFCHANGE_TOO_FEW,   /* id: the event */
    /* analyse_bands.c */
    MT_SNOTE_SEASON_ERR,          /* text: kernel message */
    MT_SNOTE_SEASON_OOM,
    MT_SNOTE_SEASON_TOO_FEW,      /* n points, m seasonal parameters */
    MT_SNOTE_BANDS_ERR,           /* text */
    MT_SNOTE_ANOMALY_ERR,         /* text */
    /* analyse_events.c */
    MT_SNOTE_BREAKS_NONE_SOUGHT,
    MT_SNOTE_BREAKS_SEASON_ROUNDS,/* k rounds */
    MT_SNOTE_BREAKS_ERR,          /* text */
    /* analyse_ext.c */
    MT_SNOTE_BRIDGE_ERR,          /* id, text */
    MT_SNOTE_BRIDGED,             /* id, x: ratio, y: its SE, n values multiplied */
    MT_SNOTE_DW_AUTOCORR,         /* x: Durbin-Watson */
    MT_SNOTE_AR1_POISSON,
    MT_SNOTE_AR1_SEASONAL,
    MT_SNOTE_AR1_COEFS,           /* n coefficients */
    MT_SNOTE_AR1_BOUNDARY,        /* x: phi */
    MT_SNOTE_AR1_ERR,             /* text */
    MT_SNOTE_AR1_TREND,           /* x: phi, k: 1 when across gaps */
    MT_SNOTE_JP_COUNT_IID,
    MT_SNOTE_JP_AR1,              /* x: phi */
    MT_SNOTE_JP_AR1_WBIC,
    MT_SNOTE_JP_AR1_ROUNDS,       /* k joinpoints, j rounds */
    MT_SNOTE_PROJ_FEW,            /* n points after the last joinpoint, k needed */
    MT_SNOTE_PROJ_DEFCHANGE,      /* id: the period of the definition change */
    MT_SNOTE_PROJ_ERR,            /* text */
    /* analyse_trend.c */
    MT_SNOTE_CHANGES_OOM,
    MT_SNOTE_CHANGES_ERR,         /* text */
    MT_SNOTE_CHANGE_PREV,         /* text: the change kernel's reason */
    MT_SNOTE_TREND_ERR,           /* text */
    MT_SNOTE_OVERDISPERSED,       /* x: Pearson dispersion */
    MT_SNOTE_NOT_OVERDISPERSED,   /* x */
    MT_SNOTE_POISSON_OVERDISPERSED, /* x */
    MT_SNOTE_LINEAR_SCALE,
    MT_SNOTE_MK_ERR,              /* text */
    MT_SNOTE_MK_NOTE,             /* k: mt_mk_note */
    MT_SNOTE_JP_COUNT_WBIC,
    MT_SNOTE_JP_SEASON_IID,
    MT_SNOTE_JP_SEASON_ROUNDS,    /* k rounds */
    MT_SNOTE_JP_AR1_ERR,          /* text */
    MT_SNOTE_JP_ERR,              /* text */
    MT_SNOTE_JP_TOO_FEW,          /* n points */
    MT_SNOTE_JP_CI_AR1,
    MT_SNOTE_JP_CI_ERR,           /* text */
    MT_SNOTE_BOOT_SEASON,
    MT_SNOTE_BOOT_ERR             /* text */
} mt_snote_code;

/* Why a count model was not used (MT_SNOTE_*_NOT_COUNTS j). */
typedef enum {
    MT_SNOTE_WHY_NOT_WHOLE = 1,   /* the values are not whole counts */
    MT_SNOTE_WHY_SE,              /* the values carry standard errors */
    MT_SNOTE_WHY_LINEAR           /* the linear scale was asked for */
} mt_snote_why;

typedef struct {
    mt_snote_code code;
    size_t n, m;                  /* counts */
    int k, j;                     /* enums, rounds, flags */
    double x, y;
    char id[MT_SNOTE_ID_MAX];     /* event id or period */
    char text[MT_ERROR_MSG_MAX];  /* period list or a kernel's message */
} mt_series_note;

#endif
