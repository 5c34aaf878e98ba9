import Foundation
import QuantumSim

/// The density-matrix suite: gates and channels on ρ (a vector of 2n qubits),
/// and the partial trace of a state vector, each timed like a gate.
enum DensityCases {
    /// n-qubit density matrices benchmarked (ρ of 12 qubits is 256 MiB).
    static let sizes = [8, 10, 12]

    static func run(sizes: [Int], threads: [Int], variants: [KernelVariant], repeats: Int, parallelQubits: Int,
                    filter: String?, emit: (Row) -> Void) throws {
        for n in sizes {
            let elements = UInt64(1) << UInt64(2 * n)
            for t in threads {
                for v in variants {
                    let opts = try ExecutionOptions(variant: v, threads: t, parallelQubits: parallelQubits)
                    // Stream reference: a state vector of the same 2n qubits (same buffer size).
                    var buffer = try StateVector(qubits: 2 * n, options: opts)
                    let stream = try Timing.streamGBps(&buffer, repeats: repeats)
                    var rho = try DensityMatrix(qubits: n, options: opts)
                    let cases: [(String, [Int], UInt64, (inout DensityMatrix) throws -> Void)] = [
                        // A gate is two passes (U on rows, U* on columns); a channel one.
                        ("dm-u", [n / 2], 2 * 32 * elements, { try $0.apply(.u(0.7, 1.3, -0.4), to: [n / 2]) }),
                        ("dm-u", [0], 2 * 32 * elements, { try $0.apply(.u(0.7, 1.3, -0.4), to: [0]) }),
                        // Control n−1 (rows) and 2n−1 (columns): each pass touches half.
                        ("dm-cx", [n - 1, 0], 2 * 16 * elements, { try $0.apply(.cx, to: [n - 1, 0]) }),
                        ("dm-depol", [n / 2], 32 * elements, { try $0.apply(Channel.depolarizing(0.1), to: [n / 2]) }),
                        ("dm-depol2", [0, n - 1], 32 * elements, { try $0.apply(Channel.depolarizing2(0.1), to: [0, n - 1]) }),
                        ("dm-ampdamp", [n - 1], 32 * elements, { try $0.apply(Channel.amplitudeDamping(0.1), to: [n - 1]) }),
                    ]
                    // The measured rule between kernels and zgemm: a dense 5-qubit gate both ways
                    // (zgemm costs 16·8^n flops: n ≤ 10 only).
                    let g5 = try Gate.unitary(Self.denseFiveQubit, name: "u5")
                    var methods: [(String, [Int], UInt64, (inout DensityMatrix) throws -> Void)] = [
                        ("dm-g5", Array(0..<5), 2 * 32 * elements, { try $0.apply(g5, to: Array(0..<5), method: .kernels) }),
                    ]
                    if n <= 10 {
                        methods.append(("dm-g5-blas", Array(0..<5), 2 * 32 * elements,
                                        { try $0.apply(g5, to: Array(0..<5), method: .blas) }))
                    }
                    for (name, qubits, bytes, body) in cases + methods where filter.map({ name.contains($0) }) ?? true {
                        let seconds = try Timing.median(repeats: repeats) { try body(&rho) }
                        emit(Row(gate: name, variant: v.rawValue, qubits: n, targets: qubits, threads: t,
                                 seconds: seconds, bytes: bytes, streamGBps: stream))
                    }
                }
            }
        }
    }

    /// The noisy circuit compared with Qiskit Aer's density-matrix method
    /// (Benchmarks/peers/peer_noisy.py builds the same one): `layers` of
    /// RX(θ)·RZ(φ) on every qubit and a CX ladder, each gate followed by
    /// depolarizing noise of strength p on its qubits (ρ → (1 − p)ρ + p I/2^k).
    static func noisyCircuit(qubits n: Int, layers: Int = 3, p: Double = 0.01) throws
        -> [(gate: Gate?, channel: Channel?, qubits: [Int])]
    {
        var ops: [(gate: Gate?, channel: Channel?, qubits: [Int])] = []
        let one = try Channel.depolarizing(p), two = try Channel.depolarizing2(p)
        for layer in 0..<layers {
            for q in 0..<n {
                let theta = 0.1 * Double(q + 1) * Double(layer + 1), phi = 0.2 * Double(q + 1) + 0.3 * Double(layer)
                ops.append((.rx(theta), nil, [q])); ops.append((nil, one, [q]))
                ops.append((.rz(phi), nil, [q])); ops.append((nil, one, [q]))
            }
            for q in 0..<(n - 1) { ops.append((.cx, nil, [q, q + 1])); ops.append((nil, two, [q, q + 1])) }
        }
        return ops
    }

