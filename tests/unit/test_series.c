/* test_series.c - records to series: sorting, merging of bound rows,
 * validation messages, gaps and flag counts.  Inputs are small hand-written
 * tables; every expected number is read off them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/series.h"

static mt_status build2(const char *a, const char *b, mt_kind kind, mt_dataset *ds, mt_error *err);

/* Records that carry only bounds, as a margin layout makes them: the tidy
 * reader requires a value column, so build them by hand from
 * "indicator,period,lower[,upper]\n..." text (line numbers from 2). */
static void bounds_records(const char *text, mt_records *r)
{
    memset(r, 0, sizeof *r);
    r->file = strdup("b.csv");
    r->rec = calloc(8, sizeof *r->rec);
    const char *p = strchr(text, '\n') + 1;
    int has_upper = strstr(text, "upper") != NULL && strstr(text, "upper") < p;
    while (*p) {
        mt_record *x = &r->rec[r->n];
        char ind[32], per[32], lo[32], up[32] = "";
        int k = has_upper ? sscanf(p, "%31[^,],%31[^,],%31[^,],%31[^\n]", ind, per, lo, up)
                          : sscanf(p, "%31[^,],%31[^,],%31[^\n]", ind, per, lo);
        assert_true(k >= 3);
        x->line = (long)r->n + 2;
        x->field[MT_FIELD_INDICATOR] = strdup(ind);
        x->field[MT_FIELD_PERIOD] = strdup(per);
        x->column[MT_FIELD_PERIOD] = 2;
        x->field[MT_FIELD_LOWER] = strdup(lo);
        x->column[MT_FIELD_LOWER] = 3;
        if (has_upper) {
            x->field[MT_FIELD_UPPER] = strdup(up);
            x->column[MT_FIELD_UPPER] = 4;
        }
        r->n++;
        p = strchr(p, '\n') + 1;
    }
}

static mt_kind fixed_kind(void *user, const char *indicator)
{
    (void)indicator;
    return *(mt_kind *)user;
}

static mt_status build(const char *csv, mt_kind kind, mt_dataset *ds, mt_error *err)
{
    return build2(csv, NULL, kind, ds, err);
}

static mt_status build2(const char *a, const char *b, mt_kind kind, mt_dataset *ds, mt_error *err)
{
    mt_layout lay;
    mt_layout_init(&lay);
    mt_records r[2];
    const mt_records *rp[2] = {&r[0], &r[1]};
    mt_intake in[2] = {{'.', MT_PERIOD_AUTO, 1.0, fixed_kind, &kind}, {'.', MT_PERIOD_AUTO, 1.0, fixed_kind, &kind}};
    mt_error_clear(err);
    assert_int_equal(mt_records_read_buffer(a, strlen(a), 0, "a.csv", &lay, &r[0], err), MT_OK);
    if (b && strncmp(b, "indicator,period,value", 22) != 0)
        bounds_records(b, &r[1]);
    else if (b)
        assert_int_equal(mt_records_read_buffer(b, strlen(b), 0, "b.csv", &lay, &r[1], err), MT_OK);
    mt_status st = mt_dataset_build(rp, in, b ? 2 : 1, ds, err);
    mt_records_clear(&r[0]);
    if (b)
        mt_records_clear(&r[1]);
    return st;
}

