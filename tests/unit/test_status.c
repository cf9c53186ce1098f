/* test_status.c - the error record formats locations exactly as documented. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "monitrend/status.h"

static void test_error_at_formats_location(void **state)
{
    (void)state;
    mt_error err;
    mt_error_clear(&err);
    assert_int_equal(mt_error_at(&err, MT_EPARSE, "d.csv", 3, 7, "expected a number, got '%s'", "x"),
                     MT_EPARSE);
    assert_string_equal(err.msg, "d.csv:3:7: expected a number, got 'x'");
    assert_int_equal(err.line, 3);
    mt_error_at(&err, MT_EIO, "m.ini", 12, 0, "unknown key");
    assert_string_equal(err.msg, "m.ini:12: unknown key");
    mt_error_at(&err, MT_EIO, "m.ini", 0, 0, "cannot open");
    assert_string_equal(err.msg, "m.ini: cannot open");
    /* NULL error record is allowed and still returns the status */
    assert_int_equal(mt_error_set(NULL, MT_ENOMEM, "x"), MT_ENOMEM);
    assert_string_equal(mt_status_name(MT_ESINGULAR), "MT_ESINGULAR");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_at_formats_location),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
