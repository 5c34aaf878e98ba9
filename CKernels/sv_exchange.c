/* Packing for distributed state vectors. Swapping a global qubit (a bit of
 * the MPI rank) with local qubit `bit` sends the half of a rank's slice whose
 * bit `bit` has one value and receives the partner's amplitudes into the same
 * places. These copy a range of that half to or from a contiguous message
 * buffer. The half is runs of 2^bit amplitudes: long runs go through memcpy,
 * short ones (low bits) element by element with fixed-size copies, since a
 * memcpy call per 16-byte amplitude cost more than the message itself
 * (perf: a quarter of a distributed random-24 run). Elements are opaque
 * (`elem_bytes`: 16 for complex128, 8 for complex64). */
#include "CKernels.h"

#include <string.h>

/* Runs shorter than this many bytes are copied element by element. */
#define QN_SHORT_RUN_BYTES 256

/* Copies `count` elements of size E (a compile-time constant) between the
 * strided half and the buffer; `to_buffer` picks the direction. */
#define QN_COPY_SHORT(E)                                                       \
    for (size_t done = 0; done < count; done++, j++) {                         \
        size_t full = ((j >> bit) << (bit + 1)) | ((size_t)value << bit) | (j & (run - 1)); \
        if (to_buffer) memcpy(buf + done * (E), sv + full * (E), (E));         \
        else memcpy(sv + full * (E), buf + done * (E), (E));                   \
    }

static void copy_half(char *sv, int bit, int value, size_t first, size_t count, size_t elem_bytes,
                      char *buf, int to_buffer) {
    const size_t run = (size_t)1 << bit;
    size_t j = first;
    if (run * elem_bytes < QN_SHORT_RUN_BYTES && (elem_bytes == 16 || elem_bytes == 8)) {
        if (elem_bytes == 16) { QN_COPY_SHORT(16) } else { QN_COPY_SHORT(8) }
        return;
    }
    size_t done = 0;
    while (done < count) {
        size_t in_run = j & (run - 1);
        size_t len = run - in_run;
        if (len > count - done) len = count - done;
        size_t full = ((j >> bit) << (bit + 1)) | ((size_t)value << bit) | in_run;
        if (to_buffer) memcpy(buf + done * elem_bytes, sv + full * elem_bytes, len * elem_bytes);
        else memcpy(sv + full * elem_bytes, buf + done * elem_bytes, len * elem_bytes);
        j += len;
        done += len;
    }
}

void qn_sv_pack_half(const void *sv, int bit, int value, size_t first, size_t count,
                     size_t elem_bytes, void *out) {
    copy_half((char *)sv, bit, value, first, count, elem_bytes, (char *)out, 1);
}

void qn_sv_unpack_half(void *sv, int bit, int value, size_t first, size_t count,
                       size_t elem_bytes, const void *in) {
    copy_half((char *)sv, bit, value, first, count, elem_bytes, (char *)in, 0);
}
