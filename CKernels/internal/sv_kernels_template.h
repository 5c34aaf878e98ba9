/* The state-vector kernels, written once for a register of QN_LANES complex
 * amplitudes of type QN_REAL (double: complex128, float: complex64). Each
 * variant file (sv_scalar.c, sv_avx2.c, sv_avx512.c and their _f32 twins)
 * includes this file with its own QN_REAL, QN_LANES, QN_USE_FMA and
 * QN_TABLE, and the avx files wrap it in a target attribute, so one source
 * gives three instruction sets in two precisions (and NEON on arm64 for the
 * 16-byte scalar register). Not a normal header: it is meant to be included
 * once per variant file. */

#define QN_D (2 * QN_LANES) /* elements per register */
typedef QN_REAL real;
typedef real vd __attribute__((ext_vector_type(QN_D)));

/* Register addresses are multiples of the register size from 64-byte aligned
 * storage, so typed (aligned) access is safe; it also tells the compiler that
 * stores to amplitudes do not alias the plan. */
static inline vd ld(const real *p) { return *(const vd *)p; }
static inline void st(real *p, vd v) { *(vd *)p = v; }

#if QN_USE_FMA
#define QN_FMA(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#else
#define QN_FMA(a, b, c) ((a) * (b) + (c))
#endif

/* Software prefetch 8 KiB ahead of each stream: measured on the development
 * machine, a single in-place stream with a few FMAs per register otherwise
 * runs ~30% below the streaming bandwidth (BENCHMARKS.md). Prefetching past
 * the end of the state is harmless. */
#define QN_PREFETCH_AHEAD (8192 / (int)sizeof(real))
#define QN_PREFETCH_RW(p) __builtin_prefetch((p) + QN_PREFETCH_AHEAD, 1, 3)
#define QN_PREFETCH_R(p) __builtin_prefetch((p) + QN_PREFETCH_AHEAD, 0, 3)

/* Lane l of the result is lane l ^ p of v, as a shuffle (p a constant). */
#if QN_LANES == 1
#define QN_LANE_SHUFFLE(v, p) __builtin_shufflevector((v), (v), 0, 1)
#elif QN_LANES == 2
#define QN_LANE_SHUFFLE(v, p) __builtin_shufflevector((v), (v), 2 * (0 ^ (p)), 2 * (0 ^ (p)) + 1, \
                                                      2 * (1 ^ (p)), 2 * (1 ^ (p)) + 1)
#elif QN_LANES == 4
#define QN_LANE_SHUFFLE(v, p) __builtin_shufflevector((v), (v), 2 * (0 ^ (p)), 2 * (0 ^ (p)) + 1, \
    2 * (1 ^ (p)), 2 * (1 ^ (p)) + 1, 2 * (2 ^ (p)), 2 * (2 ^ (p)) + 1, 2 * (3 ^ (p)), 2 * (3 ^ (p)) + 1)
#else
#define QN_LANE_SHUFFLE(v, p) __builtin_shufflevector((v), (v), 2 * (0 ^ (p)), 2 * (0 ^ (p)) + 1, \
    2 * (1 ^ (p)), 2 * (1 ^ (p)) + 1, 2 * (2 ^ (p)), 2 * (2 ^ (p)) + 1, 2 * (3 ^ (p)), 2 * (3 ^ (p)) + 1, \
    2 * (4 ^ (p)), 2 * (4 ^ (p)) + 1, 2 * (5 ^ (p)), 2 * (5 ^ (p)) + 1, 2 * (6 ^ (p)), 2 * (6 ^ (p)) + 1, \
    2 * (7 ^ (p)), 2 * (7 ^ (p)) + 1)
#endif

