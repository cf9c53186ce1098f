/*
 * csvread.c - streaming CSV intake (see csvread.h).
 *
 * Layer 1, mt_csvreader: bytes -> rows.  libcsv does the quoting; this file
 * does what libcsv does not: line numbers, the byte-order mark, NUL and
 * UTF-16 detection, `skip` lines and limits.  Input is handed to csv_parse in
 * segments that end at a line terminator, so that after each segment the
 * physical line number is known exactly; the line a row starts on is the
 * line of the first segment with data after the previous row ended.  A CR
 * followed by LF counts as one line end, also when the two arrive in
 * different chunks.  Text libcsv hands to the field callback is copied
 * before the callback returns.
 *
 * Layer 2, mt_records_read_*: rows -> mt_record through an mt_layout.
 */
#include "monitrend/csvread.h"
#include "monitrend/text.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SEGMENT_MAX ((size_t)65536) /* most bytes handed to csv_parse at once */

static const char *const field_names[MT_FIELD_COUNT] = {
    "indicator", "market", "region", "period", "value", "lower", "upper", "se", "n", "flag", "note",
    "source"
};

const char *mt_field_name(mt_field f)
{
    return (unsigned)f < MT_FIELD_COUNT ? field_names[f] : NULL;
}

/* =========================================================== layouts === */

void mt_layout_init(mt_layout *lay)
{
    memset(lay, 0, sizeof *lay);
    lay->delimiter = ',';
    lay->decimal = '.';
    lay->period_format = MT_PERIOD_AUTO;
    lay->scale = 1.0;
}

void mt_layout_clear(mt_layout *lay)
{
    if (lay == NULL)
        return;
    for (int i = 0; i < MT_FIELD_COUNT; i++)
        free(lay->col[i]);
    for (int i = 0; i < 3; i++) {
        free(lay->constant[i]);
        free(lay->margin_text[i]);
    }
    for (size_t i = 0; i < lay->n_filter; i++) {
        free(lay->filter[i].column);
        free(lay->filter[i].text);
    }
    free(lay->filter);
    for (size_t i = 0; i < lay->n_map; i++) {
        free(lay->map[i].from);
        free(lay->map[i].to);
    }
    free(lay->map);
    for (size_t i = 0; i < lay->n_wide; i++) {
        free(lay->wide[i].column);
        free(lay->wide[i].indicator);
        free(lay->wide[i].market);
        free(lay->wide[i].region);
    }
    free(lay->wide);
    free(lay->margin_column);
    free(lay->end);
    mt_layout_init(lay);
}

int mt_layout_is_tidy(const mt_layout *lay)
{
    for (int i = 0; i < MT_FIELD_COUNT; i++)
        if (lay->col[i])
            return 0;
    for (int i = 0; i < 3; i++)
        if (lay->constant[i])
            return 0;
    return lay->n_filter == 0 && lay->n_map == 0 && lay->n_wide == 0 && lay->margin_column == NULL;
}

/* strndup of [a, b) without surrounding blanks. */
static char *trim_dup(const char *a, const char *b)
{
    while (a < b && (*a == ' ' || *a == '\t'))
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
    return strndup(a, (size_t)(b - a));
}

static int field_of(const char *name)
{
    for (int i = 0; i < MT_FIELD_COUNT; i++)
        if (strcmp(name, field_names[i]) == 0)
            return i;
    return -1;
}

static mt_status set_str(char **dst, const char *value)
{
    char *s = strdup(value);
    if (s == NULL)
        return MT_ENOMEM;
    free(*dst);
    *dst = s;
    return MT_OK;
}

/* Split "a -> b" at the arrow; both sides trimmed and non-empty. */
static int split_arrow(const char *value, char **left, char **right)
{
    const char *arrow = strstr(value, "->");
    if (arrow == NULL)
        return 0;
    *left = trim_dup(value, arrow);
    *right = trim_dup(arrow + 2, value + strlen(value));
    if (*left == NULL || *right == NULL || **left == '\0' || **right == '\0') {
        free(*left);
        free(*right);
        *left = *right = NULL;
        return 0;
    }
    return 1;
}

static void *grow(void *p, size_t n, size_t size)
{
    return realloc(p, (n + 1) * size);
}

