import QuantumSim
import RealModule

/// Distributed phase sensing with a GHZ state (a network of clocks or
/// sensors estimating a common phase).
///
/// k modules, one qubit each, build a GHZ state with the distributed circuit
/// (H, then a non-local CNOT from each module to the next, over the
/// network's links). Every qubit then senses the common phase θ for the
/// interrogation time (its memory decays meanwhile), and the parity X⊗…⊗X
/// is read. The phase is set to the parity's most sensitive point,
/// kθ = π/2.
///
/// The figure of merit is the Fisher information of one parity reading about
/// θ, F = (∂θ⟨P⟩)² / (1 − ⟨P⟩²). ⟨P⟩ and its slope come from the
/// simulated states, averaged over runs: the slope is ⟨i[H, P]⟩ with
/// H = Σ Zⱼ/2, so no finite difference is needed. Limits to compare with:
/// k independent qubits give k (the standard quantum limit), an ideal GHZ
/// state k² (the Heisenberg limit). For GHZ states under dephasing F equals
/// the quantum Fisher information; under other noise it is a lower bound.
public struct GHZSensing: NetworkExperiment {
    public let network: Network
    public let modules: [ModuleAddress]
    /// Seconds every qubit senses the phase after the state is ready.
    public let interrogationTime: Double
    public let representation: StateRepresentation

    public init(network: Network, modules: [ModuleAddress], interrogationTime: Double,
                representation: StateRepresentation = .stateVector) throws(NetworkError) {
        guard modules.count >= 2 else {
            throw .invalidParameter(name: "sensor nodes", value: Double(modules.count), expected: "at least 2")
        }
        try checkParameter("interrogation time", interrogationTime, in: 0...1e6, unit: " s")
        self.network = network
        self.modules = modules
        self.interrogationTime = interrogationTime
        self.representation = representation
    }

    public struct Result: ExperimentResult {
        public let nodes: Int
        /// Fisher information of one parity reading.
        public let fisherInformation: Double
        /// Its standard error from the spread of the runs (delta method on
        /// the averaged parity and slope; 0 for exact density matrices whose
        /// runs all agree).
        public let fisherStandardError: Double
        /// ⟨X⊗…⊗X⟩ at the working point (0 for a perfect GHZ state).
        public let parity: Double
        /// Simulated time to build the state (before interrogation), mean over runs.
        public let timePerState: Estimate
        public let runs: Int

        /// k: the standard quantum limit (k independent qubits, one reading each).
        public var standardQuantumLimit: Double { Double(nodes) }
        /// k²: the Heisenberg limit.
        public var heisenbergLimit: Double { Double(nodes * nodes) }

        public static let columns: [OutputColumn<Result>] = [
            OutputColumn("fisher_information") { $0.fisherInformation },
            OutputColumn("fisher_information_se") { $0.fisherStandardError },
            OutputColumn("standard_quantum_limit") { $0.standardQuantumLimit },
            OutputColumn("heisenberg_limit") { $0.heisenbergLimit },
            OutputColumn("fisher_over_sql") { $0.fisherInformation / $0.standardQuantumLimit },
            OutputColumn("parity") { $0.parity },
            OutputColumn("time_per_state_s", "s") { $0.timePerState.mean },
        ]
    }

    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> Result {
        guard runs >= 1 else { throw .invalidParameter(name: "runs", value: Double(runs), expected: "at least 1") }
        let k = modules.count
        let ghz = try DistributedCircuit.ghz(network: network, modules: modules, representation: representation)
        let phase = Double.pi / Double(2 * k)
        // P = X⊗…⊗X and the terms of i[H, P] = −Σⱼ Yⱼ ⊗ X(others).
        let parityLabel = String(repeating: "X", count: k)
        let slopeLabels = (0..<k).map { j in String((0..<k).reversed().map { $0 == j ? "Y" : "X" }) }
        let (parityString, slopeStrings) = try NetworkError.wrapping { () throws(QuantumSimError) in
            (try PauliString(parityLabel), try slopeLabels.map { (l) throws(QuantumSimError) in try PauliString(l) })
        }
        var parities = Estimate.Accumulator(), slopes = Estimate.Accumulator()
        var buildTime = Estimate.Accumulator()
        var master = SeededGenerator(seed: seed)
        for _ in 0..<runs {
            let sim = NetworkSimulation(network: network, seed: master.next(), representation: representation,
                                        options: ghz.options)
            var data: [Qubit] = []
            for p in modules { data.append(try sim.newQubit(at: p)) }
            let runner = DistributedCircuit.Runner(ghz, sim, data)
            try runner.step(0)
            try sim.runEngine(until: .infinity) { runner.finished }
            guard runner.finished else { throw .invalidProtocol("the GHZ state was not finished") }
            buildTime.add(sim.now)
            // Interrogation: the phase (a Z rotation on every qubit, with the
            // modules' gate noise) and the memories' decay for its duration.
            for q in runner.data { try sim.apply(.rz(phase), to: [q]) }
            try sim.wait(interrogationTime)
            parities.add(try sim.expectation(parityString, on: runner.data))
            var slope = 0.0
            for s in slopeStrings { slope -= try sim.expectation(s, on: runner.data) }
            slopes.add(slope)
        }
        let p = parities.estimate, d = slopes.estimate
        let spread = 1 - p.mean * p.mean
        let fisher = spread > 0 ? d.mean * d.mean / spread : 0
        // dF = 2D/(1 − P²) dD + 2D²P/(1 − P²)² dP, the two taken independent.
        let se = spread > 0
            ? ((2 * d.mean / spread * d.standardError).squared + (2 * d.mean * d.mean * p.mean / (spread * spread) * p.standardError).squared).squareRoot()
            : 0
        return Result(nodes: k, fisherInformation: fisher, fisherStandardError: se, parity: p.mean,
                      timePerState: buildTime.estimate, runs: runs)
    }
}

private extension Double {
    var squared: Double { self * self }
}
