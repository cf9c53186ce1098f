/*
 * test_crossverdict.c - the concordance verdict table (issue 11;
 * docs/methods-crosscheck.md, section 3), its reason codes and their words.
 *
 * References: tests/reference/crosscheck/verdict_table.R writes the table
 * again in R on statistics from base R (lm, confint, cor.test, binom.test)
 * and applies it to one constructed pair per cell and expectation, and to a
 * quarterly pair shaped like the seizures vs price pair (r(log) =
 * -0.41, same direction in 10 of 26 periods, "consistent" under the old
 * rule); the pairs and R's verdicts are in verdict_pairs.inc, the statistics
 * in verdict_table.Rout.  The two real pairs of the issue (wastewater 3-city
 * mean vs use, cannabis and amphetamine) are checked on the default edition
 * by tests/sh/e2e_verdicts.sh against the same transcript.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitrend/analysis.h"
#include "monitrend/cc_words.h"
#include "monitrend/crosscheck.h"
#include "monitrend/model.h"

#define MAXN 30

typedef struct {
    const char *name;
    int opposite;
    size_t n;
    double t[MAXN], a[MAXN], b[MAXN];
    const char *verdict, *reason;
} vpair;

static const vpair pairs[] = {
#include "../reference/crosscheck/verdict_pairs.inc"
};
#define N_PAIRS (sizeof pairs / sizeof pairs[0])

static void run_pair(const vpair *p, mt_concordance *c)
{
    mt_crosscheck_options o;
    mt_crosscheck_options_default(&o);
    o.expect = p->opposite ? MT_EXPECT_OPPOSITE : MT_EXPECT_SAME;
    if (p->t[1] - p->t[0] < 0.5)
        o.per_year = 4; /* the quarterly pair */
    mt_error err;
    assert_int_equal(mt_crosscheck_concordance(p->t, p->a, NULL, p->b, NULL, p->n, &o, c, &err), MT_OK);
}

/* Every constructed pair gets R's verdict and reason. */
static void test_cells_match_r(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_PAIRS; i++) {
        mt_concordance c;
        run_pair(&pairs[i], &c);
        if (strcmp(mt_crosscheck_verdict_name(c.verdict), pairs[i].verdict) ||
            strcmp(mt_crosscheck_reason_code(c.reason), pairs[i].reason))
            fail_msg("%s: got %s %s, R %s %s", pairs[i].name, mt_crosscheck_verdict_name(c.verdict),
                     mt_crosscheck_reason_code(c.reason), pairs[i].verdict, pairs[i].reason);
        assert_int_equal(c.expect, pairs[i].opposite ? MT_EXPECT_OPPOSITE : MT_EXPECT_SAME);
    }
}

/* The constructed pairs cover every concordance reason under both
 * expectations (the rate rules only under `same`, where they apply). */
static void test_every_cell_covered(void **state)
{
    (void)state;
    for (int r = MT_REASON_TOO_FEW_PERIODS; r <= MT_REASON_TRENDS_COMOVE; r++)
        for (int opp = 0; opp <= 1; opp++) {
            if (opp && (r == MT_REASON_RATES_DIFFER || r == MT_REASON_DIFF_CI_WIDE ||
                        r == MT_REASON_TOO_FEW_PERIODS || r == MT_REASON_TOO_FEW_CHANGES))
                continue; /* not applicable, or not depending on the expectation */
            int found = 0;
            for (size_t i = 0; i < N_PAIRS && !found; i++)
                found = pairs[i].opposite == opp &&
                        strcmp(pairs[i].reason, mt_crosscheck_reason_code((mt_verdict_reason)r)) == 0;
            if (!found)
                fail_msg("no constructed pair for %s, expect %s",
                         mt_crosscheck_reason_code((mt_verdict_reason)r), opp ? "opposite" : "same");
        }
}

/* The quarterly pair of the issue: r(log) -0.41, 10 of 26 periods in the
 * same direction.  The old rule called it consistent; expected to move
 * together it now diverges, expected to move oppositely it is consistent.
 * Numbers: verdict_table.Rout, "== quarterly pair". */
