/* Index arithmetic shared by every kernel variant. */
#ifndef QNET_BITS_H
#define QNET_BITS_H

#include <stddef.h>
#include <stdint.h>

/* Inserts a zero bit at each of the `count` ascending bit positions in
 * `positions`: maps a compact counter onto the indices whose bits at those
 * positions are 0. Ascending order makes each later position refer to the
 * already widened index. */
static inline uint64_t qn_insert_zero_bits(uint64_t i, const int *positions, int count) {
    for (int p = 0; p < count; p++) {
        uint64_t low = i & ((UINT64_C(1) << positions[p]) - 1);
        i = ((i >> positions[p]) << (positions[p] + 1)) | low;
    }
    return i;
}

/* The index after `i` among those whose bits in `fixed` are 0: adding one
 * with the fixed bits set carries over them (equal to inserting zero bits
 * into the next counter, without the loop over positions). */
static inline uint64_t qn_next_with_zero_bits(uint64_t i, uint64_t fixed) { return ((i | fixed) + 1) & ~fixed; }

/* The lowest run of free bits among `bits` index bits of which `count`, at
 * the ascending `positions`, are fixed: it starts at bit *shift (the fixed
 * bits 0, 1, ... below it) and holds log2 of the returned length. Indices
 * counted with qn_insert_zero_bits step through it t << *shift apart. */
static inline size_t qn_lowest_free_run(const int *positions, int count, int bits, int *shift) {
    int m = 0;
    while (m < count && positions[m] == m) m++;
    *shift = m;
    return (size_t)1 << ((m < count ? positions[m] : bits) - m);
}

/* Gathers the bits of `i` at `positions[0..m-1]` into bits 0..m-1. */
static inline uint64_t qn_gather_bits(uint64_t i, const int *positions, int m) {
    uint64_t r = 0;
    for (int b = 0; b < m; b++) r |= ((i >> positions[b]) & 1u) << b;
    return r;
}

#endif
