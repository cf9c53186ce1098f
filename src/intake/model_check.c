/*
 * model_check.c - after the parse, every cross-reference of a model is
 * checked: indicator sources, event targets, derived expressions (syntax,
 * parameters, references) and cycles among derived series; defaults that
 * depend on the whole file are filled in.
 */
#include "model_parse.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int indicator_known(const mt_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_indicators; i++)
        if (!strcmp(m->indicators[i].id, name))
            return 1;
    for (size_t i = 0; i < m->n_derived; i++)
        if (!strcmp(m->derived[i].indicator, name))
            return 1;
    return 0;
}

/* " (did you mean 'X'? ids are case-sensitive)" when the indicator part of
 * id matches an indicator or derived series of m in all but case; "" else. */
static const char *case_hint(const mt_model *m, const char *id, char *buf, size_t size)
{
    char head[256];
    mt_series_id_indicator(id, head, sizeof head);
    buf[0] = '\0';
    size_t n = m->n_indicators + m->n_derived;
    for (size_t i = 0; i < n && !buf[0]; i++) {
        const char *name = i < m->n_indicators ? m->indicators[i].id
                                               : m->derived[i - m->n_indicators].indicator;
        if (name == NULL || strlen(name) != strlen(head))
            continue;
        size_t k = 0;
        while (head[k] && tolower((unsigned char)head[k]) == tolower((unsigned char)name[k]))
            k++;
        if (head[k] == '\0')
            snprintf(buf, size, " (did you mean '%s'? ids are case-sensitive)", name);
    }
    return buf;
}

static int series_ref_known(const mt_model *m, const char *id)
{
    char head[256];
    return indicator_known(m, mt_series_id_indicator(id, head, sizeof head));
}

static int param_known(const mt_model *m, const char *name, size_t len)
{
    for (size_t i = 0; i < m->n_params; i++)
        if (strlen(m->params[i].id) == len && !strncmp(m->params[i].id, name, len))
            return 1;
    return 0;
}

/* An expression is parsed by expr.c, the one grammar of monitrend, and the
 * tree is kept for the run (*tree, owned by the model).  Then every {series
 * id} must name a series of this model and every bare name a [param:ID].
 * References are appended to refs (may be NULL).  Returns 1, or 0 after
 * fail_at with what is wrong (expr.c's message names the column). */
static int check_expression(ctx *c, const char *what, const char *expr, long line, mt_strlist *refs,
                            mt_expr **tree)
{
    const mt_model *m = c->m;
    mt_error pe;
    mt_error_clear(&pe);
    mt_expr *e = NULL;
    mt_status st = mt_expr_parse(expr, &e, &pe);
    if (st != MT_OK)
        return model_fail_at(c, st == MT_ENOMEM ? st : MT_EPARSE, line, "%s '%.200s': %s", what, expr, pe.msg);
    for (size_t i = 0; i < mt_expr_n_refs(e); i++) {
        const char *id = mt_expr_ref(e, i);
        if (!series_ref_known(m, id)) {
            char hint[320];
            model_fail_at(c, MT_EPARSE, line, "%s: {%s} names no indicator or derived series of this model%s",
                          what, id, case_hint(m, id, hint, sizeof hint));
            mt_expr_free(e);
            return 0;
        }
        if (refs && mt_strlist_find(refs, id) == (size_t)-1 && mt_strlist_add(refs, id) != MT_OK) {
            mt_expr_free(e);
            return model_fail_at(c, MT_ENOMEM, line, "out of memory");
        }
    }
    for (size_t i = 0; i < mt_expr_n_params(e); i++) {
        const char *name = mt_expr_param(e, i);
        if (!param_known(m, name, strlen(name))) {
            model_fail_at(c, MT_EPARSE, line, "%s: '%s' is not a [param:ID] of this model "
                          "(series ids go in braces)", what, name);
            mt_expr_free(e);
            return 0;
        }
    }
    mt_expr_free(*tree);
    *tree = e;
    return 1;
}

/* Index of the derived series a reference resolves to, or -1. */
static long derived_of_ref(const mt_model *m, const char *ref)
{
    for (size_t i = 0; i < m->n_derived; i++)
        if (!strcmp(m->derived[i].series_id, ref))
            return (long)i;
    char head[256];
    mt_series_id_indicator(ref, head, sizeof head);
    if (strchr(ref, '/') == NULL)
        for (size_t i = 0; i < m->n_derived; i++)
            if (!strcmp(m->derived[i].indicator, head))
                return (long)i;
    return -1;
}

