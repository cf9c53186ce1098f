/* test_model.c - model files: every section of the fixture model, exact
 * error messages, and loading the two real files of the fixture model
 * (tests/fixtures/intake/model.ini; expected values read off the published
 * files by hand: EUDA Amsterdam cocaine 2011 "Daily mean" 644.1 on line 434
 * of the slice; CBS 83021NED cocaine past-year 18+ 2015 1,6 [1,3; 1,9]). */
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

#include "monitrend/load_note_words.h"
#include "monitrend/model.h"

static void test_fixture_model(void **state)
{
    (void)state;
    mt_model *m = NULL;
    mt_error err;
    mt_error_clear(&err);
    if (mt_model_load("tests/fixtures/intake/model.ini", &m, &err) != MT_OK)
        fail_msg("%s", err.msg);
    assert_string_equal(m->monitor.name, "model");
    assert_string_equal(m->monitor.title, "Intake test monitor");
    assert_string_equal(m->monitor.language, "en");
    assert_int_equal(m->monitor.seed, 1);
    assert_int_equal(m->monitor.formats.n, 2);
    assert_true(m->monitor.trim == 0.15);
    assert_int_equal(m->monitor.line, 2);
    assert_int_equal(m->n_params, 1);
    assert_true(m->params[0].value == 2.33);
    assert_int_equal(m->n_sources, 2);
    const mt_source *cbs = mt_model_find_source(m, "cbs");
    assert_non_null(cbs);
    assert_int_equal(cbs->line, 11);
    assert_string_equal(cbs->path, "tests/fixtures/intake/cbs-83021NED.csv");
    assert_int_equal(cbs->layout.delimiter, ';'); /* not eaten as an inline comment */
    assert_int_equal(cbs->layout.decimal, ',');
    assert_int_equal(cbs->layout.n_wide, 2);
    assert_string_equal(cbs->layout.filter[0].text, "Leeftijd: 18 jaar of ouder");
    assert_string_equal(cbs->layout.margin_text[1], "Ondergrens 95%-interval");
    const mt_indicator *ww = mt_model_find_indicator(m, "wastewater");
    assert_non_null(ww);
    assert_int_equal(ww->kind, MT_KIND_LOAD);
    assert_int_equal(ww->theme, MT_THEME_USE);
    assert_string_equal(ww->sources.item[0], "euda");
    assert_int_equal(ww->line, 43);
    assert_string_equal(mt_theme_name(MT_THEME_CRIMINAL_LAW), "criminal law");
    assert_int_equal(m->n_events, 1);
    assert_int_equal(m->events[0].date.year, 2016);
    assert_int_equal(m->n_derived, 1);
    assert_string_equal(m->derived[0].series_id, "cocaine_equiv");
    assert_string_equal(m->derived[0].refs.item[0], "wastewater/cocaine/Amsterdam");
    assert_int_equal(m->crosschecks[0].members.n, 2);
    assert_int_equal(m->crosschecks[0].lags, 2);

    mt_dataset ds = {0};
    mt_load_notes w = {0};
    if (mt_model_load_data(m, &ds, &w, &err) != MT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.item[0].kind, MT_LOAD_NOTE_NO_DATA);
    char text[256];
    mt_load_note_text(MT_LANG_EN, &w.item[0], text, sizeof text);
    assert_string_equal(text, "no data in this edition for 1 indicator: seizures");
    mt_load_note_text(MT_LANG_NL, &w.item[0], text, sizeof text);
    assert_string_equal(text, "geen gegevens in deze editie voor 1 indicator: seizures");
    /* the wording of rows for an undeclared indicator, as intake's English
     * message said it before it was typed; one row, then two */
    mt_load_note u = {MT_LOAD_NOTE_UNDECLARED, "ww", "data/ww.csv", 1, {0}};
    assert_int_equal(mt_strlist_add(&u.ids, "khat"), MT_OK);
    mt_load_note_text(MT_LANG_EN, &u, text, sizeof text);
    assert_string_equal(text, "source ww (data/ww.csv): 1 row for indicator 'khat', which the model "
                              "does not declare; ignored");
    u.n = 2;
    mt_load_note_text(MT_LANG_NL, &u, text, sizeof text);
    assert_string_equal(text, "bron ww (data/ww.csv): 2 rijen voor indicator 'khat', die het model "
                              "niet declareert; genegeerd");
    mt_strlist_clear(&u.ids);
    const mt_series *a = mt_dataset_find(&ds, "wastewater/cocaine/Amsterdam");
    assert_non_null(a);
    assert_int_equal(a->period[0].year, 2011);
    assert_true(a->value[0] == 644.1);
    assert_int_equal(a->line[0], 434);
    assert_non_null(mt_dataset_find(&ds, "wastewater/mdma/Amsterdam")); /* map.market */
    assert_null(mt_dataset_find(&ds, "wastewater/cocaine/Antwerpen")); /* filtered out: BE */
    const mt_series *p = mt_dataset_find(&ds, "prevalence/cocaine");
    assert_non_null(p);
    assert_int_equal(p->n, 4);
    assert_true(isnan(p->value[0]));   /* 2014: blank in the export */
    assert_true(p->value[1] == 1.6 && p->lower[1] == 1.3 && p->upper[1] == 1.9);
    assert_true(p->value[3] == 1.8 && p->lower[3] == 1.5 && p->upper[3] == 2.1);
    const mt_series *c = mt_dataset_find(&ds, "prevalence/cannabis");
    assert_true(c->value[1] == 6.7 && c->lower[1] == 6.2 && c->upper[1] == 7.3); /* 2015: 6,7 [6,2; 7,3] */
    mt_dataset_clear(&ds);
    mt_load_notes_clear(&w);
    mt_model_free(m);
    mt_model_free(NULL);
}

