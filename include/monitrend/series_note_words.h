/*
 * series_note_words.h - the words of a series result's notes (series_note.h)
 * in English: the `note` column of results/trends.csv and results.json.
 */
#ifndef MONITREND_SERIES_NOTE_WORDS_H
#define MONITREND_SERIES_NOTE_WORDS_H

#include <stddef.h>
#include "monitrend/result.h"

/* One note, e.g. "linear scale: slope in units per year, no APC", into buf
 * (always NUL-terminated). */
void mt_series_note_word(const mt_series_note *x, char *buf, size_t size);

/* All of r's notes, "; "-separated, cut at size like the run's note always
 * was (a note that does not fit whole is cut, later ones dropped). */
void mt_series_note_text(const mt_series_result *r, char *buf, size_t size);

#endif
