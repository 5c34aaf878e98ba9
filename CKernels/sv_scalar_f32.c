/* Portable complex64 kernels: a 16-byte register of two complex amplitudes,
 * which clang maps to SSE2 on x86-64 and NEON on arm64. */
#include "internal/bits.h"
#include "internal/plan.h"

#define QN_REAL float
#define QN_LANES 2
#define QN_REGISTERS 16
#define QN_USE_FMA 0
#define QN_TABLE qn_kernels_scalar_f32
#include "internal/sv_kernels_template.h"
