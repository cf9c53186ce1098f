/* test_orchestration.c - the run (src/run: load, analyse, concordance,
 * comparison, the report) and the result writers (src/present) end to end
 * on a tiny input whose numbers are derived by hand.
 *
 * The input: two yearly series, 2010-2017 (t = 0..7),
 *   A_t = 100 * 1.1^t * exp(c e_t),  B_t = 2 A_t,   c = 0.05,
 *   e = (1, -1, -1, 1, 1, -1, -1, 1).
 * e sums to 0 and is orthogonal to t (sum t e_t = -1-2+3+4-5-6+7 = 0), so on
 * the log scale the least-squares line is exactly ln 100 + t ln 1.1 (ln 200
 * for B) and the residuals are c e.  By hand:
 *   slope = ln 1.1 = 0.0953101798043249, APC = 100 (1.1 - 1) = 10;
 *   RSS = c^2 * 8 = 0.02, sigma^2 = RSS / (n - 2) = 0.02 / 6 (the column
 *   `dispersion`), Sxx = sum (t - 3.5)^2 = 42,
 *   slope_se = sqrt(sigma^2 / Sxx) = sqrt(0.02 / 252) = 0.00890870806374748;
 *   95% CI of the APC: 100 (exp(slope -/+ t_{0.975,6} se) - 1), t_{0.975,6}
 *   = 2.446911851 (table), so 7.6280759 to 12.4241969;
 *   Durbin-Watson: sum (e_t - e_{t-1})^2 / sum e_t^2 = 16 / 8 = 2;
 *   fitted values (bands.csv): 100 * 1.1^t (A), 200 * 1.1^t (B);
 *   Mann-Kendall: of the 28 pairs only (t0, t1) and (t4, t5) fall (a rise of
 *   ln 1.1 = 0.095 against a residual drop of 2c = 0.1), so S = 26 - 2 = 24,
 *   tau = 24 / 28, var S = n (n - 1) (2n + 5) / 18 = 8 * 7 * 21 / 18 =
 *   65.333, z = (S - 1) / sqrt(var S) = 2.84551204; exact p: S >= 24 means
 *   at most 2 inversions, 1 + 7 + 27 = 35 of the 8! orders (Mahonian
 *   numbers), two-sided 70 / 40320 = 0.00173611;
 *   change on the previous year: 100 (A_7 / A_6 - 1) = 100 (1.1 e^{2c} - 1)
 *   = 21.5688010;
 *   concordance of A and B: the same shape, so both APCs are 10, their
 *   difference 0, r of the log levels 1, all 7 changes agree and the sign
 *   test gives p = 2 * 0.5^7 = 0.015625;
 *   comparison of A and B (no joinpoints: a single segment each): the
 *   parallelism F is 0; coincidence F: one common line for the 16 points
 *   misses each by ln 2 / 2 besides c e, so RSS0 = 16 (ln 2 / 2)^2 + 0.04,
 *   RSS1 = 0.04 on 12 df, F = ((RSS0 - RSS1) / 2) / (RSS1 / 12) =
 *   (4 (ln 2)^2 / 2) / (0.04 / 12) = 600 (ln 2)^2 = 288.2718.
 *
 * Checked here independently: the fields named above.  Every other field,
 * and the exact bytes of every table, are a BYTE-IDENTITY REGRESSION
 * against the files TABLE.csv in tests/golden/orchestration (snapshots of this build, not an
 * independent source): they catch any change in what the writers print.
 * MT_UPDATE_GOLDEN=1 rewrites them (then check the diff by hand). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monitrend/cc_note_words.h"
#include "monitrend/derive_words.h"
#include "monitrend/event_words.h"
#include "monitrend/names.h"
#include "monitrend/pipeline.h"
#include "monitrend/report.h"
#include "monitrend/write.h"

#define GOLDEN "tests/golden/orchestration"

static char dir[64];

static void write_input(const char *path)
{
    static const int e[8] = {1, -1, -1, 1, 1, -1, -1, 1};
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("indicator,market,region,period,value,flag\n", f);
    for (int s = 0; s < 2; s++)
        for (int t = 0; t < 8; t++)
            fprintf(f, "tiny,x,%c,%d,%.17g,\n", s ? 'B' : 'A', 2010 + t,
                    (s ? 2.0 : 1.0) * 100.0 * pow(1.1, t) * exp(0.05 * e[t]));
    fclose(f);
}

/* ---- a small CSV reader: header + rows, quoted fields allowed ---------- */

