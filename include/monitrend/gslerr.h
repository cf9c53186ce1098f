/*
 * gslerr.h - GSL's error handler, recording instead of aborting.
 *
 * GSL calls its error handler on every error it detects, including an
 * allocation failure deep inside a routine.  The default handler aborts;
 * "off" forgets.  mt_gsl_handler_install sets a handler that records the
 * first error of the calling thread (thread-local storage: the analysis
 * runs series in parallel, and one series' error must not be read by
 * another), so that a caller can check, after a GSL call, that nothing went
 * wrong that the call's return value does not show.
 *
 * Some GSL routines allocate scratch memory inside and do not check it:
 * gsl_multifit_wlinear_tsvd -> gsl_linalg_SV_decomp -> bidiag_decomp
 * allocates a vector and, when that fails, carries on with a null view and
 * crashes (found by tests/sh/alloc_failures.sh; the segfault of issue 13,
 * defect 10).  Around such a call the caller arms an escape: on GSL_ENOMEM
 * the handler longjmps back to the caller's setjmp, which reports
 * MT_ENOMEM.  What GSL allocated during the aborted call is leaked - only
 * when memory has already run out, and the run then ends with an error.
 *
 *     jmp_buf env;
 *     if (setjmp(env) != 0) { ... MT_ENOMEM ...; goto done; }
 *     mt_gsl_escape(&env);
 *     int gs = gsl_multifit_wlinear_tsvd(...);
 *     mt_gsl_escape(NULL);
 *
 * Only locals not modified between setjmp and the call may be used after
 * the jump (C11 7.13.2.1).  mt_gsl_wlinear_tsvd is that pattern around the
 * weighted least squares of the kernels, in a function of its own so that
 * no local of the caller lives across the setjmp.
 */
#ifndef MONITREND_GSLERR_H
#define MONITREND_GSLERR_H

#include <setjmp.h>
#include <stddef.h>

#include <gsl/gsl_multifit.h>

/* Install the recording handler.  Call once at program or test start. */
void mt_gsl_handler_install(void);

/* The GSL error code recorded in this thread since the last call (0 =
 * none), and clear it.  *reason (may be NULL) gets GSL's static text. */
int mt_gsl_error_take(const char **reason);

/* Arm (env) or disarm (NULL) this thread's escape from GSL_ENOMEM. */
void mt_gsl_escape(jmp_buf *env);

/* gsl_multifit_wlinear_tsvd (the weighted least squares of the trend,
 * season, band and comparability kernels) with the escape armed: returns
 * GSL's status, GSL_ENOMEM when memory ran out inside it (*rank then 0). */
int mt_gsl_wlinear_tsvd(const gsl_matrix *X, const gsl_vector *w, const gsl_vector *y, double tol,
                        gsl_vector *c, gsl_matrix *cov, double *chisq, size_t *rank,
                        gsl_multifit_linear_workspace *ws);

#endif