mt_status mt_layout_set(mt_layout *lay, const char *key, const char *value, mt_error *err)
{
    if (strcmp(key, "delimiter") == 0) {
        if (strcmp(value, ",") == 0 || strcmp(value, ";") == 0 || strcmp(value, "|") == 0)
            lay->delimiter = value[0];
        else if (strcmp(value, "tab") == 0 || strcmp(value, "\t") == 0)
            lay->delimiter = '\t';
        else
            return mt_error_set(err, MT_EPARSE, "delimiter: expected one of , ; tab |, got '%s'", value);
        return MT_OK;
    }
    if (strcmp(key, "decimal") == 0) {
        if (strcmp(value, ".") != 0 && strcmp(value, ",") != 0)
            return mt_error_set(err, MT_EPARSE, "decimal: expected . or , got '%s'", value);
        lay->decimal = value[0];
        return MT_OK;
    }
    if (strcmp(key, "encoding") == 0) {
        if (strcmp(value, "utf-8") == 0 || strcmp(value, "utf8") == 0)
            lay->encoding = MT_ENC_UTF8;
        else if (strcmp(value, "latin1") == 0 || strcmp(value, "iso-8859-1") == 0)
            lay->encoding = MT_ENC_LATIN1;
        else if (strcmp(value, "cp1252") == 0 || strcmp(value, "windows-1252") == 0)
            lay->encoding = MT_ENC_CP1252;
        else
            return mt_error_set(err, MT_EPARSE, "encoding: expected utf-8, latin1 or cp1252, got '%s'", value);
        return MT_OK;
    }
    if (strcmp(key, "skip") == 0) {
        char *end;
        errno = 0;
        unsigned long v = strtoul(value, &end, 10);
        if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno || v > 1000)
            return mt_error_set(err, MT_EPARSE, "skip: expected a number of lines 0-1000, got '%s'", value);
        lay->skip = v;
        return MT_OK;
    }
    if (strncmp(key, "col.", 4) == 0) {
        int f = field_of(key + 4);
        if (f < 0)
            return mt_error_set(err, MT_EPARSE,
                                "%s: unknown field '%s' (fields: indicator, market, region, period, "
                                "value, lower, upper, se, n, flag, note)", key, key + 4);
        if (value[0] == '\0')
            return mt_error_set(err, MT_EPARSE, "%s: expected a column name", key);
        return set_str(&lay->col[f], value) == MT_OK ? MT_OK
               : mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    if (strcmp(key, "indicator") == 0 || strcmp(key, "market") == 0 || strcmp(key, "region") == 0) {
        int f = field_of(key);
        return set_str(&lay->constant[f], value) == MT_OK ? MT_OK
               : mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    if (strcmp(key, "filter") == 0) {
        const char *eq = strchr(value, '=');
        if (eq == NULL)
            return mt_error_set(err, MT_EPARSE, "filter: expected 'Column = text' or 'Column != text', got '%s'", value);
        int negate = eq > value && eq[-1] == '!';
        mt_filter *p = grow(lay->filter, lay->n_filter, sizeof *p);
        if (p == NULL)
            return mt_error_set(err, MT_ENOMEM, "out of memory");
        lay->filter = p;
        mt_filter fl = {trim_dup(value, negate ? eq - 1 : eq), trim_dup(eq + 1, value + strlen(value)), negate};
        if (fl.column == NULL || fl.text == NULL || fl.column[0] == '\0') {
            free(fl.column);
            free(fl.text);
            return mt_error_set(err, MT_EPARSE, "filter: expected 'Column = text' or 'Column != text', got '%s'", value);
        }
        lay->filter[lay->n_filter++] = fl;
        return MT_OK;
    }
    if (strncmp(key, "map.", 4) == 0) {
        int f = field_of(key + 4);
        if (f != MT_FIELD_INDICATOR && f != MT_FIELD_MARKET && f != MT_FIELD_REGION)
            return mt_error_set(err, MT_EPARSE, "%s: only map.indicator, map.market and map.region exist", key);
        mt_map m = {(mt_field)f, NULL, NULL};
        if (!split_arrow(value, &m.from, &m.to))
            return mt_error_set(err, MT_EPARSE, "%s: expected 'from -> to', got '%s'", key, value);
        mt_map *p = grow(lay->map, lay->n_map, sizeof *p);
        if (p == NULL) {
            free(m.from);
            free(m.to);
            return mt_error_set(err, MT_ENOMEM, "out of memory");
        }
        lay->map = p;
        lay->map[lay->n_map++] = m;
        return MT_OK;
    }
    if (strcmp(key, "period.format") == 0) {
        if (strcmp(value, "auto") == 0)
            lay->period_format = MT_PERIOD_AUTO;
        else if (strcmp(value, "year-mon") == 0)
            lay->period_format = MT_PERIOD_YEAR_MON;
        else if (strcmp(value, "yyyy-mm") == 0)
            lay->period_format = MT_PERIOD_YYYY_MM;
        else if (strcmp(value, "month-date") == 0)
            lay->period_format = MT_PERIOD_MONTH_DATE;
        else
            return mt_error_set(err, MT_EPARSE,
                                "period.format: expected auto, year-mon, yyyy-mm or month-date, got '%s'",
                                value);
        return MT_OK;
    }
    if (strcmp(key, "scale") == 0) {
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        if (value[0] == '\0' || *end != '\0' || errno || !(v > 0) || v > 1e15)
            return mt_error_set(err, MT_EPARSE, "scale: expected a positive number, got '%s'", value);
        lay->scale = v;
        return MT_OK;
    }
    if (strcmp(key, "wide") == 0) {
        char *col = NULL, *target = NULL;
        if (!split_arrow(value, &col, &target))
            return mt_error_set(err, MT_EPARSE, "wide: expected 'Column -> indicator[/market[/region]]', got '%s'", value);
        mt_wide w = {col, NULL, NULL, NULL};
        char *s1 = strchr(target, '/');
        char *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
        if (s1)
            *s1 = '\0';
        if (s2)
            *s2 = '\0';
        int bad = target[0] == '\0' || (s2 && strchr(s2 + 1, '/'));
        w.indicator = strdup(target);
        if (s1)
            w.market = strdup(s1 + 1);
        if (s2)
            w.region = strdup(s2 + 1);
        free(target);
        mt_wide *p = bad ? NULL : grow(lay->wide, lay->n_wide, sizeof *p);
        if (p == NULL || w.indicator == NULL || (s1 && !w.market) || (s2 && !w.region)) {
            free(w.column);
            free(w.indicator);
            free(w.market);
            free(w.region);
            return bad ? mt_error_set(err, MT_EPARSE, "wide: expected 'Column -> indicator[/market[/region]]', got '%s'", value)
                       : mt_error_set(err, MT_ENOMEM, "out of memory");
        }
        lay->wide = p;
        lay->wide[lay->n_wide++] = w;
        return MT_OK;
    }
    if (strcmp(key, "margin.column") == 0)
        return set_str(&lay->margin_column, value) == MT_OK ? MT_OK : mt_error_set(err, MT_ENOMEM, "out of memory");
    if (strcmp(key, "margin.value") == 0)
        return set_str(&lay->margin_text[0], value) == MT_OK ? MT_OK : mt_error_set(err, MT_ENOMEM, "out of memory");
    if (strcmp(key, "margin.lower") == 0)
        return set_str(&lay->margin_text[1], value) == MT_OK ? MT_OK : mt_error_set(err, MT_ENOMEM, "out of memory");
    if (strcmp(key, "margin.upper") == 0)
        return set_str(&lay->margin_text[2], value) == MT_OK ? MT_OK : mt_error_set(err, MT_ENOMEM, "out of memory");
    if (strcmp(key, "end") == 0) {
        if (value[0] == '\0')
            return mt_error_set(err, MT_EPARSE, "end: expected the text that starts the footer");
        return set_str(&lay->end, value) == MT_OK ? MT_OK : mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    return MT_EINVAL;
}

/* ======================================================== raw reader === */

struct mt_csvreader {
    struct csv_parser p;
    char *file;
    char delim;
    size_t skip;
    mt_csv_row_fn fn;
    void *user;
    long line;            /* physical line of the next byte */
    int prev_cr;          /* last byte fed was a CR */
    char last;            /* last byte given to libcsv, for quote_hint across chunks */
    unsigned char head[3];/* first bytes, held until the byte-order mark is decided */
    size_t nhead;
    int head_done;
    size_t total;         /* bytes fed */
    char **field;         /* fields of the current row (owned copies) */
    size_t nf, capf;
    long row_line;
    int row_pending;      /* a row has started since the last row end */
    size_t since_event;   /* bytes fed since the last field or row end */
    size_t rows;
    int stopped;
    int failed;
    mt_status st;         /* first error raised inside a callback */
    mt_error *err;
};

static int space_no_tab(unsigned char c)
{
    return c == ' ';
}

static int space_and_tab(unsigned char c)
{
    return c == ' ' || c == '\t';
}

static int is_term(unsigned char c)
{
    return c == '\n' || c == '\r';
}

mt_csvreader *mt_csvreader_alloc(const char *file, char delimiter, size_t skip,
                                 mt_csv_row_fn fn, void *user)
{
    mt_csvreader *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->file = strdup(file ? file : "(input)");
    if (r->file == NULL || csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(r->file);
        free(r);
        return NULL;
    }
    csv_set_delim(&r->p, (unsigned char)delimiter);
    csv_set_space_func(&r->p, delimiter == '\t' ? space_no_tab : space_and_tab);
    r->delim = delimiter;
    r->skip = skip;
    r->fn = fn;
    r->user = user;
    r->line = 1;
    return r;
}

static void drop_fields(mt_csvreader *r)
{
    for (size_t i = 0; i < r->nf; i++)
        free(r->field[i]);
    r->nf = 0;
}

void mt_csvreader_free(mt_csvreader *r)
{
    if (r == NULL)
        return;
    drop_fields(r);
    free(r->field);
    csv_free(&r->p);
    free(r->file);
    free(r);
}

size_t mt_csvreader_rows(const mt_csvreader *r)
{
    return r->rows;
}

static void fail(mt_csvreader *r, mt_status st)
{
    r->failed = 1;
    r->st = st;
}

/* mt_text_check, letting tabs and line breaks through when allow_space. */
static const char *check_field(const char *s, size_t len, int allow_space, size_t *at,
                               char *why, size_t size)
{
    size_t from = 0;
    for (;;) {
        size_t off;
        const char *bad = mt_text_check(s + from, len - from, &off, why, size);
        if (bad == NULL)
            return NULL;
        char c = s[from + off];
        if (allow_space && (c == '\t' || c == '\n' || c == '\r')) {
            from += off + 1;
            continue;
        }
        *at = from + off;
        return bad;
    }
}

static void on_field(void *s, size_t len, void *data)
{
    mt_csvreader *r = data;
    if (r->failed || r->stopped)
        return;
    r->since_event = 0;
    if (len > MT_CSV_FIELD_MAX) {
        fail(r, mt_error_at(r->err, MT_ELIMIT, r->file, r->line, (long)r->nf + 1,
                            "field longer than the limit of %zu bytes", MT_CSV_FIELD_MAX));
        return;
    }
    if (r->nf >= MT_CSV_FIELDS_MAX) {
        fail(r, mt_error_at(r->err, MT_ELIMIT, r->file, r->row_line, 0,
                            "more than the limit of %zu fields in one row", MT_CSV_FIELDS_MAX));
        return;
    }
    if (r->nf == r->capf) {
        size_t cap = r->capf ? 2 * r->capf : 16;
        char **p = realloc(r->field, cap * sizeof *p);
        if (p == NULL) {
            fail(r, mt_error_set(r->err, MT_ENOMEM, "out of memory"));
            return;
        }
        r->field = p;
        r->capf = cap;
    }
    /* Text rules of text.h: a field is UTF-8 without control characters
     * or non-characters (a line break inside a quoted field included). */
    size_t at;
    char why[80];
    /* Tabs and line breaks are let through here: a quoted note may span
     * lines, and a header with tabs is a tab-separated file read with
     * another delimiter, which the header check says more usefully.  The
     * record layer refuses them in every other field (line_controls). */
    const char *bad = check_field(s, len, 1, &at, why, sizeof why);
    if (bad != NULL) {
        int utf8 = strncmp(why, "invalid", 7) == 0;
        fail(r, mt_error_at(r->err, MT_EPARSE, r->file, r->row_line, (long)r->nf + 1,
                            "%s at byte %zu of the field%s", why, at + 1,
                            utf8 ? " (save the file as UTF-8, or declare encoding = latin1 or "
                                   "cp1252 in its [source])"
                                 : " (fields must not hold control characters or non-characters)"));
        return;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        fail(r, mt_error_set(r->err, MT_ENOMEM, "out of memory"));
        return;
    }
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    r->field[r->nf++] = copy;
}

static void on_row(int c, void *data)
{
    (void)c;
    mt_csvreader *r = data;
    if (r->failed || r->stopped) {
        drop_fields(r);
        return;
    }
    r->since_event = 0;
    mt_csv_row row = {r->row_line, r->nf, r->field};
    int stop = 0;
    r->rows++;
    mt_status st = r->fn ? r->fn(r->user, &row, &stop, r->err) : MT_OK;
    drop_fields(r);
    r->row_pending = 0;
    if (st != MT_OK)
        fail(r, st);
    else if (stop)
        r->stopped = 1;
}

/* A quoted field followed by ';' or a tab is how a file with another
 * delimiter first fails: say so.  libcsv stops at the offending byte (at);
 * the byte before it may lie in an earlier chunk (prev), so that the message
 * never depends on how the input was split. */
static const char *quote_hint(char prev, char at, char delim)
{
    if (prev != '"')
        return "";
    if (at == ';' && delim != ';')
        return "(the file looks ;-separated: set delimiter = ; in the source layout)";
    if (at == '\t' && delim != '\t')
        return "(the file looks tab-separated: set delimiter = tab in the source layout)";
    return "";
}

/* Feed bytes that follow the byte-order mark decision. */
static mt_status consume(mt_csvreader *r, const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len && !r->failed && !r->stopped) {
        /* one segment: up to and including the next line terminator */
        /* A NUL byte ends the segment; the bytes before it are parsed first,
         * so that an earlier error (a bad quote) is the one reported whatever
         * the chunk size. */
        size_t j = i;
        int nul = 0;
        while (j < len && j - i < SEGMENT_MAX && !is_term((unsigned char)buf[j])) {
            if (buf[j] == '\0') {
                nul = 1;
                break;
            }
            j++;
        }
        int term = !nul && j < len && is_term((unsigned char)buf[j]);
        size_t seg = j - i + (term ? 1 : 0);
        int lf_after_cr = term && j == i && buf[j] == '\n' && r->prev_cr;
        if (r->line <= (long)r->skip) {
            /* a skipped line: discard */
        } else {
            if (!r->row_pending && j > i) {
                r->row_pending = 1;
                r->row_line = r->line;
            }
            size_t done = csv_parse(&r->p, buf + i, seg, on_field, on_row, r);
            if (r->failed)
                return r->st;
            if (done == seg && seg > 0)
                r->last = buf[i + seg - 1];
            if (done != seg) {
                if (csv_error(&r->p) == CSV_EPARSE) {
                    const char *hint = quote_hint(done > 0 ? buf[i + done - 1] : r->last,
                                                  buf[i + done], r->delim);
                    fail(r, mt_error_at(r->err, MT_EPARSE, r->file, r->line, 0, "malformed quoted field %s",
                                        *hint ? hint
                                              : "(a quoted field must end at its closing quote, and a "
                                                "quote inside it must be doubled)"));
                }
                else
                    fail(r, mt_error_set(r->err, MT_ENOMEM, "out of memory"));
                return r->st;
            }
            if (r->row_pending) {
                r->since_event += seg;
                if (r->since_event > MT_CSV_FIELD_MAX + 2) {
                    fail(r, mt_error_at(r->err, MT_ELIMIT, r->file, r->line, (long)r->nf + 1,
                                        "field longer than the limit of %zu bytes", MT_CSV_FIELD_MAX));
                    return r->st;
                }
            }
        }
        if (nul) {
            /* column = byte offset in the line is unknown across chunks; the line is enough */
            fail(r, mt_error_at(r->err, MT_EPARSE, r->file, r->line, 0,
                                "embedded NUL byte (this is not a text file; UTF-16 text must be "
                                "saved as UTF-8)"));
            return r->st;
        }
        if (term && !lf_after_cr)
            r->line++;
        r->prev_cr = term && buf[j] == '\r';
        i += seg;
    }
    return r->failed ? r->st : MT_OK;
}

static const unsigned char utf8_bom[3] = {0xEF, 0xBB, 0xBF};

static mt_status decide_head(mt_csvreader *r)
{
    r->head_done = 1;
    if (r->nhead >= 2 && ((r->head[0] == 0xFF && r->head[1] == 0xFE) ||
                          (r->head[0] == 0xFE && r->head[1] == 0xFF))) {
        fail(r, mt_error_at(r->err, MT_EPARSE, r->file, 1, 0,
                            "UTF-16 text (byte-order mark %02X %02X); save the file as UTF-8",
                            r->head[0], r->head[1]));
        return r->st;
    }
    if (r->nhead == 3 && memcmp(r->head, utf8_bom, 3) == 0)
        return MT_OK;
    return consume(r, (const char *)r->head, r->nhead);
}

mt_status mt_csvreader_feed(mt_csvreader *r, const char *buf, size_t len, mt_error *err)
{
    r->err = err;
    if (r->failed)
        return r->st;
    if (r->stopped)
        return MT_OK;
    if (len > MT_CSV_FILE_MAX - r->total) {
        fail(r, mt_error_at(err, MT_ELIMIT, r->file, 0, 0,
                            "file larger than the limit of %zu bytes", MT_CSV_FILE_MAX));
        return r->st;
    }
    r->total += len;
    while (!r->head_done && len > 0) {
        r->head[r->nhead++] = (unsigned char)*buf++;
        len--;
        /* hold bytes while they may still be a UTF-8 or UTF-16 byte-order mark */
        int maybe_utf8 = memcmp(r->head, utf8_bom, r->nhead) == 0;
        int maybe_utf16 = r->nhead == 1 && (r->head[0] == 0xFF || r->head[0] == 0xFE);
        if (r->nhead == 3 || !(maybe_utf8 || maybe_utf16)) {
            mt_status st = decide_head(r);
            if (st != MT_OK)
                return st;
        }
    }
    return consume(r, buf, len);
}

mt_status mt_csvreader_finish(mt_csvreader *r, mt_error *err)
{
    r->err = err;
    if (r->failed)
        return r->st;
    if (!r->head_done) {
        mt_status st = decide_head(r);
        if (st != MT_OK)
            return st;
    }
    if (r->stopped)
        return MT_OK;
    if (csv_fini(&r->p, on_field, on_row, r) != 0) {
        if (r->failed)
            return r->st;
        fail(r, mt_error_at(err, MT_EPARSE, r->file, r->row_line, 0,
                            "unterminated quoted field (a quote opened in the row starting on this "
                            "line is never closed)"));
        return r->st;
    }
    return r->failed ? r->st : MT_OK;
}

/* =========================================================== records === */

typedef struct {
    const mt_layout *lay;
    const char *file;
    mt_records *out;
    int have_header;
    size_t ncols;
    long colidx[MT_FIELD_COUNT];  /* -1 = not in the file */
    long *filter_idx;
    long *wide_idx;
    long margin_idx;
    size_t data_rows;
} rec_state;

static void append_names(char *buf, size_t size, const mt_csv_row *row)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < row->n && off + 8 < size; i++) {
        int k = snprintf(buf + off, size - off, "%s%s", i ? ", " : "", row->field[i]);
        if (k < 0 || (size_t)k >= size - off) {
            snprintf(buf + (size > 4 ? size - 4 : 0), 4, "...");
            return;
        }
        off += (size_t)k;
    }
}