typedef struct {
    size_t n_rows, n_cols;
    char cell[8][64][256]; /* [row][col]; row 0 is the header */
} csv;

static void csv_read(const char *path, csv *c)
{
    memset(c, 0, sizeof *c);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[8192];
    while (fgets(line, sizeof line, f) && c->n_rows < 8) {
        size_t col = 0, k = 0;
        int quoted = 0;
        for (char *p = line; *p && *p != '\n'; p++) {
            if (*p == '"') {
                if (quoted && p[1] == '"')
                    c->cell[c->n_rows][col][k++] = *++p;
                else
                    quoted = !quoted;
            } else if (*p == ',' && !quoted) {
                col++;
                k = 0;
            } else if (k + 1 < 256 && col < 64) {
                c->cell[c->n_rows][col][k++] = *p;
            }
        }
        if (c->n_rows == 0)
            c->n_cols = col + 1;
        c->n_rows++;
    }
    fclose(f);
}

static double num(const csv *c, size_t row, const char *name)
{
    for (size_t j = 0; j < c->n_cols; j++)
        if (strcmp(c->cell[0][j], name) == 0) {
            assert_true(c->cell[row][j][0] != '\0');
            return strtod(c->cell[row][j], NULL);
        }
    fail_msg("no column %s", name);
    return NAN;
}

static const char *text(const csv *c, size_t row, const char *name)
{
    for (size_t j = 0; j < c->n_cols; j++)
        if (strcmp(c->cell[0][j], name) == 0)
            return c->cell[row][j];
    fail_msg("no column %s", name);
    return "";
}

static void near(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol)) {
        fprintf(stderr, "%s: %.17g, expected %.17g (tolerance %g)\n", what, got, want, tol);
        fail();
    }
}

/* ---- the run ------------------------------------------------------------ */

/* The run of the tests: load, analyse (jobs threads), a concordance and a
 * comparison of A and B.  NULL on failure (said on stderr). */
static mt_run *run_tiny(size_t jobs)
{
    char in[128];
    snprintf(in, sizeof in, "%s/tiny.csv", dir);
    mt_options o;
    mt_options_default(&o);
    o.jobs = jobs;
    mt_run *run = calloc(1, sizeof *run);
    mt_error e;
    mt_error_clear(&e);
    if (run == NULL || mt_pipeline_load_tidy(in, &o, run, &e) != MT_OK ||
        mt_pipeline_analyse(run, &e) != MT_OK ||
        mt_pipeline_concordance(run, "tiny/x/A", "tiny/x/B", &e) != MT_OK ||
        mt_pipeline_compare(run, "ab", "A and B", NULL, "tiny/x/A", "tiny/x/B", &e) != MT_OK) {
        fprintf(stderr, "%s\n", e.msg);
        if (run != NULL)
            mt_pipeline_clear(run);
        free(run);
        return NULL;
    }
    return run;
}

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/mt-orch-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    char in[128], res[128];
    snprintf(in, sizeof in, "%s/tiny.csv", dir);
    snprintf(res, sizeof res, "%s/results", dir);
    write_input(in);
    if (mkdir(res, 0777) != 0)
        return -1;
    mt_run *run = run_tiny(1);
    if (run == NULL)
        return -1;
    *state = run;
    return 0;
}

static int teardown(void **state)
{
    mt_run *run = *state;
    mt_pipeline_clear(run);
    free(run);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The report: each series' metadata resolved by the run (no model: the
 * indicator id as label, the file read as source), lookups by id. */
