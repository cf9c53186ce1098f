/* test_csvread.c - the streaming CSV reader and source layouts.
 *
 * As libcsv's own tests do, every input is fed in every chunk size from 1 to
 * its length and must give identical records.  Expected values are read off
 * the input files by hand: the CBS file tests/fixtures/intake/cbs-83021NED.csv
 * (published export, see PROVENANCE.md there) and the EUDA slice
 * euda-ww2025-nl-be.csv (207 NL rows: grep -c ',"NL",'). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/csvread.h"

/* All records as one text: "line|f0|f1|...\n" with "-" for absent fields. */
static char *dump(const mt_records *r)
{
    size_t cap = 256, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    s[0] = '\0';
    for (size_t i = 0; i < r->n; i++) {
        char line[4096];
        size_t off = (size_t)snprintf(line, sizeof line, "%ld", r->rec[i].line);
        for (int f = 0; f < MT_FIELD_COUNT; f++)
            off += (size_t)snprintf(line + off, sizeof line - off, "|%s@%ld",
                                    r->rec[i].field[f] ? r->rec[i].field[f] : "-", r->rec[i].column[f]);
        snprintf(line + off, sizeof line - off, "\n");
        size_t n = strlen(line);
        while (len + n + 1 > cap) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
        memcpy(s + len, line, n + 1);
        len += n;
    }
    return s;
}

/* Read buf in every chunk size; all must equal the one-piece result, which is returned. */
static char *read_all_chunks(const char *buf, size_t len, const mt_layout *lay, mt_status want,
                             char *msg, size_t msgsize)
{
    mt_records r;
    mt_error err;
    mt_error_clear(&err);
    assert_int_equal(mt_records_read_buffer(buf, len, 0, "in.csv", lay, &r, &err), want);
    char *ref = dump(&r);
    if (msg)
        snprintf(msg, msgsize, "%s", err.msg);
    mt_records_clear(&r);
    for (size_t chunk = 1; chunk <= len; chunk++) {
        mt_error e2;
        mt_error_clear(&e2);
        assert_int_equal(mt_records_read_buffer(buf, len, chunk, "in.csv", lay, &r, &e2), want);
        char *got = dump(&r);
        if (strcmp(got, ref) != 0 || strcmp(e2.msg, err.msg) != 0)
            fail_msg("chunk %zu differs:\n%s\n%s\nvs\n%s\n%s", chunk, got, e2.msg, ref, err.msg);
        free(got);
        mt_records_clear(&r);
    }
    return ref;
}

static void test_tidy_every_chunk_size(void **state)
{
    (void)state;
    /* BOM, CRLF, a quoted field spanning two lines, a doubled quote, a lone CR,
     * a blank line and no final newline */
    static const char in[] =
        "\xEF\xBB\xBF" "indicator,market,period,value,note\r\n"
        "seizures,cocaine,2023,\"59100\",\"line one\r\nline two\"\r\n"
        "seizures,cocaine,2024,22900,\"said \"\"provisional\"\"\"\r" /* a lone CR ends line 4 */
        "\r\n"                                                      /* line 5 is blank */
        "price , heroin ,2024-Q3,  45.5 ,";
    mt_layout lay;
    mt_layout_init(&lay);
    char *got = read_all_chunks(in, sizeof in - 1, &lay, MT_OK, NULL, 0);
    assert_string_equal(got,
        "2|seizures@1|cocaine@2|-@0|2023@3|59100@4|-@0|-@0|-@0|-@0|-@0|line one\r\nline two@5|-@0\n"
        "4|seizures@1|cocaine@2|-@0|2024@3|22900@4|-@0|-@0|-@0|-@0|-@0|said \"provisional\"@5|-@0\n"
        "6|price@1|heroin@2|-@0|2024-Q3@3|45.5@4|-@0|-@0|-@0|-@0|-@0|@5|-@0\n");
    free(got);
}

