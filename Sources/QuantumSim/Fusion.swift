/// Gate fusion: fewer passes over the state by multiplying neighbouring
/// gates into one block on at most `maxQubits` qubits.
///
/// Greedy and deterministic, in circuit order: a gate joins the latest block
/// that touches any of its qubits when no later block touches them (so it
/// commutes up to that block), the union stays within `maxQubits`, and the
/// estimated cost of the merged block is no more than the two apart. The
/// cost of a gate is the fraction of the state its kernel touches times a
/// per-size factor for dense gates (measured: dense kernels on 4 and 5
/// qubits are compute bound, so larger blocks must replace several passes
/// to pay). A block of one gate stays that gate, keeping its diagonal or
/// controlled form; a block of diagonal gates stays diagonal.
extension Circuit {
    public func fused(maxQubits: Int = 3) throws(QuantumSimError) -> Circuit {
        guard (1...Gate.maximumTargets).contains(maxQubits) else {
            throw .invalidParameter(name: "fusion block size", value: Double(maxQubits),
                                    expected: "1 to \(Gate.maximumTargets) qubits")
        }
        var blocks: [FusionBlock] = []
        var last = [Int](repeating: -1, count: qubitCount) // latest block touching each qubit
        for op in operations {
            let candidate = op.qubits.map { last[$0] }.max() ?? -1
            if candidate >= 0, blocks[candidate].accepts(op, maxQubits: maxQubits) {
                blocks[candidate].append(op)
                for q in op.qubits { last[q] = candidate }
            } else {
                blocks.append(FusionBlock(op))
                for q in op.qubits { last[q] = blocks.count - 1 }
            }
        }
        var out = try Circuit(qubits: qubitCount)
        for b in blocks {
            let (gate, qubits) = b.gate()
            try out.append(gate, on: qubits)
        }
        return out
    }
}

/// Gates merged so far, and the qubits they span.
private struct FusionBlock {
    var operations: [Operation]
    var qubits: [Int]

    init(_ op: Operation) {
        operations = [op]
        qubits = op.qubits
    }

    var cost: Double { Self.cost(qubits: qubits.count, operations: operations) }

    func accepts(_ op: Operation, maxQubits: Int) -> Bool {
        let union = qubits + op.qubits.filter { !qubits.contains($0) }
        guard union.count <= maxQubits else { return false }
        let merged = Self.cost(qubits: union.count, operations: operations + [op])
        return merged <= cost + Self.cost(qubits: op.qubits.count, operations: [op]) + 1e-12
    }

    mutating func append(_ op: Operation) {
        operations.append(op)
        for q in op.qubits where !qubits.contains(q) { qubits.append(q) }
    }

    /// Estimated passes over the state of applying the block as one gate.
    static func cost(qubits k: Int, operations: [Operation]) -> Double {
        if operations.count == 1 { return gateCost(operations[0].gate) }
        if operations.allSatisfy({ $0.gate.isDiagonal }) { return 1 }
        return denseFactor(k)
    }

    /// Relative cost of a dense k-qubit pass against a streaming pass.
    static func denseFactor(_ k: Int) -> Double { [1, 1, 1, 1.5, 4, 8][min(k, 5)] }

    static func gateCost(_ g: Gate) -> Double {
        let controlled = 1 / Double(1 << g.controlCount)
        switch g.action {
        case let .diagonal(d):
            // The kernel skips registers whose entries are all 1.
            let active = d.filter { $0 != .one }.count
            return controlled * max(Double(active) / Double(d.count), 0.25)
        case .dense: return controlled * denseFactor(g.targetCount)
        }
    }

    /// The block as one gate on `qubits` (bit b of its index is qubits[b]).
    func gate() -> (Gate, [Int]) {
        if operations.count == 1 { return (operations[0].gate, operations[0].qubits) }
        let k = qubits.count, d = 1 << k
        if operations.allSatisfy({ $0.gate.isDiagonal }) {
            var diag = [Complex<Double>](repeating: .one, count: d)
            for op in operations {
                let local = op.qubits.map { qubits.firstIndex(of: $0)! }
                let m = op.gate.matrix, gd = 1 << local.count
                for i in 0..<d {
                    var gi = 0
                    for (b, q) in local.enumerated() where (i >> q) & 1 == 1 { gi |= 1 << b }
                    diag[i] = diag[i] * m[gi * gd + gi]
                }
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
    var isDiagonal: Bool {
        if case .diagonal = action { return true }
        return false
    }
}
