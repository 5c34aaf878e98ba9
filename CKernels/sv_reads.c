/* Read-only passes: norms, marginals, inner products, Pauli expectations,
 * sampling. Reductions run over fixed blocks whose size depends only on n,
 * and partials are summed in block order, so any thread count gives the same
 * bits. */
#include "internal/dispatch.h"

#include <stdlib.h>
#include <string.h>

#define QN_REDUCE_BLOCK ((size_t)1 << 13)
#define QN_MARGINAL_MAX_BLOCKS 64
#define QN_MARGINAL_MAX_SPLIT_BITS 16 /* above this, one block: partials too large */

/* Reads never fail: the Swift layer has already checked the variant, and an
 * unsupported one here falls back to the portable kernels. */
static const qn_kernel_table *reader_lanes(qn_exec e, int n, int *lanes) {
    const qn_kernel_table *T;
    if (qn_select(e, n, &T, lanes) != QN_OK) {
        const qn_exec scalar = {QN_VARIANT_SCALAR, e.threads, e.parallel_qubits, e.precision};
        qn_select(scalar, n, &T, lanes);
    }
    return T;
}

static const qn_kernel_table *reader(qn_exec e, int n) {
    int lanes;
    return reader_lanes(e, n, &lanes);
}

static size_t reduce_block(int n) {
    const size_t N = (size_t)1 << n;
    return N < QN_REDUCE_BLOCK ? N : QN_REDUCE_BLOCK;
}

/* Runs a reduction kernel producing `width` partials per block and sums them
 * in block order into out[0..width-1]. Returns 0, or -1 when out of memory. */
static int reduce(qn_exec e, int n, qn_kernel fn, qn_task *task, size_t block, size_t width,
                  double *out) {
    const size_t blocks = ((size_t)1 << n) / block;
    double *partials = malloc(blocks * width * sizeof(double));
    if (!partials) return -1;
    task->block = block;
    task->out = partials;
    task->n = n;
    qn_parallel_for(qn_threads_for(e, n), blocks, fn, task);
    for (size_t w = 0; w < width; w++) out[w] = 0;
    for (size_t b = 0; b < blocks; b++)
        for (size_t w = 0; w < width; w++) out[w] += partials[b * width + w];
    free(partials);
    return 0;
}

double qn_sv_norm2(qn_exec e, const void *sv, int n) {
    qn_task t = {.sv = (void *)sv};
    double r = 0;
    if (reduce(e, n, reader(e, n)->norm2, &t, reduce_block(n), 1, &r) != 0) {
        /* Out of memory for the partials: one block, on this thread. */
        t.block = (size_t)1 << n;
        t.out = &r;
        t.n = n;
        reader(e, n)->norm2(&t, 0, 1);
    }
    return r;
}

void qn_sv_marginal(qn_exec e, const void *sv, int n, const int *qubits, int m, double *out) {
    const size_t N = (size_t)1 << n;
    size_t block = N / QN_MARGINAL_MAX_BLOCKS;
    if (block < QN_REDUCE_BLOCK) block = QN_REDUCE_BLOCK;
    if (block > N || m > QN_MARGINAL_MAX_SPLIT_BITS) block = N;
    qn_task t = {.sv = (void *)sv, .qubits = qubits, .m = m};
    if (reduce(e, n, reader(e, n)->marginal, &t, block, (size_t)1 << m, out) != 0) {
        /* Out of memory for partials: one block, written straight to out. */
        t.block = N;
        t.out = out;
        reader(e, n)->marginal(&t, 0, 1);
    }
}

double qn_sv_prob_one(qn_exec e, const void *sv, int n, int qubit) {
    double bins[2];
    qn_sv_marginal(e, sv, n, &qubit, 1, bins);
    return bins[1];
}

