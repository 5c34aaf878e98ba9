import QuantumSim

// What a traffic run keeps per request served and per pair.
extension TrafficRun {
    /// A request being served and its pairs, by node position along its path.
    final class Served {
        let index: Int
        /// The request it serves (differs from `index` with multipath shares).
        let parent: Int
        let request: TrafficRequest
        /// The paths it may take, best first, and the one it takes (chosen at admission).
        let candidates: [ServedPath]
        @exclusivity(unchecked) private(set) var path: ServedPath
        /// Per hop: link pairs started whose lineage is not yet delivered or discarded.
        @exclusivity(unchecked) var lineages: [Int]
        /// Per hop: attempts in flight.
        @exclusivity(unchecked) var inFlight: [Int]
        /// Per node position: pairs whose far end is nearer the source (their `hi` is here).
        @exclusivity(unchecked) var reachingBack: [[PairHandle]]
        /// Per node position: pairs whose far end is nearer the destination (their `lo` is here).
        @exclusivity(unchecked) var reachingOn: [[PairHandle]]
        @exclusivity(unchecked) var swapPending: [Bool]
        @exclusivity(unchecked) var awaitingDelivery: [PairHandle] = []
        /// Per purified span (``purificationPool(of:in:)``): pairs waiting
        /// for a partner of their level to purify with.
        @exclusivity(unchecked) var purifying: [Int: [PairHandle]] = [:]
        /// Kept pairs of purification steps whose verdict is on its way.
        @exclusivity(unchecked) var awaitingVerdict: [PairHandle] = []
        /// Per node position: this request's qubits there whose pair reaches
        /// on (its `lo` end, or an attempt in flight on the next hop) and
        /// back (its `hi` end, or an attempt on the previous hop).
        @exclusivity(unchecked) var onHeld: [Int], backHeld: [Int]
        @exclusivity(unchecked) var delivered = 0
        @exclusivity(unchecked) var fidelities: [Double] = [], latencies: [Double] = []
        @exclusivity(unchecked) var outcome: RequestOutcome?
        @exclusivity(unchecked) var end = 0.0
        @exclusivity(unchecked) var admitted = false
        /// Served by the link layer: admitted, and its reservation made where the policy reserves.
        @exclusivity(unchecked) var active = false

        init(index: Int, parent: Int, request: TrafficRequest, candidates: [ServedPath]) {
            self.index = index
            self.parent = parent
            self.request = request
            self.candidates = candidates
            path = candidates[0]
            lineages = []
            inFlight = []
            reachingBack = []
            reachingOn = []
            swapPending = []
            onHeld = []
            backHeld = []
            use(path)
        }

        /// Serves it on `path`: its per-hop and per-node state sized to it.
        func use(_ path: ServedPath) {
            self.path = path
            lineages = Array(repeating: 0, count: path.hops)
            inFlight = lineages
            reachingBack = Array(repeating: [], count: path.nodes.count)
            reachingOn = reachingBack
            swapPending = Array(repeating: false, count: path.nodes.count)
            onHeld = Array(repeating: 0, count: path.nodes.count)
            backHeld = onHeld
            purifying = [:]
        }

        var hasEnded: Bool { outcome != nil }
        var last: Int { path.nodes.count - 1 }
    }

    /// An entangled pair of one request between node positions lo < hi: a
    /// value, kept in the run's ``PairSlab`` and named by a ``PairHandle``.
    struct Pair {
        let lo: QubitRef, hi: QubitRef
        let loAt: Int, hiAt: Int
        /// When each end's node may swap it, and when each end knows every
        /// outcome that made it.
        let loReady: Double, hiReady: Double, loKnows: Double, hiKnows: Double
        /// The Pauli correction X^x Z^z still owed by the `hi` end (tracked frame).
        let frameX: Int, frameZ: Int
        /// Link pairs it is made of, in all and on each hop it spans
        /// (2^k on a hop purified k rounds).
        let linkPairs: Int, perHop: Int
        /// Purification rounds it has been through.
        let level: Int
        /// Whether it is done with purification (its fidelity reached the policy's target).
        var settled = false
        /// Unique within the run (traces).
        let id: Int

        init(id: Int, lo: QubitRef, hi: QubitRef, loAt: Int, hiAt: Int, loReady: Double, hiReady: Double, loKnows: Double,
             hiKnows: Double, frameX: Int = 0, frameZ: Int = 0, linkPairs: Int, perHop: Int = 1, level: Int = 0) {
            (self.lo, self.hi, self.loAt, self.hiAt) = (lo, hi, loAt, hiAt)
            (self.loReady, self.hiReady, self.loKnows, self.hiKnows) = (loReady, hiReady, loKnows, hiKnows)
            (self.frameX, self.frameZ, self.linkPairs, self.perHop, self.level, self.id) = (frameX, frameZ, linkPairs, perHop, level, id)
        }
    }
}

extension Array where Element: Equatable {
    /// Removes `element`, which the array holds at most once (a pair in one
    /// of a request's lists): one scan and one shift, without the partition
    /// pass of `removeAll(where:)`, which took 5 % of a traffic run.
    mutating func removeOnce(_ element: Element) {
        if let i = firstIndex(of: element) { remove(at: i) }
    }
}
