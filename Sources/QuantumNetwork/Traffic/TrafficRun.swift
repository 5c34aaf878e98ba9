import QuantumSim

/// What one traffic run produced: every request's record, and the load on
/// the links and memories it used.
public struct TrafficRunRecord: Sendable {
    /// In the order the requests were given.
    public let requests: [ServedRequestRecord]
    /// Simulated seconds: until the last request ended, or the horizon.
    public let duration: Double
    /// Per link used by some request (network link index): busy channel-seconds
    /// over channels × duration.
    public let linkUtilisation: [Int: Double]
    /// Per module used by some request (module-table index): held
    /// slot-seconds over capacity × duration.
    public let memoryOccupancy: [Int: Double]
    /// Time average of the requests admitted and not yet ended.
    public let meanRequestsInSystem: Double
    /// Events the engine handled.
    public let events: Int
    /// Whether the run stopped because it stalled (``Traffic/stallTime``).
    public let stalled: Bool
    /// What the run held at most at once: qubits alive, qubits in one joint
    /// state, events waiting (its memory is bounded by these, not by its length).
    public let peakAliveQubits: Int, largestJointState: Int, mostPendingEvents: Int
    /// Where every heralded link pair went, in link pairs (a delivered or
    /// discarded swapped pair counts every link pair it was made of).
    public let linkPairs: LinkPairLedger
}

/// Conservation of link pairs in a run: heralded = delivered + discarded + held.
public struct LinkPairLedger: Sendable, Hashable {
    public var heralded = 0
    public var delivered = 0
    /// Discarded because they waited longer than the cut-off.
    public var cutOff = 0
    /// Discarded because their request ended (deadline, or heralded after its end).
    public var requestEnded = 0
    /// Lost in a failed purification step (the kept pair and the sacrificed one).
    public var purificationFailed = 0
    /// Still held at the end of the run (counted then, from the pairs alive).
    public var held = 0
}

/// The event-driven service of a set of requests in one simulation: link
/// generation on every channel, first come first served for channels and
/// memory slots, swaps by the policy's order with tracked or applied
/// corrections, cut-offs, deadlines and delivery. See ``Traffic``.
final class TrafficRun {
    // Mutable state `@exclusivity(unchecked)`, as in ``EventEngine``: one thread, no overlapping accesses.
    /// What the engine serves: a request, or with multipath one share of its
    /// pairs on one path; `request` is the index of the request it serves.
    struct Share {
        let request: TrafficRequest
        let candidates: [ServedPath]
        let of: Int
    }

    private let sim: NetworkSimulation
    /// The requests as asked (shares are merged back into them).
    private let requests: [TrafficRequest]
    /// Per request: its shares admitted and not ended (it is in the system while any is).
    @exclusivity(unchecked) private var sharesInSystem: [Int]
    private let policy: TrafficPolicy
    private let served: [Served]
    /// Per network link: the requests whose paths use it, as (request, hop), in admission order.
    @exclusivity(unchecked) private var users: [[(request: Int, hop: Int)]]
    @exclusivity(unchecked) private var busy: [Int]
    @exclusivity(unchecked) private var busyTime: [TimeIntegral]
    @exclusivity(unchecked) private var heldTime: [TimeIntegral]
    /// Per module: the links that end there and carry some request.
    @exclusivity(unchecked) private var linksAt: [[Int]]
    /// Per network link: its channels and end modules (read at every serve, without copying the placement).
    private let linkEnds: [(channels: Int, a: Int, b: Int)]
    @exclusivity(unchecked) private var inSystem = TimeIntegral()
    @exclusivity(unchecked) private var admitted = 0, open: Int
    /// Per module: slots reserved by requests being served (``TrafficPolicy/Allocation/reservePath``).
    @exclusivity(unchecked) private var reserved: [Int]
    /// Per module: requests being served whose paths pass it (``TrafficPolicy/Allocation/nodeShare``).
    @exclusivity(unchecked) private var servedAt: [Int]
    /// Admitted requests waiting for their reservation, oldest first.
    @exclusivity(unchecked) private var waitingForSlots: [Served] = []
    /// Who sees every event (traces), if anyone.
    private let observe: ((TraceEvent) -> Void)?
    @exclusivity(unchecked) private var nextPairID = 0
    /// The last delivery, end of a request, or admission into an empty system.
    @exclusivity(unchecked) private var lastProgress = 0.0
    @exclusivity(unchecked) private var ledger = LinkPairLedger()

