/*
 * cc_words.c - words for cross-check verdicts and reasons (cc_words.h).
 *
 * Two tables, one row per code: the verdict names and the reasons.  A
 * reason's text may depend on the expected relation of the pair (same or
 * opposite) and holds placeholders that are filled from the row:
 *   {n}        common periods
 *   {total}    periods in which both members changed
 *   {with}     of those, periods whose changes went the expected way
 *   {against}  periods whose changes went the other way
 *   {r}        correlation of the log levels
 *   {rd}       correlation of the log changes
 *   {a}        the first member
 * Placeholders rather than printf formats, so that each language may order
 * the numbers as its grammar wants and the table stays plain data.
 */
#include "monitrend/cc_words.h"

#include <stdio.h>
#include <string.h>

static const char *const verdict_words[][2] = {
    {"consistent", "overeenstemmend"},
    {"diverging", "uiteenlopend"},
    {"opposite", "tegengesteld"},
    {"inconclusive", "onbeslist"},
    {"shift from A to B", "verschuiving van A naar B"},
    {"shift from B to A", "verschuiving van B naar A"},
    {"share shifting while the total falls", "verschuiving van het aandeel bij dalend totaal"},
    {"no shift", "geen verschuiving"},
    {"rising", "stijgend"},
    {"falling", "dalend"},
    {"stable", "stabiel"},
};

enum { ANY = -1, SAME = 0, OPPOSITE = 1 };

