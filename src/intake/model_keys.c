/*
 * model_keys.c - the keys of each section of a model file
 * (docs/model-format.md): every value is checked here, with a message that
 * names the key and what was expected; references between sections are
 * model_check.c's.
 */
#include "model_parse.h"
#include "monitrend/options.h" /* mt_options_parse_max_joinpoints */

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The names of themes, kinds, scales and methods are the tables of vocab.h. */

/* ======================================================= value helpers === */

static int set_text(ctx *c, char **dst, const char *v)
{
    char *s = strdup(v);
    if (s == NULL)
        return model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
    free(*dst);
    *dst = s;
    return 1;
}

static int parse_ulong(const char *v, unsigned long *out)
{
    char *end;
    errno = 0;
    if (!isdigit((unsigned char)v[0]))
        return 0;
    unsigned long x = strtoul(v, &end, 10);
    if (*end != '\0' || errno)
        return 0;
    *out = x;
    return 1;
}

/* A finite number in C syntax (model files always use '.'). */
static int parse_double(const char *v, double *out)
{
    char *end;
    errno = 0;
    if (v[0] == '\0' || isspace((unsigned char)v[0]))
        return 0;
    for (const char *p = v; *p; p++)
        if (!(isdigit((unsigned char)*p) || *p == '.' || *p == '-' || *p == '+' || *p == 'e' || *p == 'E'))
            return 0;
    double x = strtod(v, &end);
    if (*end != '\0' || errno || !isfinite(x))
        return 0;
    *out = x;
    return 1;
}

static int one_of(const char *v, const char *const *names, size_t n, int first)
{
    for (size_t i = (size_t)first; i < n; i++)
        if (strcmp(v, names[i]) == 0)
            return (int)i;
    return -1;
}

static int bad_value(ctx *c, const char *expected)
{
    return model_fail_at(c, MT_EPARSE, c->lineno, "%s: expected %s, got '%.200s'", c->key, expected, c->value);
}
static int unknown_key(ctx *c)
{
    return model_fail_at(c, MT_EPARSE, c->lineno, "unknown key '%.100s' in [%s]", c->key, c->sec_text);
}

static int set_list(ctx *c, mt_strlist *l, int min)
{
    mt_strlist_clear(l);
    if (mt_strlist_split(l, c->value) != MT_OK)
        return model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
    if (l->n < (size_t)min)
        return bad_value(c, min > 1 ? "a comma list of two or more items" : "a comma list");
    return 1;
}

/* A numeric option of the run that the command line sets too, checked as
 * the command line checks it (mt_options_parse_number), into [monitor]. */
static int run_number(ctx *c, mt_opt_number which)
{
    mt_monitor *mo = &c->m->monitor;
    const char *expected;
    double x;
    if (mt_options_parse_number(which, c->value, &x, &expected) != MT_OK)
        return bad_value(c, expected);
    switch (which) {
    case MT_OPT_BOOTSTRAP: mo->bootstrap = (unsigned long)x; break;
    case MT_OPT_PROJECT: mo->project = (unsigned long)x; break;
    case MT_OPT_RECENT: mo->recent = x; break;
    case MT_OPT_TRIM: mo->trim = x; break;
    case MT_OPT_MIN_OVERLAP: mo->min_overlap = (unsigned long)x; break;
    case MT_OPT_FIGURE_TIMEOUT: mo->figure_timeout = x; break;
    }
    return 1;
}

