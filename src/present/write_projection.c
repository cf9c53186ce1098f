/*
 * write_projection.c - projections of the last joinpoint segment in the
 * results and the findings (write_projection.h).  A projection is never a
 * value: the findings call it one and give its prediction interval.
 */
#include "monitrend/write_projection.h"

#include <math.h>

#include "monitrend/fmt.h"

#define L(en, nl) (lang == MT_LANG_NL ? (nl) : (en))

static const char *const proj_cols[] = {
    "series", "period", "projection", "ci_lo", "ci_hi", "pi_lo", "pi_hi", "segment_from",
};

void mt_write_projection_init(mt_table *t)
{
    mt_table_init(t, "projections", proj_cols, sizeof proj_cols / sizeof proj_cols[0]);
}

void mt_write_projection_rows(const mt_series_result *r, mt_table *t)
{
    for (size_t k = 0; k < r->n_proj; k++) {
        mt_table_text(t, r->series->id);
        mt_table_text(t, r->proj_period[k]);
        mt_table_num(t, r->proj_fit[k]);
        mt_table_num(t, r->proj_ci_lo[k]);
        mt_table_num(t, r->proj_ci_hi[k]);
        mt_table_num(t, r->proj_pi_lo[k]);
        mt_table_num(t, r->proj_pi_hi[k]);
        mt_table_text(t, r->proj_from);
        mt_table_row_end(t);
    }
}

void mt_write_projection_findings(const mt_report *run, const mt_series_result *r, FILE *f)
{
    const mt_lang lang = run->opts.lang;
    if (r->n_proj == 0 && r->proj_def_period[0])
        fprintf(f, "  %s %s%s\n",
                L("No projection: the last segment of the trend starts before the definition change of",
                  "Geen projectie: het laatste segment van de trend begint v\xC3\xB3\xC3\xB3r de definitiewijziging van"),
                r->proj_def_period, L(", so it is not extended.", " en wordt daarom niet doorgetrokken."));
    if (r->n_proj == 0)
        return;
    const int count = mt_report_series_kind(run, r->series) == MT_KIND_COUNT;
    fprintf(f, "  %s %s %s:", L("Projection, not data (the trend since", "Projectie, geen gegevens (de trend sinds"),
            r->proj_from, L("continued)", "doorgetrokken)"));
    for (size_t k = 0; k < r->n_proj; k++) {
        char v[MT_FMT_MAX], lo[MT_FMT_MAX], hi[MT_FMT_MAX], ci[3 * MT_FMT_MAX];
        if (count) {
            mt_fmt_count(r->proj_fit[k], lang, NULL, v, sizeof v);
            mt_fmt_count(r->proj_pi_lo[k], lang, NULL, lo, sizeof lo);
            mt_fmt_count(r->proj_pi_hi[k], lang, NULL, hi, sizeof hi);
        } else {
            mt_fmt_sig(r->proj_fit[k], 3, lang, NULL, v, sizeof v);
            mt_fmt_sig(r->proj_pi_lo[k], 3, lang, NULL, lo, sizeof lo);
            mt_fmt_sig(r->proj_pi_hi[k], 3, lang, NULL, hi, sizeof hi);
        }
        /* "95% PI a to b" from the CI wording with its label replaced */
        snprintf(ci, sizeof ci, "%s %s %s %s", L("95% PI", "95%-VI"), lo, L("to", "tot"), hi);
        fprintf(f, "%s %s %s (%s)", k ? ";" : "", r->proj_period[k], v, ci);
    }
    fputs(".\n", f);
}
