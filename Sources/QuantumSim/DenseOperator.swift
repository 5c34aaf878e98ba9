import CKernels
import RealModule

/// A small dense complex matrix (row-major, interleaved doubles) for the
/// measures: products through OpenBLAS zgemm, Hermitian eigen-decompositions
/// through LAPACKE zheevd. Internal: the public types are the states.
struct DenseOperator {
    let dimension: Int
    var data: [Double]

    init(dimension: Int, data: [Double]) {
        self.dimension = dimension
        self.data = data
    }

    init(zeros dimension: Int) {
        self.init(dimension: dimension, data: .init(repeating: 0, count: 2 * dimension * dimension))
    }

    subscript(r: Int, c: Int) -> Complex<Double> {
        get { Complex(data[2 * (r * dimension + c)], data[2 * (r * dimension + c) + 1]) }
        set {
            data[2 * (r * dimension + c)] = newValue.real
            data[2 * (r * dimension + c) + 1] = newValue.imaginary
        }
    }

    /// self · other (either side optionally adjoint).
    func times(_ other: DenseOperator, adjointSelf: Bool = false, adjointOther: Bool = false) -> DenseOperator {
        var out = DenseOperator(zeros: dimension)
        out.data.withUnsafeMutableBufferPointer { o in
            qn_matmul(Int32(dimension), data, adjointSelf ? 1 : 0, other.data, adjointOther ? 1 : 0, o.baseAddress!)
        }
        return out
    }

    /// Eigenvalues, ascending (the matrix must be Hermitian).
    func eigenvalues() throws(QuantumSimError) -> [Double] {
        var values = [Double](repeating: 0, count: dimension)
        guard qn_hermitian_eigen(Int32(dimension), data, &values, nil) == 0 else {
            throw .invalidDensityMatrix(reason: "LAPACK zheevd did not converge")
        }
        return values
    }

    /// Singular values, descending.
    func singularValues() throws(QuantumSimError) -> [Double] {
        var values = [Double](repeating: 0, count: dimension)
        guard qn_singular_values(Int32(dimension), data, &values) == 0 else {
            throw .invalidDensityMatrix(reason: "LAPACK zgesvd did not converge")
        }
        return values
    }

    /// V f(Λ) V† for the Hermitian matrix V Λ V†.
    func applying(_ f: (Double) -> Double) throws(QuantumSimError) -> DenseOperator {
        try applyingToSpectrum { $0.map(f) }
    }

    /// V f(Λ) V†, where f maps all the eigenvalues at once (so it can
    /// compare each with the largest).
    func applyingToSpectrum(_ f: ([Double]) -> [Double]) throws(QuantumSimError) -> DenseOperator {
        var values = [Double](repeating: 0, count: dimension)
        var vectors = DenseOperator(zeros: dimension)
        let info = vectors.data.withUnsafeMutableBufferPointer { v in
            qn_hermitian_eigen(Int32(dimension), data, &values, v.baseAddress!)
        }
        guard info == 0 else { throw .invalidDensityMatrix(reason: "LAPACK zheevd did not converge") }
        let mapped = f(values)
        var scaled = vectors
        for r in 0..<dimension { for c in 0..<dimension { scaled[r, c] = vectors[r, c] * Complex(mapped[c]) } }
        return scaled.times(vectors, adjointOther: true)
    }
}
