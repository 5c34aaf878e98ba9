import CKernels
import ComplexModule
import RealModule

/// A pure state of n qubits: 2^n complex128 amplitudes (or complex64, for
/// `precision: .single`) in 64-byte aligned memory, with value semantics
/// (copy on write). Every kernel and variant runs in both precisions; reads
/// return doubles either way.
///
/// Qubit 0 is the least significant bit of a basis-state index, so
/// `amplitude(0b10)` is the amplitude of qubit 1 in |1⟩ and qubit 0 in |0⟩.
public struct StateVector: Sendable {
    var storage: AmplitudeStorage
    /// Kernel variant and threads used by every operation on this state.
    public var options: ExecutionOptions

    /// Number of qubits.
    public var qubitCount: Int { storage.qubitCount }
    /// 2^qubitCount.
    public var amplitudeCount: Int { storage.amplitudeCount }
    /// complex128 (`.double`) or complex64 (`.single`), fixed at creation.
    public var precision: Precision { storage.precision }

    /// |0…0⟩ on `qubits` qubits. `options` default to the environment's
    /// (`QNET_KERNEL`, `QNET_THREADS`); a bad environment value is thrown.
    public init(qubits: Int, precision: Precision = .double, options: ExecutionOptions? = nil) throws(QuantumSimError) {
        let opts = try Self.resolve(options)
        storage = try AmplitudeStorage(qubits: qubits, precision: precision)
        self.options = opts
        qn_sv_init_zero(exec, storage.raw, Int32(qubits))
    }

    /// Storage for `qubits` qubits, contents undefined: callers fill every amplitude.
    init(uninitializedQubits qubits: Int, precision: Precision, options: ExecutionOptions) throws(QuantumSimError) {
        storage = try AmplitudeStorage(qubits: qubits, precision: precision)
        self.options = options
    }

    /// A state with the given amplitudes: a power-of-two count (≥ 2) whose
    /// squared norm is 1 within `tolerance` (rounded to floats for `.single`).
    public init(amplitudes: [Complex<Double>], tolerance: Double = 1e-10, precision: Precision = .double,
                options: ExecutionOptions? = nil) throws(QuantumSimError) {
        let count = amplitudes.count
        guard count >= 2, count & (count - 1) == 0 else { throw .amplitudeCountNotPowerOfTwo(count: count) }
        let norm = amplitudes.reduce(0.0) { $0 + $1.lengthSquared }
        guard abs(norm - 1) <= tolerance else { throw .notNormalized(normSquared: norm, tolerance: tolerance) }
        self.options = try Self.resolve(options)
        storage = try AmplitudeStorage(qubits: count.trailingZeroBitCount, precision: precision)
        for (i, a) in amplitudes.enumerated() { storage.store(a, at: i) }
    }

    static func resolve(_ options: ExecutionOptions?) throws(QuantumSimError) -> ExecutionOptions {
        if let options { return options }
        return try ExecutionOptions.fromEnvironment()
    }

    var exec: qn_exec { options.cValue(precision: storage.precision) }
    var n: Int32 { Int32(qubitCount) }

    /// Two states combined in one operation must share a precision.
    static func checkSamePrecision(_ a: StateVector, _ b: StateVector) throws(QuantumSimError) {
        guard a.precision == b.precision else { throw .precisionMismatch(expected: a.precision, got: b.precision) }
    }

    /// The same state in `precision` (rounded to floats for `.single`).
    public func converted(to precision: Precision) throws(QuantumSimError) -> StateVector {
        guard precision != self.precision else { return self }
        let out = try StateVector(uninitializedQubits: qubitCount, precision: precision, options: options)
        for i in 0..<amplitudeCount { out.storage.store(storage.load(i), at: i) }
        return out
    }

    /// Makes the storage unshared before a mutation.
    mutating func makeUnique() throws(QuantumSimError) {
        if !isKnownUniquelyReferenced(&storage) { storage = try storage.copy(options: options) }
    }

    // MARK: Reading amplitudes

    /// The amplitude of basis state `index`.
    public func amplitude(_ index: Int) throws(QuantumSimError) -> Complex<Double> {
        guard index >= 0, index < amplitudeCount else { throw .indexOutOfRange(index: index, count: amplitudeCount) }
        return storage.load(index)
    }

    /// |amplitude(index)|².
    public func probability(_ index: Int) throws(QuantumSimError) -> Double {
        try amplitude(index).lengthSquared
    }

    /// All 2^n amplitudes (a copy).
    public var amplitudes: [Complex<Double>] {
        withUnsafeAmplitudes { Array($0) }
    }

    /// All 2^n probabilities |a_i|², computed in one parallel pass.
    public var probabilities: [Double] {
        [Double](unsafeUninitializedCapacity: amplitudeCount) { buf, count in
            qn_sv_probabilities(exec, storage.raw, n, buf.baseAddress!)
            count = amplitudeCount
        }
    }

    /// Read access to the amplitudes: zero-copy for complex128; a complex64
    /// state is widened to doubles first.
    public func withUnsafeAmplitudes<R>(_ body: (UnsafeBufferPointer<Complex<Double>>) throws -> R) rethrows -> R {
        guard precision == .double else {
            return try (0..<amplitudeCount).map { storage.load($0) }.withUnsafeBufferPointer(body)
        }
        let raw = UnsafeRawPointer(storage.raw)
        let p = raw.bindMemory(to: Complex<Double>.self, capacity: amplitudeCount)
        defer { _ = raw.bindMemory(to: Double.self, capacity: 2 * amplitudeCount) }
        return try body(UnsafeBufferPointer(start: p, count: amplitudeCount))
    }

