/*
 * expr.c - parser and evaluator for derived-series expressions (see expr.h).
 *
 * The parser is a plain recursive descent over the grammar in expr.h.  It
 * builds the AST as an array of nodes in post-order (every child comes
 * before its parent), which is what evaluation needs: one forward sweep over
 * the array computes every node from nodes already computed, without
 * recursion at evaluation time.  Derivatives come from forward-mode dual
 * numbers (value, derivative) carried along the same sweep, once per input,
 * so the delta-method gradient is exact rather than a finite difference.
 */
#include "monitrend/expr.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { N_NUM, N_REF, N_PARAM, N_NEG, N_ADD, N_SUB, N_MUL, N_DIV } node_kind;

typedef struct {
    node_kind kind;
    double num;    /* N_NUM */
    size_t index;  /* N_REF, N_PARAM: index into refs / params */
    size_t left;   /* children (node indices), for operators */
    size_t right;
} node;

struct mt_expr {
    node *nodes;
    size_t n_nodes;
    char **refs;
    size_t n_refs;
    char **params;
    size_t n_params;
};

/* ---------------------------------------------------------------- parser */

typedef struct {
    const char *text;
    size_t pos;
    int depth;
    mt_expr *e;
    size_t cap_nodes;
    mt_error *err;
    mt_status st;
} parser;

static void skip_blanks(parser *p)
{
    while (p->text[p->pos] == ' ' || p->text[p->pos] == '\t')
        p->pos++;
}

/* Describe what stands at the current position, for error messages. */
static void describe_here(const parser *p, char *buf, size_t size)
{
    char c = p->text[p->pos];
    if (c == '\0')
        snprintf(buf, size, "end of expression");
    else
        snprintf(buf, size, "'%c'", c);
}

static size_t fail_expected(parser *p, const char *what)
{
    if (p->st == MT_OK) {
        char here[32];
        describe_here(p, here, sizeof here);
        p->st = mt_error_set(p->err, MT_EPARSE, "column %zu: expected %s, found %s",
                             p->pos + 1, what, here);
        if (p->err)
            p->err->column = (long)(p->pos + 1);
    }
    return (size_t)-1;
}

static size_t fail_limit(parser *p, const char *what)
{
    if (p->st == MT_OK) {
        p->st = mt_error_set(p->err, MT_ELIMIT, "column %zu: expression %s", p->pos + 1, what);
        if (p->err)
            p->err->column = (long)(p->pos + 1);
    }
    return (size_t)-1;
}

static size_t push_node(parser *p, node nd)
{
    if (p->e->n_nodes >= MT_EXPR_MAX_NODES)
        return fail_limit(p, "has more than " "MT_EXPR_MAX_NODES (1024) nodes");
    if (p->e->n_nodes == p->cap_nodes) {
        size_t cap = p->cap_nodes ? 2 * p->cap_nodes : 16;
        node *nn = realloc(p->e->nodes, cap * sizeof *nn);
        if (nn == NULL) {
            p->st = mt_error_set(p->err, MT_ENOMEM, "out of memory parsing an expression");
            return (size_t)-1;
        }
        p->e->nodes = nn;
        p->cap_nodes = cap;
    }
    p->e->nodes[p->e->n_nodes] = nd;
    return p->e->n_nodes++;
}

/* Index of name in *list, appending a copy when absent; (size_t)-1 on ENOMEM. */
static size_t intern(parser *p, char ***list, size_t *n, const char *s, size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen((*list)[i]) == len && memcmp((*list)[i], s, len) == 0)
            return i;
    char **nl = realloc(*list, (*n + 1) * sizeof *nl);
    char *copy = malloc(len + 1);
    if (nl == NULL || copy == NULL) {
        free(copy);
        if (nl)
            *list = nl;
        p->st = mt_error_set(p->err, MT_ENOMEM, "out of memory parsing an expression");
        return (size_t)-1;
    }
    memcpy(copy, s, len);
    copy[len] = '\0';
    *list = nl;
    nl[*n] = copy;
    return (*n)++;
}

static size_t parse_expr(parser *p);

