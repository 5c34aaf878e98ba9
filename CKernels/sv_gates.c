/* Gate entry points: build a plan for the chosen variant, pick the kernel,
 * run it over the register groups. */
#include "internal/dispatch.h"
#include "internal/plan_build.h"

static int apply(qn_exec e, double *sv, int n, const int *targets, int k, const double *values,
                 uint64_t control_mask, int diagonal) {
    if (k > QN_MAX_GATE_QUBITS) return QN_ERR_TOO_MANY_TARGETS;
    const qn_kernel_table *T;
    int lanes;
    int status = qn_select(e, n, &T, &lanes);
    if (status != QN_OK) return status;
    qn_plan plan;
    status = qn_plan_build(&plan, lanes, n, targets, k, values, control_mask, diagonal);
    if (status != QN_OK) return status;
    qn_kernel fn;
    if (diagonal) fn = T->diagonal;
    else if (qn_plan_target_count(&plan) == 1) fn = plan.high_count == 1 ? T->dense1_high : T->dense1_low;
    else fn = T->dense;
    if (!diagonal || plan.active_count > 0) {
        const qn_task task = {.sv = sv, .plan = &plan, .n = n};
        qn_parallel_for(qn_threads_for(e, n), plan.outer, fn, &task);
    }
    qn_plan_free(&plan);
    return QN_OK;
}

int qn_sv_apply_matrix(qn_exec e, double *sv, int n, const int *targets, int k,
                       const double *matrix, uint64_t control_mask) {
    return apply(e, sv, n, targets, k, matrix, control_mask, 0);
}

int qn_sv_apply_diagonal(qn_exec e, double *sv, int n, const int *targets, int k,
                         const double *diagonal, uint64_t control_mask) {
    return apply(e, sv, n, targets, k, diagonal, control_mask, 1);
}
