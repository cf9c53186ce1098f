/*
 * write_results.c - the rows of the machine-readable results of an edition.
 *
 * The rows of each results file as mt_table cells: those of one series at a
 * time for the per-series tables, whole tables for the cross-checks, the
 * comparisons and the projections.  results_stream.c writes them as
 * results/<name>.csv and together as results.json.  Column names and order
 * are a contract with users' scripts (README "Results"): columns are only
 * ever appended, never reordered.
 */
#include "results_stream.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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

static void rows_trends(const mt_series_result *r, mt_table *t)
{
    const mt_series *s = r->series;
    const char *unit = r->meta.unit; /* the model's, in English (report.h) */
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

static void rows_segments(const mt_series_result *r, mt_table *t)
{
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

static void rows_breaks(const mt_series_result *r, mt_table *t)
{
    const mt_an_breaks *b = &r->breaks;
    if (!b->done)
        return;
    if (b->n_breaks == 0)
        breaks_row(t, r->series->id, b, "", "", "");
    for (size_t k = 0; k < b->n_breaks; k++)
        breaks_row(t, r->series->id, b, b->brk[k], b->ci_lo[k], b->ci_hi[k]);
}

static void rows_events(const mt_series_result *r, mt_table *t)
{
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

static void rows_bands(const mt_series_result *r, mt_table *t)
{
    const mt_series *s = r->series;
    if (r->descriptive_only)
        return;
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

static void rows_anomalies(const mt_series_result *r, mt_table *t)
{
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

void mt_results_table_init(mt_table *t, int which)
{
    static const struct { const char *name; const char *const *cols; size_t n; } def[] = {
        {"trends", trends_cols, COUNT(trends_cols)},
        {"segments", segments_cols, COUNT(segments_cols)},
        {"breaks", breaks_cols, COUNT(breaks_cols)},
        {"events", events_cols, COUNT(events_cols)},
        {"bands", bands_cols, COUNT(bands_cols)},
        {"anomalies", anomalies_cols, COUNT(anomalies_cols)},
        {"crosschecks", cc_cols, COUNT(cc_cols)},
        {"availability", avail_cols, COUNT(avail_cols)},
    };
    mt_table_init(t, def[which].name, def[which].cols, def[which].n);
}

void mt_results_series_rows(const mt_series_result *r, int which, mt_table *t)
{
    switch (which) {
    case MT_RT_TRENDS: rows_trends(r, t); break;
    case MT_RT_SEGMENTS: rows_segments(r, t); break;
    case MT_RT_BREAKS: rows_breaks(r, t); break;
    case MT_RT_EVENTS: rows_events(r, t); break;
    case MT_RT_BANDS: rows_bands(r, t); break;
    case MT_RT_ANOMALIES: rows_anomalies(r, t); break;
    default: break;
    }
}

void mt_results_build_rest(const mt_report *run, mt_table *tab)
{
    mt_results_table_init(&tab[MT_RT_CC], MT_RT_CC);
    mt_results_table_init(&tab[MT_RT_AVAIL], MT_RT_AVAIL);
    build_cc(run, &tab[MT_RT_CC]);
    build_avail(run, &tab[MT_RT_AVAIL]);
    mt_write_compare_table(run, &tab[MT_RT_CMP]);
}

void mt_results_json_rows(mt_jsonw *w, const mt_table *t)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        mt_jsonw_object_begin(w);
        for (size_t c = 0; c < t->n_cols; c++) {
            const mt_cell *cell = mt_table_cell(t, r, c);
            mt_jsonw_key(w, t->cols[c]);
            if (cell->text)
                mt_jsonw_string(w, cell->text);
            else if (cell->is_int && isfinite(cell->num))
                mt_jsonw_integer(w, (long long)cell->num);
            else
                mt_jsonw_number(w, cell->num);
        }
        mt_jsonw_object_end(w);
    }
}
