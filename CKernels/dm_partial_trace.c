/* Partial traces: a state vector or a density matrix reduced to the qubits
 * it keeps. A state vector reduced to at most 2 qubits (the common case of
 * network protocols) runs on a variant's ptrace2 kernel; everything else on
 * the portable C below (the work is 2^(n+m) complex multiply-adds for m kept
 * qubits). Threads take fixed blocks of the traced index, each with its own
 * accumulator, summed in block order: the result does not depend on the
 * thread count. */
#include "internal/bits.h"
#include "internal/dispatch.h"

#include <stdlib.h>
#include <string.h>

#define QN_TRACE_MAX_BLOCKS 64
#define QN_TRACE_MAX_SCRATCH ((size_t)1 << 24) /* doubles of per-block accumulators */

typedef struct {
    const void *in;        /* doubles, or floats for a complex64 state vector */
    int single;
    int n, m;
    const int *keep;       /* kept qubits, bit b of a reduced index is keep[b] */
    int sorted[64];        /* kept qubits ascending, for zero insertion */
    size_t traced_per_block;
    uint64_t offset[1 << 12]; /* bits of reduced index r spread onto the kept qubits */
    double *acc;           /* blocks x 4^m complex */
    int density;           /* 0: state vector input, 1: density matrix input */
} trace_job;

/* out = sum over traced indices t0..t1-1 of psi psi† restricted to the kept
 * qubits. Inlined with d constant for d <= 4 (the common m <= 2) so the
 * accumulator lives in registers (a local array: it cannot alias the state). */
static inline __attribute__((always_inline)) void sv_block_d(const trace_job *j, double *out, size_t t0, size_t t1,
                                                             const size_t d) {
    double acc[2 << 8], a[2 << 12];
    const size_t cells = d <= 16 ? d * d : 0; /* larger d accumulates in out directly */
    double *o = cells ? acc : out;
    memset(o, 0, d * d * 2 * sizeof(double));
    for (size_t t = t0; t < t1; t++) {
        const uint64_t base = qn_insert_zero_bits(t, j->sorted, j->m);
        for (size_t r = 0; r < d; r++) {
            const size_t i = 2 * (base | j->offset[r]);
            if (j->single) {
                a[2 * r] = ((const float *)j->in)[i];
                a[2 * r + 1] = ((const float *)j->in)[i + 1];
            } else {
                a[2 * r] = ((const double *)j->in)[i];
                a[2 * r + 1] = ((const double *)j->in)[i + 1];
            }
        }
        for (size_t c = 0; c < d; c++) {
            const double cr = a[2 * c], ci = -a[2 * c + 1];
            for (size_t r = 0; r < d; r++) {
                o[2 * (r + c * d)] += a[2 * r] * cr - a[2 * r + 1] * ci;
                o[2 * (r + c * d) + 1] += a[2 * r] * ci + a[2 * r + 1] * cr;
            }
        }
    }
    if (cells) memcpy(out, acc, d * d * 2 * sizeof(double));
}

static void sv_block(const trace_job *j, double *out, size_t t0, size_t t1, size_t d) {
    switch (d) {
    case 2: sv_block_d(j, out, t0, t1, 2); break;
    case 4: sv_block_d(j, out, t0, t1, 4); break;
    default: sv_block_d(j, out, t0, t1, d); break;
    }
}

static void trace_block(const qn_task *task, size_t begin, size_t end) {
    const trace_job *j = (const trace_job *)task->sv2;
    const size_t d = (size_t)1 << j->m;
    for (size_t blk = begin; blk < end; blk++) {
        double *out = j->acc + blk * d * d * 2;
        const size_t t0 = blk * j->traced_per_block, t1 = t0 + j->traced_per_block;
        if (!j->density) {
            sv_block(j, out, t0, t1, d);
            continue;
        }
        memset(out, 0, d * d * 2 * sizeof(double));
        for (size_t t = t0; t < t1; t++) {
            const uint64_t base = qn_insert_zero_bits(t, j->sorted, j->m);
            {
                /* out[r][c] += rho[(r,t)][(c,t)], rho[R][C] at R + C 2^n */
                for (size_t c = 0; c < d; c++) {
                    const uint64_t col = (base | j->offset[c]) << j->n;
                    for (size_t r = 0; r < d; r++) {
                        const uint64_t k = (base | j->offset[r]) + col;
                        out[2 * (r + c * d)] += ((const double *)j->in)[2 * k];
                        out[2 * (r + c * d) + 1] += ((const double *)j->in)[2 * k + 1];
                    }
                }
            }
        }
    }
}

/* The SIMD path: a state vector reduced to m <= 2 qubits, with the chosen
 * variant when every kept qubit lies at or above its register's lanes, with
 * the portable variant's 16-byte registers otherwise. Returns 1 when it ran,
 * 0 when it cannot (m > 2), -1 when out of memory. */