    /// A request being served and its pairs, by node position along its path.
    private final class Served {
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
        @exclusivity(unchecked) var reachingBack: [[Pair]]
        /// Per node position: pairs whose far end is nearer the destination (their `lo` is here).
        @exclusivity(unchecked) var reachingOn: [[Pair]]
        @exclusivity(unchecked) var swapPending: [Bool]
        @exclusivity(unchecked) var awaitingDelivery: [Pair] = []
        /// Per purified span (``purificationPool(of:in:)``): pairs waiting
        /// for a partner of their level to purify with.
        @exclusivity(unchecked) var purifying: [Int: [Pair]] = [:]
        /// Kept pairs of purification steps whose verdict is on its way.
        @exclusivity(unchecked) var awaitingVerdict: [Pair] = []
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

    /// An entangled pair of one request between node positions lo < hi.
    private final class Pair {
        let lo: Qubit, hi: Qubit
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
        @exclusivity(unchecked) var settled = false
        /// Unique within the run (traces).
        let id: Int
        @exclusivity(unchecked) var alive = true

        init(id: Int, lo: Qubit, hi: Qubit, loAt: Int, hiAt: Int, loReady: Double, hiReady: Double, loKnows: Double,
             hiKnows: Double, frameX: Int = 0, frameZ: Int = 0, linkPairs: Int, perHop: Int = 1, level: Int = 0) {
            self.lo = lo
            self.hi = hi
            self.loAt = loAt
            self.hiAt = hiAt
            self.loReady = loReady
            self.hiReady = hiReady
            self.loKnows = loKnows
            self.hiKnows = hiKnows
            self.frameX = frameX
            self.frameZ = frameZ
            self.linkPairs = linkPairs
            self.perHop = perHop
            self.level = level
            self.id = id
        }
    }

    init(sim: NetworkSimulation, shares: [Share], requests: [TrafficRequest], policy: TrafficPolicy,
         observe: ((TraceEvent) -> Void)? = nil) {
        self.sim = sim
        self.requests = requests
        sharesInSystem = Array(repeating: 0, count: requests.count)
        self.policy = policy
        self.observe = observe
        served = shares.enumerated().map {
            Served(index: $0.offset, parent: $0.element.of, request: $0.element.request, candidates: $0.element.candidates)
        }
        let linkCount = sim.network.links.count, moduleCount = sim.network.moduleTable.count
        users = Array(repeating: [], count: linkCount)
        busy = Array(repeating: 0, count: linkCount)
        busyTime = Array(repeating: TimeIntegral(), count: linkCount)
        heldTime = Array(repeating: TimeIntegral(), count: moduleCount)
        linksAt = Array(repeating: [], count: moduleCount)
        linkEnds = sim.network.links.map { ($0.channels, $0.aSlot, $0.bSlot) }
        reserved = Array(repeating: 0, count: moduleCount)
        servedAt = reserved
        open = served.count
        for s in served {
            for e in s.candidates.flatMap(\.links) {
                let p = sim.network.links[e]
                for m in [p.aSlot, p.bSlot] where !linksAt[m].contains(e) { linksAt[m].append(e) }
            }
        }
    }

