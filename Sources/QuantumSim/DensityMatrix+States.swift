import RealModule

/// The four Bell states on qubits (0, 1): Φ± = (|00⟩ ± |11⟩)/√2,
/// Ψ± = (|01⟩ ± |10⟩)/√2.
public enum BellState: String, CaseIterable, Sendable, Hashable {
    case phiPlus, phiMinus, psiPlus, psiMinus

    /// The state as a two-qubit state vector.
    public func stateVector(options: ExecutionOptions? = nil) throws(QuantumSimError) -> StateVector {
        let h = Complex<Double>(1 / Double.sqrt(2))
        let amps: [Complex<Double>]
        switch self {
        case .phiPlus: amps = [h, .zero, .zero, h]
        case .phiMinus: amps = [h, .zero, .zero, -h]
        case .psiPlus: amps = [.zero, h, h, .zero]
        case .psiMinus: amps = [.zero, h, -h, .zero]
        }
        return try StateVector(amplitudes: amps, options: options)
    }
}

extension DensityMatrix {
    /// |B⟩⟨B| for a Bell state.
    public static func bell(_ state: BellState, options: ExecutionOptions? = nil) throws(QuantumSimError) -> DensityMatrix {
        try DensityMatrix(state.stateVector(options: options))
    }

    /// The two-qubit Werner state of fidelity F to Φ+:
    /// F |Φ+⟩⟨Φ+| + (1 − F)/3 (I − |Φ+⟩⟨Φ+|), F in [0, 1].
    public static func werner(fidelity f: Double, options: ExecutionOptions? = nil) throws(QuantumSimError) -> DensityMatrix {
        try isotropic(fidelity: f, qubitsPerSide: 1, options: options)
    }

    /// The isotropic state of two k-qubit halves with fidelity F to the
    /// maximally entangled |Φ_d⟩ = Σ_i |i⟩|i⟩/√d (d = 2^k; the first half is
    /// qubits 0..<k): F |Φ_d⟩⟨Φ_d| + (1 − F)/(d² − 1) (I − |Φ_d⟩⟨Φ_d|).
    public static func isotropic(fidelity f: Double, qubitsPerSide k: Int,
                                 options: ExecutionOptions? = nil) throws(QuantumSimError) -> DensityMatrix {
        guard (0...1).contains(f) else { throw .invalidParameter(name: "fidelity", value: f, expected: "a value in 0...1") }
        guard (1...6).contains(k) else { throw .invalidParameter(name: "qubits per side", value: Double(k), expected: "1...6") }
        let d = 1 << k, dd = d * d
        var rho = try DensityMatrix(qubitCount: 2 * k, options: options)
        let other = (1 - f) / Double(dd - 1), p = rho.storage.pointer
        for i in 0..<(2 * dd * dd) { p[i] = 0 }
        for i in 0..<dd { p[2 * (i + i * dd)] = other }
        // |Φ_d⟩⟨Φ_d| has 1/d at rows and columns i + i·d.
        for i in 0..<d { for j in 0..<d {
            let r = i + i * d, c = j + j * d
            p[2 * (r + c * dd)] += (f - other) / Double(d)
        } }
        rho.options = try StateVector.resolve(options)
        return rho
    }

    /// self ⊗ other: `other` becomes the qubits above this state's.
    public func tensor(_ other: DensityMatrix) throws(QuantumSimError) -> DensityMatrix {
        let out = try DensityMatrix(qubitCount: qubitCount + other.qubitCount, options: options)
        let d1 = dimension, d2 = other.dimension, d = d1 * d2
        let a = storage.pointer, b = other.storage.pointer, p = out.storage.pointer
        // Element (r1 + r2·d1, c1 + c2·d1) = a[r1][c1] · b[r2][c2]: for each
        // element of b, a scaled copy of a, column by column. Plain doubles and
        // wrapping index arithmetic (it cannot overflow: the output exists), as
        // the network layer merges small states at every gate between them.
        for c2 in 0..<d2 { for r2 in 0..<d2 {
            let yr = b[2 &* (r2 &+ c2 &* d2)], yi = b[2 &* (r2 &+ c2 &* d2) &+ 1]
            for c1 in 0..<d1 {
                let target = p + 2 &* (r2 &* d1 &+ (c1 &+ c2 &* d1) &* d), source = a + 2 &* c1 &* d1
                for r1 in 0..<d1 {
                    let xr = source[2 &* r1], xi = source[2 &* r1 &+ 1]
                    target[2 &* r1] = xr * yr - xi * yi
                    target[2 &* r1 &+ 1] = xr * yi + xi * yr
                }
            }
        } }
        return out
    }
}
