/*
 * event_words.h - the words of what was done with an event (result.h
 * mt_an_event: mt_event_note and the comparison's failure), in English or
 * Dutch.
 */
#ifndef MONITREND_EVENT_WORDS_H
#define MONITREND_EVENT_WORDS_H

#include <stddef.h>
#include "monitrend/lang.h"
#include "monitrend/result.h"

/* "jump estimated in the joinpoint model", "not estimated: MSG", "linear
 * scale: level change in data units[; comparison not estimated: MSG]", ...
 * into buf ("" when there is nothing to say). */
void mt_event_note_text(mt_lang lang, const mt_an_event *e, char *buf, size_t size);

#endif