    /// Serves every request until each has ended or `horizon` is reached.
    func run(horizon: Double, stallTime: Double) throws(NetworkError) -> TrafficRunRecord {
        for s in served { sim.engine.schedule(at: s.request.start) { [unowned self] in try admit(s) } }
        var stalled = false
        try sim.runEngine(until: horizon) {
            stalled = admitted > 0 && sim.now - lastProgress > stallTime
            return open == 0 || stalled
        }
        let duration = sim.now
        for s in served where !s.hasEnded {
            s.outcome = .unfinished
            s.end = duration
        }
        for s in served { for p in alivePairs(of: s) { ledger.held += p.linkPairs } }
        var utilisation: [Int: Double] = [:], occupancy: [Int: Double] = [:]
        for s in served {
            for e in s.path.links {
                utilisation[e] = duration > 0
                    ? busyTime[e].area(until: duration) / (Double(sim.network.links[e].channels) * duration) : 0
            }
            for m in s.path.modules {
                occupancy[m] = duration > 0
                    ? heldTime[m].area(until: duration) / (Double(sim.network.moduleTable[m].capacity) * duration) : 0
            }
        }
        var sharesOf = [[Served]](repeating: [], count: requests.count)
        for s in served { sharesOf[s.parent].append(s) }
        let records = requests.indices.map { i in
            let parts = sharesOf[i], outcomes = parts.map { $0.outcome ?? .unfinished }
            let outcome: RequestOutcome = outcomes.allSatisfy { $0 == .delivered } ? .delivered
                : outcomes.contains(.blocked) ? .blocked : outcomes.contains(.expired) ? .expired : .unfinished
            // Pairs in order of delivery over the shares.
            let delivered = parts.flatMap { zip($0.latencies, $0.fidelities) }.enumerated()
                .sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
            return ServedRequestRecord(request: requests[i], outcome: outcome, path: parts[0].path.nodes,
                                       paths: parts.map(\.path.nodes), end: parts.map(\.end).max() ?? 0,
                                       fidelities: delivered.map(\.1), pairLatencies: delivered.map(\.0))
        }
        return TrafficRunRecord(requests: records, duration: duration, linkUtilisation: utilisation,
                                memoryOccupancy: occupancy,
                                meanRequestsInSystem: duration > 0 ? inSystem.area(until: duration) / duration : 0,
                                events: sim.engine.eventsProcessed, stalled: stalled, peakAliveQubits: sim.peakAliveQubits,
                                largestJointState: sim.largestJointState, mostPendingEvents: sim.engine.mostPending,
                                linkPairs: ledger)
    }

    // MARK: Requests

    private func admit(_ s: Served) throws(NetworkError) {
        if s.index == 0 || served[s.index - 1].parent != s.parent {
            emit(.arrival, s) { $0.ends = [s.request.source, s.request.destination] }
        }
        if policy.pathChoice == .leastLoaded, s.candidates.count > 1 {
            // The busiest link of each path, by requests it serves now; the first least wins.
            let load = s.candidates.map { p in p.links.map { users[$0].count }.max() ?? 0 }
            if let best = load.indices.min(by: { load[$0] < load[$1] }) { s.use(s.candidates[best]) }
        }
        if policy.admission == .block {
            let free: Bool
            switch policy.allocation {
            case .onDemand, .nodeShare:
                free = s.path.links.allSatisfy { busy[$0] < sim.network.links[$0].channels }
                    && s.path.modules.allSatisfy { sim.freeSlots($0) > 0 }
            case .reservePath: free = canReserve(s)
            }
            guard free else { return try end(s, .blocked) }
        }
        s.admitted = true
        if admitted == 0 { lastProgress = sim.now }
        admitted += 1
        sharesInSystem[s.parent] += 1
        if sharesInSystem[s.parent] == 1 { inSystem.set(inSystem.value + 1, at: sim.now) }
        if let deadline = s.request.deadline {
            sim.engine.schedule(at: s.request.start + deadline) { [unowned self] in
                guard !s.hasEnded else { return }
                try end(s, .expired)
                try discardAll(of: s)
            }
        }
        switch policy.allocation {
        case .onDemand, .nodeShare: try activate(s)
        case .reservePath:
            waitingForSlots.append(s)
            try activateWaiting()
        }
    }

    /// Qubits a reservation holds per link end.
    private var reservationWidth: Int { policy.reservedSlots(links: 1) }

    /// Link pairs of hop h in one delivered pair: 2^rounds for each purified
    /// span that contains the hop (one, or with nested purification the
    /// hop's and every tree span above it).
    private func linkPairsPerHop(_ h: Int, of s: Served) -> Int {
        guard let purify = policy.purification else { return 1 }
        let spans = purify.scope == .nested ? 1 + s.path.treeSpan.count { $0.map { $0.lo <= h && h < $0.hi } ?? false } : 1
        return 1 << (purify.rounds * spans)
    }

    /// Whether every node of the request's path has the slots it reserves.
    private func canReserve(_ s: Served) -> Bool {
        s.path.modules.indices.allSatisfy { p in
            let m = s.path.modules[p]
            return sim.network.moduleTable[m].capacity - reserved[m] >= policy.reservedSlots(links: s.path.links(at: p))
        }
    }

