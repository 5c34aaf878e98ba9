@testable import QuantumNetwork
import QuantumSim
import Testing

/// The traffic run's pair store against a dictionary: handles of pairs gone
/// never match again, even once their slot holds a new pair.
struct PairSlabTests {
    private func pair(_ id: Int) -> TrafficRun.Pair {
        TrafficRun.Pair(id: id, lo: QubitRef(id: 2 * id, slot: 0), hi: QubitRef(id: 2 * id + 1, slot: 1), loAt: id % 7,
                        hiAt: id % 7 + 1, loReady: Double(id), hiReady: Double(id) + 0.5, loKnows: 0, hiKnows: 0,
                        linkPairs: 1 + id % 3)
    }

    @Test func handlesOfPairsGoneNeverMatchAndSlotsAreReused() {
        var slab = TrafficRun.PairSlab()
        var kept: [(handle: TrafficRun.PairHandle, id: Int)] = [], gone: [TrafficRun.PairHandle] = []
        var rng = SeededGenerator(seed: 5)
        var mostAlive = 0
        for id in 0..<5_000 {
            if kept.isEmpty || Double.random(in: 0..<1, using: &rng) < 0.55 {
                kept.append((slab.add(pair(id)), id))
            } else {
                let (h, _) = kept.remove(at: Int.random(in: 0..<kept.count, using: &rng))
                slab.remove(h)
                gone.append(h)
            }
            mostAlive = max(mostAlive, kept.count)
        }
        for (h, id) in kept {
            #expect(slab.contains(h))
            #expect(slab[h].id == id && slab[h].lo.id == 2 * id && slab[h].linkPairs == 1 + id % 3)
        }
        #expect(gone.allSatisfy { !slab.contains($0) })
        // Some slot was reused, and storage follows the pairs alive at once, not the 5,000 made.
        #expect(gone.contains { g in kept.contains { $0.handle.slot == g.slot } })
        #expect(slab.storage == mostAlive)
        if let (h, _) = kept.first {
            slab.settle(h, true)
            #expect(slab[h].settled)
        }
    }
}
