/*
 * smallstat.c - small statistics shared by the kernels (see smallstat.h).
 */
#include "monitrend/smallstat.h"

#include <gsl/gsl_sort.h>

void mt_average_ranks(const double *x, size_t n, size_t *idx, double *rank)
{
    gsl_sort_index(idx, x, 1, n);
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j + 1 < n && x[idx[j + 1]] == x[idx[i]])
            j++;
        double avg = 0.5 * ((double)i + (double)j) + 1.0;
        for (size_t k = i; k <= j; k++)
            rank[idx[k]] = avg;
        i = j + 1;
    }
}