static long find_column(const mt_csv_row *row, const char *name)
{
    for (size_t i = 0; i < row->n; i++)
        if (strcmp(row->field[i], name) == 0)
            return (long)i;
    return -1;
}

static const char *delimiter_hint(const mt_csv_row *row, char delim)
{
    if (row->n != 1)
        return "";
    if (delim != ';' && strchr(row->field[0], ';'))
        return " (the header is one column containing ';': set delimiter = ; in the source layout)";
    if (delim != '\t' && strchr(row->field[0], '\t'))
        return " (the header is one column containing tabs: set delimiter = tab in the source layout)";
    return "";
}

static mt_status read_header(rec_state *s, const mt_csv_row *row, mt_error *err)
{
    const mt_layout *lay = s->lay;
    char names[400];
    s->ncols = row->n;
    /* duplicate names make col.* lookups ambiguous */
    for (size_t i = 0; i < row->n; i++)
        for (size_t j = 0; j < i; j++)
            if (row->field[i][0] != '\0' && strcmp(row->field[i], row->field[j]) == 0)
                return mt_error_at(err, MT_EPARSE, s->file, row->line, (long)i + 1,
                                   "duplicate column '%s' (also column %zu)", row->field[i], j + 1);
    if (mt_layout_is_tidy(lay)) {
        for (size_t i = 0; i < row->n; i++)
            if (field_of(row->field[i]) < 0 && row->n > 1)
                return mt_error_at(err, MT_EPARSE, s->file, row->line, (long)i + 1,
                                   "unknown column '%.100s' (a tidy file has the columns indicator, "
                                   "period, value, market, region, lower, upper, se, n, flag, note, source)",
                                   row->field[i]);
    }
    append_names(names, sizeof names, row);
    for (int f = 0; f < MT_FIELD_COUNT; f++) {
        const char *name = lay->col[f] ? lay->col[f] : field_names[f];
        s->colidx[f] = find_column(row, name);
        if (lay->col[f] && s->colidx[f] < 0)
            return mt_error_at(err, MT_EPARSE, s->file, row->line, 0,
                               "column '%s' (col.%s) not found in the header (the header has: %s)",
                               name, field_names[f], names);
    }
    if (lay->n_wide > 0)
        s->colidx[MT_FIELD_VALUE] = -1; /* values come from the wide columns */
    const mt_field required[3] = {MT_FIELD_INDICATOR, MT_FIELD_PERIOD, MT_FIELD_VALUE};
    for (int k = 0; k < 3; k++) {
        mt_field f = required[k];
        if (s->colidx[f] >= 0)
            continue;
        if (f == MT_FIELD_INDICATOR && (lay->constant[0] || lay->n_wide > 0))
            continue;
        if (f == MT_FIELD_VALUE && lay->n_wide > 0)
            continue;
        const char *hint = delimiter_hint(row, lay->delimiter);
        if (*hint)
            return mt_error_at(err, MT_EPARSE, s->file, row->line, 0,
                               "missing required column '%s'%s", field_names[f], hint);
        /* A first line without one delimiter is not a header: do not echo
         * it (it may be any file: /etc/passwd) - issue 13, item 11. */
        if (row->n <= 1)
            return mt_error_at(err, MT_EPARSE, s->file, row->line, 0,
                               "missing required column '%s' (the first line has no '%s' between "
                               "columns: is this a CSV file with this layout?)", field_names[f],
                               lay->delimiter == '\t' ? "tab" : (char[2]){lay->delimiter, 0});
        return mt_error_at(err, MT_EPARSE, s->file, row->line, 0,
                           "missing required column '%s' (the header has: %s)", field_names[f], names);
    }
    s->filter_idx = calloc(lay->n_filter + 1, sizeof *s->filter_idx);
    s->wide_idx = calloc(lay->n_wide + 1, sizeof *s->wide_idx);
    if (s->filter_idx == NULL || s->wide_idx == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    for (size_t i = 0; i < lay->n_filter; i++) {
        s->filter_idx[i] = find_column(row, lay->filter[i].column);
        if (s->filter_idx[i] < 0)
            return mt_error_at(err, MT_EPARSE, s->file, row->line, 0,
                               "filter column '%s' not found in the header (the header has: %s)",
                               lay->filter[i].column, names);
    }
    for (size_t i = 0; i < lay->n_wide; i++) {
        s->wide_idx[i] = find_column(row, lay->wide[i].column);
        if (s->wide_idx[i] < 0)
            return mt_error_at(err, MT_EPARSE, s->file, row->line, 0,
                               "wide column '%s' not found in the header (the header has: %s)",
                               lay->wide[i].column, names);
    }
    s->margin_idx = -1;
    if (lay->margin_column) {
        s->margin_idx = find_column(row, lay->margin_column);
        if (s->margin_idx < 0)
            return mt_error_at(err, MT_EPARSE, s->file, row->line, 0,
                               "margin column '%s' not found in the header (the header has: %s)",
                               lay->margin_column, names);
    }
    return MT_OK;
}

/* Compare text with blanks around it ignored. */
static int equal_trimmed(const char *text, const char *want)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        n--;
    return strlen(want) == n && strncmp(text, want, n) == 0;
}

