/*
 * jsonw.c - streaming JSON writer (see jsonw.h).
 *
 * Layout: objects and arrays open on the current line, each member on its own
 * line indented by two spaces per level, closing brackets on their own line;
 * empty containers print as {} and [].  This is the layout of `jq .`, so a
 * results file can be compared with jq output by eye.
 */
#include "monitrend/jsonw.h"
#include "monitrend/fmt.h"
#include "monitrend/text.h"

#include <errno.h>
#include <math.h>
#include <string.h>

void mt_jsonw_init(mt_jsonw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->status = f == NULL ? MT_EINVAL : MT_OK;
    if (f == NULL)
        strcpy(w->msg, "no output file");
}

static mt_status fail(mt_jsonw *w, mt_status st, const char *msg)
{
    if (w->status == MT_OK) {
        w->status = st;
        snprintf(w->msg, sizeof w->msg, "%s", msg);
    }
    return w->status;
}

static void indent(mt_jsonw *w)
{
    /* newline and two spaces per level, in one call (depth is bounded) */
    static const char spaces[] = "\n                                                                ";
    const size_t want = 1 + 2 * (size_t)w->depth;
    if (want <= sizeof spaces - 1) {
        fwrite(spaces, 1, want, w->f);
        return;
    }
    fputc('\n', w->f);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->f);
}

/* Everything a value needs before it: checks of the state, the comma and
 * the line break of a new member. */
static mt_status before_value(mt_jsonw *w)
{
    if (w->status != MT_OK)
        return w->status;
    if (w->done)
        return fail(w, MT_EINVAL, "a second top-level value");
    if (w->depth > 0 && w->kind[w->depth - 1] == '{') {
        if (!w->have_key)
            return fail(w, MT_EINVAL, "a value inside an object without a key");
        w->have_key = 0;
        return MT_OK;
    }
    if (w->depth > 0) {
        if (w->count[w->depth - 1]++ > 0)
            fputc(',', w->f);
        indent(w);
    }
    return MT_OK;
}

static void after_value(mt_jsonw *w)
{
    if (w->depth == 0)
        w->done = 1;
    if (ferror(w->f))
        fail(w, MT_EIO, strerror(errno ? errno : EIO));
}

static void write_string(mt_jsonw *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    fputc('"', w->f);
    for (size_t i = 0; i < n;) {
        /* a run of printable ASCII that needs no escape goes out in one
         * write (keys and most values are nothing else) */
        size_t j = i;
        while (j < n && p[j] >= 0x20 && p[j] < 0x7f && p[j] != '"' && p[j] != '\\')
            j++;
        if (j > i) {
            fwrite(p + i, 1, j - i, w->f);
            i = j;
            continue;
        }
        unsigned c = p[i];
        if (c == '"' || c == '\\') {
            fputc('\\', w->f);
            fputc((int)c, w->f);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            switch (c) {
            case '\n': fputs("\\n", w->f); break;
            case '\r': fputs("\\r", w->f); break;
            case '\t': fputs("\\t", w->f); break;
            case '\b': fputs("\\b", w->f); break;
            case '\f': fputs("\\f", w->f); break;
            default: fprintf(w->f, "\\u%04x", c); break;
            }
            i++;
        } else if (c < 0x80) {
            fputc((int)c, w->f);
            i++;
        } else {
            size_t len = mt_text_utf8_decode(p + i, n - i, NULL);
            if (len == 0) {
                fputs("\\ufffd", w->f);
                i++;
            } else {
                fwrite(p + i, 1, len, w->f);
                i += len;
            }
        }
    }
    fputc('"', w->f);
}

static mt_status open_container(mt_jsonw *w, char kind)
{
    if (before_value(w) != MT_OK)
        return w->status;
    if (w->depth >= MT_JSONW_DEPTH_MAX)
        return fail(w, MT_ELIMIT, "nesting deeper than MT_JSONW_DEPTH_MAX");
    fputc(kind, w->f);
    w->kind[w->depth] = kind;
    w->count[w->depth] = 0;
    w->depth++;
    return w->status;
}

