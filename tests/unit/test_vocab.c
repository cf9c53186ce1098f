/* test_vocab.c - the enum tables of vocab.h (issue 14) and the one
 * validation of a maximum number of joinpoints (options.h).
 *
 * Expected names are the documented spellings of monitrend(1),
 * docs/model-format.md and the columns of the results CSV files; expected Dutch
 * words are those the findings printed before the tables existed
 * (THEMA: PRODUCTIE, ...). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "monitrend/joinpoint.h"
#include "monitrend/options.h"
#include "monitrend/vocab.h"

/* every name parses back to its value; an unknown name is MT_EINVAL and
 * leaves the output alone */
static void test_round_trips(void **state)
{
    (void)state;
    static const char *const sel[] = {"wbic", "bic", "bic3", "permutation"};
    for (int i = 0; i < 4; i++) {
        mt_select x = (mt_select)99;
        assert_string_equal(mt_select_name((mt_select)i), sel[i]);
        assert_int_equal(mt_select_parse(sel[i], &x), MT_OK);
        assert_int_equal(x, i);
    }
    static const char *const brk[] = {"trend", "mean", "none"};
    for (int i = 0; i < 3; i++) {
        mt_breaks_kind x = (mt_breaks_kind)99;
        assert_string_equal(mt_breaks_name((mt_breaks_kind)i), brk[i]);
        assert_int_equal(mt_breaks_parse(brk[i], &x), MT_OK);
        assert_int_equal(x, i);
    }
    static const char *const scale[] = {"auto", "log", "linear"};
    for (int i = 0; i < 3; i++) {
        mt_scale x = (mt_scale)99;
        assert_string_equal(mt_scale_name((mt_scale)i), scale[i]);
        assert_int_equal(mt_scale_parse(scale[i], &x), MT_OK);
        assert_int_equal(x, i);
    }
    static const char *const var[] = {"auto", "constant", "poisson", "quasipoisson"};
    for (int i = 0; i < 4; i++) {
        mt_variance x = (mt_variance)99;
        assert_string_equal(mt_variance_name((mt_variance)i), var[i]);
        assert_int_equal(mt_variance_parse(var[i], &x), MT_OK);
        assert_int_equal(x, i);
    }
    static const char *const zeros[] = {"exclude", "linear", "half-min"};
    for (int i = 0; i < 3; i++) {
        mt_zeros x = (mt_zeros)99;
        assert_string_equal(mt_zeros_name((mt_zeros)i), zeros[i]);
        assert_int_equal(mt_zeros_parse(zeros[i], &x), MT_OK);
        assert_int_equal(x, i);
    }
    static const char *const kind[] = {"", "count", "amount", "price", "purity", "prevalence", "load", "index"};
    for (int i = 1; i < 8; i++) {
        mt_kind x = MT_KIND_NONE;
        assert_string_equal(mt_kind_name((mt_kind)i), kind[i]);
        assert_int_equal(mt_kind_parse(kind[i], &x), MT_OK);
        assert_int_equal(x, i);
    }
    static const char *const theme[] = {"", "import", "production", "trade", "use", "crime",
                                        "criminal law", "financial", "administrative"};
    for (int i = 1; i < MT_THEME_COUNT; i++) {
        mt_theme x = MT_THEME_NONE;
        assert_string_equal(mt_theme_name((mt_theme)i), theme[i]);
        assert_int_equal(mt_theme_parse(theme[i], &x), MT_OK);
        assert_int_equal(x, i);
    }
    assert_string_equal(mt_anomaly_kind_name(MT_ANOMALY_RESIDUAL), "residual");
    assert_string_equal(mt_anomaly_kind_name(MT_ANOMALY_REPEAT), "repeat");
    assert_string_equal(mt_anomaly_kind_name(MT_ANOMALY_JUMP), "jump");

    /* unknown names, case, and the empty NONE rows */
    mt_select s = MT_SELECT_BIC;
    assert_int_equal(mt_select_parse("WBIC", &s), MT_EINVAL);
    assert_int_equal(mt_select_parse("", &s), MT_EINVAL);
    assert_int_equal(mt_select_parse(NULL, &s), MT_EINVAL);
    assert_int_equal(s, MT_SELECT_BIC);
    mt_theme t = MT_THEME_USE;
    assert_int_equal(mt_theme_parse("", &t), MT_EINVAL);
    assert_int_equal(mt_theme_parse("criminal", &t), MT_EINVAL);
    assert_int_equal(t, MT_THEME_USE);
    mt_kind k = MT_KIND_LOAD;
    assert_int_equal(mt_kind_parse("", &k), MT_EINVAL);
    assert_int_equal(k, MT_KIND_LOAD);
    mt_scale sc = MT_SCALE_LOG;
    assert_int_equal(mt_scale_parse("logarithmic", &sc), MT_EINVAL);
    assert_int_equal(sc, MT_SCALE_LOG);

    /* out of range: "" for a name, "?" for a word, never a crash */
    assert_string_equal(mt_select_name((mt_select)4), "");
    assert_string_equal(mt_theme_name((mt_theme)MT_THEME_COUNT), "");
    assert_string_equal(mt_theme_name(MT_THEME_NONE), "");
    assert_string_equal(mt_kind_name(MT_KIND_NONE), "");
    assert_string_equal(mt_breaks_word((mt_breaks_kind)3, MT_LANG_EN), "?");
}

