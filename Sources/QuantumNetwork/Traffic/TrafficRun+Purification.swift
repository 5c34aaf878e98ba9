import QuantumSim

// Purification of a traffic run's pairs: pools by span, steps, verdicts and until(F).
extension TrafficRun {
    /// until(F): whether `p` (its frame applied) already reaches the target,
    /// in which case it is settled and purified no more.
    func reachedTarget(_ h: PairHandle, _ purify: TrafficPolicy.PairPurification) throws(NetworkError) -> Bool {
        guard let target = purify.target else { return false }
        let (lo, hi) = qubits(of: pairs[h])
        let settled = try sim.fidelity(of: [lo, hi], with: phiPlus(sim.options)) >= target
        pairs.settle(h, settled)
        return settled
    }

    /// The pool a pair waits in for its purification partner, keyed by its
    /// span (a hop, the whole path, or a span of the swap tree); nil for a
    /// pair the policy does not purify.
    func purificationPool(of p: Pair, in s: Served) -> Int? {
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
    func purifyOrWait(_ h: PairHandle, of s: Served, _ purify: TrafficPolicy.PairPurification) throws(NetworkError) {
        let p = pairs[h]
        guard let pool = purificationPool(of: p, in: s) else { return }
        guard let partner = s.purifying[pool, default: []].firstIndex(where: { pairs[$0].level == p.level }) else {
            s.purifying[pool, default: []].append(h)
            armCutoff(h, of: s)
            return
        }
        let keptHandle = s.purifying[pool, default: []].remove(at: partner)
        let kept = pairs[keptHandle]
        pairs.remove(keptHandle)
        pairs.remove(h)
        let (bitA, bitB, busy) = try PurificationStep(scheme: purify.scheme, twirled: purify.twirled)
            .apply(kept: qubits(of: kept), sacrificed: qubits(of: p), in: sim)
        let (lo, hi) = (p.loAt, p.hiAt)
        s.onHeld[lo] -= 1
        s.backHeld[hi] -= 1
        let (a, b) = (s.path.nodes[lo], s.path.nodes[hi])
        let verdict = sim.now + busy + s.path.delay(lo, hi)
        sim.send(bits: 1, from: a, to: b)
        sim.send(bits: 1, from: b, to: a)
        let purer = pairs.add(Pair(id: newPairID(), lo: kept.lo, hi: kept.hi, loAt: lo, hiAt: hi, loReady: verdict,
                                   hiReady: verdict, loKnows: verdict, hiKnows: verdict,
                                   linkPairs: kept.linkPairs + p.linkPairs, perHop: kept.perHop + p.perHop,
                                   level: kept.level + 1))
        s.awaitingVerdict.append(purer)
        sim.engine.schedule(at: verdict) { [unowned self] in
            guard pairs.contains(purer) else { return }
            s.awaitingVerdict.removeOnce(purer)
            emit(.purification, pairs[purer], of: s) { ev in
                (ev.from, ev.bits, ev.note) = ([kept.id, p.id], [bitA, bitB], bitA == bitB ? "kept" : "failed")
            }
            if bitA == bitB { return try arrive(purer, of: s) }
            ledger.purificationFailed += pairs[purer].linkPairs
            try discard(purer, of: s)
        }
        try freed(s.path.modules[lo], s.path.modules[hi])
    }
}
