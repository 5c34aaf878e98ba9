import CKernels
import RealModule

/// Quantum-information measures. Fidelity is the squared Uhlmann fidelity
/// F(ρ, σ) = (Tr √(√ρ σ √ρ))², so F(|ψ⟩⟨ψ|, |φ⟩⟨φ|) = |⟨ψ|φ⟩|² (QuTiP's
/// `fidelity` returns its square root; Qiskit's `state_fidelity` this one).
/// Entropies are in bits.
extension DensityMatrix {
    /// ρ as a row-major dense operator.
    var denseOperator: DenseOperator {
        var m = DenseOperator(zeros: dimension)
        let d = dimension, p = storage.pointer
        for r in 0..<d { for c in 0..<d {
            m.data[2 * (r * d + c)] = p[2 * (r + c * d)]
            m.data[2 * (r * d + c) + 1] = p[2 * (r + c * d) + 1]
        } }
        return m
    }

    private func checkSameSize(_ other: DensityMatrix) throws(QuantumSimError) {
        guard other.qubitCount == qubitCount else { throw .qubitCountMismatch(expected: qubitCount, got: other.qubitCount) }
    }

    /// Eigenvalues of ρ, ascending.
    public func eigenvalues() throws(QuantumSimError) -> [Double] { try denseOperator.eigenvalues() }

    /// Squared Uhlmann fidelity (Tr √(√ρ σ √ρ))² = ‖√ρ √σ‖₁², computed as
    /// the sum of the singular values of √ρ √σ (square roots through Hermitian
    /// eigen-decompositions). The singular values avoid taking square roots
    /// of the near-zero eigenvalues of √ρ σ √ρ; and eigenvalues of ρ or σ at
    /// the rounding level of the decomposition (``isRoundingNoise``) are taken
    /// as 0 before their square roots, which would otherwise turn 1e-17 of
    /// noise into 3e-9 of fidelity for a rank-deficient state.
    public func fidelity(with other: DensityMatrix) throws(QuantumSimError) -> Double {
        try checkSameSize(other)
        let a = try denseOperator.applyingToSpectrum(Self.rootAboveNoise)
        let b = try other.denseOperator.applyingToSpectrum(Self.rootAboveNoise)
        let s = try a.times(b).singularValues().reduce(0, +)
        return min(1, s * s)
    }

    /// Square roots of eigenvalues, those at the rounding level set to 0.
    static func rootAboveNoise(_ values: [Double]) -> [Double] {
        let largest = values.map(abs).max() ?? 0
        return values.map { isRoundingNoise($0, largest: largest, dimension: values.count) ? 0 : $0.squareRoot() }
    }

    /// An eigenvalue a Hermitian eigensolver cannot tell from 0: at most
    /// 32·d·ε of the largest in magnitude (LAPACK's backward error is a small
    /// multiple of d·ε·‖A‖), or negative.
    static func isRoundingNoise(_ x: Double, largest: Double, dimension d: Int) -> Bool {
        x <= 32 * Double(d) * Double.ulpOfOne * largest
    }

    /// ⟨ψ|ρ|ψ⟩: the fidelity of ρ with a pure state.
    public func fidelity(with state: StateVector) throws(QuantumSimError) -> Double {
        guard state.qubitCount == qubitCount else { throw .qubitCountMismatch(expected: qubitCount, got: state.qubitCount) }
        let d = dimension, p = storage.pointer
        return state.withUnsafeAmplitudes { a in
            var s = Complex<Double>.zero
            for c in 0..<d {
                var column = Complex<Double>.zero
                for r in 0..<d { column = column + a[r].conjugate * Complex(p[2 * (r + c * d)], p[2 * (r + c * d) + 1]) }
                s = s + column * a[c]
            }
            return s.real
        }
    }

    /// ½ ‖ρ − σ‖₁.
    public func traceDistance(to other: DensityMatrix) throws(QuantumSimError) -> Double {
        try checkSameSize(other)
        var diff = denseOperator
        let o = other.denseOperator
        for i in diff.data.indices { diff.data[i] -= o.data[i] }
        return try diff.eigenvalues().reduce(0.0) { $0 + abs($1) } / 2
    }

    /// −Tr ρ log₂ ρ, in bits.
    public func vonNeumannEntropy() throws(QuantumSimError) -> Double {
        try eigenvalues().reduce(0.0) { $0 - ($1 > 1e-15 ? $1 * Double.log2($1) : 0) }
    }