static const struct {
    const char *code;
    int expect; /* ANY, SAME or OPPOSITE: the row applies to pairs expected so */
    const char *en, *nl;
} reason_words[] = {
    {"too_few_periods", ANY, "too few common periods ({n})",
     "te weinig gemeenschappelijke periodes ({n})"},
    {"too_few_changes", ANY, "too few periods in which both changed ({total})",
     "te weinig periodes waarin beide veranderden ({total})"},
    {"trends_against_expected", SAME, "both trends are significant, in opposite directions",
     "beide trends zijn significant, in tegengestelde richting"},
    {"trends_against_expected", OPPOSITE,
     "both trends are significant, in the same direction, where opposite directions are expected",
     "beide trends zijn significant, in dezelfde richting, terwijl tegengestelde richtingen "
     "verwacht worden"},
    {"changes_against_expected", SAME,
     "the changes go significantly against each other (r of the changes = {rd}; opposite "
     "directions in {against} of {total} periods)",
     "de veranderingen gaan significant tegen elkaar in (r van de veranderingen = {rd}; "
     "tegengesteld in {against} van {total} periodes)"},
    {"changes_against_expected", OPPOSITE,
     "the changes go significantly together, where opposite directions are expected (r of the "
     "changes = {rd}; same direction in {against} of {total} periods)",
     "de veranderingen gaan significant samen op, terwijl tegengestelde richtingen verwacht "
     "worden (r van de veranderingen = {rd}; zelfde richting in {against} van {total} periodes)"},
    {"levels_against_expected", SAME, "the log levels are significantly negatively correlated (r = {r})",
     "de log-niveaus zijn significant negatief gecorreleerd (r = {r})"},
    {"levels_against_expected", OPPOSITE,
     "the log levels are significantly positively correlated, where opposite directions are "
     "expected (r = {r})",
     "de log-niveaus zijn significant positief gecorreleerd, terwijl tegengestelde richtingen "
     "verwacht worden (r = {r})"},
    {"rates_differ", ANY, "the rates of change differ significantly",
     "de jaarlijkse veranderingen verschillen significant"},
    {"changes_disagree", SAME, "the changes went in opposite directions in {against} of {total} periods",
     "de veranderingen gingen in {against} van {total} periodes in tegengestelde richting"},
    {"changes_disagree", OPPOSITE,
     "the changes went in the same direction in {against} of {total} periods, where opposite "
     "directions are expected",
     "de veranderingen gingen in {against} van {total} periodes in dezelfde richting, terwijl "
     "tegengestelde richtingen verwacht worden"},
    {"apc_diff_ci_wide", ANY,
     "the confidence interval of the difference in APC is too wide to call the rates equal",
     "het betrouwbaarheidsinterval van het APC-verschil is te breed om de veranderingen gelijk te "
     "noemen"},
    {"no_comovement", SAME,
     "no significant sign that the two move together",
     "geen significante aanwijzing dat beide samen bewegen"},
    {"no_comovement", OPPOSITE,
     "no significant sign that the two move in opposite directions, as expected (opposite "
     "directions in {with} of {total} periods)",
     "geen significante aanwijzing dat beide, zoals verwacht, tegengesteld bewegen "
     "(tegengesteld in {with} van {total} periodes)"},
    {"changes_comove", SAME,
     "the changes move together (r of the changes = {rd}; same direction in {with} of {total} "
     "periods)",
     "de veranderingen gaan samen op (r van de veranderingen = {rd}; zelfde richting in {with} "
     "van {total} periodes)"},
    {"changes_comove", OPPOSITE,
     "the changes move in opposite directions, as expected (r of the changes = {rd}; opposite "
     "directions in {with} of {total} periods)",
     "de veranderingen bewegen, zoals verwacht, tegengesteld (r van de veranderingen = {rd}; "
     "tegengesteld in {with} van {total} periodes)"},
    {"levels_comove", SAME,
     "the log levels are significantly correlated (r = {r}), and the changes do not disagree "
     "in most periods",
     "de log-niveaus zijn significant gecorreleerd (r = {r}) en de veranderingen gaan niet in "
     "de meeste periodes tegen elkaar in"},
    {"levels_comove", OPPOSITE,
     "the log levels are significantly negatively correlated, as expected (r = {r}); opposite "
     "directions in {with} of {total} periods",
     "de log-niveaus zijn, zoals verwacht, significant negatief gecorreleerd (r = {r}); "
     "tegengesteld in {with} van {total} periodes"},
    {"trends_comove", SAME, "both trends are significant, in the same direction",
     "beide trends zijn significant, in dezelfde richting"},
    {"trends_comove", OPPOSITE, "both trends are significant, in opposite directions, as expected",
     "beide trends zijn significant, zoals verwacht in tegengestelde richting"},
    {"share_falls", ANY, "the share of {a} falls significantly while the total holds",
     "het aandeel van {a} daalt significant terwijl het totaal standhoudt"},
    {"share_rises", ANY, "the share of {a} rises significantly while the total holds",
     "het aandeel van {a} stijgt significant terwijl het totaal standhoudt"},
    {"share_shifts_total_falls", ANY, "the share of {a} shifts significantly while the total falls",
     "het aandeel van {a} verschuift significant terwijl het totaal daalt"},
    {"share_flat", ANY, "no significant trend in the share of {a}",
     "geen significante trend in het aandeel van {a}"},
    {"trend_up", ANY, "significant upward trend", "significant stijgende trend"},
    {"trend_down", ANY, "significant downward trend", "significant dalende trend"},
    {"trend_flat", ANY, "no significant trend", "geen significante trend"},
    {"no_common_periods", ANY, "no common periods", "geen gemeenschappelijke periodes"},
};

const char *mt_cc_verdict_word(mt_lang lang, const char *v)
{
    if (v == NULL || lang != MT_LANG_NL)
        return v;
    for (size_t i = 0; i < sizeof verdict_words / sizeof verdict_words[0]; i++)
        if (strcmp(v, verdict_words[i][0]) == 0)
            return verdict_words[i][1];
    return v;
}

/* Write x with 2 decimals in the language ("-" when missing). */
static void fmt_r(mt_lang lang, double x, char *buf, size_t size)
{
    if (mt_fmt_fixed(x, 2, lang, "-", buf, size) != MT_OK)
        snprintf(buf, size, "-");
}

