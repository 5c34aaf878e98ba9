import QuantumSim

/// End-to-end entanglement over a path of nodes by entanglement swapping.
///
/// Every link of the path generates pairs from time 0. A swap at node m
/// joins a pair (lo, m) and a pair (m, hi) into (lo, hi): m makes a
/// Bell-state measurement of its two halves and sends the two bits to both
/// ends; hi applies the Pauli correction when they arrive. Corrections are
/// applied to the qubits, not tracked as a Pauli frame, so a node swaps only
/// once the corrections sent to its qubit have arrived; the end-to-end pair
/// is delivered when both ends know it and hold it corrected. The order of
/// swaps is a binary tree:
/// - ``Scheme/sequential``: node 1 joins links 0 and 1, then node 2 extends
///   the pair by link 2, and so on (a left-deep tree);
/// - ``Scheme/nested``: the doubling scheme of Briegel et al.: the path is
///   halved recursively and each half's pair is swapped at the middle node
///   (a balanced tree; for 2^k segments, exact doubling).
///
/// With a memory cut-off, a pair that has waited `cutoff` seconds for its
/// partner is discarded and regenerated (a swapped pair by redoing its whole
/// sub-chain). With a deadline, a run that has not delivered by then fails.
public struct RepeaterChain: NetworkExperiment {
    /// The order of swaps.
    public enum Scheme: String, Sendable, CaseIterable {
        case sequential, nested
    }

    public let network: Network
    /// The nodes in order along the chain.
    public let path: [String]
    public let scheme: Scheme
    /// Longest wait of a pair for its partner (seconds), or nil for none.
    public let cutoff: Double?
    /// Simulated time after which a run counts as failed, or nil for none.
    public let deadline: Double?
    public let representation: StateRepresentation
    public let options: ExecutionOptions

    /// Checked: at least two nodes, each consecutive pair linked, cut-off
    /// and deadline positive.
    public init(network: Network, path: [String], scheme: Scheme = .sequential, cutoff: Double? = nil,
                deadline: Double? = nil, representation: StateRepresentation = .densityMatrix,
                options: ExecutionOptions = .singleThreaded) throws(NetworkError) {
        guard path.count >= 2 else {
            throw .invalidParameter(name: "path length", value: Double(path.count), expected: "at least 2 nodes")
        }
        for i in 0..<(path.count - 1) { _ = try network.link(between: path[i], and: path[i + 1]) }
        if let cutoff { try checkParameter("cut-off", cutoff, in: .leastNonzeroMagnitude ... .infinity, unit: " seconds") }
        if let deadline {
            try checkParameter("deadline", deadline, in: .leastNonzeroMagnitude ... .infinity, unit: " seconds")
        }
        self.network = network
        self.path = path
        self.scheme = scheme
        self.cutoff = cutoff
        self.deadline = deadline
        self.representation = representation
        self.options = options
    }

    /// A chain over all nodes of a network built by ``Network/chain(segments:link:module:)``.
    public init(chain network: Network, scheme: Scheme = .sequential, cutoff: Double? = nil, deadline: Double? = nil,
                representation: StateRepresentation = .densityMatrix) throws(NetworkError) {
        try self.init(network: network, path: network.nodes.map(\.name), scheme: scheme, cutoff: cutoff,
                      deadline: deadline, representation: representation)
    }

    /// `runs` runs with seeds derived from `seed`.
    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> ProtocolResult {
        let name = path.count == 3 ? "entanglement swapping" : "repeater chain (\(scheme.rawValue))"
        return try ProtocolResult.collect(name: name, runs: runs, seed: seed) { (_, s) throws(NetworkError) in
            try runOnce(seed: s).outcome
        }
    }

    /// One run and the sizes the simulation reached in it.
    public struct Run: Sendable {
        public let outcome: RunOutcome
        /// Qubits in the largest joint state the run held at once.
        public let largestJointState: Int
        /// Most qubits alive at once.
        public let peakAliveQubits: Int
    }

    /// One run: success when the end-to-end pair is delivered before the deadline.
    public func runOnce(seed: UInt64) throws(NetworkError) -> Run {
        let sim = NetworkSimulation(network: network, seed: seed, representation: representation, options: options)
        let run = try ChainRun(sim: sim, path: path, cutoff: cutoff)
        var delivered: (Qubit, Qubit)?
        try run.establish(Self.tree(scheme, 0, path.count - 1)) { pair in
            // Delivered when both ends know the pair and hold it corrected.
            sim.engine.schedule(at: max(pair.loKnows, pair.hiReady)) { delivered = (pair.lo, pair.hi) }
        }
        try sim.runEngine(until: deadline ?? .infinity) { delivered != nil }
        // Sizes before the fidelity, which may join the pair's groups.
        let (largest, peak) = (sim.largestJointState, sim.peakAliveQubits)
        let f = try delivered.map { (pair) throws(NetworkError) in try sim.fidelity(of: [pair.0, pair.1], with: phiPlus(options)) }
        return Run(outcome: RunOutcome(success: f != nil, fidelity: f, time: sim.now, resources: sim.resources),
                   largestJointState: largest, peakAliveQubits: peak)
    }

