/* test_expr.c - the expression parser and evaluator: syntax, error messages
 * with positions, references and parameters, missing values, division by
 * zero, limits, and the delta-method SE checked against a hand derivation
 * and against central finite differences (numeric derivation). */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_helpers.h"

#include <gsl/gsl_errno.h>

#include "monitrend/init.h"
#include "monitrend/expr.h"

#define NEAR(g, w) assert_near((g), (w), 1e-13, 1e-12, "%s", #g)

static double eval1(const char *text, const double *x, const double *p)
{
    mt_expr *e;
    mt_error err;
    if (mt_expr_parse(text, &e, &err) != MT_OK)
        fail_msg("parse '%s': %s", text, err.msg);
    double v;
    mt_status st = mt_expr_eval_point(e, x, p, &v, NULL);
    mt_expr_free(e);
    return st == MT_OK ? v : NAN;
}

static void test_precedence(void **state)
{
    (void)state;
    NEAR(eval1("1 + 2 * 3", NULL, NULL), 7);
    NEAR(eval1("(1 + 2) * 3", NULL, NULL), 9);
    NEAR(eval1("8 / 4 / 2", NULL, NULL), 1);    /* left-associative */
    NEAR(eval1("10 - 4 - 3", NULL, NULL), 3);
    NEAR(eval1("-2 * -3", NULL, NULL), 6);
    NEAR(eval1("--2.5", NULL, NULL), 2.5);
    NEAR(eval1("+.5e1 - 1E-1", NULL, NULL), 4.9);
    NEAR(eval1("2 * -(3 + 4) / 7", NULL, NULL), -2);
    const double x[2] = {63.4, 71.3};
    NEAR(eval1("{price/cocaine} / ({purity/cocaine} / 100)", x, NULL), 6340.0 / 71.3);
    const double p[1] = {2.33};
    const double w[1] = {688.55};
    NEAR(eval1("{ww/cocaine/Utrecht} * be_to_cocaine", w, p), 688.55 * 2.33);
}

static void test_refs_params(void **state)
{
    (void)state;
    mt_expr *e;
    assert_int_equal(mt_expr_parse("({a/x} + k_1) * { b/y/z } - {a/x} / k-2 + k_1", &e, NULL),
                     MT_OK);
    assert_int_equal(mt_expr_n_refs(e), 2);
    assert_string_equal(mt_expr_ref(e, 0), "a/x");
    assert_string_equal(mt_expr_ref(e, 1), "b/y/z"); /* blanks trimmed */
    assert_null(mt_expr_ref(e, 2));
    assert_int_equal(mt_expr_n_params(e), 2);
    assert_string_equal(mt_expr_param(e, 0), "k_1");
    assert_string_equal(mt_expr_param(e, 1), "k-2"); /* model IDs may hold '-' */
    const double x[2] = {3, 5}, p[2] = {0.5, 4};
    double v, g[2];
    assert_int_equal(mt_expr_eval_point(e, x, p, &v, g), MT_OK);
    /* (3 + .5) * 5 - 3 / 4 + .5; d/da = 5 - 1/4, d/db = 3.5 */
    NEAR(v, 3.5 * 5 - 0.75 + 0.5);
    NEAR(g[0], 4.75);
    NEAR(g[1], 3.5);
    assert_int_equal(mt_expr_eval_point(e, NULL, p, &v, g), MT_EINVAL);
    assert_int_equal(mt_expr_eval_point(e, x, NULL, &v, g), MT_EINVAL);
    mt_expr_free(e);
    mt_expr_free(NULL);
}

