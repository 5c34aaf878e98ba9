/* Gate entry points: build a plan for the chosen variant, pick the kernel,
 * run it over the register groups. */
#include "internal/dispatch.h"
#include "internal/plan_build.h"

/* States of at most 2^QN_SMALL_STATE_QUBITS amplitudes (the small states a
 * network simulation holds by the thousand) skip the plan: building its
 * coefficient tables costs more than the pass itself. Each group of 2^k
 * amplitudes (target bits enumerated, controls set) is gathered, multiplied
 * and scattered back. Portable, the same for every variant. */
#define QN_SMALL_STATE_QUBITS 6

static void apply_small(double *sv, int n, const int *targets, int k, const double *values,
                        uint64_t control_mask, int diagonal) {
    const size_t N = (size_t)1 << n, dim = (size_t)1 << k;
    if (k == 1 && !diagonal) { /* the common case: a 2x2 on pairs (i, i | bit) */
        const size_t bit = (size_t)1 << targets[0];
        const double ar = values[0], ai = values[1], br = values[2], bi = values[3];
        const double cr = values[4], ci = values[5], dr = values[6], di = values[7];
        for (size_t i = 0; i < N; i++) {
            if ((i & bit) != 0 || (i & control_mask) != control_mask) continue;
            double *x = sv + 2 * i, *y = sv + 2 * (i | bit);
            const double xr = x[0], xi = x[1], yr = y[0], yi = y[1];
            x[0] = ar * xr - ai * xi + br * yr - bi * yi;
            x[1] = ar * xi + ai * xr + br * yi + bi * yr;
            y[0] = cr * xr - ci * xi + dr * yr - di * yi;
            y[1] = cr * xi + ci * xr + dr * yi + di * yr;
        }
        return;
    }
    uint64_t target_mask = 0;
    for (int b = 0; b < k; b++) target_mask |= UINT64_C(1) << targets[b];
    size_t idx[1 << QN_MAX_GATE_QUBITS];
    double re[1 << QN_MAX_GATE_QUBITS], im[1 << QN_MAX_GATE_QUBITS];
    /* The nonzero entries of each row, found once: channels' superoperators
     * (e.g. two-qubit depolarizing: 28 of 256) are mostly zeros. */
    uint8_t nz[1 << (2 * QN_MAX_GATE_QUBITS)];
    int nz_start[(1 << QN_MAX_GATE_QUBITS) + 1];
    int count = 0;
    for (size_t r = 0; r < dim && !diagonal; r++) {
        nz_start[r] = count;
        for (size_t c = 0; c < dim; c++)
            if (values[2 * (r * dim + c)] != 0.0 || values[2 * (r * dim + c) + 1] != 0.0) nz[count++] = (uint8_t)c;
    }
    nz_start[diagonal ? 0 : dim] = count;
    for (size_t base = 0; base < N; base++) {
        /* One group per index with every target bit 0 and every control bit 1. */
        if ((base & target_mask) != 0 || (base & control_mask) != control_mask) continue;
        for (size_t j = 0; j < dim; j++) { /* bit b of j is targets[b] */
            size_t i = base;
            for (int b = 0; b < k; b++)
                if ((j >> b) & 1u) i |= (size_t)1 << targets[b];
            idx[j] = i;
            re[j] = sv[2 * i];
            im[j] = sv[2 * i + 1];
        }
        for (size_t r = 0; r < dim; r++) {
            double ar, ai;
            if (diagonal) {
                const double dr = values[2 * r], di = values[2 * r + 1];
                ar = dr * re[r] - di * im[r];
                ai = dr * im[r] + di * re[r];
            } else {
                ar = 0;
                ai = 0;
                const double *row = values + 2 * r * dim;
                for (int e = nz_start[r]; e < nz_start[r + 1]; e++) {
                    const size_t c = nz[e];
                    ar += row[2 * c] * re[c] - row[2 * c + 1] * im[c];
                    ai += row[2 * c] * im[c] + row[2 * c + 1] * re[c];
                }
            }
            sv[2 * idx[r]] = ar;
            sv[2 * idx[r] + 1] = ai;
        }
    }
}

qn_kernel qn_gate_kernel(const qn_kernel_table *T, const qn_plan *plan, int diagonal) {
    if (diagonal) return plan->active_count > 0 ? T->diagonal : NULL;
    if (qn_plan_target_count(plan) == 1) return plan->high_count == 1 ? T->dense1_high : T->dense1_low;
    return T->dense;
}

static int apply(qn_exec e, void *sv, int n, const int *targets, int k, const double *values,
                 uint64_t control_mask, int diagonal) {
    if (k > QN_MAX_GATE_QUBITS) return QN_ERR_TOO_MANY_TARGETS;
    const int single = e.precision == QN_PRECISION_SINGLE;
    if (n <= QN_SMALL_STATE_QUBITS) {
        /* A forced variant this CPU lacks still fails, whatever the size. */
        if (!qn_variant_supported(e.variant)) return QN_ERR_VARIANT_UNSUPPORTED;
        if (!single) {
            apply_small(sv, n, targets, k, values, control_mask, diagonal);
            return QN_OK;
        }
        /* complex64: the same arithmetic in double on a copy. */
        double wide[2 << QN_SMALL_STATE_QUBITS];
        float *narrow = sv;
        for (size_t i = 0; i < (size_t)2 << n; i++) wide[i] = narrow[i];
        apply_small(wide, n, targets, k, values, control_mask, diagonal);
        for (size_t i = 0; i < (size_t)2 << n; i++) narrow[i] = (float)wide[i];
        return QN_OK;
    }
    const qn_kernel_table *T;
    int lanes;
    int status = qn_select(e, n, &T, &lanes);
    if (status != QN_OK) return status;
    qn_plan plan;
    status = qn_plan_build(&plan, lanes, single, n, targets, k, values, control_mask, diagonal);
    if (status != QN_OK) return status;
    const qn_kernel fn = qn_gate_kernel(T, &plan, diagonal);
    if (fn) {
        const qn_task task = {.sv = sv, .plan = &plan, .n = n};
        qn_parallel_for(qn_threads_for(e, n), plan.outer, fn, &task);
    }
    qn_plan_free(&plan);
    return QN_OK;
}

int qn_sv_apply_matrix(qn_exec e, void *sv, int n, const int *targets, int k,
                       const double *matrix, uint64_t control_mask) {
    return apply(e, sv, n, targets, k, matrix, control_mask, 0);
}

int qn_sv_apply_diagonal(qn_exec e, void *sv, int n, const int *targets, int k,
                         const double *diagonal, uint64_t control_mask) {
    return apply(e, sv, n, targets, k, diagonal, control_mask, 1);
}
