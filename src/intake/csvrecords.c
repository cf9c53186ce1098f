/*
 * csvrecords.c - rows -> records (see csvread.h): the header of a file is
 * matched against the layout (csvlayout.c), every data row of the raw
 * reader (csvread.c) becomes one mt_record per value (several for a wide
 * file), with the line and column of every field for later messages.
 */
#include "monitrend/csvread.h"
#include "monitrend/text.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    const mt_layout *lay;
    const char *file;
    mt_record_fn sink;            /* where each record goes (push_record for mt_records) */
    void *sink_user;
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
            if (mt_field_of(row->field[i]) < 0 && row->n > 1)
                return mt_error_at(err, MT_EPARSE, s->file, row->line, (long)i + 1,
                                   "unknown column '%.100s' (a tidy file has the columns indicator, "
                                   "period, value, market, region, lower, upper, se, n, flag, note, source)",
                                   row->field[i]);
    }
    append_names(names, sizeof names, row);
    for (int f = 0; f < MT_FIELD_COUNT; f++) {
        const char *name = lay->col[f] ? lay->col[f] : mt_field_name((mt_field)f);
        s->colidx[f] = find_column(row, name);
        if (lay->col[f] && s->colidx[f] < 0)
            return mt_error_at(err, MT_EPARSE, s->file, row->line, 0,
                               "column '%s' (col.%s) not found in the header (the header has: %s)",
                               name, mt_field_name((mt_field)f), names);
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
                               "missing required column '%s'%s", mt_field_name(f), hint);
        /* A first line without one delimiter is not a header: do not echo
         * it (it may be any file: /etc/passwd) - issue 13, item 11. */
        if (row->n <= 1)
            return mt_error_at(err, MT_EPARSE, s->file, row->line, 0,
                               "missing required column '%s' (the first line has no '%s' between "
                               "columns: is this a CSV file with this layout?)", mt_field_name(f),
                               lay->delimiter == '\t' ? "tab" : (char[2]){lay->delimiter, 0});
        return mt_error_at(err, MT_EPARSE, s->file, row->line, 0,
                           "missing required column '%s' (the header has: %s)", mt_field_name(f), names);
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

