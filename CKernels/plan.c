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

static void sort_ints(int *a, int n) {
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && a[j - 1] > a[j]; j--) { int t = a[j]; a[j] = a[j - 1]; a[j - 1] = t; }
}

/* Matrix index of high combination `jh` at lane `lane`. */
static size_t matrix_index(const int *targets, const int *high, int h, const int *low, int l,
                           size_t jh, int lane) {
    size_t idx = 0;
    for (int m = 0; m < h; m++) idx |= ((jh >> m) & 1u) << high[m];
    for (int m = 0; m < l; m++) idx |= (size_t)((lane >> targets[low[m]]) & 1) << low[m];
    return idx;
}

/* Stores the coefficient c at `lane` of the register pair starting at
 * element `at` of the coefficient table (registers of D elements): the real
 * part in both slots of the first register, (-im, im) in the second. */
static void put_coef(const qn_plan *P, size_t at, int lane, double re, double im) {
    const size_t D = 2 * (size_t)P->lanes, i = at + 2 * (size_t)lane;
    if (P->single) {
        float *c = P->coef;
        c[i] = (float)re; c[i + 1] = (float)re; c[i + D] = (float)-im; c[i + D + 1] = (float)im;
    } else {
        double *c = P->coef;
        c[i] = re; c[i + 1] = re; c[i + D] = -im; c[i + D + 1] = im;
    }
}

int qn_plan_build(qn_plan *P, int lanes, int single, int n, const int *targets, int k,
                  const double *values, uint64_t control_mask, int diagonal) {
    memset(P, 0, sizeof *P);
    P->lanes = lanes;
    P->lane_bits = log2_int(lanes);
    P->single = single;
    const int lb = P->lane_bits, D = 2 * lanes;

    /* A control inside the register cannot select whole registers; it
     * selects lanes instead: lanes where it is 0 get identity coefficients. */
    const int lane_controls = (int)(control_mask & ((UINT64_C(1) << lb) - 1));
    control_mask &= ~(uint64_t)lane_controls;

    /* Split targets into high and low; fixed bits are high targets and the
     * (now all high) controls, in register-index units. */
    int high[QN_MAX_PLAN_TARGETS], low[QN_MAX_PLAN_TARGETS], h = 0, l = 0;
    for (int b = 0; b < k; b++) {
        if (targets[b] >= lb) {
            high[h++] = b;
            P->fixed[P->fixed_count++] = targets[b] - lb;
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
    /* Low targets in ascending qubit order (see qn_plan.pattern). */
    for (int a = 1; a < l; a++)
        for (int b = a; b > 0 && targets[low[b - 1]] > targets[low[b]]; b--) { int t = low[b]; low[b] = low[b - 1]; low[b - 1] = t; }
    for (int m = 0; m < l; m++) P->low_mask |= 1 << targets[low[m]];
    P->outer = (size_t)1 << (n - lb - P->fixed_count);
    P->high_count = h;
    const size_t H = (size_t)1 << h;
    for (size_t j = 0; j < H; j++) {
        uint64_t off = 0;
        for (int m = 0; m < h; m++)
            if ((j >> m) & 1u) off += UINT64_C(2) << targets[high[m]];
        P->high_offset[j] = off;
    }
    P->pattern_count = 1 << l;
    for (int s = 0; s < P->pattern_count; s++) {
        int p = 0;
        for (int m = 0; m < l; m++)
            if ((s >> m) & 1) p |= 1 << targets[low[m]];
        P->pattern[s] = p;
    }

    const size_t L = (size_t)P->pattern_count;
    const size_t pairs = diagonal ? H : H * H * L;
    const size_t bytes = pairs * 2 * D * (single ? sizeof(float) : sizeof(double));
    P->coef = aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (!P->coef) return QN_ERR_OUT_OF_MEMORY;
    const size_t dim = (size_t)1 << k;
    if (diagonal) {
        for (size_t j = 0; j < H; j++) {
            const size_t at = (size_t)P->active_count * 2 * D;
            int all_one = 1;
            for (int lane = 0; lane < lanes; lane++) {
                const size_t idx = matrix_index(targets, high, h, low, l, j, lane);
                const int on = (lane & lane_controls) == lane_controls;
                const double re = on ? values[2 * idx] : 1.0, im = on ? values[2 * idx + 1] : 0.0;
                if (re != 1.0 || im != 0.0) all_one = 0;
                put_coef(P, at, lane, re, im);
            }
            if (!all_one) P->active[P->active_count++] = (int)j;
        }
    } else {
        size_t at = 0;
        for (size_t j = 0; j < H; j++) {
            for (size_t jp = 0; jp < H; jp++) {
                for (size_t p = 0; p < L; p++, at += 2 * D) {
                    for (int lane = 0; lane < lanes; lane++) {
                        const size_t row = matrix_index(targets, high, h, low, l, j, lane);
                        const size_t col = matrix_index(targets, high, h, low, l, jp, lane ^ P->pattern[p]);
                        if ((lane & lane_controls) == lane_controls) {
                            put_coef(P, at, lane, values[2 * (row * dim + col)], values[2 * (row * dim + col) + 1]);
                        } else { /* identity: 1 on the diagonal, the unpermuted pattern */
                            put_coef(P, at, lane, (j == jp && P->pattern[p] == 0) ? 1.0 : 0.0, 0.0);
                        }
                    }
                }
            }
        }
    }
    return QN_OK;
}

int qn_plan_target_count(const qn_plan *P) {
    return P->high_count + log2_int(P->pattern_count);
}

void qn_plan_free(qn_plan *P) {
    free(P->coef);
    P->coef = NULL;
}
