/* Two channels on density matrices in one cheap pass each, instead of the
 * general superoperator pass (16^k complex multiply-adds per block of 4^k
 * elements); tests hold both to the superoperator:
 *  - depolarizing, rho -> (1 - p) rho + p Tr_q(rho) (x) I/2^k on k qubits:
 *    each block's diagonal is summed and the block rescaled;
 *  - relaxation of one qubit (amplitude damping gamma with the coherences
 *    scaled by c: a memory qubit waiting): rho00 += gamma rho11,
 *    rho11 *= 1 - gamma, rho01 and rho10 *= c.
 * About 2 flops per element, so the passes are memory-bound, but only when
 * vectorised as wide as the core allows: their loops
 * (internal/dm_passes_template.h) are compiled once per kernel variant and
 * the caller's variant picks one. Blocks are independent, so threads take
 * disjoint ranges and the result does not depend on the thread count. */
#include "internal/bits.h"
#include "internal/dispatch.h"
#include "internal/dm_passes.h"

#define QN_DM_NAME(f) f##_scalar
#include "internal/dm_passes_template.h"
#undef QN_DM_NAME
#if defined(__x86_64__)
#define QN_DM_NAME(f) f##_avx2
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#include "internal/dm_passes_template.h"
#pragma clang attribute pop
#undef QN_DM_NAME
#define QN_DM_NAME(f) f##_avx512
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,fma"))), apply_to = function)
#include "internal/dm_passes_template.h"
#pragma clang attribute pop
#undef QN_DM_NAME
#endif

/* The copy of a pass for e's variant (the portable one where the variant is
 * not supported here: every copy gives the same bits). */
static qn_kernel dm_pass(qn_exec e, qn_kernel scalar, qn_kernel avx2, qn_kernel avx512) {
    (void)avx2;
    (void)avx512;
#if defined(__x86_64__)
    if (!qn_variant_supported(e.variant)) return scalar;
    if (e.variant == QN_VARIANT_AVX512) return avx512;
    if (e.variant == QN_VARIANT_AVX2) return avx2;
#endif
    return scalar;
}

#if defined(__x86_64__)
#define QN_DM_PASS(e, f) dm_pass(e, f##_scalar, f##_avx2, f##_avx512)
#else
#define QN_DM_PASS(e, f) dm_pass(e, f##_scalar, f##_scalar, f##_scalar)
#endif

int qn_dm_depolarize(qn_exec e, double *rho, int n, const int *qubits, int k, double p) {
    if (k < 1 || k > QN_DEPOLARIZE_MAX) return QN_ERR_TOO_MANY_TARGETS;
    depolarize_job j = {.k = k, .bits = 2 * n, .keep = 1 - p, .add = p / (double)((size_t)1 << k)};
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
    qn_parallel_for(qn_threads_for(e, 2 * n), (size_t)1 << (2 * (n - k)), QN_DM_PASS(e, depolarize_blocks), &task);
    return QN_OK;
}

void qn_dm_relax(qn_exec e, double *rho, int n, int qubit, double gamma, double coherence) {
    relax_job j = {.sorted = {qubit, qubit + n}, .bits = 2 * n, .row = UINT64_C(1) << qubit, .col = UINT64_C(1) << (qubit + n),
                   .gamma = gamma, .coherence = coherence};
    const qn_task task = {.sv = rho, .sv2 = &j};
    qn_parallel_for(qn_threads_for(e, 2 * n), (size_t)1 << (2 * (n - 1)), QN_DM_PASS(e, relax_blocks), &task);
}
