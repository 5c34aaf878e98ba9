/* Partial traces: a state vector or a density matrix reduced to the qubits
 * it keeps. Portable C (the work is 2^(n+m) complex multiply-adds for m kept
 * qubits, small beside a gate pass for the m <= 4 that network protocols
 * keep). Threads take fixed blocks of the traced index, each with its own
 * accumulator, summed in block order: the result does not depend on the
 * thread count. */
#include "internal/bits.h"
#include "internal/dispatch.h"

#include <stdlib.h>
#include <string.h>

#define QN_TRACE_MAX_BLOCKS 64
#define QN_TRACE_MAX_SCRATCH ((size_t)1 << 24) /* doubles of per-block accumulators */

typedef struct {
    const double *in;
    int n, m;
    const int *keep;       /* kept qubits, bit b of a reduced index is keep[b] */
    int sorted[64];        /* kept qubits ascending, for zero insertion */
    size_t traced_per_block;
    double *acc;           /* blocks x 4^m complex */
    int density;           /* 0: state vector input, 1: density matrix input */
} trace_job;

/* Index of the full register for traced counter t and reduced index r. */
static inline uint64_t full_index(const trace_job *j, uint64_t t, uint64_t r) {
    uint64_t i = qn_insert_zero_bits(t, j->sorted, j->m);
    for (int b = 0; b < j->m; b++) i |= ((r >> b) & 1u) << j->keep[b];
    return i;
}

static void trace_block(const qn_task *task, size_t begin, size_t end) {
    const trace_job *j = (const trace_job *)task->sv2;
    const size_t d = (size_t)1 << j->m;
    for (size_t blk = begin; blk < end; blk++) {
        double *out = j->acc + blk * d * d * 2;
        memset(out, 0, d * d * 2 * sizeof(double));
        for (size_t t = blk * j->traced_per_block; t < (blk + 1) * j->traced_per_block; t++) {
            if (!j->density) {
                /* out[r][c] += psi[r] conj(psi[c]) */
                for (size_t c = 0; c < d; c++) {
                    const uint64_t ic = full_index(j, t, c);
                    const double cr = j->in[2 * ic], ci = -j->in[2 * ic + 1];
                    for (size_t r = 0; r < d; r++) {
                        const uint64_t ir = full_index(j, t, r);
                        const double ar = j->in[2 * ir], ai = j->in[2 * ir + 1];
                        out[2 * (r + c * d)] += ar * cr - ai * ci;
                        out[2 * (r + c * d) + 1] += ar * ci + ai * cr;
                    }
                }
            } else {
                /* out[r][c] += rho[(r,t)][(c,t)], rho[R][C] at R + C 2^n */
                for (size_t c = 0; c < d; c++) {
                    const uint64_t ic = full_index(j, t, c);
                    for (size_t r = 0; r < d; r++) {
                        const uint64_t k = full_index(j, t, r) + (ic << j->n);
                        out[2 * (r + c * d)] += j->in[2 * k];
                        out[2 * (r + c * d) + 1] += j->in[2 * k + 1];
                    }
                }
            }
        }
    }
}

static int partial_trace(qn_exec e, const double *in, int n, const int *keep, int m, double *out, int density) {
    trace_job j = {.in = in, .n = n, .m = m, .keep = keep, .density = density};
    memcpy(j.sorted, keep, (size_t)m * sizeof(int));
    for (int a = 1; a < m; a++)
        for (int b = a; b > 0 && j.sorted[b - 1] > j.sorted[b]; b--) {
            const int x = j.sorted[b]; j.sorted[b] = j.sorted[b - 1]; j.sorted[b - 1] = x;
        }
    const size_t d2 = (size_t)1 << (2 * m), traced = (size_t)1 << (n - m);
    size_t blocks = QN_TRACE_MAX_BLOCKS;
    while (blocks > 1 && (blocks > traced || blocks * d2 * 2 > QN_TRACE_MAX_SCRATCH)) blocks /= 2;
    j.traced_per_block = traced / blocks;
    j.acc = malloc(blocks * d2 * 2 * sizeof(double));
    if (!j.acc) return QN_ERR_OUT_OF_MEMORY;
    const qn_task task = {.sv2 = (const double *)&j};
    /* The pass reads 2^n amplitudes (4^n elements for a density matrix). */
    qn_parallel_for(qn_threads_for(e, density ? 2 * n : n), blocks, trace_block, &task);
    memset(out, 0, d2 * 2 * sizeof(double));
    for (size_t b = 0; b < blocks; b++)
        for (size_t i = 0; i < d2 * 2; i++) out[i] += j.acc[b * d2 * 2 + i];
    free(j.acc);
    return QN_OK;
}

int qn_sv_reduced_density(qn_exec e, const double *sv, int n, const int *keep, int m, double *out) {
    return partial_trace(e, sv, n, keep, m, out, 0);
}

int qn_dm_partial_trace(qn_exec e, const double *rho, int n, const int *keep, int m, double *out) {
    return partial_trace(e, rho, n, keep, m, out, 1);
}