static mt_status close_container(mt_jsonw *w, char kind)
{
    if (w->status != MT_OK)
        return w->status;
    if (w->depth == 0 || w->kind[w->depth - 1] != kind)
        return fail(w, MT_EINVAL, kind == '{' ? "object end without a matching begin"
                                              : "array end without a matching begin");
    if (w->have_key)
        return fail(w, MT_EINVAL, "a key without a value");
    int had = w->count[w->depth - 1];
    w->depth--;
    if (had > 0)
        indent(w);
    fputc(kind == '{' ? '}' : ']', w->f);
    after_value(w);
    return w->status;
}

mt_status mt_jsonw_object_begin(mt_jsonw *w) { return open_container(w, '{'); }
mt_status mt_jsonw_object_end(mt_jsonw *w) { return close_container(w, '{'); }
mt_status mt_jsonw_array_begin(mt_jsonw *w) { return open_container(w, '['); }
mt_status mt_jsonw_array_end(mt_jsonw *w) { return close_container(w, '['); }

mt_status mt_jsonw_key(mt_jsonw *w, const char *key)
{
    if (w->status != MT_OK)
        return w->status;
    if (key == NULL)
        return fail(w, MT_EINVAL, "a NULL key");
    if (w->depth == 0 || w->kind[w->depth - 1] != '{')
        return fail(w, MT_EINVAL, "a key outside an object");
    if (w->have_key)
        return fail(w, MT_EINVAL, "two keys in a row");
    if (w->count[w->depth - 1]++ > 0)
        fputc(',', w->f);
    indent(w);
    write_string(w, key);
    fputs(": ", w->f);
    w->have_key = 1;
    if (ferror(w->f))
        fail(w, MT_EIO, strerror(errno ? errno : EIO));
    return w->status;
}

mt_status mt_jsonw_string(mt_jsonw *w, const char *s)
{
    if (s == NULL)
        return mt_jsonw_null(w);
    if (before_value(w) != MT_OK)
        return w->status;
    write_string(w, s);
    after_value(w);
    return w->status;
}

mt_status mt_jsonw_number(mt_jsonw *w, double x)
{
    if (!isfinite(x))
        return mt_jsonw_null(w);
    if (before_value(w) != MT_OK)
        return w->status;
    char buf[MT_FMT_G17_MAX];
    mt_fmt_g17(x, buf);
    fputs(buf, w->f);
    after_value(w);
    return w->status;
}

mt_status mt_jsonw_integer(mt_jsonw *w, long long x)
{
    if (before_value(w) != MT_OK)
        return w->status;
    fprintf(w->f, "%lld", x);
    after_value(w);
    return w->status;
}

mt_status mt_jsonw_bool(mt_jsonw *w, int b)
{
    if (before_value(w) != MT_OK)
        return w->status;
    fputs(b ? "true" : "false", w->f);
    after_value(w);
    return w->status;
}

mt_status mt_jsonw_null(mt_jsonw *w)
{
    if (before_value(w) != MT_OK)
        return w->status;
    fputs("null", w->f);
    after_value(w);
    return w->status;
}

mt_status mt_jsonw_finish(mt_jsonw *w, const char *name, mt_error *err)
{
    const char *what = name != NULL ? name : "JSON output";
    if (w->status == MT_OK && !w->done)
        fail(w, MT_EINVAL, w->depth > 0 ? "an unclosed object or array" : "no value written");
    if (w->status == MT_OK) {
        fputc('\n', w->f);
        if (fflush(w->f) != 0 || ferror(w->f))
            fail(w, MT_EIO, strerror(errno ? errno : EIO));
    }
    if (w->status == MT_EIO)
        return mt_error_set(err, MT_EIO, "%s: write error: %s", what, w->msg);
    if (w->status != MT_OK)
        return mt_error_set(err, w->status, "%s: JSON writer misuse: %s", what, w->msg);
    return MT_OK;
}

mt_status mt_jsonw_finish_part(mt_jsonw *w, const char *name, mt_error *err)
{
    const char *what = name != NULL ? name : "JSON output";
    if (w->status == MT_OK && (fflush(w->f) != 0 || ferror(w->f)))
        fail(w, MT_EIO, strerror(errno ? errno : EIO));
    if (w->status == MT_EIO)
        return mt_error_set(err, MT_EIO, "%s: write error: %s", what, w->msg);
    if (w->status != MT_OK)
        return mt_error_set(err, w->status, "%s: JSON writer misuse: %s", what, w->msg);
    return MT_OK;
}
