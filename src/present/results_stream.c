/*
 * results_stream.c - results/<table>.csv and results.json written as the
 * series are done (results_stream.h, write.h).
 *
 * Each per-series table has its CSV open from the start (header first) and
 * its part of results.json in a fragment file beside it; the rows of series
 * i are appended when the pipeline hands it over, in series order whatever
 * the order in which the threads finish (run/stream.c), so the bytes are
 * those of a run that builds every table first and writes it afterwards.
 * Each number is formatted once for both files, and each JSON key of a
 * table is made once, with its indentation (the bytes mt_jsonw would write).
 * The finish writes the tables of the whole run (cross-checks,
 * availability, comparisons, projections) and puts results.json together
 * from the fragments, which it removes: the file's own text first, with a
 * hole where each fragment goes, then the fragments copied into their holes
 * in the kernel, two at a time.  Every file is in the edition's
 * staging folder (edition.h), so a failed run leaves nothing behind.
 */
#define _GNU_SOURCE /* __fsetlocking */
#include "results_stream.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitrend/derive_words.h"
#include "monitrend/load_note_words.h"
#include "monitrend/fmt.h"
#include "monitrend/write.h"
#include "monitrend/write_projection.h"

#define PATH_MAX_ 4200
#define KEY_MAX 64

struct mt_results_stream {
    int csv, json;
    int threads;                   /* for putting results.json together: 1 with --jobs 1, else 2 */
    char dir[PATH_MAX_];
    mt_table tab[MT_RT_SERIES];   /* rows of the series being written */
    FILE *cf[MT_RT_SERIES];        /* results/<table>.csv */
    mt_csvw cw[MT_RT_SERIES];
    FILE *jf[MT_RT_SERIES];        /* .results-<table>.json.part */
    mt_jsonw jw[MT_RT_SERIES];
    size_t jrows[MT_RT_SERIES];
    /* per column: `,\n      "name": ` as mt_jsonw_key writes it inside a
     * row object (no comma before the first) */
    char (*key[MT_RT_SERIES])[KEY_MAX];
    size_t *key_len[MT_RT_SERIES];
    mt_table proj;                 /* the projections of every series so far (a few rows
                                      per series with --project, none without) */
};

static void csv_path(const mt_results_stream *s, int i, char *buf, size_t size)
{
    snprintf(buf, size, "%s/results/%s.csv", s->dir, s->tab[i].name);
}

static void part_path(const mt_results_stream *s, int i, char *buf, size_t size)
{
    snprintf(buf, size, "%s/.results-%s.json.part", s->dir, s->tab[i].name);
}

/* Close every file still open and remove the fragments. */
static void close_all(mt_results_stream *s)
{
    char path[PATH_MAX_ + 64];
    for (int i = 0; i < MT_RT_SERIES; i++) {
        if (s->cf[i])
            fclose(s->cf[i]);
        s->cf[i] = NULL;
        if (s->jf[i]) {
            fclose(s->jf[i]);
            part_path(s, i, path, sizeof path);
            unlink(path);
        }
        s->jf[i] = NULL;
    }
}

void mt_results_stream_free(mt_results_stream *s)
{
    if (s == NULL)
        return;
    close_all(s);
    for (int i = 0; i < MT_RT_SERIES; i++) {
        mt_table_clear(&s->tab[i]);
        free(s->key[i]);
        free(s->key_len[i]);
    }
    mt_table_clear(&s->proj);
    free(s);
}