static const char *apply_map(const mt_layout *lay, mt_field f, const char *text)
{
    for (size_t i = 0; i < lay->n_map; i++)
        if (lay->map[i].field == f && equal_trimmed(text, lay->map[i].from))
            return lay->map[i].to;
    return text;
}

static mt_status push_record(rec_state *s, mt_record *rec, mt_error *err)
{
    mt_records *o = s->out;
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 64;
        mt_record *p = realloc(o->rec, cap * sizeof *p);
        if (p == NULL)
            goto nomem;
        o->rec = p;
        o->cap = cap;
    }
    o->rec[o->n++] = *rec;
    return MT_OK;
nomem:
    for (int f = 0; f < MT_FIELD_COUNT; f++)
        free(rec->field[f]);
    return mt_error_set(err, MT_ENOMEM, "out of memory");
}

/* Fill slot f of rec with a copy of text from column col (0 = constant). */
static int put(mt_record *rec, mt_field f, const char *text, long col)
{
    free(rec->field[f]);
    rec->field[f] = strdup(text);
    rec->column[f] = col;
    return rec->field[f] != NULL;
}

static mt_status build_records(rec_state *s, const mt_csv_row *row, int role, mt_error *err)
{
    const mt_layout *lay = s->lay;
    size_t nrec = lay->n_wide > 0 ? lay->n_wide : 1;
    for (size_t k = 0; k < nrec; k++) {
        mt_record rec;
        memset(&rec, 0, sizeof rec);
        rec.line = row->line;
        int ok = 1;
        for (int f = 0; f < MT_FIELD_COUNT && ok; f++) {
            if (s->colidx[f] >= 0)
                ok = put(&rec, (mt_field)f, row->field[s->colidx[f]], s->colidx[f] + 1);
        }
        for (int f = 0; f < 3 && ok; f++)
            if (lay->constant[f] && s->colidx[f] < 0)
                ok = put(&rec, (mt_field)f, lay->constant[f], 0);
        if (ok && lay->n_wide > 0) {
            const mt_wide *w = &lay->wide[k];
            ok = put(&rec, MT_FIELD_INDICATOR, w->indicator, 0) &&
                 (!w->market || put(&rec, MT_FIELD_MARKET, w->market, 0)) &&
                 (!w->region || put(&rec, MT_FIELD_REGION, w->region, 0)) &&
                 put(&rec, MT_FIELD_VALUE, row->field[s->wide_idx[k]], s->wide_idx[k] + 1);
        }
        for (int f = 0; f < 3 && ok; f++) {
            if (rec.field[f] == NULL)
                continue;
            const char *to = apply_map(lay, (mt_field)f, rec.field[f]);
            if (to != rec.field[f])
                ok = put(&rec, (mt_field)f, to, rec.column[f]);
        }
        if (ok && role > 0 && rec.field[MT_FIELD_VALUE]) {
            /* a margin row holds a bound in its value column(s) */
            mt_field slot = role == 1 ? MT_FIELD_LOWER : MT_FIELD_UPPER;
            free(rec.field[slot]);
            rec.field[slot] = rec.field[MT_FIELD_VALUE];
            rec.column[slot] = rec.column[MT_FIELD_VALUE];
            rec.field[MT_FIELD_VALUE] = NULL;
            rec.column[MT_FIELD_VALUE] = 0;
        }
        if (!ok) {
            for (int f = 0; f < MT_FIELD_COUNT; f++)
                free(rec.field[f]);
            return mt_error_set(err, MT_ENOMEM, "out of memory");
        }
        mt_status st = push_record(s, &rec, err);
        if (st != MT_OK)
            return st;
    }
    return MT_OK;
}

