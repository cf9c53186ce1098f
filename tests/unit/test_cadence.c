/* test_cadence.c - recognising a series' cadence (cadence.h) and the periods
 * it expects.  The wave years are published survey calendars or the rows of
 * the bundled data, named at each case; every expected cadence follows from
 * the rule in cadence.h by hand (differences, their median and gcd, given
 * in the comments). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/cadence.h"

#define MAXP 64

/* A series over periods given as text (values 1, 2, ...; no flags). */
typedef struct {
    mt_series s;
    mt_period p[MAXP];
    double t[MAXP], v[MAXP];
    unsigned fl[MAXP];
} fake;

static void make(fake *f, const char *const *text, size_t n)
{
    memset(f, 0, sizeof *f);
    assert_true(n <= MAXP);
    for (size_t i = 0; i < n; i++) {
        mt_error err;
        assert_int_equal(mt_period_parse(text[i], &f->p[i], &err), MT_OK);
        f->t[i] = mt_period_time(&f->p[i]);
        f->v[i] = (double)(i + 1);
    }
    f->s.id = "x";
    f->s.indicator = "x";
    f->s.market = "";
    f->s.region = "";
    f->s.freq = n ? f->p[0].freq : MT_FREQ_YEAR;
    f->s.n = n;
    f->s.period = f->p;
    f->s.t = f->t;
    f->s.value = f->v;
    f->s.flags = f->fl;
}

static mt_cadence cadence(const char *const *text, size_t n)
{
    fake f;
    make(&f, text, n);
    mt_cadence c;
    mt_error err;
    assert_int_equal(mt_series_cadence(&f.s, &c, &err), MT_OK);
    return c;
}

static void describe(const char *const *text, size_t n, const char *want)
{
    fake f;
    make(&f, text, n);
    mt_cadence c;
    assert_int_equal(mt_series_cadence(&f.s, &c, NULL), MT_OK);
    char buf[64];
    mt_cadence_describe(&c, f.s.freq, buf, sizeof buf);
    assert_string_equal(buf, want);
}

/* missing waves as "p1,p2,..." */
static void missing(const char *const *text, size_t n, const char *want)
{
    fake f;
    make(&f, text, n);
    mt_cadence c;
    mt_error err;
    assert_int_equal(mt_series_cadence(&f.s, &c, &err), MT_OK);
    mt_period *gaps = NULL;
    size_t ng = 0;
    assert_int_equal(mt_series_missing_waves(&f.s, &c, &gaps, &ng, &err), MT_OK);
    char buf[512] = "";
    for (size_t i = 0; i < ng; i++) {
        char p[MT_PERIOD_STR_MAX];
        mt_period_format(&gaps[i], p, sizeof p);
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "," : "", p);
    }
    free(gaps);
    assert_string_equal(buf, want);
}

#define N(a) (sizeof(a) / sizeof(a)[0])

/* ESPAD, the European school survey, every 4 years since 1995 (espad.org):
 * d = 4 (x6), median 4, gcd 4 -> every 4 years, nothing missing. */
static void test_every_four_years(void **state)
{
    (void)state;
    const char *espad[] = {"1995", "1999", "2003", "2007", "2011", "2015", "2019"};
    mt_cadence c = cadence(espad, N(espad));
    assert_int_equal(c.kind, MT_CADENCE_EVERY);
    assert_int_equal(c.step, 4);
    assert_true(mt_cadence_is_waves(&c));
    describe(espad, N(espad), "every 4 years");
    missing(espad, N(espad), "");
}

/* A biennial survey whose 2017 wave did not take place: d = 2, 2, 4, 2;
 * median 2; gcd 2, four of which three equal 2 -> biennial, 2017 missing
 * (and only 2017: the odd years between waves are not). */
static void test_biennial_with_a_missing_wave(void **state)
{
    (void)state;
    const char *w[] = {"2011", "2013", "2015", "2019", "2021"};
    mt_cadence c = cadence(w, N(w));
    assert_int_equal(c.kind, MT_CADENCE_EVERY);
    assert_int_equal(c.step, 2);
    describe(w, N(w), "biennial");
    missing(w, N(w), "2017");
}

