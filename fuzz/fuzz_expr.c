/*
 * fuzz_expr.c - libFuzzer target for the expression parser (expr.h).
 *
 * The input, cut at the first NUL, is parsed; a parsed expression is
 * evaluated over 6 aligned periods whose inputs cover the awkward cases
 * (zero, negative, tiny, huge, NaN; with and without SE) and with parameter
 * values that include zero, and pointwise with a gradient.  Checks: a
 * failure leaves *out NULL with a message; evaluation never reports a
 * non-finite value as a value (missing is NaN) nor a negative SE.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NP 6

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MT_EXPR_MAX_LEN + 16)
        return 0;
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    mt_expr *e = (mt_expr *)1;
    mt_error err;
    mt_error_clear(&err);
    mt_status st = mt_expr_parse(text, &e, &err);
    free(text);
    if (st != MT_OK) {
        if (e != NULL || err.msg[0] == '\0')
            abort();
        return 0;
    }
    size_t nr = mt_expr_n_refs(e), np = mt_expr_n_params(e);
    for (size_t i = 0; i < nr; i++)
        if (mt_expr_ref(e, i) == NULL)
            abort();
    for (size_t i = 0; i < np; i++)
        if (mt_expr_param(e, i) == NULL)
            abort();
    if (mt_expr_ref(e, nr) != NULL || mt_expr_param(e, np) != NULL)
        abort();

    static const double vals[4][NP] = {
        {1.0, 0.0, -2.5, 1e-300, 1e300, NAN},
        {3.0, 7.0, 0.0, -1e-300, NAN, 2.0},
        {0.5, -4.0, 1e10, 0.0, 5.0, 1.0},
        {100.0, 2.0, 3.0, 4.0, 1e308, 0.0},
    };
    static const double ses[NP] = {0.1, 0.0, NAN, 1.0, 0.5, 0.2};
    mt_expr_input *in = calloc(nr ? nr : 1, sizeof *in);
    double *params = calloc(np ? np : 1, sizeof *params);
    double *x = calloc(nr ? nr : 1, sizeof *x);
    double *grad = calloc(nr ? nr : 1, sizeof *grad);
    if (in && params && x && grad) {
        for (size_t i = 0; i < nr; i++) {
            in[i].value = vals[i % 4];
            in[i].se = (i % 2) ? NULL : ses;
        }
        for (size_t k = 0; k < np; k++)
            params[k] = (k % 3 == 2) ? 0.0 : (double)(k + 1) * 0.75;
        double value[NP], se[NP];
        size_t ndz = 0;
        mt_error e2;
        if (mt_expr_eval(e, in, params, NP, value, se, &ndz, &e2) == MT_OK) {
            for (size_t t = 0; t < NP; t++) {
                if (isinf(value[t]))
                    abort(); /* a non-finite result is missing, not a value */
                if (!isnan(se[t]) && (se[t] < 0 || isinf(se[t])))
                    abort();
            }
            if (ndz > NP)
                abort();
        }
        for (size_t i = 0; i < nr; i++)
            x[i] = vals[i % 4][0];
        double v;
        st = mt_expr_eval_point(e, nr ? x : NULL, np ? params : NULL, &v, grad);
        if (st == MT_OK && !isfinite(v))
            abort();
    }
    free(in);
    free(params);
    free(x);
    free(grad);
    mt_expr_free(e);
    return 0;
}
