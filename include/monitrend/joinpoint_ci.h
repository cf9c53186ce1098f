/*
 * joinpoint_ci.h - confidence intervals for the locations of the joinpoints
 * of a selected joinpoint model, by residual bootstrap with the number of
 * joinpoints fixed (the location analogue of the Program's bootstrap
 * intervals; cf. Kim, Yu and Feuer 2009, "Selecting the number of change-
 * points in segmented line regression", Stat Sinica 19:597-609, and Davison
 * and Hinkley 1997, alg. 6.3 for the modified residuals).
 *
 * From the fitted model (k joinpoints, its level shifts), B samples y* =
 * fitted + r* / sqrt(w_i) are drawn, r* resampled with replacement from the
 * centred modified residuals sqrt(w_i) e_i / sqrt(1 - h_ii); on each the best
 * set of k joinpoints is searched again on the same grid (min_end,
 * min_between, grid_between of opts).  The interval of joinpoint j is the
 * pair of empirical quantiles (inverse of the empirical distribution, R's
 * quantile type 1, so the bounds are grid points) alpha/2 and 1 - alpha/2
 * of the j-th smallest joinpoint across samples.  Random numbers: mt19937
 * seeded with opts->seed, drawn point by point and sample by sample as
 * gsl_rng_uniform_int does.  Gaussian family only.  No I/O, no global
 * state.
 *
 * How (src/stats/joinpoint_ci.c): the admissible k-sets are factored once;
 * the samples are searched four at a time through the stored factors
 * (each lane doing the operations of a one-sample search in its order),
 * so the intervals are bit-identical to searching the samples one by one.
 */
#ifndef MONITREND_JOINPOINT_CI_H
#define MONITREND_JOINPOINT_CI_H

#include <stddef.h>
#include "monitrend/joinpoint.h"
#include "monitrend/status.h"

/* Bootstrap samples used by the pipeline, and the largest number of
 * admissible joinpoint sets searched per sample (beyond it MT_ELIMIT: the
 * intervals would cost minutes for a long monthly series). */
#define MT_JP_CI_BOOT 1000
#define MT_JP_CI_MAX_SETS 200000

/*
 * t, y, w, n and opts as given to mt_jp_fit for fit (the selected model);
 * lo, hi: caller arrays of fit->k values.  B >= 10.  Errors: MT_EINVAL
 * (NULL, B < 10, Poisson family, fit not from these data), MT_ELIMIT (more
 * than MT_JP_CI_MAX_SETS admissible sets), MT_ENOMEM.  With k = 0
 * nothing is written and MT_OK returned.
 */
mt_status mt_jp_location_ci(const double *t, const double *y, const double *w, size_t n,
                            const mt_jp_options *opts, const mt_jp_result *fit, size_t B,
                            double *lo, double *hi, mt_error *err);

#endif