static int key_monitor(ctx *c)
{
    mt_monitor *mo = &c->m->monitor;
    const char *k = c->key, *v = c->value;
    if (!strcmp(k, "name")) {
        if (!model_valid_id(v))
            return bad_value(c, "a name of lowercase letters, digits, _ and -");
        return set_text(c, &mo->name, v);
    }
    if (!strcmp(k, "title")) return set_text(c, &mo->title, v);
    if (!strcmp(k, "title_nl")) return set_text(c, &mo->title_nl, v);
    if (!strcmp(k, "edition")) return set_text(c, &mo->edition, v);
    if (!strcmp(k, "language")) {
        if (strcmp(v, "en") && strcmp(v, "nl"))
            return bad_value(c, "en or nl");
        return set_text(c, &mo->language, v);
    }
    if (!strcmp(k, "seed"))
        return parse_ulong(v, &mo->seed) ? 1 : bad_value(c, "an unsigned integer");
    if (!strcmp(k, "formats")) {
        if (!set_list(c, &mo->formats, 1))
            return 0;
        for (size_t i = 0; i < mo->formats.n; i++)
            if (strcmp(mo->formats.item[i], "svg") && strcmp(mo->formats.item[i], "png") &&
                strcmp(mo->formats.item[i], "pdf"))
                return bad_value(c, "a comma list of svg, png, pdf");
        return 1;
    }
    if (!strcmp(k, "select")) {
        if (mt_select_parse(v, &mo->select) != MT_OK)
            return bad_value(c, "one of wbic, bic, bic3, permutation");
        return 1;
    }
    if (!strcmp(k, "max_joinpoints")) {
        /* the one range check the CLI also uses: never clamped later */
        int jp;
        const char *expected;
        if (mt_options_parse_max_joinpoints(v, &jp, &expected) != MT_OK)
            return bad_value(c, expected);
        mo->max_joinpoints = jp;
        return 1;
    }
    static const struct {
        const char *key;
        mt_opt_number which;
    } numbers[] = {{"recent", MT_OPT_RECENT},   {"project", MT_OPT_PROJECT},
                   {"bootstrap", MT_OPT_BOOTSTRAP}, {"trim", MT_OPT_TRIM},
                   {"figure_timeout", MT_OPT_FIGURE_TIMEOUT}, {"min_overlap", MT_OPT_MIN_OVERLAP}};
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
        if (!strcmp(k, numbers[i].key))
            return run_number(c, numbers[i].which);
    if (!strcmp(k, "breaks")) {
        if (mt_breaks_parse(v, &mo->breaks) != MT_OK)
            return bad_value(c, "one of mean, trend, none");
        return 1;
    }
    return unknown_key(c);
}

static int key_param(ctx *c, mt_param *p)
{
    if (!strcmp(c->key, "value"))
        return parse_double(c->value, &p->value) ? 1 : bad_value(c, "a number");
    if (!strcmp(c->key, "source")) return set_text(c, &p->source, c->value);
    if (!strcmp(c->key, "label")) return set_text(c, &p->label, c->value);
    return unknown_key(c);
}

static int key_source(ctx *c, mt_source *s)
{
    if (!strcmp(c->key, "file")) {
        if (c->value[0] == '\0')
            return bad_value(c, "a file path");
        return set_text(c, &s->file, c->value);
    }
    if (!strcmp(c->key, "label")) return set_text(c, &s->label, c->value);
    if (!strcmp(c->key, "label_nl")) return set_text(c, &s->label_nl, c->value);
    mt_error lerr;
    mt_error_clear(&lerr);
    mt_status st = mt_layout_set(&s->layout, c->key, c->value, &lerr);
    if (st == MT_EINVAL)
        return unknown_key(c);
    if (st != MT_OK)
        return model_fail_at(c, st, c->lineno, "%s", lerr.msg);
    return 1;
}

static int parse_kind(ctx *c, mt_kind *out)
{
    if (mt_kind_parse(c->value, out) != MT_OK)
        return bad_value(c, "one of count, amount, price, purity, prevalence, load, index");
    return 1;
}

static int parse_theme(ctx *c, mt_theme *out)
{
    if (mt_theme_parse(c->value, out) != MT_OK)
        return bad_value(c, "one of import, production, trade, use, crime, criminal law, financial, administrative");
    return 1;
}

/* `axis`: the value axis of the figures, auto (default), log or linear. */
static int parse_axis(ctx *c, mt_axis *out)
{
    static const char *const s[] = {"auto", "log", "linear"};
    int x = one_of(c->value, s, 3, 0);
    if (x < 0)
        return bad_value(c, "one of auto, log, linear");
    *out = (mt_axis)x;
    return 1;
}

static int parse_scale(ctx *c, mt_scale *out)
{
    if (mt_scale_parse(c->value, out) != MT_OK)
        return bad_value(c, "one of auto, log, linear");
    return 1;
}

