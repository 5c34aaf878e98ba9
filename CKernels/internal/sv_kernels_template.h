/* The state-vector kernels, written once for a register of QN_LANES complex
 * amplitudes. sv_scalar.c, sv_avx2.c and sv_avx512.c each include this file
 * with their own QN_LANES, QN_USE_FMA and QN_TABLE, and the avx files wrap it
 * in a target attribute, so one source gives three instruction sets (and NEON
 * on arm64 for the 2-double scalar register). Not a normal header: it is
 * meant to be included once per variant file. */

#define QN_D (2 * QN_LANES) /* doubles per register */
typedef double vd __attribute__((ext_vector_type(QN_D)));

/* Register addresses are multiples of the register size from 64-byte aligned
 * storage, so typed (aligned) access is safe; it also tells the compiler that
 * stores to amplitudes do not alias the plan. */
static inline vd ld(const double *p) { return *(const vd *)p; }
static inline void st(double *p, vd v) { *(vd *)p = v; }

#if QN_USE_FMA
#define QN_FMA(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#else
#define QN_FMA(a, b, c) ((a) * (b) + (c))
#endif

/* Software prefetch this many doubles (8 KiB) ahead of each stream: measured
 * on the development machine, a single in-place stream with a few FMAs per
 * register otherwise runs ~30% below the streaming bandwidth (BENCHMARKS.md).
 * Prefetching past the end of the state is harmless. */
#define QN_PREFETCH_AHEAD 1024
#define QN_PREFETCH_RW(p) __builtin_prefetch((p) + QN_PREFETCH_AHEAD, 1, 3)
#define QN_PREFETCH_R(p) __builtin_prefetch((p) + QN_PREFETCH_AHEAD, 0, 3)

/* (re, im) -> (im, re) in every lane. */
#if QN_LANES == 1
#define QN_SWAP_RI(v) __builtin_shufflevector((v), (v), 1, 0)
#elif QN_LANES == 2
#define QN_SWAP_RI(v) __builtin_shufflevector((v), (v), 1, 0, 3, 2)
#else
#define QN_SWAP_RI(v) __builtin_shufflevector((v), (v), 1, 0, 3, 2, 5, 4, 7, 6)
#endif

/* Lane l of the result is lane l ^ p of v (p < QN_LANES). Called with a
 * constant p in the hot loops so the switch folds away. */
static inline __attribute__((always_inline)) vd lane_xor(vd v, int p) {
#if QN_LANES == 2
    if (p == 1) return __builtin_shufflevector(v, v, 2, 3, 0, 1);
#elif QN_LANES == 4
    switch (p) {
    case 1: return __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5);
    case 2: return __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3);
    case 3: return __builtin_shufflevector(v, v, 6, 7, 4, 5, 2, 3, 0, 1);
    default: break;
    }
#endif
    (void)p;
    return v;
}

/* acc + c*v for the coefficient pair (cr, ci) = (re re.., -im im..):
 * re part: re*vr - im*vi, imaginary part: re*vi + im*vr, as two FMAs. */
static inline vd cmadd(vd cr, vd ci, vd v, vd acc) {
    return QN_FMA(cr, v, QN_FMA(ci, QN_SWAP_RI(v), acc));
}
static inline vd cmul(vd cr, vd ci, vd v) { return QN_FMA(cr, v, ci * QN_SWAP_RI(v)); }

/* Horizontal sum in a fixed order (determinism). */
static inline double hsum(vd v) {
    double s = 0;
    for (int i = 0; i < QN_D; i++) s += v[i];
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
        double *const sv_ = (t)->sv;                                                       \
        for (size_t i_ = (begin); i_ < (end);) {                                           \
            size_t stop_ = nfixed_ ? (i_ | (run_ - 1)) + 1 : (end);                        \
            if (stop_ > (end)) stop_ = (end);                                              \
            double *b = sv_ + (qn_insert_zero_bits(i_, fixed_, nfixed_) | cbits_) * QN_D;  \
            for (size_t j_ = i_; j_ < stop_; j_++, b += QN_D) { __VA_ARGS__ }                   \
            i_ = stop_;                                                                    \
        }                                                                                  \
    } while (0)

/* One target above the register: the two amplitudes of each pair sit in two
 * registers high_offset[1] doubles apart. */
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
    case 2: dense1_low_body(t, begin, end, 2); break;
    default: dense1_low_body(t, begin, end, 3); break; /* not produced by one target */
    }
}

/* Any number of targets: load the 2^h registers of a group, form every lane
 * permutation the low targets need (and its re/im swap, once), and
 * accumulate each output register as a sum of per-lane complex products.
 * H (high combinations) and L (lane patterns) are constants for 2 and 3
 * targets, so the compiler unrolls the products and keeps them in registers
 * (memory-bound at n = 24 with AVX-512). Specialising 4 and 5 targets the
 * same way spills registers and measured no faster; their compute-bound
 * layout is the gate-fusion issue's work. */
static inline __attribute__((always_inline)) void dense_body(const qn_task *t, size_t begin, size_t end,
                                                            const int H, const int L) {
    const qn_plan *P = t->plan;
    const int HL = H * L;
    const vd *const coef = (const vd *)P->coef;
    size_t off[1 << QN_MAX_PLAN_TARGETS];
    int pat[QN_MAX_LANES];
    for (int j = 0; j < H; j++) off[j] = P->high_offset[j];
    for (int p = 0; p < L; p++) pat[p] = P->pattern[p];
    vd in[1 << QN_MAX_PLAN_TARGETS], in_swapped[1 << QN_MAX_PLAN_TARGETS];
    FOR_EACH_GROUP(t, P, begin, end, b, {
        for (int j = 0; j < H; j++) {
            QN_PREFETCH_RW(b + off[j]);
            const vd v = ld(b + off[j]);
            for (int p = 0; p < L; p++) {
                in[j * L + p] = lane_xor(v, pat[p]);
                in_swapped[j * L + p] = QN_SWAP_RI(in[j * L + p]);
            }
        }
        const vd *c = coef;
        for (int j = 0; j < H; j++) {
            vd acc = (vd)0;
            for (int q = 0; q < HL; q++, c += 2) acc = QN_FMA(c[0], in[q], QN_FMA(c[1], in_swapped[q], acc));
            st(b + off[j], acc);
        }
    });
}

