/*
 * joinpoint_ar1.h - joinpoint regression with AR(1) errors: the joinpoints
 * and their number chosen under the AR(1) likelihood, not by least squares
 * (src/stats/joinpoint_ar1.c; docs/methods-joinpoint.md "Autocorrelated
 * errors").
 *
 * For each k the best joinpoint set and phi maximise the Gaussian likelihood
 * of the joinpoint model with AR(1) errors (Var e = sigma^2 S R(phi) S, S the
 * weights' diag(1/sqrt(w)), R_ij = phi^|lag between i and j|, ar1.h), by
 * alternating the two steps of Cochrane and Orcutt (1949): phi by maximum
 * likelihood at the current set (mt_ar1_gls_opt, ML), then the exhaustive
 * grid search over every admissible set on the transformed model (each set
 * fitted by GLS at that phi), until the set repeats.  Each step lowers
 * -2 ln L, so the alternation ends; it starts from the least-squares set,
 * and again from the best set at a few fixed phi when that set's own pair is
 * already better (a guard against a local optimum; the best pair wins).
 * k is chosen by the usual criteria with ln(SSE/n) replaced by
 * ln(SSE_R/n) + ln|R|/n (= -2 ln L / n up to a constant; SSE_R the GLS
 * residual sum of squares), one parameter more for phi, and WBIC's R2max taken
 * on the transformed data of each window; the permutation test (which
 * permutes residuals as exchangeable) is replaced by WBIC.  The selected
 * model is then refitted with phi by REML (mt_ar1_jp_refit_opt), as nlme
 * users select by ML and report REML.  At phi = 0 every number is that of
 * the least-squares search.
 */
#ifndef MONITREND_JOINPOINT_AR1_H
#define MONITREND_JOINPOINT_AR1_H

#include <stddef.h>

#include "monitrend/joinpoint.h"
#include "monitrend/status.h"

/* Rounds of the alternation per k before it is stopped (the best set seen
 * is then kept). */
#define MT_JP_AR1_MAX_ROUNDS 30

typedef struct {
    double phi;                                /* REML phi of the selected model */
    double phi_ml[MT_JP_MAX_JOINPOINTS + 1];   /* ML phi of the best set per k (NaN beyond) */
    double loglik[MT_JP_MAX_JOINPOINTS + 1];   /* its ML log-likelihood (nlme's logLik) */
    int rounds[MT_JP_MAX_JOINPOINTS + 1];      /* rounds per k; negative: stopped unsettled */
    mt_jp_select select_used;                  /* the permutation test is replaced by WBIC */
} mt_jp_ar1_info;

/*
 * Select and fit as mt_jp_fit, with AR(1) errors.  lag: n whole periods
 * between points (mt_ar1_lags), or NULL for consecutive points; w as in
 * mt_jp_fit.  Gaussian family only.  kstats[k].sse holds SSE_R and the
 * criteria use the likelihood term above.  Errors: those of mt_jp_fit,
 * MT_EINVAL for the Poisson family, MT_ELIMIT when the REML phi of the
 * selected model reaches MT_AR1_PHI_LIMIT (the caller keeps independent
 * errors then).
 */
mt_status mt_jp_ar1_fit(const double *t, const double *y, const double *w, const double *lag,
                        size_t n, const mt_jp_options *opts, mt_jp_result **out,
                        mt_jp_ar1_info *info, mt_error *err);

/* Best set for k joinpoints at a fixed phi: the least SSE_R over every
 * admissible set (ties keep the first in lexicographic order), for checks
 * against an independent search.  taus receives k times; returns MT_OK, or
 * MT_ETOOFEW when no admissible non-singular set exists. */
mt_status mt_jp_ar1_best_at(const double *t, const double *y, const double *w, const double *lag,
                            size_t n, const mt_jp_options *opts, int k, double phi, double *taus,
                            double *sse, mt_error *err);

#endif
