/*
 * fuzz_csv.c - libFuzzer target for the CSV intake (csvread.h) and the data
 * set builder (series.h).
 *
 * Input: optional layout lines, then the CSV bytes.  When the input starts
 * with "#layout\n", every following line up to an empty line is "key=value"
 * given to mt_layout_set (bad keys and values are simply skipped, as the
 * model parser would have refused them), so that the fuzzer explores
 * delimiters, skips, filters, maps, wide tables and margin rows; otherwise
 * the tidy layout is used.  The rest is read twice, in one chunk and in
 * chunks of 1-16 bytes, and the two results must agree exactly (csvread.h
 * promises that the chunk size never changes the result): a difference
 * aborts.  Successful records then go through mt_dataset_build with kinds
 * chosen from the indicator's first letter, so that kind checks run too;
 * every number of the data set must be finite or NaN (never Inf).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/csvread.h"
#include "monitrend/series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mt_kind kind_of(void *user, const char *indicator)
{
    (void)user;
    switch (indicator[0]) {
    case 'c': return MT_KIND_COUNT;
    case 'p': return MT_KIND_PREVALENCE;
    case 'u': return MT_KIND_PURITY;
    case 'l': return MT_KIND_LOAD;
    default:  return MT_KIND_NONE;
    }
}

/* Parse the layout header; returns the offset of the CSV bytes. */
static size_t read_layout(const char *s, size_t size, mt_layout *lay)
{
    static const char magic[] = "#layout\n";
    const size_t m = sizeof magic - 1;
    if (size < m || memcmp(s, magic, m) != 0)
        return 0;
    size_t pos = m;
    char line[1024];
    while (pos < size) {
        const char *nl = memchr(s + pos, '\n', size - pos);
        size_t len = nl ? (size_t)(nl - (s + pos)) : size - pos;
        size_t next = pos + len + (nl ? 1 : 0);
        if (len == 0)
            return next;
        if (len < sizeof line) {
            memcpy(line, s + pos, len);
            line[len] = '\0';
            char *eq = strchr(line, '=');
            if (eq && strlen(line) == len) {
                *eq = '\0';
                mt_error err;
                (void)mt_layout_set(lay, line, eq + 1, &err);
            }
        }
        pos = next;
    }
    return pos;
}

static int same_text(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    mt_layout lay;
    mt_layout_init(&lay);
    size_t off = read_layout(s, size, &lay);
    const char *csv = s + off;
    size_t len = size - off;

    mt_records a = {0}, b = {0};
    mt_error ea, eb;
    mt_error_clear(&ea);
    mt_error_clear(&eb);
    mt_status sa = mt_records_read_buffer(csv, len, 0, "fuzz.csv", &lay, &a, &ea);
    size_t chunk = 1 + (len % 16);
    mt_status sb = mt_records_read_buffer(csv, len, chunk, "fuzz.csv", &lay, &b, &eb);

    /* The chunk size never changes the result. */
    if (sa != sb || strcmp(ea.msg, eb.msg) != 0 || a.n != b.n || a.rows != b.rows) {
        fprintf(stderr, "chunk %zu differs: %d '%s' vs %d '%s', %zu vs %zu records\n", chunk,
                (int)sa, ea.msg, (int)sb, eb.msg, a.n, b.n);
        abort();
    }
    for (size_t i = 0; i < a.n; i++) {
        if (a.rec[i].line != b.rec[i].line)
            abort();
        for (int f = 0; f < MT_FIELD_COUNT; f++)
            if (!same_text(a.rec[i].field[f], b.rec[i].field[f]) ||
                a.rec[i].column[f] != b.rec[i].column[f])
                abort();
    }
    if (sa != MT_OK && a.n != 0)
        abort(); /* "On error out is left empty." */

    if (sa == MT_OK) {
        mt_intake in = {lay.decimal, lay.period_format, lay.scale, kind_of, NULL};
        const mt_records *recs[1] = {&a};
        mt_dataset ds = {0};
        mt_error e;
        mt_status st = mt_dataset_build(recs, &in, 1, &ds, &e);
        if (st != MT_OK && ds.n != 0)
            abort(); /* "on error it stays empty" */
        for (size_t i = 0; i < ds.n; i++) {
            const mt_series *se = &ds.series[i];
            for (size_t k = 0; k < se->n; k++) {
                /* missing is NaN, never a sentinel or an infinity */
                if (isinf(se->value[k]) || isinf(se->lower[k]) || isinf(se->upper[k]) ||
                    isinf(se->se[k]) || !isfinite(se->t[k])) {
                    fprintf(stderr, "series %s: non-finite number at %zu\n", se->id, k);
                    abort();
                }
            }
            for (size_t k = 1; k < se->n; k++)
                if (mt_period_cmp(&se->period[k - 1], &se->period[k]) >= 0)
                    abort(); /* observations sorted by period, no duplicates */
            mt_period *gaps = NULL;
            size_t ng = 0;
            if (mt_series_gaps(se, &gaps, &ng, &e) == MT_OK)
                free(gaps);
        }
        mt_dataset_clear(&ds);
    }
    mt_records_clear(&a);
    mt_records_clear(&b);
    mt_layout_clear(&lay);
    return 0;
}