static void k_dense(const qn_task *t, size_t begin, size_t end) {
    const int H = 1 << t->plan->high_count, L = t->plan->pattern_count;
    switch (H * 8 + L) {
    case 4 * 8 + 1: dense_body(t, begin, end, 4, 1); break;
    case 2 * 8 + 2: dense_body(t, begin, end, 2, 2); break;
    case 1 * 8 + 4: dense_body(t, begin, end, 1, 4); break;
    case 8 * 8 + 1: dense_body(t, begin, end, 8, 1); break;
    case 4 * 8 + 2: dense_body(t, begin, end, 4, 2); break;
    case 2 * 8 + 4: dense_body(t, begin, end, 2, 4); break;
    default: dense_body(t, begin, end, H, L); break;
    }
}

/* Diagonal: only the registers whose coefficients are not all 1 are touched. */
static void k_diagonal(const qn_task *t, size_t begin, size_t end) {
    const qn_plan *P = t->plan;
    const vd *c = (const vd *)P->coef;
    FOR_EACH_GROUP(t, P, begin, end, b, {
        for (int a = 0; a < P->active_count; a++) {
            double *p = b + P->high_offset[P->active[a]];
            QN_PREFETCH_RW(p);
            st(p, cmul(c[2 * a], c[2 * a + 1], ld(p)));
        }
    });
}

/* ---- Reductions: counter = block of t->block amplitudes ---- */

static void k_norm2(const qn_task *t, size_t begin, size_t end) {
    for (size_t blk = begin; blk < end; blk++) {
        const double *p = t->sv + blk * t->block * 2;
        vd acc = (vd)0;
        for (size_t r = 0; r < t->block / QN_LANES; r++) {
            QN_PREFETCH_R(p + r * QN_D);
            vd v = ld(p + r * QN_D);
            acc = QN_FMA(v, v, acc);
        }
        t->out[blk] = hsum(acc);
    }
}

static void k_marginal(const qn_task *t, size_t begin, size_t end) {
    const size_t bins = (size_t)1 << t->m;
    for (size_t blk = begin; blk < end; blk++) {
        double *o = t->out + blk * bins;
        for (size_t j = 0; j < bins; j++) o[j] = 0;
        const size_t first = blk * t->block;
        for (size_t i = first; i < first + t->block; i++) {
            const double re = t->sv[2 * i], im = t->sv[2 * i + 1];
            o[qn_gather_bits(i, t->qubits, t->m)] += re * re + im * im;
        }
    }
}

/* <a|b> = sum conj(a) b: real part sum(ar br + ai bi), imaginary part
 * sum(ar bi - ai br). */
static void k_inner(const qn_task *t, size_t begin, size_t end) {
    vd sign;
    for (int i = 0; i < QN_D; i++) sign[i] = (i & 1) ? -1.0 : 1.0;
    for (size_t blk = begin; blk < end; blk++) {
        const double *a = t->sv + blk * t->block * 2, *b = t->sv2 + blk * t->block * 2;
        vd re = (vd)0, im = (vd)0;
        for (size_t r = 0; r < t->block / QN_LANES; r++) {
            vd va = ld(a + r * QN_D), vb = ld(b + r * QN_D);
            re = QN_FMA(va, vb, re);
            im = QN_FMA(va * sign, QN_SWAP_RI(vb), im);
        }
        t->out[2 * blk] = hsum(re);
        t->out[2 * blk + 1] = hsum(im);
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
            const double ar = t->sv[2 * i], ai = t->sv[2 * i + 1];
            const double br = t->sv[2 * j], bi = t->sv[2 * j + 1];
            re += s * (br * ar + bi * ai);
            im += s * (br * ai - bi * ar);
        }
        t->out[2 * blk] = re;
        t->out[2 * blk + 1] = im;
    }
}

/* ---- Element-wise: counter = register ---- */

static void k_probabilities(const qn_task *t, size_t begin, size_t end) {
    for (size_t r = begin; r < end; r++) {
        vd v = ld(t->sv + r * QN_D);
        v = v * v;
        for (int l = 0; l < QN_LANES; l++) t->out[r * QN_LANES + l] = v[2 * l] + v[2 * l + 1];
    }
}

static void k_scale(const qn_task *t, size_t begin, size_t end) {
    const vd f = (vd)t->factor;
    for (size_t r = begin; r < end; r++) {
        QN_PREFETCH_RW(t->sv + r * QN_D);
        st(t->sv + r * QN_D, ld(t->sv + r * QN_D) * f);
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
    for (int i = 0; i < QN_D; i++) sign[i] = (i & 1) ? -1.0 : 1.0;
    for (size_t blk = begin; blk < end; blk++) {
        vd re[16], im[16];
        for (int i = 0; i < d * d; i++) re[i] = im[i] = (vd)0;
        const size_t first = blk * t->block;
        for (size_t tr = first; tr < first + t->block; tr += QN_LANES) {
            const uint64_t base = qn_insert_zero_bits(tr, t->sorted, t->m);
            vd a[4], as[4];
            for (int r = 0; r < d; r++) {
                const double *p = t->sv + 2 * (base | t->offsets[r]);
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