/* The sink of mt_records_read_*: append to the mt_records at user. */
static mt_status push_record(void *user, mt_record *rec, mt_error *err)
{
    mt_records *o = user;
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
        mt_status st = s->sink(s->sink_user, &rec, err);
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

/* Start reading the file named file (borrowed for the job's life) into sink. */
static mt_status job_start(rec_job *job, const char *file, const mt_layout *lay, mt_record_fn sink,
                           void *user, mt_error *err)
{
    memset(job, 0, sizeof *job);
    job->s.lay = lay;
    job->s.file = file;
    job->s.sink = sink;
    job->s.sink_user = user;
    job->r = mt_csvreader_alloc(file, lay->delimiter, lay->skip, on_record_row, &job->s);
    if (job->r == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    return MT_OK;
}

static void job_free(rec_job *job)
{
    mt_csvreader_free(job->r);
    job->r = NULL;
    free(job->s.filter_idx);
    free(job->s.wide_idx);
    job->s.filter_idx = job->s.wide_idx = NULL;
}

/* End of input after status st: the checks of a whole file, then free the job. */
static mt_status job_end(rec_job *job, mt_status st, mt_error *err)
{
    if (st == MT_OK)
        st = mt_csvreader_finish(job->r, err);
    if (st == MT_OK && !job->s.have_header)
        st = mt_error_at(err, MT_EPARSE, job->s.file, 0, 0, "empty file (expected a header row)");
    if (st == MT_OK && job->s.data_rows == 0)
        st = mt_error_at(err, MT_EPARSE, job->s.file, mt_csvreader_rows(job->r) > 0 ? 1 + (long)job->s.lay->skip : 0, 0,
                         "no data rows after the header");
    job_free(job);
    return st;
}

/* A job whose records go to out (zeroed here; out->file names the file). */
static mt_status records_start(rec_job *job, const char *label, const mt_layout *lay, mt_records *out,
                               mt_error *err)
{
    memset(job, 0, sizeof *job);
    memset(out, 0, sizeof *out);
    if ((out->file = strdup(label)) == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    mt_status st = job_start(job, out->file, lay, push_record, out, err);
    if (st != MT_OK) {
        free(out->file);
        out->file = NULL;
    }
    return st;
}

static mt_status records_end(rec_job *job, mt_records *out, mt_status st, mt_error *err)
{
    st = job_end(job, st, err);
    out->rows = job->s.data_rows;
    if (st != MT_OK)
        mt_records_clear(out);
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
    mt_status st = records_start(&job, label ? label : "(buffer)", lay, out, err);
    if (st != MT_OK)
        return st;
    if (chunk == 0)
        chunk = len ? len : 1;
    for (size_t i = 0; i < len && st == MT_OK; i += chunk)
        st = feed_as(&job, lay->encoding, buf + i, len - i < chunk ? len - i : chunk, err);
    return records_end(&job, out, st, err);
}

/* Open path for reading after the checks every data file gets: it exists,
 * is a regular file and is within MT_CSV_FILE_MAX.  name is used in messages. */
static mt_status open_data_file(const char *path, const char *name, FILE **fp, mt_error *err)
{
    struct stat sb;
    *fp = NULL;
    if (stat(path, &sb) != 0)
        return mt_error_at(err, MT_EIO, name, 0, 0, "cannot open: %s", strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return mt_error_at(err, MT_EIO, name, 0, 0, "is a folder, not a data file");
    if (!S_ISREG(sb.st_mode))
        return mt_error_at(err, MT_EIO, name, 0, 0, "is not a regular file");
    if ((unsigned long long)sb.st_size > (unsigned long long)MT_CSV_FILE_MAX)
        return mt_error_at(err, MT_ELIMIT, name, 0, 0, "file larger than the limit of %zu bytes",
                           MT_CSV_FILE_MAX);
    if ((*fp = fopen(path, "rb")) == NULL)
        return mt_error_at(err, MT_EIO, name, 0, 0, "cannot open: %s", strerror(errno));
    return MT_OK;
}

/* Read up to size bytes of fp into buf and feed them; *got = 0 at the end
 * of the file.  stdio reads a regular file in full chunks, so the same file
 * is always cut at the same places (and any cut gives the same rows). */
static mt_status feed_chunk(rec_job *job, FILE *fp, const char *name, char *buf, size_t size,
                            size_t *got, mt_error *err)
{
    *got = fread(buf, 1, size, fp);
    if (*got > 0)
        return feed_as(job, job->s.lay->encoding, buf, *got, err);
    if (ferror(fp))
        return mt_error_at(err, MT_EIO, name, 0, 0, "read error: %s", strerror(errno));
    return MT_OK;
}

#define READ_CHUNK ((size_t)65536)

mt_status mt_records_read_file(const char *path, const char *label, const mt_layout *lay,
                               mt_records *out, mt_error *err)
{
    const char *name = label ? label : path;
    memset(out, 0, sizeof *out);
    FILE *fp;
    mt_status st = open_data_file(path, name, &fp, err);
    if (st != MT_OK)
        return st;
    rec_job job;
    st = records_start(&job, name, lay, out, err);
    if (st != MT_OK) {
        fclose(fp);
        return st;
    }
    char buf[READ_CHUNK];
    size_t k;
    do
        st = feed_chunk(&job, fp, name, buf, sizeof buf, &k, err);
    while (st == MT_OK && k > 0);
    fclose(fp);
    return records_end(&job, out, st, err);
}

/* ==================================================== record reader === */

struct mt_record_reader {
    rec_job job;          /* job.r == NULL once the end was reached */
    const mt_layout *lay; /* borrowed */
    mt_record_fn fn;
    void *user;
    char *name;
    FILE *fp;
    size_t bytes;
    uint64_t hash;
    char buf[READ_CHUNK];
};

#define DIGEST_SEED UINT64_C(0x6a09e667f3bcc908)

/* A 64-bit digest of buf folded into h: eight bytes at a time (one
 * multiplication each, so that it costs little beside the CSV parse).  Not
 * cryptographic: it tells an edited file from the one read before. */
static uint64_t digest(uint64_t h, const char *buf, size_t len)
{
    const uint64_t k = UINT64_C(0x9e3779b97f4a7c15);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, buf + i, 8);
        h = ((h << 5 | h >> 59) ^ w) * k;
    }
    for (; i < len; i++)
        h = ((h << 5 | h >> 59) ^ (unsigned char)buf[i]) * k;
    return h ^ (h >> 31);
}

mt_status mt_record_reader_open(const char *path, const char *label, const mt_layout *lay,
                                mt_record_fn fn, void *user, mt_record_reader **out, mt_error *err)
{
    const char *name = label ? label : path;
    *out = NULL;
    FILE *fp;
    mt_status st = open_data_file(path, name, &fp, err);
    if (st != MT_OK)
        return st;
    mt_record_reader *rr = calloc(1, sizeof *rr);
    if (rr == NULL || (rr->name = strdup(name)) == NULL) {
        free(rr);
        fclose(fp);
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    rr->lay = lay;
    rr->fn = fn;
    rr->user = user;
    rr->fp = fp;
    rr->hash = DIGEST_SEED;
    st = job_start(&rr->job, rr->name, lay, fn, user, err);
    if (st != MT_OK) {
        mt_record_reader_free(rr);
        return st;
    }
    *out = rr;
    return MT_OK;
}

mt_status mt_record_reader_step(mt_record_reader *rr, int *done, mt_error *err)
{
    *done = 1;
    if (rr->job.r == NULL)
        return MT_OK;
    size_t k;
    mt_status st = feed_chunk(&rr->job, rr->fp, rr->name, rr->buf, sizeof rr->buf, &k, err);
    rr->bytes += k;
    rr->hash = digest(rr->hash, rr->buf, k);
    if (st == MT_OK && k > 0) {
        *done = 0;
        return MT_OK;
    }
    return job_end(&rr->job, st, err);
}

mt_status mt_record_reader_rewind(mt_record_reader *rr, mt_error *err)
{
    job_free(&rr->job);
    rewind(rr->fp);
    rr->bytes = 0;
    rr->hash = DIGEST_SEED;
    return job_start(&rr->job, rr->name, rr->lay, rr->fn, rr->user, err);
}

void mt_record_reader_digest(const mt_record_reader *rr, size_t *bytes, uint64_t *hash)
{
    *bytes = rr->bytes;
    *hash = rr->hash;
}

int mt_record_reader_stat(const mt_record_reader *rr, struct stat *sb)
{
    return fstat(fileno(rr->fp), sb);
}

void mt_record_reader_free(mt_record_reader *rr)
{
    if (rr == NULL)
        return;
    job_free(&rr->job);
    if (rr->fp)
        fclose(rr->fp);
    free(rr->name);
    free(rr);
}