/* (re, im) -> (im, re) in every lane. */
#if QN_LANES == 1
#define QN_SWAP_RI(v) __builtin_shufflevector((v), (v), 1, 0)
#elif QN_LANES == 2
#define QN_SWAP_RI(v) __builtin_shufflevector((v), (v), 1, 0, 3, 2)
#elif QN_LANES == 4
#define QN_SWAP_RI(v) __builtin_shufflevector((v), (v), 1, 0, 3, 2, 5, 4, 7, 6)
#else
#define QN_SWAP_RI(v) __builtin_shufflevector((v), (v), 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14)
#endif

/* Lane l of the result is lane l ^ p of v (p < QN_LANES). Called with a
 * constant p in the hot loops so the switch folds away. */
static inline __attribute__((always_inline)) vd lane_xor(vd v, int p) {
    switch (p) {
#if QN_LANES >= 2
    case 1: return QN_LANE_SHUFFLE(v, 1);
#endif
#if QN_LANES >= 4
    case 2: return QN_LANE_SHUFFLE(v, 2);
    case 3: return QN_LANE_SHUFFLE(v, 3);
#endif
#if QN_LANES >= 8
    case 4: return QN_LANE_SHUFFLE(v, 4);
    case 5: return QN_LANE_SHUFFLE(v, 5);
    case 6: return QN_LANE_SHUFFLE(v, 6);
    case 7: return QN_LANE_SHUFFLE(v, 7);
#endif
    default: return v;
    }
}

/* acc + c*v for the coefficient pair (cr, ci) = (re re.., -im im..):
 * re part: re*vr - im*vi, imaginary part: re*vi + im*vr, as two FMAs. */
static inline vd cmadd(vd cr, vd ci, vd v, vd acc) {
    return QN_FMA(cr, v, QN_FMA(ci, QN_SWAP_RI(v), acc));
}
static inline vd cmul(vd cr, vd ci, vd v) { return QN_FMA(cr, v, ci * QN_SWAP_RI(v)); }

/* Horizontal sum in a fixed order (determinism), in double. */
static inline double hsum(vd v) {
    double s = 0;
    for (int i = 0; i < QN_D; i++) s += (double)v[i];
    return s;
}

/* Reductions accumulate in double whatever the precision: a complex64 sum of
 * 2^13 squares in float loses ~1e-6 of the norm at 22 qubits. For complex128
 * the conversion is the identity. */
typedef double vacc __attribute__((ext_vector_type(QN_D)));
/* Macros, not functions: a vector wider than the file's base ISA passed by
 * value would change the ABI (-Wpsabi) where the variant's target is narrow. */
#define widen(v) __builtin_convertvector((v), vacc)
static inline double hsum_acc(const vacc *v) {
    double s = 0;
    for (int i = 0; i < QN_D; i++) s += (*v)[i];
    return s;
}

/* Visits register groups begin..end-1 of plan P, running the body (the last argument) with `b`
 * pointing at the group's first register. Groups are enumerated by inserting
 * zeros at the fixed (target and control) register-index bits and setting the
 * control bits; below the lowest fixed bit consecutive groups are consecutive
 * registers, so the index arithmetic runs once per run, not once per group. */
#define FOR_EACH_GROUP(t, P, begin, end, b, ...)                                            \
    do {                                                                                   \
        int fixed_[64];                                                                    \
        const int nfixed_ = (P)->fixed_count;                                              \
        for (int f_ = 0; f_ < nfixed_; f_++) fixed_[f_] = (P)->fixed[f_];                  \
        const uint64_t cbits_ = (P)->control_bits;                                         \
        const size_t run_ = nfixed_ ? ((size_t)1 << fixed_[0]) : (size_t)-1;               \
        real *const sv_ = (real *)(t)->sv;                                                 \
        for (size_t i_ = (begin); i_ < (end);) {                                           \
            size_t stop_ = nfixed_ ? (i_ | (run_ - 1)) + 1 : (end);                        \
            if (stop_ > (end)) stop_ = (end);                                              \
            real *b = sv_ + (qn_insert_zero_bits(i_, fixed_, nfixed_) | cbits_) * QN_D;    \
            for (size_t j_ = i_; j_ < stop_; j_++, b += QN_D) { __VA_ARGS__ }                   \
            i_ = stop_;                                                                    \
        }                                                                                  \
    } while (0)

