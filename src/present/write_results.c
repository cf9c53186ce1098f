/*
 * write_results.c - the machine-readable results of an edition.
 *
 * Builds one mt_table per results file from the run, then writes each as
 * results/<name>.csv and all of them together as results.json.  Column names
 * and order are a contract with users' scripts (README "Results"): columns
 * are only ever appended, never reordered.
 */
#include "monitrend/write.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "monitrend/derive_words.h"
#include "monitrend/jsonw.h"
#include "monitrend/anomaly_words.h"
#include "monitrend/series_note_words.h"
#include "monitrend/cc_words.h" /* mt_cc_divergent_text */
#include "monitrend/table.h"
#include "monitrend/write_compare.h"
#include "monitrend/write_projection.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const trends_cols[] = {
    "series", "indicator", "market", "region", "unit", "n", "first", "last", "scale",
    "slope", "slope_se", "apc", "apc_lo", "apc_hi", "p_trend",
    /* issue 3 */
    "joinpoints", "jp_periods", "select_method", "aapc", "aapc_lo", "aapc_hi",
    "aapc_recent", "aapc_recent_lo", "aapc_recent_hi", "recent_from", "mk_s", "mk_var_s",
    "mk_z", "mk_p", "mk_tau", "sen_slope", "sen_lo", "sen_hi", "last_value", "prev_value",
    "change_prev_pct", "change_10y_pct", "dw", "note",
    /* appended: AAPC over the last 5 years */
    "aapc_5y", "aapc_5y_lo", "aapc_5y_hi",
    /* appended (issue 11): variance model and its dispersion; Sen in percent */
    "variance", "dispersion", "sen_apc", "sen_apc_lo", "sen_apc_hi",
    /* appended (issue 16): seasonal terms of the fits */
    "season",
};
static const char *const segments_cols[] = {
    "series", "segment", "start", "end", "slope", "slope_se", "apc", "apc_lo", "apc_hi", "p",
    /* appended (issue 16): bootstrap CI of the joinpoint that starts the segment */
    "jp_lo", "jp_hi",
};
static const char *const breaks_cols[] = {
    "series", "kind", "break", "ci_lo", "ci_hi", "n_breaks", "criterion", "supf", "supf_p",
};
static const char *const events_cols[] = {
    "series", "event", "kind", "period", "level_change_pct", "level_lo", "level_hi",
    "slope_before", "slope_after", "slope_change_lo", "slope_change_hi", "p", "comparison",
    "did_level_pct", "did_lo", "did_hi",
    /* appended: Chow test of a break in the trend at the event */
    "chow_f", "chow_p",
};
static const char *const bands_cols[] = {
    "series", "period", "observed", "fitted", "ci_lo", "ci_hi", "pi_lo", "pi_hi",
    "sim_lo", "sim_hi", "boot_lo", "boot_hi",
};
static const char *const anomalies_cols[] = {"series", "period", "value", "kind", "reason"};
static const char *const cc_cols[] = {
    "crosscheck", "type", "a", "b", "first", "last", "n", "apc_a", "apc_b", "apc_diff",
    "apc_diff_lo", "apc_diff_hi", "p_parallel", "r_levels", "r_levels_lo", "r_levels_hi",
    "r_diff", "r_diff_lo", "r_diff_hi", "rho_levels", "rho_diff", "agree", "total", "sign_p",
    "best_lag", "r_lag", "verdict", "divergent_periods",
    /* appended (issue 11): the rule of the verdict table that applied */
    "verdict_reason",
};
static const char *const avail_cols[] = {"crosscheck", "period", "index", "lo", "hi", "members"};

enum { T_TRENDS, T_SEGMENTS, T_BREAKS, T_EVENTS, T_BANDS, T_ANOMALIES, T_CC, T_AVAIL,
       T_CMP /* write_compare.c */, T_PROJ /* write_projection.c */, T_COUNT };

