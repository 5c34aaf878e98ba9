/* The jobs of the density-matrix channel passes (dm_channels.c), shared by
 * the per-variant copies of their loops (dm_passes_template.h). */
#ifndef QNET_DM_PASSES_H
#define QNET_DM_PASSES_H

#include <stdint.h>

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
