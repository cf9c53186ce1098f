/* test_number.c - strict number cells: decimal point and comma, missing
 * values, refusals with their exact messages.  Expected values are the
 * decimal texts themselves (strtod of the same digits is exact to the
 * nearest double, so equality is the right test). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "monitrend/number.h"

static double ok(const char *text, char dec, int is_count)
{
    double v;
    int missing;
    mt_error err;
    mt_error_clear(&err);
    if (mt_number_parse(text, dec, is_count, &v, &missing, &err) != MT_OK)
        fail_msg("'%s': %s", text, err.msg);
    assert_int_equal(missing, 0);
    return v;
}

static void bad(const char *text, char dec, int is_count, const char *msg)
{
    double v;
    int missing;
    mt_error err;
    mt_error_clear(&err);
    assert_int_equal(mt_number_parse(text, dec, is_count, &v, &missing, &err), MT_EPARSE);
    assert_string_equal(err.msg, msg);
}

static void test_accepts(void **state)
{
    (void)state;
    assert_true(ok("644.1", '.', 0) == 644.1);
    assert_true(ok("25,7", ',', 0) == 25.7);
    assert_true(ok(" -3.25e2 ", '.', 0) == -325.0);
    assert_true(ok("+.5", '.', 0) == 0.5);
    assert_true(ok("7.", '.', 0) == 7.0);
    assert_true(ok("16945", '.', 1) == 16945.0);
    assert_true(ok("1.5", '.', 1) == 1.5); /* not a thousands pattern */
    double z = ok("-0", '.', 0);
    assert_true(z == 0.0 && !signbit(z)); /* -0 becomes +0 */
    assert_true(ok("1e-400", '.', 0) == 0.0); /* underflow: a tiny number, kept */
    double v;
    int missing;
    mt_error err;
    assert_int_equal(mt_number_parse("", '.', 0, &v, &missing, &err), MT_OK);
    assert_true(missing && isnan(v));
    assert_int_equal(mt_number_parse("NA", ',', 0, &v, &missing, &err), MT_OK);
    assert_true(missing && isnan(v));
    assert_int_equal(mt_number_parse("  ", '.', 0, &v, &missing, &err), MT_OK);
    assert_true(missing);
}

static void test_refuses(void **state)
{
    (void)state;
    bad("1e400", '.', 0, "number out of range, got '1e400'");
    bad("-1e400", '.', 0, "number out of range, got '-1e400'");
    bad("0x10", '.', 0, "expected a number, got '0x10'");
    bad("12abc", '.', 0, "expected a number, got '12abc'");
    bad("1 000", '.', 0, "expected a number, got '1 000'");
    bad("e5", '.', 0, "expected a number, got 'e5'");
    bad("1e", '.', 0, "expected a number, got '1e'");
    bad("na", '.', 0, "expected a number, got 'na'");
    bad("NaN", '.', 0, "expected a number, got 'NaN' (NaN and Inf are not data; leave the cell empty "
                       "or write NA for a missing value)");
    bad("inf", ',', 0, "expected a number, got 'inf' (NaN and Inf are not data; leave the cell empty "
                       "or write NA for a missing value)");
    bad("-Infinity", '.', 0, "expected a number, got '-Infinity' (NaN and Inf are not data; leave the "
                             "cell empty or write NA for a missing value)");
    bad("1,5", '.', 0, "expected a number, got '1,5' (looks like a decimal comma; set decimal = , in "
                       "the source layout)");
    bad("16.945", '.', 1, "expected a whole number for a count, got '16.945' (looks like a Dutch "
                          "thousands separator; write the count without separators)");
    bad("1.234.567", '.', 1, "expected a whole number for a count, got '1.234.567' (looks like a Dutch "
                             "thousands separator; write the count without separators)");
    bad("1.234.567", '.', 0, "expected a number, got '1.234.567'");
    bad("1.5", ',', 0, "expected a number with a decimal comma, got '1.5' (a '.' is not allowed: write "
                       "thousands without a separator, or set decimal = . in the source layout)");
    assert_true(ok("16.945", '.', 0) == 16.945); /* not a count: a plain decimal */
    char longcell[200];
    memset(longcell, '1', sizeof longcell - 1);
    longcell[sizeof longcell - 1] = '\0';
    bad(longcell, '.', 0, "expected a number, got '11111111111111111111111111111111...' (199 characters)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts),
        cmocka_unit_test(test_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
