/* test_period.c - periods: tidy and layout forms, exact error messages,
 * indices and times.  ISO weeks and day numbers are checked against
 * tests/reference/intake/iso_weeks.out (Python datetime, script beside it). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "monitrend/period.h"

static mt_period parse_ok(const char *text)
{
    mt_period p;
    mt_error err;
    mt_error_clear(&err);
    if (mt_period_parse(text, &p, &err) != MT_OK)
        fail_msg("'%s': %s", text, err.msg);
    return p;
}

static void expect_error(const char *text, const char *msg)
{
    mt_period p;
    mt_error err;
    mt_error_clear(&err);
    assert_int_equal(mt_period_parse(text, &p, &err), MT_EPARSE);
    assert_string_equal(err.msg, msg);
}

static void test_tidy_forms(void **state)
{
    (void)state;
    const char *forms[] = {"2024", "2024-Q3", "2024-07", "2024-W05", "2024-07-15", "1999-12-31", "2020-W53"};
    const mt_freq freq[] = {MT_FREQ_YEAR, MT_FREQ_QUARTER, MT_FREQ_MONTH, MT_FREQ_WEEK, MT_FREQ_DAY,
                            MT_FREQ_DAY, MT_FREQ_WEEK};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        mt_period p = parse_ok(forms[i]);
        assert_int_equal(p.freq, freq[i]);
        char buf[MT_PERIOD_STR_MAX];
        mt_period_format(&p, buf, sizeof buf);
        assert_string_equal(buf, forms[i]); /* canonical form round-trips */
    }
    mt_period q = parse_ok(" 2024-q3 ");
    assert_int_equal(q.sub, 3);
    /* times by hand: Q3 starts at 0.5 year, July at 6/12, 2024-07-15 is day 196 of 366 */
    assert_true(mt_period_time(&q) == 2024.5);
    mt_period m = parse_ok("2024-07");
    assert_true(mt_period_time(&m) == 2024.5);
    mt_period d = parse_ok("2024-07-15");
    assert_true(mt_period_time(&d) == 2024.0 + 196.0 / 366.0);
    /* 2025-W01 starts on Monday 2024-12-30: day 364 of 2024 (leap year) */
    mt_period w = parse_ok("2025-W01");
    assert_true(mt_period_time(&w) == 2024.0 + 364.0 / 366.0);
    assert_string_equal(mt_freq_name(MT_FREQ_WEEK), "week");
    assert_true(mt_freq_per_year(MT_FREQ_QUARTER) == 4.0);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("2024-13", "invalid period '2024-13': month must be 01-12");
    expect_error("2024-00", "invalid period '2024-00': month must be 01-12");
    expect_error("2024-Q5", "invalid period '2024-Q5': quarter must be Q1-Q4");
    expect_error("2024-Q0", "invalid period '2024-Q0': quarter must be Q1-Q4");
    expect_error("24", "expected a period such as 2024, 2024-Q3, 2024-07, 2024-W05 or 2024-07-15, got '24'");
    expect_error("2023-W53", "invalid period '2023-W53': ISO year 2023 has weeks W01-W52");
    expect_error("2023-02-29", "invalid period '2023-02-29': 2023-02 has 28 days");
    expect_error("2024-04-31", "invalid period '2024-04-31': 2024-04 has 30 days");
    expect_error("2024-7", "expected a period such as 2024, 2024-Q3, 2024-07, 2024-W05 or 2024-07-15, got '2024-7'");
    expect_error("2024x", "expected a period such as 2024, 2024-Q3, 2024-07, 2024-W05 or 2024-07-15, got '2024x'");
    expect_error("", "expected a period such as 2024, 2024-Q3, 2024-07, 2024-W05 or 2024-07-15, got ''");
    expect_error("0999", "expected a period such as 2024, 2024-Q3, 2024-07, 2024-W05 or 2024-07-15, got '0999'");
    parse_ok("2024-02-29"); /* a leap day */
    parse_ok("2000-02-29"); /* 2000 is a leap year (divisible by 400) */
    expect_error("1900-02-29", "invalid period '1900-02-29': 1900-02 has 28 days");
}

