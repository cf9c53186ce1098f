/*
 * anomaly.h - values that do not fit their series, as data notes.
 *
 * Three independent rules, each documented with its false-positive control in
 * docs/methods-events.md:
 *
 *  residual  the externally studentized residual of the trend (a line in t on
 *            the analysis scale, or any design the caller passes, such as a
 *            joinpoint fit) is an outlier by the Bonferroni outlier test:
 *            n * 2 * P(T_{n-p-1} > |r_i|) < alpha (default 0.05), the test of
 *            R's car::outlierTest.  r_i is a leave-one-out statistic (point i
 *            does not inflate the SD it is measured against), and the test is
 *            repeated after setting a flagged point aside, so that one large
 *            outlier cannot hide a second (masking).
 *  repeat    a value identical to the previous observation where such a tie
 *            is improbable by chance: given the value's own recorded
 *            resolution (its decimals) and the robust spread of the series'
 *            period-to-period changes, the chance of an exact tie is
 *            P = delta / (sigma sqrt(2 pi)); flag when (n-1) P < repeat_alpha.
 *            Small integer counts and one-decimal percentages tie often and
 *            are not flagged; 12009.604 kg twice is.
 *  jump      an isolated spike or dip of about an order of magnitude: the
 *            value differs from both neighbours by at least jump_factor
 *            (default sqrt(10), i.e. log10 of the ratio rounds to 1 or more),
 *            in the same direction, while the neighbourhood (two points each
 *            side) otherwise moves by less than the factor; for integer
 *            values the jump must also be improbable as Poisson noise
 *            (Bonferroni over the interior points, level alpha), so that
 *            small counts (1 between 4 and 5) are not flagged.
 *
 * The arrays are plain, already stripped of missing points, times in decimal
 * years strictly increasing.  No I/O and no text: a flag carries its kind
 * and numbers, and the caller words it.
 */
#ifndef MONITREND_ANOMALY_H
#define MONITREND_ANOMALY_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "monitrend/status.h"


#include "monitrend/vocab.h" /* mt_anomaly_kind */

typedef struct {
    size_t index;          /* into the caller's arrays */
    mt_anomaly_kind kind;
    double t, value;       /* time and value (data scale) of the flagged point */
    double statistic;      /* residual: studentized r_i (signed); repeat: chance P of the
                            * tie; jump: the smaller factor against the two neighbours
                            * (> 1 spike, < 1 dip) */
    double p;              /* residual: Bonferroni p; repeat: (n-1) P; jump: NaN */
    double ratio_prev;     /* jump: value / previous value; else NaN */
    double ratio_next;     /* jump: value / next value; else NaN */
    /* No sentence: the presentation layer words a flag from these numbers
     * and its kind (anomaly_words.h). */
} mt_anomaly;

typedef struct {
    int log_scale;         /* residual rule on log(y) (needs y > 0) */
    int residual, repeat, jump; /* rules switched on (1) or off (0) */
    double alpha;          /* Bonferroni level of the residual rule, (0, 1) */
    double repeat_alpha;   /* level of the repeat rule, (0, 1) */
    double jump_factor;    /* > 1 */
    size_t max_outliers;   /* at most this many residual rounds; 0 = n / 4 */
} mt_anomaly_opts;

/* Defaults: log scale, all rules on, alpha = repeat_alpha = 0.05,
 * jump_factor = sqrt(10), max_outliers = 0 (n / 4). */
void mt_anomaly_opts_default(mt_anomaly_opts *opts);

/* Find anomalies in the n points (t, y).  X is the trend design for the
 * residual rule (n rows; NULL for a straight line in t, see
 * mt_bands_design).  opts NULL means the defaults.
 * The residual rule runs when n - p - 1 >= 2 and is skipped otherwise; points
 * with leverage 1 cannot be studentized and are never flagged by it.  The
 * repeat rule needs n >= 5 and a non-zero spread of changes; the jump rule
 * looks at interior points with positive neighbours.  Flags come sorted by
 * index, then kind.
 * Returns MT_OK and *out (caller frees with mt_anomaly_free; NULL when
 * *n_out is 0); MT_EINVAL (NULL arguments, non-finite or unsorted data, y <= 0
 * on the log scale, bad options, X with the wrong row count), MT_ESINGULAR,
 * MT_ENOMEM. */
mt_status mt_anomaly_find(const double *t, const double *y, size_t n, const gsl_matrix *X,
                          const mt_anomaly_opts *opts,
                          mt_anomaly **out, size_t *n_out, mt_error *err);

/* Release an array from mt_anomaly_find; NULL is a no-op. */
void mt_anomaly_free(mt_anomaly *a);

#endif
