/*
 * cc_note_words.h - the words of a cross-check's typed note (result.h
 * mt_cc_note) and of a cross-check lacking data (mt_cc_lack), in English
 * or Dutch, numbers in the language's format (fmt.h).
 */
#ifndef MONITREND_CC_NOTE_WORDS_H
#define MONITREND_CC_NOTE_WORDS_H

#include <stddef.h>
#include "monitrend/lang.h"
#include "monitrend/result.h"

/* The note of row r into buf (always NUL-terminated; "" for
 * MT_CC_NOTE_NONE):
 *   no common periods
 *   shift from A to B; share of A: +0.50 percentage points a year
 *     (95% CI ...); total: +3.4% (95% CI ...) a year
 *   expected sign +; recent APC +3.4% (95% CI ...); 2 of 3 indicators point
 *     to rising availability
 *   ratio APC +3.4% (95% CI ...) a year */
void mt_cc_note_text(mt_lang lang, const mt_cc_row *r, char *buf, size_t size);

/* A cross-check's label in lang: label_nl (of mt_cc_row or mt_cc_lack)
 * when Dutch and not "", else label. */
const char *mt_cc_label(mt_lang lang, const char *label, const char *label_nl);

/* As mt_cc_note_text, for a reader: member A by name_a (its reader-facing
 * name) instead of its id, and a displacement's verdict left out unless
 * with_verdict (the findings say it before). */
void mt_cc_note_text_for(mt_lang lang, const mt_cc_row *r, const char *name_a, int with_verdict,
                         char *buf, size_t size);

/* The note of a comparison (comparison.h) into buf ("" for NONE):
 *   the series have different frequencies
 *   too few common periods: 4
 *   1 joinpoint in each model, the largest number selected: 1 for A, 0 for
 *     B, 1 for the parallel model[; at most 3 in a comparison][; definition
 *     changes as level shifts of each series]; 4499 permutations */
void mt_cmp_note_text(mt_lang lang, const mt_cmp_row *r, char *buf, size_t size);

/* "LABEL (ID): lacking data (no data in this edition for X, Y)", or for a
 * ratio "LABEL (ID): lacking data (X has no data in this edition)". */
void mt_cc_lack_text(mt_lang lang, const mt_cc_lack *x, char *buf, size_t size);

#endif
