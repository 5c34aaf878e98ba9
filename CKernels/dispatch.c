/* Run-time choice of kernel variant: what the CPU and OS support, and which
 * table a call uses. Variant files only compute; this file only chooses. */
#include "internal/dispatch.h"

#include <stdatomic.h>
#include <unistd.h>

#if defined(__x86_64__)
/* XCR0: which register states the OS saves on context switch. */
static unsigned long long read_xcr0(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

static int os_saves(unsigned long long mask) {
    unsigned int eax, ebx, ecx, edx;
    __asm__ volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(1), "c"(0));
    if (!(ecx & (1u << 27))) return 0; /* OSXSAVE: xgetbv usable */
    return (read_xcr0() & mask) == mask;
}
#endif

/* CPUID traps to the hypervisor on virtual machines (tens of microseconds),
 * so each variant's support is probed once and cached: 0 unknown, 1 no, 2 yes. */
static atomic_int support_cache[QN_VARIANT_COUNT];

static int probe_variant(int variant) {
    switch (variant) {
    case QN_VARIANT_SCALAR: return 1;
#if defined(__x86_64__)
    case QN_VARIANT_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && os_saves(0x6);
    case QN_VARIANT_AVX512:
        __builtin_cpu_init();
        /* SSE, AVX and the three AVX-512 states (opmask, ZMM_Hi256, Hi16_ZMM). */
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("fma") && os_saves(0xE6);
#endif
    default: return 0;
    }
}

int qn_variant_supported(int variant) {
    if (variant < 0 || variant >= QN_VARIANT_COUNT) return 0;
    int known = atomic_load_explicit(&support_cache[variant], memory_order_relaxed);
    if (known == 0) {
        known = probe_variant(variant) ? 2 : 1;
        atomic_store_explicit(&support_cache[variant], known, memory_order_relaxed);
    }
    return known == 2;
}

int qn_variant_best(void) {
    for (int v = QN_VARIANT_COUNT - 1; v > 0; v--)
        if (qn_variant_supported(v)) return v;
    return QN_VARIANT_SCALAR;
}

const char *qn_variant_name(int variant) {
    switch (variant) {
    case QN_VARIANT_SCALAR: return "scalar";
    case QN_VARIANT_AVX2: return "avx2";
    case QN_VARIANT_AVX512: return "avx512";
    default: return NULL;
    }
}

int qn_variant_lanes(int variant) {
    switch (variant) {
    case QN_VARIANT_AVX2: return 2;
    case QN_VARIANT_AVX512: return 4;
    default: return 1;
    }
}

int qn_hardware_threads(void) {
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

int qn_default_threads(void) { return qn_hardware_threads(); }

int qn_table(int variant, int single, const qn_kernel_table **table, int *lanes) {
    if (!qn_variant_supported(variant)) return QN_ERR_VARIANT_UNSUPPORTED;
    *lanes = qn_variant_lanes(variant) * (single ? 2 : 1);
    switch (variant) {
#if defined(__x86_64__)
    case QN_VARIANT_AVX2: *table = single ? &qn_kernels_avx2_f32 : &qn_kernels_avx2; break;
    case QN_VARIANT_AVX512: *table = single ? &qn_kernels_avx512_f32 : &qn_kernels_avx512; break;
#endif
    default: *table = single ? &qn_kernels_scalar_f32 : &qn_kernels_scalar; break;
    }
    return QN_OK;
}

int qn_select(qn_exec e, int n, const qn_kernel_table **table, int *lanes) {
    if (!qn_variant_supported(e.variant)) return QN_ERR_VARIANT_UNSUPPORTED;
    const int single = e.precision == QN_PRECISION_SINGLE;
    const int small = ((size_t)1 << n) < (size_t)(qn_variant_lanes(e.variant) * (single ? 2 : 1));
    return qn_table(small ? QN_VARIANT_SCALAR : e.variant, single, table, lanes);
}

int qn_threads_for(qn_exec e, int n) {
    if (n < (e.parallel_qubits > 0 ? e.parallel_qubits : QN_DEFAULT_PARALLEL_QUBITS)) return 1;
    return e.threads > 0 ? e.threads : qn_default_threads();
}