    /// Tr ρ (log₂ ρ − log₂ σ) in bits; infinite when ρ has weight where σ has none.
    public func relativeEntropy(to other: DensityMatrix) throws(QuantumSimError) -> Double {
        try checkSameSize(other)
        let logSigma = try other.denseOperator.applying { $0 > 1e-15 ? Double.log2($0) : -.infinity }
        // Tr ρ log σ = Σ_rc ρ[c][r] (log σ)[r][c], guarding 0 · (−∞).
        let rho = denseOperator
        var cross = 0.0
        for r in 0..<dimension { for c in 0..<dimension {
            let a = rho[c, r], b = logSigma[r, c]
            if a.length < 1e-14 { continue }
            if !b.real.isFinite || !b.imaginary.isFinite { return .infinity }
            cross += (a * b).real
        } }
        return -(try vonNeumannEntropy()) - cross
    }

    /// Wootters' concurrence of a two-qubit state: max(0, λ1 − λ2 − λ3 − λ4)
    /// with λ the square roots of the eigenvalues of √ρ ρ̃ √ρ, ρ̃ = (Y⊗Y) ρ* (Y⊗Y),
    /// in decreasing order.
    public func concurrence() throws(QuantumSimError) -> Double {
        guard qubitCount == 2 else { throw .qubitCountMismatch(expected: 2, got: qubitCount) }
        let rho = denseOperator
        var tilde = DenseOperator(zeros: 4)
        // (Y⊗Y)[r][c] = −(−1)^popcount(r) where c = 3 − r and 0 elsewhere, so
        // ρ̃[r][c] = (−1)^(popcount(r) + popcount(c)) ρ*[3 − r][3 − c].
        for r in 0..<4 { for c in 0..<4 {
            let sign = ((r.nonzeroBitCount + c.nonzeroBitCount) & 1) == 0 ? 1.0 : -1.0
            tilde[r, c] = rho[3 - r, 3 - c].conjugate * Complex(sign)
        } }
        // The λ are the singular values of √ρ √ρ̃ (descending).
        let l = try rho.applyingToSpectrum(Self.rootAboveNoise).times(tilde.applyingToSpectrum(Self.rootAboveNoise)).singularValues()
        return max(0, l[0] - l[1] - l[2] - l[3])
    }

    /// ρ with `qubits` transposed (the partial transpose on that subsystem).
    func partialTranspose(_ qubits: [Int]) -> DenseOperator {
        var mask = 0
        for q in qubits { mask |= 1 << q }
        let rho = denseOperator
        var out = DenseOperator(zeros: dimension)
        for r in 0..<dimension { for c in 0..<dimension {
            // Swap the subsystem's bits between row and column.
            let r2 = (r & ~mask) | (c & mask), c2 = (c & ~mask) | (r & mask)
            out[r2, c2] = rho[r, c]
        } }
        return out
    }

    /// Negativity (‖ρ^Γ‖₁ − 1)/2 for the bipartition `subsystem` | rest.
    public func negativity(subsystem qubits: [Int]) throws(QuantumSimError) -> Double {
        try Circuit.checkDistinct(qubits, registerSize: qubitCount)
        let norm = try partialTranspose(qubits).eigenvalues().reduce(0.0) { $0 + abs($1) }
        return max(0, (norm - 1) / 2)
    }

    /// log₂ ‖ρ^Γ‖₁ for the bipartition `subsystem` | rest.
    public func logarithmicNegativity(subsystem qubits: [Int]) throws(QuantumSimError) -> Double {
        Double.log2(2 * (try negativity(subsystem: qubits)) + 1)
    }

    /// ⟨B|ρ|B⟩ for each Bell state B on qubits (0, 1) of a two-qubit state.
    public func bellStateFidelities() throws(QuantumSimError) -> [BellState: Double] {
        guard qubitCount == 2 else { throw .qubitCountMismatch(expected: 2, got: qubitCount) }
        var out: [BellState: Double] = [:]
        for b in BellState.allCases { out[b] = try fidelity(with: b.stateVector(options: options)) }
        return out
    }

    /// The Werner parameter w = (4F − 1)/3 of a two-qubit state, F its
    /// fidelity to Φ+: ρ = w |Φ+⟩⟨Φ+| + (1 − w) I/4 for a Werner state.
    public func wernerParameter() throws(QuantumSimError) -> Double {
        let f = try bellStateFidelities()[.phiPlus]!
        return (4 * f - 1) / 3
    }
}
