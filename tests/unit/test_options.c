/* test_options.c - the one check of the numeric run options that the
 * command line and a model both set (options.h): every range edge, by hand
 * from the ranges documented in monitrend(1) and docs/model-format.md, and
 * the syntax (no sign, blank, hexadecimal, inf or nan). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "monitrend/options.h"

static const struct {
    mt_opt_number which;
    const char *text;
    int ok;
    double value;
} cases[] = {
    {MT_OPT_BOOTSTRAP, "0", 1, 0},          {MT_OPT_BOOTSTRAP, "100000", 1, 100000},
    {MT_OPT_BOOTSTRAP, "100001", 0, 0},     {MT_OPT_BOOTSTRAP, "+5", 0, 0},
    {MT_OPT_BOOTSTRAP, " 5", 0, 0},         {MT_OPT_BOOTSTRAP, "5.0", 0, 0},
    {MT_OPT_BOOTSTRAP, "1e3", 0, 0},        {MT_OPT_BOOTSTRAP, "", 0, 0},
    {MT_OPT_PROJECT, "12", 1, 12},          {MT_OPT_PROJECT, "13", 0, 0},
    {MT_OPT_PROJECT, "-1", 0, 0},           {MT_OPT_RECENT, "1", 1, 1},
    {MT_OPT_RECENT, "7.5", 1, 7.5},         {MT_OPT_RECENT, "1e2", 1, 100},
    {MT_OPT_RECENT, "0.5", 0, 0},           {MT_OPT_RECENT, "100.5", 0, 0},
    {MT_OPT_TRIM, "0.15", 1, 0.15},         {MT_OPT_TRIM, ".49", 1, 0.49},
    {MT_OPT_TRIM, "0.5", 0, 0},             {MT_OPT_TRIM, "1", 0, 0},
    {MT_OPT_TRIM, "2", 1, 2},               {MT_OPT_TRIM, "2.5", 0, 0},
    {MT_OPT_TRIM, "0", 0, 0},               {MT_OPT_TRIM, "12", 1, 12},
    {MT_OPT_MIN_OVERLAP, "1", 0, 0},        {MT_OPT_MIN_OVERLAP, "2", 1, 2},
    {MT_OPT_MIN_OVERLAP, "10000", 1, 10000}, {MT_OPT_MIN_OVERLAP, "10001", 0, 0},
    {MT_OPT_FIGURE_TIMEOUT, "0", 0, 0},     {MT_OPT_FIGURE_TIMEOUT, "0.25", 1, 0.25},
    {MT_OPT_FIGURE_TIMEOUT, "86400", 1, 86400}, {MT_OPT_FIGURE_TIMEOUT, "86400.5", 0, 0},
    {MT_OPT_FIGURE_TIMEOUT, "inf", 0, 0},   {MT_OPT_FIGURE_TIMEOUT, "nan", 0, 0},
    {MT_OPT_FIGURE_TIMEOUT, "0x10", 0, 0},  {MT_OPT_FIGURE_TIMEOUT, "1e999", 0, 0},
};

static void test_ranges(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = -12345;
        const char *expected = NULL;
        mt_status st = mt_options_parse_number(cases[i].which, cases[i].text, &v, &expected);
        if ((st == MT_OK) != cases[i].ok)
            fail_msg("case %zu '%s': status %d", i, cases[i].text, (int)st);
        if (cases[i].ok && v != cases[i].value)
            fail_msg("case %zu '%s': %.17g, want %.17g", i, cases[i].text, v, cases[i].value);
        if (!cases[i].ok && v != -12345)
            fail_msg("case %zu '%s': the value was changed on an error", i, cases[i].text);
        assert_non_null(expected);
    }
    const char *expected = NULL;
    double v;
    assert_int_equal(mt_options_parse_number(MT_OPT_TRIM, "0.6", &v, &expected), MT_EINVAL);
    assert_string_equal(expected, "a fraction in (0, 0.5) or a whole count of 2 or more");
    assert_int_equal(mt_options_parse_number(MT_OPT_BOOTSTRAP, NULL, &v, NULL), MT_EINVAL);
    assert_int_equal(mt_options_parse_number((mt_opt_number)99, "1", &v, NULL), MT_EINVAL);
}

/* The defaults of a run are the kernels' (options.c) and inside the ranges. */
static void test_defaults_in_range(void **state)
{
    (void)state;
    mt_options o;
    mt_options_default(&o);
    assert_true(o.recent >= 1 && o.recent <= 100);
    assert_true(o.trim > 0 && o.trim < 0.5);
    assert_true(o.min_overlap >= 2 && o.min_overlap <= 10000);
    assert_true(o.figure_timeout > 0 && o.figure_timeout <= 86400);
    assert_int_equal(o.bootstrap, 0);
    assert_int_equal(o.project, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_defaults_in_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
