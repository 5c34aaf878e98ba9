/* The loops of the density-matrix channel passes, included once per kernel
 * variant by dm_channels.c with QN_DM_NAME giving each copy its name and a
 * target attribute around it: the same C, vectorised by the compiler as
 * wide as the variant allows. Plain multiplies and adds (no contraction
 * into FMA), so every variant gives the same bits.
 *
 * Blocks are visited in runs along the lowest free bits
 * (qn_lowest_free_run: side by side in memory, or interleaved with the
 * channel's own low bits), and a run's first base follows the last by one
 * carry: no bit insertion per block. Where a run is contiguous, its real
 * and imaginary parts are treated alike, so the loop runs over doubles. */
#pragma STDC FP_CONTRACT OFF

/* One block range; inlined with d constant for the 1- and 2-qubit channels
 * so that the loops unroll and the contiguous one vectorises (`wide`: the
 * wider channels, rare, take the loop over complex numbers throughout). */
static inline __attribute__((always_inline)) void QN_DM_NAME(depolarize_d)(const depolarize_job *j, double *rho,
                                                                          size_t begin, size_t end, const size_t d,
                                                                          const int wide) {
    /* Copied out of the job: stores into rho could alias it, which would reload them at every element. */
    int shift;
    const size_t run = qn_lowest_free_run(j->sorted, 2 * j->k, j->bits, &shift), step = (size_t)2 << shift;
    const double keep = j->keep, add = j->add;
    size_t off[1 << (2 * QN_DEPOLARIZE_MAX)];
    for (size_t c = 0; c < d; c++)
        for (size_t r = 0; r < d; r++) off[c * d + r] = 2 * (j->row[r] | j->col[c]);
    uint64_t base = qn_insert_zero_bits(begin, j->sorted, 2 * j->k);
    for (size_t i = begin; i < end;) {
        size_t len = run - (i & (run - 1));
        if (len > end - i) len = end - i;
        double *block = rho + 2 * base;
        if (wide && shift == 0) {
            /* The (r, c) elements of the run are disjoint streams of 2 len doubles. */
#pragma clang loop vectorize(assume_safety)
            for (size_t u = 0; u < 2 * len; u++) {
                double tr = 0;
                for (size_t a = 0; a < d; a++) tr += block[off[a * d + a] + u];
                for (size_t c = 0; c < d; c++)
                    for (size_t r = 0; r < d; r++) {
                        double *x = block + off[c * d + r] + u;
                        *x *= keep;
                        if (r == c) *x += add * tr;
                    }
            }
        } else {
            for (size_t t = 0; t < step * len; t += step) {
                double tr = 0, ti = 0;
                for (size_t a = 0; a < d; a++) {
                    tr += block[off[a * d + a] + t];
                    ti += block[off[a * d + a] + t + 1];
                }
                for (size_t c = 0; c < d; c++)
                    for (size_t r = 0; r < d; r++) {
                        double *x = block + off[c * d + r] + t;
                        x[0] *= keep;
                        x[1] *= keep;
                        if (r == c) {
                            x[0] += add * tr;
                            x[1] += add * ti;
                        }
                    }
            }
        }
        i += len;
        base = qn_next_with_zero_bits(base + ((len - 1) << shift), j->fixed);
    }
}

static void QN_DM_NAME(depolarize_blocks)(const qn_task *task, size_t begin, size_t end) {
    const depolarize_job *j = (const depolarize_job *)task->sv2;
    switch (j->k) {
    case 1: QN_DM_NAME(depolarize_d)(j, task->sv, begin, end, 2, 1); break;
    case 2: QN_DM_NAME(depolarize_d)(j, task->sv, begin, end, 4, 1); break;
    default: QN_DM_NAME(depolarize_d)(j, task->sv, begin, end, (size_t)1 << j->k, 0); break;
    }
}

static void QN_DM_NAME(relax_blocks)(const qn_task *task, size_t begin, size_t end) {
    const relax_job *j = (const relax_job *)task->sv2;
    double *rho = task->sv;
    const double keep = 1 - j->gamma, gamma = j->gamma, coherence = j->coherence;
    int shift;
    const size_t run = qn_lowest_free_run(j->sorted, 2, j->bits, &shift), step = (size_t)2 << shift;
    const uint64_t fixed = j->row | j->col;
    uint64_t base = qn_insert_zero_bits(begin, j->sorted, 2);
    for (size_t i = begin; i < end;) {
        size_t len = run - (i & (run - 1));
        if (len > end - i) len = end - i;
        double *p00 = rho + 2 * base, *p11 = rho + 2 * (base | j->row | j->col);
        double *p10 = rho + 2 * (base | j->row), *p01 = rho + 2 * (base | j->col);
        if (shift == 0) {
#pragma clang loop vectorize(assume_safety)
            for (size_t u = 0; u < 2 * len; u++) {
                p00[u] += gamma * p11[u];
                p11[u] *= keep;
                p10[u] *= coherence;
                p01[u] *= coherence;
            }
        } else {
            for (size_t t = 0; t < step * len; t += step) {
                p00[t] += gamma * p11[t];
                p00[t + 1] += gamma * p11[t + 1];
                p11[t] *= keep;
                p11[t + 1] *= keep;
                p10[t] *= coherence;
                p10[t + 1] *= coherence;
                p01[t] *= coherence;
                p01[t + 1] *= coherence;
            }
        }
        i += len;
        base = qn_next_with_zero_bits(base + ((len - 1) << shift), fixed);
    }
}
