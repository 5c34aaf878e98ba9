import QuantumSim

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

    let sim: NetworkSimulation
    /// The requests as asked (shares are merged back into them).
    let requests: [TrafficRequest]
    /// Per request: its shares admitted and not ended (it is in the system while any is).
    @exclusivity(unchecked) var sharesInSystem: [Int]
    let policy: TrafficPolicy
    let served: [Served]
    /// Per network link: the requests whose paths use it, as (request, hop), in admission order.
    @exclusivity(unchecked) var users: [[(request: Int, hop: Int)]]
    @exclusivity(unchecked) var busy: [Int]
    @exclusivity(unchecked) var busyTime: [TimeIntegral]
    @exclusivity(unchecked) var heldTime: [TimeIntegral]
    /// Per module: the links that end there and carry some request.
    @exclusivity(unchecked) var linksAt: [[Int]]
    /// Per network link: its channels and end modules (read at every serve, without copying the placement).
    let linkEnds: [(channels: Int, a: Int, b: Int)]
    @exclusivity(unchecked) var inSystem = TimeIntegral()
    @exclusivity(unchecked) var admitted = 0, open: Int
    /// Per module: slots reserved by requests being served (``TrafficPolicy/Allocation/reservePath``).
    @exclusivity(unchecked) var reserved: [Int]
    /// Per module: requests being served whose paths pass it (``TrafficPolicy/Allocation/nodeShare``).
    @exclusivity(unchecked) var servedAt: [Int]
    /// Admitted requests waiting for their reservation, oldest first.
    @exclusivity(unchecked) var waitingForSlots: [Served] = []
    /// Who sees every event (traces), if anyone.
    let observe: ((TraceEvent) -> Void)?
    @exclusivity(unchecked) var nextPairID = 0
    /// The last delivery, end of a request, or admission into an empty system.
    @exclusivity(unchecked) var lastProgress = 0.0
    @exclusivity(unchecked) var ledger = LinkPairLedger()
    /// The pairs alive, by handle.
    @exclusivity(unchecked) var pairs = PairSlab()


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
        // Events ran out before the horizon with requests in the system:
        // they wait on each other and nothing is left to happen (a deadlock).
        if open > 0, admitted > 0, sim.now < horizon { stalled = true }
        let duration = sim.now
        for s in served where !s.hasEnded {
            s.outcome = .unfinished
            s.end = duration
        }
        for s in served { for p in alivePairs(of: s) { ledger.held += pairs[p].linkPairs } }
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

    func admit(_ s: Served) throws(NetworkError) {
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

    /// Link pairs of hop h in one delivered pair: 2^rounds for each purified
    /// span that contains the hop (one, or with nested purification the
    /// hop's and every tree span above it).
    func linkPairsPerHop(_ h: Int, of s: Served) -> Int {
        guard let purify = policy.purification else { return 1 }
        let spans = purify.scope == .nested ? 1 + s.path.treeSpan.count { $0.map { $0.lo <= h && h < $0.hi } ?? false } : 1
        return 1 << (purify.rounds * spans)
    }

    /// Whether every node of the request's path has the slots it reserves.
    func canReserve(_ s: Served) -> Bool {
        // The path's arrays read once: this runs for every waiting request
        // whenever a reservation ends.
        let modules = s.path.modules, need = s.path.reserved
        for p in modules.indices where sim.capacity(of: modules[p]) - reserved[modules[p]] < need[p] { return false }
        return true
    }

    /// The waiting requests whose paths have room, oldest first, get their reservations.
    func activateWaiting() throws(NetworkError) {
        var i = 0
        while i < waitingForSlots.count {
            let s = waitingForSlots[i]
            if canReserve(s) {
                waitingForSlots.remove(at: i)
                for (p, m) in s.path.modules.enumerated() { reserved[m] += s.path.reserved[p] }
                try activate(s)
            } else {
                i += 1
            }
        }
    }

    /// The link layer starts serving the request.
    func activate(_ s: Served) throws(NetworkError) {
        s.active = true
        for m in s.path.modules { servedAt[m] += 1 }
        emit(.admitted, s) { $0.ends = s.path.nodes }
        for (h, e) in s.path.links.enumerated() { users[e].append((s.index, h)) }
        for e in s.path.links { try serve(e) }
    }

    func end(_ s: Served, _ outcome: RequestOutcome) throws(NetworkError) {
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
            for (p, m) in s.path.modules.enumerated() { reserved[m] -= s.path.reserved[p] }
            try activateWaiting()
        }
    }
}
