/*
 * crossverdict.c - the decision table of a concordance verdict (issue 11;
 * docs/methods-crosscheck.md, section 3) and the machine-readable reason
 * codes of every cross-check verdict.
 *
 * The table reads statistics the concordance has already computed (each
 * checked against R): it adds no estimate of its own.  It is separate from
 * crosscheck.c so that the rules can be read, and tested cell by cell, in
 * one place.  Words for reports are made in src/present (cc_words.c).
 */
#include "monitrend/crosscheck.h"

#include <math.h>

const char *mt_crosscheck_reason_code(mt_verdict_reason r)
{
    switch (r) {
    case MT_REASON_NONE: return "";
    case MT_REASON_TOO_FEW_PERIODS: return "too_few_periods";
    case MT_REASON_TOO_FEW_CHANGES: return "too_few_changes";
    case MT_REASON_TRENDS_AGAINST: return "trends_against_expected";
    case MT_REASON_CHANGES_AGAINST: return "changes_against_expected";
    case MT_REASON_LEVELS_AGAINST: return "levels_against_expected";
    case MT_REASON_RATES_DIFFER: return "rates_differ";
    case MT_REASON_CHANGES_DISAGREE: return "changes_disagree";
    case MT_REASON_DIFF_CI_WIDE: return "apc_diff_ci_wide";
    case MT_REASON_NO_COMOVEMENT: return "no_comovement";
    case MT_REASON_CHANGES_COMOVE: return "changes_comove";
    case MT_REASON_LEVELS_COMOVE: return "levels_comove";
    case MT_REASON_TRENDS_COMOVE: return "trends_comove";
    case MT_REASON_SHARE_FALLS: return "share_falls";
    case MT_REASON_SHARE_RISES: return "share_rises";
    case MT_REASON_SHARE_TOTAL_FALLS: return "share_shifts_total_falls";
    case MT_REASON_SHARE_FLAT: return "share_flat";
    case MT_REASON_TREND_UP: return "trend_up";
    case MT_REASON_TREND_DOWN: return "trend_down";
    case MT_REASON_TREND_FLAT: return "trend_flat";
    case MT_REASON_NO_COMMON: return "no_common_periods";
    }
    return "";
}

/* A correlation interval that lies wholly on the expected (sign s) side of
 * 0, or wholly on the other side.  NaN bounds (n < 4) decide nothing. */
static int ci_for(double lo, double hi, int s)
{
    return s > 0 ? lo > 0 : hi < 0;
}

static int ci_against(double lo, double hi, int s)
{
    return ci_for(lo, hi, -s);
}

mt_verdict mt_crosscheck_concordance_verdict(const mt_concordance *c, const mt_crosscheck_options *opt,
                                             mt_verdict_reason *reason)
{
    mt_crosscheck_options o;
    if (opt)
        o = *opt;
    else
        mt_crosscheck_options_default(&o);
    mt_verdict_reason why;
    mt_verdict v;
    /* s = +1: the members should move together; -1: against each other.
     * Every statistic below is read in the expected direction: "with" counts
     * the periods whose changes went the expected way. */
    int s = o.expect == MT_EXPECT_OPPOSITE ? -1 : 1;
    double alpha = 1.0 - o.level;
    size_t with = s > 0 ? c->agree : c->total - c->agree;
    size_t against = c->total - with;
    int trends_sig = c->a.direction != 0 && c->b.direction != 0;
    /* the rate comparison applies only when both measure one thing: for an
     * inverse relation the sizes of the two changes need not match (an
     * elasticity is not 1), so p_parallel and the APC difference are shown
     * but do not decide */
    int rates = s > 0;

    if (c->n < o.min_overlap || !isfinite(c->a.slope) || !isfinite(c->b.slope) ||
        (rates && !isfinite(c->p_parallel))) {
        v = MT_VERDICT_INCONCLUSIVE;
        why = MT_REASON_TOO_FEW_PERIODS;
    } else if (c->total < o.min_changes) {
        v = MT_VERDICT_INCONCLUSIVE;
        why = MT_REASON_TOO_FEW_CHANGES;
    } else if (trends_sig && c->a.direction != s * c->b.direction) {
        /* "opposite" keeps its literal meaning: trends in opposite
         * directions where the same was expected */
        v = s > 0 ? MT_VERDICT_OPPOSITE : MT_VERDICT_DIVERGING;
        why = MT_REASON_TRENDS_AGAINST;
    } else if ((against > with && c->sign_p < alpha) ||
               ci_against(c->r_diff.lo, c->r_diff.hi, s)) {
        v = MT_VERDICT_DIVERGING;
        why = MT_REASON_CHANGES_AGAINST;
    } else if (ci_against(c->r_levels.lo, c->r_levels.hi, s)) {
        v = MT_VERDICT_DIVERGING;
        why = MT_REASON_LEVELS_AGAINST;
    } else if (rates && c->p_parallel < alpha) {
        v = MT_VERDICT_DIVERGING;
        why = MT_REASON_RATES_DIFFER;
    } else if (against > with) {
        /* most changes went the wrong way, but not significantly so: never
         * consistent, whatever the levels say */
        v = MT_VERDICT_INCONCLUSIVE;
        why = MT_REASON_CHANGES_DISAGREE;
    } else if (rates && !(c->apc_diff_hi - c->apc_diff_lo <= o.max_diff_width)) {
        v = MT_VERDICT_INCONCLUSIVE;
        why = MT_REASON_DIFF_CI_WIDE;
    } else if (ci_for(c->r_diff.lo, c->r_diff.hi, s) || (with > against && c->sign_p < alpha)) {
        v = MT_VERDICT_CONSISTENT;
        why = MT_REASON_CHANGES_COMOVE;
    } else if (ci_for(c->r_levels.lo, c->r_levels.hi, s)) {
        v = MT_VERDICT_CONSISTENT;
        why = MT_REASON_LEVELS_COMOVE;
    } else if (trends_sig) {
        /* both significant and (rule 3 not taken) in the expected relation */
        v = MT_VERDICT_CONSISTENT;
        why = MT_REASON_TRENDS_COMOVE;
    } else {
        v = MT_VERDICT_INCONCLUSIVE;
        why = MT_REASON_NO_COMOVEMENT;
    }
    if (reason)
        *reason = why;
    return v;
}
