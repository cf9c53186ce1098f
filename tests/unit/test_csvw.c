/* test_csvw.c - RFC 4180 quoting, %.17g numbers, NaN as empty, ragged rows
 * and write errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/csvw.h"

static void test_table(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    mt_csvw w;
    mt_csvw_init(&w, f);
    const char *head[] = {"series", "n", "apc", "note"};
    for (int i = 0; i < 4; i++)
        mt_csvw_text(&w, head[i]);
    mt_csvw_row_end(&w);
    mt_csvw_text(&w, "ww/cocaine/Amsterdam");
    mt_csvw_integer(&w, 13);
    mt_csvw_number(&w, 4.3872612);
    mt_csvw_text(&w, "a, \"b\"\nc");
    mt_csvw_row_end(&w);
    mt_csvw_text(&w, " lead");
    mt_csvw_integer(&w, -1);
    mt_csvw_number(&w, NAN);
    mt_csvw_text(&w, NULL);
    mt_csvw_row_end(&w);
    mt_csvw_text(&w, "coca\xc3\xafne");
    mt_csvw_number(&w, 0.1);
    mt_csvw_number(&w, INFINITY);
    mt_csvw_text(&w, "cr\r");
    mt_csvw_row_end(&w);
    mt_error err;
    assert_int_equal(mt_csvw_finish(&w, "trends.csv", &err), MT_OK);
    fclose(f);
    assert_string_equal(buf, "series,n,apc,note\n"
                             "ww/cocaine/Amsterdam,13,4.3872612,\"a, \"\"b\"\"\nc\"\n"
                             "\" lead\",-1,,\n"
                             "coca\xc3\xafne,0.1,,\"cr\r\"\n");
    free(buf);
}

static void test_errors(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    mt_csvw w;
    mt_csvw_init(&w, f);
    mt_csvw_text(&w, "a");
    mt_csvw_text(&w, "b");
    mt_csvw_row_end(&w);
    mt_csvw_text(&w, "c");
    assert_int_equal(mt_csvw_row_end(&w), MT_EINVAL);
    mt_error err;
    assert_int_equal(mt_csvw_finish(&w, "t.csv", &err), MT_EINVAL);
    assert_string_equal(err.msg, "t.csv: CSV writer misuse: row 2 has 1 fields, expected 2 "
                                 "(or a row was left open)");
    fclose(f);
    free(buf);

    f = open_memstream(&buf, &len);
    mt_csvw_init(&w, f);
    mt_csvw_text(&w, "open");
    assert_int_equal(mt_csvw_finish(&w, "t.csv", &err), MT_EINVAL);
    fclose(f);
    free(buf);

    f = fopen("/dev/full", "w");
    assert_non_null(f);
    mt_csvw_init(&w, f);
    mt_csvw_text(&w, "x");
    mt_csvw_row_end(&w);
    assert_int_equal(mt_csvw_finish(&w, "trends.csv", &err), MT_EIO);
    assert_string_equal(err.msg, "trends.csv: write error: No space left on device");
    fclose(f);

    mt_csvw_init(&w, NULL);
    assert_int_equal(mt_csvw_text(&w, "x"), MT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
