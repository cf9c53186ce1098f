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
 * Layer 2, mt_records_read_* (csvrecords.c): rows -> mt_record through an
 * mt_layout (csvlayout.c).
 */
#include "monitrend/csvread.h"
#include "monitrend/text.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEGMENT_MAX ((size_t)65536) /* most bytes handed to csv_parse at once */

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