static void test_quarterly_seizures_price(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_PAIRS; i++) {
        if (strncmp(pairs[i].name, "quarterly_", 10))
            continue;
        mt_concordance c;
        run_pair(&pairs[i], &c);
        assert_int_equal(c.n, 27);
        assert_int_equal(c.agree, 10);
        assert_int_equal(c.total, 26);
        assert_true(fabs(c.r_levels.r - -0.412865) < 5e-7);
        assert_true(fabs(c.r_diff.r - -0.513604) < 5e-7);
        assert_true(fabs(c.p_parallel - 0.360330) < 5e-7);
        if (pairs[i].opposite) {
            assert_int_equal(c.verdict, MT_VERDICT_CONSISTENT);
            assert_int_equal(c.reason, MT_REASON_CHANGES_COMOVE);
        } else {
            assert_int_equal(c.verdict, MT_VERDICT_DIVERGING);
            assert_int_equal(c.reason, MT_REASON_CHANGES_AGAINST);
        }
    }
}

/* A pair whose changes go against the expected direction in most periods
 * is never consistent: a sweep over constructed pairs (trend rates, noise,
 * shared movement, both expectations). */
static void test_majority_against_never_consistent(void **state)
{
    (void)state;
    size_t tried = 0, vetoed = 0;
    for (int opp = 0; opp <= 1; opp++)
        for (int ka = -2; ka <= 2; ka++)
            for (int kb = -2; kb <= 2; kb++)
                for (int kn = 1; kn <= 4; kn++)
                    for (size_t n = 5; n <= 14; n += 3) {
                        double t[14], ya[14], yb[14];
                        for (size_t i = 0; i < n; i++) {
                            double x = (double)i;
                            t[i] = 2000 + x;
                            ya[i] = 100 * exp(0.04 * ka * x + 0.05 * kn * sin(2.1 * x + 0.3 * kb));
                            yb[i] = 50 * exp(0.04 * kb * x + 0.05 * kn * cos(1.3 * x + 0.2 * ka));
                        }
                        mt_crosscheck_options o;
                        mt_crosscheck_options_default(&o);
                        o.expect = opp ? MT_EXPECT_OPPOSITE : MT_EXPECT_SAME;
                        mt_concordance c;
                        assert_int_equal(mt_crosscheck_concordance(t, ya, NULL, yb, NULL, n, &o, &c, NULL),
                                         MT_OK);
                        size_t with = opp ? c.total - c.agree : c.agree;
                        tried++;
                        if (c.total - with > with) {
                            vetoed++;
                            assert_int_not_equal(c.verdict, MT_VERDICT_CONSISTENT);
                        }
                    }
    assert_true(tried == 800 && vetoed > 50); /* the sweep does reach the rule */
}

/* Edge rules, on statistics set by hand: NaN intervals decide nothing; an
 * even split of the changes is not "most against"; min_overlap and
 * min_changes come from the options. */