/* One target above the register: the two amplitudes of each pair sit in two
 * registers high_offset[1] elements apart. */
static void k_dense1_high(const qn_task *t, size_t begin, size_t end) {
    const qn_plan *P = t->plan;
    const vd *c = (const vd *)P->coef; /* [j][j'] pairs: 00, 01, 10, 11 */
    const vd r00 = c[0], i00 = c[1], r01 = c[2], i01 = c[3];
    const vd r10 = c[4], i10 = c[5], r11 = c[6], i11 = c[7];
    const size_t off = P->high_offset[1];
    FOR_EACH_GROUP(t, P, begin, end, b, {
        QN_PREFETCH_RW(b);
        QN_PREFETCH_RW(b + off);
        vd a0 = ld(b), a1 = ld(b + off);
        st(b, cmadd(r01, i01, a1, cmul(r00, i00, a0)));
        st(b + off, cmadd(r11, i11, a1, cmul(r10, i10, a0)));
    });
}

/* One target inside the register: out = c0 (.) v + c1 (.) lane_xor(v, p), with
 * per-lane coefficients; p is the target's lane bit, made constant below. */
static inline __attribute__((always_inline)) void dense1_low_body(const qn_task *t, size_t begin,
                                                                 size_t end, const int p) {
    const vd *c = (const vd *)t->plan->coef; /* patterns 0 and p */
    const vd r0 = c[0], i0 = c[1], r1 = c[2], i1 = c[3];
    FOR_EACH_GROUP(t, t->plan, begin, end, b, {
        QN_PREFETCH_RW(b);
        vd v = ld(b);
        st(b, cmadd(r1, i1, lane_xor(v, p), cmul(r0, i0, v)));
    });
}

static void k_dense1_low(const qn_task *t, size_t begin, size_t end) {
    switch (t->plan->pattern[1]) {
    case 1: dense1_low_body(t, begin, end, 1); break;
#if QN_LANES >= 4
    case 2: dense1_low_body(t, begin, end, 2); break;
#endif
#if QN_LANES >= 8
    case 4: dense1_low_body(t, begin, end, 4); break;
#endif
    default: break; /* no other lane bit exists */
    }
}

/* Any number of targets, QN_DENSE_GROUPS register groups at a time. Each
 * group's 2^h registers are loaded once, with every lane permutation the low
 * targets need, into a local copy (so outputs can be stored while later
 * outputs still read the inputs). Each output register is then the sum over
 * inputs of coefficient (.) input, kept as two accumulators per group:
 * A = sum cr (.) in and B = sum ci (.) in, with the plan's coefficient pair
 * (cr, ci) = (re re.., -im im..); the output is A - swap_ri(B) (re: re x -
 * im y, im: re y + im x). Splitting the product this way needs no swapped
 * copy of the inputs and gives every accumulator one multiply-add per input,
 * so the 2 x QN_DENSE_GROUPS accumulators are independent chains: enough to
 * hide the multiply-add latency at two per cycle (5 cycles on Zen 2, 4 on
 * Intel and Zen 4 need 10 and 8 in flight). Per input, 2 coefficient loads
 * and QN_DENSE_GROUPS input loads feed 2 x QN_DENSE_GROUPS multiply-adds.
 * Registers: 2G accumulators, two coefficients and one input (13 of the 16
 * AVX2 and SSE2 have with G = 5; 19 of AVX-512's 32 with G = 8).
 * H (high combinations) and M (the low targets' lane mask, so L = 2^|M| lane
 * patterns) are constants in the calls from k_dense, so the loops unroll and
 * the lane permutations fold. The sum over inputs runs in the same order for
 * every group, so how groups are batched does not change results. */
#if QN_REGISTERS >= 32
#define QN_DENSE_GROUPS 8
#else
#define QN_DENSE_GROUPS 5
#endif

