/* The core's peak of multiply-adds, measured on the machine rather than
 * looked up: QN_PEAK_CHAINS independent accumulator chains of one register
 * each (enough to hide the multiply-add latency on two pipes), `rounds`
 * times over. One copy per variant: the portable one (two-double or
 * four-float vectors, multiply then add: what the portable kernels can
 * issue), AVX2 with FMA, and AVX-512 with FMA. The kernels' ratio to the
 * peak is measured against it in the same run (qnet-bench). */
#include "internal/dispatch.h"

#define QN_PEAK_CHAINS 12

/* One variant's loop over a vector type V of `lanes` elements of T. */
#define QN_PEAK_LOOP(name, T, lanes)                                                              \
    typedef T name##_v __attribute__((vector_size(sizeof(T) * (lanes))));                        \
    static double name(size_t rounds) {                                                           \
        name##_v acc[QN_PEAK_CHAINS], x, y;                                                       \
        for (int k = 0; k < (lanes); k++) {                                                       \
            x[k] = (T)0.999999;                                                                   \
            y[k] = (T)1e-7;                                                                       \
        }                                                                                         \
        for (int c = 0; c < QN_PEAK_CHAINS; c++) acc[c] = x + (T)c;                               \
        for (size_t r = 0; r < rounds; r++)                                                       \
            for (int c = 0; c < QN_PEAK_CHAINS; c++) acc[c] = acc[c] * x + y;                     \
        double sum = 0;                                                                           \
        for (int c = 0; c < QN_PEAK_CHAINS; c++)                                                  \
            for (int k = 0; k < (lanes); k++) sum += (double)acc[c][k];                          \
        return sum;                                                                               \
    }

QN_PEAK_LOOP(peak_scalar_f64, double, 2)
QN_PEAK_LOOP(peak_scalar_f32, float, 4)
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
QN_PEAK_LOOP(peak_avx2_f64, double, 4)
QN_PEAK_LOOP(peak_avx2_f32, float, 8)
#pragma clang attribute pop
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,fma"))), apply_to = function)
QN_PEAK_LOOP(peak_avx512_f64, double, 8)
QN_PEAK_LOOP(peak_avx512_f32, float, 16)
#pragma clang attribute pop
#endif

/* Lanes of one register of `variant` in the precision (0 if unsupported here). */
static int peak_lanes(int variant, int single) {
    if (!qn_variant_supported(variant)) return 0;
    switch (variant) {
    case QN_VARIANT_SCALAR: return single ? 4 : 2;
    case QN_VARIANT_AVX2: return single ? 8 : 4;
    case QN_VARIANT_AVX512: return single ? 16 : 8;
    default: return 0;
    }
}

long qn_fma_peak_flops_per_round(int variant, int single) {
    return 2L * QN_PEAK_CHAINS * peak_lanes(variant, single);
}

double qn_fma_peak_run(int variant, int single, size_t rounds) {
    if (peak_lanes(variant, single) == 0) return 0;
#if defined(__x86_64__)
    if (variant == QN_VARIANT_AVX512) return single ? peak_avx512_f32(rounds) : peak_avx512_f64(rounds);
    if (variant == QN_VARIANT_AVX2) return single ? peak_avx2_f32(rounds) : peak_avx2_f64(rounds);
#endif
    return single ? peak_scalar_f32(rounds) : peak_scalar_f64(rounds);
}