static void test_rules_by_hand(void **state)
{
    (void)state;
    mt_concordance c;
    memset(&c, 0, sizeof c);
    c.n = 8;
    c.a.slope = 0.05;
    c.b.slope = 0.04;
    c.a.direction = 1;
    c.b.direction = 0;
    c.p_parallel = 0.5;
    c.apc_diff_lo = -5;
    c.apc_diff_hi = 5;
    c.r_levels.r = c.r_levels.lo = c.r_levels.hi = NAN;
    c.r_diff.r = c.r_diff.lo = c.r_diff.hi = NAN;
    c.agree = 3;
    c.total = 6;
    c.sign_p = 1.0;
    mt_verdict_reason why;
    mt_crosscheck_options o;
    mt_crosscheck_options_default(&o);
    assert_int_equal(mt_crosscheck_concordance_verdict(&c, &o, &why), MT_VERDICT_INCONCLUSIVE);
    assert_int_equal(why, MT_REASON_NO_COMOVEMENT); /* 3 of 6: not vetoed, no evidence */
    c.r_levels.lo = 0.1;
    c.r_levels.hi = 0.9;
    assert_int_equal(mt_crosscheck_concordance_verdict(&c, &o, &why), MT_VERDICT_CONSISTENT);
    assert_int_equal(why, MT_REASON_LEVELS_COMOVE);
    c.agree = 2; /* 2 of 6: most against */
    assert_int_equal(mt_crosscheck_concordance_verdict(&c, &o, &why), MT_VERDICT_INCONCLUSIVE);
    assert_int_equal(why, MT_REASON_CHANGES_DISAGREE);
    o.expect = MT_EXPECT_OPPOSITE; /* 4 of 6 opposite, but the levels go together */
    assert_int_equal(mt_crosscheck_concordance_verdict(&c, &o, &why), MT_VERDICT_DIVERGING);
    assert_int_equal(why, MT_REASON_LEVELS_AGAINST);
    o.expect = MT_EXPECT_SAME;
    o.min_changes = 7;
    assert_int_equal(mt_crosscheck_concordance_verdict(&c, &o, &why), MT_VERDICT_INCONCLUSIVE);
    assert_int_equal(why, MT_REASON_TOO_FEW_CHANGES);
    o.min_overlap = 9;
    assert_int_equal(mt_crosscheck_concordance_verdict(&c, &o, &why), MT_VERDICT_INCONCLUSIVE);
    assert_int_equal(why, MT_REASON_TOO_FEW_PERIODS);
    /* NULL options: defaults; NULL reason allowed */
    c.agree = 3;
    assert_int_equal(mt_crosscheck_concordance_verdict(&c, NULL, NULL), MT_VERDICT_CONSISTENT);
}

/* Words: every reason has English and Dutch text for both expectations
 * (never the bare code), with its numbers filled in. */
static void test_reason_words(void **state)
{
    (void)state;
    mt_cc_row row;
    memset(&row, 0, sizeof row);
    snprintf(row.a, sizeof row.a, "wastewater_mean/cannabis/NL");
    row.n = 6;
    row.agree = 0;
    row.total = 5;
    row.r_levels = -0.766;
    row.r_diff = -0.448;
    char buf[512];
    for (int r = MT_REASON_TOO_FEW_PERIODS; r <= MT_REASON_NO_COMMON; r++)
        for (int opp = 0; opp <= 1; opp++)
            for (int lang = MT_LANG_EN; lang <= MT_LANG_NL; lang++) {
                const char *code = mt_crosscheck_reason_code((mt_verdict_reason)r);
                snprintf(row.verdict_reason, sizeof row.verdict_reason, "%s", code);
                row.expect_opposite = opp;
                mt_cc_reason_text((mt_lang)lang, &row, NULL, buf, sizeof buf);
                if (buf[0] == '\0' || strcmp(buf, code) == 0 || strchr(buf, '{'))
                    fail_msg("no words for %s (expect %d, lang %d): '%s'", code, opp, lang, buf);
            }
    snprintf(row.verdict_reason, sizeof row.verdict_reason, "changes_disagree");
    row.expect_opposite = 0;
    mt_cc_reason_text(MT_LANG_EN, &row, NULL, buf, sizeof buf);
    assert_string_equal(buf, "the changes went in opposite directions in 5 of 5 periods");
    mt_cc_reason_text(MT_LANG_NL, &row, NULL, buf, sizeof buf);
    assert_string_equal(buf, "de veranderingen gingen in 5 van 5 periodes in tegengestelde richting");
    snprintf(row.verdict_reason, sizeof row.verdict_reason, "levels_against_expected");
    mt_cc_reason_text(MT_LANG_NL, &row, NULL, buf, sizeof buf);
    assert_string_equal(buf, "de log-niveaus zijn significant negatief gecorreleerd (r = -0,77)");
    row.expect_opposite = 1; /* expected opposite: 5 of 5 went the expected way */
    snprintf(row.verdict_reason, sizeof row.verdict_reason, "changes_comove");
    mt_cc_reason_text(MT_LANG_EN, &row, NULL, buf, sizeof buf);
    assert_string_equal(buf, "the changes move in opposite directions, as expected (r of the changes = "
                             "-0.45; opposite directions in 5 of 5 periods)");
    snprintf(row.verdict_reason, sizeof row.verdict_reason, "share_falls");
    mt_cc_reason_text(MT_LANG_EN, &row, NULL, buf, sizeof buf);
    assert_string_equal(buf, "the share of wastewater_mean/cannabis/NL falls significantly while the total holds");
    /* the reader-facing name of member a replaces its id (findings.txt) */
    mt_cc_reason_text(MT_LANG_NL, &row, "Cannabis in afvalwater, NL", buf, sizeof buf);
    assert_string_equal(buf, "het aandeel van Cannabis in afvalwater, NL daalt significant terwijl het totaal standhoudt");
    /* truncation keeps a terminated string */
    mt_cc_reason_text(MT_LANG_EN, &row, NULL, buf, 10);
    assert_string_equal(buf, "the share");
    row.verdict_reason[0] = '\0';
    mt_cc_reason_text(MT_LANG_EN, &row, NULL, buf, sizeof buf);
    assert_string_equal(buf, "");
    assert_string_equal(mt_cc_verdict_word(MT_LANG_NL, "consistent"), "overeenstemmend");
    assert_string_equal(mt_cc_verdict_word(MT_LANG_EN, "consistent"), "consistent");
    assert_string_equal(mt_cc_verdict_word(MT_LANG_NL, "something else"), "something else");
}

