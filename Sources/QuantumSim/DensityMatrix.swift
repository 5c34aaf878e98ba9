import CKernels
import RealModule

/// A mixed state of n qubits: the 2^n × 2^n matrix ρ, held as a vector of
/// 2n qubits (element ρ[r][c] at index r + c·2^n), so that the state-vector
/// kernels apply: a gate U acts as U on the row qubits 0..<n and U* on the
/// column qubits n..<2n; a channel as one pass of its superoperator on both.
///
/// Qubit conventions are those of ``StateVector``.
public struct DensityMatrix: Sendable {
    var storage: AmplitudeStorage
    /// Kernel variant and threads used by every operation on this state.
    public var options: ExecutionOptions
    /// Number of qubits n.
    public let qubitCount: Int

    /// 2^n.
    public var dimension: Int { 1 << qubitCount }
    var exec: qn_exec { options.cValue }

    /// Storage for `qubitCount` qubits, contents undefined: callers fill it.
    init(qubitCount: Int, options: ExecutionOptions?) throws(QuantumSimError) {
        guard qubitCount >= 1 else { throw .invalidQubitCount(qubitCount) }
        self.options = try StateVector.resolve(options)
        self.qubitCount = qubitCount
        storage = try AmplitudeStorage(qubits: 2 * qubitCount)
    }

    /// |0…0⟩⟨0…0| on `qubits` qubits.
    public init(qubits: Int, options: ExecutionOptions? = nil) throws(QuantumSimError) {
        try self.init(qubitCount: qubits, options: options)
        qn_sv_init_zero(exec, storage.pointer, Int32(2 * qubits))
    }

    /// |ψ⟩⟨ψ| of a state vector (with the state's options unless given).
    public init(_ state: StateVector, options: ExecutionOptions? = nil) throws(QuantumSimError) {
        try self.init(qubitCount: state.qubitCount, options: options ?? state.options)
        let d = dimension, p = storage.pointer
        state.withUnsafeAmplitudes { a in
            for c in 0..<d {
                let ac = a[c].conjugate
                for r in 0..<d {
                    let v = a[r] * ac
                    p[2 * (r + c * d)] = v.real
                    p[2 * (r + c * d) + 1] = v.imaginary
                }
            }
        }
    }

    /// Σ p_i |ψ_i⟩⟨ψ_i| for probabilities p_i ≥ 0 summing to 1 (within
    /// `tolerance`) and states of one size.
    public init(mixture: [(probability: Double, state: StateVector)], tolerance: Double = 1e-10,
                options: ExecutionOptions? = nil) throws(QuantumSimError) {
        guard let first = mixture.first else {
            throw .invalidDensityMatrix(reason: "an empty mixture has no states")
        }
        for (p, s) in mixture {
            guard p >= 0, p.isFinite else { throw .invalidParameter(name: "mixture probability", value: p, expected: "≥ 0") }
            guard s.qubitCount == first.state.qubitCount else {
                throw .qubitCountMismatch(expected: first.state.qubitCount, got: s.qubitCount)
            }
        }
        let total = mixture.reduce(0) { $0 + $1.probability }
        guard abs(total - 1) <= tolerance else {
            throw .invalidParameter(name: "sum of mixture probabilities", value: total, expected: "1 within \(tolerance)")
        }
        try self.init(qubitCount: first.state.qubitCount, options: options ?? first.state.options)
        let d = dimension, p = storage.pointer
        for i in 0..<(2 * d * d) { p[i] = 0 }
        for (w, s) in mixture {
            s.withUnsafeAmplitudes { a in
                for c in 0..<d { for r in 0..<d {
                    let v = a[r] * a[c].conjugate
                    p[2 * (r + c * d)] += w * v.real
                    p[2 * (r + c * d) + 1] += w * v.imaginary
                } }
            }
        }
    }