static int key_indicator(ctx *c, mt_indicator *in)
{
    const char *k = c->key;
    if (!strcmp(k, "label")) return set_text(c, &in->label, c->value);
    if (!strcmp(k, "label_nl")) return set_text(c, &in->label_nl, c->value);
    if (!strcmp(k, "unit")) return set_text(c, &in->unit, c->value);
    if (!strcmp(k, "unit_nl")) return set_text(c, &in->unit_nl, c->value);
    if (!strcmp(k, "theme")) return parse_theme(c, &in->theme);
    if (!strcmp(k, "role")) {
        static const char *const s[] = {"report", "input"};
        int x = one_of(c->value, s, 2, 0);
        if (x < 0)
            return bad_value(c, "one of report, input");
        in->input_only = x == 1;
        return 1;
    }
    if (!strcmp(k, "markets")) return set_list(c, &in->markets, 0);
    if (!strcmp(k, "kind")) return parse_kind(c, &in->kind);
    if (!strcmp(k, "scale")) return parse_scale(c, &in->scale);
    if (!strcmp(k, "season")) {
        if (mt_season_parse(c->value, &in->season, NULL) != MT_OK)
            return bad_value(c, "none, dummies, fourier, 'fourier K' (K 1 to 26) or auto");
        return 1;
    }
    if (!strcmp(k, "axis")) return parse_axis(c, &in->axis);
    if (!strcmp(k, "source")) {
        in->ref_line = c->lineno;
        return set_list(c, &in->sources, 0);
    }
    if (!strcmp(k, "data")) {
        if (c->value[0] == '\0' || strchr(c->value, '/'))
            return bad_value(c, "an indicator name without '/'");
        return set_text(c, &in->data, c->value);
    }
    if (!strcmp(k, "variance")) {
        if (mt_variance_parse(c->value, &in->variance) != MT_OK)
            return bad_value(c, "auto, constant, poisson or quasipoisson");
        return 1;
    }
    if (!strcmp(k, "zeros")) {
        if (mt_zeros_parse(c->value, &in->zeros) != MT_OK)
            return bad_value(c, "exclude, linear or half-min");
        in->zeros_set = 1;
        return 1;
    }
    if (!strcmp(k, "errors")) {
        static const char *const s[] = {"iid", "ar1"};
        int x = one_of(c->value, s, 2, 0);
        if (x < 0)
            return bad_value(c, "iid or ar1");
        in->errors_ar1 = x;
        return 1;
    }
    if (!strcmp(k, "note")) return set_text(c, &in->note, c->value);
    return unknown_key(c);
}

static int key_event(ctx *c, mt_event *e)
{
    const char *k = c->key;
    if (!strcmp(k, "date")) {
        mt_error perr;
        if (mt_period_parse(c->value, &e->date, &perr) != MT_OK)
            return model_fail_at(c, MT_EPARSE, c->lineno, "date: %s", perr.msg);
        return set_text(c, &e->date_text, c->value);
    }
    if (!strcmp(k, "label")) return set_text(c, &e->label, c->value);
    if (!strcmp(k, "label_nl")) return set_text(c, &e->label_nl, c->value);
    if (!strcmp(k, "kind")) {
        static const char *const s[] = {"definition", "policy"};
        int x = one_of(c->value, s, 2, 0);
        if (x < 0)
            return bad_value(c, "definition or policy");
        e->kind = (mt_event_kind)x;
        return 1;
    }
    if (!strcmp(k, "affects")) {
        e->ref_line = c->lineno;
        return set_list(c, &e->affects, 1);
    }
    if (!strcmp(k, "comparison")) {
        e->comparison_line = c->lineno;
        return set_list(c, &e->comparison, 1);
    }
    if (!strcmp(k, "source")) return set_text(c, &e->source, c->value);
    if (!strcmp(k, "ratio")) {
        e->ratio_line = c->lineno;
        return parse_double(c->value, &e->ratio) && e->ratio > 0 ? 1 : bad_value(c, "a number > 0");
    }
    if (!strcmp(k, "ratio_se"))
        return parse_double(c->value, &e->ratio_se) && e->ratio_se >= 0 ? 1
                                                                          : bad_value(c, "a number >= 0");
    return unknown_key(c);
}

static int parse_numbers(ctx *c, double **out, size_t *n)
{
    mt_strlist l;
    mt_strlist_init(&l);
    if (mt_strlist_split(&l, c->value) != MT_OK)
        return model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
    free(*out);
    *out = malloc((l.n ? l.n : 1) * sizeof **out);
    if (*out == NULL) {
        mt_strlist_clear(&l);
        return model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
    }
    for (size_t i = 0; i < l.n; i++)
        if (!parse_double(l.item[i], &(*out)[i]) || (*out)[i] < 0) {
            mt_strlist_clear(&l);
            return bad_value(c, "a comma list of non-negative numbers");
        }
    *n = l.n;
    mt_strlist_clear(&l);
    return 1;
}