mt_status mt_results_stream_open(const mt_options *opts, const char *dir,
                                 mt_results_stream **out, mt_error *err)
{
    *out = NULL;
    mt_results_stream *s = calloc(1, sizeof *s);
    if (s == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    s->csv = (opts->results & MT_RESULTS_CSV) != 0;
    s->json = (opts->results & MT_RESULTS_JSON) != 0;
    s->threads = opts->jobs == 1 ? 1 : 2;
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    mt_write_projection_init(&s->proj);
    char path[PATH_MAX_ + 64];
    for (int i = 0; i < MT_RT_SERIES; i++) {
        mt_results_table_init(&s->tab[i], i);
        if (s->csv) {
            csv_path(s, i, path, sizeof path);
            if ((s->cf[i] = fopen(path, "w")) == NULL)
                goto io;
            /* one thread at a time writes a stream's files, handed on under
             * the lock of run/stream.c: stdio's own lock per call is waste */
            __fsetlocking(s->cf[i], FSETLOCKING_BYCALLER);
            mt_csvw_init(&s->cw[i], s->cf[i]);
            mt_table_write_csv_header(&s->tab[i], &s->cw[i]);
        }
        if (s->json) {
            part_path(s, i, path, sizeof path);
            if ((s->jf[i] = fopen(path, "w+")) == NULL)
                goto io;
            __fsetlocking(s->jf[i], FSETLOCKING_BYCALLER);
            /* rows continue the array of their table, two levels deep in
             * results.json: { "name": [ row, row ...; the writer stands
             * inside a row (depth 3) for the values that need escaping */
            mt_jsonw_init(&s->jw[i], s->jf[i]);
            s->jw[i].depth = 3;
            s->jw[i].kind[0] = '{';
            s->jw[i].kind[1] = '[';
            s->jw[i].kind[2] = '{';
            const mt_table *t = &s->tab[i];
            s->key[i] = calloc(t->n_cols, sizeof *s->key[i]);
            s->key_len[i] = calloc(t->n_cols, sizeof *s->key_len[i]);
            if (s->key[i] == NULL || s->key_len[i] == NULL) {
                mt_results_stream_free(s);
                return mt_error_set(err, MT_ENOMEM, "out of memory");
            }
            for (size_t c = 0; c < t->n_cols; c++) {
                int k = snprintf(s->key[i][c], KEY_MAX, "%s\n      \"%s\": ", c ? "," : "", t->cols[c]);
                if (k < 0 || k >= KEY_MAX) { /* a column name of 50 bytes or more */
                    mt_results_stream_free(s);
                    return mt_error_set(err, MT_ELIMIT, "results: column name too long");
                }
                s->key_len[i][c] = (size_t)k;
            }
        }
    }
    *out = s;
    return MT_OK;
io:;
    mt_status st = mt_error_set(err, MT_EIO, "%s: cannot create: %s", path, strerror(errno));
    mt_results_stream_free(s);
    return st;
}

/* x as the CSV and the JSON writers print it (csvw.h, jsonw.h) into buf;
 * its length. */
static size_t number_text(const mt_cell *c, char buf[MT_FMT_G17_MAX])
{
    if (!c->is_int) {
        mt_fmt_g17(c->num, buf);
        return strlen(buf);
    }
    long long v = (long long)c->num;
    char tmp[24];
    size_t n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        tmp[n++] = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    size_t k = 0;
    if (v < 0)
        buf[k++] = '-';
    while (n > 0)
        buf[k++] = tmp[--n];
    buf[k] = '\0';
    return k;
}

/* The rows of table i (this series') to its CSV and its results.json part:
 * the bytes of mt_table_write_csv_rows and mt_results_json_rows. */
static void write_rows(mt_results_stream *s, int i)
{
    const mt_table *t = &s->tab[i];
    mt_jsonw *w = &s->jw[i];
    FILE *jf = s->jf[i];
    for (size_t r = 0; r < t->n_rows; r++) {
        if (s->json)
            fputs(s->jrows[i]++ > 0 ? ",\n    {" : "\n    {", jf);
        for (size_t c = 0; c < t->n_cols; c++) {
            const mt_cell *cell = mt_table_cell(t, r, c);
            char num[MT_FMT_G17_MAX];
            size_t len = 0;
            const int finite = cell->text == NULL && isfinite(cell->num);
            if (finite)
                len = number_text(cell, num);
            if (s->csv) {
                if (cell->text)
                    mt_csvw_text(&s->cw[i], cell->text);
                else
                    mt_csvw_raw(&s->cw[i], num, len);
            }
            if (s->json) {
                fwrite(s->key[i][c], 1, s->key_len[i][c], jf);
                if (finite) {
                    fwrite(num, 1, len, jf);
                } else {
                    w->have_key = 1; /* the key above, as mt_jsonw_key leaves it */
                    if (cell->text)
                        mt_jsonw_string(w, cell->text);
                    else
                        mt_jsonw_null(w);
                }
            }
        }
        if (s->csv)
            mt_csvw_row_end(&s->cw[i]);
        if (s->json)
            fputs("\n    }", jf);
    }
}

mt_status mt_results_stream_series(mt_results_stream *s, const mt_series_result *r,
                                   mt_error *err)
{
    mt_write_projection_rows(r, &s->proj);
    if (s->proj.status != MT_OK)
        return mt_error_set(err, s->proj.status, "results/projections.csv: table could not be built (%s)",
                            mt_status_name(s->proj.status));
    for (int i = 0; i < MT_RT_SERIES; i++) {
        mt_table *t = &s->tab[i];
        mt_table_reset(t);
        mt_results_series_rows(r, i, t);
        if (t->status != MT_OK)
            return mt_error_set(err, t->status, "results/%s.csv: table could not be built (%s)",
                                t->name, mt_status_name(t->status));
        write_rows(s, i);
        /* a full disk stops the run now, not after hours of analysis */
        char path[PATH_MAX_ + 64];
        if (s->csv && (s->cw[i].status != MT_OK || ferror(s->cf[i]))) {
            csv_path(s, i, path, sizeof path);
            return mt_csvw_finish(&s->cw[i], path, err);
        }
        if (s->json && (s->jw[i].status != MT_OK || ferror(s->jf[i]))) {
            part_path(s, i, path, sizeof path);
            return mt_jsonw_finish_part(&s->jw[i], path, err);
        }
    }
    return MT_OK;
}

static mt_status write_file(const char *dir, const mt_table *t, mt_error *err)
{
    char path[PATH_MAX_ + 64];
    snprintf(path, sizeof path, "%s/results/%s.csv", dir, t->name);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return mt_error_set(err, MT_EIO, "%s: cannot create: %s", path, strerror(errno));
    mt_status st = mt_table_write_csv(t, f, path, err);
    if (fclose(f) != 0 && st == MT_OK)
        st = mt_error_set(err, MT_EIO, "%s: write failed: %s", path, strerror(errno));
    return st;
}

/* A fragment of results.json and the place its bytes go: write_json writes
 * the file's own text around a hole of the fragment's size, then the
 * fragments are copied into their holes, two at a time (for 100,000 series
 * they hold 1.3 GB, and copying them was the longest single-threaded stage). */
typedef struct {
    FILE *in;
    char path[PATH_MAX_ + 64];
    off_t size, at;
    int out;             /* results.json's descriptor */
} frag;

/* Finish fragment i and leave a hole of its size in f, which ends there. */
static mt_status reserve(mt_results_stream *s, int i, FILE *f, frag *g, mt_error *err)
{
    part_path(s, i, g->path, sizeof g->path);
    mt_status st = mt_jsonw_finish_part(&s->jw[i], g->path, err);
    g->in = s->jf[i];
    s->jf[i] = NULL;
    g->out = fileno(f);
    if (st != MT_OK)
        return st;
    long size, at;
    if (fflush(g->in) != 0 || fseek(g->in, 0, SEEK_END) != 0 || (size = ftell(g->in)) < 0 ||
        fflush(f) != 0 || (at = ftell(f)) < 0 || fseek(f, size, SEEK_CUR) != 0)
        return mt_error_set(err, MT_EIO, "%s: %s", g->path, strerror(errno));
    g->size = size;
    g->at = at;
    return MT_OK;
}

/* A piece of a fragment to copy: len bytes from offset off of g->in to
 * g->at + off.  The fragments are cut into pieces so that two threads share
 * even the largest (the bands are most of results.json). */
typedef struct {
    frag *g;
    off_t off, len;
    int err_no;          /* 0, or why the piece could not be copied */
} piece;

#define PIECE_BYTES ((off_t)64 << 20)

/* Copy piece p: in the kernel (copy_file_range, no copy through user
 * space) where it can, else, and for what it left, through a buffer. */
static void fill(piece *p)
{
    frag *g = p->g;
    loff_t in_off = p->off, out_off = g->at + p->off;
    const loff_t end = p->off + p->len;
    ssize_t k;
    while (in_off < end &&
           (k = copy_file_range(fileno(g->in), &in_off, g->out, &out_off, (size_t)(end - in_off), 0)) > 0)
        ;
    char buf[1 << 15];
    while (in_off < end) {
        size_t want = end - in_off < (loff_t)sizeof buf ? (size_t)(end - in_off) : sizeof buf;
        ssize_t r = pread(fileno(g->in), buf, want, in_off);
        if (r <= 0 || pwrite(g->out, buf, (size_t)r, out_off) != r) {
            p->err_no = r == 0 || errno == 0 ? EIO : errno;
            break;
        }
        in_off += r;
        out_off += r;
    }
}

typedef struct {
    piece *p;
    size_t n, next;
    pthread_mutex_t lock;
} fill_work;

static void *fill_worker(void *arg)
{
    fill_work *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        size_t i = w->next++;
        pthread_mutex_unlock(&w->lock);
        if (i >= w->n)
            return NULL;
        fill(&w->p[i]);
    }
}

