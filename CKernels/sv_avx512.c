/* AVX-512 complex128 kernels: 512-bit registers, four amplitudes each. */
#if defined(__x86_64__)
#include "internal/bits.h"
#include "internal/plan.h"

#define QN_REAL double
#define QN_LANES 4
#define QN_REGISTERS 32
#define QN_USE_FMA 1
#define QN_TABLE qn_kernels_avx512
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,fma"))), apply_to = function)
#include "internal/sv_kernels_template.h"
#pragma clang attribute pop
#endif
