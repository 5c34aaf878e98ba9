import QuantumSim

// Gates between qubits of different modules, paid for with link ebits and
// classical bits.

extension NetworkSimulation {
    /// True when `gate` (2 qubits) is block diagonal in its qubit `k`: it
    /// acts as |0⟩⟨0| ⊗ U₀ + |1⟩⟨1| ⊗ U₁ with qubit k as the control, so a
    /// cat-entangled copy of qubit k can stand in for it (CNOT, CZ, CP, CRX ...).
    public static func isControlled(_ gate: Gate, on k: Int) -> Bool {
        guard gate.qubitCount == 2 else { return false }
        let m = gate.matrix
        for r in 0..<4 { for c in 0..<4 where (r ^ c) >> k & 1 == 1 && m[r * 4 + c].length > 1e-12 { return false } }
        return true
    }

    /// A 2-qubit `gate` on `qubits` held in two modules, by the cat-entangler
    /// and disentangler (Eisert et al. 2000): one ebit from the link between
    /// the modules and one classical bit each way. `gate` must be controlled
    /// on `qubits[controlIndex]` (see ``isControlled(_:on:)``).
    ///
    /// Steps: CNOT from the control to its half e₁ of the pair, read e₁, send
    /// the bit; the other side applies X to e₂ if it read 1, so e₂ copies the
    /// control; the gate acts with e₂ in the control's place; e₂ is read in X
    /// and the bit sent back; the control gets Z if it read 1.
    public func telegate(_ gate: Gate, on qubits: [Qubit], controlIndex: Int,
                         then done: @escaping () throws -> Void) throws(NetworkError) {
        guard qubits.count == 2, Self.isControlled(gate, on: controlIndex) else {
            throw .invalidProtocol("telegate needs a 2-qubit gate controlled on qubit \(controlIndex); \(gate.name) is not")
        }
        let control = qubits[controlIndex], target = qubits[1 - controlIndex]
        let there = target.location, here = control.location
        let link = try network.link(between: here, and: there)
        let delay = try network.classicalDelay(from: here.node, to: there.node)
        try generatePair(on: link) { [self] p, q in
            let (mine, theirs) = link.a == here ? (p, q) : (q, p)
            try apply(.cx, to: [control, mine])
            let m1 = try measure(mine)
            let out = localTime([.twoQubitGate, .measurement], at: mine)
            try send(bits: 1, from: here.node, to: there.node, delay: out + delay) { [self] in
                if m1 == 1 { try apply(.x, to: [theirs]) }
                try apply(gate, to: controlIndex == 0 ? [theirs, target] : [target, theirs])
                let m2 = try measureX(theirs)
                let back = localTime([.singleQubitGate, .twoQubitGate, .singleQubitGate, .measurement], at: theirs)
                try send(bits: 1, from: there.node, to: here.node, delay: back + delay) { [self] in
                    if m2 == 1 { try apply(.z, to: [control]) }
                    try done()
                }
            }
        }
    }

    /// Teleports the state of `qubit` into module `destination` (teledata):
    /// one ebit, two classical bits; `done` gets the qubit that now holds it.
    public func teleport(_ qubit: Qubit, to destination: ModuleAddress,
                         then done: @escaping (Qubit) throws -> Void) throws(NetworkError) {
        let here = qubit.location
        let link = try network.link(between: here, and: destination)
        let delay = try network.classicalDelay(from: here.node, to: destination.node)
        try generatePair(on: link) { [self] p, q in
            let (mine, theirs) = link.a == here ? (p, q) : (q, p)
            let (z, x) = try bellMeasure(qubit, mine)
            let busy = bellMeasurementTime(at: mine)
            try send(bits: 2, from: here.node, to: destination.node, delay: busy + delay) { [self] in
                try correct(theirs, x: x, z: z)
                try done(theirs)
            }
        }
    }
}
