/// Everything that can go wrong when building or running a simulation.
///
/// Each case carries the offending value and what was expected, and the
/// ``description`` says both in a sentence.
public enum QuantumSimError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A qubit index outside `0..<qubitCount`.
    case qubitOutOfRange(qubit: Int, qubitCount: Int)
    /// The same qubit named twice in one gate application.
    case repeatedQubit(qubit: Int, qubits: [Int])
    /// A gate given the wrong number of qubits.
    case wrongQubitCount(gate: String, expected: Int, got: Int)
    /// A matrix that is not unitary: `deviation` is max |(U†U − I)_ij|.
    case notUnitary(gate: String, deviation: Double, tolerance: Double)
    /// A matrix whose shape is not 2^k × 2^k.
    case invalidMatrixShape(gate: String, rows: Int, columns: [Int])
    /// More target qubits than the dense kernels take.
    case gateTooLarge(gate: String, targets: Int, maximum: Int)
    /// A qubit count below 1, above 62, or a state larger than memory.
    case stateTooLarge(qubits: Int, bytesNeeded: UInt64, bytesAvailable: UInt64)
    /// A qubit count that makes no sense (below 1).
    case invalidQubitCount(Int)
    /// Amplitudes whose squared norm is not 1 within the tolerance.
    case notNormalized(normSquared: Double, tolerance: Double)
    /// An amplitude array whose length is not a power of two (≥ 2).
    case amplitudeCountNotPowerOfTwo(count: Int)
    /// A basis-state index outside `0..<2^n`.
    case indexOutOfRange(index: Int, count: Int)
    /// A kernel variant this CPU or build cannot run.
    case unsupportedVariant(requested: String, supported: [String])
    /// A kernel variant name that does not exist.
    case unknownVariant(requested: String, known: [String])
    /// A thread count that is not a whole number from 1 to 256.
    case invalidThreadCount(String)
    /// A threading threshold outside 1...62 qubits.
    case invalidParallelQubits(Int)
    /// Two states (or a state and a circuit) of different sizes.
    case qubitCountMismatch(expected: Int, got: Int)
    /// Two state vectors of different precisions in one operation.
    case precisionMismatch(expected: Precision, got: Precision)
    /// A shot count below 0.
    case invalidShots(Int)
    /// A Pauli string that could not be read.
    case invalidPauliString(String, reason: String)
    /// A state with zero norm, which cannot be measured or normalised.
    case zeroNorm
    /// A probability or rate outside its range.
    case invalidParameter(name: String, value: Double, expected: String)
    /// Kraus operators whose Σ K†K differs from I by `deviation`.
    case notTracePreserving(channel: String, deviation: Double, tolerance: Double)
    /// A matrix that is not a density matrix, and why.
    case invalidDensityMatrix(reason: String)
    /// A scratch table could not be allocated.
    case outOfMemory(what: String)
    /// An allocation (or a command's peak) larger than this process may take
    /// (``MemoryBudget``): the bytes needed and available, and what limits them.
    case notEnoughMemory(what: String, bytesNeeded: UInt64, bytesAvailable: UInt64, limitedBy: String)
    /// A distributed state's rank count that is not a power of two.
    case invalidRankCount(Int)
    /// More ranks than a state of `qubits` qubits can be split over
    /// (each rank holds at least 2 amplitudes).
    case tooManyRanks(ranks: Int, qubits: Int)
    /// A gate whose dense targets cannot all be local: a rank's slice has
    /// fewer qubits than the gate has targets.
    case gateWiderThanSlice(gate: String, targets: Int, localQubits: Int)
    /// A failed message between ranks (MPI error, or another rank failed).
    case communicationFailed(String)
    /// MPI asked of a build or machine without it, and what to do.
    case mpiUnavailable(String)

    public var description: String {
        switch self {
        case let .qubitOutOfRange(q, n):
            return "qubit \(q) is out of range: expected 0..<\(n) for a \(n)-qubit register"
        case let .repeatedQubit(q, qs):
            return "qubit \(q) appears more than once in \(qs): a gate's qubits must be distinct"
        case let .wrongQubitCount(g, e, got):
            return "gate \(g) acts on \(e) qubit(s) but was given \(got)"
        case let .notUnitary(g, d, t):
            return "matrix of gate \(g) is not unitary: max |U†U − I| = \(d), tolerance \(t)"
        case let .invalidMatrixShape(g, rows, cols):
            return "matrix of gate \(g) has \(rows) rows with lengths \(cols): expected 2^k rows of 2^k entries"
        case let .gateTooLarge(g, k, m):
            return "gate \(g) has \(k) target qubits: dense gates take at most \(m)"
        case let .stateTooLarge(n, need, have):
            return "a \(n)-qubit state needs \(need) bytes (\(Self.gib(need)) GiB) but this process may take only \(have) bytes (\(Self.gib(have)) GiB)"
        case let .invalidQubitCount(n):
            return "qubit count \(n) is invalid: expected at least 1"
        case let .notNormalized(n, t):
            return "amplitudes are not normalised: sum |a|² = \(n), expected 1 within \(t)"
        case let .amplitudeCountNotPowerOfTwo(c):
            return "\(c) amplitudes given: expected a power of two, at least 2"
        case let .indexOutOfRange(i, c):
            return "basis index \(i) is out of range: expected 0..<\(c)"
        case let .unsupportedVariant(r, s):
            return "kernel variant '\(r)' is not supported on this CPU: supported are \(s.joined(separator: ", "))"
        case let .unknownVariant(r, k):
            return "unknown kernel variant '\(r)': expected one of \(k.joined(separator: ", "))"
        case let .invalidThreadCount(s):
            return "thread count '\(s)' is invalid: expected a whole number from 1 to 256"
        case let .invalidParallelQubits(q):
            return "parallel threshold \(q) qubits is invalid: expected 1...62"
        case let .qubitCountMismatch(e, g):
            return "qubit counts differ: expected \(e), got \(g)"
        case let .precisionMismatch(e, g):
            return "state of precision \(g) where \(e) was expected (convert with converted(to:))"
        case let .invalidShots(s):
            return "shot count \(s) is invalid: expected 0 or more"
        case let .invalidPauliString(s, r):
            return "Pauli string '\(s)' is invalid: \(r)"
        case .zeroNorm:
            return "the state has zero norm: nothing to measure or normalise"
        case let .invalidParameter(name, value, expected):
            return "\(name) = \(value) is invalid: expected \(expected)"
        case let .notTracePreserving(c, d, t):
            return "channel \(c) is not trace preserving: max |Σ K†K − I| = \(d), tolerance \(t)"
        case let .invalidDensityMatrix(reason):
            return "not a density matrix: \(reason)"
        case let .outOfMemory(w):
            return "out of memory while allocating \(w)"
        case let .notEnoughMemory(w, need, have, source):
            return "\(w) needs \(need) bytes (\(Self.gib(need)) GiB) but this process may take only \(have) bytes "
                + "(\(Self.gib(have)) GiB, set by \(source))"
        case let .invalidRankCount(r):
            return "\(r) ranks cannot share a state vector: expected a power of two (1, 2, 4, 8, …)"
        case let .tooManyRanks(r, n):
            return "\(r) ranks are too many for a \(n)-qubit state: expected at most \(n >= 62 ? "2^61" : String(1 << (n - 1))) (2 amplitudes per rank)"
        case let .gateWiderThanSlice(g, k, l):
            return "gate \(g) has \(k) dense targets but each rank holds only \(l) local qubits: use fewer ranks (at most 2^(n − \(k)))"
        case let .communicationFailed(reason):
            return "communication between ranks failed: \(reason)"
        case let .mpiUnavailable(remedy):
            return "MPI is not available: \(remedy)"
        }
    }

    private static func gib(_ bytes: UInt64) -> String {
        let g = Double(bytes) / Double(1 << 30)
        return g < 10 ? String(Double(Int(g * 100)) / 100) : String(Int(g))
    }
}