static void test_layout_formats(void **state)
{
    (void)state;
    mt_period p;
    mt_error err;
    assert_int_equal(mt_period_parse_as("1995 Jan", MT_PERIOD_YEAR_MON, &p, &err), MT_OK);
    assert_int_equal(p.freq, MT_FREQ_MONTH);
    assert_int_equal(p.year, 1995);
    assert_int_equal(p.sub, 1);
    assert_int_equal(mt_period_parse_as("2003 september", MT_PERIOD_YEAR_MON, &p, &err), MT_OK);
    assert_int_equal(p.sub, 9);
    assert_int_equal(mt_period_parse_as("1995 Ja", MT_PERIOD_YEAR_MON, &p, &err), MT_EPARSE);
    assert_string_equal(err.msg, "expected a period such as '1995 Jan' (period.format = year-mon), got '1995 Ja'");
    assert_int_equal(mt_period_parse_as("2024-07", MT_PERIOD_YYYY_MM, &p, &err), MT_OK);
    assert_int_equal(p.sub, 7);
    assert_int_equal(mt_period_parse_as("2024", MT_PERIOD_YYYY_MM, &p, &err), MT_EPARSE);
    assert_string_equal(err.msg, "expected a period such as 2024-07 (period.format = yyyy-mm), got '2024'");
    assert_int_equal(mt_period_parse_as("2024-13", MT_PERIOD_YYYY_MM, &p, &err), MT_EPARSE);
    assert_string_equal(err.msg, "invalid period '2024-13': month must be 01-12");
}

/* Issue 11: the quarter spellings found in publishers' tables (2018Q1 in
 * Eurostat's TSV files, "2018 Q1" and "Q1 2018" in reports and their
 * spreadsheets) name the same period as the tidy 2018-Q1: same frequency,
 * year, quarter, index and time (2018.0 = the start of the quarter). */
static void test_quarter_spellings(void **state)
{
    (void)state;
    const char *forms[] = {"2018Q1", "2018 Q1", "Q1 2018", "2018-Q1", "2018q1", "q1 2018", " Q1 2018 "};
    mt_period tidy = parse_ok("2018-Q1");
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        mt_period p = parse_ok(forms[i]);
        assert_int_equal(p.freq, MT_FREQ_QUARTER);
        assert_int_equal(p.year, 2018);
        assert_int_equal(p.sub, 1);
        assert_int_equal(mt_period_cmp(&p, &tidy), 0);
        assert_int_equal(mt_period_index(&p), 4L * 2018);
        assert_true(mt_period_time(&p) == 2018.0);
        char buf[MT_PERIOD_STR_MAX];
        mt_period_format(&p, buf, sizeof buf);
        assert_string_equal(buf, "2018-Q1"); /* written back in the tidy form */
    }
    mt_period q4 = parse_ok("Q4 1999");
    assert_int_equal(q4.year, 1999);
    assert_int_equal(q4.sub, 4);
    assert_true(mt_period_time(&q4) == 1999.75);
    expect_error("2018Q5", "invalid period '2018Q5': quarter must be Q1-Q4");
    expect_error("Q0 2018", "invalid period 'Q0 2018': quarter must be Q1-Q4");
    expect_error("2018 Q", "expected a period such as 2024, 2024-Q3, 2024-07, 2024-W05 or 2024-07-15, got '2018 Q'");
    expect_error("Q1 18", "expected a period such as 2024, 2024-Q3, 2024-07, 2024-W05 or 2024-07-15, got 'Q1 18'");
    expect_error("Q12018", "expected a period such as 2024, 2024-Q3, 2024-07, 2024-W05 or 2024-07-15, got 'Q12018'");
    expect_error("2018  Q1", "expected a period such as 2024, 2024-Q3, 2024-07, 2024-W05 or 2024-07-15, got '2018  Q1'");
    expect_error("2018Q12", "expected a period such as 2024, 2024-Q3, 2024-07, 2024-W05 or 2024-07-15, got '2018Q12'");
}

