import QuantumSim

// Pairs of a traffic run: arrival, cut-offs, swaps by the policy's order
// with frames or corrections, discards and delivery.
extension TrafficRun {
    /// A pair exists (heralded, or made by a swap): delivered if it spans
    /// the path, else held at its inner ends, under the cut-off, and
    /// offered to their swaps.
    func arrive(_ p: Pair, of s: Served) throws(NetworkError) {
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
                try sim.correct(sim.qubit(p.hi), x: p.frameX, z: p.frameZ)
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

    /// Discards `p` when it is still waiting `cutoff` seconds from now.
    func armCutoff(_ p: Pair, of s: Served) {
        guard let cutoff = policy.cutoff else { return }
        sim.engine.schedule(after: cutoff) { [unowned self] in
            guard p.alive else { return }
            ledger.cutOff += p.linkPairs
            emit(.discard, p, of: s) { $0.note = "cut-off" }
            try discard(p, of: s)
        }
    }

    /// The two pairs node position m would join now or next: per side, the
    /// one ready first (oldest first on ties) that the swap order allows.
    func swapCandidates(at m: Int, of s: Served) -> (back: Pair, on: Pair)? {
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
    func offerSwap(at m: Int, of s: Served) throws(NetworkError) {
        guard !s.swapPending[m], let (back, on) = swapCandidates(at: m, of: s) else { return }
        s.swapPending[m] = true
        sim.engine.schedule(at: max(back.hiReady, on.loReady), self, code: TrafficEvent.swap.code(s.index, m))
    }

    /// Node position m's swap is due: it joins the two pairs it would join
    /// now, if both are still there and ready, and offers the next one.
    func swapDue(at m: Int, of s: Served) throws(NetworkError) {
        s.swapPending[m] = false
        guard !s.hasEnded, let (back, on) = swapCandidates(at: m, of: s) else { return }
        guard max(back.hiReady, on.loReady) <= sim.now else { return try offerSwap(at: m, of: s) }
        try swap(back, on, at: m, of: s)
        try offerSwap(at: m, of: s)
    }

    /// The Bell measurement at node position m of `back`'s hi and `on`'s
    /// lo, which makes one pair of their outer ends.
    func swap(_ back: Pair, _ on: Pair, at m: Int, of s: Served) throws(NetworkError) {
        take(back, of: s)
        take(on, of: s)
        s.backHeld[m] -= 1
        s.onHeld[m] -= 1
        // Constants, captured by value: a captured `var` would be boxed on the heap at every swap.
        let (z, x) = try sim.bellMeasure(back.hi, on.lo)
        let busyTime = sim.bellMeasurementTime(at: back.hi)
        let toHi = busyTime + s.path.delay(m, on.hiAt), toLo = busyTime + s.path.delay(m, back.loAt)
        let now = sim.now
        let loKnows = max(back.loKnows, now + toLo), hiKnows = max(on.hiKnows, now + toHi)
        let joined: Pair, id = newPairID()
        switch policy.corrections {
        case .physical:
            try sim.send(bits: 2, from: s.path.nodes[m], to: s.path.nodes[on.hiAt], delay: toHi) { [unowned self, hi = on.hi, x, z] in
                guard sim.isAlive(hi) else { return }
                try sim.correct(sim.qubit(hi), x: x, z: z)
                emit(.correction, s) { ev in (ev.node, ev.pair, ev.qubits, ev.bits) = (s.path.nodes[on.hiAt], id, [hi.id], [x, z]) }
            }
            joined = Pair(id: id, lo: back.lo, hi: on.hi, loAt: back.loAt, hiAt: on.hiAt, loReady: loKnows, hiReady: hiKnows,
                          loKnows: loKnows, hiKnows: hiKnows, linkPairs: back.linkPairs + on.linkPairs, perHop: back.perHop)
        case .frame:
            // A correction still owed by the measured qubit flips the outcome
            // it would have changed: X on it flips x, Z flips z.
            sim.send(bits: 2, from: s.path.nodes[m], to: s.path.nodes[on.hiAt])
            joined = Pair(id: id, lo: back.lo, hi: on.hi, loAt: back.loAt, hiAt: on.hiAt, loReady: back.loReady,
                          hiReady: on.hiReady, loKnows: loKnows, hiKnows: hiKnows, frameX: on.frameX ^ x ^ back.frameX,
                          frameZ: on.frameZ ^ z ^ back.frameZ, linkPairs: back.linkPairs + on.linkPairs, perHop: back.perHop)
        }
        sim.send(bits: 2, from: s.path.nodes[m], to: s.path.nodes[back.loAt])
        emit(.swap, joined, of: s) { ev in (ev.node, ev.from, ev.bits) = (s.path.nodes[m], [back.id, on.id], [z, x]) }
        if policy.corrections == .frame { emit(.frame, joined, of: s) { $0.bits = [joined.frameX, joined.frameZ] } }
        touch(s.path.modules[m])
        try arrive(joined, of: s)
        try freed(s.path.modules[m])
    }

    /// Takes a pair out of the lists of its inner ends (it is being used up).
    func take(_ p: Pair, of s: Served) {
        p.alive = false
        if p.loAt > 0 { s.reachingOn[p.loAt].removeOnce(p) }
        if p.hiAt < s.last { s.reachingBack[p.hiAt].removeOnce(p) }
        if let pool = purificationPool(of: p, in: s) {
            s.purifying[pool]?.removeOnce(p)
            s.awaitingVerdict.removeOnce(p)
        }
        s.awaitingDelivery.removeOnce(p)
    }

    /// Discards a pair (cut-off or the end of its request): its lineage is
    /// gone, so its hops may start again, in path order.
    func discard(_ p: Pair, of s: Served) throws(NetworkError) {
        take(p, of: s)
        s.onHeld[p.loAt] -= 1
        s.backHeld[p.hiAt] -= 1
        for h in p.loAt..<p.hiAt { s.lineages[h] -= p.perHop }
        try discardIfAlive(p.lo, p.hi)
        for h in p.loAt..<p.hiAt { try serve(s.path.links[h]) }
        try freed(s.path.modules[p.loAt], s.path.modules[p.hiAt])
    }

    /// Every pair of the request still alive, once each: listed at its lo
    /// end when that is an inner node, else at its hi end, else (spanning
    /// the path) waiting for delivery.
    func alivePairs(of s: Served) -> [Pair] {
        // Pools in key order: discarding draws from the generator, so the order must not depend on hashing.
        var pairs = s.awaitingDelivery + s.awaitingVerdict + s.purifying.keys.sorted().flatMap { s.purifying[$0] ?? [] }
        for at in s.path.nodes.indices {
            pairs += s.reachingOn[at]
            pairs += s.reachingBack[at].filter { $0.loAt == 0 }
        }
        return pairs.filter(\.alive)
    }

    func discardAll(of s: Served) throws(NetworkError) {
        for p in alivePairs(of: s) where p.alive {
            ledger.requestEnded += p.linkPairs
            emit(.discard, p, of: s) { $0.note = "request ended" }
            try discard(p, of: s)
        }
    }

    /// Both ends know the pair: the tracked frame is applied at the
    /// destination, the pair's fidelity recorded, and its qubits handed
    /// to the users (freed).
    func deliver(_ p: Pair, of s: Served) throws(NetworkError) {
        guard p.alive, !s.hasEnded else { return }
        p.alive = false
        s.awaitingDelivery.removeAll { $0 === p }
        let (lo, hi) = qubits(of: p)
        if policy.corrections == .frame { try sim.correct(hi, x: p.frameX, z: p.frameZ) }
        let f = try sim.fidelity(of: [lo, hi], with: phiPlus(sim.options))
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
        try sim.discard(p.lo)
        try sim.discard(p.hi)
        for e in s.path.links { try serve(e) }
        try freed(s.path.modules[0], s.path.modules[s.last])
    }
}
