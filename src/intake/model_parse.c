/*
 * model_parse.c - the lines and sections of a model file.
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
 * The keys themselves are model_keys.c's, the cross-references after the
 * parse model_check.c's.
 */
#include "model_parse.h"
#include "monitrend/text.h"

#include <assert.h>
#include <ctype.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const model_sec_names[] = {"", "monitor", "param", "source", "indicator", "event",
                                       "derived", "crosscheck", "names"};

int model_fail_at(ctx *c, mt_status st, long line, const char *fmt, ...)
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

int model_valid_id(const char *s)
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
            return model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");       \
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
        return model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
    if (strcmp(name, "monitor") == 0) {
        if (c->seen_monitor)
            return model_fail_at(c, MT_EPARSE, c->lineno, "duplicate section [monitor] (first on line %ld)",
                                 m->monitor.line);
        c->seen_monitor = 1;
        c->sec = SEC_MONITOR;
        m->monitor.line = c->lineno;
        return 1;
    }
    if (strcmp(name, "names") == 0) {
        if (m->names_line)
            return model_fail_at(c, MT_EPARSE, c->lineno, "duplicate section [names] (first on line %ld)",
                                 m->names_line);
        c->sec = SEC_NAMES;
        m->names_line = c->lineno;
        return 1;
    }
    const char *colon = strchr(name, ':');
    int t = -1;
    if (colon) {
        for (int k = SEC_PARAM; k <= SEC_CROSSCHECK; k++)
            if (strlen(model_sec_names[k]) == (size_t)(colon - name) && strncmp(name, model_sec_names[k], (size_t)(colon - name)) == 0)
                t = k;
    }
    if (t < 0)
        return model_fail_at(c, MT_EPARSE, c->lineno,
                             "unknown section [%.100s] (expected [monitor], [param:ID], [source:ID], "
                             "[indicator:ID], [event:ID], [derived:ID], [crosscheck:ID] or [names])", name);
    const char *id = colon + 1;
    if (!model_valid_id(id))
        return model_fail_at(c, MT_EPARSE, c->lineno,
                             "invalid ID '%.100s' in [%.100s] (IDs are lowercase letters, digits, _ and -)", id, name);
    long prev = find_id_line(c, (sec_type)t, id);
    if (prev)
        return model_fail_at(c, MT_EPARSE, c->lineno, "duplicate section [%s] (first on line %ld)", name, prev);
    size_t count = m->n_params + m->n_sources + m->n_indicators + m->n_events + m->n_derived + m->n_crosschecks;
    if (count >= 6 * MT_MODEL_ITEMS_MAX)
        return model_fail_at(c, MT_ELIMIT, c->lineno, "more than the limit of %zu sections", 6 * MT_MODEL_ITEMS_MAX);
    char *dup = strdup(id);
    if (dup == NULL)
        return model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
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
        /* t was found among SEC_PARAM..SEC_CROSSCHECK above */
        assert(!"begin_section: not a section with an ID");
        free(dup);
        break;
    }
    return 1;
}

/* ========================================================= key handlers === */


/* ================================================= libinih reader/handler === */

char *model_dup_trim(const char *a, const char *b)
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
        model_fail_at(c, MT_ELIMIT, c->lineno, "line longer than the limit of %zu bytes", MT_MODEL_LINE_MAX);
        return NULL;
    }
    if (memchr(line, '\0', n)) {
        model_fail_at(c, MT_EPARSE, c->lineno, "embedded NUL byte (a model is a UTF-8 text file)");
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
            model_fail_at(c, MT_EPARSE, c->lineno, "expected a section header such as [indicator:ID]");
            return NULL;
        }
        char *name = model_dup_trim(a + 1, close);
        if (name == NULL) {
            model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
            return NULL;
        }
        int ok = begin_section(c, name);
        free(name);
        if (!ok)
            return NULL;
        snprintf(str, (size_t)num, "[%s]\n", model_sec_names[c->sec]);
        return str;
    }
    const char *eq = memchr(a, '=', (size_t)(end - a));
    if (eq == NULL) {
        model_fail_at(c, MT_EPARSE, c->lineno, "expected 'key = value', a [section] or a comment");
        return NULL;
    }
    c->key = model_dup_trim(a, eq);
    c->value = model_dup_trim(eq + 1, end);
    if (c->key == NULL || c->value == NULL) {
        model_fail_at(c, MT_ENOMEM, c->lineno, "out of memory");
        return NULL;
    }
    if (c->key[0] == '\0') {
        model_fail_at(c, MT_EPARSE, c->lineno, "expected a key before '='");
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
    return model_handle_key(c);
}

int model_parse(ctx *c)
{
    int r = ini_parse_stream(reader, c, handler, c);
    if (!c->failed && r != 0)
        model_fail_at(c, MT_EPARSE, r > 0 ? r : 0, "syntax error");
    return !c->failed;
}
