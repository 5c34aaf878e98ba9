/* OpenBLAS and LAPACKE: what the density-matrix kernels will build on. The
 * headers are included here only, since Swift cannot import C complex types. */
#include "CKernels.h"

#include <cblas.h>
#include <lapacke.h>

#include <pthread.h>

/* QNet's BLAS/LAPACK calls are small dense products and eigen-problems
 * (measures on density matrices), often from many simulations running in
 * parallel: OpenBLAS's own threads would oversubscribe the cores. So each
 * process runs OpenBLAS single-threaded unless qn_blas_set_threads says
 * otherwise. */
static pthread_once_t blas_threads_once = PTHREAD_ONCE_INIT;
static void blas_threads_default(void) { openblas_set_num_threads(1); }
static void blas_init(void) { pthread_once(&blas_threads_once, blas_threads_default); }

const char *qn_blas_core_name(void) { return openblas_get_corename(); }

int qn_blas_threads(void) {
    blas_init();
    return openblas_get_num_threads();
}

void qn_blas_set_threads(int threads) {
    blas_init();
    openblas_set_num_threads(threads < 1 ? 1 : threads);
}

void qn_lapack_version(int *major, int *minor, int *patch) {
    lapack_int a = 0, b = 0, c = 0;
    LAPACKE_ilaver(&a, &b, &c);
    *major = (int)a;
    *minor = (int)b;
    *patch = (int)c;
}

int qn_hermitian_eigen(int dim, const double *matrix, double *eigenvalues, double *eigenvectors) {
    blas_init();
    const size_t count = (size_t)dim * (size_t)dim * 2;
    double *a = eigenvectors ? eigenvectors : qn_alloc(count);
    if (!a) return -1;
    for (size_t i = 0; i < count; i++) a[i] = matrix[i];
    const lapack_int info = LAPACKE_zheevd(LAPACK_ROW_MAJOR, eigenvectors ? 'V' : 'N', 'U', dim,
                                           (lapack_complex_double *)a, dim, eigenvalues);
    if (!eigenvectors) qn_free(a);
    return (int)info;
}

void qn_matmul(int dim, const double *a, int adjoint_a, const double *b, int adjoint_b, double *out) {
    blas_init();
    const double one[2] = {1, 0}, zero[2] = {0, 0};
    cblas_zgemm(CblasRowMajor, adjoint_a ? CblasConjTrans : CblasNoTrans, adjoint_b ? CblasConjTrans : CblasNoTrans,
                dim, dim, dim, one, a, dim, b, dim, zero, out, dim);
}

int qn_singular_values(int dim, const double *matrix, double *values) {
    blas_init();
    const size_t count = (size_t)dim * (size_t)dim * 2;
    double *a = qn_alloc(count);
    double *superb = qn_alloc((size_t)dim);
    if (!a || !superb) { qn_free(a); qn_free(superb); return -1; }
    for (size_t i = 0; i < count; i++) a[i] = matrix[i];
    const lapack_int info = LAPACKE_zgesvd(LAPACK_ROW_MAJOR, 'N', 'N', dim, dim, (lapack_complex_double *)a, dim,
                                           values, NULL, dim, NULL, dim, superb);
    qn_free(a);
    qn_free(superb);
    return (int)info;
}

int qn_dm_apply_unitary(int n, double *rho, const double *u) {
    blas_init();
    const int d = 1 << n;
    double *tmp = qn_alloc((size_t)d * (size_t)d * 2);
    if (!tmp) return QN_ERR_OUT_OF_MEMORY;
    const double one[2] = {1, 0}, zero[2] = {0, 0};
    /* rho is column-major (element [r][c] at r + c d), as is u: tmp = U rho, rho = tmp U^dagger. */
    cblas_zgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, d, d, d, one, u, d, rho, d, zero, tmp, d);
    cblas_zgemm(CblasColMajor, CblasNoTrans, CblasConjTrans, d, d, d, one, tmp, d, u, d, zero, rho, d);
    qn_free(tmp);
    return QN_OK;
}
