/*
 * write_compare.c - results rows and findings text of the pairwise joinpoint
 * comparisons (write_compare.h).  Verdicts are English words in the CSV (a
 * contract, as for the cross-checks); the Dutch findings translate them.
 */
#include "monitrend/write_compare.h"

#include <math.h>
#include <string.h>

#include "monitrend/cc_note_words.h"
#include "monitrend/fmt.h"
#include "monitrend/names.h"

#define L(en, nl) (lang == MT_LANG_NL ? (nl) : (en))

static const char *const cmp_cols[] = {
    "comparison", "a", "b", "first", "last", "n", "test", "statistic", "p", "aapc_a", "aapc_b",
    "aapc_diff", "aapc_diff_lo", "aapc_diff_hi", "aapc_diff_p", "verdict",
};

void mt_write_compare_table(const mt_report *run, mt_table *t)
{
    mt_table_init(t, "comparisons", cmp_cols, sizeof cmp_cols / sizeof cmp_cols[0]);
    for (size_t i = 0; i < run->n_cmp; i++) {
        const mt_cmp_row *c = &run->cmp[i];
        for (int test = 0; test < 2; test++) {
            mt_table_text(t, c->comparison);
            mt_table_text(t, c->a);
            mt_table_text(t, c->b);
            mt_table_text(t, c->first);
            mt_table_text(t, c->last);
            mt_table_int(t, (long long)c->n);
            mt_table_text(t, test == 0 ? "coincidence" : "parallelism");
            mt_table_num(t, test == 0 ? c->f_coin : c->f_par);
            mt_table_num(t, test == 0 ? c->p_coin : c->p_par);
            mt_table_num(t, c->aapc_a);
            mt_table_num(t, c->aapc_b);
            mt_table_num(t, c->aapc_diff);
            mt_table_num(t, c->aapc_diff_lo);
            mt_table_num(t, c->aapc_diff_hi);
            mt_table_num(t, c->aapc_diff_p);
            mt_table_text(t, c->verdict);
            mt_table_row_end(t);
        }
    }
}

/* What a verdict means, for readers who do not know the tests. */
static const char *verdict_gloss(mt_lang lang, const char *v)
{
    if (strcmp(v, "coincident") == 0)
        return L("one trend fits both", "één trend past bij beide");
    if (strcmp(v, "parallel") == 0)
        return L("the same shape at different levels", "dezelfde vorm op verschillend niveau");
    if (strcmp(v, "not parallel") == 0)
        return L("the trends differ in shape", "de trends verschillen van vorm");
    return L("too little data to tell", "te weinig gegevens om te oordelen");
}

static const char *verdict_nl(const char *v)
{
    if (strcmp(v, "coincident") == 0)
        return "samenvallend";
    if (strcmp(v, "parallel") == 0)
        return "parallel";
    if (strcmp(v, "not parallel") == 0)
        return "niet parallel";
    return "onbeslist";
}

static void fmt_p(mt_lang lang, double p, char *buf, size_t size)
{
    char v[MT_FMT_MAX];
    mt_fmt_pvalue(p, lang, NULL, v, sizeof v);
    if (v[0] == '<')
        snprintf(buf, size, "p < %s", v + 1);
    else
        snprintf(buf, size, "p = %s", v);
}

/* A member by its reader-facing name (names.h), the id when unknown. */
static void member_name(const mt_report *run, const char *id, char *buf, size_t size)
{
    const mt_series *s = mt_report_find(run, id);
    if (s != NULL)
        mt_names_series_title(run, s, buf, size);
    else
        snprintf(buf, size, "%s", id);
}

void mt_write_compare_findings(const mt_report *run, FILE *f)
{
    const mt_lang lang = run->opts.lang;
    for (size_t i = 0; i < run->n_cmp; i++) {
        const mt_cmp_row *c = &run->cmp[i];
        char na[512], nb[512];
        member_name(run, c->a, na, sizeof na);
        member_name(run, c->b, nb, sizeof nb);
        fprintf(f, "%s (%s): %s %s %s, %s-%s (%zu %s): %s, %s.\n", mt_cc_label(lang, c->label, c->label_nl),
                L("compare", "vergelijking"), na, L("and", "en"), nb,
                c->first[0] ? c->first : "-", c->last[0] ? c->last : "-", c->n,
                L("common periods", "gemeenschappelijke periodes"),
                lang == MT_LANG_NL ? verdict_nl(c->verdict) : c->verdict,
                verdict_gloss(lang, c->verdict));
        char note[1024];
        mt_cmp_note_text(lang, c, note, sizeof note);
        if (!isfinite(c->p_coin)) {
            if (note[0])
                fprintf(f, "  %s.\n", note);
            continue;
        }
        char fc[MT_FMT_MAX], fp[MT_FMT_MAX], pc[MT_FMT_MAX + 8], pp[MT_FMT_MAX + 8];
        mt_fmt_fixed(c->f_coin, 2, lang, NULL, fc, sizeof fc);
        mt_fmt_fixed(c->f_par, 2, lang, NULL, fp, sizeof fp);
        fmt_p(lang, c->p_coin, pc, sizeof pc);
        fmt_p(lang, c->p_par, pp, sizeof pp);
        fprintf(f, "  %s: F = %s, %s; %s: F = %s, %s (%s; %s).\n",
                L("Same trend (coincidence)", "Zelfde trend (samenvallen)"), fc, pc,
                L("same shape (parallelism)", "zelfde vorm (parallel)"), fp, pp,
                L("permutation tests of Kim et al. 2004", "permutatietoetsen van Kim e.a. 2004"),
                note);
        char a[MT_FMT_MAX], b[MT_FMT_MAX], d[MT_FMT_MAX], lo[MT_FMT_MAX], hi[MT_FMT_MAX],
            ci[3 * MT_FMT_MAX], p[MT_FMT_MAX + 8];
        if (c->log_scale) {
            mt_fmt_apc(c->aapc_a, lang, NULL, a, sizeof a);
            mt_fmt_apc(c->aapc_b, lang, NULL, b, sizeof b);
        } else {
            mt_fmt_sig(c->aapc_a, 3, lang, NULL, a, sizeof a);
            mt_fmt_sig(c->aapc_b, 3, lang, NULL, b, sizeof b);
        }
        mt_fmt_fixed(c->aapc_diff, 1, lang, NULL, d, sizeof d);
        mt_fmt_fixed(c->aapc_diff_lo, 1, lang, NULL, lo, sizeof lo);
        mt_fmt_fixed(c->aapc_diff_hi, 1, lang, NULL, hi, sizeof hi);
        mt_fmt_ci(lo, hi, lang, ci, sizeof ci);
        fmt_p(lang, c->aapc_diff_p, p, sizeof p);
        fprintf(f, "  %s %s-%s: %s %s %s; %s %s %s (%s), %s.\n",
                c->log_scale ? "AAPC" : L("Mean slope", "Gemiddelde helling"), c->first, c->last, a,
                L("and", "en"), b, L("difference", "verschil"), d,
                c->log_scale ? L("percentage points", "procentpunt") : L("units a year", "eenheden per jaar"),
                ci, p);
    }
}
