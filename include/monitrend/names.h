/*
 * names.h - reader-facing names of ids (markets, regions, themes, verdict
 * words) in the edition's language.
 *
 * A figure or text never shows an id such as `cannabis_resin`, `NL-BE` or
 * `criminal law` when a reader-facing name exists.  The name of an id of a
 * kind comes from, in order: the model's [names] section (`KIND.ID` for
 * English, `KIND.ID_nl` for Dutch; docs/model-format.md), the built-in
 * vocabulary (one table in src/present/names.c), and for English the id
 * itself with '_' read as a space.  A Dutch edition that finds no Dutch
 * form uses the English one; mt_names_missing_nl lists every such text so
 * that `run --lang nl` can warn once per text and `check --lang nl` can
 * list them.
 */
#ifndef MONITREND_NAMES_H
#define MONITREND_NAMES_H

#include <stddef.h>
#include "monitrend/fmt.h"
#include "monitrend/report.h"
#include "monitrend/status.h"
#include "monitrend/strlist.h"

/* Longest name written by mt_names_get, bytes with the NUL. */
#define MT_NAMES_MAX 256

/* The name of id (kind "market", "region", "theme" or "verdict") in lang,
 * into buf (always NUL-terminated); returns buf.  nt (the model's [names],
 * result.h) may be NULL, and so may its lists. */
const char *mt_names_get(const mt_name_table *nt, const char *kind, const char *id, mt_lang lang,
                         char *buf, size_t size);

/* 1 when id has a Dutch form (model or built-in), else 0. */
int mt_names_has_nl(const mt_name_table *nt, const char *kind, const char *id);

/* A cross-check verdict ("consistent", "shift from A to B", ...) for a
 * reader: in lang, with the members' names for A and B. */
void mt_names_verdict(const mt_name_table *nt, const char *verdict, const char *a, const char *b,
                      mt_lang lang, char *buf, size_t size);

/* A cross-check type ("concordance", ...) in lang; static storage. */
const char *mt_names_type(const char *type, mt_lang lang);

/* "label, market name, region name" of a series in the run's language. */
void mt_names_series_title(const mt_report *run, const mt_series *s, char *buf, size_t size);

/* "market, region" names of a series ("cocaine, NL"): what tells members
 * of one indicator apart when the label is too long to repeat. */
void mt_names_market_region(const mt_report *run, const mt_series *s, char *buf, size_t size);

/* Append to out one line per market and region of the data set that has
 * no Dutch name: "market Y: no Dutch name ([names] market.Y_nl)", ... each
 * once (the texts of the model: pipeline.h mt_pipeline_missing_nl).
 * MT_ENOMEM. */
mt_status mt_names_missing_nl(const mt_name_table *nt, const mt_dataset *ds, mt_strlist *out);

/* Append to out the line of each text of the model without a Dutch form
 * (result.h mt_nl_gap): "indicator X: no label_nl (line N)", ... each
 * once.  MT_ENOMEM. */
mt_status mt_names_gap_text(const mt_nl_gap *gaps, size_t n, mt_strlist *out);

#endif
