/* OpenBLAS and LAPACKE: what the density-matrix kernels will build on. The
 * headers are included here only, since Swift cannot import C complex types. */
#include "CKernels.h"

#include <cblas.h>
#include <lapacke.h>

const char *qn_blas_core_name(void) { return openblas_get_corename(); }

int qn_blas_threads(void) { return openblas_get_num_threads(); }

void qn_blas_set_threads(int threads) { openblas_set_num_threads(threads < 1 ? 1 : threads); }

void qn_lapack_version(int *major, int *minor, int *patch) {
    lapack_int a = 0, b = 0, c = 0;
    LAPACKE_ilaver(&a, &b, &c);
    *major = (int)a;
    *minor = (int)b;
    *patch = (int)c;
}

int qn_hermitian_eigen(int dim, const double *matrix, double *eigenvalues, double *eigenvectors) {
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
    const double one[2] = {1, 0}, zero[2] = {0, 0};
    cblas_zgemm(CblasRowMajor, adjoint_a ? CblasConjTrans : CblasNoTrans, adjoint_b ? CblasConjTrans : CblasNoTrans,
                dim, dim, dim, one, a, dim, b, dim, zero, out, dim);
}

int qn_singular_values(int dim, const double *matrix, double *values) {
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