    /// A density matrix given as 2^n rows of 2^n entries, checked: square of
    /// power-of-two size, Hermitian, trace 1 and positive semidefinite, each
    /// within `tolerance` (eigenvalues through LAPACK's zheevd).
    public init(matrix rows: [[Complex<Double>]], tolerance: Double = 1e-10,
                options: ExecutionOptions? = nil) throws(QuantumSimError) {
        let d = rows.count
        guard d >= 2, d & (d - 1) == 0, rows.allSatisfy({ $0.count == d }) else {
            throw .invalidMatrixShape(gate: "density matrix", rows: d, columns: rows.map(\.count))
        }
        var worst = 0.0
        for r in 0..<d { for c in 0..<d { worst = max(worst, (rows[r][c] - rows[c][r].conjugate).length) } }
        guard worst <= tolerance else {
            throw .invalidDensityMatrix(reason: "not Hermitian: max |ρ − ρ†| = \(worst), tolerance \(tolerance)")
        }
        let trace = (0..<d).reduce(0.0) { $0 + rows[$1][$1].real }
        guard abs(trace - 1) <= tolerance else {
            throw .invalidDensityMatrix(reason: "trace \(trace), expected 1 within \(tolerance)")
        }
        var flat = [Double](repeating: 0, count: 2 * d * d)
        for r in 0..<d { for c in 0..<d { flat[2 * (r * d + c)] = rows[r][c].real; flat[2 * (r * d + c) + 1] = rows[r][c].imaginary } }
        var eigenvalues = [Double](repeating: 0, count: d)
        guard qn_hermitian_eigen(Int32(d), flat, &eigenvalues, nil) == 0 else {
            throw .invalidDensityMatrix(reason: "LAPACK zheevd did not converge")
        }
        guard eigenvalues[0] >= -tolerance else {
            throw .invalidDensityMatrix(reason: "not positive semidefinite: smallest eigenvalue \(eigenvalues[0]), tolerance \(tolerance)")
        }
        try self.init(qubitCount: d.trailingZeroBitCount, options: options)
        let p = storage.pointer
        for r in 0..<d { for c in 0..<d {
            p[2 * (r + c * d)] = rows[r][c].real
            p[2 * (r + c * d) + 1] = rows[r][c].imaginary
        } }
    }

    mutating func makeUnique() throws(QuantumSimError) {
        if !isKnownUniquelyReferenced(&storage) { storage = try storage.copy(options: options) }
    }

    // MARK: Reads

    /// ρ[row][column].
    public func element(_ row: Int, _ column: Int) throws(QuantumSimError) -> Complex<Double> {
        for i in [row, column] where i < 0 || i >= dimension { throw .indexOutOfRange(index: i, count: dimension) }
        let k = row + column * dimension
        return Complex(storage.pointer[2 * k], storage.pointer[2 * k + 1])
    }

    /// The whole matrix as rows (a copy).
    public var matrix: [[Complex<Double>]] {
        (0..<dimension).map { r in (0..<dimension).map { c in try! element(r, c) } }
    }

    /// Tr ρ (1 up to rounding for a state built through this API).
    public var trace: Double {
        (0..<dimension).reduce(0.0) { $0 + storage.pointer[2 * ($1 + $1 * dimension)] }
    }

    /// Tr ρ² = Σ |ρ_ij|² (ρ Hermitian), from one pass of the norm kernel.
    public var purity: Double { qn_sv_norm2(exec, storage.pointer, Int32(2 * qubitCount)) }

    /// The diagonal: probabilities of the basis states.
    public var probabilities: [Double] {
        (0..<dimension).map { storage.pointer[2 * ($0 + $0 * dimension)] }
    }

    /// Tr(P ρ) for a Pauli string P on qubits of this state.
    public func expectation(_ pauli: PauliString) throws(QuantumSimError) -> Double {
        guard pauli.highestQubit < qubitCount else {
            throw .qubitOutOfRange(qubit: pauli.highestQubit, qubitCount: qubitCount)
        }
        // P|k⟩ = i^y (−1)^popcount(k & z) |k ^ x⟩, so Tr(Pρ) = Σ_k i^y (−1)^… ρ[k][k ^ x].
        let x = Int(pauli.xMask), z = Int(pauli.zMask), d = dimension, p = storage.pointer
        var re = 0.0, im = 0.0
        for k in 0..<d {
            let s = (k & z).nonzeroBitCount & 1 == 1 ? -1.0 : 1.0
            let idx = k + (k ^ x) * d
            re += s * p[2 * idx]
            im += s * p[2 * idx + 1]
        }
        switch pauli.yCount % 4 {
        case 0: return re
        case 1: return -im
        case 2: return -re
        default: return im
        }
    }

    // MARK: Evolution

    /// ρ → U ρ U† for `gate` on `qubits` (controls first), by the measured
    /// rule of ``DensityGateMethod/automatic``.
    public mutating func apply(_ gate: Gate, to qubits: [Int]) throws(QuantumSimError) {
        try apply(gate, to: qubits, method: .automatic)
    }

    /// Every operation of `circuit` (not wider than this state) in order.
    public mutating func apply(_ circuit: Circuit) throws(QuantumSimError) {
        guard circuit.qubitCount <= qubitCount else {
            throw .qubitCountMismatch(expected: qubitCount, got: circuit.qubitCount)
        }
        for op in circuit.operations { try apply(op.gate, to: op.qubits, method: .automatic) }
    }

    /// The kernel path: U on the row qubits, U* on the column qubits.
    mutating func applyWithKernels(_ gate: Gate, to qubits: [Int]) throws(QuantumSimError) {
        try Circuit.check(qubits, for: gate, registerSize: qubitCount)
        try makeUnique()
        try applyChecked(gate, qubits)
    }

