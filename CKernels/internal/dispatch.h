/* Variant selection shared by the entry points (dispatch.c). */
#ifndef QNET_DISPATCH_H
#define QNET_DISPATCH_H

#include "CKernels.h"
#include "plan.h"

/* The kernel table and register width (in amplitudes) of a variant in one
 * precision (single: complex64), whatever the state size. Returns QN_OK or
 * QN_ERR_VARIANT_UNSUPPORTED. */
int qn_table(int variant, int single, const qn_kernel_table **table, int *lanes);

/* The kernel table and register width for `e.variant` and `e.precision` on
 * an n-qubit state. States smaller than one register use the scalar table
 * (a complex64 state of one qubit fills its register exactly). Returns QN_OK
 * or QN_ERR_VARIANT_UNSUPPORTED. */
int qn_select(qn_exec e, int n, const qn_kernel_table **table, int *lanes);

/* Threads to use for a pass over 2^n amplitudes: 1 below e's threshold. */
int qn_threads_for(qn_exec e, int n);

/* Bytes per amplitude of the state a call works on. */
static inline size_t qn_amplitude_bytes(qn_exec e) {
    return e.precision == QN_PRECISION_SINGLE ? 2 * sizeof(float) : 2 * sizeof(double);
}

#endif
