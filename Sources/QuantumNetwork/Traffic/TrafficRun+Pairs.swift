import QuantumSim

// Pairs of a traffic run: arrival, cut-offs, swaps by the policy's order
// with frames or corrections, discards and delivery.
extension TrafficRun {
    /// A pair exists (heralded, or made by a swap): delivered if it spans
    /// the path, else held at its inner ends, under the cut-off, and
    /// offered to their swaps.
    func arrive(_ h: PairHandle, of s: Served) throws(NetworkError) {
        let p = pairs[h]
        if let purify = policy.purification, !p.settled, p.level < purify.rounds, purificationPool(of: p, in: s) != nil {
            // A link pair is known at both ends at its herald and owes no correction.
            if p.hiAt == p.loAt + 1 {
                if try reachedTarget(h, purify) { return try arrive(h, of: s) }
                return try purifyOrWait(h, of: s, purify)
            }
            // A swapped pair: both ends must know it, and its frame be applied, before they purify it.
            s.awaitingDelivery.append(h)
            sim.engine.schedule(at: max(p.loKnows, p.hiKnows)) { [unowned self] in
                guard pairs.contains(h), !s.hasEnded else { return }
                take(h, of: s)
                try sim.correct(sim.qubit(p.hi), x: p.frameX, z: p.frameZ)
                let now = sim.now
                let corrected = pairs.add(Pair(id: p.id, lo: p.lo, hi: p.hi, loAt: p.loAt, hiAt: p.hiAt, loReady: now,
                                               hiReady: now, loKnows: now, hiKnows: now, linkPairs: p.linkPairs,
                                               perHop: p.perHop, level: p.level))
                if try reachedTarget(corrected, purify) { return try arrive(corrected, of: s) }
                try purifyOrWait(corrected, of: s, purify)
            }
            return
        }
        if p.loAt == 0 && p.hiAt == s.last {
            s.awaitingDelivery.append(h)
            sim.engine.schedule(at: max(p.loKnows, p.hiKnows)) { [unowned self] in try deliver(h, of: s) }
            return
        }
        if p.loAt > 0 { s.reachingOn[p.loAt].append(h) }
        if p.hiAt < s.last { s.reachingBack[p.hiAt].append(h) }
        armCutoff(h, of: s)
        if p.loAt > 0 { try offerSwap(at: p.loAt, of: s) }
        if p.hiAt < s.last { try offerSwap(at: p.hiAt, of: s) }
    }

    /// Discards `h`'s pair when it is still waiting `cutoff` seconds from now.
    func armCutoff(_ h: PairHandle, of s: Served) {
        guard let cutoff = policy.cutoff else { return }
        sim.engine.schedule(after: cutoff) { [unowned self] in
            guard pairs.contains(h) else { return }
            ledger.cutOff += pairs[h].linkPairs
            emit(.discard, pairs[h], of: s) { $0.note = "cut-off" }
            try discard(h, of: s)
        }
    }

    /// The two pairs node position m would join now or next: per side, the
    /// one ready first (oldest first on ties) that the swap order allows.
    func swapCandidates(at m: Int, of s: Served) -> (back: PairHandle, on: PairHandle)? {
        // Index loops, not filter and min: this runs at every pair's arrival.
        let span = s.path.treeSpan[m]
        var back: PairHandle?, on: PairHandle?, backReady = 0.0, onReady = 0.0
        for h in s.reachingBack[m] where span == nil || pairs[h].loAt == span?.lo {
            if back == nil || pairs[h].hiReady < backReady { (back, backReady) = (h, pairs[h].hiReady) }
        }
        for h in s.reachingOn[m] where span == nil || pairs[h].hiAt == span?.hi {
            if on == nil || pairs[h].loReady < onReady { (on, onReady) = (h, pairs[h].loReady) }
        }
        guard let back, let on else { return nil }
        return (back, on)
    }

    /// Schedules node position m's next swap, when it has two pairs to join
    /// and none is scheduled yet.
    func offerSwap(at m: Int, of s: Served) throws(NetworkError) {
        guard !s.swapPending[m], let (back, on) = swapCandidates(at: m, of: s) else { return }
        s.swapPending[m] = true
        sim.engine.schedule(at: max(pairs[back].hiReady, pairs[on].loReady), self, code: TrafficEvent.swap.code(s.index, m))
    }