void qn_sv_inner(qn_exec e, const void *a, const void *b, int n, double *out) {
    qn_task t = {.sv = (void *)a, .sv2 = b};
    if (reduce(e, n, reader(e, n)->inner, &t, reduce_block(n), 2, out) != 0) out[0] = out[1] = 0;
}

void qn_sv_pauli_expectation(qn_exec e, const void *sv, int n, uint64_t xmask, uint64_t zmask,
                             int y_count, double *out) {
    qn_task t = {.sv = (void *)sv, .xmask = xmask, .zmask = zmask};
    double s[2] = {0, 0};
    reduce(e, n, reader(e, n)->pauli, &t, reduce_block(n), 2, s);
    /* Multiply by i^y_count. */
    switch (((y_count % 4) + 4) % 4) {
    case 0: out[0] = s[0]; out[1] = s[1]; break;
    case 1: out[0] = -s[1]; out[1] = s[0]; break;
    case 2: out[0] = -s[0]; out[1] = -s[1]; break;
    default: out[0] = s[1]; out[1] = -s[0]; break;
    }
}

void qn_sv_probabilities(qn_exec e, const void *sv, int n, double *out) {
    int lanes;
    const qn_kernel_table *T = reader_lanes(e, n, &lanes);
    qn_task t = {.sv = (void *)sv, .out = out, .n = n};
    qn_parallel_for(qn_threads_for(e, n), ((size_t)1 << n) / (size_t)lanes, T->probabilities, &t);
}

/* |a_i|^2 of either precision. */
static inline double probability_at(const void *sv, int single, size_t i) {
    if (single) {
        const float *a = (const float *)sv + 2 * i;
        return (double)a[0] * a[0] + (double)a[1] * a[1];
    }
    const double *a = (const double *)sv + 2 * i;
    return a[0] * a[0] + a[1] * a[1];
}

void qn_sv_sample(qn_exec e, const void *sv, int n, const double *sorted_uniforms, size_t shots,
                  uint64_t *out) {
    const int single = e.precision == QN_PRECISION_SINGLE;
    const size_t N = (size_t)1 << n, block = reduce_block(n), blocks = N / block;
    double *mass = malloc(blocks * sizeof(double));
    qn_task t = {.sv = (void *)sv, .block = block, .out = mass, .n = n};
    if (mass) {
        qn_parallel_for(qn_threads_for(e, n), blocks, reader(e, n)->norm2, &t);
    }
    double total = 0;
    for (size_t b = 0; mass && b < blocks; b++) total += mass[b];
    if (!mass) {
        for (size_t i = 0; i < N; i++) total += probability_at(sv, single, i);
    }
    /* Walk the blocks once; scan inside a block only when a shot lands in it. */
    size_t s = 0, last_nonzero = 0;
    double cum = 0;
    for (size_t b = 0; b < blocks && s < shots; b++) {
        const double next = mass ? cum + mass[b] : total;
        if (mass && sorted_uniforms[s] * total >= next) {
            cum = next;
            for (size_t i = (b + 1) * block; i-- > b * block;)
                if (probability_at(sv, single, i) != 0) { last_nonzero = i; break; }
            continue;
        }
        double c = cum;
        for (size_t i = b * block; i < (b + 1) * block && s < shots; i++) {
            const double p = probability_at(sv, single, i);
            if (p == 0) continue;
            last_nonzero = i;
            c += p;
            while (s < shots && sorted_uniforms[s] * total < c) out[s++] = i;
        }
        cum = mass ? next : c;
    }
    /* Rounding can leave the largest draws just past the last sum. */
    while (s < shots) out[s++] = last_nonzero;
    free(mass);
}

void qn_sv_scale(qn_exec e, void *sv, int n, double factor) {
    int lanes;
    const qn_kernel_table *T = reader_lanes(e, n, &lanes);
    qn_task t = {.sv = sv, .factor = factor, .n = n};
    qn_parallel_for(qn_threads_for(e, n), ((size_t)1 << n) / (size_t)lanes, T->scale, &t);
}
