/* test_series_note.c - the words of a series result's typed notes (issue 14):
 * the run appends {code, numbers, carried strings}; the sentences are made
 * only in src/present.  The expected English is what the run's an_note_add
 * wrote into the note column of trends.csv before (the same format strings,
 * e.g. "%zu value%s <= 0 ..."), and the joining is its rule: "; " between
 * notes, a note that does not fit whole cut at the buffer's size, later
 * ones dropped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/series_note_words.h"

static mt_series_note notes[8];

static void add(mt_series_result *r, mt_series_note x, const char *id, const char *text)
{
    r->notes = notes;
    assert_true(r->n_notes < sizeof notes / sizeof notes[0]);
    snprintf(x.id, sizeof x.id, "%s", id ? id : "");
    snprintf(x.text, sizeof x.text, "%s", text ? text : "");
    r->notes[r->n_notes++] = x;
}

static void test_words(void **state)
{
    (void)state;
    mt_series_result *r = calloc(1, sizeof *r);
    assert_non_null(r);
    char buf[MT_AN_NOTE_MAX];
    mt_series_note_text(r, buf, sizeof buf);
    assert_string_equal(buf, "");
    add(r, (mt_series_note){.code = MT_SNOTE_ZEROS_HALF_MIN, .n = 1, .x = 0.25}, NULL, "2019");
    add(r, (mt_series_note){.code = MT_SNOTE_NONPOS_LEFT_OUT, .n = 2}, NULL, "2019, 2020");
    add(r, (mt_series_note){.code = MT_SNOTE_VARIANCE_NOT_COUNTS, .k = MT_VARIANCE_POISSON,
                            .j = MT_SNOTE_WHY_SE}, NULL, NULL);
    add(r, (mt_series_note){.code = MT_SNOTE_BRIDGED, .x = 1.23456, .y = 0.0456, .n = 3}, "def2018",
        NULL);
    add(r, (mt_series_note){.code = MT_SNOTE_AR1_TREND, .x = 0.4567, .k = 1}, NULL, NULL);
    add(r, (mt_series_note){.code = MT_SNOTE_JP_AR1_ROUNDS, .k = 1, .j = 50}, NULL, NULL);
    add(r, (mt_series_note){.code = MT_SNOTE_TREND_ERR}, NULL, "trend: 1 point");
    mt_series_note_text(r, buf, sizeof buf);
    assert_string_equal(buf,
        "zeros = half-min: 1 value <= 0 (2019) replaced by half the smallest positive value, 0.25; "
        "2 values <= 0 left out of the log-scale fits: 2019, 2020; "
        "poisson variance asked for, but the values carry standard errors: least squares used; "
        "definition change def2018 bridged by the comparability ratio 1.235 (SE 0.0456): "
        "3 earlier values multiplied; "
        "trend with AR(1) errors (GLS, phi by REML): phi = 0.457 (across the gaps: phi to the power "
        "of the periods between points); "
        "AR(1) search with 1 joinpoint did not settle in 50 rounds: the best set seen kept; "
        "trend not fitted: trend: 1 point");
    free(r);
}

static void test_cut(void **state)
{
    (void)state;
    mt_series_result *r = calloc(1, sizeof *r);
    assert_non_null(r);
    /* "linear scale: slope in units per year, no APC" is 45 characters */
    add(r, (mt_series_note){.code = MT_SNOTE_LINEAR_SCALE}, NULL, NULL);
    add(r, (mt_series_note){.code = MT_SNOTE_DESCRIPTIVE, .n = 1}, NULL, NULL);
    add(r, (mt_series_note){.code = MT_SNOTE_WEIGHTS_OOM}, NULL, NULL);
    char buf[60];
    /* 45 + "; " = 47, 12 characters of the second fit, the third dropped */
    mt_series_note_text(r, buf, sizeof buf);
    assert_string_equal(buf, "linear scale: slope in units per year, no APC; 1 point to f");
    char small[20];
    mt_series_note_text(r, small, sizeof small);
    assert_string_equal(small, "linear scale: slope");
    /* 45 + 3 >= 48: no room for a separator, the rest dropped whole */
    char edge[48];
    mt_series_note_text(r, edge, sizeof edge);
    assert_string_equal(edge, "linear scale: slope in units per year, no APC");
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
