/* test_names.c - reader-facing names ([names] of a model, the built-in
 * vocabulary, the fallback) and the text measures and wrapping of the label
 * layout (src/present/figlayout.c).
 *
 * Expected widths are hand derivations from the DejaVu Sans advance widths
 * in figlayout.c (hmtx advance / 2048, rounded to 0.01 em): 'a' 1255/2048 =
 * 0.61, 'b' 1300/2048 = 0.63 -> table 0.64 (rounded up), ' ' 651/2048 =
 * 0.32; times the font size and the 4% margin. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitrend/model.h"
#include "monitrend/names.h"
#include "monitrend/pipeline.h" /* mt_pipeline_missing_nl */
#include "../../src/present/figlayout.h"

static mt_model *load_text(const char *text)
{
    char path[] = "/tmp/mt-names-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    mt_model *m = NULL;
    mt_error e;
    mt_error_clear(&e);
    mt_status st = mt_model_load(path, &m, &e);
    unlink(path);
    if (st != MT_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return NULL;
    }
    return m;
}

static const char model_text[] =
    "[monitor]\nname = t\n"
    "[indicator:seizures]\nlabel = Seizures\ntheme = import\n"
    "[names]\n"
    "market.cannabis_resin = hashish\n"
    "market.cannabis_resin_nl = hasjiesj\n"
    "region.ports_nl = zeehavens\n"
    "verdict.shift_from_A_to_B_nl = A verliest aan B\n";

static void test_lookup_order(void **state)
{
    (void)state;
    mt_model *mod = load_text(model_text);
    assert_non_null(mod);
    const mt_name_table table = {&mod->name_keys, &mod->name_texts}, *m = &table;
    char b[MT_NAMES_MAX];
    /* the model first, in both languages */
    assert_string_equal(mt_names_get(m, "market", "cannabis_resin", MT_LANG_EN, b, sizeof b),
                        "hashish");
    assert_string_equal(mt_names_get(m, "market", "cannabis_resin", MT_LANG_NL, b, sizeof b),
                        "hasjiesj");
    /* no model entry: the built-in vocabulary */
    assert_string_equal(mt_names_get(m, "market", "cocaine", MT_LANG_NL, b, sizeof b), "cocaïne");
    assert_string_equal(mt_names_get(m, "market", "not_cannabis", MT_LANG_EN, b, sizeof b),
                        "drugs other than cannabis");
    assert_string_equal(mt_names_get(m, "theme", "criminal law", MT_LANG_NL, b, sizeof b),
                        "strafrecht");
    /* a Dutch form in the model, the English from the vocabulary */
    assert_string_equal(mt_names_get(m, "region", "ports", MT_LANG_NL, b, sizeof b), "zeehavens");
    assert_string_equal(mt_names_get(m, "region", "ports", MT_LANG_EN, b, sizeof b), "ports");
    /* unknown: the id with '_' as a space; Dutch falls back to that too */
    assert_string_equal(mt_names_get(m, "market", "khat_leaf", MT_LANG_EN, b, sizeof b),
                        "khat leaf");
    assert_string_equal(mt_names_get(m, "market", "khat_leaf", MT_LANG_NL, b, sizeof b),
                        "khat leaf");
    assert_false(mt_names_has_nl(m, "market", "khat_leaf"));
    assert_true(mt_names_has_nl(m, "market", "cannabis_resin"));
    assert_true(mt_names_has_nl(NULL, "market", "cocaine"));
    /* no model at all */
    assert_string_equal(mt_names_get(NULL, "market", "cannabis_resin", MT_LANG_NL, b, sizeof b),
                        "hasj");
    /* a buffer too small is cut, never overrun */
    char small[5];
    assert_string_equal(mt_names_get(NULL, "market", "not_cannabis", MT_LANG_EN, small,
                                     sizeof small), "drug");
    mt_model_free(mod);
}

static void test_verdict(void **state)
{
    (void)state;
    mt_model *mod = load_text(model_text);
    assert_non_null(mod);
    const mt_name_table table = {&mod->name_keys, &mod->name_texts}, *m = &table;
    char b[256];
    mt_names_verdict(NULL, "shift from A to B", "cocaine, NL", "cocaine, BE", MT_LANG_EN, b,
                     sizeof b);
    assert_string_equal(b, "shift from cocaine, NL to cocaine, BE");
    mt_names_verdict(NULL, "shift from B to A", "NL", "BE", MT_LANG_NL, b, sizeof b);
    assert_string_equal(b, "verschuiving van BE naar NL");
    /* the model's wording wins */
    mt_names_verdict(m, "shift from A to B", "NL", "BE", MT_LANG_NL, b, sizeof b);
    assert_string_equal(b, "NL verliest aan BE");
    mt_names_verdict(m, "consistent", "x", "y", MT_LANG_NL, b, sizeof b);
    assert_string_equal(b, "overeenstemmend");
    /* an "A" inside a word is not a member */
    mt_names_verdict(NULL, "ATS rising", "x", "y", MT_LANG_EN, b, sizeof b);
    assert_string_equal(b, "ATS rising");
    assert_string_equal(mt_names_type("displacement", MT_LANG_NL), "verplaatsing");
    mt_model_free(mod);
}

static void test_names_section_errors(void **state)
{
    (void)state;
    /* a key of no known kind, an empty text, a second [names] */
    assert_null(load_text("[monitor]\nname = t\n[names]\ndrug.cocaine = coke\n"));
    assert_null(load_text("[monitor]\nname = t\n[names]\nmarket.cocaine =\n"));
    assert_null(load_text("[monitor]\nname = t\n[names]\nmarket.a = b\n[names]\nmarket.c = d\n"));
    assert_null(load_text("[monitor]\nname = t\n[names]\nmarket.a = b\nmarket.a = c\n"));
}

