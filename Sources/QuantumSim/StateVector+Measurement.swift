import CKernels
import ComplexModule
import RealModule

extension StateVector {
    /// Probability that `qubit` reads 1 (relative to the norm).
    public func probabilityOfOne(_ qubit: Int) throws(QuantumSimError) -> Double {
        let m = try marginalProbabilities([qubit])
        return m[1]
    }

    /// The distribution of the bits at `qubits` (bit b of the outcome is
    /// qubits[b]), normalised, from one pass over the state.
    public func marginalProbabilities(_ qubits: [Int]) throws(QuantumSimError) -> [Double] {
        let out = try unnormalizedMarginal(qubits)
        let total = out.reduce(0, +)
        guard total > 0 else { throw .zeroNorm }
        return out.map { $0 / total }
    }

    /// The weights Σ|a_i|² of each outcome of the bits at `qubits`, not
    /// normalised (a distributed state sums them over its slices).
    func unnormalizedMarginal(_ qubits: [Int]) throws(QuantumSimError) -> [Double] {
        try Circuit.checkDistinct(qubits, registerSize: qubitCount)
        guard qubits.count <= 24 else { throw .gateTooLarge(gate: "marginal", targets: qubits.count, maximum: 24) }
        guard !qubits.isEmpty else { return [normSquared] }
        let qs = qubits.map { Int32($0) }
        var out = [Double](repeating: 0, count: 1 << qubits.count)
        qn_sv_marginal(exec, storage.raw, n, qs, Int32(qs.count), &out)
        return out
    }

    /// Measures `qubit` in the computational basis, collapses and
    /// renormalises the state, and returns 0 or 1.
    public mutating func measure(_ qubit: Int, using rng: inout some RandomNumberGenerator) throws(QuantumSimError) -> Int {
        let p1 = try probabilityOfOne(qubit)
        let outcome = Double.random(in: 0..<1, using: &rng) < p1 ? 1 : 0
        try collapse(qubit, to: outcome, probability: outcome == 1 ? p1 : 1 - p1)
        return outcome
    }

    /// Measures `qubits` one after another; bit b of the result is qubits[b].
    public mutating func measure(_ qubits: [Int], using rng: inout some RandomNumberGenerator) throws(QuantumSimError) -> Int {
        try measureEach(qubits, registerSize: qubitCount) { (q) throws(QuantumSimError) in try measure(q, using: &rng) }
    }

    /// Projects `qubit` onto |outcome⟩ and rescales the rest by 1/√probability
    /// (the norm of the state is used, so an unnormalised state ends normalised).
    mutating func collapse(_ qubit: Int, to outcome: Int, probability: Double,
                           normSquared norm2: Double? = nil) throws(QuantumSimError) {
        let norm2 = norm2 ?? normSquared
        guard probability > 0, norm2 > 0 else { throw .zeroNorm }
        let keep = Complex<Double>(1 / (probability * norm2).squareRoot())
        let d: [Complex<Double>] = outcome == 0 ? [keep, .zero] : [.zero, keep]
        try makeUnique()
        try applyChecked(Gate(name: "collapse", targets: 1, action: .diagonal(d)), [qubit])
    }

    /// Resets `qubit` to |0⟩: measures it and flips it when it read 1.
    public mutating func reset(_ qubit: Int, using rng: inout some RandomNumberGenerator) throws(QuantumSimError) {
        if try measure(qubit, using: &rng) == 1 { try applyChecked(.x, [qubit]) }
    }

    /// Draws `shots` basis-state indices from |a_i|² without changing the
    /// state: the draws are sorted, located on the cumulative distribution in
    /// one pass, then shuffled.
    public func sample(shots: Int, using rng: inout some RandomNumberGenerator) throws(QuantumSimError) -> [Int] {
        guard shots >= 0 else { throw .invalidShots(shots) }
        guard shots > 0 else { return [] }
        guard normSquared > 0 else { throw .zeroNorm }
        var u = (0..<shots).map { _ in Double.random(in: 0..<1, using: &rng) }
        u.sort()
        var idx = [UInt64](repeating: 0, count: shots)
        qn_sv_sample(exec, storage.raw, n, u, shots, &idx)
        var result = idx.map { Int($0) }
        result.shuffle(using: &rng)
        return result
    }

    /// Counts of each basis index over `shots` samples.
    public func counts(shots: Int, using rng: inout some RandomNumberGenerator) throws(QuantumSimError) -> [Int: Int] {
        try sample(shots: shots, using: &rng).reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }
}

extension StateVector {
    /// `shots` samples drawn with a fresh ``SeededGenerator`` seeded by `seed`.
    public func sample(shots: Int, seed: UInt64) throws(QuantumSimError) -> [Int] {
        var rng = SeededGenerator(seed: seed)
        return try sample(shots: shots, using: &rng)
    }

    /// Counts over `shots` samples drawn with a fresh generator seeded by `seed`.
    public func counts(shots: Int, seed: UInt64) throws(QuantumSimError) -> [Int: Int] {
        var rng = SeededGenerator(seed: seed)
        return try counts(shots: shots, using: &rng)
    }
}

/// Measures `qubits` in order with `measureOne`, packing outcome b into bit b:
/// shared by state vectors and density matrices.
func measureEach(_ qubits: [Int], registerSize: Int,
                 _ measureOne: (Int) throws(QuantumSimError) -> Int) throws(QuantumSimError) -> Int {
    try Circuit.checkDistinct(qubits, registerSize: registerSize)
    var result = 0
    for (b, q) in qubits.enumerated() { result |= try measureOne(q) << b }
    return result
}
