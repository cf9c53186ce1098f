/*
 * lang.h - the language of reader-facing text.
 *
 * Chosen at intake (`--lang`, `language =` in a model) and used only by the
 * presentation layer, which makes every sentence; it lives in core so that
 * the options record can carry it without depending on the writers.
 */
#ifndef MONITREND_LANG_H
#define MONITREND_LANG_H

typedef enum { MT_LANG_EN = 0, MT_LANG_NL } mt_lang;

#endif
