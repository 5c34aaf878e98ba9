import QuantumSim

/// One benchmarked gate application, with the bytes it must move.
struct GateCase {
    let name: String
    let gate: Gate
    let qubits: [Int]
    /// Bytes the gate must read and write in complex128 (half in complex64).
    /// A control, or a diagonal qubit whose entry 1 lets amplitudes be
    /// skipped, halves the traffic only when it is at least qubit 2 (3 in
    /// complex64): below that, both halves share 64-byte cache lines and
    /// every line moves anyway.
    let bytes: UInt64
    private let skipping: [Int], stateQubits: Int

    init(name: String, gate: Gate, qubits: [Int], skipping: [Int] = [], stateQubits n: Int) {
        self.name = name
        self.gate = gate
        self.qubits = qubits
        self.skipping = skipping
        stateQubits = n
        bytes = (UInt64(32) << UInt64(n)) >> UInt64(skipping.filter { $0 >= 2 }.count)
    }

    /// `bytes` for a state of `precision`.
    func bytes(_ precision: Precision) -> UInt64 {
        guard precision == .single else { return bytes }
        return (UInt64(16) << UInt64(stateQubits)) >> UInt64(skipping.filter { $0 >= 3 }.count)
    }

    /// The gate kinds at low, middle and high positions of an n-qubit state.
    static func all(qubits n: Int) -> [GateCase] {
        let low = 0, mid = n / 2, high = n - 1
        let u1 = Gate.u(0.7, 1.3, -0.4)
        // A fixed dense two-qubit unitary (not a product, not diagonal).
        let u2 = try! Gate.unitary(Self.twoQubitUnitary, name: "u2")
        var cases: [GateCase] = []
        for t in [low, 1, 2, mid, high] {
            cases.append(GateCase(name: "dense1", gate: u1, qubits: [t], stateQubits: n))
        }
        for t in [low, mid, high] {
            cases.append(GateCase(name: "rz", gate: .rz(0.3), qubits: [t], stateQubits: n))
        }
        for t in [low, mid, high] {
            cases.append(GateCase(name: "phase", gate: .p(0.3), qubits: [t], skipping: [t], stateQubits: n))
        }
        for (c, t) in [(low, high), (high, low), (mid, mid + 1), (1, mid)] {
            cases.append(GateCase(name: "cx", gate: .cx, qubits: [c, t], skipping: [c], stateQubits: n))
        }
        for (c, t) in [(low, high), (mid, mid + 1)] {
            cases.append(GateCase(name: "cz", gate: .cz, qubits: [c, t], skipping: [c, t], stateQubits: n))
        }
        for q in [[low, 1], [low, high], [mid, high]] {
            cases.append(GateCase(name: "dense2", gate: u2, qubits: q, stateQubits: n))
        }
        cases.append(GateCase(name: "swap", gate: .swap, qubits: [mid, high], stateQubits: n))
        for k in 3...5 {
            cases.append(GateCase(name: "dense\(k)", gate: Self.denseGate(k), qubits: Array(0..<k), stateQubits: n))
            cases.append(GateCase(name: "dense\(k)", gate: Self.denseGate(k), qubits: Array((n - k)..<n), stateQubits: n))
        }
        return cases
    }

    /// exp(i·a·(XX + YY)/2)-like coupling times local rotations, written out.
    static let twoQubitUnitary: [[Complex<Double>]] = {
        let c = 0.8, s = 0.6
        return [
            [Complex(c, 0), .zero, .zero, Complex(0, s)],
            [.zero, Complex(0, c), Complex(s, 0), .zero],
            [.zero, Complex(s, 0), Complex(0, c), .zero],
            [Complex(0, s), .zero, .zero, Complex(c, 0)],
        ]
    }()

    /// A dense k-qubit unitary: the k-fold tensor power of a fixed 1-qubit
    /// unitary (dense in every entry), built by Kronecker products.
    static func denseGate(_ k: Int) -> Gate {
        let u = Gate.u(0.9, 0.2, -1.1).targetMatrix
        var m: [Complex<Double>] = [.one]
        var dim = 1
        for _ in 0..<k {
            var next = [Complex<Double>](repeating: .zero, count: 4 * dim * dim)
            for r1 in 0..<2 { for c1 in 0..<2 { for r2 in 0..<dim { for c2 in 0..<dim {
                next[(r1 * dim + r2) * 2 * dim + c1 * dim + c2] = u[r1 * 2 + c1] * m[r2 * dim + c2]
            } } } }
            m = next
            dim *= 2
        }
        let rows = (0..<dim).map { Array(m[($0 * dim)..<($0 * dim + dim)]) }
        return try! Gate.unitary(rows, name: "dense\(k)", tolerance: 1e-9)
    }
}
