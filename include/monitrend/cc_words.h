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
 * (truncated to size - 1); "" when the row has no reason code.  name_a is
 * the reader-facing name of member a (NULL: its id). */
void mt_cc_reason_text(mt_lang lang, const mt_cc_row *c, const char *name_a, char *buf,
                       size_t size);

/* The divergent periods of row c in words, "2020 opposite significant
 * changes, residual 2.31; 2021 opposite changes" ("2020 tegengestelde
 * significante veranderingen, residu 2,31; ..." in Dutch), written into buf
 * (truncated to size - 1); "" when none.  The English text is the
 * divergent_periods column of crosschecks.csv. */
void mt_cc_divergent_text(mt_lang lang, const mt_cc_row *c, char *buf, size_t size);

/* 1 when period (a label as mt_period_format writes it) is one of row c's
 * divergent periods, else 0. */
int mt_cc_is_divergent(const mt_cc_row *c, const char *period);

#endif
