/* Packing for distributed state vectors. Swapping m global qubits (bits of
 * the MPI rank) with m local ones exchanges, with each of 2^m − 1 partner
 * ranks, the block of the slice whose bits at the m local positions hold a
 * given pattern; the partner's block lands in the same place. These copy a
 * range of such a block to or from a contiguous message buffer.
 *
 * A block is runs of 2^bits[0] consecutive amplitudes (bits[0] is the lowest
 * fixed position): long runs go through memcpy, short ones element by
 * element with fixed-size copies, since a memcpy call per 16-byte amplitude
 * cost more than the message itself (perf: a quarter of a distributed
 * random-24 run). Elements are opaque (`elem_bytes`: 16 for complex128, 8
 * for complex64). */
#include "CKernels.h"

#include <string.h>

/* Runs shorter than this many bytes are copied element by element. */
#define QN_SHORT_RUN_BYTES 256

/* The slice index of the j-th amplitude of the block: zero bits inserted at
 * the fixed positions (ascending), then the pattern's bits set there. */
static inline size_t block_index(size_t j, const int *bits, int m, size_t mask) {
    for (int t = 0; t < m; t++) {
        const int p = bits[t];
        j = ((j >> p) << (p + 1)) | (j & (((size_t)1 << p) - 1));
    }
    return j | mask;
}

#define QN_COPY_SHORT(E)                                                       \
    for (size_t done = 0; done < count; done++) {                              \
        const size_t full = block_index(first + done, bits, m, mask);          \
        if (to_buffer) memcpy(buf + done * (E), sv + full * (E), (E));         \
        else memcpy(sv + full * (E), buf + done * (E), (E));                   \
    }

static void copy_block(char *sv, const int *bits, int m, uint64_t pattern, size_t first, size_t count,
                       size_t elem_bytes, char *buf, int to_buffer) {
    size_t mask = 0;
    for (int t = 0; t < m; t++) mask |= (size_t)((pattern >> t) & 1) << bits[t];
    const size_t run = (size_t)1 << bits[0];
    if (run * elem_bytes < QN_SHORT_RUN_BYTES && (elem_bytes == 16 || elem_bytes == 8)) {
        if (elem_bytes == 16) { QN_COPY_SHORT(16) } else { QN_COPY_SHORT(8) }
        return;
    }
    size_t done = 0;
    while (done < count) {
        const size_t j = first + done;
        size_t len = run - (j & (run - 1));
        if (len > count - done) len = count - done;
        const size_t full = block_index(j, bits, m, mask);
        if (to_buffer) memcpy(buf + done * elem_bytes, sv + full * elem_bytes, len * elem_bytes);
        else memcpy(sv + full * elem_bytes, buf + done * elem_bytes, len * elem_bytes);
        done += len;
    }
}

void qn_sv_pack_block(const void *sv, const int *bits, int m, uint64_t pattern, size_t first, size_t count,
                      size_t elem_bytes, void *out) {
    copy_block((char *)sv, bits, m, pattern, first, count, elem_bytes, (char *)out, 1);
}

void qn_sv_unpack_block(void *sv, const int *bits, int m, uint64_t pattern, size_t first, size_t count,
                        size_t elem_bytes, const void *in) {
    copy_block((char *)sv, bits, m, pattern, first, count, elem_bytes, (char *)in, 0);
}