static void test_missing_nl(void **state)
{
    (void)state;
    mt_model *m = load_text(model_text);
    assert_non_null(m);
    mt_strlist miss;
    mt_strlist_init(&miss);
    /* the model's texts (the run), then the markets and regions (names.c) */
    mt_run run;
    memset(&run, 0, sizeof run);
    run.model = m;
    mt_nl_gap *gaps = NULL;
    size_t n_gaps = 0;
    assert_int_equal(mt_pipeline_missing_nl(&run, &gaps, &n_gaps), MT_OK);
    assert_int_equal(n_gaps, 1);
    assert_int_equal(gaps[0].kind, MT_NL_GAP_INDICATOR);
    assert_int_equal(mt_names_gap_text(gaps, n_gaps, &miss), MT_OK);
    free(gaps);
    assert_int_equal(miss.n, 1);
    assert_string_equal(miss.item[0], "indicator seizures: no label_nl (line 3)");
    const mt_name_table table = {&m->name_keys, &m->name_texts};
    char *ids[] = {"seizures/khat_leaf/harbours", "seizures/cannabis_resin/ports"};
    char *ind = "seizures", *mk[] = {"khat_leaf", "cannabis_resin"}, *rg[] = {"harbours", "ports"};
    mt_series ss[2];
    memset(ss, 0, sizeof ss);
    for (int i = 0; i < 2; i++) {
        ss[i].id = ids[i];
        ss[i].indicator = ind;
        ss[i].market = mk[i];
        ss[i].region = rg[i];
    }
    mt_dataset ds = {2, 2, ss};
    assert_int_equal(mt_names_missing_nl(&table, &ds, &miss), MT_OK);
    /* khat_leaf and harbours have no Dutch form; cannabis_resin (built in)
     * and ports (the model's region.ports_nl) have one */
    assert_int_equal(miss.n, 3);
    assert_string_equal(miss.item[1], "market khat_leaf: no Dutch name ([names] market.khat_leaf_nl)");
    assert_string_equal(miss.item[2], "region harbours: no Dutch name ([names] region.harbours_nl)");
    mt_strlist_clear(&miss);
    mt_model_free(m);
}

static void test_text_width(void **state)
{
    (void)state;
    /* "ab" at 10 px: (0.61 + 0.64) x 10 x 1.04 = 13.0 */
    assert_float_equal(mt_figlayout_text_width("ab", 10), 13.0, 1e-9);
    /* "a b" adds a space of 0.32 em: 1.57 x 10 x 1.04 = 16.328 */
    assert_float_equal(mt_figlayout_text_width("a b", 10), 16.328, 1e-9);
    /* a multibyte character counts once, as 0.70 em: "ï" = 0.70 x 10 x 1.04 */
    assert_float_equal(mt_figlayout_text_width("\xC3\xAF", 10), 7.28, 1e-9);
    assert_float_equal(mt_figlayout_text_width("", 10), 0, 0);
    assert_float_equal(mt_figlayout_line_height(10), 13, 1e-12);
}

static void test_wrap(void **state)
{
    (void)state;
    char lines[4][MT_FL_LINE_MAX];
    /* "aa aa aa" at 10 px: "aa" = 1.22 em = 12.688 px, "aa aa" = 2.76 em =
     * 28.704 px; a width of 30 px holds "aa aa" but not "aa aa aa". */
    assert_int_equal(mt_figlayout_wrap("aa aa aa", 30, 10, 2, lines), 2);
    assert_string_equal(lines[0], "aa aa");
    assert_string_equal(lines[1], "aa");
    /* one line allowed: cut at a word and marked: "aa" + "…" (0.70 em) =
     * 1.92 em = 19.968 px fits 30 px; "aa aa…" = 3.46 em = 35.98 px does not */
    assert_int_equal(mt_figlayout_wrap("aa aa aa", 30, 10, 1, lines), 1);
    assert_string_equal(lines[0], "aa\xE2\x80\xA6");
    /* everything fits: one line, leading and trailing spaces dropped */
    assert_int_equal(mt_figlayout_wrap("  aa aa ", 100, 10, 2, lines), 1);
    assert_string_equal(lines[0], "aa aa");
    /* a word longer than the line is cut at a character boundary, never in
     * the middle of a UTF-8 sequence */
    assert_int_equal(mt_figlayout_wrap("\xC3\xAF\xC3\xAF\xC3\xAF\xC3\xAF", 16, 10, 4, lines), 2);
    assert_string_equal(lines[0], "\xC3\xAF\xC3\xAF");
    assert_string_equal(lines[1], "\xC3\xAF\xC3\xAF");
    assert_int_equal(mt_figlayout_wrap(NULL, 100, 10, 2, lines), 0);
    assert_int_equal(mt_figlayout_wrap("", 100, 10, 2, lines), 0);
}

static void test_rows(void **state)
{
    (void)state;
    mt_figlayout_rows r;
    memset(&r, 0, sizeof r);
    assert_int_equal(mt_figlayout_place(&r, 0, 10, 2, 2), 0);
    /* overlaps [0,10] within the gap: next row */
    assert_int_equal(mt_figlayout_place(&r, 11, 20, 2, 2), 1);
    /* clear of [0,10] by more than the gap: row 0 again */
    assert_int_equal(mt_figlayout_place(&r, 13, 20, 2, 2), 0);
    /* both rows taken there: none */
    assert_int_equal(mt_figlayout_place(&r, 5, 15, 2, 2), -1);
    assert_int_equal(r.n, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup_order),  cmocka_unit_test(test_verdict),
        cmocka_unit_test(test_names_section_errors), cmocka_unit_test(test_missing_nl),
        cmocka_unit_test(test_text_width),    cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
