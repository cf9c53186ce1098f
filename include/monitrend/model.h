/*
 * model.h - monitor model files (models/NAME.ini, docs/model-format.md).
 *
 * mt_model_load reads a model with libinih and validates every key, value
 * and cross-reference, keeping the line of every section so that later
 * stages can name it.  mt_model_load_data then reads every source through
 * its layout into one data set and reports, as warnings, declared
 * indicators without data and data rows that no indicator claims.  Neither
 * prints; errors read "FILE:LINE: ..." and name the key.
 */
#ifndef MONITREND_MODEL_H
#define MONITREND_MODEL_H

#include <stddef.h>
#include "monitrend/csvread.h"
#include "monitrend/expr.h"
#include "monitrend/period.h"
#include "monitrend/series.h"
#include "monitrend/status.h"
#include "monitrend/strlist.h"

/* Documented limits (docs/intake.md). */
#define MT_MODEL_FILE_MAX   ((size_t)1 << 20)  /* bytes per model file */
#define MT_MODEL_LINE_MAX   ((size_t)8192)     /* bytes per model line */
#define MT_MODEL_ITEMS_MAX  ((size_t)10000)    /* sections of one type */

#include "monitrend/vocab.h" /* mt_theme, mt_select, mt_breaks_kind */

#include "monitrend/trend.h" /* mt_scale */
#include "monitrend/season.h" /* mt_season_spec */
#include "monitrend/crosscheck.h" /* mt_expect */
#include "monitrend/result.h"     /* mt_load_notes */
/* mt_variance and mt_zeros are in trend.h */
/* mt_axis (the `axis` key) is in vocab.h */
typedef enum { MT_EVENT_DEFINITION = 0, MT_EVENT_POLICY } mt_event_kind;
typedef enum { MT_DERIVED_EXPRESSION = 0, MT_DERIVED_AGGREGATE, MT_DERIVED_INDEX } mt_derived_type;
typedef enum {
    MT_CROSSCHECK_CONCORDANCE = 0, MT_CROSSCHECK_AVAILABILITY, MT_CROSSCHECK_DISPLACEMENT,
    MT_CROSSCHECK_RATIO, MT_CROSSCHECK_COMPARE
} mt_crosscheck_type;

typedef struct {
    char *name;          /* default: model file name without .ini */
    char *title, *title_nl, *edition;
    char *language;      /* "en" or "nl" */
    unsigned long seed;  /* default MT_DEFAULT_SEED */
    mt_strlist formats;  /* default svg, png */
    mt_select select;    /* default MT_SELECT_WBIC (the zero value) */
    long max_joinpoints; /* -1 = by number of points; else 0..MT_JP_MAX_JOINPOINTS */
    double recent;       /* default 10 */
    unsigned long project; /* periods projected past the data (default 0) */
    unsigned long bootstrap;
    mt_breaks_kind breaks; /* default MT_BREAKS_TREND (the zero value) */
    double trim;         /* default 0.15 */
    unsigned long min_overlap; /* default 5 */
    double figure_timeout; /* seconds per figure; 0 = not set (default 300) */
    long line;           /* line of [monitor] */
} mt_monitor;

typedef struct {
    char *id;
    double value;
    char *source;
    char *label;         /* may be NULL */
    long line;
} mt_param;

typedef struct {
    char *id;
    char *file;          /* as written in the model */
    char *path;          /* resolved relative to the model file */
    char *label;         /* default: the file name */
    char *label_nl;      /* Dutch form of label, NULL = none */
    mt_layout layout;
    long line;
} mt_source;

typedef struct {
    char *id;
    char *label, *label_nl, *unit, *unit_nl;   /* label_nl, unit, unit_nl may be NULL */
    mt_theme theme;
    mt_strlist markets;
    mt_kind kind;
    mt_scale scale;
    mt_season_spec season;           /* seasonal terms; zero value = auto by frequency */
    mt_strlist sources;              /* [source:ID] ids; empty = no data in this edition */
    char *data;                      /* indicator name in the data; NULL = id */
    mt_variance variance;            /* `variance`, default auto */
    mt_zeros zeros;                  /* `zeros`, default exclude */
    int zeros_set;
    mt_axis axis;                    /* `axis`, default auto */
    int input_only;                  /* `role = input`: read and used by derived
                                        series, never analysed or reported */
    int errors_ar1;                  /* errors = ar1: AR(1) errors in the trend (0 = iid) */
    char *note;
    long line;
    long ref_line;                   /* line of the `source` key (0 = none) */
} mt_indicator;