    /// The waiting requests whose paths have room, oldest first, get their reservations.
    private func activateWaiting() throws(NetworkError) {
        var i = 0
        while i < waitingForSlots.count {
            let s = waitingForSlots[i]
            if canReserve(s) {
                waitingForSlots.remove(at: i)
                for (p, m) in s.path.modules.enumerated() { reserved[m] += policy.reservedSlots(links: s.path.links(at: p)) }
                try activate(s)
            } else {
                i += 1
            }
        }
    }

    /// The link layer starts serving the request.
    private func activate(_ s: Served) throws(NetworkError) {
        s.active = true
        for m in s.path.modules { servedAt[m] += 1 }
        emit(.admitted, s) { $0.ends = s.path.nodes }
        for (h, e) in s.path.links.enumerated() { users[e].append((s.index, h)) }
        for e in s.path.links { try serve(e) }
    }

    private func end(_ s: Served, _ outcome: RequestOutcome) throws(NetworkError) {
        s.outcome = outcome
        s.end = sim.now
        lastProgress = sim.now
        emit(outcome == .blocked ? .blocked : .end, s) { $0.note = outcome.rawValue }
        open -= 1
        guard s.admitted else { return }
        admitted -= 1
        sharesInSystem[s.parent] -= 1
        if sharesInSystem[s.parent] == 0 { inSystem.set(inSystem.value - 1, at: sim.now) }
        guard s.active else {
            waitingForSlots.removeAll { $0 === s }
            return
        }
        for e in s.path.links { users[e].removeAll { $0.request == s.index } }
        for m in s.path.modules { servedAt[m] -= 1 }
        if policy.allocation == .reservePath {
            for (p, m) in s.path.modules.enumerated() { reserved[m] -= policy.reservedSlots(links: s.path.links(at: p)) }
            try activateWaiting()
        }
    }

    // MARK: Traces

    /// Reports an event when someone observes (built only then).
    private func emit(_ kind: TraceEvent.Kind, _ s: Served, _ fill: (inout TraceEvent) -> Void = { _ in }) {
        guard let observe else { return }
        var event = TraceEvent(time: sim.now, kind: kind, request: s.parent)
        fill(&event)
        observe(event)
    }

    private func emit(_ kind: TraceEvent.Kind, _ p: Pair, of s: Served, _ fill: (inout TraceEvent) -> Void = { _ in }) {
        emit(kind, s) { e in
            e.pair = p.id
            e.ends = [s.path.nodes[p.loAt], s.path.nodes[p.hiAt]]
            e.qubits = [p.lo.id, p.hi.id]
            fill(&e)
        }
    }

    private func label(_ e: Int) -> String { "\(sim.network.links[e].a.node)-\(sim.network.links[e].b.node)" }

    private func newPairID() -> Int {
        nextPairID += 1
        return nextPairID - 1
    }

    // MARK: Link layer

    /// Starts attempts on free channels of link `e` for the oldest requests that can use them.
    private func serve(_ e: Int) throws(NetworkError) {
        let link = linkEnds[e]
        // Every request's hop on e uses e's two end modules: none can start without a slot at both.
        while busy[e] < link.channels, sim.freeSlots(link.a) > 0, sim.freeSlots(link.b) > 0 {
            guard let (r, h) = users[e].first(where: { canStart(served[$0.request], hop: $0.hop) }) else { return }
            try start(served[r], hop: h)
        }
    }

    /// A new link pair on hop h is wanted and has room: fewer lineages than
    /// pairs still owed, fewer of the hop's pairs waiting at an inner end
    /// (or in flight) than channels, and a free slot at both ends.
    private func canStart(_ s: Served, hop h: Int) -> Bool {
        guard !s.hasEnded, s.lineages[h] < (s.request.pairs - s.delivered) * linkPairsPerHop(h, of: s) else { return false }
        // A reservation holds `reservationWidth` slots per link end.
        if policy.allocation == .reservePath {
            return s.onHeld[h] < reservationWidth && s.backHeld[h + 1] < reservationWidth
        }
        let waitingNear = h > 0 ? s.reachingOn[h].count : 0
        let waitingFar = h + 1 < s.last ? s.reachingBack[h + 1].count : 0
        guard s.inFlight[h] + max(waitingNear, waitingFar) < s.path.channels[h] else { return false }
        if policy.allocation == .nodeShare {
            for p in [h, h + 1] {
                let m = s.path.modules[p]
                let share = max(s.path.links(at: p), sim.network.moduleTable[m].capacity / max(1, servedAt[m]))
                guard s.onHeld[p] + s.backHeld[p] < share else { return false }
            }
        }
        return sim.freeSlots(s.path.modules[h]) > 0 && sim.freeSlots(s.path.modules[h + 1]) > 0
    }

