/*
 * cc_note_words.c - words of the typed notes of cross-checks (see
 * cc_note_words.h); the run gives numbers and enums only.
 */
#include "monitrend/cc_note_words.h"

#include <stdio.h>
#include <string.h>

#include "monitrend/fmt.h"

#define L(en, nl) (lang == MT_LANG_NL ? (nl) : (en))

/* "+3.4% (95% CI +1.2% to +5.6%)" in lang. */
static void pct_ci(mt_lang lang, double v, double lo, double hi, char *buf, size_t size)
{
    char a[MT_FMT_MAX], b[MT_FMT_MAX], c[MT_FMT_MAX], ci[3 * MT_FMT_MAX];
    mt_fmt_apc(v, lang, NULL, a, sizeof a);
    mt_fmt_apc(lo, lang, NULL, b, sizeof b);
    mt_fmt_apc(hi, lang, NULL, c, sizeof c);
    mt_fmt_ci(b, c, lang, ci, sizeof ci);
    snprintf(buf, size, "%s (%s)", a, ci);
}

static void displacement(mt_lang lang, const mt_cc_row *r, const char *name_a, int with_verdict,
                         char *buf, size_t size)
{
    const mt_cc_note *n = &r->note;
    char text[160];
    if (lang == MT_LANG_NL)
        snprintf(text, sizeof text, "%s",
                 n->verdict == MT_VERDICT_SHIFT_A_TO_B   ? "verschuiving van A naar B"
                 : n->verdict == MT_VERDICT_SHIFT_B_TO_A ? "verschuiving van B naar A"
                 : n->verdict == MT_VERDICT_SHIFT_FALLING ? "verschuiving bij dalend totaal"
                 : n->verdict == MT_VERDICT_NO_SHIFT      ? "geen verschuiving"
                                                          : "onbeslist");
    else
        mt_crosscheck_verdict_text(n->verdict, r->a, r->b, text, sizeof text);
    char pp[MT_FMT_MAX], lo[MT_FMT_MAX], hi[MT_FMT_MAX], ci[3 * MT_FMT_MAX], tot[512];
    mt_fmt_fixed(n->share_pp, 2, lang, NULL, pp, sizeof pp);
    mt_fmt_fixed(n->share_pp_lo, 2, lang, NULL, lo, sizeof lo);
    mt_fmt_fixed(n->share_pp_hi, 2, lang, NULL, hi, sizeof hi);
    mt_fmt_ci(lo, hi, lang, ci, sizeof ci);
    pct_ci(lang, n->apc, n->apc_lo, n->apc_hi, tot, sizeof tot);
    snprintf(buf, size, "%s%s%s %s: %s %s (%s); %s: %s %s", with_verdict ? text : "",
             with_verdict ? "; " : "", L("share of", "aandeel van"), name_a, pp,
             L("percentage points a year", "procentpunt per jaar"), ci, L("total", "totaal"), tot,
             L("a year", "per jaar"));
}

const char *mt_cc_label(mt_lang lang, const char *label, const char *label_nl)
{
    return lang == MT_LANG_NL && label_nl[0] ? label_nl : label;
}

void mt_cc_note_text(mt_lang lang, const mt_cc_row *r, char *buf, size_t size)
{
    mt_cc_note_text_for(lang, r, r->a, 1, buf, size);
}

void mt_cc_note_text_for(mt_lang lang, const mt_cc_row *r, const char *name_a, int with_verdict,
                         char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    buf[0] = '\0';
    const mt_cc_note *n = &r->note;
    char ci[512];
    switch (n->kind) {
    case MT_CC_NOTE_NONE:
        break;
    case MT_CC_NOTE_NO_COMMON:
        snprintf(buf, size, "%s", L("no common periods", "geen gemeenschappelijke periodes"));
        break;
    case MT_CC_NOTE_DISPLACEMENT:
        displacement(lang, r, name_a, with_verdict, buf, size);
        break;
    case MT_CC_NOTE_AVAILABILITY:
        pct_ci(lang, n->apc, n->apc_lo, n->apc_hi, ci, sizeof ci);
        snprintf(buf, size, "%s %s; %s %s; %zu %s %zu %s", L("expected sign", "verwacht teken"),
                 n->sign > 0 ? "+" : "-", L("recent APC", "recente JPV"), ci, n->k_rising,
                 L("of", "van"), n->m,
                 L("indicators point to rising availability",
                   "indicatoren wijzen op toenemende beschikbaarheid"));
        break;
    case MT_CC_NOTE_RATIO:
        pct_ci(lang, n->apc, n->apc_lo, n->apc_hi, ci, sizeof ci);
        snprintf(buf, size, "%s %s %s", L("ratio APC", "JPV van de verhouding"), ci,
                 L("a year", "per jaar"));
        break;
    }
}

void mt_cc_lack_text(mt_lang lang, const mt_cc_lack *x, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    if (x->ratio) {
        snprintf(buf, size, "%s (%s): %s (%s %s)", mt_cc_label(lang, x->label, x->label_nl),
                 x->crosscheck,
                 L("lacking data", "onvoldoende gegevens"), x->n_missing ? x->missing[0] : "",
                 L("has no data in this edition", "heeft geen gegevens in deze editie"));
        return;
    }
    char ids[512] = "";
    for (size_t i = 0; i < x->n_missing; i++) {
        size_t len = strlen(ids);
        snprintf(ids + len, sizeof ids - len, "%s%s", len ? ", " : "", x->missing[i]);
    }
    snprintf(buf, size, "%s (%s): %s (%s %s)", mt_cc_label(lang, x->label, x->label_nl),
                 x->crosscheck,
             L("lacking data", "onvoldoende gegevens"),
             L("no data in this edition for", "geen gegevens in deze editie voor"), ids);
}

void mt_cmp_note_text(mt_lang lang, const mt_cmp_row *r, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    buf[0] = '\0';
    switch (r->note) {
    case MT_CMP_NOTE_NONE:
        break;
    case MT_CMP_NOTE_FREQUENCIES:
        snprintf(buf, size, "%s", L("the series have different frequencies",
                                    "de reeksen hebben verschillende frequenties"));
        break;
    case MT_CMP_NOTE_TOO_FEW:
        snprintf(buf, size, "%s: %zu",
                 L("too few common periods", "te weinig gemeenschappelijke periodes"), r->n);
        break;
    case MT_CMP_NOTE_FIT:
        snprintf(buf, size,
                 L("%d joinpoint%s in each model, the largest number selected: %d for A, %d for B, %d "
                   "for the parallel model%s%s; %zu permutations",
                   "%d knikpunt%s in elk model, het grootste aantal gekozen: %d voor A, %d voor B, %d "
                   "voor het parallelle model%s%s; %zu permutaties"),
                 r->kmax, r->kmax == 1 ? "" : L("s", "en"), r->k_a, r->k_b, r->k_pool,
                 r->capped ? L("; at most 3 in a comparison", "; hoogstens 3 in een vergelijking") : "",
                 r->n_jumps ? L("; definition changes as level shifts of each series",
                                "; definitiewijzigingen als niveausprong van elke reeks")
                            : "",
                 r->n_permutations);
        if (r->member_ar1) {
            size_t len = strlen(buf);
            snprintf(buf + len, size - len, "%s",
                     L("; least squares with independent errors (the permutation tests assume "
                       "them), although a series has AR(1) errors in its own model",
                       "; kleinste kwadraten met onafhankelijke fouten (de permutatietoetsen "
                       "veronderstellen die), al heeft een reeks AR(1)-fouten in haar eigen model"));
        }
        break;
    }
}
