/* test_cc_words.c - the words of typed cross-check results (issue 14): the
 * divergent periods are {period, reason bits, residual} in the record and
 * become English or Dutch text only here.  The expected English is the
 * format the divergent_periods column of crosschecks.csv has always had
 * ("PERIOD reason[, residual R.RR]; ..."), the Dutch the wording the
 * findings printed (tegengestelde (significante) veranderingen, residu
 * with a decimal comma). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "monitrend/cc_words.h"

static void fill(mt_cc_row *r)
{
    memset(r, 0, sizeof *r);
    r->n_divergent = 3;
    strcpy(r->divergent[0].period, "2015");
    r->divergent[0].reasons = MT_DIVERGE_OPPOSITE;
    r->divergent[0].resid = NAN;
    strcpy(r->divergent[1].period, "2018");
    r->divergent[1].reasons = MT_DIVERGE_OPPOSITE_SIG | MT_DIVERGE_RESIDUAL;
    r->divergent[1].resid = -2.094;
    strcpy(r->divergent[2].period, "2020-03");
    r->divergent[2].reasons = MT_DIVERGE_RESIDUAL;
    r->divergent[2].resid = 2.055;
}

static void test_divergent_text(void **state)
{
    (void)state;
    mt_cc_row r;
    fill(&r);
    char buf[512];
    mt_cc_divergent_text(MT_LANG_EN, &r, buf, sizeof buf);
    assert_string_equal(buf, "2015 opposite changes; 2018 opposite significant changes, residual -2.09; "
                             "2020-03 residual 2.06");
    mt_cc_divergent_text(MT_LANG_NL, &r, buf, sizeof buf);
    assert_string_equal(buf, "2015 tegengestelde veranderingen; 2018 tegengestelde significante "
                             "veranderingen, residu -2,09; 2020-03 residu 2,06");
    /* truncated, never overrun */
    char small[12];
    mt_cc_divergent_text(MT_LANG_EN, &r, small, sizeof small);
    assert_string_equal(small, "2015 opposi");
    r.n_divergent = 0;
    mt_cc_divergent_text(MT_LANG_EN, &r, buf, sizeof buf);
    assert_string_equal(buf, "");
}

/* exact periods: "2020" is not "2020-03", as the old substring search had it */
static void test_is_divergent(void **state)
{
    (void)state;
    mt_cc_row r;
    fill(&r);
    assert_int_equal(mt_cc_is_divergent(&r, "2015"), 1);
    assert_int_equal(mt_cc_is_divergent(&r, "2020-03"), 1);
    assert_int_equal(mt_cc_is_divergent(&r, "2020"), 0);
    assert_int_equal(mt_cc_is_divergent(&r, "2016"), 0);
    assert_int_equal(mt_cc_is_divergent(&r, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_divergent_text),
        cmocka_unit_test(test_is_divergent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