/* Write text to a temporary model file and load it. */
static mt_status load_text(const char *text, mt_model **m, mt_error *err, char *path)
{
    strcpy(path, "/tmp/mt-model-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs(text, fp);
    fclose(fp);
    mt_error_clear(err);
    mt_status st = mt_model_load(path, m, err);
    unlink(path);
    return st;
}

static void expect_error(const char *text, const char *msg_after_path)
{
    mt_model *m = NULL;
    mt_error err;
    char path[64], want[1200];
    assert_int_equal(load_text(text, &m, &err, path), MT_EPARSE);
    snprintf(want, sizeof want, "%s:%s", path, msg_after_path);
    assert_string_equal(err.msg, want);
    assert_null(m);
}

static void test_values_are_literal(void **state)
{
    (void)state;
    mt_model *m = NULL;
    mt_error err;
    char path[64];
    const char *text =
        "\xEF\xBB\xBF# comment\r\n"
        "[monitor]\r\n"
        "  title = Drugs: the #1 monitor ; really   \r\n"
        "name = ndm\n"
        "formats = svg , pdf\n"
        "[source:s]\n"
        "file = /abs/data.csv\n"
        "delimiter = ;\n"
        "filter = Country = NL\n"
        "filter = Sex = Both\n"
        "[indicator:x]\n"
        "label = " "A long label that is longer than libinih's two hundred byte line buffer would allow, "
        "so that a line of more than 200 bytes is read whole and not split into two keys by the library "
        "as it would otherwise be; it ends here.\n";
    assert_int_equal(load_text(text, &m, &err, path), MT_OK);
    assert_string_equal(m->monitor.title, "Drugs: the #1 monitor ; really");
    assert_string_equal(m->monitor.name, "ndm");
    assert_string_equal(m->monitor.formats.item[1], "pdf");
    assert_string_equal(m->sources[0].path, "/abs/data.csv");
    assert_int_equal(m->sources[0].layout.delimiter, ';');
    assert_int_equal(m->sources[0].layout.n_filter, 2);
    assert_true(strlen(m->indicators[0].label) > 200);
    mt_model_free(m);
}

static void test_error_messages(void **state)
{
    (void)state;
    expect_error("[monitor]\n[monitor]\n", "2: duplicate section [monitor] (first on line 1)");
    expect_error("[monitor]\n[indicator:X]\nlabel = x\n",
                 "2: invalid ID 'X' in [indicator:X] (IDs are lowercase letters, digits, _ and -)");
    expect_error("[monitor]\n[indicator:a]\nlabel = x\n[indicator:a]\n", "4: duplicate section [indicator:a] (first on line 2)");
    expect_error("[monitor]\nseed = -1\n", "2: seed: expected an unsigned integer, got '-1'");
    /* issue 14: one range for the CLI and the model (MT_JP_MAX_JOINPOINTS = 5), never clamped */
    expect_error("[monitor]\nmax_joinpoints = 6\n", "2: max_joinpoints: expected an integer from 0 to 5, got '6'");
    expect_error("[monitor]\nmax_joinpoints = 20\n", "2: max_joinpoints: expected an integer from 0 to 5, got '20'");
    expect_error("[monitor]\nmax_joinpoints = -1\n", "2: max_joinpoints: expected an integer from 0 to 5, got '-1'");
    expect_error("[monitor]\nselect = aic\n", "2: select: expected one of wbic, bic, bic3, permutation, got 'aic'");
    expect_error("[monitor]\nbreaks = level\n", "2: breaks: expected one of mean, trend, none, got 'level'");
    expect_error("[monitor]\nlanguage = de\n", "2: language: expected en or nl, got 'de'");
    expect_error("[monitor]\nformats = svg, gif\n", "2: formats: expected a comma list of svg, png, pdf, got 'svg, gif'");
    /* one range for the CLI and the model (mt_options_parse_number) */
    expect_error("[monitor]\ntrim = 1.5\n", "2: trim: expected a fraction in (0, 0.5) or a whole count of 2 or more, got '1.5'");
    expect_error("[monitor]\nrecent = 0.5\n", "2: recent: expected a number of years from 1 to 100, got '0.5'");
    expect_error("[monitor]\nmin_overlap = 10001\n", "2: min_overlap: expected an integer from 2 to 10000, got '10001'");
    expect_error("[monitor]\nlabel\n", "2: expected 'key = value', a [section] or a comment");
    expect_error("[monitor]\n[indicator:a\n", "2: expected a section header such as [indicator:ID]");
    expect_error("[monitor]\n[source:s]\nfile = a.csv\ndelimiter = :\n", "4: delimiter: expected one of , ; tab |, got ':'");
    expect_error("[monitor]\n[source:s]\nfile = a.csv\nwidth = 3\n", "4: unknown key 'width' in [source:s]");
    expect_error("[monitor]\n[source:s]\nlabel = x\n", "2: [source:s] has no 'file'");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\nkind = amount\nvariance = poisson\n",
                 "2: [indicator:a]: variance = poisson needs kind = count");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\nkind = load\nvariance = quasipoisson\n",
                 "2: [indicator:a]: variance = quasipoisson needs kind = count");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\nvariance = negbin\n",
                 "4: variance: expected auto, constant, poisson or quasipoisson, got 'negbin'");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\nzeros = drop\n",
                 "4: zeros: expected exclude, linear or half-min, got 'drop'");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\ntheme = health\n",
                 "4: theme: expected one of import, production, trade, use, crime, criminal law, financial, administrative, got 'health'");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\n[event:e]\ndate = 2024-13\nlabel = E\n",
                 "5: date: invalid period '2024-13': month must be 01-12");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\n[event:e]\ndate = 2024\nlabel = E\naffects = a\ncomparison = a\n",
                 "4: [event:e]: a comparison group needs kind = policy");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\n[derived:d]\nexpression = {a} {a}\n",
                 "5: [derived:d] expression '{a} {a}': column 5: expected an operator (+ - * /) or end of expression, found '{'");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\n[derived:d]\nexpression = ({a} * 2\n",
                 "5: [derived:d] expression '({a} * 2': column 9: expected ')', found end of expression");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\n[derived:d]\nexpression = {a} *\n",
                 "5: [derived:d] expression '{a} *': column 6: expected a number, a {series}, a parameter name or '(', found end of expression");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\n[derived:d]\ntype = aggregate\nmembers = a/x, a/y\nweights = 1\n",
                 "4: [derived:d]: 1 weights for 2 members");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\n[derived:d]\ntype = index\nmembers = a/x\n",
                 "4: [derived:d] has type index but no 'base'");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\n[derived:d]\nexpression = {d} + 1\n",
                 "5: [derived:d] depends on itself: d -> d");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\n[crosscheck:c]\ntype = displacement\nmembers = a/x, a/y, a/z\n",
                 "6: members: a displacement cross-check has exactly two members, got 3");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\n[crosscheck:c]\ntype = availability\nmembers = a/x, a/y\nsigns = +\n",
                 "4: [crosscheck:c]: 'signs' needs one + or - per member (2 members, 1 signs)");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\ndata = z\n[indicator:b]\nlabel = B\ndata = z\n",
                 "5: [indicator:b] reads the data name 'z' that [indicator:a] (line 2) reads too");
}