    /// The swap tree over nodes lo...hi.
    static func tree(_ scheme: Scheme, _ lo: Int, _ hi: Int) -> SwapTree {
        if hi - lo == 1 { return .link(lo) }
        let m = scheme == .sequential ? hi - 1 : (lo + hi + 1) / 2
        return .swap(left: tree(scheme, lo, m), at: m, right: tree(scheme, m, hi))
    }
}

/// Which pairs are joined where: a link between nodes i and i+1, or a swap
/// at node m of the pairs of two sub-trees.
indirect enum SwapTree: Sendable {
    case link(Int)
    case swap(left: SwapTree, at: Int, right: SwapTree)

    var span: (lo: Int, hi: Int) {
        switch self {
        case let .link(i): return (i, i + 1)
        case let .swap(left, _, right): return (left.span.lo, right.span.hi)
        }
    }
}

/// A pair over a span of the chain, with when each end is ready: `lo` never
/// receives corrections, so it is ready once it knows the pair exists;
/// `hi` once every Pauli correction sent to it has arrived and been applied.
struct ChainPair {
    let lo: Qubit, hi: Qubit
    let loKnows: Double, hiReady: Double
}

/// The event-driven execution of a swap tree in one simulation.
final class ChainRun {
    let sim: NetworkSimulation
    let path: [String]
    let cutoff: Double?
    // Cumulative one-way delay from node 0, so delays along the path are differences.
    private let position: [Double]

    init(sim: NetworkSimulation, path: [String], cutoff: Double?) throws(NetworkError) {
        self.sim = sim
        self.path = path
        self.cutoff = cutoff
        var position = [0.0]
        for i in 0..<(path.count - 1) {
            position.append(position[i] + (try sim.network.link(between: path[i], and: path[i + 1])).link.oneWayDelay)
        }
        self.position = position
    }

    private func delay(_ i: Int, _ j: Int) -> Double { abs(position[j] - position[i]) }

    /// Establishes a pair over `tree`'s span and hands it over as soon as it
    /// exists (its ends may become ready later: see ``ChainPair``).
    func establish(_ tree: SwapTree, _ done: @escaping (ChainPair) throws -> Void) throws(NetworkError) {
        switch tree {
        case let .link(i):
            try sim.generatePair(between: path[i], and: path[i + 1]) { [sim] a, b in
                try done(ChainPair(lo: a, hi: b, loKnows: sim.now, hiReady: sim.now))
            }
        case let .swap(left, m, right):
            let join = Join(self, left: left, at: m, right: right, done)
            try join.start()
        }
    }

    /// One swap node of the tree: waits for both sub-pairs, enforces the
    /// cut-off on one that waits, and swaps once its two qubits are ready
    /// (the left pair's hi end corrected, the right pair known at its lo end).
    final class Join {
        unowned let run: ChainRun
        let left: SwapTree, right: SwapTree, m: Int
        let done: (ChainPair) throws -> Void
        var pairs: [ChainPair?] = [nil, nil]
        var generation = [0, 0] // bumps when a side's pair is used or discarded, cancelling its timer

        init(_ run: ChainRun, left: SwapTree, at m: Int, right: SwapTree,
             _ done: @escaping (ChainPair) throws -> Void) {
            self.run = run
            self.left = left
            self.right = right
            self.m = m
            self.done = done
        }

        func start() throws(NetworkError) {
            try request(0)
            try request(1)
        }

        private func request(_ side: Int) throws(NetworkError) {
            try run.establish(side == 0 ? left : right) { [self] pair in
                pairs[side] = pair
                try armCutoff(side)
                guard let l = pairs[0], let r = pairs[1] else { return }
                let (g0, g1) = (generation[0], generation[1])
                run.sim.engine.schedule(at: max(l.hiReady, r.loKnows)) { [self] in
                    // Skip if a cut-off discarded either pair meanwhile.
                    guard generation[0] == g0, generation[1] == g1 else { return }
                    try swap()
                }
            }
        }

        private func armCutoff(_ side: Int) throws(NetworkError) {
            guard let cutoff = run.cutoff else { return }
            let g = generation[side]
            run.sim.engine.schedule(after: cutoff) { [self] in
                guard generation[side] == g, let pair = pairs[side] else { return }
                generation[side] += 1
                pairs[side] = nil
                try run.sim.discard(pair.lo)
                try run.sim.discard(pair.hi)
                try request(side)
            }
        }

        private func swap() throws {
            let l = pairs[0]!, r = pairs[1]!
            pairs = [nil, nil]
            generation[0] += 1
            generation[1] += 1
            let sim = run.sim
            let (z, x) = try sim.bellMeasure(l.hi, r.lo)
            let busy = sim.bellMeasurementTime(at: l.hi)
            let (loNode, hiNode) = (left.span.lo, right.span.hi)
            let toHi = busy + run.delay(m, hiNode), toLo = busy + run.delay(m, loNode)
            try sim.send(bits: 2, from: run.path[m], to: run.path[hiNode], delay: toHi) { [hi = r.hi] in
                try sim.correct(hi, x: x, z: z)
            }
            sim.send(bits: 2, from: run.path[m], to: run.path[loNode])
            try done(ChainPair(lo: l.lo, hi: r.hi, loKnows: max(l.loKnows, sim.now + toLo),
                               hiReady: max(r.hiReady, sim.now + toHi)))
        }
    }
}