/* The lane permutation of pattern p: bit m of p selects the m-th lowest set
 * bit of the low-target mask M (plan.c orders low targets that way). */
static inline __attribute__((always_inline)) int dense_pattern(const int M, int p) {
    int r = 0;
    for (int m = M; m && p; m &= m - 1, p >>= 1)
        if (p & 1) r |= m & -m;
    return r;
}

static inline __attribute__((always_inline)) void dense_groups(const qn_plan *P, real *const *base,
                                                              const int G, const int H, const int M) {
    const int L = 1 << __builtin_popcount(M), HL = H * L;
    const vd *const coef = (const vd *)P->coef;
    vd in[QN_DENSE_GROUPS][1 << QN_MAX_PLAN_TARGETS];
    for (int g = 0; g < G; g++)
        for (int j = 0; j < H; j++) {
            const vd v = ld(base[g] + P->high_offset[j]);
            for (int p = 0; p < L; p++) in[g][j * L + p] = lane_xor(v, dense_pattern(M, p));
        }
    /* Rolled: unrolled, the compiler keeps inputs of several outputs in
     * registers and spills the accumulators. */
#pragma nounroll
    for (int j = 0; j < H; j++) {
        vd a[QN_DENSE_GROUPS], b[QN_DENSE_GROUPS];
        for (int g = 0; g < G; g++) a[g] = b[g] = (vd)0;
        /* coefficient pair of output j, input q: coef[2 * (j * HL + q)] */
        const vd *c = coef + 2 * j * HL;
        for (int q = 0; q < HL; q++) {
            const vd cr = c[2 * q], ci = c[2 * q + 1];
            for (int g = 0; g < G; g++) {
                a[g] = QN_FMA(cr, in[g][q], a[g]);
                b[g] = QN_FMA(ci, in[g][q], b[g]);
            }
        }
        for (int g = 0; g < G; g++) st(base[g] + P->high_offset[j], a[g] - QN_SWAP_RI(b[g]));
    }
}

/* Groups begin..end-1, QN_DENSE_GROUPS at a time, the rest one by one. */
static inline __attribute__((always_inline)) void dense_body(const qn_task *t, size_t begin, size_t end,
                                                            const int H, const int M) {
    const qn_plan *P = t->plan;
    real *const sv = (real *)t->sv;
    size_t i = begin;
    for (; i + QN_DENSE_GROUPS <= end; i += QN_DENSE_GROUPS) {
        real *base[QN_DENSE_GROUPS];
        for (int g = 0; g < QN_DENSE_GROUPS; g++)
            base[g] = sv + (qn_insert_zero_bits(i + g, P->fixed, P->fixed_count) | P->control_bits) * QN_D;
        dense_groups(P, base, QN_DENSE_GROUPS, H, M);
    }
    for (; i < end; i++) {
        real *base[1] = {sv + (qn_insert_zero_bits(i, P->fixed, P->fixed_count) | P->control_bits) * QN_D};
        dense_groups(P, base, 1, H, M);
    }
}

/* One call per (H, M) that the plans of 2 to 5 targets produce for this
 * register width (H = 2^(k - |M|)); anything else (none is expected) takes
 * the same code with run-time values. */
static void k_dense(const qn_task *t, size_t begin, size_t end) {
    const int H = 1 << t->plan->high_count, M = t->plan->low_mask;
#define QN_DENSE_CASE(h, m) \
    if (H == (h) && M == (m)) { dense_body(t, begin, end, h, m); return; }
#define QN_DENSE_CASES(m, h0) QN_DENSE_CASE(h0, m) QN_DENSE_CASE(2 * h0, m) QN_DENSE_CASE(4 * h0, m) QN_DENSE_CASE(8 * h0, m)
    QN_DENSE_CASES(0, 4)
#if QN_LANES >= 2
    QN_DENSE_CASES(1, 2)
#endif
#if QN_LANES >= 4
    QN_DENSE_CASES(2, 2)
    QN_DENSE_CASES(3, 1)
#endif
#if QN_LANES >= 8
    QN_DENSE_CASES(4, 2)
    QN_DENSE_CASES(5, 1)
    QN_DENSE_CASES(6, 1)
    QN_DENSE_CASE(1, 7) QN_DENSE_CASE(2, 7) QN_DENSE_CASE(4, 7)
#endif
#undef QN_DENSE_CASES
#undef QN_DENSE_CASE
    dense_body(t, begin, end, H, M); /* not expected: the same code, not unrolled */
}

