import QuantumSim

/// Entanglement purification (distillation) by recurrence between two nodes.
///
/// One step takes two pairs: each node applies a CNOT from its half of the
/// first pair (kept) to its half of the second (sacrificed), measures the
/// sacrificed half in Z, and sends the bit to the other node; the kept pair
/// survives when the bits agree. `rounds` = r nests this r times (2^r input
/// pairs per output pair).
/// - ``Scheme/bbpssw`` (Bennett et al. 1996): the CNOT-and-compare step.
///   Its twirled form (``twirled`` true, the default for BBPSSW) first
///   applies a random bilateral rotation U ⊗ U* to each pair (U uniform over
///   the 12 products of a Pauli and a power of the Clifford C = S·H that
///   cycles X → Z → Y), which on average turns any pair into a Werner state.
/// - ``Scheme/dejmps`` (Deutsch et al. 1996): before the CNOTs the first node
///   applies Rx(π/2) and the second Rx(−π/2) to each of its halves; no twirl
///   by default (the untwirled form), a twirled form on request.
///
/// Pairs come from the link between the nodes, or, with ``Source/state(_:)``,
/// appear in the nodes' memories in a given state (to study the step alone).
public struct Purification: NetworkExperiment {
    public enum Scheme: String, Sendable, CaseIterable {
        case bbpssw, dejmps
    }

    /// Where input pairs come from.
    public enum Source: Sendable {
        /// Heralded generation on the link between the two nodes.
        case link
        /// A 2-qubit state (qubit 0 at the first node) placed at once.
        case state(DensityMatrix)
    }

    public let network: Network
    public let nodes: (String, String)
    public let scheme: Scheme
    public let rounds: Int
    public let twirled: Bool
    public let source: Source
    /// When a step fails: false, the run fails (success probability of the
    /// whole recurrence); true, regenerate and retry until the deadline.
    public let retry: Bool
    public let deadline: Double?
    public let representation: StateRepresentation
    public let options: ExecutionOptions

    /// Checked: the nodes exist and (for ``Source/link``) are linked;
    /// 1 ≤ rounds ≤ 10; a given state has 2 qubits.
    public init(network: Network, between a: String, and b: String, scheme: Scheme, rounds: Int = 1,
                twirled: Bool? = nil, source: Source = .link, retry: Bool = false, deadline: Double? = nil,
                representation: StateRepresentation = .densityMatrix,
                options: ExecutionOptions = .singleThreaded) throws(NetworkError) {
        _ = try network.node(a)
        _ = try network.node(b)
        guard a != b else { throw .selfLink(node: a) }
        switch source {
        case .link: _ = try network.link(between: a, and: b)
        case let .state(rho):
            guard rho.qubitCount == 2 else {
                throw .invalidParameter(name: "qubit count of the input pair", value: Double(rho.qubitCount),
                                        expected: "2")
            }
        }
        guard (1...10).contains(rounds) else {
            throw .invalidParameter(name: "rounds", value: Double(rounds), expected: "1 to 10")
        }
        if let deadline {
            try checkParameter("deadline", deadline, in: .leastNonzeroMagnitude ... .infinity, unit: " seconds")
        }
        self.network = network
        nodes = (a, b)
        self.scheme = scheme
        self.rounds = rounds
        self.twirled = twirled ?? (scheme == .bbpssw)
        self.source = source
        self.retry = retry
        self.deadline = deadline
        self.representation = representation
        self.options = options
    }

    /// The protocol's name with its variant, e.g. "DEJMPS (untwirled)".
    public var name: String { "\(scheme.rawValue.uppercased()) (\(twirled ? "twirled" : "untwirled"))" }

    /// What many runs gave, and how often each round's steps succeeded.
    @dynamicMemberLookup
    public struct Result: ExperimentResult {
        /// Success, fidelity, time and resources over the runs.
        public let result: ProtocolResult
        /// Per round (index 0: round 1), the success probability of one of
        /// its steps over every step the runs made (count 0: none reached it).
        public let roundSuccess: [Estimate]

        public subscript<T>(dynamicMember path: KeyPath<ProtocolResult, T>) -> T { result[keyPath: path] }

        public static let columns: [OutputColumn<Result>] = ProtocolResult.columns.map { $0.reading { $0.result } } + [
            OutputColumn("round_1_success") { $0.roundSuccess.first.flatMap(Self.reached) },
            OutputColumn("final_round_success") { $0.roundSuccess.last.flatMap(Self.reached) },
        ]

