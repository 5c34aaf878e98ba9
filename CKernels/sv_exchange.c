/* Packing for distributed state vectors. Swapping a global qubit (a bit of
 * the MPI rank) with local qubit `bit` sends the half of a rank's slice whose
 * bit `bit` has one value and receives the partner's amplitudes into the same
 * places. These copy a range of that half to or from a contiguous message
 * buffer: runs of 2^bit amplitudes, so memcpy does the work. Elements are
 * opaque (`elem_bytes`: 16 for complex128, 8 for complex64). */
#include "CKernels.h"

#include <string.h>

/* Calls copy(full_offset, buffer_offset, run) for the amplitudes of the
 * half `value` of bit `bit`, from the `first`-th of the half, `count` of them. */
#define QN_HALF_RUNS(BODY)                                                     \
    do {                                                                       \
        const size_t run = (size_t)1 << bit;                                   \
        size_t j = first, done = 0;                                            \
        while (done < count) {                                                 \
            size_t in_run = j & (run - 1);                                     \
            size_t len = run - in_run;                                         \
            if (len > count - done) len = count - done;                        \
            size_t full = ((j >> bit) << (bit + 1)) | ((size_t)value << bit) | in_run; \
            BODY;                                                              \
            j += len;                                                          \
            done += len;                                                       \
        }                                                                      \
    } while (0)

void qn_sv_pack_half(const void *sv, int bit, int value, size_t first, size_t count,
                     size_t elem_bytes, void *out) {
    const char *src = (const char *)sv;
    char *dst = (char *)out;
    QN_HALF_RUNS(memcpy(dst + done * elem_bytes, src + full * elem_bytes, len * elem_bytes));
}

void qn_sv_unpack_half(void *sv, int bit, int value, size_t first, size_t count,
                       size_t elem_bytes, const void *in) {
    char *dst = (char *)sv;
    const char *src = (const char *)in;
    QN_HALF_RUNS(memcpy(dst + full * elem_bytes, src + done * elem_bytes, len * elem_bytes));
}
