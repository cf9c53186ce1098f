/*
 * model_parse.h - private interface between the files of the model reader:
 * the parse context that model_parse.c (lines, sections), model_keys.c (the
 * keys of each section) and model_check.c (cross-references) share, and
 * model.c (the API) drives.  Not installed, not part of the API.
 */
#ifndef MONITREND_MODEL_PARSE_H
#define MONITREND_MODEL_PARSE_H

#include "monitrend/model.h"
#include "monitrend/strlist.h"

typedef enum { SEC_NONE, SEC_MONITOR, SEC_PARAM, SEC_SOURCE, SEC_INDICATOR, SEC_EVENT, SEC_DERIVED,
               SEC_CROSSCHECK, SEC_NAMES } sec_type;

/* The section names, indexed by sec_type ("" for SEC_NONE). */
extern const char *const model_sec_names[];

typedef struct {
    mt_model *m;
    const char *buf;
    size_t len, pos;
    long lineno;
    char *key, *value;     /* of the current line */
    sec_type sec;
    char *sec_text;        /* "indicator:x" for messages */
    int seen_monitor;
    mt_strlist seen;       /* keys seen in the current section */
    long *seen_line;
    size_t seen_cap;
    int failed;
    mt_status st;
    mt_error *err;
} ctx;

/* Record the first failure in c (status, and the message at line of the
 * model file in c->err); later failures are ignored.  Returns 0. */
int model_fail_at(ctx *c, mt_status st, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* An ID of a section: lowercase letters, digits, '_' and '-', not empty. */
int model_valid_id(const char *s);

/* A copy of [a, b) without leading and trailing white space; NULL when out of memory. */
char *model_dup_trim(const char *a, const char *b);

/* Parse c->buf line by line (model_parse.c); each key goes to model_handle_key.
 * Returns 1, or 0 after model_fail_at. */
int model_parse(ctx *c);

/* One key = value of the current section, c->key and c->value (model_keys.c).
 * Returns 1, or 0 after model_fail_at. */
int model_handle_key(ctx *c);

/* After the parse: defaults, required keys and every cross-reference
 * (model_check.c).  Returns 1, or 0 after model_fail_at. */
int model_validate(ctx *c);

#endif