static int key_derived(ctx *c, mt_derived *d)
{
    const char *k = c->key;
    if (!strcmp(k, "type")) {
        static const char *const s[] = {"expression", "aggregate", "index"};
        int x = one_of(c->value, s, 3, 0);
        if (x < 0)
            return bad_value(c, "one of expression, aggregate, index");
        d->type = (mt_derived_type)x;
        return 1;
    }
    if (!strcmp(k, "expression")) {
        d->ref_line = c->lineno;
        return set_text(c, &d->expression, c->value);
    }
    if (!strcmp(k, "members")) {
        d->ref_line = c->lineno;
        return set_list(c, &d->members, 1);
    }
    if (!strcmp(k, "weights")) {
        return parse_numbers(c, &d->weights, &d->n_weights);
    }
    if (!strncmp(k, "weight.", 7)) {
        double x;
        if (k[7] == '\0')
            return unknown_key(c);
        if (!parse_double(c->value, &x) || x < 0)
            return bad_value(c, "a non-negative number");
        double *p = realloc(d->weight_values, (d->weight_ids.n + 1) * sizeof *p);
        if (p == NULL)
            return model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
        d->weight_values = p;
        p[d->weight_ids.n] = x;
        if (mt_strlist_add(&d->weight_ids, k + 7) != MT_OK)
            return model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
        return 1;
    }
    if (!strcmp(k, "min_coverage")) {
        if (!parse_double(c->value, &d->min_coverage) || d->min_coverage < 0 || d->min_coverage > 1)
            return bad_value(c, "a share 0-1");
        return 1;
    }
    if (!strcmp(k, "base")) {
        mt_error perr;
        if (mt_period_parse(c->value, &d->base, &perr) != MT_OK)
            return model_fail_at(c, MT_EPARSE, c->lineno, "base: %s", perr.msg);
        return set_text(c, &d->base_text, c->value);
    }
    if (!strcmp(k, "gaps")) {
        if (strcmp(c->value, "none") && strcmp(c->value, "euda"))
            return bad_value(c, "none or euda");
        return set_text(c, &d->gaps, c->value);
    }
    if (!strcmp(k, "indicator") || !strcmp(k, "market") || !strcmp(k, "region")) {
        if (strchr(c->value, '/'))
            return bad_value(c, "a name without '/'");
        char **dst = k[0] == 'i' ? &d->indicator : k[0] == 'm' ? &d->market : &d->region;
        return set_text(c, dst, c->value);
    }
    if (!strcmp(k, "label")) return set_text(c, &d->label, c->value);
    if (!strcmp(k, "label_nl")) return set_text(c, &d->label_nl, c->value);
    if (!strcmp(k, "unit")) return set_text(c, &d->unit, c->value);
    if (!strcmp(k, "unit_nl")) return set_text(c, &d->unit_nl, c->value);
    if (!strcmp(k, "theme")) return parse_theme(c, &d->theme);
    if (!strcmp(k, "kind")) return parse_kind(c, &d->kind);
    if (!strcmp(k, "scale")) return parse_scale(c, &d->scale);
    if (!strcmp(k, "axis")) return parse_axis(c, &d->axis);
    return unknown_key(c);
}