/* Diagonal: only the registers whose coefficients are not all 1 are touched. */
static void k_diagonal(const qn_task *t, size_t begin, size_t end) {
    const qn_plan *P = t->plan;
    const vd *c = (const vd *)P->coef;
    FOR_EACH_GROUP(t, P, begin, end, b, {
        for (int a = 0; a < P->active_count; a++) {
            real *p = b + P->high_offset[P->active[a]];
            QN_PREFETCH_RW(p);
            st(p, cmul(c[2 * a], c[2 * a + 1], ld(p)));
        }
    });
}

/* ---- Reductions: counter = block of t->block amplitudes ---- */

static void k_norm2(const qn_task *t, size_t begin, size_t end) {
    for (size_t blk = begin; blk < end; blk++) {
        const real *p = (const real *)t->sv + blk * t->block * 2;
        vacc acc = (vacc)0;
        for (size_t r = 0; r < t->block / QN_LANES; r++) {
            QN_PREFETCH_R(p + r * QN_D);
            vacc v = widen(ld(p + r * QN_D));
            acc = QN_FMA(v, v, acc);
        }
        t->out[blk] = hsum_acc(&acc);
    }
}

static void k_marginal(const qn_task *t, size_t begin, size_t end) {
    const size_t bins = (size_t)1 << t->m;
    for (size_t blk = begin; blk < end; blk++) {
        double *o = t->out + blk * bins;
        for (size_t j = 0; j < bins; j++) o[j] = 0;
        const size_t first = blk * t->block;
        for (size_t i = first; i < first + t->block; i++) {
            const double re = ((const real *)t->sv)[2 * i], im = ((const real *)t->sv)[2 * i + 1];
            o[qn_gather_bits(i, t->qubits, t->m)] += re * re + im * im;
        }
    }
}

/* <a|b> = sum conj(a) b: real part sum(ar br + ai bi), imaginary part
 * sum(ar bi - ai br). */
static void k_inner(const qn_task *t, size_t begin, size_t end) {
    vd sign;
    for (int i = 0; i < QN_D; i++) sign[i] = (i & 1) ? (real)-1 : (real)1;
    for (size_t blk = begin; blk < end; blk++) {
        const real *a = (const real *)t->sv + blk * t->block * 2, *b = (const real *)t->sv2 + blk * t->block * 2;
        vacc re = (vacc)0, im = (vacc)0;
        for (size_t r = 0; r < t->block / QN_LANES; r++) {
            vd va = ld(a + r * QN_D), vb = ld(b + r * QN_D);
            re = QN_FMA(widen(va), widen(vb), re);
            im = QN_FMA(widen(va * sign), widen(QN_SWAP_RI(vb)), im);
        }
        t->out[2 * blk] = hsum_acc(&re);
        t->out[2 * blk + 1] = hsum_acc(&im);
    }
}

/* sum_i conj(psi[i ^ x]) psi[i] (-1)^popcount(i & z); the dispatcher applies
 * the i^y_count factor. */
static void k_pauli(const qn_task *t, size_t begin, size_t end) {
    for (size_t blk = begin; blk < end; blk++) {
        double re = 0, im = 0;
        const size_t first = blk * t->block;
        for (size_t i = first; i < first + t->block; i++) {
            const size_t j = i ^ t->xmask;
            const double s = (__builtin_popcountll(i & t->zmask) & 1) ? -1.0 : 1.0;
            const real *sv = (const real *)t->sv;
            const double ar = sv[2 * i], ai = sv[2 * i + 1];
            const double br = sv[2 * j], bi = sv[2 * j + 1];
            re += s * (br * ar + bi * ai);
            im += s * (br * ai - bi * ar);
        }
        t->out[2 * blk] = re;
        t->out[2 * blk + 1] = im;
    }
}

