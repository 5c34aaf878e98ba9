/*
 * CKernels — QNet's state-vector kernels.
 *
 * Contract (the Swift layer validates, this layer trusts its inputs):
 *  - A state of n qubits is 2^n complex amplitudes stored interleaved
 *    (re, im, re, im, ...) in memory from qn_alloc (64-byte aligned):
 *    complex128 (doubles), or complex64 (floats) when the call's
 *    qn_exec.precision is QN_PRECISION_SINGLE. State-vector entry points
 *    take the state as void * for that reason; matrices, diagonals, scalars
 *    and results are always doubles. Density matrices are complex128 only.
 *  - Qubit 0 is the least significant bit of an amplitude index.
 *  - A k-qubit matrix is 2^k x 2^k complex numbers, row-major, interleaved;
 *    bit b of a row/column index refers to targets[b].
 *  - Controls are given as a bit mask over qubits; a controlled gate acts only
 *    on amplitudes whose control bits are all 1. Control and target qubits are
 *    distinct and < n.
 *  - Every entry point takes a qn_exec naming the kernel variant and thread
 *    count, so callers (tests especially) never depend on the environment.
 *  - Results are bit-for-bit identical for any thread count: element-wise
 *    kernels write disjoint amplitudes, and reductions sum fixed blocks whose
 *    size depends only on n, in a fixed order.
 *  - No C complex types cross this header: Swift sees plain doubles and floats.
 */
#ifndef QNET_CKERNELS_H
#define QNET_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Kernel variants. QN_VARIANT_SCALAR is portable C and builds everywhere. */
typedef enum {
    QN_VARIANT_SCALAR = 0,
    QN_VARIANT_AVX2 = 1,
    QN_VARIANT_AVX512 = 2,
    QN_VARIANT_COUNT = 3
} qn_variant;

/* Status codes returned by the gate kernels. */
enum {
    QN_OK = 0,
    QN_ERR_VARIANT_UNSUPPORTED = 1, /* the CPU or OS lacks the instructions */
    QN_ERR_OUT_OF_MEMORY = 2,       /* a scratch table could not be allocated */
    QN_ERR_TOO_MANY_TARGETS = 3     /* more than QN_MAX_GATE_QUBITS targets */
};

/* Largest dense gate (number of target qubits) the kernels accept. */
#define QN_MAX_GATE_QUBITS 5

/* By default, states of at least 2^QN_DEFAULT_PARALLEL_QUBITS amplitudes are
 * split over threads. Measured on the 2-core development machine
 * (BENCHMARKS.md, "Threading threshold"): below 2^16 amplitudes (1 MiB) a
 * second thread does not pay for waking it. */
#define QN_DEFAULT_PARALLEL_QUBITS 16

/* Element type of a state vector. */
typedef enum {
    QN_PRECISION_DOUBLE = 0, /* complex128 */
    QN_PRECISION_SINGLE = 1  /* complex64 */
} qn_precision;

/* How a call runs: which variant, how many threads (<= 0: the default count),
 * from how many qubits passes are threaded (<= 0: the default), and the
 * element type of the state vector it reads or writes (qn_precision; 0,
 * double, for every density-matrix call). */
typedef struct {
    int variant;
    int threads;
    int parallel_qubits;
    int precision;
} qn_exec;

/* ---- Capabilities and configuration ---- */

/* 1 if this build contains the variant and the CPU and OS can run it. */
int qn_variant_supported(int variant);
/* The fastest supported variant. */
int qn_variant_best(void);
/* "scalar", "avx2", "avx512"; NULL for an unknown value. */
const char *qn_variant_name(int variant);
/* Complex128 amplitudes per SIMD register of the variant (1, 2 or 4);
 * complex64 registers hold twice as many. */
int qn_variant_lanes(int variant);
/* Logical CPUs available to this process. */
int qn_hardware_threads(void);
/* The thread count used when qn_exec.threads <= 0: QNET_THREADS is read by
 * the Swift layer, so this is simply qn_hardware_threads(). */
int qn_default_threads(void);

/* OpenBLAS: the core it dispatched to (e.g. "SkylakeX", "Prescott") and its
 * own thread count, which QNet sets to 1 before its first BLAS call so it
 * never oversubscribes QNet's threads or parallel simulations. */
