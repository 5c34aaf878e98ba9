import HeapModule

/// Where each qubit of a distributed state lives: positions below
/// `localQubits` are bits of the index within a rank's slice, the others
/// bits of the rank number ("global" qubits). Swapping a global position with
/// a local one is what an exchange between ranks does.
struct QubitLayout: Hashable, Sendable {
    /// position[q]: the physical bit holding logical qubit q.
    private(set) var position: [Int]
    /// qubit[p]: the logical qubit at physical bit p.
    private(set) var qubit: [Int]

    init(qubits: Int) {
        position = Array(0..<qubits)
        qubit = position
    }

    var isIdentity: Bool { position.enumerated().allSatisfy { $0.offset == $0.element } }

    mutating func swap(_ a: Int, _ b: Int) {
        qubit.swapAt(a, b)
        position[qubit[a]] = a
        position[qubit[b]] = b
    }

    /// Tables mapping a physical index to its logical one: table k takes
    /// byte k of the physical index to the logical bits it holds, so an
    /// index costs a few lookups instead of a loop over bits.
    func logicalIndexTables() -> [[Int]] {
        stride(from: 0, to: qubit.count, by: 8).map { low in
            (0..<256).map { byte in
                var out = 0
                for b in 0..<8 where low + b < qubit.count && byte >> b & 1 == 1 { out |= 1 << qubit[low + b] }
                return out
            }
        }
    }

    /// The physical index of logical basis index `l`.
    func physicalIndex(_ l: Int) -> Int {
        var out = 0
        for (q, bit) in position.enumerated() where l >> q & 1 == 1 { out |= 1 << bit }
        return out
    }
}

/// How a distributed state brings a global qubit into the slice when a gate
/// needs it as a dense target.
public enum RemapStrategy: String, Sendable, CaseIterable {
    /// Plan the whole circuit first: run every gate that can run on local
    /// qubits (reordering gates where they commute) before swapping; swap in
    /// the qubit needed, and every other global qubit needed before the
    /// local one it would replace, in one exchange; evict the local qubits
    /// whose next use as a dense target is furthest away (Belady's rule).
    /// A swapped-in qubit stays local until evicted.
    case lookahead
    /// Swap it in for the one gate and straight back, as simulators that
    /// exchange per global gate do (QuEST, Qiskit Aer's chunk exchange):
    /// kept as the baseline the lookahead is measured against.
    case perGate = "per-gate"
}

/// A global position and the local one it trades qubits with.
struct QubitSwap: Sendable, Hashable {
    let global: Int
    let local: Int
}

/// One step of a distributed circuit.
enum DistributedStep: Sendable {
    /// Operations on physical positions: dense targets all local; controls
    /// and diagonal targets may be global (each rank resolves them).
    case local([Operation])
    /// Swap each pair's global position with its local position, all in one
    /// exchange among the 2^m ranks that differ in those global bits.
    case swap([QubitSwap])
    /// A SWAP gate: the two positions trade qubits; no amplitude moves.
    case relabel(Int, Int)
}

/// A circuit planned for a distributed state: the global-qubit swaps are
/// chosen for the whole circuit up front, so local runs in between can be
/// fused and cache-blocked as ordinary circuits on each rank's slice.
struct GlobalQubitPlan: Sendable {
    var steps: [DistributedStep] = []
    var layout: QubitLayout
    /// How many qubit pairs each exchange swaps, in order.
    var exchangeSizes: [Int] = []
    /// Gates that found a dense target in the rank number.
    var globalGateCount = 0

    /// Global–local qubit pairs swapped.
    var swapCount: Int { exchangeSizes.reduce(0, +) }

