/* Variant selection shared by the entry points (dispatch.c). */
#ifndef QNET_DISPATCH_H
#define QNET_DISPATCH_H

#include "CKernels.h"
#include "plan.h"

/* The kernel table and register width of a variant, whatever the state size.
 * Returns QN_OK or QN_ERR_VARIANT_UNSUPPORTED. */
int qn_table(int variant, const qn_kernel_table **table, int *lanes);

/* The kernel table and register width for `e.variant` on an n-qubit state.
 * States smaller than one register use the scalar table. Returns QN_OK or
 * QN_ERR_VARIANT_UNSUPPORTED. */
int qn_select(qn_exec e, int n, const qn_kernel_table **table, int *lanes);

/* Threads to use for a pass over 2^n amplitudes: 1 below e's threshold. */
int qn_threads_for(qn_exec e, int n);

#endif
