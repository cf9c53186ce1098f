/*
 * comparison.h - one pairwise joinpoint comparison of a run, as written to
 * results/comparisons.csv (two rows: the tests of coincidence and of
 * parallelism) and to the findings.  Computed by mt_pipeline_compare
 * (src/run/compare_run.c) with the kernel of compare.h.
 */
#ifndef MONITREND_COMPARISON_H
#define MONITREND_COMPARISON_H

#include <stddef.h>
#include "monitrend/period.h"

/* What the note of a comparison says (cc_note_words.h mt_cmp_note_text
 * makes the words from the row's numbers). */
typedef enum {
    MT_CMP_NOTE_NONE = 0,
    MT_CMP_NOTE_FREQUENCIES,  /* the series have different frequencies */
    MT_CMP_NOTE_TOO_FEW,      /* too few common periods: n */
    MT_CMP_NOTE_FIT           /* the joinpoints of each model, capped, level shifts, permutations */
} mt_cmp_note;

typedef struct {
    char comparison[64], a[128], b[128];
    char label[256];             /* the cross-check's label (else its id) */
    char label_nl[256];          /* its Dutch label, "" when none */
    char first[MT_PERIOD_STR_MAX], last[MT_PERIOD_STR_MAX];
    size_t n;                    /* common periods compared */
    int log_scale;
    int k_a, k_b, k_pool, kmax, capped;
    double f_coin, p_coin, f_par, p_par;
    size_t n_permutations;
    double aapc_a, aapc_b, aapc_diff, aapc_diff_lo, aapc_diff_hi, aapc_diff_p;
    size_t n_jumps;              /* level shifts modelled in each series */
    char verdict[24];            /* coincident, parallel, not parallel, inconclusive */
    mt_cmp_note note;
    int member_ar1;              /* a member has AR(1) errors in its own model, while the
                                    permutation tests assume independent errors (the note
                                    says so) */
} mt_cmp_row;

#endif