    /// Plans `operations` (logical qubits) from `layout` for slices of
    /// `localQubits` qubits. With `.lookahead` the gates are also reordered
    /// where they commute (``ReadyGates``): every gate that can run on local
    /// qubits runs before the next swap, so a swap is made only when no gate
    /// is left that could run without it.
    init(_ operations: [Operation], layout start: QubitLayout, localQubits: Int,
         strategy: RemapStrategy) throws(QuantumSimError) {
        layout = start
        let denseTargets = operations.map(Self.denseTargets)
        for (op, targets) in zip(operations, denseTargets) where targets.count > localQubits {
            throw .gateWiderThanSlice(gate: op.gate.name, targets: targets.count, localQubits: localQubits)
        }
        /// Whether operation j's dense targets are all local now.
        func isLocal(_ j: Int) -> Bool { denseTargets[j].allSatisfy { layout.position[$0] < localQubits } }
        var uses = NextUses(denseTargets, qubits: start.position.count)
        var order = ReadyGates(operations, qubits: start.position.count, isLocal: isLocal)
        var run: [Operation] = []
        while let i = order.next(programOrder: strategy == .perGate, isLocal: isLocal) {
            let op = operations[i]
            order.done(i, isLocal)
            uses.done(denseTargets[i])
            if Self.isSwap(op.gate) {
                if !run.isEmpty { steps.append(.local(run)); run = [] }
                let a = layout.position[op.qubits[0]], b = layout.position[op.qubits[1]]
                steps.append(.relabel(a, b))
                layout.swap(a, b)
                order.layoutChanged(isLocal)
                continue
            }
            let needed = denseTargets[i].filter { layout.position[$0] >= localQubits }
            var swapped: [QubitSwap] = []
            if !needed.isEmpty {
                globalGateCount += 1
                if !run.isEmpty { steps.append(.local(run)); run = [] }
                var kept = op.qubits
                for q in needed {
                    // Keep the gate's own qubits local if possible; its
                    // controls and diagonal targets may go when they must.
                    let local = victim(keeping: kept, localQubits: localQubits, uses: uses)
                        ?? victim(keeping: denseTargets[i] + kept.filter { !op.qubits.contains($0) },
                                  localQubits: localQubits, uses: uses)!
                    swapped.append(QubitSwap(global: layout.position[q], local: local))
                    layout.swap(layout.position[q], local)
                    kept.append(q)
                }
                if strategy == .lookahead {
                    // Bring along every global qubit needed before the local
                    // qubit it would replace: one more pair costs 2^−(m+1)
                    // of a slice in this exchange, where a later exchange of
                    // its own would cost a half.
                    let waiting = (localQubits..<layout.qubit.count).map { layout.qubit[$0] }
                        .filter { uses.next($0) < Int.max }.sorted { uses.next($0) < uses.next($1) }
                    for q in waiting {
                        guard let local = victim(keeping: kept, localQubits: localQubits, uses: uses),
                              uses.next(q) < uses.next(layout.qubit[local]) else { break }
                        swapped.append(QubitSwap(global: layout.position[q], local: local))
                        layout.swap(layout.position[q], local)
                        kept.append(q)
                    }
                }
                steps.append(.swap(swapped))
                exchangeSizes.append(swapped.count)
                order.layoutChanged(isLocal)
            }
            run.append(Operation(gate: op.gate, qubits: op.qubits.map { layout.position[$0] }))
            if strategy == .perGate, !swapped.isEmpty {
                steps.append(.local(run)); run = []
                steps.append(.swap(swapped))
                exchangeSizes.append(swapped.count)
                for pair in swapped { layout.swap(pair.global, pair.local) }
                order.layoutChanged(isLocal)
            }
        }
        if !run.isEmpty { steps.append(.local(run)) }
    }

    /// An uncontrolled SWAP: done by renaming positions, on any qubits.
    static func isSwap(_ gate: Gate) -> Bool {
        gate.controlCount == 0 && gate.targetCount == 2 && gate.action == Gate.swap.action
    }

    /// The qubits a gate needs in the slice: the targets of a dense action
    /// (controls and diagonal targets are resolved from the rank number).
    static func denseTargets(_ op: Operation) -> [Int] {
        guard case .dense = op.gate.action, !isSwap(op.gate) else { return [] }
        return Array(op.qubits[op.gate.controlCount...])
    }

    /// The local position to give up: not holding one of `kept`, and
    /// holding the qubit needed again as a dense target furthest in the
    /// future; ties go to the highest position (its half of the slice is
    /// contiguous). Nil when every local position holds one of `kept`.
    private func victim(keeping kept: [Int], localQubits: Int, uses: NextUses) -> Int? {
        var best: Int?, bestUse = -1
        for p in stride(from: localQubits - 1, through: 0, by: -1) {
            let q = layout.qubit[p]
            guard !kept.contains(q) else { continue }
            let next = uses.next(q)
            if next > bestUse { best = p; bestUse = next }
            if next == Int.max { break }
        }
        return best
    }
}

/// For each qubit, the index of the next operation not yet planned that
/// needs it as a dense target (the operations on a qubit are planned in
/// order, so a cursor per qubit suffices).
private struct NextUses {
    private var lists: [[Int]]
    private var cursor: [Int]

    init(_ denseTargets: [[Int]], qubits: Int) {
        lists = Array(repeating: [], count: qubits)
        for (i, targets) in denseTargets.enumerated() { for q in targets { lists[q].append(i) } }
        cursor = Array(repeating: 0, count: qubits)
    }

    /// An operation with these dense targets has been planned.
    mutating func done(_ targets: [Int]) {
        for q in targets { cursor[q] += 1 }
    }

    func next(_ q: Int) -> Int { cursor[q] < lists[q].count ? lists[q][cursor[q]] : Int.max }
}