static size_t parse_primary(parser *p)
{
    skip_blanks(p);
    const char *s = p->text + p->pos;
    char c = *s;
    if (c == '(') {
        p->pos++;
        size_t inner = parse_expr(p);
        if (p->st != MT_OK)
            return (size_t)-1;
        skip_blanks(p);
        if (p->text[p->pos] != ')')
            return fail_expected(p, "')'");
        p->pos++;
        return inner;
    }
    if (c == '{') {
        size_t start = p->pos + 1, end = start;
        while (p->text[end] != '\0' && p->text[end] != '}' && p->text[end] != '{' &&
               p->text[end] != '\n')
            end++;
        if (p->text[end] != '}') {
            p->pos = end;
            return fail_expected(p, "'}' closing the series reference");
        }
        size_t a = start, b = end;
        while (a < b && isspace((unsigned char)p->text[a]))
            a++;
        while (b > a && isspace((unsigned char)p->text[b - 1]))
            b--;
        if (a == b) {
            p->pos = start;
            return fail_expected(p, "a series id inside the braces");
        }
        size_t idx = intern(p, &p->e->refs, &p->e->n_refs, p->text + a, b - a);
        if (idx == (size_t)-1)
            return idx;
        p->pos = end + 1;
        node nd = {.kind = N_REF, .index = idx};
        return push_node(p, nd);
    }
    if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)s[1]))) {
        /* strtod would accept "inf", hex and the locale's decimal point; the
         * grammar allows only digits, one '.', and an exponent, so scan it
         * first and convert only that span. */
        size_t k = 0;
        while (isdigit((unsigned char)s[k]))
            k++;
        if (s[k] == '.') {
            k++;
            while (isdigit((unsigned char)s[k]))
                k++;
        }
        if (s[k] == 'e' || s[k] == 'E') {
            size_t m = k + 1;
            if (s[m] == '+' || s[m] == '-')
                m++;
            if (!isdigit((unsigned char)s[m])) {
                p->pos += m;
                return fail_expected(p, "digits of the exponent");
            }
            while (isdigit((unsigned char)s[m]))
                m++;
            k = m;
        }
        char buf[64];
        if (k >= sizeof buf)
            return fail_limit(p, "has a number longer than 63 characters");
        memcpy(buf, s, k);
        buf[k] = '\0';
        errno = 0;
        double v = strtod(buf, NULL);
        if (!isfinite(v) || errno == ERANGE) {
            return fail_expected(p, "a finite number");
        }
        p->pos += k;
        node nd = {.kind = N_NUM, .num = v};
        return push_node(p, nd);
    }
    if (isalpha((unsigned char)c) || c == '_') {
        size_t k = 0;
        while (isalnum((unsigned char)s[k]) || s[k] == '_' || s[k] == '-') {
            /* a '-' continues a name only when a name character follows,
             * so that "a-b" still reads as a minus b only when written
             * with blanks; model IDs may contain '-' (see model-format.md). */
            if (s[k] == '-' && !(isalnum((unsigned char)s[k + 1]) || s[k + 1] == '_'))
                break;
            k++;
        }
        size_t idx = intern(p, &p->e->params, &p->e->n_params, s, k);
        if (idx == (size_t)-1)
            return idx;
        p->pos += k;
        node nd = {.kind = N_PARAM, .index = idx};
        return push_node(p, nd);
    }
    return fail_expected(p, "a number, a {series}, a parameter name or '('");
}

static size_t parse_unary(parser *p)
{
    skip_blanks(p);
    char c = p->text[p->pos];
    if (c == '-' || c == '+') {
        if (++p->depth > MT_EXPR_MAX_DEPTH)
            return fail_limit(p, "is nested deeper than MT_EXPR_MAX_DEPTH (64)");
        p->pos++;
        size_t operand = parse_unary(p);
        p->depth--;
        if (p->st != MT_OK)
            return (size_t)-1;
        if (c == '+')
            return operand;
        node nd = {.kind = N_NEG, .left = operand};
        return push_node(p, nd);
    }
    if (c == '(') {
        if (++p->depth > MT_EXPR_MAX_DEPTH)
            return fail_limit(p, "is nested deeper than MT_EXPR_MAX_DEPTH (64)");
        size_t r = parse_primary(p);
        p->depth--;
        return r;
    }
    return parse_primary(p);
}

