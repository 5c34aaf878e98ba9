/* The jobs of the density-matrix channel passes (dm_channels.c), shared by
 * the per-variant copies of their loops (dm_passes_template.h). */
#ifndef QNET_DM_PASSES_H
#define QNET_DM_PASSES_H

#include <stddef.h>
#include <stdint.h>

#include "bits.h"

/* The blocks begin..end-1 of a pass in runs along the lowest free bits
 * (qn_lowest_free_run: side by side in memory, or interleaved with the
 * channel's own low bits, `shift` bits apart): each dm_runs_next gives a
 * run's first base and its length in blocks, and the next run's base
 * follows by one carry, so no block pays a bit insertion. */
typedef struct {
    size_t i, end, run;
    int shift;
    uint64_t fixed, base;
} dm_runs;

static inline dm_runs dm_runs_start(const int *sorted, int count, int bits, uint64_t fixed, size_t begin,
                                    size_t end) {
    dm_runs r = {.i = begin, .end = end, .fixed = fixed, .base = qn_insert_zero_bits(begin, sorted, count)};
    r.run = qn_lowest_free_run(sorted, count, bits, &r.shift);
    return r;
}

static inline int dm_runs_next(dm_runs *r, uint64_t *base, size_t *len) {
    if (r->i >= r->end) return 0;
    size_t n = r->run - (r->i & (r->run - 1));
    if (n > r->end - r->i) n = r->end - r->i;
    *base = r->base;
    *len = n;
    r->i += n;
    r->base = qn_next_with_zero_bits(r->base + ((n - 1) << r->shift), r->fixed);
    return 1;
}

#define QN_DEPOLARIZE_MAX 4

typedef struct {
    int k;
    int sorted[2 * QN_DEPOLARIZE_MAX];            /* fixed bit positions (rows and columns), ascending */
    uint64_t row[1 << QN_DEPOLARIZE_MAX];         /* offsets of the channel qubits' row index */
    uint64_t col[1 << QN_DEPOLARIZE_MAX];         /* ... and of their column index */
    uint64_t fixed;                                /* every row and column bit of the channel */
    int bits;                                      /* index bits of rho: 2n */
    double keep, add;                              /* 1 - p and p / 2^k */
} depolarize_job;

typedef struct {
    int sorted[2];          /* the qubit's row and column bit, ascending */
    int bits;               /* index bits of rho: 2n */
    uint64_t row, col;      /* their masks */
    double gamma, coherence;
} relax_job;

#endif