static void test_sorted_series(void **state)
{
    (void)state;
    mt_dataset ds = {0};
    mt_error err;
    const char *csv =
        "indicator,market,region,period,value,lower,upper,flag,note\n"
        "use,cocaine,,2024,3.5,3.1,3.9,provisional,\n"
        "use,cocaine,,2019,2.5,,,,first wave\n"
        "use,cocaine,,2021,NA,,,,\n"
        "use,,,2020,10,,,estimate|break,\n"
        "ww,cocaine,Amsterdam,2023-W02,400,,,exclude,sewer dumping\n"
        "ww,cocaine,Amsterdam,2022-W52,300,,,,\n"
        "ww,cocaine,Amsterdam,2023-W01,350,,,,\n";
    assert_int_equal(build(csv, MT_KIND_NONE, &ds, &err), MT_OK);
    assert_int_equal(ds.n, 3);
    assert_string_equal(ds.series[0].id, "use");
    assert_string_equal(ds.series[1].id, "use/cocaine");
    assert_string_equal(ds.series[2].id, "ww/cocaine/Amsterdam");
    const mt_series *s = mt_dataset_find(&ds, "use/cocaine");
    assert_ptr_equal(s, &ds.series[1]);
    assert_null(mt_dataset_find(&ds, "use/heroin"));
    assert_int_equal(s->n, 3);
    assert_true(s->t[0] == 2019.0 && s->t[1] == 2021.0 && s->t[2] == 2024.0);
    assert_true(s->value[0] == 2.5 && isnan(s->value[1]) && s->value[2] == 3.5);
    assert_true(s->lower[2] == 3.1 && s->upper[2] == 3.9 && isnan(s->lower[0]));
    assert_int_equal(s->flags[2], MT_FLAG_PROVISIONAL);
    assert_string_equal(s->note[0], "first wave");
    assert_null(s->note[1]);
    assert_int_equal(s->line[0], 3);
    assert_int_equal(s->column[0], 5);
    assert_string_equal(s->source, "a.csv");
    assert_int_equal(mt_series_n_fit(s), 2);
    assert_int_equal(ds.series[0].flags[0], MT_FLAG_ESTIMATE | MT_FLAG_BREAK);

    /* gaps: 2020, 2022, 2023 between 2019 and 2024 (2021 is present, missing) */
    mt_period *gaps;
    size_t ng;
    assert_int_equal(mt_series_gaps(s, &gaps, &ng, &err), MT_OK);
    assert_int_equal(ng, 3);
    assert_int_equal(gaps[0].year, 2020);
    assert_int_equal(gaps[2].year, 2023);
    free(gaps);
    mt_flag_counts fc;
    mt_series_count_flags(s, &fc);
    assert_int_equal(fc.missing, 1);
    assert_int_equal(fc.provisional, 1);

    /* weeks across the year end are consecutive: no gaps, sorted, exclude not fitted */
    const mt_series *w = &ds.series[2];
    assert_int_equal(w->freq, MT_FREQ_WEEK);
    assert_int_equal(w->period[0].year, 2022);
    assert_int_equal(w->period[0].sub, 52);
    assert_int_equal(mt_series_gaps(w, &gaps, &ng, &err), MT_OK);
    assert_int_equal(ng, 0);
    assert_null(gaps);
    assert_int_equal(mt_series_n_fit(w), 2);
    mt_series_count_flags(w, &fc);
    assert_int_equal(fc.exclude, 1);
    mt_dataset_clear(&ds);
    mt_dataset_clear(NULL);
}

static void test_margin_rows_merge(void **state)
{
    (void)state;
    /* bounds given on their own rows (as CBS margin rows are) merge with the value */
    mt_dataset ds = {0};
    mt_error err;
    const char *values_csv =
        "indicator,period,value\n"
        "p,2015,1.6\n"
        "p,2016,1.7\n";
    const char *bounds_csv =
        "indicator,period,lower,upper\n"
        "p,2016,1.4,2.0\n"
        "p,2015,1.3,1.9\n";
    assert_int_equal(build2(values_csv, bounds_csv, MT_KIND_PREVALENCE, &ds, &err), MT_OK);
    assert_int_equal(ds.n, 1);
    assert_int_equal(ds.series[0].n, 2);
    assert_true(ds.series[0].value[0] == 1.6 && ds.series[0].lower[0] == 1.3 && ds.series[0].upper[0] == 1.9);
    assert_true(ds.series[0].value[1] == 1.7 && ds.series[0].lower[1] == 1.4 && ds.series[0].upper[1] == 2.0);
    assert_int_equal(ds.series[0].line[0], 2); /* the value's line, not the bound's */
    mt_dataset_clear(&ds);
    /* a bound on the wrong side, found after merging, is reported at the bound */
    assert_int_equal(build2(values_csv, "indicator,period,lower\np,2016,1.8\n", MT_KIND_NONE, &ds, &err),
                     MT_EPARSE);
    assert_string_equal(err.msg, "b.csv:2:3: lower bound 1.8 is above the value 1.7");
    /* the same value twice is a duplicate, named with both places */
    assert_int_equal(build2("indicator,period,value\np,2015,1.6\n", "indicator,period,value\np,2015,1.7\n",
                            MT_KIND_NONE, &ds, &err), MT_EPARSE);
    assert_string_equal(err.msg, "b.csv:2:2: duplicate observation: series 'p' period 2015 (first at a.csv:2)");
    assert_int_equal(ds.n, 0);
}

