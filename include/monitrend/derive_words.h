/*
 * derive_words.h - the words of a warning about a derived series (result.h
 * mt_derive_note) in English (the CLI, results.json) or Dutch.
 */
#ifndef MONITREND_DERIVE_WORDS_H
#define MONITREND_DERIVE_WORDS_H

#include <stddef.h>
#include "monitrend/lang.h"
#include "monitrend/result.h"

/* "derived ID: 3 periods below the coverage of 50% of the weight left
 * out", ... into buf (always NUL-terminated). */
void mt_derive_note_text(mt_lang lang, const mt_derive_note *x, char *buf, size_t size);

#endif
