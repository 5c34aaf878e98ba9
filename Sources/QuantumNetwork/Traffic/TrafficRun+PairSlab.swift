// Where a traffic run keeps its pairs: values in reused slots, not objects,
// so that making, listing and dropping a pair allocates and counts no
// references (BENCHMARKS.md, "The traffic engine").
extension TrafficRun {
    /// A pair of the run: its slot, and the slot's generation when the pair
    /// was made. A timer that outlives its pair (a cut-off, a verdict) holds
    /// a handle that no longer matches once the slot is freed or reused.
    struct PairHandle: Equatable {
        let slot: Int
        let generation: Int
    }

    /// The run's pairs alive, by handle. Slots of pairs gone are reused
    /// (last freed first), so storage follows the pairs alive, not history.
    struct PairSlab {
        private var pairs: [Pair] = []
        private var generations: [Int] = []
        private var free: [Int] = []

        /// Keeps `pair`; its handle.
        mutating func add(_ pair: Pair) -> PairHandle {
            if let slot = free.popLast() {
                pairs[slot] = pair
                return PairHandle(slot: slot, generation: generations[slot])
            }
            pairs.append(pair)
            generations.append(0)
            return PairHandle(slot: pairs.count - 1, generation: 0)
        }

        /// Whether `h`'s pair is still kept (not used up, discarded or delivered).
        func contains(_ h: PairHandle) -> Bool { generations[h.slot] == h.generation }

        /// The pair of `h`, which must be kept. Read in place (a borrow, not
        /// a copy of its fifteen words: reading one field stays one load).
        subscript(_ h: PairHandle) -> Pair {
            _read {
                precondition(contains(h), "pair handle \(h) outlived its pair")
                yield pairs[h.slot]
            }
        }

        mutating func settle(_ h: PairHandle, _ settled: Bool) {
            precondition(contains(h), "pair handle \(h) outlived its pair")
            pairs[h.slot].settled = settled
        }

        /// Drops `h`'s pair (used up); its handle no longer matches.
        mutating func remove(_ h: PairHandle) {
            precondition(contains(h), "pair handle \(h) outlived its pair")
            generations[h.slot] += 1
            free.append(h.slot)
        }

        /// Slots held, kept or free (for tests: bounded by the pairs alive at once).
        var storage: Int { pairs.count }
    }
}