static size_t parse_term(parser *p)
{
    size_t left = parse_unary(p);
    while (p->st == MT_OK) {
        skip_blanks(p);
        char c = p->text[p->pos];
        if (c != '*' && c != '/')
            break;
        p->pos++;
        size_t right = parse_unary(p);
        if (p->st != MT_OK)
            break;
        node nd = {.kind = c == '*' ? N_MUL : N_DIV, .left = left, .right = right};
        left = push_node(p, nd);
    }
    return p->st == MT_OK ? left : (size_t)-1;
}

static size_t parse_expr(parser *p)
{
    size_t left = parse_term(p);
    while (p->st == MT_OK) {
        skip_blanks(p);
        char c = p->text[p->pos];
        if (c != '+' && c != '-')
            break;
        p->pos++;
        size_t right = parse_term(p);
        if (p->st != MT_OK)
            break;
        node nd = {.kind = c == '+' ? N_ADD : N_SUB, .left = left, .right = right};
        left = push_node(p, nd);
    }
    return p->st == MT_OK ? left : (size_t)-1;
}

void mt_expr_free(mt_expr *e)
{
    if (e == NULL)
        return;
    for (size_t i = 0; i < e->n_refs; i++)
        free(e->refs[i]);
    for (size_t i = 0; i < e->n_params; i++)
        free(e->params[i]);
    free(e->refs);
    free(e->params);
    free(e->nodes);
    free(e);
}