static int key_crosscheck(ctx *c, mt_crosscheck *x)
{
    const char *k = c->key;
    if (!strcmp(k, "axis")) return parse_axis(c, &x->axis);
    if (!strcmp(k, "type")) {
        static const char *const s[] = {"concordance", "availability", "displacement", "ratio",
                                        "compare"};
        int t = one_of(c->value, s, 5, 0);
        if (t < 0)
            return bad_value(c, "one of concordance, availability, displacement, ratio, compare");
        x->type = (mt_crosscheck_type)t;
        return 1;
    }
    if (!strcmp(k, "label")) return set_text(c, &x->label, c->value);
    if (!strcmp(k, "label_nl")) return set_text(c, &x->label_nl, c->value);
    if (!strcmp(k, "members")) {
        x->ref_line = c->lineno;
        return set_list(c, &x->members, 2);
    }
    if (!strcmp(k, "signs")) {
        if (!set_list(c, &x->signs, 1))
            return 0;
        for (size_t i = 0; i < x->signs.n; i++)
            if (strcmp(x->signs.item[i], "+") && strcmp(x->signs.item[i], "-"))
                return bad_value(c, "a comma list of + and -");
        return 1;
    }
    if (!strcmp(k, "recent"))
        return parse_ulong(c->value, &x->recent) && x->recent >= 2 ? 1 : bad_value(c, "a whole number of 2 or more");
    if (!strcmp(k, "lags"))
        return parse_ulong(c->value, &x->lags) && x->lags <= 10 ? 1 : bad_value(c, "a whole number 0-10");
    if (!strcmp(k, "expect")) {
        static const char *const e[] = {"same", "opposite"};
        int v = one_of(c->value, e, 2, 0);
        if (v < 0)
            return bad_value(c, "same or opposite");
        x->expect = v ? MT_EXPECT_OPPOSITE : MT_EXPECT_SAME;
        x->expect_line = c->lineno;
        return 1;
    }
    if (!strcmp(k, "expression")) return set_text(c, &x->expression, c->value);
    return unknown_key(c);
}

/* Keys that may repeat: each occurrence adds an entry. */
static int repeatable(const char *k)
{
    return !strcmp(k, "filter") || !strcmp(k, "wide") || !strncmp(k, "map.", 4);
}

/* [names]: reader-facing names of ids, `KIND.ID = text` and
 * `KIND.ID_nl = Dutch text`, KIND one of market, region, theme, verdict
 * (docs/model-format.md).  Kept as two parallel lists, looked up by
 * src/present/names.c. */
static int key_names(ctx *c)
{
    static const char *const kinds[] = {"market.", "region.", "theme.", "verdict."};
    int ok = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t n = strlen(kinds[i]);
        if (strncmp(c->key, kinds[i], n) == 0 && c->key[n] != '\0')
            ok = 1;
    }
    if (!ok)
        return model_fail_at(c, MT_EPARSE, c->lineno,
                             "[names]: key '%.100s' must be market.ID, region.ID, theme.ID or verdict.ID "
                             "(with _nl for the Dutch form)", c->key);
    if (c->value[0] == '\0')
        return model_fail_at(c, MT_EPARSE, c->lineno, "[names]: key '%.100s' has no text", c->key);
    if (mt_strlist_add(&c->m->name_keys, c->key) != MT_OK ||
        mt_strlist_add(&c->m->name_texts, c->value) != MT_OK)
        return model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
    return 1;
}

int model_handle_key(ctx *c)
{
    if (c->sec == SEC_NONE)
        return model_fail_at(c, MT_EPARSE, c->lineno, "key '%.100s' outside a section", c->key);
    if (!repeatable(c->key)) {
        size_t i = mt_strlist_find(&c->seen, c->key);
        if (i != (size_t)-1)
            return model_fail_at(c, MT_EPARSE, c->lineno, "duplicate key '%.100s' in [%s] (first on line %ld)",
                                 c->key, c->sec_text, c->seen_line[i]);
        if (c->seen.n == c->seen_cap) {
            size_t cap = c->seen_cap ? 2 * c->seen_cap : 16;
            long *p = realloc(c->seen_line, cap * sizeof *p);
            if (p == NULL)
                return model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
            c->seen_line = p;
            c->seen_cap = cap;
        }
        c->seen_line[c->seen.n] = c->lineno;
        if (mt_strlist_add(&c->seen, c->key) != MT_OK)
            return model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
    }
    mt_model *m = c->m;
    switch (c->sec) {
    case SEC_MONITOR: return key_monitor(c);
    case SEC_PARAM: return key_param(c, &m->params[m->n_params - 1]);
    case SEC_SOURCE: return key_source(c, &m->sources[m->n_sources - 1]);
    case SEC_INDICATOR: return key_indicator(c, &m->indicators[m->n_indicators - 1]);
    case SEC_EVENT: return key_event(c, &m->events[m->n_events - 1]);
    case SEC_DERIVED: return key_derived(c, &m->derived[m->n_derived - 1]);
    case SEC_CROSSCHECK: return key_crosscheck(c, &m->crosschecks[m->n_crosschecks - 1]);
    case SEC_NAMES: return key_names(c);
    default:
        /* SEC_NONE was refused above; begin_section sets no other value */
        assert(!"model_handle_key: no such section type");
        return 0;
    }
}
