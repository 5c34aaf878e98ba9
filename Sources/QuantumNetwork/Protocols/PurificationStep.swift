import QuantumSim

/// One recurrence step of entanglement purification on two pairs held by
/// the same two modules (``Purification`` describes the schemes): the
/// local operations at both ends, up to the read-out of the sacrificed
/// pair. The step succeeds when the two bits agree; the nodes learn it by
/// exchanging them, which the caller schedules.
struct PurificationStep: Sendable {
    let scheme: Purification.Scheme
    let twirled: Bool

    /// Applies the step: `kept` and `sacrificed` are (first end, second end)
    /// with the first ends in one module. Returns both ends' bits and the
    /// longer of the two ends' busy times.
    func apply(kept: (Qubit, Qubit), sacrificed: (Qubit, Qubit), in sim: NetworkSimulation) throws(NetworkError)
        -> (bitA: Int, bitB: Int, busy: Double)
    {
        if twirled {
            try twirl(kept, sim)
            try twirl(sacrificed, sim)
        }
        if scheme == .dejmps {
            for q in [kept.0, sacrificed.0] { try sim.apply(.rx(.pi / 2), to: [q]) }
            for q in [kept.1, sacrificed.1] { try sim.apply(.rx(-.pi / 2), to: [q]) }
        }
        try sim.apply(.cx, to: [kept.0, sacrificed.0])
        try sim.apply(.cx, to: [kept.1, sacrificed.1])
        let busy = max(sim.localTime(operations, at: kept.0), sim.localTime(operations, at: kept.1))
        let bitA = try sim.measure(sacrificed.0), bitB = try sim.measure(sacrificed.1)
        return (bitA, bitB, busy)
    }

    /// What each end does: a CNOT and a read-out, and DEJMPS's rotation.
    private var operations: [NetworkSimulation.LocalOperation] {
        scheme == .dejmps ? [.twoQubitGate, .measurement, .singleQubitGate] : [.twoQubitGate, .measurement]
    }

    /// A random bilateral rotation U ⊗ U*: U = P·C^j with P a Pauli and C = S·H.
    private func twirl(_ pair: (Qubit, Qubit), _ sim: NetworkSimulation) throws(NetworkError) {
        let k = Int.random(in: 0..<12, using: &sim.rng)
        for _ in 0..<(k % 3) {
            try sim.apply(.h, to: [pair.0])
            try sim.apply(.s, to: [pair.0])
            try sim.apply(.h, to: [pair.1])
            try sim.apply(.sdg, to: [pair.1]) // (S·H)* = S†·H
        }
        let pauli: Gate? = [nil, .x, .y, .z][k / 3]
        if let pauli {
            try sim.apply(pauli, to: [pair.0])
            try sim.apply(pauli, to: [pair.1]) // Y* = −Y: the sign is a global phase
        }
    }
}