        static func reached(_ e: Estimate) -> Double? { e.count > 0 ? e.mean : nil }
    }

    /// `runs` runs with seeds derived from `seed`.
    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> Result {
        var steps = [Estimate.Accumulator](repeating: .init(), count: rounds)
        let result = try ProtocolResult.collect(name: name, runs: runs, seed: seed) { (_, s) throws(NetworkError) in
            let run = try runOnce(seed: s)
            for (k, outcomes) in run.stepSuccesses.enumerated() { for ok in outcomes { steps[k].add(ok ? 1 : 0) } }
            return run.outcome
        }
        return Result(result: result, roundSuccess: steps.map(\.estimate))
    }

    /// One run and its purification steps.
    public struct Run: Sendable {
        public let outcome: RunOutcome
        /// Per round, whether each of its steps kept its pair, in order.
        public let stepSuccesses: [[Bool]]
    }

    /// One run: success when a pair of round `rounds` is delivered.
    public func runOnce(seed: UInt64) throws(NetworkError) -> Run {
        let sim = NetworkSimulation(network: network, seed: seed, representation: representation, options: options)
        let run = try PurificationRun(protocol: self, sim: sim)
        var delivered: (Qubit, Qubit)?
        try run.establish(round: rounds) { pair in delivered = pair }
        try sim.runEngine(until: deadline ?? .infinity) { delivered != nil || run.failed }
        let f = try delivered.map { (pair) throws(NetworkError) in try sim.fidelity(of: [pair.0, pair.1], with: phiPlus(options)) }
        return Run(outcome: RunOutcome(success: f != nil, fidelity: f, time: sim.now, resources: sim.resources),
                   stepSuccesses: run.stepOutcomes)
    }
}

/// The event-driven recurrence of one purification run.
final class PurificationRun {
    let spec: Purification
    let sim: NetworkSimulation
    let places: (ModuleAddress, ModuleAddress)
    let delay: Double
    /// 0/1 per step, by round.
    var stepOutcomes: [[Bool]]
    /// Set when a step failed and retries are off.
    var failed = false

    init(protocol spec: Purification, sim: NetworkSimulation) throws(NetworkError) {
        self.spec = spec
        self.sim = sim
        places = (try sim.network.defaultModule(of: spec.nodes.0), try sim.network.defaultModule(of: spec.nodes.1))
        delay = try sim.network.classicalDelay(from: spec.nodes.0, to: spec.nodes.1)
        stepOutcomes = Array(repeating: [], count: spec.rounds)
    }

    /// Delivers a pair of `round` (0: a raw pair) as (first node's, second node's).
    func establish(round: Int, _ done: @escaping ((Qubit, Qubit)) throws -> Void) throws(NetworkError) {
        guard round > 0 else { return try rawPair(done) }
        try establish(round: round - 1) { [self] kept in
            try establish(round: round - 1) { [self] sacrificed in
                try step(round: round, kept: kept, sacrificed: sacrificed, done)
            }
        }
    }

    private func rawPair(_ done: @escaping ((Qubit, Qubit)) throws -> Void) throws(NetworkError) {
        switch spec.source {
        case .link:
            try sim.generatePair(between: spec.nodes.0, and: spec.nodes.1) { a, b in try done((a, b)) }
        case let .state(rho):
            let q = try sim.create(.mixed(rho), at: [places.0, places.1], storedAt: [sim.now, sim.now])
            sim.engine.schedule(after: 0) { try done((q[0], q[1])) }
        }
    }

    private func step(round: Int, kept: (Qubit, Qubit), sacrificed: (Qubit, Qubit),
                      _ done: @escaping ((Qubit, Qubit)) throws -> Void) throws(NetworkError) {
        let (bitA, bitB, busy) = try PurificationStep(scheme: spec.scheme, twirled: spec.twirled)
            .apply(kept: kept, sacrificed: sacrificed, in: sim)
        // Each node sends its bit to the other; both know the verdict after one delay.
        sim.send(bits: 1, from: spec.nodes.0, to: spec.nodes.1)
        try sim.send(bits: 1, from: spec.nodes.1, to: spec.nodes.0, delay: busy + delay) { [self] in
            let success = bitA == bitB
            stepOutcomes[round - 1].append(success)
            if success { return try done(kept) }
            try sim.discard(kept.0)
            try sim.discard(kept.1)
            if spec.retry { try establish(round: round, done) } else { failed = true }
        }
    }
}
