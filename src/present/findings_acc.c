/*
 * findings_acc.c - what findings.txt needs of each series, gathered as the
 * series are handed over (findings_internal.h), so that a run need not keep
 * every result until the end.
 *
 * Of each series the file needs: its share of the header (observations,
 * first and last period), its paragraph in its theme's section, its data
 * notes, whether it has seasonal terms, and, if it ranks, its headline.
 * Paragraphs and notes go to anonymous temporary files (one per theme, one
 * for the notes) that the finished file copies in order; a headline
 * candidate keeps its score, its series number and its text's place in a
 * third such file.  Which candidates become headlines is decided at the end
 * (the change headlines only count series that reach the edition's last
 * period, known once every series is in), by the same order as before: size
 * first, then series order.  The bytes are those of a writer that had every
 * result at hand.
 */
#define _GNU_SOURCE /* copy_file_range */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitrend/findings_text.h"
#include "monitrend/names.h"
#include "monitrend/write.h"

#include "findings_internal.h"

typedef struct {
    double score;   /* |change| or |APC| */
    double t_last;  /* the series' last period with a value (change headlines) */
    size_t i;       /* series number: ties go to the earlier series */
    long off;       /* the headline's text in acc->heads */
    size_t len;
} candidate;

typedef struct {
    candidate *c;
    size_t n, cap;
} candidates;

struct mt_findings_acc {
    size_t n_series, n_obs;
    double t_lo, t_hi;                     /* the header's span, and the edition's last period */
    char lo[MT_PERIOD_STR_MAX], hi[MT_PERIOD_STR_MAX];
    int seasonal;                          /* some series has seasonal terms */
    FILE *theme[MT_THEME_COUNT];           /* paragraphs by section (theme order, then none) */
    size_t theme_n[MT_THEME_COUNT];
    FILE *notes;                           /* the series' data notes */
    FILE *heads;                           /* headline texts */
    candidates change, trend;
    mt_status status;                      /* first failure, sticky */
};

/* An anonymous temporary file: gone when closed, or when the process dies. */
static FILE *scratch(mt_findings_acc *a)
{
    FILE *f = tmpfile();
    if (f == NULL && a->status == MT_OK)
        a->status = MT_EIO;
    return f;
}

mt_findings_acc *mt_findings_acc_alloc(void)
{
    mt_findings_acc *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NULL;
    a->t_lo = INFINITY;
    a->t_hi = -INFINITY;
    a->notes = scratch(a);
    a->heads = scratch(a);
    if (a->status != MT_OK) {
        mt_findings_acc_free(a);
        return NULL;
    }
    return a;
}

void mt_findings_acc_free(mt_findings_acc *a)
{
    if (a == NULL)
        return;
    for (size_t k = 0; k < MT_THEME_COUNT; k++)
        if (a->theme[k])
            fclose(a->theme[k]);
    if (a->notes)
        fclose(a->notes);
    if (a->heads)
        fclose(a->heads);
    free(a->change.c);
    free(a->trend.c);
    free(a);
}

static void add_candidate(mt_findings_acc *a, candidates *cs, double score, double t_last,
                          size_t i, const char *text)
{
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? 2 * cs->cap : 64;
        candidate *p = realloc(cs->c, cap * sizeof *p);
        if (p == NULL) {
            a->status = MT_ENOMEM;
            return;
        }
        cs->c = p;
        cs->cap = cap;
    }
    long off = ftell(a->heads);
    size_t len = strlen(text);
    if (off < 0 || fwrite(text, 1, len, a->heads) != len) {
        a->status = MT_EIO;
        return;
    }
    cs->c[cs->n++] = (candidate){score, t_last, i, off, len};
}

/* The section slot of a theme: the themes in enum order (vocab.h), then the
 * series without one. */
static size_t theme_slot(mt_theme t)
{
    return t == MT_THEME_NONE || (size_t)t >= MT_THEME_COUNT ? MT_THEME_COUNT - 1 : (size_t)t - 1;
}