static int partial_trace_simd(qn_exec e, const void *sv, int n, const int *keep, int m, double *out) {
    const qn_kernel_table *T;
    int lanes;
    if (m > 2 || qn_select(e, n, &T, &lanes) != QN_OK) return 0;
    int lane_bits = 0;
    while ((1 << lane_bits) < lanes) lane_bits++;
    int sorted[2] = {keep[0], m == 2 ? keep[1] : 0};
    if (m == 2 && sorted[0] > sorted[1]) { sorted[0] = keep[1]; sorted[1] = keep[0]; }
    if (sorted[0] < lane_bits || n - m < lane_bits) {
        /* A kept qubit inside the register: the one-amplitude registers of
         * the portable complex128 variant still vectorise the products; the
         * portable complex64 registers hold two amplitudes, so a complex64
         * state with qubit 0 kept takes the generic path. */
        if (e.precision == QN_PRECISION_SINGLE && (sorted[0] < 1 || n - m < 1)) return 0;
        qn_table(QN_VARIANT_SCALAR, e.precision == QN_PRECISION_SINGLE, &T, &lanes);
    }
    uint64_t offsets[4];
    for (uint64_t r = 0; r < ((uint64_t)1 << m); r++) {
        uint64_t o = 0;
        for (int b = 0; b < m; b++) o |= ((r >> b) & 1u) << keep[b];
        offsets[r] = o;
    }
    const size_t traced = (size_t)1 << (n - m);
    size_t blocks = QN_TRACE_MAX_BLOCKS;
    while (blocks > 1 && blocks * (size_t)lanes > traced) blocks /= 2;
    double *partials = malloc(blocks * 32 * sizeof(double));
    if (!partials) return -1;
    const qn_task task = {.sv = (void *)sv, .m = m, .offsets = offsets, .sorted = sorted,
                          .block = traced / blocks, .out = partials, .n = n};
    qn_parallel_for(qn_threads_for(e, n), blocks, T->ptrace2, &task);
    const size_t d2 = (size_t)1 << (2 * m);
    memset(out, 0, d2 * 2 * sizeof(double));
    for (size_t b = 0; b < blocks; b++)
        for (size_t i = 0; i < d2 * 2; i++) out[i] += partials[b * 32 + i];
    free(partials);
    return 1;
}

static int partial_trace(qn_exec e, const void *in, int n, const int *keep, int m, double *out, int density) {
    if (!density) {
        const int simd = partial_trace_simd(e, in, n, keep, m, out);
        if (simd < 0) return QN_ERR_OUT_OF_MEMORY;
        if (simd > 0) return QN_OK;
    }
    trace_job *j = calloc(1, sizeof *j); /* its offset table is too large for the stack */
    if (!j) return QN_ERR_OUT_OF_MEMORY;
    j->in = in;
    j->single = !density && e.precision == QN_PRECISION_SINGLE;
    j->n = n;
    j->m = m;
    j->keep = keep;
    j->density = density;
    memcpy(j->sorted, keep, (size_t)m * sizeof(int));
    for (int a = 1; a < m; a++)
        for (int b = a; b > 0 && j->sorted[b - 1] > j->sorted[b]; b--) {
            const int x = j->sorted[b]; j->sorted[b] = j->sorted[b - 1]; j->sorted[b - 1] = x;
        }
    for (uint64_t r = 0; r < ((uint64_t)1 << m); r++) {
        uint64_t o = 0;
        for (int b = 0; b < m; b++) o |= ((r >> b) & 1u) << keep[b];
        j->offset[r] = o;
    }
    const size_t d2 = (size_t)1 << (2 * m), traced = (size_t)1 << (n - m);
    size_t blocks = QN_TRACE_MAX_BLOCKS;
    while (blocks > 1 && (blocks > traced || blocks * d2 * 2 > QN_TRACE_MAX_SCRATCH)) blocks /= 2;
    j->traced_per_block = traced / blocks;
    j->acc = malloc(blocks * d2 * 2 * sizeof(double));
    if (!j->acc) { free(j); return QN_ERR_OUT_OF_MEMORY; }
    const qn_task task = {.sv2 = j};
    /* The pass reads 2^n amplitudes (4^n elements for a density matrix). */
    qn_parallel_for(qn_threads_for(e, density ? 2 * n : n), blocks, trace_block, &task);
    memset(out, 0, d2 * 2 * sizeof(double));
    for (size_t b = 0; b < blocks; b++)
        for (size_t i = 0; i < d2 * 2; i++) out[i] += j->acc[b * d2 * 2 + i];
    free(j->acc);
    free(j);
    return QN_OK;
}

int qn_sv_reduced_density(qn_exec e, const void *sv, int n, const int *keep, int m, double *out) {
    return partial_trace(e, sv, n, keep, m, out, 0);
}

int qn_dm_partial_trace(qn_exec e, const double *rho, int n, const int *keep, int m, double *out) {
    return partial_trace(e, rho, n, keep, m, out, 1);
}