mt_status mt_expr_parse(const char *text, mt_expr **out, mt_error *err)
{
    if (out == NULL)
        return mt_error_set(err, MT_EINVAL, "mt_expr_parse: out is NULL");
    *out = NULL;
    if (text == NULL)
        return mt_error_set(err, MT_EINVAL, "mt_expr_parse: text is NULL");
    if (strlen(text) > MT_EXPR_MAX_LEN)
        return mt_error_set(err, MT_ELIMIT, "expression longer than MT_EXPR_MAX_LEN (%d) characters",
                            MT_EXPR_MAX_LEN);
    mt_expr *e = calloc(1, sizeof *e);
    if (e == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory parsing an expression");
    parser p = {.text = text, .e = e, .err = err, .st = MT_OK};
    parse_expr(&p);
    if (p.st == MT_OK) {
        skip_blanks(&p);
        if (text[p.pos] != '\0')
            fail_expected(&p, "an operator (+ - * /) or end of expression");
    }
    if (p.st != MT_OK) {
        mt_expr_free(e);
        return p.st;
    }
    *out = e;
    return MT_OK;
}

size_t mt_expr_n_refs(const mt_expr *e) { return e ? e->n_refs : 0; }
size_t mt_expr_n_params(const mt_expr *e) { return e ? e->n_params : 0; }

const char *mt_expr_ref(const mt_expr *e, size_t i)
{
    return (e && i < e->n_refs) ? e->refs[i] : NULL;
}

const char *mt_expr_param(const mt_expr *e, size_t i)
{
    return (e && i < e->n_params) ? e->params[i] : NULL;
}

/* ------------------------------------------------------------- evaluator */

/* One forward sweep with dual numbers: seed selects the input whose
 * derivative is carried ((size_t)-1: none).  Returns 0 on success, -1 on a
 * division by zero or a non-finite intermediate. */
static int sweep(const mt_expr *e, const double *x, const double *params, size_t seed,
                 double *v, double *d)
{
    for (size_t i = 0; i < e->n_nodes; i++) {
        const node *nd = &e->nodes[i];
        double a, da, b, db;
        switch (nd->kind) {
        case N_NUM:
            v[i] = nd->num;
            d[i] = 0.0;
            break;
        case N_REF:
            v[i] = x[nd->index];
            d[i] = nd->index == seed ? 1.0 : 0.0;
            break;
        case N_PARAM:
            v[i] = params[nd->index];
            d[i] = 0.0;
            break;
        case N_NEG:
            v[i] = -v[nd->left];
            d[i] = -d[nd->left];
            break;
        default:
            a = v[nd->left];
            da = d[nd->left];
            b = v[nd->right];
            db = d[nd->right];
            if (nd->kind == N_ADD) {
                v[i] = a + b;
                d[i] = da + db;
            } else if (nd->kind == N_SUB) {
                v[i] = a - b;
                d[i] = da - db;
            } else if (nd->kind == N_MUL) {
                v[i] = a * b;
                d[i] = da * b + a * db;
            } else {
                if (b == 0.0)
                    return -1;
                v[i] = a / b;
                d[i] = (da * b - a * db) / (b * b);
            }
            break;
        }
        if (!isfinite(v[i]))
            return -1;
    }
    return 0;
}

mt_status mt_expr_eval_point(const mt_expr *e, const double *x, const double *params,
                             double *value, double *grad)
{
    if (e == NULL || value == NULL || e->n_nodes == 0 || (e->n_refs > 0 && x == NULL) ||
        (e->n_params > 0 && params == NULL))
        return MT_EINVAL;
    /* Post-order node arrays are at most MT_EXPR_MAX_NODES long: fixed
     * scratch on the stack keeps evaluation allocation-free and reentrant. */
    double v[MT_EXPR_MAX_NODES], d[MT_EXPR_MAX_NODES];
    *value = NAN;
    if (sweep(e, x, params, (size_t)-1, v, d) != 0)
        return MT_ENONFINITE;
    *value = v[e->n_nodes - 1];
    if (grad) {
        for (size_t j = 0; j < e->n_refs; j++) {
            if (sweep(e, x, params, j, v, d) != 0) {
                *value = NAN;
                return MT_ENONFINITE;
            }
            grad[j] = d[e->n_nodes - 1];
        }
    }
    return MT_OK;
}

mt_status mt_expr_eval(const mt_expr *e, const mt_expr_input *inputs, const double *params,
                       size_t n, double *value, double *se, size_t *n_divzero, mt_error *err)
{
    if (e == NULL || value == NULL || (e->n_refs > 0 && inputs == NULL) ||
        (e->n_params > 0 && params == NULL))
        return mt_error_set(err, MT_EINVAL, "mt_expr_eval: NULL expression, inputs or output");
    for (size_t j = 0; j < e->n_refs; j++)
        if (inputs[j].value == NULL && n > 0)
            return mt_error_set(err, MT_EINVAL, "mt_expr_eval: no values for {%s}", e->refs[j]);
    for (size_t k = 0; k < e->n_params; k++)
        if (!isfinite(params[k]))
            return mt_error_set(err, MT_EINVAL, "parameter '%s' is not a finite number",
                                e->params[k]);
    int any_se = 0;
    for (size_t j = 0; j < e->n_refs; j++)
        if (inputs[j].se)
            any_se = 1;
    double *x = malloc((e->n_refs + 1) * sizeof *x);
    double *g = malloc((e->n_refs + 1) * sizeof *g);
    if (x == NULL || g == NULL) {
        free(x);
        free(g);
        return mt_error_set(err, MT_ENOMEM, "out of memory evaluating an expression");
    }
    size_t ndz = 0;
    for (size_t t = 0; t < n; t++) {
        int missing = 0;
        for (size_t j = 0; j < e->n_refs; j++) {
            x[j] = inputs[j].value[t];
            if (!isfinite(x[j]))
                missing = 1;
        }
        value[t] = NAN;
        if (se)
            se[t] = NAN;
        if (missing)
            continue;
        double val;
        if (mt_expr_eval_point(e, x, params, &val, any_se && se ? g : NULL) != MT_OK) {
            ndz++;
            continue;
        }
        value[t] = val;
        if (any_se && se) {
            double var = 0.0;
            int ok = 1;
            for (size_t j = 0; j < e->n_refs; j++) {
                if (g[j] == 0.0 || inputs[j].se == NULL)
                    continue;
                double s = inputs[j].se[t];
                if (!isfinite(s) || s < 0 || !isfinite(g[j])) {
                    ok = 0;
                    break;
                }
                var += g[j] * g[j] * s * s;
            }
            /* A finite value can still have a gradient whose square overflows
             * (a division by a tiny number): the SE is then not computable,
             * i.e. NaN, never an infinite "SE". */
            se[t] = ok && isfinite(var) ? sqrt(var) : NAN;
        }
    }
    free(x);
    free(g);
    if (n_divzero)
        *n_divzero = ndz;
    return MT_OK;
}
