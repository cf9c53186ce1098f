/*
 * write_edition.c - an edition, all or nothing (see write.h and edition.h).
 */
#include "monitrend/write.h"

#include "monitrend/edition.h"

mt_status mt_write_edition(const mt_report *run, const char *out_dir, mt_error *err)
{
    return mt_write_edition_warn(run, out_dir, NULL, err);
}

mt_status mt_write_edition_warn(const mt_report *run, const char *out_dir, mt_strlist *warnings,
                                mt_error *err)
{
    mt_edition *ed = NULL;
    mt_status st = mt_edition_begin(out_dir, &ed, err);
    if (st != MT_OK)
        return st;
    const char *dir = mt_edition_dir(ed);
    const int csv = (run->opts.results & MT_RESULTS_CSV) != 0;
    if ((!csv || (st = mt_edition_mkdir(ed, "results", err)) == MT_OK) &&
        (st = mt_write_results(run, dir, err)) == MT_OK &&
        (st = mt_write_findings(run, dir, err)) == MT_OK &&
        (!run->opts.figures || (st = mt_edition_mkdir(ed, "figures", err)) == MT_OK) &&
        (!run->opts.figures || (st = mt_write_figures(run, dir, err)) == MT_OK) &&
        (st = mt_write_manifest(run, dir, err)) == MT_OK)
        st = mt_edition_commit(ed, err);
    if (warnings != NULL && mt_edition_warning(ed) != NULL &&
        mt_strlist_add(warnings, mt_edition_warning(ed)) != MT_OK && st == MT_OK)
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
    mt_edition_free(ed);
    return st;
}
