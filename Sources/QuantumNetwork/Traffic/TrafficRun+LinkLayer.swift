import QuantumSim

// The link layer of a traffic run: which request a free channel serves,
// link attempts and heralds, and the slots and channels they hold.
extension TrafficRun {
    /// Starts attempts on free channels of link `e` for the oldest requests that can use them.
    func serve(_ e: Int) throws(NetworkError) {
        let link = linkEnds[e]
        // Every request's hop on e uses e's two end modules: none can start without a slot at both.
        while busy[e] < link.channels, sim.freeSlots(link.a) > 0, sim.freeSlots(link.b) > 0 {
            guard let k = firstStartable(on: e) else { return }
            try start(served[users[e][k].request], hop: users[e][k].hop)
        }
    }

    /// The oldest of link `e`'s users that can start a pair on it, by its
    /// position in `users[e]` (an index loop: this runs at every serve,
    /// and a closure over the list retained it and each request it read).
    func firstStartable(on e: Int) -> Int? {
        var k = 0
        while k < users[e].count {
            if canStart(served[users[e][k].request], hop: users[e][k].hop) { return k }
            k += 1
        }
        return nil
    }

    /// A new link pair on hop h is wanted and has room: fewer lineages than
    /// pairs still owed, fewer of the hop's pairs waiting at an inner end
    /// (or in flight) than channels, and a free slot at both ends.
    func canStart(_ s: Served, hop h: Int) -> Bool {
        guard !s.hasEnded, s.lineages[h] < (s.request.pairs - s.delivered) * linkPairsPerHop(h, of: s) else { return false }
        // A reservation holds its slots per side of each node (ServedPath.reserved).
        if policy.allocation == .reservePath {
            return s.onHeld[h] < s.path.reservedOnward[h] && s.backHeld[h + 1] < s.path.reservedBack[h + 1]
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

    func start(_ s: Served, hop h: Int) throws(NetworkError) {
        let e = s.path.links[h]
        s.lineages[h] += 1
        s.inFlight[h] += 1
        s.onHeld[h] += 1
        s.backHeld[h + 1] += 1
        setBusy(e, busy[e] + 1)
        emit(.attempt, s) { $0.link = label(e) }
        try sim.generatePair(onLink: e, notifying: self, code: TrafficEvent.herald.code(s.index, h))
        touch(s.path.modules[h])
        touch(s.path.modules[h + 1])
    }

    /// A link pair of request share `s` on hop h is heralded (qa at the link's `a` end).
    func heralded(_ qa: QubitRef, _ qb: QubitRef, of s: Served, hop h: Int) throws(NetworkError) {
        let e = s.path.links[h]
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
            let p = pairs.add(Pair(id: newPairID(), lo: lo, hi: hi, loAt: h, hiAt: h + 1, loReady: now, hiReady: now,
                                   loKnows: now, hiKnows: now, linkPairs: 1))
            emit(.herald, pairs[p], of: s) { $0.link = label(e) }
            try arrive(p, of: s)
        }
        try serve(e)
    }

    /// Discards those of `a` and `b` still alive (no array: it runs at every discard).
    func discardIfAlive(_ a: QubitRef, _ b: QubitRef) throws(NetworkError) {
        if sim.isAlive(a) { try sim.discard(a) }
        if sim.isAlive(b) { try sim.discard(b) }
    }

    func setBusy(_ e: Int, _ value: Int) {
        busy[e] = value
        busyTime[e].set(Double(value), at: sim.now)
    }

    func touch(_ module: Int) {
        heldTime[module].set(Double(sim.network.moduleTable[module].capacity - sim.freeSlots(module)), at: sim.now)
    }

    /// Frees a pair's qubits (traced out) and serves the links at their modules.
    func release(_ a: QubitRef, _ b: QubitRef) throws(NetworkError) {
        try discardIfAlive(a, b)
        try freed(a.slot, b.slot)
    }

    /// Slots were freed at module `a` (and `b`): their occupancy is
    /// recorded, then the links there are served (no arrays: it runs at
    /// every swap).
    func freed(_ a: Int, _ b: Int? = nil) throws(NetworkError) {
        touch(a)
        if let b { touch(b) }
        for e in linksAt[a] { try serve(e) }
        if let b { for e in linksAt[b] { try serve(e) } }
    }
}