static void build_trends(const mt_report *run, mt_table *t)
{
    for (size_t i = 0; i < run->n_results; i++) {
        const mt_series_result *r = &run->results[i];
        const mt_series *s = r->series;
        const char *unit = mt_report_series_unit(run, s);
        mt_table_text(t, s->id);
        mt_table_text(t, s->indicator);
        mt_table_text(t, s->market);
        mt_table_text(t, s->region);
        mt_table_text(t, unit);
        mt_table_int(t, (long long)r->n_fit);
        mt_table_text(t, r->first);
        mt_table_text(t, r->last);
        mt_table_text(t, r->descriptive_only ? "" : mt_scale_name(r->scale));
        mt_table_num(t, r->slope);
        mt_table_num(t, r->slope_se);
        mt_table_num(t, r->apc);
        mt_table_num(t, r->apc_lo);
        mt_table_num(t, r->apc_hi);
        mt_table_num(t, r->p_trend);
        if (r->jp_done)
            mt_table_int(t, (long long)r->n_jp);
        else
            mt_table_num(t, NAN);
        char jp[MT_AN_MAX_JP * (MT_PERIOD_STR_MAX + 1) + 1] = "";
        for (size_t k = 0; k < r->n_jp; k++) {
            if (k)
                strcat(jp, ";");
            strcat(jp, r->jp_period[k]);
        }
        mt_table_text(t, jp);
        mt_table_text(t, r->jp_done ? r->select_method : "");
        mt_table_num(t, r->aapc);
        mt_table_num(t, r->aapc_lo);
        mt_table_num(t, r->aapc_hi);
        mt_table_num(t, r->aapc_recent);
        mt_table_num(t, r->aapc_recent_lo);
        mt_table_num(t, r->aapc_recent_hi);
        mt_table_text(t, r->recent_from);
        mt_table_num(t, r->mk_s);
        mt_table_num(t, r->mk_var_s);
        mt_table_num(t, r->mk_z);
        mt_table_num(t, r->mk_p);
        mt_table_num(t, r->mk_tau);
        mt_table_num(t, r->sen_slope);
        mt_table_num(t, r->sen_lo);
        mt_table_num(t, r->sen_hi);
        mt_table_num(t, r->last_value);
        mt_table_num(t, r->prev_value);
        mt_table_num(t, r->change_prev_pct);
        mt_table_num(t, r->change_10y_pct);
        mt_table_num(t, r->dw);
        char note[MT_AN_NOTE_MAX];
        mt_series_note_text(r, note, sizeof note);
        mt_table_text(t, note);
        mt_table_num(t, r->aapc_5y);
        mt_table_num(t, r->aapc_5y_lo);
        mt_table_num(t, r->aapc_5y_hi);
        mt_table_text(t, r->variance_set ? mt_variance_name(r->variance) : "");
        mt_table_num(t, r->dispersion);
        mt_table_num(t, r->sen_pct);
        mt_table_num(t, r->sen_pct_lo);
        mt_table_num(t, r->sen_pct_hi);
        mt_table_text(t, r->season);
        mt_table_row_end(t);
    }
}

static void build_segments(const mt_report *run, mt_table *t)
{
    for (size_t i = 0; i < run->n_results; i++) {
        const mt_series_result *r = &run->results[i];
        for (size_t k = 0; k < r->n_seg; k++) {
            const mt_an_segment *g = &r->seg[k];
            mt_table_text(t, r->series->id);
            mt_table_int(t, (long long)k + 1);
            mt_table_text(t, g->start_period);
            mt_table_text(t, g->end_period);
            mt_table_num(t, g->slope);
            mt_table_num(t, g->slope_se);
            mt_table_num(t, g->apc);
            mt_table_num(t, g->apc_lo);
            mt_table_num(t, g->apc_hi);
            mt_table_num(t, g->p);
            mt_table_text(t, g->jp_lo_period);
            mt_table_text(t, g->jp_hi_period);
            mt_table_row_end(t);
        }
    }
}

static void breaks_row(mt_table *t, const char *id, const mt_an_breaks *b, const char *brk,
                       const char *lo, const char *hi)
{
    mt_table_text(t, id);
    mt_table_text(t, b->kind);
    mt_table_text(t, brk);
    mt_table_text(t, lo);
    mt_table_text(t, hi);
    mt_table_int(t, (long long)b->n_breaks);
    mt_table_text(t, b->criterion);
    mt_table_num(t, b->supf);
    mt_table_num(t, b->supf_p);
    mt_table_row_end(t);
}