    private func start(_ s: Served, hop h: Int) throws(NetworkError) {
        let e = s.path.links[h], placement = s.path.placements[h]
        s.lineages[h] += 1
        s.inFlight[h] += 1
        s.onHeld[h] += 1
        s.backHeld[h + 1] += 1
        setBusy(e, busy[e] + 1)
        emit(.attempt, s) { $0.link = label(e) }
        try sim.generatePair(on: placement) { [unowned self] qa, qb in
            s.inFlight[h] -= 1
            setBusy(e, busy[e] - 1)
            ledger.heralded += 1
            let (lo, hi) = s.path.aIsNear[h] ? (qa, qb) : (qb, qa)
            if s.hasEnded {
                ledger.requestEnded += 1
                s.onHeld[h] -= 1
                s.backHeld[h + 1] -= 1
                emit(.discard, s) { ev in
                    (ev.link, ev.qubits, ev.note) = (label(e), [lo.id, hi.id], "heralded after its request ended")
                }
                try release(lo, hi)
            } else {
                let now = sim.now
                let p = Pair(id: newPairID(), lo: lo, hi: hi, loAt: h, hiAt: h + 1, loReady: now, hiReady: now,
                             loKnows: now, hiKnows: now, linkPairs: 1)
                emit(.herald, p, of: s) { $0.link = label(e) }
                try arrive(p, of: s)
            }
            try serve(e)
        }
        touch(s.path.modules[h])
        touch(s.path.modules[h + 1])
    }

    private func setBusy(_ e: Int, _ value: Int) {
        busy[e] = value
        busyTime[e].set(Double(value), at: sim.now)
    }

    private func touch(_ module: Int) {
        heldTime[module].set(Double(sim.network.moduleTable[module].capacity - sim.freeSlots(module)), at: sim.now)
    }

    /// Frees a pair's qubits (traced out) and serves the links at their modules.
    private func release(_ a: Qubit, _ b: Qubit) throws(NetworkError) {
        for q in [a, b] where sim.isAlive(q) { try sim.discard(q) }
        try freed(a.slot, b.slot)
    }

    /// Slots were freed at module `a` (and `b`): their occupancy is
    /// recorded, then the links there are served (no arrays: it runs at
    /// every swap).
    private func freed(_ a: Int, _ b: Int? = nil) throws(NetworkError) {
        touch(a)
        if let b { touch(b) }
        for e in linksAt[a] { try serve(e) }
        if let b { for e in linksAt[b] { try serve(e) } }
    }

    // MARK: Pairs

    /// A pair exists (heralded, or made by a swap): delivered if it spans
    /// the path, else held at its inner ends, under the cut-off, and
    /// offered to their swaps.
    private func arrive(_ p: Pair, of s: Served) throws(NetworkError) {
        if let purify = policy.purification, !p.settled, p.level < purify.rounds, purificationPool(of: p, in: s) != nil {
            // A link pair is known at both ends at its herald and owes no correction.
            if p.hiAt == p.loAt + 1 {
                if try reachedTarget(p, purify) { return try arrive(p, of: s) }
                return try purifyOrWait(p, of: s, purify)
            }
            // A swapped pair: both ends must know it, and its frame be applied, before they purify it.
            s.awaitingDelivery.append(p)
            sim.engine.schedule(at: max(p.loKnows, p.hiKnows)) { [unowned self] in
                guard p.alive, !s.hasEnded else { return }
                take(p, of: s)
                try sim.correct(p.hi, x: p.frameX, z: p.frameZ)
                let now = sim.now
                let corrected = Pair(id: p.id, lo: p.lo, hi: p.hi, loAt: p.loAt, hiAt: p.hiAt, loReady: now, hiReady: now,
                                     loKnows: now, hiKnows: now, linkPairs: p.linkPairs, perHop: p.perHop, level: p.level)
                if try reachedTarget(corrected, purify) { return try arrive(corrected, of: s) }
                try purifyOrWait(corrected, of: s, purify)
            }
            return
        }
        if p.loAt == 0 && p.hiAt == s.last {
            s.awaitingDelivery.append(p)
            sim.engine.schedule(at: max(p.loKnows, p.hiKnows)) { [unowned self] in try deliver(p, of: s) }
            return
        }
        if p.loAt > 0 { s.reachingOn[p.loAt].append(p) }
        if p.hiAt < s.last { s.reachingBack[p.hiAt].append(p) }
        armCutoff(p, of: s)
        if p.loAt > 0 { try offerSwap(at: p.loAt, of: s) }
        if p.hiAt < s.last { try offerSwap(at: p.hiAt, of: s) }
    }

