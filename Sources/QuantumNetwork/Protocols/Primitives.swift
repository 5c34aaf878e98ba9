import QuantumSim
import RealModule

// Building blocks shared by the protocols: Bell-state measurement, Pauli
// corrections, pair orientation and random input states.

extension NetworkSimulation {
    /// Bell-state measurement of `a` and `b` (one module): CNOT a→b, H on a,
    /// both read out. Teleporting through a pair whose far half is r, the
    /// far end applies X^x then Z^z to r (``correct(_:x:z:)``).
    public func bellMeasure(_ a: Qubit, _ b: Qubit) throws(NetworkError) -> (z: Int, x: Int) {
        try bellMeasure(a.ref, b.ref)
    }

    func bellMeasure(_ a: QubitRef, _ b: QubitRef) throws(NetworkError) -> (z: Int, x: Int) {
        if a.slot == b.slot {
            // On an X-state pair (a swap, or teleporting a lone qubit): the same steps without the joint state.
            try registry.bringUpToDate(a.id, now: now, using: &generator)
            try registry.bringUpToDate(b.id, now: now, using: &generator)
            // Fields read in place: a copy of the module would retain its name and noise channels.
            let modules = network.moduleTable
            if let outcome = try registry.bellMeasureOnPair(a.id, b.id, p2: modules[a.slot].twoQubitGateError,
                                                          p1: modules[a.slot].singleQubitGateError,
                                                          readoutError: modules[a.slot].measurementError, using: &generator) {
                release(a.slot)
                release(b.slot)
                return outcome
            }
        }
        let (qa, qb) = (qubit(a), qubit(b))
        try apply(.cx, to: [qa, qb])
        try apply(.h, to: [qa])
        let z = try measure(qa)
        let x = try measure(qb)
        return (z, x)
    }

    /// Time a Bell-state measurement takes in the module of `qubit` (both
    /// read-outs in parallel).
    public func bellMeasurementTime(at qubit: Qubit) -> Double { bellMeasurementTime(at: qubit.ref) }

    func bellMeasurementTime(at qubit: QubitRef) -> Double {
        // Written out, not through `localTime`: no array at every swap.
        let modules = network.moduleTable
        return modules[qubit.slot].twoQubitGateTime + modules[qubit.slot].singleQubitGateTime
            + modules[qubit.slot].measurementTime
    }

    /// The Pauli correction X^x then Z^z on `qubit` (gates only where needed).
    public func correct(_ qubit: Qubit, x: Int, z: Int) throws(NetworkError) {
        if x == 1 { try apply(.x, to: [qubit]) }
        if z == 1 { try apply(.z, to: [qubit]) }
    }

    /// Starts pair generation on the link between nodes `a` and `b` and
    /// hands over the pair as (qubit at a, qubit at b).
    func generatePair(between a: String, and b: String,
                      _ delivered: @escaping (Qubit, Qubit) throws -> Void) throws(NetworkError) {
        let placement = try network.link(between: a, and: b)
        try generatePair(on: placement) { qa, qb in
            if placement.a.node == a { try delivered(qa, qb) } else { try delivered(qb, qa) }
        }
    }

    /// A Haar-random 1-qubit pure state from the run's generator.
    func haarRandomQubit() throws(NetworkError) -> StateVector {
        let cosTheta = Double.random(in: -1...1, using: &generator)
        let phi = Double.random(in: 0..<(2 * .pi), using: &generator)
        let c = ((1 + cosTheta) / 2).squareRoot(), s = ((1 - cosTheta) / 2).squareRoot()
        return try sim { () throws(QuantumSimError) in
            try StateVector(amplitudes: [Complex(c), Complex(s * Double.cos(phi), s * Double.sin(phi))],
                            tolerance: 1e-9, options: options)
        }
    }

    /// Fidelity of the state of `qubits` with the pure state `target`:
    /// |⟨target|ψ⟩|² straight from the state vector when the qubits hold a
    /// pure state of their own, else ⟨target|ρ|target⟩ of their density matrix.
    func fidelity(of qubits: [Qubit], with target: StateVector) throws(NetworkError) -> Double {
        let ids = qubits.map { $0.id }
        try registry.bringUpToDate(ids, now: now, using: &generator)
        switch try registry.wholeGroupState(of: ids) {
        case let .pure(psi)?: return try sim { () throws(QuantumSimError) in try psi.fidelity(with: target) }
        case let .mixed(rho)?: return try sim { () throws(QuantumSimError) in try rho.fidelity(with: target) }
        case let .pair(x, _)?: return try sim { () throws(QuantumSimError) in try x.fidelity(with: target) }
        case .moved?, nil: break
        }
        if let psi = try registry.pureState(of: ids) {
            return try sim { () throws(QuantumSimError) in try psi.fidelity(with: target) }
        }
        let rho = try registry.state(of: ids)
        return try sim { () throws(QuantumSimError) in try rho.fidelity(with: target) }
    }

    /// Runs the engine until `isDone()` or the queue empties or `deadline`,
    /// then drops what is still pending (stale timers, messages nobody
    /// waits for), which also frees the run (see ``EventEngine/cancelAll()``).
    public func runEngine(until deadline: Double, isDone: () -> Bool) throws(NetworkError) {
        defer {
            engine.cancelAll()
            dropPendingHeralds()
        }
        do { try engine.run(until: deadline, stop: isDone) } catch let error as NetworkError { throw error } catch {
            throw .invalidProtocol("an event failed: \(error)")
        }
    }
}

/// Φ⁺ as a state vector, the target of entanglement distribution.
func phiPlus(_ options: ExecutionOptions) throws(NetworkError) -> StateVector {
    try sim { () throws(QuantumSimError) in try BellState.phiPlus.stateVector(options: options) }
}
