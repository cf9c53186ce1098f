/*
 * references.c - every series a model names must be a series of the run.
 *
 * The model reader (model.c) can only check the indicator part of a series
 * id: whether `wastewater/cocaine/Utrecht` exists is known once the data are
 * read and the derived series computed.  A run looks series up by exact id
 * (mt_dataset_find) and, before this check, quietly reported a reference
 * that found nothing as "lacking data".  Here every reference is looked up
 * the same way, after loading and derivation, and one that does not resolve
 * is an input error naming the model line, so that `check` and `run` fail
 * alike instead of printing an edition with a cross-check missing.
 *
 * A reference may rightly find nothing in one case: its indicator has no
 * source in this edition (declared so that the findings can say "no data in
 * this edition"), or it names a derived series that could not be computed
 * for lack of such data (a warning says why).  Everything else must resolve.
 */
#include "monitrend/pipeline.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "monitrend/expr.h"

/* ASCII case-insensitive equality (strcasecmp is not C11). */
static int same_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* The indicator part of a series id, in buf. */
static const char *head_of(const char *id, char *buf, size_t size)
{
    size_t n = strcspn(id, "/");
    if (n >= size)
        n = size - 1;
    memcpy(buf, id, n);
    buf[n] = '\0';
    return buf;
}

/* A series id that differs from id in case only: from the data, else from
 * the derived sections; NULL when there is none (borrowed). */
static const char *case_twin(const mt_run *run, const char *id)
{
    for (size_t i = 0; i < run->data.n; i++)
        if (same_ignoring_case(run->data.series[i].id, id))
            return run->data.series[i].id;
    const mt_model *m = run->model;
    for (size_t i = 0; i < m->n_derived; i++)
        if (m->derived[i].series_id && same_ignoring_case(m->derived[i].series_id, id))
            return m->derived[i].series_id;
    return NULL;
}

/* 1 when id resolves as a run resolves it, or may rightly find nothing
 * (see the file comment). */
static int resolves(const mt_run *run, const char *id)
{
    if (mt_dataset_find(&run->data, id) != NULL)
        return 1;
    const mt_model *m = run->model;
    char head[256];
    head_of(id, head, sizeof head);
    const mt_indicator *ind = mt_model_find_indicator(m, head);
    if (ind != NULL)
        return ind->sources.n == 0;
    /* a derived series is known by its full id from the model alone: one
     * that was not computed (its inputs have no data) is no error */
    for (size_t i = 0; i < m->n_derived; i++)
        if (m->derived[i].series_id && strcmp(m->derived[i].series_id, id) == 0)
            return 1;
    return 0;
}

static mt_status unresolved(const mt_run *run, long line, const char *where, const char *id,
                            mt_error *err)
{
    const char *twin = case_twin(run, id);
    char head[256];
    head_of(id, head, sizeof head);
    size_t n_head = 0, len = strlen(head);
    for (size_t i = 0; i < run->data.n; i++)
        n_head += strncmp(run->data.series[i].id, head, len) == 0 &&
                  (run->data.series[i].id[len] == '/' || run->data.series[i].id[len] == '\0');
    if (twin)
        return mt_error_at(err, MT_EPARSE, run->model->file, line, 0,
                           "%s: '%s' is not a series of this run (did you mean '%s'? ids are "
                           "case-sensitive)", where, id, twin);
    if (n_head == 0 && mt_model_find_indicator(run->model, head) != NULL)
        return mt_error_at(err, MT_EPARSE, run->model->file, line, 0,
                           "%s: '%s' is not a series of this run (indicator '%s' has a source "
                           "but no rows in it)", where, id, head);
    return mt_error_at(err, MT_EPARSE, run->model->file, line, 0,
                       "%s: '%s' is not a series of this run (no such market or region of "
                       "'%s' in the data or the derived sections)", where, id, head);
}

mt_status mt_pipeline_check_references(const mt_run *run, mt_error *err)
{
    const mt_model *m = run->model;
    if (m == NULL)
        return MT_OK;
    char where[160];
    for (size_t i = 0; i < m->n_derived; i++) {
        const mt_derived *d = &m->derived[i];
        snprintf(where, sizeof where, "[derived:%s] %s", d->id,
                 d->type == MT_DERIVED_EXPRESSION ? "expression" : "members");
        for (size_t k = 0; k < d->refs.n; k++)
            if (!resolves(run, d->refs.item[k]))
                return unresolved(run, d->ref_line ? d->ref_line : d->line, where, d->refs.item[k], err);
    }
    for (size_t i = 0; i < m->n_events; i++) {
        const mt_event *e = &m->events[i];
        /* `affects` takes indicators (which model.c checked) and series ids */
        snprintf(where, sizeof where, "[event:%s] affects", e->id);
        for (size_t k = 0; k < e->affects.n; k++)
            if (strchr(e->affects.item[k], '/') && !resolves(run, e->affects.item[k]))
                return unresolved(run, e->ref_line ? e->ref_line : e->line, where, e->affects.item[k], err);
        snprintf(where, sizeof where, "[event:%s] comparison", e->id);
        for (size_t k = 0; k < e->comparison.n; k++)
            if (!resolves(run, e->comparison.item[k]))
                return unresolved(run, e->comparison_line ? e->comparison_line : e->line, where,
                                  e->comparison.item[k], err);
    }
    for (size_t i = 0; i < m->n_crosschecks; i++) {
        const mt_crosscheck *x = &m->crosschecks[i];
        if (x->type == MT_CROSSCHECK_RATIO) {
            /* the expression's references, from the tree the model reader kept */
            const mt_expr *e = x->expr;
            if (e == NULL)
                continue; /* the run reports a missing expression itself */
            snprintf(where, sizeof where, "[crosscheck:%s] expression", x->id);
            mt_status st = MT_OK;
            for (size_t k = 0; k < mt_expr_n_refs(e) && st == MT_OK; k++)
                if (!resolves(run, mt_expr_ref(e, k)))
                    st = unresolved(run, x->line, where, mt_expr_ref(e, k), err);
            if (st != MT_OK)
                return st;
            continue;
        }
        snprintf(where, sizeof where, "[crosscheck:%s] members", x->id);
        for (size_t k = 0; k < x->members.n; k++)
            if (!resolves(run, x->members.item[k]))
                return unresolved(run, x->ref_line ? x->ref_line : x->line, where, x->members.item[k], err);
    }
    return MT_OK;
}