static void test_report(void **state)
{
    const mt_run *run = *state;
    mt_report rep;
    mt_pipeline_report(run, &rep);
    assert_int_equal(rep.n_results, 2);
    assert_null(rep.model_file);
    assert_int_equal(rep.n_cc, 1);
    assert_int_equal(rep.n_cmp, 1); /* one comparison: two rows of comparisons.csv */
    const mt_series *b = mt_report_find(&rep, "tiny/x/B");
    assert_non_null(b);
    assert_null(mt_report_find(&rep, "tiny/x/C"));
    assert_ptr_equal(mt_report_result(&rep, b), &rep.results[1]);
    const char *label, *unit, *theme, *source;
    mt_report_series_meta(&rep, b, &label, &unit, &theme, &source);
    assert_string_equal(label, "tiny");
    assert_string_equal(unit, "");
    assert_string_equal(theme, "");
    assert_true(strstr(source, "tiny.csv") != NULL);
    assert_int_equal(mt_report_series_kind(&rep, b), MT_KIND_NONE);
    char title[256];
    mt_report_series_title(&rep, b, title, sizeof title);
    assert_string_equal(title, "tiny, x, B");
    /* yearly, every year */
    assert_int_equal(rep.results[0].meta.cadence_irregular, 0);
    assert_int_equal(rep.results[0].meta.cadence_step, 1);
    assert_true(rep.results[0].variance_set);
    assert_int_equal(rep.results[0].variance, MT_VARIANCE_CONSTANT);
}

/* The hand-derived numbers (top of the file), through the writers. */
static void test_results_by_hand(void **state)
{
    const mt_run *run = *state;
    mt_report rep;
    mt_pipeline_report(run, &rep);
    mt_error e;
    mt_error_clear(&e);
    rep.opts.results = MT_RESULTS_CSV;
    assert_int_equal(mt_write_results(&rep, dir, &e), MT_OK);
    char p[160];
    static csv c;
    const double b = log(1.1), se = sqrt(0.02 / 252.0), tq = 2.446911851144969;

    snprintf(p, sizeof p, "%s/results/trends.csv", dir);
    csv_read(p, &c);
    assert_int_equal(c.n_rows, 3);
    for (size_t r = 1; r <= 2; r++) {
        near(num(&c, r, "slope"), b, 1e-12, "slope");
        near(num(&c, r, "apc"), 10.0, 1e-9, "apc");
        near(num(&c, r, "slope_se"), se, 1e-12, "slope_se");
        near(num(&c, r, "apc_lo"), 100 * (exp(b - tq * se) - 1), 1e-9, "apc_lo");
        near(num(&c, r, "apc_hi"), 100 * (exp(b + tq * se) - 1), 1e-9, "apc_hi");
        near(num(&c, r, "dispersion"), 0.02 / 6, 1e-12, "dispersion");
        near(num(&c, r, "dw"), 2.0, 1e-9, "dw");
        near(num(&c, r, "mk_s"), 24, 0, "mk_s");
        near(num(&c, r, "mk_var_s"), 8.0 * 7 * 21 / 18, 1e-12, "mk_var_s");
        near(num(&c, r, "mk_z"), 23 / sqrt(8.0 * 7 * 21 / 18), 1e-12, "mk_z");
        near(num(&c, r, "mk_p"), 70.0 / 40320, 1e-12, "mk_p");
        near(num(&c, r, "mk_tau"), 24.0 / 28, 1e-12, "mk_tau");
        near(num(&c, r, "change_prev_pct"), 100 * (1.1 * exp(0.1) - 1), 1e-9, "change_prev_pct");
        near(num(&c, r, "aapc"), 10.0, 1e-9, "aapc (no joinpoint)");
        near(num(&c, r, "n"), 8, 0, "n");
        assert_string_equal(text(&c, r, "joinpoints"), "0");
        assert_string_equal(text(&c, r, "scale"), "log");
        assert_string_equal(text(&c, r, "variance"), "constant");
    }

    snprintf(p, sizeof p, "%s/results/bands.csv", dir);
    csv_read(p, &c); /* the first 7 rows: A, 2010-2016 */
    for (size_t r = 1; r < c.n_rows; r++)
        near(num(&c, r, "fitted"), 100 * pow(1.1, (double)(r - 1)), 1e-9, "fitted");

    snprintf(p, sizeof p, "%s/results/segments.csv", dir);
    csv_read(p, &c);
    assert_int_equal(c.n_rows, 3);
    near(num(&c, 1, "apc"), 10.0, 1e-9, "segment apc");
    near(num(&c, 1, "slope_se"), se, 1e-12, "segment slope_se");

    snprintf(p, sizeof p, "%s/results/crosschecks.csv", dir);
    csv_read(p, &c);
    assert_int_equal(c.n_rows, 2);
    near(num(&c, 1, "apc_a"), 10.0, 1e-9, "cc apc_a");
    near(num(&c, 1, "apc_b"), 10.0, 1e-9, "cc apc_b");
    near(num(&c, 1, "apc_diff"), 0.0, 1e-9, "cc apc_diff");
    near(num(&c, 1, "r_levels"), 1.0, 1e-12, "cc r_levels");
    near(num(&c, 1, "agree"), 7, 0, "cc agree");
    near(num(&c, 1, "total"), 7, 0, "cc total");
    near(num(&c, 1, "sign_p"), 2 * pow(0.5, 7), 1e-15, "cc sign_p");
    assert_string_equal(text(&c, 1, "verdict"), "consistent");

    snprintf(p, sizeof p, "%s/results/comparisons.csv", dir);
    csv_read(p, &c);
    assert_int_equal(c.n_rows, 3);
    assert_string_equal(text(&c, 1, "test"), "coincidence");
    near(num(&c, 1, "statistic"), 600 * log(2) * log(2), 1e-7, "F coincidence");
    assert_string_equal(text(&c, 2, "test"), "parallelism");
    near(num(&c, 2, "statistic"), 0.0, 1e-9, "F parallelism");
    near(num(&c, 1, "aapc_diff"), 0.0, 1e-9, "aapc_diff");
}

