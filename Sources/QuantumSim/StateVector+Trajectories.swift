import CKernels

extension StateVector {
    /// One quantum trajectory of `channel` on `qubits`: Kraus operator K_i is
    /// chosen with probability p_i = ‖K_i ψ‖², then ψ → K_i ψ / √p_i.
    /// Averaged over trajectories this is the channel (see ``DensityMatrix``);
    /// it is how noisy circuits run beyond a density matrix's reach.
    ///
    /// The p_i come from the reduced density matrix of `qubits` (one pass):
    /// p_i = Tr(K_i ρ_q K_i†); then one pass applies K_i and one rescales.
    public mutating func apply(_ channel: Channel, to qubits: [Int],
                               using rng: inout some RandomNumberGenerator) throws(QuantumSimError) {
        try Circuit.check(qubits, count: channel.qubitCount, name: channel.name, registerSize: qubitCount)
        if let mixture = channel.unitaryMixture {
            // Fixed probabilities: no pass over the state to compute them.
            let term = Self.draw(mixture.probabilities, using: &rng)
            for (k, gate) in mixture.factors[term].enumerated() {
                if let gate { try apply(gate, to: [qubits[k]]) }
            }
            return
        }
        if let r = channel.relaxation { return try applyRelaxation(r, to: qubits[0], using: &rng) }
        let reduced = try reducedDensityMatrix(keeping: qubits).denseOperator
        let d = 1 << channel.qubitCount
        var weights: [Double] = []
        for k in channel.krausOperators {
            // Tr(K ρ K†) = Σ_{r,a,b} K[r][a] ρ[a][b] conj(K[r][b])
            var s = 0.0
            for r in 0..<d { for a in 0..<d { for b in 0..<d {
                s += (k[r * d + a] * reduced[a, b] * k[r * d + b].conjugate).real
            } } }
            weights.append(max(0, s))
        }
        let total = weights.reduce(0, +)
        guard total > 0 else { throw .zeroNorm }
        let chosen = Self.draw(weights, using: &rng)
        let kraus = Gate(name: channel.name, targets: channel.qubitCount, action: .dense(channel.krausOperators[chosen]))
        try makeUnique()
        try applyChecked(kraus, qubits)
        // ‖K_i ψ‖² = p_i (the reduced matrix has trace ‖ψ‖²): renormalise.
        qn_sv_scale(exec, storage.raw, n, 1 / weights[chosen].squareRoot())
    }

    /// One trajectory of a relaxation channel through its Kraus set
    /// {diag(1, c), √γ |0⟩⟨1|, diag(0, √(1 − γ − c²))} (the memory channel's
    /// own): the weights need only P(qubit = 1), one pass, instead of the
    /// reduced density matrix.
    private mutating func applyRelaxation(_ r: Relaxation, to qubit: Int,
                                          using rng: inout some RandomNumberGenerator) throws(QuantumSimError) {
        var marginal = [0.0, 0.0]
        var q = Int32(qubit)
        qn_sv_marginal(exec, storage.raw, n, &q, 1, &marginal)
        let c = r.coherence, rest = max(0, 1 - r.gamma - c * c)
        let weights = [marginal[0] + c * c * marginal[1], r.gamma * marginal[1], rest * marginal[1]]
        guard weights.reduce(0, +) > 0 else { throw .zeroNorm }
        let chosen = Self.draw(weights, using: &rng)
        let kraus: Gate
        switch chosen {
        case 0: kraus = Gate(name: "relaxation_k0", targets: 1, action: .diagonal([.one, Complex(c)]))
        case 1: kraus = Gate(name: "relaxation_k1", targets: 1,
                             action: .dense([.zero, Complex(r.gamma.squareRoot()), .zero, .zero]))
        default: kraus = Gate(name: "relaxation_k2", targets: 1, action: .diagonal([.zero, Complex(rest.squareRoot())]))
        }
        try makeUnique()
        try applyChecked(kraus, [qubit])
        qn_sv_scale(exec, storage.raw, n, 1 / weights[chosen].squareRoot())
    }

    /// An index drawn with probability weights[i] / Σ weights (zero weights never).
    private static func draw(_ weights: [Double], using rng: inout some RandomNumberGenerator) -> Int {
        var u = Double.random(in: 0..<weights.reduce(0, +), using: &rng)
        for (i, w) in weights.enumerated() where w > 0 {
            if u < w { return i }
            u -= w
        }
        return weights.lastIndex { $0 > 0 } ?? weights.count - 1
    }
}