static void expect_error(const char *text, mt_status st, const char *msg, long column)
{
    mt_expr *e = (mt_expr *)&e; /* must come back NULL */
    mt_error err;
    mt_error_clear(&err);
    assert_int_equal(mt_expr_parse(text, &e, &err), st);
    assert_null(e);
    if (msg)
        assert_string_equal(err.msg, msg);
    if (column)
        assert_int_equal(err.column, column);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    expect_error("1 +", MT_EPARSE,
                 "column 4: expected a number, a {series}, a parameter name or '(', found end of "
                 "expression", 4);
    expect_error("(1 + 2", MT_EPARSE, "column 7: expected ')', found end of expression", 7);
    expect_error("{a/b", MT_EPARSE,
                 "column 5: expected '}' closing the series reference, found end of expression", 5);
    expect_error("{  } * 2", MT_EPARSE, "column 2: expected a series id inside the braces, found ' '",
                 2);
    expect_error("2 3", MT_EPARSE,
                 "column 3: expected an operator (+ - * /) or end of expression, found '3'", 3);
    expect_error("1e+", MT_EPARSE, "column 4: expected digits of the exponent, found end of expression",
                 4);
    expect_error("2 ^ 3", MT_EPARSE, NULL, 3);
    expect_error("", MT_EPARSE, NULL, 1);
    expect_error("1e999", MT_EPARSE, "column 1: expected a finite number, found '1'", 1);
    mt_expr *e;
    assert_int_equal(mt_expr_parse(NULL, &e, NULL), MT_EINVAL);
    assert_int_equal(mt_expr_parse("1", NULL, NULL), MT_EINVAL);
}

static void test_limits(void **state)
{
    (void)state;
    char *s = malloc(MT_EXPR_MAX_LEN + 2);
    assert_non_null(s);
    memset(s, '1', MT_EXPR_MAX_LEN + 1);
    s[MT_EXPR_MAX_LEN + 1] = '\0';
    expect_error(s, MT_ELIMIT, "expression longer than MT_EXPR_MAX_LEN (4096) characters", 0);
    /* 65 nested parentheses: too deep; 64 are fine */
    memset(s, 0, MT_EXPR_MAX_LEN + 2);
    for (int i = 0; i < 65; i++)
        strcat(s, "(");
    strcat(s, "1");
    for (int i = 0; i < 65; i++)
        strcat(s, ")");
    expect_error(s, MT_ELIMIT, NULL, 65);
    mt_expr *e;
    assert_int_equal(mt_expr_parse(s + 1, &e, NULL), MT_EPARSE); /* unbalanced: one ')' extra */
    s[strlen(s) - 1] = '\0';
    assert_int_equal(mt_expr_parse(s + 1, &e, NULL), MT_OK);
    mt_expr_free(e);
    /* 513 terms "1+1+...": 1025 nodes */
    memset(s, 0, MT_EXPR_MAX_LEN + 2);
    strcat(s, "1");
    for (int i = 0; i < 512; i++)
        strcat(s, "+1");
    expect_error(s, MT_ELIMIT, NULL, 0);
    free(s);
}

/* Period-by-period evaluation: missing inputs, division by zero, the
 * delta-method SE against the hand derivation for price / (purity / 100):
 * df/dprice = 100 / purity, df/dpurity = -100 price / purity^2. */
