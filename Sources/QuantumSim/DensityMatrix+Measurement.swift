import CKernels

extension DensityMatrix {
    /// Probability that `qubit` reads 1: the weight of the diagonal entries
    /// whose index has that bit set (relative to the trace).
    public func probabilityOfOne(_ qubit: Int) throws(QuantumSimError) -> Double {
        guard qubit >= 0, qubit < qubitCount else { throw .qubitOutOfRange(qubit: qubit, qubitCount: qubitCount) }
        // Straight from the diagonal (no array: measurements in network runs are many and small).
        let d = dimension, diagonal = storage.pointer
        var total = 0.0, one = 0.0
        for i in 0..<d {
            let p = diagonal[2 * (i + i * d)]
            total += p
            if (i >> qubit) & 1 == 1 { one += p }
        }
        guard total > 0 else { throw .zeroNorm }
        return one / total
    }

    /// Measures `qubit` in the computational basis: ρ → P ρ P / p for the
    /// outcome drawn with probability p; returns 0 or 1.
    public mutating func measure(_ qubit: Int, using rng: inout some RandomNumberGenerator) throws(QuantumSimError) -> Int {
        let p1 = try probabilityOfOne(qubit)
        let outcome = Double.random(in: 0..<1, using: &rng) < p1 ? 1 : 0
        let p = outcome == 1 ? p1 : 1 - p1
        guard p > 0 else { throw .zeroNorm }
        let projector = Gate(name: "project", targets: 1,
                             action: .diagonal(outcome == 0 ? [.one, .zero] : [.zero, .one]))
        try makeUnique()
        let n2 = 2 * qubitCount
        try applyKernel(projector, on: [qubit], to: storage.pointer, qubitCount: n2, exec: exec)
        try applyKernel(projector, on: [qubit + qubitCount], to: storage.pointer, qubitCount: n2, exec: exec)
        qn_sv_scale(exec, storage.pointer, Int32(n2), 1 / trace) // the projected trace is p·Tr ρ
        return outcome
    }

    /// Measures `qubits` one after another (each collapse conditions the
    /// next); bit b of the result is qubits[b].
    public mutating func measure(_ qubits: [Int], using rng: inout some RandomNumberGenerator) throws(QuantumSimError) -> Int {
        try measureEach(qubits, registerSize: qubitCount) { (q) throws(QuantumSimError) in try measure(q, using: &rng) }
    }

    /// Resets `qubit` to |0⟩ (the reset channel: deterministic, no outcome).
    public mutating func reset(_ qubit: Int) throws(QuantumSimError) {
        try apply(Channel.reset, to: [qubit])
    }
}
