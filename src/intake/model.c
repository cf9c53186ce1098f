/*
 * model.c - monitor model files (see model.h and docs/model-format.md).
 *
 * libinih drives the parse: it splits the file into sections and calls a
 * handler per key.  Debian's libinih (r55) has no line numbers in its
 * handler, a 200-byte line buffer, inline ';' comments (which would eat
 * `delimiter = ;`) and continuation lines, all fixed at its build time or in
 * process-global variables we must not touch (models may be read in parallel
 * threads).  So the file is read into memory and handed to ini_parse_stream
 * through our own reader, which counts lines, checks each line, records the
 * section and the exact key and value text in the parse context, and gives
 * libinih a short normalised line ("[section]" or "k=v").  The handler then
 * takes key, value and line number from the context.  Values are therefore
 * literal: there are no inline comments, and `;` or `#` start a comment only
 * at the start of a line.
 *
 * After the parse every cross-reference is checked: indicator sources,
 * event targets, derived expressions (syntax, parameters, references) and
 * cycles among derived series.
 */
#include "monitrend/model.h"
#include "monitrend/text.h"
#include "monitrend/options.h" /* mt_options_parse_max_joinpoints */

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ================================================================ names === */

/* The names of themes, kinds, scales and methods are the tables of vocab.h. */

/* =============================================================== context === */

typedef enum { SEC_NONE, SEC_MONITOR, SEC_PARAM, SEC_SOURCE, SEC_INDICATOR, SEC_EVENT, SEC_DERIVED,
               SEC_CROSSCHECK, SEC_NAMES } sec_type;

static const char *const sec_names[] = {"", "monitor", "param", "source", "indicator", "event",
                                        "derived", "crosscheck", "names"};

typedef struct {
    mt_model *m;
    const char *buf;
    size_t len, pos;
    long lineno;
    char *key, *value;     /* of the current line */
    sec_type sec;
    char *sec_text;        /* "indicator:x" for messages */
    int seen_monitor;
    mt_strlist seen;       /* keys seen in the current section */
    long *seen_line;
    size_t seen_cap;
    int failed;
    mt_status st;
    mt_error *err;
} ctx;