    private mutating func applyChecked(_ gate: Gate, _ qubits: [Int]) throws(QuantumSimError) {
        let n2 = 2 * qubitCount
        try applyKernel(gate, on: qubits, to: storage.pointer, qubitCount: n2, exec: exec)
        try applyKernel(gate.conjugated, on: qubits, shiftedBy: qubitCount, to: storage.pointer, qubitCount: n2,
                        exec: exec)
    }

    /// ρ → Σ K ρ K† for `channel` on `qubits`, as one superoperator pass
    /// (one cheaper pass for depolarizing and relaxation channels).
    public mutating func apply(_ channel: Channel, to qubits: [Int]) throws(QuantumSimError) {
        try Circuit.check(qubits, count: channel.qubitCount, name: channel.name, registerSize: qubitCount)
        try makeUnique()
        if let r = channel.relaxation {
            qn_dm_relax(exec, storage.pointer, Int32(qubitCount), Int32(qubits[0]), r.gamma, r.coherence)
        } else if let p = channel.depolarizingProbability {
            let n = Int32(qubitCount), pointer = storage.pointer, exec = exec
            let status = withUnsafeTemporaryAllocation(of: Int32.self, capacity: qubits.count) { q in
                for (i, qubit) in qubits.enumerated() { q[i] = Int32(qubit) }
                return qn_dm_depolarize(exec, pointer, n, q.baseAddress!, Int32(q.count), p)
            }
            precondition(status == Int32(QN_OK), "a channel has at most 2 qubits")
        } else {
            try superoperatorPass(channel, qubits)
        }
    }

    /// `channel` through its superoperator Σ K ⊗ K*, whatever its structure
    /// (the general path; tests hold the fast paths to it).
    mutating func applySuperoperator(of channel: Channel, to qubits: [Int]) throws(QuantumSimError) {
        try Circuit.check(qubits, count: channel.qubitCount, name: channel.name, registerSize: qubitCount)
        try makeUnique()
        try superoperatorPass(channel, qubits)
    }

    private func superoperatorPass(_ channel: Channel, _ qubits: [Int]) throws(QuantumSimError) {
        try QuantumSim.applySuperoperator(channel.superoperator, on: qubits, shift: qubitCount, to: storage.pointer,
                                          qubitCount: 2 * qubitCount, exec: exec)
    }
}

// MARK: - Partial traces

extension DensityMatrix {
    /// The density matrix of `qubits` alone, the others traced out (bit b of
    /// the result's index is qubits[b]).
    public func partialTrace(keeping qubits: [Int]) throws(QuantumSimError) -> DensityMatrix {
        try Self.reduced(storage.raw, qubitCount: qubitCount, keeping: qubits, exec: exec, options: options) {
            qn_dm_partial_trace($0, $1?.assumingMemoryBound(to: Double.self), $2, $3, $4, $5)
        }
    }

    /// Runs a C partial trace of a `qubitCount`-qubit buffer into a new
    /// density matrix of `qubits`, after checking them.
    static func reduced(
        _ input: UnsafeMutableRawPointer, qubitCount: Int, keeping qubits: [Int], exec: qn_exec, options: ExecutionOptions,
        _ trace: (qn_exec, UnsafeRawPointer?, Int32, UnsafePointer<Int32>?, Int32, UnsafeMutablePointer<Double>?) -> Int32
    ) throws(QuantumSimError) -> DensityMatrix {
        guard !qubits.isEmpty else { throw .invalidQubitCount(0) }
        guard qubits.count <= 12 else { throw .gateTooLarge(gate: "partial trace", targets: qubits.count, maximum: 12) }
        try Circuit.checkDistinct(qubits, registerSize: qubitCount)
        let out = try DensityMatrix(qubitCount: qubits.count, options: options)
        let status = trace(exec, input, Int32(qubitCount), qubits.map { Int32($0) }, Int32(qubits.count),
                           out.storage.pointer)
        guard status == Int32(QN_OK) else { throw .outOfMemory(what: "partial-trace accumulators") }
        return out
    }
}

extension StateVector {
    /// Tr_rest |ψ⟩⟨ψ|: the density matrix of `qubits` alone (bit b of its
    /// index is qubits[b]), in one pass over the state (a complex128 density
    /// matrix whatever the state's precision).
    public func reducedDensityMatrix(keeping qubits: [Int]) throws(QuantumSimError) -> DensityMatrix {
        try DensityMatrix.reduced(storage.raw, qubitCount: qubitCount, keeping: qubits, exec: exec, options: options,
                                  qn_sv_reduced_density)
    }
}
