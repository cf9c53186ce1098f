/*
 * write_manifest.c - manifest.json: what produced an edition.
 *
 * Versions (monitrend, GSL, gnuplot), the model and every input with its
 * SHA-256, every option and the seed: enough to reproduce the edition years
 * later.  No time stamp, so identical runs give identical manifests.
 *
 * "provenance" lists, for every observation read from a row with a `source`
 * column (figures typed from published text), the series, period and that
 * source, so that each number of the edition can be traced to its page.
 */
#include "monitrend/write.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_version.h>

#include "monitrend/edition.h"
#include "monitrend/jsonw.h"
#include "monitrend/plot.h"
#include "monitrend/sha256.h"
#include "monitrend/version.h"

mt_status mt_manifest_provenance_add(mt_strlist *prov, const mt_series *s)
{
    mt_status st = MT_OK;
    for (size_t k = 0; s->row_source && k < s->n && st == MT_OK; k++) {
        if (s->row_source[k] == NULL)
            continue;
        char per[MT_PERIOD_STR_MAX];
        mt_period_format(&s->period[k], per, sizeof per);
        if ((st = mt_strlist_add(prov, s->id)) == MT_OK && (st = mt_strlist_add(prov, per)) == MT_OK)
            st = mt_strlist_add(prov, s->row_source[k]);
    }
    return st;
}

mt_status mt_write_manifest(const mt_report *run, const char *dir, mt_error *err)
{
    mt_strlist prov;
    mt_strlist_init(&prov);
    mt_status st = MT_OK;
    for (size_t i = 0; i < run->data.n && st == MT_OK; i++)
        st = mt_manifest_provenance_add(&prov, &run->data.series[i]);
    if (st == MT_OK)
        st = mt_write_manifest_prov(run, &prov, dir, err);
    else
        mt_error_set(err, st, "manifest: out of memory");
    mt_strlist_clear(&prov);
    return st;
}

mt_status mt_write_manifest_prov(const mt_report *run, const mt_strlist *prov, const char *dir,
                                 mt_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    char gp[128] = "not used";
    const mt_options *o = &run->opts;
    if (o->figures && mt_plot_version(NULL, gp, sizeof gp, err) != MT_OK)
        return MT_EPLOT;
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return mt_error_set(err, MT_EIO, "%s: cannot create: %s", path, strerror(errno));
    mt_jsonw w;
    mt_jsonw_init(&w, f);
    mt_jsonw_object_begin(&w);
    mt_jsonw_key(&w, "monitrend");
    mt_jsonw_string(&w, MT_VERSION_STRING);
    mt_jsonw_key(&w, "gsl");
    mt_jsonw_string(&w, GSL_VERSION);
    mt_jsonw_key(&w, "gnuplot");
    mt_jsonw_string(&w, gp);
    mt_jsonw_key(&w, "edition");
    mt_jsonw_string(&w, run->name);
    mt_jsonw_key(&w, "model");
    if (run->model_file)
        mt_jsonw_string(&w, run->model_file);
    else
        mt_jsonw_null(&w);
    mt_jsonw_key(&w, "inputs");
    mt_jsonw_array_begin(&w);
    mt_status st = MT_OK;
    for (size_t i = 0; i < run->inputs.n && st == MT_OK; i++) {
        char hex[MT_SHA256_HEX_SIZE];
        st = mt_sha256_file(run->inputs.item[i], hex, err);
        if (st != MT_OK)
            break;
        mt_jsonw_object_begin(&w);
        mt_jsonw_key(&w, "path");
        mt_jsonw_string(&w, run->inputs.item[i]);
        mt_jsonw_key(&w, "sha256");
        mt_jsonw_string(&w, hex);
        mt_jsonw_object_end(&w);
    }
    mt_jsonw_array_end(&w);
    mt_jsonw_key(&w, "options");
    mt_jsonw_object_begin(&w);
    mt_jsonw_key(&w, "lang");
    mt_jsonw_string(&w, o->lang == MT_LANG_NL ? "nl" : "en");
    mt_jsonw_key(&w, "formats");
    mt_jsonw_array_begin(&w);
    if (o->formats & MT_FMT_SVG) mt_jsonw_string(&w, "svg");
    if (o->formats & MT_FMT_PNG) mt_jsonw_string(&w, "png");
    if (o->formats & MT_FMT_PDF) mt_jsonw_string(&w, "pdf");
    mt_jsonw_array_end(&w);
    mt_jsonw_key(&w, "figures");
    mt_jsonw_bool(&w, o->figures);
    mt_jsonw_key(&w, "seed");
    mt_jsonw_integer(&w, (long long)o->seed);
    mt_jsonw_key(&w, "scale");
    mt_jsonw_string(&w, o->scale_set ? mt_scale_name(o->scale) : "per indicator");
    mt_jsonw_key(&w, "season");
    {
        char season[32];
        mt_season_format(&o->season, season, sizeof season);
        mt_jsonw_string(&w, o->season_set ? season : "per indicator");
    }
    mt_jsonw_key(&w, "select");
    mt_jsonw_string(&w, mt_select_name(o->select));
    mt_jsonw_key(&w, "max_joinpoints");
    if (o->max_joinpoints >= 0)
        mt_jsonw_integer(&w, o->max_joinpoints);
    else
        mt_jsonw_string(&w, "by number of points");
    mt_jsonw_key(&w, "min_end");
    mt_jsonw_integer(&w, o->min_end);
    mt_jsonw_key(&w, "min_between");
    mt_jsonw_integer(&w, o->min_between);
    mt_jsonw_key(&w, "permutations");
    mt_jsonw_integer(&w, (long long)o->permutations);
    mt_jsonw_key(&w, "early_stop");
    mt_jsonw_bool(&w, o->early_stop);
    mt_jsonw_key(&w, "recent");
    mt_jsonw_number(&w, o->recent);
    mt_jsonw_key(&w, "breaks");
    mt_jsonw_string(&w, mt_breaks_name(o->breaks));
    mt_jsonw_key(&w, "trim");
    mt_jsonw_number(&w, o->trim);
    mt_jsonw_key(&w, "max_breaks");
    if (o->max_breaks >= 0)
        mt_jsonw_integer(&w, o->max_breaks);
    else
        mt_jsonw_string(&w, "as strucchange");
    mt_jsonw_key(&w, "bootstrap");
    mt_jsonw_integer(&w, (long long)o->bootstrap);
    mt_jsonw_key(&w, "min_overlap");
    mt_jsonw_integer(&w, (long long)o->min_overlap);
    mt_jsonw_key(&w, "lags");
    mt_jsonw_integer(&w, o->lags);
    mt_jsonw_object_end(&w);
    mt_jsonw_key(&w, "provenance");
    mt_jsonw_array_begin(&w);
    for (size_t i = 0; i + 2 < prov->n; i += 3) {
        mt_jsonw_object_begin(&w);
        mt_jsonw_key(&w, "series");
        mt_jsonw_string(&w, prov->item[i]);
        mt_jsonw_key(&w, "period");
        mt_jsonw_string(&w, prov->item[i + 1]);
        mt_jsonw_key(&w, "source");
        mt_jsonw_string(&w, prov->item[i + 2]);
        mt_jsonw_object_end(&w);
    }
    mt_jsonw_array_end(&w);
    mt_jsonw_object_end(&w);
    if (st == MT_OK)
        st = mt_jsonw_finish(&w, path, err);
    mt_status cs = mt_edition_fclose(f, path, st == MT_OK ? err : NULL);
    return st != MT_OK ? st : cs;
}