/* BYTE-IDENTITY REGRESSION: every results table as the writers print it,
 * against the snapshot in tests/golden/orchestration (see the top). */
static void test_results_golden(void **state)
{
    const mt_run *run = *state;
    mt_report rep;
    mt_pipeline_report(run, &rep);
    mt_error e;
    mt_error_clear(&e);
    rep.opts.results = MT_RESULTS_CSV;
    assert_int_equal(mt_write_results(&rep, dir, &e), MT_OK);
    static const char *const tables[] = {"trends", "segments", "breaks", "events", "bands",
                                         "anomalies", "crosschecks", "availability",
                                         "comparisons", "projections"};
    const int update = getenv("MT_UPDATE_GOLDEN") != NULL;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char got[160], want[160], cmd[400];
        snprintf(got, sizeof got, "%s/results/%s.csv", dir, tables[i]);
        snprintf(want, sizeof want, GOLDEN "/%s.csv", tables[i]);
        if (update)
            snprintf(cmd, sizeof cmd, "cp '%s' '%s'", got, want);
        else
            snprintf(cmd, sizeof cmd, "cmp '%s' '%s' >&2 && true", want, got);
        if (system(cmd) != 0) {
            fprintf(stderr, "%s differs from %s (a change of the writers or the numbers: "
                    "diff them; MT_UPDATE_GOLDEN=1 rewrites the snapshot)\n", got, want);
            fail();
        }
    }
}

/* Each series' metadata resolved once from a model (pipeline_meta.c): the
 * texts in both languages, theme, kind, axis, the source's label, the
 * derived series' own, the indicators without data and the [names]. */