static void build_breaks(const mt_report *run, mt_table *t)
{
    for (size_t i = 0; i < run->n_results; i++) {
        const mt_series_result *r = &run->results[i];
        const mt_an_breaks *b = &r->breaks;
        if (!b->done)
            continue;
        if (b->n_breaks == 0)
            breaks_row(t, r->series->id, b, "", "", "");
        for (size_t k = 0; k < b->n_breaks; k++)
            breaks_row(t, r->series->id, b, b->brk[k], b->ci_lo[k], b->ci_hi[k]);
    }
}

static void build_events(const mt_report *run, mt_table *t)
{
    for (size_t i = 0; i < run->n_results; i++) {
        const mt_series_result *r = &run->results[i];
        for (size_t k = 0; k < r->n_events; k++) {
            const mt_an_event *e = &r->events[k];
            mt_table_text(t, r->series->id);
            mt_table_text(t, e->event);
            mt_table_text(t, e->kind);
            mt_table_text(t, e->period);
            mt_table_num(t, e->level_pct);
            mt_table_num(t, e->level_lo);
            mt_table_num(t, e->level_hi);
            mt_table_num(t, e->slope_before);
            mt_table_num(t, e->slope_after);
            mt_table_num(t, e->slope_change_lo);
            mt_table_num(t, e->slope_change_hi);
            mt_table_num(t, e->p);
            mt_table_text(t, e->comparison);
            mt_table_num(t, e->did_level_pct);
            mt_table_num(t, e->did_lo);
            mt_table_num(t, e->did_hi);
            mt_table_num(t, e->chow_f);
            mt_table_num(t, e->chow_p);
            mt_table_row_end(t);
        }
    }
}

static void build_bands(const mt_report *run, mt_table *t)
{
    for (size_t i = 0; i < run->n_results; i++) {
        const mt_series_result *r = &run->results[i];
        const mt_series *s = r->series;
        if (r->descriptive_only)
            continue;
        for (size_t k = 0; k < s->n; k++) {
            char p[MT_PERIOD_STR_MAX];
            mt_period_format(&s->period[k], p, sizeof p);
            mt_table_text(t, s->id);
            mt_table_text(t, p);
            mt_table_num(t, s->value[k]);
            mt_table_num(t, r->fitted[k]);
            mt_table_num(t, r->ci_lo[k]);
            mt_table_num(t, r->ci_hi[k]);
            mt_table_num(t, r->pi_lo[k]);
            mt_table_num(t, r->pi_hi[k]);
            mt_table_num(t, r->sim_lo[k]);
            mt_table_num(t, r->sim_hi[k]);
            mt_table_num(t, r->boot_lo[k]);
            mt_table_num(t, r->boot_hi[k]);
            mt_table_row_end(t);
        }
    }
}

static void build_anomalies(const mt_report *run, mt_table *t)
{
    for (size_t i = 0; i < run->n_results; i++) {
        const mt_series_result *r = &run->results[i];
        for (size_t k = 0; k < r->n_anomalies; k++) {
            const mt_an_anomaly *a = &r->anomalies[k];
            mt_table_text(t, r->series->id);
            mt_table_text(t, a->period);
            mt_table_num(t, a->value);
            mt_table_text(t, mt_anomaly_kind_name(a->kind));
            char reason[1024];
            mt_anomaly_reason_en(a, reason, sizeof reason);
            mt_table_text(t, reason);
            mt_table_row_end(t);
        }
    }
}

