import RealModule

/// A one-qubit density matrix as three numbers: the populations of |0⟩ and
/// |1⟩ and the coherence ρ[0][1] (ρ[1][0] is its conjugate). Possibly
/// unnormalised: a measurement branch, whose trace is its probability.
public struct QubitDensity: Sendable, Hashable {
    public var zero: Double, one: Double
    public var coherence: Complex<Double>

    public init(zero: Double, one: Double, coherence: Complex<Double>) {
        self.zero = zero
        self.one = one
        self.coherence = coherence
    }

    /// The state of a one-qubit density matrix.
    public init(_ rho: DensityMatrix) throws(QuantumSimError) {
        guard rho.qubitCount == 1 else { throw .qubitCountMismatch(expected: 1, got: rho.qubitCount) }
        let p = rho.storage.pointer
        self.init(zero: p[0], one: p[6], coherence: Complex(p[4], p[5]))
    }

    /// Tr ρ.
    public var trace: Double { zero + one }

    /// The same matrix as a ``DensityMatrix``.
    public func densityMatrix(options: ExecutionOptions? = nil) throws(QuantumSimError) -> DensityMatrix {
        let rho = try DensityMatrix(qubitCount: 1, options: options)
        let p = rho.storage.pointer
        // Element (r, c) at index r + 2c.
        (p[0], p[1]) = (zero, 0)
        (p[2], p[3]) = (coherence.real, -coherence.imaginary)
        (p[4], p[5]) = (coherence.real, coherence.imaginary)
        (p[6], p[7]) = (one, 0)
        return rho
    }

    /// The state divided by its trace.
    public func normalised() throws(QuantumSimError) -> QubitDensity {
        let t = trace
        guard t > 0 else { throw .zeroNorm }
        return QubitDensity(zero: zero / t, one: one / t, coherence: coherence / Complex(t))
    }
}