void mt_cc_reason_text(mt_lang lang, const mt_cc_row *c, const char *name_a, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    buf[0] = '\0';
    if (c == NULL || c->verdict_reason[0] == '\0')
        return;
    int want = c->expect_opposite ? OPPOSITE : SAME;
    const char *tpl = NULL;
    for (size_t i = 0; i < sizeof reason_words / sizeof reason_words[0] && tpl == NULL; i++)
        if (strcmp(c->verdict_reason, reason_words[i].code) == 0 &&
            (reason_words[i].expect == ANY || reason_words[i].expect == want))
            tpl = lang == MT_LANG_NL ? reason_words[i].nl : reason_words[i].en;
    if (tpl == NULL) {
        snprintf(buf, size, "%s", c->verdict_reason);
        return;
    }
    size_t with = c->expect_opposite ? c->total - c->agree : c->agree;
    size_t k = 0;
    while (*tpl && k + 1 < size) {
        char val[MT_FMT_MAX] = "";
        const char *end = *tpl == '{' ? strchr(tpl, '}') : NULL;
        if (end == NULL) {
            buf[k++] = *tpl++;
            continue;
        }
        size_t len = (size_t)(end - tpl - 1);
        const char *key = tpl + 1;
#define IS(name) (len == strlen(name) && strncmp(key, name, len) == 0)
        if (IS("n"))
            snprintf(val, sizeof val, "%zu", c->n);
        else if (IS("total"))
            snprintf(val, sizeof val, "%zu", c->total);
        else if (IS("with"))
            snprintf(val, sizeof val, "%zu", with);
        else if (IS("against"))
            snprintf(val, sizeof val, "%zu", c->total - with);
        else if (IS("r"))
            fmt_r(lang, c->r_levels, val, sizeof val);
        else if (IS("rd"))
            fmt_r(lang, c->r_diff, val, sizeof val);
#undef IS
        int w = snprintf(buf + k, size - k, "%s", len == 1 && *key == 'a' ? (name_a ? name_a : c->a) : val);
        k = w < 0 ? k : (size_t)w >= size - k ? size - 1 : k + (size_t)w;
        tpl = end + 1;
    }
    buf[k] = '\0';
}

/* The words of the MT_DIVERGE_* bits; a residual is printed with two
 * decimals as the CSV always had it. */
void mt_cc_divergent_text(mt_lang lang, const mt_cc_row *c, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    buf[0] = '\0';
    if (c == NULL)
        return;
    int nl = lang == MT_LANG_NL;
    size_t off = 0;
    for (size_t k = 0; k < c->n_divergent && off < size; k++) {
        const mt_cc_divergent *d = &c->divergent[k];
        const char *opp = NULL;
        if (d->reasons & MT_DIVERGE_OPPOSITE_SIG)
            opp = nl ? "tegengestelde significante veranderingen" : "opposite significant changes";
        else if (d->reasons & MT_DIVERGE_OPPOSITE)
            opp = nl ? "tegengestelde veranderingen" : "opposite changes";
        char resid[64] = "";
        if (d->reasons & MT_DIVERGE_RESIDUAL) {
            snprintf(resid, sizeof resid, "%s%s %.2f", opp ? ", " : "", nl ? "residu" : "residual", d->resid);
            for (char *p = resid; nl && *p; p++)
                if (*p == '.')
                    *p = ','; /* the Dutch decimal comma */
        }
        int r = snprintf(buf + off, size - off, "%s%s %s%s", k ? "; " : "", d->period, opp ? opp : "", resid);
        if (r < 0)
            break;
        off += (size_t)r;
    }
    if (off >= size)
        buf[size - 1] = '\0';
}

int mt_cc_is_divergent(const mt_cc_row *c, const char *period)
{
    for (size_t k = 0; c && period && k < c->n_divergent; k++)
        if (strcmp(c->divergent[k].period, period) == 0)
            return 1;
    return 0;
}