    /// until(F): whether `p` (its frame applied) already reaches the target,
    /// in which case it is settled and purified no more.
    private func reachedTarget(_ p: Pair, _ purify: TrafficPolicy.PairPurification) throws(NetworkError) -> Bool {
        guard let target = purify.target else { return false }
        p.settled = try sim.fidelity(of: [p.lo, p.hi], with: phiPlus(sim.options)) >= target
        return p.settled
    }

    /// Discards `p` when it is still waiting `cutoff` seconds from now.
    private func armCutoff(_ p: Pair, of s: Served) {
        guard let cutoff = policy.cutoff else { return }
        sim.engine.schedule(after: cutoff) { [unowned self] in
            guard p.alive else { return }
            ledger.cutOff += p.linkPairs
            emit(.discard, p, of: s) { $0.note = "cut-off" }
            try discard(p, of: s)
        }
    }

    /// The pool a pair waits in for its purification partner, keyed by its
    /// span (a hop, the whole path, or a span of the swap tree); nil for a
    /// pair the policy does not purify.
    private func purificationPool(of p: Pair, in s: Served) -> Int? {
        guard let purify = policy.purification else { return nil }
        let purified = switch purify.scope {
        case .perHop: p.hiAt == p.loAt + 1
        case .endToEnd: p.loAt == 0 && p.hiAt == s.last
        case .nested: p.hiAt == p.loAt + 1 || s.path.treeSpan.contains { $0?.lo == p.loAt && $0?.hi == p.hiAt }
        }
        return purified ? p.loAt * (s.last + 1) + p.hiAt : nil
    }

    /// A pair below the purification depth: purified with a waiting pair of
    /// its level in its pool (the older is kept), or left to wait for one.
    /// The kept pair is purer once both ends know the bits agree, a delay
    /// between them later; if they differ both pairs are lost.
    private func purifyOrWait(_ p: Pair, of s: Served, _ purify: TrafficPolicy.PairPurification) throws(NetworkError) {
        guard let pool = purificationPool(of: p, in: s) else { return }
        guard let partner = s.purifying[pool, default: []].firstIndex(where: { $0.level == p.level }) else {
            s.purifying[pool, default: []].append(p)
            armCutoff(p, of: s)
            return
        }
        let kept = s.purifying[pool, default: []].remove(at: partner)
        kept.alive = false
        p.alive = false
        let (bitA, bitB, busy) = try PurificationStep(scheme: purify.scheme, twirled: purify.twirled)
            .apply(kept: (kept.lo, kept.hi), sacrificed: (p.lo, p.hi), in: sim)
        let (lo, hi) = (p.loAt, p.hiAt)
        s.onHeld[lo] -= 1
        s.backHeld[hi] -= 1
        let (a, b) = (s.path.nodes[lo], s.path.nodes[hi])
        let verdict = sim.now + busy + s.path.delay(lo, hi)
        sim.send(bits: 1, from: a, to: b)
        sim.send(bits: 1, from: b, to: a)
        let purer = Pair(id: newPairID(), lo: kept.lo, hi: kept.hi, loAt: lo, hiAt: hi, loReady: verdict,
                         hiReady: verdict, loKnows: verdict, hiKnows: verdict, linkPairs: kept.linkPairs + p.linkPairs,
                         perHop: kept.perHop + p.perHop, level: kept.level + 1)
        s.awaitingVerdict.append(purer)
        sim.engine.schedule(at: verdict) { [unowned self] in
            guard purer.alive else { return }
            s.awaitingVerdict.removeAll { $0 === purer }
            emit(.purification, purer, of: s) { ev in
                (ev.from, ev.bits, ev.note) = ([kept.id, p.id], [bitA, bitB], bitA == bitB ? "kept" : "failed")
            }
            if bitA == bitB { return try arrive(purer, of: s) }
            ledger.purificationFailed += purer.linkPairs
            try discard(purer, of: s)
        }
        try freed(s.path.modules[lo], s.path.modules[hi])
    }