const char *qn_blas_core_name(void);
int qn_blas_threads(void);
void qn_blas_set_threads(int threads);
/* The LAPACK version LAPACKE calls into. */
void qn_lapack_version(int *major, int *minor, int *patch);
/* Eigenvalues (ascending) of the Hermitian dim x dim complex `matrix`
 * (row-major, interleaved; only its upper triangle is read) through LAPACKE
 * zheevd, and, when `eigenvectors` is not NULL, the eigenvectors as its
 * columns (row-major, dim x dim complex). Returns 0, LAPACK's info when it
 * failed, or -1 when out of memory. */
int qn_hermitian_eigen(int dim, const double *matrix, double *eigenvalues, double *eigenvectors);
/* Singular values (descending) of the dim x dim complex row-major `matrix`
 * through LAPACKE zgesvd. Returns 0, LAPACK's info, or -1 when out of memory. */
int qn_singular_values(int dim, const double *matrix, double *values);
/* out = op(a) op(b) for dim x dim complex row-major matrices, op the
 * conjugate transpose when adjoint_x is 1 (OpenBLAS zgemm). */
void qn_matmul(int dim, const double *a, int adjoint_a, const double *b, int adjoint_b, double *out);

/* ---- Memory ---- */

/* 64-byte aligned buffer of `count` doubles, or NULL. Free with qn_free. */
double *qn_alloc(size_t count);
void qn_free(double *p);
/* Sets the state to |0...0>, touching pages from the threads that use them. */
void qn_sv_init_zero(qn_exec e, void *sv, int n);
/* dst = src, 2^n amplitudes, parallel. */
void qn_sv_copy(qn_exec e, void *dst, const void *src, int n);

/* ---- Gates ---- */

/* Applies the dense 2^k x 2^k `matrix` to `targets` (k <= QN_MAX_GATE_QUBITS),
 * on the amplitudes whose `control_mask` bits are all set. */
int qn_sv_apply_matrix(qn_exec e, void *sv, int n, const int *targets, int k,
                       const double *matrix, uint64_t control_mask);

/* Applies the diagonal gate diag(d_0 .. d_{2^k-1}) (`diagonal` holds 2^k
 * complex numbers) to `targets`, under `control_mask`. Amplitudes whose
 * diagonal entry is exactly 1 are not touched when they share no SIMD
 * register with others (so CZ reads and writes a quarter of the state). */
int qn_sv_apply_diagonal(qn_exec e, void *sv, int n, const int *targets, int k,
                         const double *diagonal, uint64_t control_mask);

/* Applies `count` gates in order, each to every block of 2^b amplitudes before
 * the next block (cache blocking; 1 <= b <= n): every target and control of
 * every gate must lie below qubit b. Gate g has target_counts[g] targets
 * (taken in order from `targets`), a control mask, and its values (taken in
 * order from `values`: the 2^k x 2^k matrix, or the 2^k diagonal when
 * diagonal[g] is 1). Returns QN_OK, QN_ERR_TOO_MANY_TARGETS,
 * QN_ERR_OUT_OF_MEMORY or QN_ERR_VARIANT_UNSUPPORTED. */
int qn_sv_apply_blocked(qn_exec e, void *sv, int n, int b, int count, const int *target_counts,
                        const int *targets, const double *values, const uint64_t *control_masks,
                        const int *diagonal);

/* ---- Partial traces (density matrices are 2^n x 2^n, element [r][c] at
 * index r + c 2^n, i.e. a vector of 2n qubits) ---- */

/* out = Tr_rest |psi><psi|: the 2^m x 2^m density matrix of the m qubits
 * `keep` (bit b of a reduced index is keep[b]; distinct, m <= 12). */
int qn_sv_reduced_density(qn_exec e, const void *sv, int n, const int *keep, int m, double *out);
/* out = Tr_rest rho for an n-qubit density matrix, same conventions. */
int qn_dm_partial_trace(qn_exec e, const double *rho, int n, const int *keep, int m, double *out);

