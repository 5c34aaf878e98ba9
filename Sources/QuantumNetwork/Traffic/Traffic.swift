import QuantumSim

/// Many users at once: requests for end-to-end pairs between node pairs,
/// served together on one network.
///
/// Each user pair's paths are found when the experiment is built (the
/// policy's metric, k best by Yen's algorithm); a request is admitted when
/// it arrives, on one of them by the policy's path choice, and its path is
/// reported.
/// Every link generates heralded pairs on its parallel channels (one
/// attempt sequence per channel, as ``NetworkSimulation/generatePair(on:_:)``
/// draws it) into free memory slots at both ends; a slot is held from the
/// first attempt until its qubit is swapped, discarded or delivered. A free
/// channel serves the oldest admitted request that wants a pair on it and
/// has a free slot at both ends (first come, first served); a request keeps
/// at most as many pairs per hop waiting at an inner node, or in flight, as
/// the link has channels, and never more lineages than pairs it still
/// wants. Nodes swap by the policy's order with tracked Pauli frames or
/// applied corrections (``TrafficPolicy``); a pair spanning the path is
/// delivered when both ends know every outcome that made it, its fidelity
/// with Φ⁺ is recorded, and its qubits are handed to the users.
///
/// One repetition ("run") is the whole demand served once from its own seed.
public struct Traffic: TracedExperiment {
    public let network: Network
    public let demand: TrafficDemand
    public let policy: TrafficPolicy
    /// Simulated time at which a run stops (requests still open are
    /// unfinished). A run also stops when nothing is left to happen, e.g.
    /// when requests hold every slot of a node and wait for each other; with
    /// requests still open that is a deadlock, and the run counts as stalled.
    public let horizon: Double
    public let representation: StateRepresentation
    /// A run with requests in the system and no delivery or end for this
    /// long has stalled (its slots held by requests that wait on each
    /// other, cut-offs freeing and refilling them for ever): it stops
    /// there, its open requests unfinished, and its duration (over which
    /// throughput and loads are taken) includes the stall. 100 times the
    /// longest expected wait for a link pair on the paths served, and at
    /// least 0.1 s.
    public let stallTime: Double
    /// Each user pair's paths, best first by the policy's metric.
    private let paths: [UserPair: [ServedPath]]

    /// Checked: every user pair routable (and its inner nodes able to swap),
    /// horizon > 0.
    public init(network: Network, demand: TrafficDemand, policy: TrafficPolicy, horizon: Double = .infinity,
                representation: StateRepresentation = .densityMatrix) throws(NetworkError) {
        try checkParameter("horizon", horizon, in: .leastNonzeroMagnitude ... .infinity, unit: " seconds")
        var paths: [UserPair: [ServedPath]] = [:]
        for u in demand.users {
            let routes = try network.routes(from: u.source, to: u.destination, metric: policy.route, k: policy.paths)
            paths[u] = try routes.map { (r) throws(NetworkError) in try ServedPath(r, in: network, policy: policy) }
        }
        if policy.purification?.scope == .nested, policy.swapOrder == .asap {
            throw .invalidValue("nested purification with swap order asap",
                                expected: "a tree order (sequential or nested), whose spans are purified")
        }
        if policy.allocation == .reservePath {
            // A path whose reservation cannot fit would wait for ever.
            for path in paths.values.flatMap({ $0 }) {
                for (p, m) in path.modules.enumerated() {
                    let need = path.reserved[p]
                    let module = network.moduleTable[m]
                    guard module.capacity >= need else {
                        throw .invalidValue("reserve-path through \(path.nodes[p]) (module \"\(module.name)\" of \(module.capacity) slots)",
                                            expected: "at least \(need) slots there (one per link end\(policy.purification.map { ", times \($0.rounds + 1) with \($0.rounds) purification rounds\($0.scope == .nested ? ", for each span ending there" : "")" } ?? ""))")
                    }
                }
            }
        }
        self.network = network
        self.demand = demand
        self.policy = policy
        self.horizon = horizon
        self.representation = representation
        self.paths = paths
        let waits = paths.values.flatMap { $0 }.flatMap(\.placements).map { $0.link.attemptDuration / $0.link.successProbability }
        stallTime = max(0.1, 100 * (waits.max() ?? 0))
    }

    public var traceNodes: [String] { network.nodes.map(\.name) }

    /// The paths a user pair may be served on, best first.
    public func paths(of users: UserPair) -> [[String]] { paths[users]?.map(\.nodes) ?? [] }

    /// One run from `seed` (the simulation's own; Poisson arrivals draw
    /// from a stream derived from it), every event handed to `observe`.
    public func runOnce(seed: UInt64, observe: ((TraceEvent) -> Void)? = nil) throws(NetworkError) -> TrafficRunRecord {
        var arrivals = SeededGenerator(seed: SeededGenerator.derivedSeed(seed, index: 0))
        let requests = try demand.requests(using: &arrivals)
        var served: [TrafficRun.Share] = []
        for (i, r) in requests.enumerated() {
            guard let p = paths[UserPair(r.source, r.destination)] else {
                throw .invalidValue("request \(r.source)-\(r.destination)", expected: "a user pair of the demand")
            }
            guard policy.pathChoice == .spread, p.count > 1 else {
                served.append(TrafficRun.Share(request: r, candidates: p, of: i))
                continue
            }
            // Multipath: pairs dealt over the paths, the better ones first.
            for (j, path) in p.enumerated() where j < r.pairs {
                let share = r.pairs / p.count + (j < r.pairs % p.count ? 1 : 0)
                served.append(TrafficRun.Share(
                    request: try TrafficRequest(source: r.source, destination: r.destination, start: r.start, pairs: share,
                                                minimumFidelity: r.minimumFidelity, deadline: r.deadline),
                    candidates: [path], of: i))
            }
        }
        let sim = NetworkSimulation(network: network, seed: seed, representation: representation)
        return try TrafficRun(sim: sim, shares: served, requests: requests, policy: policy, observe: observe)
            .run(horizon: horizon, stallTime: stallTime)
    }

    /// `runs` runs, run k from the seed derived from (`seed`, k).
    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> TrafficResult {
        guard runs >= 1 else { throw .invalidParameter(name: "runs", value: Double(runs), expected: "at least 1") }
        var records: [TrafficRunRecord] = []
        for k in 0..<runs { records.append(try runOnce(seed: SeededGenerator.derivedSeed(seed, index: k))) }
        return TrafficResult(records)
    }

    /// The first `runs` runs of ``run(runs:seed:)``, event by event.
    public func trace(runs: Int, seed: UInt64, _ observe: (_ run: Int, _ event: TraceEvent) -> Void) throws(NetworkError) {
        try withoutActuallyEscaping(observe) { (observe) throws(NetworkError) in
            for k in 0..<runs {
                _ = try runOnce(seed: SeededGenerator.derivedSeed(seed, index: k)) { observe(k, $0) }
            }
        }
    }
}