/// The operations that may run next without changing the circuit's result:
/// those whose every earlier unplanned operation sharing a qubit with them
/// commutes with them there. Two gates commute when, on every qubit they
/// share, both act diagonally (a control, or a target of a diagonal
/// action): each is then block-diagonal in those qubits' basis states, with
/// blocks on disjoint qubits. So a run of controlled phases may go in any
/// order, and a dense gate waits for everything before it on its qubits.
private struct ReadyGates {
    /// Per qubit: the operations on it in order, and whether each acts on it diagonally.
    private var queues: [[(op: Int, diagonal: Bool)]]
    /// Per operation and each of its qubits: its place in that qubit's queue.
    private var places: [[(qubit: Int, index: Int)]]
    /// Per qubit: the place of its first unplanned operation.
    private var heads: [Int]
    /// Per qubit: the place of its first unplanned dense operation (dense
    /// ones are planned in order, so everything before it that is unplanned
    /// is diagonal); the queue's length when there is none.
    private var firstDense: [Int]
    private var planned: [Bool]
    private var isReady: [Bool]
    /// Ready operations whose dense targets were local when last looked at
    /// (rechecked when taken), and the others; each taken smallest first.
    private var local = Heap<Int>(), blocked = Heap<Int>()

    init(_ operations: [Operation], qubits count: Int, isLocal: (Int) -> Bool) {
        var queues = [[(op: Int, diagonal: Bool)]](repeating: [], count: count)
        var places: [[(qubit: Int, index: Int)]] = []
        for (i, op) in operations.enumerated() {
            let diagonalAction = if case .diagonal = op.gate.action { true } else { false }
            places.append(op.qubits.enumerated().map { t, q in
                queues[q].append((i, t < op.gate.controlCount || diagonalAction))
                return (q, queues[q].count - 1)
            })
        }
        self.queues = queues
        self.places = places
        heads = Array(repeating: 0, count: count)
        firstDense = queues.map { queue in queue.firstIndex { !$0.diagonal } ?? queue.count }
        planned = Array(repeating: false, count: operations.count)
        isReady = Array(repeating: false, count: operations.count)
        for i in operations.indices { consider(i, isLocal) }
    }

    /// Whether everything unplanned before `i` on each of its qubits commutes
    /// with it: a diagonal use comes before the first unplanned dense one, a
    /// dense use is the first unplanned one.
    private func canRun(_ i: Int) -> Bool {
        places[i].allSatisfy { q, index in
            queues[q][index].diagonal ? index < firstDense[q] : index == heads[q]
        }
    }

    private mutating func consider(_ i: Int, _ isLocal: (Int) -> Bool) {
        guard !planned[i], !isReady[i], canRun(i) else { return }
        isReady[i] = true
        if isLocal(i) { local.insert(i) } else { blocked.insert(i) }
    }

    /// Takes the next operation to plan: the earliest ready one, or (not in
    /// program order) the earliest whose dense targets are local, else the
    /// earliest of all.
    mutating func next(programOrder: Bool, isLocal: (Int) -> Bool) -> Int? {
        if programOrder {
            guard let l = local.min else { return blocked.popMin() }
            guard let b = blocked.min, b < l else { return local.popMin() }
            return blocked.popMin()
        }
        while let i = local.popMin() {
            if isLocal(i) { return i }
            blocked.insert(i)
        }
        return blocked.popMin()
    }

    /// After a swap: ready operations that became local move over.
    mutating func layoutChanged(_ isLocal: (Int) -> Bool) {
        let (now, still) = blocked.unordered.reduce(into: ([Int](), [Int]())) { if isLocal($1) { $0.0.append($1) } else { $0.1.append($1) } }
        guard !now.isEmpty else { return }
        for i in now { local.insert(i) }
        blocked = Heap(still)
    }

    /// Marks ready operation `i` planned and readies what it held back: after
    /// a dense use, the diagonal run behind it (and the next dense use, if
    /// nothing is left before it); after a diagonal use, the next dense use
    /// once everything before it is planned. Each place is looked at a
    /// bounded number of times, so planning stays linear in the circuit.
    mutating func done(_ i: Int, _ isLocal: (Int) -> Bool) {
        planned[i] = true
        for (q, index) in places[i] {
            let queue = queues[q]
            while heads[q] < queue.count, planned[queue[heads[q]].op] { heads[q] += 1 }
            if !queue[index].diagonal {
                var next = index + 1
                while next < queue.count, queue[next].diagonal { next += 1 }
                firstDense[q] = next
                for p in heads[q]..<next { consider(queue[p].op, isLocal) }
            }
            if firstDense[q] < queue.count, heads[q] == firstDense[q] { consider(queue[firstDense[q]].op, isLocal) }
        }
    }
}
