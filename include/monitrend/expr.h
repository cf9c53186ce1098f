/*
 * expr.h - arithmetic expressions over series, for derived series and ratio
 * cross-checks.
 *
 * Grammar (recursive descent, usual precedence, left-associative):
 *
 *   expr   := term  (('+' | '-') term)*
 *   term   := unary (('*' | '/') unary)*
 *   unary  := '-' unary | '+' unary | primary
 *   primary:= NUMBER | '{' series-id '}' | IDENT | '(' expr ')'
 *
 * NUMBER is a decimal such as 100, 2.33, .5 or 1e-3 (C locale, never the
 * decimal comma); a series id is any text without braces or newlines
 * (usually "indicator/market/region", surrounding blanks trimmed); IDENT
 * ([A-Za-z_][A-Za-z0-9_-]*, as model IDs; so write "a - b" with blanks when
 * subtracting two parameters) names a model parameter, so that conversion factors
 * live in the model with their source and never as constants in code.
 *
 * Evaluation is period by period over aligned arrays (NaN = missing): a
 * period is missing when any referenced input is missing there, and a division
 * by zero makes that period missing and is counted for a note.  Where inputs
 * carry standard errors, the result's SE follows from the delta method,
 * SE(f)^2 = sum_j (df/dx_j)^2 SE(x_j)^2, with the inputs taken as independent;
 * the gradient is exact, from forward-mode dual numbers (one pass per input).
 *
 * A parsed expression is immutable and may be evaluated from several threads.
 */
#ifndef MONITREND_EXPR_H
#define MONITREND_EXPR_H

#include <stddef.h>
#include "monitrend/status.h"

/* Documented limits; exceeding one is MT_ELIMIT. */
#define MT_EXPR_MAX_LEN   4096  /* characters of expression text */
#define MT_EXPR_MAX_DEPTH 64    /* nesting of parentheses and unary signs */
#define MT_EXPR_MAX_NODES 1024  /* numbers, references, parameters and operators */

typedef struct mt_expr mt_expr;

/* One referenced series, on the caller's common period grid.  value has n
 * entries (NaN = missing); se is NULL when the series carries no SE, else n
 * entries with NaN where a point has no SE. */
typedef struct {
    const double *value;
    const double *se;
} mt_expr_input;

/* Parse text into *out (freed with mt_expr_free).  On a syntax error returns
 * MT_EPARSE with a message "column C: expected X, found Y" (err->column = C,
 * 1-based); text longer than MT_EXPR_MAX_LEN, deeper than MT_EXPR_MAX_DEPTH or
 * with more than MT_EXPR_MAX_NODES nodes gives MT_ELIMIT; NULL arguments give
 * MT_EINVAL.  *out is NULL on any failure. */
mt_status mt_expr_parse(const char *text, mt_expr **out, mt_error *err);

/* Free a parsed expression; NULL is a no-op. */
void mt_expr_free(mt_expr *e);

/* Distinct series references in order of first appearance, so that the
 * caller can detect undefined or cyclic derivations and bind inputs.
 * mt_expr_ref returns a borrowed string owned by e (NULL when i is out of
 * range). */
size_t mt_expr_n_refs(const mt_expr *e);
const char *mt_expr_ref(const mt_expr *e, size_t i);

/* Distinct parameter names, in order of first appearance; borrowed. */
size_t mt_expr_n_params(const mt_expr *e);
const char *mt_expr_param(const mt_expr *e, size_t i);

/* Evaluate at one point: x[j] is the value of reference j, params[k] of
 * parameter k (both may be NULL when there are none).  Writes the value to
 * *value and, when grad is not NULL, df/dx_j to grad[j] (n_refs entries).
 * Returns MT_OK; MT_ENONFINITE with *value = NaN on division by zero, on a
 * NaN input, or on an overflow to infinity; MT_EINVAL when e or value is
 * NULL, or x (params) is NULL while the expression has references
 * (parameters). */
mt_status mt_expr_eval_point(const mt_expr *e, const double *x, const double *params,
                             double *value, double *grad);

/* Evaluate over n aligned periods.  inputs has mt_expr_n_refs(e) entries in
 * reference order; params has mt_expr_n_params(e) values.  Outputs (caller
 * arrays of n): value (NaN where missing); se (may be NULL): the delta-method
 * SE where every input with a non-zero derivative has a finite SE at that
 * period (inputs with se == NULL count as exact), NaN otherwise, and NaN at
 * every period when no input carries an SE.  *n_divzero (may be NULL) counts
 * the periods made missing by a division by zero or a non-finite result.
 * Returns MT_EINVAL on NULL arrays or a non-finite parameter (message names
 * the parameter), else MT_OK: missing periods are not an error. */
mt_status mt_expr_eval(const mt_expr *e, const mt_expr_input *inputs, const double *params,
                       size_t n, double *value, double *se, size_t *n_divzero, mt_error *err);

#endif