static void test_model_meta(void **state)
{
    (void)state;
    char ini[128];
    snprintf(ini, sizeof ini, "%s/tiny.ini", dir);
    FILE *f = fopen(ini, "w");
    assert_non_null(f);
    fputs("[monitor]\nname = tiny\ntitle = Tiny\ntitle_nl = Klein\nedition = 2025\n"
          "[source:s]\nfile = tiny.csv\nlabel = Tiny source\nlabel_nl = Kleine bron\n"
          "[indicator:tiny]\nlabel = Tiny series\nlabel_nl = Kleine reeks\nunit = kg\n"
          "unit_nl = kilo\ntheme = trade\nmarkets = x\nkind = amount\naxis = log\nsource = s\n"
          "[indicator:nothing]\nlabel = No data\nlabel_nl = Geen gegevens\ntheme = use\n"
          "markets = x\nkind = count\n"
          "[derived:lost]\ntype = expression\nexpression = {nothing/x} * 2\nindicator = lost\n"
          "market = x\nlabel = Lost\n"
          "[derived:triple]\ntype = expression\nexpression = {tiny/x/A} * 3\nindicator = triple\n"
          "market = x\nregion = A\nlabel = Triple\nunit = t\ntheme = use\nkind = index\n"
          "[names]\nmarket.x = ex\nmarket.x_nl = iks\n", f);
    fclose(f);
    mt_options o;
    mt_options_default(&o);
    o.jobs = 1;
    o.lang = MT_LANG_NL;
    o.lang_set = 1;
    mt_run run;
    mt_error e;
    mt_error_clear(&e);
    mt_status st = mt_pipeline_load_model(ini, &o, &run, &e);
    if (st == MT_OK)
        st = mt_pipeline_analyse(&run, &e);
    if (st != MT_OK)
        fail_msg("%s", e.msg);
    mt_report rep;
    mt_pipeline_report(&run, &rep);
    assert_string_equal(rep.model_file, ini);
    assert_string_equal(rep.title_nl, "Klein");
    assert_int_equal(rep.n_results, 3);
    assert_int_equal(rep.n_no_data, 1);
    /* the derived series whose input has no data: a typed warning, not computed */
    assert_int_equal(rep.n_derive_notes, 1);
    assert_int_equal(rep.derive_notes[0].kind, MT_DERIVE_NOTE_INPUT_MISSING);
    assert_string_equal(rep.derive_notes[0].id, "lost");
    assert_string_equal(rep.derive_notes[0].input, "nothing/x");
    assert_null(mt_report_find(&rep, "lost/x"));
    assert_string_equal(rep.no_data[0].id, "nothing");
    assert_string_equal(rep.no_data[0].label_nl, "Geen gegevens");
    const mt_series *a = mt_report_find(&rep, "tiny/x/A");
    const mt_series *t = mt_report_find(&rep, "triple/x/A");
    assert_non_null(a);
    assert_non_null(t);
    const mt_series_meta *m = &mt_report_result(&rep, a)->meta;
    assert_string_equal(m->label, "Tiny series");
    assert_string_equal(m->label_nl, "Kleine reeks");
    assert_string_equal(m->source, "Tiny source");
    assert_string_equal(m->source_nl, "Kleine bron");
    assert_int_equal(m->theme, MT_THEME_TRADE);
    assert_int_equal(m->kind, MT_KIND_AMOUNT);
    assert_int_equal(m->axis, MT_AXIS_LOG);
    assert_int_equal(m->flags.provisional + m->flags.estimate + m->flags.exclude, 0);
    /* the edition is Dutch: the writers' lookups choose the Dutch texts */
    const char *label, *unit, *theme, *source;
    mt_report_series_meta(&rep, a, &label, &unit, &theme, &source);
    assert_string_equal(label, "Kleine reeks");
    assert_string_equal(unit, "kilo");
    assert_string_equal(theme, "trade");
    assert_string_equal(source, "Kleine bron");
    assert_string_equal(mt_report_series_unit(&rep, a), "kg"); /* results: the model's unit */
    char title[256];
    mt_names_series_title(&rep, a, title, sizeof title);
    assert_string_equal(title, "Kleine reeks, iks, A");
    m = &mt_report_result(&rep, t)->meta;
    assert_string_equal(m->label, "Triple");
    assert_null(m->label_nl);
    assert_string_equal(m->source, "monitrend (derived)");
    assert_int_equal(m->kind, MT_KIND_INDEX);
    assert_int_equal(mt_report_series_kind(&rep, t), MT_KIND_INDEX);
    mt_pipeline_clear(&run);
}

/* The orchestration does not depend on the thread count: each series has
 * its own random stream (pipeline_threads.c), so 4 threads write the same
 * bytes as one (against the same snapshot as test_results_golden). */
