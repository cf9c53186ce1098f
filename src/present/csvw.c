/*
 * csvw.c - RFC 4180 CSV writer (see csvw.h).
 */
#include "monitrend/csvw.h"
#include "monitrend/fmt.h"

#include <errno.h>
#include <math.h>
#include <string.h>

void mt_csvw_init(mt_csvw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->status = f == NULL ? MT_EINVAL : MT_OK;
}

static mt_status begin_field(mt_csvw *w)
{
    if (w->status != MT_OK)
        return w->status;
    if (w->n_fields++ > 0)
        fputc(',', w->f);
    return MT_OK;
}

static mt_status end_field(mt_csvw *w)
{
    if (ferror(w->f))
        w->status = MT_EIO;
    return w->status;
}

static int needs_quotes(const char *s)
{
    size_t n = strlen(s);
    if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
        return 1;
    return strpbrk(s, ",\"\r\n") != NULL;
}

mt_status mt_csvw_text(mt_csvw *w, const char *s)
{
    if (begin_field(w) != MT_OK)
        return w->status;
    if (s != NULL) {
        if (needs_quotes(s)) {
            fputc('"', w->f);
            for (const char *p = s; *p != '\0'; p++) {
                if (*p == '"')
                    fputc('"', w->f);
                fputc(*p, w->f);
            }
            fputc('"', w->f);
        } else {
            fputs(s, w->f);
        }
    }
    return end_field(w);
}

mt_status mt_csvw_raw(mt_csvw *w, const char *s, size_t len)
{
    if (begin_field(w) != MT_OK)
        return w->status;
    fwrite(s, 1, len, w->f);
    return end_field(w);
}

mt_status mt_csvw_number(mt_csvw *w, double x)
{
    if (begin_field(w) != MT_OK)
        return w->status;
    if (isfinite(x)) {
        char buf[MT_FMT_G17_MAX];
        mt_fmt_g17(x, buf);
        fputs(buf, w->f);
    }
    return end_field(w);
}

mt_status mt_csvw_integer(mt_csvw *w, long long x)
{
    if (begin_field(w) != MT_OK)
        return w->status;
    fprintf(w->f, "%lld", x);
    return end_field(w);
}

mt_status mt_csvw_row_end(mt_csvw *w)
{
    if (w->status != MT_OK)
        return w->status;
    if (w->n_rows == 0)
        w->n_columns = w->n_fields;
    else if (w->n_fields != w->n_columns)
        return w->status = MT_EINVAL;
    fputc('\n', w->f);
    w->n_rows++;
    w->n_fields = 0;
    return end_field(w);
}

mt_status mt_csvw_finish(mt_csvw *w, const char *name, mt_error *err)
{
    const char *what = name != NULL ? name : "CSV output";
    if (w->status == MT_OK && w->n_fields != 0)
        w->status = MT_EINVAL;
    if (w->status == MT_OK && (fflush(w->f) != 0 || ferror(w->f)))
        w->status = MT_EIO;
    if (w->status == MT_EIO)
        return mt_error_set(err, MT_EIO, "%s: write error: %s", what,
                            strerror(errno ? errno : EIO));
    if (w->status == MT_EINVAL)
        return mt_error_set(err, MT_EINVAL,
                            "%s: CSV writer misuse: row %zu has %zu fields, expected %zu "
                            "(or a row was left open)", what, w->n_rows + 1, w->n_fields,
                            w->n_columns);
    return MT_OK;
}