static void test_io_errors(void **state)
{
    (void)state;
    mt_model *m = NULL;
    mt_error err;
    assert_int_equal(mt_model_load("tests/fixtures/intake/none.ini", &m, &err), MT_EIO);
    assert_string_equal(err.msg, "tests/fixtures/intake/none.ini: cannot open: No such file or directory");
    assert_int_equal(mt_model_load("tests/fixtures", &m, &err), MT_EIO);
    assert_string_equal(err.msg, "tests/fixtures: is a folder, not a model file");
    char path[] = "/tmp/mt-model-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    fwrite("[monitor]\ntitle = a\0b\n", 1, 22, fp);
    fclose(fp);
    assert_int_equal(mt_model_load(path, &m, &err), MT_EPARSE);
    char want[128];
    snprintf(want, sizeof want, "%s:2: embedded NUL byte (a model is a UTF-8 text file)", path);
    assert_string_equal(err.msg, want);
    unlink(path);
}

/* unit_nl: the Dutch unit of an indicator, NULL when not given. */
/* The variance and zeros keys (issue 11), in the order of their enums. */
static void test_variance_zeros_keys(void **state)
{
    (void)state;
    mt_model *m = NULL;
    mt_error err;
    char path[64];
    const char *text = "[monitor]\n"
                       "[indicator:a]\nlabel = A\nkind = count\nvariance = quasipoisson\n"
                       "[indicator:b]\nlabel = B\nkind = load\nzeros = half-min\nvariance = constant\n"
                       "[indicator:c]\nlabel = C\nkind = count\n";
    assert_int_equal(load_text(text, &m, &err, path), MT_OK);
    assert_int_equal(m->indicators[0].variance, MT_VARIANCE_QUASIPOISSON);
    assert_int_equal(m->indicators[0].zeros_set, 0);
    assert_int_equal(m->indicators[1].variance, MT_VARIANCE_CONSTANT);
    assert_int_equal(m->indicators[1].zeros, MT_ZEROS_HALF_MIN);
    assert_int_equal(m->indicators[1].zeros_set, 1);
    assert_int_equal(m->indicators[2].variance, MT_VARIANCE_AUTO); /* the default */
    mt_model_free(m);
    /* the default monitor leaves its police counts to the default rule */
    assert_int_equal(mt_model_load("models/ndm.ini", &m, &err), MT_OK);
    assert_int_equal(mt_model_find_indicator(m, "incidents")->variance, MT_VARIANCE_AUTO);
    mt_model_free(m);
}

