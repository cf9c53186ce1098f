/*
 * series_stream.c - the series of a tidy CSV file one at a time (see
 * series_stream.h).
 *
 * Both passes take the records of mt_record_reader (csvrecords.c) one by
 * one, parse each into an obs and gather the obs of the current series (a
 * run of rows with one key); when the key changes, the series is complete
 * and goes through the same obs_check_group (and, in pass 2, obs_fill_series)
 * as mt_dataset_build's (series_obs.c), so the two ways cannot differ.
 *
 * Pass 1 must give mt_dataset_read_tidy's error, and that function ranks
 * errors: the first CSV or layout error in file order (reading stops
 * there); else the first error of a row in file order; else the first
 * failing series in key order; else the series limit; else two series with
 * one id.  So pass 1 reads on after an error of a row (a CSV error further
 * down outranks it) and after an error of a series (a row error further down
 * outranks it), remembering the first of each.  A file in order has its
 * series in key order and in id order, so the first failing series read is
 * the first in key order and no two ids can be equal; a file found out of
 * order before any row error is left to mt_dataset_read_tidy at once.
 *
 * Pass 2 reads the file in 64 KiB chunks; the series completed by a chunk
 * wait in a queue for mt_series_stream_next.  It repeats every check: any
 * failure, another order or count of series, or bytes whose size or digest
 * differ from pass 1's, means that the file changed between the passes.
 */
#include "monitrend/series_stream.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "series_obs.h"

struct mt_series_stream {
    mt_layout lay;
    mt_intake in;
    char *file;               /* the name in messages (obs borrow it) */
    mt_record_reader *rr;
    int pass;                 /* 1 or 2 */
    size_t seq;               /* records read in this pass */
    /* the current series: its obs, records (pass 2: notes and sources are
     * borrowed from them), sorting pointers and id; arrays kept for the next */
    obs *g;
    size_t gn, gcap;
    mt_record *rec;
    size_t rn, rcap;
    obs **ptr;
    size_t pcap;
    char *gid;
    size_t nseries;           /* series completed in this pass */
    mt_error e;               /* the reader's and the checks' messages */
    int sink_failed;          /* the last error came from sink, not from the CSV */
    /* pass 1 */
    int row_failed, series_failed, unordered;
    mt_error row_err, series_err;
    /* what pass 1 saw, for pass 2 to compare */
    size_t total, bytes;
    uint64_t hash;
    off_t size;
    /* pass 2 */
    int started, at_end;
    mt_series *q;             /* completed series not yet handed out: q[qhead..qn) */
    size_t qhead, qn, qcap;
    mt_status failed;         /* MT_OK, or the error every later call repeats */
    mt_error fail_err;
};

static void record_free(mt_record *r)
{
    for (int f = 0; f < MT_FIELD_COUNT; f++)
        free(r->field[f]);
}

/* Drop the current series' obs and records (the arrays stay for the next). */
static void group_drop(mt_series_stream *st)
{
    for (size_t i = 0; i < st->gn; i++)
        obs_free(&st->g[i]);
    for (size_t i = 0; i < st->rn; i++)
        record_free(&st->rec[i]);
    st->gn = st->rn = 0;
}

/* Room for one more element in *a (n used of *cap, elements of size sz). */
static int grow(void **a, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap)
        return 1;
    size_t c = *cap ? 2 * *cap : 32;
    void *p = realloc(*a, c * sz);
    if (p == NULL)
        return 0;
    *a = p;
    *cap = c;
    return 1;
}

/* Check the current series (and in pass 2 fill out from it).  The obs of a
 * series usually come in period order, so sorting is mostly a check. */
