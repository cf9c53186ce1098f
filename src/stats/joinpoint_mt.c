/*
 * joinpoint_mt.c - the random numbers of the joinpoint CIs' resampling
 * (joinpoint_ci.c), fast: GSL's mt19937 generator (the numbers of
 * gsl_rng_mt19937 seeded by gsl_rng_set, Matsumoto and Nishimura 1998)
 * and gsl_rng_uniform_int's draws from it, with the state advanced and
 * tempered 624 words at a time, four words per vector operation, instead
 * of one word per call through GSL's function pointer.  At 25 points the
 * 25,000 draws of a CI cost as much as its whole search once the search is
 * batched.  Every number is the one GSL gives (test_joinpoint_ci compares
 * them over several blocks and seeds, with and without rejections).
 */
#include <stdint.h>
#include <string.h>

#include "joinpoint_internal.h"

#define MT_M 397
#define MT_UPPER 0x80000000u
#define MT_LOWER 0x7fffffffu
#define MT_MAGIC 0x9908b0dfu

typedef uint32_t jp_u4 __attribute__((vector_size(16)));

static inline jp_u4 load4(const uint32_t *p)
{
    jp_u4 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void store4(uint32_t *p, jp_u4 v)
{
    memcpy(p, &v, sizeof v);
}

/* mt[kk] from mt[kk], mt[kk + 1] and mt[kk + off], four at once */
static inline void twist4(uint32_t *mt, size_t kk, size_t kof)
{
    const jp_u4 y = (load4(mt + kk) & MT_UPPER) | (load4(mt + kk + 1) & MT_LOWER);
    const jp_u4 odd = -(y & 1u); /* all ones where y is odd */
    store4(mt + kk, load4(mt + kof) ^ (y >> 1) ^ (odd & MT_MAGIC));
}

static inline uint32_t twist1(uint32_t a, uint32_t b, uint32_t c)
{
    const uint32_t y = (a & MT_UPPER) | (b & MT_LOWER);
    return c ^ (y >> 1) ^ ((y & 1u) ? MT_MAGIC : 0u);
}

/* The next JP_MT_N words: GSL's mt_get regenerates the state when it has
 * used the last word, then tempers one word per call; here the whole block
 * is regenerated and tempered into out[]. */
static void mt_refill(jp_mt *m)
{
    uint32_t *mt = m->mt;
    size_t kk = 0;
    /* kk < N - M reads the old mt[kk + M]; chunks of four stay below it */
    for (; kk + 4 <= JP_MT_N - MT_M; kk += 4)
        twist4(mt, kk, kk + MT_M);
    for (; kk < JP_MT_N - MT_M; kk++)
        mt[kk] = twist1(mt[kk], mt[kk + 1], mt[kk + MT_M]);
    /* then the new mt[kk + M - N], written at least N - M > 4 words
     * before; N - 1 - (N - M) = 396 words, whole chunks */
    _Static_assert((MT_M - 1) % 4 == 0, "mt19937: the second part in chunks of four");
    for (; kk < JP_MT_N - 1; kk += 4)
        twist4(mt, kk, kk - (JP_MT_N - MT_M));
    mt[JP_MT_N - 1] = twist1(mt[JP_MT_N - 1], mt[0], mt[MT_M - 1]);
    for (kk = 0; kk < JP_MT_N; kk += 4) {
        jp_u4 k = load4(mt + kk);
        k ^= k >> 11;
        k ^= (k << 7) & 0x9d2c5680u;
        k ^= (k << 15) & 0xefc60000u;
        k ^= k >> 18;
        store4(m->out + kk, k);
    }
    m->pos = 0;
}

void jp_mt_seed(jp_mt *m, unsigned long seed)
{
    /* gsl_rng_set on gsl_rng_mt19937 (GSL's mt_set): 0 means 4357; the
     * recurrence of Knuth's multiplier, modulo 2^32 */
    if (seed == 0)
        seed = 4357;
    m->mt[0] = (uint32_t)(seed & 0xffffffffUL);
    for (uint32_t i = 1; i < JP_MT_N; i++)
        m->mt[i] = 1812433253u * (m->mt[i - 1] ^ (m->mt[i - 1] >> 30)) + i;
    m->pos = JP_MT_N; /* the first draw regenerates, as in GSL */
}

static inline uint32_t mt_next(jp_mt *m)
{
    if (m->pos == JP_MT_N)
        mt_refill(m);
    return m->out[m->pos++];
}

uint32_t jp_mt_get(jp_mt *m)
{
    return mt_next(m);
}

/* gsl_rng_uniform_int's draw for range 0..n-1 (n <= 2^32 - 1): the
 * generator's range 0..2^32-1 split into n bins of scale values, values
 * past the last full bin drawn again. */
static inline size_t mt_uniform(jp_mt *m, uint32_t n, uint32_t scale)
{
    uint32_t k;
    do
        k = mt_next(m) / scale;
    while (k >= n);
    return k;
}

size_t jp_mt_uniform_int(jp_mt *m, size_t n)
{
    return mt_uniform(m, (uint32_t)n, 0xffffffffu / (uint32_t)n);
}

/* mt_uniform with the block position in *pos (a local of the caller, kept
 * in a register once inlined) */
static inline uint32_t mt_draw(jp_mt *m, size_t *pos, uint32_t n32, uint32_t scale)
{
    uint32_t k;
    do {
        if (*pos == JP_MT_N) {
            mt_refill(m);
            *pos = 0;
        }
        k = m->out[(*pos)++] / scale;
    } while (k >= n32);
    return k;
}

void jp_mt_boot_samples(jp_mt *m, const jp_grid *g, const double *fitted, const double *r,
                        const double *F, double *Y, size_t nl)
{
    const size_t n = g->n;
    const uint32_t n32 = (uint32_t)n, scale = 0xffffffffu / n32;
    size_t pos = m->pos;
    for (size_t l = 0; l < nl; l++) {
        if (F) {
            for (size_t i = 0; i < n; i++)
                Y[i * JP_LANES + l] = F[i * n + mt_draw(m, &pos, n32, scale)];
        } else {
            for (size_t i = 0; i < n; i++)
                Y[i * JP_LANES + l] = fitted[i] + r[mt_draw(m, &pos, n32, scale)] / g->sw[i];
        }
    }
    m->pos = pos;
}
