import QuantumSim

/// A circuit run on qubits spread over linked processor modules.
///
/// Qubit i starts in |0⟩ in module `placement[i]`. Gates run one after
/// another in circuit order. A gate within one module runs there (with the
/// module's noise and durations). A 2-qubit gate across modules becomes a
/// non-local gate:
/// - ``Method/telegate``: when the gate is controlled on one of its qubits
///   (CNOT, CZ, CP, CRX, ...), by the cat-entangler/disentangler (one ebit,
///   two classical bits); other gates fall back to teledata;
/// - ``Method/teledata``: the first qubit's state is teleported into the
///   second's module (one ebit, two bits) and stays there.
/// Gates on three or more qubits must be local.
///
/// The fidelity is that of the data qubits with the monolithic, noiseless
/// run of the same circuit. The qubits start in |0…0⟩, or in a given joint
/// `initialState` placed without gates (inputs, or reference qubits that a
/// process fidelity needs: put those in modules of their own, with perfect
/// memories, so that only the circuit's qubits carry noise).
public struct DistributedCircuit: NetworkExperiment {
    public enum Method: String, Sendable, CaseIterable { case telegate, teledata }

    public let network: Network
    public let circuit: Circuit
    public let placement: [ModuleAddress]
    public let method: Method
    public let representation: StateRepresentation
    public let options: ExecutionOptions
    public let initialState: StateVector?

    /// Checked: one module per qubit, every module exists, each module can
    /// hold its qubits plus one communication qubit per link end, modules
    /// that share a gate are linked, and no gate on 3+ qubits spans modules.
    public init(network: Network, circuit: Circuit, placement: [ModuleAddress], method: Method = .telegate,
                representation: StateRepresentation = .stateVector, options: ExecutionOptions = .singleThreaded,
                initialState: StateVector? = nil) throws(NetworkError) {
        if let initialState, initialState.qubitCount != circuit.qubitCount {
            throw .invalidParameter(name: "qubits of the initial state", value: Double(initialState.qubitCount),
                                    expected: "the circuit's \(circuit.qubitCount)")
        }
        guard placement.count == circuit.qubitCount else {
            throw .invalidParameter(name: "placement size", value: Double(placement.count),
                                    expected: "one module per circuit qubit (\(circuit.qubitCount))")
        }
        for p in Set(placement) { _ = try network.module(p) }
        for op in circuit.operations {
            let modules = Set(op.qubits.map { placement[$0] })
            guard modules.count > 1 else { continue }
            guard op.qubits.count == 2 else {
                throw .nonLocalOperation(gate: op.gate.name, modules: op.qubits.map { placement[$0].description })
            }
            _ = try network.link(between: placement[op.qubits[0]], and: placement[op.qubits[1]])
        }
        self.network = network
        self.circuit = circuit
        self.placement = placement
        self.method = method
        self.representation = representation
        self.options = options
        self.initialState = initialState
    }

    /// A GHZ state over `modules`, one qubit in each: H on the first, then a
    /// CNOT from each module's qubit to the next (k − 1 non-local gates).
    public static func ghz(network: Network, modules: [ModuleAddress], method: Method = .telegate,
                           representation: StateRepresentation = .densityMatrix) throws(NetworkError) -> DistributedCircuit {
        guard modules.count >= 2 else {
            throw .invalidParameter(name: "GHZ size", value: Double(modules.count), expected: "at least 2 modules")
        }
        let circuit = try sim { () throws(QuantumSimError) in
            var c = try Circuit(qubits: modules.count).h(0)
            for i in 0..<(modules.count - 1) { c = try c.cx(i, i + 1) }
            return c
        }
        return try DistributedCircuit(network: network, circuit: circuit, placement: modules, method: method,
                                      representation: representation)
    }

    /// `runs` runs.
    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> ProtocolResult {
        let ideal = try sim { () throws(QuantumSimError) in
            var psi: StateVector
            if let initialState { psi = initialState } else { psi = try StateVector(qubits: circuit.qubitCount, options: options) }
            try psi.apply(circuit)
            return psi
        }
        return try ProtocolResult.collect(name: "distributed circuit (\(method.rawValue))", runs: runs, seed: seed) {
            (_, s) throws(NetworkError) in try runOnce(seed: s, ideal: ideal).outcome
        }
    }

    /// One run and the non-local gates it made.
    public struct Run: Sendable {
        public let outcome: RunOutcome
        /// Gates between qubits of different modules (telegates or teledata moves).
        public let nonLocalGates: Int
    }

    /// One run against the given ideal output state.
    public func runOnce(seed: UInt64, ideal: StateVector) throws(NetworkError) -> Run {
        let sim = NetworkSimulation(network: network, seed: seed, representation: representation, options: options)
        var data: [Qubit] = []
        if let initialState {
            data = try sim.newQubits(at: placement, state: initialState)
        } else {
            for p in placement { data.append(try sim.newQubit(at: p)) }
        }
        let runner = Runner(self, sim, data)
        try runner.step(0)
        try sim.runEngine(until: .infinity) { runner.finished }
        guard runner.finished else { throw .invalidProtocol("the distributed circuit stopped before its end") }
        let f = try sim.fidelity(of: runner.data, with: ideal)
        return Run(outcome: RunOutcome(success: true, fidelity: f, time: sim.now, resources: sim.resources),
                   nonLocalGates: runner.nonLocal)
    }

    /// Walks the circuit, one gate per step, continuing from callbacks.
    final class Runner {
        let spec: DistributedCircuit
        let sim: NetworkSimulation
        var data: [Qubit]
        var finished = false
        var nonLocal = 0

        init(_ spec: DistributedCircuit, _ sim: NetworkSimulation, _ data: [Qubit]) {
            self.spec = spec
            self.sim = sim
            self.data = data
        }

        /// Runs gates from `first` on: local gates at once (or after their
        /// duration), a non-local gate by its protocol, continuing when it ends.
        func step(_ first: Int) throws(NetworkError) {
            let ops = spec.circuit.operations
            var i = first
            while i < ops.count {
                let gate = ops[i].gate, qubits = ops[i].qubits.map { data[$0] }
                guard qubits.allSatisfy({ $0.slot == qubits[0].slot }) else { return try nonLocalGate(i) }
                try sim.apply(gate, to: qubits)
                let kind: NetworkSimulation.LocalOperation = qubits.count == 1 ? .singleQubitGate : .twoQubitGate
                let busy = sim.localTime([kind], at: qubits[0])
                i += 1
                if busy > 0 {
                    let next = i
                    sim.engine.schedule(after: busy) { [self] in try step(next) }
                    return
                }
            }
            finished = true
        }

        private func nonLocalGate(_ i: Int) throws(NetworkError) {
            let op = spec.circuit.operations[i]
            let qubits = op.qubits.map { data[$0] }
            nonLocal += 1
            let control = (0..<2).first { NetworkSimulation.isControlled(op.gate, on: $0) }
            if spec.method == .telegate, let control {
                try sim.telegate(op.gate, on: qubits, controlIndex: control) { [self] in try step(i + 1) }
            } else {
                try sim.teleport(qubits[0], to: qubits[1].location) { [self] arrived in
                    data[op.qubits[0]] = arrived
                    try sim.apply(op.gate, to: [arrived, qubits[1]])
                    try step(i + 1)
                }
            }
        }
    }
}