static void test_eval_series(void **state)
{
    (void)state;
    mt_expr *e;
    assert_int_equal(mt_expr_parse("{price} / ({purity} / 100)", &e, NULL), MT_OK);
    const double price[4] = {63.4, 58.9, NAN, 71.0}, purity[4] = {71.3, 0.0, 60.0, 64.8};
    const double sp[4] = {2.1, 1.0, 1.0, NAN}, sq[4] = {3.2, 1.0, 1.0, 2.5};
    mt_expr_input in[2] = {{price, sp}, {purity, sq}};
    double v[4], se[4];
    size_t ndz;
    mt_error err;
    assert_int_equal(mt_expr_eval(e, in, NULL, 4, v, se, &ndz, &err), MT_OK);
    double f = 100 * 63.4 / 71.3, gp = 100 / 71.3, gq = -100 * 63.4 / (71.3 * 71.3);
    NEAR(v[0], f);
    NEAR(se[0], sqrt(gp * gp * 2.1 * 2.1 + gq * gq * 3.2 * 3.2));
    assert_true(isnan(v[1])); /* division by zero */
    assert_int_equal(ndz, 1);
    assert_true(isnan(v[2])); /* missing input, not counted as division by zero */
    NEAR(v[3], 7100 / 64.8);
    assert_true(isnan(se[3])); /* price's SE missing at that period */
    /* inputs without SEs: exact, and SE NaN everywhere when none has one */
    mt_expr_input bare[2] = {{price, NULL}, {purity, sq}};
    assert_int_equal(mt_expr_eval(e, bare, NULL, 4, v, se, NULL, &err), MT_OK);
    NEAR(se[0], fabs(gq) * 3.2);
    mt_expr_input none[2] = {{price, NULL}, {purity, NULL}};
    assert_int_equal(mt_expr_eval(e, none, NULL, 4, v, se, NULL, &err), MT_OK);
    assert_true(isnan(se[0]));
    assert_int_equal(mt_expr_eval(e, NULL, NULL, 4, v, se, NULL, &err), MT_EINVAL);
    mt_expr_free(e);
    /* a parameter that is not finite is named in the error */
    assert_int_equal(mt_expr_parse("{a} * factor", &e, NULL), MT_OK);
    const double bad[1] = {NAN};
    mt_expr_input one[1] = {{price, NULL}};
    assert_int_equal(mt_expr_eval(e, one, bad, 4, v, NULL, NULL, &err), MT_EINVAL);
    assert_string_equal(err.msg, "parameter 'factor' is not a finite number");
    mt_expr_free(e);
}

/* Fuzz finding (fuzz/README.md): a finite value whose gradient squared
 * overflows, {a} / ({b} / 100) at a = 1e-300 (SE 1), b = -1e-300: the value
 * is -100 but df/da = 100/b = -1e302 and its square overflows, so the
 * delta-method SE is not computable and must be NaN, never +Inf. */
static void test_se_overflow(void **state)
{
    (void)state;
    mt_expr *e;
    assert_int_equal(mt_expr_parse("{a} / ({b} / 100)", &e, NULL), MT_OK);
    const double a[2] = {1e-300, 63.4}, b[2] = {-1e-300, 71.3}, sa[2] = {1.0, 2.1};
    mt_expr_input in[2] = {{a, sa}, {b, NULL}};
    double v[2], se[2];
    size_t ndz = 9;
    mt_error err;
    assert_int_equal(mt_expr_eval(e, in, NULL, 2, v, se, &ndz, &err), MT_OK);
    assert_int_equal(ndz, 0);
    NEAR(v[0], -100.0);
    assert_true(isnan(se[0]));
    NEAR(se[1], 100 / 71.3 * 2.1); /* the next period is unaffected */
    mt_expr_free(e);
}

/* Gradient of a nonlinear expression against central differences (step
 * h = 1e-5 x, error O(h^2): relative tolerance 1e-7). */
static void test_gradient_numeric(void **state)
{
    (void)state;
    mt_expr *e;
    assert_int_equal(mt_expr_parse("({v} / ({p} * pop)) * 1e6 - {v} * {p} / (1 + {p} * {p}) + k * {w}",
                                   &e, NULL),
                     MT_OK);
    assert_int_equal(mt_expr_n_refs(e), 3);
    const double params[2] = {17.4e6, -0.37}; /* pop, k */
    const double x0[3] = {412.7, 0.0283, 9.61};
    double v, g[3];
    assert_int_equal(mt_expr_eval_point(e, x0, params, &v, g), MT_OK);
    for (int j = 0; j < 3; j++) {
        double xp[3], xm[3], fp, fm;
        memcpy(xp, x0, sizeof xp);
        memcpy(xm, x0, sizeof xm);
        double h = 1e-5 * fabs(x0[j]);
        xp[j] += h;
        xm[j] -= h;
        mt_expr_eval_point(e, xp, params, &fp, NULL);
        mt_expr_eval_point(e, xm, params, &fm, NULL);
        assert_near(g[j], (fp - fm) / (2 * h), 1e-7, 1e-12, "%s", "g[j]");
    }
    mt_expr_free(e);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_refs_params),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_eval_series),
        cmocka_unit_test(test_gradient_numeric),
        cmocka_unit_test(test_se_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
