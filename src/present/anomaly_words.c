/*
 * anomaly_words.c - the English reason of an anomaly flag (anomaly_words.h).
 *
 * The wording and precision are those the detector used to print itself:
 * values %.10g (as the CSV keeps them), residuals and factors %.1f, the
 * Bonferroni p %.2g and the chance of a tie %.1g.
 */
#include "monitrend/anomaly_words.h"

#include <math.h>
#include <stdio.h>

void mt_anomaly_reason_en(const mt_an_anomaly *a, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    buf[0] = '\0';
    if (a == NULL)
        return;
    switch (a->kind) {
    case MT_ANOMALY_RESIDUAL:
        snprintf(buf, size,
                 "value %.10g in %s is %.1f residual SDs %s the trend "
                 "(externally studentized residual, Bonferroni p = %.2g)",
                 a->value, a->period, fabs(a->statistic), a->statistic < 0 ? "below" : "above", a->p);
        break;
    case MT_ANOMALY_REPEAT:
        snprintf(buf, size,
                 "value %.10g in %s repeats the value of %s exactly "
                 "(chance of such a tie about %.1g)",
                 a->value, a->period, a->prev_period, a->statistic);
        break;
    case MT_ANOMALY_JUMP: {
        /* a spike is up against both neighbours, a dip down against both */
        int up = a->ratio_prev > 1.0;
        snprintf(buf, size,
                 "value %.10g in %s is %.1f and %.1f times %sits neighbours "
                 "(%.10g in %s, %.10g in %s)",
                 a->value, a->period, up ? a->ratio_prev : 1.0 / a->ratio_prev,
                 up ? a->ratio_next : 1.0 / a->ratio_next, up ? "" : "smaller than ",
                 a->prev_value, a->prev_period, a->next_value, a->next_period);
        break;
    }
    }
}