static mt_status group_close(mt_series_stream *st, mt_series *out, mt_error *err)
{
    if (st->gn > st->pcap) {
        obs **p = realloc(st->ptr, st->gn * sizeof *p);
        if (p == NULL)
            return mt_error_set(err, MT_ENOMEM, "out of memory");
        st->ptr = p;
        st->pcap = st->gn;
    }
    int sorted = 1;
    for (size_t i = 0; i < st->gn; i++) {
        st->ptr[i] = &st->g[i];
        if (i > 0 && sorted && obs_cmp(&st->ptr[i - 1], &st->ptr[i]) > 0)
            sorted = 0;
    }
    if (!sorted)
        qsort(st->ptr, st->gn, sizeof *st->ptr, obs_cmp);
    size_t kept;
    mt_status s = obs_check_group(st->ptr, st->gn, st->ptr, &kept, err);
    if (s == MT_OK && out != NULL && obs_fill_series(out, st->ptr, kept) != MT_OK) {
        mt_series_clear(out);
        s = mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    st->nseries++;
    return s;
}

/* Take o into the current series.  When it starts a new one, *boundary is
 * set, the order is checked (*unordered when it is broken) and the current
 * series is left for the caller to close before add_obs_commit. */
static mt_status new_series_check(mt_series_stream *st, obs *o, int *boundary, int *unordered,
                                  char **id, mt_error *err)
{
    *boundary = *unordered = 0;
    *id = NULL;
    int c = st->gn > 0 ? obs_key_cmp(o, &st->g[0]) : 1;
    if (c == 0)
        return MT_OK;
    *boundary = st->gn > 0;
    if (c < 0) {
        *unordered = 1;
        return MT_OK;
    }
    if ((*id = mt_series_make_id(o->key[0], o->key[1], o->key[2])) == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    if (st->gid != NULL && strcmp(*id, st->gid) <= 0) {
        *unordered = 1;
        free(*id);
        *id = NULL;
        return MT_OK;
    }
    /* o may share a key with the series about to be dropped: own it */
    for (int i = 0; i < 3; i++)
        if (!(o->own_keys & (1u << i))) {
            if ((o->key[i] = strdup(o->key[i])) == NULL) {
                free(*id);
                *id = NULL;
                return mt_error_set(err, MT_ENOMEM, "out of memory");
            }
            o->own_keys |= 1u << i;
        }
    return MT_OK;
}

/* Append o (and in pass 2 its record) to the current series. */
static mt_status group_add(mt_series_stream *st, obs *o, mt_record *rec, char *id, mt_error *err)
{
    if (id != NULL) {
        free(st->gid);
        st->gid = id;
    }
    if (!grow((void **)&st->g, st->gn, &st->gcap, sizeof *st->g) ||
        (rec != NULL && !grow((void **)&st->rec, st->rn, &st->rcap, sizeof *st->rec))) {
        obs_free(o);
        if (rec != NULL)
            record_free(rec);
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    st->g[st->gn++] = *o;
    if (rec != NULL)
        st->rec[st->rn++] = *rec;
    return MT_OK;
}

/* ------------------------------------------------------------ pass 1 -- */

/* A row of pass 1: parse, check the order, close the series it ends. */
static mt_status sink_check(mt_series_stream *st, mt_record *rec)
{
    if (st->row_failed) { /* only a CSV error further down can still outrank it */
        record_free(rec);
        return MT_OK;
    }
    obs o;
    mt_status s = obs_parse(rec, st->file, &st->in, st->seq++, st->gn ? &st->g[st->gn - 1] : NULL, &o,
                            &st->row_err);
    /* a check never reads a note or a source: the record can go now */
    record_free(rec);
    o.note = o.rsource = NULL;
    if (s != MT_OK) {
        obs_free(&o);
        if (s == MT_ENOMEM)
            return mt_error_set(&st->e, s, "out of memory");
        st->row_failed = 1;
        group_drop(st);
        return MT_OK;
    }
    int boundary, unordered;
    char *id;
    s = new_series_check(st, &o, &boundary, &unordered, &id, &st->e);
    if (s == MT_OK && unordered) {
        st->unordered = 1;
        s = MT_EINVAL; /* stop reading: mt_dataset_read_tidy will sort the file */
    }
    if (s != MT_OK) {
        obs_free(&o);
        return s;
    }
    if (boundary) {
        if (!st->series_failed) {
            mt_status c = group_close(st, NULL, &st->series_err);
            if (c == MT_ENOMEM) {
                obs_free(&o);
                free(id);
                return mt_error_set(&st->e, c, "out of memory");
            }
            st->series_failed = c != MT_OK;
        } else {
            st->nseries++;
        }
        group_drop(st);
    }
    return group_add(st, &o, NULL, id, &st->e);
}

static void stream_free(mt_series_stream *st)
{
    if (st == NULL)
        return;
    group_drop(st);
    free(st->g);
    free(st->rec);
    free(st->ptr);
    free(st->gid);
    for (size_t i = st->qhead; i < st->qn; i++)
        mt_series_clear(&st->q[i]);
    free(st->q);
    mt_record_reader_free(st->rr);
    mt_layout_clear(&st->lay);
    free(st->file);
    free(st);
}

void mt_series_stream_free(mt_series_stream *st)
{
    stream_free(st);
}

static mt_status copy_error(mt_error *err, const mt_error *from)
{
    if (err != NULL)
        *err = *from;
    return from->status;
}

static mt_status sink_series(mt_series_stream *st, mt_record *rec);

/* The reader's one callback: the records of the pass under way. */
static mt_status sink(void *user, mt_record *rec, mt_error *err)
{
    mt_series_stream *st = user;
    (void)err; /* both passes keep their messages in the stream */
    mt_status s = st->pass == 1 ? sink_check(st, rec) : sink_series(st, rec);
    st->sink_failed = s != MT_OK;
    return s;
}

mt_status mt_series_stream_open(const char *path, mt_series_stream **out, size_t *n, mt_error *err)
{
    *out = NULL;
    *n = 0;
    mt_error_clear(err);
    mt_series_stream *st = calloc(1, sizeof *st);
    if (st == NULL || (st->file = strdup(path)) == NULL) {
        free(st);
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    /* the tidy layout and intake of mt_dataset_read_tidy */
    mt_layout_init(&st->lay);
    st->in = (mt_intake){'.', MT_PERIOD_AUTO, 1.0, NULL, NULL};
    st->pass = 1;
    mt_status s = mt_record_reader_open(path, NULL, &st->lay, sink, st, &st->rr, &st->e);
    int done = 0;
    while (s == MT_OK && !done)
        s = mt_record_reader_step(st->rr, &done, &st->e);
    if (s != MT_OK && st->unordered) {
        stream_free(st);
        return MT_OK;
    }
    if (s != MT_OK) {
        s = copy_error(err, &st->e);
        stream_free(st);
        return s;
    }
    if (!st->row_failed && !st->series_failed && st->gn > 0) {
        mt_status c = group_close(st, NULL, &st->series_err);
        if (c == MT_ENOMEM) {
            stream_free(st);
            return mt_error_set(err, c, "out of memory");
        }
        st->series_failed = c != MT_OK;
    }
    if (st->row_failed || st->series_failed) {
        s = copy_error(err, st->row_failed ? &st->row_err : &st->series_err);
        stream_free(st);
        return s;
    }
    if (st->nseries > MT_SERIES_MAX) {
        stream_free(st);
        return mt_error_set(err, MT_ELIMIT, "more than the limit of %zu series", MT_SERIES_MAX);
    }
    struct stat sb;
    if (mt_record_reader_stat(st->rr, &sb) != 0) {
        stream_free(st);
        return mt_error_at(err, MT_EIO, path, 0, 0, "cannot read the file's status");
    }
    st->size = sb.st_size;
    st->total = st->nseries;
    mt_record_reader_digest(st->rr, &st->bytes, &st->hash);
    group_drop(st);
    free(st->gid);
    st->gid = NULL;
    /* pass 2 reads the same open file, even if its name is given to
     * another file in the meantime */
    if ((s = mt_record_reader_rewind(st->rr, err)) != MT_OK) {
        stream_free(st);
        return s;
    }
    st->pass = 2;
    st->seq = 0;
    st->nseries = 0;
    *out = st;
    *n = st->total;
    return MT_OK;
}

/* ------------------------------------------------------------ pass 2 -- */

/* The file no longer reads as in pass 1: MT_EIO in st->e, saying why. */
static mt_status changed(mt_series_stream *st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static mt_status changed(mt_series_stream *st, const char *fmt, ...)
{
    char why[MT_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap); /* before st->e is written: why may quote it */
    va_end(ap);
    return mt_error_at(&st->e, MT_EIO, st->file, 0, 0,
                       "the file changed after it was checked (%s); read it again", why);
}

/* Close the current series into the queue of series to hand out. */
static mt_status close_into_queue(mt_series_stream *st)
{
    if (st->nseries >= st->total)
        return changed(st, "it had %zu series, now it has more", st->total);
    if (!grow((void **)&st->q, st->qn, &st->qcap, sizeof *st->q))
        return mt_error_set(&st->e, MT_ENOMEM, "out of memory");
    mt_status s = group_close(st, &st->q[st->qn], &st->e);
    if (s == MT_ENOMEM)
        return s;
    if (s != MT_OK)
        return changed(st, "%s", st->e.msg);
    st->qn++;
    group_drop(st);
    return MT_OK;
}

/* A row of pass 2: as in pass 1, and a completed series is filled. */
static mt_status sink_series(mt_series_stream *st, mt_record *rec)
{
    obs o;
    long line = rec->line;
    mt_status s = obs_parse(rec, st->file, &st->in, st->seq++, st->gn ? &st->g[st->gn - 1] : NULL, &o,
                            &st->e);
    if (s == MT_OK) {
        int boundary, unordered;
        char *id;
        s = new_series_check(st, &o, &boundary, &unordered, &id, &st->e);
        if (s == MT_OK && unordered)
            s = changed(st, "its series are no longer in order at line %ld", line);
        if (s == MT_OK && boundary && (s = close_into_queue(st)) != MT_OK)
            free(id);
        if (s == MT_OK)
            return group_add(st, &o, rec, id, &st->e);
    } else if (s != MT_ENOMEM) {
        s = changed(st, "%s", st->e.msg);
    }
    obs_free(&o);
    record_free(rec);
    return s;
}

/* Make status s of st->e the answer of this and every later call. */
static mt_status fail(mt_series_stream *st, mt_status s, mt_error *err)
{
    st->failed = s;
    st->e.status = s;
    st->fail_err = st->e;
    for (size_t i = st->qhead; i < st->qn; i++)
        mt_series_clear(&st->q[i]);
    st->qhead = st->qn = 0;
    group_drop(st);
    return copy_error(err, &st->fail_err);
}

/* Read until a series is complete or the file ends. */
static mt_status fill_queue(mt_series_stream *st)
{
    if (!st->started) {
        /* a file that has grown or shrunk fails now, not after some series */
        st->started = 1;
        struct stat sb;
        if (mt_record_reader_stat(st->rr, &sb) != 0)
            return mt_error_at(&st->e, MT_EIO, st->file, 0, 0, "cannot read the file's status");
        if (sb.st_size != st->size)
            return changed(st, "%lld bytes, now %lld", (long long)st->size, (long long)sb.st_size);
    }
    while (st->qhead == st->qn && !st->at_end) {
        st->qhead = st->qn = 0;
        int done;
        mt_status s = mt_record_reader_step(st->rr, &done, &st->e);
        if (s != MT_OK) /* the sink's errors say "changed" already */
            return st->sink_failed || s == MT_ENOMEM ? s : changed(st, "%s", st->e.msg);
        if (!done)
            continue;
        st->at_end = 1;
        if (st->gn > 0 && (s = close_into_queue(st)) != MT_OK)
            return s;
        size_t bytes;
        uint64_t hash;
        mt_record_reader_digest(st->rr, &bytes, &hash);
        if (st->nseries != st->total)
            return changed(st, "it had %zu series, now %zu", st->total, st->nseries);
        if (bytes != st->bytes || hash != st->hash)
            return changed(st, "its bytes differ from those checked");
    }
    return MT_OK;
}

mt_status mt_series_stream_next(mt_series_stream *st, mt_series *s, mt_error *err)
{
    memset(s, 0, sizeof *s);
    if (st->failed != MT_OK)
        return copy_error(err, &st->fail_err);
    mt_status r = fill_queue(st);
    if (r != MT_OK)
        return fail(st, r, err);
    if (st->qhead == st->qn)
        return mt_error_at(err, MT_EINVAL, st->file, 0, 0, "no series left (all %zu were handed out)",
                           st->total);
    *s = st->q[st->qhead];
    memset(&st->q[st->qhead], 0, sizeof *s);
    st->qhead++;
    return MT_OK;
}