static void test_errors_every_chunk_size(void **state)
{
    (void)state;
    mt_layout lay;
    mt_layout_init(&lay);
    char msg[MT_ERROR_MSG_MAX];
    struct {
        const char *in;
        mt_status st;
        const char *msg;
    } cases[] = {
        {"indicator,period,value\nx,2024,1\nx,2025\n", MT_EPARSE, "in.csv:3: expected 3 fields, got 2"},
        {"indicator,period,value\r\n\r\nx,2024,1\r\n\"x,2025,2\r\n", MT_EPARSE,
         "in.csv:4: unterminated quoted field (a quote opened in the row starting on this line is never closed)"},
        {"indicator,period,value\nx,2024,1\x00\n", MT_EPARSE,
         "in.csv:2: embedded NUL byte (this is not a text file; UTF-16 text must be saved as UTF-8)"},
        {"\xFF\xFEi\x00", MT_EPARSE, "in.csv:1: UTF-16 text (byte-order mark FF FE); save the file as UTF-8"},
        {"indicator,value,period,value\n", MT_EPARSE, "in.csv:1:4: duplicate column 'value' (also column 2)"},
        /* issue 13: a cut byte-order mark is not UTF-8 */
        {"\xEF\xBB", MT_EPARSE, "in.csv:1:1: invalid UTF-8 (byte 0xEF) at byte 1 of the field "
                                "(save the file as UTF-8, or declare encoding = latin1 or cp1252 in its [source])"},
        {"\r\n\r\n", MT_EPARSE, "in.csv: empty file (expected a header row)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len = i == 2 ? 35 : i == 3 ? 4 : strlen(cases[i].in);
        char *got = read_all_chunks(cases[i].in, len, &lay, cases[i].st, msg, sizeof msg);
        assert_string_equal(msg, cases[i].msg);
        free(got);
    }
}

static void test_field_limits(void **state)
{
    (void)state;
    mt_layout lay;
    mt_layout_init(&lay);
    /* a note of 1,000,000 bytes is within the 1 MiB field limit */
    size_t big = 1000000;
    const char *head = "indicator,period,value,note\nx,2024,1,";
    size_t hl = strlen(head);
    char *buf = malloc(hl + big + 2);
    assert_non_null(buf);
    memcpy(buf, head, hl);
    memset(buf + hl, 'a', big);
    memcpy(buf + hl + big, "\n", 2);
    mt_records r;
    mt_error err;
    assert_int_equal(mt_records_read_buffer(buf, hl + big + 1, 4096, "big.csv", &lay, &r, &err), MT_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(strlen(r.rec[0].field[MT_FIELD_NOTE]), big);
    mt_records_clear(&r);
    free(buf);
}

static void test_layout_keys(void **state)
{
    (void)state;
    mt_layout lay;
    mt_layout_init(&lay);
    mt_error err;
    assert_true(mt_layout_is_tidy(&lay));
    assert_int_equal(mt_layout_set(&lay, "delimiter", "tab", &err), MT_OK);
    assert_int_equal(lay.delimiter, '\t');
    assert_int_equal(mt_layout_set(&lay, "delimiter", ":", &err), MT_EPARSE);
    assert_string_equal(err.msg, "delimiter: expected one of , ; tab |, got ':'");
    assert_int_equal(mt_layout_set(&lay, "decimal", ";", &err), MT_EPARSE);
    assert_string_equal(err.msg, "decimal: expected . or , got ';'");
    assert_int_equal(mt_layout_set(&lay, "col.weight", "W", &err), MT_EPARSE);
    assert_string_equal(err.msg, "col.weight: unknown field 'weight' (fields: indicator, market, region, "
                                 "period, value, lower, upper, se, n, flag, note)");
    assert_int_equal(mt_layout_set(&lay, "map.period", "a -> b", &err), MT_EPARSE);
    assert_string_equal(err.msg, "map.period: only map.indicator, map.market and map.region exist");
    assert_int_equal(mt_layout_set(&lay, "map.market", "Benzoylecgonine cocaine", &err), MT_EPARSE);
    assert_string_equal(err.msg, "map.market: expected 'from -> to', got 'Benzoylecgonine cocaine'");
    assert_int_equal(mt_layout_set(&lay, "filter", "Country NL", &err), MT_EPARSE);
    assert_string_equal(err.msg, "filter: expected 'Column = text' or 'Column != text', got 'Country NL'");
    assert_int_equal(mt_layout_set(&lay, "scale", "0", &err), MT_EPARSE);
    assert_string_equal(err.msg, "scale: expected a positive number, got '0'");
    assert_int_equal(mt_layout_set(&lay, "period.format", "yyyymm", &err), MT_EPARSE);
    assert_string_equal(err.msg, "period.format: expected auto, year-mon, yyyy-mm or month-date, got 'yyyymm'");
    assert_int_equal(mt_layout_set(&lay, "wide", "A -> a/b/c/d", &err), MT_EPARSE);
    assert_string_equal(err.msg, "wide: expected 'Column -> indicator[/market[/region]]', got 'A -> a/b/c/d'");
    assert_int_equal(mt_layout_set(&lay, "colour", "red", &err), MT_EINVAL);
    assert_int_equal(mt_layout_set(&lay, "wide", "Col A -> prev/cocaine", &err), MT_OK);
    assert_string_equal(lay.wide[0].column, "Col A");
    assert_string_equal(lay.wide[0].market, "cocaine");
    assert_null(lay.wide[0].region);
    assert_false(mt_layout_is_tidy(&lay));
    mt_layout_clear(&lay);
    mt_layout_clear(NULL);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 20, fp);
    fclose(fp);
    return buf;
}

static void set(mt_layout *lay, const char *k, const char *v)
{
    mt_error err;
    if (mt_layout_set(lay, k, v, &err) != MT_OK)
        fail_msg("%s: %s", k, err.msg);
}

static void test_cbs_as_published(void **state)
{
    (void)state;
    mt_layout lay;
    mt_layout_init(&lay);
    set(&lay, "delimiter", ";");
    set(&lay, "decimal", ",");
    set(&lay, "col.period", "Perioden");
    set(&lay, "filter", "Kenmerken personen = Leeftijd: 18 jaar of ouder");
    set(&lay, "margin.column", "Marges");
    set(&lay, "margin.value", "Waarde");
    set(&lay, "margin.lower", "Ondergrens 95%-interval");
    set(&lay, "margin.upper", "Bovengrens 95%-interval");
    set(&lay, "wide", "Drugsgebruik, 12 jaar of ouder/Cocaïnegebruik/Afgelopen jaar (%) -> prevalence/cocaine");
    size_t len;
    char *buf = slurp("tests/fixtures/intake/cbs-83021NED.csv", &len);
    assert_int_equal(len, 4361);
    char *got = read_all_chunks(buf, len, &lay, MT_OK, NULL, 0);
    /* 12 rows (4 years x 3 margins), the cocaine column is field 28; 2015 is
     * 1,6 with 95% bounds 1,3 and 1,9 (file lines 3, 7, 11); 2014 is empty */
    const char *want_2015 =
        "3|prevalence@0|cocaine@0|-@0|2015@3|1,6@28|-@0|-@0|-@0|-@0|-@0|-@0|-@0\n";
    assert_non_null(strstr(got, want_2015));
    assert_non_null(strstr(got, "7|prevalence@0|cocaine@0|-@0|2015@3|-@0|1,3@28|-@0|-@0|-@0|-@0|-@0|-@0\n"));
    assert_non_null(strstr(got, "11|prevalence@0|cocaine@0|-@0|2015@3|-@0|-@0|1,9@28|-@0|-@0|-@0|-@0|-@0\n"));
    assert_non_null(strstr(got, "2|prevalence@0|cocaine@0|-@0|2014@3|@28|-@0|-@0|-@0|-@0|-@0|-@0|-@0\n"));
    free(got);

    /* without the layout's delimiter the ;-separated file fails with a hint */
    mt_layout tidy;
    mt_layout_init(&tidy);
    mt_records r;
    mt_error err;
    assert_int_equal(mt_records_read_buffer(buf, len, 0, "cbs.csv", &tidy, &r, &err), MT_EPARSE);
    assert_string_equal(err.msg, "cbs.csv:1: malformed quoted field (the file looks ;-separated: set "
                                 "delimiter = ; in the source layout)");
    /* Fuzz finding: the hint looked at the rest of the chunk, so that the
     * message depended on the chunk size.  It now looks at the byte libcsv
     * stops at and the one before it, which may lie in the previous chunk. */
    for (size_t chunk = 1; chunk <= 12; chunk++) {
        assert_int_equal(mt_records_read_buffer(buf, len, chunk, "cbs.csv", &tidy, &r, &err), MT_EPARSE);
        assert_string_equal(err.msg, "cbs.csv:1: malformed quoted field (the file looks ;-separated: "
                                     "set delimiter = ; in the source layout)");
    }
    static const char odd[] = "\xEF\xBB\xBF\"Perioden,;\"Waar2014\";014\";25,7\n";
    for (size_t chunk = 0; chunk <= 8; chunk++) {
        assert_int_equal(mt_records_read_buffer(odd, sizeof odd - 1, chunk, "x.csv", &tidy, &r, &err),
                         MT_EPARSE);
        assert_string_equal(err.msg, "x.csv:1: malformed quoted field (a quoted field must end at its "
                                     "closing quote, and a quote inside it must be doubled)");
    }
    /* Fuzz finding: a NUL later in the line was reported before a bad quote
     * earlier in it only when both were in the same chunk. */
    static const char nul[] = "indGend\"1,5\"er,period,value,\0\x05coour\nlxm,2024,1,red\n";
    for (size_t chunk = 0; chunk <= 8; chunk++) {
        assert_int_equal(mt_records_read_buffer(nul, sizeof nul - 1, chunk, "x.csv", &tidy, &r, &err),
                         MT_EPARSE);
        assert_string_equal(err.msg, "x.csv:1: malformed quoted field (a quoted field must end at its "
                                     "closing quote, and a quote inside it must be doubled)");
    }
    free(buf);
    mt_layout_clear(&lay);
}

static void test_euda_slice(void **state)
{
    (void)state;
    mt_layout lay;
    mt_layout_init(&lay);
    set(&lay, "filter", "Country = NL");
    set(&lay, "indicator", "wastewater");
    set(&lay, "col.market", "Metabolite");
    set(&lay, "col.region", "City");
    set(&lay, "col.period", "Year");
    set(&lay, "col.value", "Daily mean");
    set(&lay, "map.market", "MDMA -> mdma");
    mt_records r;
    mt_error err;
    assert_int_equal(mt_records_read_file("tests/fixtures/intake/euda-ww2025-nl-be.csv", "euda.csv", &lay,
                                          &r, &err), MT_OK);
    assert_int_equal(r.n, 207);   /* grep -c ',"NL",' */
    assert_int_equal(r.rows, 440); /* NL and BE rows before the filter */
    int found = 0;
    for (size_t i = 0; i < r.n; i++) {
        const mt_record *x = &r.rec[i];
        if (!strcmp(x->field[MT_FIELD_MARKET], "cocaine") && !strcmp(x->field[MT_FIELD_REGION], "Amsterdam") &&
            !strcmp(x->field[MT_FIELD_PERIOD], "2011")) {
            /* file line 434: 2011,"cocaine","NL001","NL","Amsterdam",...,644.1 */
            assert_string_equal(x->field[MT_FIELD_VALUE], "644.1");
            assert_int_equal(x->line, 434);
            assert_int_equal(x->column[MT_FIELD_VALUE], 15);
            found++;
        }
        assert_string_not_equal(x->field[MT_FIELD_MARKET], "MDMA"); /* mapped */
    }
    assert_int_equal(found, 1);
    mt_records_clear(&r);
    /* a missing file and a folder */
    assert_int_equal(mt_records_read_file("tests/fixtures/intake/none.csv", NULL, &lay, &r, &err), MT_EIO);
    assert_string_equal(err.msg, "tests/fixtures/intake/none.csv: cannot open: No such file or directory");
    assert_int_equal(mt_records_read_file("tests/fixtures", NULL, &lay, &r, &err), MT_EIO);
    assert_string_equal(err.msg, "tests/fixtures: is a folder, not a data file");
    /* a col.* column that is not there */
    set(&lay, "col.se", "SE");
    assert_int_equal(mt_records_read_file("tests/fixtures/intake/euda-ww2025-nl-be.csv", "euda.csv", &lay,
                                          &r, &err), MT_EPARSE);
    assert_string_equal(err.msg, "euda.csv:1: column 'SE' (col.se) not found in the header (the header has: "
                                 "Year, Metabolite, Site ID, Country, City, Wednesday, Thursday, Friday, "
                                 "Saturday, Sunday, Monday, Tuesday, Weekday mean, Weekend mean, Daily mean)");
    mt_layout_clear(&lay);
}

static void test_cdc_wonder_footer(void **state)
{
    (void)state;
    /* CDC WONDER export as published: tab-separated, CRLF, a "Total" row per
     * year and a grand total with an empty year, then a "---" footer of query
     * notes that is not CSV at all.  T40.4 deaths 2013 = 3105 (line 4),
     * 2020 = 56518 (line 25), read off the file. */
    mt_layout lay;
    mt_layout_init(&lay);
    set(&lay, "delimiter", "tab");
    set(&lay, "end", "---");
    set(&lay, "filter", "Notes = Total");
    set(&lay, "filter", "Year Code != ");
    set(&lay, "indicator", "deaths");
    set(&lay, "market", "synthetic_opioids");
    set(&lay, "col.period", "Year Code");
    set(&lay, "col.value", "Deaths");
    size_t len;
    char *buf = slurp("tests/fixtures/intake/cdc-wonder-T40.4.txt", &len);
    char *got = read_all_chunks(buf, len, &lay, MT_OK, NULL, 0);
    assert_non_null(strstr(got, "4|deaths@0|synthetic_opioids@0|-@0|2013@3|3105@6|"));
    assert_non_null(strstr(got, "25|deaths@0|synthetic_opioids@0|-@0|2020@3|56518@6|"));
    size_t rows = 0;
    for (const char *p = got; (p = strchr(p, '\n')) != NULL; p++)
        rows++;
    assert_int_equal(rows, 8); /* 2013-2020 */
    free(got);
    /* without `end` the footer is read as rows: the first one is ragged */
    free(lay.end);
    lay.end = NULL;
    mt_records r;
    mt_error err;
    assert_int_equal(mt_records_read_buffer(buf, len, 0, "cdc.txt", &lay, &r, &err), MT_EPARSE);
    assert_string_equal(err.msg, "cdc.txt:27: expected 8 fields, got 1");
    free(buf);
    mt_layout_clear(&lay);
}

static mt_status count_rows(void *user, const mt_csv_row *row, int *stop, mt_error *err)
{
    (void)err;
    size_t *n = user;
    (*n)++;
    if (row->n == 1 && strcmp(row->field[0], "END") == 0)
        *stop = 1;
    return MT_OK;
}

static void test_raw_reader_skip_and_stop(void **state)
{
    (void)state;
    size_t n = 0;
    mt_error err;
    mt_csvreader *r = mt_csvreader_alloc("f.csv", '|', 2, count_rows, &n);
    assert_non_null(r);
    const char *in = "title line, with \"odd\" quote\nsecond\na|b\nc|d\nEND\nnot \"csv at all\n";
    assert_int_equal(mt_csvreader_feed(r, in, strlen(in), &err), MT_OK);
    assert_int_equal(mt_csvreader_finish(r, &err), MT_OK);
    assert_int_equal(n, 3); /* a|b, c|d, END; the rest is ignored */
    assert_int_equal(mt_csvreader_rows(r), 3);
    mt_csvreader_free(r);
    mt_csvreader_free(NULL);
    assert_string_equal(mt_field_name(MT_FIELD_SE), "se");
    assert_null(mt_field_name(MT_FIELD_COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tidy_every_chunk_size),
        cmocka_unit_test(test_errors_every_chunk_size),
        cmocka_unit_test(test_field_limits),
        cmocka_unit_test(test_layout_keys),
        cmocka_unit_test(test_cbs_as_published),
        cmocka_unit_test(test_euda_slice),
        cmocka_unit_test(test_raw_reader_skip_and_stop),
        cmocka_unit_test(test_cdc_wonder_footer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