static void test_threads(void **state)
{
    (void)state;
    mt_run *run = run_tiny(4);
    assert_non_null(run);
    mt_report rep;
    mt_pipeline_report(run, &rep);
    rep.opts.results = MT_RESULTS_CSV;
    mt_error e;
    mt_error_clear(&e);
    assert_int_equal(mt_write_results(&rep, dir, &e), MT_OK);
    static const char *const tables[] = {"trends", "segments", "bands", "crosschecks", "comparisons"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "cmp '" GOLDEN "/%s.csv' '%s/results/%s.csv' >&2", tables[i], dir,
                 tables[i]);
        assert_int_equal(system(cmd), 0);
    }
    mt_pipeline_clear(run);
    free(run);
}

/* The words of the typed notes (cc_note_words.h, derive_words.h): the
 * sentences the run wrote itself before it handed numbers over. */
static void test_note_words(void **state)
{
    (void)state;
    char buf[512];
    mt_cc_row r;
    memset(&r, 0, sizeof r);
    snprintf(r.a, sizeof r.a, "x/A");
    snprintf(r.b, sizeof r.b, "x/B");
    r.note = (mt_cc_note){.kind = MT_CC_NOTE_RATIO, .apc = 3.4, .apc_lo = 1.2, .apc_hi = 5.6};
    mt_cc_note_text(MT_LANG_EN, &r, buf, sizeof buf);
    assert_string_equal(buf, "ratio APC +3.4% (95% CI +1.2% to +5.6%) a year");
    mt_cc_note_text(MT_LANG_NL, &r, buf, sizeof buf);
    assert_string_equal(buf, "JPV van de verhouding +3,4% (95%-BI +1,2% tot +5,6%) per jaar");
    r.note = (mt_cc_note){.kind = MT_CC_NOTE_AVAILABILITY, .apc = -2, .apc_lo = -4, .apc_hi = 0.5,
                          .sign = -1, .k_rising = 2, .m = 3};
    mt_cc_note_text(MT_LANG_EN, &r, buf, sizeof buf);
    assert_string_equal(buf, "expected sign -; recent APC -2.0% (95% CI -4.0% to +0.5%); 2 of 3 "
                             "indicators point to rising availability");
    r.note = (mt_cc_note){.kind = MT_CC_NOTE_DISPLACEMENT, .verdict = MT_VERDICT_SHIFT_B_TO_A,
                          .share_pp = 0.5, .share_pp_lo = 0.25, .share_pp_hi = 0.75, .apc = 1,
                          .apc_lo = -1, .apc_hi = 3};
    mt_cc_note_text(MT_LANG_EN, &r, buf, sizeof buf);
    assert_string_equal(buf, "shift from x/B to x/A; share of x/A: 0.50 percentage points a year "
                             "(95% CI 0.25 to 0.75); total: +1.0% (95% CI -1.0% to +3.0%) a year");
    /* for a reader: member A by name, the verdict said before */
    mt_cc_note_text_for(MT_LANG_NL, &r, "Cocaïne, NL", 0, buf, sizeof buf);
    assert_string_equal(buf, "aandeel van Cocaïne, NL: 0,50 procentpunt per jaar (95%-BI 0,25 tot "
                             "0,75); totaal: +1,0% (95%-BI -1,0% tot +3,0%) per jaar");
    r.note.kind = MT_CC_NOTE_NO_COMMON;
    mt_cc_note_text(MT_LANG_NL, &r, buf, sizeof buf);
    assert_string_equal(buf, "geen gemeenschappelijke periodes");
    r.note.kind = MT_CC_NOTE_NONE;
    mt_cc_note_text(MT_LANG_EN, &r, buf, sizeof buf);
    assert_string_equal(buf, "");

    mt_cc_lack lack = {.crosscheck = "cc1", .label = "Label", .ratio = 0, .n_missing = 2,
                       .missing = {"a/x", "b/y"}};
    mt_cc_lack_text(MT_LANG_EN, &lack, buf, sizeof buf);
    assert_string_equal(buf, "Label (cc1): lacking data (no data in this edition for a/x, b/y)");
    lack.ratio = 1;
    mt_cc_lack_text(MT_LANG_NL, &lack, buf, sizeof buf);
    assert_string_equal(buf, "Label (cc1): onvoldoende gegevens (a/x heeft geen gegevens in deze editie)");

    mt_cmp_row cr;
    memset(&cr, 0, sizeof cr);
    cr.note = MT_CMP_NOTE_FIT;
    cr.kmax = 1;
    cr.k_a = 1;
    cr.capped = 1;
    cr.n_jumps = 1;
    cr.n_permutations = 4499;
    mt_cmp_note_text(MT_LANG_EN, &cr, buf, sizeof buf);
    assert_string_equal(buf, "1 joinpoint in each model, the largest number selected: 1 for A, 0 for B, "
                             "0 for the parallel model; at most 3 in a comparison; definition changes "
                             "as level shifts of each series; 4499 permutations");
    cr.member_ar1 = 1;
    cr.n_jumps = 0;
    cr.capped = 0;
    mt_cmp_note_text(MT_LANG_EN, &cr, buf, sizeof buf);
    assert_string_equal(buf, "1 joinpoint in each model, the largest number selected: 1 for A, 0 for B, "
                             "0 for the parallel model; 4499 permutations; least squares with "
                             "independent errors (the permutation tests assume them), although a "
                             "series has AR(1) errors in its own model");
    cr.note = MT_CMP_NOTE_TOO_FEW;
    cr.n = 4;
    mt_cmp_note_text(MT_LANG_NL, &cr, buf, sizeof buf);
    assert_string_equal(buf, "te weinig gemeenschappelijke periodes: 4");

    static mt_an_event ev;
    memset(&ev, 0, sizeof ev);
    ev.note = MT_EVENT_NOTE_LINEAR;
    snprintf(ev.did_msg, sizeof ev.did_msg, "too few points");
    mt_event_note_text(MT_LANG_EN, &ev, buf, sizeof buf);
    assert_string_equal(buf, "linear scale: level change in data units; comparison not estimated: "
                             "too few points");
    ev.note = MT_EVENT_NOTE_BRIDGED;
    ev.ratio = 1.23456;
    ev.ratio_se = 0.05;
    ev.did_msg[0] = '\0';
    mt_event_note_text(MT_LANG_EN, &ev, buf, sizeof buf);
    assert_string_equal(buf, "bridged by the comparability ratio 1.235 (SE 0.05): earlier values "
                             "multiplied, one trend fitted across, no jump");
    ev.note = MT_EVENT_NOTE_NONE;
    mt_event_note_text(MT_LANG_NL, &ev, buf, sizeof buf);
    assert_string_equal(buf, "");
    snprintf(ev.event, sizeof ev.event, "data-break");
    assert_string_equal(mt_report_event_label(&ev, MT_LANG_NL), "definitiewijziging (databestand)");

    mt_derive_note d = {.kind = MT_DERIVE_NOTE_LOW_COVERAGE, .id = "ww", .n = 3, .coverage = 0.5};
    mt_derive_note_text(MT_LANG_EN, &d, buf, sizeof buf);
    assert_string_equal(buf, "derived ww: 3 periods below the coverage of 50% of the weight left out");
    d.n = 1;
    mt_derive_note_text(MT_LANG_NL, &d, buf, sizeof buf);
    assert_string_equal(buf, "afgeleide reeks ww: 1 periode onder de dekking van 50% van het gewicht weggelaten");
    d = (mt_derive_note){.kind = MT_DERIVE_NOTE_INPUT_MISSING, .id = "ww", .input = "a/b"};
    mt_derive_note_text(MT_LANG_EN, &d, buf, sizeof buf);
    assert_string_equal(buf, "derived ww: input a/b has no data; not computed");
    d = (mt_derive_note){.kind = MT_DERIVE_NOTE_NONFINITE, .id = "r", .n = 2};
    mt_derive_note_text(MT_LANG_EN, &d, buf, sizeof buf);
    assert_string_equal(buf, "derived r: 2 periods lost to a division by zero or a value beyond "
                             "the range of numbers (non-finite result)");
    d = (mt_derive_note){.kind = MT_DERIVE_NOTE_NO_BASE, .id = "i", .period = "2015"};
    mt_derive_note_text(MT_LANG_EN, &d, buf, sizeof buf);
    assert_string_equal(buf, "derived i: base period 2015 is not in the data; not computed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_results_by_hand),
        cmocka_unit_test(test_results_golden),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_model_meta),
        cmocka_unit_test(test_note_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