static mt_status on_record_row(void *user, const mt_csv_row *row, int *stop, mt_error *err)
{
    rec_state *s = user;
    const mt_layout *lay = s->lay;
    if (lay->end && row->n > 0 && strncmp(row->field[0], lay->end, strlen(lay->end)) == 0) {
        *stop = 1;
        return MT_OK;
    }
    if (!s->have_header) {
        s->have_header = 1;
        return read_header(s, row, err);
    }
    if (row->n == 1 && row->field[0][0] == '\0')
        return MT_OK; /* a line of blanks */
    if (row->n != s->ncols)
        return mt_error_at(err, MT_EPARSE, s->file, row->line, 0, "expected %zu fields, got %zu",
                           s->ncols, row->n);
    if (++s->data_rows > MT_CSV_ROWS_MAX)
        return mt_error_at(err, MT_ELIMIT, s->file, row->line, 0,
                           "more than the limit of %zu data rows", MT_CSV_ROWS_MAX);
    for (size_t i = 0; i < lay->n_filter; i++)
        if (equal_trimmed(row->field[s->filter_idx[i]], lay->filter[i].text) == lay->filter[i].negate)
            return MT_OK;
    int role = 0;
    if (s->margin_idx >= 0) {
        const char *m = row->field[s->margin_idx];
        role = -1;
        for (int k = 0; k < 3; k++)
            if (lay->margin_text[k] && equal_trimmed(m, lay->margin_text[k]))
                role = k;
        if (role < 0) {
            char want[400];
            size_t off = 0;
            want[0] = '\0';
            for (int k = 0; k < 3; k++)
                if (lay->margin_text[k] && off < sizeof want - 4)
                    off += (size_t)snprintf(want + off, sizeof want - off, "%s'%.100s'",
                                            off ? ", " : "", lay->margin_text[k]);
            return mt_error_at(err, MT_EPARSE, s->file, row->line, s->margin_idx + 1,
                               "margin column '%s' holds '%.100s' (expected one of %s)",
                               lay->margin_column, m, want);
        }
    }
    /* text.h: no tab or line break in any field but a note (labels,
     * codes and numbers are one line each) */
    for (int f = 0; f < MT_FIELD_COUNT; f++) {
        if (f == MT_FIELD_NOTE || s->colidx[f] < 0 || (size_t)s->colidx[f] >= row->n)
            continue;
        const char *t = row->field[s->colidx[f]];
        size_t k = strcspn(t, "\t\r\n");
        if (t[k] != '\0')
            return mt_error_at(err, MT_EPARSE, s->file, row->line, s->colidx[f] + 1,
                               "control character U+%04X at byte %zu of the field (only a note "
                               "may hold tabs or line breaks)", (unsigned)(unsigned char)t[k], k + 1);
    }
    return build_records(s, row, role, err);
}

