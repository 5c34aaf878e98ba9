/* Aligned state storage, first touched by the threads that will use it. */
#include "internal/dispatch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* 64-byte aligned (one AVX-512 register). Network runs allocate and free
 * small states by the million, and glibc's aligned_alloc searches its bins
 * for every one, while plain malloc serves small sizes from per-thread caches:
 * so take 64 bytes more from malloc, round up, and keep malloc's pointer in
 * the word just below the aligned one (malloc returns 16-byte aligned memory,
 * so the rounded pointer is at least 16 bytes in). */
double *qn_alloc(size_t count) {
    size_t bytes = count * sizeof(double);
    bytes = (bytes + 63) / 64 * 64;
    if (bytes == 0) bytes = 64;
    unsigned char *raw = malloc(bytes + 64);
    if (!raw) return NULL;
    void **aligned = (void **)(((uintptr_t)raw + 64) & ~(uintptr_t)63);
    aligned[-1] = raw;
    return (double *)aligned;
}

void qn_free(double *p) {
    if (p) free(((void **)p)[-1]);
}

/* Counter: amplitudes; t->block: bytes per amplitude. */
static void zero_range(const qn_task *t, size_t begin, size_t end) {
    memset((char *)t->sv + begin * t->block, 0, (end - begin) * t->block);
}

static void copy_range(const qn_task *t, size_t begin, size_t end) {
    memcpy((char *)t->sv + begin * t->block, (const char *)t->sv2 + begin * t->block, (end - begin) * t->block);
}

void qn_sv_init_zero(qn_exec e, void *sv, int n) {
    const qn_task t = {.sv = sv, .n = n, .block = qn_amplitude_bytes(e)};
    qn_parallel_for(qn_threads_for(e, n), (size_t)1 << n, zero_range, &t);
    if (e.precision == QN_PRECISION_SINGLE) *(float *)sv = 1.0f;
    else *(double *)sv = 1.0;
}

void qn_sv_copy(qn_exec e, void *dst, const void *src, int n) {
    const qn_task t = {.sv = dst, .sv2 = src, .n = n, .block = qn_amplitude_bytes(e)};
    qn_parallel_for(qn_threads_for(e, n), (size_t)1 << n, copy_range, &t);
}
