/*
 * event_words.c - words of the typed notes of events (see event_words.h).
 * The kernels' messages (msg, did_msg) stay as they are.
 */
#include "monitrend/event_words.h"

#include <stdio.h>
#include <string.h>

#include "monitrend/fmt.h"

#define L(en, nl) (lang == MT_LANG_NL ? (nl) : (en))

void mt_event_note_text(mt_lang lang, const mt_an_event *e, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    buf[0] = '\0';
    char r[MT_FMT_MAX], se[MT_FMT_MAX];
    switch (e->note) {
    case MT_EVENT_NOTE_NONE:
        break;
    case MT_EVENT_NOTE_BRIDGED:
        if (lang == MT_LANG_NL) {
            mt_fmt_sig(e->ratio, 4, lang, NULL, r, sizeof r);
            mt_fmt_sig(e->ratio_se, 4, lang, NULL, se, sizeof se);
            snprintf(buf, size, "overbrugd met de vergelijkbaarheidsratio %s (SE %s): eerdere waarden "
                     "vermenigvuldigd, één trend eroverheen geschat, geen sprong", r, se);
        } else {
            snprintf(buf, size, "bridged by the comparability ratio %.4g (SE %.4g): earlier values "
                     "multiplied, one trend fitted across, no jump", e->ratio, e->ratio_se);
        }
        break;
    case MT_EVENT_NOTE_JUMP_JOINPOINT:
        snprintf(buf, size, "%s", L("jump estimated in the joinpoint model",
                                    "sprong geschat in het joinpointmodel"));
        break;
    case MT_EVENT_NOTE_JUMP_TOO_FEW:
        snprintf(buf, size, "%s", L("too few points on one side to estimate the jump",
                                    "te weinig punten aan één kant om de sprong te schatten"));
        break;
    case MT_EVENT_NOTE_JUMP_TREND:
        snprintf(buf, size, "%s", L("jump estimated in the log-linear trend",
                                    "sprong geschat in de log-lineaire trend"));
        break;
    case MT_EVENT_NOTE_NOT_ESTIMATED:
        snprintf(buf, size, "%s: %s", L("not estimated", "niet geschat"), e->msg);
        break;
    case MT_EVENT_NOTE_LINEAR:
        snprintf(buf, size, "%s", L("linear scale: level change in data units",
                                    "lineaire schaal: niveauverandering in de eenheid van de gegevens"));
        break;
    }
    if (e->did_msg[0]) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s: %s", len ? "; " : "",
                 L("comparison not estimated", "vergelijking niet geschat"), e->did_msg);
    }
}
