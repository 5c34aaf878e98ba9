/* Two channels on density matrices in one cheap pass each, instead of the
 * general superoperator pass (16^k complex multiply-adds per block of 4^k
 * elements); tests hold both to the superoperator:
 *  - depolarizing, rho -> (1 - p) rho + p Tr_q(rho) (x) I/2^k on k qubits:
 *    each block's diagonal is summed and the block rescaled;
 *  - relaxation of one qubit (amplitude damping gamma with the coherences
 *    scaled by c: a memory qubit waiting): rho00 += gamma rho11,
 *    rho11 *= 1 - gamma, rho01 and rho10 *= c.
 * About 2 flops per element. Blocks are independent, so threads take disjoint
 * ranges and the result does not depend on the thread count. Portable C only:
 * the passes are memory-bound. */
#include "internal/bits.h"
#include "internal/dispatch.h"

#define QN_DEPOLARIZE_MAX 4

typedef struct {
    int k;
    int sorted[2 * QN_DEPOLARIZE_MAX];            /* fixed bit positions (rows and columns), ascending */
    uint64_t row[1 << QN_DEPOLARIZE_MAX];         /* offsets of the channel qubits' row index */
    uint64_t col[1 << QN_DEPOLARIZE_MAX];         /* ... and of their column index */
    double keep, add;                              /* 1 - p and p / 2^k */
} depolarize_job;

/* One block range; inlined with d constant for the 1- and 2-qubit channels
 * so that the loops unroll (network runs apply them to tiny states). */
static inline __attribute__((always_inline)) void depolarize_d(const depolarize_job *j, double *rho, size_t begin,
                                                              size_t end, const size_t d) {
    for (size_t i = begin; i < end; i++) {
        const uint64_t base = qn_insert_zero_bits(i, j->sorted, 2 * j->k);
        double tr = 0, ti = 0;
        for (size_t a = 0; a < d; a++) {
            const double *x = rho + 2 * (base | j->row[a] | j->col[a]);
            tr += x[0];
            ti += x[1];
        }
        for (size_t c = 0; c < d; c++)
            for (size_t r = 0; r < d; r++) {
                double *x = rho + 2 * (base | j->row[r] | j->col[c]);
                x[0] *= j->keep;
                x[1] *= j->keep;
                if (r == c) {
                    x[0] += j->add * tr;
                    x[1] += j->add * ti;
                }
            }
    }
}

static void depolarize_blocks(const qn_task *task, size_t begin, size_t end) {
    const depolarize_job *j = (const depolarize_job *)task->sv2;
    switch (j->k) {
    case 1: depolarize_d(j, task->sv, begin, end, 2); break;
    case 2: depolarize_d(j, task->sv, begin, end, 4); break;
    default: depolarize_d(j, task->sv, begin, end, (size_t)1 << j->k); break;
    }
}

int qn_dm_depolarize(qn_exec e, double *rho, int n, const int *qubits, int k, double p) {
    if (k < 1 || k > QN_DEPOLARIZE_MAX) return QN_ERR_TOO_MANY_TARGETS;
    depolarize_job j = {.k = k, .keep = 1 - p, .add = p / (double)((size_t)1 << k)};
    for (int b = 0; b < k; b++) {
        j.sorted[2 * b] = qubits[b];
        j.sorted[2 * b + 1] = qubits[b] + n;
    }
    for (int a = 1; a < 2 * k; a++)
        for (int b = a; b > 0 && j.sorted[b - 1] > j.sorted[b]; b--) {
            const int x = j.sorted[b]; j.sorted[b] = j.sorted[b - 1]; j.sorted[b - 1] = x;
        }
    for (uint64_t a = 0; a < ((uint64_t)1 << k); a++) {
        uint64_t r = 0, c = 0;
        for (int b = 0; b < k; b++) {
            r |= ((a >> b) & 1u) << qubits[b];
            c |= ((a >> b) & 1u) << (qubits[b] + n);
        }
        j.row[a] = r;
        j.col[a] = c;
    }
    const qn_task task = {.sv = rho, .sv2 = &j};
    qn_parallel_for(qn_threads_for(e, 2 * n), (size_t)1 << (2 * (n - k)), depolarize_blocks, &task);
    return QN_OK;
}

typedef struct {
    int sorted[2];          /* the qubit's row and column bit, ascending */
    uint64_t row, col;      /* their masks */
    double gamma, coherence;
} relax_job;

static void relax_blocks(const qn_task *task, size_t begin, size_t end) {
    const relax_job *j = (const relax_job *)task->sv2;
    double *rho = task->sv;
    const double keep = 1 - j->gamma;
    for (size_t i = begin; i < end; i++) {
        const uint64_t base = qn_insert_zero_bits(i, j->sorted, 2);
        double *p00 = rho + 2 * base, *p11 = rho + 2 * (base | j->row | j->col);
        double *p10 = rho + 2 * (base | j->row), *p01 = rho + 2 * (base | j->col);
        p00[0] += j->gamma * p11[0];
        p00[1] += j->gamma * p11[1];
        p11[0] *= keep;
        p11[1] *= keep;
        p10[0] *= j->coherence;
        p10[1] *= j->coherence;
        p01[0] *= j->coherence;
        p01[1] *= j->coherence;
    }
}

void qn_dm_relax(qn_exec e, double *rho, int n, int qubit, double gamma, double coherence) {
    relax_job j = {.sorted = {qubit, qubit + n}, .row = UINT64_C(1) << qubit, .col = UINT64_C(1) << (qubit + n),
                   .gamma = gamma, .coherence = coherence};
    const qn_task task = {.sv = rho, .sv2 = &j};
    qn_parallel_for(qn_threads_for(e, 2 * n), (size_t)1 << (2 * (n - 1)), relax_blocks, &task);
}
