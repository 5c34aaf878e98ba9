/* AVX2 + FMA kernels: 256-bit registers, two complex amplitudes each. */
#if defined(__x86_64__)
#include "internal/bits.h"
#include "internal/plan.h"

#define QN_LANES 2
#define QN_USE_FMA 1
#define QN_TABLE qn_kernels_avx2
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#include "internal/sv_kernels_template.h"
#pragma clang attribute pop
#endif
