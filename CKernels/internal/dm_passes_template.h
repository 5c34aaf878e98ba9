/* The loops of the density-matrix channel passes, included once per kernel
 * variant by dm_channels.c with QN_DM_NAME giving each copy its name and a
 * target attribute around it: the same C, vectorised by the compiler as
 * wide as the variant allows. Plain multiplies and adds (no contraction
 * into FMA), so every variant gives the same bits.
 *
 * Blocks are visited in runs (dm_runs, dm_passes.h). Real and imaginary
 * parts are treated alike, so where a run is contiguous its loop runs over
 * doubles. */
#pragma STDC FP_CONTRACT OFF

/* Depolarizing at double u of every (r, c) stream of a block: real and
 * imaginary parts alike, each with the trace's own part. */
static inline __attribute__((always_inline)) void QN_DM_NAME(depolarize_at)(double *block, const size_t *off,
                                                                           size_t u, const size_t d,
                                                                           double keep, double add) {
    double tr = 0;
    for (size_t a = 0; a < d; a++) tr += block[off[a * d + a] + u];
    for (size_t c = 0; c < d; c++)
        for (size_t r = 0; r < d; r++) {
            double *x = block + off[c * d + r] + u;
            *x *= keep;
            if (r == c) *x += add * tr;
        }
}

/* One block range; inlined with d constant for the 1- and 2-qubit channels
 * so that the loops unroll and the contiguous one vectorises (`wide`: the
 * wider channels, rare, take the strided loop throughout). */
static inline __attribute__((always_inline)) void QN_DM_NAME(depolarize_d)(const depolarize_job *j, double *rho,
                                                                          size_t begin, size_t end, const size_t d,
                                                                          const int wide) {
    /* Copied out of the job: stores into rho could alias it, which would reload them at every element. */
    const double keep = j->keep, add = j->add;
    size_t off[1 << (2 * QN_DEPOLARIZE_MAX)];
    for (size_t c = 0; c < d; c++)
        for (size_t r = 0; r < d; r++) off[c * d + r] = 2 * (j->row[r] | j->col[c]);
    dm_runs runs = dm_runs_start(j->sorted, 2 * j->k, j->bits, j->fixed, begin, end);
    const size_t step = (size_t)2 << runs.shift;
    uint64_t base;
    size_t len;
    while (dm_runs_next(&runs, &base, &len)) {
        double *block = rho + 2 * base;
        if (wide && runs.shift == 0) {
            /* The (r, c) elements of the run are disjoint streams of 2 len doubles. */
#pragma clang loop vectorize(assume_safety)
            for (size_t u = 0; u < 2 * len; u++) QN_DM_NAME(depolarize_at)(block, off, u, d, keep, add);
        } else {
            for (size_t t = 0; t < step * len; t += step) {
                QN_DM_NAME(depolarize_at)(block, off, t, d, keep, add);
                QN_DM_NAME(depolarize_at)(block, off, t + 1, d, keep, add);
            }
        }
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

/* Relaxation at double u of the four streams of a block. */
static inline __attribute__((always_inline)) void QN_DM_NAME(relax_at)(double *p00, double *p01, double *p10,
                                                                      double *p11, size_t u, double gamma,
                                                                      double keep, double coherence) {
    p00[u] += gamma * p11[u];
    p11[u] *= keep;
    p10[u] *= coherence;
    p01[u] *= coherence;
}

static void QN_DM_NAME(relax_blocks)(const qn_task *task, size_t begin, size_t end) {
    const relax_job *j = (const relax_job *)task->sv2;
    double *rho = task->sv;
    const double keep = 1 - j->gamma, gamma = j->gamma, coherence = j->coherence;
    dm_runs runs = dm_runs_start(j->sorted, 2, j->bits, j->row | j->col, begin, end);
    const size_t step = (size_t)2 << runs.shift;
    uint64_t base;
    size_t len;
    while (dm_runs_next(&runs, &base, &len)) {
        double *p00 = rho + 2 * base, *p11 = rho + 2 * (base | j->row | j->col);
        double *p10 = rho + 2 * (base | j->row), *p01 = rho + 2 * (base | j->col);
        if (runs.shift == 0) {
#pragma clang loop vectorize(assume_safety)
            for (size_t u = 0; u < 2 * len; u++) QN_DM_NAME(relax_at)(p00, p01, p10, p11, u, gamma, keep, coherence);
        } else {
            for (size_t t = 0; t < step * len; t += step) {
                QN_DM_NAME(relax_at)(p00, p01, p10, p11, t, gamma, keep, coherence);
                QN_DM_NAME(relax_at)(p00, p01, p10, p11, t + 1, gamma, keep, coherence);
            }
        }
    }
}
