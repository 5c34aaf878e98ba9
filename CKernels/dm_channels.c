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
    uint64_t fixed;                                /* every row and column bit of the channel */
    double keep, add;                              /* 1 - p and p / 2^k */
} depolarize_job;

/* One block range; inlined with d constant for the 1- and 2-qubit channels
 * so that the loops unroll (network runs apply them to tiny states). Blocks
 * are visited in runs that lie side by side in memory (the free bits below
 * the lowest channel bit), each run's elements as contiguous streams, and
 * a run's first base follows the last by one carry: no bit insertion per
 * block, and loops over t the compiler can vectorise. */
static inline __attribute__((always_inline)) void depolarize_d(const depolarize_job *j, double *rho, size_t begin,
                                                              size_t end, const size_t d) {
    // Copied out of the job: stores into rho could alias it, which would reload them at every element.
    const size_t run = (size_t)1 << j->sorted[0];
    const double keep = j->keep, add = j->add;
    size_t off[1 << (2 * QN_DEPOLARIZE_MAX)];
    for (size_t c = 0; c < d; c++)
        for (size_t r = 0; r < d; r++) off[c * d + r] = 2 * (j->row[r] | j->col[c]);
    uint64_t base = qn_insert_zero_bits(begin, j->sorted, 2 * j->k);
    for (size_t i = begin; i < end;) {
        size_t len = run - (i & (run - 1));
        if (len > end - i) len = end - i;
        double *block = rho + 2 * base;
        for (size_t t = 0; t < 2 * len; t += 2) {
            double tr = 0, ti = 0;
            for (size_t a = 0; a < d; a++) {
                tr += block[off[a * d + a] + t];
                ti += block[off[a * d + a] + t + 1];
            }
            for (size_t c = 0; c < d; c++)
                for (size_t r = 0; r < d; r++) {
                    double *x = block + off[c * d + r] + t;
                    x[0] *= keep;
                    x[1] *= keep;
                    if (r == c) {
                        x[0] += add * tr;
                        x[1] += add * ti;
                    }
                }
        }
        i += len;
        base = qn_next_with_zero_bits(base + len - 1, j->fixed);
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
        j.fixed |= r | c;
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
    const double keep = 1 - j->gamma, gamma = j->gamma, coherence = j->coherence;
    /* In runs side by side in memory, as in depolarize_d. */
    const size_t run = (size_t)1 << j->sorted[0];
    const uint64_t fixed = j->row | j->col;
    uint64_t base = qn_insert_zero_bits(begin, j->sorted, 2);
    for (size_t i = begin; i < end;) {
        size_t len = run - (i & (run - 1));
        if (len > end - i) len = end - i;
        double *p00 = rho + 2 * base, *p11 = rho + 2 * (base | j->row | j->col);
        double *p10 = rho + 2 * (base | j->row), *p01 = rho + 2 * (base | j->col);
        for (size_t t = 0; t < 2 * len; t += 2) {
            p00[t] += gamma * p11[t];
            p00[t + 1] += gamma * p11[t + 1];
            p11[t] *= keep;
            p11[t + 1] *= keep;
            p10[t] *= coherence;
            p10[t + 1] *= coherence;
            p01[t] *= coherence;
            p01[t + 1] *= coherence;
        }
        i += len;
        base = qn_next_with_zero_bits(base + len - 1, fixed);
    }
}

void qn_dm_relax(qn_exec e, double *rho, int n, int qubit, double gamma, double coherence) {
    relax_job j = {.sorted = {qubit, qubit + n}, .row = UINT64_C(1) << qubit, .col = UINT64_C(1) << (qubit + n),
                   .gamma = gamma, .coherence = coherence};
    const qn_task task = {.sv = rho, .sv2 = &j};
    qn_parallel_for(qn_threads_for(e, 2 * n), (size_t)1 << (2 * (n - 1)), relax_blocks, &task);
}
