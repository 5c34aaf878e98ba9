extension Circuit {
    /// The operations in an order that gathers the gates whose qubits all lie
    /// below `blockQubits` into long runs, for `StateVector.apply(_: Circuit)`
    /// to apply each run one cache-sized block at a time.
    ///
    /// A topological order of the gates (two gates that share a qubit keep
    /// their order, so the state is unchanged up to rounding) built in
    /// phases: every gate below the block that is ready (its predecessors
    /// placed), including those it releases, then every ready gate reaching
    /// above it, and so on; the earliest first within a phase.
    /// Deterministic.
    func scheduledForCacheBlocks(_ blockQubits: Int) -> [Operation] {
        let ops = operations
        var waiting = [Int](repeating: 0, count: ops.count) // unfinished predecessors
        var successors = [[Int]](repeating: [], count: ops.count)
        var last = [Int](repeating: -1, count: qubitCount)
        for (i, op) in ops.enumerated() {
            var seen: [Int] = []
            for q in op.qubits where last[q] >= 0 && !seen.contains(last[q]) {
                seen.append(last[q])
                successors[last[q]].append(i)
            }
            waiting[i] = seen.count
            for q in op.qubits { last[q] = i }
        }
        let inside = ops.map { $0.qubits.allSatisfy { $0 < blockQubits } }
        // Ready gates of each kind, kept in descending index order so the
        // earliest is popped from the end.
        var readyInside: [Int] = [], readyOutside: [Int] = []
        func makeReady(_ i: Int) {
            if inside[i] {
                readyInside.insert(i, at: readyInside.firstIndex { $0 < i } ?? readyInside.count)
            } else {
                readyOutside.insert(i, at: readyOutside.firstIndex { $0 < i } ?? readyOutside.count)
            }
        }
        for i in ops.indices where waiting[i] == 0 { makeReady(i) }
        var order: [Operation] = []
        order.reserveCapacity(ops.count)
        var insidePhase = true
        while order.count < ops.count {
            // Drain one kind (with the gates of that kind it releases), then
            // switch: each switch to the inside starts a new run.
            guard let i = insidePhase ? readyInside.popLast() : readyOutside.popLast() else {
                insidePhase.toggle()
                continue
            }
            order.append(ops[i])
            for s in successors[i] {
                waiting[s] -= 1
                if waiting[s] == 0 { makeReady(s) }
            }
        }
        return order
    }
}
