/*
 * series_note_words.c - the English words of a series result's notes
 * (series_note_words.h); the run gives the code, numbers and carried
 * strings (series_note.h).
 */
#include "monitrend/series_note_words.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "monitrend/vocab.h"

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

static const char *why_word(int j)
{
    switch ((mt_snote_why)j) {
    case MT_SNOTE_WHY_NOT_WHOLE: return "the values are not whole counts";
    case MT_SNOTE_WHY_SE: return "the values carry standard errors";
    case MT_SNOTE_WHY_LINEAR: return "the linear scale was asked for";
    }
    return "";
}

void mt_series_note_word(const mt_series_note *x, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    buf[0] = '\0';
    const char *t = x->text, *id = x->id;
    switch (x->code) {
    case MT_SNOTE_NONE:
        break;
    case MT_SNOTE_ZEROS_LINEAR:
        snprintf(buf, size, "zeros = linear: %zu value%s <= 0 (%s), so the whole series on the linear scale",
                 x->n, plural(x->n), t);
        break;
    case MT_SNOTE_ZEROS_HALF_MIN:
        snprintf(buf, size, "zeros = half-min: %zu value%s <= 0 (%s) replaced by half the smallest positive value, %g",
                 x->n, plural(x->n), t, x->x);
        break;
    case MT_SNOTE_ZERO_COUNTS:
        snprintf(buf, size, "%zu zero count%s (%s) in the count model; left out of the log-scale methods "
                 "(Mann-Kendall/Sen, breaks, events, anomalies)", x->n, plural(x->n), t);
        break;
    case MT_SNOTE_NONPOS_LEFT_OUT:
        snprintf(buf, size, "%zu value%s <= 0 left out of the log-scale fits: %s", x->n, plural(x->n), t);
        break;
    case MT_SNOTE_SE_PARTIAL:
        snprintf(buf, size, "standard errors given for %zu of %zu points: fitted unweighted", x->n, x->m);
        break;
    case MT_SNOTE_WEIGHTS_OOM:
        snprintf(buf, size, "out of memory for weights: fitted unweighted");
        break;
    case MT_SNOTE_LOD:
        snprintf(buf, size, "%zu value%s below the limit of detection (flag lod), shown but not fitted: %s",
                 x->n, plural(x->n), t);
        break;
    case MT_SNOTE_DESCRIPTIVE:
        snprintf(buf, size, "%zu point%s to fit: descriptive only", x->n, plural(x->n));
        break;
    case MT_SNOTE_VARIANCE_SEASONAL:
        snprintf(buf, size, "%s variance asked for, but not with seasonal terms: least squares used",
                 mt_variance_name((mt_variance)x->k));
        break;
    case MT_SNOTE_COUNT_SEASONAL:
        snprintf(buf, size, "count series with seasonal terms: least squares on the log scale");
        break;
    case MT_SNOTE_VARIANCE_NOT_COUNTS:
        snprintf(buf, size, "%s variance asked for, but %s: least squares used",
                 mt_variance_name((mt_variance)x->k), why_word(x->j));
        break;
    case MT_SNOTE_COUNT_NOT_COUNTS:
        snprintf(buf, size, "count series, but %s: least squares on the analysis scale", why_word(x->j));
        break;
    case MT_SNOTE_SCALE_WHY:
        snprintf(buf, size, "%s", mt_scale_why_word((mt_scale_why)x->k, MT_LANG_EN));
        break;
    case MT_SNOTE_DESCRIPTIVE_LEFT:
        snprintf(buf, size, "%zu point%s left to fit: descriptive only", x->n, plural(x->n));
        break;
    case MT_SNOTE_DEFCHANGE_TOO_FEW:
        snprintf(buf, size, "definition change %s not modelled: too few points on one side", id);
        break;
    case MT_SNOTE_SEASON_ERR:
        snprintf(buf, size, "seasonal terms not used: %s", t);
        break;
    case MT_SNOTE_SEASON_OOM:
        snprintf(buf, size, "seasonal terms not used: out of memory");
        break;
    case MT_SNOTE_SEASON_TOO_FEW:
        snprintf(buf, size, "seasonal terms not used: %zu points for %zu seasonal parameters", x->n, x->m);
        break;
    case MT_SNOTE_BANDS_ERR:
        snprintf(buf, size, "bands not computed: %s", t);
        break;
    case MT_SNOTE_ANOMALY_ERR:
        snprintf(buf, size, "anomaly check not run: %s", t);
        break;
    case MT_SNOTE_BREAKS_NONE_SOUGHT:
        snprintf(buf, size, "breaks: --max-breaks 0, none sought");
        break;
    case MT_SNOTE_BREAKS_SEASON_ROUNDS:
        snprintf(buf, size, "breaks with seasonal terms did not settle in %d rounds", x->k);
        break;
    case MT_SNOTE_BREAKS_ERR:
        snprintf(buf, size, "breaks not computed: %s", t);
        break;
    case MT_SNOTE_BRIDGE_ERR:
        snprintf(buf, size, "definition change %s: %s", id, t);
        break;
    case MT_SNOTE_BRIDGED:
        snprintf(buf, size, "definition change %s bridged by the comparability ratio %.4g (SE %.4g): "
                 "%zu earlier value%s multiplied", id, x->x, x->y, x->n, plural(x->n));
        break;
    case MT_SNOTE_DW_AUTOCORR:
        snprintf(buf, size, "Durbin-Watson %.2f: the residuals are autocorrelated; errors = ar1 "
                 "(--errors ar1) fits AR(1) errors", x->x);
        break;
    case MT_SNOTE_AR1_POISSON:
        snprintf(buf, size, "AR(1) errors not fitted: the count model has a Poisson variance, "
                 "AR(1) errors need least squares");
        break;
    case MT_SNOTE_AR1_SEASONAL:
        snprintf(buf, size, "AR(1) errors not fitted: not combined with seasonal terms");
        break;
    case MT_SNOTE_AR1_COEFS:
        snprintf(buf, size, "AR(1) errors not fitted: %zu coefficients", x->n);
        break;
    case MT_SNOTE_AR1_BOUNDARY:
        snprintf(buf, size, "AR(1) errors not used: phi = %.3f at the boundary (a random walk?); "
                 "independent errors kept", x->x);
        break;
    case MT_SNOTE_AR1_ERR:
        snprintf(buf, size, "AR(1) errors not fitted: %s", t);
        break;
    case MT_SNOTE_AR1_TREND:
        snprintf(buf, size, "trend with AR(1) errors (GLS, phi by REML): phi = %.3f%s", x->x,
                 x->k ? " (across the gaps: phi to the power of the periods between points)" : "");
        break;
    case MT_SNOTE_JP_COUNT_IID:
        snprintf(buf, size, "joinpoints of the count model fitted with independent errors: "
                 "AR(1) errors need least squares, not a Poisson variance");
        break;
    case MT_SNOTE_JP_AR1:
        snprintf(buf, size, "joinpoints chosen and fitted with AR(1) errors (GLS; phi by ML in the search, "
                 "by REML in the model): phi = %.3f", x->x);
        break;
    case MT_SNOTE_JP_AR1_WBIC:
        snprintf(buf, size, "joinpoints selected by WBIC: the permutation test assumes independent errors");
        break;
    case MT_SNOTE_JP_AR1_ROUNDS:
        snprintf(buf, size, "AR(1) search with %d joinpoint%s did not settle in %d rounds: "
                 "the best set seen kept", x->k, x->k == 1 ? "" : "s", x->j);
        break;
    case MT_SNOTE_PROJ_FEW:
        snprintf(buf, size, "no projection: %zu points after the last joinpoint (at least %d needed)", x->n,
                 x->k);
        break;
    case MT_SNOTE_PROJ_DEFCHANGE:
        snprintf(buf, size, "no projection: the last segment starts before the definition change of %s", id);
        break;
    case MT_SNOTE_PROJ_ERR:
        snprintf(buf, size, "no projection: %s", t);
        break;
    case MT_SNOTE_CHANGES_OOM:
        snprintf(buf, size, "changes not computed: out of memory");
        break;
    case MT_SNOTE_CHANGES_ERR:
        snprintf(buf, size, "changes not computed: %s", t);
        break;
    case MT_SNOTE_CHANGE_PREV:
        snprintf(buf, size, "change on previous period: %s", t);
        break;
    case MT_SNOTE_TREND_ERR:
        snprintf(buf, size, "trend not fitted: %s", t);
        break;
    case MT_SNOTE_OVERDISPERSED:
        snprintf(buf, size, "counts overdispersed (Pearson dispersion %.3g > 1): quasi-Poisson variance", x->x);
        break;
    case MT_SNOTE_NOT_OVERDISPERSED:
        snprintf(buf, size, "counts not overdispersed (Pearson dispersion %.3g <= 1): Poisson variance", x->x);
        break;
    case MT_SNOTE_POISSON_OVERDISPERSED:
        snprintf(buf, size, "Poisson variance as asked, although the counts are overdispersed (Pearson "
                 "dispersion %.3g > 1): its intervals are too narrow; variance = quasipoisson widens them",
                 x->x);
        break;
    case MT_SNOTE_LINEAR_SCALE:
        snprintf(buf, size, "linear scale: slope in units per year, no APC");
        break;
    case MT_SNOTE_MK_ERR:
        snprintf(buf, size, "Mann-Kendall not computed: %s", t);
        break;
    case MT_SNOTE_MK_NOTE:
        snprintf(buf, size, "%s", mt_mk_note_word((mt_mk_note)x->k, MT_LANG_EN));
        break;
    case MT_SNOTE_JP_COUNT_WBIC:
        snprintf(buf, size, "joinpoints of the count model selected by WBIC: the permutation test is least squares only");
        break;
    case MT_SNOTE_JP_SEASON_IID:
        snprintf(buf, size, "joinpoints with seasonal terms fitted with independent errors: AR(1) errors "
                 "are not combined with seasonal terms");
        break;
    case MT_SNOTE_JP_SEASON_ROUNDS:
        snprintf(buf, size, "joinpoints with seasonal terms did not settle in %d rounds", x->k);
        break;
    case MT_SNOTE_JP_AR1_ERR:
        snprintf(buf, size, "joinpoints with AR(1) errors not fitted: %s; independent errors kept", t);
        break;
    case MT_SNOTE_JP_ERR:
        snprintf(buf, size, "joinpoints not fitted: %s", t);
        break;
    case MT_SNOTE_JP_TOO_FEW:
        snprintf(buf, size, "%zu points: too few for joinpoints, none tried", x->n);
        break;
    case MT_SNOTE_JP_CI_AR1:
        snprintf(buf, size, "joinpoint CIs not computed: the bootstrap resamples independent residuals, "
                 "not AR(1) errors");
        break;
    case MT_SNOTE_JP_CI_ERR:
        snprintf(buf, size, "joinpoint CIs not computed: %s", t);
        break;
    case MT_SNOTE_BOOT_SEASON:
        snprintf(buf, size, "bootstrap band not computed: not available with seasonal terms");
        break;
    case MT_SNOTE_BOOT_ERR:
        snprintf(buf, size, "bootstrap band not computed: %s", t);
        break;
    }
}

void mt_series_note_text(const mt_series_result *r, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    buf[0] = '\0';
    size_t len = 0;
    for (size_t i = 0; i < r->n_notes; i++) {
        if (len + 3 >= size)
            break;
        if (len > 0) {
            memcpy(buf + len, "; ", 3);
            len += 2;
        }
        mt_series_note_word(&r->notes[i], buf + len, size - len);
        len += strlen(buf + len);
    }
}
