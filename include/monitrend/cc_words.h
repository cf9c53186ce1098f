/*
 * cc_words.h - the words of cross-check verdicts and their reasons, in
 * English and Dutch, for findings and figures.
 *
 * Results carry machine-readable codes (verdict, verdict_reason; see
 * crosscheck.h); this is the one place that turns them into words, so that
 * a translation or a new reason is one table row in cc_words.c.
 */
#ifndef MONITREND_CC_WORDS_H
#define MONITREND_CC_WORDS_H

#include <stddef.h>
#include "monitrend/analysis.h"
#include "monitrend/fmt.h"

/* The verdict ("consistent", "shift from A to B", ...) in the language;
 * unknown verdicts come back unchanged.  Static storage or v itself. */
const char *mt_cc_verdict_word(mt_lang lang, const char *v);

/* The reason of row c's verdict in words, with its numbers ("the changes
 * went in opposite directions in 5 of 5 periods"), written into buf
 * (truncated to size - 1); "" when the row has no reason code. */
void mt_cc_reason_text(mt_lang lang, const mt_cc_row *c, char *buf, size_t size);

#endif