    /// Write access to the amplitudes (the caller keeps the state
    /// normalised). The storage is unshared first. Zero-copy for complex128;
    /// a complex64 state is widened to doubles and rounded back afterwards.
    public mutating func withUnsafeMutableAmplitudes<R>(
        _ body: (UnsafeMutableBufferPointer<Complex<Double>>) throws -> R
    ) throws -> R {
        try makeUnique()
        guard precision == .double else {
            var wide = (0..<amplitudeCount).map { storage.load($0) }
            defer { for (i, a) in wide.enumerated() { storage.store(a, at: i) } }
            return try wide.withUnsafeMutableBufferPointer { try body($0) }
        }
        let raw = storage.raw
        let p = raw.bindMemory(to: Complex<Double>.self, capacity: amplitudeCount)
        defer { _ = raw.bindMemory(to: Double.self, capacity: 2 * amplitudeCount) }
        return try body(UnsafeMutableBufferPointer(start: p, count: amplitudeCount))
    }

    /// Σ|a_i|² (1 for a normalised state).
    public var normSquared: Double { qn_sv_norm2(exec, storage.raw, n) }

    /// Multiplies every amplitude by `factor` in one in-place pass (e.g. to
    /// renormalise); the benchmarks use it with factor 1 as the streaming
    /// bandwidth reference.
    public mutating func scale(by factor: Double) throws(QuantumSimError) {
        try makeUnique()
        qn_sv_scale(exec, storage.raw, n, factor)
    }

    /// ⟨self|other⟩ (both of the same precision).
    public func inner(_ other: StateVector) throws(QuantumSimError) -> Complex<Double> {
        guard other.qubitCount == qubitCount else {
            throw .qubitCountMismatch(expected: qubitCount, got: other.qubitCount)
        }
        try Self.checkSamePrecision(self, other)
        var out = (0.0, 0.0)
        withUnsafeMutablePointer(to: &out) {
            $0.withMemoryRebound(to: Double.self, capacity: 2) {
                qn_sv_inner(exec, storage.raw, other.storage.raw, n, $0)
            }
        }
        return Complex(out.0, out.1)
    }

    /// |⟨self|other⟩|².
    public func fidelity(with other: StateVector) throws(QuantumSimError) -> Double {
        try inner(other).lengthSquared
    }

    /// ⟨ψ|P|ψ⟩ for a Pauli string on qubits of this state.
    public func expectation(_ pauli: PauliString) throws(QuantumSimError) -> Double {
        guard pauli.highestQubit < qubitCount else {
            throw .qubitOutOfRange(qubit: pauli.highestQubit, qubitCount: qubitCount)
        }
        var out = (0.0, 0.0)
        withUnsafeMutablePointer(to: &out) {
            $0.withMemoryRebound(to: Double.self, capacity: 2) {
                qn_sv_pauli_expectation(exec, storage.raw, n, pauli.xMask, pauli.zMask, Int32(pauli.yCount), $0)
            }
        }
        return out.0
    }

    // MARK: Gates

    /// Applies `gate` to `qubits` (controls first, then targets).
    public mutating func apply(_ gate: Gate, to qubits: [Int]) throws(QuantumSimError) {
        try Circuit.check(qubits, for: gate, registerSize: qubitCount)
        try makeUnique()
        try applyChecked(gate, qubits)
    }

    /// Applies every operation of `circuit` (which must not be wider than
    /// this state) in order: fused first on states of at least
    /// ``ExecutionOptions/fusionMinimumQubits`` qubits (``ExecutionOptions/fusionQubits``),
    /// then reordered (gates sharing a qubit keep their order) so that gates
    /// below ``ExecutionOptions/cacheBlockQubits`` form long runs, each run
    /// applied one cache-sized block at a time. The result equals the gate
    /// by gate one to rounding (about 1e-15 per amplitude).
    public mutating func apply(_ circuit: Circuit) throws(QuantumSimError) {
        guard circuit.qubitCount <= qubitCount else {
            throw .qubitCountMismatch(expected: qubitCount, got: circuit.qubitCount)
        }
        try makeUnique()
        let b = options.cacheBlockQubits > 0 && qubitCount > options.cacheBlockQubits ? options.cacheBlockQubits : 0
        let fuse = options.fusionQubits > 1 && qubitCount >= ExecutionOptions.fusionMinimumQubits
        // A state no larger than the cache block is all inside it.
        let inCache = options.cacheBlockQubits > 0 && qubitCount <= options.cacheBlockQubits
        let planned = fuse ? try circuit.fused(maxQubits: options.fusionQubits, cacheBlockQubits: inCache ? qubitCount : b)
                           : circuit
        guard b > 0 else {
            for op in planned.operations { try applyChecked(op.gate, op.qubits) }
            return
        }
        let ops = planned.scheduledForCacheBlocks(b)
        // Runs of two or more gates below qubit b go through the blocked
        // path, one pass for the run; the rest gate by gate.
        var i = 0
        while i < ops.count {
            var end = i
            while end < ops.count, ops[end].qubits.allSatisfy({ $0 < b }) { end += 1 }
            if end - i >= 2 {
                try applyBlocked(ops[i..<end], blockQubits: b, to: storage.raw, qubitCount: qubitCount, exec: exec)
                i = end
            } else {
                try applyChecked(ops[i].gate, ops[i].qubits)
                i += 1
            }
        }
    }

    /// Sends an already validated gate to the kernels.
    mutating func applyChecked(_ gate: Gate, _ qubits: [Int]) throws(QuantumSimError) {
        try applyKernel(gate, on: qubits, to: storage.raw, qubitCount: qubitCount, exec: exec)
    }
}