static void test_unit_nl(void **state)
{
    (void)state;
    mt_model *m = NULL;
    mt_error err;
    assert_int_equal(mt_model_load("models/ndm.ini", &m, &err), MT_OK);
    const mt_indicator *ind = mt_model_find_indicator(m, "wastewater");
    assert_non_null(ind);
    assert_string_equal(ind->unit, "mg/1000 inh/day");
    assert_string_equal(ind->unit_nl, "mg/1000 inw./dag");
    mt_model_free(m);
}

/* One grammar (issue 14): the model reader parses each expression with
 * expr.c and keeps the tree, which the run evaluates without parsing again.
 * The fixture's derived series is {wastewater/cocaine/Amsterdam} *
 * be_to_cocaine with be_to_cocaine = 2.33: at x = 644.1 the value is
 * 644.1 * 2.33 = 1500.753 and d/dx = 2.33. */
static void test_expression_tree(void **state)
{
    (void)state;
    mt_model *m = NULL;
    mt_error err;
    mt_error_clear(&err);
    if (mt_model_load("tests/fixtures/intake/model.ini", &m, &err) != MT_OK)
        fail_msg("%s", err.msg);
    const mt_derived *d = NULL;
    for (size_t i = 0; i < m->n_derived; i++)
        if (!strcmp(m->derived[i].id, "cocaine_equiv"))
            d = &m->derived[i];
    assert_non_null(d);
    assert_non_null(d->expr);
    assert_int_equal(mt_expr_n_refs(d->expr), 1);
    assert_string_equal(mt_expr_ref(d->expr, 0), "wastewater/cocaine/Amsterdam");
    assert_int_equal(mt_expr_n_params(d->expr), 1);
    assert_string_equal(mt_expr_param(d->expr, 0), "be_to_cocaine");
    double x = 644.1, par = 2.33, v, g;
    assert_int_equal(mt_expr_eval_point(d->expr, &x, &par, &v, &g), MT_OK);
    assert_true(fabs(v - 1500.753) < 1e-9);
    assert_true(fabs(g - 2.33) < 1e-12);
    for (size_t i = 0; i < m->n_crosschecks; i++)
        if (m->crosschecks[i].type != MT_CROSSCHECK_RATIO)
            assert_null(m->crosschecks[i].expr);
    mt_model_free(m);

    /* references and parameter names are checked against the model */
    expect_error("[monitor]\n[indicator:a]\nlabel = A\n[derived:d]\nexpression = {b/x} * 2\n",
                 "5: [derived:d] expression: {b/x} names no indicator or derived series of this model");
    expect_error("[monitor]\n[indicator:a]\nlabel = A\n[derived:d]\nexpression = {a/x} * k\n",
                 "5: [derived:d] expression: 'k' is not a [param:ID] of this model (series ids go in braces)");
    /* a ratio cross-check keeps its tree too */
    char path[64];
    m = NULL;
    if (load_text("[monitor]\n[param:k]\nvalue = 4\nsource = test\n[indicator:a]\nlabel = A\n"
                  "[crosscheck:r]\ntype = ratio\nmembers = a/x, a/y\nexpression = {a/x} / ({a/y} * k)\n", &m, &err, path) != MT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(m->n_crosschecks, 1);
    assert_non_null(m->crosschecks[0].expr);
    assert_int_equal(mt_expr_n_refs(m->crosschecks[0].expr), 2);
    double xy[2] = {10, 2.5}, k = 4; /* 10 / (2.5 * 4) = 1 */
    assert_int_equal(mt_expr_eval_point(m->crosschecks[0].expr, xy, &k, &v, NULL), MT_OK);
    assert_true(fabs(v - 1.0) < 1e-15);
    mt_model_free(m);
}

/* [monitor] select, breaks and max_joinpoints arrive as the enums and the
 * number the run uses (vocab.h), with the defaults when absent. */
static void test_monitor_enums(void **state)
{
    (void)state;
    char path[64];
    mt_model *m = NULL;
    mt_error err;
    mt_error_clear(&err);
    if (load_text("[monitor]\nselect = bic3\nbreaks = mean\nmax_joinpoints = 5\n", &m, &err, path) != MT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(m->monitor.select, MT_SELECT_BIC3);
    assert_int_equal(m->monitor.breaks, MT_BREAKS_MEAN);
    assert_int_equal(m->monitor.max_joinpoints, 5);
    assert_int_equal(m->monitor.seed, MT_DEFAULT_SEED);
    mt_model_free(m);
    m = NULL;
    if (load_text("[monitor]\nselect = permutation\nbreaks = none\nmax_joinpoints = 0\n", &m, &err, path) != MT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(m->monitor.select, MT_SELECT_PERMUTATION);
    assert_int_equal(m->monitor.breaks, MT_BREAKS_NONE);
    assert_int_equal(m->monitor.max_joinpoints, 0);
    mt_model_free(m);
    m = NULL;
    if (load_text("[monitor]\n", &m, &err, path) != MT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(m->monitor.select, MT_SELECT_WBIC);
    assert_int_equal(m->monitor.breaks, MT_BREAKS_TREND);
    assert_int_equal(m->monitor.max_joinpoints, -1);
    mt_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_model),
        cmocka_unit_test(test_values_are_literal),
        cmocka_unit_test(test_variance_zeros_keys),
        cmocka_unit_test(test_error_messages),
        cmocka_unit_test(test_io_errors),
        cmocka_unit_test(test_unit_nl),
        cmocka_unit_test(test_monitor_enums),
        cmocka_unit_test(test_expression_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
