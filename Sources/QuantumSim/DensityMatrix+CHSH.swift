import RealModule

/// Bell nonlocality of two-qubit states.
extension DensityMatrix {
    /// The largest CHSH value ⟨B⟩ of this two-qubit state over all
    /// measurement settings (Horodecki criterion): 2 √(m₁ + m₂), m₁ ≥ m₂ the
    /// two largest eigenvalues of TᵀT, T_ij = Tr ρ σ_i ⊗ σ_j. Above 2 the
    /// state violates the CHSH inequality; 2√2 for a Bell state.
    public func maximalCHSH() throws(QuantumSimError) -> Double {
        try Self.maximalCHSH(ofMixture: [(1, self)])
    }

    /// ``maximalCHSH()`` of the mixture Σ w ρ of two-qubit states, from the
    /// states' own correlations (T is linear in ρ), without forming the mixture.
    public static func maximalCHSH(ofMixture mixture: [(weight: Double, state: DensityMatrix)])
        throws(QuantumSimError) -> Double
    {
        for (_, rho) in mixture where rho.qubitCount != 2 { throw .qubitCountMismatch(expected: 2, got: rho.qubitCount) }
        let paulis = ["X", "Y", "Z"]
        var t = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0..<3 {
                // Qubit 0 on the right of the label.
                let label = try PauliString(paulis[j] + paulis[i])
                for (w, rho) in mixture where w > 0 { t[i][j] += w * (try rho.expectation(label)) }
            }
        }
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { m[i][j] += t[k][i] * t[k][j] } } }
        let eigen = symmetricEigenvalues3(m).sorted(by: >)
        return 2 * Double.sqrt(max(0, eigen[0] + eigen[1]))
    }

    /// Eigenvalues of a symmetric 3×3 matrix (the trigonometric solution of
    /// its characteristic cubic).
    static func symmetricEigenvalues3(_ a: [[Double]]) -> [Double] {
        let p1 = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2]
        if p1 == 0 { return [a[0][0], a[1][1], a[2][2]] }
        let q = (a[0][0] + a[1][1] + a[2][2]) / 3
        let p2 = (a[0][0] - q) * (a[0][0] - q) + (a[1][1] - q) * (a[1][1] - q) + (a[2][2] - q) * (a[2][2] - q) + 2 * p1
        let p = Double.sqrt(p2 / 6)
        var b = a
        for i in 0..<3 { for j in 0..<3 { b[i][j] = (a[i][j] - (i == j ? q : 0)) / p } }
        let det = b[0][0] * (b[1][1] * b[2][2] - b[1][2] * b[2][1]) - b[0][1] * (b[1][0] * b[2][2] - b[1][2] * b[2][0])
            + b[0][2] * (b[1][0] * b[2][1] - b[1][1] * b[2][0])
        let r = min(1, max(-1, det / 2))
        let phi = Double.acos(r) / 3
        let e1 = q + 2 * p * Double.cos(phi), e3 = q + 2 * p * Double.cos(phi + 2 * .pi / 3)
        return [e1, 3 * q - e1 - e3, e3]
    }
}