void mt_findings_acc_add(mt_findings_acc *a, const mt_report *run, const mt_series_result *r)
{
    if (a->status != MT_OK)
        return;
    const mt_series *s = r->series;
    const mt_lang lang = run->opts.lang;
    const size_t i = a->n_series++;
    double t_last = -INFINITY;
    for (size_t k = 0; k < s->n; k++) {
        if (!isfinite(s->value[k]))
            continue;
        a->n_obs++;
        t_last = fmax(t_last, s->t[k]);
        if (s->t[k] < a->t_lo) {
            a->t_lo = s->t[k];
            mt_period_format(&s->period[k], a->lo, sizeof a->lo);
        }
        if (s->t[k] > a->t_hi) {
            a->t_hi = s->t[k];
            mt_period_format(&s->period[k], a->hi, sizeof a->hi);
        }
    }
    if (r->season[0] && strcmp(r->season, "none") != 0)
        a->seasonal = 1;

    /* headline candidates: a change that is significant or, where the data
     * carry no uncertainty, at least 10%; a significant current trend of a
     * series long enough to have one */
    mt_findings_out o = {a->heads, lang, run};
    if (isfinite(r->change_prev_pct)) {
        int sig = isfinite(r->change_prev_p) ? r->change_prev_p < 0.05 : fabs(r->change_prev_pct) >= 10;
        if (sig) {
            char name[512], sent[512], text[1100];
            mt_names_series_title(run, s, name, sizeof name);
            mt_findings_change(&o, r, sent, sizeof sent);
            snprintf(text, sizeof text, "%s %s", name, sent);
            add_candidate(a, &a->change, fabs(r->change_prev_pct), t_last, i, text);
        }
    }
    if (r->n_fit > MT_SHORT_SERIES_MAX) {
        mt_current_trend c;
        mt_findings_current_trend(r, &c);
        if (c.kind != MT_CURRENT_NONE && c.significant && isfinite(c.apc)) {
            char name[512], phrase[512], text[1100];
            mt_names_series_title(run, s, name, sizeof name);
            mt_findings_current_phrase(&c, lang, phrase, sizeof phrase);
            snprintf(text, sizeof text, "%s: %s", name, phrase);
            add_candidate(a, &a->trend, fabs(c.apc), 0.0, i, text);
        }
    }

    /* the paragraph, in its theme's section */
    size_t slot = theme_slot(r->meta.theme);
    if (a->theme[slot] == NULL && (a->theme[slot] = scratch(a)) == NULL)
        return;
    a->theme_n[slot]++;
    o.f = a->theme[slot];
    mt_findings_indicator(&o, r);
    fputc('\n', o.f);

    o.f = a->notes;
    mt_findings_series_notes(&o, r);
}

/* Copy scratch file from to the end of f. */
static mt_status copy_all(FILE *from, FILE *f)
{
    char buf[1 << 15];
    size_t n;
    if (fflush(from) != 0 || fflush(f) != 0)
        return MT_EIO;
    /* in the kernel where it can (the paragraphs of 100,000 series are
     * 80 MB), the rest through the buffer */
    loff_t off = 0;
    while (copy_file_range(fileno(from), &off, fileno(f), NULL, (size_t)1 << 30, 0) > 0)
        ;
    if (fseek(from, (long)off, SEEK_SET) != 0 || fseek(f, 0, SEEK_END) != 0)
        return MT_EIO;
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        if (fwrite(buf, 1, n, f) != n)
            return MT_EIO;
    return ferror(from) ? MT_EIO : MT_OK;
}

static int by_score(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    if (a->score != b->score)
        return a->score < b->score ? 1 : -1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Print the first `most` of cs (after sorting) as numbered items "N. TEXT.". */
static mt_status print_ranked(mt_findings_acc *a, candidates *cs, size_t most, size_t *item, FILE *f)
{
    if (cs->n > 1) /* qsort wants a non-NULL array, even of none */
        qsort(cs->c, cs->n, sizeof *cs->c, by_score);
    if (fflush(a->heads) != 0)
        return MT_EIO;
    for (size_t j = 0; j < cs->n && j < most; j++) {
        char text[1100];
        const candidate *c = &cs->c[j];
        if (c->len >= sizeof text || fseek(a->heads, c->off, SEEK_SET) != 0 ||
            fread(text, 1, c->len, a->heads) != c->len)
            return MT_EIO;
        text[c->len] = '\0';
        fprintf(f, "%zu. %s.\n", ++*item, text);
    }
    return MT_OK;
}

mt_status mt_findings_acc_headlines(mt_findings_acc *a, const mt_findings_out *o,
                                    void (*crosschecks)(const mt_findings_out *o, size_t *item))
{
    if (a->status != MT_OK)
        return a->status;
    /* only series that reach the edition's last period (the latest 'last'
     * among series) have their change told */
    const double t_end = a->t_hi;
    size_t m = 0;
    for (size_t j = 0; j < a->change.n; j++)
        if (!(a->change.c[j].t_last < floor(t_end) - 1e-9))
            a->change.c[m++] = a->change.c[j];
    a->change.n = m;
    size_t item = 0;
    mt_status st = print_ranked(a, &a->change, 6, &item, o->f);
    if (st == MT_OK) {
        crosschecks(o, &item);
        st = print_ranked(a, &a->trend, 4, &item, o->f);
    }
    if (st == MT_OK && item == 0)
        fprintf(o->f, "%s\n", o->lang == MT_LANG_NL
                                  ? "Geen significante verandering of afwijking in deze editie."
                                  : "No significant change or divergence in this edition.");
    return st;
}

void mt_findings_acc_header(const mt_findings_acc *a, size_t *n_series, size_t *n_obs,
                            const char **lo, const char **hi)
{
    *n_series = a->n_series;
    *n_obs = a->n_obs;
    *lo = a->lo;
    *hi = a->hi;
}

int mt_findings_acc_seasonal(const mt_findings_acc *a)
{
    return a->seasonal;
}

mt_status mt_findings_acc_section(mt_findings_acc *a, size_t slot, size_t *count, FILE *f)
{
    *count = slot < MT_THEME_COUNT ? a->theme_n[slot] : 0;
    if (a->status != MT_OK || *count == 0 || f == NULL)
        return a->status;
    return copy_all(a->theme[slot], f);
}

mt_status mt_findings_acc_notes(mt_findings_acc *a, FILE *f)
{
    return a->status != MT_OK ? a->status : copy_all(a->notes, f);
}
