/*
 * load_note_words.h - the words of a warning of reading the data (result.h
 * mt_load_note) in English (the CLI, results.json) or Dutch.
 */
#ifndef MONITREND_LOAD_NOTE_WORDS_H
#define MONITREND_LOAD_NOTE_WORDS_H

#include <stddef.h>
#include "monitrend/lang.h"
#include "monitrend/result.h"

/* "source S (FILE): 2 rows for indicator 'Y', which the model does not
 * declare; ignored", "no data in this edition for 3 indicators: a, b, c"
 * into buf (always NUL-terminated, cut to size). */
void mt_load_note_text(mt_lang lang, const mt_load_note *x, char *buf, size_t size);

#endif