typedef struct {
    char *id;
    char *date_text;
    mt_period date;
    char *label, *label_nl;
    mt_event_kind kind;
    mt_strlist affects;
    mt_strlist comparison;
    char *source;
    long line;
    long ref_line;                   /* line of the `affects` key */
    long comparison_line;            /* line of the `comparison` key (0 = none) */
    /* definition changes: the publisher's comparability ratio (new / old
     * definition) and its SE; ratio 0 = none (the level-shift model) */
    double ratio, ratio_se;
    long ratio_line;
} mt_event;

typedef struct {
    char *id;
    mt_derived_type type;
    char *expression;                /* expression type */
    mt_expr *expr;                   /* its parse tree (expr.c, the one grammar); owned */
    mt_strlist refs;                 /* series ids in braces in the expression, or members */
    mt_strlist members;              /* aggregate, index */
    double *weights;                 /* `weights`: n_weights = members.n numbers, or NULL */
    size_t n_weights;
    mt_strlist weight_ids;           /* weight.<series id> keys */
    double *weight_values;
    double min_coverage;             /* default 0.5 */
    char *base_text;
    mt_period base;
    char *gaps;                      /* none, euda */
    char *indicator, *market, *region;   /* id parts; indicator defaults to id */
    char *series_id;                 /* indicator/market/region */
    char *label, *label_nl, *unit, *unit_nl;
    mt_theme theme;
    mt_kind kind;
    mt_scale scale;
    mt_axis axis;                    /* `axis`, default auto */
    long line;
    long ref_line;                   /* line of the `expression` or `members` key */
} mt_derived;

typedef struct {
    char *id;
    mt_crosscheck_type type;
    char *label, *label_nl;
    mt_strlist members;
    mt_strlist signs;
    unsigned long recent;            /* default 5 */
    unsigned long lags;              /* default 2 */
    mt_expect expect;                /* expected relation of a concordance (default same) */
    long expect_line;                /* line of the `expect` key (0 when absent) */
    char *expression;
    mt_expr *expr;                   /* parse tree of a ratio's expression (expr.c); owned */
    mt_axis axis;                    /* `axis` of its figures, default auto */
    long line;
    long ref_line;                   /* line of the `members` key */
} mt_crosscheck;

typedef struct {
    char *file;          /* the model path as given */
    char *dir;           /* its folder, for relative paths */
    mt_monitor monitor;
    mt_param *params;           size_t n_params;
    mt_source *sources;         size_t n_sources;
    mt_indicator *indicators;   size_t n_indicators;
    mt_event *events;           size_t n_events;
    mt_derived *derived;        size_t n_derived;
    mt_crosscheck *crosschecks; size_t n_crosschecks;
    /* [names]: keys "market.ID", "region.ID", "theme.ID", "verdict.ID" (and
     * their "_nl" forms) with the reader-facing text at the same index */
    mt_strlist name_keys, name_texts;
    long names_line;                 /* line of [names], 0 = none */
} mt_model;

/* Read and validate the model at path.  On success *out is a new model the
 * caller frees with mt_model_free.  Errors: MT_EIO (cannot read, a folder),
 * MT_EPARSE ("FILE:LINE: ..." naming the key: unknown section or key, a
 * duplicate, a bad value, a missing required key, an undefined reference, a
 * cycle among derived series), MT_ELIMIT, MT_ENOMEM.  Data files are not
 * opened here. */
mt_status mt_model_load(const char *path, mt_model **out, mt_error *err);

void mt_model_free(mt_model *m);

/* Borrowed pointers, NULL when absent. */
const mt_indicator *mt_model_find_indicator(const mt_model *m, const char *id);
const mt_source *mt_model_find_source(const mt_model *m, const char *id);

/* Read every source of m with its layout and build *out (empty on entry).
 * A row belongs to the indicator whose ID, or `data` name, it names; its
 * series id then uses the indicator ID.  Kinds of the model are checked.
 * Warnings are appended to notes (may be NULL; result.h mt_load_note):
 * rows of a source for an indicator the model does not declare, and the
 * declared indicators without data.  Errors are those of
 * mt_records_read_file and mt_dataset_build. */
mt_status mt_model_load_data(const mt_model *m, mt_dataset *out, mt_load_notes *notes,
                             mt_error *err);

/* Free the notes and empty the list. */
void mt_load_notes_clear(mt_load_notes *notes);

#endif
