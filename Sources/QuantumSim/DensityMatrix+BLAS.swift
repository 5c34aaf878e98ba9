import CKernels
import RealModule

/// How a gate reaches a density matrix.
public enum DensityGateMethod: String, Sendable, CaseIterable {
    /// The SIMD kernels on ρ as a 2n-qubit vector: U on the row qubits, U* on
    /// the column qubits; two passes over ρ whatever n is.
    case kernels
    /// The gate embedded as a dense 2^n × 2^n operator and ρ → U ρ U† by two
    /// OpenBLAS zgemm calls: 16·8^n flops.
    case blas
    /// zgemm for gates of 5 targets on at most 7 qubits, where the dense
    /// 5-qubit kernel is compute-bound and zgemm's 8^n is still small; the
    /// kernels otherwise (measured: BENCHMARKS.md, "Density matrices").
    case automatic

    /// The choice `.automatic` makes for a gate of `targets` targets on an
    /// n-qubit density matrix.
    public static func automaticChoice(targets: Int, qubits n: Int) -> DensityGateMethod {
        targets >= 5 && n <= 7 ? .blas : .kernels
    }
}

extension DensityMatrix {
    /// ρ → U ρ U† for `gate` on `qubits`, by the chosen method.
    public mutating func apply(_ gate: Gate, to qubits: [Int], method: DensityGateMethod) throws(QuantumSimError) {
        let chosen = method == .automatic
            ? DensityGateMethod.automaticChoice(targets: gate.targetCount, qubits: qubitCount) : method
        switch chosen {
        case .kernels, .automatic: try applyWithKernels(gate, to: qubits)
        case .blas:
            try Circuit.check(qubits, for: gate, registerSize: qubitCount)
            try applyOperator(gate.embedded(on: qubits, qubitCount: qubitCount))
        }
    }

    /// ρ → U ρ U† for a unitary on all qubits, given as 2^n rows of 2^n
    /// entries (checked unitary within `tolerance`). Operators on up to 5
    /// qubits follow ``DensityGateMethod/automatic``; larger ones go through zgemm.
    public mutating func apply(unitary rows: [[Complex<Double>]], tolerance: Double = 1e-10,
                               method: DensityGateMethod = .automatic) throws(QuantumSimError) {
        guard rows.count == dimension, rows.allSatisfy({ $0.count == dimension }) else {
            throw .invalidMatrixShape(gate: "unitary", rows: rows.count, columns: rows.map(\.count))
        }
        let deviation = Gate.unitarityDeviation(rows)
        guard deviation <= tolerance else { throw .notUnitary(gate: "unitary", deviation: deviation, tolerance: tolerance) }
        if qubitCount <= Gate.maximumTargets {
            try apply(Gate(name: "unitary", targets: qubitCount, action: .dense(rows.flatMap { $0 })),
                      to: Array(0..<qubitCount), method: method)
        } else {
            var u = [Complex<Double>](repeating: .zero, count: dimension * dimension)
            for r in 0..<dimension { for c in 0..<dimension { u[r + c * dimension] = rows[r][c] } }
            try applyOperator(u)
        }
    }

    /// ρ → U ρ U† with U column-major (element [r][c] at r + c·2^n).
    private mutating func applyOperator(_ u: [Complex<Double>]) throws(QuantumSimError) {
        try makeUnique()
        let status = u.withUnsafeBufferPointer { up in
            up.withMemoryRebound(to: Double.self) { qn_dm_apply_unitary(Int32(qubitCount), storage.pointer, $0.baseAddress!) }
        }
        guard status == Int32(QN_OK) else { throw .outOfMemory(what: "a \(dimension)×\(dimension) zgemm scratch matrix") }
    }
}

extension Gate {
    /// The 2^n × 2^n operator of this gate on `qubits` of an n-qubit
    /// register, column-major: entry [r][c] is the gate's entry for the
    /// gate bits of r and c when r and c agree on every other qubit.
    func embedded(on qubits: [Int], qubitCount n: Int) -> [Complex<Double>] {
        let g = matrix, gd = 1 << qubits.count, d = 1 << n
        var mask = 0
        for q in qubits { mask |= 1 << q }
        func gather(_ x: Int) -> Int {
            var v = 0
            for (b, q) in qubits.enumerated() where (x >> q) & 1 == 1 { v |= 1 << b }
            return v
        }
        var u = [Complex<Double>](repeating: .zero, count: d * d)
        for c in 0..<d {
            let rest = c & ~mask, gc = gather(c)
            for gr in 0..<gd {
                var r = rest
                for (b, q) in qubits.enumerated() where (gr >> b) & 1 == 1 { r |= 1 << q }
                u[r + c * d] = g[gr * gd + gc]
            }
        }
        return u
    }
}
