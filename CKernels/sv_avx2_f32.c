/* AVX2 + FMA complex64 kernels: 256-bit registers, four amplitudes each. */
#if defined(__x86_64__)
#include "internal/bits.h"
#include "internal/plan.h"

#define QN_REAL float
#define QN_LANES 4
#define QN_REGISTERS 16
#define QN_USE_FMA 1
#define QN_TABLE qn_kernels_avx2_f32
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#include "internal/sv_kernels_template.h"
#pragma clang attribute pop
#endif
