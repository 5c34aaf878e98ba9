/// Gate fusion: fewer passes over the state by multiplying neighbouring
/// gates into one block on at most `maxQubits` qubits (diagonal blocks, one
/// pass whatever their size, up to ``Gate/maximumTargets``).
///
/// Greedy and deterministic, by aggregation as Qiskit Aer does: a block
/// starts at the first gate not yet placed and scans forward, taking each
/// unplaced gate that fits (the union stays within the size limit and the
/// estimated cost of the merged block is no more than the block's plus the
/// gate's) unless an earlier gate it skipped shares a qubit with it. A
/// skipped gate's qubits are closed to the block, so every gate it takes
/// commutes with the gates it passed over, and blocks in the order they
/// start give the circuit's state. A block of one gate stays that gate,
/// keeping its diagonal or controlled form; a block of diagonal gates stays
/// diagonal.
///
/// The cost of a block is the larger of its memory traffic and its
/// arithmetic (BENCHMARKS.md, "Dense kernels two groups at a time"): a block
/// with a qubit at or above `cacheBlockQubits` (or any block, when that is 0)
/// streams the state through memory once; a block below it runs inside a
/// cache-sized block with the rest of its run (`StateVector.apply(_:
/// Circuit)`) and costs its arithmetic only. So above the cache block gates
/// fuse into blocks of up to 4 qubits (a streaming pass costs about as much
/// as a 3-qubit dense product), and inside it only where fusing saves
/// arithmetic (a run of gates on the same qubits).
extension Circuit {
    public func fused(maxQubits: Int = ExecutionOptions.defaultFusionQubits,
                      cacheBlockQubits: Int = ExecutionOptions.defaultCacheBlockQubits) throws(QuantumSimError) -> Circuit {
        guard (1...Gate.maximumTargets).contains(maxQubits) else {
            throw .invalidParameter(name: "fusion block size", value: Double(maxQubits),
                                    expected: "1 to \(Gate.maximumTargets) qubits")
        }
        // Runs of 1-qubit gates on the same qubit first: always one pass
        // instead of several, and what the blocks below are weighed against.
        let single = Self.aggregate(operations, qubitCount: qubitCount, maxQubits: 1, cacheBlockQubits: cacheBlockQubits)
        let ops = Self.aggregate(single, qubitCount: qubitCount, maxQubits: maxQubits, cacheBlockQubits: cacheBlockQubits)
        var out = try Circuit(qubits: qubitCount)
        for op in ops { try out.append(op.gate, on: op.qubits) }
        return out
    }

    /// Gates a block scans past the last one it took before it stops.
    static let scanWindow = 4096

    /// One aggregation pass over `ops` (see ``fused(maxQubits:cacheBlockQubits:)``).
    private static func aggregate(_ ops: [Operation], qubitCount: Int, maxQubits: Int,
                                  cacheBlockQubits b: Int) -> [Operation] {
        var placed = [Bool](repeating: false, count: ops.count)
        var out: [Operation] = []
        // Qubits some gate touches: once those are all closed, nothing more can join.
        var touched = [Bool](repeating: false, count: qubitCount)
        for op in ops { for q in op.qubits { touched[q] = true } }
        let usedQubits = touched.filter { $0 }.count
        var first = 0
        while first < ops.count {
            guard !placed[first] else { first += 1; continue }
            var block = FusionBlock(ops[first])
            placed[first] = true
            var closed = [Bool](repeating: false, count: qubitCount), closedCount = 0
            var j = first + 1, lastTaken = first
            // The scan ends when every qubit in use is closed, or `scanWindow`
            // gates after the last one taken (a qubit used only at the end
            // would otherwise make every block scan to it: quadratic time).
            while j < ops.count, closedCount < usedQubits, j - lastTaken <= scanWindow {
                defer { j += 1 }
                guard !placed[j] else { continue }
                let op = ops[j]
                if !op.qubits.contains(where: { closed[$0] }), block.accepts(op, maxQubits: maxQubits, cacheBlockQubits: b) {
                    block.append(op)
                    placed[j] = true
                    lastTaken = j
                } else {
                    for q in op.qubits where !closed[q] {
                        closed[q] = true
                        closedCount += 1
                    }
                }
            }
            if block.pays(cacheBlockQubits: b) {
                let (gate, qubits) = block.gate()
                out.append(Operation(gate: gate, qubits: qubits))
            } else {
                out += block.operations
            }
        }
        return out
    }
}

/// Gates merged so far, and the qubits they span.
private struct FusionBlock {
    var operations: [Operation]
    var qubits: [Int]
    /// Every gate so far is diagonal (kept, not recomputed: blocks on few
    /// qubits can take thousands of gates).
    var diagonal: Bool

    init(_ op: Operation) {
        operations = [op]
        qubits = op.qubits
        diagonal = op.gate.isDiagonal
    }

    /// Whether `op` may join: both reach beyond the cache block or neither
    /// does (gates inside it are cheaper in their cache-blocked run than in
    /// a streaming pass, and the other way round), and the union stays
    /// within the size limit: ``Gate/maximumTargets`` for diagonal blocks,
    /// `maxQubits` for dense blocks beyond the cache block, and
    /// ``insideMaxQubits`` inside it.
    func accepts(_ op: Operation, maxQubits: Int, cacheBlockQubits b: Int) -> Bool {
        let streaming = Self.memory(qubits, cacheBlockQubits: b) > 0
        guard streaming == (Self.memory(op.qubits, cacheBlockQubits: b) > 0) else { return false }
        let union = qubits.count + op.qubits.filter { !qubits.contains($0) }.count
        let diagonal = op.gate.isDiagonal && self.diagonal
        let limit = maxQubits == 1 ? 1
            : diagonal ? Gate.maximumTargets : streaming ? maxQubits : min(maxQubits, Self.insideMaxQubits)
        return union <= limit
    }

