/* Cache blocking: a run of gates whose qubits all lie below qubit b is applied
 * to one block of 2^b amplitudes at a time, every gate of the run in turn,
 * before moving to the next block. With the block in the core's L2 cache the
 * run costs one pass over memory instead of one per gate. Each gate is planned
 * once, as a gate on a b-qubit state; threads take contiguous ranges of
 * blocks, so each block is handled by one thread in gate order and the result
 * does not depend on the thread count. */
#include "internal/dispatch.h"
#include "internal/plan_build.h"

#include <stdlib.h>

typedef struct {
    int count;
    size_t block;      /* bytes per block */
    const qn_plan *plans;
    const qn_kernel *kernels;
} blocked_job;

static void run_blocks(const qn_task *task, size_t begin, size_t end) {
    const blocked_job *j = (const blocked_job *)task->sv2;
    for (size_t b = begin; b < end; b++) {
        for (int g = 0; g < j->count; g++) {
            if (!j->kernels[g]) continue;
            const qn_task t = {.sv = (char *)task->sv + b * j->block, .plan = &j->plans[g], .n = task->n};
            j->kernels[g](&t, 0, j->plans[g].outer);
        }
    }
}

int qn_sv_apply_blocked(qn_exec e, void *sv, int n, int b, int count, const int *target_counts,
                        const int *targets, const double *values, const uint64_t *control_masks,
                        const int *diagonal) {
    if (b < 1 || b > n || count < 1) return QN_ERR_TOO_MANY_TARGETS;
    const qn_kernel_table *T;
    int lanes;
    int status = qn_select(e, b, &T, &lanes);
    if (status != QN_OK) return status;
    qn_plan *plans = calloc((size_t)count, sizeof *plans);
    qn_kernel *kernels = calloc((size_t)count, sizeof *kernels);
    if (!plans || !kernels) { free(plans); free(kernels); return QN_ERR_OUT_OF_MEMORY; }
    int built = 0;
    for (; built < count; built++) {
        const int k = target_counts[built];
        if (k > QN_MAX_GATE_QUBITS) { status = QN_ERR_TOO_MANY_TARGETS; break; }
        status = qn_plan_build(&plans[built], lanes, e.precision == QN_PRECISION_SINGLE, b, targets, k, values,
                               control_masks[built], diagonal[built]);
        if (status != QN_OK) break;
        kernels[built] = qn_gate_kernel(T, &plans[built], diagonal[built]);
        targets += k;
        values += diagonal[built] ? 2 << k : 2 << (2 * k);
    }
    if (status == QN_OK) {
        const blocked_job job = {.count = count, .block = qn_amplitude_bytes(e) << b, .plans = plans, .kernels = kernels};
        const qn_task task = {.sv = sv, .sv2 = &job, .n = b};
        qn_parallel_for(qn_threads_for(e, n), (size_t)1 << (n - b), run_blocks, &task);
    }
    for (int g = 0; g < built; g++) qn_plan_free(&plans[g]);
    free(plans);
    free(kernels);
    return status;
}