static int fail_at(ctx *c, mt_status st, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int fail_at(ctx *c, mt_status st, long line, const char *fmt, ...)
{
    if (c->failed)
        return 0;
    c->failed = 1;
    c->st = st;
    if (c->err) {
        char msg[MT_ERROR_MSG_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        mt_error_at(c->err, st, c->m->file, line, 0, "%s", msg);
    }
    return 0;
}

/* ======================================================= value helpers === */

static int set_text(ctx *c, char **dst, const char *v)
{
    char *s = strdup(v);
    if (s == NULL)
        return fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
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
    return fail_at(c, MT_EPARSE, c->lineno, "%s: expected %s, got '%.200s'", c->key, expected, c->value);
}

static int valid_id(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

/* ====================================================== section setup === */

#define GROW(arr, n, extra)                                                       \
    do {                                                                          \
        void *p_ = realloc((arr), ((n) + 1) * sizeof *(arr));                     \
        if (p_ == NULL)                                                           \
            return fail_at(c, MT_ENOMEM, c->lineno, "out of memory");             \
        (arr) = p_;                                                               \
        memset(&(arr)[(n)], 0, sizeof *(arr));                                    \
        extra;                                                                    \
    } while (0)

static long find_id_line(ctx *c, sec_type t, const char *id)
{
    mt_model *m = c->m;
    switch (t) {
    case SEC_PARAM: for (size_t i = 0; i < m->n_params; i++) if (!strcmp(m->params[i].id, id)) return m->params[i].line; break;
    case SEC_SOURCE: for (size_t i = 0; i < m->n_sources; i++) if (!strcmp(m->sources[i].id, id)) return m->sources[i].line; break;
    case SEC_INDICATOR: for (size_t i = 0; i < m->n_indicators; i++) if (!strcmp(m->indicators[i].id, id)) return m->indicators[i].line; break;
    case SEC_EVENT: for (size_t i = 0; i < m->n_events; i++) if (!strcmp(m->events[i].id, id)) return m->events[i].line; break;
    case SEC_DERIVED: for (size_t i = 0; i < m->n_derived; i++) if (!strcmp(m->derived[i].id, id)) return m->derived[i].line; break;
    case SEC_CROSSCHECK: for (size_t i = 0; i < m->n_crosschecks; i++) if (!strcmp(m->crosschecks[i].id, id)) return m->crosschecks[i].line; break;
    default: break;
    }
    return 0;
}

static int begin_section(ctx *c, const char *name)
{
    mt_model *m = c->m;
    mt_strlist_clear(&c->seen);
    free(c->sec_text);
    c->sec_text = strdup(name);
    if (c->sec_text == NULL)
        return fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
    if (strcmp(name, "monitor") == 0) {
        if (c->seen_monitor)
            return fail_at(c, MT_EPARSE, c->lineno, "duplicate section [monitor] (first on line %ld)",
                           m->monitor.line);
        c->seen_monitor = 1;
        c->sec = SEC_MONITOR;
        m->monitor.line = c->lineno;
        return 1;
    }
    if (strcmp(name, "names") == 0) {
        if (m->names_line)
            return fail_at(c, MT_EPARSE, c->lineno, "duplicate section [names] (first on line %ld)",
                           m->names_line);
        c->sec = SEC_NAMES;
        m->names_line = c->lineno;
        return 1;
    }
    const char *colon = strchr(name, ':');
    int t = -1;
    if (colon) {
        for (int k = SEC_PARAM; k <= SEC_CROSSCHECK; k++)
            if (strlen(sec_names[k]) == (size_t)(colon - name) && strncmp(name, sec_names[k], (size_t)(colon - name)) == 0)
                t = k;
    }
    if (t < 0)
        return fail_at(c, MT_EPARSE, c->lineno,
                       "unknown section [%.100s] (expected [monitor], [param:ID], [source:ID], "
                       "[indicator:ID], [event:ID], [derived:ID], [crosscheck:ID] or [names])", name);
    const char *id = colon + 1;
    if (!valid_id(id))
        return fail_at(c, MT_EPARSE, c->lineno,
                       "invalid ID '%.100s' in [%.100s] (IDs are lowercase letters, digits, _ and -)", id, name);
    long prev = find_id_line(c, (sec_type)t, id);
    if (prev)
        return fail_at(c, MT_EPARSE, c->lineno, "duplicate section [%s] (first on line %ld)", name, prev);
    size_t count = m->n_params + m->n_sources + m->n_indicators + m->n_events + m->n_derived + m->n_crosschecks;
    if (count >= 6 * MT_MODEL_ITEMS_MAX)
        return fail_at(c, MT_ELIMIT, c->lineno, "more than the limit of %zu sections", 6 * MT_MODEL_ITEMS_MAX);
    char *dup = strdup(id);
    if (dup == NULL)
        return fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
    c->sec = (sec_type)t;
    switch (c->sec) {
    case SEC_PARAM:
        GROW(m->params, m->n_params, (void)0);
        m->params[m->n_params] = (mt_param){dup, NAN, NULL, NULL, c->lineno};
        m->n_params++;
        break;
    case SEC_SOURCE:
        GROW(m->sources, m->n_sources, (void)0);
        m->sources[m->n_sources].id = dup;
        m->sources[m->n_sources].line = c->lineno;
        mt_layout_init(&m->sources[m->n_sources].layout);
        m->n_sources++;
        break;
    case SEC_INDICATOR:
        GROW(m->indicators, m->n_indicators, (void)0);
        m->indicators[m->n_indicators].id = dup;
        m->indicators[m->n_indicators].line = c->lineno;
        m->n_indicators++;
        break;
    case SEC_EVENT:
        GROW(m->events, m->n_events, (void)0);
        m->events[m->n_events].id = dup;
        m->events[m->n_events].line = c->lineno;
        m->n_events++;
        break;
    case SEC_DERIVED:
        GROW(m->derived, m->n_derived, (void)0);
        m->derived[m->n_derived].id = dup;
        m->derived[m->n_derived].line = c->lineno;
        m->derived[m->n_derived].min_coverage = 0.5;
        m->n_derived++;
        break;
    case SEC_CROSSCHECK:
        GROW(m->crosschecks, m->n_crosschecks, (void)0);
        m->crosschecks[m->n_crosschecks].id = dup;
        m->crosschecks[m->n_crosschecks].line = c->lineno;
        m->crosschecks[m->n_crosschecks].recent = 5;
        m->crosschecks[m->n_crosschecks].lags = 2;
        m->n_crosschecks++;
        break;
    default:
        free(dup);
        break;
    }
    return 1;
}

/* ========================================================= key handlers === */

static int unknown_key(ctx *c)
{
    return fail_at(c, MT_EPARSE, c->lineno, "unknown key '%.100s' in [%s]", c->key, c->sec_text);
}

static int set_list(ctx *c, mt_strlist *l, int min)
{
    mt_strlist_clear(l);
    if (mt_strlist_split(l, c->value) != MT_OK)
        return fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
    if (l->n < (size_t)min)
        return bad_value(c, min > 1 ? "a comma list of two or more items" : "a comma list");
    return 1;
}

static int key_monitor(ctx *c)
{
    mt_monitor *mo = &c->m->monitor;
    const char *k = c->key, *v = c->value;
    if (!strcmp(k, "name")) {
        if (!valid_id(v))
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
        int x;
        const char *expected;
        if (mt_options_parse_max_joinpoints(v, &x, &expected) != MT_OK)
            return bad_value(c, expected);
        mo->max_joinpoints = x;
        return 1;
    }
    if (!strcmp(k, "recent"))
        return parse_double(v, &mo->recent) && mo->recent > 0 && mo->recent <= 1000 ? 1 : bad_value(c, "a positive number of years");
    if (!strcmp(k, "project"))
        return parse_ulong(v, &mo->project) && mo->project <= 12 ? 1 : bad_value(c, "a number of periods 0-12");
    if (!strcmp(k, "bootstrap"))
        return parse_ulong(v, &mo->bootstrap) && mo->bootstrap <= 100000 ? 1 : bad_value(c, "a number of samples 0-100000");
    if (!strcmp(k, "breaks")) {
        if (mt_breaks_parse(v, &mo->breaks) != MT_OK)
            return bad_value(c, "one of mean, trend, none");
        return 1;
    }
    if (!strcmp(k, "trim")) {
        double x;
        if (!parse_double(v, &x) || !(x > 0) || (x >= 1 && (x < 2 || x != floor(x))))
            return bad_value(c, "a fraction below 1 or a whole count of 2 or more");
        mo->trim = x;
        return 1;
    }
    if (!strcmp(k, "figure_timeout"))
        return parse_double(v, &mo->figure_timeout) && mo->figure_timeout > 0 &&
                       mo->figure_timeout <= 86400
                   ? 1
                   : bad_value(c, "a number of seconds above 0, at most 86400");
    if (!strcmp(k, "min_overlap"))
        return parse_ulong(v, &mo->min_overlap) && mo->min_overlap >= 2 ? 1 : bad_value(c, "a whole number of 2 or more");
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
        return fail_at(c, st, c->lineno, "%s", lerr.msg);
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
            return fail_at(c, MT_EPARSE, c->lineno, "date: %s", perr.msg);
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
        return fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
    free(*out);
    *out = malloc((l.n ? l.n : 1) * sizeof **out);
    if (*out == NULL) {
        mt_strlist_clear(&l);
        return fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
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
            return fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
        d->weight_values = p;
        p[d->weight_ids.n] = x;
        if (mt_strlist_add(&d->weight_ids, k + 7) != MT_OK)
            return fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
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
            return fail_at(c, MT_EPARSE, c->lineno, "base: %s", perr.msg);
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
        return fail_at(c, MT_EPARSE, c->lineno,
                       "[names]: key '%.100s' must be market.ID, region.ID, theme.ID or verdict.ID "
                       "(with _nl for the Dutch form)", c->key);
    if (c->value[0] == '\0')
        return fail_at(c, MT_EPARSE, c->lineno, "[names]: key '%.100s' has no text", c->key);
    if (mt_strlist_add(&c->m->name_keys, c->key) != MT_OK ||
        mt_strlist_add(&c->m->name_texts, c->value) != MT_OK)
        return fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
    return 1;
}

static int handle_key(ctx *c)
{
    if (c->sec == SEC_NONE)
        return fail_at(c, MT_EPARSE, c->lineno, "key '%.100s' outside a section", c->key);
    if (!repeatable(c->key)) {
        size_t i = mt_strlist_find(&c->seen, c->key);
        if (i != (size_t)-1)
            return fail_at(c, MT_EPARSE, c->lineno, "duplicate key '%.100s' in [%s] (first on line %ld)",
                           c->key, c->sec_text, c->seen_line[i]);
        if (c->seen.n == c->seen_cap) {
            size_t cap = c->seen_cap ? 2 * c->seen_cap : 16;
            long *p = realloc(c->seen_line, cap * sizeof *p);
            if (p == NULL)
                return fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
            c->seen_line = p;
            c->seen_cap = cap;
        }
        c->seen_line[c->seen.n] = c->lineno;
        if (mt_strlist_add(&c->seen, c->key) != MT_OK)
            return fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
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
    default: return 0;
    }
}

/* ================================================= libinih reader/handler === */

static char *dup_trim(const char *a, const char *b)
{
    while (a < b && isspace((unsigned char)*a))
        a++;
    while (b > a && isspace((unsigned char)b[-1]))
        b--;
    return strndup(a, (size_t)(b - a));
}

/* ini_reader: hands libinih one normalised line per call (see the top). */
static char *reader(char *str, int num, void *stream)
{
    ctx *c = stream;
    if (c->failed || c->pos >= c->len || num < 8)
        return NULL;
    const char *line = c->buf + c->pos;
    const char *nl = memchr(line, '\n', c->len - c->pos);
    size_t n = nl ? (size_t)(nl - line) : c->len - c->pos;
    c->pos += n + (nl ? 1 : 0);
    c->lineno++;
    if (c->lineno == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
        line += 3;
        n -= 3;
    }
    if (n > 0 && line[n - 1] == '\r')
        n--;
    free(c->key);
    free(c->value);
    c->key = c->value = NULL;
    strcpy(str, "\n");
    if (n > MT_MODEL_LINE_MAX) {
        fail_at(c, MT_ELIMIT, c->lineno, "line longer than the limit of %zu bytes", MT_MODEL_LINE_MAX);
        return NULL;
    }
    if (memchr(line, '\0', n)) {
        fail_at(c, MT_EPARSE, c->lineno, "embedded NUL byte (a model is a UTF-8 text file)");
        return NULL;
    }
    /* Text rules of text.h (tabs aside, which separate like spaces): a
     * model is UTF-8 without control characters or non-characters. */
    for (size_t from = 0; from < n;) {
        size_t at;
        char why[80];
        if (mt_text_check(line + from, n - from, &at, why, sizeof why) == NULL)
            break;
        if (line[from + at] == '\t') {
            from += at + 1;
            continue;
        }
        c->failed = 1;
        c->st = MT_EPARSE;
        mt_error_at(c->err, MT_EPARSE, c->m->file, c->lineno, (long)(from + at + 1), "%s%s", why,
                    strncmp(why, "invalid", 7) == 0 ? " (a model is a UTF-8 text file)" : "");
        return NULL;
    }
    const char *a = line, *end = line + n;
    while (a < end && isspace((unsigned char)*a))
        a++;
    if (a == end || *a == ';' || *a == '#')
        return str;
    if (*a == '[') {
        const char *close = memchr(a, ']', (size_t)(end - a));
        const char *rest = close ? close + 1 : end;
        while (rest < end && isspace((unsigned char)*rest))
            rest++;
        if (close == NULL || rest != end) {
            fail_at(c, MT_EPARSE, c->lineno, "expected a section header such as [indicator:ID]");
            return NULL;
        }
        char *name = dup_trim(a + 1, close);
        if (name == NULL) {
            fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
            return NULL;
        }
        int ok = begin_section(c, name);
        free(name);
        if (!ok)
            return NULL;
        snprintf(str, (size_t)num, "[%s]\n", sec_names[c->sec]);
        return str;
    }
    const char *eq = memchr(a, '=', (size_t)(end - a));
    if (eq == NULL) {
        fail_at(c, MT_EPARSE, c->lineno, "expected 'key = value', a [section] or a comment");
        return NULL;
    }
    c->key = dup_trim(a, eq);
    c->value = dup_trim(eq + 1, end);
    if (c->key == NULL || c->value == NULL) {
        fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
        return NULL;
    }
    if (c->key[0] == '\0') {
        fail_at(c, MT_EPARSE, c->lineno, "expected a key before '='");
        return NULL;
    }
    strcpy(str, "k=v\n");
    return str;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    (void)section;
    (void)name;
    (void)value;
    ctx *c = user;
    if (c->failed || c->key == NULL)
        return 0;
    return handle_key(c);
}

/* ============================================================ validation === */

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

/* The indicator part of a series id (before the first '/'), in buf. */
static const char *id_head(const char *id, char *buf, size_t size)
{
    size_t n = strcspn(id, "/");
    if (n >= size)
        n = size - 1;
    memcpy(buf, id, n);
    buf[n] = '\0';
    return buf;
}

/* " (did you mean 'X'? ids are case-sensitive)" when the indicator part of
 * id matches an indicator or derived series of m in all but case; "" else. */
static const char *case_hint(const mt_model *m, const char *id, char *buf, size_t size)
{
    char head[256];
    id_head(id, head, sizeof head);
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
    return indicator_known(m, id_head(id, head, sizeof head));
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
        return fail_at(c, st == MT_ENOMEM ? st : MT_EPARSE, line, "%s '%.200s': %s", what, expr, pe.msg);
    for (size_t i = 0; i < mt_expr_n_refs(e); i++) {
        const char *id = mt_expr_ref(e, i);
        if (!series_ref_known(m, id)) {
            char hint[320];
            fail_at(c, MT_EPARSE, line, "%s: {%s} names no indicator or derived series of this model%s",
                    what, id, case_hint(m, id, hint, sizeof hint));
            mt_expr_free(e);
            return 0;
        }
        if (refs && mt_strlist_find(refs, id) == (size_t)-1 && mt_strlist_add(refs, id) != MT_OK) {
            mt_expr_free(e);
            return fail_at(c, MT_ENOMEM, line, "out of memory");
        }
    }
    for (size_t i = 0; i < mt_expr_n_params(e); i++) {
        const char *name = mt_expr_param(e, i);
        if (!param_known(m, name, strlen(name))) {
            fail_at(c, MT_EPARSE, line, "%s: '%s' is not a [param:ID] of this model "
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
    id_head(ref, head, sizeof head);
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

static int validate(ctx *c)
{
    mt_model *m = c->m;
    mt_monitor *mo = &m->monitor;
    if (!c->seen_monitor)
        return fail_at(c, MT_EPARSE, 0, "no [monitor] section");
    if (mo->name == NULL) {
        const char *base = strrchr(m->file, '/');
        base = base ? base + 1 : m->file;
        size_t n = strlen(base);
        if (n > 4 && !strcmp(base + n - 4, ".ini"))
            n -= 4;
        mo->name = strndup(base, n);
        /* The name becomes the folder out/<name>: one taken from a file
         * name such as "..ini" must be a usable one (issue 13, item 11). */
        if (mo->name != NULL && !valid_id(mo->name) &&
            (mo->name[0] == '\0' || strchr(mo->name, '/') != NULL ||
             strspn(mo->name, ".") == strlen(mo->name)))
            return fail_at(c, MT_EPARSE, mo->line, "the file name gives no usable edition name "
                           "('%s'); set name = in [monitor]", mo->name);
    }
    if (mo->title == NULL)
        mo->title = strdup(mo->name ? mo->name : "");
    if (mo->language == NULL)
        mo->language = strdup("en");
    if (mo->formats.n == 0 && (mt_strlist_add(&mo->formats, "svg") || mt_strlist_add(&mo->formats, "png")))
        return fail_at(c, MT_ENOMEM, 0, "out of memory");
    if (!mo->name || !mo->title || !mo->language)
        return fail_at(c, MT_ENOMEM, 0, "out of memory");

    for (size_t i = 0; i < m->n_params; i++) {
        mt_param *p = &m->params[i];
        if (isnan(p->value))
            return fail_at(c, MT_EPARSE, p->line, "[param:%s] has no 'value'", p->id);
        if (p->source == NULL || p->source[0] == '\0')
            return fail_at(c, MT_EPARSE, p->line, "[param:%s] has no 'source' (a factor needs its citation)", p->id);
    }
    for (size_t i = 0; i < m->n_sources; i++) {
        mt_source *s = &m->sources[i];
        if (s->file == NULL)
            return fail_at(c, MT_EPARSE, s->line, "[source:%s] has no 'file'", s->id);
        s->path = join_path(m->dir, s->file);
        if (s->label == NULL) {
            const char *base = strrchr(s->file, '/');
            s->label = strdup(base ? base + 1 : s->file);
        }
        if (!s->path || !s->label)
            return fail_at(c, MT_ENOMEM, s->line, "out of memory");
        const mt_layout *lay = &s->layout;
        int margins = (lay->margin_text[0] != NULL) + (lay->margin_text[1] != NULL) + (lay->margin_text[2] != NULL);
        if (lay->margin_column && margins == 0)
            return fail_at(c, MT_EPARSE, s->line, "[source:%s] has margin.column but no margin.value, margin.lower or margin.upper", s->id);
        if (!lay->margin_column && margins > 0)
            return fail_at(c, MT_EPARSE, s->line, "[source:%s] has margin texts but no margin.column", s->id);
    }
    for (size_t i = 0; i < m->n_indicators; i++) {
        mt_indicator *in = &m->indicators[i];
        if (in->label == NULL)
            return fail_at(c, MT_EPARSE, in->line, "[indicator:%s] has no 'label'", in->id);
        for (size_t k = 0; k < in->sources.n; k++)
            if (mt_model_find_source(m, in->sources.item[k]) == NULL)
                return fail_at(c, MT_EPARSE, in->ref_line, "source: '%s' is not a [source:ID] of this model",
                               in->sources.item[k]);
        if ((in->variance == MT_VARIANCE_POISSON || in->variance == MT_VARIANCE_QUASIPOISSON) &&
            in->kind != MT_KIND_COUNT)
            return fail_at(c, MT_EPARSE, in->line, "[indicator:%s]: variance = %s needs kind = count", in->id,
                           mt_variance_name(in->variance));
        const char *name = in->data ? in->data : in->id;
        for (size_t j = 0; j < i; j++) {
            const char *other = m->indicators[j].data ? m->indicators[j].data : m->indicators[j].id;
            if (!strcmp(name, other))
                return fail_at(c, MT_EPARSE, in->line,
                               "[indicator:%s] reads the data name '%s' that [indicator:%s] (line %ld) reads too",
                               in->id, name, m->indicators[j].id, m->indicators[j].line);
        }
    }
    /* derived: fill ids first, so that references to them resolve */
    for (size_t i = 0; i < m->n_derived; i++) {
        mt_derived *d = &m->derived[i];
        if (d->indicator == NULL && (d->indicator = strdup(d->id)) == NULL)
            return fail_at(c, MT_ENOMEM, d->line, "out of memory");
        if (mt_model_find_indicator(m, d->indicator))
            return fail_at(c, MT_EPARSE, d->line, "[derived:%s]: indicator '%s' is also an [indicator:ID]; "
                           "give the derived series its own indicator name", d->id, d->indicator);
        d->series_id = mt_series_make_id(d->indicator, d->market, d->region);
        if (d->series_id == NULL)
            return fail_at(c, MT_ENOMEM, d->line, "out of memory");
        for (size_t j = 0; j < i; j++)
            if (!strcmp(m->derived[j].series_id, d->series_id))
                return fail_at(c, MT_EPARSE, d->line, "[derived:%s] makes series '%s', as [derived:%s] (line %ld) does",
                               d->id, d->series_id, m->derived[j].id, m->derived[j].line);
    }
    for (size_t i = 0; i < m->n_derived; i++) {
        mt_derived *d = &m->derived[i];
        char what[160], hint[320];
        if (d->type == MT_DERIVED_EXPRESSION) {
            if (d->expression == NULL)
                return fail_at(c, MT_EPARSE, d->line, "[derived:%s] has no 'expression'", d->id);
            snprintf(what, sizeof what, "[derived:%s] expression", d->id);
            if (!check_expression(c, what, d->expression, d->ref_line, &d->refs, &d->expr))
                return 0;
        } else {
            if (d->members.n == 0)
                return fail_at(c, MT_EPARSE, d->line, "[derived:%s] has no 'members'", d->id);
            for (size_t k = 0; k < d->members.n; k++) {
                if (!series_ref_known(m, d->members.item[k]))
                    return fail_at(c, MT_EPARSE, d->ref_line,
                                   "members: '%s' names no indicator or derived series of this model%s",
                                   d->members.item[k], case_hint(m, d->members.item[k], hint, sizeof hint));
                if (mt_strlist_add(&d->refs, d->members.item[k]) != MT_OK)
                    return fail_at(c, MT_ENOMEM, d->line, "out of memory");
            }
            if (d->type == MT_DERIVED_INDEX && d->base_text == NULL)
                return fail_at(c, MT_EPARSE, d->line, "[derived:%s] has type index but no 'base'", d->id);
        }
        if (d->weights && d->type != MT_DERIVED_AGGREGATE)
            return fail_at(c, MT_EPARSE, d->line, "[derived:%s]: weights apply to type aggregate only", d->id);
        if (d->weights && d->weight_ids.n > 0)
            return fail_at(c, MT_EPARSE, d->line, "[derived:%s]: give either weights or weight.<series id> keys, not both", d->id);
        for (size_t k = 0; k < d->weight_ids.n; k++)
            if (mt_strlist_find(&d->members, d->weight_ids.item[k]) == (size_t)-1)
                return fail_at(c, MT_EPARSE, d->line, "[derived:%s]: weight.%s names no member", d->id,
                               d->weight_ids.item[k]);
    }
    for (size_t i = 0; i < m->n_derived; i++) {
        const mt_derived *d = &m->derived[i];
        if (d->weights && d->n_weights != d->members.n)
            return fail_at(c, MT_EPARSE, d->line, "[derived:%s]: %zu weights for %zu members", d->id,
                           d->n_weights, d->members.n);
    }
    if (m->n_derived > 0) {
        unsigned char *state = calloc(m->n_derived, 1);
        size_t *stack = malloc((m->n_derived + 1) * sizeof *stack);
        if (!state || !stack) {
            free(state);
            free(stack);
            return fail_at(c, MT_ENOMEM, 0, "out of memory");
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
                return fail_at(c, MT_EPARSE, d->ref_line ? d->ref_line : d->line,
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
            return fail_at(c, MT_EPARSE, e->line, "[event:%s] has no 'date'", e->id);
        if (e->label == NULL)
            return fail_at(c, MT_EPARSE, e->line, "[event:%s] has no 'label'", e->id);
        if (e->affects.n == 0)
            return fail_at(c, MT_EPARSE, e->line, "[event:%s] has no 'affects'", e->id);
        for (size_t k = 0; k < e->affects.n; k++)
            if (!series_ref_known(m, e->affects.item[k]))
                return fail_at(c, MT_EPARSE, e->ref_line,
                               "affects: '%s' names no indicator or derived series of this model%s",
                               e->affects.item[k], case_hint(m, e->affects.item[k], hint, sizeof hint));
        if (e->comparison.n > 0 && e->kind != MT_EVENT_POLICY)
            return fail_at(c, MT_EPARSE, e->line, "[event:%s]: a comparison group needs kind = policy", e->id);
        if (e->ratio > 0 && e->kind != MT_EVENT_DEFINITION)
            return fail_at(c, MT_EPARSE, e->ratio_line, "[event:%s]: a comparability ratio needs kind = definition", e->id);
        if (e->ratio_se > 0 && !(e->ratio > 0))
            return fail_at(c, MT_EPARSE, e->line, "[event:%s]: ratio_se without ratio", e->id);
    }
    for (size_t i = 0; i < m->n_crosschecks; i++) {
        mt_crosscheck *x = &m->crosschecks[i];
        if (x->members.n < 2)
            return fail_at(c, MT_EPARSE, x->line, "[crosscheck:%s] needs 'members' with two or more series", x->id);
        /* the expected relation is a concordance's; availability has its
         * signs, displacement and ratio no relation to test */
        if (x->expect_line && x->type != MT_CROSSCHECK_CONCORDANCE)
            return fail_at(c, MT_EPARSE, x->expect_line,
                           "expect: applies to type concordance only ([crosscheck:%s] is not one)", x->id);
        if (x->type == MT_CROSSCHECK_DISPLACEMENT && x->members.n != 2)
            return fail_at(c, MT_EPARSE, x->ref_line, "members: a displacement cross-check has exactly two members, got %zu",
                           x->members.n);
        if (x->type == MT_CROSSCHECK_COMPARE && x->members.n != 2)
            return fail_at(c, MT_EPARSE, x->ref_line, "members: a compare cross-check has exactly two members, got %zu",
                           x->members.n);
        if (x->type == MT_CROSSCHECK_AVAILABILITY && x->signs.n != x->members.n)
            return fail_at(c, MT_EPARSE, x->line, "[crosscheck:%s]: 'signs' needs one + or - per member (%zu members, %zu signs)",
                           x->id, x->members.n, x->signs.n);
        if (x->type == MT_CROSSCHECK_RATIO) {
            if (x->expression == NULL)
                return fail_at(c, MT_EPARSE, x->line, "[crosscheck:%s] has type ratio but no 'expression'", x->id);
            char what[160];
            snprintf(what, sizeof what, "[crosscheck:%s] expression", x->id);
            if (!check_expression(c, what, x->expression, x->line, NULL, &x->expr))
                return 0;
        }
    }
    return 1;
}

/* =================================================================== API === */

static void free_source(mt_source *s)
{
    free(s->id);
    free(s->file);
    free(s->path);
    free(s->label);
    free(s->label_nl);
    mt_layout_clear(&s->layout);
}

void mt_model_free(mt_model *m)
{
    if (m == NULL)
        return;
    mt_monitor *mo = &m->monitor;
    mt_strlist_clear(&m->name_keys);
    mt_strlist_clear(&m->name_texts);
    free(mo->name);
    free(mo->title);
    free(mo->title_nl);
    free(mo->edition);
    free(mo->language);
    mt_strlist_clear(&mo->formats);
    for (size_t i = 0; i < m->n_params; i++) {
        free(m->params[i].id);
        free(m->params[i].source);
        free(m->params[i].label);
    }
    free(m->params);
    for (size_t i = 0; i < m->n_sources; i++)
        free_source(&m->sources[i]);
    free(m->sources);
    for (size_t i = 0; i < m->n_indicators; i++) {
        mt_indicator *in = &m->indicators[i];
        free(in->id);
        free(in->label);
        free(in->label_nl);
        free(in->unit);
        free(in->unit_nl);
        mt_strlist_clear(&in->markets);
        mt_strlist_clear(&in->sources);
        free(in->data);
        free(in->note);
    }
    free(m->indicators);
    for (size_t i = 0; i < m->n_events; i++) {
        mt_event *e = &m->events[i];
        free(e->id);
        free(e->date_text);
        free(e->label);
        free(e->label_nl);
        mt_strlist_clear(&e->affects);
        mt_strlist_clear(&e->comparison);
        free(e->source);
    }
    free(m->events);
    for (size_t i = 0; i < m->n_derived; i++) {
        mt_derived *d = &m->derived[i];
        free(d->id);
        free(d->expression);
        mt_expr_free(d->expr);
        mt_strlist_clear(&d->refs);
        mt_strlist_clear(&d->members);
        free(d->weights);
        mt_strlist_clear(&d->weight_ids);
        free(d->weight_values);
        free(d->base_text);
        free(d->gaps);
        free(d->indicator);
        free(d->market);
        free(d->region);
        free(d->series_id);
        free(d->label);
        free(d->label_nl);
        free(d->unit);
        free(d->unit_nl);
    }
    free(m->derived);
    for (size_t i = 0; i < m->n_crosschecks; i++) {
        mt_crosscheck *x = &m->crosschecks[i];
        free(x->id);
        free(x->label);
        free(x->label_nl);
        mt_strlist_clear(&x->members);
        mt_strlist_clear(&x->signs);
        free(x->expression);
        mt_expr_free(x->expr);
    }
    free(m->crosschecks);
    free(m->file);
    free(m->dir);
    free(m);
}

const mt_indicator *mt_model_find_indicator(const mt_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_indicators; i++)
        if (!strcmp(m->indicators[i].id, id))
            return &m->indicators[i];
    return NULL;
}

const mt_source *mt_model_find_source(const mt_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_sources; i++)
        if (!strcmp(m->sources[i].id, id))
            return &m->sources[i];
    return NULL;
}

/* Read a whole (small) file into memory. */
static mt_status slurp(const char *path, char **out, size_t *len, mt_error *err)
{
    struct stat sb;
    *out = NULL;
    if (stat(path, &sb) != 0)
        return mt_error_at(err, MT_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return mt_error_at(err, MT_EIO, path, 0, 0, "is a folder, not a model file");
    if (!S_ISREG(sb.st_mode))
        return mt_error_at(err, MT_EIO, path, 0, 0, "is not a regular file");
    if ((unsigned long long)sb.st_size > MT_MODEL_FILE_MAX)
        return mt_error_at(err, MT_ELIMIT, path, 0, 0, "model larger than the limit of %zu bytes",
                           MT_MODEL_FILE_MAX);
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return mt_error_at(err, MT_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    char *buf = malloc((size_t)sb.st_size + 1);
    if (buf == NULL) {
        fclose(fp);
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    size_t n = fread(buf, 1, (size_t)sb.st_size, fp);
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(buf);
        return mt_error_at(err, MT_EIO, path, 0, 0, "read error");
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return MT_OK;
}

mt_status mt_model_load(const char *path, mt_model **out, mt_error *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    mt_status st = slurp(path, &buf, &len, err);
    if (st != MT_OK)
        return st;
    mt_model *m = calloc(1, sizeof *m);
    ctx c;
    memset(&c, 0, sizeof c);
    if (m == NULL || (m->file = strdup(path)) == NULL) {
        free(m);
        free(buf);
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    const char *slash = strrchr(path, '/');
    m->dir = slash ? strndup(path, (size_t)(slash - path == 0 ? 1 : slash - path)) : strdup("");
    m->monitor.seed = MT_DEFAULT_SEED;
    m->monitor.max_joinpoints = -1;
    m->monitor.recent = 10;
    m->monitor.trim = 0.15;
    m->monitor.min_overlap = 5;
    c.m = m;
    c.buf = buf;
    c.len = len;
    c.err = err;
    if (m->dir == NULL) {
        fail_at(&c, MT_ENOMEM, 0, "out of memory");
    } else if (len == 0) {
        fail_at(&c, MT_EPARSE, 0, "empty model file (expected a [monitor] section)");
    } else {
        int r = ini_parse_stream(reader, &c, handler, &c);
        if (!c.failed && r != 0)
            fail_at(&c, MT_EPARSE, r > 0 ? r : 0, "syntax error");
        if (!c.failed)
            validate(&c);
    }
    free(c.key);
    free(c.value);
    free(c.sec_text);
    mt_strlist_clear(&c.seen);
    free(c.seen_line);
    free(buf);
    if (c.failed) {
        mt_model_free(m);
        return c.st;
    }
    *out = m;
    return MT_OK;
}

/* ============================================================ loading data === */

typedef struct {
    const mt_model *m;
} kind_ctx;

static mt_kind kind_of(void *user, const char *indicator)
{
    const mt_indicator *in = mt_model_find_indicator(((kind_ctx *)user)->m, indicator);
    return in ? in->kind : MT_KIND_NONE;
}

static const mt_indicator *indicator_for_data(const mt_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_indicators; i++) {
        const mt_indicator *in = &m->indicators[i];
        if (!strcmp(in->data ? in->data : in->id, name))
            return in;
    }
    return NULL;
}

static char *trimmed_copy(const char *s)
{
    return dup_trim(s, s + strlen(s));
}

mt_status mt_model_load_data(const mt_model *m, mt_dataset *out, mt_strlist *warnings, mt_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = m->n_sources;
    mt_records *recs = calloc(n ? n : 1, sizeof *recs);
    const mt_records **rp = calloc(n ? n : 1, sizeof *rp);
    mt_intake *in = calloc(n ? n : 1, sizeof *in);
    mt_strlist unknown;
    mt_strlist_init(&unknown);
    size_t *unknown_count = NULL;
    size_t *unknown_src = NULL;
    kind_ctx kc = {m};
    mt_status st = MT_OK;
    if (!recs || !rp || !in) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n && st == MT_OK; i++) {
        const mt_source *s = &m->sources[i];
        st = mt_records_read_file(s->path, s->path, &s->layout, &recs[i], err);
        if (st != MT_OK)
            break;
        /* keep the rows of declared indicators, renamed to the indicator ID */
        size_t kept = 0;
        for (size_t j = 0; j < recs[i].n; j++) {
            mt_record *r = &recs[i].rec[j];
            char *name = trimmed_copy(r->field[MT_FIELD_INDICATOR] ? r->field[MT_FIELD_INDICATOR] : "");
            if (name == NULL) {
                st = mt_error_set(err, MT_ENOMEM, "out of memory");
                break;
            }
            const mt_indicator *ind = indicator_for_data(m, name);
            if (ind) {
                char *id = strdup(ind->id);
                if (id == NULL) {
                    free(name);
                    st = mt_error_set(err, MT_ENOMEM, "out of memory");
                    break;
                }
                free(r->field[MT_FIELD_INDICATOR]);
                r->field[MT_FIELD_INDICATOR] = id;
                recs[i].rec[kept++] = *r;
                if (kept - 1 != j)
                    memset(r, 0, sizeof *r); /* moved: the slot owns nothing now */
            } else {
                size_t k;
                for (k = 0; k < unknown.n; k++)
                    if (unknown_src[k] == i && !strcmp(unknown.item[k], name))
                        break;
                if (k == unknown.n) {
                    size_t *a = realloc(unknown_count, (unknown.n + 1) * sizeof *a);
                    if (a)
                        unknown_count = a;
                    size_t *b = realloc(unknown_src, (unknown.n + 1) * sizeof *b);
                    if (b)
                        unknown_src = b;
                    if (!a || !b || mt_strlist_add(&unknown, name) != MT_OK) {
                        free(name);
                        st = mt_error_set(err, MT_ENOMEM, "out of memory");
                        break;
                    }
                    unknown_count[k] = 0;
                    unknown_src[k] = i;
                }
                unknown_count[k]++;
                for (int f = 0; f < MT_FIELD_COUNT; f++)
                    free(r->field[f]);
                memset(r, 0, sizeof *r);
            }
            free(name);
        }
        if (st != MT_OK)
            break; /* every slot is either a record or zeroed: mt_records_clear copes */
        recs[i].n = kept;
        rp[i] = &recs[i];
        in[i] = (mt_intake){s->layout.decimal, s->layout.period_format, s->layout.scale, kind_of, &kc};
    }
    if (st == MT_OK)
        st = mt_dataset_build(rp, in, n, out, err);
    if (st == MT_OK && warnings) {
        for (size_t k = 0; k < unknown.n && st == MT_OK; k++)
            if (mt_strlist_addf(warnings, "source %s (%s): %zu row%s for indicator '%s', which the model "
                                "does not declare; ignored", m->sources[unknown_src[k]].id,
                                m->sources[unknown_src[k]].path, unknown_count[k],
                                unknown_count[k] == 1 ? "" : "s", unknown.item[k]) != MT_OK)
                st = mt_error_set(err, MT_ENOMEM, "out of memory");
        /* indicators without data: one warning that lists them all, so that a
         * monitor declaring many of them is not a wall of identical lines */
        char *list = NULL;
        size_t len = 0, n_none = 0;
        FILE *lf = st == MT_OK ? open_memstream(&list, &len) : NULL;
        if (st == MT_OK && lf == NULL)
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
        for (size_t i = 0; i < m->n_indicators && st == MT_OK; i++) {
            const mt_indicator *ind = &m->indicators[i];
            int found = 0;
            for (size_t k = 0; k < out->n && !found; k++)
                found = !strcmp(out->series[k].indicator, ind->id);
            if (!found)
                fprintf(lf, "%s%s", n_none++ ? ", " : "", ind->id);
        }
        if (lf && fclose(lf) != 0 && st == MT_OK)
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
        if (st == MT_OK && n_none > 0 &&
            mt_strlist_addf(warnings, "no data in this edition for %zu indicator%s: %s", n_none,
                            n_none == 1 ? "" : "s", list) != MT_OK)
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
        free(list);
        if (st != MT_OK)
            mt_dataset_clear(out);
    }
done:
    for (size_t i = 0; recs && i < n; i++)
        mt_records_clear(&recs[i]);
    free(recs);
    free(rp);
    free(in);
    mt_strlist_clear(&unknown);
    free(unknown_count);
    free(unknown_src);
    return st;
}