static void build_cc(const mt_report *run, mt_table *t)
{
    for (size_t i = 0; i < run->n_cc; i++) {
        const mt_cc_row *c = &run->cc[i];
        mt_table_text(t, c->crosscheck);
        mt_table_text(t, c->type);
        mt_table_text(t, c->a);
        mt_table_text(t, c->b);
        mt_table_text(t, c->first);
        mt_table_text(t, c->last);
        mt_table_int(t, (long long)c->n);
        mt_table_num(t, c->apc_a);
        mt_table_num(t, c->apc_b);
        mt_table_num(t, c->apc_diff);
        mt_table_num(t, c->apc_diff_lo);
        mt_table_num(t, c->apc_diff_hi);
        mt_table_num(t, c->p_parallel);
        mt_table_num(t, c->r_levels);
        mt_table_num(t, c->r_levels_lo);
        mt_table_num(t, c->r_levels_hi);
        mt_table_num(t, c->r_diff);
        mt_table_num(t, c->r_diff_lo);
        mt_table_num(t, c->r_diff_hi);
        mt_table_num(t, c->rho_levels);
        mt_table_num(t, c->rho_diff);
        mt_table_int(t, (long long)c->agree);
        mt_table_int(t, (long long)c->total);
        mt_table_num(t, c->sign_p);
        if (c->total > 0 && isfinite(c->r_lag))
            mt_table_int(t, c->best_lag);
        else
            mt_table_num(t, NAN);
        mt_table_num(t, c->r_lag);
        mt_table_text(t, c->verdict);
        char divergent[8192];
        mt_cc_divergent_text(MT_LANG_EN, c, divergent, sizeof divergent);
        mt_table_text(t, divergent);
        mt_table_text(t, c->verdict_reason);
        mt_table_row_end(t);
    }
}

static void build_avail(const mt_report *run, mt_table *t)
{
    for (size_t i = 0; i < run->n_avail; i++) {
        const mt_avail_row *a = &run->avail[i];
        mt_table_text(t, a->crosscheck);
        mt_table_text(t, a->period);
        mt_table_num(t, a->index);
        mt_table_num(t, a->lo);
        mt_table_num(t, a->hi);
        mt_table_int(t, (long long)a->members);
        mt_table_row_end(t);
    }
}

static void build_all(const mt_report *run, mt_table *tab)
{
    mt_table_init(&tab[T_TRENDS], "trends", trends_cols, COUNT(trends_cols));
    mt_table_init(&tab[T_SEGMENTS], "segments", segments_cols, COUNT(segments_cols));
    mt_table_init(&tab[T_BREAKS], "breaks", breaks_cols, COUNT(breaks_cols));
    mt_table_init(&tab[T_EVENTS], "events", events_cols, COUNT(events_cols));
    mt_table_init(&tab[T_BANDS], "bands", bands_cols, COUNT(bands_cols));
    mt_table_init(&tab[T_ANOMALIES], "anomalies", anomalies_cols, COUNT(anomalies_cols));
    mt_table_init(&tab[T_CC], "crosschecks", cc_cols, COUNT(cc_cols));
    mt_table_init(&tab[T_AVAIL], "availability", avail_cols, COUNT(avail_cols));
    build_trends(run, &tab[T_TRENDS]);
    build_segments(run, &tab[T_SEGMENTS]);
    build_breaks(run, &tab[T_BREAKS]);
    build_events(run, &tab[T_EVENTS]);
    build_bands(run, &tab[T_BANDS]);
    build_anomalies(run, &tab[T_ANOMALIES]);
    build_cc(run, &tab[T_CC]);
    build_avail(run, &tab[T_AVAIL]);
    mt_write_compare_table(run, &tab[T_CMP]);
    mt_write_projection_table(run, &tab[T_PROJ]);
}

static void json_cell(mt_jsonw *w, const mt_cell *c)
{
    if (c->text)
        mt_jsonw_string(w, c->text);
    else if (c->is_int && isfinite(c->num))
        mt_jsonw_integer(w, (long long)c->num);
    else
        mt_jsonw_number(w, c->num);
}

static mt_status write_file(const char *dir, const char *rel, const mt_table *t, mt_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return mt_error_set(err, MT_EIO, "%s: cannot create: %s", path, strerror(errno));
    mt_status st = mt_table_write_csv(t, f, path, err);
    if (fclose(f) != 0 && st == MT_OK)
        st = mt_error_set(err, MT_EIO, "%s: write failed: %s", path, strerror(errno));
    return st;
}