/* Fill every hole (two threads when the run may use two cores), then close
 * and remove the fragments. */
static mt_status fill_all(frag *g, int n, int threads, const char *path, mt_error *err)
{
    size_t np = 0;
    for (int i = 0; i < n; i++)
        np += (size_t)((g[i].size + PIECE_BYTES - 1) / PIECE_BYTES);
    piece *p = malloc((np ? np : 1) * sizeof *p);
    mt_status st = MT_OK;
    if (p == NULL) {
        st = mt_error_set(err, MT_ENOMEM, "results.json: out of memory");
    } else {
        size_t k = 0;
        for (int i = 0; i < n; i++)
            for (off_t off = 0; off < g[i].size; off += PIECE_BYTES)
                p[k++] = (piece){&g[i], off, g[i].size - off < PIECE_BYTES ? g[i].size - off : PIECE_BYTES, 0};
        fill_work w = {p, np, 0, PTHREAD_MUTEX_INITIALIZER};
        pthread_t th;
        int two = threads > 1 && np > 1 && pthread_create(&th, NULL, fill_worker, &w) == 0;
        fill_worker(&w);
        if (two)
            pthread_join(th, NULL);
        for (size_t i = 0; i < np && st == MT_OK; i++)
            if (p[i].err_no != 0)
                st = mt_error_set(err, MT_EIO, "%s: write failed: %s", path, strerror(p[i].err_no));
        free(p);
    }
    for (int i = 0; i < n; i++) {
        fclose(g[i].in);
        unlink(g[i].path);
    }
    return st;
}