static void test_validation_messages(void **state)
{
    (void)state;
    mt_dataset ds = {0};
    mt_error err;
    struct {
        const char *csv;
        mt_kind kind;
        const char *msg;
    } cases[] = {
        {"indicator,period,value\nx,2020,1\nx,2020-07,2\n", MT_KIND_NONE,
         "a.csv:3:2: period 2020-07 is a month, but series 'x' has year periods (first at a.csv:2); a series has one frequency"},
        {"indicator,period,value,lower\nx,2020,1,1.5\n", MT_KIND_NONE, "a.csv:2:4: lower bound 1.5 is above the value 1"},
        {"indicator,period,value,upper\nx,2020,1,0.25\n", MT_KIND_NONE, "a.csv:2:4: upper bound 0.25 is below the value 1"},
        {"indicator,period,value\nx,2020,-1\n", MT_KIND_COUNT, "a.csv:2:3: negative count -1 (indicator 'x' has kind count)"},
        {"indicator,period,value\nx,2020,-0.5\n", MT_KIND_PURITY, "a.csv:2:3: percentage -0.5 outside 0-100 (indicator 'x' has kind purity)"},
        {"indicator,period,value\nx,2020,100.5\n", MT_KIND_PREVALENCE, "a.csv:2:3: percentage 100.5 outside 0-100 (indicator 'x' has kind prevalence)"},
        {"indicator,period,value,n\nx,2020,5,1.200\n", MT_KIND_NONE, "a.csv:2:4: expected a whole number for a count, got '1.200' (looks like a Dutch thousands separator; write the count without separators)"},
        {"indicator,period,value,flag\nx,2020,5,estimate|final\n", MT_KIND_NONE, "a.csv:2:4: unknown flag 'final' (expected provisional, estimate, break, exclude, lod or below-lod)"},
        {"indicator,market,region,period,value\nx,a,,2020,1\nx,,a,2021,1\n", MT_KIND_NONE, "two series have the same id 'x/a' (one gives it as market, the other as region)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(build(cases[i].csv, cases[i].kind, &ds, &err), MT_EPARSE);
        assert_string_equal(err.msg, cases[i].msg);
        assert_int_equal(ds.n, 0);
    }
    /* kinds that allow negatives and values over 100 */
    assert_int_equal(build("indicator,period,value\nx,2020,-3\nx,2021,250\n", MT_KIND_INDEX, &ds, &err), MT_OK);
    assert_int_equal(mt_series_check_kind(&ds.series[0], MT_KIND_PREVALENCE, &err), MT_EPARSE);
    assert_string_equal(err.msg, "a.csv:2:3: percentage -3 outside 0-100 (indicator 'x' has kind prevalence)");
    assert_int_equal(mt_series_check_kind(&ds.series[0], MT_KIND_LOAD, &err), MT_OK);
    mt_dataset_clear(&ds);
}

static void test_ids_and_names(void **state)
{
    (void)state;
    char *id = mt_series_make_id("ww", "", "Amsterdam");
    assert_string_equal(id, "ww/Amsterdam");
    free(id);
    id = mt_series_make_id("ww", NULL, NULL);
    assert_string_equal(id, "ww");
    free(id);
    assert_string_equal(mt_kind_name(MT_KIND_PREVALENCE), "prevalence");
    unsigned f;
    mt_error err;
    assert_int_equal(mt_flags_parse(" break | exclude ", &f, &err), MT_OK);
    assert_int_equal(f, MT_FLAG_BREAK | MT_FLAG_EXCLUDE);
    assert_int_equal(mt_flags_parse("", &f, &err), MT_OK);
    assert_int_equal(f, 0);
    /* a censored value is excluded from every fit and remembered as such */
    assert_int_equal(mt_flags_parse("lod", &f, &err), MT_OK);
    assert_int_equal(f, MT_FLAG_LOD | MT_FLAG_EXCLUDE);
    assert_int_equal(mt_flags_parse("provisional|below-lod", &f, &err), MT_OK);
    assert_int_equal(f, MT_FLAG_PROVISIONAL | MT_FLAG_LOD | MT_FLAG_EXCLUDE);
}

static void test_read_tidy_file(void **state)
{
    (void)state;
    mt_dataset ds = {0};
    mt_error err;
    assert_int_equal(mt_dataset_read_tidy("tests/fixtures/intake/tidy.csv", &ds, &err), MT_OK);
    assert_int_equal(ds.n, 2);
    const mt_series *s = mt_dataset_find(&ds, "seizures/cocaine");
    assert_non_null(s);
    assert_int_equal(s->n, 4);
    assert_true(s->value[3] == 22900.0);
    mt_dataset_clear(&ds);
    assert_int_equal(mt_dataset_read_tidy("tests/fixtures/intake/cbs-83021NED.csv", &ds, &err), MT_EPARSE);
    assert_string_equal(err.msg, "tests/fixtures/intake/cbs-83021NED.csv:1: malformed quoted field (the file "
                                 "looks ;-separated: set delimiter = ; in the source layout)");
}

/* The optional `source` column (figures typed from published text, issue 17):
 * kept per observation, NULL where a row leaves it empty, no array at all for
 * a file without the column; a bound row merged in keeps the value row's source. */
static void test_row_source(void **state)
{
    (void)state;
    mt_dataset ds;
    mt_error err;
    assert_int_equal(build("indicator,period,value,source\n"
                           "labs,2021,93,https://example.org/a\n"
                           "labs,2022,105,\n"
                           "labs,2023,151,\"Politie, overzicht 2023\"\n",
                           MT_KIND_COUNT, &ds, &err), MT_OK);
    const mt_series *s = mt_dataset_find(&ds, "labs");
    assert_non_null(s);
    assert_int_equal(s->n, 3);
    assert_non_null(s->row_source);
    assert_string_equal(s->row_source[0], "https://example.org/a");
    assert_null(s->row_source[1]);
    assert_string_equal(s->row_source[2], "Politie, overzicht 2023");
    mt_dataset_clear(&ds);

    assert_int_equal(build("indicator,period,value\nlabs,2021,93\n", MT_KIND_COUNT, &ds, &err), MT_OK);
    assert_null(mt_dataset_find(&ds, "labs")->row_source);
    mt_dataset_clear(&ds);

    assert_int_equal(build2("indicator,period,value,source\nx,2020,5,page-a\n",
                            "indicator,period,lower\nx,2020,4\n", MT_KIND_NONE, &ds, &err), MT_OK);
    s = mt_dataset_find(&ds, "x");
    assert_non_null(s);
    assert_true(s->lower[0] == 4.0);
    assert_string_equal(s->row_source[0], "page-a");
    mt_dataset_clear(&ds);
}

static void test_layout_scale_and_months(void **state)
{
    (void)state;
    /* a wide monthly table with "1995 Jan" periods, values in thousands, decimal comma */
    const char *csv =
        "Maand;Cocaine;Heroine\n"
        "1995 Feb;1,5;0,25\n"
        "1995 Jan;2;\n"
        "1995 Apr;3,25;1\n";
    mt_layout lay;
    mt_layout_init(&lay);
    mt_error err;
    assert_int_equal(mt_layout_set(&lay, "delimiter", ";", &err), MT_OK);
    assert_int_equal(mt_layout_set(&lay, "decimal", ",", &err), MT_OK);
    assert_int_equal(mt_layout_set(&lay, "col.period", "Maand", &err), MT_OK);
    assert_int_equal(mt_layout_set(&lay, "period.format", "year-mon", &err), MT_OK);
    assert_int_equal(mt_layout_set(&lay, "scale", "1000", &err), MT_OK);
    assert_int_equal(mt_layout_set(&lay, "wide", "Cocaine -> seizures/cocaine", &err), MT_OK);
    assert_int_equal(mt_layout_set(&lay, "wide", "Heroine -> seizures/heroin", &err), MT_OK);
    mt_records r;
    assert_int_equal(mt_records_read_buffer(csv, strlen(csv), 0, "m.csv", &lay, &r, &err), MT_OK);
    const mt_records *rp = &r;
    mt_intake in = {lay.decimal, lay.period_format, lay.scale, NULL, NULL};
    mt_dataset ds = {0};
    assert_int_equal(mt_dataset_build(&rp, &in, 1, &ds, &err), MT_OK);
    assert_int_equal(ds.n, 2);
    const mt_series *c = mt_dataset_find(&ds, "seizures/cocaine");
    assert_int_equal(c->freq, MT_FREQ_MONTH);
    assert_int_equal(c->n, 3);
    assert_true(c->value[0] == 2000.0 && c->value[1] == 1500.0 && c->value[2] == 3250.0);
    assert_true(c->t[1] == 1995.0 + 1.0 / 12.0);
    mt_period *g;
    size_t ng;
    assert_int_equal(mt_series_gaps(c, &g, &ng, &err), MT_OK);
    assert_int_equal(ng, 1); /* March */
    assert_int_equal(g[0].sub, 3);
    free(g);
    const mt_series *h = mt_dataset_find(&ds, "seizures/heroin");
    assert_true(isnan(h->value[0]) && h->value[1] == 250.0);
    assert_int_equal(h->column[1], 3);
    mt_dataset_clear(&ds);
    mt_records_clear(&r);
    mt_layout_clear(&lay);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sorted_series),
        cmocka_unit_test(test_margin_rows_merge),
        cmocka_unit_test(test_validation_messages),
        cmocka_unit_test(test_ids_and_names),
        cmocka_unit_test(test_read_tidy_file),
        cmocka_unit_test(test_layout_scale_and_months),
        cmocka_unit_test(test_row_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
