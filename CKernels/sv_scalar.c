/* Portable kernels: a register of one complex amplitude (two doubles), which
 * clang maps to SSE2 on x86-64 and NEON on arm64. */
#include "internal/bits.h"
#include "internal/plan.h"

#define QN_LANES 1
#define QN_USE_FMA 0
#define QN_TABLE qn_kernels_scalar
#include "internal/sv_kernels_template.h"