/* Depth-first search for a cycle; state 0 new, 1 on the stack, 2 done. */
static int find_cycle(const mt_model *m, size_t v, unsigned char *state, size_t *stack, size_t *depth)
{
    state[v] = 1;
    stack[(*depth)++] = v;
    const mt_strlist *refs = &m->derived[v].refs;
    for (size_t i = 0; i < refs->n; i++) {
        long w = derived_of_ref(m, refs->item[i]);
        if (w < 0)
            continue;
        if (state[w] == 1) {
            stack[(*depth)++] = (size_t)w;
            return 1;
        }
        if (state[w] == 0 && find_cycle(m, (size_t)w, state, stack, depth))
            return 1;
    }
    state[v] = 2;
    (*depth)--;
    return 0;
}

static char *join_path(const char *dir, const char *file)
{
    if (file[0] == '/' || dir[0] == '\0')
        return strdup(file);
    size_t n = strlen(dir) + strlen(file) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, file);
    return p;
}

int model_validate(ctx *c)
{
    mt_model *m = c->m;
    mt_monitor *mo = &m->monitor;
    if (!c->seen_monitor)
        return model_fail_at(c, MT_EPARSE, 0, "no [monitor] section");
    if (mo->name == NULL) {
        const char *base = strrchr(m->file, '/');
        base = base ? base + 1 : m->file;
        size_t n = strlen(base);
        if (n > 4 && !strcmp(base + n - 4, ".ini"))
            n -= 4;
        mo->name = strndup(base, n);
        /* The name becomes the folder out/<name>: one taken from a file
         * name such as "..ini" must be a usable one (issue 13, item 11). */
        if (mo->name != NULL && !model_valid_id(mo->name) &&
            (mo->name[0] == '\0' || strchr(mo->name, '/') != NULL ||
             strspn(mo->name, ".") == strlen(mo->name)))
            return model_fail_at(c, MT_EPARSE, mo->line, "the file name gives no usable edition name "
                                 "('%s'); set name = in [monitor]", mo->name);
    }
    if (mo->title == NULL)
        mo->title = strdup(mo->name ? mo->name : "");
    if (mo->language == NULL)
        mo->language = strdup("en");
    if (mo->formats.n == 0 && (mt_strlist_add(&mo->formats, "svg") || mt_strlist_add(&mo->formats, "png")))
        return model_fail_at(c, MT_ENOMEM, 0, "out of memory");
    if (!mo->name || !mo->title || !mo->language)
        return model_fail_at(c, MT_ENOMEM, 0, "out of memory");

    for (size_t i = 0; i < m->n_params; i++) {
        mt_param *p = &m->params[i];
        if (isnan(p->value))
            return model_fail_at(c, MT_EPARSE, p->line, "[param:%s] has no 'value'", p->id);
        if (p->source == NULL || p->source[0] == '\0')
            return model_fail_at(c, MT_EPARSE, p->line, "[param:%s] has no 'source' (a factor needs its citation)", p->id);
    }
    for (size_t i = 0; i < m->n_sources; i++) {
        mt_source *s = &m->sources[i];
        if (s->file == NULL)
            return model_fail_at(c, MT_EPARSE, s->line, "[source:%s] has no 'file'", s->id);
        s->path = join_path(m->dir, s->file);
        if (s->label == NULL) {
            const char *base = strrchr(s->file, '/');
            s->label = strdup(base ? base + 1 : s->file);
        }
        if (!s->path || !s->label)
            return model_fail_at(c, MT_ENOMEM, s->line, "out of memory");
        const mt_layout *lay = &s->layout;
        int margins = (lay->margin_text[0] != NULL) + (lay->margin_text[1] != NULL) + (lay->margin_text[2] != NULL);
        if (lay->margin_column && margins == 0)
            return model_fail_at(c, MT_EPARSE, s->line, "[source:%s] has margin.column but no margin.value, margin.lower or margin.upper", s->id);
        if (!lay->margin_column && margins > 0)
            return model_fail_at(c, MT_EPARSE, s->line, "[source:%s] has margin texts but no margin.column", s->id);
    }
    for (size_t i = 0; i < m->n_indicators; i++) {
        mt_indicator *in = &m->indicators[i];
        if (in->label == NULL)
            return model_fail_at(c, MT_EPARSE, in->line, "[indicator:%s] has no 'label'", in->id);
        for (size_t k = 0; k < in->sources.n; k++)
            if (mt_model_find_source(m, in->sources.item[k]) == NULL)
                return model_fail_at(c, MT_EPARSE, in->ref_line, "source: '%s' is not a [source:ID] of this model",
                                     in->sources.item[k]);
        if ((in->variance == MT_VARIANCE_POISSON || in->variance == MT_VARIANCE_QUASIPOISSON) &&
            in->kind != MT_KIND_COUNT)
            return model_fail_at(c, MT_EPARSE, in->line, "[indicator:%s]: variance = %s needs kind = count", in->id,
                                 mt_variance_name(in->variance));
        const char *name = in->data ? in->data : in->id;
        for (size_t j = 0; j < i; j++) {
            const char *other = m->indicators[j].data ? m->indicators[j].data : m->indicators[j].id;
            if (!strcmp(name, other))
                return model_fail_at(c, MT_EPARSE, in->line,
                                     "[indicator:%s] reads the data name '%s' that [indicator:%s] (line %ld) reads too",
                                     in->id, name, m->indicators[j].id, m->indicators[j].line);
        }
    }
    /* derived: fill ids first, so that references to them resolve */
    for (size_t i = 0; i < m->n_derived; i++) {
        mt_derived *d = &m->derived[i];
        if (d->indicator == NULL && (d->indicator = strdup(d->id)) == NULL)
            return model_fail_at(c, MT_ENOMEM, d->line, "out of memory");
        if (mt_model_find_indicator(m, d->indicator))
            return model_fail_at(c, MT_EPARSE, d->line, "[derived:%s]: indicator '%s' is also an [indicator:ID]; "
                                 "give the derived series its own indicator name", d->id, d->indicator);
        d->series_id = mt_series_make_id(d->indicator, d->market, d->region);
        if (d->series_id == NULL)
            return model_fail_at(c, MT_ENOMEM, d->line, "out of memory");
        for (size_t j = 0; j < i; j++)
            if (!strcmp(m->derived[j].series_id, d->series_id))
                return model_fail_at(c, MT_EPARSE, d->line, "[derived:%s] makes series '%s', as [derived:%s] (line %ld) does",
                                     d->id, d->series_id, m->derived[j].id, m->derived[j].line);
    }
    for (size_t i = 0; i < m->n_derived; i++) {
        mt_derived *d = &m->derived[i];
        char what[160], hint[320];
        if (d->type == MT_DERIVED_EXPRESSION) {
            if (d->expression == NULL)
                return model_fail_at(c, MT_EPARSE, d->line, "[derived:%s] has no 'expression'", d->id);
            snprintf(what, sizeof what, "[derived:%s] expression", d->id);
            if (!check_expression(c, what, d->expression, d->ref_line, &d->refs, &d->expr))
                return 0;
        } else {
            if (d->members.n == 0)
                return model_fail_at(c, MT_EPARSE, d->line, "[derived:%s] has no 'members'", d->id);
            for (size_t k = 0; k < d->members.n; k++) {
                if (!series_ref_known(m, d->members.item[k]))
                    return model_fail_at(c, MT_EPARSE, d->ref_line,
                                         "members: '%s' names no indicator or derived series of this model%s",
                                         d->members.item[k], case_hint(m, d->members.item[k], hint, sizeof hint));
                if (mt_strlist_add(&d->refs, d->members.item[k]) != MT_OK)
                    return model_fail_at(c, MT_ENOMEM, d->line, "out of memory");
            }
            if (d->type == MT_DERIVED_INDEX && d->base_text == NULL)
                return model_fail_at(c, MT_EPARSE, d->line, "[derived:%s] has type index but no 'base'", d->id);
        }
        if (d->weights && d->type != MT_DERIVED_AGGREGATE)
            return model_fail_at(c, MT_EPARSE, d->line, "[derived:%s]: weights apply to type aggregate only", d->id);
        if (d->weights && d->weight_ids.n > 0)
            return model_fail_at(c, MT_EPARSE, d->line, "[derived:%s]: give either weights or weight.<series id> keys, not both", d->id);
        for (size_t k = 0; k < d->weight_ids.n; k++)
            if (mt_strlist_find(&d->members, d->weight_ids.item[k]) == (size_t)-1)
                return model_fail_at(c, MT_EPARSE, d->line, "[derived:%s]: weight.%s names no member", d->id,
                                     d->weight_ids.item[k]);
    }
    for (size_t i = 0; i < m->n_derived; i++) {
        const mt_derived *d = &m->derived[i];
        if (d->weights && d->n_weights != d->members.n)
            return model_fail_at(c, MT_EPARSE, d->line, "[derived:%s]: %zu weights for %zu members", d->id,
                                 d->n_weights, d->members.n);
    }
    if (m->n_derived > 0) {
        unsigned char *state = calloc(m->n_derived, 1);
        size_t *stack = malloc((m->n_derived + 1) * sizeof *stack);
        if (!state || !stack) {
            free(state);
            free(stack);
            return model_fail_at(c, MT_ENOMEM, 0, "out of memory");
        }
        for (size_t v = 0; v < m->n_derived; v++) {
            size_t depth = 0;
            if (state[v] == 0 && find_cycle(m, v, state, stack, &depth)) {
                /* the cycle is the part of the stack from the repeated node on */
                size_t last = stack[depth - 1], from = 0;
                while (stack[from] != last)
                    from++;
                char path[600];
                size_t off = 0;
                path[0] = '\0';
                for (size_t k = from; k < depth && off < sizeof path - 80; k++)
                    off += (size_t)snprintf(path + off, sizeof path - off, "%s%s", k > from ? " -> " : "",
                                            m->derived[stack[k]].series_id);
                const mt_derived *d = &m->derived[last];
                free(state);
                free(stack);
                return model_fail_at(c, MT_EPARSE, d->ref_line ? d->ref_line : d->line,
                                     "[derived:%s] depends on itself: %s", d->id, path);
            }
        }
        free(state);
        free(stack);
    }
    for (size_t i = 0; i < m->n_events; i++) {
        mt_event *e = &m->events[i];
        char hint[320];
        if (e->date_text == NULL)
            return model_fail_at(c, MT_EPARSE, e->line, "[event:%s] has no 'date'", e->id);
        if (e->label == NULL)
            return model_fail_at(c, MT_EPARSE, e->line, "[event:%s] has no 'label'", e->id);
        if (e->affects.n == 0)
            return model_fail_at(c, MT_EPARSE, e->line, "[event:%s] has no 'affects'", e->id);
        for (size_t k = 0; k < e->affects.n; k++)
            if (!series_ref_known(m, e->affects.item[k]))
                return model_fail_at(c, MT_EPARSE, e->ref_line,
                                     "affects: '%s' names no indicator or derived series of this model%s",
                                     e->affects.item[k], case_hint(m, e->affects.item[k], hint, sizeof hint));
        if (e->comparison.n > 0 && e->kind != MT_EVENT_POLICY)
            return model_fail_at(c, MT_EPARSE, e->line, "[event:%s]: a comparison group needs kind = policy", e->id);
        if (e->ratio > 0 && e->kind != MT_EVENT_DEFINITION)
            return model_fail_at(c, MT_EPARSE, e->ratio_line, "[event:%s]: a comparability ratio needs kind = definition", e->id);
        if (e->ratio_se > 0 && !(e->ratio > 0))
            return model_fail_at(c, MT_EPARSE, e->line, "[event:%s]: ratio_se without ratio", e->id);
    }
    for (size_t i = 0; i < m->n_crosschecks; i++) {
        mt_crosscheck *x = &m->crosschecks[i];
        if (x->members.n < 2)
            return model_fail_at(c, MT_EPARSE, x->line, "[crosscheck:%s] needs 'members' with two or more series", x->id);
        /* the expected relation is a concordance's; availability has its
         * signs, displacement and ratio no relation to test */
        if (x->expect_line && x->type != MT_CROSSCHECK_CONCORDANCE)
            return model_fail_at(c, MT_EPARSE, x->expect_line,
                                 "expect: applies to type concordance only ([crosscheck:%s] is not one)", x->id);
        if (x->type == MT_CROSSCHECK_DISPLACEMENT && x->members.n != 2)
            return model_fail_at(c, MT_EPARSE, x->ref_line, "members: a displacement cross-check has exactly two members, got %zu",
                                 x->members.n);
        if (x->type == MT_CROSSCHECK_COMPARE && x->members.n != 2)
            return model_fail_at(c, MT_EPARSE, x->ref_line, "members: a compare cross-check has exactly two members, got %zu",
                                 x->members.n);
        if (x->type == MT_CROSSCHECK_AVAILABILITY && x->signs.n != x->members.n)
            return model_fail_at(c, MT_EPARSE, x->line, "[crosscheck:%s]: 'signs' needs one + or - per member (%zu members, %zu signs)",
                                 x->id, x->members.n, x->signs.n);
        if (x->type == MT_CROSSCHECK_RATIO) {
            if (x->expression == NULL)
                return model_fail_at(c, MT_EPARSE, x->line, "[crosscheck:%s] has type ratio but no 'expression'", x->id);
            char what[160];
            snprintf(what, sizeof what, "[crosscheck:%s] expression", x->id);
            if (!check_expression(c, what, x->expression, x->line, NULL, &x->expr))
                return 0;
        }
    }
    return 1;
}
