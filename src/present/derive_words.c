/*
 * derive_words.c - words of the warnings about derived series (see
 * derive_words.h); the run gives the kind and the numbers.
 */
#include "monitrend/derive_words.h"

#include <stdio.h>

void mt_derive_note_text(mt_lang lang, const mt_derive_note *x, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    const int nl = lang == MT_LANG_NL;
    const char *id = x->id ? x->id : "";
    switch (x->kind) {
    case MT_DERIVE_NOTE_INPUT_MISSING:
        if (nl)
            snprintf(buf, size, "afgeleide reeks %s: invoer %s heeft geen gegevens; niet berekend",
                     id, x->input ? x->input : "");
        else
            snprintf(buf, size, "derived %s: input %s has no data; not computed", id,
                     x->input ? x->input : "");
        break;
    case MT_DERIVE_NOTE_NONFINITE:
        if (nl)
            snprintf(buf, size, "afgeleide reeks %s: %zu %s verloren door een deling door nul of een "
                     "waarde buiten het bereik van getallen (niet-eindige uitkomst)",
                     id, x->n, x->n == 1 ? "periode" : "periodes");
        else
            snprintf(buf, size, "derived %s: %zu period%s lost to a division by zero or a value "
                     "beyond the range of numbers (non-finite result)",
                     id, x->n, x->n == 1 ? "" : "s");
        break;
    case MT_DERIVE_NOTE_LOW_COVERAGE:
        if (nl)
            snprintf(buf, size, "afgeleide reeks %s: %zu %s onder de dekking van %.0f%% van het "
                     "gewicht weggelaten", id, x->n, x->n == 1 ? "periode" : "periodes",
                     100 * x->coverage);
        else
            snprintf(buf, size, "derived %s: %zu period%s below the coverage of %.0f%% of the "
                     "weight left out", id, x->n, x->n == 1 ? "" : "s", 100 * x->coverage);
        break;
    case MT_DERIVE_NOTE_NO_BASE:
        if (nl)
            snprintf(buf, size, "afgeleide reeks %s: basisperiode %s komt niet voor in de gegevens; "
                     "niet berekend", id, x->period);
        else
            snprintf(buf, size, "derived %s: base period %s is not in the data; not computed", id,
                     x->period);
        break;
    case MT_DERIVE_NOTE_TOO_FEW:
        /* the kernel's message stays as it is (English) */
        snprintf(buf, size, "%s %s: %s; %s", nl ? "afgeleide reeks" : "derived", id, x->msg,
                 nl ? "niet berekend" : "not computed");
        break;
    default:
        buf[0] = '\0';
        break;
    }
}