    /// Node position m's swap is due: it joins the two pairs it would join
    /// now, if both are still there and ready, and offers the next one.
    func swapDue(at m: Int, of s: Served) throws(NetworkError) {
        s.swapPending[m] = false
        guard !s.hasEnded, let (back, on) = swapCandidates(at: m, of: s) else { return }
        guard max(pairs[back].hiReady, pairs[on].loReady) <= sim.now else { return try offerSwap(at: m, of: s) }
        try swap(back, on, at: m, of: s)
        try offerSwap(at: m, of: s)
    }

    /// The Bell measurement at node position m of `back`'s hi and `on`'s
    /// lo, which makes one pair of their outer ends.
    func swap(_ backHandle: PairHandle, _ onHandle: PairHandle, at m: Int, of s: Served) throws(NetworkError) {
        let back = pairs[backHandle], on = pairs[onHandle]
        take(backHandle, of: s)
        take(onHandle, of: s)
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
        try arrive(pairs.add(joined), of: s)
        try freed(s.path.modules[m])
    }

    /// The full qubits of `p` (for the operations that name their modules).
    func qubits(of p: Pair) -> (lo: Qubit, hi: Qubit) { (sim.qubit(p.lo), sim.qubit(p.hi)) }

    /// Takes a pair out of the lists of its inner ends and out of the run
    /// (it is being used up); its handle no longer matches.
    func take(_ h: PairHandle, of s: Served) {
        let p = pairs[h]
        pairs.remove(h)
        if p.loAt > 0 { s.reachingOn[p.loAt].removeOnce(h) }
        if p.hiAt < s.last { s.reachingBack[p.hiAt].removeOnce(h) }
        if let pool = purificationPool(of: p, in: s) {
            s.purifying[pool]?.removeOnce(h)
            s.awaitingVerdict.removeOnce(h)
        }
        s.awaitingDelivery.removeOnce(h)
    }

    /// Discards a pair (cut-off or the end of its request): its lineage is
    /// gone, so its hops may start again, in path order.
    func discard(_ h: PairHandle, of s: Served) throws(NetworkError) {
        let p = pairs[h]
        take(h, of: s)
        s.onHeld[p.loAt] -= 1
        s.backHeld[p.hiAt] -= 1
        for hop in p.loAt..<p.hiAt { s.lineages[hop] -= p.perHop }
        try discardIfAlive(p.lo, p.hi)
        for hop in p.loAt..<p.hiAt { try serve(s.path.links[hop]) }
        try freed(s.path.modules[p.loAt], s.path.modules[p.hiAt])
    }

    /// Every pair of the request still alive, once each: listed at its lo
    /// end when that is an inner node, else at its hi end, else (spanning
    /// the path) waiting for delivery.
    func alivePairs(of s: Served) -> [PairHandle] {
        // Pools in key order: discarding draws from the generator, so the order must not depend on hashing.
        var listed = s.awaitingDelivery + s.awaitingVerdict + s.purifying.keys.sorted().flatMap { s.purifying[$0] ?? [] }
        for at in s.path.nodes.indices {
            listed += s.reachingOn[at]
            listed += s.reachingBack[at].filter { pairs[$0].loAt == 0 }
        }
        return listed.filter(pairs.contains)
    }

    func discardAll(of s: Served) throws(NetworkError) {
        for h in alivePairs(of: s) where pairs.contains(h) {
            ledger.requestEnded += pairs[h].linkPairs
            emit(.discard, pairs[h], of: s) { $0.note = "request ended" }
            try discard(h, of: s)
        }
    }

    /// Both ends know the pair: the tracked frame is applied at the
    /// destination, the pair's fidelity recorded, and its qubits handed
    /// to the users (freed).
    func deliver(_ h: PairHandle, of s: Served) throws(NetworkError) {
        guard pairs.contains(h), !s.hasEnded else { return }
        let p = pairs[h]
        pairs.remove(h)
        s.awaitingDelivery.removeOnce(h)
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
        for hop in 0..<s.path.hops { s.lineages[hop] -= p.perHop }
        if s.delivered == s.request.pairs { try end(s, .delivered) }
        try sim.discard(p.lo)
        try sim.discard(p.hi)
        for e in s.path.links { try serve(e) }
        try freed(s.path.modules[0], s.path.modules[s.last])
    }
}