static void test_words(void **state)
{
    (void)state;
    static const char *const nl[] = {"", "import", "productie", "handel", "gebruik", "criminaliteit",
                                     "strafrecht", "financieel", "bestuurlijk"};
    for (int i = 0; i < MT_THEME_COUNT; i++) {
        assert_string_equal(mt_theme_word((mt_theme)i, MT_LANG_NL), nl[i]);
        assert_string_equal(mt_theme_word((mt_theme)i, MT_LANG_EN), mt_theme_name((mt_theme)i));
    }
    assert_string_equal(mt_select_word(MT_SELECT_WBIC, MT_LANG_EN), "WBIC");
    assert_string_equal(mt_select_word(MT_SELECT_BIC3, MT_LANG_NL), "BIC3");
    assert_string_equal(mt_breaks_word(MT_BREAKS_MEAN, MT_LANG_NL), "y ~ 1");
    assert_string_equal(mt_breaks_word(MT_BREAKS_TREND, MT_LANG_EN), "y ~ t");
    assert_string_equal(mt_breaks_word(MT_BREAKS_NONE, MT_LANG_EN), "off");
    assert_string_equal(mt_breaks_word(MT_BREAKS_NONE, MT_LANG_NL), "uit");
    assert_string_equal(mt_anomaly_kind_word(MT_ANOMALY_RESIDUAL, MT_LANG_NL), "uitschieter");
    assert_string_equal(mt_kind_word(MT_KIND_PRICE, MT_LANG_NL), "prijs");
    assert_string_equal(mt_variance_word(MT_VARIANCE_QUASIPOISSON, MT_LANG_EN), "quasi-Poisson");
}

/* Kernel codes and their words: the English words are the sentences the
 * notes column of series.csv has always carried; every code has a name and
 * a Dutch word of its own. */
static void test_kernel_codes(void **state)
{
    (void)state;
    assert_string_equal(mt_scale_why_word(MT_SCALE_WHY_AUTO_POSITIVE, MT_LANG_EN),
                        "auto: all values are positive, so the log scale");
    assert_string_equal(mt_scale_why_word(MT_SCALE_WHY_COUNT_LINK, MT_LANG_EN), "log link of the count model");
    assert_string_equal(mt_scale_why_word(MT_SCALE_WHY_NONE, MT_LANG_NL), "");
    assert_string_equal(mt_mk_note_word(MT_MK_NOTE_SEN_CI_CLAMPED, MT_LANG_EN),
                        "Sen CI: a rank fell outside the pairwise slopes; the extreme slope is used");
    assert_string_equal(mt_mk_note_word(MT_MK_NOTE_NONE, MT_LANG_EN), "");
    for (int i = 1; i <= MT_SCALE_WHY_COUNT_LINK; i++) {
        assert_true(mt_scale_why_name((mt_scale_why)i)[0] != '\0');
        assert_true(strcmp(mt_scale_why_word((mt_scale_why)i, MT_LANG_EN),
                           mt_scale_why_word((mt_scale_why)i, MT_LANG_NL)) != 0);
    }
    for (int i = 1; i <= MT_MK_NOTE_SEN_CI_TOO_FEW; i++) {
        assert_true(mt_mk_note_name((mt_mk_note)i)[0] != '\0');
        assert_true(strcmp(mt_mk_note_word((mt_mk_note)i, MT_LANG_EN),
                           mt_mk_note_word((mt_mk_note)i, MT_LANG_NL)) != 0);
    }
}

/* The CLI and the model accept exactly 0..MT_JP_MAX_JOINPOINTS, the range
 * mt_jp_fit accepts (joinpoint.c checks the same bound): no clamping. */
static void test_max_joinpoints(void **state)
{
    (void)state;
    int x = -7;
    const char *expected = NULL;
    char text[16];
    for (int k = 0; k <= MT_JP_MAX_JOINPOINTS; k++) {
        snprintf(text, sizeof text, "%d", k);
        assert_int_equal(mt_options_parse_max_joinpoints(text, &x, &expected), MT_OK);
        assert_int_equal(x, k);
    }
    snprintf(text, sizeof text, "%d", MT_JP_MAX_JOINPOINTS + 1);
    static const char *const bad[] = {"-1", "+3", " 3", "3 ", "3x", "", "2.0", "99999999999999999999"};
    x = 3;
    assert_int_equal(mt_options_parse_max_joinpoints(text, &x, &expected), MT_EINVAL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(mt_options_parse_max_joinpoints(bad[i], &x, &expected), MT_EINVAL);
    assert_int_equal(x, 3);
    assert_string_equal(expected, "an integer from 0 to 5");
    assert_int_equal(mt_options_parse_max_joinpoints(NULL, &x, NULL), MT_EINVAL);
}

static void test_defaults(void **state)
{
    (void)state;
    mt_options o;
    mt_options_default(&o);
    assert_int_equal(o.seed, MT_DEFAULT_SEED);
    assert_int_equal(o.select, MT_SELECT_WBIC);
    assert_int_equal(o.breaks, MT_BREAKS_TREND);
    assert_int_equal(o.max_joinpoints, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_max_joinpoints),
        cmocka_unit_test(test_kernel_codes),
        cmocka_unit_test(test_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