/* The model key: `expect` read per concordance (default same); a bad value
 * or the key on another type is an error at its line. */
static mt_status load_model(const char *text, mt_model **m, mt_error *err)
{
    char path[] = "/tmp/mt-verdict-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs(text, fp);
    fclose(fp);
    mt_error_clear(err);
    mt_status st = mt_model_load(path, m, err);
    unlink(path);
    return st;
}

static void test_model_expect(void **state)
{
    (void)state;
    static const char head[] = "[monitor]\ntitle = t\n\n[indicator:x]\nlabel = X\nkind = price\n\n"
                               "[indicator:y]\nlabel = Y\nkind = purity\n\n";
    char text[1024];
    mt_model *m = NULL;
    mt_error err;
    snprintf(text, sizeof text, "%s[crosscheck:p]\ntype = concordance\nmembers = x/c/NL, y/c/NL\n"
             "expect = opposite\n\n[crosscheck:q]\ntype = concordance\nmembers = x/c/NL, y/c/NL\n", head);
    assert_int_equal(load_model(text, &m, &err), MT_OK);
    assert_int_equal(m->n_crosschecks, 2);
    assert_int_equal(m->crosschecks[0].expect, MT_EXPECT_OPPOSITE);
    assert_int_equal(m->crosschecks[0].expect_line, 15);
    assert_int_equal(m->crosschecks[1].expect, MT_EXPECT_SAME);
    assert_int_equal(m->crosschecks[1].expect_line, 0);
    mt_model_free(m);
    m = NULL;
    snprintf(text, sizeof text, "%s[crosscheck:p]\ntype = concordance\nmembers = x/c/NL, y/c/NL\n"
             "expect = Opposite\n", head);
    assert_int_equal(load_model(text, &m, &err), MT_EPARSE);
    assert_non_null(strstr(err.msg, ":15: expect: expected same or opposite, got 'Opposite'"));
    snprintf(text, sizeof text, "%s[crosscheck:p]\ntype = displacement\nexpect = same\n"
             "members = x/c/NL, y/c/NL\n", head);
    assert_int_equal(load_model(text, &m, &err), MT_EPARSE);
    assert_non_null(strstr(err.msg, ":14: expect: applies to type concordance only"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells_match_r),
        cmocka_unit_test(test_every_cell_covered),
        cmocka_unit_test(test_quarterly_seizures_price),
        cmocka_unit_test(test_majority_against_never_consistent),
        cmocka_unit_test(test_rules_by_hand),
        cmocka_unit_test(test_reason_words),
        cmocka_unit_test(test_model_expect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