void mt_records_clear(mt_records *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n; i++)
        for (int f = 0; f < MT_FIELD_COUNT; f++)
            free(r->rec[i].field[f]);
    free(r->rec);
    free(r->file);
    memset(r, 0, sizeof *r);
}

typedef struct {
    rec_state s;
    mt_csvreader *r;
} rec_job;

static mt_status job_start(rec_job *job, const char *label, const mt_layout *lay, mt_records *out,
                           mt_error *err)
{
    memset(job, 0, sizeof *job);
    memset(out, 0, sizeof *out);
    out->file = strdup(label);
    job->s.lay = lay;
    job->s.out = out;
    job->s.file = out->file;
    if (out->file)
        job->r = mt_csvreader_alloc(label, lay->delimiter, lay->skip, on_record_row, &job->s);
    if (job->r == NULL) {
        free(out->file);
        out->file = NULL;
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    return MT_OK;
}

static mt_status job_end(rec_job *job, mt_status st, mt_error *err)
{
    if (st == MT_OK)
        st = mt_csvreader_finish(job->r, err);
    if (st == MT_OK && !job->s.have_header)
        st = mt_error_at(err, MT_EPARSE, job->s.file, 0, 0, "empty file (expected a header row)");
    if (st == MT_OK && job->s.data_rows == 0)
        st = mt_error_at(err, MT_EPARSE, job->s.file, mt_csvreader_rows(job->r) > 0 ? 1 + (long)job->s.lay->skip : 0, 0,
                         "no data rows after the header");
    job->s.out->rows = job->s.data_rows;
    mt_csvreader_free(job->r);
    free(job->s.filter_idx);
    free(job->s.wide_idx);
    if (st != MT_OK)
        mt_records_clear(job->s.out);
    return st;
}

/* Feed bytes in the source's declared encoding, transcoded to UTF-8
 * (text.h); byte for byte, so any split of the input gives the same text. */
static mt_status feed_as(rec_job *job, mt_encoding enc, const char *buf, size_t len,
                         mt_error *err)
{
    if (enc == MT_ENC_UTF8)
        return mt_csvreader_feed(job->r, buf, len, err);
    char out[3 * 4096];
    mt_status st = MT_OK;
    for (size_t i = 0; i < len && st == MT_OK; i += 4096) {
        size_t take = len - i < 4096 ? len - i : 4096;
        size_t n = mt_text_transcode(enc, buf + i, take, out);
        st = mt_csvreader_feed(job->r, out, n, err);
    }
    return st;
}

mt_status mt_records_read_buffer(const char *buf, size_t len, size_t chunk, const char *label,
                                 const mt_layout *lay, mt_records *out, mt_error *err)
{
    rec_job job;
    mt_status st = job_start(&job, label ? label : "(buffer)", lay, out, err);
    if (st != MT_OK)
        return st;
    if (chunk == 0)
        chunk = len ? len : 1;
    for (size_t i = 0; i < len && st == MT_OK; i += chunk)
        st = feed_as(&job, lay->encoding, buf + i, len - i < chunk ? len - i : chunk, err);
    return job_end(&job, st, err);
}

mt_status mt_records_read_file(const char *path, const char *label, const mt_layout *lay,
                               mt_records *out, mt_error *err)
{
    const char *name = label ? label : path;
    memset(out, 0, sizeof *out);
    struct stat sb;
    if (stat(path, &sb) != 0)
        return mt_error_at(err, MT_EIO, name, 0, 0, "cannot open: %s", strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return mt_error_at(err, MT_EIO, name, 0, 0, "is a folder, not a data file");
    if (!S_ISREG(sb.st_mode))
        return mt_error_at(err, MT_EIO, name, 0, 0, "is not a regular file");
    if ((unsigned long long)sb.st_size > (unsigned long long)MT_CSV_FILE_MAX)
        return mt_error_at(err, MT_ELIMIT, name, 0, 0, "file larger than the limit of %zu bytes",
                           MT_CSV_FILE_MAX);
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return mt_error_at(err, MT_EIO, name, 0, 0, "cannot open: %s", strerror(errno));
    rec_job job;
    mt_status st = job_start(&job, name, lay, out, err);
    if (st != MT_OK) {
        fclose(fp);
        return st;
    }
    char buf[65536];
    size_t k;
    while (st == MT_OK && (k = fread(buf, 1, sizeof buf, fp)) > 0)
        st = feed_as(&job, lay->encoding, buf, k, err);
    if (st == MT_OK && ferror(fp))
        st = mt_error_at(err, MT_EIO, name, 0, 0, "read error: %s", strerror(errno));
    fclose(fp);
    return job_end(&job, st, err);
}