    /// Inside the cache block a dense pass costs its arithmetic, which grows
    /// as 2^k per amplitude: 2 qubits cost about as much as their two
    /// 1-qubit gates and the CNOT between them, 3 qubits more than theirs.
    static let insideMaxQubits = 2

    mutating func append(_ op: Operation) {
        operations.append(op)
        diagonal = diagonal && op.gate.isDiagonal
        for q in op.qubits where !qubits.contains(q) { qubits.append(q) }
    }

    /// Whether the block as one gate costs no more than its gates one by one.
    func pays(cacheBlockQubits b: Int) -> Bool {
        let apart = operations.reduce(0) { $0 + Self.cost(of: $1.gate, on: $1.qubits, cacheBlockQubits: b) }
        return Self.cost(qubits: qubits, operations: operations, cacheBlockQubits: b) <= apart + 1e-12
    }

    /// A streaming pass over the state, in units of a 1-qubit dense pass
    /// over a block in cache (measured on AVX-512 at 24 and 16 qubits).
    static let memoryPass = 3.0

    /// Arithmetic of a dense k-qubit product in the same units (measured:
    /// 1, 2.1-2.9, 4.5, 7, 16-20 for k = 1...5 in a 2^16 block).
    static func denseCompute(_ k: Int) -> Double { [1, 1, 2.5, 4.5, 7, 17][min(k, 5)] }

    static func memory(_ qubits: [Int], cacheBlockQubits b: Int) -> Double {
        b == 0 || qubits.contains { $0 >= b } ? memoryPass : 0
    }

    /// A merged block: dense, or one diagonal pass over the registers
    /// whose entries are not all 1.
    static func cost(qubits: [Int], operations: [Operation], cacheBlockQubits b: Int) -> Double {
        let memory = memory(qubits, cacheBlockQubits: b)
        guard operations.allSatisfy({ $0.gate.isDiagonal }) else { return max(memory, denseCompute(qubits.count)) }
        return activeFraction(qubits: qubits, operations: operations) * max(memory, 1)
    }

    /// Fraction of the entries of the block's diagonal that some gate makes
    /// other than 1 (at least a quarter: registers hold several entries).
    static func activeFraction(qubits: [Int], operations: [Operation]) -> Double {
        let d = 1 << qubits.count
        var active = [Bool](repeating: false, count: d)
        for op in operations {
            let diagonal = Self.diagonalEntries(of: op, in: qubits)
            for i in 0..<d where !active[i] {
                if diagonal[i] != .one { active[i] = true }
            }
        }
        return max(Double(active.filter { $0 }.count) / Double(d), 0.25)
    }

    /// A single gate, in its own form: controls skip part of the state, and
    /// a diagonal skips registers whose entries are all 1.
    static func cost(of g: Gate, on qubits: [Int], cacheBlockQubits b: Int) -> Double {
        let controlled = 1 / Double(1 << g.controlCount)
        switch g.action {
        case let .diagonal(d):
            let active = max(Double(d.filter { $0 != .one }.count) / Double(d.count), 0.25)
            return controlled * active * max(memory(qubits, cacheBlockQubits: b), 1)
        case .dense:
            return controlled * max(memory(qubits, cacheBlockQubits: b), denseCompute(g.targetCount))
        }
    }

    /// The diagonal of a diagonal gate `op` embedded in the block's `qubits`:
    /// entry i of the block is entry (bits of i at op's qubits) of the gate.
    static func diagonalEntries(of op: Operation, in qubits: [Int]) -> [Complex<Double>] {
        let local = op.qubits.map { qubits.firstIndex(of: $0)! }
        let m = op.gate.matrix, gd = 1 << local.count
        return (0..<(1 << qubits.count)).map { i in
            var gi = 0
            for (bit, q) in local.enumerated() where (i >> q) & 1 == 1 { gi |= 1 << bit }
            return m[gi * gd + gi]
        }
    }

    /// The block as one gate on `qubits` (bit b of its index is qubits[b]).
    func gate() -> (Gate, [Int]) {
        if operations.count == 1 { return (operations[0].gate, operations[0].qubits) }
        let k = qubits.count, d = 1 << k
        if diagonal {
            var diag = [Complex<Double>](repeating: .one, count: d)
            for op in operations {
                let entries = Self.diagonalEntries(of: op, in: qubits)
                for i in 0..<d { diag[i] = diag[i] * entries[i] }
            }
            return (Gate(name: "fused", targets: k, action: .diagonal(diag)), qubits)
        }
        // Row-major product, later gates on the left.
        var u = [Complex<Double>](repeating: .zero, count: d * d)
        for i in 0..<d { u[i * d + i] = .one }
        for op in operations {
            let local = op.qubits.map { qubits.firstIndex(of: $0)! }
            let e = op.gate.embedded(on: local, qubitCount: k) // column-major
            var next = [Complex<Double>](repeating: .zero, count: d * d)
            for r in 0..<d {
                for c in 0..<d {
                    let x = e[r + c * d]
                    if x == .zero { continue }
                    for j in 0..<d { next[r * d + j] = next[r * d + j] + x * u[c * d + j] }
                }
            }
            u = next
        }
        return (Gate(name: "fused", targets: k, action: .dense(u)), qubits)
    }
}

extension Gate {
    /// True when the whole matrix is diagonal (controls included).
    public var isDiagonal: Bool {
        if case .diagonal = action { return true }
        return false
    }
}
