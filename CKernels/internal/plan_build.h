/* Building and freeing gate plans (plan.c). */
#ifndef QNET_PLAN_BUILD_H
#define QNET_PLAN_BUILD_H

#include "plan.h"

/* Prepares a dense (diagonal == 0; `values` is the 2^k x 2^k matrix) or
 * diagonal (diagonal == 1; `values` holds 2^k entries) gate for registers of
 * `lanes` amplitudes, with float coefficients when `single`. Returns QN_OK or
 * QN_ERR_OUT_OF_MEMORY. */
int qn_plan_build(qn_plan *P, int lanes, int single, int n, const int *targets, int k,
                  const double *values, uint64_t control_mask, int diagonal);
/* Number of targets of the plan (high targets + low targets). */
int qn_plan_target_count(const qn_plan *P);
void qn_plan_free(qn_plan *P);

/* The kernel of `T` that runs a built plan over its register groups, or NULL
 * when there is nothing to do (a diagonal that is the identity) (sv_gates.c). */
qn_kernel qn_gate_kernel(const qn_kernel_table *T, const qn_plan *plan, int diagonal);

#endif
