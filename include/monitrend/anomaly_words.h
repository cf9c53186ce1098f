/*
 * anomaly_words.h - the reason of an anomaly flag in words, made from the
 * kind and numbers the detector returned (result.h mt_an_anomaly).
 *
 * The detector (anomaly.c) returns numbers only; this is the one place its
 * English sentence is made: the `reason` column of results/anomalies.csv and
 * the data notes of the findings (which round its values as a monitor does).
 */
#ifndef MONITREND_ANOMALY_WORDS_H
#define MONITREND_ANOMALY_WORDS_H

#include <stddef.h>
#include "monitrend/result.h"

/* The English reason, values in full (%.10g), e.g. "value 393 in 2013 is
 * 4.2 residual SDs below the trend (externally studentized residual,
 * Bonferroni p = 0.0012)"; written into buf, truncated to size - 1. */
void mt_anomaly_reason_en(const mt_an_anomaly *a, char *buf, size_t size);

#endif