    /// The two pairs node position m would join now or next: per side, the
    /// one ready first (oldest first on ties) that the swap order allows.
    private func swapCandidates(at m: Int, of s: Served) -> (back: Pair, on: Pair)? {
        // Index loops, not filter and min: this runs at every pair's
        // arrival, and reading fields in place retains no pair.
        let span = s.path.treeSpan[m]
        var back = -1, on = -1
        for i in s.reachingBack[m].indices where span == nil || s.reachingBack[m][i].loAt == span?.lo {
            if back < 0 || s.reachingBack[m][i].hiReady < s.reachingBack[m][back].hiReady { back = i }
        }
        for i in s.reachingOn[m].indices where span == nil || s.reachingOn[m][i].hiAt == span?.hi {
            if on < 0 || s.reachingOn[m][i].loReady < s.reachingOn[m][on].loReady { on = i }
        }
        guard back >= 0, on >= 0 else { return nil }
        return (s.reachingBack[m][back], s.reachingOn[m][on])
    }

    /// Schedules node position m's next swap, when it has two pairs to join
    /// and none is scheduled yet.
    private func offerSwap(at m: Int, of s: Served) throws(NetworkError) {
        guard !s.swapPending[m], let (back, on) = swapCandidates(at: m, of: s) else { return }
        s.swapPending[m] = true
        sim.engine.schedule(at: max(back.hiReady, on.loReady)) { [unowned self] in
            s.swapPending[m] = false
            guard !s.hasEnded, let (back, on) = swapCandidates(at: m, of: s) else { return }
            guard max(back.hiReady, on.loReady) <= sim.now else { return try offerSwap(at: m, of: s) }
            try swap(back, on, at: m, of: s)
            try offerSwap(at: m, of: s)
        }
    }

    /// The Bell measurement at node position m of `back`'s hi and `on`'s
    /// lo, which makes one pair of their outer ends.
    private func swap(_ back: Pair, _ on: Pair, at m: Int, of s: Served) throws(NetworkError) {
        take(back, of: s)
        take(on, of: s)
        s.backHeld[m] -= 1
        s.onHeld[m] -= 1
        var (z, x) = try sim.bellMeasure(back.hi, on.lo)
        let busyTime = sim.bellMeasurementTime(at: back.hi)
        let toHi = busyTime + s.path.delay(m, on.hiAt), toLo = busyTime + s.path.delay(m, back.loAt)
        let now = sim.now
        let loKnows = max(back.loKnows, now + toLo), hiKnows = max(on.hiKnows, now + toHi)
        let joined: Pair, outcomes = [z, x], id = newPairID()
        switch policy.corrections {
        case .physical:
            try sim.send(bits: 2, from: s.path.nodes[m], to: s.path.nodes[on.hiAt], delay: toHi) { [unowned self, hi = on.hi] in
                guard sim.isAlive(hi) else { return }
                try sim.correct(hi, x: x, z: z)
                emit(.correction, s) { ev in (ev.node, ev.pair, ev.qubits, ev.bits) = (s.path.nodes[on.hiAt], id, [hi.id], [x, z]) }
            }
            joined = Pair(id: id, lo: back.lo, hi: on.hi, loAt: back.loAt, hiAt: on.hiAt, loReady: loKnows, hiReady: hiKnows,
                          loKnows: loKnows, hiKnows: hiKnows, linkPairs: back.linkPairs + on.linkPairs, perHop: back.perHop)
        case .frame:
            // A correction still owed by the measured qubit flips the outcome
            // it would have changed: X on it flips x, Z flips z.
            x ^= back.frameX
            z ^= back.frameZ
            sim.send(bits: 2, from: s.path.nodes[m], to: s.path.nodes[on.hiAt])
            joined = Pair(id: id, lo: back.lo, hi: on.hi, loAt: back.loAt, hiAt: on.hiAt, loReady: back.loReady,
                          hiReady: on.hiReady, loKnows: loKnows, hiKnows: hiKnows, frameX: on.frameX ^ x,
                          frameZ: on.frameZ ^ z, linkPairs: back.linkPairs + on.linkPairs, perHop: back.perHop)
        }
        sim.send(bits: 2, from: s.path.nodes[m], to: s.path.nodes[back.loAt])
        emit(.swap, joined, of: s) { ev in (ev.node, ev.from, ev.bits) = (s.path.nodes[m], [back.id, on.id], outcomes) }
        if policy.corrections == .frame { emit(.frame, joined, of: s) { $0.bits = [joined.frameX, joined.frameZ] } }
        touch(s.path.modules[m])
        try arrive(joined, of: s)
        try freed(s.path.modules[m])
    }

