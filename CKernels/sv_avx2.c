/* AVX2 + FMA complex128 kernels: 256-bit registers, two amplitudes each. */
#if defined(__x86_64__)
#include "internal/bits.h"
#include "internal/plan.h"

#define QN_REAL double
#define QN_LANES 2
#define QN_REGISTERS 16
#define QN_USE_FMA 1
#define QN_TABLE qn_kernels_avx2
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#include "internal/sv_kernels_template.h"
#pragma clang attribute pop
#endif