/* The Belgian Health Interview Survey waves of the bundled UNODC series
 * prevalence/cannabis/BE (data/unodc/prevalence-nl-be.csv): 2004, 2008,
 * 2013, 2018; d = 4, 5, 5, median 5, gcd 1 -> irregular waves, nothing
 * missing.  The other Belgian series start in 2007 and 2008 as well:
 * 2007, 2008, 2013, 2018; d = 1, 5, 5, median 5 -> irregular. */
static void test_irregular_waves(void **state)
{
    (void)state;
    const char *his[] = {"2004", "2008", "2013", "2018"};
    mt_cadence c = cadence(his, N(his));
    assert_int_equal(c.kind, MT_CADENCE_IRREGULAR);
    assert_int_equal(c.step, 0);
    assert_true(mt_cadence_is_waves(&c));
    describe(his, N(his), "irregular waves");
    missing(his, N(his), "");
    const char *be[] = {"2007", "2008", "2013", "2018"};
    assert_int_equal(cadence(be, N(be)).kind, MT_CADENCE_IRREGULAR);
    /* one interval alone makes no rhythm: two waves five years apart */
    const char *two[] = {"2013", "2018"};
    assert_int_equal(cadence(two, N(two)).kind, MT_CADENCE_IRREGULAR);
    /* SCORE wastewater campaigns of Eindhoven, amphetamine (bundled EUDA
     * file): 2012, 2014, 2017, 2020, 2024; d = 2, 3, 3, 4, median 3, gcd 1 */
    const char *ww[] = {"2012", "2014", "2017", "2020", "2024"};
    assert_int_equal(cadence(ww, N(ww)).kind, MT_CADENCE_IRREGULAR);
}

/* The Dutch UNODC prevalence rows (prevalence/cannabis/NL): 2005, 2009,
 * then every year 2014-2023; d = 4, 5, 1 (x9), median 1 -> a regular
 * annual series, whose absent years are missing. */
static void test_regular_with_gaps(void **state)
{
    (void)state;
    const char *nl[] = {"2005", "2009", "2014", "2015", "2016", "2017", "2018",
                        "2019", "2020", "2021", "2022", "2023"};
    mt_cadence c = cadence(nl, N(nl));
    assert_int_equal(c.kind, MT_CADENCE_EVERY);
    assert_int_equal(c.step, 1);
    assert_false(mt_cadence_is_waves(&c));
    describe(nl, N(nl), "annual");
    missing(nl, N(nl), "2006,2007,2008,2010,2011,2012,2013");
    /* an even count whose middle differences are 1 and 2: median 1.5 > 1,
     * gcd 1 -> irregular (d = 1, 1, 2, 2) */
    const char *mix[] = {"2010", "2011", "2012", "2014", "2016"};
    assert_int_equal(cadence(mix, N(mix)).kind, MT_CADENCE_IRREGULAR);
    const char *one[] = {"2020"};
    assert_int_equal(cadence(one, N(one)).step, 1);
    assert_int_equal(cadence(NULL, 0).step, 1);
}

/* Other frequencies: a quarterly series every second quarter, and months. */
static void test_other_frequencies(void **state)
{
    (void)state;
    const char *q[] = {"2020-Q1", "2020-Q3", "2021-Q1", "2021-Q3", "2022-Q3"};
    mt_cadence c = cadence(q, N(q));
    assert_int_equal(c.step, 2);
    describe(q, N(q), "every 2 quarters");
    missing(q, N(q), "2022-Q1");
    const char *m[] = {"2020-01", "2020-02", "2020-04", "2020-05"}; /* d = 1, 2, 1: median 1 */
    describe(m, N(m), "monthly");
    missing(m, N(m), "2020-03");
}

static void test_errors(void **state)
{
    (void)state;
    mt_period p[2];
    mt_error err;
    assert_int_equal(mt_period_parse("2020", &p[0], &err), MT_OK);
    p[1] = p[0];
    mt_cadence c;
    assert_int_equal(mt_cadence_of(p, 2, &c, &err), MT_EINVAL);
    assert_string_equal(err.msg, "cadence: periods not strictly increasing");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_four_years),
        cmocka_unit_test(test_biennial_with_a_missing_wave),
        cmocka_unit_test(test_irregular_waves),
        cmocka_unit_test(test_regular_with_gaps),
        cmocka_unit_test(test_other_frequencies),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