    /// The noisy circuit on a fresh |0…0⟩ density matrix, timed whole.
    static func noisy(threads: [Int], variants: [KernelVariant], repeats: Int, parallelQubits: Int,
                      emit: (Row) -> Void) throws {
        let n = 10
        let ops = try noisyCircuit(qubits: n)
        for t in threads {
            for v in variants {
                let opts = try ExecutionOptions(variant: v, threads: t, parallelQubits: parallelQubits)
                let seconds = try Timing.median(repeats: repeats) {
                    var rho = try DensityMatrix(qubits: n, options: opts)
                    for op in ops {
                        if let g = op.gate { try rho.apply(g, to: op.qubits) }
                        if let c = op.channel { try rho.apply(c, to: op.qubits) }
                    }
                }
                emit(Row(gate: "noisy-circuit", variant: v.rawValue, qubits: n, targets: [], threads: t,
                         seconds: seconds, bytes: 0, streamGBps: 1))
            }
        }
    }

    /// Fidelity of two 10-qubit mixed states (eigen-decompositions, zgemm and
    /// an SVD of 1024 × 1024 matrices through OpenBLAS/LAPACKE), compared with
    /// NumPy/SciPy by Benchmarks/peers/peer_fidelity.py on the same states.
    static func fidelity(repeats: Int, emit: (Row) -> Void) throws {
        let n = 10
        let opts = try ExecutionOptions(variant: .best, threads: 1)
        var a = try DensityMatrix(qubits: n, options: opts), b = a
        for q in 0..<n {
            try a.apply(.ry(0.3 + 0.1 * Double(q)), to: [q])
            try b.apply(.rx(0.2 + 0.05 * Double(q)), to: [q])
        }
        for q in 0..<(n - 1) { try a.apply(.cx, to: [q, q + 1]); try b.apply(.cx, to: [q + 1, q]) }
        for q in 0..<n {
            try a.apply(Channel.depolarizing(0.05), to: [q])
            try b.apply(Channel.amplitudeDamping(0.1), to: [q])
        }
        let seconds = try Timing.median(repeats: repeats) { _ = try a.fidelity(with: b) }
        emit(Row(gate: "fidelity", variant: "lapack", qubits: n, targets: [], threads: 1, seconds: seconds, bytes: 0,
                 streamGBps: 1))
    }

    /// A dense 5-qubit unitary: the QFT matrix on 32 states.
    static let denseFiveQubit: [[Complex<Double>]] = (0..<32).map { r in
        (0..<32).map { c in
            let angle = 2 * Double.pi * Double(r * c % 32) / 32
            return Complex(Double.cos(angle) / 32.0.squareRoot(), Double.sin(angle) / 32.0.squareRoot())
        }
    }

    /// Partial trace of a 24-qubit state vector down to 2 qubits: one read pass.
    static func partialTrace(threads: [Int], variants: [KernelVariant], repeats: Int, parallelQubits: Int,
                             emit: (Row) -> Void) throws {
        let n = 24
        for t in threads {
            for v in variants {
                var s = try StateVector(qubits: n, options: ExecutionOptions(variant: v, threads: t,
                                                                             parallelQubits: parallelQubits))
                try s.apply(Circuit(qubits: n).h(0).cx(0, n - 1).h(5))
                let stream = try Timing.streamGBps(&s, repeats: repeats)
                // Qubit 0 lies inside every register; qubit 12 above them.
                for keep in [[0, n - 1], [n / 2, n - 1]] {
                    let seconds = try Timing.median(repeats: repeats) { _ = try s.reducedDensityMatrix(keeping: keep) }
                    emit(Row(gate: "sv-ptrace", variant: v.rawValue, qubits: n, targets: keep, threads: t,
                             seconds: seconds, bytes: UInt64(16) << UInt64(n), streamGBps: stream))
                }
            }
        }
    }
}