/* period.format = month-date: a monthly series stamped with dates. */
static void test_month_date_layout(void **state)
{
    (void)state;
    mt_period p;
    mt_error err;
    const char *forms[] = {"2018-01-01", "2018-01-31", "2018-01-15", "2018-01"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        assert_int_equal(mt_period_parse_as(forms[i], MT_PERIOD_MONTH_DATE, &p, &err), MT_OK);
        assert_int_equal(p.freq, MT_FREQ_MONTH);
        assert_int_equal(p.year, 2018);
        assert_int_equal(p.sub, 1);
        assert_int_equal(p.day, 0);
        assert_int_equal(mt_period_index(&p), 12L * 2018);
        assert_true(mt_period_time(&p) == 2018.0);
    }
    assert_int_equal(mt_period_parse_as("2020-02-29", MT_PERIOD_MONTH_DATE, &p, &err), MT_OK);
    assert_true(mt_period_time(&p) == 2020.0 + 1.0 / 12.0);
    /* without the layout the same text is a day */
    assert_int_equal(mt_period_parse("2018-01-01", &p, &err), MT_OK);
    assert_int_equal(p.freq, MT_FREQ_DAY);
    assert_int_equal(mt_period_parse_as("2019-02-29", MT_PERIOD_MONTH_DATE, &p, &err), MT_EPARSE);
    assert_string_equal(err.msg, "invalid period '2019-02-29': 2019-02 has 28 days");
    assert_int_equal(mt_period_parse_as("2018-13-01", MT_PERIOD_MONTH_DATE, &p, &err), MT_EPARSE);
    assert_string_equal(err.msg, "invalid period '2018-13-01': month must be 01-12");
    assert_int_equal(mt_period_parse_as("2018", MT_PERIOD_MONTH_DATE, &p, &err), MT_EPARSE);
    assert_string_equal(err.msg, "expected a date such as 2018-01-01 (period.format = month-date), got '2018'");
    assert_int_equal(mt_period_parse_as("2018-Q1", MT_PERIOD_MONTH_DATE, &p, &err), MT_EPARSE);
    assert_string_equal(err.msg, "expected a date such as 2018-01-01 (period.format = month-date), got '2018-Q1'");
    assert_int_equal(mt_period_parse_as("01/01/2018", MT_PERIOD_MONTH_DATE, &p, &err), MT_EPARSE);
    assert_string_equal(err.msg, "expected a date such as 2018-01-01 (period.format = month-date), got '01/01/2018'");
}

static void test_indices_are_consecutive(void **state)
{
    (void)state;
    /* every frequency: index+1 is the next period, from_index inverts index */
    const char *starts[] = {"1998", "1998-Q3", "1998-11", "1998-W50", "1998-12-20"};
    for (size_t f = 0; f < 5; f++) {
        mt_period p = parse_ok(starts[f]);
        long i0 = mt_period_index(&p);
        double prev_t = mt_period_time(&p);
        for (long k = 1; k < 800; k++) {
            mt_period q = mt_period_from_index(p.freq, i0 + k);
            assert_int_equal(mt_period_index(&q), i0 + k);
            char buf[MT_PERIOD_STR_MAX];
            mt_period_format(&q, buf, sizeof buf);
            mt_period r = parse_ok(buf); /* a valid period text */
            assert_int_equal(mt_period_cmp(&q, &r), 0);
            double t = mt_period_time(&q);
            assert_true(t > prev_t); /* time increases with the index */
            prev_t = t;
        }
    }
}

static void test_iso_weeks_against_python(void **state)
{
    (void)state;
    FILE *fp = fopen("tests/reference/intake/iso_weeks.out", "r");
    assert_non_null(fp);
    char line[256];
    int nweeks = 0, ndays = 0;
    while (fgets(line, sizeof line, fp)) {
        int y, w, m, d, iy, iw;
        long days, monday;
        char buf[32];
        mt_period p;
        mt_error err;
        if (sscanf(line, "weeks %d %d", &y, &w) == 2) {
            snprintf(buf, sizeof buf, "%04d-W%02d", y, w);
            assert_int_equal(mt_period_parse(buf, &p, &err), MT_OK);
            snprintf(buf, sizeof buf, "%04d-W%02d", y, w + 1);
            assert_int_equal(mt_period_parse(buf, &p, &err), MT_EPARSE);
            nweeks++;
        } else if (sscanf(line, "day %d-%d-%d %ld %d %d %ld", &y, &m, &d, &days, &iy, &iw, &monday) == 7) {
            snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
            assert_int_equal(mt_period_parse(buf, &p, &err), MT_OK);
            assert_int_equal(mt_period_index(&p), days);
            snprintf(buf, sizeof buf, "%04d-W%02d", iy, iw);
            assert_int_equal(mt_period_parse(buf, &p, &err), MT_OK);
            /* the week index counts weeks from Monday 1969-12-29 */
            assert_int_equal(mt_period_index(&p) * 7 - 3, monday);
            mt_period back = mt_period_from_index(MT_FREQ_WEEK, mt_period_index(&p));
            assert_int_equal(back.year, iy);
            assert_int_equal(back.sub, iw);
            ndays++;
        }
    }
    fclose(fp);
    assert_int_equal(nweeks, 36);
    assert_int_equal(ndays, 40);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tidy_forms),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_layout_formats),
        cmocka_unit_test(test_quarter_spellings),
        cmocka_unit_test(test_month_date_layout),
        cmocka_unit_test(test_indices_are_consecutive),
        cmocka_unit_test(test_iso_weeks_against_python),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
