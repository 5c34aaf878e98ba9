/* Portable complex128 kernels: a 16-byte register of one complex amplitude,
 * which clang maps to SSE2 on x86-64 and NEON on arm64. */
#include "internal/bits.h"
#include "internal/plan.h"

#define QN_REAL double
#define QN_LANES 1
#define QN_REGISTERS 16
#define QN_USE_FMA 0
#define QN_TABLE qn_kernels_scalar
#include "internal/sv_kernels_template.h"