/* ---- Element-wise: counter = register ---- */

static void k_probabilities(const qn_task *t, size_t begin, size_t end) {
    const real *sv = (const real *)t->sv;
    for (size_t r = begin; r < end; r++) {
        vd v = ld(sv + r * QN_D);
        v = v * v;
        for (int l = 0; l < QN_LANES; l++) t->out[r * QN_LANES + l] = (double)v[2 * l] + (double)v[2 * l + 1];
    }
}

static void k_scale(const qn_task *t, size_t begin, size_t end) {
    real *sv = (real *)t->sv;
    const vd f = (vd)(real)t->factor;
    for (size_t r = begin; r < end; r++) {
        QN_PREFETCH_RW(sv + r * QN_D);
        st(sv + r * QN_D, ld(sv + r * QN_D) * f);
    }
}

/* Partial trace of a state vector to m <= 2 kept qubits, all at or above the
 * register's lanes: QN_LANES consecutive traced indices are QN_LANES
 * consecutive amplitudes, so each register of each kept-qubit slice is one
 * load. Accumulates a_r conj(a_c) for c >= r lane-wise (re: sum of products,
 * im: products with the swapped partner and alternating signs); the lower
 * triangle is the conjugate. Output per block: d x d complex, column-major. */
static inline __attribute__((always_inline)) void ptrace_body(const qn_task *t, size_t begin, size_t end,
                                                             const int d) {
    vd sign;
    for (int i = 0; i < QN_D; i++) sign[i] = (i & 1) ? (real)-1 : (real)1;
    for (size_t blk = begin; blk < end; blk++) {
        vd re[16], im[16];
        for (int i = 0; i < d * d; i++) re[i] = im[i] = (vd)0;
        const size_t first = blk * t->block;
        for (size_t tr = first; tr < first + t->block; tr += QN_LANES) {
            const uint64_t base = qn_insert_zero_bits(tr, t->sorted, t->m);
            vd a[4], as[4];
            for (int r = 0; r < d; r++) {
                const real *p = (const real *)t->sv + 2 * (base | t->offsets[r]);
                QN_PREFETCH_R(p);
                a[r] = ld(p);
                as[r] = QN_SWAP_RI(a[r]) * sign; /* (im, -re) */
            }
            for (int c = 0; c < d; c++)
                for (int r = 0; r <= c; r++) {
                    re[r + c * d] = QN_FMA(a[r], a[c], re[r + c * d]);   /* ar cr + ai ci */
                    im[r + c * d] = QN_FMA(as[r], a[c], im[r + c * d]);  /* ai cr - ar ci */
                }
        }
        double *o = t->out + blk * 32;
        for (int c = 0; c < d; c++)
            for (int r = 0; r <= c; r++) {
                const double x = hsum(re[r + c * d]), y = hsum(im[r + c * d]);
                o[2 * (r + c * d)] = x;
                o[2 * (r + c * d) + 1] = y;
                o[2 * (c + r * d)] = x;
                o[2 * (c + r * d) + 1] = -y;
            }
    }
}

static void k_ptrace2(const qn_task *t, size_t begin, size_t end) {
    if (t->m == 1) ptrace_body(t, begin, end, 2);
    else ptrace_body(t, begin, end, 4);
}

const qn_kernel_table QN_TABLE = {
    .dense1_high = k_dense1_high,
    .dense1_low = k_dense1_low,
    .dense = k_dense,
    .diagonal = k_diagonal,
    .norm2 = k_norm2,
    .marginal = k_marginal,
    .inner = k_inner,
    .pauli = k_pauli,
    .probabilities = k_probabilities,
    .scale = k_scale,
    .ptrace2 = k_ptrace2,
};