/* The multiply-add peak of one core for `variant` in double (single = 0)
 * or single precision: qn_fma_peak_run does `rounds` rounds of independent
 * multiply-adds, each round qn_fma_peak_flops_per_round flops, and returns
 * a value that depends on all of them (time it; 0 flops per round: the
 * variant is not supported here). */
long qn_fma_peak_flops_per_round(int variant, int single);
double qn_fma_peak_run(int variant, int single, size_t rounds);

/* rho <- (1 - p) rho + p Tr_q(rho) (x) I/2^k: depolarizing on the k distinct
 * qubits q (k <= 4) of an n-qubit density matrix, in one pass. Returns QN_OK
 * or QN_ERR_TOO_MANY_TARGETS. */
int qn_dm_depolarize(qn_exec e, double *rho, int n, const int *qubits, int k, double p);

/* Relaxation of `qubit` (0 <= qubit < n) of an n-qubit density matrix, in
 * one pass: rho00 += gamma rho11, rho11 *= 1 - gamma, the coherences rho01
 * and rho10 *= coherence (amplitude damping gamma plus dephasing). */
void qn_dm_relax(qn_exec e, double *rho, int n, int qubit, double gamma, double coherence);

/* rho <- U rho U^dagger for an n-qubit density matrix and a dense 2^n x 2^n
 * unitary `u` stored column-major like rho (element [r][c] at r + c 2^n),
 * through two OpenBLAS zgemm calls. Returns QN_OK or QN_ERR_OUT_OF_MEMORY. */
int qn_dm_apply_unitary(int n, double *rho, const double *u);

/* ---- Reads ---- */

/* Sum of |a_i|^2. */
double qn_sv_norm2(qn_exec e, const void *sv, int n);
/* Probability of finding `qubit` in |1>, unnormalised (divide by the norm). */
double qn_sv_prob_one(qn_exec e, const void *sv, int n, int qubit);
/* out[j] = sum of |a_i|^2 over i whose bits at qubits[0..m-1] spell j
 * (bit b of j is qubits[b]); out has 2^m entries, m <= 24. */
void qn_sv_marginal(qn_exec e, const void *sv, int n, const int *qubits, int m,
                    double *out);
/* out[i] = |a_i|^2 for all 2^n amplitudes. */
void qn_sv_probabilities(qn_exec e, const void *sv, int n, double *out);
/* <a|b> into out[0] (real) and out[1] (imaginary). */
void qn_sv_inner(qn_exec e, const void *a, const void *b, int n, double *out);
/* <psi|P|psi> for the Pauli string P = X^xmask Z^zmask scaled by i^(y_count),
 * i.e. each Y is i*X*Z. Result into out[0], out[1]. */
void qn_sv_pauli_expectation(qn_exec e, const void *sv, int n, uint64_t xmask,
                             uint64_t zmask, int y_count, double *out);
/* Draws `shots` basis indices: `sorted_uniforms` are ascending numbers in
 * [0, 1); each is scaled by the norm and located on the cumulative
 * distribution in one pass. out[s] receives the index for sorted_uniforms[s]. */
void qn_sv_sample(qn_exec e, const void *sv, int n, const double *sorted_uniforms,
                  size_t shots, uint64_t *out);
/* Multiplies every amplitude by the real `factor`: one in-place streaming
 * pass, also the bandwidth ceiling the benchmarks judge gates against. */
void qn_sv_scale(qn_exec e, void *sv, int n, double factor);

/* Distributed states: copy `count` amplitudes of the block of a slice whose
 * bits at positions bits[0] < bits[1] < ... < bits[m-1] equal the bits of
 * `pattern` (bit t for bits[t]), starting at the `first`-th amplitude of the
 * block in index order, to (pack) or from (unpack) a contiguous buffer.
 * `elem_bytes` is 16 for complex128, 8 for complex64. */
void qn_sv_pack_block(const void *sv, const int *bits, int m, uint64_t pattern, size_t first, size_t count,
                      size_t elem_bytes, void *out);
void qn_sv_unpack_block(void *sv, const int *bits, int m, uint64_t pattern, size_t first, size_t count,
                        size_t elem_bytes, const void *in);

#ifdef __cplusplus
}
#endif

#endif
