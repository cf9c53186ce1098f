/* test_fmt.c - human numbers in English and Dutch, machine numbers, UTF-8.
 * Expected strings are hand derivations of the rules in fmt.h (rounding is
 * round-half-even on the binary value, as printf does: 0.125 -> "0.12"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/fmt.h"

#define EN MT_LANG_EN
#define NL MT_LANG_NL

typedef mt_status (*fmt_fn)(double, mt_lang, const char *, char *, size_t);

static void check(fmt_fn f, double x, mt_lang lang, const char *want)
{
    char buf[MT_FMT_MAX];
    assert_int_equal(f(x, lang, NULL, buf, sizeof buf), MT_OK);
    assert_string_equal(buf, want);
}

static void test_count(void **state)
{
    (void)state;
    check(mt_fmt_count, 16945, EN, "16,945");
    check(mt_fmt_count, 16945, NL, "16.945");
    check(mt_fmt_count, 1234567.6, EN, "1,234,568");
    check(mt_fmt_count, 1234567.6, NL, "1.234.568");
    check(mt_fmt_count, 999.4, EN, "999");
    check(mt_fmt_count, 100000, EN, "100,000");
    check(mt_fmt_count, -43836, NL, "-43.836");
    check(mt_fmt_count, 0, EN, "0");
    check(mt_fmt_count, -0.0, EN, "0");
    check(mt_fmt_count, -0.4, EN, "0");  /* rounds to zero: no sign */
    check(mt_fmt_count, NAN, EN, "n/a");
    check(mt_fmt_count, NAN, NL, "n.b.");
    check(mt_fmt_count, INFINITY, EN, "n/a");
    char buf[16];
    assert_int_equal(mt_fmt_count(NAN, EN, "-", buf, sizeof buf), MT_OK);
    assert_string_equal(buf, "-");
}

static void test_percent_and_apc(void **state)
{
    (void)state;
    check(mt_fmt_percent, 12.345, EN, "12.3");
    check(mt_fmt_percent, 12.345, NL, "12,3");
    check(mt_fmt_percent, 1234.56, EN, "1,234.6");
    check(mt_fmt_percent, 1234.56, NL, "1.234,6");
    check(mt_fmt_percent, -0.04, EN, "0.0");
    check(mt_fmt_percent, 0.96, EN, "1.0");
    check(mt_fmt_apc, 3.44, EN, "+3.4%");
    check(mt_fmt_apc, 3.44, NL, "+3,4%");
    check(mt_fmt_apc, -12, EN, "-12.0%");
    check(mt_fmt_apc, -0.04, EN, "0.0%");
    check(mt_fmt_apc, -0.05001, NL, "-0,1%");
    check(mt_fmt_apc, NAN, NL, "n.b.");
}

static void test_pvalue(void **state)
{
    (void)state;
    check(mt_fmt_pvalue, 0.0004, EN, "<0.001");
    check(mt_fmt_pvalue, 0.0004, NL, "<0,001");
    check(mt_fmt_pvalue, 0, EN, "<0.001");
    check(mt_fmt_pvalue, 0.001, EN, "0.001");
    check(mt_fmt_pvalue, 0.004, EN, "0.004");
    check(mt_fmt_pvalue, 0.0096, EN, "0.010");
    check(mt_fmt_pvalue, 0.03, EN, "0.03");
    check(mt_fmt_pvalue, 0.03, NL, "0,03");
    check(mt_fmt_pvalue, 0.0501, EN, "0.05");
    check(mt_fmt_pvalue, 1, EN, "1.00");
    check(mt_fmt_pvalue, 1.2, EN, "n/a");
    check(mt_fmt_pvalue, -0.1, EN, "n/a");
    check(mt_fmt_pvalue, NAN, NL, "n.b.");
}

static void test_sig_fixed_ci(void **state)
{
    (void)state;
    char buf[MT_FMT_MAX];
    struct {
        double x;
        int sig;
        mt_lang lang;
        const char *want;
    } c[] = {
        {432.71, 3, EN, "433"},     {3.14159, 3, EN, "3.14"}, {3.14159, 3, NL, "3,14"},
        {9.96, 2, EN, "10"},        {0.012345, 3, EN, "0.0123"}, {16945.2, 3, EN, "16,945"},
        {-0.0001, 2, EN, "-0.00010"}, {0, 3, EN, "0"},       {99.96, 3, NL, "100"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        assert_int_equal(mt_fmt_sig(c[i].x, c[i].sig, c[i].lang, NULL, buf, sizeof buf), MT_OK);
        assert_string_equal(buf, c[i].want);
    }
    assert_int_equal(mt_fmt_fixed(2.5, 2, NL, NULL, buf, sizeof buf), MT_OK);
    assert_string_equal(buf, "2,50");
    assert_int_equal(mt_fmt_fixed(1e15, 0, EN, NULL, buf, sizeof buf), MT_OK);
    assert_string_equal(buf, "1,000,000,000,000,000");
    assert_int_equal(mt_fmt_ci("1.2", "3.4", EN, buf, sizeof buf), MT_OK);
    assert_string_equal(buf, "95% CI 1.2 to 3.4");
    assert_int_equal(mt_fmt_ci("1,2", "3,4", NL, buf, sizeof buf), MT_OK);
    assert_string_equal(buf, "95%-BI 1,2 tot 3,4");
    assert_string_equal(mt_fmt_ci_label(NL), "95%-BI");
    assert_string_equal(mt_fmt_ci_label(EN), "95% CI");
    /* errors */
    assert_int_equal(mt_fmt_fixed(1, -1, EN, NULL, buf, sizeof buf), MT_EINVAL);
    assert_int_equal(mt_fmt_fixed(1, MT_FMT_DECIMALS_MAX + 1, EN, NULL, buf, sizeof buf),
                     MT_EINVAL);
    assert_int_equal(mt_fmt_sig(1, 0, EN, NULL, buf, sizeof buf), MT_EINVAL);
    assert_int_equal(mt_fmt_count(1, EN, NULL, NULL, 4), MT_EINVAL);
    char small[4];
    assert_int_equal(mt_fmt_count(16945, EN, NULL, small, sizeof small), MT_ELIMIT);
    assert_string_equal(small, "16,");  /* truncated but terminated */
    assert_int_equal(mt_fmt_ci("1", "2", EN, small, sizeof small), MT_ELIMIT);
}

static void test_g17_and_utf8(void **state)
{
    (void)state;
    char b[MT_FMT_G17_MAX];
    mt_fmt_g17(0.1, b);
    assert_string_equal(b, "0.1"); /* shortest round-trip, Python repr(0.1) */
    /* expected values from Python's repr(x) digits in '%.17g' layout */
    mt_fmt_g17(-2.5e-300, b);
    assert_string_equal(b, "-2.5e-300");
    mt_fmt_g17(-1.234e-5, b);
    assert_string_equal(b, "-1.234e-05");
    mt_fmt_g17(16945, b);
    assert_string_equal(b, "16945");
    mt_fmt_g17(NAN, b);
    assert_string_equal(b, "nan");
    mt_fmt_g17(-INFINITY, b);
    assert_string_equal(b, "-inf");
    /* round trip */
    double x = 848.147748699737;
    mt_fmt_g17(x, b);
    assert_true(strtod(b, NULL) == x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_percent_and_apc),
        cmocka_unit_test(test_pvalue),
        cmocka_unit_test(test_sig_fixed_ci),
        cmocka_unit_test(test_g17_and_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
