/*
 * load_note_words.c - words of the warnings of reading the data (see
 * load_note_words.h); intake gives kinds, counts and ids only.
 */
#include "monitrend/load_note_words.h"

#include <stdio.h>
#include <string.h>

#define L(en, nl) (lang == MT_LANG_NL ? (nl) : (en))

void mt_load_note_text(mt_lang lang, const mt_load_note *x, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    buf[0] = '\0';
    switch (x->kind) {
    case MT_LOAD_NOTE_UNDECLARED:
        snprintf(buf, size,
                 L("source %s (%s): %zu %s for indicator '%s', which the model does not declare; "
                   "ignored",
                   "bron %s (%s): %zu %s voor indicator '%s', die het model niet declareert; "
                   "genegeerd"),
                 x->source, x->path, x->n,
                 x->n == 1 ? L("row", "rij") : L("rows", "rijen"),
                 x->ids.n ? x->ids.item[0] : "");
        break;
    case MT_LOAD_NOTE_NO_DATA: {
        int len = snprintf(buf, size, "%s %zu %s: ",
                           L("no data in this edition for", "geen gegevens in deze editie voor"),
                           x->n, x->n == 1 ? "indicator" : L("indicators", "indicatoren"));
        for (size_t i = 0; i < x->ids.n && len >= 0 && (size_t)len < size; i++)
            len += snprintf(buf + len, size - (size_t)len, "%s%s", i ? ", " : "", x->ids.item[i]);
        break;
    }
    }
}