static mt_status write_csvs(const mt_table *tab, const char *dir, mt_error *err)
{
    mt_status st = MT_OK;
    char rel[64];
    for (size_t i = 0; i < T_COUNT && st == MT_OK; i++) {
        snprintf(rel, sizeof rel, "results/%s.csv", tab[i].name);
        st = write_file(dir, rel, &tab[i], err);
    }
    return st;
}

static mt_status write_json(const mt_report *run, const mt_table *tab, const char *dir,
                            mt_error *err)
{
    mt_status st = MT_OK;
    char path[4096];
    snprintf(path, sizeof path, "%s/results.json", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return mt_error_set(err, MT_EIO, "%s: cannot create: %s", path, strerror(errno));
    mt_jsonw w;
    mt_jsonw_init(&w, f);
    mt_jsonw_object_begin(&w);
    mt_jsonw_key(&w, "schema");
    mt_jsonw_string(&w, MT_RESULTS_SCHEMA);
    mt_jsonw_key(&w, "edition");
    mt_jsonw_string(&w, run->name);
    for (size_t i = 0; i < T_COUNT; i++) {
        mt_jsonw_key(&w, tab[i].name);
        mt_jsonw_array_begin(&w);
        for (size_t r = 0; r < tab[i].n_rows; r++) {
            mt_jsonw_object_begin(&w);
            for (size_t c = 0; c < tab[i].n_cols; c++) {
                mt_jsonw_key(&w, tab[i].cols[c]);
                json_cell(&w, mt_table_cell(&tab[i], r, c));
            }
            mt_jsonw_object_end(&w);
        }
        mt_jsonw_array_end(&w);
    }
    mt_jsonw_key(&w, "warnings");
    mt_jsonw_array_begin(&w);
    for (size_t i = 0; i < run->warnings.n; i++)
        mt_jsonw_string(&w, run->warnings.item[i]);
    for (size_t i = 0; i < run->n_derive_notes; i++) {
        char dw[600];
        mt_derive_note_text(MT_LANG_EN, &run->derive_notes[i], dw, sizeof dw);
        mt_jsonw_string(&w, dw);
    }
    mt_jsonw_array_end(&w);
    mt_jsonw_object_end(&w);
    st = mt_jsonw_finish(&w, path, err);
    if (fclose(f) != 0 && st == MT_OK)
        st = mt_error_set(err, MT_EIO, "%s: write failed: %s", path, strerror(errno));
    return st;
}

/* results.json written by a second thread while this one writes the CSV
 * tables: the two share only the finished, read-only tables. */
typedef struct {
    const mt_report *run;
    const mt_table *tab;
    const char *dir;
    mt_error err;
    mt_status st;
} json_job;

static void *json_thread(void *arg)
{
    json_job *j = arg;
    j->st = write_json(j->run, j->tab, j->dir, &j->err);
    return NULL;
}

mt_status mt_write_results(const mt_report *run, const char *dir, mt_error *err)
{
    mt_table tab[T_COUNT];
    build_all(run, tab);
    mt_status st = MT_OK;
    /* --results: either file set may be left out (results.json repeats the
     * CSVs, and is the largest file of a big run) */
    const int csv = (run->opts.results & MT_RESULTS_CSV) != 0;
    const int json = (run->opts.results & MT_RESULTS_JSON) != 0;
    const long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const int two = csv && json && run->opts.jobs != 1 && (run->opts.jobs > 1 || cores > 1);
    json_job job = {run, tab, dir, {0}, MT_OK};
    mt_error_clear(&job.err);
    pthread_t th;
    const int threaded = two && pthread_create(&th, NULL, json_thread, &job) == 0;
    if (csv)
        st = write_csvs(tab, dir, err);
    if (threaded) {
        pthread_join(th, NULL);
        /* the CSV error first, as in the serial order */
        if (st == MT_OK && job.st != MT_OK) {
            st = job.st;
            if (err)
                *err = job.err;
        }
    } else if (st == MT_OK && json) {
        st = write_json(run, tab, dir, err);
    }
    for (size_t i = 0; i < T_COUNT; i++)
        mt_table_clear(&tab[i]);
    return st;
}
