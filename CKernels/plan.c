/* Gate plans: turns (targets, matrix, controls) into what a variant of a given
 * register width needs — the register groups to visit, the offsets inside a
 * group, the lane permutations, and the per-lane coefficients. */
#include "internal/plan_build.h"
#include "CKernels.h"

#include <stdlib.h>
#include <string.h>

static int log2_int(int x) {
    int r = 0;
    while ((1 << r) < x) r++;
    return r;
}

/* A control inside the register cannot select whole registers, so it becomes
 * an extra (highest) target of a larger gate: identity where the control is 0,
 * the original gate where it is 1. `values` is replaced in place (the buffer
 * has room for the largest folded gate). */
static void fold_control(double *values, int k, int diagonal) {
    const size_t K = (size_t)1 << k;
    if (diagonal) {
        memmove(values + 2 * K, values, 2 * K * sizeof(double));
        for (size_t i = 0; i < K; i++) { values[2 * i] = 1; values[2 * i + 1] = 0; }
        return;
    }
    const size_t K2 = 2 * K;
    /* Move rows of the old K x K matrix into the lower-right block, from the
     * last row backwards so nothing is overwritten before it is read. */
    for (size_t r = K; r-- > 0;) {
        for (size_t c = K; c-- > 0;) {
            const double re = values[2 * (r * K + c)], im = values[2 * (r * K + c) + 1];
            values[2 * ((r + K) * K2 + c + K)] = re;
            values[2 * ((r + K) * K2 + c + K) + 1] = im;
        }
    }
    for (size_t r = 0; r < K2; r++) {
        for (size_t c = 0; c < K2; c++) {
            if (r >= K && c >= K) continue;
            values[2 * (r * K2 + c)] = (r == c) ? 1 : 0;
            values[2 * (r * K2 + c) + 1] = 0;
        }
    }
}

static void sort_ints(int *a, int n) {
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && a[j - 1] > a[j]; j--) { int t = a[j]; a[j] = a[j - 1]; a[j - 1] = t; }
}

/* Matrix index of high combination `jh` at lane `lane`. */
static size_t matrix_index(const int *tg, const int *high, int h, const int *low, int l,
                           size_t jh, int lane) {
    size_t idx = 0;
    for (int m = 0; m < h; m++) idx |= ((jh >> m) & 1u) << high[m];
    for (int m = 0; m < l; m++) idx |= (size_t)((lane >> tg[low[m]]) & 1) << low[m];
    return idx;
}

/* Stores the coefficient c at `lane` of the pair (cr, ci). */
static void put_coef(double *cr, double *ci, int lane, double re, double im) {
    cr[2 * lane] = re;
    cr[2 * lane + 1] = re;
    ci[2 * lane] = -im;
    ci[2 * lane + 1] = im;
}

int qn_plan_build(qn_plan *P, int lanes, int n, const int *targets, int k,
                  const double *values, uint64_t control_mask, int diagonal) {
    memset(P, 0, sizeof *P);
    P->lanes = lanes;
    P->lane_bits = log2_int(lanes);
    const int lb = P->lane_bits, D = 2 * lanes;

    /* Fold low controls into the gate. */
    int tg[QN_MAX_PLAN_TARGETS];
    int kk = k;
    memcpy(tg, targets, (size_t)k * sizeof(int));
    const size_t max_dim = (size_t)1 << QN_MAX_PLAN_TARGETS;
    double *vals = malloc((diagonal ? max_dim : max_dim * max_dim) * 2 * sizeof(double));
    if (!vals) return QN_ERR_OUT_OF_MEMORY;
    const size_t K0 = (size_t)1 << k;
    memcpy(vals, values, (diagonal ? K0 : K0 * K0) * 2 * sizeof(double));
    for (int c = 0; c < lb; c++) {
        if (!((control_mask >> c) & 1u)) continue;
        fold_control(vals, kk, diagonal);
        tg[kk++] = c;
        control_mask &= ~(UINT64_C(1) << c);
    }

    /* Split targets into high and low; fixed bits are high targets and the
     * (now all high) controls, in register-index units. */
    int high[QN_MAX_PLAN_TARGETS], low[QN_MAX_PLAN_TARGETS], h = 0, l = 0;
    for (int b = 0; b < kk; b++) {
        if (tg[b] >= lb) {
            high[h++] = b;
            P->fixed[P->fixed_count++] = tg[b] - lb;
        } else {
            low[l++] = b;
        }
    }
    for (int q = lb; q < 64; q++) {
        if ((control_mask >> q) & 1u) {
            P->fixed[P->fixed_count++] = q - lb;
            P->control_bits |= UINT64_C(1) << (q - lb);
        }
    }
    sort_ints(P->fixed, P->fixed_count);
    P->outer = (size_t)1 << (n - lb - P->fixed_count);
    P->high_count = h;
    const size_t H = (size_t)1 << h;
    for (size_t j = 0; j < H; j++) {
        uint64_t off = 0;
        for (int m = 0; m < h; m++)
            if ((j >> m) & 1u) off += UINT64_C(2) << tg[high[m]];
        P->high_offset[j] = off;
    }
    P->pattern_count = 1 << l;
    for (int s = 0; s < P->pattern_count; s++) {
        int p = 0;
        for (int m = 0; m < l; m++)
            if ((s >> m) & 1) p |= 1 << tg[low[m]];
        P->pattern[s] = p;
    }

    const size_t L = (size_t)P->pattern_count;
    const size_t pairs = diagonal ? H : H * H * L;
    P->coef = aligned_alloc(64, ((pairs * 2 * D * sizeof(double)) + 63) / 64 * 64);
    if (!P->coef) { free(vals); return QN_ERR_OUT_OF_MEMORY; }
    const size_t dim = (size_t)1 << kk;
    if (diagonal) {
        for (size_t j = 0; j < H; j++) {
            double *cr = P->coef + P->active_count * 2 * D, *ci = cr + D;
            int all_one = 1;
            for (int lane = 0; lane < lanes; lane++) {
                const size_t idx = matrix_index(tg, high, h, low, l, j, lane);
                const double re = vals[2 * idx], im = vals[2 * idx + 1];
                if (re != 1.0 || im != 0.0) all_one = 0;
                put_coef(cr, ci, lane, re, im);
            }
            if (!all_one) P->active[P->active_count++] = (int)j;
        }
    } else {
        double *c = P->coef;
        for (size_t j = 0; j < H; j++) {
            for (size_t jp = 0; jp < H; jp++) {
                for (size_t p = 0; p < L; p++, c += 2 * D) {
                    for (int lane = 0; lane < lanes; lane++) {
                        const size_t row = matrix_index(tg, high, h, low, l, j, lane);
                        const size_t col = matrix_index(tg, high, h, low, l, jp, lane ^ P->pattern[p]);
                        put_coef(c, c + D, lane, vals[2 * (row * dim + col)], vals[2 * (row * dim + col) + 1]);
                    }
                }
            }
        }
    }
    free(vals);
    return QN_OK;
}

int qn_plan_target_count(const qn_plan *P) {
    return P->high_count + log2_int(P->pattern_count);
}

void qn_plan_free(qn_plan *P) {
    free(P->coef);
    P->coef = NULL;
}
