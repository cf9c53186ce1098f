/*
 * gslerr.c - GSL errors recorded per thread (see gslerr.h).
 */
#include "monitrend/gslerr.h"

#include <gsl/gsl_errno.h>
#include <stddef.h>

/* Per thread by design: each analysis thread sees only its own errors. */
static _Thread_local int last_code;
static _Thread_local const char *last_reason;
static _Thread_local jmp_buf *escape;

static void record(const char *reason, const char *file, int line, int gsl_errno)
{
    (void)file;
    (void)line;
    if (last_code == 0) {
        last_code = gsl_errno;
        last_reason = reason;
    }
    if (gsl_errno == GSL_ENOMEM && escape != NULL) {
        jmp_buf *e = escape;
        escape = NULL;
        longjmp(*e, 1);
    }
}

void mt_gsl_escape(jmp_buf *env)
{
    escape = env;
}

void mt_gsl_handler_install(void)
{
    gsl_set_error_handler(record);
}

int mt_gsl_error_take(const char **reason)
{
    int c = last_code;
    if (reason != NULL)
        *reason = last_reason;
    last_code = 0;
    last_reason = NULL;
    return c;
}

int mt_gsl_wlinear_tsvd(const gsl_matrix *X, const gsl_vector *w, const gsl_vector *y, double tol,
                        gsl_vector *c, gsl_matrix *cov, double *chisq, size_t *rank,
                        gsl_multifit_linear_workspace *ws)
{
    jmp_buf env;
    if (setjmp(env) != 0) {
        *rank = 0;
        return GSL_ENOMEM;
    }
    mt_gsl_escape(&env);
    int gs = gsl_multifit_wlinear_tsvd(X, w, y, tol, c, cov, chisq, rank, ws);
    mt_gsl_escape(NULL);
    return gs;
}