    /// Takes a pair out of the lists of its inner ends (it is being used up).
    private func take(_ p: Pair, of s: Served) {
        p.alive = false
        if p.loAt > 0 { s.reachingOn[p.loAt].removeAll { $0 === p } }
        if p.hiAt < s.last { s.reachingBack[p.hiAt].removeAll { $0 === p } }
        if let pool = purificationPool(of: p, in: s) {
            s.purifying[pool]?.removeAll { $0 === p }
            s.awaitingVerdict.removeAll { $0 === p }
        }
        s.awaitingDelivery.removeAll { $0 === p }
    }

    /// Discards a pair (cut-off or the end of its request): its lineage is
    /// gone, so its hops may start again, in path order.
    private func discard(_ p: Pair, of s: Served) throws(NetworkError) {
        take(p, of: s)
        s.onHeld[p.loAt] -= 1
        s.backHeld[p.hiAt] -= 1
        for h in p.loAt..<p.hiAt { s.lineages[h] -= p.perHop }
        for q in [p.lo, p.hi] where sim.isAlive(q) { try sim.discard(q) }
        for h in p.loAt..<p.hiAt { try serve(s.path.links[h]) }
        try freed(s.path.modules[p.loAt], s.path.modules[p.hiAt])
    }

    /// Every pair of the request still alive, once each: listed at its lo
    /// end when that is an inner node, else at its hi end, else (spanning
    /// the path) waiting for delivery.
    private func alivePairs(of s: Served) -> [Pair] {
        // Pools in key order: discarding draws from the generator, so the order must not depend on hashing.
        var pairs = s.awaitingDelivery + s.awaitingVerdict + s.purifying.keys.sorted().flatMap { s.purifying[$0] ?? [] }
        for at in s.path.nodes.indices {
            pairs += s.reachingOn[at]
            pairs += s.reachingBack[at].filter { $0.loAt == 0 }
        }
        return pairs.filter(\.alive)
    }

    private func discardAll(of s: Served) throws(NetworkError) {
        for p in alivePairs(of: s) where p.alive {
            ledger.requestEnded += p.linkPairs
            emit(.discard, p, of: s) { $0.note = "request ended" }
            try discard(p, of: s)
        }
    }

    /// Both ends know the pair: the tracked frame is applied at the
    /// destination, the pair's fidelity recorded, and its qubits handed
    /// to the users (freed).
    private func deliver(_ p: Pair, of s: Served) throws(NetworkError) {
        guard p.alive, !s.hasEnded else { return }
        p.alive = false
        s.awaitingDelivery.removeAll { $0 === p }
        if policy.corrections == .frame { try sim.correct(p.hi, x: p.frameX, z: p.frameZ) }
        let f = try sim.fidelity(of: [p.lo, p.hi], with: phiPlus(sim.options))
        emit(.delivery, p, of: s) { ev in
            ev.value = f
            if policy.corrections == .frame { ev.bits = [p.frameX, p.frameZ] }
        }
        ledger.delivered += p.linkPairs
        lastProgress = sim.now
        s.delivered += 1
        s.fidelities.append(f)
        s.latencies.append(sim.now - s.request.start)
        s.onHeld[0] -= 1
        s.backHeld[s.last] -= 1
        for h in 0..<s.path.hops { s.lineages[h] -= p.perHop }
        if s.delivered == s.request.pairs { try end(s, .delivered) }
        for q in [p.lo, p.hi] { try sim.discard(q) }
        for e in s.path.links { try serve(e) }
        try freed(s.path.modules[0], s.path.modules[s.last])
    }
}