static mt_status write_json(mt_results_stream *s, const mt_report *run, const mt_table *rest,
                            mt_error *err)
{
    char path[PATH_MAX_ + 64];
    snprintf(path, sizeof path, "%s/results.json", s->dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return mt_error_set(err, MT_EIO, "%s: cannot create: %s", path, strerror(errno));
    mt_status st = MT_OK;
    frag g[MT_RT_SERIES];
    int ng = 0;
    mt_jsonw w;
    mt_jsonw_init(&w, f);
    mt_jsonw_object_begin(&w);
    mt_jsonw_key(&w, "schema");
    mt_jsonw_string(&w, MT_RESULTS_SCHEMA);
    mt_jsonw_key(&w, "edition");
    mt_jsonw_string(&w, run->name);
    for (int i = 0; i < MT_RT_COUNT && st == MT_OK; i++) {
        mt_jsonw_key(&w, i < MT_RT_SERIES ? s->tab[i].name : rest[i].name);
        mt_jsonw_array_begin(&w);
        if (i < MT_RT_SERIES) {
            st = reserve(s, i, f, &g[ng], err);
            if (g[ng].in != NULL)
                ng++;
            /* the array will hold the fragment's rows: close it after them */
            w.count[w.depth - 1] = s->jrows[i] > 0;
        } else {
            mt_results_json_rows(&w, &rest[i]);
        }
        mt_jsonw_array_end(&w);
    }
    if (st == MT_OK) {
        mt_jsonw_key(&w, "warnings");
        mt_jsonw_array_begin(&w);
        for (size_t i = 0; i < run->load_notes.n; i++) {
            char lw[MT_AN_NOTE_MAX];
            mt_load_note_text(MT_LANG_EN, &run->load_notes.item[i], lw, sizeof lw);
            mt_jsonw_string(&w, lw);
        }
        for (size_t i = 0; i < run->n_derive_notes; i++) {
            char dw[600];
            mt_derive_note_text(MT_LANG_EN, &run->derive_notes[i], dw, sizeof dw);
            mt_jsonw_string(&w, dw);
        }
        mt_jsonw_array_end(&w);
        mt_jsonw_object_end(&w);
        st = mt_jsonw_finish(&w, path, err);
    }
    if (st == MT_OK && fflush(f) != 0)
        st = mt_error_set(err, MT_EIO, "%s: write failed: %s", path, strerror(errno));
    if (st == MT_OK) {
        st = fill_all(g, ng, s->threads, path, err);
    } else {
        for (int k = 0; k < ng; k++) {
            fclose(g[k].in);
            unlink(g[k].path);
        }
    }
    if (fclose(f) != 0 && st == MT_OK)
        st = mt_error_set(err, MT_EIO, "%s: write failed: %s", path, strerror(errno));
    return st;
}

mt_status mt_results_stream_finish(mt_results_stream *s, const mt_report *run, mt_error *err)
{
    mt_status st = MT_OK;
    char path[PATH_MAX_ + 64];
    for (int i = 0; i < MT_RT_SERIES && st == MT_OK && s->csv; i++) {
        csv_path(s, i, path, sizeof path);
        st = mt_csvw_finish(&s->cw[i], path, err);
        FILE *f = s->cf[i];
        s->cf[i] = NULL;
        if (fclose(f) != 0 && st == MT_OK)
            st = mt_error_set(err, MT_EIO, "%s: write failed: %s", path, strerror(errno));
    }
    mt_table rest[MT_RT_COUNT];
    memset(rest, 0, sizeof rest);
    mt_results_build_rest(run, rest);
    rest[MT_RT_PROJ] = s->proj; /* handed over: cleared with the others below */
    memset(&s->proj, 0, sizeof s->proj);
    for (int i = MT_RT_SERIES; i < MT_RT_COUNT && st == MT_OK && s->csv; i++)
        st = write_file(s->dir, &rest[i], err);
    if (st == MT_OK && s->json)
        st = write_json(s, run, rest, err);
    for (int i = MT_RT_SERIES; i < MT_RT_COUNT; i++)
        mt_table_clear(&rest[i]);
    return st;
}

mt_status mt_write_results(const mt_report *run, const char *dir, mt_error *err)
{
    mt_results_stream *s;
    mt_status st = mt_results_stream_open(&run->opts, dir, &s, err);
    for (size_t i = 0; i < run->n_results && st == MT_OK; i++)
        st = mt_results_stream_series(s, &run->results[i], err);
    if (st == MT_OK)
        st = mt_results_stream_finish(s, run, err);
    mt_results_stream_free(s);
    return st;
}
